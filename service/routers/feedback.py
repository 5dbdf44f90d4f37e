"""POST /api/feedback (a resident's 👍/👎) and the admin's view of the query log."""

from __future__ import annotations

from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from wenbao.service.deps import AdminOnly, QueryLogDep, RateLimited, RuntimeDep
from wenbao.service.querylog import queries_csv
from wenbao.service.schemas import (
    FeedbackOut,
    FeedbackRequest,
    IsoDay,
    QueriesOut,
    QueryOut,
    QueryReportOut,
    error_responses,
)

router = APIRouter(prefix="/api", tags=["feedback"])

KbFilter = Annotated[
    str | None,
    Query(min_length=1, max_length=100, description="Only this knowledge base (default: every base)."),
]


@router.post("/feedback", dependencies=[RateLimited], responses=error_responses(404, 413, 422, 429, 503))
async def give_feedback(body: FeedbackRequest, log: QueryLogDep) -> FeedbackOut:
    """Rate an answer 👍 ("up") or 👎 ("down"), with an optional comment; a later rating replaces it."""
    comment = body.comment.strip() if body.comment else None
    # An OpenAI-compatible completion id is `chatcmpl-<answer_id>`; either form is accepted.
    answer_id = body.answer_id.removeprefix("chatcmpl-")
    await anyio.to_thread.run_sync(log.feedback, answer_id, body.rating, comment or None)
    return FeedbackOut(answer_id=answer_id, rating=body.rating)


@router.get(
    "/admin/queries",
    dependencies=[AdminOnly],
    response_model=QueriesOut,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **error_responses(401, 403, 404, 422, 429, 503),
    },
)
async def list_queries(
    log: QueryLogDep,
    runtime: RuntimeDep,
    kb: KbFilter = None,
    refused: Annotated[bool | None, Query(description="true: only unanswered questions.")] = None,
    rating: Annotated[Literal["up", "down"] | None, Query()] = None,
    since: Annotated[IsoDay | None, Query(description="First day (YYYY-MM-DD), server time.")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> QueriesOut | PlainTextResponse:
    """The logged questions, newest first; `format=csv` for a spreadsheet."""
    base = None if kb is None else runtime.bases.get(kb).id
    rows = await anyio.to_thread.run_sync(
        lambda: log.queries(refused=refused, rating=rating, since=since, limit=limit, kb=base)
    )
    if format == "csv":
        return PlainTextResponse(
            queries_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="wenbao-queries.csv"'},
        )
    return QueriesOut(queries=[QueryOut.model_validate(r) for r in rows])


@router.get(
    "/admin/report", dependencies=[AdminOnly], responses=error_responses(401, 403, 404, 422, 429, 503)
)
async def query_report(
    log: QueryLogDep,
    runtime: RuntimeDep,
    kb: KbFilter = None,
    since: Annotated[IsoDay | None, Query(description="First day (YYYY-MM-DD), server time.")] = None,
) -> QueryReportOut:
    """Most asked questions, refused ones grouped by similarity, 👎 answers with comments, daily counts."""
    base = None if kb is None else runtime.bases.get(kb).id
    similarity = runtime.settings.report_similarity
    report = await anyio.to_thread.run_sync(lambda: log.report(since=since, similarity=similarity, kb=base))
    return QueryReportOut.model_validate(report)
