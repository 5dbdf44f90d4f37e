"""The metric rules of the evaluation, on pairs and passages these tests write themselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wenbao.eval.gold import (
    GoldPair,
    GoldSetError,
    heldout_by_hash,
    load_gold,
    select_split,
    split_rule,
    squash,
    stratified_slice,
)
from wenbao.eval.metrics import METRIC_KEYS, PairOutcome, Passage, hit_rank, summarize
from wenbao.eval.report import miss_cause


def pair(pid: str, doc: str = "a-2030", type_: str = "figure", **kw: object) -> GoldPair:
    evidence = kw.pop("evidence", ("全区粮食产量达12.5万吨",))
    docs = kw.pop("evidence_docs", (doc,) * len(evidence))  # type: ignore[arg-type]
    fields: dict[str, object] = {
        "id": pid,
        "question": "粮食产量是多少？",
        "answer": "12.5万吨",
        "must_contain": ("12.5万吨",),
        "evidence": tuple(evidence),  # type: ignore[arg-type]
        "evidence_docs": tuple(docs),  # type: ignore[arg-type]
        "doc": doc,
        "type": type_,
    }
    fields.update(kw)
    return GoldPair(**fields)  # type: ignore[arg-type]


NOISE = Passage("a-2030", "全区上下坚持稳中求进工作总基调。")
HIT = Passage("a-2030", "上半年，全区粮 食产量达 12.5\n万吨，同比增长3%。")  # line breaks inside, as in PDFs


def test_a_hit_ignores_whitespace_and_width_but_not_the_report() -> None:
    p = pair("p1")
    assert hit_rank(p, [NOISE, HIT]) == 2
    full_width = Passage("a-2030", "全区粮食产量达１２．５万吨")  # full-width digits from another cleaner
    assert hit_rank(p, [full_width]) == 1
    other_report = Passage("b-2031", HIT.text)  # same words in another report are not the evidence
    assert hit_rank(p, [other_report, NOISE]) is None


def test_a_section_title_is_found_in_the_headings_of_any_passage_of_the_section() -> None:
    p = pair("s1", type_="section", evidence=("（二）农业生产稳中有升",), must_contain=("农业生产",))
    body = Passage("a-2030", "全区粮食产量达12.5万吨。", context=("一、上半年工作（二）农业生产稳中有升",))
    assert hit_rank(p, [NOISE, body]) == 2


def test_a_comparison_needs_each_reports_evidence_ranked_among_that_reports_passages() -> None:
    p = pair(
        "c1",
        doc="both",
        type_="compare",
        evidence=("粮食产量达12.5万吨", "粮食产量达13.1万吨"),
        evidence_docs=("a-2030", "b-2031"),
        must_contain=("12.5万吨", "13.1万吨"),
    )
    later = Passage("b-2031", "全区粮食产量达13.1万吨。")
    other_noise = Passage("b-2031", "全区上下坚持新发展理念。")
    # each report's best passage is its evidence: rank 1, although b's sits third overall
    assert hit_rank(p, [HIT, NOISE, later]) == 1
    # b's evidence comes after one of b's own passages: rank 2
    assert hit_rank(p, [HIT, other_noise, NOISE, later]) == 2
    assert hit_rank(p, [HIT, NOISE]) is None


def test_summary_of_a_small_run() -> None:
    answerable = [pair(f"q{i}") for i in range(4)]
    refusal = pair("n1", doc="none", type_="unanswerable", evidence=(), must_contain=())
    outcomes = [
        # evidence first, right answer
        PairOutcome(answerable[0], "x", [HIT, NOISE], "粮食产量达12.5万吨[1]", True, [HIT], 10.0),
        # evidence second, answer without the key figure
        PairOutcome(answerable[1], "x", [NOISE, HIT], "粮食生产稳定[1]", True, [NOISE], 20.0),
        # evidence missing from the ranking; refused (a false refusal)
        PairOutcome(answerable[2], "x", [NOISE], "报告中没有找到相关信息。", False, [NOISE], 30.0),
        # evidence beyond rank 10
        PairOutcome(answerable[3], "x", [NOISE] * 10 + [HIT], "12.5万吨", True, [HIT], 40.0),
        PairOutcome(refusal, "x", [NOISE], "报告中没有找到相关信息。", False, [NOISE], 50.0),
    ]
    m = summarize(outcomes)
    assert list(m) == list(METRIC_KEYS)
    assert m["r1"] == 0.25 and m["r5"] == 0.5 and m["r10"] == 0.5
    assert m["mrr"] == pytest.approx((1 + 0.5) / 4, abs=1e-4)
    assert m["answer_acc"] == 0.5  # the first and the last
    assert m["refuse"] == 1.0 and m["false_refuse"] == 0.25
    # refusals do not count towards the cited length: HIT, NOISE, HIT
    assert m["cite_chars_median"] == len(HIT.text)
    assert m["p50_ms"] == 30.0 and m["p95_ms"] == pytest.approx(48.0)
    assert [miss_cause(o) for o in outcomes] == [
        None,
        "answer-missing-key-lower",
        "wrong-answer-refused",
        "not-retrieved",
        None,
    ]


def test_a_pipeline_without_answers_or_refusals_has_no_such_metrics() -> None:
    outcomes = [
        PairOutcome(pair("r1"), "retrieval-only", [HIT]),
        PairOutcome(pair("r2"), "retrieval-only", [NOISE]),
    ]
    m = summarize(outcomes)
    assert m["r1"] == 0.5
    assert m["answer_acc"] is None and m["refuse"] is None and m["false_refuse"] is None


def test_an_error_is_a_wrong_answer() -> None:
    o = PairOutcome(pair("e1"), "x", [HIT], "12.5万吨", True, [HIT], error="HTTP 500")
    assert not o.answer_ok and miss_cause(o) == "error"


def _write(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


ROW = {
    "id": "x1",
    "question": "粮食产量是多少？",
    "answer": "12.5万吨",
    "must_contain": ["12.5万吨"],
    "evidence": ["全区粮食产量达12.5万吨"],
    "evidence_doc": "a-2030",
    "doc": "a-2030",
    "type": "figure",
    "split": "tune",
}


def test_gold_file_errors_are_sentences_naming_the_line(tmp_path: Path) -> None:
    with pytest.raises(GoldSetError, match="找不到"):
        load_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(ROW, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldSetError, match="第 2 行"):
        load_gold(bad)
    with pytest.raises(GoldSetError, match="重复"):
        load_gold(_write(tmp_path, ROW, ROW))
    with pytest.raises(GoldSetError, match="题型"):
        load_gold(_write(tmp_path, {**ROW, "type": "trivia"}))
    with pytest.raises(GoldSetError, match="缺少字段"):
        load_gold(_write(tmp_path, {k: v for k, v in ROW.items() if k != "evidence"}))
    with pytest.raises(GoldSetError, match="缺少字段"):
        load_gold(_write(tmp_path, {k: v for k, v in ROW.items() if k != "split"}))
    with pytest.raises(GoldSetError, match="split"):
        load_gold(_write(tmp_path, {**ROW, "split": "train"}))
    with pytest.raises(GoldSetError, match="resident"):
        load_gold(_write(tmp_path, {**ROW, "resident": "yes"}))
    with pytest.raises(GoldSetError, match="place"):
        load_gold(_write(tmp_path, {**ROW, "place": ""}))
    with pytest.raises(GoldSetError, match="至少两份"):
        load_gold(_write(tmp_path, {**ROW, "doc": ["a-2030"]}))
    with pytest.raises(GoldSetError, match="evidence_doc 应恰好覆盖"):
        load_gold(_write(tmp_path, {**ROW, "doc": ["a-2030", "b-2031"]}))
    with pytest.raises(GoldSetError, match="不应有 evidence"):
        load_gold(_write(tmp_path, {**ROW, "doc": "none", "type": "unanswerable"}))


def test_gold_loading_and_a_slice_that_keeps_every_type(tmp_path: Path) -> None:
    rows = [{**ROW, "id": f"f{i}"} for i in range(6)]
    rows += [{**ROW, "id": "l1", "type": "list"}, {**ROW, "id": "s1", "type": "section"}]
    rows.append(
        {
            **ROW,
            "id": "n1",
            "type": "unanswerable",
            "doc": "none",
            "evidence": [],
            "evidence_doc": [],
            "must_contain": [],
        }
    )
    pairs = load_gold(_write(tmp_path, *rows))
    assert [p.id for p in pairs][:2] == ["f0", "f1"] and pairs[-1].answerable is False
    picked = stratified_slice(pairs, 4)
    assert {p.type for p in picked} == {"figure", "list", "section", "unanswerable"}
    assert stratified_slice(pairs, None) == pairs
    assert squash("１２．５ 万\n吨") == "12.5万吨"


def test_cross_report_pairs_splits_and_the_new_fields(tmp_path: Path) -> None:
    cross = {
        **ROW,
        "id": "c1",
        "type": "compare",
        "doc": ["a-2030", "b-2031"],
        "evidence": ["全区粮食产量达12.5万吨", "全区粮食产量达13.1万吨"],
        "evidence_doc": ["a-2030", "b-2031"],
        "place": "甲区、乙区",
        "resident": True,
        "split": "heldout",
    }
    legacy = {**ROW, "id": "c2", "doc": "both", "evidence_doc": ["gulou-2021-h1", "gulou-2024-h1"]}
    legacy["evidence"] = ["甲", "乙"]
    pairs = load_gold(_write(tmp_path, ROW, cross, legacy))
    one, two, old = pairs
    assert one.docs == ("a-2030",) and one.report == "a-2030" and one.place is None and not one.resident
    assert (
        two.doc == two.report == "cross" and two.docs == ("a-2030", "b-2031") and two.needed_docs == two.docs
    )
    assert two.place == "甲区、乙区" and two.resident and two.split == "heldout"
    assert old.report == "cross" and old.docs == ("gulou-2021-h1", "gulou-2024-h1")
    assert [p.id for p in select_split(pairs, "heldout")] == ["c1"]
    assert [p.id for p in select_split(pairs, "tune")] == ["x1", "c2"]
    assert select_split(pairs, "all") == pairs
    with pytest.raises(GoldSetError, match="未知的划分"):
        select_split(pairs, "dev")


def test_the_split_rule_holds_out_whole_reports_and_a_stable_share_of_ids() -> None:
    assert split_rule("anything", ["sichuan-2026-gzbg"]) == "heldout"
    assert split_rule("anything", ["shanghai-2026-gzbg", "gansu-2026-gzbg"]) == "heldout"
    ids = [f"q-{i:04d}" for i in range(2000)]
    share = sum(heldout_by_hash(i) for i in ids) / len(ids)
    assert 0.27 <= share <= 0.33, share
    # Stable across processes and Python versions: sha1, not the salted built-in hash.
    assert [heldout_by_hash(i) for i in ids[:50]] == [heldout_by_hash(i) for i in ids[:50]]
    assert {split_rule(i, ["shanghai-2026-gzbg"]) for i in ids} == {"tune", "heldout"}
