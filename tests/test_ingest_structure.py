"""Structure of reports copied from web pages and wikis: debris out, front matter as paragraphs,
headings by layout. Every report here is written by the test (other places, other names, other
sites' chrome), so a rule that only fits one real report fails."""

from __future__ import annotations

import re

import pytest
from ingest_samples import render_outline

from wenbao.documents import ParsedDocument, RawDocument
from wenbao.ingest.cleaner import Paragraph, ReportCleaner
from wenbao.ingest.pipeline import parse_bytes

BODY = [
    "各位代表：",
    "现在，我代表市人民政府，向大会报告工作，请予审议。",
    "一、2025年工作回顾",
    "过去一年，全市地区生产总值增长5.3%，一般公共预算收入增长4.1%。",
    "二、2026年主要任务",
    "全市经济社会发展的主要预期目标是：地区生产总值增长5%左右。",
    "各位代表，让我们团结一心，为建设现代化城市而努力奋斗！",
]


def paragraphs(lines: list[str], sep: str = "\n") -> list[Paragraph]:
    return ReportCleaner().clean(RawDocument("x.txt", [sep.join(lines)], "txt")).paragraphs


def parse(lines: list[str], sep: str = "\n", name: str = "x.txt") -> ParsedDocument:
    return parse_bytes(sep.join(lines).encode("utf-8"), name)


DEBRIS_RE = re.compile(
    r"下载|打印|全屏|收藏|字号|字体|分享|来源|责任编辑|扫一扫|相关|关闭窗口|记者|摄|[0-9a-f]{32}"
    r"|\d{4}-\d{2}-\d{2}|\d{2}时|Public domain|false|本作品|维基|[\u200b\u200c\u200d\u2060\ufeff\u00ad]"
)


def assert_clean_chunks(doc: ParsedDocument) -> None:
    for c in doc.chunks:
        assert not DEBRIS_RE.search(c.text), c.text


# --- web-page debris -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "header",
    [
        # a news portal: buttons, then the article's metadata between title and speaker
        ["下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】"],
        # a government site: stamp and source first, font buttons split over lines
        ["2025年03月02日 09时15分", "来源:", "东江晚报", "【字体：", "大", "中", "小", "】", "分享："],
        # all on one line each
        ["【字体：大 中 小】", "打印本页 关闭窗口", "发布时间：2025-03-02 10:20"],
    ],
)
def test_page_chrome_leaves_front_matter_and_chunks(header: list[str]) -> None:
    lines = [
        *header,
        "2026年东江市政府工作报告",
        "——2026年1月20日在东江市第九届人民代表大会第三次会议上",
        "来源：东江日报",
        "时间：2026-01-22",
        "东江市市长 周 明",
        "市长周明作政府工作报告。本报全媒体记者 吴 凡摄",
        *BODY,
    ]
    paras = paragraphs(lines)
    assert [(p.kind, p.text) for p in paras[:4]] == [
        ("text", "2026年东江市政府工作报告"),
        ("text", "——2026年1月20日在东江市第九届人民代表大会第三次会议上"),
        ("speaker", "东江市市长 周明"),
        ("text", "各位代表："),
    ]
    doc = parse(lines)
    assert render_outline(doc.sections) == ["一、2025年工作回顾", "二、2026年主要任务"]
    assert_clean_chunks(doc)


def test_page_footer_and_the_repeat_after_it_are_cut() -> None:
    lines = [
        "2026年南岭省人民政府工作报告",
        "2026年1月25日在南岭省第十四届人民代表大会第四次会议上",
        "南岭省人民政府省长 陈立",
        *BODY,
        "责任编辑：",
        "王晓",
        "扫一扫在手机打开当前页",
        "相关链接>>",
        "0123456789abcdef0123456789abcdef:",
        "南岭省第十四届人民代表大会第四次会议关于政府工作报告的决议",
        "打印本页",
        "关闭窗口",
        "2026年南岭省人民政府工作报告",
        "各位代表：现在，我代表省人民政府，向大会报告工作，请予审议。",
    ]
    doc = parse(lines)
    assert_clean_chunks(doc)
    assert doc.chunks[-1].text == "各位代表，让我们团结一心，为建设现代化城市而努力奋斗！"
    paras = paragraphs(lines)
    assert paras[1].text == "2026年1月25日在南岭省第十四届人民代表大会第四次会议上"
    assert paras[2].kind == "speaker"


def test_a_dangling_related_reports_line_and_a_caption_without_credit_verb_go() -> None:
    lines = [
        "2026年西川省政府工作报告",
        "——二〇二六年一月二十六日在西川省十四届人民代表大会第四次会议上",
        "西川省省长 李 强",
        "李强作政府工作报告。新西川·西川日报记者 赵一鸣",
        *BODY,
        "相关报道：",
    ]
    doc = parse(lines)
    assert_clean_chunks(doc)
    assert paragraphs(lines)[2].text == "西川省省长 李强"


@pytest.mark.parametrize(
    "trail",
    [
        # label on its own line, a line per step and separator, the column title repeating the last step
        ["您的位置:", "首页", ">", "滨海要闻", "滨海要闻"],
        # no label: the trail starts at a step followed by a separator line, after other chrome
        ["分享：", "首页", "»", "政务公开", "»", "工作报告"],
        # all on one line, after another label
        ["当前位置：首页 > 政务信息 > 滨海新闻"],
    ],
)
def test_a_breadcrumb_trail_and_a_published_time_label_are_chrome(trail: list[str]) -> None:
    lines = [
        *trail,
        "2026年滨海省政府工作报告",
        "发表时间：",
        "2026-02-05 08:30:12",
        "阅读量：",
        "【字体：",
        "大",
        "】",
        "——2026年1月29日在滨海省第十四届人民代表大会第四次会议上",
        "滨海省省长 林 涛",
        *BODY,
    ]
    paras = paragraphs(lines)
    assert [p.text for p in paras[:2]] == [
        "2026年滨海省政府工作报告",
        "——2026年1月29日在滨海省第十四届人民代表大会第四次会议上",
    ]
    doc = parse(lines)
    assert render_outline(doc.sections) == ["一、2025年工作回顾", "二、2026年主要任务"]
    chrome = ("位置", "首页", "要闻", "政务", "阅读量", "时间")
    assert not any(w in c.text for c in doc.chunks for w in chrome)


def test_a_body_line_with_a_separator_is_no_breadcrumb() -> None:
    lines = ["2026年滨海省政府工作报告", "滨海省省长 林涛", "各位代表：", "增速>5%的行业有12个。", *BODY[1:]]
    assert "增速>5%的行业有12个。" in [p.text for p in paragraphs(lines)]


def test_wiki_licence_zero_width_and_blank_line_layout() -> None:
    lines = [
        "\u200b",
        "",
        "政府工作报",
        "告",
        "",
        "",
        "——2025年3月5日在第十四届全国人民代表大会第三次会议上",
        "",
        "国务院总理",
        "\u3000王一平",
        "",
        "各位代表：",
        "",
        "一、2024年工作回顾",
        "",
        "",
        "过去一年，经济运行总体平稳，国内生产总值增长5%，",
        "\u200b",
        "城镇新增就业1256万人。",
        "",
        "二、2025年重点工作",
        "",
        "（一）大力提振消费",
        "",
        "\u200b实施提振消费专项行动。",
        *[""] * 15,
        "本作品是中华人民共和国的",
        "法律",
        "、",
        "法规",
        "，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件。",
        "公有领域",
        "。",
        "Public domain",
        "false",
    ]
    paras = paragraphs(lines)
    assert [(p.kind, p.text) for p in paras[:4]] == [
        ("text", "政府工作报告"),
        ("text", "——2025年3月5日在第十四届全国人民代表大会第三次会议上"),
        ("speaker", "国务院总理 王一平"),
        ("text", "各位代表："),
    ]
    doc = parse(lines)
    assert render_outline(doc.sections) == [
        "一、2024年工作回顾",
        "二、2025年重点工作",
        "  （一）大力提振消费",
    ]
    assert [c.text for c in doc.chunks] == [
        "过去一年，经济运行总体平稳，国内生产总值增长5%，城镇新增就业1256万人。",
        "实施提振消费专项行动。",
    ]
    assert_clean_chunks(doc)


def test_a_subscript_line_joins_its_word() -> None:
    doc = parse(["一、环境质量", "全市PM", "2.5", "平均浓度下降8%，SO", "2", "排放减少。"])
    assert doc.chunks[0].text == "全市PM2.5平均浓度下降8%，SO2排放减少。"


@pytest.mark.parametrize("opener", ["（", "“", "《"])
def test_a_lone_opening_bracket_starts_the_next_line(opener: str) -> None:
    closer = {"（": "）", "“": "”", "《": "》"}[opener]
    lines = [
        *_report([]),
        "一、2025年工作回顾",
        "（一）经济平稳运行。",
        "全年地区生产总值增长5%。",
        opener,
        f"二{closer}开放持续扩大。",
        "外贸进出口增长8%。",
        "（三）民生持续改善。",
        "城镇新增就业12万人。",
    ]
    doc = parse(lines)
    second = f"{opener}二{closer}开放持续扩大"
    if opener == "（":
        assert render_outline(doc.sections) == [
            "一、2025年工作回顾",
            "  （一）经济平稳运行",
            "  （二）开放持续扩大",
            "  （三）民生持续改善",
        ]
    else:  # not a heading number, but the quote or title mark still opens its line
        assert any(c.text.startswith(second) for c in doc.chunks)
    assert not any(c.text.endswith(opener) for c in doc.chunks)


# --- headings --------------------------------------------------------------------------------
def _report(middle: list[str]) -> list[str]:
    return ["2026年北岭省政府工作报告", "北岭省省长 孙伟", "各位代表：", "现在报告工作。", *middle]


def test_unnumbered_parts_above_parenthesised_headings() -> None:
    doc = parse(
        _report(
            [
                "“十四五”时期发展回顾",
                "五年来，全省经济总量迈上新台阶，年均增长6%。",
                "——这是综合实力跃升的五年。全省生产总值突破万亿元。",
                "“十五五”时期主要目标",
                "“十五五”时期，要努力实现以下目标：",
                "一是经济实力明显增强。全省生产总值年均增长5%以上。",
                "二是创新能力明显提升。研发投入强度达到3%。",
                "2026年工作安排",
                "今年是“十五五”开局之年，重点抓好以下工作：",
                "（一）扩大有效需求",
                "实施消费提振行动。",
                "（二）建设现代化产业体系",
                "推动传统产业升级。",
                "各位代表！让我们团结奋斗，再创佳绩！",
            ]
        )
    )
    assert render_outline(doc.sections) == [
        "“十四五”时期发展回顾",
        "“十五五”时期主要目标",
        "  一是经济实力明显增强",
        "  二是创新能力明显提升",
        "2026年工作安排",
        "  （一）扩大有效需求",
        "  （二）建设现代化产业体系",
    ]
    assert [s.number for s in doc.sections] == ["", "", ""]
    closing = [c for c in doc.chunks if c.text.startswith("各位代表！")]
    assert closing[0].heading_path == ()


def test_numbered_parts_inside_an_unnumbered_part_shift_down() -> None:
    doc = parse(
        _report(
            [
                "过去五年发展成就和2025年工作回顾",
                "五年来，全区发展成就显著。",
                "未来五年主要目标和2026年工作安排",
                "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。",
                "一、深化改革开放",
                "（一）优化营商环境。全面推行证照分离改革。",
                "二、抓好重点工作",
                "（一）壮大实体经济。",
                "一要推动传统产业升级。实施技术改造工程。",
                "二要培育新兴产业。支持数据中心建设。",
                "（二）扩大内需。一要提振消费。二要扩大投资。",
            ]
        )
    )
    assert render_outline(doc.sections) == [
        "过去五年发展成就和2025年工作回顾",
        "未来五年主要目标和2026年工作安排",
        "  一、深化改革开放",
        "    （一）优化营商环境",
        "  二、抓好重点工作",
        "    （一）壮大实体经济",
        "      一要推动传统产业升级",
        "      二要培育新兴产业",
        "    （二）扩大内需",
    ]
    texts = {c.heading_numbers: c.text for c in doc.chunks}
    assert texts[("", "一、", "（一）")] == "全面推行证照分离改革。"
    assert texts[("", "二、", "（二）")] == "一要提振消费。二要扩大投资。"


def test_a_short_line_inside_numbered_parts_is_no_part() -> None:
    doc = parse(
        _report(
            [
                "一、2025年工作回顾",
                "全年经济平稳增长。",
                "2026年重点工作",
                "今年要抓好以下几个方面的工作。",
                "二、2026年主要任务",
                "（一）扩大内需",
                "实施消费提振行动。",
            ]
        )
    )
    assert render_outline(doc.sections) == ["一、2025年工作回顾", "二、2026年主要任务", "  （一）扩大内需"]


@pytest.mark.parametrize(
    ("line", "number", "title", "body"),
    [
        ("一、城建推进。完成投资。", "一、", "城建推进", "完成投资。"),
        ("（一）城建推进。完成投资。", "（一）", "城建推进", "完成投资。"),
        ("(一)城建推进。完成投资。", "（一）", "城建推进", "完成投资。"),
        ("1.城建推进。完成投资。", "1.", "城建推进", "完成投资。"),
        ("1．城建推进。完成投资。", "1．", "城建推进", "完成投资。"),
        ("一是城建推进。完成投资。", "一是", "城建推进", "完成投资。"),
        ("一要推进城建。完成投资。", "一要", "推进城建", "完成投资。"),
    ],
)
def test_a_heading_running_on_into_its_body(line: str, number: str, title: str, body: str) -> None:
    doc = parse(["各位代表：", "现在报告工作。", line])
    assert [(s.number, s.title) for s in doc.sections] == [(number, title)]
    assert [c.text for c in doc.chunks if c.heading_path] == [body]


def test_yi_shi_after_body_text_of_a_parenthesised_section_is_body() -> None:
    doc = parse(
        _report(
            [
                "一、2026年工作安排",
                "（一）扩大内需",
                "今年重点做好三方面工作。",
                "一是提振消费。实施以旧换新。",
                "二是扩大投资。推进重大项目。",
                "（二）发展产业",
                "一是做强制造业。推动技术改造。",
                "二是发展服务业。培育新业态。",
            ]
        )
    )
    assert render_outline(doc.sections) == [
        "一、2026年工作安排",
        "  （一）扩大内需",
        "  （二）发展产业",
        "    一是做强制造业",
        "    二是发展服务业",
    ]


# --- glossaries and appendices -----------------------------------------------------------------
GLOSSARY_BODY = [
    "一、2025年工作回顾",
    "全面落实“两重”建设任务，推进“双百行动”，开展“三进”活动。",
    "二、2026年主要任务",
    "（一）扩大有效需求",
    "大力实施“两重”建设和“两新”政策，加快推进项目建设。",
    "以上报告，请予审议。",
]


@pytest.mark.parametrize(
    "glossary",
    [
        # one line each, under an attachment label
        [
            "附件2",
            "名词解释",
            "1.“两重”：国家重大战略实施。",
            "2.“两新”：设备更新和以旧换新。",
            "3.“双百行动”：百校联百县。",
        ],
        # term on one line, explanation on the next; the title carries the report's name
        [
            "附件",
            "《政府工作报告》有关内容名词注释",
            "1.“两重”：",
            "国家重大战略实施。",
            "2.“两新”：",
            "设备更新和以旧换新。",
            "3. “双百行动”：",
            "百校联百县。",
        ],
        # a closing section of its own, an entry broken over lines
        [
            "注释",
            "1、“两重”：国家重大",
            "战略实施。",
            "2、“两新”：设备更新和以旧换新。",
            "3、“双百行动”：百校联百县。",
        ],
    ],
)
def test_glossary_entries_become_notes_of_the_chunk_using_the_term(glossary: list[str]) -> None:
    doc = parse(_report([*GLOSSARY_BODY, *glossary]))
    assert doc.notes == [
        "“两重”：国家重大战略实施。",
        "“两新”：设备更新和以旧换新。",
        "“双百行动”：百校联百县。",
    ]
    assert render_outline(doc.sections) == [
        "一、2025年工作回顾",
        "二、2026年主要任务",
        "  （一）扩大有效需求",
    ]
    noted = {c.text[:4]: c.notes for c in doc.chunks if c.notes}
    # the first use of each term carries its note; "两新" is first used in part 二
    assert noted == {"全面落实": (doc.notes[0], doc.notes[2]), "大力实施": (doc.notes[1],)}
    # the glossary is no body text: not chunked, not a heading, and the closing stays the last chunk
    assert not any("以旧换新" in c.text or "百校联百县" in c.text for c in doc.chunks)
    assert doc.chunks[-1].text == "以上报告，请予审议。"


def test_bracketed_glossary_markers_leave_the_body_and_anchor_their_note() -> None:
    body = [
        "一、2025年工作回顾",
        "火灾呈现“一降三减”［1］良好态势。",
        "三大产业［2］占比提高。",
        "二、2026年主要任务",
        "推动三大产业［2］提质升级。",
    ]
    glossary = [
        "注释",
        "［1］一降三减：",
        "起数下降，伤亡减少。",
        "［2］三大产业：",
        "旅游业、服务业、农业。",
    ]
    doc = parse(_report([*body, *glossary]))
    assert doc.notes == ["一降三减：起数下降，伤亡减少。", "三大产业：旅游业、服务业、农业。"]
    assert not any("［" in c.text for c in doc.chunks)
    assert [(c.text, c.notes) for c in doc.chunks if c.notes] == [
        ("火灾呈现“一降三减”良好态势。", (doc.notes[0],)),
        ("三大产业占比提高。", (doc.notes[1],)),
        ("推动三大产业提质升级。", (doc.notes[1],)),
    ]


def test_a_numbered_list_in_the_last_section_is_no_glossary_without_a_title() -> None:
    doc = parse(
        _report(
            [
                "一、2026年主要任务",
                "（一）扩大内需",
                "1.提振消费。实施以旧换新。",
                "2.扩大投资。推进重大项目。",
            ]
        )
    )
    assert render_outline(doc.sections)[-2:] == ["    1.提振消费", "    2.扩大投资"]
    assert doc.notes == []


@pytest.mark.parametrize(
    ("label", "items", "section"),
    [
        (
            ["附件1", "2026年市十件民生实事"],
            ["一、提高低保标准。每人每月提高20元。", "二、建设养老机构。新增床位500张。"],
            "附件1 2026年市十件民生实事",
        ),
        (
            ["附件", "2026年自治州民生实事"],
            ["1.新增城镇就业3万人。", "2.改造老旧小区50个。"],
            "附件 2026年自治州民生实事",
        ),
        (
            ["附件：", "2026年重点项目"],
            ["(一)交通项目。新建公路100公里。", "(二)水利项目。新建水库2座。"],
            "附件 2026年重点项目",
        ),
    ],
)
def test_an_appendix_keeps_its_list_inside_it(label: list[str], items: list[str], section: str) -> None:
    body = [
        "一、2025年工作回顾",
        "全年经济平稳增长。",
        "二、2026年主要任务",
        "（一）扩大内需",
        "实施消费提振行动。",
    ]
    doc = parse(_report([*body, "各位代表！让我们团结奋斗！", *label, *items]))
    assert render_outline(doc.sections) == [
        "一、2025年工作回顾",
        "二、2026年主要任务",
        "  （一）扩大内需",
        section,
    ]
    assert [c.text for c in doc.chunks if c.heading_path == (section,)] == items
    assert [c.heading_path for c in doc.chunks if c.text.startswith("各位代表")] == [()]


def test_numbered_lines_ending_in_a_semicolon_are_an_enumeration_not_headings() -> None:
    text = (
        "关于北塘区2026年预算执行情况的报告\n一、2026年预算执行情况\n（一）一般公共预算\n"
        "一般公共预算支出完成80亿元。分科目情况如下：\n1.教育支出152,300万元；\n2.卫生健康支出61,020万元；\n"
        "3.农林水支出9,450万元。\n（二）政府性基金预算\n政府性基金预算收入完成12亿元。\n"
    )
    doc = parse_bytes(text.encode("utf-8"), "beitang.txt")
    titles = [s.title for s in doc.sections[0].children]
    assert titles == ["一般公共预算", "政府性基金预算"]
    body = "".join(c.text for c in doc.chunks if c.heading_path[-1] == "一般公共预算")
    assert "2.卫生健康支出61,020万元；" in body and "3.农林水支出9,450万元。" in body
    # the items stay with the sentence that leads into them
    assert "分科目情况如下：1.教育支出152,300万元；" in body
