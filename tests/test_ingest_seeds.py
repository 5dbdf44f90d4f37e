"""Ingest on the two real seed reports: outline, metadata and chunks must come out exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import SEED_2021, SEED_2024

from wenbao.documents import Chunk, ParsedDocument, Section
from wenbao.ingest.pipeline import parse_file

OUTLINE_2021 = """
一、上半年计划执行情况
  （一）统筹推进高质量发展，经济运行保持在合理区间
  （二）聚焦全域创新建设，注入发展澎湃动能
    1、增强科技软实力
    2、强化创新资源引力
    3、加强创新载体支撑
    4、推进创新周工作任务
  （三）厚植产业发展优势，持续推动质效变革
    1、培育壮大主导产业
    2、深入发展实体经济
    3、强化重大项目推进
    4、增强总部经济能级
  （四）主动融入双循环体系，服务构建新发展格局
    1、搭建对外开放平台
    2、有效发力拉动内需
    3、提振消费释放活力
    4、全面塑造开放型经济
  （五）深入推进改革攻坚，激发市场主体活力
    1、深化重点领域改革
    2、打造优质营商环境
  （六）优化城区功能品质，有序推动协调发展
    1、完善城市基础功能
    2、推进城市精细化管理
    3、落实区域协调发展
  （七）打造生态文明名片，巩固污染防治成果
    1、改善生态环境质量
    2、巩固全域良好生态
    3、推进长江经济带建设
  （八）绘制全域幸福画卷，强化保障改善民生
    1、筑牢民生保障底线
    2、不断优化公共服务
    3、提升退役军人服务保障水平
  （九）推进治理体系能力现代化，促进全域和谐稳定
    1、深化平安鼓楼建设
    2、提升城市治理能力
    3、强化风险防控体系建设
二、下半年工作措施
  （一）强化目标组织工作力度，保持经济平稳健康运行
    1、坚持目标导向，健全保障体系
    2、优化目标推进机制
    3、积极为企业纾困解难
  （二）推动产业结构转型升级，夯实经济稳定恢复基础
    1、优化产业结构
    2、完善重大项目协调推进机制
    3、加快推进高水平科技创新
  （三）优化多层次公共服务，打造民生幸福样板区
    1、深挖就业创业潜力
    2、精准推进民生改善
    3、提升教育现代化水平
    4、持续推进健康鼓楼建设
  （四）高标准谋篇布局，争创全域创新试验区
    1、实施“全域创新”品质提升工程
    2、实施“全域创新”领航工程
    3、实施“全域创新”枢纽工程
    4、实施“全域创新”提速工程
  （五）焕发双循环体系活力，塑造开放型经济优势
    1、优化外贸环境
    2、强化项目招引
    3、提振消费氛围
    4、打造品质楼宇
附件
"""

OUTLINE_2024 = """
一、上半年计划执行情况
  （一）积极提振有效需求，经济运行稳中加固
    1．主要指标完成良好
    2．项目建设高效推进
    3．政策牵引需求回暖
  （二）全域创新深入推进，科创动能不断增强
    4．创新主体继续壮大
    5．创新人才加速聚集
    6．创新能力持续提升
  （三）厚植产业发展优势，持续推动质效变革
    7．产业结构优化再造
    8．产业招引强力推进
    9．新质生产力加快形成
  （四）加强服务能力建设，提升民生保障水平
    10．民生兜底提质扩面
    11．公共服务更加完善
  （五）稳步促进绿色发展，筑牢本质安全防线
    12．环境质量稳定向好
    13．安全风险精准防控
二、下半年重点工作举措
  一是扩大有效需求，增强发展内生动力
  二是加快项目引育，强化经济基础支撑
  三是厚植产业优势，集聚转型发展动能
  四是持续深化改革，催生创新发展活力
  五是坚持协调发展，提升人居环境品质
  六是夯实民生基础，保障社会发展稳定
"""


def render(sections: list[Section], depth: int = 0) -> list[str]:
    """Indented tree; the indentation is the tree depth, checked against each heading's level."""
    lines: list[str] = []
    for s in sections:
        assert s.level == depth + 1, f"{s.number}{s.title} has level {s.level} at depth {depth}"
        assert not s.title.endswith("。")
        lines.append("  " * depth + s.number + s.title)
        lines.extend(render(s.children, depth + 1))
    return lines


@pytest.fixture(scope="module")
def seed_docs() -> dict[str, ParsedDocument]:
    return {"2021": parse_file(SEED_2021), "2024": parse_file(SEED_2024)}


@pytest.mark.parametrize(("year", "expected"), [("2021", OUTLINE_2021), ("2024", OUTLINE_2024)])
def test_seed_outline_is_exact(seed_docs: dict[str, ParsedDocument], year: str, expected: str) -> None:
    assert render(seed_docs[year].sections) == expected.strip("\n").split("\n")


def test_seed_metadata(seed_docs: dict[str, ParsedDocument]) -> None:
    m21 = seed_docs["2021"].meta
    assert (m21.doc_id, m21.title, m21.year, m21.date, m21.period) == (
        "gulou-2021-h1",
        "关于鼓楼区2021年国民经济和社会发展计划上半年执行情况的报告",
        2021,
        "2021-08-30",
        "上半年",
    )
    assert (m21.meeting, m21.role, m21.speaker) == (
        "鼓楼区第二届人大常委会第三十四次会议",
        "区发展和改革委员会主任",
        "徐桓峰",
    )
    m24 = seed_docs["2024"].meta
    assert (m24.doc_id, m24.title, m24.year, m24.date, m24.period) == (
        "gulou-2024-h1",
        "关于鼓楼区2024年国民经济和社会发展计划上半年执行情况的报告",
        2024,
        "2024-08-29",
        "上半年",
    )
    # "在区第三届人大常委会…" names the district by its level only; the title names it
    assert (m24.meeting, m24.role, m24.speaker) == (
        "鼓楼区第三届人大常委会第二十一次会议",
        "区发展和改革委员会主任",
        "倪娅红",
    )
    for doc, path in ((seed_docs["2021"], SEED_2021), (seed_docs["2024"], SEED_2024)):
        import hashlib

        assert doc.meta.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert doc.meta.source_format == "txt"
        assert doc.meta.source_name == path.name
        assert all(c.doc_title == doc.meta.title and c.year == doc.meta.year for c in doc.chunks)


def test_outline_dict_has_the_documented_shape(seed_docs: dict[str, ParsedDocument]) -> None:
    d = seed_docs["2024"].outline_dict()
    assert list(d) == [
        "doc_id", "title", "year", "date", "meeting", "speaker", "role", "period",
        "place", "place_aliases", "place_level", "kind", "sources", "warnings", "sections",
    ]  # fmt: skip
    first = d["sections"][0]
    assert set(first) == {"level", "number", "title", "covers", "children"}
    h1 = {"years": [2024], "period": "first_half", "aspect": "results"}
    assert first["covers"] == h1
    assert first["children"][0]["children"][0] == {
        "level": 3,
        "number": "1．",
        "title": "主要指标完成良好",
        "covers": h1,
        "children": [],
    }
    assert d["sections"][1]["covers"] == {"years": [2024], "period": "second_half", "aspect": "plan"}


def test_seed_metadata_place_and_kind(seed_docs: dict[str, ParsedDocument]) -> None:
    m21, m24 = seed_docs["2021"].meta, seed_docs["2024"].meta
    # the 2021 body writes "南京市鼓楼区", so the official name takes the city; 2024 never does
    assert (m21.place, m21.place_level, m21.kind) == ("南京市鼓楼区", "county", "plan_execution_report")
    assert {"鼓楼区", "鼓楼"} <= set(m21.place_aliases)
    assert (m24.place, m24.place_level, m24.kind) == ("鼓楼区", "county", "plan_execution_report")
    assert m24.place_aliases == ["鼓楼"]
    assert m24.sources["place"] == "title" and not m24.warnings
    for doc in seed_docs.values():
        assert all(c.place == doc.meta.place for c in doc.chunks)
        assert all(c.covers is not None for c in doc.chunks if c.heading_path and c.heading_path[0] != "附件")


_NUMBER_SPACE = re.compile(r"\d\s+[\d%.]|\d\s+[\u4e00-\u9fff]|[\u4e00-\u9fff]\s+\d")
_CJK_SPACE = re.compile(r"[\u4e00-\u9fff“”，。、（）]\s+[\u4e00-\u9fff“”，。、（）]")


@pytest.mark.parametrize("year", ["2021", "2024"])
def test_seed_chunks_are_clean(seed_docs: dict[str, ParsedDocument], year: str) -> None:
    doc = seed_docs[year]
    assert doc.chunks
    for c in doc.chunks:
        assert "[bookmark" not in c.text and "bookmark" not in c.text
        assert not re.search(r"[—－-]\s*\d{1,3}\s*[—－-]", c.text), c.text
        assert not _NUMBER_SPACE.search(c.text), c.text
        assert not _CJK_SPACE.search(c.text), c.text
        assert "\f" not in c.text and "\n" not in c.text
        assert c.text == c.text.strip()
        assert not re.fullmatch(r"[\W_]+", c.text)


def test_2024_numbers_and_latin_words_are_normalised(seed_docs: dict[str, ParsedDocument]) -> None:
    text = "\n".join(c.text for c in seed_docs["2024"].chunks)
    for expected in (
        "完成1020.53亿元",
        "主城第1，",
        "同比增长4.4%",
        "商务中心C区竣工",
        "采取AI算法",
        "夜STAR，下班来度假",
    ):
        assert expected in text


def test_2024_paragraph_cut_across_a_page_is_rejoined(seed_docs: dict[str, ParsedDocument]) -> None:
    doc = seed_docs["2024"]
    holding = [c for c in doc.chunks if "强化固本培元" in c.text]
    assert len(holding) == 1
    assert holding[0].heading_numbers == ("二、", "二是")
    assert holding[0].text.startswith("强化固本培元。深入做好“四上企业”培育")
    # the whole 三是 paragraph stays its own section, ending with the sentence the lone "。" closed
    san = [c for c in doc.chunks if c.heading_numbers == ("二、", "三是")]
    assert san[0].text.startswith("坚持科技创新战略。")
    assert san[-1].text.endswith("精准赋能全区数字经济、绿色经济、健康经济新赛道。")
    assert not any("培元" in c.text for c in san)
    assert "新赛道培元" not in doc.text


def test_2024_footnotes_are_notes_of_the_chunk_with_the_marker(seed_docs: dict[str, ParsedDocument]) -> None:
    doc = seed_docs["2024"]
    assert len(doc.notes) == 2
    assert doc.notes[0].startswith("即《以打造高水平人才集聚平台先行区为总牵引")
    assert (
        doc.notes[1] == "以中国（南京）产业数字化总部为核心，鼓楼高新区、下关滨江商务区和小市街道为补充的"
        "鼓楼区“1+N”分布式平台产业基地"
    )
    with_notes = [c for c in doc.chunks if c.notes]
    assert [c.notes for c in with_notes] == [(doc.notes[0],), (doc.notes[1],)]
    assert "“人才强区18条”，发挥" in with_notes[0].text
    assert with_notes[0].heading_numbers == ("一、", "（二）", "5．")
    assert "打造“1+N”分布式平台产业基地，上半年" in with_notes[1].text
    # the body paragraph continues across the footnote and the page break
    assert "新型电力（智能电网）产业增速分别达14.5%" in with_notes[1].text
    # footnote text is out of the body; "主城第1，" kept its ordinal
    assert "即《以打造" not in doc.text
    assert "主城第1，同比增长4.4%" in doc.text


def test_2021_rules(seed_docs: dict[str, ParsedDocument]) -> None:
    doc = seed_docs["2021"]

    def starting(prefix: str) -> Chunk:
        return next(c for c in doc.chunks if c.text.startswith(prefix))

    # a level-3 heading running on into its body: title split off, the rest is body text
    c = next(c for c in doc.chunks if c.heading_numbers == ("一、", "（二）", "1、"))
    assert c.heading_path == ("上半年计划执行情况", "聚焦全域创新建设，注入发展澎湃动能", "增强科技软实力")
    assert c.text.startswith("新签约新型研发机构1家")
    # the summary after the last item sums up part 一, not item 3
    assert starting("总体上，上半年全区").heading_numbers == ("一、",)
    # attachments: their own section, items rejoined across lines, never headings
    att = [c for c in doc.chunks if c.heading_path == ("附件",)]
    assert [a.text for a in att] == [
        "1、鼓楼区2021年国民经济和社会发展计划上半年执行情况表",
        "2、鼓楼区2020年重大产业类项目上半年完成情况表",
        "3、鼓楼区2021年城市精细化建设管理目标任务上半年完成情况表",
        "4、鼓楼区2021年区民生实事项目上半年完成情况表",
    ]
    # front matter and closing have no heading path
    assert doc.chunks[0].heading_path == () and doc.chunks[0].text.startswith("受区人民政府委托")
    assert starting("以上报告，请予审议").heading_path == ()
    # title, date line, speaker and salutation are metadata, not chunks
    assert not any("徐桓峰" in c.text or c.text.startswith(("——", "主任、各位副主任")) for c in doc.chunks)


def _assert_coverage(doc: ParsedDocument) -> None:
    """Chunks in order cover the body text exactly: nothing lost, nothing twice."""
    text = doc.text
    prev_end = -1
    for c in doc.chunks:
        assert text[c.start : c.end] == c.text
        assert c.start >= prev_end, "chunks overlap or are out of order"
        prev_end = c.end
    covered = [False] * len(text)
    for c in doc.chunks:
        for i in range(c.start, c.end):
            covered[i] = True

    # everything not covered is a heading's numbering/title, front-matter metadata or whitespace
    def strip_span(a: int, b: int) -> None:
        for i in range(a, b):
            covered[i] = True

    def headings(sections: list[Section]) -> None:
        for s in sections:
            line_end = text.find("\n", s.start)
            line_end = len(text) if line_end < 0 else line_end
            # the heading's title sits at the start of its line; body text after it is chunked
            head = text[s.start : line_end]
            assert head.startswith(s.number + s.title) or head.startswith(s.title)
            strip_span(s.start, s.start + len(s.number) + len(s.title) + 1)
            headings(s.children)

    headings(doc.sections)
    first_heading = min((s.start for s in doc.sections), default=len(text))
    leftover = "".join(ch for i, ch in enumerate(text) if not covered[i] and i >= first_heading)
    assert leftover.strip("\n：:") == "", leftover
    front = "".join(ch for i, ch in enumerate(text[:first_heading]) if not covered[i])
    meta = doc.meta
    for piece in (meta.title, meta.speaker or "", meta.role or ""):
        front = front.replace(piece, "")
    assert all(
        line.startswith("——") or line.endswith("：") or not line.strip() for line in front.split("\n")
    ), front


@pytest.mark.parametrize("year", ["2021", "2024"])
def test_chunks_cover_all_body_text(seed_docs: dict[str, ParsedDocument], year: str) -> None:
    _assert_coverage(seed_docs[year])


@pytest.mark.parametrize("path", [SEED_2021, SEED_2024])
def test_long_paragraphs_are_split_at_sentence_ends_with_the_path_kept(path: Path) -> None:
    full = parse_file(path, max_chars=5000)  # one chunk per paragraph
    small = parse_file(path, max_chars=80)
    assert len(small.chunks) > len(full.chunks)
    assert small.text == full.text
    _assert_coverage(small)
    for c in small.chunks:
        assert len(c.text) <= 80
    # every piece of a split paragraph keeps its heading path and ends at a sentence end
    paths = {(c.start, c.end): c.heading_path for c in full.chunks}
    for big in full.chunks:
        if len(big.text) <= 80:
            continue
        pieces = [c for c in small.chunks if big.start <= c.start and c.end <= big.end]
        assert "".join(p.text for p in pieces) == big.text
        assert all(p.heading_path == paths[(big.start, big.end)] for p in pieces)
        assert all(p.text[-1] in "。；！？，、：”）" for p in pieces), [p.text[-3:] for p in pieces]


def test_chunk_ids_are_stable_and_unique() -> None:
    a = parse_file(SEED_2024)
    b = parse_file(SEED_2024)
    assert [c.chunk_id for c in a.chunks] == [c.chunk_id for c in b.chunks]
    ids = [c.chunk_id for c in a.chunks] + [c.chunk_id for c in parse_file(SEED_2021).chunks]
    assert len(ids) == len(set(ids))
    assert all(c.doc_id == "gulou-2024-h1" for c in a.chunks)
    # another doc id gives other chunk ids for the same text
    other = parse_file(SEED_2024, doc_id="copy")
    assert not {c.chunk_id for c in other.chunks} & {c.chunk_id for c in a.chunks}
