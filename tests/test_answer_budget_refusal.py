"""Budget questions a budget report does not answer (issue 27): a level below the report's place
("区县级" of a city's report), an amount per person or per month where the report gives only
totals; and the per-person standard, not a fund's total, where the report gives both; which of
the four budgets a figure is of when its sentence does not say; a conversation that changes only
the budget. The report is one the test writes, of a place it makes up."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerability import AnswerabilityModel
from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import Extraction, ExtractiveAnswerer
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.documents import Chunk, Hit
from wenbao.index.embedders import Embedder
from wenbao.ingest.levels import LOWER, OWN, asked_level, lower_level_named, place_tier

REPORT = """关于云溪市2026年预算执行情况和2027年预算草案的报告
——2027年1月9日在云溪市第八届人民代表大会第四次会议上
云溪市财政局局长 钱七
各位代表：
受市人民政府委托，现将云溪市2026年预算执行情况和2027年预算草案提请大会审议。
一、2026年预算执行情况
（一）一般公共预算
2026年全市地方一般公共预算收入完成1,083,600万元，增长2.8%。其中资源税下降5.1%。国有资源有偿使用收入完成8.8亿元。全市一般公共预算支出执行2,764,100万元，其中教育支出45.2亿元。
市本级地方一般公共预算收入完成37.42亿元，增长1.9%。市本级一般公共预算支出执行81.06亿元。
（二）政府性基金预算
2026年全市政府性基金预算收入完成50.1亿元，加上上级补助收入3.2亿元，收入合计53.3亿元。
市本级政府性基金收入完成6.3亿元，下降20.5%，主要是市本级土地出让收入不及预期。
（三）社会保险基金预算
2026年全市社会保险基金预算收入完成96.3亿元。其中城乡居民基本养老保险基金收入12.8亿元，城乡居民基本医疗保险基金收入15.6亿元。
（四）政府债务
截至2026年底，全市政府债务余额880.4亿元，其中县级政府债务余额301.7亿元。
（五）民生保障
城乡居民基本养老保险、城乡居民基本医疗保险补助水平分别提高至173元/人/月、690元/人/年。全年民生支出占一般公共预算支出比重达78.2%。全市农林水支出30.6亿元，增长5%。
二、2027年预算草案
全市地方一般公共预算收入预期实现1,115,000万元，安排一般公共预算支出总计2,903,500万元。市本级地方一般公共预算收入预期实现38.5亿元，市本级一般公共预算支出安排92.4亿元。
全市政府性基金预算收入预期实现50.5亿元，同比增长12%。按照以收定支原则，相应安排支出总计72.3亿元。
全市社会保险基金预算收入预期实现101.2亿元，同比增长4.1%。安排支出总计88.6亿元，同比增长3.9%。
以上报告，请予审议。
"""


def test_a_level_below_the_reports_place_is_read_by_its_tier() -> None:
    assert place_tier("云溪市") == 1 and place_tier("湖南省") == 0 and place_tier("广西壮族自治区") == 0
    assert place_tier("大理白族自治州") == 1 and place_tier("阿克苏地区") == 1 and place_tier("青禾县") == 2
    assert lower_level_named("云溪2026年区县级一般公共预算收入合计多少", "云溪市") == "区县级"
    assert lower_level_named("那县（市、区）级呢？", "云溪市") == "县（市、区）级"
    assert lower_level_named("全省市县级财政收入多少", "湖南省") is not None
    assert lower_level_named("乡镇级呢", "青禾县") == "乡镇级"
    # residents' word for that tier's government; a compound or a park is no tier
    assert lower_level_named("云溪县里从上级拿到多少转移支付", "云溪市") == "县里"
    assert lower_level_named("小区里加装电梯多少部", "云溪市") is None
    assert lower_level_named("园区里的企业交了多少税", "云溪市") is None
    # the place's own level, the whole place, and a 县级 that is not a fiscal level are not asked
    assert lower_level_named("云溪市本级一般公共预算收入多少", "云溪市") is None
    assert lower_level_named("市级统筹的社会保险基金收入多少", "云溪市") is None
    assert lower_level_named("县级综合性零工市场建了多少个", "云溪市") is None
    assert lower_level_named("县级一般公共预算收入多少", "青禾县") is None
    # the counties and districts together are no government's own level, whatever the report
    assert asked_level("那区县级呢？") == LOWER and asked_level("各县（市、区）一般公共预算收入多少") == LOWER
    assert asked_level("市本级呢") == OWN


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "yunxi-2027-ysbg.txt", REPORT)


def test_the_counties_sum_is_refused_where_the_report_gives_only_the_city_and_its_own_level(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("云溪2026年区县级一般公共预算收入合计是多少？")
    assert not a.answerable, a.answer
    assert "37.42" not in a.answer and "1,083,600" not in a.answer
    # in a conversation, the level alone changed to the counties'
    first = "云溪2026年全市地方一般公共预算收入完成多少？"
    c = answerer.ask("那区县级呢？", [Turn("user", first), Turn("assistant", "1,083,600万元")])
    assert not c.answerable and "37.42" not in c.answer and "1,083,600" not in c.answer, c.answer
    d = answerer.ask("云溪2026年县里一般公共预算收入一共多少？")
    assert not d.answerable and "1,083,600" not in d.answer, d.answer
    # where a sentence names the counties' level, it answers
    b = answerer.ask("截至2026年底云溪县级政府债务余额是多少？")
    assert b.answerable and "301.7亿元" in b.answer, b.answer


def test_a_per_head_figure_is_refused_where_the_report_gives_only_the_total(answerer: ReportAnswerer) -> None:
    a = answerer.ask("云溪2026年人均一般公共预算支出是多少元？")
    assert not a.answerable, a.answer
    assert "2,764,100" not in a.answer


def test_a_per_person_standard_is_answered_with_the_standard_not_the_funds_income(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("云溪2026年城乡居民养老金每人每月补到多少？")
    assert a.answerable and "173元" in a.answer, a.answer
    assert "12.8亿元" not in a.answer
    # two standards asked in one question, the second without a per-person word
    two = answerer.ask("云溪2026年城乡居民养老金每月补到多少？居民医保每年补多少？")
    assert two.answerable and "173元" in two.answer and "690元" in two.answer, two.answer
    assert "15.6亿元" not in two.answer and "12.8亿元" not in two.answer
    b = answerer.ask("云溪2026年城乡居民医保政府给每人补多少？")
    assert b.answerable and "690元" in b.answer and "15.6亿元" not in b.answer, b.answer
    # the fund's income asked is still the fund's income
    c = answerer.ask("云溪2026年城乡居民基本养老保险基金收入多少？")
    assert c.answerable and "12.8亿元" in c.answer, c.answer


def test_a_sentence_that_does_not_name_its_budget_is_of_its_paragraphs(answerer: ReportAnswerer) -> None:
    # "相应安排支出总计72.3亿元" is the 政府性基金's spending, though its sentence names no budget
    a = answerer.ask("云溪2027年全市社保基金预算收入和支出各安排多少？")
    assert a.answerable and "101.2亿元" in a.answer and "88.6亿元" in a.answer, a.answer
    assert "72.3亿元" not in a.answer
    b = answerer.ask("云溪2027年全市政府性基金预算支出安排多少？")
    assert b.answerable and "72.3亿元" in b.answer and "88.6亿元" not in b.answer, b.answer


def test_a_conversation_changes_only_the_budget(answerer: ReportAnswerer) -> None:
    first = "云溪2027年全市社会保险基金预算收入预期多少？"
    assert "101.2亿元" in answerer.ask(first).answer
    a = answerer.ask("那政府性基金呢？", [Turn("user", first), Turn("assistant", "101.2亿元")])
    assert a.answerable and "50.5亿元" in a.answer, a.answer
    assert "72.3亿元" not in a.answer and "101.2亿元" not in a.answer


# (question, the figure it is answered with, or None: refused, with what must not be quoted)
FIGURE_CASES = {
    # a narrower indicator than the one the passage gives: 卫生健康 is never named, the budget's
    # whole spending is no answer to it
    "narrower named": ("云溪2026年全市教育支出是多少？", "45.2亿元", ""),
    "narrower unnamed": ("云溪2026年全市卫生健康支出是多少？", None, "2,764,100"),
    "narrower unnamed plan": ("云溪2027年全市卫生健康支出安排多少？", None, "2,903,500"),
    # a change asked where the report prints only the amount
    "change not printed": ("云溪2026年全市政府性基金预算收入比上年增长了多少？", None, "50.1"),
    "amount printed": ("云溪2026年全市政府性基金预算收入是多少？", "50.1亿元", ""),
    # "…收入完成6.3亿元，…主要是市本级土地出让收入不及预期": the fund's figure, not the land sales'
    "named as a cause": ("云溪2026年市本级土地出让收入是多少亿元？", None, "6.3亿元"),
    # a budget's figure answers only the indicator its sentence names
    "indicator unnamed": ("云溪2027年市本级预备费安排了多少？", None, "92.4"),
    "indicator named": ("云溪2027年市本级一般公共预算支出安排多少？", "92.4亿元", ""),
    # a sentence that opens with another level does not answer the level asked
    "level of the sentence": ("云溪2026年全市农林水支出多少？", "30.6亿元", ""),
    "another level's sentence": ("云溪2026年市本级农林水支出多少？", None, "30.6"),
    # "资源税" is not named by "国有资源有偿使用收入", nor by the paragraph's earlier "资源税下降5.1%"
    "a word half named": ("云溪2026年全市资源税完成多少亿元？", None, "8.8亿元"),
    # one year's budget figure is no answer to a five-year period's
    "a period asked": ("云溪“十五五”期间全市地方一般公共预算收入累计多少？", None, "1,115,000"),
}


@pytest.mark.parametrize("case", FIGURE_CASES)
def test_a_budget_figure_answers_only_what_it_is_the_figure_of(answerer: ReportAnswerer, case: str) -> None:
    question, figure, not_quoted = FIGURE_CASES[case]
    a = answerer.ask(question)
    if figure is None:
        assert not a.answerable and not_quoted not in a.answer, a.answer
    else:
        assert a.answerable and figure in a.answer, a.answer


PROVINCE = """关于青川省2026年预算执行情况和2027年预算草案的报告
——2027年1月20日在青川省第十四届人民代表大会第五次会议上
青川省财政厅厅长 孙八
各位代表：
一、2026年预算执行情况
2026年全省一般公共预算收入完成3,256.7亿元，增长3.1%。全省一般公共预算支出执行7,410.2亿元。
省本级一般公共预算收入完成402.5亿元，增长2.2%。省本级一般公共预算支出执行1,120.8亿元。
二、2027年预算草案
全省一般公共预算收入预期实现3,355亿元。省本级一般公共预算收入预期实现412亿元。
"""


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingchuan-2027-ysbg.txt", PROVINCE)


def test_a_provinces_report_refuses_the_levels_below_it(province: ReportAnswerer) -> None:
    a = province.ask("青川省2026年市县级一般公共预算收入合计多少？")
    assert not a.answerable and "402.5" not in a.answer and "3,256.7" not in a.answer, a.answer
    b = province.ask("青川省2026年省本级一般公共预算收入完成多少？")
    assert b.answerable and "402.5亿元" in b.answer, b.answer
    c = province.ask("青川省2026年人均一般公共预算收入是多少？")
    assert not c.answerable and "3,256.7" not in c.answer, c.answer


def _work_chunk(text: str, cid: str) -> Chunk:
    return Chunk(
        chunk_id=cid,
        doc_id="qinghe-2026-gzbg",
        doc_title="2026年青禾县政府工作报告",
        year=2026,
        heading_path=("2025年工作回顾",),
        heading_numbers=("一、",),
        text=text,
        start=0,
        end=len(text),
    )


AIR = "生态环境持续改善。空气环境质量优良率达82.4%，PM2.5平均浓度降至28微克/立方米。"
SPENDING = "全县一般公共预算支出32.6亿元，民生支出占比达80.5%。"
HEALTH = "深化医药卫生体制改革，县医院建成胸痛中心，卫生健康服务能力持续提升。"
WORK_ANALYZER = QuestionAnalyzer(MappingSynonyms({}), home_places=("青禾县", "青禾"))


def _extract(question: str, *chunks: Chunk) -> Extraction:
    hits = [Hit(c, 1.0 / (i + 1), {"bm25": i + 1, "dense": i + 1}) for i, c in enumerate(chunks)]
    # a judge sure of every quote: what is left to refuse is the rules'
    sure = AnswerabilityModel(weights={}, bias=5.0, mean={}, scale={})
    return ExtractiveAnswerer(judge=sure).extract(WORK_ANALYZER.analyze(question), hits)


def test_a_residents_word_before_a_rate_is_no_narrower_indicator_in_a_work_report() -> None:
    # "日子" is no word of the passages read: the question asks the rate in everyday words, not a
    # narrower indicator the report leaves out
    everyday = _extract("青禾县2025年空气好的日子占比有多高？", _work_chunk(AIR, "air"))
    assert everyday.answerable and everyday.best is not None and "82.4%" in everyday.best.quote, (
        everyday.reason
    )
    # "卫生健康" is a word of the report (another passage uses it): the whole spending is still no
    # answer to the narrower indicator
    narrower = _extract(
        "青禾县2025年卫生健康支出是多少？", _work_chunk(SPENDING, "spending"), _work_chunk(HEALTH, "health")
    )
    # (the total's figure is in no clause naming 卫生健康: a budget line's figure is its own clause's,
    # so the refusal may be that no passage gives the asked figure)
    reason = narrower.reason or ""
    assert not narrower.answerable and ("更宽的指标" in reason or "没有所问的数字" in reason), reason
