"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from wenbao.service.deps import RuntimeDep
from wenbao.service.schemas import HealthOut, ReadinessOut

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> HealthOut:
    """The process is up."""
    return HealthOut()


@router.get("/readyz", responses={503: {"model": ReadinessOut, "description": "Loading, or failed to load."}})
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    """The index is loaded and questions can be answered; otherwise 503 with the reason."""
    runtime.retry_if_index_appeared()
    if runtime.state == "ready":
        infos = await run_in_threadpool(runtime.library().documents)
        body = ReadinessOut(
            status="ready",
            documents=len(infos),
            sentence_fill=runtime.sentence_fill_state(),
            answer_processes=runtime.answer_processes_state(),
        )
        return JSONResponse(body.model_dump(), status_code=200)
    body = ReadinessOut(status=runtime.state, detail=runtime.reason)
    return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
