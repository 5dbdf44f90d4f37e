"""Tables: a row is one chunk carrying the table's title, unit and header, and no two cells'
digits are ever fused (``1020.53 4.4`` never becomes ``1020.534.4``)."""

from __future__ import annotations

import io
import re

import pytest
from ingest_samples import render_outline

from wenbao.ingest.pipeline import parse_bytes
from wenbao.ingest.tables import (
    TableCaption,
    linearise_grid,
    linearise_text_page,
    parse_text_row,
)
from wenbao.ingest.textnorm import squeeze_spaces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("地区生产总值 1020.53 4.4", "地区生产总值1020.53 4.4"),  # two cells stay apart
        ("表1 2024年上半年主要指标", "表1 2024年上半年主要指标"),
        ("12 345 6.7%", "12 345 6.7%"),
        ("2 0 2 4 年 全 区 生 产 总 值", "2024年全区生产总值"),  # letter-spaced: one number
        ("完成 815.6 亿元 ， 增长 5.2 %", "完成815.6亿元，增长5.2%"),
    ],
)
def test_spaces_between_numbers(raw: str, expected: str) -> None:
    assert squeeze_spaces(raw) == expected


def test_grid_with_caption_row_two_header_rows_and_merged_cells() -> None:
    rows = [
        ["附表3 重点行业增加值", "附表3 重点行业增加值", "附表3 重点行业增加值"],
        ["行业", "1-9月", "1-9月"],
        ["", "绝对额", "增速"],
        ["制造业", "812.4", "6.3"],
        ["建筑业", "—", "2.0"],
    ]
    spans = [[False, True, True], [False, False, True], [False, False, False]] + [[False] * 3] * 2
    lines = linearise_grid(rows, spans, TableCaption(unit="单位：亿元、%"))
    assert lines == [
        "附表3 重点行业增加值（单位：亿元、%）：行业：制造业；1-9月·绝对额：812.4；1-9月·增速：6.3。",
        "附表3 重点行业增加值（单位：亿元、%）：行业：建筑业；1-9月·绝对额：—；1-9月·增速：2.0。",
    ]


def test_unit_in_a_header_cell_and_rows_that_look_like_headings() -> None:
    rows = [["序号", "项目", "单位：万元"], ["1.", "道路改造", "1200"], ["2.", "管网更新", "860"]]
    spans = [[False] * 3] * 3
    lines = linearise_grid(rows, spans, TableCaption())
    assert lines == [
        "（单位：万元）：序号：1.；项目：道路改造；1200万元。",
        "（单位：万元）：序号：2.；项目：管网更新；860万元。",
    ]
    # without a header or a title a row opening with "1." would read as a heading
    bare = linearise_grid(
        [["1.", "道路改造", "1200"], ["2.", "管网更新", "860"]], [[False] * 3] * 2, TableCaption()
    )
    assert bare == ["表：1.；道路改造；1200。", "表：2.；管网更新；860。"]
    unit_only = linearise_grid(
        [["单位：户"], ["类别", "户数"], ["新增", "12"]], [[False], [False] * 2, [False] * 2], TableCaption()
    )
    assert unit_only == ["（单位：户）：类别：新增；户数：12户。"]


@pytest.mark.parametrize(
    "line",
    [
        "— 3 —",
        "第 3 页 共 9 页",
        "2 / 12",
        "1 即《关于加快人才强区建设的若干政策》",
        "完成 1020.53 亿元，同比增长 4.4",
        "全年增长 5.2 %，高于 3 个百分点",
        "一般公共预算收入 60.3",
    ],
)
def test_lines_that_are_not_table_rows(line: str) -> None:
    assert parse_text_row(line) is None


def test_text_rows_fold_header_title_and_unit_and_continue_on_the_next_page() -> None:
    page1 = [
        "主要指标如下：",
        "表1 2024年上半年主要经济指标完成情况",
        "单位：亿元、%",
        "指标 上半年 同比增长",
        "地区生产总值 1020.53 4.4",
        "— 1 —",
    ]
    lines, carry = linearise_text_page(page1, None)
    head = "表1 2024年上半年主要经济指标完成情况（单位：亿元、%）：指标："
    assert lines == ["主要指标如下：", f"{head}地区生产总值；上半年：1020.53；同比增长：4.4。", "— 1 —"]
    lines, carry = linearise_text_page(["规上工业增加值 312.6 7.9", "下半年继续努力。"], carry)
    assert lines == [f"{head}规上工业增加值；上半年：312.6；同比增长：7.9。", "下半年继续努力。"]
    # a table that ends well above the page end does not continue on the next page
    _, carry = linearise_text_page(["行业 增速 比重", "工业 5.1 30.2", "一", "二", "三", "四"], None)
    assert carry is None


def _two_page_pdf() -> bytes:
    """Page 1: headings, a table drawn cell by cell, a paragraph cut mid-word by the page break,
    the page number, then the footnote below it. Page 2: the paragraph's end."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)

    def page(lines: list[str | list[str]], number: int, foot: str | None = None) -> None:
        c.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            for x, cell in zip((60, 260, 400), [line] if isinstance(line, str) else line, strict=False):
                c.drawString(x, y, cell)
            y -= 22
        c.drawCentredString(297, 40, f"— {number} —")
        if foot:
            c.setFont("STSong-Light", 9)
            c.drawString(60, 70, foot)  # drawn after the page number: extracted after it
        c.showPage()

    page(
        [
            "关于某镇2024年上半年经济运行情况的报告",
            "一、上半年经济运行情况",
            "上半年，全镇经济运行总体平稳，主要指标如下：",
            "表1 2024年上半年主要经济指标完成情况",
            "单位：亿元、%",
            ["指标", "上半年", "同比增长"],
            ["地区生产总值", "1020.53", "4.4"],
            ["一般公共预算收入", "60.3", "3.1"],
            "二、下半年工作安排",
            "推进“人才强区18条”1，加快建设创新",
        ],
        1,
        foot="1 即《关于加快人才强区建设的若干政策》",
    )
    page(["型城市，确保完成全年目标任务。", "以上报告，请予审议。"], 2)
    c.save()
    return buf.getvalue()


def test_pdf_with_a_table_and_a_footnote_below_the_page_number() -> None:
    doc = parse_bytes(_two_page_pdf(), "town.pdf")
    assert render_outline(doc.sections) == ["一、上半年经济运行情况", "二、下半年工作安排"]
    head = "表1 2024年上半年主要经济指标完成情况（单位：亿元、%）：指标："
    rows = [c.text for c in doc.chunks if c.text.startswith("表1")]
    assert rows == [
        f"{head}地区生产总值；上半年：1020.53；同比增长：4.4。",
        f"{head}一般公共预算收入；上半年：60.3；同比增长：3.1。",
    ]
    cut = [c for c in doc.chunks if "人才强区" in c.text]
    assert [c.text for c in cut] == ["推进“人才强区18条”，加快建设创新型城市，确保完成全年目标任务。"]
    assert cut[0].notes == ("即《关于加快人才强区建设的若干政策》",)
    assert cut[0].heading_numbers == ("二、",)
    # no number anywhere runs into the next one
    assert not re.search(r"1020\.53\d|60\.33", doc.text)
    assert "— 1 —" not in doc.text and "即《" not in doc.text


def test_rows_stay_apart_in_a_pdf_with_wrapped_body_text() -> None:
    from ingest_samples import XUANWU_LINES, wrap

    from wenbao.documents import RawDocument
    from wenbao.ingest.pipeline import parse_raw
    from wenbao.ingest.readers import _linearise_tables

    body = [line for para in XUANWU_LINES[6:14] for line in wrap(para, 22)]
    table = [
        "表1 前三季度主要指标",
        "指标 前三季度 增长",
        "地区生产总值 815.6 5.2",
        "一般公共预算收入 60.3 3.1",
    ]
    text = "\n".join(
        XUANWU_LINES[:6] + body + table + ["从数据看，全区经济运行稳中有进。"] + XUANWU_LINES[14:]
    )
    doc = parse_raw(RawDocument("x.pdf", _linearise_tables([text]), "pdf"), "x", max_chars=300)
    rows = [c.text for c in doc.chunks if "表1" in c.text]
    assert rows == [
        "表1前三季度主要指标：指标：地区生产总值；前三季度：815.6；增长：5.2。",
        "表1前三季度主要指标：指标：一般公共预算收入；前三季度：60.3；增长：3.1。",
    ]


def test_tab_separated_rows_of_a_saved_web_page_are_table_rows_with_their_header() -> None:
    text = (
        "关于宁川县2026年预算执行情况和2027年预算草案的报告\n各位代表：\n受县人民政府委托，向大会报告。\n"
        "一、2026年预算执行情况\n全县一般公共预算收入完成12.5亿元。\n"
        "表1 2026年一般公共预算收支（单位：万元）\n项目\t预算数\t执行数\n"
        "一般公共预算收入\t120,000\t125,300\n一般公共预算支出\t300,000\t296,500\n"
        # a page's metadata set out with TABs is no table: two labels, no figure
        "发文字号：\t成文日期：2027年01月20日\n发文机关：\t关键字：\n"
        "二、2027年预算草案\n全县一般公共预算收入安排13亿元。\n"
    )
    chunks = [c.text for c in parse_bytes(text.encode("utf-8"), "ningchuan.txt").chunks]
    row = (
        "表1 2026年一般公共预算收支（单位：万元）：项目：一般公共预算支出；预算数：300,000万元；"
        "执行数：296,500万元。"
    )
    assert row in chunks
    # each row is a passage of its own, under its part
    assert not any("120,000" in c and "300,000" in c for c in chunks)
    assert not any(c.startswith("发文字号：：") for c in chunks)


def test_a_table_saved_one_cell_a_line_with_bars_is_rows_apart_from_the_sentence_after_it() -> None:
    cells = ["收入项目", "决算数", "支出项目", "决算数", "一、税收收入", "41,208", "一、本级支出", "286,310",
             "上年结转", "12,044", "结转下年", "9,870", "调入资金", "3,516", "上解支出", "1,020"]  # fmt: skip
    text = (
        "青溪县2026年财政决算报告\n一、一般公共预算收支决算\n表2 2026年一般公共预算收支决算表\n单位：万元 |\n"
        + "".join(f"{c} |\n" for c in cells)
        + "——全县一般公共预算收入完成7.2亿元，增长2.5%。\n"
    )
    chunks = [c.text for c in parse_bytes(text.encode("utf-8"), "qingxi.txt").chunks]
    caption = "表2 2026年一般公共预算收支决算表（单位：万元）："
    # income and expense set side by side: each side's item is a row of its own, every amount
    # with the table's unit
    assert f"{caption}收入项目：上年结转；决算数：12,044万元。" in chunks
    assert f"{caption}支出项目：结转下年；决算数：9,870万元。" in chunks
    sentence = "——全县一般公共预算收入完成7.2亿元，增长2.5%。"
    assert sentence in chunks  # a passage of its own, not the tail of the cells
    assert not any("|" in c for c in chunks)


def test_cells_closed_by_bars_in_rows_of_uneven_width_start_a_row_at_each_label() -> None:
    cells = ["项目", "金额", "税收收入", "5,200", "非税收入", "1,800", "上级补助收入", "补助", "20,300",
             "债务转贷收入", "4,000"]  # fmt: skip
    lines = "".join(f"{c} |\n" for c in cells)
    text = f"城西县2026年财政决算报告\n一、收入决算\n{lines}收入总计31,300万元。\n"
    chunks = [c.text for c in parse_bytes(text.encode("utf-8"), "chengxi.txt").chunks]
    assert any(c.startswith("非税收入") and "1,800" in c and "5,200" not in c for c in chunks)
    assert any("债务转贷收入" in c and "4,000" in c and "20,300" not in c for c in chunks)
    assert "收入总计31,300万元。" in chunks
