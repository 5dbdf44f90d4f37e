"""What a conversation carries from one turn to the next: the span asked about, a head that several
asks share, the answer before pointed at, a figure set against another, a result after a plan.

The places and figures are made up; each turn is rewritten as the service rewrites it (earlier
turns replayed, no session)."""

from __future__ import annotations

from test_answer_followup import SYNONYMS
from test_answer_followup import converse_provinces as converse

from wenbao.answering.question import QuestionAnalyzer


def test_a_new_indicator_keeps_the_span_asked_before() -> None:
    turns = converse("湖北“十三五”期间地区生产总值年均增长多少？", "财政收入呢？")
    assert turns[1].startswith("“十三五”期间湖北省财政收入")
    turns = converse("湖南过去五年城镇新增就业累计多少？", "那粮食产量呢？")
    assert "过去五年" in turns[1] and "粮食产量" in turns[1]


def test_a_year_named_after_a_span_replaces_it() -> None:
    turns = converse("湖北“十三五”期间地区生产总值年均增长多少？", "财政收入呢？", "那2020年呢？")
    assert turns[2].startswith("2020年湖北省财政收入")
    assert "十三五" not in turns[2]


def test_a_rate_per_year_is_said_once() -> None:
    turns = converse("湖北“十四五”期间地区生产总值年均增长目标是多少？", "那“十三五”期间实际年均增长多少？")
    assert turns[1].count("年均") == 1


def test_a_head_then_several_asks_is_asked_as_that_many_parts() -> None:
    turns = converse("湖南2016年进出口增长目标是多少？", "居民消费价格呢，今年目标多少、去年实际涨了多少")
    first, second = turns[1].rstrip("？").split("，")
    assert first.startswith("2016年湖南省居民消费价格") and "目标" in first
    assert second.startswith("2015年湖南省居民消费价格") and "目标" not in second


def test_a_year_as_the_head_then_a_target_and_last_years_result() -> None:
    turns = converse("湖北2025年地区生产总值增长目标是多少？", "那2026年呢，目标多少、去年完成多少")
    first, second = turns[1].rstrip("？").split("，")
    assert first == "2026年湖北省地区生产总值增长目标是多少"
    assert second.startswith("2025年湖北省地区生产总值") and "目标" not in second


def test_one_ask_after_a_place_is_still_read_whole() -> None:
    turns = converse("湖南2025年粮食产量是多少？", "湖北呢，增长了多少？")
    assert "，" not in turns[1].rstrip("？")
    assert turns[1].startswith("2025年湖北省粮食产量")


def test_this_year_after_a_target_of_a_year_is_that_reports_year() -> None:
    # the target asked was in the 2016 report; its 今年 is 2016 (its 去年 2015, as counted before)
    turns = converse("湖南2016年地区生产总值增长目标是多少？", "今年城镇新增就业目标呢？")
    assert turns[1].startswith("2016年湖南省城镇新增就业")
    # after a result, 今年 stays the scope's to resolve (the latest report's year)
    turns = converse("湖南2024年地区生产总值增长了多少？", "今年的目标呢？")
    assert turns[1].startswith("今年")


def test_the_answer_before_pointed_at_then_an_item_of_it() -> None:
    turns = converse("湖北2025年有哪些重点工作？", "上面说的第二个是什么？", "第三项呢？", "展开说说")
    assert turns[1] == "2025年湖北省有哪些重点工作，第二个是什么？"
    # the item asked instead of the one before, then told in full
    assert turns[2] == "2025年湖北省有哪些重点工作，第三项是什么？"
    assert turns[3].replace(",", "，").endswith("有哪些重点工作，第三项是什么，展开说说？")
    turns = converse("湖北2025年民生实事有哪些？", "你刚才说的这些实事里第二件是什么？")
    assert turns[1] == "2025年湖北省民生实事有哪些，第二件是什么？"


def test_a_result_after_a_plan_asked_by_its_verbs_drops_them() -> None:
    turns = converse("湖南2016年粮食产量要稳定在多少？", "2015年实际产量呢？")
    assert turns[1] == "2015年湖南省粮食产量是多少？"
    turns = converse("湖北2025年力争新增城镇就业多少人？", "去年实际新增了多少？")
    assert "力争" not in turns[1] and turns[1].startswith("2024年湖北省")


def test_a_figure_set_against_its_target_asks_whether_it_was_met() -> None:
    for turn in ("比目标高还是低？", "跟目标比怎么样？"):
        turns = converse("湖北2024年地区生产总值增长了多少？", turn)
        assert turns[1] == "湖北2024年地区生产总值增长比目标高还是低？"
    analyzer = QuestionAnalyzer(SYNONYMS)
    parts = analyzer.analyze(turns[1]).parts
    assert [p.wants_plan for p in parts] == [True, False]


def test_a_figure_set_against_another_place_or_year_asks_both() -> None:
    turns = converse("湖北2024年地区生产总值增长了多少？", "比湖南高还是低？")
    assert "湖北省" in turns[1] and "湖南省" in turns[1]
    turns = converse("湖北2025年地区生产总值增长目标是多少？", "比去年实际增速高还是低？")
    target, result = turns[1].rstrip("？").split("，")
    assert target == "湖北2025年地区生产总值增长目标是多少"  # the turn before, as asked
    assert result.startswith("2024年湖北省地区生产总值")


def test_a_target_then_set_against_last_years_result_in_one_turn() -> None:
    turns = converse("湖北2010年居民消费价格涨了多少？", "2011年的调控目标呢？比去年实际高还是低？")
    target, result = turns[1].rstrip("？").split("，")
    assert target.startswith("2011年湖北省居民消费价格") and "目标" in target
    assert result.startswith("2010年湖北省居民消费价格") and "目标" not in result


def test_a_plan_said_by_its_verb_is_carried_to_a_new_indicator() -> None:
    turns = converse("湖北2025年GDP打算增长多少？", "那老百姓的收入呢？")
    assert turns[1] == "2025年湖北省老百姓的收入打算增长多少？"


def test_a_harvest_asked_by_its_verb_is_the_result_not_a_budgets_revenue() -> None:
    for turn in ("那2024年实际收了多少？", "2024年收了多少？"):
        turns = converse("湖北2025年粮食产量目标是多少？", turn)
        assert turns[1] == "2024年湖北省粮食产量是多少？"
    turns = converse("湖北2025年一般公共预算收入是多少？", "2024年收了多少？")
    assert turns[1] == "2024年湖北省一般公共预算收入是多少？"


def test_a_place_alone_asked_how_much_asks_the_same_of_it() -> None:
    turns = converse("湖南2024年入境游客有多少？", "那三亚有多少？")
    assert turns[1] == "2024年三亚入境游客有多少？"


def test_a_verb_and_a_word_of_the_indicator_ask_its_result() -> None:
    # "打了多少粮": 粮 is a word of 粮食产量, the verb says how the year came out
    turns = converse("湖南2025年粮食产量目标是多少？", "去年实际打了多少粮？")
    assert turns[1] == "2024年湖南省粮食产量是多少？"


def test_a_place_then_a_verb_asks_the_same_of_that_place() -> None:
    turns = converse("湖南2024年入境游客有多少？", "那三亚接待了多少？")
    assert turns[1] == "2024年三亚入境游客有多少？"
