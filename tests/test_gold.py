"""The gold set is only worth something if every pair is grounded in the seeds: a pair whose evidence
is not in the report (a typo, a figure copied wrong) would silently punish a correct system."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from support import REPO, SEED_2021, SEED_2024

GOLD = REPO / "eval" / "gold.jsonl"
TYPES = {"figure", "fact", "list", "section", "paraphrase", "compare", "followup", "unanswerable"}
DOCS = {"gulou-2021-h1", "gulou-2024-h1"}
# How far (in whitespace-free characters) a must_contain key may sit from its evidence: a figure's
# rank or growth rate often follows the amount that the evidence quotes.
NEAR = 300


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {path.stem: _squash(path.read_text(encoding="utf-8")) for path in (SEED_2021, SEED_2024)}


def _evidence_docs(pair: dict[str, Any]) -> list[str]:
    docs = pair["evidence_doc"]
    return list(docs) if isinstance(docs, list) else [docs] * len(pair["evidence"])


def test_every_pair_has_the_required_fields_with_valid_values(gold: list[dict[str, Any]]) -> None:
    for pair in gold:
        pid = pair.get("id")
        assert isinstance(pid, str) and pid, pair
        assert isinstance(pair["question"], str) and pair["question"].strip(), pid
        assert isinstance(pair["answer"], str) and pair["answer"].strip(), pid
        assert pair["type"] in TYPES, pid
        assert pair["doc"] in DOCS | {"both", "none"}, pid
        assert all(isinstance(m, str) and m and not re.search(r"\s", m) for m in pair["must_contain"]), pid
        assert all(isinstance(e, str) and e.strip() for e in pair["evidence"]), pid
        docs = _evidence_docs(pair)
        assert len(docs) == len(pair["evidence"]) and set(docs) <= DOCS, pid
        if pair["doc"] == "none":
            assert pair["evidence"] == [] and pair["must_contain"] == [], pid
        else:
            assert pair["evidence"] and pair["must_contain"], pid
        if pair["doc"] == "both":
            assert set(docs) == DOCS, f"{pid}: a comparison needs evidence from both reports"
        elif pair["doc"] in DOCS:
            assert set(docs) == {pair["doc"]}, pid
        if pair["type"] == "unanswerable":
            assert pair["doc"] == "none", pid
        if pair["type"] == "followup":
            history = pair["history"]
            assert history and len(history) % 2 == 0, pid
            assert [t["role"] for t in history] == ["user", "assistant"] * (len(history) // 2), pid
            assert all(isinstance(t["content"], str) and t["content"].strip() for t in history), pid


def test_ids_are_unique_and_the_set_is_large_and_balanced(gold: list[dict[str, Any]]) -> None:
    ids = [p["id"] for p in gold]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(gold) >= 120
    assert {p["type"] for p in gold} == TYPES
    refusals = sum(p["doc"] == "none" for p in gold) / len(gold)
    assert 0.08 <= refusals <= 0.15, refusals
    # both reports are covered, not just one
    assert Counter(p["doc"] for p in gold)["gulou-2021-h1"] >= 40
    assert Counter(p["doc"] for p in gold)["gulou-2024-h1"] >= 40


def test_every_evidence_string_occurs_in_its_seed(gold: list[dict[str, Any]], seeds: dict[str, str]) -> None:
    missing = [
        (p["id"], doc, ev)
        for p in gold
        for ev, doc in zip(p["evidence"], _evidence_docs(p), strict=True)
        if _squash(ev) not in seeds[doc]
    ]
    assert not missing, missing


def test_every_must_contain_key_occurs_near_its_evidence(
    gold: list[dict[str, Any]], seeds: dict[str, str]
) -> None:
    far = []
    for p in gold:
        spans = []
        for ev, doc in zip(p["evidence"], _evidence_docs(p), strict=True):
            squashed = _squash(ev)
            start = seeds[doc].find(squashed)
            spans.append(seeds[doc][max(0, start - NEAR) : start + len(squashed) + NEAR])
        far += [(p["id"], key) for key in p["must_contain"] if not any(key in span for span in spans)]
    assert not far, far


def test_questions_are_not_copies_of_the_report(gold: list[dict[str, Any]], seeds: dict[str, str]) -> None:
    """A question pasted from the report would make retrieval look better than it is."""
    whole = seeds["gulou-2021-h1"] + seeds["gulou-2024-h1"]
    copied = [p["id"] for p in gold if len(_squash(p["question"])) > 12 and _squash(p["question"]) in whole]
    assert not copied, copied


def test_comparisons_require_a_figure_from_each_report(
    gold: list[dict[str, Any]], seeds: dict[str, str]
) -> None:
    for p in (p for p in gold if p["type"] == "compare"):
        for doc in DOCS:
            near = ""
            for ev, d in zip(p["evidence"], _evidence_docs(p), strict=True):
                if d == doc:
                    start = seeds[doc].find(_squash(ev))
                    near += seeds[doc][max(0, start - NEAR) : start + len(_squash(ev)) + NEAR]
            assert any(key in near for key in p["must_contain"]), (p["id"], doc)
