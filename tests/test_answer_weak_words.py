"""Where the question's words barely choose, its meaning chooses among its passage's sentences.

A resident asks "工资交税上给大家什么减负": "工资" is in two sentences of the passage on incomes that
do not answer ("合理调整最低工资标准"), while the sentence that answers ("提高个人所得税起征点…合理减
负") shares only the weak "减负". The best-scored sentence then holds little of the question's key-term
weight, so the sentences of the same passage scored near it are ordered by their closeness in
meaning; where a sentence holds the question's words, or another passage's sentence is close, the
rules' order stays, and a sentence of another passage answers only where it is clearly the closer in
meaning. Also: "每人多补贴多少钱" asks an amount added, like "增加了多少". Passages of
青山县 (2024), written here.
"""

from __future__ import annotations

from test_answer_meaning_choice import TRUSTING
from test_answer_meaning_judgement import ANALYZER, chunk, close_to, hits_led_by

from wenbao.answering.extractive import Extraction, ExtractiveAnswerer, Meaning
from wenbao.answering.figures import MONEY
from wenbao.settings import Settings

INCOMES = (
    "稳步提高居民收入水平。合理调整最低工资标准。完善机关事业单位工资和津补贴制度。"
    "提高个人所得税起征点，增加子女教育等专项附加扣除，合理减负。"
)
FIRMS = "落实结构性减税政策，为中小企业减负。"
JOBS = "城镇新增就业4200人，城镇调查失业率控制在5.5%以内。"
TAX = "青山县2024年在工资交税上给大家什么减负"


def chooser(weak: float | None = None) -> ExtractiveAnswerer:
    s = Settings()
    return ExtractiveAnswerer(
        judge=TRUSTING,
        meaning_floor=0.9,
        meaning_tie=s.answer_meaning_tie,
        meaning_weak_coverage=s.answer_meaning_weak_coverage if weak is None else weak,
        meaning_weak_candidates=s.answer_meaning_weak_candidates,
        meaning_weak_margin=s.answer_meaning_weak_margin,
    )


def chosen(question: str, near: str | Meaning, weak: float | None = None) -> Extraction:
    """The extraction over the passage on incomes (ranked first), one on firms and one on jobs, where texts
    naming ``near`` are the ones close in meaning to the question (or ``near`` says how close)."""
    hits = hits_led_by(chunk(INCOMES, "incomes"), chunk(FIRMS, "firms"), chunk(JOBS, "jobs"))
    closeness = close_to(near) if isinstance(near, str) else near
    return chooser(weak).extract(ANALYZER.analyze(question), hits, closeness=closeness)


def test_the_sentence_meant_answers_where_the_words_barely_choose() -> None:
    found = chosen(TAX, "所得税")
    assert found.answerable and found.best is not None
    assert "起征点" in found.best.quote, found.best.quote
    # Without the wider tie the words choose a sentence on wages (the test can fail).
    by_words = chosen(TAX, "所得税", weak=0.0).best
    assert by_words is not None and "起征点" not in by_words.quote


def test_a_sentence_holding_the_questions_words_keeps_the_rules_order() -> None:
    # "最低工资标准" is the question's own words: the best sentence holds them, the words choose.
    found = chosen("青山县2024年最低工资标准怎么调整", "所得税").best
    assert found is not None and "最低工资" in found.quote


def cosines(firms: float) -> Meaning:
    """The wage sentences at 0.90, the firms passage's at ``firms``, the rest far."""
    return lambda text: firms if "中小企业" in text else (0.90 if "工资" in text else 0.5)


def test_another_passages_sentence_answers_only_when_clearly_closer() -> None:
    # The passage retrieval ranked first keeps the answer unless a sentence of another passage
    # is closer in meaning than the best by the margin (a named setting).
    margin = Settings().answer_meaning_weak_margin
    found = chosen(TAX, cosines(0.90 + margin / 2)).best
    assert found is not None and found.piece.chunk.chunk_id == "incomes"
    found = chosen(TAX, cosines(0.90 + 2 * margin)).best
    assert found is not None and found.piece.chunk.chunk_id == "firms"


def test_more_before_the_verb_asks_the_amount_added() -> None:
    assert ANALYZER.analyze("青山县2024年居民医保每人多补贴多少钱").asks_added
    assert ANALYZER.analyze("青山县2024年退休的人能多拿多少").asks_added
    # a size, and the plain amount, are not an addition
    assert not ANALYZER.analyze("青山县2024年新建公园有多大多少亩").asks_added
    assert not ANALYZER.analyze("青山县2024年居民医保每人补贴多少钱").asks_added


def test_the_wider_tie_is_a_named_setting() -> None:
    s = Settings()
    assert 0 < s.answer_meaning_weak_coverage < 1
    assert Settings(answer_meaning_weak_coverage=0.0).answer_meaning_weak_coverage == 0.0


def test_a_years_total_given_is_no_yearly_standard() -> None:
    # "一年给企业减轻…多少" asks the year's total ("全年减轻企业…负担近2万亿元"), not a standard
    # printed per year; "一年能领多少" asks one
    assert "year" not in ANALYZER.analyze("青山县2024年一年给企业减轻的负担有多少").per_unit
    assert "year" in ANALYZER.analyze("青山县2024年高龄老人一年能领多少补贴").per_unit


def test_how_much_money_is_not_answered_by_a_count() -> None:
    # "提高到多少钱" names money as "多少元" does: "设立6项专项附加扣除" gives a count, not the sum
    frame = ANALYZER.analyze("青山县2024年个税起征点提高到多少钱")
    assert frame.prefers == frozenset({MONEY})
    counted = chunk("提高个人所得税起征点，设立6项专项附加扣除。", "tax")
    found = chooser().extract(frame, hits_led_by(counted, chunk(JOBS, "jobs")))
    assert not found.answerable
    # a count asked as an amount ("名额是多少") is answered by a count
    places = ANALYZER.analyze("青山县2024年托班名额是多少")
    nursery = chunk("新增公办幼儿园托班名额3630个。", "care")
    assert chooser().extract(places, hits_led_by(nursery, chunk(JOBS, "jobs"))).answerable
    paid = chunk("个人所得税起征点提高到每月5000元，设立6项专项附加扣除。", "tax")
    found = chooser().extract(frame, hits_led_by(paid, chunk(JOBS, "jobs")))
    assert found.answerable and found.best is not None and "5000元" in found.best.quote


NURSERY = "新增社区托育点2家，托位210个。带动学前教育优质均衡发展，幼儿园覆盖率达89.2%。"


def nursery_cosines(other: float) -> Meaning:
    """The sentence on 托育 at 0.895, the one on 幼儿园 (holding only the weak "带") at ``other``."""
    return lambda text: other if "幼儿园" in text else (0.895 if "托育" in text else 0.5)


def test_a_sentence_with_fewer_of_the_words_answers_only_when_clearly_closer() -> None:
    # Both sentences hold some of the question's words, the one on 托育 more of them: a cosine a
    # hair closer is no reason to prefer the other; one closer by the margin is.
    margin = Settings().answer_meaning_weak_margin
    frame = ANALYZER.analyze("青山县2024年带小孩的托育机构多了吗")
    hits = hits_led_by(chunk(NURSERY, "care"), chunk(JOBS, "jobs"))
    found = chooser().extract(frame, hits, closeness=nursery_cosines(0.895 + margin / 4)).best
    assert found is not None and "托育" in found.quote, found
    found = chooser().extract(frame, hits, closeness=nursery_cosines(0.895 + 2 * margin)).best
    assert found is not None and "幼儿园" in found.quote, found
