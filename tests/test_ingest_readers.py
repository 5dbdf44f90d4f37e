"""Readers: .txt (UTF-8, BOM, GB18030), .docx and .pdf give the same report; bad files give a
clear domain error, never a traceback."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest
from ingest_samples import (
    XUANWU_LINES,
    XUANWU_META,
    XUANWU_OUTLINE,
    XUANWU_TEXT,
    make_docx,
    make_pdf,
    pdf_like_text,
    render_outline,
    section_texts,
)

from wenbao.errors import EmptyDocumentError, IngestError, UnreadableDocumentError, UnsupportedFormatError
from wenbao.ingest import readers
from wenbao.ingest.pipeline import parse_bytes, parse_file
from wenbao.ingest.readers import read_bytes, read_document


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(XUANWU_LINES)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return make_docx(XUANWU_LINES)


def test_every_format_gives_the_same_report(pdf_bytes: bytes, docx_bytes: bytes) -> None:
    variants = {
        "utf8.txt": XUANWU_TEXT.encode("utf-8"),
        "bom.txt": codecs.BOM_UTF8 + XUANWU_TEXT.encode("utf-8"),
        "gb18030.txt": XUANWU_TEXT.encode("gb18030"),
        "gbk.txt": XUANWU_TEXT.replace("\n", "\r\n").encode("gbk"),
        "extracted.txt": pdf_like_text(XUANWU_LINES).encode("utf-8"),
        "report.docx": docx_bytes,
        "report.pdf": pdf_bytes,
    }
    reference = parse_bytes(variants["utf8.txt"], "xuanwu-2023-q3.txt")
    assert render_outline(reference.sections) == XUANWU_OUTLINE
    assert {k: getattr(reference.meta, k) for k in XUANWU_META} == XUANWU_META
    for name, data in variants.items():
        doc = parse_bytes(data, name)
        assert render_outline(doc.sections) == XUANWU_OUTLINE, name
        assert {k: getattr(doc.meta, k) for k in XUANWU_META} == XUANWU_META, name
        assert section_texts(doc) == section_texts(reference), name
        assert doc.meta.source_format == name.rsplit(".", 1)[1].replace("txt", "txt")
    # the closing stays outside every section in every format
    assert section_texts(reference)[()].endswith("以上报告，请予审议。")


def test_pdf_reader_returns_pages_in_order_without_page_numbers(pdf_bytes: bytes) -> None:
    raw = read_bytes(pdf_bytes, "x.pdf")
    assert raw.source_format == "pdf"
    assert len(raw.pages) >= 2
    assert "— 1 —" in raw.pages[0] and "— 2 —" in raw.pages[1]
    doc = parse_bytes(pdf_bytes, "x.pdf")
    assert not any("—" in c.text for c in doc.chunks)
    # a paragraph broken across the page break is one chunk again
    assert any("全区32个重大项目完成年度投资计划的81.5%，其中12个项目已竣工" in c.text for c in doc.chunks)


def test_format_is_sniffed_from_content_not_name(pdf_bytes: bytes, docx_bytes: bytes) -> None:
    assert read_bytes(pdf_bytes, "upload.bin").source_format == "pdf"
    assert read_bytes(docx_bytes, "upload").source_format == "docx"
    assert read_bytes(XUANWU_TEXT.encode("gb18030"), "report").source_format == "txt"
    assert read_bytes(XUANWU_TEXT.encode("gb18030"), "report").pages[0].startswith("关于玄武区")


@pytest.mark.parametrize(
    ("claimed", "actual"), [("report.docx", "pdf"), ("report.pdf", "docx"), ("report.txt", "pdf")]
)
def test_a_known_suffix_that_contradicts_the_content_is_refused(
    pdf_bytes: bytes, docx_bytes: bytes, claimed: str, actual: str
) -> None:
    data = pdf_bytes if actual == "pdf" else docx_bytes
    with pytest.raises(UnreadableDocumentError, match=r"与扩展名 .* 不符"):
        read_bytes(data, claimed)


def test_short_gb18030_text_is_detected() -> None:
    raw = read_bytes("一、总体情况\n全区经济运行平稳。".encode("gb18030"), "short.txt")
    assert raw.pages[0].startswith("一、总体情况")


@pytest.mark.parametrize(
    ("data", "name", "error", "message"),
    [
        (b"", "empty.txt", EmptyDocumentError, "文件中没有文字"),
        (b"   \n\n\t  \n", "blank.txt", EmptyDocumentError, "文件中没有文字"),
        (b"%PDF-1.7\n garbage that is not a pdf", "bad.pdf", UnreadableDocumentError, "不是有效的 PDF 文件"),
        ("这不是PDF".encode(), "fake.pdf", UnreadableDocumentError, "不是有效的 PDF 文件"),
        (
            b"PK\x03\x04 not really a zip",
            "fake.docx",
            UnreadableDocumentError,
            "不是有效的 Word（.docx）文件",
        ),
        ("纯文本".encode(), "fake.docx", UnreadableDocumentError, "不是有效的 Word（.docx）文件"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "photo.png",
            UnsupportedFormatError,
            "不支持的文件类型：.png",
        ),
        (bytes(range(128, 256)) * 20, "weird.txt", UnreadableDocumentError, "无法识别的文件编码"),
        (b"\x00\x01\x02binary\x00\x00" * 50, "data.txt", UnreadableDocumentError, "无法识别的文件编码"),
    ],
)
def test_unreadable_input_gives_a_clear_error(
    data: bytes, name: str, error: type[IngestError], message: str
) -> None:
    with pytest.raises(error) as info:
        parse_bytes(data, name)
    assert message in info.value.message


def test_zip_without_word_document_is_not_a_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableDocumentError, match="Word"):
        parse_bytes(buf.getvalue(), "x.docx")
    with pytest.raises(UnsupportedFormatError):
        parse_bytes(buf.getvalue(), "x.zip")


def test_docx_zip_bomb_is_refused_before_unpacking(
    docx_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_DOCX_UNCOMPRESSED", 4 * 1024 * 1024)
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        zf.writestr("word/media/padding.bin", b"\0" * (8 * 1024 * 1024))  # compresses to a few KB
    assert len(buf.getvalue()) < 200_000
    with pytest.raises(UnreadableDocumentError, match="解压后超过 4 MB"):
        parse_bytes(buf.getvalue(), "bomb.docx")


def test_pdf_with_too_many_pages_is_refused(pdf_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_PDF_PAGES", 1)
    with pytest.raises(UnreadableDocumentError, match="PDF 页数过多"):
        parse_bytes(pdf_bytes, "long.pdf")


def test_encrypted_and_textless_pdfs(pdf_bytes: bytes) -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes)))
    writer.encrypt(user_password="secret", owner_password="owner")
    enc = io.BytesIO()
    writer.write(enc)
    with pytest.raises(UnreadableDocumentError, match="已加密"):
        parse_bytes(enc.getvalue(), "locked.pdf")

    blank = pypdf.PdfWriter()
    blank.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    blank.write(out)
    with pytest.raises(EmptyDocumentError, match="文件中没有文字"):
        parse_bytes(out.getvalue(), "scan.pdf")


def test_read_document_errors(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="找不到文件"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(IngestError, match="不是文件"):
        parse_file(tmp_path)
    good = tmp_path / "玄武区 2023 三季度.txt"
    good.write_bytes(XUANWU_TEXT.encode("gb18030"))
    doc = parse_file(good)
    assert doc.meta.doc_id == "玄武区-2023-三季度"
    assert render_outline(doc.sections) == XUANWU_OUTLINE
