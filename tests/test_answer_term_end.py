"""The last work report of a government's term reports the five years before it ("向大会报告过去
五年的政府工作"), not one year: as a page dump with no title line it is still a work report, its
review covers the five years before delivery (not the delivery year), and the last of them is a
year it speaks for (a report this test writes)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder
from wenbao.ingest.pipeline import parse_bytes

REPORT = """\
各位代表：
现在，我代表国务院，向大会报告过去五年的政府工作，并对今年工作提出建议，请各位代表审议。
一、过去五年工作回顾
五年来，国内生产总值从98.2万亿元增加到141.6万亿元，新增铁路营业里程2.8万公里，其中高速铁路1.6万公里。
2034年，我们保持政策连续稳定，国内生产总值增长5.3%，城镇新增就业1230万人，居民消费价格上涨1.9%。
二、今年经济社会发展的主要预期目标
今年经济社会发展的主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。
三、对今年政府工作的建议
今年企业退休人员基本养老金继续提高3%，城乡居民医保财政补助标准每人每年再提高30元。
"""
FILE = "guowuyuan-2035-gzbg.txt"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, FILE, REPORT)


def test_a_term_end_report_is_a_work_report_reviewing_the_five_years_before_it() -> None:
    doc = parse_bytes(REPORT.encode("utf-8"), FILE)
    assert doc.meta.kind == "government_work_report"
    review = {c.covers for c in doc.chunks if c.covers is not None and c.covers.aspect == "results"}
    assert review and all(max(c.years) == 2034 for c in review), review


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # the last year of the five is the year the report reviews, not a year it only glances at
        ("2034年全国国内生产总值增长了多少？", "5.3%"),
        ("我国2034年城镇新增就业多少人", "1230万人"),
        ("2035年经济增长目标是多少", "5%左右"),
    ],
)
def test_the_years_it_speaks_for_are_answered(answerer: ReportAnswerer, question: str, wanted: str) -> None:
    a = answerer.ask(question)
    assert a.answerable and wanted in a.answer, a.answer


def test_a_plan_for_the_delivery_year_is_not_the_five_years_figure(answerer: ReportAnswerer) -> None:
    # the review's railway kilometres are the five years' work, not what the year ahead plans
    a = answerer.ask("2035年国家打算新建多少公里铁路？")
    assert not a.answerable, a.answer
