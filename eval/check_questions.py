"""Check a question set in the independent set's format against the reports it was written for.

usage: python eval/check_questions.py DIR        (exit status 0 = every check passed)

DIR holds ``<stem>.jsonl`` files (questions about report ``<stem>.txt``), ``conversations.jsonl``
and ``set.json``: ``reports`` (the reports' folder, relative to DIR), ``types`` (questions of each
type per report), ``kinds`` (conversations of each kind), optionally ``evidence_chars`` ([shortest, longest]
evidence, default [15, 60]; a type's count may be [fewest, most]), ``list_items`` (a list
question's must_contain items, default [3, 4]) and ``places`` (the words that name each
report's place, by the stem's first part), ``most_turns`` (a conversation's turns, default 3) and
``scope_any_type`` (questions of any type may be asked of their own report). For every question it verifies:
  * every "evidence" and "must_contain" string is in the report once whitespace is removed, the
    evidence 15-60 characters long and found exactly once;
  * every "absent" term of an unanswerable question is NOT in the report;
  * field names, "doc", and the number of questions per type;
  * conversations: their "must_contain" strings are in the reports of "doc" (and "docs"), or for
    one to be refused ("unanswerable": true) its "absent" terms are not, and the number per kind.
It warns (not errors) for non-scoped questions that do not seem to name a place or a year, and for
scoped questions that name their place.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

YEAR_RE = re.compile(r"(19|20)\d\d|十[二三四五]五")
WS_RE = re.compile(r"\s+")


def norm(s: str) -> str:
    return WS_RE.sub("", s)


def main(here: Path) -> int:
    config = json.loads((here / "set.json").read_text(encoding="utf-8"))
    reports = (here / config["reports"]).resolve()
    expected: dict[str, int | list[int]] = config["types"]
    shortest, longest = config.get("evidence_chars", [15, 60])
    fewest_items, most_items = config.get("list_items", [3, 4])
    conv_expected: dict[str, int] = config["kinds"]
    places: dict[str, list[str]] = config["places"]
    report_texts: dict[str, str | None] = {}

    def load_report(name: str) -> str | None:
        if name not in report_texts:
            p = reports / name
            report_texts[name] = norm(p.read_text(encoding="utf-8")) if p.is_file() else None
        return report_texts[name]

    errors: list[str] = []
    warnings: list[str] = []
    per_report: dict[str, Counter[Any]] = {}
    type_totals: Counter[Any] = Counter()

    stems = sorted(p.stem for p in here.glob("*.jsonl") if p.stem != "conversations")
    if not stems:
        errors.append("no <stem>.jsonl files found")
    for stem in stems:
        doc = stem + ".txt"
        text = load_report(doc)
        if text is None:
            errors.append(f"{stem}.jsonl: report {doc} not found in {reports}")
            continue
        counts: Counter[Any] = Counter()
        qs = set()
        for ln, line in enumerate((here / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            where = f"{stem}.jsonl:{ln}"
            if not line.strip():
                errors.append(f"{where}: empty line")
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as bad:
                errors.append(f"{where}: bad JSON ({bad})")
                continue
            t = q.get("type")
            counts[t] += 1
            if t not in expected:
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
            if ev and not (shortest <= len(nev) <= longest):
                errors.append(f"{where}: evidence length {len(nev)} not in {shortest}-{longest}: {ev!r}")
            mc = q.get("must_contain") or []
            if not mc:
                errors.append(f"{where}: no must_contain")
            for m in mc:
                if norm(m) not in text:
                    errors.append(f"{where}: must_contain {m!r} not in {doc}")
                elif norm(m) not in nev and t != "list":
                    # a list's items may run past a 15-60 character evidence span
                    warnings.append(f"{where}: must_contain {m!r} not inside the evidence span")
            if t == "list" and not (fewest_items <= len(mc) <= most_items):
                errors.append(
                    f"{where}: list question should have {fewest_items}-{most_items} must_contain items"
                )
            if t == "multi" and len(mc) < 2:
                errors.append(f"{where}: multi question needs 2 must_contain figures")
            pw = places[stem.split("-")[0]]
            # A set may scope a question of any type to its report ("scope_any_type": true); it is
            # then checked as a scoped one.
            if t == "scoped" or (config.get("scope_any_type") and q.get("scope") == "doc"):
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
        for t, n in expected.items():
            low, high = (n, n) if isinstance(n, int) else n
            if not low <= counts[t] <= high:
                errors.append(f"{stem}.jsonl: {counts[t]} questions of type {t}, expected {n}")
        per_report[stem] = counts
        type_totals.update(counts)

    # conversations
    conv_path = here / "conversations.jsonl"
    conv_kinds: Counter[Any] = Counter()
    conv_docs: Counter[Any] = Counter()
    n_conv = 0
    if not conv_path.is_file():
        errors.append("conversations.jsonl missing")
    else:
        ids = set()
        for ln, line in enumerate(conv_path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"conversations.jsonl:{ln}"
            try:
                c = json.loads(line)
            except json.JSONDecodeError as bad:
                errors.append(f"{where}: bad JSON ({bad})")
                continue
            n_conv += 1
            cid = c.get("id")
            if cid in ids:
                errors.append(f"{where}: duplicate id {cid}")
            ids.add(cid)
            turns = c.get("turns") or []
            if not (2 <= len(turns) <= config.get("most_turns", 3)):
                errors.append(f"{where}: {len(turns)} turns (expected 2-{config.get('most_turns', 3)})")
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
            if c.get("unanswerable") is True:
                # a last turn to be refused: its absent terms are in none of its reports
                for a in c.get("absent") or []:
                    if any(norm(a) in t for t in texts):
                        errors.append(f"{where}: absent term {a!r} IS in {docs}")
                if mc:
                    errors.append(f"{where}: a conversation to be refused has must_contain")
            elif not mc:
                errors.append(f"{where}: no must_contain")
            for m in mc:
                if not any(norm(m) in t for t in texts):
                    errors.append(f"{where}: must_contain {m!r} not in {docs}")
            if c.get("kind") == "comparison" and len(docs) < 2 and len(mc) < 2:
                errors.append(f"{where}: comparison needs both figures")
            conv_kinds[c.get("kind")] += 1
        ranges = {k: (n, n) if isinstance(n, int) else tuple(n) for k, n in conv_expected.items()}
        fewest, most = sum(r[0] for r in ranges.values()), sum(r[1] for r in ranges.values())
        if not fewest <= n_conv <= most:
            errors.append(f"conversations.jsonl: {n_conv} conversations, expected {fewest}-{most}")
        for k, (low, high) in ranges.items():
            if not low <= conv_kinds[k] <= high:
                errors.append(f"conversations.jsonl: {conv_kinds[k]} of kind {k}, expected {low}-{high}")
        for k in conv_kinds:
            if k not in conv_expected:
                errors.append(f"conversations.jsonl: unknown kind {k!r}")

    # report
    order = list(expected)
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
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]).resolve()))
