"""What the service holds while it runs: the knowledge bases' libraries and answerers, their
readiness, and the worker pool that keeps CPU work off the event loop."""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar

import anyio
import anyio.to_thread

from wenbao.errors import IndexNotBuiltError, WenbaoError
from wenbao.index.embedders import admitted, blas_to_one_thread, working
from wenbao.service.errors import RateLimitedError, ServiceBusyError, ServiceNotReadyError
from wenbao.service.jobs import JobManager
from wenbao.service.security import current_client
from wenbao.settings import DEFAULT_KB, Settings

if TYPE_CHECKING:
    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.answering.sentence_fill import SentenceFill
    from wenbao.index.bases import KnowledgeBaseRegistry
    from wenbao.index.library import ReportLibrary
    from wenbao.service.answer_processes import AnswerProcesses

logger = logging.getLogger("wenbao.service")

T = TypeVar("T")
State = Literal["loading", "ready", "failed"]


@dataclass(eq=False)
class _Waiter:
    client: str
    seq: int
    event: anyio.Event = field(default_factory=anyio.Event)


class CpuWorkPool:
    """Runs blocking CPU work (embedding, search, answering) on a few worker threads, shared
    fairly between clients.

    Two cores gain nothing from forty threads fighting over them; a small pool keeps each
    request fast, and a cap on waiting requests turns overload into a quick 503 rather
    than minutes of queueing. A worker that comes free goes to the oldest waiting request of
    the client with the fewest requests running, and among those the one served longest ago
    (the client is `current_client`: the connection's address, or a trusted proxy's forwarded
    one). So a client flooding the service from eight connections holds no more than its share
    while another waits: the other's request runs next, not behind the flood.

    While another client has asked within the last `RESERVE_S` seconds, one client holds at
    most all workers but one: the last is kept for the others, so a resident asking now and then
    never waits for a flooder's long request to end; and a client with requests waiting behind
    its own (a backlog: more than one connection asking at once) rests after each of them for as
    long as it ran, so that it holds at most half a worker's time and leaves the cores to the
    others. A client alone has every worker and never rests: these cost nothing until someone
    else asks. A client with more than `client_max_queued` requests waiting gets 429 with
    Retry-After.
    """

    RESERVE_S = 2.0
    REST_SHARE = 1.0  # rest this many times as long as the request ran

    def __init__(self, threads: int, max_queued: int, client_max_queued: int = 1_000_000) -> None:
        self.threads = threads
        self.max_queued = max_queued
        self.client_max_queued = client_max_queued
        self._in_flight = 0
        self._running: dict[str, int] = {}
        self._waiting: dict[str, deque[_Waiter]] = {}
        self._seq = itertools.count()
        # client -> when it was last given a worker (a count of grants), while it has work here
        self._served: dict[str, int] = {}
        self._grants = itertools.count(1)
        self._seen: dict[str, float] = {}  # client -> when it last asked (the last RESERVE_S only)
        self._rest_until: dict[str, float] = {}
        self._wake: asyncio.TimerHandle | None = None  # the dispatch when the next rest ends
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _busy(self) -> int:
        return sum(self._running.values())

    async def run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        if self._in_flight >= self.threads + self.max_queued:
            raise ServiceBusyError("服务繁忙：正在处理的请求太多，请几秒后再试。")
        client = current_client.get()
        queue = self._waiting.get(client)
        if queue is not None and len(queue) >= self.client_max_queued:
            raise RateLimitedError(
                f"同一客户端等待中的请求太多（最多 {self.client_max_queued} 个）：请等回答返回后再问。",
                1,
            )
        if self._limiter is None:  # created lazily: it belongs to the running event loop
            # Never waited on (the fair gate admits `threads` at most): it keeps this work off the
            # default thread pool that FastAPI's other blocking calls share.
            self._limiter = anyio.CapacityLimiter(self.threads)
        self._in_flight += 1
        self._saw(client)
        try:
            # Counted from now until its worker is done, waiting or working: an embedding beside it
            # keeps to one thread (embedders.others_working).
            with admitted():
                await self._acquire(client)
                started = time.monotonic()
                try:
                    return await anyio.to_thread.run_sync(
                        functools.partial(_working, fn, *args, **kwargs), limiter=self._limiter
                    )
                finally:
                    self._release(client, time.monotonic() - started)
        finally:
            self._in_flight -= 1

    async def _acquire(self, client: str) -> None:
        # Everything here runs on the event loop's one thread: no lock is needed.
        if not self._waiting and self._may_start(client, time.monotonic()):
            self._grant(client)
            return
        waiter = _Waiter(client, next(self._seq))
        self._waiting.setdefault(client, deque()).append(waiter)
        self._dispatch()  # a worker may be free for it while others' requests rest
        try:
            await waiter.event.wait()
        except BaseException:
            if waiter.event.is_set():  # granted a worker, then cancelled: hand it on
                self._release(client)
            else:
                self._drop(waiter)
            raise

    def _drop(self, waiter: _Waiter) -> None:
        queue = self._waiting.get(waiter.client)
        if queue is not None:
            queue.remove(waiter)
            if not queue:
                del self._waiting[waiter.client]

    def _saw(self, client: str) -> None:
        now = time.monotonic()
        self._seen[client] = now
        if len(self._seen) > 64:  # forget those not seen lately (it holds the last RESERVE_S only)
            self._seen = {c: t for c, t in self._seen.items() if now - t < self.RESERVE_S}

    def _others_asked(self, client: str, now: float) -> bool:
        return any(c != client and now - t < self.RESERVE_S for c, t in self._seen.items())

    def _may_start(self, client: str, now: float) -> bool:
        if self._busy() >= self.threads:
            return False
        if now < self._rest_until.get(client, 0.0) and self._others_asked(client, now):
            return False
        if self._running.get(client, 0) < max(1, self.threads - 1):
            return True
        # Its request would take the last worker: only when no one else has asked lately.
        return not self._others_asked(client, now)

    def _wake_after_rest(self, now: float) -> None:
        """Dispatch again when the first rest of a waiting client ends (nothing else would).

        `now` is the instant `_may_start` judged by: read afresh here, a rest that ended between
        the two reads would be over here and still have kept its client waiting, and with no worker
        running nothing would ever dispatch it (a hang seen once in CI)."""
        ends = [self._rest_until[c] for c in self._waiting if self._rest_until.get(c, 0.0) > now]
        if not ends:
            return
        if self._wake is not None:
            self._wake.cancel()
        self._wake = asyncio.get_running_loop().call_later(min(ends) - now + 0.001, self._dispatch)

    def _grant(self, client: str) -> None:
        self._running[client] = self._running.get(client, 0) + 1
        self._served[client] = next(self._grants)

    def _release(self, client: str, ran_s: float = 0.0) -> None:
        now = time.monotonic()
        if client in self._waiting and self._others_asked(client, now):
            self._rest_until[client] = now + ran_s * self.REST_SHARE
        else:
            self._rest_until.pop(client, None)
        left = self._running.get(client, 0) - 1
        if left > 0:
            self._running[client] = left
        else:
            self._running.pop(client, None)
            if client not in self._waiting:
                self._served.pop(client, None)  # nothing of it here: forgotten
        self._dispatch()

    def _dispatch(self) -> None:
        now = time.monotonic()  # one instant for every judgement below
        while self._busy() < self.threads and self._waiting:
            # Fewest running first, then the client served longest ago (round robin), then the
            # oldest request; each client's own requests keep their order.
            eligible = [c for c in self._waiting if self._may_start(c, now)]
            if not eligible:
                self._wake_after_rest(now)
                return  # else the last worker is kept for the other clients: the next release looks again
            chosen = min(
                eligible,
                key=lambda c: (self._running.get(c, 0), self._served.get(c, 0), self._waiting[c][0].seq),
            )
            waiter = self._waiting[chosen].popleft()
            if not self._waiting[chosen]:
                del self._waiting[chosen]
            self._grant(chosen)
            waiter.event.set()


def _working(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``fn`` counted as running request work (embeddings keep to one core beside it)."""
    with working():
        return fn(*args, **kwargs)


class ServiceRuntime:
    """Owns the knowledge bases' libraries and one ReportAnswerer per base; warms the models and
    the default base up once, in a thread, then loads the other bases in the background.

    The default base is what the service's readiness means (as before there were bases). Another
    base answers as soon as the shared models are loaded, whatever the default base's state."""

    RETRY_AFTER_S = 5.0

    def __init__(
        self,
        settings: Settings,
        library: ReportLibrary | None = None,
        answerer: ReportAnswerer | None = None,
    ) -> None:
        self.settings = settings
        self._given_library = library
        self._registry: KnowledgeBaseRegistry | None = None
        self._answerer = answerer
        self._given = library is not None or answerer is not None
        # kb -> (the library it answers from, its answerer): a base created again gets a new one
        self._answerers: dict[str, tuple[ReportLibrary, ReportAnswerer]] = {}
        self.state: State = "loading"
        self.reason: str | None = "索引正在加载，请稍候。"
        self._error: WenbaoError | None = None
        self._failed_at = 0.0
        self._models_ready = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._write_limiter: anyio.CapacityLimiter | None = None
        self.pool = CpuWorkPool(
            settings.worker_threads, settings.max_queued_requests, settings.client_max_queued
        )
        self.jobs = JobManager(settings, self)
        self._fill: SentenceFill | None = None
        # Questions of the default base in processes of their own (WENBAO_ANSWER_PROCESSES), once
        # warm; not where the library or answerer was given (a test's, which they could not copy).
        self.answer_processes: AnswerProcesses | None = None

    @property
    def bases(self) -> KnowledgeBaseRegistry:
        """The knowledge bases of the data dir (index/bases.py)."""
        if self._registry is None:
            from wenbao.index.bases import KnowledgeBaseRegistry

            self._registry = KnowledgeBaseRegistry(self.settings, default=self._given_library)
        return self._registry

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
            library.warm_models()
            self._models_ready = True
            library.warm_up()
            self._ensure_answerer().warm_up()
            # One search pays the first-call costs (tokenizer dictionaries, model graph) now,
            # not in the first resident's request.
            library.search("上半年经济运行情况", top_k=1)
            # Now that numpy and faiss are loaded: their BLAS threads, spinning after each small
            # call, would otherwise slow the next query embedding by half or more.
            blas_to_one_thread()
            # With uploads enabled, the ingestion embedder loads now too, not in the first job.
            if self.settings.admin_token:
                self.jobs.prestart(library)
        except WenbaoError as exc:
            self._fail(exc)
        except Exception as exc:
            logger.exception("warm-up failed")
            self._fail(WenbaoError(f"索引加载失败：{type(exc).__name__}: {exc}"))
        else:
            self._mark_ready()
            self._start_answer_processes()
            self._start_sentence_fill(library)
        if self._models_ready:
            self._warm_other_bases()

    def _start_answer_processes(self) -> None:
        count = self.settings.answer_processes
        if count == 0 or self.answer_processes is not None:
            return
        if self._given:
            logger.warning("answer processes: not with a library or answerer given to the app")
            return
        from wenbao.service.answer_processes import AnswerProcesses

        processes = AnswerProcesses(self.settings, count)
        processes.start()
        self.answer_processes = processes

    def stop_answer_processes(self) -> None:
        if self.answer_processes is not None:
            self.answer_processes.close()

    def _start_sentence_fill(self, library: ReportLibrary) -> None:
        """The meaning stage's sentence vectors of the default base, made once per index version
        in the background (``WENBAO_SENTENCE_FILL``), by the ingest embedder where it is a niced
        process of its own."""
        if self.settings.sentence_fill != "background" or self._fill is not None:
            return
        from wenbao.answering.sentence_fill import SentenceFill

        embed = self.jobs.passage_embedder(library) or library.embedder.embed_passages
        self._fill = SentenceFill(library, embed, batch_size=self.settings.ingest_batch_size)
        self._fill.start()

    def sentence_fill_state(self) -> Literal["filling", "done", "off"]:
        """Whether the live version's sentence vectors are all made ("done"; a benchmark waits
        for it: answers measured meanwhile embed sentences and share the cores with the fill)."""
        if self.settings.sentence_fill != "background":
            return "off"
        last = self._fill.last if self._fill is not None else None
        if last is not None and last.complete and last.version == self._ensure_library().version:
            return "done"
        return "filling"

    def answer_processes_state(self) -> Literal["starting", "ready", "off"]:
        if self.settings.answer_processes == 0 or self._given:
            return "off"
        processes = self.answer_processes
        return "ready" if processes is not None and processes.ready == processes.count else "starting"

    def stop_sentence_fill(self) -> None:
        """Stop the background fill (what it made is written); its batch in flight ends first."""
        if self._fill is not None:
            self._fill.stop(timeout_s=10.0)

    def _warm_other_bases(self) -> None:
        """Load the other bases' indexes now rather than in their first question."""
        try:
            self.bases.sweep_trash()
            kbs = self.bases.ids()[1:]
        except WenbaoError as exc:
            logger.error("knowledge bases: %s", exc.message)
            return
        for kb in kbs:
            try:
                self.answerer(kb).library.documents()
            except WenbaoError as exc:  # that base answers with the reason; the others go on
                logger.error("knowledge base %s did not load: %s", kb, exc.message)

    def close(self) -> None:
        """At shutdown, after the jobs: let go of every base's store connection (Milvus)."""
        self.stop_answer_processes()
        self.stop_sentence_fill()
        if self._registry is not None:
            for library in self._registry.loaded():
                library.close()

    def _ensure_library(self) -> ReportLibrary:
        return self.bases.default_library

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

    @property
    def default_unbuilt(self) -> bool:
        """The default base has no index yet (nothing was ever ingested into it)."""
        return self.state == "failed" and isinstance(self._error, IndexNotBuiltError)

    def _thread_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- per request ------------------------------------------------------------------
    WRITE_THREADS = 4

    async def write(self, fn: Callable[..., T], *args: object) -> T:
        """Run an index write (a delete, a correction, a base's creation or deletion) on threads
        of its own: writes waiting for the write lock never hold the threads reads run on, so
        45 deletes in a row leave `GET /api/documents` as quick as ever."""
        if self._write_limiter is None:  # created lazily: it belongs to the running event loop
            self._write_limiter = anyio.CapacityLimiter(self.WRITE_THREADS)
        return await anyio.to_thread.run_sync(functools.partial(fn, *args), limiter=self._write_limiter)

    def library(self, kb: str | None = None) -> ReportLibrary:
        """The library of base ``kb`` (None: the default); KnowledgeBaseNotFoundError names the
        bases there are."""
        base = self.bases.get(kb)
        if base.id == DEFAULT_KB:
            self.retry_if_index_appeared()
            if self.state != "ready":
                raise ServiceNotReadyError(self.reason or "服务尚未就绪，请稍候。")
            return self._ensure_library()
        if not self._models_ready:
            raise ServiceNotReadyError(self.reason or "服务尚未就绪，请稍候。")
        return self.bases.library(base.id)

    def answerer(self, kb: str | None = None) -> ReportAnswerer:
        library = self.library(kb)
        if library is self._ensure_library():
            return self._ensure_answerer()
        held = self._answerers.get(library.settings.kb)
        if held is not None and held[0] is library:
            return held[1]
        from wenbao.answering.answerer import ReportAnswerer

        with self._lock:
            held = self._answerers.get(library.settings.kb)
            if held is None or held[0] is not library:
                held = (library, ReportAnswerer(library, library.settings))
                self._answerers = {**self._answerers, library.settings.kb: held}
        return held[1]

    def library_for_writes(self, kb: str | None = None) -> ReportLibrary:
        """Uploads may create the very first index, so an empty data dir is no obstacle."""
        base = self.bases.get(kb)
        if base.id == DEFAULT_KB and self.default_unbuilt:
            return self._ensure_library()
        return self.library(base.id)

    def after_write(self, kb: str | None = None) -> None:
        """After a successful upload into an empty default base the service becomes ready."""
        if self.state != "ready" and (kb or DEFAULT_KB) == DEFAULT_KB:
            self._ensure_answerer()
            self._mark_ready()
            self._start_answer_processes()
