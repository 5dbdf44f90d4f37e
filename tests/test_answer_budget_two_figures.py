"""Budget questions that ask two figures at once (issue 27): one indicator at two levels ("全县和县本级
…分别是多少"), two budgets sharing a head said once ("国有资本经营预算和社会保险基金预算的收入"), a
budgeted figure and its outturn ("调整后的预算是多少，实际完成多少"), one year's outturn and the next
year's plan asked by their verbs alone ("2026年执行多少，2027年安排多少"); the everyday words that
single out a level ("光算县本级") are no place; residents' words for a state firm's payments, funerals
and tax cuts; what a measure came to in the year is no budget approved, and answers before the five
years' sum. The report is a county's the test writes (云岭县, 2027), with a development zone."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.synonyms import default_synonyms
from wenbao.index.embedders import Embedder
from wenbao.ingest.levels import OWN, WHOLE

REPORT = """关于云岭县2026年预算执行情况与2027年预算草案的报告
——2027年1月12日在云岭县第十九届人民代表大会第三次会议上
云岭县财政局
各位代表：
受县人民政府委托，向大会报告云岭县2026年预算执行情况和2027年预算草案，请予审议。
一、2026年预算执行情况
（一）一般公共预算
全县一般公共预算收入预算调整为19.42亿元。2026年全县一般公共预算收入完成18.76亿元，为调整预算的96.6％，下降3.1％。
县本级一般公共预算收入完成6.35亿元，下降4.2％。其中：非税收入完成1.92亿元，下降8.4％。
绿色食品产业开发区地方一般公共预算收入1.26亿元，下降5.2％，加上上级补助收入0.3亿元，收入总计1.56亿元。一般公共预算支出0.98亿元，下降7.7％。
（二）政府性基金预算
2026年县本级政府性基金支出执行4.81亿元，下降12.6％。
2026年工业园区政府性基金支出执行0.52亿元，下降30.1％。
（三）国有资本经营预算
2026年全县国有资本经营预算收入0.86亿元，主要是县属国有企业上缴利润。
（四）债务情况
截至2026年底，全县政府债务余额142.37亿元，控制在省核定的限额内。
截至2026年底，县本级政府债务余额58.14亿元，风险总体可控。
（五）民生保障
统筹安排资金0.45亿元，支持县属国有企业改革，推动国有企业提质增效。
统筹1.2亿元，支持工业园区建设，推动税源企业入园，提高企业财税贡献能力。
全县财政部门落实企业研发费用加计扣除等涉企优惠政策，全县落实减税降费2.63亿元。
2026年秋季学期起免除学前一年公办在园儿童保育教育费，惠及幼儿4200人。
免除城乡居民基本殡葬服务费，惠及群众3100户。
这五年，我们着力培植财源，全县一般公共预算收入累计达到91.3亿元。不折不扣落实减税降费政策，全县累计减税降费11.58亿元，为减轻企业负担发挥了重要作用。
二、2027年预算草案
（一）政府性基金预算
2027年县本级政府性基金预算支出总计9.36亿元，剔除
补助下级支出和专项债务还本支出4.22亿元后，政府性基金支出安排5.14亿元，增长6.9％。
2027年工业园区政府性基金支出安排0.61亿元，增长17.3％。
（二）国有资本经营预算和社会保险基金预算
全县国有资本经营预算收入预期实现0.93亿元。
全县社会保险基金预算收入预期实现26.48亿元，支出安排24.07亿元。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "yunling-2027-ysbg.txt", REPORT)


@pytest.fixture(scope="module")
def analyzer() -> QuestionAnalyzer:
    return QuestionAnalyzer(default_synonyms())


def _answered(answerer: ReportAnswerer, question: str, *figures: str) -> str:
    """The answer to ``question``, which must be answered with every one of ``figures``."""
    a = answerer.ask(question)
    assert a.answerable and all(f in a.answer for f in figures), a.answer
    return a.answer


def test_two_levels_joined_are_two_parts_each_of_its_level(analyzer: QuestionAnalyzer) -> None:
    frame = analyzer.analyze("2026年底云岭全县和县本级的政府债务余额分别是多少？")
    assert [p.level for p in frame.parts] == [WHOLE, OWN]
    assert all("政府债务余额" in p.question for p in frame.parts)
    # in either order, joined by 与 or a pause mark
    other = analyzer.analyze("云岭2026年县本级与全县的一般公共预算收入各是多少")
    assert [p.level for p in other.parts] == [OWN, WHOLE]
    # a heading's words naming both levels in a question asking no figure stay one question
    assert analyzer.analyze("云岭全县和县本级预算执行情况在哪一部分").parts == ()


def test_each_level_is_answered_with_its_own_figure(answerer: ReportAnswerer) -> None:
    _answered(answerer, "2026年底云岭全县和县本级的政府债务余额分别是多少？", "142.37亿元", "58.14亿元")


def test_a_head_said_after_the_second_budget_is_the_firsts_too(
    analyzer: QuestionAnalyzer, answerer: ReportAnswerer
) -> None:
    frame = analyzer.analyze("云岭2027年全县国有资本经营预算和社会保险基金预算的收入各预计多少")
    assert len(frame.parts) == 2 and all("收入" in p.question for p in frame.parts)
    # the level said once, before the first, holds for both
    assert [p.level for p in frame.parts] == [WHOLE, WHOLE]
    _answered(
        answerer, "云岭2027年全县国有资本经营预算和社会保险基金预算的收入各预计多少", "0.93亿元", "26.48亿元"
    )


def test_the_outturn_asked_after_the_budget_drops_the_budgets_words(
    analyzer: QuestionAnalyzer, answerer: ReportAnswerer
) -> None:
    frame = analyzer.analyze("云岭2026年全县一般公共预算收入调整后的预算是多少，实际完成多少？")
    assert len(frame.parts) == 2 and "调整" not in frame.parts[1].question, frame.parts[1].question
    _answered(
        answerer, "云岭2026年全县一般公共预算收入调整后的预算是多少，实际完成多少？", "19.42亿元", "18.76亿元"
    )


def test_a_year_asked_by_its_verb_alone_keeps_the_indicator_and_level(
    analyzer: QuestionAnalyzer, answerer: ReportAnswerer
) -> None:
    q = "云岭县本级政府性基金支出，2026年执行多少，2027年安排多少？"
    second = analyzer.analyze(q).parts[1]
    assert "政府性基金支出" in second.question and "执行" not in second.question, second.question
    assert second.level == OWN and second.years == (2027,)
    answer = _answered(answerer, q, "4.81亿元", "5.14亿元")
    assert "0.61" not in answer and "0.52" not in answer, answer  # the zone's figures: another level's


def test_words_singling_out_a_level_are_no_place(
    analyzer: QuestionAnalyzer, answerer: ReportAnswerer
) -> None:
    for q in ("云岭2026年光算县本级，一般公共预算收入完成多少？", "云岭2026年光是县本级的非税收入完成多少？"):
        assert analyzer.places(q) == (), q
        assert analyzer.analyze(q).level == OWN
    assert analyzer.places("光山县2026年一般公共预算收入多少") == ("光山县",)  # a county's name
    _answered(answerer, "云岭2026年光是县本级的非税收入完成多少？", "1.92亿元")


def test_residents_words_for_a_budgets_money(answerer: ReportAnswerer) -> None:
    # a dictionary's synonyms only (丧事 ~ 殡葬); a resident's phrase per budget head is left to meaning
    _answered(answerer, "云岭2026年老百姓办丧事，政府免了什么费？", "殡葬")


def test_what_a_measure_came_to_is_the_years_figure_not_an_approved_budget(answerer: ReportAnswerer) -> None:
    # "全县落实减税降费2.63亿元" names no outturn word (完成, 执行): it is
    # no budget the congress approved, and the year's own figure beats the five years' "累计"
    answer = _answered(answerer, "云岭2026年减税降费有多少？", "2.63亿元")
    assert "11.58" not in answer, answer


CITY = """关于白沙市2026年全市和市本级预算执行情况与2027年全市和市本级预算草案的报告
——2027年1月18日在白沙市第七届人民代表大会第五次会议上
白沙市财政局局长 林立
各位代表：
一、2026年全市和市本级预算执行情况
（一）一般公共预算
2026年全市一般公共预算收入完成212.46亿元，增长1.7%。全市一般公共预算支出执行401.25亿元，下降2.3%。
2026年经开区一般公共预算收入完成3.2亿元，下降29.7%。2026年经开区一般公共预算支出执行3.05亿元，下降16.8%。
（二）政府性基金预算
2026年全市政府性基金收入完成35.18亿元，下降12.4%，主要是土地出让收入不及预期。
（三）社会保险基金预算
2026年全市社会保险基金预算收入98.62亿元，支出86.35亿元，年末滚存结余143.07亿元。
（四）债务情况
2026年全市发行新增政府债券56.3亿元，其中一般债券12.1亿元、专项债券44.2亿元。截至2026年底，全市政府债务余额1208.55亿元，风险总体可控。
（五）市本级“三公”经费
市本级“三公”经费支出0.42亿元，较年初预算节约0.08亿元。
（六）民生保障
城乡居民基本医疗保险补助水平提高至700元/人/年。筹集资金5.2亿元，支持城市更新和老旧小区改造。
二、2027年全市和市本级预算草案
2027年市对县（市、区）一般公共预算转移支付安排96.4亿元，其中一般性转移支付88.2亿元。
以上报告，请予审议。
附件1：2027年预算公开附表.pdf附件2：2027年“三公”经费支出预算编制说明.pdf附件3：2026年末地方政府债务限额及余额情况表.xlsx
"""


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "baisha-2027-ysbg.txt", CITY)


def test_three_heads_after_one_stem_are_a_part_each(analyzer: QuestionAnalyzer, city: ReportAnswerer) -> None:
    q = "白沙2026年全市社保基金收入、支出和年末滚存结余各多少？"
    parts = analyzer.analyze(q).parts
    assert [p.question for p in parts] == [
        "白沙2026年全市社保基金收入多少",
        "白沙2026年全市社保基金支出多少",
        "白沙2026年全市社保基金年末滚存结余多少",
    ]
    _answered(city, q, "98.62亿元", "86.35亿元", "143.07亿元")
    # places listed are no heads: a comparison of places is the scope's business
    assert analyzer.analyze("白沙、青溪和云岭2026年一般公共预算收入各多少").parts == ()


def test_a_web_pages_list_of_attachments_answers_nothing(city: ReportAnswerer) -> None:
    # "附件2：2027年“三公”经费支出预算编制说明.pdf" names the 三公经费 with years and numbers, no figure
    _answered(city, "白沙2026年三公经费花了多少？", "0.42亿元")


def test_residents_words_for_medical_insurance(
    city: ReportAnswerer,
) -> None:
    _answered(city, "白沙2026年看病的医保补助提到每人每年多少？", "700元")


def test_a_development_zone_is_a_level_not_a_place(analyzer: QuestionAnalyzer, city: ReportAnswerer) -> None:
    assert analyzer.places("白沙2026年经开区一般公共预算收入完成多少？") == ()
    first = "白沙2026年经开区一般公共预算收入完成多少？"
    a = city.ask("支出呢？", [Turn("user", first), Turn("assistant", "3.2亿元")])
    assert a.answerable and "3.05亿元" in a.answer and "401.25" not in a.answer, a.answer


def test_a_zones_sentence_is_named_by_its_paragraphs_lead(answerer: ReportAnswerer) -> None:
    # "…产业开发区地方一般公共预算收入…。一般公共预算支出0.98亿元": the spending is the zone's, whose
    # name the paragraph's lead wrote once
    q = "云岭2026年绿色食品产业开发区一般公共预算收入和支出各多少？"
    answer = _answered(answerer, q, "1.26亿元", "0.98亿元")
    assert "6.35" not in answer, answer
