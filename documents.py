"""Typed data passed between the pipeline stages (no dict soup).

Offsets (``start``/``end``) are character offsets into ``ParsedDocument.text``,
the cleaned document text, so a citation can always be located.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Period = Literal["full_year", "first_half", "second_half", "multi_year"]
Aspect = Literal["results", "plan"]
PlaceLevel = Literal["national", "provincial", "prefectural", "county"]
ReportKind = Literal["government_work_report", "plan_execution_report", "budget_report", "other"]
REPORT_KINDS: tuple[str, ...] = ("government_work_report", "plan_execution_report", "budget_report", "other")


# The years a report's year may be (an upload's or a correction's): the People's Republic's reports.
YEAR_MIN = 1949
YEAR_MAX = 2100


@dataclass(frozen=True)
class Covers:
    """What a part of a report speaks about: which years, which stretch of them, results or plans.

    A report is *delivered* in one year but speaks about others: a 政府工作报告 of January 2026
    reviews 2025 (results) and plans 2026; its 十四五 part reviews 2021–2025.
    """

    years: tuple[int, ...]
    period: Period
    aspect: Aspect

    def to_dict(self) -> dict[str, Any]:
        return {"years": list(self.years), "period": self.period, "aspect": self.aspect}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Covers | None:
        if not d:
            return None
        return cls(years=tuple(int(y) for y in d.get("years", ())), period=d["period"], aspect=d["aspect"])

    def includes(self, year: int) -> bool:
        return year in self.years

    def describe(self) -> str:
        """``2025年全年 · 实绩`` — for outlines and refusal sentences."""
        if not self.years:
            when = ""
        elif len(self.years) == 1:
            when = f"{self.years[0]}年"
        else:
            when = f"{self.years[0]}—{self.years[-1]}年"
        period = {"full_year": "", "first_half": "上半年", "second_half": "下半年", "multi_year": ""}[
            self.period
        ]
        aspect = "实绩" if self.aspect == "results" else "计划"
        return f"{when}{period}{aspect}"


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns: the text of each page, in order."""

    name: str  # original file name (never used as a path on disk)
    pages: list[str]
    source_format: str  # "txt" | "docx" | "pdf"
    # Notes the file keeps apart from its text (Word footnotes and endnotes); the text carries
    # note_marker(k) where note k is referenced.
    notes: list[str] = field(default_factory=list)
    # What the reader could not read for sure (a scanned page OCR was unsure of): warnings on
    # the document.
    warnings: list[str] = field(default_factory=list)


# A note's place in a reader's text: two private-use characters around its index, so no
# character a report can contain is taken for one.
NOTE_MARK_OPEN, NOTE_MARK_CLOSE = "\ue000", "\ue001"


def note_marker(index: int) -> str:
    return f"{NOTE_MARK_OPEN}{index}{NOTE_MARK_CLOSE}"


# Starts a line a reader made self-contained (a table row written as a sentence): a paragraph
# of its own, however the text around it was wrapped.
WHOLE_LINE_MARK = "\ue002"


@dataclass
class Section:
    """A heading of the report's outline and its sub-headings."""

    level: int  # 1: 一、  2: （一） or 一是  3: 1．/1、/1.   (附件 is level 1)
    number: str  # the numbering as written, normalised: "一、", "（一）", "一是", "1．"
    title: str  # without numbering and without a trailing 。
    start: int = 0  # offset of the heading in the cleaned text
    end: int = 0  # offset where the section (with its children) ends
    children: list[Section] = field(default_factory=list)
    covers: Covers | None = None  # what the part speaks about (None: not known)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "number": self.number,
            "title": self.title,
            "covers": self.covers.to_dict() if self.covers else None,
            "children": [c.to_dict() for c in self.children],
        }


MAX_OVERRIDE_CHARS = 100
_FIELD_CN = {"title": "标题", "place": "地区"}


@dataclass(frozen=True)
class MetaOverride:
    """Metadata the uploader states; each field set here wins over what ingest derives."""

    title: str | None = None
    place: str | None = None
    year: int | None = None
    kind: str | None = None

    def __post_init__(self) -> None:
        from wenbao.errors import InvalidMetadataError

        for name in ("title", "place"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or len(value.strip()) > MAX_OVERRIDE_CHARS):
                raise InvalidMetadataError(f"{_FIELD_CN[name]}应为不超过{MAX_OVERRIDE_CHARS}字的文字。")
            if isinstance(value, str):
                object.__setattr__(self, name, value.strip() or None)
        if self.year is not None and (
            isinstance(self.year, bool)
            or not isinstance(self.year, int)
            or not YEAR_MIN <= self.year <= YEAR_MAX
        ):
            raise InvalidMetadataError(f"年份应为 {YEAR_MIN} 到 {YEAR_MAX} 之间的整数，例如 2025。")
        if self.kind is not None and self.kind not in REPORT_KINDS:
            raise InvalidMetadataError(f"报告类型 {self.kind} 无效，可选：{'、'.join(REPORT_KINDS)}。")

    def fields_set(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    def fingerprint(self) -> str:
        """Stable text of the set fields (an override change re-ingests an unchanged file)."""
        return ";".join(f"{k}={v}" for k, v in sorted(self.fields_set().items()))


@dataclass
class DocumentMeta:
    doc_id: str
    title: str
    year: int | None = None  # the year the report is delivered in (see ``covers`` for what it speaks about)
    date: str | None = None  # ISO, e.g. "2021-08-30"
    meeting: str | None = None
    speaker: str | None = None
    role: str | None = None
    period: str | None = None  # e.g. "上半年"
    source_name: str = ""
    source_format: str = ""
    sha256: str = ""
    place: str | None = None  # official name: "四川省", "南京市鼓楼区", "中华人民共和国"
    place_aliases: list[str] = field(default_factory=list)  # short forms people use: "四川", "鼓楼"
    place_level: str | None = None  # PlaceLevel
    kind: str = "other"  # ReportKind
    # where each derived field came from ("title", "meeting", "speaker", "body", "file_name", "override")
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what ingest could not find, and how to set it

    @property
    def place_names(self) -> tuple[str, ...]:
        """The official name and its aliases, longest first (for matching in a question)."""
        names = [n for n in (self.place, *self.place_aliases) if n]
        return tuple(sorted(dict.fromkeys(names), key=len, reverse=True))


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
    covers: Covers | None = None  # what this passage speaks about (None: front matter, closing)
    place: str | None = None  # the report's place (as doc_title: shown with every citation)
    # a budget report's passage: whose money (ingest/levels.py: "whole", "own", "part")
    level: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["heading_path"] = list(self.heading_path)
        d["heading_numbers"] = list(self.heading_numbers)
        d["notes"] = list(self.notes)
        d["covers"] = self.covers.to_dict() if self.covers else None
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
            covers=Covers.from_dict(d.get("covers")),
            place=d.get("place"),
            level=d.get("level"),
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
            "place": m.place,
            "place_aliases": list(m.place_aliases),
            "place_level": m.place_level,
            "kind": m.kind,
            "sources": dict(m.sources),
            "warnings": list(m.warnings),
            "sections": [s.to_dict() for s in self.sections],
        }


@dataclass
class DocumentInfo:
    """A stored document as listed by the index: its metadata and chunk count."""

    meta: DocumentMeta
    chunk_count: int
    created: str = ""  # ISO time it was indexed


@dataclass(frozen=True)
class SearchScope:
    """Where a search may look: these reports, and in them the passages covering these years
    (passages that cover no particular time, like the front matter, always qualify)."""

    doc_ids: frozenset[str] | None = None
    years: frozenset[int] | None = None


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its fused score and each retriever's rank."""

    chunk: Chunk
    score: float  # fused score, higher is better
    ranks: dict[str, int | None] = field(default_factory=dict)  # 1-based, e.g. {"bm25": 1, "dense": 4}
    # Each retriever's own score (BM25 score, cosine similarity), when that retriever returned it.
    side_scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    n: int  # the marker number used in the answer text: [n]
    chunk: Chunk
    score: float


@dataclass(frozen=True)
class ClarifyOption:
    """One way to settle an ambiguous question: the place, and the whole question asked of it."""

    label: str  # "四川省"
    question: str  # "2025年四川省粮食产量是多少？"


@dataclass(frozen=True)
class Clarification:
    """Asked back instead of guessing: the question names no place and several places' reports
    could answer it."""

    question: str  # "您问的是哪个地方？"
    options: list[ClarifyOption]


@dataclass(frozen=True)
class AnswerTableRow:
    """One place's row of an across-places answer: what its own report says, and where."""

    label: str  # the place, e.g. 四川省
    value: str  # the clause that states the asked figure, as printed; "" when the report does not say it
    n: int | None = None  # the citation it is quoted from; None when the report does not say it
    stored: bool = True  # False: no stored report is of this place


@dataclass(frozen=True)
class AnswerTable:
    """An answer across several places, one row per place, in the order the places were asked."""

    rows: list[AnswerTableRow]
    note: str = ""  # "按数值比较，海南省最高（6%）" when the question asks which leads


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
    clarify: Clarification | None = None  # asked back instead of answering (``answer`` says it too)
    table: AnswerTable | None = None  # an across-places answer as rows (``answer`` says it as text too)
    # The passages the answer was chosen from, in the order the scoped retrieval ranked them
    # (not serialised: the evaluation measures recall on them).
    ranking: list[Hit] = field(default_factory=list, repr=False)
    # What answerability was judged on (an ``AnswerEvidence``), for calibration; not serialised.
    evidence: object | None = field(default=None, repr=False)
