"""A thesaurus name that runs into how a change is asked: "经济增长了多少" asks the growth of the
economy — 地区生产总值 in a report's words — not of whatever sentence has 经济 and a percentage.
Over a county's work report this test writes (柳河县, 2026), where 民营经济 grew too.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2026年柳河县政府工作报告
——2026年1月12日在柳河县第十九届人民代表大会第五次会议上
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全县经济运行稳中向好。民营经济增加值增长8.4%，占全县经济总量的比重提高到56%。
全县地区生产总值完成214.6亿元，增长5.7%；规上工业增加值增长7.9%；一般公共预算收入完成11.3亿元，增长3.1%。
城乡居民人均可支配收入分别增长4.9%和6.6%。
二、2026年工作安排
今年全县经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长3%；城镇新增就业4200人以上，城镇调查失业率5.5%以内；居民消费价格涨幅2%左右；城乡居民人均可支配收入增长与经济增长同步；单位地区生产总值能耗下降2.5%。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "liuhe-2026-gzbg.txt", REPORT)


@pytest.mark.parametrize(
    "question", ["柳河县2025年经济增长了多少？", "2025年柳河县经济增长多少", "柳河县去年经济增长怎么样"]
)
def test_economic_growth_is_the_growth_of_the_regional_product(
    answerer: ReportAnswerer, question: str
) -> None:
    answer = answerer.ask(question)
    assert answer.answerable, question
    assert "5.7%" in answer.answer and "8.4%" not in answer.answer, answer.answer


def test_economic_growth_is_found_under_any_name_of_the_product(
    tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder
) -> None:
    """A national report says 国内生产总值: a synonym of the report word the thesaurus points at."""
    national = answerer_over(
        tmp_path_factory,
        shared_e5,
        "guojia-2031-gzbg.txt",
        "2031年政府工作报告\n一、2030年工作回顾\n过去一年，国内生产总值达到158万亿元，增长4.6%。"
        "民营经济活力增强，个体工商户增长3.2%。居民消费价格上涨0.8%。\n二、2031年工作安排\n"
        "今年发展主要预期目标是：国内生产总值增长4.5%左右。\n",
    )
    answer = national.ask("2030年全国经济增长了多少？")
    assert answer.answerable and "4.6%" in answer.answer, answer.answer


def test_a_growth_asked_of_an_indicator_named_in_full_is_unchanged(answerer: ReportAnswerer) -> None:
    answer = answerer.ask("柳河县2025年民营经济增加值增长了多少？")
    assert "8.4%" in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "柳河县2026年经济增长目标和城镇新增就业目标分别是多少？",
        "柳河县2025年规上工业增加值和一般公共预算收入各增长多少",
    ],
)
def test_two_indicators_joined_by_and_are_each_answered(answerer: ReportAnswerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.answerable, question
    wanted = ("5.5%", "4200人") if "2026" in question else ("7.9%", "3.1%")
    assert all(figure in answer.answer for figure in wanted), answer.answer


def test_an_and_inside_a_name_joins_no_two_indicators() -> None:
    from wenbao.answering.question import QuestionAnalyzer

    analyzer = QuestionAnalyzer()
    for question in (
        "2015年和2020年中华人民共和国城镇新增就业分别多少人？",  # 共和国
        "柳河县城镇和农村居民人均可支配收入分别增长多少",  # one indicator's two kinds
    ):
        assert not analyzer.analyze(question).parts, question
    parts = analyzer.analyze("2026年柳河县粮食产量和城镇新增就业目标各是多少").parts
    assert [p.years for p in parts] == [(2026,), (2026,)]
    assert "粮食产量" in parts[0].topic and "城镇新增就业" in parts[1].topic
