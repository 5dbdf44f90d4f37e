"""Index fixtures: the seeds indexed once per test session, copied per test."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from support import SEEDS

from wenbao.answering.answerer import ReportAnswerer
from wenbao.errors import IndexStoreError
from wenbao.index.embedders import E5Embedder, Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings, get_settings


@pytest.fixture(scope="session")
def shared_e5() -> E5Embedder:
    """One warmed bundled embedder for the whole session (it is thread-safe)."""
    emb = E5Embedder()
    emb.warm_up()
    return emb


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory, shared_e5: E5Embedder) -> Path:
    """A data dir with both seeds indexed by the default embedder (built once; do not modify)."""
    data = tmp_path_factory.mktemp("seed-index") / "data"
    library = ReportLibrary(Settings(data_dir=data), embedder=shared_e5)
    library.ingest([SEEDS])
    return data


@pytest.fixture
def seed_library(
    seed_index_dir: Path, _isolated_data_dir: Path, shared_e5: E5Embedder
) -> Iterator[ReportLibrary]:
    """A warmed library over a per-test copy of the seed index, at the test's
    WENBAO_DATA_DIR, so the test may add, remove or break things."""
    shutil.copytree(seed_index_dir, _isolated_data_dir)
    get_settings.cache_clear()
    library = ReportLibrary(get_settings(), embedder=shared_e5)
    library.warm_up()
    yield library


class DelegatingEmbedder(Embedder):
    """The real embedder behind a test's wrapper: subclasses override what they watch or slow."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def warm_up(self) -> None:
        self.inner.warm_up()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)


class CountingEmbedder(DelegatingEmbedder):
    """The real bundled embedder, recording the passages it is asked to embed (and, with
    ``fail`` set, failing as a broken embedding process would)."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.passages: list[str] = []
        self.fail = False
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if self.fail:
            raise IndexStoreError("向量化失败（测试注入的故障）：原有索引保持不变。")
        with self._lock:
            self.passages.extend(texts)
        return self.inner.embed_passages(texts)


def answerer_over(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, file_name: str, text: str | bytes
) -> ReportAnswerer:
    """An answerer over one report the test writes (indexed in a folder of its own): its text,
    or the bytes of a file (a PDF)."""
    folder = tmp_path_factory.mktemp(Path(file_name).stem)
    path = folder / file_name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    settings = Settings(data_dir=folder / "data")
    library = ReportLibrary(settings, embedder=embedder)
    library.ingest([path])
    library.warm_up()
    return ReportAnswerer(library, settings=settings)
