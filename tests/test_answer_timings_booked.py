"""Where a request's embedding time is booked: the query embedding is part of retrieval
(``timings_ms.embed`` ≤ ``retrieve``); sentences embedded while answering (the meaning stage,
when the sentence-vector fill has not reached them) are the answer stage's, never the query's.
ask_bench compares ``embed`` with the bare query embedding, so mixing them would misstate it."""

from __future__ import annotations

import numpy as np

from wenbao.answering.drafts import QuestionMeaning, RequestTimes


class _Passages:
    """An embedder stand-in that only makes passage vectors (what the meaning stage calls)."""

    name = "test-booking"

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def test_sentences_embedded_while_answering_are_not_counted_as_the_query_embedding() -> None:
    timer = RequestTimes(retrieve_ms=12.0, embed_ms=5.0, embed_threads=1)
    meaning = QuestionMeaning(np.ones(4, dtype=np.float32) / 2.0, _Passages(), timer)  # type: ignore[arg-type]
    scores = meaning.many(["预计全年地区生产总值增长百分之五左右。", "粮食产量稳定在一千万吨以上。"])
    assert scores == [1.0, 1.0]
    assert (timer.retrieve_ms, timer.embed_ms, timer.embed_threads) == (12.0, 5.0, 1)  # untouched
    assert timer.sentences_ms > 0.0  # the sentences' time is kept apart, in the answer stage
