"""Weighted reciprocal-rank fusion.

RRF only looks at ranks, so BM25 scores (unbounded) and cosine scores (0..1)
never need calibrating against each other. A weight per retriever lets the
stronger one lead: score(c) = sum_r w_r / (k + rank_r(c)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass
class FusedCandidate:
    key: int  # position of the chunk in the snapshot
    score: float
    ranks: dict[str, int | None] = field(default_factory=dict)


class WeightedRRFFusion:
    def __init__(self, k: int = 60, weights: Mapping[str, float] | None = None) -> None:
        self.k = k
        self.weights = dict(weights or {})

    def fuse(self, ranked: Mapping[str, Sequence[int]]) -> list[FusedCandidate]:
        """``ranked``: retriever name -> keys best first. Returns candidates best first,
        each with its 1-based rank in every retriever (None where it was not returned)."""
        names = list(ranked)
        out: dict[int, FusedCandidate] = {}
        # Each candidate's best rank over the retrievers, kept as the ranks are given (the sort's
        # second key; ~100 candidates a search).
        best: dict[int, int] = {}
        for name, keys in ranked.items():
            w = self.weights.get(name, 1.0)
            for rank, key in enumerate(keys, start=1):
                cand = out.get(key)
                if cand is None:
                    cand = out[key] = FusedCandidate(key, 0.0, dict.fromkeys(names))
                    best[key] = rank
                if cand.ranks[name] is None:
                    cand.ranks[name] = rank
                    cand.score += w / (self.k + rank)
                    if rank < best[key]:
                        best[key] = rank

        # Ties (same fused score) go to the better best-rank, then the earlier chunk.
        return sorted(out.values(), key=lambda c: (-c.score, best[c.key], c.key))
