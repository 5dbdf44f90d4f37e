"""Where a request's embedding time is booked: the query embedding is part of retrieval
(``timings_ms.embed`` ≤ ``retrieve``); sentences embedded while answering (the meaning stage,
when the sentence-vector fill has not reached them) are the answer stage's, never the query's.
ask_bench compares ``embed`` with the bare query embedding, so mixing them would misstate it."""

from __future__ import annotations

import numpy as np

from wenbao.answering.drafts import QuestionMeaning


class _Passages:
    """An embedder stand-in that only makes passage vectors (what the meaning stage calls)."""

    name = "test-booking"

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def test_sentences_embedded_while_answering_are_not_counted_as_the_query_embedding() -> None:
    timer = [12.0, 5.0, 1.0, 0.0]  # retrieval 12 ms of which the query embedding 5 ms
    meaning = QuestionMeaning(np.ones(4, dtype=np.float32) / 2.0, _Passages(), timer)  # type: ignore[arg-type]
    scores = meaning.many(["预计全年地区生产总值增长百分之五左右。", "粮食产量稳定在一千万吨以上。"])
    assert scores == [1.0, 1.0]
    assert timer[:3] == [12.0, 5.0, 1.0]  # retrieval's figures untouched
    assert timer[3] > 0.0  # the sentences' time is kept apart, in the answer stage
