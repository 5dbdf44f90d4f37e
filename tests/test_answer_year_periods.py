"""Which stretch of years a question means: the year reviewed, the five years reviewed, the five
years planned ("到2030年", "十五五") or the year planned, each answered by its own figure.

The report is written here (湖南, a province the sample reports do not hold) and gives the same
indicator for each stretch, so a question answered from the wrong one fails.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import _spans_a_figure
from wenbao.answering.scope import resolve_relative
from wenbao.index.embedders import Embedder

REPORT = """\
2026年湖南省政府工作报告
——2026年1月21日在湖南省第十四届人民代表大会第五次会议上
湖南省省长 孙八
各位代表：
现在，我代表省人民政府，向大会报告政府工作，请予审议。
“十四五”时期工作回顾
——这是综合实力跃升的五年。全省地区生产总值达到5.4万亿元，年均增长5.6%，城镇新增就业累计380万人。
全省经济总量较“十三五”末的4.2万亿元增加1.2万亿元，长株潭经济总量突破2万亿元、实现翻一番。
2023年，我们战胜了罕见洪涝灾害，受灾群众全部住进新居。
刚刚过去的2025年，全省地区生产总值增长5.1%，城镇新增就业76万人，粮食产量达到620亿斤。
“十五五”时期发展的主要考虑
《纲要（草案）》提出了“十五五”期间的28个主要目标指标，其中地区生产总值年均增长5%以上，城镇新增就业累计350万人以上。
2026年重点工作
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业72万人以上；粮食产量稳定在615亿斤以上；碳排放双控达到国家下达“十五五”目标任务的序时进度。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "hunan-2026-gzbg.txt", REPORT)


def test_a_horizon_year_asks_the_five_year_plan_not_the_plan_year(answerer: ReportAnswerer) -> None:
    # "到2030年…每年" is the 十五五 plan's yearly average, which names no year of its own
    a = answerer.ask("湖南到2030年地区生产总值每年要增长多少")
    assert a.answerable and "5%以上" in a.answer and "5.5%左右" not in a.answer


def test_a_plan_period_asks_its_own_target_not_the_plan_years_beside_a_clause_naming_it(
    answerer: ReportAnswerer,
) -> None:
    # the year's targets name "十五五" only in a clause of their own, with no figure
    a = answerer.ask("湖南十五五GDP目标是多少")
    assert a.answerable and "5%以上" in a.answer and "5.5%左右" not in a.answer


def test_the_last_year_of_a_five_year_part_is_answered_by_its_own_paragraph(answerer: ReportAnswerer) -> None:
    # the "刚刚过去的2025年" paragraph of an untitled five-year part speaks of 2025 alone
    a = answerer.ask("湖南2025年城镇新增就业多少人")
    assert a.answerable and "76万人" in a.answer and "380万人" not in a.answer
    b = answerer.ask("湖南“十四五”期间城镇新增就业一共多少人")
    assert b.answerable and "380万人" in b.answer and "76万人" not in b.answer


def test_a_province_abbreviation_before_a_plan_period_names_the_place(answerer: ReportAnswerer) -> None:
    a = answerer.ask("湘十四五期间地区生产总值年均增长多少")
    assert a.answerable and "5.6%" in a.answer and "湖南" in a.rewritten_question


def test_an_amount_added_is_answered_by_the_sentence_that_says_it_was_added(answerer: ReportAnswerer) -> None:
    # "一共增加了多少": "…增加1.2万亿元", not the amount another clause of the part reached
    a = answerer.ask("湖南十四五这五年GDP一共增加了多少")
    assert a.answerable and "1.2万亿元" in a.answer


def test_a_year_written_short_is_that_year(answerer: ReportAnswerer) -> None:
    a = answerer.ask("湖南25年城镇新增就业多少人")
    assert a.answerable and "76万人" in a.answer and "2025年" in a.rewritten_question
    b = answerer.ask("湖南26年粮食产量目标是多少")
    assert b.answerable and "615亿斤" in b.answer


@pytest.mark.parametrize("words", ["连续21年居全国首位", "近10年变化", "30年来", "用了15年时间", "过去5年"])
def test_a_count_of_years_is_no_short_year(words: str) -> None:
    assert resolve_relative(words, 2026) == words


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("城镇新增就业累计380万人，粮食产量稳定", True),
        ("全省地区生产总值年均增长5%以上。", True),
        # the period named in a clause without a figure does not make the year's target the period's
        ("地区生产总值增长5.5%左右；碳排放双控达到国家下达“十五五”目标任务的序时进度。", False),
        ("五年来，我们坚持教育优先。", False),
    ],
)
def test_a_figure_is_over_several_years_only_where_its_own_clause_says_so(text: str, spans: bool) -> None:
    assert _spans_a_figure(text) is spans
