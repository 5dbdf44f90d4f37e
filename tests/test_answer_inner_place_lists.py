"""A province's own list is no answer to a figure of a city inside it.

"江陵2023年接待游客的目标是多少人次" over 湖川省's report: the report sets no target of 江陵's, and
its list of the year's main targets (headings) is the province's, not the city's. The quote is
refused for not naming 江陵; a list must not answer in its place. Report written here.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.strategies import names_asked_places
from wenbao.index.embedders import Embedder

REPORT = (
    "湖川省2023年政府工作报告\n"
    "——2023年1月15日在湖川省第十四届人民代表大会第一次会议上\n"
    "湖川省省长 钱七\n各位代表：\n"
    "一、2022年工作回顾\n"
    "过去一年，全省接待游客4.2亿人次，增长12%。江陵、云梦入选全国首批消费新场景试点城市。\n"
    "二、2023年工作目标\n"
    "（一）接待游客目标\n"
    "全省接待游客增长10%以上，打造一批精品旅游线路。\n"
    "（二）经济增长目标\n"
    "地区生产总值增长5.5%左右。\n"
    "（三）就业目标\n"
    "城镇新增就业60万人以上。\n"
)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "huchuan-2023-gzbg.txt", REPORT)


def test_a_city_inside_the_province_gets_no_list_of_the_provinces_targets(province: ReportAnswerer) -> None:
    a = province.ask("江陵2023年接待游客的目标是多少人次？")
    assert not a.answerable, a.answer
    assert "经济增长目标" not in a.answer and "就业目标" not in a.answer
    # the province's own targets are listed
    b = province.ask("湖川2023年工作目标有哪几项？")
    assert b.answerable and "经济增长目标" in b.answer, b.answer


def test_a_list_names_the_place_a_figure_is_asked_of() -> None:
    frame = QuestionAnalyzer(home_places=("湖川省", "湖川")).analyze("湖川2023年接待游客的目标是多少人次？")
    assert names_asked_places(frame, "二、2023年工作目标：（一）接待游客目标")
