"""What the hot path does once per question, and what the query batcher hands back.

Speed itself is measured by `make bench`, never asserted here; these tests check the work
behind it: how many embeddings a question costs, that batched vectors are the ones each
caller asked for, and that cached per-index views follow an upload.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from index_reports import write_report
from test_index_persistence import CountingEmbedder as PassageCountingEmbedder

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import E5Embedder, Embedder, QueryBatcher
from wenbao.index.library import ReportLibrary


class CountingEmbedder(PassageCountingEmbedder):
    """The real embedder, with every call to embed queries recorded."""

    def __init__(self, inner: E5Embedder) -> None:
        super().__init__(inner)
        self.calls: list[list[str]] = []

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return super().embed_queries(texts)


@pytest.fixture
def counted(seed_library: ReportLibrary, shared_e5: E5Embedder) -> tuple[ReportAnswerer, CountingEmbedder]:
    embedder = CountingEmbedder(shared_e5)
    library = ReportLibrary(seed_library.settings, embedder=embedder)
    library.warm_up()
    return ReportAnswerer(library), embedder


@pytest.mark.parametrize(
    "question",
    [
        "2024年上半年鼓楼区地区生产总值是多少？",
        "2024年鼓楼区上半年计划执行情况的报告是谁作的？",
        "2024年上半年报告的第二部分讲了什么？",
        "上半年社会消费品零售总额是多少？",
    ],
)
def test_a_question_costs_one_query_embedding(
    counted: tuple[ReportAnswerer, CountingEmbedder], question: str
) -> None:
    answerer, embedder = counted
    answer = answerer.ask(question)
    assert answer.citations
    assert len(embedder.calls) == 1 and len(embedder.calls[0]) == 1


def test_a_two_year_comparison_embeds_both_years_in_one_call(
    counted: tuple[ReportAnswerer, CountingEmbedder], shared_e5: E5Embedder
) -> None:
    answerer, embedder = counted
    answer = answerer.ask("2021年和2024年上半年鼓楼区地区生产总值分别是多少？")
    assert answer.answerable and "2021年" in answer.answer and "2024年" in answer.answer
    assert len(embedder.calls) == 1 and len(embedder.calls[0]) == 2
    # The same answer as when every year's search embeds its own query.
    plain = ReportAnswerer(ReportLibrary(answerer.library.settings, embedder=shared_e5))
    again = plain.ask("2021年和2024年上半年鼓楼区地区生产总值分别是多少？")
    assert again.answer == answer.answer
    assert [c.chunk.chunk_id for c in again.citations] == [c.chunk.chunk_id for c in answer.citations]


def test_the_reports_an_answer_knows_of_follow_an_upload(seed_library: ReportLibrary, tmp_path: Path) -> None:
    answerer = ReportAnswerer(seed_library)
    question = "2023年上半年秦淮区地区生产总值是多少？"
    before = answerer.ask(question)
    assert not before.answerable
    seed_library.ingest([write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=4)])
    after = answerer.ask(question)
    assert after.answerable
    assert after.citations[0].chunk.doc_id == "qinhuai-2023-h1"
    seed_library.remove("qinhuai-2023-h1")
    assert not answerer.ask(question).answerable


class KeyedEmbedder(Embedder):
    """A stand-in model where batching pays: each text's vector depends on the text alone, and
    every call blocks until the test opens ``gate`` (so callers pile up behind it)."""

    batching_pays = True

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.gate = threading.Event()

    @property
    def name(self) -> str:
        return "keyed"

    @property
    def dim(self) -> int:
        return 4

    def warm_up(self) -> None:
        pass

    @staticmethod
    def vector(text: str) -> np.ndarray:
        return np.array([len(text), ord(text[0]), ord(text[-1]), 1.0], dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        self.gate.wait(60)
        return np.stack([self.vector(t) for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.embed_queries(texts)


def test_concurrent_queries_are_embedded_together_and_each_gets_its_own_vectors() -> None:
    model = KeyedEmbedder()
    batcher = QueryBatcher(model, wait_s=0.002, max_batch=16)
    texts = [f"问题{i}" * (i + 1) for i in range(9)]
    results: dict[int, np.ndarray] = {}

    def ask(i: int) -> None:
        results[i] = batcher.embed_queries([texts[i]])

    first = threading.Thread(target=ask, args=(0,))
    first.start()
    while not model.calls:  # the first query is being embedded: the others must queue
        threading.Event().wait(0.001)
    others = [threading.Thread(target=ask, args=(i,)) for i in range(1, 9)]
    for t in others:
        t.start()
    while len(batcher._queue) < 8:
        threading.Event().wait(0.001)
    model.gate.set()
    for t in [first, *others]:
        t.join(60)
    assert model.calls[0] == [texts[0]]
    assert sorted(len(c) for c in model.calls[1:]) == [8]  # the eight waiting queries in one call
    for i, text in enumerate(texts):
        assert np.array_equal(results[i], model.vector(text)[None, :])


def test_a_lone_query_is_embedded_at_once_even_with_a_long_batch_wait() -> None:
    model = KeyedEmbedder()
    model.gate.set()
    batcher = QueryBatcher(model, wait_s=3600)
    done = threading.Event()
    thread = threading.Thread(target=lambda: (batcher.embed_queries(["一个问题"]), done.set()))
    thread.start()
    thread.join(60)
    assert done.is_set() and model.calls == [["一个问题"]]


def test_an_embedder_error_reaches_every_caller_of_the_batch_and_the_batcher_goes_on() -> None:
    class Failing(KeyedEmbedder):
        def embed_queries(self, texts: list[str]) -> np.ndarray:
            if "坏" in "".join(texts):
                raise RuntimeError("model failed")
            return super().embed_queries(texts)

    model = Failing()
    model.gate.set()
    batcher = QueryBatcher(model, wait_s=0.002)
    with pytest.raises(RuntimeError):
        batcher.embed_queries(["坏问题"])
    assert np.array_equal(batcher.embed_queries(["好问题"]), model.vector("好问题")[None, :])


def test_the_bundled_engine_is_not_batched(shared_e5: E5Embedder) -> None:
    """Measured: a batch costs the bundled engine as much per query as one by one."""
    batcher = QueryBatcher(shared_e5, wait_s=0.002)
    got = batcher.embed_queries(["地区生产总值是多少"])
    assert not batcher.batches
    assert np.array_equal(got, shared_e5.embed_queries(["地区生产总值是多少"]))
