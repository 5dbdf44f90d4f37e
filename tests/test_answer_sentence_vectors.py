"""The meaning stage embeds a sentence once, however many questions weigh it (issue 29: an
embedding costs more than the rest of the answer stage)."""

from __future__ import annotations

import numpy as np

from wenbao.answering.drafts import SentenceVectors
from wenbao.index.embedders import Embedder


class CountingEmbedder(Embedder):
    def __init__(self, name: str) -> None:
        self._name = name
        self.embedded: list[str] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return 2

    def warm_up(self) -> None:
        pass

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed_passages(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_a_sentence_is_embedded_once_per_embedder() -> None:
    vectors = SentenceVectors(size=10)
    e5, other = CountingEmbedder("e5"), CountingEmbedder("minilm")
    first = vectors.get(e5, "城镇新增就业4200人。")
    again = vectors.get(e5, "城镇新增就业4200人。")
    assert np.array_equal(first, again) and e5.embedded == ["城镇新增就业4200人。"]
    # another model's vector is another vector: asked of its own embedder
    vectors.get(other, "城镇新增就业4200人。")
    assert other.embedded == ["城镇新增就业4200人。"]


def test_the_cache_stays_within_its_size() -> None:
    vectors = SentenceVectors(size=3)
    e5 = CountingEmbedder("e5")
    for i in range(10):
        vectors.get(e5, f"第{i}句。")
    assert len(vectors._vectors) <= 3
    vectors.get(e5, "第9句。")  # the latest ones are kept
    assert e5.embedded.count("第9句。") == 1
