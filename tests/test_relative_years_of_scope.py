"""Relative years (今年, 去年) counted from the report the question is about.

Two work reports of one invented country, delivered in 2031 and 2036 and written here: a question
that dates itself by one written year ("2031年全国…，今年…") counts 今年 from the report delivered that
year, not from the latest stored report nor from today.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from wenbao.answering.scope import ScopeResolver
from wenbao.documents import DocumentInfo, ParsedDocument


def _report(year: int, homes: str) -> bytes:
    return (
        f"{year}年政府工作报告\n——{year}年3月5日在第九届全国人民代表大会第一次会议上\n各位代表：\n"
        "现在，我代表国务院，向大会报告政府工作，请予审议。\n"
        f"一、{year - 1}年工作回顾\n过去一年，国内生产总值增长6%。\n"
        f"二、{year}年工作任务\n今年棚户区住房改造{homes}万套。\n"
    ).encode()


@pytest.fixture(scope="module")
def corpus() -> tuple[list[DocumentInfo], dict[str, ParsedDocument]]:
    from wenbao.ingest.pipeline import parse_bytes

    parsed = {}
    for year, homes in ((2031, "600"), (2036, "300")):
        doc = parse_bytes(_report(year, homes), f"guowuyuan-{year}-gzbg.txt")
        parsed[doc.meta.doc_id] = doc
    return [DocumentInfo(d.meta, len(d.chunks)) for d in parsed.values()], parsed


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("2031年全国住房困难的，今年能改多少套", "2031年能改多少套"),
        ("2031年国家层面，去年经济增长多少", "2030年经济增长多少"),
        ("2031年GDP比去年增长多少", "比2030年增长多少"),
        ("31年全国的，今年棚改多少套", "2031年棚改多少套"),
    ],
)
def test_a_year_the_question_dates_itself_by_anchors_its_relative_years(
    corpus: tuple[list[DocumentInfo], dict[str, ParsedDocument]], question: str, expected: str
) -> None:
    docs, parsed = corpus
    scope = ScopeResolver(today=_dt.date(2040, 6, 1)).resolve(question, docs, parsed)
    assert expected in scope.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # no report delivered in the year written: the latest report's 今年, as before
        ("2033年全国，今年棚改多少套", "2036年棚改"),
        # a year compared against, and a year that dates a relative clause, anchor nothing
        ("今年棚改比2031年多多少套", "2036年棚改"),
        ("2031年提出的目标今年完成了吗", "2036年完成"),
        # two years written: which one anchors is not told
        ("2031年和2036年之间，今年棚改多少套", "2036年棚改"),
    ],
)
def test_other_written_years_leave_the_anchor_as_it_was(
    corpus: tuple[list[DocumentInfo], dict[str, ParsedDocument]], question: str, expected: str
) -> None:
    docs, parsed = corpus
    scope = ScopeResolver(today=_dt.date(2040, 6, 1)).resolve(question, docs, parsed)
    assert expected in scope.text
