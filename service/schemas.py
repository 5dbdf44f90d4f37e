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
    Chunk,
    Citation,
    Clarification,
    DocumentInfo,
    Hit,
    ParsedDocument,
    Section,
)
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

    question: Question
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
        )


class StreamCitationsEvent(BaseModel):
    """Payload of the first SSE event of /api/ask/stream."""

    rewritten_question: str
    answerable: bool
    citations: list[CitationOut]
    clarify: ClarifyOut | None = None


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
    status: Literal["queued", "parsing", "embedding", "indexing", "done", "failed"]
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
        json_schema_extra={"examples": [{"place": "成都市武侯区"}, {"year": 2025, "kind": "budget_report"}]},
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

    id: str = Field(
        min_length=1,
        max_length=100,
        description="1 to 32 lowercase letters, digits or hyphens, starting with a letter: `plans`.",
    )
    name: str | None = Field(default=None, max_length=200, description="A display name (default: the id).")
    description: str = Field(default="", max_length=2000)


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


class DifyRetrievalSetting(BaseModel):
    top_k: int = Field(ge=1, le=100, description="Maximum number of records.")
    score_threshold: float = Field(
        default=0.0, ge=0.0, le=1.0, description="Minimum score (0..1); Dify sends 0.0 when it is off."
    )


class DifyCondition(BaseModel):
    # Dify's page documents `name` as a string; its older page as a list of names (any may match).
    name: str | list[str] = Field(description="place, place_level, kind, year, date, doc_id or title.")
    comparison_operator: DifyOperator
    value: str | int | float | list[str] | None = None


class DifyMetadataCondition(BaseModel):
    logical_operator: Literal["and", "or"] = "and"
    conditions: list[DifyCondition] = Field(max_length=50)


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
    query: Question
    retrieval_setting: DifyRetrievalSetting
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
    fused_score: float = Field(description="The retrieval's own (RRF) score that `score` is scaled from.")


class DifyRecordOut(BaseModel):
    content: str
    score: float = Field(ge=0.0, le=1.0)
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


class ChatCompletionRequest(BaseModel):
    # Chat front-ends send many OpenAI options (temperature, max_tokens...): accepted and ignored.
    model_config = ConfigDict(extra="allow")

    model: str = "wenbao"
    messages: list[ChatMessageIn] = Field(min_length=1, max_length=MAX_HISTORY_TURNS + 1)
    stream: bool = False
    top_k: TopK = 5
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
    prompt_tokens: int
    completion_tokens: int
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
