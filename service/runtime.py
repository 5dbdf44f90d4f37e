"""What the service holds while it runs: the library, the answerer, their readiness,
and the worker pool that keeps CPU work off the event loop."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeVar

import anyio
import anyio.to_thread

from wenbao.errors import IndexNotBuiltError, WenbaoError
from wenbao.index.embedders import working
from wenbao.service.errors import ServiceBusyError, ServiceNotReadyError
from wenbao.service.jobs import JobManager
from wenbao.settings import Settings

if TYPE_CHECKING:
    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.index.library import ReportLibrary

logger = logging.getLogger("wenbao.service")

T = TypeVar("T")
State = Literal["loading", "ready", "failed"]


class CpuWorkPool:
    """Runs blocking CPU work (embedding, search, answering) on a few worker threads.

    Two cores gain nothing from forty threads fighting over them; a small pool keeps each
    request fast, and a cap on waiting requests turns overload into a quick 503 rather
    than minutes of queueing.
    """

    def __init__(self, threads: int, max_queued: int) -> None:
        self.threads = threads
        self.max_queued = max_queued
        self._limiter: anyio.CapacityLimiter | None = None
        self._in_flight = 0

    @property
    def in_flight(self) -> int:
        return self._in_flight

    async def run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        if self._limiter is None:  # created lazily: it belongs to the running event loop
            self._limiter = anyio.CapacityLimiter(self.threads)
        if self._in_flight >= self.threads + self.max_queued:
            raise ServiceBusyError("服务繁忙：正在处理的请求太多，请几秒后再试。")
        self._in_flight += 1
        try:
            return await anyio.to_thread.run_sync(
                functools.partial(_working, fn, *args, **kwargs), limiter=self._limiter
            )
        finally:
            self._in_flight -= 1


def _working(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``fn`` counted as running request work (embeddings keep to one core beside it)."""
    with working():
        return fn(*args, **kwargs)


class ServiceRuntime:
    """Owns one ReportLibrary and one ReportAnswerer; warms them up once, in a thread."""

    RETRY_AFTER_S = 5.0

    def __init__(
        self,
        settings: Settings,
        library: ReportLibrary | None = None,
        answerer: ReportAnswerer | None = None,
    ) -> None:
        self.settings = settings
        self._library = library
        self._answerer = answerer
        self.state: State = "loading"
        self.reason: str | None = "索引正在加载，请稍候。"
        self._error: WenbaoError | None = None
        self._failed_at = 0.0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.pool = CpuWorkPool(settings.worker_threads, settings.max_queued_requests)
        self.jobs = JobManager(settings, self)

    # --- start-up ---------------------------------------------------------------------
    def start_warm_up(self) -> threading.Thread:
        """Load the index and models in the background so the server accepts requests at once."""
        thread = threading.Thread(target=self.warm_up, name="wenbao-warm-up", daemon=True)
        self._thread = thread
        thread.start()
        return thread

    def wait_ready(self, timeout_s: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout_s)
        return self.state == "ready"

    def warm_up(self) -> None:
        try:
            library = self._ensure_library()
            library.warm_up()
            self._ensure_answerer()
            # One search pays the first-call costs (tokenizer dictionaries, model graph) now,
            # not in the first resident's request.
            library.search("上半年经济运行情况", top_k=1)
            # With uploads enabled, the ingestion embedder loads now too, not in the first job.
            if self.settings.admin_token:
                self.jobs.prestart(library)
        except WenbaoError as exc:
            self._fail(exc)
            return
        except Exception as exc:
            logger.exception("warm-up failed")
            self._fail(WenbaoError(f"索引加载失败：{type(exc).__name__}: {exc}"))
            return
        self._mark_ready()

    def close(self) -> None:
        """At shutdown, after the jobs: let go of the store's connection (Milvus)."""
        if self._library is not None:
            self._library.close()

    def _ensure_library(self) -> ReportLibrary:
        if self._library is None:
            from wenbao.index.library import ReportLibrary

            self._library = ReportLibrary(self.settings)
        return self._library

    def _ensure_answerer(self) -> ReportAnswerer:
        if self._answerer is None:
            from wenbao.answering.answerer import ReportAnswerer

            self._answerer = ReportAnswerer(self._ensure_library(), self.settings)
        return self._answerer

    def _fail(self, exc: WenbaoError) -> None:
        with self._lock:
            self.state, self.reason, self._error = "failed", exc.message, exc
            self._failed_at = time.monotonic()
        logger.error("wenbao is not ready: %s", exc.message)

    def _mark_ready(self) -> None:
        with self._lock:
            self.state, self.reason, self._error = "ready", None, None
        logger.info("wenbao is ready")

    def retry_if_index_appeared(self) -> None:
        """With no index at start-up, look again now and then: `wenbao ingest` in another
        terminal makes the running service ready without a restart."""
        if self.state != "failed" or not isinstance(self._error, IndexNotBuiltError):
            return
        with self._lock:
            if time.monotonic() - self._failed_at < self.RETRY_AFTER_S or self._thread_alive():
                return
            self.state, self.reason = "loading", "索引正在加载，请稍候。"
        self.start_warm_up()

    def _thread_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- per request ------------------------------------------------------------------
    def library(self) -> ReportLibrary:
        self.retry_if_index_appeared()
        if self.state != "ready" or self._library is None:
            raise ServiceNotReadyError(self.reason or "服务尚未就绪，请稍候。")
        return self._library

    def answerer(self) -> ReportAnswerer:
        self.library()
        assert self._answerer is not None
        return self._answerer

    def library_for_writes(self) -> ReportLibrary:
        """Uploads may create the very first index, so an empty data dir is no obstacle."""
        if self.state == "failed" and isinstance(self._error, IndexNotBuiltError):
            return self._ensure_library()
        return self.library()

    def after_write(self) -> None:
        """After a successful upload into an empty data dir the service becomes ready."""
        if self.state != "ready":
            self._ensure_answerer()
            self._mark_ready()
