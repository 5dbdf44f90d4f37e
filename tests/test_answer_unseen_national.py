"""Ways a State Council report the rules were not fitted on words its figures and lists, over a
national work report this test writes (2031):

- a noun built on 增长 ("新增长引擎", "新的增长点", "增长极") names things a report lists, so "哪些新增长
  引擎" asks a list, not a growth rate ("经济增长多少" still asks a rate);
- a share written in words ("压减三分之一以上", "缩短一半", "占到四成", "百分之二十") is a figure: "压减了
  多少" gets it instead of a refusal for want of digits;
- a rate asked with its target or plan after it ("就业率目标", "城镇化率的预期目标") still asks a
  percentage: a count in the same words ("高校毕业生1260万人") does not answer it.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.figures import PERCENT, find_figures
from wenbao.answering.question import GROWTH_Q, LIST_Q, QuestionAnalyzer
from wenbao.index.embedders import Embedder

REPORT = """\
政府工作报告
——2031年3月5日在第十六届全国人民代表大会第二次会议上
国务院总理 周远
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2030年工作回顾
过去一年，国内生产总值增长4.8%，城镇新增就业1210万人，常住人口城镇化率提高到69.1%。深化“放管服”改革，行政许可事项压减三分之一以上，出口退税办理时间缩短一半。
二、2031年经济社会发展总体要求和政策取向
今年发展主要预期目标是：国内生产总值增长4.5%左右；城镇新增就业1150万人以上，城镇调查失业率5.4%左右。
三、2031年政府工作任务
（一）培育新兴产业和未来产业
积极培育新兴产业。加快氢能、新材料等产业发展，积极打造深海装备、空天信息、智能机器人等新增长引擎。
（二）扩大国内需求
培育壮大新型消费，积极培育冰雪运动、银发旅游、国货精品等新的消费增长点。
（三）优化营商环境
精简会议和文件，各部门发文数量再压减百分之二十。对拖欠中小企业的账款，年底前清偿五分之二以上。
（四）发展绿色经济
可再生能源发电量占到全部发电量的四成以上。
（五）稳就业促增收
预计今年高校毕业生超过1260万人，要强化促进青年就业政策举措。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2031-gzbg.txt", REPORT)


# --- a noun built on 增长 ------------------------------------------------------------------------


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


# --- a share written in words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("许可事项压减三分之一以上", "三分之一"),
        ("办理时间缩短一半", "一半"),
        ("占到全部发电量的四成以上", "四成"),
        ("发文数量再压减百分之二十", "百分之二十"),
        ("清偿五分之二以上", "五分之二"),
    ],
)
def test_a_share_in_words_is_a_percentage(text: str, share: str) -> None:
    assert [(f.text, f.kind) for f in find_figures(text)] == [(share, PERCENT)]


@pytest.mark.parametrize("text", ["建成一批项目", "完成了任务", "一成不变", "十一半导体企业", "成为全国第一"])
def test_words_with_cheng_or_ban_that_are_no_share(text: str) -> None:
    assert not [f for f in find_figures(text) if f.kind == PERCENT]


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("2030年全国行政许可事项压减了多少？", "三分之一以上"),
        ("2030年全国出口退税办理时间缩短了多少", "一半"),
        ("2031年全国拖欠中小企业的账款年底前要清偿多少？", "五分之二以上"),
        ("2031年全国可再生能源发电量要占全部发电量的多少", "四成以上"),
    ],
)
def test_a_share_in_words_answers_how_much(answerer: ReportAnswerer, question: str, share: str) -> None:
    a = answerer.ask(question)
    assert a.answerable and share in a.answer, a.answer


# --- a rate with its target after it -------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "2031年全国高校毕业生就业率目标是多少",
        "2031年全国城镇调查失业率目标是多少？",
        "2031年全国城镇化率的预期目标是多少",
        "2031年全国常住人口城镇化率计划达到多少",
    ],
)
def test_a_rate_with_its_target_after_it_wants_a_percentage(question: str) -> None:
    assert QuestionAnalyzer().analyze(question).wants == frozenset({PERCENT})


def test_a_count_target_still_wants_a_count_or_an_amount() -> None:
    assert "count" in QuestionAnalyzer().analyze("2031年全国城镇新增就业目标是多少？").wants


def test_the_rate_target_is_answered_by_the_rate(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年全国城镇调查失业率目标是多少？")
    assert a.answerable and "5.4%左右" in a.answer, a.answer


def test_a_rate_target_the_report_never_gives_is_not_answered_with_a_count(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年全国高校毕业生就业率目标是多少")
    assert not a.answerable or "1260万人" not in a.answer, a.answer
