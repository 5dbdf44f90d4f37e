"""Two ways a figure that is there is still no answer to the question asked.

A word the question puts before an indicator's head that no passage read uses ("出生" of "出生人口有
多少" over a report that never speaks of births): the quote naming the head ("农业转移人口") passes a
judge that leans on the shared words, so only its meaning may answer it. And an amount a comparison
adds ("再提高0.5岁", "比上年扩大12亿元") says how far an indicator moved, not what it reached.
Passages of 青山县 (2024), written here, no thesaurus rows.
"""

from __future__ import annotations

from test_answer_meaning_judgement import ANALYZER, chunk, close_to, hits_led_by

from wenbao.answering.answerability import AnswerabilityModel
from wenbao.answering.extractive import ExtractiveAnswerer

MIGRANTS = "推进新型城镇化，全年1.2万农业转移人口落户城镇。"
JOBS = "城镇新增就业4200人，城镇调查失业率控制在5.5%以内。"
LIFE_MOVED = "健康青山建设扎实推进，人均预期寿命再提高0.5岁。"
LIFE_REACHED = "健康青山建设扎实推进，人均预期寿命达到79.2岁、比上年提高0.5岁。"
SPENDING_MOVED = "财政支出强度加大，一般公共预算支出规模比上年扩大12亿元，重点保障民生。"
SPENDING_BOTH = "一般公共预算支出规模86亿元、比上年扩大12亿元，重点保障民生。"

# A judge that trusts every quote: what is tested is what it cannot tell.
TRUSTING = AnswerabilityModel(weights={}, bias=5.0, mean={}, scale={})


def answerer(unread: bool = True) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(judge=TRUSTING, meaning_floor=0.9, unread_terms_need_meaning=unread)


def test_a_word_no_passage_uses_is_not_answered_by_the_figure_of_its_neighbour() -> None:
    frame = ANALYZER.analyze("青山县2024年出生人口有多少")
    hits = hits_led_by(chunk(MIGRANTS, "migrants"), chunk(JOBS, "jobs"))
    found = answerer().extract(frame, hits, closeness=close_to("婴儿"))
    assert not found.answerable
    assert "出生" in (found.reason or "")
    # the judge alone answers it (the test can fail)
    assert answerer(unread=False).extract(frame, hits, closeness=close_to("婴儿")).answerable


def test_a_word_no_passage_uses_answers_where_the_meaning_vouches_for_the_quote() -> None:
    # "进城人口" is a resident's way of saying what the quote says: its meaning answers it
    frame = ANALYZER.analyze("青山县2024年进城人口有多少")
    hits = hits_led_by(chunk(MIGRANTS, "migrants"), chunk(JOBS, "jobs"))
    found = answerer().extract(frame, hits, closeness=close_to("农业转移人口"))
    assert found.answerable and found.best is not None
    assert "1.2万" in found.best.quote
    assert not answerer().extract(frame, hits, closeness=close_to("婴儿")).answerable


def test_a_question_in_the_reports_words_is_answered_as_before() -> None:
    frame = ANALYZER.analyze("青山县2024年城镇新增就业多少人")
    hits = hits_led_by(chunk(JOBS, "jobs"), chunk(MIGRANTS, "migrants"))
    found = answerer().extract(frame, hits, closeness=close_to("婴儿"))
    assert found.answerable and found.best is not None
    assert "4200人" in found.best.quote


def test_an_amount_a_comparison_adds_does_not_answer_what_the_indicator_reached() -> None:
    frame = ANALYZER.analyze("青山县2024年人均预期寿命达到多少岁？")
    moved = answerer().extract(frame, hits_led_by(chunk(LIFE_MOVED, "life")))
    assert not moved.answerable
    reached = answerer().extract(frame, hits_led_by(chunk(LIFE_REACHED, "life")))
    assert reached.answerable and reached.best is not None
    assert "79.2岁" in reached.best.quote


def test_an_amount_a_comparison_adds_answers_how_far_it_moved() -> None:
    frame = ANALYZER.analyze("青山县2024年人均预期寿命提高了多少岁？")
    found = answerer().extract(frame, hits_led_by(chunk(LIFE_MOVED, "life")))
    assert found.answerable and found.best is not None
    assert "0.5岁" in found.best.quote


def test_a_quantity_given_only_by_its_growth_over_last_year_is_refused() -> None:
    frame = ANALYZER.analyze("青山县2024年一般公共预算支出规模是多少亿元？")
    assert not answerer().extract(frame, hits_led_by(chunk(SPENDING_MOVED, "spend"))).answerable
    both = answerer().extract(frame, hits_led_by(chunk(SPENDING_BOTH, "spend")))
    assert both.answerable and both.best is not None
    assert "86亿元" in both.best.quote


def test_a_sibling_named_only_after_the_figure_is_what_it_is_compared_with() -> None:
    rural = "农村居民人均可支配收入增长6.1%，增速跑赢城镇居民收入增速；空气优良天数比例达89%。"
    both = "城镇、农村居民人均可支配收入分别增长4.2%、6.1%。"
    frame = ANALYZER.analyze("青山县2024年城镇居民人均可支配收入增长多少？")
    found = answerer().extract(frame, hits_led_by(chunk(rural, "rural")))
    assert not found.answerable
    assert "农村居民" in (found.reason or "")
    named = answerer().extract(frame, hits_led_by(chunk(both, "both")))
    assert named.answerable and named.best is not None
    assert "4.2%" in named.best.quote
