"""The one reading of a question (``QuestionFrame``): how it asks is read once, into typed fields, by
the analyzer; the frame never changes after it is made; a comparison's year or place is a new frame.
Questions and passages are written here (秦淮区, 宁川市 and their figures), not taken from a question set."""

from __future__ import annotations

import dataclasses

import pytest
from test_answer_extractive import PART1, chunk, hits

from wenbao.answering.extractive import ExtractiveAnswerer
from wenbao.answering.frame import QuestionFrameBuilder
from wenbao.answering.question import INTENT_FIGURE, QuestionAnalyzer, QuestionFrame, budget_books
from wenbao.answering.scope import asked_years
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.index.query import QueryAnalyzer

ANALYZER = QuestionAnalyzer(MappingSynonyms({"地区生产总值": ["GDP"]}), home_places=("秦淮区", "秦淮"))


def read(question: str) -> QuestionFrame:
    return ANALYZER.analyze(question)


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("“十四五”时期秦淮区地区生产总值年均增长多少？", "asks_average", True),
        ("“十四五”时期秦淮区地区生产总值年均增长多少？", "spans_years", True),
        ("2023年秦淮区地区生产总值增长多少？", "asks_average", False),
        ("2023年秦淮区地区生产总值增长多少？", "spans_years", False),
        ("2023年秦淮区养老床位多了多少张？", "asks_added", True),
        ("2023年秦淮区地区生产总值增长多少？", "asks_added", False),
        ("宁川市城镇调查失业率控制在多少？", "asks_rate", True),
        ("宁川市数字经济核心产业占比是多少？", "asks_share", True),
        ("宁川市数字经济核心产业增加值是多少？", "asks_share", False),
        ("“两新”指的是什么？", "asks_definition", True),
        ("2024年宁川市一般公共预算收入年初预算数是多少？", "asks_budgeted", True),
        ("2024年宁川市一般公共预算收入决算是多少？", "asks_outturn", True),
        ("2026年宁川市政府性基金预算收入安排多少？", "names_plan", True),
        ("2026年宁川市政府性基金预算收入安排多少？", "names_result", False),
        ("宁川市棚户区改造已经开工多少套？", "names_result", True),
        ("这份报告是在哪次会议上作的？", "about_report", True),
        ("这份报告是在哪次会议上作的？", "names_report", True),
        ("秦淮区的计划执行报告是谁作的？", "asks_deliverer", True),
        ("秦淮区2023年地区生产总值是多少？", "asks_deliverer", False),
        ("哪位区长作的报告？", "roles", ("区长",)),
        ("2021年全年GDP最终完成了多少？", "names_full_year", True),
        ("2021年上半年GDP完成了多少？", "names_full_year", False),
        ("宁川市常住人口城镇化率从多少提高到了多少？", "asks_from_to", True),
        ("2023年上半年秦淮区地区生产总值是多少？", "half", "first_half"),
        ("2023年下半年秦淮区要做哪些工作？", "half", "second_half"),
        ("2023年秦淮区地区生产总值是多少？", "half", None),
        ("秦淮区人均地区生产总值是多少？", "narrowing", frozenset({"人均"})),
        ("秦淮区地区生产总值是多少？", "narrowing", frozenset()),
        ("宁川市社保基金预算收入是多少？", "books", budget_books("社会保险基金")),
        ("报告第二部分讲了什么？", "names_part", True),
        ("报告第二部分讲了什么？", "part_level", 1),
        ("关于科技创新的那一节讲了什么？", "part_level", 2),
        ("“新质生产力加快形成”这一条讲了什么？", "part_level", 3),
        ("“新质生产力加快形成”这一条讲了什么？", "quoted_titles", ("新质生产力加快形成",)),
        ("秦淮区科技创新有什么成效？", "names_part", False),
        # the verbs a list question links its items or quotes the report with, which the report's
        # announcing words seldom repeat
        ("宁川市当前存在哪些问题？", "linking_verbs", frozenset({"存在"})),
        ("宁川市要从哪几个方面着手？", "linking_verbs", frozenset({"着手"})),
        ("报告部署的重点工作有哪些？", "linking_verbs", frozenset({"部署"})),
        ("秦淮区民生支出占一般公共预算支出的比重是多少？", "share_part", "民生支出"),
        ("秦淮区民生支出是多少？", "share_part", ""),
        ("秦淮区个人所得税起征点提高到多少钱？", "asks_money", True),
        ("秦淮区新增就业多少人？", "asks_money", False),
    ],
)
def test_how_a_question_asks_is_a_field_of_its_frame(question: str, field: str, value: object) -> None:
    assert getattr(read(question), field) == value


def test_a_counted_list_is_read_as_the_question_counts_it() -> None:
    assert read("秦淮区今年十件民生实事是哪些？").counted_as("实事") == "十件民生实事"
    assert read("秦淮区今年十件民生实事是哪些？").counted_as("工程") == ""
    assert read("秦淮区今年的民生实事有哪些？").counted_as("实事") == ""  # it counts none


def test_each_budget_book_a_question_names_is_told_apart() -> None:
    assert budget_books("一般公共预算收入和政府性基金预算收入") == frozenset({0, 1})
    assert budget_books("国有资本经营预算") == frozenset({2})
    assert budget_books("地区生产总值") == frozenset()


def test_a_frame_cannot_be_changed_once_read() -> None:
    frame = read("2023年秦淮区地区生产总值是多少？")
    with pytest.raises(dataclasses.FrozenInstanceError):
        frame.years = (2024,)  # type: ignore[misc]
    assert isinstance(frame.terms, tuple)  # nor its key terms, in place


def test_a_year_of_a_comparison_is_a_new_frame_and_the_whole_stays_as_read() -> None:
    text = "2022年和2023年秦淮区地区生产总值分别增长多少？"
    whole = dataclasses.replace(read(text), query=QueryAnalyzer().analyze(text))
    assert whole.years == (2022, 2023) and whole.compare
    one = QuestionFrameBuilder(MappingSynonyms({})).one_year(whole, 2023)
    assert one.years == (2023,) and not one.compare
    assert one.query is not None and one.query.text == "2023年地区生产总值增长多少"  # asked of that year
    assert one.intent == INTENT_FIGURE
    assert whole.years == (2022, 2023) and whole.compare and whole.query is not None
    assert whole.query.text == text
    # how the question asks belongs to the whole question, and stays with each of its years
    assert (one.asks_average, one.spans_years, one.narrowing) == (
        whole.asks_average,
        whole.spans_years,
        whole.narrowing,
    )


def test_a_part_of_a_question_takes_the_year_said_once_as_a_new_frame() -> None:
    frame = read("2023年秦淮区地区生产总值达到多少、增长多少？")
    assert len(frame.parts) == 2
    assert all(p.years == (2023,) for p in frame.parts)
    assert all(isinstance(p, QuestionFrame) for p in frame.parts)


def test_the_answer_is_made_from_the_frame_not_from_the_question_text() -> None:
    """With the text blanked, the frame's fields still decide: a yearly average asked is not
    answered by one year's growth, and is by a yearly average."""
    answerer = ExtractiveAnswerer()
    frame = read("“十四五”时期秦淮区地区生产总值年均增长多少？")
    blank = dataclasses.replace(frame, question="")
    one_year = chunk("2023年全区地区生产总值增长5.1%，总量连续5年位居全市前列。", ("一、过去五年工作回顾",))
    average = chunk("过去五年，全区地区生产总值年均增长6.3%，总量位居全市前列。", ("一、过去五年工作回顾",))
    for f in (frame, blank):
        assert not answerer.extract(f, hits(one_year)).answerable
        assert answerer.extract(f, hits(average)).answerable
    rate = chunk("上半年全区城镇调查失业率保持稳定，城镇新增就业1.2万人。", (PART1, "民生"))
    asked = dataclasses.replace(read("2023年上半年秦淮区城镇调查失业率是多少？"), question="")
    assert not answerer.extract(asked, hits(rate)).answerable  # a rate: only a percentage answers


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2024年度宁川市一般公共预算收入是多少？", (2024,)),
        ("宁川市2023 年和2024年GDP分别是多少？", (2023, 2024)),
        ("宁川市12024年的数字", ()),  # no year: a longer number that ends in 2024
        ("宁川市3000年规划", ()),  # not a year a report speaks of
    ],
)
def test_the_question_the_scope_and_retrieval_read_the_same_years(text: str, years: tuple[int, ...]) -> None:
    assert ANALYZER.years(text) == years
    assert asked_years(text) == years
    assert tuple(QueryAnalyzer().analyze(text).years) == years


def test_a_level_before_a_verb_is_no_part_of_a_key_term() -> None:
    # "省" qualifies a noun ("省重大项目"), not the verb of how the money came ("省拿到")
    terms = [t.text for t in read("2026年宁川市从中央和省拿到多少转移支付？").terms]
    assert "省拿到" not in terms and "拿到" in terms
    assert "省重点项目" in [t.text for t in read("2026年宁川新开工省重点项目多少个？").terms]


def test_where_money_was_spent_is_asked_of_spending() -> None:
    # "钱主要花在哪些方面": the report's word is 支出, "钱" and "花" are no words it uses
    terms = [t.text for t in read("2026年宁川市本级钱主要花在哪些方面").terms]
    assert "支出" in terms and "钱" not in terms and "花" not in terms


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("2023年秦淮区人均预期寿命提高到了多少岁？", "人均预期寿命"),
        ("2023年秦淮区托位增加到多少个了", "托位"),
        ("2023年秦淮区城镇化率提高到多少？", "城镇化率"),
    ],
)
def test_the_level_reached_is_asked_as_an_amount_and_its_verb_is_no_word_to_find(
    question: str, topic: str
) -> None:
    frame = read(question)
    assert frame.aspect == "amount"
    assert frame.topic.removeprefix("秦淮区") == topic


def test_an_age_is_answered_by_an_age_not_by_another_figure_of_the_paragraph() -> None:
    answerer = ExtractiveAnswerer()
    frame = read("2023年秦淮区人均预期寿命达到多少岁？")
    income = chunk("全区居民人均可支配收入增长5.4%，城镇新增就业1.2万人。", ("一、2023年工作回顾",))
    age = chunk("全区人均预期寿命提高到81.2岁，婴儿死亡率持续下降。", ("一、2023年工作回顾",))
    assert not answerer.extract(frame, hits(income)).answerable
    found = answerer.extract(frame, hits(age))
    assert found.answerable and found.best is not None and "81.2岁" in found.best.piece.text


def test_a_sum_asked_is_answered_by_money_not_by_the_count_before_it() -> None:
    frame = read("2023年秦淮区进出口总额是多少？")
    assert "count" not in frame.wants and "money" in frame.wants
    trade = chunk("全区有进出口实绩企业1200家，进出口总额820.5亿元，增长3.2%。", ("一、2023年工作回顾",))
    found = ExtractiveAnswerer().extract(frame, hits(trade))
    assert found.answerable and found.best is not None and "820.5亿元" in found.best.piece.text
    assert "1200家" not in found.best.piece.text


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("安远市长叫什么名字", "who"),  # "安远市" taken out leaves "长叫什么名字"
        ("青禾县县长姓什么？", "who"),
        ("安远市市长的名字", "who"),
        ("这个项目叫什么名字", "fact"),  # a programme's name, no office's holder
    ],
)
def test_an_offices_holder_asked_by_name_is_a_who_question(question: str, aspect: str) -> None:
    assert QuestionAnalyzer().analyze(question).aspect == aspect


def test_what_the_answer_checks_look_for_in_the_question_is_read_by_the_frame() -> None:
    """The department, the development zone, the per-head word and the noun a term qualifies are the
    frame's to read, once: the answer checks (extractive.py) read these, not the question's text."""
    organ = read("宁川市教育局今年安排了多少支出？")
    assert organ.organs == ("教育局",) and read("宁川市格局如何？").organs == ()
    assert read("2026年宁川现代物流产业开发区收入是多少？").zone_asked == ("宁川现代物流", "产业开发区")
    assert read("宁川市的经开区收入多少？").zone_asked == ("", "经开区")
    assert organ.zone_asked is None
    assert read("秦淮区人均财政补助是多少？").per_head == (("人均",), "财政补助是多")
    assert organ.per_head == ((), "")
    poor = read("秦淮区低收入家庭补助标准是多少？")
    assert [t.text for t in poor.terms if poor.modifies_a_noun(t)] == ["低收入"]


def test_a_list_asked_by_its_count_is_named_by_the_frame() -> None:
    """ "“十张网”分别是哪十张网": the list's name by its count is read once, by the frame."""
    assert read("秦淮区“十张网”分别是哪十张网？").counted_list == "十张网"
    assert read("秦淮区28项民生实事具体是哪28项？").counted_list == "28项民生实事具体"
    assert read("秦淮区十大民生实事分别是什么？").counted_list == "十大民生实事分别"
    assert read("秦淮区有哪些民生实事？").counted_list is None


def test_what_a_rank_question_asks_is_read_by_the_frame() -> None:
    nation = read("宁川市地区生产总值在全国排第几？")
    assert nation.asks_ranking and nation.ranking_asked == read("全国").ranking_asked
    assert nation.rank_measure_asked is None  # neither a growth rate nor a total said
    assert any("生产总值" in w for w in nation.rank_subject)
    growth = read("宁川市地区生产总值增速在全省排第几？")
    assert growth.rank_measure_asked == "growth"
    assert growth.ranking_asked != nation.ranking_asked
    assert not any(w in ("增速", "全省") for w in growth.rank_subject)
    # "在全国算第几个" asks a record ("全国首个"), not a place in a ranking
    assert not read("宁川市的自贸片区在全国算第几个？").asks_ranking


def test_a_count_of_the_items_asked_is_read_by_the_frame() -> None:
    assert read("宁川市今年的民生实事一共几件？").asks_item_count
    both = read("宁川市重点工作一共有几个方面？最后一个方面讲的是什么？")
    # the count is asked by the first part only, not as the question ends
    assert both.asks_item_count_in_a_part and not both.asks_item_count
    assert not read("宁川市今年的民生实事有哪些？").asks_item_count_in_a_part


def test_a_year_is_matched_as_written_in_digits_or_chinese_and_a_negative_one_does_not_fail() -> None:
    import re

    from wenbao.answering.question import written_year_re

    assert re.search(written_year_re(2035), "到二〇三五年基本实现") and re.search(
        written_year_re(2035), "2035年"
    )
    # a year an API client sends out of any calendar is matched as written, not a server error
    assert re.search(written_year_re(-3004846), "-3004846年") and not re.search(
        written_year_re(-3004846), "2035年"
    )
