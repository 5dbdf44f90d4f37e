"""Stress run against a real server (`make stress`).

    python -m wenbao.benchmarks.stress [--levels 1,8,32,64] [--duration 20] [--requests N]
                                       [--fairness 30] [--creep 10000] [--index DATA_DIR]

Starts `wenbao serve` in a child process on a free loopback port over its own temporary
data dir (seeds/ indexed by `wenbao ingest`, or a copy of --index), then ramps the
number of concurrent clients. Each level runs for --duration seconds (or --requests
requests): questions never asked before (generated variants) mixed with searches; the
highest level also uploads one report and deletes it again. Per level it prints
throughput, p50/p95/p99 latency, errors by status and the server's RSS from
/proc/PID/status. --creep N then sends N more requests at concurrency 8 and reports
how much the server's RSS grew after its warm-up (goal: under 10%).

--fairness S (first, before the levels): a resident at 127.0.0.1 asks ordinary questions one at a
time for S seconds alone, then for S seconds while a flooder at another address (127.0.0.2)
sends ~480-character questions on 8 connections. Goal: the resident's p95 under the flood at
most 2x its idle p95. The server runs with its default limits (rate limit, fair sharing).

Only loopback addresses are used. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from wenbao.benchmarks.server_process import ServerProcess

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CREEP_LIMIT_PCT = 10.0
CREEP_CONCURRENCY = 8

# --- questions never asked before ------------------------------------------------------------
METRICS = [
    "地区生产总值", "GDP", "经济总量", "一般公共预算收入", "财政收入", "税收收入",
    "社会消费品零售总额", "社零", "固定资产投资", "固投", "工业投资", "进出口总额", "外贸",
    "实际使用外资", "技术合同成交额", "高新技术企业", "居民人均可支配收入", "老百姓收入",
    "城镇居民人均可支配收入", "新增城镇就业", "服务业增加值", "规上工业总产值", "重大项目",
    "城市更新", "养老服务", "教育投入", "空气质量", "民生实事",
]  # fmt: skip
YEARS = ["2021年上半年", "2024年上半年", "2021年", "2024年", "今年上半年", ""]
PLACES = ["鼓楼区", "鼓楼", "全区", ""]
FORMS = ["是多少？", "完成了多少？", "同比增长多少？", "情况怎么样？", "有什么进展？", "排第几？"]
OPENERS = ["", "请问", "我想了解一下", "麻烦查一下", "能告诉我"]


def fresh_questions(seed: int = 11) -> Iterator[str]:
    """Distinct questions in a shuffled order (about 26,000 before any repeats); after that
    each round adds an ordinal so that a question is still never asked twice."""
    combos = list(itertools.product(OPENERS, YEARS, PLACES, METRICS, FORMS))
    random.Random(seed).shuffle(combos)
    for round_no in itertools.count():
        tail = "" if round_no == 0 else f"（第{round_no + 1}轮）"
        for opener, year, place, metric, form in combos:
            yield f"{opener}{year}{place}{metric}{form}{tail}"


UPLOAD_REPORT = """关于临川区2017年国民经济和社会发展计划
上半年执行情况的报告
——2017年8月20日在区人大常委会第五次会议上

区发展和改革委员会主任 王明

一、上半年计划执行情况

（一）经济运行总体平稳

1．主要指标稳步增长。上半年，临川区地区生产总值完成612.48亿元，同比增长5.3%。

2．消费市场持续回暖。社会消费品零售总额完成233.17亿元，同比增长6.1%。

二、下半年工作安排

（一）持续扩大有效投资

1．加快项目建设。下半年，全区将加快推进重点项目建设，确保完成全年目标任务。
"""


# --- measurements ----------------------------------------------------------------------------
@dataclass
class LevelResult:
    concurrency: int
    seconds: float = 0.0
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: {"ask": [], "search": []})
    statuses: Counter[str] = field(default_factory=Counter)
    rss_mib: float = 0.0
    peak_rss_mib: float = 0.0
    upload: str = ""

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> str:
        bad = {k: v for k, v in sorted(self.statuses.items()) if k != "200"}
        return ", ".join(f"{k}×{v}" for k, v in bad.items()) or "-"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


class LoadDriver:
    """Concurrent clients over one connection pool; 3 questions to 1 search."""

    def __init__(self, server: ServerProcess, questions: Iterator[str]) -> None:
        self.server = server
        self.questions = questions

    async def _one(self, client: httpx.AsyncClient, n: int, result: LevelResult) -> None:
        text = next(self.questions)
        kind = "search" if n % 4 == 3 else "ask"
        started = time.perf_counter()
        try:
            if kind == "ask":
                r = await client.post("/api/ask", json={"question": text})
            else:
                r = await client.get("/api/search", params={"q": text, "top_k": 5})
            status = str(r.status_code)
        except httpx.TransportError as exc:
            status = type(exc).__name__
        result.statuses[status] += 1
        if status == "200":
            result.latencies_ms[kind].append((time.perf_counter() - started) * 1000)

    async def run(
        self,
        concurrency: int,
        duration_s: float,
        max_requests: int | None,
        upload_token: str | None = None,
    ) -> LevelResult:
        result = LevelResult(concurrency)
        counter = itertools.count()
        deadline = time.monotonic() + duration_s
        limits = httpx.Limits(max_connections=concurrency + 2, max_keepalive_connections=concurrency + 2)
        async with httpx.AsyncClient(base_url=self.server.url, timeout=300, limits=limits) as client:

            async def worker() -> None:
                while time.monotonic() < deadline:
                    n = next(counter)
                    if max_requests is not None and n >= max_requests:
                        return
                    await self._one(client, n, result)

            started = time.perf_counter()
            tasks = [asyncio.create_task(worker()) for _ in range(concurrency)]
            if upload_token:
                result.upload = await self._upload_and_delete(client, upload_token)
            await asyncio.gather(*tasks)
            result.seconds = time.perf_counter() - started
        result.rss_mib = self.server.rss_kb() / 1024
        result.peak_rss_mib = self.server.peak_rss_kb() / 1024
        return result

    async def _upload_and_delete(self, client: httpx.AsyncClient, token: str) -> str:
        """One upload under load (it is indexed while the others are answered), then its delete."""
        headers = {"Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        up = await client.post(
            "/api/documents?wait=true",  # the job's whole time, as a script waiting for it sees
            files={"file": ("linchuan-2017-h1.txt", UPLOAD_REPORT.encode())},
            headers=headers,
        )
        up_ms = (time.perf_counter() - started) * 1000
        asked = await client.post("/api/ask", json={"question": "2017年上半年临川区地区生产总值是多少？"})
        found = asked.status_code == 200 and "612.48" in asked.json().get("answer", "")
        doc_id = up.json().get("doc_id", "") if up.status_code in (200, 201) else ""
        deleted = await client.delete(f"/api/documents/{doc_id}", headers=headers)
        return (
            f"upload {up.status_code} in {up_ms:.0f} ms, answered from it: {'yes' if found else 'NO'}, "
            f"delete {deleted.status_code}"
        )


# --- fairness: one client floods, another asks ------------------------------------------------
FAIR_GOAL = 2.0
FLOOD_CONNECTIONS = 8
FLOOD_CHARS = 480
RESIDENT = "127.0.0.1"
FLOODER = "127.0.0.2"  # another loopback address: another client to the server


def long_questions(questions: Iterator[str]) -> Iterator[str]:
    """~480-character questions, each new: ordinary questions run together."""
    while True:
        text = ""
        while len(text) < FLOOD_CHARS:
            text += next(questions)
        yield text[:FLOOD_CHARS]


@dataclass
class FairnessResult:
    idle_ms: list[float] = field(default_factory=list)
    flooded_ms: list[float] = field(default_factory=list)
    resident_errors: Counter[str] = field(default_factory=Counter)
    flood: Counter[str] = field(default_factory=Counter)
    flood_seconds: float = 0.0


async def _resident(
    url: str, questions: Iterator[str], seconds: float, out: list[float], errors: Counter[str]
) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=RESIDENT)
    async with httpx.AsyncClient(base_url=url, timeout=300, transport=transport) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            r = await client.post("/api/ask", json={"question": next(questions)})
            if r.status_code == 200:
                out.append((time.perf_counter() - started) * 1000)
            else:
                errors[str(r.status_code)] += 1


async def _flooder(url: str, questions: Iterator[str], stop: asyncio.Event, statuses: Counter[str]) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=FLOODER)
    limits = httpx.Limits(max_connections=FLOOD_CONNECTIONS, max_keepalive_connections=FLOOD_CONNECTIONS)
    async with httpx.AsyncClient(base_url=url, timeout=300, transport=transport, limits=limits) as client:

        async def connection() -> None:
            while not stop.is_set():
                try:
                    r = await client.post("/api/ask", json={"question": next(questions)})
                    statuses[str(r.status_code)] += 1
                    if r.status_code == 429:  # as a client should: wait as long as it is told
                        await asyncio.sleep(float(r.headers.get("retry-after", "1")))
                except httpx.TransportError as exc:
                    statuses[type(exc).__name__] += 1

        await asyncio.gather(*(connection() for _ in range(FLOOD_CONNECTIONS)))


async def fairness_run(server: ServerProcess, seconds: float) -> FairnessResult:
    result = FairnessResult()
    ordinary = fresh_questions(seed=23)
    await _resident(server.url, ordinary, seconds, result.idle_ms, result.resident_errors)
    stop = asyncio.Event()
    started = time.perf_counter()
    flood = asyncio.create_task(
        _flooder(server.url, long_questions(fresh_questions(seed=31)), stop, result.flood)
    )
    await asyncio.sleep(2.0)  # the flood is under way before the resident measures
    await _resident(server.url, ordinary, seconds, result.flooded_ms, result.resident_errors)
    stop.set()
    await flood
    result.flood_seconds = time.perf_counter() - started
    return result


def print_fairness(r: FairnessResult) -> bool:
    idle, flooded = percentile(r.idle_ms, 95), percentile(r.flooded_ms, 95)
    ratio = flooded / idle if idle else float("nan")
    answered = r.flood.get("200", 0)
    flood = ", ".join(f"{k}×{v}" for k, v in sorted(r.flood.items()))
    print(
        f"fairness: resident ({len(r.idle_ms)} questions alone, {len(r.flooded_ms)} under the flood) "
        f"p50 {percentile(r.idle_ms, 50):.0f} -> {percentile(r.flooded_ms, 50):.0f} ms, "
        f"p95 {idle:.0f} -> {flooded:.0f} ms ({ratio:.2f}x, goal <= {FAIR_GOAL:g}x), "
        f"errors {dict(r.resident_errors) or '-'}",
        flush=True,
    )
    print(
        f"          flooder ({FLOOD_CONNECTIONS} connections, {FLOOD_CHARS}-character questions): "
        f"{answered / r.flood_seconds:.1f} answered/s; {flood}",
        flush=True,
    )
    return ratio <= FAIR_GOAL


# --- the run ---------------------------------------------------------------------------------
def build_data_dir(target: Path, index: Path | None) -> None:
    if index is not None:
        shutil.copytree(index, target)
        return
    print(f"indexing {SEEDS} into {target} ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "wenbao.cli", "ingest", str(SEEDS)],
        env={**os.environ, "WENBAO_DATA_DIR": str(target)},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def print_header() -> None:
    print(
        f"{'clients':>7} {'requests':>8} {'seconds':>7} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'ask p50':>7} {'search p50':>10} {'RSS MiB':>7} {'peak':>6}  errors"
    )


def print_level(r: LevelResult) -> None:
    every = r.latencies_ms["ask"] + r.latencies_ms["search"]
    print(
        f"{r.concurrency:>7} {r.count:>8} {r.seconds:>7.1f} {r.count / r.seconds:>6.1f} "
        f"{percentile(every, 50):>7.0f} {percentile(every, 95):>7.0f} {percentile(every, 99):>7.0f} "
        f"{percentile(r.latencies_ms['ask'], 50):>7.0f} {percentile(r.latencies_ms['search'], 50):>10.0f} "
        f"{r.rss_mib:>7.0f} {r.peak_rss_mib:>6.0f}  {r.errors}",
        flush=True,
    )
    if r.upload:
        print(f"{'':>7} {r.upload}", flush=True)


async def creep_run(driver: LoadDriver, total: int) -> float:
    """`total` requests at a fixed concurrency; RSS growth after the first tenth (warm-up)."""
    warm = max(100, total // 10)
    warmed = await driver.run(CREEP_CONCURRENCY, duration_s=1e9, max_requests=warm)
    base = driver.server.rss_kb()
    print(
        f"memory creep: {warm} warm-up requests ({warmed.errors} errors), RSS {base / 1024:.0f} MiB",
        flush=True,
    )
    done, samples = 0, []
    step = max(1, (total - warm) // 5)
    while done < total - warm:
        batch = min(step, total - warm - done)
        r = await driver.run(CREEP_CONCURRENCY, duration_s=1e9, max_requests=batch)
        done += batch
        samples.append(driver.server.rss_kb())
        print(
            f"  after {warm + done:>6} requests: RSS {samples[-1] / 1024:.0f} MiB, "
            f"{r.count / r.seconds:.1f} req/s, errors {r.errors}",
            flush=True,
        )
    growth = (samples[-1] - base) / base * 100
    verdict = "ok" if growth < CREEP_LIMIT_PCT else f"OVER the {CREEP_LIMIT_PCT:g}% goal"
    print(
        f"memory creep: RSS {base / 1024:.0f} -> {samples[-1] / 1024:.0f} MiB, "
        f"growth {growth:+.1f}% ({verdict})"
    )
    return growth


async def main_async(args: argparse.Namespace) -> int:
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="wenbao-stress-") as tmp:
        data = Path(tmp) / "data"
        build_data_dir(data, args.index)
        # The service's default limits: ordinary load from one address must not be refused.
        env = {"WENBAO_ADMIN_TOKEN": token}
        with ServerProcess(data, env=env) as server:
            server.wait_ready()
            print(f"server pid {server.pid} at {server.url}, RSS {server.rss_kb() / 1024:.0f} MiB when ready")
            driver = LoadDriver(server, fresh_questions())
            # A few requests first, so that level 1 does not measure first-call costs.
            await driver.run(2, duration_s=60, max_requests=20)
            load = os.getloadavg()
            print(f"{os.cpu_count()} CPUs; load average {load[0]:.2f} before the run")
            fair = True
            if args.fairness:
                fair = print_fairness(await fairness_run(server, args.fairness))
            print_header()
            for i, level in enumerate(levels):
                upload = token if i == len(levels) - 1 else None
                print_level(await driver.run(level, args.duration, args.requests, upload))
            if args.creep:
                growth = await creep_run(driver, args.creep)
                if growth >= CREEP_LIMIT_PCT:
                    return 1
    return 0 if fair else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--levels", default="1,8,32,64", help="concurrent clients per level (default 1,8,32,64)"
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per level (default 20)")
    parser.add_argument("--requests", type=int, default=None, help="at most this many requests per level")
    parser.add_argument(
        "--fairness",
        type=float,
        default=0.0,
        metavar="S",
        help="seconds a side of the fairness run (0: none)",
    )
    parser.add_argument("--creep", type=int, default=0, metavar="N", help="then N requests for memory creep")
    parser.add_argument(
        "--index", type=Path, default=None, help="copy this data dir instead of indexing seeds/"
    )
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
