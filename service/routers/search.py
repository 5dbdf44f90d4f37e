"""GET /api/search: the passages retrieval finds, without an answer."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from wenbao.errors import InvalidQuestionError
from wenbao.service.deps import LibraryDep, PoolDep, RateLimited
from wenbao.service.schemas import MAX_QUESTION_CHARS, SearchResponse, SearchResultOut, error_responses

router = APIRouter(prefix="/api", tags=["search"], dependencies=[RateLimited])


@router.get("/search", responses=error_responses(404, 422, 429, 503))
async def search(
    library: LibraryDep,
    pool: PoolDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="The query.")],
    top_k: Annotated[int, Query(ge=1, le=20)] = 5,
    year: int | None = None,
    doc_id: Annotated[str | None, Query(max_length=200)] = None,
    mode: Literal["hybrid", "bm25", "dense"] = "hybrid",
) -> SearchResponse:
    """Retrieve the passages of a knowledge base (`kb`) that best match a query, in rank order."""
    query = q.strip()
    if not query:
        raise InvalidQuestionError("查询词不能为空：请输入想查找的内容。")
    hits = await pool.run(library.search, query, top_k=top_k, year=year, doc_id=doc_id, mode=mode)
    return SearchResponse(
        query=query, results=[SearchResultOut.from_hit(i, h) for i, h in enumerate(hits, 1)]
    )
