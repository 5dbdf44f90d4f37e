"""Budget reports of places other than a city (issue 27): an autonomous prefecture's and a
county's, each with its own words for the two levels (全州/州本级, 全县/县本级), figures printed as
"1,201,241万元", "8．29亿元", "２．３％", and a table whose rows are the levels (its unit in the
column's header). A question and a
follow-up on each level; a follow-up naming a level below the report's place ("那县级呢？" in the
prefecture's report); a figure that is what a clause's verb did (落实减税降费…亿元), not the
revenue named before it; a resident asking how much money was put into something. The reports
are ones the test writes, of places it makes up."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.figures import MONEY, find_figures
from wenbao.answering.followup import FollowupRewriter
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder
from wenbao.ingest.levels import lower_level_named

PREFECTURE = """关于青川藏族自治州2026年预算执行情况和2027年预算草案的报告
——2027年1月10日在青川藏族自治州第十五届人民代表大会第五次会议上
青川藏族自治州财政局局长 李明
各位代表：
受州人民政府委托，现将全州和州本级2026年预算执行情况和2027年预算草案提请大会审议。
一、2026年预算执行情况
（一）一般公共预算
2026年全州地方一般公共预算收入完成1,201,241万元，增长２．３％。全州一般公共预算支出执行3,814,394万元，增长1．8％。其中：教育支出执行52．3亿元，卫生健康支出执行30．5亿元。
州本级地方一般公共预算收入完成８．２９亿元，增长1．5％。州本级一般公共预算支出执行41．62亿元，下降3．1％。
（二）政府性基金预算
2026年全州政府性基金预算收入完成272,426万元，下降8．4％。州本级政府性基金预算收入完成13．99亿元，增长48．5％。
（三）社会保险基金预算
2026年社会保险基金预算执行情况如下表：
级次\t收入（万元）\t支出（万元）
全州\t1,001,020\t940,532
州本级\t557,881\t527,399
（四）主要财政工作
支持稳定和扩大就业。统筹安排资金3．6亿元，用于落实就业见习、一次性求职等就业补贴政策，城镇新增就业1.2万人。
支持城乡建设和生态环境保护。统筹安排资金6．2亿元，支持改造城镇老旧小区40个。统筹安排资金4．8亿元，重点支持大气、水、土壤污染防治。统筹安排资金2．9亿元，支持园区制造业提升。
落实结构性减税政策，高新技术企业税收等优惠政策应享尽享，全州落实减税降费超5亿元。
二、2027年预算草案
全州地方一般公共预算收入预期实现1,231,270万元，增长2．5％。州本级地方一般公共预算收入预期实现９．１亿元，增长9．8％。
以上报告，请予审议。
"""

COUNTY = """关于青禾县2026年预算执行情况和2027年预算草案的报告
——2027年1月8日在青禾县第十八届人民代表大会第六次会议上
青禾县财政局局长 王芳
各位代表：
受县人民政府委托，现将全县和县本级2026年预算执行情况和2027年预算草案提请大会审议。
一、2026年预算执行情况
2026年全县地方一般公共预算收入完成86,410万元，增长３．２％。全县一般公共预算支出执行352,760万元。
县本级地方一般公共预算收入完成5．87亿元，增长2．6％。县本级一般公共预算支出执行29．35亿元。
二、2027年预算草案
全县地方一般公共预算收入预期实现89,200万元。县本级地方一般公共预算收入预期实现6．02亿元。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def prefecture(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingchuan-2027-ysbg.txt", PREFECTURE)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qinghe-2027-ysbg.txt", COUNTY)


def _said(text: str) -> str:
    """An answer as a reader reads its figures: "８．２９亿元" and "8.29亿元" alike."""
    return unicodedata.normalize("NFKC", text)


def _then(answerer: ReportAnswerer, first: str, second: str) -> str:
    a = answerer.ask(second, [Turn("user", first), Turn("assistant", "…")])
    return _said(a.answer) if a.answerable else ""


# (report, question, the figure that answers it, another level's figure it must not give)
_ASKED = [
    ("prefecture", "青川藏族自治州2026年全州地方一般公共预算收入完成多少？", "1,201,241万元", "8.29亿元"),
    ("prefecture", "青川藏族自治州2026年州本级一般公共预算收入完成多少？", "8.29亿元", "1,201,241万元"),
    # the levels as rows of a table, the unit in its column's header
    ("prefecture", "青川藏族自治州2026年全州社会保险基金预算收入是多少？", "1,001,020", "557,881"),
    ("prefecture", "青川藏族自治州2026年州本级社会保险基金预算支出是多少？", "527,399", "940,532"),
    ("county", "青禾县2026年全县地方一般公共预算收入完成多少？", "86,410万元", "5.87亿元"),
    ("county", "青禾县2026年县本级一般公共预算支出执行多少？", "29.35亿元", "352,760万元"),
]


@pytest.mark.parametrize(("report", "question", "figure", "other"), _ASKED)
def test_each_level_in_the_places_own_words(
    request: pytest.FixtureRequest, report: str, question: str, figure: str, other: str
) -> None:
    a = request.getfixturevalue(report).ask(question)
    assert a.answerable and figure in _said(a.answer) and other not in _said(a.answer), a.answer


_PREFECTURE_FIRST = "青川藏族自治州2026年全州一般公共预算支出执行多少？"
_COUNTY_FIRST = "青禾县2026年全县地方一般公共预算收入完成多少？"
# (report, first question, follow-up, the figure the follow-up is answered with)
_FOLLOWED = [
    ("prefecture", _PREFECTURE_FIRST, "那州本级呢？", "41.62亿元"),
    ("prefecture", _PREFECTURE_FIRST.replace("全州", "州本级"), "全州呢？", "3,814,394万元"),
    # the year alone changed: the plan of the same level
    ("prefecture", "青川藏族自治州2026年州本级地方一般公共预算收入完成多少？", "2027年呢？", "9.1亿元"),
    ("prefecture", "青川藏族自治州2026年州本级社会保险基金预算收入是多少？", "那全州呢？", "1,001,020"),
    ("county", "青禾县2026年全县一般公共预算支出执行多少？", "那县本级呢？", "29.35亿元"),
    # "县级" in a county's report is its own level
    ("county", _COUNTY_FIRST, "那县级呢？", "5.87亿元"),
    ("county", _COUNTY_FIRST, "明年呢？", "89,200万元"),
]


@pytest.mark.parametrize(("report", "first", "then", "figure"), _FOLLOWED)
def test_a_followup_changes_one_slot_on_each_level(
    request: pytest.FixtureRequest, report: str, first: str, then: str, figure: str
) -> None:
    assert figure in _then(request.getfixturevalue(report), first, then)


def test_a_table_cell_takes_its_unit_from_its_column() -> None:
    (income, spending) = find_figures("级次：全州；收入（万元）：1,001,020；支出（亿元）：９４．０５。")
    assert (income.text, income.unit, income.kind) == ("1,001,020", "万元", MONEY)
    assert spending.value == Decimal("94.05") and spending.unit == "亿元"
    assert find_figures("项目（一）：12；") == []


def test_a_level_below_the_prefecture_is_not_its_own(prefecture: ReportAnswerer) -> None:
    # the report gives the whole prefecture and its own level, no county's
    first = "青川藏族自治州2026年全州地方一般公共预算收入完成多少？"
    a = prefecture.ask("那县级呢？", [Turn("user", first), Turn("assistant", "1,201,241万元")])
    assert not a.answerable and "8.29亿元" not in _said(a.answer), a.answer


def test_each_level_of_a_county_in_its_own_words(county: ReportAnswerer) -> None:
    whole = county.ask("青禾县2026年全县地方一般公共预算收入完成多少？")
    assert whole.answerable and "86,410万元" in whole.answer
    first = "青禾县2026年全县一般公共预算支出执行多少？"
    assert "29.35亿元" in _then(county, first, "那县本级呢？")
    # "县级" in a county's report is its own level
    assert "5.87亿元" in _then(county, "青禾县2026年全县地方一般公共预算收入完成多少？", "那县级呢？")
    assert "89,200万元" in _then(county, "青禾县2026年全县地方一般公共预算收入完成多少？", "明年呢？")


def test_an_amount_a_clause_verb_did_is_not_the_revenue_named_before_it(prefecture: ReportAnswerer) -> None:
    a = prefecture.ask("青川藏族自治州2026年全州税收收入完成多少？")
    assert not a.answerable and "5亿元" not in a.answer, a.answer


def test_money_put_into_something_in_a_residents_words(prefecture: ReportAnswerer) -> None:
    a = prefecture.ask("青川藏族自治州2026年拿出多少钱来稳就业？")
    assert a.answerable and "3.6亿元" in _said(a.answer), a.answer


def test_money_spent_or_taken_in_a_residents_words(prefecture: ReportAnswerer) -> None:
    a = prefecture.ask("青川藏族自治州2026年全州教育花了多少钱？")
    assert a.answerable and "52.3亿元" in _said(a.answer), a.answer
    # the verb hints the head a report writes; it is no word to find, and 税收 is no verb
    analyzer = QuestionAnalyzer()
    spent = {t.text: t.weight for t in analyzer.analyze("青川2026年教育花了多少钱？").terms}
    assert "花" not in spent and spent["支出"] < spent["教育"]
    taken = {t.text for t in analyzer.analyze("三明2025年市里自己那一级收了多少钱？").terms}
    assert "收入" in taken and not any("自己" in t or "一级" in t for t in taken)
    assert "收入" not in {t.text for t in analyzer.analyze("吕梁2026年市本级税收多少？").terms}


def test_a_followup_level_keeps_the_unit_it_names() -> None:
    rewriter = FollowupRewriter(QuestionAnalyzer())
    history = [Turn("user", "云溪2026年全市地方一般公共预算收入完成多少？"), Turn("assistant", "…")]
    assert "县本级" in rewriter.rewrite("那县级呢？", history)
    assert "市本级" in rewriter.rewrite("那市本级呢？", history)
    # an earlier question in a resident's words still has an indicator whose counterpart is asked
    earlier = [Turn("user", "云溪2026年全市社保基金收了多少钱？"), Turn("assistant", "…")]
    again = rewriter.rewrite("市里自己那一级花了多少？", earlier)
    assert "社保基金支出" in again and "市本级" in again and "云溪" in again


def test_the_own_level_of_an_autonomous_region_is_not_a_districts() -> None:
    # 区 is a county's tier in a city's report, the region's own unit in an 自治区's
    assert lower_level_named("那区本级呢？", "广西壮族自治区") is None
    assert lower_level_named("那市县级呢？", "广西壮族自治区") == "市县级"
    assert lower_level_named("那区级呢？", "云溪市") == "区级"


def test_quotes_the_words_cannot_tell_apart_are_told_by_meaning(prefecture: ReportAnswerer) -> None:
    # three "统筹安排资金…亿元" clauses; the question's word for what is funded (治污) is in none
    a = prefecture.ask("青川藏族自治州2026年财政在治污上安排了多少资金？")
    assert a.answerable and "4.8亿元" in _said(a.answer), a.answer
    assert "6.2亿元" not in _said(a.answer) and "2.9亿元" not in _said(a.answer)


def test_a_township_of_the_county_is_not_answered_with_the_countys_figure(county: ReportAnswerer) -> None:
    a = county.ask("青禾县柳河镇2026年地方一般公共预算收入完成多少？")
    assert not a.answerable and "86,410万元" not in _said(a.answer), a.answer
