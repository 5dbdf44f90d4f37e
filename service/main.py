"""The FastAPI application: `create_app()` only wires settings, state, middleware and routers."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.routing import Route

from wenbao.service.errors import install_error_handlers
from wenbao.service.mcp_server import McpHttpEndpoint, build_mcp_server
from wenbao.service.querylog import QueryLog
from wenbao.service.routers import (
    admin,
    ask,
    chunks,
    dify,
    docs,
    document_edits,
    documents,
    feedback,
    health,
    jobs,
    kbs,
    openai,
    search,
    widget,
)
from wenbao.service.runtime import ServiceRuntime
from wenbao.service.security import (
    BodySizeLimitMiddleware,
    ClientKeyMiddleware,
    ClientRateLimiter,
    SecurityHeadersMiddleware,
    SignInThrottle,
    check_admin_token_strength,
)
from wenbao.settings import Settings, get_settings

if TYPE_CHECKING:
    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.index.library import ReportLibrary

# Questions, history and chat requests are small; nothing but an upload needs more.
JSON_BODY_LIMIT = 256 * 1024

DESCRIPTION = """问报 wenbao：对政府工作报告提问，得到带引用的准确回答。

Answers quote the reports exactly, with numbered citations `[n]` that open the cited paragraph.
Uploads, deletes and knowledge-base changes need `Authorization: Bearer <WENBAO_ADMIN_TOKEN>`.
Every question, search and document route takes a knowledge base `kb` (`GET /api/kbs`); without it,
the default base."""


def server_stack() -> tuple[str, str]:
    """The event loop and HTTP parser `wenbao serve` runs uvicorn on: uvloop and httptools (both
    pinned), or asyncio and h11 where a platform has no wheel for them. The event loop's own CPU
    per `POST /api/ask` is most of what a question costs beside its answer (0.5 ms less with both;
    README, "Eighth pass")."""
    have = {name: importlib.util.find_spec(name) is not None for name in ("uvloop", "httptools")}
    return ("uvloop" if have["uvloop"] else "asyncio", "httptools" if have["httptools"] else "h11")


def create_app(
    settings: Settings | None = None,
    library: ReportLibrary | None = None,
    answerer: ReportAnswerer | None = None,
) -> FastAPI:
    """Build the app. Nothing heavy happens here: the index loads in the lifespan, in a thread."""
    settings = settings or get_settings()
    check_admin_token_strength(settings.admin_token)
    runtime = ServiceRuntime(settings, library=library, answerer=answerer)
    query_log = QueryLog.for_settings(settings)
    mcp_server = build_mcp_server(runtime, query_log=query_log)
    # The SDK's app serves /mcp itself; with `host` on loopback it also refuses other Host headers
    # (its DNS-rebinding protection). Its session manager runs in this app's lifespan.
    mcp_app = mcp_server.streamable_http_app(streamable_http_path="/mcp", host=settings.host)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime.start_warm_up()
        query_log.start()  # opens the log and prunes old questions, on its own thread
        async with mcp_server.session_manager.run():
            yield
        await anyio.to_thread.run_sync(query_log.stop)
        # Before the jobs: the sentence fill embeds through the jobs' ingest process.
        await anyio.to_thread.run_sync(runtime.stop_sentence_fill)
        # A graceful stop lets the running upload job finish; queued ones are reported failed.
        await anyio.to_thread.run_sync(runtime.jobs.shutdown)
        await anyio.to_thread.run_sync(runtime.close)

    app = FastAPI(
        title="问报 wenbao",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        # /docs is served below from a pinned package's assets, never a CDN; ReDoc would load
        # its script from one, so it is not offered.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.query_log = query_log
    app.state.rate_limiter = ClientRateLimiter(settings.rate_limit_per_minute)
    app.state.sign_in_throttle = SignInThrottle(settings.admin_failures_per_minute)
    app.state.json_body_limit = JSON_BODY_LIMIT
    install_error_handlers(app)

    upload_limit = int(settings.max_upload_mb * 1024 * 1024)
    app.add_middleware(
        BodySizeLimitMiddleware,
        default_limit=JSON_BODY_LIMIT,
        upload_limit=upload_limit + documents.MULTIPART_OVERHEAD_BYTES,
        upload_message=f"上传的文件过大：最多 {settings.max_upload_mb:g} MB。",
        upload_path="/api/documents",
    )
    app.add_middleware(SecurityHeadersMiddleware)
    # Outermost but for compression: every request knows its client before anything else runs.
    app.add_middleware(ClientKeyMiddleware, trusted_proxies=settings.trusted_proxies)
    # widget.js travels gzipped (about a third of its size); event streams are never compressed.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            max_age=600,
        )

    app.include_router(docs.router)
    app.include_router(health.router)
    app.include_router(ask.router)
    app.include_router(search.router)
    app.include_router(kbs.router)
    app.include_router(documents.router)
    app.include_router(document_edits.router)
    app.include_router(jobs.router)
    app.include_router(chunks.router)
    app.include_router(openai.router)
    app.include_router(widget.router)
    app.include_router(admin.router)
    app.include_router(dify.router)
    app.include_router(feedback.router)
    # A route, not a Mount: a Mount answers /mcp with a redirect to /mcp/, which clients need not
    # follow for a POST.
    app.router.routes.append(
        Route(
            "/mcp",
            McpHttpEndpoint(mcp_app, settings.mcp_token, app.state.rate_limiter),
            include_in_schema=False,
        )
    )
    return app
