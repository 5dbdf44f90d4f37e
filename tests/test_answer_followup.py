"""Follow-up questions become standalone questions without any model.

The conversations are about a report family, not the seeds: another district
(秦淮区) and other years, so the rules cannot lean on a seed's wording.
"""

from __future__ import annotations

import pytest

from wenbao.answering.followup import FollowupRewriter
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.scope import PlaceGroup
from wenbao.answering.synonyms import MappingSynonyms

SYNONYMS = MappingSynonyms({"地区生产总值": ["GDP"], "社会消费品零售总额": ["社零"]})


def rewriter() -> FollowupRewriter:
    return FollowupRewriter(QuestionAnalyzer(SYNONYMS, home_places=("秦淮区", "秦淮")))


def converse(*questions: str, over: FollowupRewriter | None = None) -> list[str]:
    """Each question rewritten with the earlier turns as history (assistant turns in between)."""
    r = over or rewriter()
    history: list[Turn] = []
    out = []
    for q in questions:
        out.append(r.rewrite(q, history))
        history += [Turn("user", q), Turn("assistant", "（回答）")]
    return out


def test_a_new_year_replaces_the_year_and_keeps_the_topic() -> None:
    turns = converse("2023年上半年秦淮区地区生产总值是多少？", "那2019年上半年呢？")
    assert turns[1] == "2019年上半年秦淮区地区生产总值是多少？"


def test_a_year_alone_keeps_the_period_of_the_previous_question() -> None:
    turns = converse("2023年上半年秦淮区一般公共预算收入是多少？", "那2019年呢？")
    assert turns[1] == "2019年上半年秦淮区一般公共预算收入是多少？"


def test_asking_another_aspect_keeps_year_district_and_indicator() -> None:
    turns = converse("2023年上半年秦淮区地区生产总值是多少？", "增长了多少？", "排第几？")
    assert turns[1] == "2023年上半年秦淮区地区生产总值增长了多少？"
    assert turns[2] == "2023年上半年秦淮区地区生产总值排第几？"


def test_a_third_turn_builds_on_the_rewritten_second_turn() -> None:
    turns = converse("2023年上半年秦淮区社会消费品零售总额是多少？", "增长了多少？", "那2019年上半年呢？")
    assert turns[2] == "2019年上半年秦淮区社会消费品零售总额增长了多少？"


def test_a_new_indicator_keeps_when_where_and_how_it_was_asked() -> None:
    turns = converse("2023年上半年秦淮区地区生产总值是多少？", "社零呢？", "那2019年呢？")
    assert turns[1] == "2023年上半年秦淮区社零是多少？"
    assert turns[2] == "2019年上半年秦淮区社零是多少？"


def test_a_new_indicator_after_one_asked_as_the_thing_counted_drops_the_old_one() -> None:
    # "新增了多少养老床位": the thing counted after 多少 is the old indicator, not how it was asked
    turns = converse("2023年秦淮区新增了多少养老床位", "托育名额呢")
    assert turns[1] == "2023年秦淮区托育名额是多少？"
    assert "养老床位" not in turns[1]


def test_another_district_replaces_the_district() -> None:
    turns = converse("2023年上半年秦淮区地区生产总值是多少？", "那玄武区呢？")
    assert turns[1] == "2023年上半年玄武区地区生产总值是多少？"


def test_a_pronoun_refers_to_the_previous_indicator() -> None:
    turns = converse("2019年上半年技术合同成交额是多少？", "它在全市排第几？")
    assert turns[1].startswith("2019年上半年技术合同成交额")
    assert turns[1].endswith("排第几？")


def test_a_list_question_keeps_its_wording_when_only_the_year_changes() -> None:
    turns = converse("2023年上半年有哪些项目竣工了？", "那2019年呢？")
    assert turns[1] == "2019年上半年有哪些项目竣工了？"


@pytest.mark.parametrize(
    "question",
    ["2019年上半年秦淮区社会消费品零售总额是多少？", "2020年玄武区技术合同成交额是多少？"],
)
def test_a_question_naming_its_own_place_and_year_is_left_as_asked(question: str) -> None:
    history = [Turn("user", "2023年上半年秦淮区地区生产总值是多少？"), Turn("assistant", "…")]
    assert rewriter().rewrite(question, history) == question


def test_a_complete_question_without_place_or_year_keeps_the_conversations() -> None:
    turns = converse("2023年上半年秦淮区地区生产总值是多少？", "技术合同成交额是多少？", "报告是谁作的？")
    assert turns[1] == "2023年上半年秦淮区技术合同成交额是多少？"
    assert turns[2] == "2023年上半年秦淮区报告是谁作的？"


def test_without_history_nothing_is_rewritten() -> None:
    assert rewriter().rewrite("那2019年呢？") == "那2019年呢？"


def test_assistant_turns_carry_no_topic() -> None:
    history = [
        Turn("user", "2023年上半年秦淮区地区生产总值是多少？"),
        Turn("assistant", "社会消费品零售总额完成300亿元[1]"),
    ]
    assert rewriter().rewrite("增长了多少？", history) == "2023年上半年秦淮区地区生产总值增长了多少？"


def _provinces() -> FollowupRewriter:
    groups = [
        PlaceGroup("湖南省", ("湖南省", "湖南"), frozenset({"hn"}), ("湘",), "provincial"),
        PlaceGroup("湖北省", ("湖北省", "湖北"), frozenset({"hb"}), ("鄂",), "provincial"),
    ]
    return FollowupRewriter(QuestionAnalyzer(SYNONYMS), groups)


def converse_provinces(*questions: str) -> list[str]:
    return converse(*questions, over=_provinces())


def test_words_pointing_back_at_the_place_keep_the_place() -> None:
    turns = converse_provinces("湖南2025年粮食产量是多少？", "该省的城镇新增就业呢？")
    assert turns[1] == "2025年湖南省城镇新增就业是多少？"
    turns = converse_provinces("湖南2025年粮食产量是多少？", "湖北那边呢？")
    assert turns[1] == "2025年湖北省粮食产量是多少？"


def test_words_before_the_indicator_narrow_it() -> None:
    turns = converse_provinces("湖北2025年居民人均可支配收入是多少？", "农村居民呢？")
    assert turns[1] == "2025年湖北省农村居民人均可支配收入是多少？"


def test_an_item_of_the_list_asked_before() -> None:
    turns = converse_provinces("湖北今年有哪些重点任务？", "第三项是什么？")
    assert turns[1] == "今年湖北省有哪些重点任务，第三项是什么？"


def test_which_is_higher_compares_the_places_the_conversation_went_through() -> None:
    turns = converse_provinces("湖南2025年粮食产量是多少？", "湖北的呢？", "哪个多？")
    assert turns[2] == "2025年湖南省和湖北省粮食产量分别是多少，哪个更多？"


def test_what_was_asked_before_is_asked_of_the_new_place_and_a_new_indicator_drops_the_measure_word() -> None:
    turns = converse_provinces("湖南2026年固定资产投资增长目标是多少？", "湖北定的是多少？")
    assert turns[1] == "2026年湖北省固定资产投资增长目标是多少？"
    turns = converse_provinces("湖南2025年城镇新增就业多少人？", "那城镇调查失业率呢？")
    assert turns[1] == "2025年湖南省城镇调查失业率是多少？"


def test_a_result_asked_after_a_growth_target_is_the_growth_achieved() -> None:
    turns = converse_provinces("湖北2026年地区生产总值增长目标是多少？", "去年实际完成了多少？")
    assert turns[1] == "2025年湖北省地区生产总值增长了多少？"


def test_last_year_after_this_year_is_left_to_the_report_to_count() -> None:
    turns = converse_provinces("湖北今年粮食产量目标是多少？", "去年完成了多少？")
    assert turns[1].startswith("去年湖北省粮食产量") and "今年" not in turns[1]


def test_a_long_question_is_read_at_its_start_and_its_end() -> None:
    from wenbao.answering.history import read_part

    question = "湖南2025年" + "我家里老人想了解一下相关情况，" * 10 + "粮食产量是多少？"
    read = read_part(question, 60)
    assert len(read) == 60 and read.startswith("湖南2025年") and read.endswith("粮食产量是多少？")
    assert read_part("湖南2025年粮食产量是多少？", 60) == "湖南2025年粮食产量是多少？"


def test_a_result_asked_after_a_budget_plan_drops_the_plan_words() -> None:
    turns = converse_provinces("湖南2026年一般公共预算收入预算安排多少？", "去年完成了多少？")
    assert turns[1] == "2025年湖南省一般公共预算收入完成了多少？"


def test_the_total_asked_after_the_growth_is_the_amount() -> None:
    turns = converse_provinces("湖南2025年地区生产总值增长了多少？", "总量呢？")
    assert turns[1] == "2025年湖南省地区生产总值总量是多少？"


def test_budget_follow_ups_keep_the_indicator_they_refine() -> None:
    # another head keeps the modifiers: the counterpart of the indicator
    turns = converse_provinces("湖南2025年全省一般公共预算收入是多少？", "支出呢？")
    assert turns[1] == "2025年湖南省全省一般公共预算支出是多少？"
    # a part of the indicator, at its level
    turns = converse_provinces("湖北2026年省本级一般公共预算收入安排多少？", "其中税收呢？")
    assert "省本级税收" in turns[1] and turns[1].startswith("2026年湖北省")
    # how the plan is worded names no new indicator
    turns = converse_provinces("湖南2025年全省一般公共预算收入是多少？", "2026年预算安排多少？")
    # (the plan asked in one wording, whichever the user used: 预算安排, 安排, 打算安排)
    assert turns[1] == "2026年湖南省全省一般公共预算收入计划多少？"


def test_a_balance_at_the_years_end_stays_at_the_years_end_for_another_place() -> None:
    turns = converse_provinces("截至2025年底湖南全省政府债务余额是多少？", "那湖北呢？")
    assert turns[1] == "截至2025年底湖北省全省政府债务余额是多少？"


def test_a_word_of_the_indicator_is_no_counterpart_of_it() -> None:
    turns = converse_provinces("湖南2025年进出口总额是多少？", "出口呢？")
    assert "进出口出口" not in turns[1] and "出口" in turns[1]


def test_relative_years_count_from_the_previous_turns_year() -> None:
    assert converse_provinces("湖南2025年粮食产量是多少？", "前年呢？")[1] == "2023年湖南省粮食产量是多少？"
    # "明年" after a year asked is that year's next, not the report's
    turns = converse_provinces("湖南2025年全省一般公共预算收入完成多少？", "明年打算安排多少？")
    assert turns[1] == "2026年湖南省全省一般公共预算收入计划多少？"


def test_a_year_to_compare_with_is_added() -> None:
    turns = converse_provinces("湖南2025年粮食产量是多少？", "和2024年比呢？")
    assert turns[1] == "2025年和2024年湖南省粮食产量分别是多少？"


def test_a_place_and_who_leads_is_a_comparison() -> None:
    turns = converse_provinces("湖南2025年粮食产量是多少？", "湖北呢，谁更多？")
    assert turns[1] == "2025年湖南省和湖北省粮食产量分别是多少，哪个更多？"
    turns = converse_provinces("湖南2025年粮食产量是多少？", "湖北呢？", "相差多少？")
    assert turns[2] == "2025年湖南省和湖北省粮食产量分别是多少，哪个更高？"
    # a change of one figure is no gap between places
    turns = converse_provinces("湖南2025年粮食产量是多少？", "比上年提高多少？")
    assert "湖北" not in turns[1] and "哪个" not in turns[1]


def test_only_the_plan_or_only_the_result_of_what_was_asked() -> None:
    turns = converse_provinces("湖南2025年地区生产总值增长了多少？", "今年的目标呢？")
    assert turns[1] == "今年湖南省地区生产总值增长目标是多少？"
    turns = converse_provinces("湖北2026年城镇新增就业目标是多少？", "去年完成得怎么样？")
    assert turns[1] == "2025年湖北省城镇新增就业完成多少？"
    turns = converse_provinces("湖北2026年城镇新增就业目标是多少？", "“十四五”期间累计呢？")
    assert turns[1] == "“十四五”期间湖北省城镇新增就业累计多少？"


def test_the_five_years_or_one_year_asked_in_everyday_words() -> None:
    # "五年加起来呢": the five years the report looks back on, the indicator's total over them
    turns = converse_provinces("湖南2025年城镇新增就业多少人？", "五年加起来呢？")
    assert turns[1] == "过去五年湖南省城镇新增就业累计多少？"
    turns = converse_provinces("湖北2025年粮食产量是多少？", "这五年一共呢")
    assert turns[1] == "过去五年湖北省粮食产量累计多少？"
    # "那2020年一年呢" after a span: that year alone, the span's words dropped
    turns = converse_provinces("湖南“十三五”时期城镇新增就业多少人？", "那2020年一年呢？")
    assert turns[1] == "2020年湖南省城镇新增就业多少人？"
    # a five-year plan is no span looked back on
    turns = converse_provinces("湖南2026年城镇新增就业目标是多少？", "五年规划目标呢？")
    assert "过去五年" not in turns[1]


def test_the_time_asked_now_replaces_the_relative_year_or_span_asked_before() -> None:
    turns = converse_provinces("湖南去年粮食产量是多少？", "那2023年呢？")
    assert turns[1] == "2023年湖南省粮食产量是多少？"
    turns = converse_provinces("湖南去年粮食产量是多少？", "这五年加起来呢？")
    assert turns[1] == "过去五年湖南省粮食产量累计多少？"
    turns = converse_provinces("湖北“十四五”末常住人口城镇化率是多少？", "那“十五五”目标呢？")
    assert "十四五" not in turns[1] and "十五五" in turns[1] and "常住人口城镇化率" in turns[1]
    # a base of comparison ("比前年") is how it was asked, kept with the year carried
    turns = converse_provinces("湖南去年粮食产量比前年增长多少？", "湖北呢？")
    assert turns[1] == "去年湖北省粮食产量比前年增长多少？"


def test_a_report_named_by_its_year_is_no_time_asked() -> None:
    turns = converse_provinces("湖南2026年报告中，2025年粮食产量是多少？", "增长了多少？")
    assert turns[1] == "2026年报告中，2025年湖南省粮食产量增长了多少？"
    # a new year replaces the time, and with it the report that was named for it
    turns = converse_provinces("湖南2026年报告中，2025年粮食产量是多少？", "那2020年呢？")
    assert turns[1] == "2020年湖南省粮食产量是多少？"


def test_level_turns_in_everyday_words() -> None:
    first = "湖南2025年全省一般公共预算收入完成多少？"
    assert (
        converse_provinces(first, "那省里自己那一级呢？")[1] == "湖南2025年省本级一般公共预算收入完成多少？"
    )
    assert converse_provinces(first, "光算省本级，2026年呢？")[1].startswith(
        "2026年湖南省省本级一般公共预算收入"
    )
    # the own level stays with a new indicator; the indicator's head word alone keeps it
    own = "湖南2025年省本级一般公共预算收入完成多少？"
    assert converse_provinces(own, "税收收入呢？")[1] == "2025年湖南省省本级税收收入完成多少？"
    assert converse_provinces(own, "收入呢？")[1] == "2025年湖南省省本级一般公共预算收入完成多少？"
    assert converse_provinces(own, "花了多少？")[1] == "2025年湖南省省本级一般公共预算支出完成多少？"
    # "排全省第几": where a rank is counted, no level
    assert "全省" not in converse_provinces("湖南2025年粮食产量是多少？", "排全省第几？")[1][:8]


def test_a_turn_that_names_nothing_new_keeps_every_slot() -> None:
    for turn in ("多少？", "具体是多少呢？"):
        turns = converse_provinces("湖南2025年省本级一般公共预算收入完成多少？", "支出呢？", turn)
        assert turns[2].startswith("2025年湖南省省本级一般公共预算支出")


def test_a_province_no_report_is_of_replaces_the_place_too() -> None:
    # the scope then says that no stored report is of it, instead of answering for 湖南
    turns = converse_provinces("湖南2025年粮食产量是多少？", "那北京呢？")
    assert turns[1] == "2025年北京市粮食产量是多少？"
    # "在全国排第几" counts a rank in the country: the place stays
    turns = converse_provinces("湖南2025年粮食产量是多少？", "在全国排第几？")
    assert turns[1].startswith("2025年湖南省粮食产量")


def test_the_same_period_of_the_year_before() -> None:
    turns = converse("2023年上半年秦淮区地区生产总值是多少？", "去年同期呢？")
    assert turns[1] == "2022年上半年秦淮区地区生产总值是多少？"
    # "比去年同期" is the base of a change, no time asked
    turns = converse("2023年上半年秦淮区地区生产总值是多少？", "比去年同期增长多少？")
    assert turns[1].startswith("2023年上半年秦淮区")


def test_qualifiers_and_parts_of_the_indicator() -> None:
    assert (
        converse_provinces("湖南2025年地区生产总值是多少？", "人均呢？")[1]
        == "2025年湖南省人均地区生产总值是多少？"
    )
    turns = converse_provinces("湖南2025年城乡居民人均可支配收入分别增长多少？", "农村居民呢？")
    assert turns[1] == "2025年湖南省农村居民人均可支配收入增长多少？"
    turns = converse_provinces("湖南2025年全省政府债务余额是多少？", "限额呢？")
    assert turns[1] == "2025年湖南省全省政府债务限额是多少？"


def test_a_development_zone_is_asked_like_a_level() -> None:
    turns = converse_provinces("湖南2025年全省一般公共预算收入完成多少？", "那经开区呢？")
    assert turns[1] == "湖南2025年经开区一般公共预算收入完成多少？"


def test_the_report_in_a_question_is_no_year_when_it_is_what_is_asked_about() -> None:
    turns = converse_provinces("湖南2026年政府工作报告是谁作的？", "湖北呢？")
    assert "政府工作报告" in turns[1] and "湖北" in turns[1]


def test_an_abbreviation_before_a_word_pointing_back() -> None:
    turns = converse_provinces("湖南2025年城镇新增就业多少人？", "鄂那边多少？")
    assert turns[1] == "2025年湖北省城镇新增就业多少人？"
    assert converse_provinces("湖南2025年粮食产量是多少？", "前一年呢？")[1] == "2024年湖南省粮食产量是多少？"


def test_money_in_everyday_words_and_its_plan() -> None:
    first = "湖南2025年全省一般公共预算收入完成多少？"
    spend_plan = converse_provinces(first, "明年计划花多少？")[1]
    assert spend_plan == "2026年湖南省全省一般公共预算支出计划多少？"
    spent = "湖南2025年全省一般公共预算支出是多少？"
    earn_plan = converse_provinces(spent, "那2026年打算收多少？")[1]
    assert earn_plan == "2026年湖南省全省一般公共预算收入计划多少？"
    # 国有 is a word of the indicator: "分别" goes before how it is asked
    both = converse_provinces("湖南2025年国有资本经营预算收入多少？", "和湖北比呢？")[1]
    assert "国有资本经营预算收入分别多少" in both


def test_how_a_turn_is_put_is_no_topic() -> None:
    for turn in ("同样的问题，湖北呢？", "湖北也说一下", "我想问湖北", "湖北的情况如何？", "湖北的数据呢？"):
        assert converse_provinces("湖南2025年粮食产量是多少？", turn)[1] == "2025年湖北省粮食产量是多少？"
    # the amount after its growth
    for turn in ("绝对值呢？", "具体数额呢？"):
        turns = converse_provinces("湖南2025年居民人均可支配收入增长多少？", turn)
        assert turns[1] == "2025年湖南省居民人均可支配收入是多少？"


def test_a_gap_between_the_places_named_or_gone_through() -> None:
    for turn in ("两者相差多少？", "它们之间差距多大", "湖南比湖北多多少？"):
        turns = converse_provinces("湖南2025年粮食产量是多少？", "湖北呢？", turn)
        assert turns[2] == "2025年湖南省和湖北省粮食产量分别是多少，哪个更高？"
    # one place only: nothing to compare, the question stands
    assert converse_provinces("湖南2025年粮食产量是多少？", "差多少？")[1] == "2025年湖南省粮食产量是多少？"


def test_words_that_lead_to_another_place_are_no_topic() -> None:
    # "换个省", "要是看", "如果是", "同一个指标": how a new place is brought in, nothing asked
    for turn in ("换个省，湖北", "要是看湖北", "如果是湖北呢", "同一个指标，湖北", "要是换成湖北呢"):
        turns = converse_provinces("湘2025年城镇新增就业人数", turn)
        assert turns[1] == "2025年湖北省城镇新增就业人数？", turn
    # a third turn changes a second slot of the place-switched question
    turns = converse_provinces("湖南2025年地区生产总值增长多少", "换个省，湖北", "那今年的目标")
    assert turns[2] == "今年湖北省地区生产总值增长目标是多少？"


@pytest.mark.parametrize(
    ("first", "turn", "expected"),
    [
        # both places said together; a rate asked in words; the figure itself
        (
            "湖南2025年地区生产总值增长多少",
            "对比一下湖北，两个一起说",
            "2025年湖南省和湖北省地区生产总值分别增长多少？",
        ),
        ("湖南2025年居民人均可支配收入", "具体增长了百分之几", "2025年湖南省居民人均可支配收入增长了多少？"),
        ("湖南2025年地方一般公共预算收入增长多少", "具体数字", "2025年湖南省地方一般公共预算收入是多少？"),
        # the year before as a fiscal year
        ("湖南2026年粮食产量目标是多少", "上一年度呢", "2025年湖南省粮食产量目标是多少？"),
        # "去年" asked first and no year named since: the new indicator is still of that year
        ("湖南去年全省一般公共预算收入", "政府性基金预算收入呢", "去年湖南省政府性基金预算收入？"),
        # a plan asked before is asked of the new indicator, or in the budget's words
        ("湖南2026年固定资产投资目标", "那外贸进出口呢", "2026年湖南省外贸进出口目标是多少？"),
        (
            "湖南2025年全省一般公共预算收入完成多少",
            "2026年预算里安排了多少",
            "2026年湖南省全省一般公共预算收入计划多少？",
        ),
        # "同一年": the year carried, said again
        (
            "湖南2025年社会消费品零售总额增长多少",
            "那湖北同一年呢",
            "2025年湖北省社会消费品零售总额增长多少？",
        ),
        # a word of the indicator asked before restates it ("新增" of 城镇新增就业)
        ("湖南2026年城镇新增就业目标是多少", "2025年实际新增了多少？", "2025年湖南省城镇新增就业多少？"),
    ],
)
def test_a_turn_in_other_words_changes_only_what_it_names(first: str, turn: str, expected: str) -> None:
    assert converse_provinces(first, turn)[1] == expected


def test_a_second_clause_asking_to_compare_adds_the_place_named_in_the_first() -> None:
    turns = converse_provinces("湖南2025年棉花产量多少吨？", "湖北呢？帮我对比一下两省")
    assert turns[1] == "2025年湖南省和湖北省棉花产量分别多少吨？"
    turns = converse_provinces("湖北2025年地区生产总值增速是多少？", "湖南同一年是多少？两个比一比，哪个快")
    assert turns[1].startswith("2025年湖北省和湖南省地区生产总值增速分别是多少")


def test_what_a_report_set_a_target_at_then_the_year_before_is_the_growth_achieved() -> None:
    first = "湖南2019年报告把2019年地区生产总值增长目标定在多少？"
    turns = converse_provinces(first, "2018年实际增长了多少？")
    assert turns[1] == "2018年湖南省地区生产总值增长了多少？"


def test_a_later_report_named_by_its_year_is_compared_with_the_earlier() -> None:
    turns = converse_provinces(
        "湖北2018年报告里，当年地区生产总值增长预期目标是多少？", "2023年报告定的目标又是多少？前后比较一下"
    )
    assert turns[1] == "2018年和2023年湖北省地区生产总值增长目标分别是多少？"


@pytest.mark.parametrize(
    "turn",
    [
        "湖北呢？两个省谁多",
        "湖北的呢？请对比两省",
        "湖北呢，和湖南比哪个多",
        "换成湖北，比一下",
        "跟湖北比起来怎么样",
    ],
)
def test_a_comparison_asked_in_other_words_compares_the_two_places(turn: str) -> None:
    turns = converse_provinces("湖南2025年棉花产量多少吨？", turn)
    assert "湖南省" in turns[1] and "湖北省" in turns[1], turns[1]
    assert "棉花产量分别多少吨" in turns[1], turns[1]


def test_comparing_after_the_place_changed_compares_the_places_went_through() -> None:
    turns = converse_provinces("湖南2026年地区生产总值增长目标是多少？", "湖北呢？", "两个比较一下")
    assert turns[2] == "2026年湖南省和湖北省地区生产总值增长目标分别是多少？"
    turns = converse_provinces("湖南2026年地区生产总值增长目标是多少？", "湖北的目标呢？两地哪个高")
    assert turns[1] == "2026年湖南省和湖北省地区生产总值增长目标分别是多少，哪个更高？"


def test_another_years_report_compared_in_a_few_words() -> None:
    turns = converse_provinces(
        "湖北2018年报告里，当年地区生产总值增长预期目标是多少？", "2023年报告里定的是多少？两年比比"
    )
    assert turns[1] == "2018年和2023年湖北省地区生产总值增长预期目标分别是多少？"
    turns = converse_provinces("湖北2023年报告定的地区生产总值增长目标是多少？", "2018年报告呢？")
    assert turns[1] == "2018年湖北省地区生产总值增长目标是多少？"


@pytest.mark.parametrize(
    ("first", "turn", "standalone"),
    [
        (
            "湖北2023年报告定的居民消费价格涨幅目标是多少？",
            "2018年报告里这个目标是多少？",
            "2018年湖北省居民消费价格涨幅目标是多少？",
        ),
        (
            "湖南2026年规模以上工业增加值预期增长多少？",
            "2025年实际增了多少？",
            "2025年湖南省规模以上工业增加值增长了多少？",
        ),
        (
            "湖南2026年地区生产总值增长目标是多少？",
            "2025年实际增速呢？",
            "2025年湖南省地区生产总值增速是多少？",
        ),
        (
            "湖南2026年地区生产总值增长目标是多少？",
            "湖北的目标呢？两省谁定得高？",
            "2026年湖南省和湖北省地区生产总值增长目标分别是多少，哪个更高？",
        ),
    ],
)
def test_a_target_pointed_at_and_a_change_said_short_keep_the_indicator(
    first: str, turn: str, standalone: str
) -> None:
    assert converse_provinces(first, turn)[1] == standalone


def test_a_correction_names_the_place_meant() -> None:
    turns = converse_provinces("湖南2025年地区生产总值是多少？", "不对，我问的是湖北")
    assert turns[1] == "2025年湖北省地区生产总值是多少？"
    turns = converse_provinces("湖南2025年粮食产量是多少？", "搞错了，我是问湖北的")
    assert "湖北省" in turns[1] and "湖南" not in turns[1] and "粮食产量" in turns[1]


def test_a_city_named_without_its_suffix_replaces_the_place() -> None:
    # no report is of 长沙: the rewritten question must ask of it, not of the province before
    turns = converse_provinces("湖南2025年地区生产总值是多少？", "那长沙呢")
    assert turns[1] == "2025年长沙地区生产总值是多少？"
    # a new indicator is no place
    turns = converse_provinces("湖南2025年地区生产总值是多少？", "那进出口呢")
    assert "湖南省" in turns[1] and "进出口" in turns[1]


def test_a_span_without_adding_up_asks_the_indicator_over_it() -> None:
    turns = converse_provinces("湖南2025年粮食产量是多少？", "“十四五”期间呢？")
    assert turns[1] == "“十四五”期间湖南省粮食产量是多少？"
    # a rate per year over the span is the indicator asked before, not a topic "年均"
    turns = converse_provinces("湖北2025年居民人均可支配收入是多少？", "十四五期间年均增长多少")
    assert turns[1] == "十四五期间湖北省居民人均可支配收入年均增长多少？"


def test_which_year_compares_the_years_the_conversation_went_through() -> None:
    turns = converse_provinces("湖南2016年城镇新增就业目标是多少？", "2021年的呢？", "哪年多？")
    assert turns[2].startswith("2016年和2021年湖南省城镇新增就业")
    assert turns[2].endswith("哪年更多？")
    # a comparison of places still compares the places
    turns = converse_provinces("湖南2025年地区生产总值是多少？", "湖北呢", "哪个多")
    assert "湖南省和湖北省" in turns[2] and "2024" not in turns[2]


@pytest.mark.parametrize("turn", ["为什么定这个目标？", "为什么这么定", "为啥定得这么高"])
def test_why_a_target_was_set_asks_of_the_target(turn: str) -> None:
    turns = converse_provinces("湖南2026年地区生产总值增长目标是多少？", turn)
    assert turns[1].startswith("2026年湖南省地区生产总值增长目标为什么")


def test_a_share_said_with_de_narrows_the_whole() -> None:
    turns = converse_provinces("湖南2025年财政赤字是多少？", "其中中央的呢？")
    assert "中央财政赤字" in turns[1] and turns[1].startswith("2025年湖南省")


@pytest.mark.parametrize(("turn", "tier"), [("其中中央呢", "中央"), ("其中地方呢？", "地方")])
def test_a_tier_of_the_national_budget_narrows_the_whole_without_de(turn: str, tier: str) -> None:
    turns = converse_provinces("湖南2025年财政赤字是多少？", turn)
    assert f"{tier}财政赤字" in turns[1] and turns[1].startswith("2025年湖南省"), turns[1]


@pytest.mark.parametrize("said", ["打算涨多少", "能涨多少", "要降多少"])
def test_a_change_to_come_in_everyday_words_is_a_growth_and_carries_to_a_new_indicator(said: str) -> None:
    # "涨多少" asks the change, like "增长多少": the next indicator is asked its change too, not
    # its amount (a plan year's targets give only the change)
    frame = QuestionAnalyzer(SYNONYMS).analyze(f"2027年秦淮区地区生产总值{said}？")
    assert frame.aspect == "growth"
    turns = converse(f"2027年秦淮区地区生产总值{said}？", "那居民收入呢？")
    assert turns[1].startswith("2027年秦淮区居民收入") and turns[1].endswith(f"{said[-3:]}？")


def test_a_rate_or_a_count_added_named_after_a_growth_target_is_not_asked_a_growth() -> None:
    turns = converse("2025年秦淮区地区生产总值增长目标是多少？", "城镇调查失业率呢？")
    assert turns[1] == "2025年秦淮区城镇调查失业率目标是多少？"
    turns = converse("2025年秦淮区地区生产总值增长目标是多少？", "那城镇新增就业目标呢？")
    assert turns[1] == "2025年秦淮区城镇新增就业目标是多少？"
    # an indicator that can grow keeps the growth asked before
    turns = converse("2025年秦淮区地区生产总值增长目标是多少？", "固定资产投资呢？")
    assert turns[1] == "2025年秦淮区固定资产投资增长目标是多少？"


def test_whether_the_target_asked_before_was_met() -> None:
    turns = converse("2025年秦淮区打算新增多少座公园？", "这个目标完成了吗？")
    assert turns[1] == "2025年秦淮区新增公园的目标完成了吗？"
    turns = converse("2025年秦淮区地区生产总值增长目标是多少？", "完成目标了没有？")
    assert turns[1] == "2025年秦淮区地区生产总值增长的目标完成了吗？"
    # every plan verb (the one list of them) is taken out of what the target was set for
    turns = converse("2025年秦淮区计划争取新增多少座公园？", "这个目标完成了吗？")
    assert turns[1] == "2025年秦淮区新增公园的目标完成了吗？"


@pytest.mark.parametrize("turn", ["打算怎么做？", "具体说说", "能详细讲讲吗？", "有哪些措施？"])
def test_how_or_more_of_what_was_asked_before(turn: str) -> None:
    turns = converse("2025年秦淮区常住人口城镇化率要达到多少？", turn)
    assert turns[1].startswith("2025年秦淮区常住人口城镇化率")
    assert "多少" not in turns[1]


def test_a_turn_of_a_plan_word_and_a_verb_asks_the_indicator_before() -> None:
    turns = converse("2024年秦淮区新增新能源装机多少？", "2025年力争突破多少？")
    assert turns[1] == "2025年秦淮区新增新能源装机力争突破多少？"


def test_a_new_thing_counted_keeps_the_verb_and_plan_that_asked_the_count() -> None:
    turns = converse("2025年秦淮区要新增多少养老床位？", "那托育托位呢？")
    assert turns[1] == "2025年秦淮区要新增多少托育托位？"


def test_the_outturn_after_a_budgets_approved_figure_drops_the_budget_words() -> None:
    """ "那实际完成了多少？" after the budget approved at the start of the year: what the year
    brought in, of the same indicator, not the approved budget again."""
    turns = converse("秦淮区2023年一般公共预算收入年初预算是多少？", "那实际完成了多少？")
    assert "年初预算" not in turns[1]
    assert "一般公共预算收入" in turns[1] and "完成" in turns[1]


@pytest.mark.parametrize(
    ("first", "turn", "expected"),
    [
        ("2025年秦淮区要新增多少张托育托位？", "去年新增了多少？", "2024年秦淮区新增多少张托育托位？"),
        ("2026年秦淮区计划建成多少个口袋公园？", "2025年建成了多少？", "2025年秦淮区建成多少个口袋公园？"),
    ],
)
def test_a_result_asked_by_the_verb_of_a_counted_plan_keeps_the_thing_counted(
    first: str, turn: str, expected: str
) -> None:
    """The verb alone ("新增了多少") restates how the count was asked; it names no new indicator."""
    assert converse(first, turn)[1] == expected
