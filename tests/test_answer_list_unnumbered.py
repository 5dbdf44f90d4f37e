"""Lists a report makes in words rather than numbers, over a county's work report this test writes
(石泉县, 2026).

"一要…二要…" counts what must be grasped inside the paragraph that announces it, though sub-headings
follow that paragraph; a paragraph's short opening sentence ("全力促进就业增收。") titles the
sentences after it, up to the next such title; a resident asks what "政府" will focus on, a word of
the report's title that no announcing sentence repeats ("重点抓好以下工作。"); "还有呢？" after one
item asks for the next; a list asked by its count ("哪五张网") that the report only names by that
count ("以“五张网”为牵引") is not answered with the sentence naming it, nor a list of what the
year's part heading does not name with that part's sub-headings; an ordinal of items counted inside
one clause ("A、B、C三件民生实事") is that item; "一共要抓好几个方面的工作" asks how many items
and which. Each answer is the report's own
items in order, not the headline alone, nor another list.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.index.embedders import Embedder

REPORT = """\
2026年石泉县政府工作报告
——2026年1月9日在石泉县第十九届人民代表大会第五次会议上
石泉县县长 周明远
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全县地区生产总值达到186亿元，增长6.1%。城镇新增就业4800人。
二、2026年重点工作
今年政府工作的总体要求是：坚持稳中求进工作总基调，统筹发展和安全，着力稳就业、稳企业、稳预期，推动县域经济高质量发展。
做好今年工作，要着重把握以下几个方面。一要坚持产业强县。壮大富硒食品和蚕桑丝绸产业。二要坚持生态立县。守护汉江一江清水。三要坚持民生兴县。把有限财力更多用于民生。
只要我们坚定信心、真抓实干，就一定能完成全年目标任务。重点抓好以下工作。
（一）做强县域特色产业
新建富硒茶园8000亩，新增规模以上工业企业12家。
促进县经济开发区提质升级。健全市场化管理体制，完善开发区“管委会＋公司”运营模式，建强专业化招商队伍。引育特色优势产业，以富硒食品、蚕桑丝绸、新型建材等为重点，加快形成链群协同的产业集群。
（二）推进城乡融合发展
完成农村人居环境整治村庄50个，新改建农村公路120公里。全力推进以“五张网”为牵引的基础设施建设，完成交通投资20亿元。办好城区供水提升、农村公路养护、乡镇敬老院改造三件民生实事。
（三）持续保障和改善民生
全力促进就业增收。落实落细就业优先政策，城镇新增就业4500人。扎实开展根治欠薪专项行动，切实维护农民工权益。实施技能培训提升计划，培训农村劳动力3000人次。办好人民满意的教育。新建城区第三小学，增加学位1800个。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "shiquan-2026-gzbg.txt", REPORT)


def test_yi_yao_er_yao_inside_the_announcing_paragraph_are_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("石泉县2026年做好工作要着重把握哪几个方面？")
    assert _in_order(a.answer, ["坚持产业强县", "坚持生态立县", "坚持民生兴县"]), a.answer
    # the sub-headings after the paragraph are another list
    assert "做强县域特色产业" not in a.answer, a.answer
    second = answerer.ask("石泉县2026年做好工作要着重把握的第二个方面是什么？")
    assert "坚持生态立县" in second.answer and "产业强县" not in second.answer, second.answer


def test_a_headline_sentence_is_answered_with_the_sentences_it_titles(answerer: ReportAnswerer) -> None:
    a = answerer.ask("石泉县2026年在促进就业增收上都有哪些举措？")
    assert a.answerable
    assert _in_order(a.answer, ["就业优先政策", "根治欠薪专项行动", "技能培训提升计划"]), a.answer
    # the next headline's sentences are not its items
    assert "第三小学" not in a.answer, a.answer
    # one sentence after its headline is what the headline sums up as well
    b = answerer.ask("石泉县2026年办好人民满意的教育有哪些举措？")
    assert "新建城区第三小学" in b.answer, b.answer


def test_a_word_of_the_reports_title_need_not_name_the_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("石泉县2026年政府重点抓哪几个方面的工作？")
    assert _in_order(a.answer, ["做强县域特色产业", "推进城乡融合发展", "持续保障和改善民生"]), a.answer
    assert "稳中求进工作总基调" not in a.answer, a.answer


def test_what_else_after_an_item_asks_for_the_next_one(answerer: ReportAnswerer) -> None:
    first_q = "石泉县2026年重点工作的第一项是什么？"
    first = answerer.ask(first_q)
    assert "做强县域特色产业" in first.answer, first.answer
    history = [Turn("user", first_q), Turn("assistant", first.answer)]
    more = answerer.ask("还有呢？", history=history)
    assert "推进城乡融合发展" in more.answer and "做强县域特色产业" not in more.answer, more.answer


def test_a_list_the_report_only_names_by_its_count_is_refused(answerer: ReportAnswerer) -> None:
    a = answerer.ask("石泉县2026年“五张网”分别是哪五张网？")
    assert not a.answerable, a.answer
    assert "五张网" in a.answer, a.answer
    # named by its count and spelled out in the same clause: answered
    b = answerer.ask("石泉县2026年要办的三件民生实事是哪三件？")
    assert b.answerable
    assert _in_order(b.answer, ["城区供水提升", "农村公路养护", "乡镇敬老院改造"]), b.answer


def test_a_headline_over_the_best_sentence_brings_its_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("石泉县2026年县经济开发区要引育哪些产业？")
    assert _in_order(a.answer, ["富硒食品", "蚕桑丝绸", "新型建材"]), a.answer


def test_the_years_part_does_not_answer_a_list_of_something_its_heading_does_not_name(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("石泉县2026年县经济开发区提质升级重点是哪些产业？")
    assert "推进城乡融合发展" not in a.answer, a.answer
    second = answerer.ask("石泉县2026年重点工作的第二项是什么？")
    assert "推进城乡融合发展" in second.answer, second.answer


def test_an_ordinal_of_items_counted_inside_one_clause(answerer: ReportAnswerer) -> None:
    a = answerer.ask("石泉县2026年三件民生实事的第二件是什么？")
    assert "农村公路养护" in a.answer, a.answer
    assert "城区供水提升" not in a.answer and "乡镇敬老院改造" not in a.answer, a.answer


def test_how_many_asked_before_what_is_counted(answerer: ReportAnswerer) -> None:
    a = answerer.ask("石泉县2026年一共要抓好几个方面的工作？")
    assert a.answerable and "共3项" in a.answer, a.answer
    assert _in_order(a.answer, ["做强县域特色产业", "推进城乡融合发展", "持续保障和改善民生"]), a.answer
