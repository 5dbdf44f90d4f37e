"""A State Council report as a page dump keeps it: no title page (no speaker, date or meeting),
its review opening on "各位代表：". Questions about who gave it, about a meeting the report
speaks of, and figures raised by an amount or asked as "X率定多少" (a report this test writes)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
一、2030年工作回顾
过去一年，经济运行总体平稳。国内生产总值达到171.2万亿元、增长4.8%。粮食产量达到1.45万亿斤、亩产提升6.3斤；高技术制造业增加值增长8.6%，城镇新增就业1210万人。
特别是坚决贯彻落实7月18日中央财经委员会会议部署的一揽子扩内需政策，推动经济明显回升。
二、2031年经济社会发展总体要求和政策取向
今年发展主要预期目标是：国内生产总值增长4.5%左右；城镇新增就业1150万人以上。
实施更加积极的财政政策。今年赤字率拟按3.6%左右安排，赤字规模6.12万亿元。拟安排地方政府专项债券4.9万亿元，重点用于项目建设、土地收储和偿还拖欠企业账款。
优化地方政府专项债券管理机制，扩大专项债券用作项目资本金范围，加快专项债券发行使用进度。
三、2031年政府工作任务
（一）扩大国内需求。城乡居民基础养老金最低标准再提高25元。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2031-gzbg.txt", REPORT)


def test_who_gave_a_report_that_names_no_one_is_refused(answerer: ReportAnswerer) -> None:
    a = answerer.ask("这份政府工作报告是谁作的？")
    # "我代表国务院…请全国政协委员提出意见" names the audience, not the speaker
    assert not a.answerable and "没有写明作报告的人" in a.answer and "政协委员" not in a.answer


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # a meeting the report speaks of, quoted from its passage (not a title page's meeting)
        ("2030年一揽子扩内需政策是哪次会议部署的？", ("中央财经委员会会议",)),
        # raised by an amount, not a percentage
        ("2030年粮食亩产提高了多少", ("6.3斤",)),
        ("2031年基础养老金最低标准提高多少？", ("25元",)),
        # "赤字率定多少": the rate, though jieba reads "率定" as a word
        ("2031年赤字率定多少、赤字规模多大？", ("3.6%", "6.12万亿元")),
        # what money is for: the sentence that says what it is used for ("重点用于…")
        ("2031年全国专项债主要拿来干什么", ("土地收储",)),
    ],
)
def test_the_answer_states_what_was_asked(
    answerer: ReportAnswerer, question: str, wanted: tuple[str, ...]
) -> None:
    a = answerer.ask(question)
    assert a.answerable and all(w in a.answer for w in wanted), a.answer


def test_which_body_delivered_a_report_that_names_no_one_is_its_opening(answerer: ReportAnswerer) -> None:
    # "代表哪个机构": a body, which the opening names ("我代表国务院，向大会报告"), not a person
    a = answerer.ask("这份政府工作报告是代表哪个机构向大会作的？")
    assert a.answerable and "代表国务院" in a.answer, a.answer
    assert "2030年" not in a.answer  # the opening's sentence, not the review that follows


@pytest.mark.parametrize(
    "question", ["这份政府工作报告是哪天作的？", "2031年国务院政府工作报告是什么时候作的？"]
)
def test_when_a_report_that_gives_no_date_was_delivered_is_refused(
    answerer: ReportAnswerer, question: str
) -> None:
    # No title page: no sentence of the body is the date ("是什么时候作的" asks a time, not a thing)
    a = answerer.ask(question)
    assert not a.answerable and "没有写明作报告的日期" in a.answer, a.answer
