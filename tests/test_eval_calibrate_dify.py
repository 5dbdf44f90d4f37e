"""The Dify score calibration's fit: it learns which way each feature points and gives
probabilities that match the rate of passages holding the answer."""

from __future__ import annotations

import random
from dataclasses import replace

from wenbao.eval.calibrate_dify import fit, holds_answer
from wenbao.eval.gold import GoldPair


def test_fit_recovers_the_direction_and_rate_of_each_feature() -> None:
    rng = random.Random(7)
    data: list[tuple[list[float], bool]] = []
    for _ in range(3000):
        features = [rng.gauss(0, 1), rng.gauss(1, 0.7), rng.gauss(2, 1), rng.uniform(0.7, 0.9), 1.0]
        logit = -1.0 + 1.5 * features[0] - 2.0 * features[1] + 0.8 * features[2]
        data.append((features, rng.random() < 1 / (1 + 2.718281828**-logit)))
    model = fit(data)
    assert model.weights[0] > 1.0 and model.weights[1] < -1.4 and model.weights[2] > 0.5
    scored = [(model.probability(f), y) for f, y in data]
    high = [y for p, y in scored if p >= 0.7]
    low = [y for p, y in scored if p < 0.3]
    assert sum(high) / len(high) > 0.7 and sum(low) / len(low) < 0.3


def test_a_passage_holds_the_answer_in_the_evidence_report_only() -> None:
    pair = GoldPair(
        id="t-1",
        question="青禾区上半年地区生产总值是多少？",
        answer="321.5亿元",
        must_contain=("321.5亿元",),
        evidence=("地区生产总值完成321.5亿元",),
        evidence_docs=("qinghe-2022",),
        doc="qinghe-2022",
        type="figure",
    )
    assert holds_answer(pair, "qinghe-2022", "上半年，地区生产总值完成 321.5 亿元，同比增长5%。")
    assert holds_answer(pair, "qinghe-2022", "全区实现321.5亿元。")  # every key of the answer
    assert not holds_answer(pair, "other-2022", "地区生产总值完成321.5亿元")
    unanswerable = replace(pair, type="unanswerable")
    assert not holds_answer(unanswerable, "qinghe-2022", "地区生产总值完成321.5亿元")
