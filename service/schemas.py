"""Request and response models of the HTTP API: one pydantic model per role."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from wenbao.answering.display import chunk_citation_dict, citation_to_dict
from wenbao.documents import (
    REPORT_KINDS,
    Answer,
    AnswerTable,
    Chunk,
    Citation,
    Clarification,
    DocumentInfo,
    Hit,
    ParsedDocument,
    Section,
)
from wenbao.index.bases import KB_ID, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS
from wenbao.settings import DEFAULT_KB, Settings

# The documented API limit; the answerer enforces the configured one as well.
MAX_QUESTION_CHARS: int = Settings.model_fields["max_question_chars"].default
MAX_HISTORY_TURNS = 40
MAX_TURN_CHARS = 4000


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("问题不能为空：请输入想了解的内容。")
    return value


Question = Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS), AfterValidator(_not_blank)]
# What the answerer needs to find anything (answering/answerer.py): a Chinese character or a word
# of two letters. Stated in the schema; the answerer refuses the rest with its own sentence.
SEARCHABLE_PATTERN = r"[\u3400-\u9fff]|[A-Za-z]{2,}"
AskedQuestion = Annotated[Question, Field(json_schema_extra={"pattern": SEARCHABLE_PATTERN})]
TopK = Annotated[int, Field(ge=1, le=20, description="How many passages to retrieve (1..20).")]
KB_DESCRIPTION = 'The knowledge base (`GET /api/kbs`); "default" when omitted.'
# An unknown base is a 404 with a sentence listing the bases, not a validation error: any string.
KbId = Annotated[str, Field(min_length=1, max_length=100, description=KB_DESCRIPTION)]


# --- ask ------------------------------------------------------------------------
class TurnIn(BaseModel):
    # Strict: "5" or 5.0 for an integer is a client bug the schema forbids, not something to guess at.
    model_config = ConfigDict(strict=True)

    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_TURN_CHARS)


class AskRequest(BaseModel):
    model_config = ConfigDict(
        strict=True,
        json_schema_extra={"examples": [{"question": "2024年上半年鼓楼区地区生产总值是多少？", "top_k": 5}]},
    )

    question: AskedQuestion
    kb: KbId = DEFAULT_KB
    top_k: TopK = 5
    year: int | None = None
    doc_id: str | None = Field(default=None, max_length=200)
    history: list[TurnIn] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)


class CoversOut(BaseModel):
    years: list[int] = Field(description="The years the passage speaks about.")
    period: Literal["full_year", "first_half", "second_half", "multi_year"]
    aspect: Literal["results", "plan"] = Field(description="What happened (results) or what is planned.")


class CitationOut(BaseModel):
    n: int = Field(description="The marker number [n] used in the answer.")
    chunk_id: str
    doc_id: str
    doc_title: str
    place: str | None = Field(default=None, description="The place the cited report speaks for.")
    year: int | None = Field(description="The year the cited report was delivered in.")
    covers: CoversOut | None = Field(default=None, description="What the cited passage speaks about.")
    heading_path: list[str] = Field(description="Heading titles from level 1 down, without numbering.")
    heading_numbers: list[str] = Field(
        description='Numbering of each heading as written: "一、", "（一）", "1．".'
    )
    text: str = Field(description="The cited paragraph.")
    notes: list[str] = Field(
        default_factory=list, description="Footnotes / glossary entries of the paragraph."
    )
    start: int
    end: int
    score: float

    @classmethod
    def from_chunk(cls, n: int, chunk: Chunk, score: float) -> CitationOut:
        # one serialisation path: the CLI's --json prints the same dict
        return cls.model_validate(chunk_citation_dict(n, chunk, score))

    @classmethod
    def from_citation(cls, citation: Citation) -> CitationOut:
        return cls.model_validate(citation_to_dict(citation))

    def heading_labels(self) -> list[str]:
        return [
            f"{num}{title}"
            for num, title in zip(
                self.heading_numbers or [""] * len(self.heading_path), self.heading_path, strict=False
            )
        ]


class TimingsOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    embed: float = Field(default=0.0, description="embedding the question (part of retrieve)")
    retrieve: float = 0.0
    answer: float = 0.0
    total: float = 0.0


def _new_answer_id() -> str:
    return uuid.uuid4().hex


class ClarifyOptionOut(BaseModel):
    label: str = Field(description="The place, e.g. 四川省.")
    question: str = Field(description="The whole question asked of that place: send it to answer.")


class ClarifyOut(BaseModel):
    """Asked back instead of guessing: the question names no place and several places' reports
    state what it asks."""

    question: str
    options: list[ClarifyOptionOut]

    @classmethod
    def from_clarification(cls, c: Clarification | None) -> ClarifyOut | None:
        if c is None:
            return None
        return cls(
            question=c.question,
            options=[ClarifyOptionOut(label=o.label, question=o.question) for o in c.options],
        )


def not_stated(stored: bool) -> str:
    """What a table cell says when it quotes nothing (the widget says the same)."""
    return "报告中没有找到" if stored else "现有报告中没有该地的报告"


class TableRowOut(BaseModel):
    place: str
    value: str = Field(description="The clause stating the figure in the place's report; empty: not stated.")
    n: int | None = Field(default=None, description="The citation of the value; null when not stated.")
    stored: bool = Field(default=True, description="False when no stored report is of this place.")


class TableOut(BaseModel):
    """An answer across places ("各省…分别是多少"), one row per place; `answer` says the same as text."""

    rows: list[TableRowOut]
    note: str = Field(default="", description="Which place leads, when asked and the units agree.")

    @classmethod
    def from_table(cls, t: AnswerTable | None) -> TableOut | None:
        if t is None:
            return None
        rows = [TableRowOut(place=r.label, value=r.value, n=r.n, stored=r.stored) for r in t.rows]
        return cls(rows=rows, note=t.note)

    def markdown(self) -> str:
        """A Markdown table for chat clients; a cell's pipe would end the cell, so it is escaped."""
        lines = ["| 地区 | 报告中的表述 |", "| --- | --- |"]
        for r in self.rows:
            cell = f"{r.value}[{r.n}]" if r.n is not None else not_stated(r.stored)
            cell = cell.replace("|", "\\|")
            lines.append(f"| {r.place} | {cell} |")
        if self.note:
            lines.append("")
            lines.append(self.note + "。")
        return "\n".join(lines)


class AskResponse(BaseModel):
    answer_id: str = Field(
        default_factory=_new_answer_id, description="Names this answer for POST /api/feedback."
    )
    question: str
    rewritten_question: str
    answer: str = Field(description="The answer text with citation markers [n].")
    answerable: bool
    mode: Literal["extractive", "llm"]
    verified: bool
    verify_reason: str | None = None
    citations: list[CitationOut]
    timings_ms: TimingsOut
    clarify: ClarifyOut | None = Field(
        default=None, description="Set when the service asks back which place is meant (answerable is false)."
    )
    table: TableOut | None = Field(default=None, description="Set when the answer spans several places.")

    @classmethod
    def from_answer(cls, answer: Answer) -> AskResponse:
        return cls(
            question=answer.question,
            rewritten_question=answer.rewritten_question,
            answer=answer.answer,
            answerable=answer.answerable,
            mode="llm" if answer.mode == "llm" else "extractive",
            verified=answer.verified,
            verify_reason=answer.verify_reason,
            citations=[CitationOut.from_citation(c) for c in answer.citations],
            timings_ms=TimingsOut(**{k: round(float(v), 2) for k, v in answer.timings_ms.items()}),
            clarify=ClarifyOut.from_clarification(answer.clarify),
            table=TableOut.from_table(answer.table),
        )

    def chat_text(self) -> str:
        """The answer as a chat client shows it: across places, a Markdown table."""
        return self.table.markdown() if self.table is not None else self.answer


class StreamCitationsEvent(BaseModel):
    """Payload of the first SSE event of /api/ask/stream."""

    rewritten_question: str
    answerable: bool
    citations: list[CitationOut]
    clarify: ClarifyOut | None = None
    table: TableOut | None = None


class StreamDeltaEvent(BaseModel):
    text: str


# --- feedback and the query log ---------------------------------------------------
MAX_COMMENT_CHARS = 500


def _iso_day(value: object) -> object:
    """Only `YYYY-MM-DD`: pydantic would read `0` or `1700000000` as a day since 1970."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"日期应写作 YYYY-MM-DD，例如 2025-01-31（收到 {value[:20]!r}）。")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(
        strict=True,
        json_schema_extra={
            "examples": [{"answer_id": "0f3c…", "rating": "down", "comment": "没有回答到点上"}]
        },
    )

    answer_id: str = Field(min_length=1, max_length=64, description="`answer_id` of an answer.")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)


class FeedbackOut(BaseModel):
    answer_id: str
    rating: Literal["up", "down"]


class QueryOut(BaseModel):
    answer_id: str
    asked_at: str = Field(description="ISO 8601 time with the server's UTC offset.")
    kb: str
    question: str
    rewritten_question: str
    answerable: bool
    chunk_ids: list[str]
    latency_ms: float
    rating: Literal["up", "down"] | None = None
    comment: str | None = None


class QueriesOut(BaseModel):
    queries: list[QueryOut]


class MostAskedOut(BaseModel):
    question: str
    count: int
    refused: int


class RefusedGroupOut(BaseModel):
    question: str = Field(description="The group's most asked wording.")
    count: int
    questions: list[str] = Field(description="The near-identical wordings in the group.")


class DailyCountOut(BaseModel):
    day: str
    asked: int
    refused: int
    up: int
    down: int


class QueryReportOut(BaseModel):
    kb: str | None = Field(default=None, description="The knowledge base reported on (null: every base).")
    since: str | None
    total: int
    most_asked: list[MostAskedOut]
    refused_groups: list[RefusedGroupOut]
    downvoted: list[QueryOut]
    daily: list[DailyCountOut]


# --- search -----------------------------------------------------------------------
class SearchResultOut(CitationOut):
    ranks: dict[str, int | None] = Field(description="Rank of this passage in each retriever (1-based).")

    @classmethod
    def from_hit(cls, n: int, hit: Hit) -> SearchResultOut:
        base = CitationOut.from_chunk(n, hit.chunk, hit.score)
        return cls(**base.model_dump(), ranks=dict(hit.ranks))


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResultOut]


# --- documents and chunks ------------------------------------------------------------
class DocumentOut(BaseModel):
    doc_id: str
    title: str
    year: int | None = Field(description="The year the report was delivered in.")
    date: str | None
    place: str | None = Field(description='Official name of the place it speaks for, e.g. "四川省".')
    place_aliases: list[str] = Field(description='Short forms people use, e.g. "四川".')
    place_level: Literal["national", "provincial", "prefectural", "county"] | None
    kind: Literal["government_work_report", "plan_execution_report", "budget_report", "other"]
    sources: dict[str, str] = Field(
        description="Where each field was read: title, meeting, speaker, body, file_name or override."
    )
    warnings: list[str] = Field(description="What ingest could not find, and how to set it.")
    chunk_count: int
    sha256: str
    source_name: str
    source_format: str
    created: str

    @classmethod
    def from_info(cls, info: DocumentInfo) -> DocumentOut:
        m = info.meta
        return cls(
            doc_id=m.doc_id,
            title=m.title,
            year=m.year,
            date=m.date,
            place=m.place,
            place_aliases=list(m.place_aliases),
            place_level=m.place_level,  # type: ignore[arg-type]
            kind=m.kind,  # type: ignore[arg-type]
            sources=dict(m.sources),
            warnings=list(m.warnings),
            chunk_count=info.chunk_count,
            sha256=m.sha256,
            source_name=m.source_name,
            source_format=m.source_format,
            created=info.created,
        )


class UploadedDocumentOut(DocumentOut):
    """`POST /api/documents?wait=true`: the stored report, and whether it replaced one."""

    replaced: bool = Field(description="True when the upload replaced a stored report with this id.")
    job_id: str


class DocumentRefOut(BaseModel):
    doc_id: str
    title: str


class JobOut(BaseModel):
    """An upload job: checked at once, ingested in the background."""

    id: str
    kb: str = Field(description="The knowledge base the report goes into.")
    status: Literal["queued", "parsing", "embedding", "indexing", "done", "failed", "cancelled"]
    message: str = Field(description="What is happening, or why it failed, as a sentence.")
    doc_id: str = Field(description="The id the report gets (or has, when it replaces one).")
    file_name: str
    size: int
    replace: bool = Field(description="The upload asked to replace a stored report.")
    replaces: DocumentRefOut | None = Field(description="The stored report this upload replaces.")
    replaced: bool | None = Field(description="Once done: whether a stored report was replaced.")
    chunks_total: int
    chunks_done: int
    pages_total: int = Field(default=0, description="Scanned pages of the upload to read by OCR (0: none).")
    pages_done: int = Field(default=0, description="Scanned pages read so far (while `parsing`).")
    eta_s: float | None = Field(description="Seconds left, from the embedding rate so far.")
    created: str
    updated: str
    finished: str | None
    error_code: str | None
    document: DocumentOut | None = Field(description="The stored report, once done.")

    @classmethod
    def from_job(cls, job: Any) -> JobOut:
        return cls(
            id=job.id,
            kb=job.kb,
            status=job.status,
            message=job.message,
            doc_id=job.doc_id,
            file_name=job.file_name,
            size=job.size,
            replace=job.replace,
            replaces=job.replaces,
            replaced=None if job.result is None else job.result == "replaced",
            chunks_total=job.chunks_total,
            chunks_done=job.chunks_done,
            pages_total=job.pages_total,
            pages_done=job.pages_done,
            eta_s=job.eta_s(),
            created=job.created,
            updated=job.updated,
            finished=job.finished,
            error_code=job.error_code,
            document=job.document,
        )


class SectionOut(BaseModel):
    level: int
    number: str
    title: str
    covers: CoversOut | None = Field(default=None, description="What the part speaks about.")
    children: list[SectionOut] = Field(default_factory=list)

    @classmethod
    def from_section(cls, section: Section) -> SectionOut:
        return cls.model_validate(section.to_dict())


class DocumentDetailOut(DocumentOut):
    meeting: str | None
    speaker: str | None
    role: str | None
    period: str | None
    sections: list[SectionOut] = Field(description="The report's outline.")

    @classmethod
    def from_document(cls, doc: ParsedDocument, info: DocumentInfo | None) -> DocumentDetailOut:
        m = doc.meta
        base = (
            DocumentOut.from_info(info)
            if info is not None
            else DocumentOut.from_info(DocumentInfo(meta=m, chunk_count=len(doc.chunks)))
        )
        return cls(
            **base.model_dump(),
            meeting=m.meeting,
            speaker=m.speaker,
            role=m.role,
            period=m.period,
            sections=[SectionOut.from_section(s) for s in doc.sections],
        )


class DocumentEditRequest(BaseModel):
    """PATCH /api/documents/{id}: the fields to state; null or "" stops stating one (derived again)."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={
            "examples": [{"place": "成都市武侯区"}, {"year": 2025, "kind": "budget_report"}],
            "minProperties": 1,  # an empty body changes nothing: 400 with a sentence
        },
    )

    title: str | None = Field(default=None, description="The report's title.")
    place: str | None = Field(default=None, description="The place it speaks for, e.g. 成都市武侯区.")
    year: int | None = Field(default=None, description="The year it was delivered in (1949..2100).")
    kind: str | None = Field(default=None, description=f"One of {', '.join(REPORT_KINDS)}.")


class DocumentEditOut(DocumentDetailOut):
    """The report after an edit or a re-index, and what that cost."""

    changed: list[str] = Field(
        description="The metadata fields whose value changed (title, place, year, kind)."
    )
    passages_embedded: int = Field(
        description="Passages embedded anew; the others kept their stored vectors."
    )
    message: str = Field(description="What was done, as a sentence.")


class ChunkOut(BaseModel):
    chunk_id: str
    doc_id: str
    doc_title: str
    place: str | None = None
    year: int | None
    covers: CoversOut | None = None
    heading_path: list[str]
    heading_numbers: list[str]
    text: str
    start: int
    end: int
    notes: list[str]

    @classmethod
    def from_chunk(cls, chunk: Chunk) -> ChunkOut:
        return cls(**chunk.to_dict())


# --- knowledge bases ------------------------------------------------------------------------
class KnowledgeBaseIn(BaseModel):
    model_config = ConfigDict(
        strict=True,
        json_schema_extra={
            "examples": [{"id": "plans", "name": "计划报告", "description": "历年计划执行情况报告"}]
        },
    )

    # The limits of index/bases.py, stated here too: the id's pattern only in the schema (the
    # registry refuses another id with a sentence naming the rule).
    id: str = Field(
        min_length=1,
        max_length=32,
        description="1 to 32 lowercase letters, digits or hyphens, starting with a letter: `plans`.",
        json_schema_extra={"pattern": KB_ID.pattern.join("^$")},
    )
    name: str | None = Field(
        default=None, max_length=MAX_NAME_CHARS, description="A display name (default: the id)."
    )
    description: str = Field(default="", max_length=MAX_DESCRIPTION_CHARS)


class KnowledgeBaseOut(BaseModel):
    id: str = Field(description='The id to pass as `kb` (Dify `knowledge_id`), e.g. "default".')
    name: str
    description: str
    created: str | None = Field(description="When it was created (null for the default base).")
    model: str = Field(description="The model id that selects it on /v1/chat/completions.")
    document_count: int
    chunk_count: int
    places: list[str] = Field(description="Official names of the places the reports speak for.")
    report_years: list[int] = Field(description="The years the reports were delivered in.")
    years_covered: list[int] = Field(description="The years the reports' passages speak about.")


class McpKnowledgeBaseOut(KnowledgeBaseOut):
    kb: str = Field(description="The same id, as the other tools' `kb` argument takes it.")


class KnowledgeBasesOut(BaseModel):
    bases: list[McpKnowledgeBaseOut]


class McpSearchResultOut(SearchResultOut):
    kb: str = Field(description="The knowledge base the passage is in.")


class McpSearchResponse(BaseModel):
    query: str
    kbs: list[str] = Field(description="The knowledge bases searched.")
    results: list[McpSearchResultOut]


class DocumentsOut(BaseModel):
    kb: str
    documents: list[DocumentOut]


DifyOperator = Literal[
    "contains",
    "not contains",
    "start with",
    "end with",
    "is",
    "is not",
    "in",
    "not in",
    "empty",
    "not empty",
    "null",
    "not null",
    "=",
    "≠",
    "!=",
    ">",
    "<",
    "≥",
    ">=",
    "≤",
    "<=",
    "before",
    "after",
]


# Dify sends what its own models allow, and turns any non-200 reply into "no knowledge" without
# a word: so every field it may send empty or out of range is taken as Dify means it, not refused
# (langgenius/dify api/services/external_knowledge_service.py, api/core/rag/entities/metadata_entities.py).
DIFY_DEFAULT_TOP_K = 5
DIFY_MAX_TOP_K = 100


def clamped(default: float, low: float, high: float, kind: type = int) -> BeforeValidator:
    """A client that passes a parameter through as it was typed (Dify's dataset settings, Open
    WebUI's model parameters) is taken at its word, within range: null is the default and a number
    out of range is clamped, not refused."""

    def clamp(value: object) -> object:
        if value is None:
            return default
        if isinstance(value, int | float) and not isinstance(value, bool):
            return kind(min(high, max(low, value)))
        return value

    return BeforeValidator(clamp)


class DifyRetrievalSetting(BaseModel):
    top_k: Annotated[int, clamped(DIFY_DEFAULT_TOP_K, 1, DIFY_MAX_TOP_K)] = Field(
        default=DIFY_DEFAULT_TOP_K,
        description=f"Maximum number of records (null: {DIFY_DEFAULT_TOP_K}; clamped to 1..{DIFY_MAX_TOP_K})",
    )
    score_threshold: Annotated[float, clamped(0.0, 0.0, 1.0, float)] = Field(
        default=0.0, description="Minimum score (0..1); Dify sends 0.0 when it is off."
    )


DifyValue = str | int | float | list[str | int | float] | None


class DifyCondition(BaseModel):
    # Dify's page documents `name` as a string; its older page as a list of names (any may match).
    name: str | list[str] = Field(
        description="place, place_level, kind, year, date, doc_id or title; or one of Dify's built-in "
        "names: document_name (the title), upload_date and last_update_date (when it was indexed)."
    )
    comparison_operator: DifyOperator
    value: DifyValue = None


class DifyMetadataCondition(BaseModel):
    # Both are Optional in Dify's MetadataCondition: null means "and" and "no conditions".
    logical_operator: Literal["and", "or"] | None = "and"
    conditions: list[DifyCondition] | None = Field(default=None, max_length=50)


def _dify_query(value: object) -> object:
    """A workflow may pass a user's whole message: the head that retrieval reads is kept."""
    if isinstance(value, str):
        return value.strip()[:MAX_QUESTION_CHARS]
    return value


DifyQuery = Annotated[str, BeforeValidator(_dify_query), Field(min_length=1), AfterValidator(_not_blank)]


class DifyRetrievalRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "knowledge_id": "default",
                    "query": "2024年上半年鼓楼区地区生产总值",
                    "retrieval_setting": {"top_k": 2, "score_threshold": 0.5},
                    "metadata_condition": {
                        "logical_operator": "and",
                        "conditions": [
                            {"name": ["place"], "comparison_operator": "contains", "value": "鼓楼"}
                        ],
                    },
                }
            ]
        }
    )

    knowledge_id: str = Field(
        min_length=1, max_length=200, description='A wenbao knowledge base (`GET /api/kbs`): "default".'
    )
    query: DifyQuery = Field(
        description=f"The query; a longer one is cut to its first {MAX_QUESTION_CHARS} characters."
    )
    retrieval_setting: DifyRetrievalSetting = Field(default_factory=DifyRetrievalSetting)
    metadata_condition: DifyMetadataCondition | None = None


class DifyRecordMetadata(BaseModel):
    """Where a record comes from; always an object (Dify fails on a null metadata)."""

    model_config = ConfigDict(extra="ignore")

    chunk_id: str
    doc_id: str
    doc_title: str
    place: str | None
    year: int | None = Field(description="The year the report was delivered in.")
    kind: str
    covers: CoversOut | None
    heading_path: list[str]
    heading_numbers: list[str]
    path: str = Field(description="Report title › numbered headings, as a citation shows it.")
    notes: list[str]
    start: int
    end: int
    fused_score: float = Field(description="The retrieval's own (RRF) score that `score` is calibrated from.")


class DifyRecordOut(BaseModel):
    content: str
    score: float = Field(
        ge=0.0, le=1.0, description="The probability that the passage holds the answer (see README: Dify)."
    )
    title: str
    metadata: DifyRecordMetadata


class DifyRetrievalResponse(BaseModel):
    records: list[DifyRecordOut]


class DifyErrorOut(BaseModel):
    error_code: int = Field(description="1001 bad Authorization header, 1002 wrong key, 2001 unknown base.")
    error_msg: str


# --- health -----------------------------------------------------------------------------
class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"


class ReadinessOut(BaseModel):
    status: Literal["ready", "loading", "failed"]
    detail: str | None = None
    documents: int | None = None
    sentence_fill: Literal["filling", "done", "off"] | None = Field(
        default=None,
        description="The background fill of the live version's sentence vectors (WENBAO_SENTENCE_FILL): "
        "until it is done, questions that weigh sentences by meaning embed them and answer slower.",
    )
    answer_processes: Literal["starting", "ready", "off"] | None = Field(
        default=None,
        description="The default base's answer processes (WENBAO_ANSWER_PROCESSES): until every one is "
        "ready, questions are answered in the service's own process.",
    )


class ErrorOut(BaseModel):
    detail: str = Field(description="A sentence saying what was wrong and what to do.")
    code: str


class OpenAIErrorDetail(BaseModel):
    message: str = Field(description="A sentence saying what was wrong and what to do.")
    type: str
    param: str | None = None
    code: str


class OpenAIErrorOut(BaseModel):
    """Errors under /v1 come in OpenAI's shape, so chat clients show the message."""

    error: OpenAIErrorDetail


# An OpenAPI 3.1 `schema` for text/event-stream describes ONE event (as OpenAPI 3.2's itemSchema):
# the event name and its `data` line (JSON text).
SSE_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["data"],
    "properties": {"event": {"type": "string"}, "data": {"type": "string"}, "id": {"type": "string"}},
}


# --- OpenAI-compatible chat -----------------------------------------------------------------
class ContentPartIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPartIn] | None = None

    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(p.text or "" for p in self.content if p.type == "text")


class StreamOptionsIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool | None = False


class ChatCompletionRequest(BaseModel):
    # Chat front-ends send many OpenAI options (temperature, max_tokens...): accepted and ignored.
    model_config = ConfigDict(extra="allow")

    model: str = "wenbao"
    messages: list[ChatMessageIn] = Field(min_length=1, max_length=MAX_HISTORY_TURNS + 1)
    stream: bool | None = False
    stream_options: StreamOptionsIn | None = None
    n: int | None = Field(default=None, description="How many choices: only 1 is offered (2 or more: 400).")
    # Open WebUI merges a model's custom parameters into the body (apply_model_params_to_body_openai).
    top_k: Annotated[int, clamped(5, 1, 20)] = Field(
        default=5, description="How many passages to retrieve (clamped to 1..20)."
    )
    year: int | None = None
    doc_id: str | None = Field(default=None, max_length=200)


class ChatMessageOut(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoiceOut(BaseModel):
    index: int = 0
    message: ChatMessageOut
    finish_reason: Literal["stop"] = "stop"


class UsageOut(BaseModel):
    """Counted in characters (no tokenizer of the chat's model exists here: there is no model)."""

    prompt_tokens: int = Field(description="Characters of the messages' text.")
    completion_tokens: int = Field(description="Characters of the reply.")
    total_tokens: int


class ChatCompletionResponse(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoiceOut]
    usage: UsageOut
    # Not part of OpenAI's schema; clients ignore it, wenbao-aware ones can use it.
    wenbao: AskResponse | None = None


class ChatDeltaOut(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChatChunkChoiceOut(BaseModel):
    index: int = 0
    delta: ChatDeltaOut
    finish_reason: Literal["stop"] | None = None


class ChatCompletionChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChatChunkChoiceOut]
    # With stream_options.include_usage: null on every chunk, then one last chunk with no choices.
    usage: UsageOut | None = None


class ModelOut(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "wenbao"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


def error_responses(*statuses: int, model: type[BaseModel] = ErrorOut) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the error statuses a route can return (in `model`'s shape)."""
    return {s: {"model": model} for s in statuses}


def openai_error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The same for the OpenAI-compatible routes, whose errors have OpenAI's shape."""
    return {s: {"model": OpenAIErrorOut} for s in statuses}
