"""Neighbours of the asked figure (a report this test writes): a comparison with a city inside the
province is refused when the report gives no figure of that city (the province's own figure is
half of what is asked), and so is a part of a figure the question itself states; a rate of change
answers a per-month question, a lump sum paid to each student a per-person one, and "每个人" (cut
into "每个" and "人") is found as the report prints it ("人均")."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import content_frame, term_match
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.scope import compared_with
from wenbao.index.embedders import Embedder

REPORT = """\
2035年河南省政府工作报告
——2035年1月15日在河南省第十六届人民代表大会第三次会议上
各位代表：
现在，我代表省人民政府，向大会报告政府工作，请予审议。
一、2034年工作回顾
过去一年，全省地区生产总值增长5.6%，人均地区生产总值达到7.1万元。常住人口城镇化率达到61.2%、提高1.1个百分点。
洛阳经济总量突破6000亿元，南阳经济总量达到5100亿元。
新改扩建义务教育学校120所、新增学位8.5万个。电力外送量连续9年居全国首位。
二、2035年重点工作
适当提高退休人员基本养老金，今年企业退休人员基本养老金提高3%。
支持洛阳都市圈建设，推进洛阳副中心城市产业协同和交通互联。
今年继续办好十件民生实事：城镇老旧小区改造、农村供水保障、中小学生健康关爱、居家社区养老服务。
继续对困难家庭子女普通高校入学给予资助，录取到本科院校的一次性补助1万元、专科院校的一次性补助8000元。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "henan-2035-gzbg.txt", REPORT)


def test_a_comparison_with_a_city_the_report_gives_no_figure_of_is_refused(answerer: ReportAnswerer) -> None:
    a = answerer.ask("河南2034年城镇化率比洛阳高还是低？")
    assert not a.answerable, a.answer
    assert "61.2%" not in a.answer or "洛阳" in a.answer
    # the province's own figure, asked alone, is answered
    b = answerer.ask("河南2034年城镇化率是多少？")
    assert b.answerable and "61.2%" in b.answer, b.answer


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # a raise given as a rate is the raise of the monthly pension too
        ("河南2035年企业退休的老人每月养老金涨多少？", "3%"),
        # a lump sum is paid to each student admitted
        ("河南2035年考上本科的困难家庭孩子每个人补多少钱？", "1万元"),
        # "每个人" is cut into "每个" and "人": the per-head figure is printed "人均"
        ("河南2034年平均到每个人的经济总量有多少？", "7.1万元"),
        ("河南2035年考上本科的困难家庭孩子每人补多少钱？", "1万元"),
    ],
)
def test_per_unit_questions_answered_by_a_rate_or_a_lump_sum(
    answerer: ReportAnswerer, question: str, wanted: str
) -> None:
    a = answerer.ask(question)
    assert a.answerable and wanted in a.answer, a.answer


@pytest.mark.parametrize(
    ("question", "place", "compared"),
    [
        ("城镇化率比西安高还是低", "西安", True),
        ("和成都相比GDP增速差多少", "成都", True),
        ("对比一下绵阳", "绵阳", True),
        ("浦东引领区建设有哪些进展", "浦东", False),
        ("成都和重庆的地铁里程", "成都", False),
    ],
)
def test_which_places_a_question_compares_with(question: str, place: str, compared: bool) -> None:
    assert compared_with(question, place) is compared


def test_a_figure_the_question_states_is_no_answer_to_a_part_of_it(answerer: ReportAnswerer) -> None:
    a = answerer.ask("河南2034年新增的8.5万个学位里，小学学位有多少个？")
    assert not a.answerable, a.answer
    b = answerer.ask("河南2034年新增学位多少个？")
    assert b.answerable and "8.5万个" in b.answer, b.answer
    # a rank is no amount: "全国第一" asked, "居全国首位" answers
    c = answerer.ask("河南电力外送量连续多少年全国第一了（2034年）？")
    assert c.answerable and "9年" in c.answer, c.answer


def test_a_city_inside_is_a_topic_only_where_a_passage_speaks_of_it(answerer: ReportAnswerer) -> None:
    # the province's own list is no answer to what a city inside it will do
    a = answerer.ask("河南2035年南阳要办的民生实事有哪些？")
    assert not a.answerable, a.answer
    # what the report says of a city is answered
    b = answerer.ask("河南2035年洛阳都市圈建设有什么安排？")
    assert b.answerable and "洛阳都市圈" in b.answer, b.answer


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        ("平摊到每个人头上的经济总量有多少？", "人均地区生产总值达到7.1万元"),
    ],
)
def test_a_per_unit_word_cut_off_its_unit_is_found_as_the_report_prints_it(question: str, quote: str) -> None:
    frame = content_frame(QuestionAnalyzer().analyze(question))
    split = [t for t in frame.terms if t.text in ("每个", "每一")]
    assert split and all(term_match(t, quote) > 0 for t in split), frame.terms
