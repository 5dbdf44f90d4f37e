"""Two-part questions and follow-ups that ask of the question before as a whole, over a provincial
work report written here (东川省, delivered in 2027): each part answered or named as missing, a
part that names no thing of its own counting what the first part counts, and "打算怎么做" after a
figure answered with the sentences that say how."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder

REPORT = """\
2027年东川省政府工作报告
2027年1月18日在东川省第十四届人民代表大会第五次会议上东川省人民政府省长李明远作政府工作报告
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2026年工作回顾
经济运行稳中向好。全省地区生产总值达到2.1万亿元、增长5.6%。粮食总产量达到612亿斤，连续五年稳定在600亿斤以上。
民生保障持续加强。城镇新增就业41.3万人。新增养老床位5200张，改造老旧小区860个。
二、2027年主要预期目标
全省地区生产总值增长5.5%左右，城镇调查失业率5.5%左右，城镇新增就业40万人以上。
三、2027年重点工作
推进以人为本的新型城镇化，力争常住人口城镇化率达到61.5%。全面放开城区落户限制，推动农业转移人口在就业地落户。建设一批县城产业园，吸纳农民就近就业。
增进民生福祉。新增普惠托位6000张，新增养老床位4000张，新建社区食堂150个。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "dongchuan-2027-gzbg.txt", REPORT)


def _after(answerer: ReportAnswerer, *turns: str) -> str:
    history: list[Turn] = []
    answer = ""
    for q in turns:
        a = answerer.ask(q, history)
        answer = a.answer
        history += [Turn("user", q), Turn("assistant", answer)]
    return answer


def test_a_part_the_report_does_not_give_is_named_and_the_other_answered(answerer: ReportAnswerer) -> None:
    a = answerer.ask("东川2026年粮食总产量是多少，其中小麦产量是多少？")
    assert "612亿斤" in a.answer
    # the grain total is not the wheat figure: the part is said to be missing, not answered twice
    assert "没有找到" in a.answer and "小麦" in a.answer


def test_a_part_naming_no_thing_counts_what_the_first_part_counts(answerer: ReportAnswerer) -> None:
    a = answerer.ask("东川2026年新增了多少张养老床位，2027年计划新增多少张？")
    assert "5200张" in a.answer and "4000张" in a.answer and "6000张" not in a.answer
    parts = QuestionAnalyzer().analyze("2026年新增了多少张养老床位，2027年计划新增多少张？").parts
    assert [p.years for p in parts] == [(2026,), (2027,)]
    assert all("床位" in {t.text for t in p.terms} for p in parts)


def test_a_part_asked_with_a_residents_one_character_verb_counts_what_the_first_part_counts(
    answerer: ReportAnswerer,
) -> None:
    # "去年建了多少": 建 names no thing; the part counts the first part's 养老床位
    a = answerer.ask("东川2027年要新增多少养老床位，2026年建了多少？")
    assert "4000张" in a.answer and "5200张" in a.answer, a.answer
    parts = QuestionAnalyzer().analyze("2027年要新增多少养老床位，2026年建了多少？").parts
    assert all("床位" in {t.text for t in p.terms} for p in parts)


def test_how_it_is_to_be_done_is_answered_with_the_sentences_that_say_how(answerer: ReportAnswerer) -> None:
    answer = _after(answerer, "东川2027年常住人口城镇化率要达到多少？", "打算怎么做？")
    assert "61.5%" in answer and "落户" in answer


def test_a_rate_named_after_a_growth_target_is_asked_its_own_target(answerer: ReportAnswerer) -> None:
    answer = _after(answerer, "东川2027年GDP增长目标是多少？", "城镇调查失业率呢？")
    assert "城镇调查失业率5.5%左右" in answer
