"""A share of a part asked within a whole ("公办养老院里护理床位的比例"): the share word says how the
part is asked, and the report words it its own way (占比, 比重), so a quote that names the part and
gives its share answers, as does a share the report states without a word for it ("民生支出占一般
公共预算支出86%"); a part the quote never names is still refused, and so is a share of another
indicator than the one stated. A report this test writes."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2048年青岚省政府工作报告
——2048年1月20日在青岚省第十六届人民代表大会第三次会议上
一、2047年工作回顾
全省地区生产总值增长5.2%，城镇新增就业31.5万人。民生支出占一般公共预算支出86%，教育支出增长6.5%。
二、2048年重点工作
（一）推动人口高质量发展
积极应对人口老龄化，推进县域三级养老服务网络建设，公办养老机构护理型床位占比提高到75%。新增养老床位6000张。
（二）壮大实体经济
扩大制造业有效投资，制造业投资占工业投资比重达到68%以上。
"""
FILE = "qinglan-2048-gzbg.txt"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, FILE, REPORT)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("2048年青岚公办养老院里护理床位的比例要提到多少？", "75%"),
        ("青岚2048年公办养老机构里，护理型床位占比目标是多少", "75%"),
        ("青岚2048年工业投资里制造业的比例要达到多少", "68%"),
        ("2047年青岚民生支出占一般公共预算支出的比重是多少", "86%"),
        ("青岚2047年民生支出占比多少", "86%"),
    ],
)
def test_a_share_of_a_part_is_answered_in_the_reports_words(
    answerer: ReportAnswerer, question: str, wanted: str
) -> None:
    a = answerer.ask(question)
    assert a.answerable and wanted in a.answer, a.answer


def test_a_part_the_quote_never_names_is_still_refused(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2048年青岚公办养老院里，医疗康复床位的比例要提到多少？")
    assert not a.answerable or "75%" not in a.answer, a.answer


def test_a_share_stated_of_another_indicator_does_not_answer(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2047年青岚教育支出占一般公共预算支出的比重是多少？")
    assert "86%" not in a.answer, a.answer
