"""The stored reports: list, outline, upload and delete (the last two need the admin token).

An upload is a job (service/jobs.py): the request checks the file and queues it."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import PurePath
from typing import Annotated
from urllib.parse import quote

import anyio
import anyio.to_thread
from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from wenbao.documents import REPORT_KINDS, YEAR_MAX, YEAR_MIN, MetaOverride
from wenbao.errors import (
    DocumentNotFoundError,
    EmptyDocumentError,
    InvalidMetadataError,
    UnsupportedFormatError,
)
from wenbao.service.deps import AdminOnly, KbQuery, LibraryDep, RuntimeDep
from wenbao.service.errors import BadRequestError, MalformedRequestError, UploadTooLargeError, error_response
from wenbao.service.jobs import Job
from wenbao.service.runtime import ServiceRuntime
from wenbao.service.schemas import (
    DocumentDetailOut,
    DocumentOut,
    JobOut,
    UploadedDocumentOut,
    error_responses,
)
from wenbao.settings import DEFAULT_KB

router = APIRouter(prefix="/api", tags=["documents"])

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf")
# Multipart boundaries and part headers on top of the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
# file, title, place, year, kind, and a few a client may add
MAX_FORM_FIELDS = 8
MAX_FILE_NAME_CHARS = 200
# How often a waiting request or an event stream looks at its job.
JOB_POLL_S = 0.25

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
                        "year": {
                            "type": "integer",
                            "minimum": YEAR_MIN,
                            "maximum": YEAR_MAX,
                            "description": "The year it was delivered in.",
                        },
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


WaitQuery = Annotated[bool, Query(description="Answer once the report is stored (bounded by a timeout).")]
ReplaceQuery = Annotated[bool, Query(description="Replace the stored report this upload is a version of.")]


@router.get("/documents", responses=error_responses(404, 422, 503))
async def list_documents(library: LibraryDep) -> list[DocumentOut]:
    """Every report of a knowledge base (`kb`) with its id, title, year, date, chunk count and sha256."""
    infos = await run_in_threadpool(library.documents)
    return [DocumentOut.from_info(i) for i in infos]


@router.get("/documents/{doc_id}", responses=error_responses(404, 422, 503))
async def get_document(doc_id: str, library: LibraryDep) -> DocumentDetailOut:
    """A report's metadata and outline (its numbered headings)."""
    doc = await run_in_threadpool(library.document, doc_id)
    infos = await run_in_threadpool(library.documents)
    info = next((i for i in infos if i.meta.doc_id == doc_id), None)
    return DocumentDetailOut.from_document(doc, info)


@router.post(
    "/documents",
    status_code=202,
    dependencies=[AdminOnly],
    openapi_extra=_UPLOAD_BODY,
    responses={
        202: {"model": JobOut, "description": "Checked and queued; follow `Location: /api/jobs/{id}`."},
        201: {"model": UploadedDocumentOut, "description": "`wait=true`: stored as a new report."},
        200: {"model": UploadedDocumentOut, "description": "`wait=true` and `replace=true`: replaced."},
        **error_responses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503, 507),
    },
)
async def upload_document(
    request: Request,
    runtime: RuntimeDep,
    kb: KbQuery = DEFAULT_KB,
    wait: WaitQuery = False,
    replace: ReplaceQuery = False,
) -> JSONResponse:
    """Check an upload at once (type, size, encoding, that it parses and has sentences) and
    ingest it in the background: `202` with the job, whose progress `GET /api/jobs/{id}` shows.

    The report's id comes from its content (place, year, kind), never from the file name. An
    upload of a stored report (same id, same bytes, or same place, year and kind) is `409`
    unless `replace=true`. The body is read only here, after the token check, and the body
    limit stops an oversized upload while it streams in.
    """
    # An upload into a base that does not exist is refused before its body is read.
    base = runtime.bases.get(kb).id
    data, name, override = await _read_upload(request, runtime.settings.max_upload_mb)
    library = runtime.library_for_writes(base)
    # Parsing is CPU work of a fraction of a second per MB: off the event loop, and off the
    # question workers.
    plan = await anyio.to_thread.run_sync(library.plan_upload, data, name, override)
    job = runtime.jobs.submit(base, plan, data, name, override, replace)
    location = {"Location": f"/api/jobs/{job.id}"}
    if wait:
        job = await _wait_for(runtime, job.id)
        if job.status == "done" and job.document is not None:
            replaced = job.result == "replaced"
            body = UploadedDocumentOut(**job.document, replaced=replaced, job_id=job.id)
            where = "" if job.kb == DEFAULT_KB else f"?kb={job.kb}"
            headers = {"Location": f"/api/documents/{quote(job.doc_id, safe='')}{where}"}
            return JSONResponse(body.model_dump(), status_code=200 if replaced else 201, headers=headers)
        if job.status == "failed":
            status = job.error_status or 422
            return error_response(request, status, job.message, job.error_code or "IngestError")
    return JSONResponse(JobOut.from_job(job).model_dump(), status_code=202, headers=location)


async def _wait_for(runtime: ServiceRuntime, job_id: str) -> Job:
    deadline = time.monotonic() + runtime.settings.upload_wait_timeout_s
    job = runtime.jobs.get(job_id)
    while job.active and time.monotonic() < deadline:
        await anyio.sleep(JOB_POLL_S)
        job = runtime.jobs.get(job_id)
    return job


async def _read_upload(request: Request, max_upload_mb: float) -> tuple[bytes, str, MetaOverride]:
    limit_bytes = int(max_upload_mb * 1024 * 1024)
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise UnsupportedFormatError(
            "上传需要 multipart/form-data 请求：请把报告文件放在 file 字段中（.txt、.docx 或 .pdf）。"
        )
    try:
        form = await request.form(max_files=1, max_fields=MAX_FORM_FIELDS)
    except StarletteHTTPException as exc:
        if exc.status_code != 400:  # 413 from the body limit keeps its own sentence
            raise
        raise MalformedRequestError(_multipart_sentence(str(exc.detail))) from exc
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise BadRequestError(
                "缺少上传文件：请把报告放在 multipart 表单的 file 字段中（.txt、.docx 或 .pdf）。"
            )
        if upload.size is not None and upload.size > limit_bytes:
            raise UploadTooLargeError(f"上传的文件过大：最多 {max_upload_mb:g} MB。")
        name = clean_file_name(upload.filename or "") or "upload"
        override = _override_from_form(form)
        data = await upload.read()
    finally:
        await form.close()
    suffix = PurePath(name).suffix.lower()
    if suffix and suffix not in ALLOWED_SUFFIXES:
        raise UnsupportedFormatError(f"不支持的文件类型 {suffix}：请上传 .txt、.docx 或 .pdf 格式的报告。")
    if not data:
        raise EmptyDocumentError("上传的文件是空的：请选择包含报告正文的文件。")
    return data, name, override


_YEAR = re.compile(r"[0-9]{4}")


def clean_file_name(name: str) -> str:
    """The file name as stored and shown: control and format characters (a right-to-left override
    that makes "report‮fdp.txt" read as "reporttxt.pdf", zero-width ones, line breaks) are
    dropped, and the name is kept to its last path part and a bounded length."""
    kept = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    return PurePath(kept.replace("\\", "/")).name.strip()[:MAX_FILE_NAME_CHARS]


def _multipart_sentence(detail: str) -> str:
    """python-multipart's English reasons, as sentences an uploader can act on."""
    if detail.startswith("Too many files"):
        return "一次只能上传一个文件：请只在 file 字段中放一份报告。"
    if detail.startswith("Too many fields"):
        return f"表单字段太多：最多 {MAX_FORM_FIELDS} 个（file、title、place、year、kind）。"
    if "boundary" in detail.lower():
        return "multipart 请求缺少或写错了 boundary：请让 HTTP 客户端自动生成 Content-Type。"
    return "无法解析上传的 multipart 表单：请检查请求格式，把报告放在 file 字段中。"


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
            # ASCII digits only: str.isdigit() takes "²" (which int() refuses) and 5,000 digits.
            if not _YEAR.fullmatch(value):
                raise InvalidMetadataError(
                    f"年份应为 {YEAR_MIN} 到 {YEAR_MAX} 之间的四位数字，例如 2025，而不是“{value[:20]}”。"
                )
            values[key] = int(value)
        else:
            values[key] = value
    return MetaOverride(**values)  # type: ignore[arg-type]


@router.delete(
    "/documents/{doc_id}",
    status_code=204,
    dependencies=[AdminOnly],
    responses=error_responses(401, 403, 404, 422, 429, 503),
)
async def delete_document(doc_id: str, library: LibraryDep, runtime: RuntimeDep) -> Response:
    """Remove a report and its passages from the index.

    A delete never waits behind an upload's embedding: the job importing this report is
    cancelled (it ends `cancelled` with a sentence), and a job writing another report into the
    same base is stopped and queued again (it needs no new upload)."""
    importing = runtime.jobs.make_way(library.settings.kb, doc_id)
    try:
        await runtime.write(library.remove, doc_id)
    except DocumentNotFoundError:
        if not importing:  # the report was only being imported: cancelling it was the delete
            raise
    return Response(status_code=204)
