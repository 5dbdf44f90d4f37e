"""OpenAI-compatible chat: POST /v1/chat/completions and GET /v1/models.

Any OpenAI chat front-end can point at the service: the last user message is the
question, earlier turns are its history, and the citations follow as a `参考：` list.
The model selects the knowledge base: `wenbao` is the default base, `wenbao-<kb>` base `kb`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from wenbao.answering.history import Turn
from wenbao.documents import Answer
from wenbao.errors import KnowledgeBaseNotFoundError
from wenbao.service.chat_tasks import TaskPrompt
from wenbao.service.deps import PoolDep, QueryRecorderDep, RateLimited, RuntimeDep
from wenbao.service.errors import BadRequestError, ModelNotFoundError, UnsupportedOptionError
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


@router.get("/models/{model}", responses=openai_error_responses(404, 503))
async def retrieve_model(model: str, runtime: RuntimeDep) -> ModelOut:
    """One model (`models.retrieve`), or OpenAI's 404 `model_not_found`."""
    base = runtime.bases.get(_model_kb(runtime, model))
    return ModelOut(id=model_id(base.id), created=_created(base.created))


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


def _task_prompt(body: ChatCompletionRequest) -> TaskPrompt | None:
    """A client's background prompt, in the last user message, or in a system message that quotes
    the chat (a system prompt with a Task heading alone may be the assistant's own brief).
    Recognised before a question's length is checked: it quotes the whole chat."""
    users = [m for m in body.messages if m.role == "user"]
    if users and (task := TaskPrompt.recognise(users[-1].text())) is not None:
        return task
    for message in body.messages:
        if message.role in ("system", "developer"):
            task = TaskPrompt.recognise(message.text())
            if task is not None and task.quotes_chat:
                return task
    return None


@router.post(
    "/chat/completions",
    dependencies=[RateLimited],
    responses={
        200: {
            "description": "A chat completion, or with `stream: true` chat.completion.chunk events ending "
            "with `data: [DONE]`.",
            "content": {"text/event-stream": {"schema": SSE_EVENT_SCHEMA}},
        },
        **openai_error_responses(400, 404, 413, 422, 429, 503),
    },
    response_model=ChatCompletionResponse,
)
async def chat_completions(
    body: ChatCompletionRequest, runtime: RuntimeDep, pool: PoolDep, log: QueryRecorderDep
) -> ChatCompletionResponse | StreamingResponse:
    """Answer the last user message from the reports of the model's knowledge base, earlier turns
    as its history.

    A chat client's own background prompt (a title, tags, follow-ups: "### Task: … ### Output: …")
    gets a brief reply in the JSON it asks for, without a report search or a query-log row.
    Usage counts characters. `n` above 1 is refused (one answer is all there is); `top_k` is
    clamped to 1..20."""
    kb = _model_kb(runtime, body.model)
    if body.n is not None and body.n > 1:
        raise UnsupportedOptionError(
            f"本服务每个问题只给出一个回答：n 只能为 1（收到 {body.n}），请去掉 n 或设为 1。"
        )
    prompt_chars = sum(len(m.text()) for m in body.messages)
    task = _task_prompt(body)
    wenbao: AskResponse | None = None
    if task is not None:
        content = task.reply()
        completion_id = f"chatcmpl-task-{uuid.uuid4().hex}"
    else:
        question, history = _question_and_history(body)

        def answer_it() -> Answer:
            answerer = runtime.answerer(kb)
            return answerer.ask(
                question, history=history, top_k=body.top_k, year=body.year, doc_id=body.doc_id
            )

        answer = await pool.run(answer_it)
        wenbao = log.record(AskResponse.from_answer(answer), kb=kb)
        content = wenbao.chat_text() + references_block(wenbao)
        # The completion id carries the answer id, so a streaming client can send feedback too.
        completion_id = f"chatcmpl-{wenbao.answer_id}"
    usage = UsageOut(
        prompt_tokens=prompt_chars, completion_tokens=len(content), total_tokens=prompt_chars + len(content)
    )
    created = int(time.time())
    if body.stream:
        with_usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(
            _chunks(completion_id, created, content, model_id(kb), usage if with_usage else None),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    return ChatCompletionResponse(
        id=completion_id,
        created=created,
        model=model_id(kb),
        choices=[ChatChoiceOut(message=ChatMessageOut(content=content))],
        usage=usage,
        wenbao=wenbao,
    )


async def _chunks(
    completion_id: str, created: int, content: str, model: str, usage: UsageOut | None
) -> AsyncIterator[str]:
    def frame(choices: list[ChatChunkChoiceOut], usage: UsageOut | None = None) -> str:
        chunk = ChatCompletionChunk(
            id=completion_id, created=created, model=model, choices=choices, usage=usage
        )
        return f"data: {chunk.model_dump_json(exclude_none=False)}\n\n"

    def delta(delta: ChatDeltaOut, finish: bool = False) -> str:
        return frame([ChatChunkChoiceOut(delta=delta, finish_reason="stop" if finish else None)])

    yield delta(ChatDeltaOut(role="assistant", content=""))
    for piece in answer_pieces(content):
        yield delta(ChatDeltaOut(content=piece))
    yield delta(ChatDeltaOut(), finish=True)
    if usage is not None:  # stream_options.include_usage: OpenAI's last chunk, no choices
        yield frame([], usage)
    yield "data: [DONE]\n\n"
