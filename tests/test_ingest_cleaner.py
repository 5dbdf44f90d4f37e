"""The cleaner's general rules, on small reports written here (other districts, other numbers),
in the layouts PDF extraction and word processors produce."""

from __future__ import annotations

import pytest
from ingest_samples import render_outline, section_texts

from wenbao.documents import ParsedDocument, RawDocument
from wenbao.ingest.cleaner import ReportCleaner
from wenbao.ingest.pipeline import doc_id_from_name, parse_bytes
from wenbao.ingest.textnorm import squeeze_spaces

# A PDF's text layer (the 2024 seed's layout): an empty line after each line, a leading space on
# the first line of a page, spaces around numbers, footnotes at page bottoms, and a paragraph
# ("…持续优化营商" / "环境。…") cut by a page whose heading section ends without its "。".
QINHUAI_PDF_LINES = [
    " 关于秦淮区 2022年国民经济和社会发展计划",
    "上半年执行情况的报告",
    "——2022 年 7 月 28 日在区第十八届",
    "人大常委会第六次会议上",
    "区发展和改革委员会主任 李文博",
    "主任、各位副主任、各位委员：",
    "我受区人民政府委托，向本次会议报告我区 2022",
    "年计划上半年执行情况，请予审议。",
    "一、上半年计划执行情况",
    "（一）经济运行总体平稳",
    "1．主要指标平稳增长。上半年，全区地区生产",
    "总值完成 612.35 亿元，总量保持全市第",
    "1，同比增长 3.6%；规上工业增加值增长",
    "1.5%；社会消费品零售总额完成 288.4 亿元。",
    "2．人才工作成效明显。深入实施“秦淮英才计",
    "划”，出台“人才新政 20 条”1，引进高层次人",
    "才 126 名，新增博士后 18 人，持续深化校地",
    "合作，深入学习贯彻党的二十届一中、二中、",
    "三中全会精神，人才总量稳步增长，人才结构",
    "持续优化，人才服务更加便捷高效。",
    "1 即《秦淮区关于加快建设人才强区的 若干政策措施》",
    " （二）产业发展提质增效",
    "3．产业基地加快建设。打造软件产业基地2，",
    "全区软件业务收入完成 256.8 亿元，同比增",
    "2 以秦淮软件园为核心、白下高新区为补充",
    "的软件产业集聚区",
    " 长 9.7%，新增规上企业 35 家，产业链上下游",
    "协同发展，Windows 10 适配中心落户园区。",
    "总的来看，上半年经济运行总体平稳，但仍存在",
    "一些问题：一是增长动能不强，投资增速放缓；",
    "三是项目支撑不足，土地资源稀缺，项目落地节",
    "奏偏慢，接续项目数量偏少，需要重点加以解决。",
    "二、下半年工作举措",
    "一是稳定经济增长，巩固向好态势。抓好项目建",
    "设，推进重大项目早开工、早投产，确保全年完",
    "成投资 150 亿元以上，进一步持续优化营商",
    " 二是加快产业升级，培育发展新动能。推动数字",
    "经济发展，支持软件企业做大做强，培育一批专",
    "精特新企业，打造现代产业体系",
    "环境。深化“一网通办”改革，压缩企业开办时间",
    "，提升企业获得感和满意度，激发市场主体活力。",
    "。",
    "三是保障改善民生，增进人民福祉。做好就业、",
    "教育、医疗等民生实事，兜牢民生底线。",
    "以上报告，请予审议。",
]

QINHUAI_OUTLINE = [
    "一、上半年计划执行情况",
    "  （一）经济运行总体平稳",
    "    1．主要指标平稳增长",
    "    2．人才工作成效明显",
    "  （二）产业发展提质增效",
    "    3．产业基地加快建设",
    "二、下半年工作举措",
    "  一是稳定经济增长，巩固向好态势",
    "  二是加快产业升级，培育发展新动能",
    "  三是保障改善民生，增进人民福祉",
]


@pytest.fixture(scope="module")
def qinhuai() -> ParsedDocument:
    return parse_bytes("\n\n".join(QINHUAI_PDF_LINES).encode("utf-8"), "qinhuai-2022-h1.txt")


def test_pdf_layout_outline_and_metadata(qinhuai: ParsedDocument) -> None:
    assert render_outline(qinhuai.sections) == QINHUAI_OUTLINE
    m = qinhuai.meta
    assert (m.title, m.year, m.date, m.period) == (
        "关于秦淮区2022年国民经济和社会发展计划上半年执行情况的报告",
        2022,
        "2022-07-28",
        "上半年",
    )
    assert (m.meeting, m.role, m.speaker) == (
        "秦淮区第十八届人大常委会第六次会议",
        "区发展和改革委员会主任",
        "李文博",
    )


def test_wrapped_lines_rejoin_and_numbers_lose_their_spaces(qinhuai: ParsedDocument) -> None:
    texts = section_texts(qinhuai)
    assert texts[("一、", "（一）", "1．")] == (
        "上半年，全区地区生产总值完成612.35亿元，总量保持全市第1，同比增长3.6%；"
        "规上工业增加值增长1.5%；社会消费品零售总额完成288.4亿元。"
    )
    # "二、三中全会" after "一中、" is a wrapped line, not part 二
    assert "二十届一中、二中、三中全会精神" in texts[("一、", "（一）", "2．")]
    # Latin words keep their space
    assert "Windows 10适配中心" in texts[("一、", "（二）", "3．")]


def test_footnotes_leave_the_body_and_attach_to_the_marker_chunk(qinhuai: ParsedDocument) -> None:
    assert qinhuai.notes == [
        "即《秦淮区关于加快建设人才强区的 若干政策措施》",
        "以秦淮软件园为核心、白下高新区为补充的软件产业集聚区",
    ]
    texts = section_texts(qinhuai)
    assert "出台“人才新政20条”，引进高层次人才126名" in texts[("一、", "（一）", "2．")]
    # the body paragraph runs on across the footnote and the page break
    assert "打造软件产业基地，全区软件业务收入完成256.8亿元，同比增长9.7%" in texts[("一、", "（二）", "3．")]
    noted = {c.heading_numbers[-1]: c.notes for c in qinhuai.chunks if c.notes}
    assert noted == {"2．": (qinhuai.notes[0],), "3．": (qinhuai.notes[1],)}
    # "全市第1，" is an ordinal, not a footnote marker
    assert "保持全市第1，同比" in qinhuai.text


def test_summary_belongs_to_the_part_and_inline_lists_are_not_headings(qinhuai: ParsedDocument) -> None:
    summary = [c for c in qinhuai.chunks if c.text.startswith("总的来看")]
    assert len(summary) == 1
    assert summary[0].heading_numbers == ("一、",)
    assert "三是项目支撑不足，土地资源稀缺" in summary[0].text


def test_paragraph_cut_by_a_page_is_rejoined_and_the_lone_stop_closes_the_other(
    qinhuai: ParsedDocument,
) -> None:
    texts = section_texts(qinhuai)
    yi = texts[("二、", "一是")]
    assert yi.endswith(
        "进一步持续优化营商环境。深化“一网通办”改革，压缩企业开办时间，提升企业获得感和满意度，激发市场主体活力。"
    )
    assert (
        texts[("二、", "二是")]
        == "推动数字经济发展，支持软件企业做大做强，培育一批专精特新企业，打造现代产业体系。"
    )
    assert "营商环境" in qinhuai.text and "体系环境" not in qinhuai.text
    # lone "。" is no chunk of its own
    assert all(c.text != "。" for c in qinhuai.chunks)
    assert [c.text for c in qinhuai.chunks if c.heading_path == ()][-1] == "以上报告，请予审议。"


# A word processor's export: one paragraph per line, with the usual debris.
JIANYE_TXT = "\n".join(
    [
        "关于建邺区2023年国民经济和社会发展",
        "计划执行情况的报告",
        "——2024年1月10日在建邺区第三届人民代表大会第四次会议上",
        "区发展和改革委员会主任  王一鸣",
        "各位代表：",
        "一、2023年计划执行情况",
        "[bookmark: _Toc1]（一）经济总量稳步提升",
        "1、地区生产总值稳步增长。全年完成1234.5亿元，增长6.1%。",
        "2、重点项目顺利推进。完成投资320亿元。",
        "- 7 -",
        "\f（二）民生保障持续加强",
        "1、就业形势总体稳定。新增城镇就业2.1万人，城镇登记失业率控制在3%以内。",
        "第 3 页",
        "综上，全年经济社会发展主要目标任务较好完成。",
        "二、2024年工作安排",
        "（一）扩大有效投资",
        "全年计划实施重大项目120个，年度计划投资400亿元。",
        "各位代表，新的一年，我们将坚定信心、真抓实干。",
        "附件：1、建邺区2023年国民经济和社会发展计划执行",
        "情况表",
        "2、建邺区2024年重大项目计划表",
        "12",
    ]
)


def test_word_processor_export_debris_is_removed() -> None:
    doc = parse_bytes(JIANYE_TXT.encode("utf-8"), "jianye-2023.txt")
    assert render_outline(doc.sections) == [
        "一、2023年计划执行情况",
        "  （一）经济总量稳步提升",
        "    1、地区生产总值稳步增长",
        "    2、重点项目顺利推进",
        "  （二）民生保障持续加强",
        "    1、就业形势总体稳定",
        "二、2024年工作安排",
        "  （一）扩大有效投资",
        "附件",
    ]
    m = doc.meta
    # delivered in 2024 (its year), about 2023 (what its parts cover)
    assert (m.year, m.date, m.period, m.speaker) == (2024, "2024-01-10", None, "王一鸣")
    assert m.meeting == "建邺区第三届人民代表大会第四次会议"
    assert m.title == "关于建邺区2023年国民经济和社会发展计划执行情况的报告"
    for c in doc.chunks:
        assert "bookmark" not in c.text and "- 7 -" not in c.text and "第 3 页" not in c.text
    assert [c.text for c in doc.chunks if c.heading_path == ("附件",)] == [
        "1、建邺区2023年国民经济和社会发展计划执行情况表",
        "2、建邺区2024年重大项目计划表",
    ]
    texts = section_texts(doc)
    assert texts[("一、",)] == "综上，全年经济社会发展主要目标任务较好完成。"
    assert texts[()] == "各位代表，新的一年，我们将坚定信心、真抓实干。"
    assert texts[("",)].endswith("重大项目计划表")


def test_headings_are_never_glued_to_an_unfinished_paragraph() -> None:
    text = "\n".join(
        [
            "一、总体情况",
            "全区经济运行平稳，主要指标如下",
            "（一）工业生产",
            "规上工业增加值增长5%。",
        ]
    )
    doc = parse_bytes(text.encode(), "x.txt")
    assert render_outline(doc.sections) == ["一、总体情况", "  （一）工业生产"]
    assert section_texts(doc)[("一、",)] == "全区经济运行平稳，主要指标如下"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("完成 1020.53 亿元", "完成1020.53亿元"),
        ("同比增长 4.4 %", "同比增长4.4%"),
        ("商务中心 C 区竣工", "商务中心C区竣工"),
        ("采取 AI 算法", "采取AI算法"),
        ("招聘不停歇 新春送岗位", "招聘不停歇新春送岗位"),
        ("Windows 10 and the report", "Windows 10 and the report"),
        ("《关于加快 人才强区建设的意见》 印发", "《关于加快 人才强区建设的意见》印发"),
        ("全\u3000区\u00a0经济", "全区经济"),
        ("２０２４年增长１２．５％", "2024年增长12．5%"),
    ],
)
def test_space_rules(raw: str, expected: str) -> None:
    assert squeeze_spaces(raw) == expected


def test_pages_from_the_reader_mark_page_starts_for_footnotes() -> None:
    raw = RawDocument(
        name="x.pdf",
        source_format="pdf",
        pages=[
            "一、总体情况\n出台“十条措施”1，成效明显，企业满意度不断\n"
            "1 即《关于支持企业发展的若干措施》\n— 1 —",
            "提高。\n二、下一步安排\n继续抓好落实。\n— 2 —",
        ],
    )
    cleaned = ReportCleaner().clean(raw)
    assert cleaned.notes == ["即《关于支持企业发展的若干措施》"]
    texts = [p.text for p in cleaned.paragraphs]
    assert "出台“十条措施”，成效明显，企业满意度不断提高。" in texts
    assert not any("— 1 —" in t or "— 2 —" in t for t in texts)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gulou-2024-h1.txt", "gulou-2024-h1"),
        ("../../x.txt", "x"),
        ("C:\\reports\\y.pdf", "y"),
        ("鼓楼区 2024 报告.docx", "鼓楼区-2024-报告"),
        ("../../", "doc-"),
        ("<script>.txt", "script"),
        ("report.tar.gz", "report"),
        ("", "doc-"),
    ],
)
def test_doc_id_from_name(name: str, expected: str) -> None:
    doc_id = doc_id_from_name(name)
    assert doc_id.startswith(expected)
    assert doc_id and all(ch.isalnum() or ch in "-_" for ch in doc_id)
    assert "/" not in doc_id and ".." not in doc_id


def test_running_headers_and_footers_are_dropped() -> None:
    body = [
        "一、总体情况\n全区经济运行平稳，",
        "主要指标好于预期。\n（一）工业生产\n规上工业增加值增长",
        "5.1%，高于全市平均水平。\n（二）固定资产投资",
        "完成投资120亿元。\n二、下一步安排\n继续抓好落实。",
    ]
    pages = [f"南京市玄武区发展和改革委员会\n{text}\n第 {n} 页 共 4 页" for n, text in enumerate(body, 1)]
    doc = parse_bytes("\f".join(pages).encode(), "headers.txt")
    assert "发展和改革委员会" not in doc.text and "共4页" not in doc.text and "共 4 页" not in doc.text
    assert render_outline(doc.sections) == [
        "一、总体情况",
        "  （一）工业生产",
        "  （二）固定资产投资",
        "二、下一步安排",
    ]
    texts = section_texts(doc)
    assert texts[("一、",)] == "全区经济运行平稳，主要指标好于预期。"
    assert texts[("一、", "（一）")] == "规上工业增加值增长5.1%，高于全市平均水平。"
