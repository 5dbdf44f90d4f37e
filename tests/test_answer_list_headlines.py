"""Lists a report makes without numbering them, over a district's work report this test writes
(白沙区, 2026).

A paragraph sums up what was done in its opening words and gives the items in the sentences after
("为民办实事项目全面完成。新增…。改造…。"); a five-year plan's tasks are "——" paragraphs after a long
sentence that says how many there are ("突出了以下三个方面"), though it calls the plan only by its
short name; a sentence announces paragraphs that each open alike with their title ("我们聚焦…。…").
"①…②…" counts them inside a paragraph as "一是…" would.
A list question gets the items in order, not the headline or the long sentence alone,
and not a list its own words say is of another year.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2026年白沙区政府工作报告
——2026年1月8日在白沙区第九届人民代表大会第六次会议上
白沙区区长 陈立
各位代表：
现在，我代表区人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全区地区生产总值达到860亿元，增长5.1%。
为民办实事项目全面完成。新增托育托位860个、社区食堂12家。改造老旧小区住宅46万平方米，加装电梯210台。新建口袋公园18座，开放共享运动场地35处。
文化惠民工程扎实推进，新一轮文化惠民工程［1］已经确定。
一年来主要做了以下工作。
我们聚焦产业升级，加快建设先进制造业基地。新引进亿元以上项目46个，规模以上工业增加值增长6.2%，新增专精特新企业38家。
我们聚焦城市更新，持续提升城区功能品质。完成城中村改造项目9个，打通断头路7条，新增停车泊位3200个。
我们聚焦民生改善，不断增强群众获得感。城镇新增就业1.6万人，新建学校4所，新增养老床位520张。
二、“十五五”时期主要目标任务
区政府编制了《白沙区国民经济和社会发展第十五个五年规划纲要（草案）》，提请大会审查。
《纲要草案》紧紧围绕基本实现现代化的目标，针对发展不平衡不充分的突出问题，明确了今后五年经济社会发展的主要目标任务，提出了一批重大工程和重大项目，突出了以下三个方面。
——壮大现代产业，建设先进制造业强区。
——推进城市更新，建设宜居韧性城区。
——增进民生福祉，建设幸福美好家园。
三、2026年工作安排
今年全区经济社会发展主要预期目标是：地区生产总值增长5%左右；城镇新增就业1.5万人以上。
扎实办好民生实事。提高城乡低保标准。为2000名残疾人提供康复服务。建设社区食堂10个。大范围推进既有住宅加装电梯。
做好今年工作，必须把握好三点。①坚持稳中求进，巩固经济回升向好态势；②坚持创新驱动，加快培育新质生产力；③坚持民生为本，兜牢基本民生底线。
以上报告，请予审议。
［1］2026年文化惠民工程：新建城市书房8个，送戏下乡300场，改造社区文化中心12个。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "baisha-2026-gzbg.txt", REPORT)


def test_the_sentences_after_a_headline_are_what_it_sums_up(answerer: ReportAnswerer) -> None:
    a = answerer.ask("白沙区2025年为民办实事项目办了哪些事？")
    assert a.answerable
    assert _in_order(a.answer, ["托育托位860个", "加装电梯210台", "口袋公园18座"]), a.answer


def test_a_headline_naming_a_set_of_works_titles_its_sentences_with_or_without_figures(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("白沙区2026年要办的民生实事有哪几件")
    assert a.answerable
    assert _in_order(a.answer, ["提高城乡低保标准", "2000名残疾人", "社区食堂10个", "加装电梯"]), a.answer


def test_a_list_the_report_counts_itself_is_found_by_the_plans_short_name(answerer: ReportAnswerer) -> None:
    a = answerer.ask("白沙区“十五五”规划纲要草案的主要目标任务有哪几条？")
    assert a.answerable
    assert _in_order(a.answer, ["壮大现代产业", "推进城市更新", "增进民生福祉"]), a.answer


def test_a_list_announced_as_another_years_does_not_answer(answerer: ReportAnswerer) -> None:
    done = answerer.ask("白沙区2025年文化惠民工程有哪些？")
    assert "城市书房" not in done.answer, done.answer
    planned = answerer.ask("白沙区2026年文化惠民工程有哪些？")
    assert _in_order(planned.answer, ["城市书房8个", "送戏下乡300场", "社区文化中心12个"]), planned.answer


def test_paragraphs_opening_alike_after_an_announcement_are_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("白沙区2025年主要做了哪些工作？")
    assert _in_order(a.answer, ["聚焦产业升级", "聚焦城市更新", "聚焦民生改善"]), a.answer


def test_circled_numbers_inside_a_paragraph_are_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("白沙区2026年做好工作必须把握好哪几点？")
    assert _in_order(a.answer, ["坚持稳中求进", "坚持创新驱动", "坚持民生为本"]), a.answer
    third = answerer.ask("白沙区2026年做好工作必须把握好的第三点是什么？")
    assert "坚持民生为本" in third.answer and "稳中求进" not in third.answer, third.answer
