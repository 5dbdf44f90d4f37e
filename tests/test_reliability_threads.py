"""Request threads share one embedder and one library: concurrent calls give exactly
the results of sequential ones, and one answer reads one index snapshot."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np
import pytest
from reliability_support import answer_side, district_report

from wenbao.answering.answerer import ReportAnswerer
from wenbao.documents import Hit
from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary

T = TypeVar("T")
THREADS = 8

TEXTS = [
    "2024年上半年鼓楼区地区生产总值是多少？",
    "社会消费品零售总额完成661.63亿元",
    "老百姓收入涨了没有",
    "跟外国做生意的总额",
    "技术合同成交额",
    "下半年工作安排",
    "报告是谁作的",
    "一般公共预算收入",
]


def all_at_once(fn: Callable[[int], T], n: int = THREADS) -> list[T]:
    """Run fn(0..n-1) on n threads released together by a barrier."""
    barrier = threading.Barrier(n)

    def call(i: int) -> T:
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(call, range(n)))


def test_embedding_from_eight_threads_equals_sequential(shared_e5: E5Embedder) -> None:
    sequential_q = shared_e5.embed_queries(TEXTS)
    sequential_p = shared_e5.embed_passages(TEXTS)
    # Each thread embeds the whole list, rotated, as queries and as passages.
    results = all_at_once(
        lambda i: (
            shared_e5.embed_queries(TEXTS[i:] + TEXTS[:i]),
            shared_e5.embed_passages(TEXTS[i:] + TEXTS[:i]),
        )
    )
    for i, (queries, passages) in enumerate(results):
        np.testing.assert_array_equal(np.roll(queries, i, axis=0), sequential_q)
        np.testing.assert_array_equal(np.roll(passages, i, axis=0), sequential_p)


def test_searches_from_eight_threads_equal_sequential(seed_library: ReportLibrary) -> None:
    def ranking(query: str) -> list[tuple[str, float]]:
        return [(h.chunk.chunk_id, round(h.score, 9)) for h in seed_library.search(query, top_k=5)]

    expected = [ranking(q) for q in TEXTS]
    rounds = all_at_once(lambda i: [ranking(q) for q in TEXTS[i:] + TEXTS[:i]])
    for i, got in enumerate(rounds):
        assert got[-i:] + got[:-i] == expected  # undo the rotation (i = 0: got itself)


def test_an_answer_never_straddles_an_upload(
    seed_library: ReportLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload's swap lands between the answerer reading the list of reports and its
    search (forced here, a race under load): the answer is still wholly the old index's."""
    report = district_report("临川区", 2017, "612.48").encode("utf-8")
    real_search = seed_library.search
    uploaded: list[str] = []

    def search_after_a_swap(*args: Any, **kwargs: Any) -> list[Hit]:
        if not uploaded:  # another request's upload commits right now
            worker = threading.Thread(
                target=lambda: uploaded.append(seed_library.add_bytes(report, "linchuan.txt").meta.doc_id)
            )
            worker.start()
            worker.join()
        return real_search(*args, **kwargs)

    monkeypatch.setattr(seed_library, "search", search_after_a_swap)
    answer = ReportAnswerer(seed_library).ask("2017年上半年临川区地区生产总值是多少？")
    body = {
        "answer": answer.answer,
        "answerable": answer.answerable,
        "citations": [{"n": c.n, "doc_id": c.chunk.doc_id} for c in answer.citations],
    }
    assert uploaded == ["linchuan"]
    assert answer_side(body, "linchuan", "612.48") == "old", body
    again = ReportAnswerer(seed_library).ask("2017年上半年临川区地区生产总值是多少？")
    assert "612.48" in again.answer, "the next question sees the new report"
