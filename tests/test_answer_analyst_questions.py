"""How journalists and analysts ask of a work report this test writes (湖川省, 2026; its figures are
made up): how long a record has lasted ("连续多少年"), the country named as a ranking's field, two
figures of one indicator in one question, a gap to the national average, and which part of the
report covers a topic when the heading shortens it or names it not at all."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.figures import RUN, find_figures
from wenbao.answering.frame import sub_places
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.scope import PlaceGroup, named_places
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.index.embedders import Embedder

REPORT = """\
政府工作报告
——2026年1月20日在湖川省第十四届人民代表大会第五次会议上
湖川省省长 钱七
各位代表：
现在，我代表省人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全省地区生产总值达到31250亿元，增长5.3%，增速比全国平均高0.3个百分点。经济总量连续九年居中部第二位。
全省粮食产量达到3120万吨，连续12年稳定在3000万吨以上。外贸进出口总额5210亿元，增长6.1%。
民间投资增长3.4%，高出全国平均水平5.6个百分点。在经济总量超过3万亿元的高基数上，每增长1个百分点都很不容易。
长湖都市圈建设提速，都市圈经济总量年均增长6.2%，临港新区年营收超800亿元。
全省发行新增政府债券1520亿元（一般债券210亿元、专项债券1310亿元），再融资债券800亿元，合计2320亿元，平均期限12.5年，平均利率1.95%。
二、“十五五”时期主要目标
今后五年的主要目标是：全省地区生产总值年均增长5%左右，文化产业增加值占比超过6%，建成中部地区重要的生态屏障。
三、2026年工作安排
（一）扩大有效需求
今年经济社会发展的主要预期目标是：全省地区生产总值增长5.5%左右，城镇新增就业60万人以上。
促进消费扩容提质，推进重大项目建设，全年固定资产投资增长4%左右。
（二）加快推进文旅融合发展
推出一批精品线路，办好湖川文化节，全年接待游客增长8%。
（三）建设美丽湖川
守护绿水青山。严格落实河湖长制，完成营造林120万亩，持续打好蓝天碧水净土保卫战，确保生态环境质量稳定向好。
（四）持续保障和改善民生
稳就业促增收，城镇新增就业60万人，提高城乡居民基础养老金标准。
附件
2026年湖川省十件民生实事
1．新增普惠托位5000个。
2．改造农村公路3000公里。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "huchuan-2026-gzbg.txt", REPORT)


def test_a_run_of_years_is_a_figure_of_its_own() -> None:
    runs = [
        f
        for f in find_figures("经济总量连续九年居中部第二位，粮食产量连续12年稳定在3000万吨以上")
        if f.kind == RUN
    ]
    assert [f.number for f in runs] == ["九", "12"]
    # a year is a date, never a run
    assert not [f for f in find_figures("2025年全省地区生产总值增长5.3%") if f.kind == RUN]


def test_how_many_years_in_a_row_asks_for_the_run() -> None:
    analyzer = QuestionAnalyzer(MappingSynonyms({}))
    frame = analyzer.analyze("粮食产量连续多少年稳定在3000万吨以上")
    assert frame.wants == frozenset({RUN})
    # "增速" does not make it a growth question when it asks how long
    assert analyzer.analyze("农村居民收入增速连续几年快于城镇").wants == frozenset({RUN})


def test_how_many_years_in_a_row_is_answered_with_the_run(answerer: ReportAnswerer) -> None:
    a = answerer.ask("湖川粮食产量连续多少年稳在3000万吨以上？")
    assert a.answerable and "连续12年" in a.answer


def test_the_country_as_a_rankings_field_is_no_second_place() -> None:
    province = PlaceGroup("湖川省", ("湖川省", "湖川"), frozenset({"hc"}), (), "provincial")
    country = PlaceGroup(
        "中华人民共和国", ("中华人民共和国", "国务院", "全国", "我国"), frozenset({"cn"}), (), "national"
    )
    groups = [province, country]
    assert named_places("湖川GDP连续多少年全国第一", groups) == [province]
    assert named_places("湖川民间投资比全国平均高多少", groups) == [province]
    # named as a place of its own, the country is asked about
    assert named_places("湖川和全国的GDP增速各是多少", groups) == [province, country]


def test_a_gap_to_the_national_average_is_answered_in_points(answerer: ReportAnswerer) -> None:
    a = answerer.ask("湖川2025年民间投资增长多少，比全国平均高多少")
    assert a.answerable and "3.4%" in a.answer and "5.6个百分点" in a.answer
    assert "没有找到" not in a.answer


def test_two_figures_of_one_indicator_come_from_the_sentence_giving_both(answerer: ReportAnswerer) -> None:
    a = answerer.ask("湖川2025年GDP是多少，增长多少")
    assert a.answerable and "31250亿元" in a.answer and "5.3%" in a.answer
    # not the aside on a high base, nor "每增长1个百分点"
    assert "高基数" not in a.answer and "每增长1个百分点" not in a.answer


@pytest.mark.parametrize(
    ("question", "part", "not_part"),
    [
        # the heading shortens the asked words (文化 + 旅游 → 文旅)
        ("湖川2026年报告里说文化旅游的是哪一部分", "加快推进文旅融合发展", "扩大有效需求"),
        # no heading names it: the part holding the passage, the year's own, not the five-year one
        ("湖川2026年报告讲生态环境保护的是哪一部分", "建设美丽湖川", "十五五"),
        # a body section before an appendix that names the topic as fully
        ("湖川2026年报告哪部分讲民生", "持续保障和改善民生", "附件"),
    ],
)
def test_which_part_covers_a_topic(answerer: ReportAnswerer, question: str, part: str, not_part: str) -> None:
    a = answerer.ask(question)
    assert a.answerable and part in a.answer and not_part not in a.answer


def test_a_figure_after_another_subject_is_not_the_indicators(answerer: ReportAnswerer) -> None:
    # the clauses on 经济总量 give it a growth only; the 800亿元 after them is 临港新区's revenue
    a = answerer.ask("湖川长湖都市圈2025年经济总量是多少亿元")
    assert "800亿元" not in a.answer
    # an indicator named again after other clauses owns the figure after that mention
    b = answerer.ask("湖川2025年发行政府债券的平均利率是多少")
    assert b.answerable and "1.95%" in b.answer, b.answer


def test_a_target_asked_without_a_question_word_is_the_years_own(answerer: ReportAnswerer) -> None:
    # "今年GDP目标？" names no "多少": still the year's target, not the five-year plan's average
    a = answerer.ask("今年GDP目标？", doc_id="huchuan-2026-gzbg")
    assert a.answerable and "5.5%左右" in a.answer and "年均" not in a.answer


def test_a_kind_of_county_counted_is_no_county_named() -> None:
    analyzer = QuestionAnalyzer(MappingSynonyms({}))
    assert sub_places(analyzer, "2020年全国多少贫困县摘帽", ["全国", "国务院"]) == ()
    assert sub_places(analyzer, "湖川几个试点县入选", ["湖川省", "湖川"]) == ()
    # a county named after its province still is one
    assert sub_places(analyzer, "湖川大田县2025年GDP是多少", ["湖川省", "湖川"]) == ("大田县",)


def test_one_day_as_a_resident_says_it_is_the_reports_per_day() -> None:
    terms = QuestionAnalyzer(MappingSynonyms({})).analyze("湖川平均一天新开多少家企业").terms
    day = next(t for t in terms if t.text == "一天")
    assert {"每天", "日均"} <= set(day.alternatives)
