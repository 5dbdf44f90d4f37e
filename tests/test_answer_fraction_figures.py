"""A share written in words ("压减三分之一以上", "缩短一半", "占到三成", "百分之五十") is a figure: a
question asking how much was cut or how large a share is gets it, instead of a refusal for want of
digits. Over a national work report this test writes (2032)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.figures import PERCENT, find_figures
from wenbao.index.embedders import Embedder

REPORT = """\
政府工作报告
——2032年3月5日在第十六届全国人民代表大会第三次会议上
国务院总理 周远
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2031年工作回顾
过去一年，国内生产总值增长4.6%。深化“放管服”改革，行政许可事项压减三分之一以上，出口退税办理时间缩短一半。
二、2032年政府工作任务
（一）优化营商环境
精简会议和文件，各部门发文数量再压减百分之二十。对拖欠中小企业的账款，年底前清偿五分之二以上。
（二）发展绿色经济
可再生能源发电量占到全部发电量的四成以上。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2032-gzbg.txt", REPORT)


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
        ("2031年全国行政许可事项压减了多少？", "三分之一以上"),
        ("2031年全国出口退税办理时间缩短了多少", "一半"),
        ("2032年全国拖欠中小企业的账款年底前要清偿多少？", "五分之二以上"),
        ("2032年全国可再生能源发电量要占全部发电量的多少", "四成以上"),
    ],
)
def test_a_share_in_words_answers_how_much(answerer: ReportAnswerer, question: str, share: str) -> None:
    a = answerer.ask(question)
    assert a.answerable and share in a.answer, a.answer
