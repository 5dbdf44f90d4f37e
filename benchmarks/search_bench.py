"""Search benchmark (part of `make bench`): latency on the seeds and FAISS at scale.

    python -m wenbao.benchmarks.search_bench [--sizes 10000,100000,1000000] [--queries 200]
                                             [--skip-seeds] [--skip-scale] [--hnsw-max 100000]

1. Seeds: both reports indexed into a temporary data dir with the configured embedder;
   every gold question (eval/gold.jsonl, else a built-in list) is searched in hybrid,
   bm25 and dense mode. Prints p50/p95 with the query embedding included and excluded
   (query vectors computed beforehand), and the embedding alone.
2. Scale: synthetic corpora of N unit vectors (dim 384). Text embeddings are not uniform
   noise — they crowd around topics — so vectors are drawn around N/50 random topic
   centres (the uniform case, the worst case for any approximate index, is also
   printed for IVF when --uniform is given). For each N: build time, search p50/p95
   for one query at a time (k=10, query embedding excluded), memory per chunk (the
   serialised index size / N), and recall@10 of the approximate indexes (IVF, HNSW up
   to --hnsw-max) against exact search.
3. With WENBAO_STORE=milvus, the same corpora and queries in the same run go into a Milvus
   collection of wenbao's schema (index/milvus_store.py) at WENBAO_MILVUS_URI (unset: Milvus
   Lite in a temporary folder, up to --milvus-lite-max vectors), and with --milvus-server into
   the embedded Milvus 2.3.5 standalone server too (benchmarks/milvus_server.py), one row per
   --milvus-kinds. Build = insert + flush + index built; search = ``MilvusStore.search_dense``
   with the visibility filter every product search carries; memory = the growth of the
   process holding the collection (this one for Milvus Lite, the server's for a server) / N.

Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from wenbao.benchmarks.milvus_server import MilvusServerProcess, MilvusUnavailable
from wenbao.benchmarks.server_process import proc_status_kb
from wenbao.index.embedders import make_embedder
from wenbao.index.library import ReportLibrary
from wenbao.index.milvus_store import VECTOR_INDEX, MilvusStore
from wenbao.index.vector import FaissVectorIndex
from wenbao.settings import Settings, get_settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD = REPO / "eval" / "gold.jsonl"
FALLBACK_QUESTIONS = [
    "2024年上半年地区生产总值是多少",
    "2021年社零增长多少",
    "老百姓收入涨了没有",
    "跟外国做生意的总额是多少",
    "报告是谁作的",
    "第（三）部分讲什么",
    "下半年全年技术合同成交额目标是多少",
    "2024年新增城镇就业人数",
]


def pct(values: Sequence[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p))


def timed_each(fn: Callable[[str], object], items: Sequence[str]) -> list[float]:
    """Milliseconds of ``fn(item)`` for every item."""
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000.0)
    return out


def line(label: str, ms: Sequence[float]) -> str:
    return f"  {label:<38} p50 {pct(ms, 50):8.2f} ms   p95 {pct(ms, 95):8.2f} ms   (n={len(ms)})"


# --- 1. seeds ---------------------------------------------------------------------
def bench_seeds(settings: Settings) -> dict[str, object]:
    questions = FALLBACK_QUESTIONS
    if GOLD.exists():
        questions = [
            json.loads(x)["question"] for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()
        ]
    with tempfile.TemporaryDirectory() as tmp:
        s = settings.model_copy(update={"data_dir": Path(tmp)})
        library = ReportLibrary(s, embedder=make_embedder(s.embedder, s.embed_device, s.embed_batch_size))
        t = time.perf_counter()
        library.ingest([SEEDS])
        build_s = time.perf_counter() - t
        library.warm_up()
        chunks = len(library.all_chunks())
        print(f"seeds: {chunks} chunks, indexed in {build_s:.1f} s (parse + embed + FAISS + BM25 + fsync)")
        for q in questions[:5]:  # warm caches
            library.search(q)
        embed_ms = timed_each(library.embedder.embed_query, questions)
        results: dict[str, object] = {"chunks": chunks, "build_s": build_s, "queries": len(questions)}
        print(line("query embedding alone", embed_ms))
        results["embed_ms"] = {"p50": pct(embed_ms, 50), "p95": pct(embed_ms, 95)}
        retriever = library.retriever
        real_embed = retriever.embed_query
        vectors = {q: real_embed(q) for q in questions}
        for mode in ("hybrid", "bm25", "dense"):

            def run(q: str, mode: str = mode) -> object:
                return library.search(q, top_k=5, mode=mode)

            retriever.embed_query = real_embed
            incl = timed_each(run, questions)
            retriever.embed_query = vectors.__getitem__
            excl = timed_each(run, questions)
            print(line(f"search {mode}, with query embedding", incl))
            print(line(f"search {mode}, without query embedding", excl))
            results[mode] = {
                "with_embedding": {"p50": pct(incl, 50), "p95": pct(incl, 95)},
                "without_embedding": {"p50": pct(excl, 50), "p95": pct(excl, 95)},
            }
        retriever.embed_query = real_embed
    return results


# --- 2. synthetic scale -------------------------------------------------------------
def synthetic(n: int, dim: int, rng: np.random.Generator, uniform: bool) -> np.ndarray:
    """Unit vectors; around n/50 topic centres unless ``uniform``. Built in blocks so
    1M x 384 needs no temporary copies beyond the result (1.5 GB)."""
    out = np.empty((n, dim), dtype=np.float32)
    centres = None if uniform else rng.standard_normal((max(1, n // 50), dim), dtype=np.float32)
    block = 100_000
    for start in range(0, n, block):
        m = min(block, n - start)
        noise = rng.standard_normal((m, dim), dtype=np.float32)
        if centres is not None:
            noise *= 0.7  # members of a topic: cosine ~0.8 to its centre, ~0.67 to each other
            noise += centres[rng.integers(0, len(centres), m)]
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        out[start : start + m] = noise
    return out


def index_bytes(vi: FaissVectorIndex) -> int:
    return int(faiss.serialize_index(vi._index).nbytes)


def bench_kind(
    kind: str, x: np.ndarray, queries: np.ndarray, exact: np.ndarray | None, **knobs: int
) -> dict[str, float]:
    ids = np.arange(len(x), dtype=np.int64)
    vi = FaissVectorIndex(x.shape[1], kind, **knobs)
    t = time.perf_counter()
    vi.build(ids, x)
    build = time.perf_counter() - t
    found = np.zeros((len(queries), 10), dtype=np.int64)
    ms = []
    for i in range(len(queries)):
        t = time.perf_counter()
        _, got = vi.search(queries[i : i + 1], 10)
        ms.append((time.perf_counter() - t) * 1000.0)
        found[i] = got[0]
    size = index_bytes(vi)
    row: dict[str, float] = {
        "build_s": build,
        "p50_ms": pct(ms, 50),
        "p95_ms": pct(ms, 95),
        "bytes_per_chunk": size / len(x),
    }
    if exact is not None:
        row["recall@10"] = float(
            np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact, strict=True)])
        )
    del vi
    return row


@dataclass(frozen=True)
class MilvusTarget:
    """One Milvus to bench: its label, URI, how its memory is read, the largest N it gets."""

    label: str
    uri: str
    token: str | None
    rss_kb: Callable[[], int]
    kinds: tuple[str, ...]
    max_n: int
    # A fresh server per row (its memory then grows from its own empty start, not from what
    # a dropped collection left allocated); uri and rss_kb are then the server's.
    fresh_server: Callable[[], MilvusServerProcess] | None = None


def own_rss_kb() -> int:
    return proc_status_kb(os.getpid(), "VmRSS")


def wait_indexed(store: MilvusStore, n: int, timeout_s: float = 3600) -> None:
    """Until the collection's vector index covers every row (a server builds it after flush)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        info = store.client.describe_index(store.collection, "vector")
        if int(info.get("indexed_rows", n)) >= n and int(info.get("pending_index_rows", 0)) == 0:
            return
        time.sleep(0.5)
    raise RuntimeError(f"index of {store.collection} not built in {timeout_s:g} s")


def bench_milvus(
    target: MilvusTarget, kind: str, x: np.ndarray, queries: np.ndarray, exact: np.ndarray
) -> dict[str, float]:
    if target.fresh_server is None:
        return bench_milvus_at(target, kind, x, queries, exact)
    server = target.fresh_server()
    try:
        with server:
            here = MilvusTarget(target.label, server.uri, None, server.rss_kb, target.kinds, target.max_n)
            return bench_milvus_at(here, kind, x, queries, exact)
    finally:
        shutil.rmtree(server.base_dir, ignore_errors=True)


def bench_milvus_at(
    target: MilvusTarget, kind: str, x: np.ndarray, queries: np.ndarray, exact: np.ndarray
) -> dict[str, float]:
    n, dim = x.shape
    store = MilvusStore(target.uri, target.token, f"wenbao_bench_{kind}_{n}", dim, "local", kind, 600.0)
    if store.client.has_collection(store.collection):
        store.client.drop_collection(store.collection)
    gc.collect()
    before = target.rss_kb()
    t = time.perf_counter()
    block = 2000
    for start in range(0, n, block):
        vecs = x[start : start + block].tolist()
        store.insert_rows(
            [
                {
                    "pk": start + i,
                    "vector": v,
                    "gen": 1,
                    "doc_id": "synthetic",
                    "doc_key": "synthetic#1",
                    "place": "",
                    "years": [],
                    "timeless": True,
                    "period": "",
                    "aspect": "",
                }
                for i, v in enumerate(vecs)
            ]
        )
    store.client.flush(store.collection)
    wait_indexed(store, n)
    build = time.perf_counter() - t
    expr = "gen >= 1 and gen <= 1"  # the visibility filter of a version (StoreState.visible)
    ts = store.write_ts()  # and its read timestamp, as a version records it
    for i in range(min(5, len(queries))):  # warm: the first searches load segments
        store.search_dense(queries[i], 10, expr, ts)
    found = np.full((len(queries), 10), -1, dtype=np.int64)
    ms = []
    for i in range(len(queries)):
        t = time.perf_counter()
        hits = store.search_dense(queries[i], 10, expr, ts)
        ms.append((time.perf_counter() - t) * 1000.0)
        found[i, : len(hits)] = [pk for pk, _ in hits]
    gc.collect()
    grown = max(0, target.rss_kb() - before) * 1024
    store.client.drop_collection(store.collection)
    store.close()
    return {
        "build_s": build,
        "p50_ms": pct(ms, 50),
        "p95_ms": pct(ms, 95),
        "bytes_per_chunk": grown / n,
        "recall@10": float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact, strict=True)])),
    }


def milvus_label(kind: str) -> str:
    _, build, search = VECTOR_INDEX[kind]
    knobs = ",".join(f"{k}={v}" for k, v in (build | search).items())
    return f"{kind}({knobs})" if knobs else kind


def bench_scale(
    sizes: list[int],
    n_queries: int,
    hnsw_max: int,
    uniform: bool,
    milvus: Sequence[MilvusTarget] = (),
) -> dict[str, object]:
    dim = 384
    rng = np.random.default_rng(7)
    print(
        f"\nscale: dim {dim}, {n_queries} single queries per index, k=10, "
        f"FAISS threads {faiss.omp_get_max_threads()}"
    )
    results: dict[str, object] = {}
    for n in sizes:
        x = synthetic(n, dim, rng, uniform)
        # queries: perturbed corpus vectors, i.e. questions close to some passage
        q = x[rng.integers(0, n, n_queries)] + rng.standard_normal((n_queries, dim), dtype=np.float32) * 0.02
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        exact_ids = FaissVectorIndex(dim, "flat")
        exact_ids.build(np.arange(n, dtype=np.int64), x)
        _, truth = exact_ids.search(q, 10)
        del exact_ids
        rows = {"flat": bench_kind("flat", x, q, truth)}
        for nprobe in (8, 32, 128):
            rows[f"ivf(nprobe={nprobe})"] = bench_kind("ivf", x, q, truth, nprobe=nprobe)
        if n <= hnsw_max:
            rows["hnsw(M=32,ef=128)"] = bench_kind("hnsw", x, q, truth)
        for target in milvus:
            if n > target.max_n:
                continue
            for kind in target.kinds:
                if kind == "hnsw" and n > hnsw_max:
                    continue
                rows[f"{target.label} {milvus_label(kind)}"] = bench_milvus(target, kind, x, q, truth)
        print(f"  N = {n:,}")
        for name, r in rows.items():
            rec = f"recall@10 {r['recall@10']:.3f}" if "recall@10" in r else ""
            print(
                f"    {name:<44} build {r['build_s']:7.1f} s   p50 {r['p50_ms']:7.2f} ms   "
                f"p95 {r['p95_ms']:7.2f} ms   {r['bytes_per_chunk']:7.0f} B/chunk   {rec}"
            )
        results[str(n)] = rows
        del x
    return results


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument(
        "--hnsw-max", type=int, default=100_000, help="largest N to build HNSW for (slow to build)"
    )
    ap.add_argument("--uniform", action="store_true", help="uniform random vectors instead of topic clusters")
    ap.add_argument("--skip-seeds", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument(
        "--milvus-server",
        action="store_true",
        help="also bench the embedded Milvus 2.3.5 standalone server (its own venv, started here)",
    )
    ap.add_argument("--milvus-kinds", default="flat,ivf,hnsw", help="Milvus index kinds to bench")
    ap.add_argument(
        "--milvus-lite-max", type=int, default=100_000, help="largest N for Milvus Lite (pure Python, slow)"
    )
    args = ap.parse_args(argv)
    figures: dict[str, object] = {}
    if not args.skip_seeds:
        figures["seeds"] = bench_seeds(get_settings())
    if not args.skip_scale:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        kinds = tuple(k for k in args.milvus_kinds.split(",") if k.strip())
        settings = get_settings()
        with contextlib.ExitStack() as stack:
            targets: list[MilvusTarget] = []
            if settings.store == "milvus":
                if settings.milvus_uri and not settings.milvus_uri.endswith(".db"):
                    label = "milvus server"
                    targets.append(
                        MilvusTarget(
                            label, settings.milvus_uri, settings.milvus_token, lambda: 0, kinds, max(sizes)
                        )
                    )
                else:
                    lite = settings.milvus_uri or str(
                        Path(stack.enter_context(tempfile.TemporaryDirectory())) / "bench.db"
                    )
                    targets.append(
                        MilvusTarget("milvus-lite", lite, None, own_rss_kb, ("flat",), args.milvus_lite_max)
                    )
            if args.milvus_server:
                base = Path(stack.enter_context(tempfile.TemporaryDirectory()))
                try:
                    with MilvusServerProcess(base / "probe") as probe:  # installs its venv once
                        print(f"Milvus 2.3.5 standalone starts in {probe.start_s:.1f} s")
                    count = iter(range(1_000_000))
                    targets.append(
                        MilvusTarget(
                            "milvus-2.3.5",
                            "",
                            None,
                            lambda: 0,
                            kinds,
                            max(sizes),
                            fresh_server=lambda: MilvusServerProcess(base / f"run{next(count)}"),
                        )
                    )
                except MilvusUnavailable as exc:
                    print(f"no Milvus server: {exc}")
            figures["scale"] = bench_scale(sizes, args.queries, args.hnsw_max, args.uniform, targets)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
