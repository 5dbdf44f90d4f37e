"""Typed data passed between the pipeline stages (no dict soup).

Offsets (``start``/``end``) are character offsets into ``ParsedDocument.text``,
the cleaned document text, so a citation can always be located.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns: the text of each page, in order."""

    name: str  # original file name (never used as a path on disk)
    pages: list[str]
    source_format: str  # "txt" | "docx" | "pdf"


@dataclass
class Section:
    """A heading of the report's outline and its sub-headings."""

    level: int  # 1: 一、  2: （一） or 一是  3: 1．/1、/1.   (附件 is level 1)
    number: str  # the numbering as written, normalised: "一、", "（一）", "一是", "1．"
    title: str  # without numbering and without a trailing 。
    start: int = 0  # offset of the heading in the cleaned text
    end: int = 0  # offset where the section (with its children) ends
    children: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "number": self.number,
            "title": self.title,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class DocumentMeta:
    doc_id: str
    title: str
    year: int | None = None
    date: str | None = None  # ISO, e.g. "2021-08-30"
    meeting: str | None = None
    speaker: str | None = None
    role: str | None = None
    period: str | None = None  # e.g. "上半年"
    source_name: str = ""
    source_format: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    doc_title: str
    year: int | None
    heading_path: tuple[str, ...]  # titles from level 1 down
    heading_numbers: tuple[str, ...]  # the numbering of each heading, same length
    text: str
    start: int
    end: int
    notes: tuple[str, ...] = ()  # footnotes whose marker is in this chunk

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["heading_path"] = list(self.heading_path)
        d["heading_numbers"] = list(self.heading_numbers)
        d["notes"] = list(self.notes)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chunk:
        return cls(
            chunk_id=d["chunk_id"],
            doc_id=d["doc_id"],
            doc_title=d.get("doc_title", ""),
            year=d.get("year"),
            heading_path=tuple(d.get("heading_path", ())),
            heading_numbers=tuple(d.get("heading_numbers", ())),
            text=d["text"],
            start=int(d["start"]),
            end=int(d["end"]),
            notes=tuple(d.get("notes", ())),
        )

    @property
    def heading_labels(self) -> list[str]:
        """Headings with their numbering, for display: ["一、上半年…", "（一）…"]."""
        return [f"{n}{t}" for n, t in zip(self.heading_numbers, self.heading_path, strict=False)]


@dataclass
class ParsedDocument:
    meta: DocumentMeta
    text: str  # the cleaned document text that offsets point into
    sections: list[Section]
    chunks: list[Chunk]
    notes: list[str] = field(default_factory=list)

    def outline_dict(self) -> dict[str, Any]:
        m = self.meta
        return {
            "doc_id": m.doc_id,
            "title": m.title,
            "year": m.year,
            "date": m.date,
            "meeting": m.meeting,
            "speaker": m.speaker,
            "role": m.role,
            "period": m.period,
            "sections": [s.to_dict() for s in self.sections],
        }


@dataclass
class DocumentInfo:
    """A stored document as listed by the index: its metadata and chunk count."""

    meta: DocumentMeta
    chunk_count: int
    created: str = ""  # ISO time it was indexed


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its fused score and each retriever's rank."""

    chunk: Chunk
    score: float  # fused score, higher is better
    ranks: dict[str, int | None] = field(default_factory=dict)  # 1-based, e.g. {"bm25": 1, "dense": 4}


@dataclass(frozen=True)
class Citation:
    n: int  # the marker number used in the answer text: [n]
    chunk: Chunk
    score: float


@dataclass
class Answer:
    question: str
    rewritten_question: str
    answer: str  # text with citation markers [n]
    answerable: bool
    citations: list[Citation]
    mode: str = "extractive"  # "extractive" | "llm"
    verified: bool = True
    verify_reason: str | None = None  # why an LLM answer was replaced, when it was
    timings_ms: dict[str, float] = field(default_factory=dict)  # retrieve, answer, total
