"""FAISS vector index: ids survive removal and reloads for every kind; the approximate
kinds agree with exact search; a library configured for HNSW or IVF works end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from index_reports import write_report

from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary
from wenbao.index.vector import FaissVectorIndex
from wenbao.settings import Settings


def clustered(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n // 20, dim)).astype(np.float32)
    x = centres[rng.integers(0, len(centres), n)] + 0.7 * rng.standard_normal((n, dim)).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_ids_filters_and_reload(kind: str, tmp_path: Path) -> None:
    x = clustered(4000)
    ids = np.arange(1000, 5000, dtype=np.int64)
    vi = FaissVectorIndex(64, kind)
    vi.build(ids, x)
    _, got = vi.search(x[:5], 1)
    assert got[:, 0].tolist() == ids[:5].tolist()  # a stored vector finds itself, by its id
    allowed = ids[2000:2100]
    _, got = vi.search(x[:3], 5, allowed_ids=allowed)
    assert set(got.ravel().tolist()) <= set(allowed.tolist())
    if vi.supports_remove:
        assert vi.remove(ids[:100]) == 100 and vi.ntotal == 3900
        _, got = vi.search(x[:100], 3)
        assert not set(got.ravel().tolist()) & set(ids[:100].tolist())
        assert sorted(vi.ids().tolist()) == ids[100:].tolist()
    vi.save(tmp_path / "v.index")
    again = FaissVectorIndex.load(tmp_path / "v.index", 64, kind)
    assert again.ntotal == vi.ntotal
    assert np.array_equal(again.search(x[500:510], 5)[1], vi.search(x[500:510], 5)[1])


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_approximate_search_agrees_with_exact(kind: str) -> None:
    x = clustered(20000, seed=1)
    q = x[:200] + 0.02 * np.random.default_rng(2).standard_normal((200, 64)).astype(np.float32)
    ids = np.arange(len(x), dtype=np.int64)
    exact = FaissVectorIndex(64, "flat")
    exact.build(ids, x)
    approx = FaissVectorIndex(64, kind)
    approx.build(ids, x)
    _, truth = exact.search(q, 10)
    _, got = approx.search(q, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got, truth, strict=True)])
    assert recall >= 0.95


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_library_with_an_approximate_index(kind: str, tmp_path: Path, shared_e5: E5Embedder) -> None:
    folder = tmp_path / "reports"
    write_report(folder, "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=1)
    write_report(folder, "xuanwu-2022-h1.txt", "玄武区", 2022, seed=2)
    library = ReportLibrary(Settings(data_dir=tmp_path / "data", vector_index=kind), embedder=shared_e5)
    library.ingest([folder])
    library.warm_up()
    assert library._current().manifest["vector_index"] == kind
    library.remove("qinhuai-2023-h1")  # HNSW cannot delete: rebuilt from the stored vectors
    hits = library.search("技术合同成交额", top_k=5, mode="dense")
    assert hits and {h.chunk.doc_id for h in hits} == {"xuanwu-2022-h1"}
    assert library._current().vectors.ntotal == len(library.all_chunks())
