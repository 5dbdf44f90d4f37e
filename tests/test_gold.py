"""The gold set is only worth something if every pair is grounded in its report: a pair whose
evidence is not in the report (a typo, a figure copied wrong) would silently punish a correct
system. And the held-out split is only worth something if it is fixed in the file, by a rule that
does not look at how hard a pair is, and large enough to be read on its own."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from support import REPO, SEED_2021, SEED_2024

from wenbao.eval.gold import HELDOUT_REPORTS, SEED_DOCS, SPLITS, load_gold, split_rule, squash

GOLD = REPO / "eval" / "gold.jsonl"
CORPUS = REPO / "eval" / "corpus"
TYPES = {"figure", "fact", "list", "section", "paraphrase", "compare", "followup", "unanswerable"}
# How far (in whitespace-free characters) a must_contain key of a seed pair may sit from its
# evidence: a figure's rank or growth rate often follows the amount that the evidence quotes.
NEAR = 300


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    """Every report the gold set may cite, squashed (NFKC, no whitespace): seeds and corpus."""
    paths = [SEED_2021, SEED_2024, *sorted(CORPUS.glob("*.txt"))]
    return {path.stem: squash(path.read_text(encoding="utf-8")) for path in paths}


def _evidence_docs(pair: dict[str, Any]) -> list[str]:
    docs = pair["evidence_doc"]
    return list(docs) if isinstance(docs, list) else [docs] * len(pair["evidence"])


def _docs(pair: dict[str, Any]) -> list[str]:
    """The reports a pair's answer is in (the legacy ``both`` means both seeds)."""
    doc = pair["doc"]
    if doc == "both":
        return list(SEED_DOCS)
    if isinstance(doc, list):
        return list(doc)
    return [] if doc == "none" else [doc]


def _is_corpus_pair(pair: dict[str, Any]) -> bool:
    """A pair written over the real reports of eval/corpus/ (they all name their place)."""
    return "place" in pair


def test_the_corpus_is_the_utf8_reports_once_each() -> None:
    names = sorted(p.name for p in CORPUS.iterdir())
    assert len(names) >= 6 and all(n.endswith("-gzbg.txt") for n in names), names
    assert not [n for n in names if "gb18030" in n]  # the GB18030 copy is the same report again
    for path in CORPUS.iterdir():
        text = path.read_bytes().decode("utf-8")  # raises on anything but UTF-8
        assert not text.startswith("\ufeff") and len(text) > 10_000, path.name


def test_every_pair_has_the_required_fields_with_valid_values(
    gold: list[dict[str, Any]], reports: dict[str, str]
) -> None:
    for pair in gold:
        pid = pair.get("id")
        assert isinstance(pid, str) and pid, pair
        assert isinstance(pair["question"], str) and pair["question"].strip(), pid
        assert isinstance(pair["answer"], str) and pair["answer"].strip(), pid
        assert pair["type"] in TYPES, pid
        assert pair["split"] in SPLITS, pid
        assert isinstance(pair.get("resident", False), bool), pid
        assert isinstance(pair.get("place", ""), str), pid
        docs = _docs(pair)
        assert set(docs) <= set(reports), pid
        assert isinstance(pair["doc"], str) or len(set(docs)) >= 2, pid
        assert all(isinstance(m, str) and m and not re.search(r"\s", m) for m in pair["must_contain"]), pid
        assert all(isinstance(e, str) and e.strip() for e in pair["evidence"]), pid
        ev_docs = _evidence_docs(pair)
        assert len(ev_docs) == len(pair["evidence"]), pid
        if pair["doc"] == "none":
            assert pair["evidence"] == [] and pair["must_contain"] == [], pid
        else:
            assert pair["evidence"] and pair["must_contain"], pid
            assert set(ev_docs) == set(docs), f"{pid}: evidence from each report of the pair, and only those"
        if pair["type"] == "unanswerable":
            assert pair["doc"] == "none", pid
        if pair["type"] == "compare":
            assert len(docs) >= 2, pid
        if pair["type"] == "followup":
            history = pair["history"]
            assert history and len(history) % 2 == 0, pid
            assert [t["role"] for t in history] == ["user", "assistant"] * (len(history) // 2), pid
            assert all(isinstance(t["content"], str) and t["content"].strip() for t in history), pid
    # The loader accepts the file as it is (and types the new fields).
    assert len(load_gold(GOLD)) == len(gold)


def test_ids_are_unique_and_the_set_is_large_and_balanced(gold: list[dict[str, Any]]) -> None:
    ids = [p["id"] for p in gold]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert {p["type"] for p in gold} == TYPES
    seeds = [p for p in gold if not _is_corpus_pair(p)]
    per_seed = Counter(p["doc"] for p in seeds if isinstance(p["doc"], str))
    assert per_seed["gulou-2021-h1"] >= 40 and per_seed["gulou-2024-h1"] >= 40


def test_the_corpus_pairs_cover_six_reports_with_resident_wording_and_refusals(
    gold: list[dict[str, Any]],
) -> None:
    corpus = [p for p in gold if _is_corpus_pair(p)]
    assert len(corpus) >= 200
    per_report = Counter(d for p in corpus for d in _docs(p))
    assert sum(n >= 15 for d, n in per_report.items() if d not in SEED_DOCS) >= 6, per_report
    resident = sum(p.get("resident", False) for p in corpus) / len(corpus)
    assert resident >= 0.25, resident
    refusals = sum(p["doc"] == "none" for p in corpus) / len(corpus)
    assert refusals >= 0.15, refusals
    comparisons = [p for p in corpus if p["type"] == "compare"]
    assert len(comparisons) >= 8
    # Across places and across years (the two State Council reports).
    assert any({"guowuyuan-2016-gzbg", "guowuyuan-2021-gzbg"} <= set(_docs(p)) for p in comparisons)
    # A pair touching a corpus report names its place: the whole corpus is indexed together.
    assert all(_is_corpus_pair(p) for p in gold if set(_docs(p)) - set(SEED_DOCS))


def test_every_corpus_question_names_its_place(gold: list[dict[str, Any]]) -> None:
    """With every report in one index, "GDP是多少" has nine answers: a question must say where."""
    unnamed = [
        p["id"]
        for p in gold
        if _is_corpus_pair(p)
        for place in p["place"].split("、")
        if place not in p["question"] and not (place == "全国" and re.search("国务院|全国", p["question"]))
    ]
    assert not unnamed, unnamed


def test_the_split_is_fixed_by_report_and_by_id_and_big_enough(gold: list[dict[str, Any]]) -> None:
    # The file holds exactly what the rule says: nobody moved a pair because of its difficulty.
    moved = [p["id"] for p in gold if p["split"] != split_rule(p["id"], _docs(p))]
    assert not moved, moved
    held = [p for p in gold if p["split"] == "heldout"]
    assert len(held) / len(gold) >= 0.30
    # Held out by report: every pair touching a held-out report, comparisons included.
    for p in gold:
        if set(_docs(p)) & set(HELDOUT_REPORTS):
            assert p["split"] == "heldout", p["id"]
    assert all(any(r in _docs(p) for p in gold) for r in HELDOUT_REPORTS)
    # Held out by question: a real share of every other report (seeds included), not none or all.
    for doc in {d for p in gold for d in _docs(p)} - set(HELDOUT_REPORTS):
        own = [p for p in gold if _docs(p) == [doc]]
        share = sum(p["split"] == "heldout" for p in own) / len(own)
        assert 0.1 <= share <= 0.5, (doc, share)
    # Both splits have refusals and resident wording to measure.
    for split in SPLITS:
        part = [p for p in gold if p["split"] == split]
        assert sum(p["doc"] == "none" for p in part) >= 10, split
        assert sum(p.get("resident", False) for p in part) >= 20, split


def test_every_evidence_string_occurs_in_its_report(
    gold: list[dict[str, Any]], reports: dict[str, str]
) -> None:
    missing = [
        (p["id"], doc, ev)
        for p in gold
        for ev, doc in zip(p["evidence"], _evidence_docs(p), strict=True)
        if squash(ev) not in reports[doc]
    ]
    assert not missing, missing


def test_every_must_contain_key_is_in_the_evidence_or_near_it(
    gold: list[dict[str, Any]], reports: dict[str, str]
) -> None:
    """Corpus pairs: each key is in an evidence string. Seed pairs: near one (see NEAR)."""
    far = []
    for p in gold:
        spans = []
        for ev, doc in zip(p["evidence"], _evidence_docs(p), strict=True):
            squashed = squash(ev)
            if _is_corpus_pair(p):
                spans.append(squashed)
                continue
            start = reports[doc].find(squashed)
            spans.append(reports[doc][max(0, start - NEAR) : start + len(squashed) + NEAR])
        far += [(p["id"], key) for key in p["must_contain"] if not any(squash(key) in span for span in spans)]
    assert not far, far


def test_questions_are_not_copies_of_the_report(gold: list[dict[str, Any]], reports: dict[str, str]) -> None:
    """A question pasted from the report would make retrieval look better than it is."""
    copied = [
        p["id"]
        for p in gold
        if len(squash(p["question"])) > 12 and any(squash(p["question"]) in text for text in reports.values())
    ]
    assert not copied, copied


def test_comparisons_require_a_key_from_each_report(
    gold: list[dict[str, Any]], reports: dict[str, str]
) -> None:
    for p in (p for p in gold if p["type"] == "compare"):
        for doc in _docs(p):
            near = ""
            for ev, d in zip(p["evidence"], _evidence_docs(p), strict=True):
                if d == doc:
                    start = reports[doc].find(squash(ev))
                    near += reports[doc][max(0, start - NEAR) : start + len(squash(ev)) + NEAR]
            assert any(squash(key) in near for key in p["must_contain"]), (p["id"], doc)
