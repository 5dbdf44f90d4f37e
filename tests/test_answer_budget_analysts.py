"""Budget questions as analysts and journalists ask them (issue 27): a share of the budget asked
as "百分之几" (also as a question's second part, of its first part's figure), a why asked after
a figure with how much it went ("为什么下降这么多"), a year the report names only as the base of a
change ("与2025年决算数相比"), a standard asked "每人每年" where the report prints "元/人/年", a
development zone named by the short form of its name, and one the report gives no figures of.
The report is one the test writes, of a city it makes up."""

from __future__ import annotations

import unicodedata

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import content_frame, coverage, zone_named
from wenbao.answering.figures import PERCENT
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder

CITY = """关于青溪市2026年全市和市本级预算执行情况与2027年全市和市本级预算草案的报告
——2027年1月12日在青溪市第九届人民代表大会第三次会议上
青溪市财政局局长 周立
各位代表：
受市人民政府委托，现将2026年全市和市本级预算执行情况与2027年预算草案提请大会审议。
一、2026年预算执行情况
（一）一般公共预算
2026年全市一般公共预算收入完成86.4亿元，为调整预算的97.2％，下降3.5％（与2025年决算数相比，下同）。
税收收入完成60.2亿元，为调整预算的95.3％，下降2.1％。
预算执行中，经市人大常委会批准，市本级一般公共预算收入调整为21.3亿元，一般公共预算支出调整为48.6亿元。
2026年市本级一般公共预算收入完成20.9亿元，为调整预算的98.1％，下降4.2％。
2026年全市一般公共预算支出执行190.5亿元。其中：教育支出执行32.1亿元，增长1.2％；城乡社区支出执行14.8亿元，下降21.4％，主要是新开工建设项目较少；农林水支出执行25.3亿元，增长2.6％。
现代物流产业开发区一般公共预算收入完成1.6亿元，下降5.1％。青溪高新区获评省级优秀开发区。
（二）民生保障
推进健全社会保障体系。城乡居民基本养老保险、城乡居民基本医疗保险补助水平分别提高至205元/人/月、690元/人/年。全年发放各类救助资金3.2亿元。
二、2027年预算草案
2027年全市一般公共预算收入安排88.1亿元，增长2％。市本级一般公共预算收入安排21.5亿元。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingxi-2027-ysbg.txt", CITY)


def _said(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_baifenzhiji_asks_a_percentage() -> None:
    frame = QuestionAnalyzer().analyze("2026年政府性基金收入完成调整预算的百分之几")
    assert frame.is_figure_question
    assert frame.wants == frozenset({PERCENT})


def test_a_share_of_the_budget_asked_as_baifenzhiji(city: ReportAnswerer) -> None:
    # not the sentence on the adjusted budget itself, which has no share
    a = city.ask("青溪市2026年市本级一般公共预算收入完成调整预算的百分之几？")
    assert a.answerable
    assert "98.1%" in _said(a.answer)


def test_a_second_part_asking_a_share_of_the_budget_is_the_first_figures(city: ReportAnswerer) -> None:
    # "完成调整预算的百分之几" after 税收收入: its share, not the whole revenue's (97.2%)
    said = _said(city.ask("青溪市2026年全市税收收入多少，完成调整预算的百分之几").answer)
    assert "60.2亿元" in said
    assert "95.3%" in said
    assert "97.2%" not in said


def test_a_why_after_a_figure_with_how_much_it_went(city: ReportAnswerer) -> None:
    a = city.ask(
        "为什么下降这么多？",
        [Turn("user", "青溪市2026年全市城乡社区支出执行多少？"), Turn("assistant", "…")],
    )
    assert "城乡社区支出" in a.rewritten_question
    assert "新开工建设项目较少" in a.answer


def test_a_year_named_only_as_the_base_of_a_change_is_not_answered(city: ReportAnswerer) -> None:
    a = city.ask("青溪市2025年全市一般公共预算收入是多少？")
    assert not a.answerable
    assert "86.4亿元" not in _said(a.answer)


def test_the_askers_per_unit_words_count_where_the_report_prints_the_unit() -> None:
    frame = QuestionAnalyzer().analyze("2026年居民医保每人每年补助多少钱")
    printed = "城乡居民基本医疗保险补助水平提高至690元/人/年"
    said = "城乡居民基本医疗保险财政补助由每人每年380元提高到420元"
    total = "城乡居民基本医疗保险基金收入55.7亿元"
    terms = content_frame(frame).terms
    assert coverage(terms, printed) == coverage(terms, said)
    assert (coverage(terms, total) or 0.0) < (coverage(terms, printed) or 0.0)


def test_a_standard_asked_per_person_per_year(city: ReportAnswerer) -> None:
    a = city.ask("青溪市2026年居民医保政府每人每年补助提到多少钱？")
    assert a.answerable
    assert "690元/人/年" in a.answer


def test_a_zone_named_by_the_short_form_of_its_name(city: ReportAnswerer) -> None:
    a = city.ask("青溪市物流开发区2026年一般公共预算收入多少？")
    assert a.answerable
    assert "1.6亿元" in _said(a.answer)


@pytest.mark.parametrize("zone", ["青溪高新区", "青溪市经济开发区", "青溪经开区"])
def test_a_zone_the_report_gives_no_figures_of_is_refused(city: ReportAnswerer, zone: str) -> None:
    # the report names its 高新区 in passing; its only zone figures are the 物流 zone's
    a = city.ask(f"{zone}2026年一般公共预算收入多少？")
    assert not a.answerable
    assert "1.6亿元" not in _said(a.answer)


def test_a_short_zone_name_needs_its_telling_words_and_kind_in_order() -> None:
    assert zone_named("物流开发区", "现代物流产业开发区一般公共预算收入")
    assert not zone_named("物流开发区", "物流产业发展很快，开发区收入增长")  # too far apart
    assert not zone_named("高新区", "三明高新区")  # no telling words of its own
    assert not zone_named("物流园区", "现代物流产业开发区")
