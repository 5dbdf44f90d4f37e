"""What the meaning stage's sentence embeddings cost, made at query time or at ingest (issue 29).

    python -m wenbao.benchmarks.sentence_bench [--data-dir DIR] [--rounds 7]

The meaning stage (``answering.extractive``: ``MeaningJudgement``, the two tie orders by meaning)
weighs a few short texts of the passages read against the question: a quote, the pieces or the
sentences the rules score alike. Their passage embeddings are made when first asked
(``answering.drafts.SentenceVectors``). Two questions are measured here, over an index (the eval
corpus's ``eval/.index`` unless ``--data-dir``):

- **at query time, batched or not**: the same short texts of the index embedded as one call of
  ``n`` (n = 4, 8) and as ``n`` calls of one, alternately (A B A B…, the order turned each round, a
  fresh set of texts each time), by the service's embedder as the service loads it; median wall
  ms and the process's CPU ms (every thread, the engine's included) per set, with the load average.
- **in the answer, batched or not** (``--questions heldout|tune``): the gold set's questions are
  asked in process (for their timing only); those whose answer weighs sentences by meaning are
  asked again, each with no sentence kept, once with one embedding call per text and once with the
  texts of a call site together (order turned each round): median wall and CPU ms of the answer.
- **at ingest**: how many distinct texts the meaning stage could ask of the index (every piece of
  every passage, clause pieces included, and every sentence they belong to), their characters
  beside the passages' own, the time to embed them at the rate measured here in batches of
  ``ingest_batch_size`` against the passages' own rate measured alike, and the disk they would take
  as float32 rows.

Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from wenbao.answering.sentence_fill import meaning_texts
from wenbao.benchmarks.ask_bench import BenchQuestion
from wenbao.index.embedders import blas_to_one_thread
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings, get_settings


def _cpu_ms() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return (r.ru_utime + r.ru_stime) * 1000


def timed(call: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu_ms()
    call()
    return (time.perf_counter() - wall) * 1000, _cpu_ms() - cpu


def answer_ab(library: ReportLibrary, settings: Settings, split: str, rounds: int) -> None:
    from wenbao.answering import drafts
    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.answering.history import Turn
    from wenbao.benchmarks.ask_bench import gold_questions

    answerer = ReportAnswerer(library, settings)
    library.warm_up()
    together = drafts.QuestionMeaning.many
    asked: list[int] = []

    def counting(self: drafts.QuestionMeaning, texts: Sequence[str]) -> list[float | None]:
        asked.append(len(texts))
        return together(self, texts)

    def apart(self: drafts.QuestionMeaning, texts: Sequence[str]) -> list[float | None]:
        return [together(self, [t])[0] for t in texts]

    def ask(q: BenchQuestion) -> None:
        answerer.ask(q.question, [Turn(role=r, content=c) for r, c in q.history])

    weighed = []
    drafts.QuestionMeaning.many = counting  # type: ignore[method-assign]
    try:
        for q in gold_questions(split):
            asked.clear()
            ask(q)
            if asked:
                weighed.append(q)
        print(f"\n{len(weighed)} {split} questions weigh sentences by meaning; each asked with none kept:")
        times: dict[str, list[tuple[float, float]]] = {"one call per text": [], "one call per site": []}
        for r in range(rounds):
            for q in weighed:
                modes = [("one call per text", apart), ("one call per site", together)]
                for name, many in modes if (r + len(q.question)) % 2 else modes[::-1]:
                    drafts.QuestionMeaning.many = many  # type: ignore[method-assign]
                    drafts.SENTENCE_VECTORS._vectors.clear()
                    times[name].append(timed(partial(ask, q)))
    finally:
        drafts.QuestionMeaning.many = together  # type: ignore[method-assign]
    for name, values in times.items():
        wall = [w for w, _ in values]
        cpu = [c for _, c in values]
        print(
            f"  {name}: answer median {statistics.median(wall):.1f} ms (CPU {statistics.median(cpu):.1f}), "
            f"p90 {sorted(wall)[int(0.9 * (len(wall) - 1))]:.1f} ms; load {os.getloadavg()[0]:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sizes", default="4,8")
    parser.add_argument("--questions", default="", help="gold split asked in process: heldout or tune")
    parser.add_argument(
        "--ingest-sample", type=int, default=128, help="texts and passages timed for the ingest rate"
    )
    args = parser.parse_args()
    settings = get_settings()
    if args.data_dir is None:
        from wenbao.benchmarks.ask_bench import eval_index

        args.data_dir = eval_index(settings)
    library = ReportLibrary(settings.model_copy(update={"data_dir": args.data_dir}))
    chunks = library.all_chunks()
    texts = meaning_texts(chunks)
    random.Random(29).shuffle(texts)
    embedder = library.embedder  # as the service loads it
    embedder.warm_up()
    blas_to_one_thread()
    embedder.embed_passages(texts[:4])
    used = 4
    print(f"{len(chunks)} passages, {len(texts)} meaning texts; load {os.getloadavg()[0]:.2f} at the start")

    print("\nat query time: one call of n texts against n calls of one (median wall ms / CPU ms per set)")
    for n in [int(x) for x in args.sizes.split(",")]:
        one_call: list[tuple[float, float]] = []
        one_each: list[tuple[float, float]] = []
        for r in range(args.rounds):
            a, b = texts[used : used + n], texts[used + n : used + 2 * n]
            used += 2 * n
            together = (lambda a=a: embedder.embed_passages(a), one_call)
            apart = (lambda b=b: [embedder.embed_passages([t]) for t in b], one_each)
            for call, sink in (together, apart) if r % 2 == 0 else (apart, together):
                sink.append(timed(call))
        w1, c1 = (statistics.median(x) for x in zip(*one_call, strict=True))
        w2, c2 = (statistics.median(x) for x in zip(*one_each, strict=True))
        print(
            f"  n={n}: one call {w1:.1f} ms (CPU {c1:.1f}), {n} calls {w2:.1f} ms (CPU {c2:.1f}); "
            f"load {os.getloadavg()[0]:.2f}"
        )

    if args.questions:
        answer_ab(library, settings, args.questions, args.rounds)

    k = args.ingest_sample
    sample_texts = texts[used : used + k]
    sample_chunks = [c.text for c in random.Random(23).sample(chunks, min(k, len(chunks)))]
    batch = settings.ingest_batch_size

    def rate(items: list[str]) -> tuple[float, float]:
        wall, cpu = timed(
            lambda: [embedder.embed_passages(items[i : i + batch]) for i in range(0, len(items), batch)]
        )
        return len(items) / (wall / 1000), cpu / len(items)

    text_rate, text_cpu = rate(sample_texts)
    chunk_rate, chunk_cpu = rate(sample_chunks)
    chars = sum(len(t) for t in texts)
    chunk_chars = sum(len(c.text) for c in chunks)
    print(f"\nat ingest (batches of {batch}; load {os.getloadavg()[0]:.2f}):")
    print(f"  passages: {len(chunks)} ({chunk_chars} chars), {chunk_rate:.1f}/s, {chunk_cpu:.0f} CPU ms each")
    print(f"  meaning texts: {len(texts)} ({chars} chars), {text_rate:.1f}/s, {text_cpu:.0f} CPU ms each")
    print(
        f"  indexing time: passages {len(chunks) / chunk_rate:.0f} s, the meaning texts besides "
        f"{len(texts) / text_rate:.0f} s ({len(texts) * text_cpu / 1000:.0f} CPU s); disk "
        f"{len(texts) * embedder.dim * 4 / 2**20:.1f} MiB of vectors (float32) beside the index's "
        f"{sum(f.stat().st_size for f in args.data_dir.rglob('*') if f.is_file()) / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
