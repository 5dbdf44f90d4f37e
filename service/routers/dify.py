"""POST /retrieval: Dify's external knowledge API over wenbao's search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wenbao.documents import SearchScope
from wenbao.service import dify
from wenbao.service.deps import PoolDep, RateLimited, RuntimeDep, check_request_token
from wenbao.service.errors import DIFY_PATH, DifyAuthFailedError, DifyAuthHeaderError
from wenbao.service.schemas import (
    DifyErrorOut,
    DifyRetrievalRequest,
    DifyRetrievalResponse,
    error_responses,
)
from wenbao.service.security import TokenPolicy

DIFY_POLICY = TokenPolicy(
    name="Dify",
    missing=lambda: DifyAuthHeaderError(
        "Authorization 请求头格式不正确：应为 Authorization: Bearer <WENBAO_DIFY_API_KEY>。"
    ),
    wrong=lambda: DifyAuthFailedError("API Key 不正确：请检查在 Dify 中填写的 API Key。"),
    disabled=lambda: DifyAuthFailedError(
        "Dify 外部知识库接口未开启：请在启动服务前设置环境变量 WENBAO_DIFY_API_KEY，"
        "并在 Dify 的外部知识库 API 中填写同一个 API Key。"
    ),
)

_dify_bearer = HTTPBearer(
    auto_error=False, scheme_name="DifyApiKey", description="Authorization: Bearer <WENBAO_DIFY_API_KEY>"
)


def require_dify_key(
    request: Request,
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_dify_bearer)],
) -> None:
    check_request_token(request, credentials, runtime.settings.dify_api_key, DIFY_POLICY)


router = APIRouter(tags=["dify"], dependencies=[Depends(require_dify_key), RateLimited])


@router.post(
    DIFY_PATH,
    responses=error_responses(401, 403, 404, 422, 429, 503, model=DifyErrorOut),
)
async def retrieval(body: DifyRetrievalRequest, runtime: RuntimeDep, pool: PoolDep) -> DifyRetrievalResponse:
    """Dify's external knowledge API: the passages that match a query, each with the probability
    that it holds the answer as its score (so Dify's score threshold means the same for every query).

    Takes all that Dify sends: `top_k: null` (the default, 5), a null `metadata_condition`,
    `conditions` or `logical_operator`, Dify's built-in metadata names, times as Unix timestamps
    or ISO dates, and a query longer than retrieval reads (its head is searched).

    Errors come as `{"error_code", "error_msg"}`: 1001 (401) a missing or malformed
    Authorization header, 1002 (403) a wrong key or the endpoint disabled (no
    WENBAO_DIFY_API_KEY), 2001 (404) an unknown knowledge_id; others carry the HTTP status.
    `knowledge_id` is a wenbao knowledge base id (`GET /api/kbs`)."""
    library = runtime.library(body.knowledge_id)
    infos = await pool.run(library.documents)  # a base's first read may load its index
    scope = None
    if body.metadata_condition is not None and body.metadata_condition.conditions:
        doc_ids = dify.matching_doc_ids(infos, body.metadata_condition)
        if not doc_ids:
            return DifyRetrievalResponse(records=[])
        scope = SearchScope(doc_ids=doc_ids)
    hits = await pool.run(library.search, body.query, top_k=body.retrieval_setting.top_k, scope=scope)
    threshold = body.retrieval_setting.score_threshold
    return DifyRetrievalResponse(records=dify.records(hits, infos, threshold, runtime.settings))
