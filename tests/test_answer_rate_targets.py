"""A rate asked with its target or plan after it ("就业率目标", "城镇化率的预期目标") still asks a
percentage: a count in the same words ("高校毕业生1200万人") does not answer it. Over a national work
report this test writes (2033)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.figures import PERCENT
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder

REPORT = """\
政府工作报告
——2033年3月5日在第十六届全国人民代表大会第四次会议上
国务院总理 周远
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2032年工作回顾
过去一年，国内生产总值增长4.5%，城镇新增就业1180万人，常住人口城镇化率提高到69.1%。
二、2033年经济社会发展总体要求和政策取向
今年发展主要预期目标是：国内生产总值增长4.5%左右；城镇新增就业1150万人以上，城镇调查失业率5.4%左右。
三、2033年政府工作任务
（一）稳就业促增收
预计今年高校毕业生超过1260万人，要强化促进青年就业政策举措。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2033-gzbg.txt", REPORT)


@pytest.mark.parametrize(
    "question",
    [
        "2033年全国高校毕业生就业率目标是多少",
        "2033年全国城镇调查失业率目标是多少？",
        "2033年全国城镇化率的预期目标是多少",
        "2033年全国常住人口城镇化率计划达到多少",
    ],
)
def test_a_rate_with_its_target_after_it_wants_a_percentage(question: str) -> None:
    assert QuestionAnalyzer().analyze(question).wants == frozenset({PERCENT})


def test_a_count_target_still_wants_a_count_or_an_amount() -> None:
    assert "count" in QuestionAnalyzer().analyze("2033年全国城镇新增就业目标是多少？").wants


def test_the_rate_target_is_answered_by_the_rate(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2033年全国城镇调查失业率目标是多少？")
    assert a.answerable and "5.4%左右" in a.answer, a.answer


def test_a_rate_target_the_report_never_gives_is_not_answered_with_a_count(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2033年全国高校毕业生就业率目标是多少")
    assert not a.answerable or "1260万人" not in a.answer, a.answer
