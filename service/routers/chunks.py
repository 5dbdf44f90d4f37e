"""GET /api/chunks/{chunk_id}: one stored passage, as cited."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from wenbao.service.deps import LibraryDep
from wenbao.service.schemas import ChunkOut, error_responses

router = APIRouter(prefix="/api", tags=["documents"])


@router.get("/chunks/{chunk_id}", responses=error_responses(404, 422, 503))
async def get_chunk(chunk_id: str, library: LibraryDep) -> ChunkOut:
    """A stored passage with its report, heading path and offsets."""
    return ChunkOut.from_chunk(await run_in_threadpool(library.chunk, chunk_id))
