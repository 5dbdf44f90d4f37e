"""List questions asked the ways residents and journalists ask them, over a province's work report
this test writes (澜江省, 2027).

Two items asked together ("第二项和第四项") get both; how many there are asked beside the last
item gets the count; a list the question quotes by its counted name ("“四张清单”") is the list the
report names so, in a note; a counted name the report never says, or a city inside the province
it never mentions, is refused rather than answered with another list; the sentence that answers
best announces "一是…二是…" in words the question does not use ("抓落实" for "组织实施"); the asker's
verbs ("安排了哪些工作", "承认存在哪些", "包括哪两块") do not have to be the report's.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.question import LIST_Q, QuestionAnalyzer
from wenbao.documents import Answer
from wenbao.index.embedders import Embedder

REPORT = """\
2027年澜江省政府工作报告
——2027年1月20日在澜江省第十五届人民代表大会第三次会议上
澜江省省长 周明
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2026年工作回顾
过去一年，全省地区生产总值增长5.6%，城镇新增就业62万人，粮食总产量达到610亿斤。
在看到成绩的同时，我们也清醒认识到，经济社会发展中还存在一些困难和问题：产业体系能级有待提高；县域经济实力不强；部分群众增收难度加大；等等。
二、“十五五”时期主要目标任务
“十五五”时期，全省地区生产总值年均增长5%左右，居民收入增长和经济增长同步。
《纲要（草案）》经大会审查通过后，省政府将全力组织实施。一是细化分解任务，明确责任分工。二是强化要素保障，优先保障重大项目用地用能。三是加强评估督导，开展年度监测评估。
三、2027年重点工作
重点抓好以下6个方面的工作：
（一）扩大有效需求
深入实施提振消费专项行动，社会消费品零售总额增长5%。完善“四张清单”［1］，滚动推进重大项目。
（二）建设现代化产业体系
推动传统产业改造升级，新培育专精特新企业300家。
（三）深化改革开放
深化国资国企改革，开通国际货运航线5条。
（四）推进乡村全面振兴
新建高标准农田120万亩，粮食产量稳定在600亿斤以上。
（五）加强生态环境保护
深入打好污染防治攻坚战。地级城市空气质量优良天数比率保持在90%以上。
积极稳妥推进碳达峰。新增新能源装机规模600万千瓦。
（六）切实增进民生福祉，不断提高社会建设水平
加快建设高质量教育体系。新建改扩建幼儿园40所，新增学位2万个。
推进健康澜江建设。新增三级甲等医院2家。
保障好群众住房需求。改造城镇老旧小区800个。
持续办好民生实事。一是新增普惠托位5000个。二是改造提升农村公路1500公里。三是建设社区食堂200个。四是为65岁以上老年人免费体检100万人次。
［1］四张清单：项目储备清单、开工清单、在建清单、竣工清单。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "lanjiang-2027-gzbg.txt", REPORT)


def _listed(answerer: ReportAnswerer, question: str, items: list[str]) -> Answer:
    """The answer to a list question, checked to give ``items`` in order."""
    a = answerer.ask(question)
    assert a.answerable and _in_order(a.answer, items), a.answer
    return a


# --- how the question is read ------------------------------------------------------------------


def test_items_joined_by_a_conjunction_are_each_asked() -> None:
    frame = QuestionAnalyzer().analyze("2027年民生实事第三件和第六件分别是什么？")
    assert frame.ordinal == (6, 6) and frame.joined_ordinals == ((3, 3),)
    first_and_last = QuestionAnalyzer().analyze("2027年主要工作第一项和最后一项各是什么？")
    assert first_and_last.ordinal == (-1, -1) and first_and_last.joined_ordinals == ((1, 1),)


def test_a_rewritten_follow_ups_ordinal_replaces_the_earlier_one() -> None:
    # "…第一项" then "前两项呢" is read as "…第一项前两项": nothing joins them
    frame = QuestionAnalyzer().analyze("2027年重点工作第一项前两项")
    assert frame.ordinal == (1, 2) and frame.joined_ordinals == ()


def test_kuai_counts_the_items_a_list_question_asks() -> None:
    frame = QuestionAnalyzer().analyze("2027年加强生态环境保护包括哪两块工作")
    assert frame.aspect == LIST_Q and frame.item_count == 2
    assert "包括" not in [t.text for t in frame.terms]


# --- answers ------------------------------------------------------------------------------------


def test_two_items_asked_together_are_both_answered(answerer: ReportAnswerer) -> None:
    a = _listed(
        answerer,
        "澜江2027年持续办好民生实事，第二项和第四项分别是什么？",
        ["改造提升农村公路1500公里", "为65岁以上老年人免费体检100万人次"],
    )
    assert "新增普惠托位5000个" not in a.answer and "建设社区食堂200个" not in a.answer


def test_how_many_beside_the_last_item_gets_the_count_in_the_reports_words(answerer: ReportAnswerer) -> None:
    a = answerer.ask("澜江2027年重点工作一共有几个方面？最后一个方面讲的是什么？")
    assert a.answerable and "6个方面" in a.answer and "共6项" in a.answer
    assert "切实增进民生福祉" in a.answer and "扩大有效需求" not in a.answer


def test_a_quoted_counted_name_is_the_list_the_report_names_so(answerer: ReportAnswerer) -> None:
    _listed(
        answerer,
        "澜江2027年抓项目提到的“四张清单”是哪四张？",
        ["项目储备清单", "开工清单", "在建清单", "竣工清单"],
    )


def test_a_quoted_counted_name_the_report_never_says_is_refused(answerer: ReportAnswerer) -> None:
    a = answerer.ask("澜江2027年政府工作报告提出的“五大战略”是哪五个？")
    assert not a.answerable and "五大战略" in a.answer
    assert "扩大有效需求" not in a.answer


def test_a_city_the_provinces_report_never_mentions_gets_no_list_of_the_provinces(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("澜江省临川市2027年重点工作有哪几个方面？")
    assert not a.answerable and "临川" in a.answer
    assert "扩大有效需求" not in a.answer


def test_the_best_sentence_announces_the_list_asked_in_other_words(answerer: ReportAnswerer) -> None:
    _listed(
        answerer,
        "澜江“十五五”规划纲要草案通过以后，省政府打算从哪几方面抓落实？",
        ["细化分解任务", "强化要素保障", "加强评估督导"],
    )


def test_the_askers_verb_before_a_verbal_noun_need_not_be_the_reports(answerer: ReportAnswerer) -> None:
    _listed(
        answerer,
        "澜江2027年在民生和社会建设上安排了哪些工作？",
        ["加快建设高质量教育体系", "推进健康澜江建设", "保障好群众住房需求"],
    )


def test_what_the_report_admits_is_its_list_of_problems(answerer: ReportAnswerer) -> None:
    _listed(
        answerer,
        "澜江省2027年政府工作报告承认存在哪些困难和问题？",
        ["产业体系能级有待提高", "县域经济实力不强", "部分群众增收难度加大"],
    )


def test_two_parts_asked_by_kuai_are_the_headings_two_titles(answerer: ReportAnswerer) -> None:
    _listed(
        answerer, "澜江2027年加强生态环境保护包括哪两块工作", ["深入打好污染防治攻坚战", "积极稳妥推进碳达峰"]
    )


# --- paragraphs that open alike, the years a review sums up, titles over their bodies -------------

COUNTY = """\
2026年溪川县政府工作报告
——2026年1月8日在溪川县第十九届人民代表大会第六次会议上
溪川县县长 赵新
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、2025年和“十四五”时期工作回顾
过去一年，全县地区生产总值增长6.1%，城镇新增就业5200人。
各位代表！“十四五”时期是溪川发展很不平凡的五年。
五年来，我们坚定不移抓产业，县域经济实力明显增强。地区生产总值从180亿元增加到260亿元。
建成省级开发区1个，新增规模以上工业企业86家。
五年来，我们坚定不移抓改革，发展动力持续增强。完成农村集体产权制度改革。
五年来，我们坚定不移惠民生，群众获得感明显提升。新建学校12所，新增养老床位900张。
二、“十五五”时期主要目标任务
“十五五”时期，全县地区生产总值年均增长6%左右。
各位代表，我们的信心来源于县委的坚强领导，发展方向明确。
我们的信心来源于多年积累的坚实基础，产业体系比较完整。
我们的信心来源于全县人民的团结奋斗，干事创业热情高涨。
三、2026年重点工作
（一）提高群众生活品质
多办惠民实事，让群众过上更好生活。
促进高质量充分就业。
深入开展就业服务专项行动，城镇新增就业5000人。
提升医疗卫生服务水平。
推进县域医共体建设，新增床位200张。
健全社会保障体系。
开展全民参保行动，基本养老保险参保率达到95%。
（二）推动县域经济发展
新建标准厂房20万平方米，引进亿元以上项目30个。
"""


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "xichuan-2026-gzbg.txt", COUNTY)


def test_the_five_years_are_summed_up_by_the_paragraphs_that_open_alike(county: ReportAnswerer) -> None:
    _listed(county, "溪川县过去五年取得了哪些成绩？", ["坚定不移抓产业", "坚定不移抓改革", "坚定不移惠民生"])


def test_paragraphs_that_open_alike_list_what_their_opening_says(county: ReportAnswerer) -> None:
    _listed(
        county,
        "溪川县对实现“十五五”目标的信心来源于哪些方面？",
        ["县委的坚强领导", "多年积累的坚实基础", "全县人民的团结奋斗"],
    )


def test_titles_on_lines_of_their_own_are_the_items_not_their_bodies(county: ReportAnswerer) -> None:
    a = _listed(
        county,
        "溪川县2026年在提高群众生活品质方面有哪些工作？",
        ["促进高质量充分就业", "提升医疗卫生服务水平", "健全社会保障体系"],
    )
    assert "深入开展就业服务专项行动" not in a.answer
