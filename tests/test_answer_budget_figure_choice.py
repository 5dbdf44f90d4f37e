"""Which figure of a budget report answers (issue 27): the level a two-verb question keeps for both
verbs, a figure however its thousands are printed, the collected figure before a restated one, the
share of its budget, a total with its transfers, an outturn paragraph that goes on without 完成,
a list sentence cut by a passage boundary, and how a 决算 report is named; on reports the tests
write for places they make up."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import split_pieces
from wenbao.answering.question import GROWTH_Q, QuestionAnalyzer
from wenbao.answering.scope import report_label
from wenbao.answering.synonyms import default_synonyms
from wenbao.index.embedders import Embedder
from wenbao.ingest.levels import names_a_higher_whole
from wenbao.ingest.pipeline import parse_bytes

CITY = """关于澜州市2030年预算执行情况和2031年预算草案的报告
——2031年1月15日在澜州市第八届人民代表大会第四次会议上
澜州市财政局局长 钱七
各位代表：
受市人民政府委托，现将澜州市2030年预算执行情况和2031年预算草案提请大会审议。
一、2030年预算执行情况
根据市人民政府报告的2030年预算执行情况,全市一般公共预算收入1,204.6亿元,增长1.5%,完成预算的100.2%,加上上级补助收入411.3亿元、动用预算稳定调节基金95.2亿元、调入资金120.4亿元后,2030年全市一般公共预算总收入1,831.5亿元;全市一般公共预算支出1,702.8亿元,下降2.5%,完成预算的97.6%。
2030年市本级一般公共预算收入610.2亿元,增长0.9%,完成预算的99.1%,加上上级补助收入411.3亿元、下级上解收入150.6亿元、调入资金60.1亿元后,2030年市级一般公共预算总收入1,232.2亿元;市本级一般公共预算支出702.5亿元,下降1.1%,完成预算的98.8%。
二、2031年预算草案
2031年全市一般公共预算收入预期增长2%。
"""

PROVINCE = """关于云岭省2030年预算执行情况与2031年预算草案的报告
云岭省财政厅厅长 孙八
各位代表：
受省人民政府委托，现提出2030年预算执行情况与2031年预算草案，请予审查。
一、2030年全省和省级预算执行情况
（一）一般公共预算
据快报数反映，全省一般公共预算地方收入完成2100.5亿元，增长3.1%；加上中央补助2800亿元，一般债务收入600.2亿元，上年结转300.1亿元，收入合计5800.8亿元。全省一般公共预算支出5200.4亿元，加上上解中央40.2亿元，一般债务还本410.1亿元，结转下年150.1亿元，支出合计5800.8亿元，收支平衡。
"""

COUNTY = """2029年青溪县决算（草案）的报告
2030年9月20日青溪县第九届人民代表大会常务委员会第十二次会议通过
主任、副主任、各位委员：
受县人民政府委托，我代表县人民政府报告《2029年青溪县决算（草案）的报告》，请予审议。
一、2029年青溪县决算总体情况
（一）一般公共预算收支决算情况
1.一般公共预算收入决算情况。2029年，地方一般公共预算收入52,318万元，完成预算的106.21%，同比增收3,905万元，增长8.07%，排名全州第3位。地方一般公共预算收入（同口径）完成54,020万元，同比增长11.6%。
税收收入主要项目变动如下：增值税8120万元，同比增收210万元，增长2.65%；企业所得税1530万元，同比减收320万元，下降17.3%；个人所得税610万元，同比减收90万元，下降12.86%；资源税2040万元，同比增收150万元，增长7.94%；城市维护建设税905万元，同比减收60万元，下降6.22%；房产税收入1180万元，同比增收70万元，增长6.31%；印花税收入415万元，同比减收35万元，下降7.78%；城镇土地使用税520万元，同比增收40万元，增长8.33%；土地增值税收入730万元，同比增收95万元，增长14.96%；车船税860万元，同比增收55万元，增长6.83%；耕地占用税收入1290万元，同比增收610万元，增长89.71%；契税970万元，同比减收380万元，下降28.15%；环境保护税260万元，同比增收25万元，增长10.64%。
2.平衡情况。地方一般公共预算收入52,318万元，加上级补助收入401,220万元，加上年结余9,050万元，收入总计462,588万元。一般公共预算支出438,410万元，加上解上级支出7,300万元，支出总计445,710万元。
"""

DISTRICT = (
    "关于松河区2030年预算执行情况和2031年预算草案的报告\n"
    "松河区财政局\n"
    "各位代表：\n"
    "受区人民政府委托，现将松河区2030年预算执行情况和2031年预算草案的报告提请大会审查。\n"
    "一、2030年预算执行情况\n"
    "（一）全区预算执行情况\n"
    "1．全区一般公共预算。\n"
    "2030年全区一般公共预算收支执行表\n"
    "单位：亿元\n"
    "收入\t执行数\t支出\t执行数\n"
    "总计\t120.5\t总计\t120.5\n"
    "一、本级收入\t28.6\t一、本级支出\t98.2\n"
    "税收收入\t12.1\t二、转移性支出\t22.3\n"
    "非税收入\t16.5\t上解支出\t3.4\n"
    "二、转移性收入\t91.9\t结转下年\t18.9\n"
    "上级补助收入\t70.2\t\t\n"
    "上年结转\t21.7\t\t\n"
)


# The reports by the file name each is ingested as.
REPORTS = {
    "songhe-2031-ysbg.txt": DISTRICT,
    "lanzhou-2031-ysbg.txt": CITY,
    "yunling-2031-ysbg.txt": PROVINCE,
    "qingxi-2029-js.txt": COUNTY,
}


@pytest.fixture(scope="module")
def answerers(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> dict[str, ReportAnswerer]:
    """An answerer over each report, by its place."""
    return {
        name.split("-")[0]: answerer_over(tmp_path_factory, shared_e5, name, text)
        for name, text in REPORTS.items()
    }


def test_the_second_verb_keeps_the_level_and_budget_the_question_named(
    answerers: dict[str, ReportAnswerer],
) -> None:
    city = answerers["lanzhou"]
    a = city.ask("澜州市本级2030年一般公共预算收了多少、花了多少？")
    assert "610.2亿元" in a.answer and "702.5亿元" in a.answer
    assert "1,702.8亿元" not in a.answer  # the whole city's spending is not the city level's
    question = "澜州市本级2030年一般公共预算收了多少、花了多少？"
    parts = QuestionAnalyzer(default_synonyms()).analyze(question).parts
    assert [p.level for p in parts] == ["own", "own"]
    assert any(t.text == "支出" for t in parts[1].terms) and any("预算" in t.text for t in parts[1].terms)


def test_a_figure_asked_without_separators_finds_the_one_printed_with_them(
    answerers: dict[str, ReportAnswerer],
) -> None:
    city = answerers["lanzhou"]
    a = city.ask("澜州2030年全市一般公共预算总收入1831.5亿元，除了本地收入还加上了哪些钱？")
    assert "95.2亿元" in a.answer and "120.4亿元" in a.answer
    assert "150.6亿元" not in a.answer  # the city level's sources are another sentence's


def test_a_share_of_the_budget_is_asked_beside_a_change(answerers: dict[str, ReportAnswerer]) -> None:
    city = answerers["lanzhou"]
    county = answerers["qingxi"]
    a = city.ask("澜州2030年全市一般公共预算支出降了多少，完成预算的多少？")
    assert "2.5%" in a.answer and "97.6%" in a.answer
    b = county.ask("青溪县2029年地方一般公共预算收入完成预算的多少，增长了多少？")
    assert "106.21%" in b.answer and "8.07%" in b.answer
    assert b.answerable
    c = city.ask("澜州2030年全市一般公共预算收入增长了多少，完成预算的百分之几？")
    assert "1.5%" in c.answer and "100.2%" in c.answer


def test_an_outturn_paragraph_goes_on_without_saying_so(answerers: dict[str, ReportAnswerer]) -> None:
    province = answerers["yunling"]
    a = province.ask("云岭2030年全省一般公共预算支出之外还有哪些支出，支出合计多少？")
    assert "410.1亿元" in a.answer and "150.1亿元" in a.answer
    assert "2800亿元" not in a.answer  # the revenue sentence before it is not what was asked


def test_the_collected_figure_answers_before_the_restated_one(answerers: dict[str, ReportAnswerer]) -> None:
    county = answerers["qingxi"]
    plain = county.ask("青溪县2029年地方一般公共预算收入完成多少？")
    assert "52,318万元" in plain.answer and "54,020万元" not in plain.answer
    restated = county.ask("青溪县2029年地方一般公共预算收入按同口径算是多少？")
    assert "54,020万元" in restated.answer


def test_a_total_asked_is_the_total_with_transfers(answerers: dict[str, ReportAnswerer]) -> None:
    county = answerers["qingxi"]
    a = county.ask("青溪县2029年一般公共预算收入总计是多少？")
    assert "462,588万元" in a.answer


def test_a_list_sentence_cut_by_a_passage_boundary_is_quoted_whole(
    answerers: dict[str, ReportAnswerer],
) -> None:
    county = answerers["qingxi"]
    a = county.ask("青溪县2029年税收收入主要有哪些税种，各收了多少？")
    assert "增值税8120万元" in a.answer and "契税970万元" in a.answer and "环境保护税260万元" in a.answer


def test_a_final_accounts_report_is_named_by_the_year_it_closes() -> None:
    doc = parse_bytes(COUNTY.encode("utf-8"), "qingxi-2029-js.txt")
    assert report_label(doc) == "青溪县2029年决算报告"
    budget = parse_bytes(CITY.encode("utf-8"), "lanzhou-2031-ysbg.txt")
    assert report_label(budget) == "澜州市2031年预算报告"


def test_a_thousands_comma_splits_no_clause() -> None:
    doc = parse_bytes(COUNTY.encode("utf-8"), "qingxi-2029-js.txt")
    chunk = next(c for c in doc.chunks if "52,318万元，完成" in c.text)
    clauses = [p.text for p in split_pieces(chunk, 0, clauses=True) if p.level == "clause"]
    assert any(t.startswith("地方一般公共预算收入52,318万元") for t in clauses)
    assert not any(t.endswith("52,") for t in clauses)


def test_the_whole_of_a_higher_tier_is_where_a_county_ranks_not_its_level(
    answerers: dict[str, ReportAnswerer],
) -> None:
    county = answerers["qingxi"]
    assert names_a_higher_whole("青溪县地方一般公共预算收入在全州排第几", "青溪县")
    assert not names_a_higher_whole("澜州全市一般公共预算收入多少", "澜州市")
    assert not names_a_higher_whole("全县一般公共预算收入多少", "青溪县")
    a = county.ask("青溪县2029年地方一般公共预算收入在全州排第几？")
    assert a.answerable and "第3位" in a.answer


def test_a_change_in_money_asked_in_everyday_words(answerers: dict[str, ReportAnswerer]) -> None:
    county = answerers["qingxi"]
    frame = QuestionAnalyzer(default_synonyms()).analyze("青溪县2029年一般公共预算支出比上年少花了多少？")
    assert frame.aspect == GROWTH_Q and frame.asks_added
    a = county.ask("青溪县2029年地方一般公共预算收入比上年多收了多少？")
    assert "3,905万元" in a.answer


def test_the_own_revenue_row_of_a_balance_table_is_the_budgets_revenue(
    answerers: dict[str, ReportAnswerer],
) -> None:
    district = answerers["songhe"]
    a = district.ask("松河区2030年一般公共预算收入是多少？")
    assert a.answerable and "28.6" in a.answer
    assert "16.5" not in a.answer  # a part of it is not the whole
