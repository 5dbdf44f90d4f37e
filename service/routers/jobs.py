"""Upload jobs: their state, and the same as Server-Sent Events for a progress bar."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from wenbao.service.deps import AdminOnly, RuntimeDep
from wenbao.service.runtime import ServiceRuntime
from wenbao.service.schemas import SSE_EVENT_SCHEMA, JobOut, error_responses
from wenbao.service.streaming import sse_event

router = APIRouter(prefix="/api", tags=["documents"], dependencies=[AdminOnly])

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
POLL_S = 0.25
# An idle stream still sends a comment now and then, so proxies keep it open.
KEEPALIVE_S = 15.0


@router.get("/jobs", responses=error_responses(401, 403, 429))
async def list_jobs(runtime: RuntimeDep) -> list[JobOut]:
    """The recent upload jobs, newest first."""
    return [JobOut.from_job(j) for j in runtime.jobs.recent()]


@router.get("/jobs/{job_id}", responses=error_responses(401, 403, 404, 429))
async def get_job(job_id: str, runtime: RuntimeDep) -> JobOut:
    """An upload job: status, the sentence, chunks done of total, and the ETA."""
    return JobOut.from_job(runtime.jobs.get(job_id))


async def job_events(runtime: ServiceRuntime, job_id: str) -> AsyncIterator[str]:
    last = ""
    quiet = 0.0
    while True:
        job = JobOut.from_job(runtime.jobs.get(job_id))
        frame = sse_event("job", job.model_dump(exclude={"eta_s", "updated"}))
        if frame != last:  # a change of stage or of chunks done (not the ETA's drift)
            last, quiet = frame, 0.0
            yield sse_event("job", job)
        elif quiet >= KEEPALIVE_S:
            quiet = 0.0
            yield ": keep-alive\n\n"
        if job.status in ("done", "failed", "cancelled"):
            return
        await anyio.sleep(POLL_S)
        quiet += POLL_S


@router.get(
    "/jobs/{job_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Server-Sent Events `job` (a JobOut) at every change, until it ends.",
            "content": {"text/event-stream": {"schema": SSE_EVENT_SCHEMA}},
        },
        **error_responses(401, 403, 404, 429),
    },
)
async def job_stream(job_id: str, runtime: RuntimeDep) -> StreamingResponse:
    """The job's progress as Server-Sent Events, for a progress bar."""
    runtime.jobs.get(job_id)  # an unknown id is a plain 404, not a broken stream
    return StreamingResponse(job_events(runtime, job_id), media_type="text/event-stream", headers=SSE_HEADERS)
