"""Asked what is done about something, a quote that only states the need is followed by the measure.

A work report states a need or a problem ("老人越来越多，“好护工”不好找、用不起") and, in the next
sentence of its paragraph, what is to be done ("要开展护理技能培训，…"). A resident asks "政府有啥
办法": the closest sentence in meaning is the one naming the resident's trouble, which says nothing
of what is done. The measure sentence after it is part of the answer. Passages of 青山县 (2024),
written here.
"""

from __future__ import annotations

from typing import cast

from test_answer_meaning_judgement import ANALYZER, chunk

from wenbao.answering.drafts import AnswerContext
from wenbao.answering.extractive import ScoredPiece, split_pieces
from wenbao.answering.strategies import QuoteStrategy

CARE = (
    "青山县老人越来越多，“好护工”不好找、用不起、留不住。要开展护理技能培训，建设一批信得过的专业护理机构。"
)
NO_CTX = cast(AnswerContext, None)  # the paragraph is not cut here: no other passage is read


def first_sentence(text: str, cid: str) -> ScoredPiece:
    piece = next(p for p in split_pieces(chunk(text, cid), 0, False) if p.level == "sentence")
    return ScoredPiece(piece, 1.0, 0.2)


def test_the_measure_after_a_stated_need_is_part_of_the_answer() -> None:
    frame = ANALYZER.analyze("青山县2024年家里请护工又难又贵，政府有啥办法？")
    assert frame.asks_how
    best = first_sentence(CARE, "care")
    assert "不好找" in best.quote
    more = QuoteStrategy._measure_after(frame, best, NO_CTX)
    assert more is not None and more.text.startswith("要开展护理技能培训")


def test_no_measure_is_added_where_none_is_asked_or_the_quote_states_one() -> None:
    best = first_sentence(CARE, "care")
    plain = ANALYZER.analyze("青山县2024年护工好不好找？")
    assert not plain.asks_how
    assert QuoteStrategy._measure_after(plain, best, NO_CTX) is None
    # The quote says what is done itself: nothing follows it.
    measured = first_sentence("要开展护理技能培训，建设专业护理机构。要发展银发经济。", "measured")
    asked = ANALYZER.analyze("青山县2024年请护工难，怎么解决？")
    assert QuoteStrategy._measure_after(asked, measured, NO_CTX) is None
    # The next sentence states no measure either: nothing is added.
    stated = first_sentence("青山县老人越来越多，护工不好找。全县共有养老机构12家。", "stated")
    assert QuoteStrategy._measure_after(asked, stated, NO_CTX) is None


def test_how_a_measure_is_asked() -> None:
    for q in ("青山县2024年牧民收入怎么保证", "青山县2024年看病难怎么解决", "青山县2024年有哪些措施稳就业"):
        assert ANALYZER.analyze(q).asks_how, q
    for q in ("青山县2024年城镇新增就业多少人", "青山县2024年养老金提高了多少"):
        assert not ANALYZER.analyze(q).asks_how, q


def test_what_time_is_asked_is_a_when_question() -> None:
    # "是什么时候": "什么" before 时候/时间 asks a time, not a thing
    for q in ("青山县2024年政府工作报告是什么时候作的？", "青山县高铁是什么时间开通的"):
        assert ANALYZER.analyze(q).aspect == "when", q
    assert ANALYZER.analyze("青山县2024年主要目标是什么").aspect != "when"
