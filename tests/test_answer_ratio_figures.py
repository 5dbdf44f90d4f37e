"""A ratio a report prints without a unit ("城乡居民收入倍差从2.42缩小至2.12", "收入比由2.9∶1缩小至
2.52∶1") is a figure of its own kind, which a question on the ratio asks for: the clause that
states it answers, not another figure of the passage; a question on the income itself is not
answered by the ratio its name holds ("居民收入倍差"). An income compared with another year's
("收入比上年增长5.2%") is no ratio. A report this test writes (青岚, 2026)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.figures import RATIO, find_figures
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder

REPORT = """\
2026年青岚市政府工作报告
——2026年1月15日在青岚市第十届人民代表大会第五次会议上
一、“十四五”时期发展成就
过去五年，全市居民人均可支配收入年均增长6.2%，城乡居民收入倍差从2.31缩小至2.05，城镇居民人均可支配收入达到5.6万元，常住人口城镇化率提高到68.2%。
二、2025年工作回顾
全市居民人均可支配收入比上年增长5.2%，农村居民收入增长6.4%。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qinglan-2026-gzbg.txt", REPORT)


@pytest.mark.parametrize(
    ("text", "ratios"),
    [
        ("城乡居民收入倍差从2.42缩小至2.12", ["2.42", "2.12"]),
        ("城乡居民收入比从2.50:1缩小至2.27", ["2.50:1", "2.27"]),
        ("城乡居民收入比由2.9∶1缩小至2.52∶1", ["2.9∶1", "2.52∶1"]),
        ("城乡居民人均收入比2010年翻一番", []),
        ("居民收入比上年增长5.2%，达到3.1万元", []),
    ],
)
def test_a_ratio_printed_without_a_unit_is_a_figure(text: str, ratios: list[str]) -> None:
    assert [f.text for f in find_figures(text) if f.kind == RATIO] == ratios


def test_a_ratio_asked_wants_a_ratio_and_a_growth_asked_does_not() -> None:
    assert QuestionAnalyzer().analyze("青岚“十四五”城乡居民收入倍差缩小到多少").wants == {RATIO}
    assert RATIO not in QuestionAnalyzer().analyze("青岚2025年居民收入比上年增长多少").wants
    share = QuestionAnalyzer().analyze("青岚2025年非税收入占一般公共预算收入比重是多少").wants
    assert RATIO not in share


@pytest.mark.parametrize(
    "question", ["青岚“十四五”期间城乡居民收入倍差缩小到多少？", "“十四五”时期青岚城乡居民收入比缩小到多少"]
)
def test_the_ratio_is_answered_by_its_clause(answerer: ReportAnswerer, question: str) -> None:
    a = answerer.ask(question)
    assert a.answerable and "2.05" in a.answer and "5.6万元" not in a.answer, a.answer


def test_the_ratio_is_no_figure_of_the_income_it_names(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青岚“十四五”这五年居民收入平均每年涨多少")
    assert a.answerable and "6.2%" in a.answer, a.answer
