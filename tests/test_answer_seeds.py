"""ReportAnswerer on the real seeds: exact quotes with citations that open the very
paragraph, follow-up conversations, two-year comparisons, structure questions, refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.cli import app
from wenbao.documents import Answer
from wenbao.errors import InvalidQuestionError
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"
MARKER = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def answerer(seed_index_dir: Path, shared_e5: Embedder) -> ReportAnswerer:
    library = ReportLibrary(Settings(data_dir=seed_index_dir), embedder=shared_e5)
    library.warm_up()
    return ReportAnswerer(library, settings=Settings(data_dir=seed_index_dir))


def converse(answerer: ReportAnswerer, *questions: str) -> list[Answer]:
    history: list[Turn] = []
    answers = []
    for q in questions:
        a = answerer.ask(q, history)
        answers.append(a)
        history += [Turn("user", q), Turn("assistant", a.answer)]
    return answers


def assert_quotes_are_exact(a: Answer) -> None:
    """Every quoted piece is a substring of the passage its marker cites."""
    by_n = {c.n: c for c in a.citations}
    for piece in re.split(r"[；。]", a.answer):
        m = MARKER.search(piece)
        if not m:
            continue
        quote = MARKER.sub("", piece).split("：", 1)[-1].strip()
        assert quote in by_n[int(m.group(1))].chunk.text, (quote, by_n[int(m.group(1))].chunk.text)


def test_gdp_question_quotes_the_figure_and_cites_its_paragraph(answerer: ReportAnswerer) -> None:
    a = answerer.ask(GDP_2024)
    assert a.answerable and a.mode == "extractive" and a.verified
    assert "1020.53亿元" in a.answer
    assert len(a.answer) < 120
    cited = [c for c in a.citations if f"[{c.n}]" in a.answer]
    assert cited and cited[0].chunk.heading_path[-1] == "主要指标完成良好"
    assert [c.n for c in a.citations] == list(range(1, len(a.citations) + 1))
    assert_quotes_are_exact(a)
    assert set(a.timings_ms) == {"embed", "embed_threads", "retrieve", "answer", "total"}
    assert a.timings_ms["embed_threads"] >= 1  # the threads the query embedding ran on
    assert 0 < a.timings_ms["embed"] <= a.timings_ms["retrieve"] <= a.timings_ms["total"]


def test_two_turns_answer_the_same_indicator_for_another_year(answerer: ReportAnswerer) -> None:
    first, second = converse(answerer, GDP_2024, "那2021年上半年呢？")
    assert "1020.53亿元" in first.answer
    assert second.rewritten_question == "2021年上半年鼓楼区地区生产总值是多少？"
    assert "907.27亿元" in second.answer
    assert all(c.chunk.year == 2021 for c in second.citations if f"[{c.n}]" in second.answer)


def test_three_turns_growth_then_rank_of_the_growth(answerer: ReportAnswerer) -> None:
    turns = converse(
        answerer, "2021年上半年鼓楼区社会消费品零售总额是多少？", "增长了多少？", "增速排全市第几？"
    )
    assert "581.26亿元" in turns[0].answer
    assert "28.4%" in turns[1].answer
    assert "全市第4" in turns[2].answer


def test_three_turns_switching_indicator_and_year(answerer: ReportAnswerer) -> None:
    turns = converse(answerer, GDP_2024, "增长了多少？", "那2021年上半年呢？")
    assert "4.4%" in turns[1].answer
    assert turns[2].rewritten_question == "2021年上半年鼓楼区地区生产总值增长了多少？"
    assert "12.9%" in turns[2].answer


def test_a_new_indicator_in_a_follow_up(answerer: ReportAnswerer) -> None:
    turns = converse(answerer, "2024年上半年鼓楼区有效发明专利拥有量是多少？", "那发明专利授权量呢？")
    assert "19510件" in turns[0].answer
    assert "1758件" in turns[1].answer


@pytest.mark.parametrize(
    "question",
    [
        "2023年上半年鼓楼区GDP是多少？",
        "玄武区2024年上半年GDP是多少？",
        "2024年上半年鼓楼区一般公共预算支出是多少？",
    ],
)
def test_refusals_still_list_the_closest_passages(answerer: ReportAnswerer, question: str) -> None:
    a = answerer.ask(question)
    assert not a.answerable
    assert a.answer.startswith("报告中没有找到关于") and "的信息。" in a.answer
    assert not MARKER.search(a.answer)
    assert a.citations  # the closest passages, for the reader


def test_a_follow_up_about_another_district_is_refused(answerer: ReportAnswerer) -> None:
    _, second = converse(answerer, GDP_2024, "那玄武区呢？")
    assert not second.answerable and "玄武区" in second.answer


def test_both_years_are_answered_each_from_its_report_with_the_difference(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2021年和2024年上半年鼓楼区GDP分别是多少？")
    assert a.answerable
    assert "907.27亿元" in a.answer and "1020.53亿元" in a.answer
    assert "增加113.26亿元" in a.answer
    cited_years = {c.chunk.year for c in a.citations if f"[{c.n}]" in a.answer}
    assert cited_years == {2021, 2024}
    assert_quotes_are_exact(a)


def test_a_numbered_section_question_gets_the_heading_path_and_first_sentence(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("2024年报告第一部分第（三）节讲的是什么？")
    assert a.answerable and "厚植产业发展优势" in a.answer
    cited = [c for c in a.citations if f"[{c.n}]" in a.answer]
    assert cited and cited[0].chunk.heading_path[1].startswith("厚植产业发展优势")


def test_a_list_question_gets_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2024年上半年鼓楼区有哪些项目竣工了？")
    assert "南邮科创中心" in a.answer and "华贸商务中心C区" in a.answer


def test_who_gave_the_report(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2021年上半年国民经济和社会发展计划执行情况报告的报告人是谁？")
    assert a.answerable and "徐桓峰" in a.answer


@pytest.mark.parametrize("question", ["", "   \n\t", "问" * 501, "?", "0", "！！！", "2024"])
def test_unusable_questions_raise_a_clear_error(answerer: ReportAnswerer, question: str) -> None:
    with pytest.raises(InvalidQuestionError) as err:
        answerer.ask(question)
    assert err.value.message


def test_cli_ask_prints_the_answer_then_the_citations(seed_library: ReportLibrary) -> None:
    result = CliRunner().invoke(app, ["ask", GDP_2024])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "1020.53亿元" in lines[0]
    heading = next(line for line in lines if line.startswith("[1] "))
    assert "关于鼓楼区2024年" in heading and " › " in heading
    result = CliRunner().invoke(app, ["ask", GDP_2024, "--json", "--top-k", "3"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["answerable"] is True and len(data["citations"]) >= 3
    assert {
        "chunk_id",
        "doc_id",
        "doc_title",
        "year",
        "heading_path",
        "text",
        "start",
        "end",
        "score",
    } <= set(data["citations"][0])


def test_cli_ask_without_an_index_says_what_to_run() -> None:
    result = CliRunner().invoke(app, ["ask", GDP_2024])
    assert result.exit_code == 2
    assert "wenbao ingest seeds/" in result.output


def test_warm_up_reads_every_reports_lists_so_no_list_question_pays_for_them(
    seed_index_dir: Path, shared_e5: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = ReportLibrary(Settings(data_dir=seed_index_dir), embedder=shared_e5)
    library.warm_up()
    fresh = ReportAnswerer(library, settings=Settings(data_dir=seed_index_dir))
    fresh.warm_up()
    finder = fresh.drafter.lists.finder
    assert len(finder._cache) == len(library.documents()) >= 2
    read: list[str] = []
    find = finder.find
    monkeypatch.setattr(finder, "find", lambda doc: read.append(doc.meta.doc_id) or find(doc))
    fresh.ask("2024年下半年鼓楼区的主要工作有哪些？")
    assert read == []
