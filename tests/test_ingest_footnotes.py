"""Footnotes wherever the page layout puts them: above or below the page number, with the
paragraph carrying the marker continuing on the next page, even through a word the page
break split (the word joins across the footnote)."""

from __future__ import annotations

import pytest

from wenbao.documents import RawDocument
from wenbao.ingest.pipeline import parse_raw

NOTE = "即《关于加快人才强区建设的若干政策》"
JOINED = "推进“人才强区18条”，加快建设创新型城市，确保完成全年目标任务。"


def _chunks(pages: list[str], fmt: str = "pdf") -> list[tuple[str, tuple[str, ...]]]:
    doc = parse_raw(RawDocument(name=f"x.{fmt}", pages=pages, source_format=fmt), "x", max_chars=300)
    return [(c.text, c.notes) for c in doc.chunks]


PAGE_2 = "型城市，确保完成全年目标任务。\n二、下一步安排\n继续抓好落实。\n— 2 —"


@pytest.mark.parametrize(
    "page_1_bottom",
    [
        f"— 1 —\n1 {NOTE}",  # the footnote below the page number
        f"1 {NOTE}\n— 1 —",  # the footnote above it
        f"1 {NOTE}",  # no page number
        f"- 1 -\n1{NOTE}",  # another dash, the note glued to its number
    ],
)
def test_footnote_on_a_page_whose_paragraph_continues_mid_word(page_1_bottom: str) -> None:
    page_1 = f"一、总体情况\n全区经济运行平稳。推进“人才强区18条”1，加快建设创新\n{page_1_bottom}"
    chunks = _chunks([page_1, PAGE_2])
    assert chunks[0] == ("全区经济运行平稳。" + JOINED, (NOTE,))
    assert chunks[1] == ("继续抓好落实。", ())


def test_footnote_below_the_page_number_in_text_without_page_breaks() -> None:
    text = f"一、总体情况\n全区经济运行平稳。推进“人才强区18条”1，加快建设创新\n— 1 —\n1 {NOTE}\n{PAGE_2}"
    assert _chunks([text], "txt")[0] == ("全区经济运行平稳。" + JOINED, (NOTE,))


def test_two_footnotes_below_the_page_number() -> None:
    page_1 = (
        "一、总体情况\n建成“智慧园区”1，落实“惠企十条”2，加快建设创新\n— 1 —\n"
        "1 指数字化管理的产业园区\n2 即《关于支持企业发展的若干措施》"
    )
    chunks = _chunks([page_1, PAGE_2])
    assert chunks[0] == (
        "建成“智慧园区”，落实“惠企十条”，加快建设创新型城市，确保完成全年目标任务。",
        ("指数字化管理的产业园区", "即《关于支持企业发展的若干措施》"),
    )


def test_a_numbered_line_after_the_page_number_without_a_marker_is_body_text() -> None:
    page_1 = "一、总体情况\n全区经济运行平稳，新开工项目\n— 1 —"
    page_2 = "12 个，总投资超过百亿元。\n— 2 —"
    assert _chunks([page_1, page_2]) == [("全区经济运行平稳，新开工项目12个，总投资超过百亿元。", ())]


def test_word_footnotes_and_endnotes_become_the_notes_of_the_paragraphs_that_cite_them() -> None:
    from ingest_samples import make_docx_with_notes

    from wenbao.ingest.pipeline import parse_bytes

    data = make_docx_with_notes(
        [
            "关于某区2025年国民经济和社会发展计划执行情况的报告",
            "一、总体情况",
            "全区经济运行平稳。推进“人才强区18条”{fn:" + NOTE + "}，加快建设创新型城市。",
            "建成“智慧园区”{fn:指数字化管理的产业园区}，落实“惠企十条”{en:即《关于支持企业发展的若干措施》}。",
            "二、下一步安排",
            "继续抓好落实。",
        ]
    )
    doc = parse_bytes(data, "report.docx")
    by_text = {c.text: c.notes for c in doc.chunks}
    assert by_text["全区经济运行平稳。推进“人才强区18条”，加快建设创新型城市。"] == (NOTE,)
    assert by_text["建成“智慧园区”，落实“惠企十条”。"] == (
        "指数字化管理的产业园区",
        "即《关于支持企业发展的若干措施》",
    )
    assert by_text["继续抓好落实。"] == ()
    # No marker, separator or note text is left in the report's text.
    assert "\ue000" not in doc.text and "产业园区" not in doc.text
