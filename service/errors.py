"""HTTP edge of the domain errors: the ONE place where an exception becomes a status code.

Library code raises `wenbao.errors` classes with a sentence a user can act on; the
service adds a few of its own (not ready, busy, rate limited, auth). Every bad input
ends here as a 4xx with that sentence, never as a 500.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from wenbao.errors import (
    ChunkNotFoundError,
    DocumentExistsError,
    DocumentNotFoundError,
    EmptyDocumentError,
    IndexStoreError,
    IngestError,
    InvalidKnowledgeBaseError,
    InvalidQuestionError,
    KnowledgeBaseExistsError,
    KnowledgeBaseNotEmptyError,
    KnowledgeBaseNotFoundError,
    KnowledgeBaseProtectedError,
    LLMUnavailableError,
    StorageWriteError,
    UnreadableDocumentError,
    UnsupportedFormatError,
    WenbaoError,
)

logger = logging.getLogger("wenbao.service")


# --- service-level errors -----------------------------------------------------
class ServiceNotReadyError(WenbaoError):
    """The index is still loading or failed to load."""


class ServiceBusyError(WenbaoError):
    """Too many requests are already waiting for a worker."""


class RateLimitedError(WenbaoError):
    """One client sent too many requests in a short time."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class AuthRequiredError(WenbaoError):
    """An admin endpoint was called without a bearer token."""


class AuthRejectedError(WenbaoError):
    """An admin endpoint was called with a wrong token, or admin endpoints are disabled."""


class UploadTooLargeError(WenbaoError):
    """The uploaded file is over the configured size limit."""


class BadRequestError(WenbaoError):
    """The request is well-formed JSON but not usable (e.g. a chat without a user turn)."""


class ModelNotFoundError(KnowledgeBaseNotFoundError):
    """/v1/chat/completions with a model that names no knowledge base."""


class UnsupportedOptionError(WenbaoError):
    """An OpenAI option the service cannot honour (n > 1): a 400 naming it, not a silent default."""


class UnknownFilterError(BadRequestError):
    """A search filter (place, year, metadata condition) that nothing stored can match."""


class DifyAuthHeaderError(AuthRequiredError):
    """POST /retrieval without `Authorization: Bearer <key>` (Dify's error code 1001)."""


class DifyAuthFailedError(AuthRejectedError):
    """POST /retrieval with a wrong key, or while no key is configured (Dify's code 1002)."""


class MalformedRequestError(WenbaoError):
    """The request body cannot be parsed as what it says it is (a broken multipart form)."""


class JobNotFoundError(WenbaoError):
    """No upload job has that id (or it is older than the ones kept)."""


class AnswerNotFoundError(WenbaoError):
    """Feedback for an answer id the query log does not hold."""


class QueryLogUnavailableError(WenbaoError):
    """The query log could not be read (its reports only: answering never sees this)."""


# Most specific first: the first class an exception is an instance of decides its status.
STATUS_BY_ERROR: Sequence[tuple[type[WenbaoError], int]] = (
    (DocumentNotFoundError, 404),
    (ChunkNotFoundError, 404),
    (KnowledgeBaseNotFoundError, 404),
    (JobNotFoundError, 404),
    (AnswerNotFoundError, 404),
    (DocumentExistsError, 409),
    (KnowledgeBaseExistsError, 409),
    (KnowledgeBaseNotEmptyError, 409),
    (KnowledgeBaseProtectedError, 409),
    (InvalidKnowledgeBaseError, 422),
    (MalformedRequestError, 400),
    (UnsupportedOptionError, 400),
    (InvalidQuestionError, 422),
    (BadRequestError, 422),
    (UnsupportedFormatError, 415),
    (UnreadableDocumentError, 422),
    (EmptyDocumentError, 422),
    (IngestError, 422),
    (UploadTooLargeError, 413),
    (AuthRequiredError, 401),
    (AuthRejectedError, 403),
    (RateLimitedError, 429),
    (StorageWriteError, 507),
    (IndexStoreError, 503),
    (ServiceNotReadyError, 503),
    (ServiceBusyError, 503),
    (QueryLogUnavailableError, 503),
    (LLMUnavailableError, 503),
)

# Dify's external knowledge API: errors are `{"error_code", "error_msg"}` with the codes its page
# suggests; any other error carries its HTTP status as the code.
DIFY_PATH = "/retrieval"
DIFY_ERROR_CODES = {
    "DifyAuthHeaderError": 1001,
    "DifyAuthFailedError": 1002,
    "KnowledgeBaseNotFoundError": 2001,
}

DIFY_BODY_MESSAGE = (
    "请求体应为 Dify 外部知识库 API 的 JSON，例如 "
    '{"knowledge_id": "default", "query": "地区生产总值", '
    '"retrieval_setting": {"top_k": 5, "score_threshold": 0.5}}。'
)

# OpenAI's own code for an unknown model, which chat clients recognise.
OPENAI_ERROR_CODES = {"ModelNotFoundError": "model_not_found", "UnsupportedOptionError": "unsupported_value"}
# The request field an OpenAI error code is about (OpenAI's `param`).
OPENAI_ERROR_PARAMS = {"model_not_found": "model", "unsupported_value": "n"}

TOO_LARGE_MESSAGE = "请求内容过大：上传的文件最多 {mb:g} MB，问答请求最多 {kb} KB。"


def status_for(exc: WenbaoError) -> int:
    for cls, status in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            return status
    return 400


def error_response(
    request: Request, status: int, message: str, code: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """`{"detail": message, "code": ...}`, or OpenAI's error shape under /v1 so chat clients show it,
    or Dify's on its retrieval endpoint."""
    body: dict[str, Any]
    if request.url.path.startswith("/v1/"):
        kind = "invalid_request_error" if status < 500 else "server_error"
        code = OPENAI_ERROR_CODES.get(code, code)
        param = OPENAI_ERROR_PARAMS.get(code)
        body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    elif request.url.path == DIFY_PATH:
        body = {"error_code": DIFY_ERROR_CODES.get(code, status), "error_msg": message}
    else:
        body = {"detail": message, "code": code}
    return JSONResponse(body, status_code=status, headers=headers)


# --- validation errors as sentences ---------------------------------------------
_FIELD_NAMES = {
    "question": "问题",
    "q": "查询词 q",
    "query": "查询词 query",
    "top_k": "top_k",
    "history": "history",
    "messages": "messages",
    "rating": "评价 rating",
    "comment": "留言 comment",
    "answer_id": "answer_id",
}


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):  # where it was, not which field
        parts = parts[1:]
    if not parts:
        return "请求体"
    name = ".".join(parts)
    return _FIELD_NAMES.get(name, name)


def _sentence(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    loc = err.get("loc") or ()
    field = _field(loc)
    if kind == "json_invalid":
        return (
            f"请求体不是有效的 JSON（{ctx.get('error', '无法解析')}）：请检查引号、逗号和括号，"
            "并以 UTF-8 编码发送。"
        )
    if kind == "missing":
        if field == "请求体":
            return '缺少请求体：请发送 JSON，例如 {"question": "2024年上半年地区生产总值是多少？"}。'
        return f"缺少必填字段 {field}。"
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "")))
    if kind in ("string_too_short",):
        return (
            "问题不能为空：请输入想了解的内容。" if field in ("问题", "查询词 q") else f"{field} 不能为空。"
        )
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        if field in ("问题", "查询词 q"):
            return f"{field}过长：最多 {limit} 个字符，请缩短后再问。"
        return f"{field} 过长：最多 {limit} 个字符。"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if field == "top_k":
            return f"top_k 必须是 1 到 20 之间的整数（收到 {err.get('input')}）。"
        bound = next(iter(ctx.values()), "")
        relation = {
            "greater_than_equal": "不能小于",
            "less_than_equal": "不能大于",
            "greater_than": "必须大于",
            "less_than": "必须小于",
        }[kind]
        return f"{field} {relation} {bound}（收到 {err.get('input')}）。"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{field} 必须是整数（收到 {err.get('input')!r}）。"
    if kind in ("string_type", "string_unicode"):
        return f"{field} 必须是字符串。"
    if kind in ("bool_type", "bool_parsing"):
        return f"{field} 必须是 true 或 false。"
    if kind in ("list_type", "too_long", "too_short"):
        if kind == "too_long":
            return f"{field} 的条目太多：最多 {ctx.get('max_length')} 条。"
        if kind == "too_short":
            return f"{field} 至少需要 {ctx.get('min_length')} 条。"
        return f"{field} 必须是数组。"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{field} 必须是 JSON 对象。"
    if kind == "literal_error" and field == "评价 rating":
        return '评价 rating 只能是 "up"（👍）或 "down"（👎）。'
    if kind == "literal_error":
        return f"{field} 只能是 {ctx.get('expected')}。"
    if kind == "extra_forbidden":
        return f"不支持的字段 {field}。"
    if kind in ("float_type", "float_parsing"):
        return f"{field} 必须是数字。"
    return f"{field}：{err.get('msg', '格式不正确')}。"


def describe_validation_errors(errors: Sequence[dict[str, Any]]) -> str:
    sentences: list[str] = []
    for err in errors:
        s = _sentence(err)
        if s not in sentences:
            sentences.append(s)
    return "".join(sentences) or "请求格式不正确。"


_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def allowed_methods(request: Request) -> list[str]:
    """Every method the API documents at this request's path (the OpenAPI paths are what
    clients and the Allow header must agree on; included routers are not plain routes)."""
    patterns: list[tuple[re.Pattern[str], list[str]]] | None = getattr(
        request.app.state, "allow_patterns", None
    )
    if patterns is None:
        patterns = []
        for template, item in request.app.openapi().get("paths", {}).items():
            regex = "^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$"
            patterns.append((re.compile(regex), [m.upper() for m in item if m in _HTTP_METHODS]))
        request.app.state.allow_patterns = patterns
    methods = {m for regex, ms in patterns if regex.match(request.url.path) for m in ms}
    return sorted(methods)


# --- handlers -------------------------------------------------------------------
def install_error_handlers(app: FastAPI) -> None:
    settings_mb = app.state.settings.max_upload_mb
    json_kb = app.state.json_body_limit // 1024

    async def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, WenbaoError)
        status = status_for(exc)
        headers: dict[str, str] = {}
        if isinstance(exc, RateLimitedError):
            headers["Retry-After"] = str(exc.retry_after_s)
        elif status == 503:
            headers["Retry-After"] = "5"
        elif status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        if status >= 500:
            logger.warning("%s %s -> %d: %s", request.method, request.url.path, status, exc.message)
        return error_response(request, status, exc.message, type(exc).__name__, headers)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = list(exc.errors())
        message = describe_validation_errors(errors)
        if request.url.path == DIFY_PATH and any(tuple(e.get("loc") or ()) == ("body",) for e in errors):
            message = DIFY_BODY_MESSAGE  # the general example asks for `question`, not Dify's fields
        return error_response(request, 422, message, "ValidationError")

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        message = str(exc.detail)
        code = "HTTPError"
        if status == 413:
            code = "RequestTooLarge"
            if message == "Content Too Large":
                message = TOO_LARGE_MESSAGE.format(mb=settings_mb, kb=json_kb)
        elif status == 404:
            message, code = f"找不到 {request.url.path}：请查看 /docs 中的接口列表。", "NotFound"
        elif status == 405:
            allowed = allowed_methods(request)
            message, code = (
                f"{request.url.path} 不支持 {request.method} 请求（可用：{'、'.join(allowed)}）。",
                "MethodNotAllowed",
            )
            # Starlette names only the first route that matched the path; a path served by
            # several routes (GET and POST /api/documents) allows all of their methods.
            return error_response(request, status, message, code, {"Allow": ", ".join(allowed)})
        elif status == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            # FastAPI reports undecodable JSON bytes as a generic 400; it is bad input like any other.
            status, code = 422, "ValidationError"
            message = "请求体不是有效的 UTF-8 文本：请以 UTF-8 编码发送 JSON。"
        elif status == 400 and message == "There was an error parsing the body":
            message = "无法解析请求体：请检查 Content-Type 与内容是否一致。"
        return error_response(request, status, message, code, dict(exc.headers or {}))

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(request, 500, "服务器内部错误，请稍后再试。", "InternalError")

    app.add_exception_handler(WenbaoError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
