"""Ways a State Council report of a new government term (the last term's five years reviewed, then
the year's suggestions) words its figures and lists, over a national work report this test writes
(2033):

- a five-year review gives the total, then the clauses that go on about it over a stretch of years
  ("…增加到150万亿元，五年年均增长4.9%"): the average growth is the indicator's, though the clause
  opens with its years, not with a word of going on;
- "从哪几方面下手" asks the measures of a "一要…二要…" list whose announcing words are not the
  asker's ("治理河湖脏水" for "坚决打好碧水保卫战"): the best sentence standing in one of its items
  tells the list;
- "讲环保的是哪一条" asks which part of the report says it, as "哪一部分" does;
- "怎么减轻…，有哪几条": the verb after "怎么" is the asker's word for what the measures do ("降低" in
  the report's announcing sentence), excused as the verb before a list cue is.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.question import LIST_Q, SECTION_Q, QuestionAnalyzer
from wenbao.index.embedders import Embedder

REPORT = """\
政府工作报告
——2033年3月5日在第十六届全国人民代表大会第一次会议上
国务院总理 周远
各位代表：
本届政府任期即将结束。现在，我代表国务院，向大会报告工作，请予审议。
一、过去一年和五年工作回顾
过去一年，国内生产总值增长4.6%，城镇新增就业1180万人。
——经济发展再上新台阶。国内生产总值增加到150万亿元，五年年均增长4.9%，十年增加近60万亿元、年均增长5.3%。财政收入增加到25万亿元，三年累计新增减税降费3万亿元。
——基础设施更加完善。高速铁路运营里程从4.5万公里增加到5.6万公里。
二、对今年政府工作的建议
今年发展主要预期目标是：国内生产总值增长4.5%左右；城镇新增就业1150万人左右。
（一）着力扩大国内需求
把恢复和扩大消费摆在优先位置，稳定汽车等大宗消费。许多小店反映开支重，要大幅降低小店经营成本。一是减免小微企业房租，二是下调工商业电价，三是取消不合理的涉企收费。
（二）推动发展方式绿色转型
坚决打好碧水保卫战。今年重点流域水质优良比例要达到90%。一要加快城镇污水管网建设，补齐收集处理短板。二要全面整治工业废水排放，严查偷排漏排。三要强化农业面源污染治理，减少化肥农药流失。四要有效应对河湖蓝藻暴发。加强对河湖水华形成机理研究，提高治理河湖脏水的精准性。
（三）保障基本民生
加强住房保障体系建设，加快推进老旧小区改造。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2033-gzbg.txt", REPORT)


# --- a five-year average after the total ---------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["过去五年（2028—2032年）全国GDP年均增长多少？", "2028到2032年我国国内生产总值年均增长多少"],
)
def test_the_five_year_average_after_the_total_is_the_indicators(
    answerer: ReportAnswerer, question: str
) -> None:
    a = answerer.ask(question)
    assert a.answerable and "4.9%" in a.answer, a.answer


def test_the_total_is_still_answered(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2032年全国国内生产总值增加到多少？")
    assert a.answerable and "150万亿元" in a.answer, a.answer


# --- the list a sentence stands in ---------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["2033年全国治理河湖脏水主要从哪几方面下手？", "2033年国家治理河湖脏水有哪几条措施"],
)
def test_the_measures_are_the_list_the_best_sentence_stands_in(
    answerer: ReportAnswerer, question: str
) -> None:
    a = answerer.ask(question)
    assert a.answerable, a.answer
    assert all(w in a.answer for w in ("污水管网", "工业废水", "农业面源污染")), a.answer


@pytest.mark.parametrize(
    ("question", "asks_ways"),
    [
        ("从哪几方面下手", True),
        ("有哪几条措施", True),
        ("有哪些办法", True),
        ("新开工了哪些重大项目", False),
        ("主要预期目标有哪些", False),
    ],
)
def test_what_asks_the_ways(question: str, asks_ways: bool) -> None:
    frame = QuestionAnalyzer().analyze(f"2033年全国{question}")
    assert frame.aspect == LIST_Q
    assert frame.asks_ways is asks_ways, frame.aspect_text


# --- which part says it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("2033年国务院报告的建议里，讲环保的是哪一条？", True),
        ("2033年报告说住房的是哪一条", True),
        ("2033年全国收费最高的是哪一条高速？", False),
    ],
)
def test_which_item_says_it_asks_a_part_of_the_report(question: str, section: bool) -> None:
    assert (QuestionAnalyzer().analyze(question).aspect == SECTION_Q) is section


# --- the verb after "怎么" ------------------------------------------------------------------------


def test_the_list_announced_in_other_verbs_answers_how(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2033年国家打算怎么减轻小店的经营成本，有哪几条")
    assert a.answerable, a.answer
    assert all(w in a.answer for w in ("减免小微企业房租", "下调工商业电价", "涉企收费")), a.answer


@pytest.mark.parametrize(
    ("body", "verb"),
    [
        ("国家打算怎么减轻企业负担，有哪几条", "减轻"),
        ("如何改善营商环境有哪些举措", "改善"),
        ("有哪些措施", None),
        ("怎么办", None),
    ],
)
def test_the_verb_after_how(body: str, verb: str | None) -> None:
    linking = QuestionAnalyzer().analyze(f"2033年全国{body}").linking_verbs
    assert (verb in linking) if verb else not linking, linking
