"""Knowledge bases: list them (no token), create and delete them (admin token)."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse

from wenbao.service.deps import AdminOnly, RuntimeDep
from wenbao.service.knowledge import kb_summaries, kb_summary
from wenbao.service.schemas import KnowledgeBaseIn, KnowledgeBaseOut, error_responses

router = APIRouter(prefix="/api", tags=["knowledge bases"])

KbPath = Annotated[str, Path(min_length=1, max_length=100, description="The base's id.")]


@router.get("/kbs", responses=error_responses(503))
async def list_kbs(runtime: RuntimeDep) -> list[KnowledgeBaseOut]:
    """Every knowledge base, the default first: id, name, description, report and passage counts,
    places and years, and the OpenAI-compatible model id that selects it."""
    return await anyio.to_thread.run_sync(kb_summaries, runtime)


@router.get("/kbs/{kb}", responses=error_responses(404, 422, 503))
async def get_kb(kb: KbPath, runtime: RuntimeDep) -> KnowledgeBaseOut:
    """One knowledge base, as `GET /api/kbs` lists it."""
    return next(s for s in await anyio.to_thread.run_sync(kb_summaries, runtime, kb))


@router.post(
    "/kbs",
    status_code=201,
    dependencies=[AdminOnly],
    responses={
        201: {"model": KnowledgeBaseOut, "description": "Created, empty."},
        **error_responses(401, 403, 409, 413, 422, 429, 503, 507),
    },
)
async def create_kb(body: KnowledgeBaseIn, runtime: RuntimeDep) -> JSONResponse:
    """Create an empty knowledge base; upload into it with `POST /api/documents?kb=<id>`."""
    base = await anyio.to_thread.run_sync(runtime.bases.create, body.id, body.name, body.description)
    out = kb_summary(base, None)
    return JSONResponse(out.model_dump(), status_code=201, headers={"Location": f"/api/kbs/{base.id}"})


@router.delete(
    "/kbs/{kb}",
    status_code=204,
    dependencies=[AdminOnly],
    responses=error_responses(401, 403, 404, 409, 422, 429, 503, 507),
)
async def delete_kb(
    kb: KbPath,
    runtime: RuntimeDep,
    force: Annotated[bool, Query(description="Delete it with the reports it still holds.")] = False,
) -> Response:
    """Delete a knowledge base and its index. A base that still holds reports is refused (409)
    unless `force=true`; the default base cannot be deleted. Other bases are never touched."""
    if force:  # jobs writing into the base end `cancelled` rather than holding up its deletion
        runtime.jobs.make_way(runtime.bases.get(kb).id)
    await runtime.write(lambda: runtime.bases.delete(kb, force=force))
    return Response(status_code=204)
