"""The stored reports: list, outline, upload and delete (the last two need the admin token)."""

from __future__ import annotations

from pathlib import PurePath

import anyio.to_thread
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from wenbao.documents import REPORT_KINDS, MetaOverride
from wenbao.errors import EmptyDocumentError, InvalidMetadataError, UnsupportedFormatError
from wenbao.service.deps import AdminOnly, LibraryDep, RuntimeDep
from wenbao.service.errors import BadRequestError, UploadTooLargeError
from wenbao.service.schemas import DocumentDetailOut, DocumentOut, error_responses

router = APIRouter(prefix="/api", tags=["documents"])

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf")
# Multipart boundaries and part headers on top of the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": ".txt, .docx or .pdf"},
                        "title": {"type": "string", "description": "The report's title (else derived)."},
                        "place": {
                            "type": "string",
                            "description": "The place it speaks for, e.g. 成都市武侯区 (else derived).",
                        },
                        "year": {"type": "integer", "description": "The year it was delivered in."},
                        "kind": {
                            "type": "string",
                            "enum": list(REPORT_KINDS),
                            "description": "The kind of report (else derived from the title).",
                        },
                    },
                }
            }
        },
    }
}


@router.get("/documents")
async def list_documents(library: LibraryDep) -> list[DocumentOut]:
    """Every stored report with its id, title, year, date, chunk count and sha256."""
    infos = await run_in_threadpool(library.documents)
    return [DocumentOut.from_info(i) for i in infos]


@router.get("/documents/{doc_id}", responses=error_responses(404, 503))
async def get_document(doc_id: str, library: LibraryDep) -> DocumentDetailOut:
    """A report's metadata and outline (its numbered headings)."""
    doc = await run_in_threadpool(library.document, doc_id)
    infos = await run_in_threadpool(library.documents)
    info = next((i for i in infos if i.meta.doc_id == doc_id), None)
    return DocumentDetailOut.from_document(doc, info)


@router.post(
    "/documents",
    status_code=201,
    dependencies=[AdminOnly],
    openapi_extra=_UPLOAD_BODY,
    responses=error_responses(401, 403, 413, 415, 422, 503),
)
async def upload_document(request: Request, response: Response, runtime: RuntimeDep) -> DocumentOut:
    """Store, ingest and index a report before answering; questions keep being answered meanwhile.

    The body is read only here, after the token check, and the route's body limit stops
    an oversized upload while it streams in (Content-Length first, then counted bytes).
    """
    limit_bytes = int(runtime.settings.max_upload_mb * 1024 * 1024)
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise UnsupportedFormatError(
            "上传需要 multipart/form-data 请求：请把报告文件放在 file 字段中（.txt、.docx 或 .pdf）。"
        )
    async with request.form(max_files=1, max_fields=8) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise BadRequestError(
                "缺少上传文件：请把报告放在 multipart 表单的 file 字段中（.txt、.docx 或 .pdf）。"
            )
        if upload.size is not None and upload.size > limit_bytes:
            raise UploadTooLargeError(f"上传的文件过大：最多 {runtime.settings.max_upload_mb:g} MB。")
        name = upload.filename or "upload"
        override = _override_from_form(form)
        data = await upload.read()
    suffix = PurePath(name).suffix.lower()
    if suffix and suffix not in ALLOWED_SUFFIXES:
        raise UnsupportedFormatError(f"不支持的文件类型 {suffix}：请上传 .txt、.docx 或 .pdf 格式的报告。")
    if not data:
        raise EmptyDocumentError("上传的文件是空的：请选择包含报告正文的文件。")
    library = runtime.library_for_writes()
    # Ingest is long CPU work: off the event loop, and off the question workers so that
    # questions keep being answered from the old index while the new one is built.
    info = await anyio.to_thread.run_sync(library.add_bytes, data, name, override)
    runtime.after_write()
    response.headers["Location"] = f"/api/documents/{info.meta.doc_id}"
    return DocumentOut.from_info(info)


def _override_from_form(form: FormData) -> MetaOverride:
    """The uploader's metadata fields; empty fields are left to ingest."""
    values: dict[str, str | int] = {}
    for key in ("title", "place", "year", "kind"):
        value = form.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadRequestError(f"表单字段 {key} 应为文字，不是文件。")
        value = value.strip()
        if not value:
            continue
        if key == "year":
            if not value.isdigit():
                raise InvalidMetadataError(f"年份应为四位数字，例如 2025，而不是“{value[:20]}”。")
            values[key] = int(value)
        else:
            values[key] = value
    return MetaOverride(**values)  # type: ignore[arg-type]


@router.delete(
    "/documents/{doc_id}",
    status_code=204,
    dependencies=[AdminOnly],
    responses=error_responses(401, 403, 404, 503),
)
async def delete_document(doc_id: str, library: LibraryDep) -> Response:
    """Remove a report and its passages from the index."""
    await anyio.to_thread.run_sync(library.remove, doc_id)
    return Response(status_code=204)
