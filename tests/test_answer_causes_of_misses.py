"""Kinds of question found missed on tuning material (issue 23), over a provincial work report written
here (西川省, delivered in 2027): a why-question with a list asked at once, a target asked by its
indicator with no 多少, a share asked by 占比 (no comparison), urban and rural figures told apart,
and a budget line asked by its item, not the budget's total."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.question import GROWTH_Q, LIST_Q, WHY_Q, QuestionAnalyzer
from wenbao.answering.synonyms import default_synonyms
from wenbao.index.embedders import Embedder

REPORT = """\
2027年西川省政府工作报告
2027年1月20日在西川省第十四届人民代表大会第五次会议上西川省人民政府省长周明德作政府工作报告
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、过去五年工作回顾
五年来，全省地区生产总值年均增长6.2%，全体居民人均可支配收入年均增长7.1%，城镇居民人均可支配收入年均增长6.4%，农村居民人均可支配收入年均增长8.3%。
2026年，全体居民人均可支配收入增长5.9%，城镇居民人均可支配收入增长5.1%，农村居民人均可支配收入增长7.4%。全社会研发经费投入占地区生产总值比重达到2.31%。
二、2027年主要预期目标
今年全省经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业45万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅2%左右；全社会研发经费投入占地区生产总值比重提高到2.4%；粮食产量稳定在700亿斤以上。
三、2027年重点工作
稳定和扩大就业。考虑到就业是最基本的民生，关系千家万户的切身利益，必须把稳就业摆在更加突出的位置。一是落实就业优先政策，扩大政策性岗位供给。二是抓好高校毕业生、农民工、退役军人等重点群体就业。三是开展大规模职业技能培训，新建公共实训基地20个。四是加强欠薪治理，保障劳动者合法权益。
四、2027年预算安排
全省一般公共预算支出安排6850亿元，比上年年初预算增长3.6%。省本级支出1320亿元，比上年年初预算增长2.1%，其中科学技术支出增长12%。其中，教育支出安排1210亿元，增长4.2%；卫生健康支出安排560亿元，增长3.1%；农林水支出安排690亿元，增长2.5%。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "xichuan-2027-gzbg.txt", REPORT)


@pytest.fixture(scope="module")
def analyzer() -> QuestionAnalyzer:
    return QuestionAnalyzer(default_synonyms())


# 1. A why-question and a list at once


@pytest.mark.parametrize(
    "question",
    ["为什么要稳定就业，有哪些措施？", "为何要扩大内需？采取了哪些举措", "有哪些措施？为什么要这样做"],
)
def test_a_why_and_a_list_asked_at_once_are_two_parts(analyzer: QuestionAnalyzer, question: str) -> None:
    parts = analyzer.analyze(question).parts
    assert sorted(p.aspect for p in parts) == sorted([WHY_Q, LIST_Q])
    listed = next(p for p in parts if p.aspect == LIST_Q)
    why = next(p for p in parts if p.aspect == WHY_Q)
    # the list part asks the list of what the why part is about
    assert {t.text for t in why.terms} <= {t.text for t in listed.terms} or not why.terms


def test_the_why_and_the_list_are_each_answered_and_cited(answerer: ReportAnswerer) -> None:
    a = answerer.ask("西川省为什么要稳定就业，有哪些措施？")
    assert a.answerable
    assert "最基本的民生" in a.answer  # the reason
    assert "职业技能培训" in a.answer or "重点群体" in a.answer  # the measures
    assert "[1]" in a.answer


# 2. A target asked by its indicator, with no 多少


@pytest.mark.parametrize(
    "question", ["城镇新增就业目标", "粮食产量计划", "城镇化率预期目标", "研发投入强度目标"]
)
def test_an_indicator_named_with_its_target_is_a_figure_question(
    analyzer: QuestionAnalyzer, question: str
) -> None:
    assert analyzer.analyze(question).is_figure_question


@pytest.mark.parametrize("question", ["发展目标", "主要预期目标", "今年的目标"])
def test_a_target_word_with_no_indicator_is_no_figure_question(
    analyzer: QuestionAnalyzer, question: str
) -> None:
    assert not analyzer.analyze(question).is_figure_question


def test_the_one_target_asked_is_quoted_not_the_whole_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("西川省2027年城镇新增就业目标")
    assert "45万人" in a.answer
    assert "700亿斤" not in a.answer and "2%左右" not in a.answer


# 3. 比 inside a share word is no comparison


@pytest.mark.parametrize(
    ("question", "compared"),
    [
        ("研发经费投入占比计划是多少？", False),
        ("第三产业比重是多少", False),
        ("城镇化率比例是多少", False),
        ("城镇化率比全国高多少", True),
        ("服务业占比比全国高多少", True),
    ],
)
def test_a_share_word_is_not_read_as_a_comparison(
    analyzer: QuestionAnalyzer, question: str, compared: bool
) -> None:
    # a comparison asks the gap, which a report gives in points as often as in percent
    assert ("points" in analyzer.analyze(question).wants) is compared


def test_a_share_asked_after_another_figure_is_a_part_of_its_own(analyzer: QuestionAnalyzer) -> None:
    parts = analyzer.analyze("服务业增加值是多少，比重多少").parts
    assert len(parts) == 2


def test_a_share_target_is_answered_with_the_share(answerer: ReportAnswerer) -> None:
    a = answerer.ask("西川省2027年研发经费投入占比计划是多少？")
    assert "2.4%" in a.answer


# 4. Urban and rural figures told apart; an alias does not cut a name the dictionary knows


@pytest.mark.parametrize(
    ("question", "figure", "not_figure"),
    [
        ("西川省2026年农村居民人均可支配收入增长多少？", "7.4%", "5.1%"),
        ("西川省2026年城镇居民人均可支配收入增长多少？", "5.1%", "7.4%"),
        ("西川省2026年居民人均可支配收入增长多少？", "5.9%", "7.4%"),
        ("西川省过去五年农村居民人均可支配收入年均增长多少？", "8.3%", "6.4%"),
        ("西川省过去五年居民人均可支配收入年均增长多少？", "7.1%", "8.3%"),
    ],
)
def test_urban_rural_and_all_residents_figures_are_told_apart(
    answerer: ReportAnswerer, question: str, figure: str, not_figure: str
) -> None:
    a = answerer.ask(question)
    assert figure in a.answer and not_figure not in a.answer


def test_an_alias_does_not_cut_a_known_indicator_name(analyzer: QuestionAnalyzer) -> None:
    frame = analyzer.analyze("居民人均可支配收入年均增长多少")
    assert frame.aspect == GROWTH_Q
    # the income's name is read whole, not cut at 收入 by the alias 收入增长
    assert not any(t.text.startswith("收入") and "增长" in t.text for t in frame.terms)


# 5. A budget line asked by its item is answered by that item's clause, not the budget's total


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("西川省2027年教育支出安排多少？", "1210亿元"),
        ("西川省2027年卫生健康预算多少？", "560亿元"),
        ("西川省2027年科学技术预算多少？", "12%"),
        ("西川省2027年科学技术支出安排多少？", "12%"),
    ],
)
def test_a_budget_line_is_answered_by_its_own_clause(
    answerer: ReportAnswerer, question: str, figure: str
) -> None:
    a = answerer.ask(question)
    assert figure in a.answer and "6850亿元" not in a.answer and "1320亿元" not in a.answer


@pytest.mark.parametrize("question", ["教育强省目标", "科技创新目标"])
def test_a_goal_named_after_a_topic_word_is_no_figure_question(
    analyzer: QuestionAnalyzer, question: str
) -> None:
    # a thesaurus word inside the goal's name (教育) does not make the goal an indicator
    assert not analyzer.analyze(question).is_figure_question


def test_the_growth_after_an_items_amount_is_the_items() -> None:
    from wenbao.answering.extractive import _item_figures
    from wenbao.answering.figures import find_figures

    frame = QuestionAnalyzer().analyze("教育支出增长多少")
    for text, kept in [
        (
            "一般公共预算支出6850亿元，增长3.6%；教育支出1210亿元，增长4.2%；卫生健康支出560亿元，增长3.1%",
            ["1210亿元", "4.2%"],
        ),
        ("教育支出方面，安排资金73亿元", ["73亿元"]),
        # what the item's figure is set against names no other indicator
        ("教育支出73亿元，较年初预算节约0.5亿元", ["73亿元", "0.5亿元"]),
        ("教育支出73亿元，占一般公共预算支出比重15.2%", ["73亿元", "15.2%"]),
        # another indicator's figures are not the item's; one before any indicator is named is
        # left to the other rules
        ("一般公共预算支出6850亿元，增长3.6%", []),
        ("安排资金73亿元", ["73亿元"]),
    ]:
        assert [f.text for f in _item_figures(frame, text, find_figures(text))] == kept
