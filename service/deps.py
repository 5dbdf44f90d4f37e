"""Dependencies shared by the routers, as `Annotated` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wenbao.service.errors import AuthRejectedError
from wenbao.service.querylog import QueryLog, QueryRecorder
from wenbao.service.runtime import CpuWorkPool, ServiceRuntime
from wenbao.service.schemas import KB_DESCRIPTION
from wenbao.service.security import (
    ADMIN_POLICY,
    ClientRateLimiter,
    SignInThrottle,
    TokenPolicy,
    check_bearer_token,
    current_client,
)
from wenbao.settings import DEFAULT_KB, Settings

if TYPE_CHECKING:
    from wenbao.index.library import ReportLibrary
else:  # FastAPI resolves annotations at run time; the classes exist only once warmed up.
    ReportLibrary = Any


# The cheap dependencies are coroutines: FastAPI runs a plain `def` dependency on its thread pool,
# and each such hop (four on every question) waits for a thread to be scheduled — milliseconds on
# a busy machine — for work of a microsecond. Blocking ones (get_library may load an index) stay `def`.
async def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]


async def get_settings_dep(runtime: RuntimeDep) -> Settings:
    return runtime.settings


async def get_pool(runtime: RuntimeDep) -> CpuWorkPool:
    return runtime.pool


KbQuery = Annotated[str, Query(min_length=1, max_length=100, description=KB_DESCRIPTION)]


def get_library(runtime: RuntimeDep, kb: KbQuery = DEFAULT_KB) -> ReportLibrary:
    """The library of the request's `?kb=` (404 with the bases there are, for an unknown one)."""
    return runtime.library(kb)


async def get_query_log(request: Request) -> QueryLog:
    log: QueryLog = request.app.state.query_log
    return log


async def get_query_recorder(request: Request) -> QueryRecorder:
    return QueryRecorder(request.app.state.query_log)


async def check_rate_limit(request: Request) -> None:
    limiter: ClientRateLimiter = request.app.state.rate_limiter
    limiter.check(current_client.get())


@dataclass(frozen=True, slots=True)
class AskServices:
    """What a question's route takes from the app: its runtime, worker pool and query recorder."""

    runtime: ServiceRuntime
    pool: CpuWorkPool
    log: QueryRecorder


async def get_ask_services(request: Request) -> AskServices:
    """The rate limit's check and a question route's services, as one dependency: FastAPI solves
    each `Depends` apart (its parameters, its cache, its sub-dependencies), and the five a question
    took (rate limit, runtime, pool and its runtime, recorder) were its largest cost on the event
    loop beside the body's validation."""
    limiter: ClientRateLimiter = request.app.state.rate_limiter
    limiter.check(current_client.get())
    runtime: ServiceRuntime = request.app.state.runtime
    return AskServices(runtime, runtime.pool, QueryRecorder(request.app.state.query_log))


def check_request_token(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None,
    configured: str | None,
    policy: TokenPolicy,
) -> None:
    """The bearer token check of one request, logged with where it came from."""
    client = request.client.host if request.client else "unknown"
    check_bearer_token(
        configured,
        credentials.credentials if credentials else None,
        where=f"{request.method} {request.url.path} from {client}",
        policy=policy,
    )


_admin_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <WENBAO_ADMIN_TOKEN>")


def require_admin(
    request: Request,
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_admin_bearer)],
) -> None:
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    client = current_client.get()
    throttle.check(client)
    try:
        check_request_token(request, credentials, runtime.settings.admin_token, ADMIN_POLICY)
    except AuthRejectedError:
        if credentials and runtime.settings.admin_token:  # a guess, not a missing header
            throttle.failed(client)
        raise


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
PoolDep = Annotated[CpuWorkPool, Depends(get_pool)]
LibraryDep = Annotated[ReportLibrary, Depends(get_library)]
QueryLogDep = Annotated[QueryLog, Depends(get_query_log)]
QueryRecorderDep = Annotated[QueryRecorder, Depends(get_query_recorder)]
RateLimited = Depends(check_rate_limit)
# Rate-limited: a route taking it needs no `RateLimited` besides.
AskServicesDep = Annotated[AskServices, Depends(get_ask_services)]
AdminOnly = Depends(require_admin)
