"""A noun built on 增长 ("新增长引擎", "新的增长点", "增长极") names things a report lists, so
"哪些新增长引擎" asks a list, not a growth rate; "经济增长多少" still asks a rate. Over a national
work report this test writes (2031)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.question import GROWTH_Q, LIST_Q, QuestionAnalyzer
from wenbao.index.embedders import Embedder

REPORT = """\
政府工作报告
——2031年3月5日在第十六届全国人民代表大会第二次会议上
国务院总理 周远
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2030年工作回顾
过去一年，国内生产总值增长4.8%，城镇新增就业1210万人。
二、2031年政府工作任务
（一）培育新兴产业和未来产业
积极培育新兴产业。加快氢能、新材料等产业发展，积极打造深海装备、空天信息、智能机器人等新增长引擎。
（二）扩大国内需求
培育壮大新型消费，积极培育冰雪运动、银发旅游、国货精品等新的消费增长点。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2031-gzbg.txt", REPORT)


@pytest.mark.parametrize(
    "question",
    ["2031年国家要打造哪些新增长引擎？", "2031年全国培育哪些新的增长点", "全国2031年的新增长极有哪些"],
)
def test_a_noun_built_on_growth_asks_a_list(question: str) -> None:
    frame = QuestionAnalyzer().analyze(question)
    assert frame.aspect == LIST_Q and not frame.asks_added, (frame.aspect, frame.aspect_text)


@pytest.mark.parametrize("question", ["2030年全国经济增长多少？", "2030年国内生产总值增长是多少"])
def test_growth_asked_of_an_indicator_is_still_a_rate(question: str) -> None:
    assert QuestionAnalyzer().analyze(question).aspect == GROWTH_Q


def test_the_new_growth_engines_are_listed(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年国家要积极打造哪些新增长引擎？")
    assert a.answerable, a.answer
    assert all(w in a.answer for w in ("深海装备", "空天信息", "智能机器人")), a.answer


def test_the_new_growth_points_of_spending_are_listed(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年全国要培育哪些新的消费增长点")
    assert a.answerable and "银发旅游" in a.answer, a.answer
