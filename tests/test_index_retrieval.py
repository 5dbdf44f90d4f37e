"""What a resident notices about retrieval: the right paragraph first, the right year,
structural questions answered from the outline, every retriever comparable."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from index_reports import write_report

from wenbao.index.library import ReportLibrary


def top(library: ReportLibrary, question: str, **kw: object) -> str:
    hits = library.search(question, top_k=5, **kw)  # type: ignore[arg-type]
    assert hits, question
    return hits[0].chunk.text


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("2024年上半年老百姓收入涨了没有？", "居民人均可支配收入完成4.66万元"),
        ("2021年上半年鼓楼跟外国做生意的总额是多少？", "进出口总额完成266.1亿元"),
        ("2024年上半年社零多少", "社会消费品零售总额完成661.63亿元"),
        ("2021年固投增长多少", "固定资产投资增长11.2%"),
        ("2024年上半年技术合同成交额是多少", "技术合同成交额完成88.53亿元"),
    ],
)
def test_resident_questions_find_the_paragraph(
    seed_library: ReportLibrary, question: str, evidence: str
) -> None:
    assert evidence in top(seed_library, question)


def test_year_in_the_question_picks_the_report(seed_library: ReportLibrary) -> None:
    for year in (2021, 2024):
        hits = seed_library.search(f"{year}年上半年一般公共预算收入是多少", top_k=5)
        assert {h.chunk.year for h in hits} == {year}
    # an explicit year argument restricts too, and a year no report covers finds nothing
    assert {h.chunk.year for h in seed_library.search("一般公共预算收入", top_k=5, year=2021)} == {2021}
    assert seed_library.search("一般公共预算收入", top_k=5, year=2019) == []


def test_comparing_two_years_brings_both_reports(seed_library: ReportLibrary) -> None:
    hits = seed_library.search("2021年和2024年上半年GDP分别是多少？", top_k=4)
    assert {h.chunk.year for h in hits[:2]} == {2021, 2024}
    texts = "".join(h.chunk.text for h in hits)
    assert "907.27亿元" in texts and "1020.53亿元" in texts


def test_structural_questions_use_the_outline(seed_library: ReportLibrary) -> None:
    hit = seed_library.search("2024年报告是谁作的？", top_k=3)[0]
    assert "倪娅红" in hit.chunk.text and not hit.chunk.heading_path
    hit = seed_library.search("2021年报告第一部分的第（三）节讲的是什么？", top_k=3)[0]
    assert hit.chunk.heading_labels[:2] == [
        "一、上半年计划执行情况",
        "（三）厚植产业发展优势，持续推动质效变革",
    ]
    hit = seed_library.search("2024年报告第5项是什么", top_k=3)[0]
    assert hit.chunk.heading_numbers[-1] == "5．"


def test_plan_questions_go_to_the_plan_part(seed_library: ReportLibrary) -> None:
    plan = seed_library.search("2024年全年技术合同成交额目标是多少？", top_k=3)[0]
    assert "下半年" in plan.chunk.heading_path[0] and "不少于105亿元" in plan.chunk.text
    done = seed_library.search("2024年上半年技术合同成交额完成多少？", top_k=3)[0]
    assert "上半年" in done.chunk.heading_path[0] and "88.53亿元" in done.chunk.text


def test_modes_report_per_retriever_ranks(seed_library: ReportLibrary) -> None:
    for mode, present, absent in (("bm25", "bm25", "dense"), ("dense", "dense", "bm25")):
        hits = seed_library.search("固定资产投资", top_k=5, mode=mode)
        ranks = [h.ranks[present] for h in hits]
        # routing (results part before plans) may reorder, the ranks stay the retriever's own
        assert len(hits) == 5 and None not in ranks and len(set(ranks)) == 5 and 1 in ranks
        assert all(h.ranks[absent] is None for h in hits)
    hybrid = seed_library.search("固定资产投资", top_k=5)
    assert all(set(h.ranks) == {"bm25", "dense"} for h in hybrid)
    assert [h.score for h in hybrid] == sorted((h.score for h in hybrid), reverse=True)
    with pytest.raises(ValueError):
        seed_library.search("固定资产投资", mode="magic")


def test_citations_stay_short(seed_library: ReportLibrary) -> None:
    assert statistics.median(len(c.text) for c in seed_library.all_chunks()) < 300


def test_front_matter_is_a_chunk_with_offsets(seed_library: ReportLibrary) -> None:
    doc = seed_library.document("gulou-2021-h1")
    front = doc.chunks[0]
    assert front.heading_path == () and front.start == 0
    assert doc.text[front.start : front.end] == front.text and "徐桓峰" in front.text


def test_a_new_district_report_is_searchable_and_filtered(
    seed_library: ReportLibrary, tmp_path: Path
) -> None:
    path = write_report(tmp_path, "jianye-2022-h1.txt", "建邺区", 2022, seed=6)
    seed_library.ingest([path])
    hits = seed_library.search("2022年空气质量怎么样", top_k=3)
    assert hits[0].chunk.doc_id == "jianye-2022-h1" and "空气质量优良率" in hits[0].chunk.text
    only = seed_library.search("空气质量", top_k=5, doc_id="jianye-2022-h1")
    assert only and {h.chunk.doc_id for h in only} == {"jianye-2022-h1"}
    assert seed_library.search("空气质量", doc_id="nope") == []
