"""What the answerer works out once per index version (the reports' view, the passages'
vocabulary) follows the index: a report added while the service runs is answered from the next
question, and that question does not pay for the new version's preparation. Two county reports
this test writes (松溪县, 2024 and 2025); no timing is asserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import split_pieces
from wenbao.answering.figures import find_figures
from wenbao.documents import Chunk
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings


def report(year: int, session: str, review: str, plan: str) -> str:
    """A county's work report of ``year``: its title block, last year's results, this year's plans."""
    return (
        f"{year}年松溪县政府工作报告\n"
        f"——{year}年1月12日在松溪县第十八届人民代表大会第{session}次会议上\n"
        "松溪县县长 陈立\n各位代表：\n"
        f"一、{year - 1}年工作回顾\n过去一年，{review}\n"
        f"二、{year}年工作安排\n{plan}\n"
    )


REPORT_2024 = report(
    2024,
    "三",
    "全县地区生产总值达到186亿元，增长6.1%。粮食产量9.2万吨，城镇新增就业4100人。",
    "新建农村公路60公里，改造危旧房屋300户。",
)
REPORT_2025 = report(
    2025,
    "四",
    "全县地区生产总值达到197亿元，增长5.8%。茶叶种植面积扩大到13.5万亩，白茶产值28亿元。",
    "建成县域冷链物流中心，新增冷库库容2万吨。",
)


@pytest.fixture
def answerer(tmp_path: Path, shared_e5: Embedder) -> ReportAnswerer:
    first = tmp_path / "songxi-2024-gzbg.txt"
    first.write_text(REPORT_2024, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    library = ReportLibrary(settings, embedder=shared_e5)
    library.ingest([first])
    library.warm_up()
    answerer = ReportAnswerer(library, settings=settings)
    answerer.warm_up()
    return answerer


def _add(answerer: ReportAnswerer, tmp_path: Path) -> None:
    second = tmp_path / "songxi-2025-gzbg.txt"
    second.write_text(REPORT_2025, encoding="utf-8")
    answerer.library.ingest([second])


def test_a_report_added_while_answering_is_answered_from_the_next_question(
    answerer: ReportAnswerer, tmp_path: Path
) -> None:
    before = answerer.ask("2025年松溪县要建成什么物流设施？")
    assert not before.answerable  # no report speaks for 2025 yet
    assert answerer.ask("松溪县白茶产值是多少？").answer.count("28亿元") == 0

    _add(answerer, tmp_path)

    after = answerer.ask("2025年松溪县要建成什么物流设施？")
    assert after.answerable and "冷链物流中心" in after.answer
    tea = answerer.ask("松溪县白茶产值是多少？")
    assert tea.answerable and "28亿元" in tea.answer
    assert any(c.chunk.doc_id == "songxi-2025-gzbg" and "28亿元" in c.chunk.text for c in tea.citations)


def test_the_first_question_after_an_upload_does_not_tokenise_the_passages(
    answerer: ReportAnswerer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = answerer.library
    _add(answerer, tmp_path)
    passages = len(library.all_chunks())
    calls: list[str] = []
    tokenize = library.tokenizer.tokenize

    def counting(text: str) -> list[str]:
        calls.append(text)
        return tokenize(text)

    monkeypatch.setattr(library.tokenizer, "tokenize", counting)
    answer = answerer.ask("松溪县茶叶种植面积多大？")
    assert answer.answerable and "13.5万亩" in answer.answer
    # The question's own words are tokenised; every passage's text was read when the version
    # was written, not now.
    assert not any(text in calls for text in (c.text for c in library.all_chunks()))
    assert len(calls) < passages + 10


def test_a_corrected_passage_is_read_anew_under_its_old_id() -> None:
    """Sentences and figures are kept per text, not per passage id: a correction that keeps
    the id (an edit of one report) is split and read from its new words."""

    def passage(text: str) -> Chunk:
        return Chunk(
            "songxi-1", "songxi-2025-gzbg", "2025年松溪县政府工作报告", 2025, (), (), text, 0, len(text)
        )

    old = split_pieces(passage("白茶产值28亿元。茶园13.5万亩。"), 0, clauses=True)
    new = split_pieces(passage("白茶产值30亿元，增长7%。"), 0, clauses=True)
    assert {p.text for p in old} == {"白茶产值28亿元。", "茶园13.5万亩。"}
    assert "白茶产值30亿元，增长7%。" in {p.text for p in new} and not any("28" in p.text for p in new)
    figures = find_figures("白茶产值30亿元，增长7%。")
    figures.clear()  # a caller's own list: the next reader still gets both figures
    assert [f.text for f in find_figures("白茶产值30亿元，增长7%。")] == ["30亿元", "7%"]
