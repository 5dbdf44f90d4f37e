"""Fits the answerability judge on the gold set's tune split (never the held-out one).

Every tune question that reaches the extractive answer gives one sample: the evidence the judge
sees (``AnswerEvidence``) and whether the question is answerable at all. Questions refused for
their place or period never reach the judge and give none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wenbao.answering.answerability import (
    DEFAULT_MODEL,
    AnswerabilityModel,
    AnswerEvidence,
    fit_answerability,
)
from wenbao.eval.gold import GoldPair
from wenbao.eval.metrics import PairOutcome
from wenbao.eval.runner import DEFAULT_INDEX_DIR, DEFAULT_REPORT_DIRS, evaluate

CALIBRATION_SPLIT = "tune"


@dataclass
class Calibration:
    model: AnswerabilityModel
    samples: int
    answerable: int
    # threshold -> (share of answerable samples answered, share of unanswerable samples refused)
    curve: dict[float, tuple[float, float]]


def samples_of(outcomes: Sequence[PairOutcome]) -> list[tuple[AnswerEvidence, bool]]:
    return [
        (o.evidence, o.pair.answerable)
        for o in outcomes
        if isinstance(o.evidence, AnswerEvidence) and o.error is None
    ]


def fit(outcomes: Sequence[PairOutcome], fitted_on: str) -> Calibration:
    samples = samples_of(outcomes)
    model = fit_answerability(samples, fitted_on=fitted_on)
    pos = [model.confidence(e) for e, y in samples if y]
    neg = [model.confidence(e) for e, y in samples if not y]
    curve = {
        t: (
            sum(c >= t for c in pos) / max(1, len(pos)),
            sum(c < t for c in neg) / max(1, len(neg)),
        )
        for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    }
    return Calibration(model, len(samples), len(pos), curve)


def calibrate(pairs: Sequence[GoldPair], path: Path = DEFAULT_MODEL) -> Calibration:
    tune = [p for p in pairs if p.split == CALIBRATION_SPLIT]
    if not tune:
        raise ValueError("the gold set has no tune pairs to calibrate on")
    run = evaluate(
        tune, configs=["hybrid"], report_dirs=DEFAULT_REPORT_DIRS, index_dir=DEFAULT_INDEX_DIR, progress=True
    )
    result = fit(run.outcomes["hybrid"], fitted_on=f"eval/gold.jsonl {CALIBRATION_SPLIT}: {len(tune)} pairs")
    path.parent.mkdir(parents=True, exist_ok=True)
    result.model.save(path)
    return result
