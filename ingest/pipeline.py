"""The ingest pipeline: file -> reader -> cleaner -> outline parser -> chunker -> ParsedDocument."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path, PurePath

from wenbao.documents import DocumentMeta, MetaOverride, ParsedDocument, RawDocument
from wenbao.errors import EmptyDocumentError, IngestError
from wenbao.ingest.chunker import HierarchyChunker
from wenbao.ingest.cleaner import ReportCleaner
from wenbao.ingest.levels import assign_levels
from wenbao.ingest.metadata import MetadataDeriver, apply_covers
from wenbao.ingest.ocr import ScanReader
from wenbao.ingest.outline import OutlineParser
from wenbao.ingest.readers import load_file_bytes, read_bytes

# Bump whenever the chunks produced for the same file change (the index manifest records it).
CHUNKER_VERSION = "19"

MAX_FILE_BYTES = 200 * 1024 * 1024
_UNSAFE_ID_CHARS = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff_-]+")


def doc_id_from_name(name: str) -> str:
    """A safe document id from a file name: its stem, with only letters, digits, CJK, ``-``, ``_``.

    ``gulou-2024-h1.txt`` -> ``gulou-2024-h1``; ``../../x.txt`` -> ``x``; never empty.
    """
    base = PurePath(name.replace("\\", "/")).name
    stem = base
    while True:
        suffix = PurePath(stem).suffix
        if not suffix or len(suffix) > 6 or stem == suffix:
            break
        stem = stem[: -len(suffix)]
    safe = _UNSAFE_ID_CHARS.sub("-", stem).strip("-_")
    safe = re.sub(r"-{2,}", "-", safe)[:80].strip("-_")
    if not safe:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        safe = f"doc-{digest}"
    return safe


def parse_raw(
    raw: RawDocument,
    doc_id: str,
    sha256: str = "",
    max_chars: int | None = None,
    override: MetaOverride | None = None,
) -> ParsedDocument:
    """Clean, outline and chunk an already-read document; derive its metadata (``override`` wins)."""
    if max_chars is None:
        from wenbao.settings import get_settings

        max_chars = get_settings().chunk_max_chars
    cleaned = ReportCleaner().clean(raw)
    if not cleaned.paragraphs:
        raise EmptyDocumentError("文件中没有文字")
    outline = OutlineParser().parse(cleaned)
    override = override or MetaOverride()
    title = override.title or outline.title or PurePath(raw.name.replace("\\", "/")).stem or doc_id
    meta = DocumentMeta(
        doc_id=doc_id,
        title=title,
        year=outline.year,
        date=outline.date,
        meeting=outline.meeting,
        speaker=outline.speaker,
        role=outline.role,
        period=outline.period,
        source_name=PurePath(raw.name.replace("\\", "/")).name,
        source_format=raw.source_format,
        sha256=sha256,
    )
    # the opening (salutation, "我代表省人民政府，向大会报告政府工作") is front matter, not a block
    body = outline.text[: MetadataDeriver.BODY_CHARS]
    MetadataDeriver().derive(meta, body, outline.title, override)
    meta.warnings.extend(raw.warnings)  # what the reader was unsure of (a scanned page's OCR)
    chunks = HierarchyChunker(max_chars).chunk(outline, doc_id, meta.title, meta.year)
    chunks = [replace(c, place=meta.place) for c in apply_covers(meta, outline.sections, chunks)]
    if meta.kind == "budget_report":
        chunks = assign_levels(chunks, outline.text)
    return ParsedDocument(
        meta=meta, text=outline.text, sections=outline.sections, chunks=chunks, notes=outline.notes
    )


def parse_bytes(
    data: bytes,
    name: str,
    doc_id: str | None = None,
    max_chars: int | None = None,
    override: MetaOverride | None = None,
    scans: ScanReader | None = None,
) -> ParsedDocument:
    """Parse an uploaded file; the format is detected from the content (``name`` is a hint);
    ``scans`` reads a PDF's scanned pages (default: OCR in this process).

    Raises :class:`wenbao.errors.IngestError` subclasses with a sentence a user understands.
    """
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"文件过大（超过 {MAX_FILE_BYTES // (1024 * 1024)} MB）")
    raw = read_bytes(data, name, scans)
    sha = hashlib.sha256(data).hexdigest()
    return parse_raw(raw, doc_id or doc_id_from_name(name), sha, max_chars, override)


def parse_file(
    path: Path, doc_id: str | None = None, max_chars: int | None = None, override: MetaOverride | None = None
) -> ParsedDocument:
    """Parse a report file on disk."""
    path = Path(path)
    data = load_file_bytes(path, max_bytes=MAX_FILE_BYTES)
    return parse_bytes(data, path.name, doc_id, max_chars, override)
