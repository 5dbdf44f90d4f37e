"""Lists, ordinals and two-part questions over a city's work report this test writes (临江市, 2025).

The report enumerates the way the family does: a colon list of targets ("主要预期目标是：…；…；…"),
sub-headings announced by the paragraph above them ("重点抓好四个方面工作："), "一是…二是…三是…"
inside a paragraph, and "——" paragraphs after an announcing sentence. A list question gets the
report's own items in order, each cited; an ordinal question gets the item(s) it asks for; a
question asking two figures gets both, and says which one the report does not give.
"""

from __future__ import annotations

import re

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.answering.question import AMOUNT_Q, GROWTH_Q, QuestionAnalyzer
from wenbao.documents import Answer
from wenbao.index.embedders import Embedder

REPORT = """\
2025年临江市政府工作报告
——2025年1月10日在临江市第十六届人民代表大会第四次会议上
临江市市长 王明
各位代表：
现在，我代表市人民政府，向大会报告政府工作，请予审议。
一、2024年工作回顾
过去一年，全市地区生产总值达到3250亿元，增长5.6%。一般公共预算收入完成210亿元，增长3.1%。城镇新增就业6.2万人，粮食产量48万吨。
一年来，我们着力办好三件大事。
——港口扩建全面完工，集装箱吞吐量突破300万标箱。
——高铁新城开工建设，完成投资85亿元。
——滨江湿地公园建成开放，新增绿地120公顷。
二、2025年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；一般公共预算收入增长3%；城镇新增就业6万人以上；居民消费价格涨幅2%左右。
重点抓好四个方面工作：
（一）扩大有效需求
促进消费提质扩容，推进重大项目建设，全年完成固定资产投资1100亿元。
（二）壮大先进制造业
推动船舶、新材料产业集群发展，新增规模以上工业企业80家。
（三）推进城乡融合发展
深化户籍制度改革，加快美丽乡村建设。
（四）持续改善民生
今年将办好三件民生实事。一是新建普惠托位2000个，缓解入托难。二是改造老旧小区120个，惠及居民3万户。三是新增公共停车泊位5000个。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "linjiang-2025-gzbg.txt", REPORT)


def _cited(a: Answer) -> list[str]:
    """The cited paragraphs, in the order the answer's markers name them."""
    by_n = {c.n: c.chunk.text for c in a.citations}
    return [by_n[int(n)] for n in re.findall(r"\[(\d+)\]", a.answer)]


def _in_order(text: str, items: list[str]) -> bool:
    at = [text.find(i) for i in items]
    return all(x >= 0 for x in at) and at == sorted(at)


# --- lists -----------------------------------------------------------------------------------


def test_the_targets_are_the_reports_colon_list_in_full(answerer: ReportAnswerer) -> None:
    a = answerer.ask("临江市2025年主要预期目标有哪些？")
    assert a.answerable
    assert _in_order(a.answer, ["增长5.5%左右", "增长3%", "6万人以上", "2%左右"])
    assert "3250亿元" not in a.answer  # last year's result is not a target
    assert any("主要预期目标是" in t for t in _cited(a))


def test_announced_sub_headings_are_listed_in_order_each_cited(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2025年要重点抓好哪几个方面的工作？")
    items = ["扩大有效需求", "壮大先进制造业", "推进城乡融合发展", "持续改善民生"]
    assert a.answerable and _in_order(a.answer, items)
    cited = _cited(a)
    assert len(cited) == 4  # one citation per item: the paragraph under each heading
    assert "固定资产投资1100亿元" in cited[0] and "停车泊位" in cited[3]


def test_markers_inside_a_paragraph_are_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("今年要办好哪些民生实事？")
    assert a.answerable
    assert _in_order(a.answer, ["普惠托位2000个", "老旧小区120个", "停车泊位5000个"])
    assert "船舶" not in a.answer


def test_dash_paragraphs_after_an_announcing_sentence_are_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2024年着力办好的三件大事是哪些？")
    assert a.answerable
    assert _in_order(a.answer, ["港口扩建全面完工", "高铁新城开工建设", "滨江湿地公园建成开放"])
    assert len(set(_cited(a))) == 3  # each "——" paragraph cites itself


# --- ordinals --------------------------------------------------------------------------------


def test_an_ordinal_gets_that_item_only(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2025年主要预期目标的第二项是什么？")
    assert a.answerable and "一般公共预算收入增长3%" in a.answer
    assert "5.5%左右" not in a.answer and "6万人" not in a.answer


def test_first_two_items_of_a_marker_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("民生实事的前两项是什么？")
    assert a.answerable and _in_order(a.answer, ["普惠托位", "老旧小区"])
    assert "停车泊位" not in a.answer


def test_the_third_of_the_announced_headings(answerer: ReportAnswerer) -> None:
    a = answerer.ask("今年重点抓好的四个方面工作中，第三个方面是什么？")
    assert a.answerable and "推进城乡融合发展" in a.answer
    assert "扩大有效需求" not in a.answer and "持续改善民生" not in a.answer


def test_the_last_item(answerer: ReportAnswerer) -> None:
    a = answerer.ask("民生实事的最后一项是什么？")
    assert a.answerable and "停车泊位5000个" in a.answer and "普惠托位" not in a.answer


# --- two-part questions ----------------------------------------------------------------------


def test_the_frame_has_one_part_per_thing_asked() -> None:
    frame = QuestionAnalyzer().analyze("2024年地区生产总值达到多少、增长多少？")
    assert [p.aspect for p in frame.parts] == [AMOUNT_Q, GROWTH_Q]
    assert all(p.topic == "地区生产总值" and p.years == (2024,) for p in frame.parts)
    other = QuestionAnalyzer().analyze("2024年一般公共预算收入完成多少？城镇新增就业多少？")
    assert [p.years for p in other.parts] == [(2024,), (2024,)]
    assert "城镇新增就业" in other.parts[1].topic and "收入" not in other.parts[1].topic
    assert QuestionAnalyzer().analyze("2024年地区生产总值增长了多少？").parts == ()


def test_amount_and_growth_of_one_indicator(answerer: ReportAnswerer) -> None:
    a = answerer.ask("临江市2024年地区生产总值达到多少、增长多少？")
    assert a.answerable and "3250亿元" in a.answer and "5.6%" in a.answer
    assert "5.5%" not in a.answer  # the target is not last year's growth


def test_two_indicators_each_cited(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2024年临江市一般公共预算收入完成多少？城镇新增就业多少？")
    assert a.answerable and "210亿元" in a.answer and "6.2万人" in a.answer
    assert _cited(a)  # every quote carries its citation


def test_last_years_result_and_this_years_target(answerer: ReportAnswerer) -> None:
    a = answerer.ask("临江市2024年地区生产总值增长多少，2025年目标是多少？")
    assert a.answerable and _in_order(a.answer, ["5.6%", "5.5%左右"])


def test_a_part_the_report_does_not_give_is_named_and_the_other_answered(answerer: ReportAnswerer) -> None:
    a = answerer.ask("临江市2024年地区生产总值是多少？进出口总额增长多少？")
    assert a.answerable and "3250亿元" in a.answer
    assert "没有找到" in a.answer and "进出口" in a.answer


def test_an_ordinal_follow_up_asks_about_the_list_asked_before(answerer: ReportAnswerer) -> None:
    history = [Turn("user", "临江市2025年主要预期目标有哪些？"), Turn("assistant", "…")]
    a = answerer.ask("第三项是什么？", history)
    assert a.answerable and "城镇新增就业6万人以上" in a.answer
    assert "5.5%左右" not in a.answer and "2%左右" not in a.answer
    b = answerer.ask("前两项呢？", history)
    assert _in_order(b.answer, ["5.5%左右", "增长3%"]) and "6万人" not in b.answer
    third = answerer.ask("前两项呢？", [*history, Turn("user", "第三项是什么？"), Turn("assistant", "…")])
    assert "5.5%左右" in third.answer and "6万人" not in third.answer


def test_a_count_in_the_question_finds_the_list_of_that_size(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2025年要抓好哪4个方面？")
    assert a.answerable
    assert _in_order(a.answer, ["扩大有效需求", "壮大先进制造业", "推进城乡融合发展", "持续改善民生"])


def test_a_year_the_report_gives_no_figure_for_is_named(answerer: ReportAnswerer) -> None:
    # The report gives this year's price target, not last year's price rise.
    a = answerer.ask("临江市2024年居民消费价格涨幅多少，2025年目标多少？")
    assert a.answerable and "2%左右" in a.answer
    assert "没有找到关于2024年" in a.answer


def test_the_second_indicator_is_not_taken_from_the_first_ones_paragraph(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2024年临江市一般公共预算收入完成多少、集装箱吞吐量多少？")
    assert a.answerable and "210亿元" in a.answer and "300万标箱" in a.answer
    assert "6.2万人" not in a.answer


def test_the_years_work_asked_in_common_words_lists_the_parts_sub_headings(answerer: ReportAnswerer) -> None:
    """ "主要工作" holds no word rare enough to be a key term; it still names the part for the
    asked year ("二、2025年工作安排"), whose sub-headings are the answer."""
    a = answerer.ask("临江2025年的主要工作有哪些？")
    assert a.answerable
    for item in ("扩大有效需求", "壮大先进制造业", "推进城乡融合发展", "持续改善民生"):
        assert item in a.answer
