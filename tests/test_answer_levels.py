"""Budget reports (issue 27): whose money a figure is (the whole place or the government's own
level), results vs plan per paragraph, a conversation that changes only the level, and rows of
figures in a written budget report of a place the tests make up."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.documents import Covers
from wenbao.index.embedders import Embedder
from wenbao.ingest.levels import OWN, PART, WHOLE, asked_level, lead_level, leading_level, level_words
from wenbao.ingest.pipeline import parse_bytes

REPORT = """关于宁川市2026年全市和市本级预算执行情况与2027年全市和市本级预算草案的报告
——2027年1月12日在宁川市第九届人民代表大会第三次会议上
宁川市财政局局长 赵六
各位代表：
受市人民政府委托，现将2026年全市和市本级预算执行情况与2027年全市和市本级预算草案提请大会审议。
一、2026年全市和市本级预算执行情况
（一）一般公共预算
2026年全市预算经市人大审查批准后，经汇总，2026年全市一般公共预算收入为240亿元，支出为420亿元。
2026年全市一般公共预算收入完成2,315,400万元，增长3.2%。其中税收收入完成1,620,800万元，增长2.1%。全市一般公共预算支出执行4,102,300万元。
市本级一般公共预算收入完成61．7亿元，增长１．５％。其中税收收入完成40.3亿元。市本级一般公共预算支出执行98.6亿元。
2026年宁川经济技术开发区（以下简称经开区）一般公共预算收入完成4.4亿元。
2026年，东湖区入选省级财政管理绩效示范区。
（二）政府债务
截至2026年底，全市政府债务余额1420.5亿元。市本级政府债务余额388.2亿元。
二、2027年全市和市本级预算草案
（一）一般公共预算
2026年全市一般公共预算收入预计完成231.54亿元，为本部分的测算基数。
全市一般公共预算收入预期实现238.5亿元，增长3%。全市一般公共预算支出安排415亿元。
市本级一般公共预算收入预期实现63.5亿元。市本级一般公共预算支出安排101.2亿元。
三、全力做好2027年财政工作
2027年，我们将全力抓好财政各项工作，努力完成全年预算目标任务。
（一）聚焦稳增长，壮大财源。支持重点产业链发展，落实结构性减税降费政策。
（二）聚焦惠民生，兜牢底线。持续提高城乡低保标准，落实义务教育经费保障机制。
（三）聚焦强管理，提升绩效。深化零基预算改革，全面实施预算绩效管理。
以上报告，请予审议。
"""


def test_level_words_come_from_the_place_name() -> None:
    # one source of the words for answers and follow-ups alike
    assert level_words("宁川市") == ("全市", "市本级")
    assert level_words("大理白族自治州") == ("全州", "州本级")
    assert level_words("湖南省") == ("全省", "省本级")
    assert level_words("中华人民共和国") == ("", "") and level_words(None) == ("", "")
    assert leading_level("市本级一般公共预算收入") == ("市本级", OWN)
    assert leading_level("全州税收收入") == ("全州", WHOLE)
    assert leading_level("一般公共预算收入") == ("", None)


def test_the_lead_of_a_paragraph_names_its_level() -> None:
    assert lead_level("2026年全市一般公共预算收入完成…") == WHOLE
    assert lead_level("（2）市本级预算稳定调节基金情况。") == OWN
    assert lead_level("截至2026年底，省级政府债务余额…") == OWN
    assert lead_level("2026年宁川经济技术开发区一般公共预算收入…") == PART
    assert lead_level("各项工作稳步推进，全市上下…") is None


def test_a_question_names_its_level_in_everyday_words() -> None:
    assert asked_level("宁川2026年全市加起来一般公共预算收入是多少？") == WHOLE
    assert asked_level("宁川市里自己那一级的收入是多少？") == OWN
    assert asked_level("光算市本级呢？") == OWN
    assert asked_level("州本级债务余额是多少？") == OWN
    assert asked_level("宁川2026年一般公共预算收入是多少？") is None
    # a level named to be left out is not the one asked
    assert asked_level("宁川2026年全市政府债务余额（不是市本级）是多少？") == WHOLE
    assert asked_level("不含经开区，全市一般公共预算收入多少") == WHOLE
    assert asked_level("宁川2026年一般公共预算收入，不包括市本级") is None


def test_each_passage_carries_its_level_and_what_it_covers() -> None:
    doc = parse_bytes(REPORT.encode("utf-8"), "ningchuan-2027-ysbg.txt")
    assert (doc.meta.kind, doc.meta.place) == ("budget_report", "宁川市")

    def starting(prefix: str):  # type: ignore[no-untyped-def]
        return next(c for c in doc.chunks if c.text.startswith(prefix))

    assert starting("2026年全市一般公共预算收入完成").level == WHOLE
    assert starting("市本级一般公共预算收入完成").level == OWN
    assert starting("2026年宁川经济技术开发区").level == PART
    # a paragraph of the plan part that reports the reviewed year's outturn is a result
    assert starting("2026年全市一般公共预算收入预计完成").covers == Covers((2026,), "full_year", "results")
    assert starting("全市一般公共预算收入预期实现").covers == Covers((2027,), "full_year", "plan")


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "ningchuan-2027-ysbg.txt", REPORT)


def test_the_asked_level_picks_the_figure(answerer: ReportAnswerer) -> None:
    # the outturn is printed twice, in 万元 and in 亿元 (the plan part's base): either answers
    whole = answerer.ask("宁川2026年全市加起来一般公共预算收入完成多少？")
    assert whole.answerable and ("2,315,400万元" in whole.answer or "231.54亿元" in whole.answer)
    assert "61．7亿元" not in whole.answer
    own = answerer.ask("宁川2026年市里自己那一级的一般公共预算收入完成多少？")
    assert own.answerable and "61．7亿元" in own.answer
    # not said: the whole place's figure first, the own level's beside it
    plain = answerer.ask("宁川2026年一般公共预算收入完成多少？")
    assert plain.answerable and ("2,315,400万元" in plain.answer or "231.54亿元" in plain.answer)
    assert "61．7亿元" in plain.answer
    whole_at = max(plain.answer.find("2,315,400万元"), plain.answer.find("231.54亿元"))
    assert plain.answer.find("61．7亿元") > whole_at


def test_a_conversation_changes_only_the_level(answerer: ReportAnswerer) -> None:
    first = "截至2026年底宁川全市政府债务余额是多少？"
    assert "1420.5亿元" in answerer.ask(first).answer
    a = answerer.ask("那市本级呢？", [Turn("user", first), Turn("assistant", "1420.5亿元")])
    assert a.answerable and "388.2亿元" in a.answer and "1420.5亿元" not in a.answer


def test_the_plan_year_gets_the_plan_figure(answerer: ReportAnswerer) -> None:
    a = answerer.ask("宁川2027年市本级一般公共预算支出安排多少？")
    assert a.answerable and "101.2亿元" in a.answer


def test_a_year_the_report_only_plans_is_asked_of_its_plan(answerer: ReportAnswerer) -> None:
    # no plan word: 2027 is only planned in the report, its plan figure answers
    a = answerer.ask("宁川2027年全市政府性基金预算收入是多少？")
    assert not a.answerable  # (this report states none: refused, not answered from 2026)
    a = answerer.ask("宁川2027年市本级一般公共预算支出是多少？")
    assert a.answerable and "101.2亿元" in a.answer
    # and as a conversation moving from the reviewed year to the planned one
    first = "宁川2026年市本级一般公共预算支出执行多少？"
    a = answerer.ask("2027年呢？", [Turn("user", first), Turn("assistant", "98.6亿元")])
    assert a.answerable and "101.2亿元" in a.answer


def test_sub_headings_that_open_with_one_word_are_the_list_it_names(answerer: ReportAnswerer) -> None:
    # no sentence announces the list; every sub-heading opens with 聚焦
    a = answerer.ask("宁川2027年财政工作主要聚焦哪几个方面？")
    at = [a.answer.find(w) for w in ("聚焦稳增长", "聚焦惠民生", "聚焦强管理")]
    assert a.answerable and all(x >= 0 for x in at) and at == sorted(at)


def test_a_figure_of_the_reviewed_year_is_its_outturn_not_the_budget_approved(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("宁川2026年全市一般公共预算收入是多少？")
    assert a.answerable and "240亿元" not in a.answer
    assert "2,315,400万元" in a.answer or "231.54亿元" in a.answer
    # asked for the budget itself, the budget is the answer
    b = answerer.ask("宁川2026年经人大批准后汇总的全市一般公共预算收入是多少？")
    assert "240亿元" in b.answer


def test_a_district_of_the_city_asked_by_name_is_not_answered_with_the_citys_figure(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("宁川东湖区2026年一般公共预算收入是多少？")
    assert not a.answerable and "2,315,400" not in a.answer
    # what the report does say of the district is answered
    b = answerer.ask("宁川东湖区2026年入选了什么示范区？")
    assert b.answerable and "财政管理绩效示范区" in b.answer


def test_two_levels_side_by_side_say_whose_money_each_is(answerer: ReportAnswerer) -> None:
    a = answerer.ask("宁川2026年税收收入完成多少？")
    assert a.answerable and "1,620,800万元" in a.answer and "40.3亿元" in a.answer
    assert (
        a.answer.index("全市")
        < a.answer.index("1,620,800万元")
        < a.answer.index("市本级")
        < a.answer.index("40.3")
    )


def test_a_level_word_alone_is_a_level_asked() -> None:
    assert asked_level("市级呢？") == OWN and asked_level("省级呢") == OWN
    assert asked_level("市级领导有哪些？") is None  # not a fiscal level


def test_a_level_asked_by_name_is_not_answered_with_another_levels_figure(answerer: ReportAnswerer) -> None:
    """The report gives 经开区's 一般公共预算收入 and no figure of 经开区's debt: asked by its level
    name, the debt is refused rather than answered with the whole city's or 市本级's."""
    answer = answerer.ask("宁川2026年经开区政府债务余额是多少？")
    assert not answer.answerable, answer.answer
    assert "1420.5" not in answer.answer and "388.2" not in answer.answer
    whole = answerer.ask("宁川2026年全市政府债务余额（不是市本级）是多少？")
    assert whole.answerable and "1420.5亿元" in whole.answer, whole.answer


def test_a_level_said_with_only_before_it_changes_only_the_level(answerer: ReportAnswerer) -> None:
    # "光市本级呢": the indicator and year of the turn before, asked of the own level (the 收入,
    # not the 支出 the same paragraph plans next)
    first = "宁川2027年全市一般公共预算收入安排多少？"
    for turn in ("光市本级呢", "只市本级呢？"):
        a = answerer.ask(turn, [Turn("user", first), Turn("assistant", "238.5亿元")])
        assert a.answerable and "63.5亿元" in a.answer, (turn, a.answer)
        assert "101.2亿元" not in a.answer and "238.5亿元" not in a.answer


def test_two_heads_listed_with_a_pause_mark_are_each_answered(answerer: ReportAnswerer) -> None:
    a = answerer.ask("宁川2027年市本级一般公共预算收入、支出各安排多少")
    assert a.answerable and "63.5亿元" in a.answer and "101.2亿元" in a.answer, a.answer
    b = answerer.ask("宁川2026年全市税收收入、一般公共预算支出各完成多少？")
    assert b.answerable and "1,620,800万元" in b.answer and "4,102,300万元" in b.answer, b.answer
