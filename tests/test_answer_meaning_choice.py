"""Among the sentences the rules score alike, the one closest in meaning to the question answers.

A resident's words ("快塌的老房子") are none of the report's ("农村危房"): every clause of the
sentence that answers shares only "农村" with the question, so the words cannot tell the clause on
危房 from the one on 厕所. Their closeness in meaning to the question does; it never decides whether
to answer: the closest clause answers only where it passes the judge and the rules on its own. How
a resident asks when ("现在", "这几年") or that it is planned ("打算") is read into the frame and is
no word a passage has to hold. Passages of 青山县 (2024), written here.
"""

from __future__ import annotations

from test_answer_meaning_judgement import ANALYZER, WORDY_JUDGE, chunk, close_to, hits_led_by

from wenbao.answering.answerability import AnswerabilityModel
from wenbao.answering.extractive import ExtractiveAnswerer
from wenbao.settings import Settings

RURAL = "改造1500户农村危房，新建农村卫生厕所2100户，新增300个自然村通硬化路。"
JOBS = "城镇新增就业4200人，城镇调查失业率控制在5.5%以内。"
# A judge that trusts every quote: only the choice of the sentence is under test.
TRUSTING = AnswerabilityModel(weights={}, bias=3.0, mean={}, scale={})
HOUSES = "青山县2024年打算修多少户农村快塌的老房子"


def chooser(tie: float = 0.5, judge: AnswerabilityModel = TRUSTING) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(judge=judge, meaning_floor=0.9, meaning_tie=tie)


def test_the_clause_closest_in_meaning_answers_among_clauses_scored_alike() -> None:
    frame = ANALYZER.analyze(HOUSES)
    hits = hits_led_by(chunk(RURAL, "rural"), chunk(JOBS, "jobs"))
    found = chooser().extract(frame, hits, closeness=close_to("危房"))
    assert found.answerable and found.best is not None
    assert "1500户" in found.best.quote and "厕所" not in found.best.quote
    # The toilets' clause when the meaning is not asked (the test can fail).
    by_score = chooser(tie=0.0).extract(frame, hits, closeness=close_to("危房"))
    assert by_score.best is not None and "1500户" not in by_score.best.quote
    # Closeness to another clause chooses that one: the meaning decides, not the order written.
    other = chooser().extract(frame, hits, closeness=close_to("硬化路"))
    assert other.best is not None and "300个" in other.best.quote


def test_a_refused_clause_gives_way_only_to_a_tied_clause_that_passes_on_its_own() -> None:
    # The wordy judge refuses the clause the rules put first; the clause on 危房, scored alike and
    # close in meaning, answers by its meaning as it would alone.
    frame = ANALYZER.analyze(HOUSES)
    hits = hits_led_by(chunk(RURAL, "rural"), chunk(JOBS, "jobs"))
    found = chooser(judge=WORDY_JUDGE).extract(frame, hits, closeness=close_to("危房"))
    assert found.answerable and found.best is not None and "1500户" in found.best.quote
    # No clause close in meaning: the words' refusal stands, whichever clause is tried.
    apart = chunk("新建农村卫生厕所2100户，新增300个自然村通硬化路。", "rural")
    far = hits_led_by(apart, chunk(JOBS, "jobs"))
    assert not chooser(judge=WORDY_JUDGE).extract(frame, far, closeness=close_to("危房")).answerable
    # Nor does a judge-refused clause answer where meaning may not choose at all.
    assert not chooser(tie=0.0, judge=WORDY_JUDGE).extract(frame, hits, closeness=close_to("危房")).answerable


def test_clauses_scored_apart_keep_the_rules_order() -> None:
    # "卫生厕所" is the question's own word: the rules choose, however close another clause is.
    frame = ANALYZER.analyze("青山县2024年新建农村卫生厕所多少户")
    hits = hits_led_by(chunk(RURAL, "rural"), chunk(JOBS, "jobs"))
    found = chooser().extract(frame, hits, closeness=close_to("危房"))
    assert found.best is not None and "2100户" in found.best.quote


def test_how_a_resident_asks_when_or_that_it_is_planned_is_no_key_term() -> None:
    planned = ANALYZER.analyze(HOUSES)
    assert planned.wants_plan is True
    assert "打算" not in [t.text for t in planned.terms]
    for q in ("青山县现在有多少人交了养老保险", "青山县这几年建了多少个村级幸福院"):
        terms = [t.text for t in ANALYZER.analyze(q).terms]
        assert terms and not {"现在", "几年", "这几年"} & set(terms), terms
    # The words that say what is asked stay.
    assert "养老保险" in [t.text for t in ANALYZER.analyze("青山县现在有多少人交了养老保险").terms]


def test_the_tie_is_a_named_setting() -> None:
    assert Settings().answer_meaning_tie > 0
    assert Settings(answer_meaning_tie=0.0).answer_meaning_tie == 0.0


def test_a_figure_of_another_time_is_not_chosen_for_its_meaning() -> None:
    # "五年来…累计" is close in meaning but of five years: the question asks one year's, and the
    # rules' time verdict is kept whatever the cosines (a wide tie lets the five-year clause in).
    frame = ANALYZER.analyze("青山县2024年城里新找到工作的有多少人")
    jobs = chunk("全年城镇新增就业4200人。五年来城镇新增就业累计2.1万人。", "jobs")
    hits = hits_led_by(jobs, chunk("改造1500户农村危房。", "rural"))
    found = chooser(tie=3.0).extract(frame, hits, closeness=close_to("五年"))
    assert found.answerable and found.best is not None
    assert "4200人" in found.best.quote
    five = next(sp for sp in found.ranked if "2.1万人" in sp.piece.text)
    # within the tie: only its time keeps it out
    assert max(sp.score for sp in found.ranked) - five.score <= 3.0
