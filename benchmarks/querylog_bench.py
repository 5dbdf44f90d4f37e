"""What the query log costs a question (part of `make bench`).

    python -m wenbao.benchmarks.querylog_bench [--records 6000] [--rate 200]

A request's only logging work is ``QueryRecorder.record``: it builds one record and puts it on a
queue; one writer thread commits batches to SQLite (WAL) in a temporary data dir. This feeds
realistic answers (three citations, a Chinese question) at ``--rate`` questions a second — about
three times what the service answers on two cores (README, Speed) — and prints:

- the request-path cost per question (p50/p95/p99 of ``record``, microseconds),
- the process CPU per logged question including the writer's commits (microseconds), and
- how long after the last question every record was committed.

The issue's bound is 1 ms at p50 on the request path. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from wenbao.service.querylog import LOG_FILE, QueryLog, QueryRecorder
from wenbao.service.schemas import AskResponse, CitationOut, TimingsOut

QUESTION = "2024年上半年鼓楼区地区生产总值是多少？"
PARAGRAPH = "上半年，全区实现地区生产总值1020.53亿元，同比增长5.3%，增速位居全市前列。" * 3


def sample_response(i: int) -> AskResponse:
    citations = [
        CitationOut(
            n=n,
            chunk_id=f"gulou-2024-h1#{i % 97}-{n}",
            doc_id="gulou-2024-h1",
            doc_title="关于南京市鼓楼区2024年国民经济和社会发展计划上半年执行情况的报告",
            place="南京市鼓楼区",
            year=2024,
            heading_path=["上半年计划执行情况", "经济运行总体平稳"],
            heading_numbers=["一、", "（一）"],
            text=PARAGRAPH,
            start=0,
            end=len(PARAGRAPH),
            score=0.5,
        )
        for n in (1, 2, 3)
    ]
    return AskResponse(
        question=f"{QUESTION}（{i}）",
        rewritten_question=QUESTION,
        answer="上半年，全区实现地区生产总值1020.53亿元[1]。",
        answerable=i % 5 != 0,
        mode="extractive",
        verified=False,
        citations=citations,
        timings_ms=TimingsOut(),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--rate", type=float, default=200.0, help="questions a second fed to the log")
    args = parser.parse_args(argv)

    responses = [sample_response(i) for i in range(args.records)]
    with tempfile.TemporaryDirectory() as tmp:
        log = QueryLog(Path(tmp) / LOG_FILE, retention_days=180)
        log.start()
        log.flush()  # the file is created and the schema written before the clock starts
        costs: list[float] = []
        interval = 1.0 / args.rate
        cpu_start = time.process_time()
        next_at = time.perf_counter()
        for response in responses:
            recorder = QueryRecorder(log)
            t0 = time.perf_counter()
            recorder.record(response)
            costs.append((time.perf_counter() - t0) * 1e6)
            next_at += interval
            pause = next_at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        fed_at = time.perf_counter()
        log.flush(timeout_s=60)
        drained_ms = (time.perf_counter() - fed_at) * 1000
        cpu_us = (time.process_time() - cpu_start) * 1e6 / len(responses)
        total = int(log.report()["total"])
        log.stop()

    costs.sort()
    q = statistics.quantiles(costs, n=100)
    print(f"query log: {len(costs)} questions at {args.rate:.0f}/s")
    print(
        f"  request path (QueryRecorder.record): p50 {q[49]:.1f} µs, p95 {q[94]:.1f} µs, p99 {q[98]:.1f} µs"
    )
    print(f"  process CPU per logged question, writer included: {cpu_us:.1f} µs")
    print(f"  every record committed {drained_ms:.1f} ms after the last question ({total} rows in the log)")


if __name__ == "__main__":
    main()
