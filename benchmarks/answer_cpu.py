"""Answers and CPU a question, in process, builds alternated over the same index (issue 29).

    python -m wenbao.benchmarks.answer_cpu \\
        --build base=/path/to/base/pythonpath --build new=/path/to/this/pythonpath \\
        --set work=../shared/reports/questions:IDX_WORK:tune \\
        --set budget=../shared/reports/budget/questions:IDX_BUDGET:tune \\
        --set dev-work=eval/questions-dev/work:IDX_WORK:all \\
        --set dev-budget=eval/questions-dev/budget:IDX_BUDGET:all [--passes N] [--out DIR] [--profile]

A build is a PYTHONPATH under which ``import wenbao`` is that build's code (a `git archive` of a
commit unpacked into ``DIR/wenbao``); a set is a question folder in the independent format, the data
dir of an index over its reports (read only: copy a shared one first) and the half asked (``tune``:
the 1st, 3rd, … line of each file, never the held-out ones; ``all``). Conversations are asked turn
by turn with their history, as one unit.

What it answers: whether two builds give the same answers (answer text, answerability, cited passage
ids, rewritten question, clarification, table: written to ``DIR/snap-<build>.jsonl``, differences
printed), and what a question costs each in CPU besides the embedding. The embedding is taken out:
a fill process of each build embeds every text the questions need once (``DIR/vectors-<index>.pkl``),
and the measuring processes look every query and sentence embedding up there, so no build embeds.
Each unit goes to every build in turn (the order alternating), the answering thread's CPU time
(``time.thread_time``) taken around each ask: on a machine other programs share, wall time follows
their load; CPU time of the one thread, alternated question by question, much less.
``--profile``: cProfile (thread CPU clock) in each worker, ``DIR/prof-<build>-<index>.pstats``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

WARM_UP = ("2024年上半年地区生产总值是多少？", "今年的主要预期目标有哪些？")
TIMED = ("cpu", "wall")


def units(sets: list[tuple[str, str, str, str]]) -> list[dict[str, Any]]:
    """The questions of each set (name, folder, data dir, split), one unit a question or conversation."""
    out: list[dict[str, Any]] = []
    for name, folder, data, split in sets:
        for path in sorted(glob.glob(os.path.join(folder, "*.jsonl"))):
            stem = os.path.basename(path)[: -len(".jsonl")]
            with open(path, encoding="utf-8") as f:
                lines = [line for line in f if line.strip()]
            for i, line in enumerate(lines):
                if split == "tune" and i % 2 == 1:
                    continue  # held out: never read
                g = json.loads(line)
                uid = f"{name}/{stem}/{i}"
                if stem == "conversations":
                    out.append({"id": uid, "data": data, "turns": g["turns"], "doc": None})
                else:
                    doc = stem if g.get("scope") == "doc" else None
                    out.append({"id": uid, "data": data, "turns": [g["q"]], "doc": doc})
    return out


# --- worker: one build over one index, units on stdin, results on stdout ---------------------
def worker(data: str, vectors: str, record: bool) -> None:
    os.environ["WENBAO_DATA_DIR"] = data
    os.environ["WENBAO_SENTENCE_FILL"] = "off"
    import numpy as np

    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.answering.history import Turn
    from wenbao.index import embedders
    from wenbao.index.library import ReportLibrary
    from wenbao.settings import get_settings

    table: dict[tuple[bool, str], np.ndarray] = {}
    if os.path.exists(vectors):
        with open(vectors, "rb") as kept:
            table = pickle.load(kept)

    class TableEmbedder(embedders.E5Embedder):
        """The default embedder's vectors, looked up by text (made and kept only when recording)."""

        def warm_up(self) -> None:
            if record:
                super().warm_up()

        def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
            todo = [t for t in dict.fromkeys(texts) if (is_query, t) not in table]
            if todo:
                if not record:
                    raise RuntimeError(f"not embedded in the fill: {todo[:3]}")
                for t, v in zip(todo, super()._encode(todo, is_query), strict=True):
                    table[(is_query, t)] = v
            if not texts:
                return np.zeros((0, self.dim), dtype=np.float32)
            return np.stack([table[(is_query, t)] for t in texts])

    settings = get_settings()
    answerer = ReportAnswerer(ReportLibrary(settings, embedder=TableEmbedder()), settings)
    answerer.warm_up()
    for q in WARM_UP:  # what a served process has read before its first question
        answerer.ask(q, top_k=10)
    # again, now that the index is loaded: a server loads it before the answerer's warm-up, which
    # then reads every report's lists (~55 ms a report, else paid by the first list question on each)
    answerer.warm_up()
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing the answerer prints mixes with the results
    prof: Any = None
    for line in sys.stdin:
        u = json.loads(line)
        if u.get("cmd") == "profile":
            import cProfile

            prof = cProfile.Profile(time.thread_time)
            prof.enable()
        elif u.get("cmd") == "dump":
            if prof is not None:
                prof.disable()
                prof.dump_stats(u["path"])
        else:
            history: list[Turn] = []
            asks = []
            for q in u["turns"]:
                c0, w0 = time.thread_time(), time.perf_counter()
                a = answerer.ask(q, history=history, top_k=10, doc_id=u["doc"])
                cpu, wall = (time.thread_time() - c0) * 1000, (time.perf_counter() - w0) * 1000
                history = [*history, Turn("user", q), Turn("assistant", a.answer)]
                asks.append(
                    {
                        "q": q,
                        "answer": a.answer,
                        "answerable": a.answerable,
                        "cited": [c.chunk.chunk_id for c in a.citations],
                        "rewritten": a.rewritten_question,
                        "clarify": None if a.clarify is None else repr(a.clarify),
                        "table": None if a.table is None else repr(a.table),
                        "cpu": cpu,
                        "wall": wall,
                    }
                )
            u = {"id": u["id"], "asks": asks}
        out.write(json.dumps(u, ensure_ascii=False) + "\n")
        out.flush()
    if record:
        with open(vectors, "wb") as f:
            pickle.dump(table, f)


# --- driver -----------------------------------------------------------------------------------
class Worker:
    def __init__(self, pythonpath: str, data: str, vectors: str, record: bool = False) -> None:
        # One OpenMP and BLAS thread: the thread timed does all of the question's work.
        env = {**os.environ, "PYTHONPATH": pythonpath, "WENBAO_SENTENCE_FILL": "off", "OMP_NUM_THREADS": "1"}
        # This file as a script: the build under test may have no copy of it.
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", data, vectors]
        self.p = subprocess.Popen(
            [*cmd, "--record"] if record else cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )

    def send(self, u: dict[str, Any]) -> dict[str, Any]:
        assert self.p.stdin is not None and self.p.stdout is not None
        self.p.stdin.write(json.dumps(u, ensure_ascii=False) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("a worker ended")
        out: dict[str, Any] = json.loads(line)
        return out

    def close(self) -> None:
        assert self.p.stdin is not None
        self.p.stdin.close()
        self.p.wait()


def _answers(asks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if k not in TIMED} for a in asks]


def _cpu(results: dict[str, list[list[dict[str, Any]]]], prefix: str = "") -> Iterator[float]:
    """Per ask, the median CPU over the passes."""
    for uid, passes in results.items():
        if uid.startswith(prefix):
            for j in range(len(passes[0])):
                yield statistics.median(p[j]["cpu"] for p in passes)


def run(args: argparse.Namespace) -> int:
    builds = dict(b.split("=", 1) for b in args.build)
    sets = []
    for s in args.set:
        name, spec = s.split("=", 1)
        folder, data, split = spec.rsplit(":", 2)
        sets.append((name, folder, data, split))
    todo = units(sets)
    os.makedirs(args.out, exist_ok=True)
    datas = sorted({u["data"] for u in todo})

    def vectors_of(data: str) -> str:
        return os.path.join(args.out, f"vectors-{os.path.basename(os.path.normpath(data))}.pkl")

    for data in datas:  # the fill: every text each build embeds
        if os.path.exists(vectors_of(data)) and not args.refill:
            continue
        for pythonpath in builds.values():
            w = Worker(pythonpath, data, vectors_of(data), record=True)
            for u in todo:
                if u["data"] == data:
                    w.send(u)
            w.close()
    results: dict[str, dict[str, list[list[dict[str, Any]]]]] = {name: {} for name in builds}
    for p in range(args.passes):
        for data in datas:
            ws = {name: Worker(pp, data, vectors_of(data)) for name, pp in builds.items()}
            if args.profile:
                for w in ws.values():
                    w.send({"cmd": "profile"})
            for k, u in enumerate(x for x in todo if x["data"] == data):
                order = list(ws.items())
                if (k + p) % 2:
                    order.reverse()
                for name, w in order:
                    results[name].setdefault(u["id"], []).append(w.send(u)["asks"])
            for name, w in ws.items():
                if args.profile:
                    index = os.path.basename(os.path.normpath(data))
                    w.send({"cmd": "dump", "path": os.path.join(args.out, f"prof-{name}-{index}.pstats")})
                w.close()
    names = list(builds)
    for name in names:
        with open(os.path.join(args.out, f"snap-{name}.jsonl"), "w", encoding="utf-8") as f:
            for uid, passes in results[name].items():
                f.write(json.dumps({"id": uid, "asks": _answers(passes[0])}, ensure_ascii=False) + "\n")
    differences = 0
    for name in names[1:]:
        for uid, passes in results[names[0]].items():
            a, b = _answers(passes[0]), _answers(results[name][uid][0])
            if a != b:
                differences += 1
                print("DIFF", uid, json.dumps(a, ensure_ascii=False)[:400])
                print("    ", name, json.dumps(b, ensure_ascii=False)[:400])
    print(f"answer differences: {differences}")
    for name in names:
        cpu = list(_cpu(results[name]))
        print(
            f"{name}: {len(cpu)} asks, CPU a question median {statistics.median(cpu):.2f} ms, "
            f"mean {statistics.mean(cpu):.2f} ms, p90 {sorted(cpu)[int(len(cpu) * 0.9)]:.2f} ms, "
            f"p95 {sorted(cpu)[int(len(cpu) * 0.95)]:.2f} ms"
        )
        for set_name, *_ in sets:
            part = list(_cpu(results[name], set_name + "/"))
            if part:
                mid, mean = statistics.median(part), statistics.mean(part)
                print(f"   {set_name:<11} n={len(part):<4} median {mid:.2f} mean {mean:.2f}")
    if len(names) == 2:
        ratios = [b / a for a, b in zip(_cpu(results[names[0]]), _cpu(results[names[1]]), strict=True)]
        print(f"{names[1]}/{names[0]} per ask: median ratio {statistics.median(ratios):.3f}")
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", nargs=2, metavar=("DATA", "VECTORS"), help=argparse.SUPPRESS)
    ap.add_argument("--record", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--build", action="append", default=[], help="NAME=PYTHONPATH (two to compare)")
    ap.add_argument("--set", action="append", default=[], help="NAME=QUESTION_DIR:DATA_DIR:tune|all")
    ap.add_argument("--passes", type=int, default=1)
    ap.add_argument("--out", default="answer-cpu")
    ap.add_argument("--refill", action="store_true", help="embed the texts again")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], args.record)
        return 0
    if not args.build or not args.set:
        ap.error("give --build and --set")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
