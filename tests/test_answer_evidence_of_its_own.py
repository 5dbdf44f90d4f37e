"""A sentence answers on evidence of its own, not on its passage's rank alone.

Two rules, over passages of 青山县 written here and a stand-in for the embeddings:

* The dense retriever's credit (``answer_dense_weight`` × the share of the question's words no
  passage holds) goes to a sentence of the passage it ranks first only where the sentence holds
  some of the question's words or is itself close in meaning (``answer_dense_bonus_floor``): a
  sentence on 停车位 sharing a passage with nothing asked does not outrank the one on 医保.
* A question asking no figure about a thing no passage read names ("票价", "房价": a programme or
  fact the report never mentions) is refused unless the quote is close in meaning
  (``answer_unread_noun_floor``).
"""

from __future__ import annotations

from test_answer_meaning_judgement import ANALYZER, chunk, hits_led_by

from wenbao.answering.answerability import AnswerabilityModel
from wenbao.answering.extractive import ExtractiveAnswerer
from wenbao.documents import Hit
from wenbao.settings import Settings

# A judge that trusts every quote: only the choice of the sentence and the rules are under test.
TRUSTING = AnswerabilityModel(weights={}, bias=3.0, mean={}, scale={})
ROADS = chunk("全县高速公路通车里程达到120公里。新增公共停车位3000个。", "roads")
CARE = chunk("城乡居民医保财政补助标准提高到每人每年640元。", "care")
TRANSIT = chunk("新开通地铁3号线，优化调整公交线路12条，公交地铁换乘更加便捷。", "transit")
JOBS = chunk("城镇新增就业4200人，城镇调查失业率控制在5.5%以内。", "jobs")


def far(text: str) -> float:
    return 0.5


def near_parking(text: str) -> float:
    return 0.95 if "停车" in text else 0.5


def credited(floor: float | None) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(judge=TRUSTING, dense_weight=10.0, dense_bonus_floor=floor)


def test_the_dense_credit_needs_the_sentences_own_words_or_meaning() -> None:
    frame = ANALYZER.analyze("青山县刚出生的娃有没有医保")
    # the vector side ranks the passage on roads first, the keyword side the one on 医保
    hits = [Hit(ROADS, 1.0, {"bm25": 3, "dense": 1}), Hit(CARE, 0.9, {"bm25": 1, "dense": 2})]
    found = credited(0.88).extract(frame, hits, closeness=far)
    assert found.best is not None and "医保" in found.best.quote
    # every sentence of the first passage credited alike (the test can fail): 停车位 wins
    alike = credited(-1.0).extract(frame, hits, closeness=far)
    assert alike.best is not None and "停车位" in alike.best.quote
    # a sentence close in meaning on its own keeps the credit
    near = credited(0.88).extract(frame, hits, closeness=near_parking)
    assert near.best is not None and "停车位" in near.best.quote
    # no closeness at hand: no evidence of its own, no credit
    blind = credited(0.88).extract(frame, hits)
    assert blind.best is not None and "医保" in blind.best.quote


def unread_judged(floor: float | None = 0.883) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(judge=TRUSTING, unread_noun_floor=floor)


def test_a_thing_no_passage_names_is_refused_unless_the_quote_means_it() -> None:
    hits = hits_led_by(TRANSIT, JOBS)
    for question, thing in (("青山县坐公交地铁票价会不会降", "票价"), ("青山县的商品房房价降了没有", "房价")):
        frame = ANALYZER.analyze(question)
        assert frame.asked_noun is not None and frame.asked_noun.text == thing
        refused = unread_judged().extract(frame, hits, closeness=lambda t: 0.85)
        assert not refused.answerable and thing in (refused.reason or "")
        # close in meaning: a resident's word for what the report says in its own
        assert unread_judged().extract(frame, hits, closeness=lambda t: 0.95).answerable
        # the rule off (the test can fail)
        assert unread_judged(None).extract(frame, hits, closeness=lambda t: 0.85).answerable


def test_a_thing_the_passages_name_or_a_figure_asked_is_left_to_the_judge() -> None:
    hits = hits_led_by(TRANSIT, JOBS)
    for question in ("青山县地铁有没有新开通的线路", "青山县2024年新开通了几条地铁"):
        frame = ANALYZER.analyze(question)
        assert unread_judged().extract(frame, hits, closeness=lambda t: 0.85).answerable, question


def test_the_floors_are_named_settings() -> None:
    settings = Settings()
    assert settings.answer_dense_bonus_floor is not None and settings.answer_unread_noun_floor is not None
    assert Settings(answer_unread_noun_floor=None).answer_unread_noun_floor is None
