"""Benchmark POST /api/ask over HTTP against a real server (part of `make bench`).

    python -m wenbao.benchmarks.ask_bench [--url http://127.0.0.1:8000] [--n1 60] [--n8 160]

Without --url it starts `wenbao serve` in a subprocess on a free port over WENBAO_DATA_DIR
(indexing seeds/ into a temporary data dir when that has no index). Every request asks a
question not asked before, so no cache can flatter the figures. Prints p50/p95 latency at
concurrency 1 and throughput at concurrency 8, next to the time of one query embedding
alone: the floor no answer can beat. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from wenbao.settings import Settings, get_settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

INDICATORS = [
    "地区生产总值",
    "一般公共预算收入",
    "居民人均可支配收入",
    "固定资产投资",
    "社会消费品零售总额",
    "进出口总额",
    "技术合同成交额",
    "规上工业总产值",
    "服务业增加值",
    "新增城镇就业人数",
    "实际使用外资",
    "高新技术企业数量",
    "重大项目投资",
    "税收收入",
    "外贸出口",
    "新增市场主体",
]
TEMPLATES = [
    "{y}年上半年{d}{k}是多少？",
    "{d}{y}年上半年的{k}完成了多少？",
    "{y}年上半年{k}同比增长多少？",
    "{y}年上半年{d}{k}完成情况怎么样？",
    "{d}{k}在{y}年上半年排第几？",
    "{y}年{d}{k}有多少？",
]
DISTRICTS = ["鼓楼区", "", "全区"]
YEARS = [2021, 2024, 2022, 2023]


def fresh_questions(seed: int = 7) -> Iterator[str]:
    """Distinct questions in a shuffled order; each is asked at most once per run."""
    combos = list(itertools.product(TEMPLATES, DISTRICTS, YEARS, INDICATORS))
    random.Random(seed).shuffle(combos)
    seen: set[str] = set()
    for template, district, year, indicator in combos:
        q = template.format(y=year, d=district, k=indicator)
        if q not in seen:
            seen.add(q)
            yield q


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class RunResult:
    latencies_ms: list[float] = field(default_factory=list)
    server_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0


def ask(client: httpx.Client, question: str, result: RunResult) -> None:
    t0 = time.perf_counter()
    try:
        r = client.post("/api/ask", json={"question": question})
    except httpx.HTTPError as exc:
        result.errors.append(f"{question}: {exc!r}")
        return
    elapsed = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        result.errors.append(f"{question}: HTTP {r.status_code} {r.text[:120]}")
        return
    result.latencies_ms.append(elapsed)
    for key, value in r.json()["timings_ms"].items():
        result.server_ms.setdefault(key, []).append(float(value))


def run_sequential(url: str, questions: list[str]) -> RunResult:
    result = RunResult()
    with httpx.Client(base_url=url, timeout=120) as client:
        t0 = time.perf_counter()
        for q in questions:
            ask(client, q, result)
        result.wall_s = time.perf_counter() - t0
    return result


def run_concurrent(url: str, questions: list[str], concurrency: int) -> RunResult:
    result = RunResult()
    clients = [httpx.Client(base_url=url, timeout=120) for _ in range(concurrency)]
    try:
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            futures = [pool.submit(ask, clients[i % concurrency], q, result) for i, q in enumerate(questions)]
            for f in futures:
                f.result()
        result.wall_s = time.perf_counter() - t0
    finally:
        for c in clients:
            c.close()
    return result


class EmbeddingFloor:
    """One query embedding alone, as the service's embedder computes it, in this process."""

    def __init__(self, settings: Settings) -> None:
        from wenbao.index.embedders import make_embedder

        self.embedder = make_embedder(settings.embedder, settings.embed_device)
        self.embedder.warm_up()
        self.embedder.embed_queries(["预热"])
        self.times_ms: list[float] = []

    def measure(self, question: str) -> None:
        t0 = time.perf_counter()
        self.embedder.embed_queries([question])
        self.times_ms.append((time.perf_counter() - t0) * 1000)


def run_sequential_with_floor(url: str, questions: list[str], floor: EmbeddingFloor) -> RunResult:
    """Concurrency 1, each request right after one embedding alone of another fresh question:
    both see the same machine, so their ratio holds even when other work shares the cores."""
    result = RunResult()
    with httpx.Client(base_url=url, timeout=120) as client:
        t0 = time.perf_counter()
        for q in questions:
            floor.measure(q[::-1])  # a different text of the same length, never sent to the server
            ask(client, q, result)
        result.wall_s = time.perf_counter() - t0
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _has_index(settings: Settings) -> bool:
    from wenbao.errors import IndexStoreError
    from wenbao.index.library import ReportLibrary

    try:
        ReportLibrary(settings).warm_up()
    except IndexStoreError:
        return False
    return True


@contextmanager
def served(data_dir: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "WENBAO_DATA_DIR": str(data_dir), "WENBAO_RATE_LIMIT_PER_MINUTE": "0"}
    cmd = [sys.executable, "-m", "wenbao.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_ready(url: str, proc: subprocess.Popen[str] | None = None, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"the server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            r = httpx.get(f"{url}/readyz", timeout=5)
            if r.status_code == 200:
                return
            if r.json().get("status") == "failed":
                raise SystemExit(f"the server is not ready: {r.json().get('detail')}")
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not get ready in time")


def fmt(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):7.1f} ms   p95 {percentile(values, 95):7.1f} ms"


def report(floor: list[float], seq: RunResult, conc: RunResult, concurrency: int) -> bool:
    floor_ms = statistics.median(floor)
    print(f"\nfloor: one query embedding alone   {fmt(floor)}   (n={len(floor)})")
    p50, p95 = percentile(seq.latencies_ms, 50), percentile(seq.latencies_ms, 95)
    print(
        f"POST /api/ask, concurrency 1       {fmt(seq.latencies_ms)}   "
        f"= {p50 / floor_ms:.2f}x / {p95 / floor_ms:.2f}x the floor   (n={len(seq.latencies_ms)})"
    )
    throughput = len(conc.latencies_ms) / conc.wall_s if conc.wall_s else 0.0
    goal_rps = 0.6 * 1000 / floor_ms
    print(
        f"POST /api/ask, concurrency {concurrency}       {throughput:7.1f} req/s   "
        f"latency {fmt(conc.latencies_ms)}   (n={len(conc.latencies_ms)})"
    )
    print("\nwhere the time goes at concurrency 1 (server-side medians, ms):")
    for key, values in sorted(seq.server_ms.items()):
        print(f"  {key:<10} {statistics.median(values):7.1f}")
    total = statistics.median(seq.server_ms.get("total", [0.0]))
    print(f"  {'http+json':<10} {p50 - total:7.1f}   (client-seen p50 minus the answerer's total)")
    errors = seq.errors + conc.errors
    print(f"\nerrors: {len(errors)}")
    for e in errors[:5]:
        print(f"  {e}")
    checks = [
        ("p50 <= 2.5x floor", p50 <= 2.5 * floor_ms),
        ("p95 <= 5x floor", p95 <= 5 * floor_ms),
        (f"throughput >= {goal_rps:.1f} req/s (0.6 x 1000/floor)", throughput >= goal_rps),
        ("zero errors", not errors),
    ]
    print("\ngoals:")
    for name, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {name}")
    return all(ok for _, ok in checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server (default: start one over WENBAO_DATA_DIR)")
    parser.add_argument("--n1", type=int, default=60, help="requests at concurrency 1")
    parser.add_argument("--n8", type=int, default=160, help="requests at concurrency 8")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)

    settings = get_settings()
    questions = fresh_questions()
    warm = [next(questions) for _ in range(args.warmup)]
    seq_qs = [next(questions) for _ in range(args.n1)]
    conc_qs = [next(questions) for _ in range(args.n8)]

    with tempfile.TemporaryDirectory(prefix="wenbao-bench-") as tmp:
        if args.url:
            server: AbstractContextManager[str] = nullcontext(args.url)
        else:
            data_dir = Path(settings.data_dir)
            if not _has_index(settings):
                from wenbao.index.library import ReportLibrary

                data_dir = Path(tmp) / "data"
                print(f"no index under {settings.data_dir}: indexing {SEEDS} into {data_dir}")
                ReportLibrary(settings.model_copy(update={"data_dir": data_dir})).ingest([SEEDS])
            server = served(data_dir)
        with server as url:
            wait_ready(url)
            print(f"server {url}; {os.cpu_count()} CPU cores")
            floor = EmbeddingFloor(settings)
            run_sequential(url, warm)
            seq = run_sequential_with_floor(url, seq_qs, floor)
            conc = run_concurrent(url, conc_qs, args.concurrency)
    report(floor.times_ms, seq, conc, args.concurrency)
    # Missed speed goals are reported above; only failed requests fail the run.
    return 1 if seq.errors or conc.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
