"""The one seam between retrieval and the stores that hold vectors and keywords.

``HybridRetriever`` asks a ``SearchBackend`` one hybrid question — a dense
vector, weighted keywords, a document filter, fusion weights — and gets chunk
ids with fused scores back. The local backend answers it with FAISS + bm25s
over an in-memory snapshot. A distributed engine fits the same call: Milvus
(``milvus-lite`` embedded or a cluster) runs ``hybrid_search`` with an
``AnnSearchRequest`` on the vector field, one on its jieba BM25 sparse field,
``doc_id in [...]`` as the filter expression and ``RRFRanker``/``WeightedRanker``
for the weights, so swapping it in touches neither ingest, answering nor the service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from wenbao.index.fusion import WeightedRRFFusion
from wenbao.index.keyword import WeightedTokens
from wenbao.index.snapshot import IndexSnapshot


@dataclass(frozen=True)
class HybridQuery:
    dense: np.ndarray | None  # unit query vector; None leaves the dense side out
    keywords: WeightedTokens | None  # None leaves the keyword side out
    candidates: int  # how many each side returns before fusion
    doc_ids: frozenset[str] | None = None  # restrict to these documents
    years: frozenset[int] | None = None  # restrict to passages covering these years (a scalar filter)
    weights: Mapping[str, float] = field(default_factory=lambda: {"bm25": 1.0, "dense": 1.0})
    rrf_k: int = 60
    heading_weight: float | None = None  # weight of the heading-titles field; None = the index default


@dataclass
class BackendHit:
    chunk_id: str
    score: float  # fused
    ranks: dict[str, int | None]  # 1-based rank per side, None when that side did not return it
    side_scores: dict[str, float] = field(default_factory=dict)  # raw BM25 / cosine scores


class SearchBackend(Protocol):
    def hybrid_search(self, query: HybridQuery) -> list[BackendHit]: ...


class LocalSearchBackend:
    """FAISS + bm25s over one immutable snapshot (safe to share between threads)."""

    def __init__(self, snapshot: IndexSnapshot) -> None:
        self.snapshot = snapshot

    def hybrid_search(self, query: HybridQuery) -> list[BackendHit]:
        snap = self.snapshot
        n = len(snap.chunks)
        if n == 0:
            return []
        mask: np.ndarray | None = None
        allowed_ids: np.ndarray | None = None
        if query.doc_ids is not None or query.years is not None:
            positions = np.arange(n, dtype=np.int64)
            if query.doc_ids is not None:
                positions = snap.positions_of_docs(set(query.doc_ids))
            if query.years is not None:
                positions = np.intersect1d(positions, snap.positions_covering(query.years))
            if len(positions) == 0:
                return []
            mask = np.zeros(n, dtype=bool)
            mask[positions] = True
            allowed_ids = snap.vector_ids[positions]

        ranked: dict[str, list[int]] = {}
        side_scores: dict[int, dict[str, float]] = {}
        if query.keywords is not None and not query.keywords.is_empty() and query.weights.get("bm25", 0) > 0:
            hits = snap.keywords.search(
                query.keywords, query.candidates, allowed=mask, heading_weight=query.heading_weight
            )
            ranked["bm25"] = [p for p, _ in hits]
            for p, s in hits:
                side_scores.setdefault(p, {})["bm25"] = s
        if query.dense is not None and query.weights.get("dense", 0) > 0:
            scores, ids = snap.vectors.search(query.dense.reshape(1, -1), query.candidates, allowed_ids)
            dense: list[int] = []
            for s, vid in zip(scores[0], ids[0], strict=True):
                pos = snap.id_to_pos.get(int(vid))
                if vid >= 0 and pos is not None:
                    dense.append(pos)
                    side_scores.setdefault(pos, {})["dense"] = float(s)
            ranked["dense"] = dense
        fused = WeightedRRFFusion(query.rrf_k, query.weights).fuse(ranked)
        return [
            BackendHit(
                chunk_id=snap.chunks[c.key].chunk_id,
                score=c.score,
                ranks={"bm25": c.ranks.get("bm25"), "dense": c.ranks.get("dense")},
                side_scores=side_scores.get(c.key, {}),
            )
            for c in fused
        ]
