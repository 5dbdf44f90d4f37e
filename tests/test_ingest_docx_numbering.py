"""Word automatic numbering (w:numPr + numbering.xml) reaches the outline as text: 一、/（一）/1.
with the right counts, restarts and starts; a Word table becomes rows that carry the table's
title, unit and header."""

from __future__ import annotations

import io
from typing import Any

import pytest
from ingest_samples import render_outline

from wenbao.ingest.docx_numbering import chinese_counting, format_number
from wenbao.ingest.pipeline import parse_bytes
from wenbao.ingest.readers import read_bytes

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _level(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def add_list(document: Any, abstract_id: int, levels: list[str], nums: dict[int, str]) -> None:
    """Add an abstract numbering definition and list instances ``numId -> extra XML``."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    absn = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)  # the schema wants every abstractNum before the nums
    else:
        numbering.append(absn)
    for num_id, extra in nums.items():
        numbering.append(
            parse_xml(
                f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{extra}</w:num>'
            )
        )


def numbered(document: Any, text: str, level: int, num_id: int) -> None:
    from docx.oxml import parse_xml

    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def add_table(document: Any, rows: list[list[str]]) -> Any:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    return table


def save(document: Any) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


REPORT_LEVELS = [
    _level(0, "chineseCounting", "%1、"),
    _level(1, "chineseCounting", "（%2）"),
    _level(2, "decimal", "%3."),
]


@pytest.fixture(scope="module")
def numbered_report() -> bytes:
    import docx

    d = docx.Document()
    add_list(d, 61, REPORT_LEVELS, {61: ""})
    d.add_paragraph("关于某县2025年前三季度经济运行情况的报告")
    numbered(d, "前三季度经济运行情况", 0, 61)
    d.add_paragraph("前三季度，全县经济运行稳中向好。")
    numbered(d, "农业生产形势良好", 1, 61)
    numbered(d, "粮食生产再获丰收。秋粮播种面积稳定在36.2万亩。", 2, 61)
    numbered(d, "特色产业加快发展。茶叶产值增长9.6%。", 2, 61)
    numbered(d, "工业经济企稳回升", 1, 61)
    numbered(d, "骨干企业支撑有力。前十户企业产值增长11.2%。", 2, 61)
    d.add_paragraph("表2 前三季度财政收入完成情况")
    d.add_paragraph("单位：万元")
    add_table(d, [["项目", "完成额"], ["一般公共预算收入", "35210"], ["税收收入", "21 046"]])
    numbered(d, "第四季度工作安排", 0, 61)
    numbered(d, "抓好项目建设", 1, 61)
    d.add_paragraph("确保全年目标完成。")
    return save(d)


def test_auto_numbered_headings_reach_the_outline(numbered_report: bytes) -> None:
    doc = parse_bytes(numbered_report, "county.docx")
    assert render_outline(doc.sections) == [
        "一、前三季度经济运行情况",
        "  （一）农业生产形势良好",
        "    1.粮食生产再获丰收",
        "    2.特色产业加快发展",
        "  （二）工业经济企稳回升",
        "    1.骨干企业支撑有力",  # a lower level restarts when a higher one advances
        "二、第四季度工作安排",
        "  （一）抓好项目建设",
    ]


def test_a_word_table_becomes_rows_with_title_unit_and_header(numbered_report: bytes) -> None:
    doc = parse_bytes(numbered_report, "county.docx")
    rows = [c for c in doc.chunks if c.text.startswith("表2")]
    assert [c.text for c in rows] == [
        "表2前三季度财政收入完成情况（单位：万元）：项目：一般公共预算收入；完成额：35210万元。",
        "表2前三季度财政收入完成情况（单位：万元）：项目：税收收入；完成额：21046万元。",
    ]
    # the title and unit lines live in the rows, not as paragraphs of their own
    assert not any(c.text in ("表2 前三季度财政收入完成情况", "单位：万元") for c in doc.chunks)
    assert all(c.heading_numbers == ("一、", "（二）", "1.") for c in rows)


def test_numbering_starts_overrides_and_continued_lists() -> None:
    import docx

    d = docx.Document()
    add_list(
        d,
        62,
        [_level(0, "decimal", "第%1部分", start=3), _level(1, "ideographTraditional", "%2、")],
        # 63 continues 62's list; 64 restarts level 0 at 7
        {62: "", 63: "", 64: '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>'},
    )
    numbered(d, "总体情况", 0, 62)
    numbered(d, "收入", 1, 62)
    numbered(d, "支出", 1, 62)
    numbered(d, "下一步", 0, 63)
    numbered(d, "另起", 0, 64)
    numbered(d, "再续", 0, 64)
    numbered(d, "", 0, 62)  # an empty numbered paragraph counts but says nothing
    numbered(d, "最后", 0, 62)
    p = d.add_paragraph("不编号")
    from docx.oxml import parse_xml

    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    lines = [ln for ln in read_bytes(save(d), "x.docx").pages[0].split("\n") if ln]
    assert lines == [
        "第3部分总体情况",
        "甲、收入",
        "乙、支出",
        "第4部分下一步",
        "第7部分另起",
        "第8部分再续",
        "第6部分最后",
        "不编号",
    ]


def test_numbering_given_by_a_heading_style() -> None:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    add_list(d, 65, REPORT_LEVELS, {65: ""})
    for style_name, level in (("Heading 1", 0), ("Heading 2", 1)):
        style = d.styles[style_name]
        style.element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="65"/></w:numPr>')
        )
    d.add_heading("总体情况", level=1)
    d.add_heading("财政收入", level=2)
    d.add_paragraph("财政收入稳步增长。")
    d.add_heading("下一步安排", level=1)
    d.add_paragraph("继续抓好落实。")
    doc = parse_bytes(save(d), "styled.docx")
    assert render_outline(doc.sections) == ["一、总体情况", "  （一）财政收入", "二、下一步安排"]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCountingThousand", "十一"),
        (20, "chineseCounting", "二十"),
        (35, "chineseCounting", "三十五"),
        (3, "ideographTraditional", "丙"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (4, "decimalEnclosedCircle", "④"),
        (2, "lowerLetter", "b"),
        (4, "upperRoman", "IV"),
        (7, "decimalZero", "07"),
        (5, "someFutureFormat", "5"),
    ],
)
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_chinese_counting_beyond_a_hundred() -> None:
    assert [chinese_counting(n) for n in (100, 105, 110, 1000)] == ["一百", "一百〇五", "一百一十", "一千"]


def test_a_layout_table_reads_as_paragraphs() -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("一、总体情况")
    table = d.add_table(rows=2, cols=1)  # one column: the table only lays the text out
    table.cell(0, 0).text = "全县经济运行平稳。"
    table.cell(1, 0).text = "二、下一步安排"
    d.add_paragraph("继续抓好落实。")
    doc = parse_bytes(save(d), "layout.docx")
    assert render_outline(doc.sections) == ["一、总体情况", "二、下一步安排"]
    assert [c.text for c in doc.chunks] == ["全县经济运行平稳。", "继续抓好落实。"]
