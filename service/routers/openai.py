"""OpenAI-compatible chat: POST /v1/chat/completions and GET /v1/models.

Any OpenAI chat front-end can point at the service: the last user message is the
question, earlier turns are its history, and the citations follow as a `参考：` list.
The model selects the knowledge base: `wenbao` is the default base, `wenbao-<kb>` base `kb`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from wenbao.answering.history import Turn
from wenbao.documents import Answer
from wenbao.errors import KnowledgeBaseNotFoundError
from wenbao.service.deps import PoolDep, QueryRecorderDep, RateLimited, RuntimeDep
from wenbao.service.errors import BadRequestError, ModelNotFoundError
from wenbao.service.knowledge import kb_of_model, model_id
from wenbao.service.runtime import ServiceRuntime
from wenbao.service.schemas import (
    MAX_QUESTION_CHARS,
    SSE_EVENT_SCHEMA,
    AskResponse,
    ChatChoiceOut,
    ChatChunkChoiceOut,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ChatCompletionResponse,
    ChatDeltaOut,
    ChatMessageOut,
    ModelList,
    ModelOut,
    UsageOut,
    openai_error_responses,
)
from wenbao.service.streaming import answer_pieces, references_block, strip_references

_STARTED = int(time.time())

router = APIRouter(prefix="/v1", tags=["openai"])


@router.get("/models", responses=openai_error_responses(503))
async def list_models(runtime: RuntimeDep) -> ModelList:
    """One model per knowledge base: `wenbao` (the default base), `wenbao-<kb>` for the others."""
    return ModelList(
        data=[ModelOut(id=model_id(b.id), created=_created(b.created)) for b in runtime.bases.bases()]
    )


def _created(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp()) if iso else _STARTED


def _model_kb(runtime: ServiceRuntime, model: str) -> str:
    """The base a model selects, or OpenAI's 404 `model_not_found` with the models there are."""
    try:
        return runtime.bases.get(kb_of_model(model)).id
    except KnowledgeBaseNotFoundError:
        models = "、".join(model_id(b.id) for b in runtime.bases.bases())
        raise ModelNotFoundError(
            f"没有名为“{model[:100]}”的模型：可用的模型是 {models}（每个知识库一个）。"
        ) from None


def _question_and_history(body: ChatCompletionRequest) -> tuple[str, list[Turn]]:
    turns = [m for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise BadRequestError("最后一条消息必须来自用户（role 为 user），它就是要回答的问题。")
    question = turns[-1].text().strip()
    if not question:
        raise BadRequestError("问题不能为空：最后一条用户消息没有文字内容。")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadRequestError(f"问题过长：最多 {MAX_QUESTION_CHARS} 个字符，请缩短后再问。")
    history = [Turn(role=m.role, content=strip_references(m.text())) for m in turns[:-1]]
    return question, history


@router.post(
    "/chat/completions",
    dependencies=[RateLimited],
    responses={
        200: {
            "description": "A chat completion, or with `stream: true` chat.completion.chunk events ending "
            "with `data: [DONE]`.",
            "content": {"text/event-stream": {"schema": SSE_EVENT_SCHEMA}},
        },
        **openai_error_responses(404, 413, 422, 429, 503),
    },
    response_model=ChatCompletionResponse,
)
async def chat_completions(
    body: ChatCompletionRequest, runtime: RuntimeDep, pool: PoolDep, log: QueryRecorderDep
) -> ChatCompletionResponse | StreamingResponse:
    """Answer the last user message from the reports of the model's knowledge base, earlier turns
    as its history."""
    kb = _model_kb(runtime, body.model)
    question, history = _question_and_history(body)

    def answer_it() -> Answer:
        answerer = runtime.answerer(kb)
        return answerer.ask(question, history=history, top_k=body.top_k, year=body.year, doc_id=body.doc_id)

    answer = await pool.run(answer_it)
    response = log.record(AskResponse.from_answer(answer), kb=kb)
    content = response.chat_text() + references_block(response.citations)
    # The completion id carries the answer id, so a streaming client can send feedback too.
    completion_id = f"chatcmpl-{response.answer_id}"
    created = int(time.time())
    if body.stream:
        return StreamingResponse(
            _chunks(completion_id, created, content, model_id(kb)),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    return ChatCompletionResponse(
        id=completion_id,
        created=created,
        model=model_id(kb),
        choices=[ChatChoiceOut(message=ChatMessageOut(content=content))],
        usage=UsageOut(
            prompt_tokens=len(question),
            completion_tokens=len(content),
            total_tokens=len(question) + len(content),
        ),
        wenbao=response,
    )


async def _chunks(completion_id: str, created: int, content: str, model: str) -> AsyncIterator[str]:
    def frame(delta: ChatDeltaOut, finish: bool = False) -> str:
        chunk = ChatCompletionChunk(
            id=completion_id,
            created=created,
            model=model,
            choices=[ChatChunkChoiceOut(delta=delta, finish_reason="stop" if finish else None)],
        )
        return f"data: {chunk.model_dump_json(exclude_none=False)}\n\n"

    yield frame(ChatDeltaOut(role="assistant", content=""))
    for piece in answer_pieces(content):
        yield frame(ChatDeltaOut(content=piece))
    yield frame(ChatDeltaOut(), finish=True)
    yield "data: [DONE]\n\n"
