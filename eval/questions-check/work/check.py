#!/usr/bin/env python3
"""Check the question set against the reports it was written for.

For every <stem>.jsonl beside this file (and conversations.jsonl) it verifies:
  * every "evidence" string and every "must_contain" string is a substring of
    ../<stem>.txt after all whitespace (str.isspace) is removed from both;
  * evidence is 15-60 characters long (whitespace removed);
  * every "absent" term of an unanswerable question is NOT in the report;
  * field names, types, "doc", and the number of questions per type;
  * conversation "must_contain" strings occur in the report(s) named by
    "doc" (and "docs" for comparisons).
It also prints warnings (not errors) for non-scoped questions that do not seem
to name a place or a year, and for scoped questions that do name their place.

Usage: python3 check.py            (exit status 0 = all checks passed)
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORTS = Path(__file__).resolve().parents[2] / "corpus"  # eval/corpus: the nine reports

EXPECTED = {
    "figure": 3,
    "multi": 1,
    "list": 2,
    "fact": 1,
    "paraphrase": 1,
    "year": 1,
    "scoped": 1,
    "unanswerable": 4,
}
CONV_EXPECTED = {
    "switch_place": 4,
    "keep_place_change_indicator": 4,
    "change_year": 4,
    "ellipsis": 4,
    "comparison": 4,
}
PLACE = {
    "guangdong": ["广东", "粤"],
    "hainan": ["海南", "琼"],
    "sichuan": ["四川", "川"],
    "shanghai": ["上海", "沪"],
    "jiangxi": ["江西", "赣"],
    "gansu": ["甘肃", "陇"],
    "neimenggu": ["内蒙古", "蒙"],
    "guowuyuan": ["全国", "国务院", "我国", "中国", "国家"],
}
YEAR_RE = re.compile(r"(19|20)\d\d|十[二三四五]五")
WS_RE = re.compile(r"\s+")


def norm(s):
    return WS_RE.sub("", s)


def load_report(name, cache=None):
    if cache is None:
        cache = {}
    if name not in cache:
        p = REPORTS / name
        cache[name] = norm(p.read_text(encoding="utf-8")) if p.is_file() else None
    return cache[name]


def place_words(stem):
    return PLACE[stem.split("-")[0]]


def main():
    errors, warnings = [], []
    per_report = {}
    type_totals = Counter()

    stems = sorted(p.stem for p in HERE.glob("*.jsonl") if p.stem != "conversations")
    if not stems:
        errors.append("no <stem>.jsonl files found")
    for stem in stems:
        doc = stem + ".txt"
        text = load_report(doc)
        if text is None:
            errors.append(f"{stem}.jsonl: report {doc} not found in {REPORTS}")
            continue
        counts = Counter()
        qs = set()
        for ln, line in enumerate((HERE / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            where = f"{stem}.jsonl:{ln}"
            if not line.strip():
                errors.append(f"{where}: empty line")
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: bad JSON ({e})")
                continue
            t = q.get("type")
            counts[t] += 1
            if t not in EXPECTED:
                errors.append(f"{where}: unknown type {t!r}")
            if q.get("doc") != doc:
                errors.append(f"{where}: doc is {q.get('doc')!r}, expected {doc!r}")
            qtext = q.get("q", "")
            if not qtext:
                errors.append(f"{where}: empty q")
            if qtext in qs:
                errors.append(f"{where}: duplicate question")
            qs.add(qtext)
            if t == "unanswerable":
                if q.get("unanswerable") is not True:
                    errors.append(f'{where}: unanswerable question without "unanswerable": true')
                absent = q.get("absent") or []
                if not absent:
                    errors.append(f"{where}: no absent terms")
                for a in absent:
                    if norm(a) in text:
                        errors.append(f"{where}: absent term {a!r} IS in {doc}")
                for k in ("must_contain", "evidence"):
                    if k in q:
                        errors.append(f"{where}: unanswerable question has {k!r}")
                if not YEAR_RE.search(qtext):
                    warnings.append(f"{where}: no year/period in question: {qtext}")
                continue
            ev = q.get("evidence", "")
            nev = norm(ev)
            if not ev:
                errors.append(f"{where}: no evidence")
            elif nev not in text:
                errors.append(f"{where}: evidence not in {doc}: {ev!r}")
            elif text.count(nev) != 1:
                errors.append(f"{where}: evidence occurs {text.count(nev)} times in {doc}: {ev!r}")
            if ev and not (15 <= len(nev) <= 60):
                errors.append(f"{where}: evidence length {len(nev)} not in 15-60: {ev!r}")
            mc = q.get("must_contain") or []
            if not mc:
                errors.append(f"{where}: no must_contain")
            for m in mc:
                if norm(m) not in text:
                    errors.append(f"{where}: must_contain {m!r} not in {doc}")
                elif norm(m) not in nev and t != "list":
                    # a list's items may run past a 15-60 character evidence span
                    warnings.append(f"{where}: must_contain {m!r} not inside the evidence span")
            if t == "list" and not (3 <= len(mc) <= 4):
                errors.append(f"{where}: list question should have 3-4 must_contain items")
            if t == "multi" and len(mc) < 2:
                errors.append(f"{where}: multi question needs 2 must_contain figures")
            pw = place_words(stem)
            if t == "scoped":
                if q.get("scope") != "doc":
                    errors.append(f'{where}: scoped question without "scope": "doc"')
                if any(w in qtext for w in pw[:1]):
                    warnings.append(f"{where}: scoped question names its place: {qtext}")
            else:
                if "scope" in q:
                    errors.append(f"{where}: non-scoped question has a scope field")
                if not any(w in qtext for w in pw):
                    warnings.append(f"{where}: question does not seem to name the place: {qtext}")
                if not YEAR_RE.search(qtext):
                    warnings.append(f"{where}: no year/period in question: {qtext}")
        for t, n in EXPECTED.items():
            if counts[t] != n:
                errors.append(f"{stem}.jsonl: {counts[t]} questions of type {t}, expected {n}")
        per_report[stem] = counts
        type_totals.update(counts)

    # conversations
    conv_path = HERE / "conversations.jsonl"
    conv_kinds = Counter()
    conv_docs = Counter()
    n_conv = 0
    if not conv_path.is_file():
        errors.append("conversations.jsonl missing")
    else:
        ids = set()
        for ln, line in enumerate(conv_path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"conversations.jsonl:{ln}"
            try:
                c = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: bad JSON ({e})")
                continue
            n_conv += 1
            cid = c.get("id")
            if cid in ids:
                errors.append(f"{where}: duplicate id {cid}")
            ids.add(cid)
            turns = c.get("turns") or []
            if not (2 <= len(turns) <= 3):
                errors.append(f"{where}: {len(turns)} turns (expected 2-3)")
            docs = c.get("docs") or [c.get("doc")]
            if c.get("doc") not in docs:
                errors.append(f"{where}: doc {c.get('doc')!r} not among docs {docs}")
            texts = []
            for d in docs:
                t = load_report(d) if d else None
                if t is None:
                    errors.append(f"{where}: report {d!r} not found")
                else:
                    texts.append(t)
                    conv_docs[d] += 1
            mc = c.get("must_contain") or []
            if not mc:
                errors.append(f"{where}: no must_contain")
            for m in mc:
                if not any(norm(m) in t for t in texts):
                    errors.append(f"{where}: must_contain {m!r} not in {docs}")
            if c.get("kind") == "comparison" and len(docs) < 2 and len(mc) < 2:
                errors.append(f"{where}: comparison needs both figures")
            conv_kinds[c.get("kind")] += 1
        if n_conv != 20:
            errors.append(f"conversations.jsonl: {n_conv} conversations, expected 20")
        for k, n in CONV_EXPECTED.items():
            if conv_kinds[k] != n:
                errors.append(f"conversations.jsonl: {conv_kinds[k]} conversations of kind {k}, expected {n}")
        for k in conv_kinds:
            if k not in CONV_EXPECTED:
                errors.append(f"conversations.jsonl: unknown kind {k!r}")

    # report
    order = list(EXPECTED)
    print("questions per report and type:")
    print("  " + "report".ljust(20) + "".join(t[:6].rjust(8) for t in order) + "   total")
    for stem, cnt in per_report.items():
        print(
            "  "
            + stem.ljust(20)
            + "".join(str(cnt[t]).rjust(8) for t in order)
            + str(sum(cnt.values())).rjust(8)
        )
    print(
        "  "
        + "ALL".ljust(20)
        + "".join(str(type_totals[t]).rjust(8) for t in order)
        + str(sum(type_totals.values())).rjust(8)
    )
    print(f"conversations: {n_conv}  kinds: {dict(conv_kinds)}")
    print(f"conversation docs: {dict(conv_docs)}")
    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
