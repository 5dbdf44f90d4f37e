"""BM25 over jieba tokens (bm25s), with the heading path as a second field.

A chunk's own text rarely names its topic (``上半年，全区技术合同成交额完成…`` sits
under the heading 创新能力持续提升), so the heading titles are indexed as a field
of their own and their score is added with a weight: a question about a topic
finds the paragraphs of the section that carries that name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

FIELDS = ("text", "heading")


@dataclass(frozen=True)
class WeightedTokens:
    """Query tokens grouped by weight: the question's own words count fully,
    thesaurus expansions less, so an expansion never outweighs what was asked."""

    groups: tuple[tuple[float, tuple[str, ...]], ...]

    @classmethod
    def plain(cls, tokens: Sequence[str]) -> WeightedTokens:
        return cls(((1.0, tuple(tokens)),))

    def is_empty(self) -> bool:
        return not any(toks for _, toks in self.groups)


class BM25KeywordIndex:
    """Positions 0..n-1 match the order of the chunks given to ``build``."""

    def __init__(self, heading_weight: float = 0.6, k1: float = 1.2, b: float = 0.75) -> None:
        self.heading_weight = heading_weight
        self.k1 = k1
        self.b = b
        self._fields: dict[str, bm25s.BM25] = {}
        self._size = 0

    @property
    def size(self) -> int:
        return self._size

    def build(self, text_tokens: Sequence[list[str]], heading_tokens: Sequence[list[str]]) -> None:
        if len(text_tokens) != len(heading_tokens):
            raise ValueError("text and heading token lists differ in length")
        self._size = len(text_tokens)
        self._fields = {}
        if self._size == 0:
            return
        for field, toks in zip(FIELDS, (text_tokens, heading_tokens), strict=True):
            model = bm25s.BM25(k1=self.k1, b=self.b)
            # bm25s needs at least one token per document; a sentinel keeps rows aligned.
            model.index([t if t else ["\x00"] for t in toks], show_progress=False)
            self._fields[field] = model

    def _field_scores(self, field: str, tokens: Sequence[str]) -> np.ndarray:
        model = self._fields[field]
        ids = model.get_tokens_ids(list(dict.fromkeys(tokens)))
        if not ids:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(model.get_scores_from_ids(ids), dtype=np.float32)

    def scores(self, query: WeightedTokens, heading_weight: float | None = None) -> np.ndarray:
        """BM25 score of every chunk (text field + weighted heading field)."""
        hw = self.heading_weight if heading_weight is None else heading_weight
        total = np.zeros(self._size, dtype=np.float32)
        if self._size == 0:
            return total
        for weight, toks in query.groups:
            if not toks or weight <= 0:
                continue
            total += weight * self._field_scores("text", toks)
            if hw > 0:
                total += weight * hw * self._field_scores("heading", toks)
        return total

    def search(
        self,
        query: WeightedTokens,
        k: int,
        allowed: np.ndarray | None = None,
        heading_weight: float | None = None,
    ) -> list[tuple[int, float]]:
        """Top-k (position, score) with score > 0; ``allowed`` is a boolean mask."""
        s = self.scores(query, heading_weight)
        if allowed is not None:
            s = np.where(allowed, s, 0.0)
        k = min(k, self._size)
        if k <= 0:
            return []
        top = np.argpartition(-s, k - 1)[:k] if k < self._size else np.arange(self._size)
        top = top[np.argsort(-s[top], kind="stable")]
        return [(int(i), float(s[i])) for i in top if s[i] > 0]

    # --- persistence -------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"size": self._size, "k1": self.k1, "b": self.b}
        (directory / "bm25.json").write_text(json.dumps(meta), encoding="utf-8")
        for field, model in self._fields.items():
            model.save(str(directory / field), show_progress=False)

    @classmethod
    def load(cls, directory: Path, heading_weight: float = 0.6) -> BM25KeywordIndex:
        """The heading weight is a query-time knob, so it is not stored."""
        meta = json.loads((directory / "bm25.json").read_text(encoding="utf-8"))
        idx = cls(heading_weight=heading_weight, k1=float(meta["k1"]), b=float(meta["b"]))
        idx._size = int(meta["size"])
        if idx._size:
            for field in FIELDS:
                idx._fields[field] = bm25s.BM25.load(str(directory / field))
        return idx
