"""A comparison of places by figures: each place is asked only what it states (not "哪个最高"),
and a place whose quote gives figures of another kind only has not stated the asked one."""

from __future__ import annotations

from wenbao.answering.frame import _without_superlative
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.strategies import _gives_asked_kind


def test_the_superlative_clause_is_the_comparisons_not_each_places() -> None:
    asked = "2026年各市的一般公共预算收入分别是多少？哪个最多？"
    assert _without_superlative(asked) == "2026年各市的一般公共预算收入分别是多少？"
    assert _without_superlative("两地粮食产量分别是多少，哪个更高") == "两地粮食产量分别是多少"
    assert _without_superlative("两地粮食产量分别是多少") == "两地粮食产量分别是多少"


def test_a_count_is_no_growth_target_but_a_target_in_words_is_an_answer() -> None:
    frame = QuestionAnalyzer().analyze("2026年地区生产总值增长目标是多少？")
    assert not _gives_asked_kind(frame, "今年要稳定粮食生产，城镇新增就业120万人以上。")
    assert _gives_asked_kind(frame, "地区生产总值增长6%左右，城镇新增就业85万人以上。")
    assert _gives_asked_kind(frame, "经济保持平稳增长，质量效益稳步提升。")
