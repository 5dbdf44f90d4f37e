"""Ingestion speed beside the embedder's passage floor, and question latency while an upload
job embeds, measured in one run (``make bench``; ``python -m wenbao.benchmarks.ingest_bench``).

* floor: one batch of distinct passages embedded directly by the configured embedder;
* ``wenbao ingest`` of several real reports (the CLI path, in process): chunks/s;
* an upload job over HTTP (a real server process) with no questions: chunks/s from 202
  to done;
* ``POST /api/ask`` p50/p95 idle, and while a second upload job embeds (one client asking
  back to back), once with ingestion in its niced child process
  (``WENBAO_INGEST_ISOLATION=process``, the default) and once sharing the question
  embedder (``thread``): the choice the README quotes.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from wenbao.benchmarks.ask_bench import percentile
from wenbao.benchmarks.server_process import ServerProcess
from wenbao.benchmarks.stress import fresh_questions
from wenbao.index.library import ReportLibrary
from wenbao.index.passages import passage_text
from wenbao.ingest.pipeline import parse_file
from wenbao.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "eval" / "corpus"
# Reports of the CLI ingest (distinct passages, none cached) and the one the upload job carries.
INGEST_REPORTS = ["guowuyuan-2021-gzbg.txt", "neimenggu-2026-gzbg.txt", "gansu-2026-gzbg.txt"]
UPLOAD_REPORT = "guangdong-2026-gzbg.txt"
# The report uploaded while one client keeps asking questions.
ASKED_UPLOAD = "hainan-2026-gzbg.txt"
FLOOR_BATCH = 64
IDLE_QUESTIONS = 60
TOKEN = "ingest-bench-token-3c7f0a91"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def embedder_floor() -> tuple[float, int]:
    """Passages per second of one batch embedded directly (after a warm-up call)."""
    settings = get_settings()
    from wenbao.index.embedders import make_embedder

    embedder = make_embedder(settings.embedder, settings.embed_device, settings.embed_batch_size)
    embedder.warm_up()
    doc = parse_file(CORPUS / UPLOAD_REPORT)
    texts = [passage_text(c, settings.passage_format) for c in doc.chunks][:FLOOR_BATCH]
    embedder.embed_passages(texts[:4])
    t0 = time.perf_counter()
    embedder.embed_passages(texts)
    return len(texts) / (time.perf_counter() - t0), len(texts)


def cli_ingest(work: Path) -> tuple[float, int, float]:
    """(chunks/s, chunks, seconds) of ``ReportLibrary.ingest`` of the INGEST_REPORTS."""
    settings = get_settings().model_copy(update={"data_dir": work / "cli-data"})
    folder = work / "cli-in"
    folder.mkdir()
    for name in INGEST_REPORTS:
        shutil.copy(CORPUS / name, folder / name)
    library = ReportLibrary(settings)
    library.embedder.warm_up()
    library.tokenizer.warm_up()
    t0 = time.perf_counter()
    results = library.ingest([folder])
    seconds = time.perf_counter() - t0
    chunks = sum(r.chunk_count for r in results)
    return chunks / seconds, chunks, seconds


@dataclass
class ServedRun:
    isolation: str
    idle_ms: list[float]
    during_ms: list[float]
    job_chunks: int = 0  # the upload job without questions (0: not measured)
    job_s: float = 0.0
    floor: float = 0.0  # the passage floor measured just before that job (the box may be shared)

    @property
    def chunks_per_s(self) -> float | None:
        return self.job_chunks / self.job_s if self.job_s else None


def _upload(client: httpx.Client, name: str) -> str:
    body = (CORPUS / name).read_bytes()
    up = client.post("/api/documents", files={"file": (name, body)}, headers=HEADERS)
    up.raise_for_status()
    return str(up.headers["location"])


def _job(client: httpx.Client, job_url: str) -> dict[str, object]:
    job: dict[str, object] = client.get(job_url, headers=HEADERS).json()
    if job["status"] == "failed":
        raise SystemExit(f"the upload job failed: {job['message']}")
    return job


def served_run(seed_data: Path, work: Path, isolation: str, measure_job: bool) -> ServedRun:
    data = work / f"served-{isolation}"
    shutil.copytree(seed_data, data)
    env = {"WENBAO_ADMIN_TOKEN": TOKEN, "WENBAO_INGEST_ISOLATION": isolation}
    questions = itertools.cycle(list(itertools.islice(fresh_questions(seed=11), 400)))
    with ServerProcess(data, env=env) as server, httpx.Client(base_url=server.url, timeout=300) as client:
        server.wait_ready()

        def timed_ask() -> float:
            t0 = time.perf_counter()
            r = client.post("/api/ask", json={"question": next(questions)})
            r.raise_for_status()
            return (time.perf_counter() - t0) * 1000

        for _ in range(5):  # first-call costs
            timed_ask()
        run = ServedRun(isolation, [timed_ask() for _ in range(IDLE_QUESTIONS)], [])
        if measure_job:  # an upload alone: the ingestion rate of the server path
            run.floor, _ = embedder_floor()
            t0 = time.perf_counter()
            job_url = _upload(client, UPLOAD_REPORT)
            while (job := _job(client, job_url))["status"] != "done":
                time.sleep(0.2)
            run.job_s, run.job_chunks = time.perf_counter() - t0, int(str(job["chunks_total"]))
        job_url = _upload(client, ASKED_UPLOAD)  # an upload while one client keeps asking
        while (job := _job(client, job_url))["status"] != "done":
            latency = timed_ask()
            if job["status"] == "embedding":  # the figure is about the embedding phase
                run.during_ms.append(latency)
        return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skip-thread", action="store_true", help="Do not measure the shared-embedder mode.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wenbao-ingest-bench-") as tmp:
        work = Path(tmp)
        floor, batch = embedder_floor()
        print(f"embedder passage floor: {floor:.2f} passages/s (one batch of {batch}, embedded directly)")
        cli_rate, cli_chunks, cli_s = cli_ingest(work)
        print(
            f"wenbao ingest of {len(INGEST_REPORTS)} reports: {cli_chunks} chunks in {cli_s:.1f} s = "
            f"{cli_rate:.2f} chunks/s ({cli_rate / floor:.0%} of the floor)"
        )
        seed_data = work / "seed-data"
        ReportLibrary(get_settings().model_copy(update={"data_dir": seed_data})).ingest([SEEDS])
        runs = [served_run(seed_data, work, "process", measure_job=True)]
        if not args.skip_thread:
            runs.append(served_run(seed_data, work, "thread", measure_job=False))
    print()
    print(
        "| ingestion | chunks | chunks/s | vs floor | ask p50 idle | ask p95 idle | p50 during | p95 during |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(f"| floor (one batch) | {batch} | {floor:.2f} | 100% | | | | |")
    print(f"| wenbao ingest (CLI) | {cli_chunks} | {cli_rate:.2f} | {cli_rate / floor:.0%} | | | | |")
    for run in runs:
        rate = run.chunks_per_s
        rates = (
            f"{run.job_chunks} | {rate:.2f} | {rate / run.floor:.0%} of {run.floor:.2f} measured before it"
            if rate
            else "- | - | -"
        )
        idle50, idle95 = percentile(run.idle_ms, 50), percentile(run.idle_ms, 95)
        if run.during_ms:
            d50, d95 = percentile(run.during_ms, 50), percentile(run.during_ms, 95)
            during = f"{d50:.0f} ms | {d95:.0f} ms ({d95 / idle95:.2f}× idle, n={len(run.during_ms)})"
        else:
            during = "- | -"
        print(f"| upload job, {run.isolation} | {rates} | {idle50:.0f} ms | {idle95:.0f} ms | {during} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
