"""The admin's corrections to a stored report: its metadata, a re-index, and its passages.

Both writes re-index the report from its stored original under its id, in one new index
version that goes live only when complete: a failure leaves the stored report as it was.
Passages whose embedded text did not change keep their vectors (index/vector_cache.py), so a
place, year or kind correction embeds nothing. Embedding, when a title change needs it, runs in
the uploads' niced child process, as an upload's does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anyio.to_thread
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from wenbao.documents import DocumentInfo
from wenbao.errors import DocumentExistsError
from wenbao.service.deps import AdminOnly, KbQuery, LibraryDep, RuntimeDep
from wenbao.service.errors import BadRequestError
from wenbao.service.runtime import ServiceRuntime
from wenbao.service.schemas import (
    ChunkOut,
    DocumentDetailOut,
    DocumentEditOut,
    DocumentEditRequest,
    error_responses,
)
from wenbao.settings import DEFAULT_KB

if TYPE_CHECKING:
    from wenbao.index.library import IngestResult, ReportLibrary

router = APIRouter(prefix="/api", tags=["documents"])

EDITABLE = ("title", "place", "year", "kind")
FIELD_NAMES = {"title": "标题", "place": "地区", "year": "年份", "kind": "报告类型"}


@router.get("/documents/{doc_id}/chunks", responses=error_responses(404, 422, 503))
async def list_chunks(doc_id: str, library: LibraryDep) -> list[ChunkOut]:
    """A report's passages in reading order, with their heading paths and `covers`."""
    doc = await run_in_threadpool(library.document, doc_id)
    return [ChunkOut.from_chunk(c) for c in doc.chunks]


@router.patch(
    "/documents/{doc_id}",
    dependencies=[AdminOnly],
    responses=error_responses(400, 401, 403, 404, 409, 422, 429, 503, 507),
)
async def edit_document(
    doc_id: str, body: DocumentEditRequest, runtime: RuntimeDep, library: LibraryDep, kb: KbQuery = DEFAULT_KB
) -> DocumentEditOut:
    """Correct a report's title, place, year or kind (null or "": derive it again).

    Only what changes is re-indexed: a place, year or kind change embeds no passage; a title
    change embeds this report's passages again (the title is part of their embedded text)."""
    if not body.model_fields_set:
        raise BadRequestError(
            "没有要修改的字段：请在请求体中给出 title、place、year、kind 中的至少一个，"
            '例如 {"place": "成都市武侯区"}。'
        )
    changes: dict[str, Any] = {}
    for key in body.model_fields_set:
        value = getattr(body, key)
        changes[key] = value.strip() or None if isinstance(value, str) else value
    before = await run_in_threadpool(library.info, doc_id)
    _refuse_while_importing(runtime, kb, doc_id)
    embed = await anyio.to_thread.run_sync(runtime.jobs.passage_embedder, library)
    result = await runtime.write(library.edit_metadata, doc_id, changes, embed)
    after = await run_in_threadpool(library.info, doc_id)
    changed = [k for k in EDITABLE if getattr(before.meta, k) != getattr(after.meta, k)]
    if result.status == "unchanged":
        message = f"没有变化：报告 {doc_id} 的元数据与提交的相同。"
    else:
        fields = "、".join(FIELD_NAMES[k] for k in changed) or "元数据来源"
        message = f"已保存报告 {doc_id} 的{fields}；{_cost(result)}"
    return await _edit_out(library, after, result, changed, message)


@router.post(
    "/documents/{doc_id}/reindex",
    dependencies=[AdminOnly],
    responses=error_responses(401, 403, 404, 409, 422, 429, 503, 507),
)
async def reindex_document(
    doc_id: str, runtime: RuntimeDep, library: LibraryDep, kb: KbQuery = DEFAULT_KB
) -> DocumentEditOut:
    """Parse the report again from its stored original and rebuild its index entries; passages
    whose text is unchanged keep their vectors."""
    await run_in_threadpool(library.info, doc_id)  # an unknown id is a 404 before any work
    _refuse_while_importing(runtime, kb, doc_id)
    embed = await anyio.to_thread.run_sync(runtime.jobs.passage_embedder, library)
    result = await runtime.write(library.reindex, doc_id, embed)
    after = await run_in_threadpool(library.info, doc_id)
    return await _edit_out(library, after, result, [], f"已重新索引报告 {doc_id}；{_cost(result)}")


def _refuse_while_importing(runtime: ServiceRuntime, kb: str, doc_id: str) -> None:
    """An upload replacing this report would overwrite the edit: one writer of a report at a time."""
    job = runtime.jobs.running_for(kb, doc_id)
    if job is not None:
        raise DocumentExistsError(
            f"报告 {doc_id} 正在导入（任务 {job.id}）：请等这次导入完成后再修改。", doc_id
        )


def _cost(result: IngestResult) -> str:
    if result.embedded == 0:
        return f"共 {result.chunk_count} 段，没有段落需要重新向量化。"
    if result.embedded >= result.chunk_count:
        return f"共 {result.chunk_count} 段，全部重新向量化。"
    return f"共 {result.chunk_count} 段，重新向量化 {result.embedded} 段，其余沿用已有向量。"


async def _edit_out(
    library: ReportLibrary, info: DocumentInfo, result: IngestResult, changed: list[str], message: str
) -> DocumentEditOut:
    doc = await run_in_threadpool(library.document, info.meta.doc_id)
    detail = DocumentDetailOut.from_document(doc, info).model_dump()
    return DocumentEditOut(**detail, changed=changed, passages_embedded=result.embedded, message=message)
