"""The answerer on a provincial work report this test writes (豫州省, 2031), asked the way residents
ask: which part of the report speaks of a topic when they say "哪一块" and the heading writes the
topic's words apart ("深化改革扩大开放" for 改革开放), and a count in a unit the figure reader
must know ("加装电梯500部"). What a reader notices: the heading is named, the count is given."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.figures import find_figures
from wenbao.answering.question import SECTION_Q, QuestionAnalyzer
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.index.embedders import Embedder

REPORT = """\
2031年豫州省政府工作报告
2031年1月18日在豫州省第十六届人民代表大会第二次会议上豫州省人民政府省长李四作政府工作报告
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2030年工作回顾
过去一年，全省地区生产总值增长5.1%，经济运行稳中向好。
（一）城乡建设品质稳步提升。新改建农村公路3200公里，完成农村危房改造1.2万户。
（二）民生福祉持续增进。新增普惠托位5000个，改造老旧小区800个。
二、2031年工作安排
我们坚持政府市场两手发力，改革开放相互促进，加快破除制约发展的深层次障碍，让全社会内生动力更加强劲。
今年经济社会发展的主要预期目标是：全省地区生产总值增长5%左右，城镇新增就业80万人，居民消费价格涨幅2%左右。
（一）聚焦推动经济回升向好，全方位扩大有效需求。新建高标准农田400万亩，粮食产量稳定在650亿斤以上。
（二）聚焦提供强大动力和制度保障，进一步全面深化改革扩大开放。完成国企改革深化提升行动，新增外贸企业300家。
（三）聚焦促进共同富裕，办好民生实事。坚持民生为大，继续实施20项民生工程，增强人民群众获得感幸福感安全感。
促进高质量充分就业。促进高校毕业生、退役军人、农民工等重点群体就业，强化残疾人等就业困难人员帮扶，加强职业技能培训，打造“15分钟就业服务圈”，确保零就业家庭动态清零，城镇新增就业80万人。
今年再办好10件民生实事。一是新建改造40个社区养老工程。二是配置自动体外除颤器800台。三是实施住宅自愿加装电梯500部。四是免费送戏下乡1万场。
三、全面提升政府治理效能
坚持依法行政，自觉接受人大监督，联合12部门开展专项整治，严格落实过紧日子要求。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "yuzhou-2031-gzbg.txt", REPORT)


def test_which_block_speaks_of_a_topic_names_the_heading(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年报告哪一块说的是民生的事？")
    assert a.answerable and "聚焦促进共同富裕，办好民生实事" in a.answer


def test_a_heading_writing_the_topics_words_apart_is_the_part(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年政府工作报告哪部分讲改革开放")
    assert a.answerable and "深化改革扩大开放" in a.answer
    assert "相互促进" not in a.answer  # the plan's opening only mentions it


def test_a_count_of_lifts_is_a_figure(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年老楼加装电梯装多少部？")
    assert a.answerable and "500部" in a.answer


def test_a_count_asked_after_a_helper_verb_counts_what_follows(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年能让多少城里人找到新工作？")
    assert a.answerable and "80万人" in a.answer
    # a refusal names what was asked, not the helper verb ("没有找到关于能让的信息")
    frame = QuestionAnalyzer(MappingSynonyms({})).analyze("能让多少人坐上高铁？")
    assert "能让" not in frame.topic and "高铁" in frame.topic


def test_a_target_asked_with_its_verb_is_read_where_the_report_omits_it(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年物价涨幅控制在多少？")
    assert a.answerable and "2%左右" in a.answer


def test_where_money_goes_is_no_part_of_the_report() -> None:
    analyzer = QuestionAnalyzer(MappingSynonyms({}))
    assert analyzer.analyze("豫州2031年报告哪一块讲的是就业").aspect == SECTION_Q
    assert analyzer.analyze("豫州2031年专项债主要用在哪一块").aspect != SECTION_Q


def test_departments_are_no_count_in_the_unit_of_works() -> None:
    assert [f.text for f in find_figures("加装电梯500部，联合12部门，3部委")] == ["500部"]
