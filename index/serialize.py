"""JSON round-trip of a parsed document (meta, cleaned text, outline with offsets, chunks)."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from wenbao.documents import Chunk, Covers, DocumentMeta, ParsedDocument, Section


def section_to_json(s: Section) -> dict[str, Any]:
    return {
        "level": s.level,
        "number": s.number,
        "title": s.title,
        "start": s.start,
        "end": s.end,
        "covers": s.covers.to_dict() if s.covers else None,
        "children": [section_to_json(c) for c in s.children],
    }


def section_from_json(d: dict[str, Any]) -> Section:
    return Section(
        level=int(d["level"]),
        number=d["number"],
        title=d["title"],
        start=int(d.get("start", 0)),
        end=int(d.get("end", 0)),
        children=[section_from_json(c) for c in d.get("children", [])],
        covers=Covers.from_dict(d.get("covers")),
    )


_META_FIELDS = {f.name for f in fields(DocumentMeta)}


def document_to_json(doc: ParsedDocument) -> dict[str, Any]:
    return {
        "meta": asdict(doc.meta),
        "text": doc.text,
        "sections": [section_to_json(s) for s in doc.sections],
        "chunks": [c.to_dict() for c in doc.chunks],
        "notes": list(doc.notes),
    }


def document_from_json(d: dict[str, Any]) -> ParsedDocument:
    meta = DocumentMeta(**{k: v for k, v in d["meta"].items() if k in _META_FIELDS})
    return ParsedDocument(
        meta=meta,
        text=d["text"],
        sections=[section_from_json(s) for s in d.get("sections", [])],
        chunks=[Chunk.from_dict(c) for c in d.get("chunks", [])],
        notes=list(d.get("notes", [])),
    )
