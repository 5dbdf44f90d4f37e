"""Lists a report makes that a resident asks for in words of their own, over a county's work report
this test writes (青石县, 2026).

A heading's paragraphs may each open with a short title and go on with a body ("促进高质量充分
就业。" ¶ "…"): the titles are the list the heading names, though no sentence announces them.
A resident asks "存在哪些问题" of a list announced as "问题也不容忽视", "2025年取得了哪几方面
成效" with no word but the year, "主要预期目标是什么" without "哪些", "哪三方面工作" without a
measure word, "“十四五”时期取得了哪些成就" in words no announcement uses: each gets the report's
items in order, not one sentence; a year's question never gets a list of another year's part.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.index.embedders import Embedder

REPORT = """\
2026年青石县政府工作报告
——2026年1月12日在青石县第十八届人民代表大会第五次会议上
青石县县长 林海
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全县地区生产总值达到312亿元，增长5.6%。一是工业生产稳中有升，规模以上工业增加值增长7.2%；二是农业基础更加牢固，粮食产量达到41万吨；三是城乡面貌明显改善，新建改建农村公路180公里。
成绩来之不易，问题也不容忽视。一是产业结构偏重，新兴产业规模不大；二是县域消费活力不足，服务业发展较慢；三是教育医疗等公共服务还有短板。
二、“十四五”时期发展回顾
“十四五”时期，全县地区生产总值年均增长6.1%。一是综合实力跃上新台阶；二是生态环境持续向好。
三、2026年工作安排
今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右；城镇新增就业3000人以上；居民人均可支配收入增长6%左右。
坚持民生为大，持续加大财政投入，推动公共服务向农村延伸，扎实办好三件民生实事，切实让群众看到变化、得到实惠。一是新建城区第三幼儿园，新增学位540个；二是改造农村供水管网120公里；三是为65岁以上老年人免费体检2万人次。
重点做好三方面工作。
（一）聚力壮大县域经济
实施工业倍增计划，新引进亿元以上项目20个，规模以上工业增加值增长8%。
（二）聚力推进乡村振兴
新建高标准农田5万亩，培育县级以上农业龙头企业12家。
（三）聚力提高群众生活品质
促进高质量充分就业。
开展就业服务专项行动，帮助1200名高校毕业生和农村劳动力就业。
提升医疗卫生服务水平。
建成县人民医院新住院楼，新增床位300张，村卫生室标准化建设全覆盖。
发展文化体育事业。
新建城市书房6个、乡镇全民健身中心4个，举办县运动会。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingshi-2026-gzbg.txt", REPORT)


def test_titled_paragraphs_under_a_heading_are_its_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2026年提高群众生活品质这部分讲了哪几块")
    assert a.answerable
    assert _in_order(a.answer, ["促进高质量充分就业", "提升医疗卫生服务水平", "发展文化体育事业"]), a.answer


def test_the_askers_verb_need_not_be_in_the_announcing_words(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2026年政府工作报告说目前存在哪些问题")
    assert _in_order(a.answer, ["产业结构偏重", "县域消费活力不足", "公共服务还有短板"]), a.answer
    assert "工业生产稳中有升" not in a.answer, a.answer


def test_a_year_alone_asks_the_list_that_opens_that_years_part(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2025年取得了哪几方面成效")
    assert _in_order(a.answer, ["工业生产稳中有升", "农业基础更加牢固", "城乡面貌明显改善"]), a.answer
    assert "综合实力跃上新台阶" not in a.answer, a.answer  # the five-year review's list


def test_main_targets_asked_with_what_are_they_get_every_target(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2026年主要预期目标是什么")
    targets = ["地区生产总值增长6%左右", "城镇新增就业3000人以上", "居民人均可支配收入增长6%左右"]
    assert _in_order(a.answer, targets), a.answer


def test_a_count_without_a_measure_word_asks_a_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2026年重点做好哪三方面工作")
    assert _in_order(a.answer, ["聚力壮大县域经济", "聚力推进乡村振兴", "聚力提高群众生活品质"]), a.answer


def test_achievements_of_a_named_period_are_its_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县“十四五”时期取得了哪些成就")
    assert _in_order(a.answer, ["综合实力跃上新台阶", "生态环境持续向好"]), a.answer


def test_a_list_of_the_plan_year_does_not_answer_for_the_year_before(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2025年在提高群众生活品质上做了哪几块")
    assert not _in_order(a.answer, ["促进高质量充分就业", "提升医疗卫生服务水平"]), a.answer


def test_how_many_items_is_answered_with_the_count_and_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2026年重点工作一共几个方面")
    assert "共3项" in a.answer, a.answer
    assert _in_order(a.answer, ["聚力壮大县域经济", "聚力推进乡村振兴", "聚力提高群众生活品质"]), a.answer
    targets = answerer.ask("青石县2026年主要预期目标一共几项")
    assert "共3项" in targets.answer, targets.answer


def test_a_long_announcing_sentence_is_cut_to_the_clause_counting_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青石县2026年三件民生实事有哪些")
    items = ["扎实办好三件民生实事", "新建城区第三幼儿园", "改造农村供水管网", "免费体检"]
    assert _in_order(a.answer, items), a.answer
    assert "坚持民生为大" not in a.answer, a.answer


def test_a_follow_up_asks_one_titled_item_by_its_place(answerer: ReportAnswerer) -> None:
    first = "青石县2026年提高群众生活品质这部分讲了哪几块"
    history = [Turn("user", first), Turn("assistant", answerer.ask(first).answer)]
    a = answerer.ask("第二块呢", history)
    assert "提升医疗卫生服务水平" in a.answer, a.answer
    assert "促进高质量充分就业" not in a.answer, a.answer
