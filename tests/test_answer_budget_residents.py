"""A budget report (issue 27) asked in a resident's words: lists whose items the headings above
them name ("财政要强化哪些管理"), what an amount is made of, given in the "其中：…" sentence after it
("三公经费分哪几块"); and what it does not say: a debt limit it names only as what the balance stays
within, a department's own budget. The report is one the test writes (青溪市, 2027)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """关于青溪市2026年预算执行情况与2027年预算草案的报告
——2027年1月15日在青溪市第八届人民代表大会第四次会议上
青溪市财政局
各位代表：
受市人民政府委托，向大会报告青溪市2026年预算执行情况和2027年预算草案，请予审议。
一、2026年预算执行情况
（一）一般公共预算
全市地方一般公共预算收入86.4亿元，增长2.1%。市本级地方一般公共预算收入21.3亿元，下降1.2%。
全市教育支出18.7亿元，增长3.5%。
市本级主要支出项目具体情况是：一般公共服务支出3.2亿元，下降4.1%；教育支出5.1亿元，增长1.2%；卫生健康支出4.4亿元，增长2.3%；农林水支出2.6亿元，增长0.8%。
截至2026年底，全市政府债务余额420.6亿元，控制在省核定的政府债务限额内，风险总体可控。
（二）社会保险基金预算
全市社会保险基金预算收入65.2亿元，支出58.9亿元。年末滚存结余102.3亿元。
分险种来看，全市城乡居民基本养老保险基金收入9.1亿元，支出7.2亿元，滚存结余15.6亿元；职工基本医疗保险基金收入20.4亿元，支出16.8亿元，滚存结余40.1亿元。
二、2027年预算草案
全市地方一般公共预算收入预期实现88.1亿元，增长2%。
经汇总，2027年市本级一般公共预算安排的“三公”经费为2150万元，较上年压减60万元。其中：因公出国（境）经费40万元，公务接待费510万元，公务用车购置及运行维护费1600万元。
三、全力抓好2027年财政工作
（一）聚焦产业发展，稳增长壮财源。支持重点产业链发展，落实结构性减税降费政策，培育新的税源增长点。
（二）聚焦科学管理，抓改革促提升。一是强化预算管理。持续深化零基预算改革，推进项目预算评审。二是强化绩效管理。压实绩效管理主体责任，强化结果运用。三是强化债务管理。持续加强政府债券投后管理，防范化解债务风险。
以上报告，请予审议。
附件：2026年末地方政府债务限额及余额情况表.xlsx
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingxi-2027-ysbg.txt", REPORT)


def test_a_list_named_by_the_headings_above_it_is_given_in_full(answerer: ReportAnswerer) -> None:
    # "财政" is said by the part's heading, "强化…管理" by every item: all three items, in order
    a = answerer.ask("青溪2027年财政要强化哪些管理？")
    at = [a.answer.find(w) for w in ("强化预算管理", "强化绩效管理", "强化债务管理")]
    assert a.answerable and all(x >= 0 for x in at) and at == sorted(at), a.answer


def test_what_an_amount_is_made_of_is_the_sentence_that_breaks_it_down(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青溪2027年市本级三公经费分哪几块")
    assert a.answerable and "2150万元" in a.answer, a.answer
    for part in ("因公出国（境）经费40万元", "公务接待费510万元", "公务用车购置及运行维护费1600万元"):
        assert part in a.answer, a.answer
    # a figure asked is still the figure alone, not its breakdown
    b = answerer.ask("青溪2027年市本级三公经费预算多少？")
    assert b.answerable and "2150万元" in b.answer and "公务接待费" not in b.answer, b.answer


def test_a_limit_named_only_after_the_balance_is_not_given(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青溪2026年底全市政府债务限额是多少亿元")
    assert not a.answerable and "420.6" not in a.answer, a.answer
    # the balance itself is answered, past a line that names it without a figure
    b = answerer.ask("青溪2026年底全市政府债务余额是多少")
    assert b.answerable and "420.6亿元" in b.answer, b.answer


def test_a_department_the_report_never_names_gets_no_figure(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青溪市教育局2026年部门预算是多少")
    assert not a.answerable and "18.7" not in a.answer, a.answer
    b = answerer.ask("青溪2026年全市教育支出多少？")
    assert b.answerable and "18.7亿元" in b.answer, b.answer


def test_the_whole_funds_figure_is_not_one_of_its_kinds(answerer: ReportAnswerer) -> None:
    # "分险种来看" gives the kinds of the fund; asked the fund in everyday words, its own figure
    a = answerer.ask("青溪2026年全市社保基金年底滚存结余多少？")
    assert a.answerable and "102.3亿元" in a.answer, a.answer
    assert "15.6" not in a.answer and "40.1" not in a.answer
    # asked a kind by name, the kind's figure
    b = answerer.ask("青溪2026年职工基本医疗保险基金滚存结余多少")
    assert b.answerable and "40.1亿元" in b.answer, b.answer


BONDS_ONLY = """关于白河市2026年预算执行情况与2027年预算草案的报告
——2027年1月16日在白河市第五届人民代表大会第三次会议上
白河市财政局
各位代表：
一、2026年预算执行情况
（一）一般公共预算
全市一般公共预算收入完成45.2亿元，增长1.8%。
2026年市本级一般公共预算支出执行30.2亿元，下降2.1%。其中：教育支出执行5.1亿元，下降1.6%；卫生健康支出执行4.4亿元，增长2.3%。
（二）债务情况
2026年我市争取到各类政府债券规模38.6亿元，包括：新增债券20.1亿元；各类再融资债券18.5亿元，用于偿还到期债券本金。
二、2027年预算草案
全市一般公共预算收入安排46.1亿元，增长2%。
三、2027年财政工作
持续加大教育投入，全市教育支出执行12.6亿元，增长0.5%，实现教育支出只增不减。
"""


@pytest.fixture(scope="module")
def bonds_only(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "baihe-2027-ysbg.txt", BONDS_ONLY)


def test_the_bonds_raised_are_not_the_debt_outstanding(bonds_only: ReportAnswerer) -> None:
    # the report gives the bonds issued in the year, no balance of the debt
    a = bonds_only.ask("白河2026年底全市政府债务余额多少？")
    assert not a.answerable and "38.6" not in a.answer, a.answer
    b = bonds_only.ask("白河2026年争取到的政府债券规模多少")
    assert b.answerable and "38.6亿元" in b.answer, b.answer


def test_where_the_money_went_is_the_list_of_spending_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青溪2026年市本级钱主要花在哪些方面")
    at = [a.answer.find(w) for w in ("一般公共服务支出", "教育支出", "卫生健康支出", "农林水支出")]
    assert a.answerable and all(x >= 0 for x in at) and at == sorted(at), a.answer


def test_a_part_of_the_levels_spending_is_that_levels_figure(bonds_only: ReportAnswerer) -> None:
    # "其中：教育支出执行5.1亿元" is 市本级's (its lead says so): a level asked is no word the part lacks
    a = bonds_only.ask("白河2026年市本级教育支出执行多少")
    assert a.answerable and "5.1亿元" in a.answer and "12.6" not in a.answer, a.answer
