"""Embedding an upload's passages in a child process at a lower CPU priority.

Questions and ingestion both need the embedder. In one process they share one model
handle behind one lock: a question waits for the batch of passages in front of it (seconds on
two cores). Here ingestion has its own model in its own process, niced: when a question
arrives the kernel gives its threads the cores first, and when none does the child uses all
of them, so an ingest still runs at the embedder's passage throughput. Measured in
``benchmarks/ingest_bench.py`` against the shared embedder (README, Speed).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import numpy as np

from wenbao.errors import IndexStoreError

_child_embedder: Any = None
PARENT_CHECK_S = 1.0


def exit_with_parent(parent: int) -> None:
    """A server killed with -9 cannot stop its child; the child notices and exits."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(0)


def _start_child(spec: str, device: str, batch_size: int, nice: int) -> None:
    global _child_embedder
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if nice:
        os.nice(nice)
    from wenbao.index.embedders import make_embedder

    _child_embedder = make_embedder(spec, device, batch_size)
    _child_embedder.warm_up()


def _child_name() -> str:
    return str(_child_embedder.name)


def _child_embed(texts: list[str]) -> np.ndarray:
    return np.asarray(_child_embedder.embed_passages(texts), dtype=np.float32)


class ProcessPassageEmbedder:
    """``embed_passages`` that runs in one niced child process (started on first use)."""

    def __init__(self, spec: str, device: str = "cpu", batch_size: int = 64, nice: int = 10) -> None:
        self._args = (spec, device, batch_size, nice)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.name: str | None = None

    def start(self) -> str:
        """Start the child and load its model; returns the embedder's name (for the index check)."""
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the parent holds threads (uvicorn, the question workers)
                # and a native model whose state a fork would copy mid-call.
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    1, mp_context=ctx, initializer=_start_child, initargs=self._args
                )
                self.name = self._pool.submit(_child_name).result()
            assert self.name is not None
            return self.name

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.start()
        assert self._pool is not None
        try:
            return self._pool.submit(_child_embed, list(texts)).result()
        except BrokenProcessPool as exc:
            self.close()  # the next job starts a new child
            raise IndexStoreError("嵌入进程意外退出，本次导入未完成，原有索引保持不变；请重新上传。") from exc

    def close(self, wait: bool = False) -> None:
        """Stop the child. ``wait``: until its executor's manager thread is gone — at the server's
        exit, where CPython 3.11 would otherwise race that thread closing its wake-up pipe against
        the interpreter's own exit hook writing to it ("Bad file descriptor" at exit)."""
        with self._lock:
            pool, self._pool, self.name = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)
