"""Questions a journalist preparing a story asks, over a province's work report this test writes
(青屿省, 2028).

A rank question ("在全国排第几") is answered by a rank of what it asks, in the ranking it asks, of
the measure it asks: not by the growth's rank when the total's is asked, not by another
indicator's rank later in the sentence, not by a rank in another ranking ("西部第1" for 全国), and
not by the figure alone. The report's
list is found though the asker says how the report sets it out ("报告部署的重点工作", "归纳成哪几
个方面"), and "排在最后的是哪一项" asks its last item; a counted list of a kind the report never
lists ("十件民生实事" of a report with four tasks) is refused. A name the report explains in its glossary
("“两廊一屏”是啥") is answered with that explanation.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder

REPORT = """\
2028年青屿省政府工作报告
——2028年1月18日在青屿省第九届人民代表大会第四次会议上
青屿省省长 林海
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2027年工作回顾
过去一年，全省经济运行稳中有进。地区生产总值增长6.1%，增速居全国第3位；社会消费品零售总额增长5.2%，服务进出口总额增长18.4%，多项指标增速居全国前列。
外贸进出口总额达到4210亿元，增长7.5%；机场旅客吞吐量突破3000万人次、居全国第9位。
居民人均可支配收入突破3.5万元，居西部第1位。
全省粮食总产量达到520亿斤，创历史新高，主要农产品产量稳步增长。
一年来，我们主要做了三方面工作。一是稳住经济大盘。二是培育新兴产业。三是兜牢民生底线。
新能源产业加快发展，光伏组件、锂电池产量均居全国首位。
打通“两廊一屏”［1］生态廊道，森林覆盖率提高到62.3%。
二、2028年重点工作
今年要重点做好以下四个方面工作。
（一）扩大有效需求
深入实施提振消费专项行动，社会消费品零售总额增长5%左右。
（二）建设现代化产业体系
推动传统产业改造升级，新培育专精特新企业200家。
（三）深化改革开放
深化国资国企改革，新开国际货运航线4条。
（四）增进民生福祉
新建改扩建幼儿园30所，改造城镇老旧小区600个。
［1］两廊一屏：沿海生态廊道、沿江生态廊道和北部山地生态屏障。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingyu-2028-gzbg.txt", REPORT)


# --- how the question is read ------------------------------------------------------------------


@pytest.mark.parametrize("question", ["2028年重点工作排在最后的是哪一项？", "2028年重点工作最后的是什么"])
def test_the_last_item_asked_after_its_place(question: str) -> None:
    frame = QuestionAnalyzer().analyze(question)
    assert frame.ordinal == (-1, -1)
    assert "最后" not in [t.text for t in frame.terms]


# --- ranks -------------------------------------------------------------------------------------


def test_the_growths_rank_is_no_rank_of_the_total(answerer: ReportAnswerer) -> None:
    asked_growth = answerer.ask("2027年青屿省地区生产总值增速在全国排第几？")
    assert asked_growth.answerable and "第3位" in asked_growth.answer
    asked_total = answerer.ask("2027年青屿省地区生产总值总量在全国排第几？")
    assert not asked_total.answerable, asked_total.answer


def test_a_rank_after_other_subjects_figures_is_theirs(answerer: ReportAnswerer) -> None:
    # "…服务进出口总额增长18.4%，多项指标增速居全国前列": no rank of the retail sales' growth
    a = answerer.ask("2027年青屿省社会消费品零售总额增速在全国排名如何？")
    assert not a.answerable, a.answer
    # "…旅客吞吐量…居全国第9位" ranks the passengers, not the trade asked
    trade = answerer.ask("2027年青屿省外贸进出口总额在全国排第几？")
    assert not trade.answerable, trade.answer
    passengers = answerer.ask("2027年青屿省机场旅客吞吐量全国排第几？")
    assert passengers.answerable and "第9位" in passengers.answer


def test_a_rank_in_another_ranking_is_no_answer(answerer: ReportAnswerer) -> None:
    west = answerer.ask("2027年青屿省居民人均可支配收入在西部排第几？")
    assert west.answerable and "西部第1位" in west.answer
    nation = answerer.ask("2027年青屿省居民人均可支配收入在全国排第几？")
    assert not nation.answerable, nation.answer


# --- lists -------------------------------------------------------------------------------------


def test_the_askers_verb_for_setting_out_a_list_need_not_be_the_reports(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青屿省2028年政府工作报告部署的重点工作，前两项是什么？")
    assert a.answerable and "扩大有效需求" in a.answer and "建设现代化产业体系" in a.answer
    assert "深化改革开放" not in a.answer


def test_a_year_asked_with_only_the_askers_verbs_gets_the_years_list(answerer: ReportAnswerer) -> None:
    # "归纳成了哪几个方面": nothing but the year names the list once the asker's verb is set aside
    a = answerer.ask("青屿2027年的成绩，报告归纳成了哪几个方面？")
    assert a.answerable and "稳住经济大盘" in a.answer and "兜牢民生底线" in a.answer, a.answer


def test_a_counted_list_of_a_kind_the_report_never_lists_is_refused(answerer: ReportAnswerer) -> None:
    # the year's four tasks are no "十件民生实事": another count, and no 实事 among their words
    a = answerer.ask("青屿省2028年政府工作报告确定的十件民生实事是哪些？")
    assert not a.answerable and "十件民生实事" in a.answer and "扩大有效需求" not in a.answer, a.answer
    four = answerer.ask("青屿省2028年重点工作的四个方面是哪些？")
    assert four.answerable and "扩大有效需求" in four.answer and "增进民生福祉" in four.answer, four.answer


def test_the_last_item_asked_after_its_place_is_answered(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青屿省2028年重点工作排在最后的是哪一项？")
    assert a.answerable and "增进民生福祉" in a.answer and "扩大有效需求" not in a.answer


# --- glossary ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["青屿省报告里说的“两廊一屏”是啥？", "青屿2027年打通的“两廊一屏”指哪些？"]
)
def test_a_name_the_glossary_explains_is_answered_with_its_explanation(
    answerer: ReportAnswerer, question: str
) -> None:
    a = answerer.ask(question)
    assert a.answerable and "沿海生态廊道、沿江生态廊道和北部山地生态屏障" in a.answer, a.answer
    assert "森林覆盖率" not in a.answer


def test_a_body_sentence_stating_something_of_a_quoted_name_is_no_glossary_entry() -> None:
    """ "“十六五”发展的指导思想是：…" states the plan's guiding idea, it does not explain the name;
    "“三链融合”是：…" and "“三链融合”产业体系：…" do."""
    from wenbao.answering.strategies import glossary_entry
    from wenbao.ingest.pipeline import parse_bytes

    body = (
        "2031年青屿省政府工作报告\n各位代表：\n二、“十六五”时期的主要目标任务\n"
        "“十六五”发展的指导思想是：坚持稳中求进，推动高质量发展。\n"
        "“十六五”发展的主要目标为：创新能力大幅提升。\n"
        "“三链融合”是：创新链、产业链、资金链融合。\n"
        "“双港联动”产业体系：海港和空港联动发展。\n"
    )
    doc = parse_bytes(body.encode("utf-8"), "qingyu-2031.txt")
    assert glossary_entry("十六五", doc) is None
    found = glossary_entry("三链融合", doc)
    assert found is not None and found.text.startswith("创新链")
    found = glossary_entry("双港联动", doc)
    assert found is not None and found.text.startswith("海港和空港")
