"""Readers: bytes of a .txt / .docx / .pdf file -> :class:`RawDocument` (the text of each page).

The format is sniffed from the content (``%PDF`` magic, a zip holding ``word/document.xml``);
the file name is only a hint. Every failure is a domain error with a sentence a user
understands, never a traceback. Limits bound the work an uploaded file can cause
(zip bombs, PDFs with thousands of pages).
"""

from __future__ import annotations

import codecs
import io
import unicodedata
import zipfile
from pathlib import Path, PurePath

from wenbao.documents import RawDocument
from wenbao.errors import (
    EmptyDocumentError,
    IngestError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")
# Hostile-input bounds: a report is tens of pages and well under a million characters.
MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 500
MAX_DOCX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_DOCX_ENTRIES = 5_000

_TEXT_SUFFIXES = {"", ".txt", ".text", ".md"}
_CJK_ENCODINGS = {"gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950", "cp936"}


def _suffix(name: str) -> str:
    return PurePath(name.replace("\\", "/")).suffix.lower()


def _unsupported(name: str) -> UnsupportedFormatError:
    suffix = _suffix(name) or "（无扩展名）"
    return UnsupportedFormatError(f"不支持的文件类型：{suffix}（支持 .txt、.docx、.pdf）")


def _check_text(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(f"文件文字过多（超过 {MAX_TEXT_CHARS} 个字符），不像是一份报告")
    if not any(ch.isalnum() for ch in text):
        raise EmptyDocumentError("文件中没有文字")
    return text


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\r\t\f")
    return bad / len(text)


def _cjk_ratio(text: str) -> float:
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return 0.0
    cjk = sum(
        1
        for ch in non_ascii
        if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )
    return cjk / len(non_ascii)


class TextFileReader:
    """Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK (detected)."""

    source_format = "txt"

    def decode(self, data: bytes) -> str:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise UnreadableDocumentError("无法识别的文件编码") from exc
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = self._decode_legacy(data)
        if "\x00" in text or _control_ratio(text) > 0.02:
            raise UnreadableDocumentError("无法识别的文件编码")
        return text

    def _decode_legacy(self, data: bytes) -> str:
        # GB18030 is a superset of GB2312/GBK: when the bytes decode strictly and read as
        # Chinese, that is the answer; otherwise ask charset-normalizer.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if text and _cjk_ratio(text) >= 0.9:
            return text
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise UnreadableDocumentError("无法识别的文件编码")
        encoding = (
            "gb18030" if best.encoding.lower() in _CJK_ENCODINGS - {"big5", "big5hkscs", "cp950"} else None
        )
        try:
            return data.decode(encoding or best.encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise UnreadableDocumentError("无法识别的文件编码") from exc

    def read(self, data: bytes, name: str) -> RawDocument:
        text = _check_text(self.decode(data))
        # A form feed is a page break (pdftotext writes one per page).
        pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
        return RawDocument(name=name, pages=pages, source_format=self.source_format)


class DocxReader:
    """Word .docx via python-docx: paragraphs (and table rows) in document order."""

    source_format = "docx"

    def _check_zip(self, data: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                infos = zf.infolist()
                names = {i.filename for i in infos}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise UnreadableDocumentError("不是有效的 Word（.docx）文件") from exc
        if "word/document.xml" not in names:
            raise UnreadableDocumentError("不是有效的 Word（.docx）文件")
        if len(infos) > MAX_DOCX_ENTRIES:
            raise UnreadableDocumentError("Word 文件内部条目过多，可能已损坏或是恶意文件")
        total = sum(i.file_size for i in infos)
        if total > MAX_DOCX_UNCOMPRESSED:
            mb = MAX_DOCX_UNCOMPRESSED // (1024 * 1024)
            raise UnreadableDocumentError(f"Word 文件解压后超过 {mb} MB，可能已损坏或是恶意文件")

    def read(self, data: bytes, name: str) -> RawDocument:
        self._check_zip(data)
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        try:
            document = docx.Document(io.BytesIO(data))
            lines: list[str] = []
            for child in document.element.body.iterchildren():
                tag = child.tag.rsplit("}", 1)[-1]
                if tag == "p":
                    lines.append(Paragraph(child, document).text)
                elif tag == "tbl":
                    for row in Table(child, document).rows:
                        cells = [c.text.strip() for c in row.cells]
                        lines.append("｜".join(c for c in cells if c))
        # python-docx raises assorted errors (KeyError, lxml's XMLSyntaxError, ValueError) on
        # malformed parts; at this untrusted-input boundary each one means "not a readable docx".
        except Exception as exc:
            raise UnreadableDocumentError("不是有效的 Word（.docx）文件") from exc
        text = _check_text("\n".join(lines))
        return RawDocument(name=name, pages=[text], source_format=self.source_format)


class PdfReader:
    """PDF via pypdf: the text of each page, pages in order."""

    source_format = "pdf"

    def read(self, data: bytes, name: str) -> RawDocument:
        import pypdf

        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadableDocumentError("PDF 文件已加密，无法读取")
            n_pages = len(reader.pages)
        except IngestError:
            raise
        # pypdf signals a malformed file with many exception types; all mean "not a PDF we can read".
        except Exception as exc:
            raise UnreadableDocumentError("不是有效的 PDF 文件") from exc
        if n_pages > MAX_PDF_PAGES:
            raise UnreadableDocumentError(f"PDF 页数过多（{n_pages} 页，最多 {MAX_PDF_PAGES} 页）")
        pages: list[str] = []
        total = 0
        for i in range(n_pages):
            try:
                text = reader.pages[i].extract_text() or ""
            except Exception as exc:  # same boundary as above, per page
                raise UnreadableDocumentError(f"不是有效的 PDF 文件（第 {i + 1} 页无法读取）") from exc
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise IngestError(f"文件文字过多（超过 {MAX_TEXT_CHARS} 个字符），不像是一份报告")
            pages.append(text)
        if not any(ch.isalnum() for p in pages for ch in p):
            raise EmptyDocumentError("文件中没有文字（扫描版 PDF 需先做文字识别）")
        return RawDocument(name=name, pages=pages, source_format=self.source_format)


_FORMAT_LABELS = {"pdf": "PDF", "docx": "Word（.docx）", "txt": "纯文本"}


def sniff_format(data: bytes, name: str) -> str:
    """ "pdf", "docx" or "txt" from the content. A name without a known suffix leaves it to
    the content; a known suffix that contradicts the content is refused, since a file that
    is not what its name says is more likely a mistake (or an attack) than a report."""
    fmt = _format_from_content(data, name)
    suffix = _suffix(name)
    claimed = {".pdf": "pdf", ".docx": "docx"}.get(suffix, "txt" if suffix in _TEXT_SUFFIXES - {""} else None)
    if claimed is not None and claimed != fmt:
        raise UnreadableDocumentError(
            f"文件内容是{_FORMAT_LABELS[fmt]}，与扩展名 {suffix} 不符，请改用正确的扩展名后再上传"
        )
    return fmt


def _format_from_content(data: bytes, name: str) -> str:
    suffix = _suffix(name)
    # The PDF header may follow some junk, but must lie within the first 1024 bytes.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            pass  # a broken zip: decided by the suffix below
        if suffix == ".docx":
            raise UnreadableDocumentError("不是有效的 Word（.docx）文件")
        raise _unsupported(name)
    if suffix == ".pdf":
        raise UnreadableDocumentError("不是有效的 PDF 文件")
    if suffix == ".docx":
        raise UnreadableDocumentError("不是有效的 Word（.docx）文件")
    if suffix in _TEXT_SUFFIXES:
        return "txt"
    # Unknown suffix: accept it only when the bytes read as text.
    try:
        TextFileReader().decode(data)
    except IngestError as exc:
        raise _unsupported(name) from exc
    return "txt"


_READERS: dict[str, type[TextFileReader] | type[DocxReader] | type[PdfReader]] = {
    "txt": TextFileReader,
    "docx": DocxReader,
    "pdf": PdfReader,
}


def read_bytes(data: bytes, name: str) -> RawDocument:
    """Read an uploaded file's bytes; ``name`` is the original file name (a hint only)."""
    if not data:
        raise EmptyDocumentError("文件中没有文字")
    fmt = sniff_format(data, name)
    return _READERS[fmt]().read(data, name)


def read_document(path: Path) -> RawDocument:
    """Read a report from disk."""
    path = Path(path)
    return read_bytes(load_file_bytes(path), path.name)


def load_file_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a file on disk, or an IngestError with a sentence naming the path
    (missing, not a file, larger than ``max_bytes``, unreadable)."""
    if not path.exists():
        raise IngestError(f"找不到文件：{path}")
    if not path.is_file():
        raise IngestError(f"不是文件：{path}")
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise IngestError(f"文件过大（超过 {max_bytes // (1024 * 1024)} MB）：{path}")
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"无法读取文件：{path}（{exc.strerror or exc}）") from exc
