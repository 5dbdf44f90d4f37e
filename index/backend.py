"""The one seam between retrieval and the stores that hold vectors and keywords.

``HybridRetriever`` asks a ``SearchBackend`` one hybrid question — a dense
vector, weighted keywords, a document filter, fusion weights — and gets chunk
ids with fused scores back. The local backend answers it with FAISS + bm25s
over an in-memory snapshot. Milvus (``milvus-lite`` embedded or a server) answers
the same call with a search on its vector field and one on its BM25 sparse fields,
``doc_id in [...]`` and the covered years as the filter expression
(``index/milvus_store.py``); both backends fuse their sides' rankings with the same
weighted RRF (``fuse_sides``), so swapping one for the other touches neither ingest,
answering nor the service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from wenbao.index.fusion import WeightedRRFFusion
from wenbao.index.keyword import WeightedTokens
from wenbao.index.milvus_store import MilvusStore, StoreState, scope_filter
from wenbao.index.snapshot import SCOPES_KEPT, IndexSnapshot, ScopeMask


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

    def scope_mask(self, query: HybridQuery) -> ScopeMask | None:
        """(mask over positions, allowed FAISS ids) of the query's documents and years; (None,
        None) when it has no scope; None when the scope holds no passage.

        Kept by the snapshot per (documents, years): a question scoped to its place and year
        (most are) built a mask over every passage and a sorted intersection for each search,
        the same for every question of that place and year until the index changes."""
        if query.doc_ids is None and query.years is None:
            return None, None
        docs, years = query.doc_ids, query.years
        key = (None if docs is None else frozenset(docs), None if years is None else frozenset(years))
        kept = self.snapshot.scope_cache
        if key in kept:
            return kept[key]
        scope = self._scope_mask(query)
        if len(kept) >= SCOPES_KEPT:
            kept.clear()
        kept[key] = scope
        return scope

    def _scope_mask(self, query: HybridQuery) -> ScopeMask | None:
        snap = self.snapshot
        n = len(snap.chunks)
        positions = np.arange(n, dtype=np.int64)
        if query.doc_ids is not None:
            positions = snap.positions_of_docs(set(query.doc_ids))
        if query.years is not None:
            positions = np.intersect1d(positions, snap.positions_covering(query.years))
        if len(positions) == 0:
            return None
        mask = np.zeros(n, dtype=bool)
        mask[positions] = True
        ids = snap.vector_ids[positions]
        mask.flags.writeable = False
        ids.flags.writeable = False
        return mask, ids

    def keyword_side(self, query: HybridQuery, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """(position, BM25 score), best first, from the in-memory bm25s index."""
        if self.snapshot.keywords is None or not wants_keywords(query):
            return []
        assert query.keywords is not None
        return self.snapshot.keywords.search(
            query.keywords, query.candidates, allowed=mask, heading_weight=query.heading_weight
        )

    def hybrid_search(self, query: HybridQuery) -> list[BackendHit]:
        snap = self.snapshot
        if not snap.chunks:
            return []
        scope = self.scope_mask(query)
        if scope is None:
            return []
        mask, allowed_ids = scope
        sides: dict[str, list[tuple[int, float]]] = {}
        if wants_keywords(query):
            sides["bm25"] = self.keyword_side(query, mask)
        if wants_dense(query) and snap.vectors is not None:
            assert query.dense is not None
            scores, ids = snap.vectors.search(query.dense.reshape(1, -1), query.candidates, allowed_ids)
            dense: list[tuple[int, float]] = []
            for s, vid in zip(scores[0], ids[0], strict=True):
                pos = snap.id_to_pos.get(int(vid))
                if vid >= 0 and pos is not None:
                    dense.append((pos, float(s)))
            sides["dense"] = dense
        return fuse_sides(snap, query, sides)


class MilvusSearchBackend:
    """The same hybrid question answered by a Milvus collection: the scope is a filter
    expression evaluated inside the engine, next to the version's visibility filter."""

    def __init__(self, snapshot: IndexSnapshot, store: MilvusStore, heading_weight: float) -> None:
        self.snapshot = snapshot
        self.store = store
        self.heading_weight = heading_weight
        self.state = StoreState.from_manifest(snapshot.manifest)

    def hybrid_search(self, query: HybridQuery) -> list[BackendHit]:
        snap = self.snapshot
        if not snap.chunks or self.state is None:
            return []
        if query.doc_ids is not None and not query.doc_ids:
            return []
        scope = scope_filter(query.doc_ids, query.years)
        expr = self.state.visible() + (f" and {scope}" if scope else "")
        sides: dict[str, list[tuple[int, float]]] = {}
        if wants_keywords(query):
            if self.store.keywords == "local":
                local = LocalSearchBackend(snap)
                mask = local.scope_mask(query)
                sides["bm25"] = [] if mask is None else local.keyword_side(query, mask[0])
            else:
                assert query.keywords is not None
                hw = self.heading_weight if query.heading_weight is None else query.heading_weight
                hits = self.store.search_keywords(query.keywords, query.candidates, expr, hw, self.state.ts)
                sides["bm25"] = self._ordered(hits)[: query.candidates]
        if wants_dense(query):
            assert query.dense is not None
            hits = self.store.search_dense(query.dense, query.candidates, expr, self.state.ts)
            sides["dense"] = self._ordered(hits)
        return fuse_sides(snap, query, sides)

    def _ordered(self, hits: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Rows as positions, best first; ties in position order, as the in-memory indexes order them."""
        out = [(pos, s) for pk, s in hits if (pos := self.snapshot.id_to_pos.get(pk)) is not None]
        return sorted(out, key=lambda t: (-t[1], t[0]))


def wants_keywords(query: HybridQuery) -> bool:
    return query.keywords is not None and not query.keywords.is_empty() and query.weights.get("bm25", 0) > 0


def wants_dense(query: HybridQuery) -> bool:
    return query.dense is not None and query.weights.get("dense", 0) > 0


def fuse_sides(
    snap: IndexSnapshot, query: HybridQuery, sides: Mapping[str, list[tuple[int, float]]]
) -> list[BackendHit]:
    """Weighted RRF over each side's ranked (position, raw score) list: the product's fusion,
    the same whichever store ranked the sides."""
    ranked = {name: [p for p, _ in hits] for name, hits in sides.items()}
    side_scores: dict[int, dict[str, float]] = {}
    for name, hits in sides.items():
        for p, s in hits:
            side_scores.setdefault(p, {})[name] = s
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
