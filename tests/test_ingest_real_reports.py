"""Nine real government work reports (shared/reports, see its SOURCES.md), with the web-page and
wiki debris of their extraction: the outline comes out exactly and no chunk carries debris.

The rules that make this pass are general and tested on text the tests write themselves
(test_ingest_structure.py); these reports check them on what real extraction leaves behind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wenbao.documents import ParsedDocument
from wenbao.ingest.pipeline import parse_file

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"
pytestmark = pytest.mark.skipif(
    not REPORTS.is_dir(), reason=f"the real reports are not here ({REPORTS}); they live in the shared folder"
)

FILES = {
    "gansu": "gansu-2026-gzbg.txt",
    "gansu-gb18030": "gansu-2026-gzbg.gb18030.txt",
    "guangdong": "guangdong-2026-gzbg.txt",
    "guowuyuan-2016": "guowuyuan-2016-gzbg.txt",
    "guowuyuan-2021": "guowuyuan-2021-gzbg.txt",
    "hainan": "hainan-2026-gzbg.txt",
    "jiangxi": "jiangxi-2026-gzbg.txt",
    "neimenggu": "neimenggu-2026-gzbg.txt",
    "shanghai": "shanghai-2026-gzbg.txt",
    "sichuan": "sichuan-2026-gzbg.txt",
}

TOP_LEVEL = {
    "gansu": ["“十四五”时期工作回顾", "“十五五”时期的主要目标任务", "2026年重点工作"],
    "guangdong": [
        "一、2025年和“十四五”时期工作回顾",
        "二、“十五五”时期的主要目标和重点任务",
        "三、2026年工作安排",
        "附件1 2026年省十件民生实事",
    ],
    "guowuyuan-2016": ["一、2015年工作回顾", "二、“十三五”时期主要目标任务和重大举措", "三、2016年重点工作"],
    "guowuyuan-2021": [
        "一、2020年工作回顾",
        "二、“十三五”时期发展成就和“十四五”时期主要目标任务",
        "三、2021年重点工作",
    ],
    "hainan": [
        "一、2025年和“十四五”时期工作回顾",
        "二、“十五五”时期主要目标任务",
        "三、2026年主要工作",
        "四、加强政府自身建设",
    ],
    "jiangxi": [
        "一、2025年工作及“十四五”时期发展回顾",
        "二、“十五五”时期发展的主要考虑",
        "三、2026年工作安排",
    ],
    "neimenggu": [
        "“十四五”时期发展成就和2025年工作回顾",
        "“十五五”时期主要目标和2026年重点工作",
        "附件 2026年自治区民生实事",
    ],
    "shanghai": [
        "一、2025年工作回顾",
        "二、关于《上海市国民经济和社会发展第十五个五年规划纲要（草案）》的说明",
        "三、2026年主要任务",
        "四、深入推进政府治理创新",
    ],
    "sichuan": [
        "一、2025年工作回顾和“十四五”发展主要成绩",
        "二、“十五五”发展的主要考虑",
        "三、2026年工作安排",
    ],
}

# (report, index of a top-level part, the numbered titles of its children)
CHILDREN = [
    ("gansu", 2, [f"（{n}）" for n in "一二三四五六七八"]),
    ("guangdong", 1, ["一是", "二是", "三是", "四是", "五是"]),
    ("guowuyuan-2016", 0, ["一是", "二是", "三是", "四是", "五是", "六是"]),
    ("guowuyuan-2021", 2, [f"（{n}）" for n in "一二三四五六七八"]),
    ("hainan", 2, [f"（{n}）" for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]]),
    ("jiangxi", 1, ["（一）", "（二）", "（三）", "（四）"]),
    ("neimenggu", 1, ["一、", "二、", "三、", "四、"]),
    ("shanghai", 3, ["（一）", "（二）", "（三）", "（四）"]),
    ("sichuan", 0, ["一是", "二是", "三是", "四是", "五是", "六是"]),
]
CHILD_TITLES = {
    "gansu": "放大促消费扩投资政策效应",
    "guangdong": "聚焦经济建设这一中心工作",
    "guowuyuan-2016": "着力稳增长调结构防风险，创新宏观调控方式",
    "guowuyuan-2021": "保持宏观政策连续性稳定性可持续性，促进经济运行在合理区间",
    "hainan": "聚力促进更高水平开放",
    "jiangxi": "关于“十五五”时期发展的时代背景",
    "neimenggu": "把铸牢中华民族共同体意识作为民族地区各项工作的主线",
    "shanghai": "坚持政治引领，不折不扣贯彻落实党中央决策部署",
    "sichuan": "着力扩内需稳增长，推动经济持续向新向优量质齐升",
}

# What web pages and wikis leave behind; none of it may reach a chunk.
DEBRIS = re.compile(
    r"【字[号体]|下载打印|扫一扫|相关链接>|相关附件>|相关报道[：:]|打印本页|关闭窗口|责任编辑|来源[：:]|时间[：:]\d"
    r"|\d{4}年\d{2}月\d{2}日\s*\d{2}时|[0-9a-f]{32}|本报(?:全媒体)?记者|日报记者|作政府工作报告。"
    r"|本作品|维基文库|Public domain|^false$|公有领域|[\u200b\u200c\u200d\u2060\ufeff\u00ad]"
    r"|^[—－\-]\s*\d{1,3}\s*[—－\-]$|^\d{1,3}$"
)


@pytest.fixture(scope="module")
def docs() -> dict[str, ParsedDocument]:
    return {key: parse_file(REPORTS / name) for key, name in FILES.items()}


@pytest.mark.parametrize("key", sorted(TOP_LEVEL))
def test_top_level_parts_are_exact(docs: dict[str, ParsedDocument], key: str) -> None:
    assert [s.number + s.title for s in docs[key].sections] == TOP_LEVEL[key]
    assert all(s.level == 1 for s in docs[key].sections)


@pytest.mark.parametrize(("key", "part", "numbers"), CHILDREN)
def test_second_level_of_one_part(
    docs: dict[str, ParsedDocument], key: str, part: int, numbers: list[str]
) -> None:
    children = docs[key].sections[part].children
    assert [c.number for c in children] == numbers
    assert children[0].title == CHILD_TITLES[key]
    assert all(c.level == 2 for c in children)


def test_numbered_parts_below_unnumbered_ones_are_level_2_and_3(docs: dict[str, ParsedDocument]) -> None:
    part = docs["neimenggu"].sections[1].children[2]
    assert (part.number, part.title, part.level) == ("三、", "全力抓好七项重点工作", 2)
    assert [c.number for c in part.children] == [f"（{n}）" for n in "一二三四五六七"]
    assert {c.level for c in part.children} == {3}
    # the 一要… items of （一） are its sub-headings; those inside （二）…（七） paragraphs are not
    assert [c.number for c in part.children[0].children] == ["一要", "二要", "三要"]
    assert all(not c.children for c in part.children[1:])


def test_the_gb18030_copy_is_the_same_report(docs: dict[str, ParsedDocument]) -> None:
    a, b = docs["gansu"], docs["gansu-gb18030"]
    assert [s.to_dict() for s in a.sections] == [s.to_dict() for s in b.sections]
    assert [c.text for c in a.chunks] == [c.text for c in b.chunks]


@pytest.mark.parametrize("key", sorted(FILES))
def test_no_chunk_carries_debris(docs: dict[str, ParsedDocument], key: str) -> None:
    doc = docs[key]
    assert doc.chunks
    for c in doc.chunks:
        assert not DEBRIS.search(c.text), c.text[:80]
        assert doc.text[c.start : c.end] == c.text


@pytest.mark.parametrize("key", ["guangdong", "hainan", "jiangxi", "sichuan"])
def test_glossaries_are_notes_not_headings(docs: dict[str, ParsedDocument], key: str) -> None:
    doc = docs[key]
    expected = {"guangdong": 13, "hainan": 28, "jiangxi": 26, "sichuan": 20}[key]
    assert len(doc.notes) == expected
    attached = {n for c in doc.chunks for n in c.notes}
    assert attached == set(doc.notes)

    def titles(sections: list) -> list[str]:
        return [t for s in sections for t in (s.title, *titles(s.children))]

    assert not any("：" in t and ("是指" in t or t.startswith("“")) for t in titles(doc.sections))
    # glossary text is not indexed twice: no chunk is a glossary entry
    assert not any(c.text.startswith(("1.“", "［1］")) for c in doc.chunks)


def test_pm25_and_the_front_matter_paragraphs(docs: dict[str, ParsedDocument]) -> None:
    assert "PM2.5年平均浓度" in docs["guangdong"].text
    assert "PM\n" not in docs["guangdong"].text
    for key, speaker in (
        ("guowuyuan-2021", "李克强"),
        ("shanghai", "龚正"),
        ("jiangxi", "叶建春"),
        ("sichuan", "施小琳"),
    ):
        assert docs[key].meta.speaker == speaker, key
    assert docs["guowuyuan-2021"].meta.title == "政府工作报告"
    assert docs["guangdong"].meta.meeting == "广东省第十四届人民代表大会第五次会议"
