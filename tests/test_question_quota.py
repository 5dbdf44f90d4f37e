"""A word ending in 额 asks a sum of money ("进出口总额"), but 名额 is a number of places and 份额 a
share: "托班名额有多少" is answered by a count ("托位3630个"), not refused for lacking money."""

from __future__ import annotations

from wenbao.answering.question import COUNT, MONEY, QuestionAnalyzer


def test_a_quota_of_places_is_a_count_and_a_total_is_money() -> None:
    analyzer = QuestionAnalyzer()
    assert COUNT in analyzer.analyze("2026年托班名额有多少？").wants
    assert COUNT in analyzer.analyze("今年高职扩招的名额是多少").wants
    total = analyzer.analyze("2025年进出口总额是多少？").wants
    assert MONEY in total and COUNT not in total
