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
from typing import Any

from wenbao.documents import WHOLE_LINE_MARK, RawDocument, note_marker
from wenbao.errors import (
    EmptyDocumentError,
    IngestError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from wenbao.ingest.docx_numbering import DocxNumbering
from wenbao.ingest.ocr import A4_AREA, OcrOptions, ScanReader
from wenbao.ingest.tables import (
    CELL_LINE_END_RE,
    TextTable,
    is_layout_grid,
    linearise_cell_lines,
    linearise_grid,
    linearise_paragraph_cells,
    linearise_tab_rows,
    linearise_text_page,
    take_caption,
)

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")
# Hostile-input bounds: a report is tens of pages and well under a million characters.
MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 500
MAX_DOCX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_DOCX_ENTRIES = 5_000
# Bytes inflated per read while a .docx's members are measured.
ZIP_READ_CHUNK = 64 * 1024
# Tables nested in layout tables are read this deep; deeper ones are a hostile file's recursion.
MAX_DOCX_TABLE_DEPTH = 4

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
        if CELL_LINE_END_RE.search(text):
            # a web page's table saved as text with a "|" after each cell
            pages = ["\n".join(linearise_cell_lines(p.split("\n"), WHOLE_LINE_MARK)) for p in pages]
        # a web page's table saved one cell a line, with no mark between the cells
        pages = ["\n".join(linearise_paragraph_cells(p.split("\n"), WHOLE_LINE_MARK)) for p in pages]
        if "\t" in text or CELL_LINE_END_RE.search(text):
            # a web page's table saved as text: TAB-separated rows, kept as rows with their header
            pages = ["\n".join(linearise_tab_rows(p.split("\n"), WHOLE_LINE_MARK)) for p in pages]
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
        mb = MAX_DOCX_UNCOMPRESSED // (1024 * 1024)
        too_large = UnreadableDocumentError(f"Word 文件解压后超过 {mb} MB，可能已损坏或是恶意文件")
        if sum(i.file_size for i in infos) > MAX_DOCX_UNCOMPRESSED:
            raise too_large  # declared: refused before anything is inflated
        # Measured, never declared: every member is inflated through a counter, a chunk at a
        # time, before python-docx reads any of it. A member that holds more than its header says
        # fails zipfile's own size and CRC check on the way; one that holds more than the limit
        # stops at the limit. A refused file costs ZIP_READ_CHUNK of memory, not what it inflates to.
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                total = 0
                for info in infos:
                    with zf.open(info) as member:
                        while chunk := member.read(ZIP_READ_CHUNK):
                            total += len(chunk)
                            if total > MAX_DOCX_UNCOMPRESSED:
                                raise too_large
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableDocumentError("不是有效的 Word（.docx）文件（压缩包内容与其声明不符）") from exc
        except (NotImplementedError, RuntimeError) as exc:  # an unknown compression, an encrypted member
            raise UnreadableDocumentError("不是有效的 Word（.docx）文件") from exc

    def read(self, data: bytes, name: str) -> RawDocument:
        self._check_zip(data)
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
            notes = _mark_note_references(document)
            numbering = DocxNumbering(_numbering_element(document), document.styles.element)
            lines: list[str] = []
            _DocxBody(document, numbering, lines).blocks(document.element.body, 0)
        # python-docx raises assorted errors (KeyError, lxml's XMLSyntaxError, ValueError) on
        # malformed parts; at this untrusted-input boundary each one means "not a readable docx".
        except Exception as exc:
            raise UnreadableDocumentError("不是有效的 Word（.docx）文件") from exc
        text = _check_text("\n".join(lines))
        return RawDocument(name=name, pages=[text], source_format=self.source_format, notes=notes)


# Word keeps footnotes and endnotes in parts of their own, referenced from a run of the body.
_NOTE_PARTS = (("footnotes", "footnote"), ("endnotes", "endnote"))
# Word's own notes that only draw the separator line above the notes.
_SEPARATOR_TYPES = {"separator", "continuationSeparator", "continuationNotice"}


def _note_texts(document: Any, part_kind: str, tag: str) -> dict[str, str]:
    """Note id -> its text, from the footnotes or endnotes part (empty when there is none)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from docx.oxml.parser import parse_xml

    try:
        part = document.part.part_related_by(getattr(RT, part_kind.upper()))
    except KeyError:
        return {}
    root = parse_xml(part.blob)
    texts: dict[str, str] = {}
    for note in root.iter(qn(f"w:{tag}")):
        if note.get(qn("w:type")) in _SEPARATOR_TYPES:
            continue
        paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in note.iter(qn("w:p"))]
        text = "".join(paragraphs).strip()
        if text:
            texts[note.get(qn("w:id"), "")] = text
    return texts


def _mark_note_references(document: Any) -> list[str]:
    """Replace each footnote / endnote reference of the body with a text run holding its note
    marker (``documents.note_marker``); returns the notes in the order they are referenced.
    The cleaner moves them out of the text into the note of the paragraph that cites them, as it
    does with a PDF's page-bottom footnotes."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    notes: list[str] = []
    for part_kind, tag in _NOTE_PARTS:
        texts = _note_texts(document, part_kind, tag)
        for ref in list(document.element.body.iter(qn(f"w:{tag}Reference"))):
            text = texts.get(ref.get(qn("w:id"), ""))
            if text is None:
                ref.getparent().remove(ref)
                continue
            run_text = OxmlElement("w:t")
            run_text.text = note_marker(len(notes))
            ref.addprevious(run_text)
            ref.getparent().remove(ref)
            notes.append(text)
    return notes


def _numbering_element(document: Any) -> Any | None:
    """The ``w:numbering`` element, or None when the document has no numbering part."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = document.part.part_related_by(RT.NUMBERING)
    except KeyError:
        return None
    return part.element


class _DocxBody:
    """Paragraphs and tables of a Word body, in document order, as lines of text.

    A numbered paragraph gets the number Word shows (see :mod:`docx_numbering`); a table
    becomes one line per row (see :mod:`tables`), its title and unit lines folded into the rows.
    """

    def __init__(self, document: Any, numbering: DocxNumbering, lines: list[str]) -> None:
        self.document = document
        self.numbering = numbering
        self.lines = lines

    def paragraph(self, element: Any) -> str:
        from docx.text.paragraph import Paragraph

        text = Paragraph(element, self.document).text
        label = self.numbering.label(element)
        # a number without text (an empty numbered paragraph) still counts, but says nothing
        return f"{label}{text.lstrip()}" if label and text.strip() else text

    def blocks(self, parent: Any, depth: int) -> None:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                self.lines.append(self.paragraph(child))
            elif tag == "tbl" and depth < MAX_DOCX_TABLE_DEPTH:
                self.table(child, depth)

    def table(self, element: Any, depth: int) -> None:
        from docx.table import Table

        # a row may start after the first grid column: pad it so the columns line up
        grid: list[list[Any]] = [
            [None] * row.grid_cols_before + list(row.cells) for row in Table(element, self.document).rows
        ]
        # a merged cell appears once per grid column it covers: the repeats (and the padding)
        # are marked, so a row's value is read once
        spans = [
            [cells[k] is None or (k > 0 and cells[k] is cells[k - 1]) for k in range(len(cells))]
            for cells in grid
        ]
        if is_layout_grid(spans):
            # a table that only lays out the page: its cells are ordinary paragraphs
            seen: set[int] = set()
            for cells in grid:
                for cell in cells:
                    if cell is not None and id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        self.blocks(cell._tc, depth + 1)
            return
        rows: list[list[str]] = []
        texts: dict[int, str] = {}  # a vertically merged cell is read (and numbered) once
        for cells in grid:
            row = []
            for cell in cells:
                if cell is None:
                    row.append("")
                    continue
                key = id(cell._tc)
                if key not in texts:
                    parts = [self.paragraph(p) for p in cell._tc.iterchildren() if p.tag.endswith("}p")]
                    texts[key] = " ".join(t.strip() for t in parts if t.strip())
                row.append(texts[key])
            rows.append(row)
        caption = take_caption(self.lines, strict=False)
        self.lines.extend(linearise_grid(rows, spans, caption))


# pypdf inflates each stream through its own decoders, which stop at the output limits of its
# Configuration whatever a stream's /Length or /DecodeParms declare (75 MB each by default). A
# report's page content is well under a megabyte: these keep a refused PDF's cost to about
# MAX_PDF_STREAM_BYTES a stream.
MAX_PDF_STREAM_BYTES = 16 * 1024 * 1024
PDF_LIMITS: dict[str, int] = {
    "maximum_declared_stream_length": MAX_PDF_STREAM_BYTES,
    "array_based_stream_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "jbig2_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "lzw_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "run_length_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "zlib_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "brotli_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "image_maximum_buffer_size": MAX_PDF_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * MAX_PDF_STREAM_BYTES,
}


class PdfReader:
    """PDF via pypdf: the text of each page, pages in order. A scanned page (no text layer, or
    too little text for its area, and images over it) is read by OCR (see :mod:`ocr`) through
    ``scans``, page by page, so a PDF of text and scanned pages reads whole."""

    source_format = "pdf"

    def __init__(self, scans: ScanReader | None = None) -> None:
        self.scans = scans

    def read(self, data: bytes, name: str) -> RawDocument:
        import pypdf

        # The limits hold for this reading only (pypdf keeps its configuration in a context variable).
        with pypdf.apply_configuration(pypdf.get_configuration().with_overwrites(**PDF_LIMITS)):
            return self._read(pypdf, data, name)

    def _read(self, pypdf: Any, data: bytes, name: str) -> RawDocument:
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
                text = _page_text(reader.pages[i])
            except Exception as exc:  # same boundary as above, per page
                raise UnreadableDocumentError(f"不是有效的 PDF 文件（第 {i + 1} 页无法读取）") from exc
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise IngestError(f"文件文字过多（超过 {MAX_TEXT_CHARS} 个字符），不像是一份报告")
            pages.append(text)
        warnings = self._read_scanned(data, reader, pages)
        if not any(ch.isalnum() for p in pages for ch in p):
            raise EmptyDocumentError("文件中没有文字（也没有能识别出文字的扫描页）")
        return RawDocument(
            name=name, pages=_linearise_tables(pages), source_format=self.source_format, warnings=warnings
        )

    def _read_scanned(self, data: bytes, reader: Any, pages: list[str]) -> list[str]:
        """Replace the text of each scanned page by its OCR; the warnings OCR leaves."""
        from wenbao.ingest import ocr

        options = ocr.OcrOptions.from_settings()
        # only a page with too little text for its area is looked at again (PDFium's view of
        # its images): a text PDF's pages never are
        candidates = [i for i, text in enumerate(pages) if _few_letters(reader.pages[i], text, options)]
        if not candidates:
            return []
        try:
            pdf = ocr.open_pdf(data)
        except Exception as exc:  # PDFium refuses what pypdf read: not a PDF we can read either
            raise UnreadableDocumentError("不是有效的 PDF 文件") from exc
        try:
            scanned = [i for i in candidates if ocr.needs_ocr(pdf, i, pages[i], options)]
        finally:
            pdf.close()
        if not scanned:
            return []
        read = (self.scans or ocr.LocalScanReader()).read(data, scanned, options)
        warnings = []
        for i in scanned:
            pages[i] = read[i].text
            if (warning := ocr.page_warning(i, read[i], options)) is not None:
                warnings.append(warning)
        return warnings


def _few_letters(page: Any, text: str, options: OcrOptions) -> bool:
    """Fewer letters and digits than a page of this size has when it is text (pypdf's size)."""
    try:
        box = page.mediabox
        area = abs(float(box.width) * float(box.height))
    except Exception:  # a broken media box: an A4 page
        area = A4_AREA
    return sum(1 for ch in text if ch.isalnum()) < options.min_page_chars * area / A4_AREA


# Two pieces of text on one baseline are one line when their vertical offset is under this
# share of the font size (a superscript footnote marker sits higher, still on the line).
BASELINE_TOLERANCE = 0.3
# A gap of at least this many font sizes between two pieces on a line sets them apart
# (table cells, tab stops); a smaller one is the same run of text drawn in two pieces.
CELL_GAP_EM = 0.8
# Advance of a character in font sizes, for estimating where a piece of text ends.
WIDE_ADVANCE = 1.0
NARROW_ADVANCE = 0.5


def _page_text(page: Any) -> str:
    """The text of a PDF page, with the cells of a table row on one line.

    pypdf ends a line at every text object, and a table cell is its own text object, so a
    row ``地区生产总值 | 1020.53 | 4.4`` arrives as three lines that line joining would fuse
    into ``地区生产总值1020.534.4``. Pieces that pypdf put on separate lines but that sit on
    one baseline, left to right, are put back on one line, apart by a space when a gap
    separates them. Anything unexpected leaves pypdf's text as it is.
    """
    pieces: list[tuple[str, float, float, float]] = []  # text, x, y, font size (page space)

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
        pieces.append((text, x, y, float(size or 1.0) * scale))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(p[0] for p in pieces) != text:
        return text
    out: list[str] = []
    for k, (piece, x, y, size) in enumerate(pieces):
        if k + 1 < len(pieces) and piece.endswith("\n") and piece.strip():
            nxt, nx, ny, _ = pieces[k + 1]
            line = piece.rstrip("\n")
            end = x + size * sum(
                WIDE_ADVANCE if unicodedata.east_asian_width(ch) in "WF" else NARROW_ADVANCE for ch in line
            )
            if nxt.strip() and "\n" not in line and abs(ny - y) < BASELINE_TOLERANCE * size and nx > x:
                out.append(line + (" " if nx - end >= CELL_GAP_EM * size else ""))
                continue
        out.append(piece)
    return "".join(out)


def _linearise_tables(pages: list[str]) -> list[str]:
    """A table in a PDF's text layer is a line of cells apart by spaces per row: each such row
    becomes a self-contained line (see :mod:`tables`), marked so the cleaner keeps it a
    paragraph of its own; a table may run across a page break."""
    out: list[str] = []
    carry: TextTable | None = None
    for page in pages:
        lines, carry = linearise_text_page(page.split("\n"), carry, WHOLE_LINE_MARK)
        out.append("\n".join(lines))
    return out


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


def read_bytes(data: bytes, name: str, scans: ScanReader | None = None) -> RawDocument:
    """Read an uploaded file's bytes; ``name`` is the original file name (a hint only);
    ``scans`` reads a PDF's scanned pages (default: OCR in this process, no cache)."""
    if not data:
        raise EmptyDocumentError("文件中没有文字")
    fmt = sniff_format(data, name)
    if fmt == "pdf":
        return PdfReader(scans).read(data, name)
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
