"""Openings of district budget reports as district web pages print them: the title line under
the page's metadata table, written without 的 ("…预算草案报告"); the balance table printed one cell
a paragraph with blank lines between (no "|", no TAB); "本级收入" as the name of the place's own
revenue, not a fiscal level. The report is one the test writes, of a place it makes up."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.documents import Answer
from wenbao.index.embedders import Embedder
from wenbao.ingest.levels import OWN, WHOLE, asked_level, lead_level
from wenbao.ingest.pipeline import parse_bytes
from wenbao.ingest.tables import linearise_paragraph_cells

_CELLS = ["收入", "执行数", "支出", "执行数", "一、本级收入", "28.4", "一、本级支出", "95.2",
          "税收收入", "12.6", "二、转移性支出", "30.7", "非税收入", "15.8", "上解支出", "3.35",
          "二、转移性收入", "97.5", "地方政府一般债务还本支出", "12.08", "上级补助收入", "58.62",
          "结转下年", "15.27"]  # fmt: skip

DISTRICT = (
    "| [ 索引号 ] | 11500000000000000X/2027-00003 | [ 发文字号 ] | 无 |\n"
    "| [ 发布机构 ] | 宁江区财政局 | [ 有效性 ] | |\n"
    "| [ 成文日期 ] | 2027-01-15 | [ 发布日期 ] | 2027-01-20 |\n"
    "宁州市宁江区2026年预算执行情况和2027年预算草案报告\n"
    "各位代表：\n"
    "受区人民政府委托，现将宁江区2026年预算执行情况和2027年预算草案的报告提请大会审查。\n"
    "一、2026年预算执行情况\n\n"
    "（一）全区预算执行情况\n\n"
    "1．全区一般公共预算。\n\n"
    "2026年全区一般公共预算收支执行表\n\n单位：亿元\n\n"
    + "".join(f"{c}\n\n" for c in _CELLS)
    + "全区一般公共预算本级收入28.4亿元，增长5.1%；全区一般公共预算支出125.9亿元，其中区本级支出"
    "111.0亿元、街道支出9.6亿元、镇支出5.3亿元。\n"
)


def test_the_title_under_a_pages_metadata_table_without_de_gives_place_and_title() -> None:
    meta = parse_bytes(DISTRICT.encode("utf-8"), "ningjiang.txt").meta
    assert meta.title == "宁州市宁江区2026年预算执行情况和2027年预算草案报告"
    assert (meta.place, meta.kind, meta.year) == ("宁州市宁江区", "budget_report", 2027)


def test_a_table_printed_one_cell_a_paragraph_is_rows_with_its_header() -> None:
    doc = parse_bytes(DISTRICT.encode("utf-8"), "ningjiang.txt")
    chunks = [c.text for c in doc.chunks]
    caption = "2026年全区一般公共预算收支执行表（单位：亿元）："
    # income and expense side by side: each side's item a row of its own, with the table's unit
    assert f"{caption}收入：上级补助收入；执行数：58.62亿元。" in chunks
    assert f"{caption}支出：二、转移性支出；执行数：30.7亿元。" in chunks
    assert not any("58.62" in c and "12.08" in c for c in chunks)
    # a cell that reads like a heading ("二、转移性支出") opens no part of the report
    assert [s.title for s in doc.sections] == ["2026年预算执行情况"]
    # the sentence after the table stays a passage of its own
    assert any(c.startswith("全区一般公共预算本级收入28.4亿元") for c in chunks)


def test_short_lines_with_few_numbers_are_no_table() -> None:
    lines = ["一、2026年预算执行情况", "", "（一）收入", "", "12", "", "（二）支出", "", "全区收入12亿元。"]
    assert linearise_paragraph_cells(lines, "#") == lines
    # numbers in rows of no one width: left as written
    ragged = ["项目", "金额", "税收", "1", "2", "3", "非税", "4", "调入", "5", "6"]
    assert linearise_paragraph_cells(ragged, "#") == ragged


def test_own_revenue_is_an_indicator_not_a_level() -> None:
    assert asked_level("宁江区2026年一般公共预算本级收入是多少？") is None
    assert asked_level("宁江2026年本级支出花了多少？") is None
    assert asked_level("宁江区2026年区本级支出多少？") == OWN
    assert asked_level("光算本级呢？") == OWN
    assert lead_level("全区一般公共预算本级收入28.4亿元") == WHOLE
    assert lead_level("本级收入完成28.4亿元") is None
    assert lead_level("区本级支出111.0亿元") == OWN


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "ningjiang-2027-ys.txt", DISTRICT)


def test_the_whole_districts_own_revenue_is_answered(district: ReportAnswerer) -> None:
    _says(district.ask("宁江区2026年一般公共预算本级收入是多少？"), "28.4亿元")


def test_a_row_of_the_paragraph_table_answers(district: ReportAnswerer) -> None:
    a = district.ask("宁江区2026年上级补助收入执行了多少？")
    assert a.answerable and "58.62" in a.answer and "12.08" not in a.answer, a.answer


def test_places_named_after_a_stored_place() -> None:
    stored = ["重庆市宁江区", "宁江区", "宁江", "重庆市江北区", "江北区", "天津市", "天津"]
    # "和" joining two stored places is no place of its own; 和平区 is one
    assert QuestionAnalyzer.places_after("2026年重庆市宁江区和重庆市江北区收入分别是多少", stored) == ()
    assert QuestionAnalyzer.places_after("天津和平区2026年收入", stored) == ("和平区",)
    # a district's town or subdistrict by name, not the kinds of them
    assert QuestionAnalyzer.places_after("宁江区青石街道2026年收入多少", stored) == ("青石街道",)
    assert QuestionAnalyzer.places_after("宁江区白沙镇2026年收入多少", stored) == ("白沙镇",)
    assert QuestionAnalyzer.places_after("宁江区街道和镇各花了多少", stored) == ()
    assert QuestionAnalyzer.places_after("宁江区重点城镇建设投入多少", stored) == ()


def _says(a: Answer, figure: str) -> None:
    assert a.answerable and figure in a.answer, a.answer


def _refuses(a: Answer, figure: str) -> None:
    assert not a.answerable and figure not in a.answer, a.answer


def test_a_subdistrict_of_the_district_by_name_is_refused(district: ReportAnswerer) -> None:
    _refuses(district.ask("宁江区青石街道2026年一般公共预算收入多少？"), "28.4亿元")
    # the district's towns together are a part the report gives
    _says(district.ask("宁江区2026年镇支出多少？"), "5.3亿元")


def test_a_turn_naming_the_towns_asks_their_part_of_the_spending(district: ReportAnswerer) -> None:
    # the district's own level is a part given after 其中 in a sentence of the whole district's
    first = "宁江区2026年区本级支出多少？"
    _says(district.ask(first), "111.0亿元")
    a = district.ask("那镇里呢？", [Turn("user", first), Turn("assistant", "111.0亿元")])
    _says(a, "5.3亿元")
    assert "镇" in a.rewritten_question and "镇里" not in a.rewritten_question


def test_a_plan_asked_is_not_answered_by_the_years_outturn(district: ReportAnswerer) -> None:
    _refuses(district.ask("宁江区2026年上级补助收入打算安排多少？"), "58.62")
