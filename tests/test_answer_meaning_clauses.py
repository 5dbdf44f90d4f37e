"""A sentence is as close in meaning as its closest clause; a target's growth is no target.

A long sentence of a work report lists several measures ("要深入总结试点经验，…，保障牧民禁牧不
减收，新建舍饲棚圈…"); a resident asks about one of them in words of their own ("牧民不让放牧了，
收入怎么保证"). The whole sentence's embedding dilutes that one clause, so a short sentence that only
names the topic ("加快推进草原畜牧业转型升级。") comes out closer, and the answer says nothing.
Weighed by its closest clause window, the sentence that holds the answer is chosen.

"城镇新增就业目标是多少" over a passage that first says by how much the target grew ("预期目标比
去年多500人") and then states it ("城镇新增就业4500人以上"): the growth is refused as no target,
and the statement of the target answers rather than the question being refused.
Passages of 青山县 (2024), written here.
"""

from __future__ import annotations

from test_answer_meaning_judgement import ANALYZER, chunk, hits_led_by

from wenbao.answering.answerability import AnswerabilityModel
from wenbao.answering.extractive import ExtractiveAnswerer
from wenbao.settings import Settings

TRUSTING = AnswerabilityModel(weights={}, bias=3.0, mean={}, scale={})
HERDS = (
    "加快推进草原畜牧业转型升级。"
    "要深入总结试点经验，在享受补奖政策的乡镇全面推开，推广舍饲半舍饲模式，保障牧民禁牧不减收，"
    "新建舍饲棚圈50万平方米以上，力争设施养殖比重达到60%。"
)
ROADS = "新建农村公路120公里，实现村村通客车。"


def diluted(text: str) -> float:
    """A stand-in for the embeddings: the clause on keeping herders' income is the closest text;
    the long sentence holding it is diluted below the short sentence on the topic."""
    if "不减收" in text:
        return 0.95 if len(text) <= 20 else 0.86
    return 0.9 if "转型升级" in text else 0.5


def chooser(by_clause: bool) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(
        judge=TRUSTING,
        meaning_floor=0.9,
        meaning_tie=0.5,
        meaning_weak_coverage=0.5,
        meaning_weak_margin=0.02,
        meaning_by_clause=by_clause,
    )


def test_a_long_sentence_is_as_close_as_the_clause_that_answers() -> None:
    frame = ANALYZER.analyze("青山县2024年牧民不让放牧了，收入怎么保证？")
    assert not frame.is_figure_question
    hits = hits_led_by(chunk(HERDS, "herds"), chunk(ROADS, "roads"))
    found = chooser(by_clause=True).extract(frame, hits, closeness=diluted)
    assert found.answerable and found.best is not None
    assert "禁牧不减收" in found.best.quote
    # The sentence's own embedding alone chooses the topic sentence (the test can fail).
    alone = chooser(by_clause=False).extract(frame, hits, closeness=diluted)
    assert alone.best is not None and "禁牧不减收" not in alone.best.quote


def test_the_clause_reading_is_a_named_setting() -> None:
    assert Settings().answer_meaning_by_clause is True
    assert Settings(answer_meaning_by_clause=False).answer_meaning_by_clause is False


def test_the_target_itself_answers_where_the_best_quote_gives_its_growth() -> None:
    frame = ANALYZER.analyze("青山县2024年城镇新增就业目标是多少？")
    growth = chunk("城镇新增就业预期目标比去年多500人，突出了更加重视就业的导向。", "growth")
    targets = chunk(
        "今年发展的主要预期目标是：地区生产总值增长6%左右；城镇新增就业4500人以上，城镇调查失业率5.5%左右。",
        "targets",
    )
    found = ExtractiveAnswerer(judge=TRUSTING).extract(frame, hits_led_by(growth, targets))
    assert found.answerable and found.best is not None
    assert "4500人以上" in found.best.quote
    # The growth alone is still no answer: refused, not quoted as the target.
    alone = ExtractiveAnswerer(judge=TRUSTING).extract(frame, hits_led_by(growth))
    assert not alone.answerable
