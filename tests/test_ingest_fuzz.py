"""Hostile input: any text goes through cleaner, outline parser and chunker without crashing,
and the chunks still cover the body text exactly; any bytes give a domain error or a report."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenbao.documents import RawDocument
from wenbao.errors import IngestError
from wenbao.ingest.chunker import HierarchyChunker
from wenbao.ingest.cleaner import ReportCleaner, _drop_running_lines
from wenbao.ingest.outline import OutlineParser
from wenbao.ingest.pipeline import parse_bytes

# Pieces that trigger every rule: numbering, sentence ends, page numbers, footnotes, openers…
NUMBERING = [
    "一、",
    "二、",
    "三、",
    "（一）",
    "（二）",
    "(三)",
    "一是",
    "二是",
    "三是",
    "1、",
    "2、",
    "3．",
    "13．",
    "1.3%",
]
PUNCT = ["。", "：", "；", "，", "、", "！", "？", "”", "“", "《", "》", "（", "）", "。"]
SPACING = [" ", "  ", "\u3000", "\n", "\n", "\n\n", "\f", "\r\n", "\ufeff", "\u200b", "\n "]
DEBRIS = ["— 7 —", "- 3 -", "第 3 页", "12", "[bookmark: _GoBack]", "附件：", "附表"]
OPENERS = ["总体上，", "总的来看，", "以上报告，请予审议。", "主任、各位委员：", "会议上", "报告"]
FRONT = ["——2024 年 8 月 29 日在区第三届", "区发展和改革委员会主任 张三", "关于鼓楼区2024年"]
NOTES = ["18 条”1，", "产业基地2，", "1 即《行动 方案》", "2 以中国（南京）", "AI 算法", "1020.53 亿元"]
WORDS = ["强化固本", "培元", "经济", "发展", "项目", "增长", "建设", "推进", "ABC", "x"]
TOKENS = NUMBERING + PUNCT + SPACING + DEBRIS + OPENERS + FRONT + NOTES + WORDS
HAN = re.compile(r"[\u4e00-\u9fff]")

report_text = st.lists(
    st.one_of(
        st.sampled_from(TOKENS), st.text(alphabet="经济发展一二三是年月日 0123456789。，、\n", max_size=12)
    ),
    max_size=120,
).map("".join)


def _han(text: str) -> Counter[str]:
    # 第/页 belong to page-number lines, which are dropped on purpose
    return Counter(ch for ch in HAN.findall(text) if ch not in "第页")


def check_stages(text: str, max_chars: int) -> None:
    raw = RawDocument(name="fuzz.txt", pages=text.split("\f"), source_format="txt")
    cleaned = ReportCleaner().clean(raw)
    outline = OutlineParser().parse(cleaned)
    chunks = HierarchyChunker(max_chars).chunk(outline, "fuzz", outline.title, outline.year)
    doc_text = outline.text

    # nothing lost, nothing made up: every Chinese character of the input is in the text or a note
    # (except running headers/footers, dropped on purpose; that rule has its own test)
    pages = _drop_running_lines([p.split("\n") for p in text.replace("\r\n", "\n").split("\f")])
    kept = "\n".join("\n".join(p) for p in pages)
    assert _han(doc_text + "".join(outline.notes)) == _han(kept.replace("[bookmark: _GoBack]", ""))

    # chunks: exact offsets, in order, no overlap, bounded, never blank
    prev = 0
    for c in chunks:
        assert doc_text[c.start : c.end] == c.text
        assert c.start >= prev
        prev = c.end
        assert c.text and c.text == c.text.strip()
        assert len(c.text) <= max_chars
        assert len(c.heading_path) == len(c.heading_numbers)

    # every visible character is body (in exactly one chunk), a heading's numbering/title or front matter
    owner = [""] * len(doc_text)
    for kind, spans in (
        ("chunk", [(c.start, c.end) for c in chunks]),
        ("heading", outline.heading_spans),
        ("meta", outline.meta_spans),
    ):
        for a, b in spans:
            for i in range(a, b):
                assert owner[i] in ("", kind) or doc_text[i].isspace(), (kind, owner[i], doc_text[a:b])
                owner[i] = owner[i] or kind
    lost = [doc_text[i] for i in range(len(doc_text)) if not owner[i] and not doc_text[i].isspace()]
    assert not lost, "".join(lost)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=report_text, max_chars=st.sampled_from([20, 60, 300]))
def test_any_text_is_cleaned_outlined_and_chunked(text: str, max_chars: int) -> None:
    check_stages(text, max_chars)


def test_seeds_survive_the_same_checks() -> None:
    from support import SEED_2021, SEED_2024

    for path in (SEED_2021, SEED_2024):
        check_stages(path.read_text(encoding="utf-8"), 300)
        check_stages(path.read_text(encoding="utf-8"), 40)


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"]),
    body=st.binary(max_size=400),
    name=st.sampled_from(["a.txt", "a.pdf", "a.docx", "a.bin", "a", "../../a.txt"]),
)
def test_any_bytes_give_a_report_or_a_domain_error(prefix: bytes, body: bytes, name: str) -> None:
    try:
        doc = parse_bytes(prefix + body, name)
    except IngestError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert doc.meta.doc_id == "a"
    for c in doc.chunks:
        assert doc.text[c.start : c.end] == c.text


def test_pathological_layouts_finish_and_keep_their_text() -> None:
    cases = {
        "one endless line": "经济发展" * 15_000,
        "endless paragraph": "\n".join(["经济发展项目建设推进"] * 6_000),
        "footnote look-alikes": "\n".join(
            (" " if i % 40 == 0 else "") + ("出台“十条”1，" if i % 2 else "1 即《措施》")
            for i in range(4_000)
        ),
        "headings everywhere": "\n".join(f"{i % 99 + 1}、标题{i}。内容。" for i in range(4_000)),
        "cut paragraphs": "\n".join(
            ("一、" if i == 0 else "") + ("经济发展项目建设的" if i % 3 else " （一）标题")
            for i in range(3_000)
        ),
    }
    for name, text in cases.items():
        # same invariants as for random text: nothing lost, every visible character accounted for
        check_stages(text, 300)
        doc = parse_bytes(text.encode(), f"{name}.txt", max_chars=300)
        assert doc.chunks, name


def test_oversized_text_is_refused_with_a_clear_error() -> None:
    import pytest

    from wenbao.ingest.readers import MAX_TEXT_CHARS

    with pytest.raises(IngestError, match="文件文字过多"):
        parse_bytes(("经济发展。\n" * (MAX_TEXT_CHARS // 6 + 10)).encode(), "huge.txt")
