"""POST /api/ask and its Server-Sent Events twin /api/ask/stream."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from wenbao.answering.history import Turn
from wenbao.service.deps import AskServicesDep
from wenbao.service.querylog import QueryRecorder
from wenbao.service.runtime import CpuWorkPool, ServiceRuntime
from wenbao.service.schemas import (
    SSE_EVENT_SCHEMA,
    AskRequest,
    AskResponse,
    StreamCitationsEvent,
    StreamDeltaEvent,
    error_responses,
)
from wenbao.service.streaming import answer_pieces, sse_event
from wenbao.settings import DEFAULT_KB

# Rate-limited by AskServicesDep, which both routes take (one dependency solved a question, not six).
router = APIRouter(prefix="/api", tags=["ask"])

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _answer(runtime: ServiceRuntime, body: AskRequest) -> tuple[str, AskResponse]:
    """The base's id and its answer (on a worker: the base's index may load first), from an
    answer process where the service runs them (the default base's questions), else here."""
    answerer = runtime.answerer(body.kb)
    kb = answerer.library.settings.kb
    processes = runtime.answer_processes
    if processes is not None and kb == DEFAULT_KB:
        response = processes.answer(answerer.library.version, body)
        if response is not None:
            return kb, response
    history = [Turn(role=t.role, content=t.content) for t in body.history]
    answer = answerer.ask(
        body.question, history=history, top_k=body.top_k, year=body.year, doc_id=body.doc_id
    )
    return kb, AskResponse.from_answer(answer)


async def answer_request(
    body: AskRequest, runtime: ServiceRuntime, pool: CpuWorkPool, log: QueryRecorder
) -> AskResponse:
    """Answer from the base `body.kb` and log the question (the HTTP routes and the MCP tool)."""
    kb, response = await pool.run(_answer, runtime, body)
    return log.record(response, kb=kb)


# 404: an unknown `kb`. 413: a JSON body over the service's limit is refused while it streams in (main.py).
@router.post("/ask", response_model=AskResponse, responses=error_responses(404, 413, 422, 429, 503))
async def ask(body: AskRequest, services: AskServicesDep) -> Response:
    """Answer a question from the reports of a knowledge base, with numbered citations."""
    response = await answer_request(body, services.runtime, services.pool, services.log)
    # Serialised once, by the model that built it: returned as a model, FastAPI would dump it,
    # validate the dump into a new AskResponse and encode that again (~0.25 ms of ~6 KB each).
    return Response(response.model_dump_json(), media_type="application/json")


async def ask_events(response: AskResponse) -> AsyncIterator[str]:
    yield sse_event(
        "citations",
        StreamCitationsEvent(
            rewritten_question=response.rewritten_question,
            answerable=response.answerable,
            citations=response.citations,
            clarify=response.clarify,
            table=response.table,
        ),
    )
    for piece in answer_pieces(response.answer):
        yield sse_event("delta", StreamDeltaEvent(text=piece))
    yield sse_event("done", response)


@router.post(
    "/ask/stream",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Server-Sent Events: `citations` first, then `delta` pieces of the answer, "
            "then `done` with the full AskResponse.",
            "content": {"text/event-stream": {"schema": SSE_EVENT_SCHEMA}},
        },
        **error_responses(404, 413, 422, 429, 503),
    },
)
async def ask_stream(body: AskRequest, services: AskServicesDep) -> StreamingResponse:
    """The same answer as /api/ask, streamed as Server-Sent Events."""
    # Answer before the stream starts, so bad input is still a plain 4xx, not a broken stream.
    response = await answer_request(body, services.runtime, services.pool, services.log)
    return StreamingResponse(ask_events(response), media_type="text/event-stream", headers=SSE_HEADERS)
