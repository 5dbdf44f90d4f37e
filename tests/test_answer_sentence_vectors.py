"""The meaning stage embeds a sentence once, however many questions weigh it, and the sentences
of one question together (issue 29: an embedding costs more than the rest of the answer stage)."""

from __future__ import annotations

import numpy as np
from test_answer_meaning_choice import HOUSES, RURAL, chooser
from test_answer_meaning_judgement import ANALYZER, chunk, hits_led_by

from wenbao.answering.drafts import QuestionMeaning, RequestTimes, SentenceVectors
from wenbao.index.embedders import Embedder


class CountingEmbedder(Embedder):
    def __init__(self, name: str) -> None:
        self._name = name
        self.embedded: list[str] = []
        self.calls = 0

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
        self.calls += 1
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


def test_the_texts_asked_together_are_embedded_in_one_call() -> None:
    vectors = SentenceVectors(size=10)
    e5 = CountingEmbedder("e5")
    kept = vectors.get(e5, "城镇新增就业4200人。")
    texts = ["新建农村卫生厕所2100户", "城镇新增就业4200人。", "改造1500户农村危房", "新建农村卫生厕所2100户"]
    together = vectors.get_many(e5, texts)
    # one call for the two texts not kept yet, each once; the kept one is not made again
    assert e5.calls == 2
    assert e5.embedded == ["城镇新增就业4200人。", "新建农村卫生厕所2100户", "改造1500户农村危房"]
    assert np.array_equal(together[1], kept)
    # the same vectors, in the order asked, as one at a time
    alone = SentenceVectors(size=10)
    for text, vector in zip(texts, together, strict=True):
        assert np.array_equal(vector, alone.get(CountingEmbedder("e5"), text))


def test_a_question_weighs_its_sentences_scored_alike_in_one_embedding_call() -> None:
    frame = ANALYZER.analyze(HOUSES)
    hits = hits_led_by(chunk(RURAL, "rural"))
    e5 = CountingEmbedder("e5-choice")
    # the question's vector is closest to the longest clause's ([len, 1] rows)
    meaning = QuestionMeaning(np.array([1.0, 0.0], dtype=np.float32), e5, RequestTimes())
    found = chooser().extract(frame, hits, closeness=meaning)
    assert found.best is not None
    assert e5.calls == 1 and len(e5.embedded) >= 2  # the clauses scored alike, together
    assert found.best.quote in max(e5.embedded, key=len)
