"""FAISS vectors with stable int64 ids, so a document's vectors can be removed.

* ``flat`` (default): exact inner product (``IndexIDMap2(IndexFlatIP)``); vectors are
  unit length, so this is cosine similarity. Exact is fast enough to ~1M chunks.
* ``hnsw``: graph search for large corpora; FAISS cannot delete from HNSW, so a
  removal rebuilds it from the stored per-document vectors.
* ``ivf``: inverted lists (``IndexIVFFlat``), supports removal; ``nprobe`` trades
  speed for recall. Both approximate kinds are measured against exact in the bench.
"""

from __future__ import annotations

import errno
import math
import os
from pathlib import Path
from typing import Any

import faiss
import numpy as np

# faiss' type stubs lag its SWIG API (SearchParametersHNSW, ``sel=``); go through Any.
_faiss: Any = faiss

KINDS = ("flat", "hnsw", "ivf")
# FAISS spreads a search over its queries, so one query runs on one thread whatever the setting;
# but at the default setting the call still starts an OpenMP team, and returns only once its idle
# partner thread was scheduled. Right after a query embedding on a busy 2-core machine a 0.06 ms
# search took 2-4 ms at the 90th percentile that way, 0.3 ms with one thread (issue 29). The
# setting belongs to the calling thread, so it is made on every search.
_BATCH_THREADS = max(1, int(faiss.omp_get_max_threads()))


def _write_errno(message: str) -> int:
    """The errno behind a FAISS write error, recovered from the strerror it quotes."""
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES):
        if f"({os.strerror(code)})" in message:
            return code
    return errno.EIO


class FaissVectorIndex:
    def __init__(
        self,
        dim: int,
        kind: str = "flat",
        hnsw_m: int = 32,
        ef_search: int = 128,
        ef_construction: int = 80,
        nprobe: int = 16,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown vector index kind {kind!r}; one of {KINDS}")
        self.dim = dim
        self.kind = kind
        self.hnsw_m = hnsw_m
        self.ef_search = ef_search
        self.ef_construction = ef_construction
        self.nprobe = nprobe
        self._index: Any = None

    # --- building ----------------------------------------------------------
    def _new_index(self, train: np.ndarray | None) -> Any:
        if self.kind == "hnsw":
            inner = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = self.ef_construction
            inner.hnsw.efSearch = self.ef_search
            return faiss.IndexIDMap2(inner)
        if self.kind == "ivf":
            n = 0 if train is None else len(train)
            # ~sqrt(n) lists, at least 39 training points per list (FAISS' rule).
            nlist = max(1, min(int(math.sqrt(max(n, 1))), n // 39))
            quantizer = faiss.IndexFlatIP(self.dim)
            ivf = faiss.IndexIVFFlat(quantizer, self.dim, nlist, faiss.METRIC_INNER_PRODUCT)
            if train is not None and n:
                # k-means on a sample (64 points per list, 10 rounds) keeps a 1M build in
                # minutes on a small CPU; the lists then hold every vector.
                sample = train
                if n > 64 * nlist:
                    pick = np.random.default_rng(0).choice(n, 64 * nlist, replace=False)
                    sample = train[np.sort(pick)]
                ivf.cp.niter = 10
                ivf.train(np.ascontiguousarray(sample, dtype=np.float32))
            ivf.nprobe = min(self.nprobe, nlist)
            # IVF lists carry their own ids (and IDMap2 over IVF cannot remove ids).
            return ivf
        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))

    def build(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self._index = self._new_index(vectors if self.kind == "ivf" else None)
        if len(vectors):
            self._index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))

    @property
    def supports_remove(self) -> bool:
        return self.kind != "hnsw"

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if self._index is None:
            self.build(ids, vectors)
            return
        if len(ids):
            vec = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
            self._index.add_with_ids(vec, np.ascontiguousarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> int:
        """Remove vectors by id; returns how many were removed."""
        if self._index is None or not len(ids):
            return 0
        if not self.supports_remove:
            raise NotImplementedError("HNSW cannot remove vectors; rebuild instead")
        sel = faiss.IDSelectorBatch(np.ascontiguousarray(ids, dtype=np.int64))
        return int(self._index.remove_ids(sel))

    def copy(self) -> FaissVectorIndex:
        twin = FaissVectorIndex(
            self.dim, self.kind, self.hnsw_m, self.ef_search, self.ef_construction, self.nprobe
        )
        twin._index = None if self._index is None else faiss.clone_index(self._index)
        return twin

    @property
    def ntotal(self) -> int:
        return 0 if self._index is None else int(self._index.ntotal)

    def ids(self) -> np.ndarray:
        if self._index is None:
            return np.zeros(0, dtype=np.int64)
        if self.kind == "ivf":
            lists = self._index.invlists
            parts = [
                faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                for i in range(lists.nlist)
                if lists.list_size(i)
            ]
            return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
        return faiss.vector_to_array(self._index.id_map).astype(np.int64)

    # --- searching ---------------------------------------------------------
    def _params(self, allowed_ids: np.ndarray | None) -> Any:
        sel = None
        if allowed_ids is not None:
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(allowed_ids, dtype=np.int64))
        if self.kind == "hnsw":
            return _faiss.SearchParametersHNSW(efSearch=self.ef_search, sel=sel)
        if self.kind == "ivf":
            return _faiss.SearchParametersIVF(nprobe=self.nprobe, sel=sel)
        return _faiss.SearchParameters(sel=sel) if sel is not None else None

    def search(
        self, queries: np.ndarray, k: int, allowed_ids: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each (n_queries, k); missing results have id -1."""
        q = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        if self._index is None or self.ntotal == 0 or k <= 0:
            return (np.zeros((len(q), 0), dtype=np.float32), np.zeros((len(q), 0), dtype=np.int64))
        if allowed_ids is not None and len(allowed_ids) == 0:
            return (np.zeros((len(q), 0), dtype=np.float32), np.zeros((len(q), 0), dtype=np.int64))
        k = min(k, self.ntotal)
        faiss.omp_set_num_threads(1 if len(q) == 1 else _BATCH_THREADS)
        params = self._params(allowed_ids)
        if params is None:
            scores, ids = self._index.search(q, k)
        else:
            scores, ids = self._index.search(q, k, params=params)
        return scores, ids

    # --- persistence -------------------------------------------------------
    def save(self, path: Path) -> None:
        index = self._index if self._index is not None else self._new_index(None)
        try:
            faiss.write_index(index, str(path))
        except RuntimeError as exc:
            # FAISS reports a failed write (disk full, quota, file size limit) as RuntimeError;
            # as an OSError the writer aborts the version and the user gets StorageWriteError.
            raise OSError(_write_errno(str(exc)), f"FAISS write failed: {exc}") from exc

    @classmethod
    def load(cls, path: Path, dim: int, kind: str, **knobs: Any) -> FaissVectorIndex:
        vi = cls(dim, kind, **knobs)
        index = faiss.read_index(str(path))
        if int(index.d) != dim:
            raise ValueError(f"vector index has dim {index.d}, expected {dim}")
        vi._index = index
        return vi
