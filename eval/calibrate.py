"""Fits the answerability judge on the gold set's tune split (never the held-out one), and on
the tuning questions of independent question sets when given (``--calibrate-on DIR`` for a set's
tune half, ``DIR@all`` for a development set that is tuning material as a whole).

Every tune question that reaches the extractive answer gives one sample: the evidence the judge
sees (``AnswerEvidence``) and whether the question is answerable at all. Questions refused for
their place or period never reach the judge and give none. The gold set alone is written in the
reports' words; residents' wording ("养娃补贴" for 育儿补贴) and unanswerable questions that
come close to a passage are what the other sets add.
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
from wenbao.eval.runner import (
    DEFAULT_INDEX_DIR,
    DEFAULT_REPORT_DIRS,
    EvalError,
    evaluate,
    open_eval_library,
    report_files,
)
from wenbao.settings import get_settings

CALIBRATION_SPLIT = "tune"


@dataclass(frozen=True)
class TuningSet:
    """An independent question set over the eval corpus's reports, and which of its halves are
    tuning material ("tune", or "all" for a development set)."""

    directory: Path
    split: str = CALIBRATION_SPLIT

    @classmethod
    def parse(cls, spec: str) -> TuningSet:
        """``DIR`` (its tune half) or ``DIR@all`` / ``DIR@tune``."""
        directory, _, split = spec.rpartition("@") if "@" in spec else (spec, "", CALIBRATION_SPLIT)
        if split not in (CALIBRATION_SPLIT, "all"):
            raise EvalError(f"{spec}：只能用 tune 或 all 的问题校准判断模型（held-out 只用于评测）。")
        return cls(Path(directory), split)

    def describe(self, count: int) -> str:
        return f"{self.directory} {self.split}: {count} questions"


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


def calibrate(
    pairs: Sequence[GoldPair], path: Path = DEFAULT_MODEL, tuning_sets: Sequence[TuningSet] = ()
) -> Calibration:
    from wenbao.eval.independent import TOP_K, load_questions, select_questions

    tune = [p for p in pairs if p.split == CALIBRATION_SPLIT]
    if not tune:
        raise ValueError("the gold set has no tune pairs to calibrate on")
    sets = [[q.pair for q in select_questions(load_questions(s.directory), s.split)] for s in tuning_sets]
    everything = tune + [p for asked in sets for p in asked]
    # One index of the corpus for every set (the independent sets ask about its reports too).
    library, _ = open_eval_library(
        get_settings(), report_files(everything, DEFAULT_REPORT_DIRS), DEFAULT_INDEX_DIR
    )
    outcomes = list(evaluate(tune, configs=["hybrid"], library=library, progress=True).outcomes["hybrid"])
    fitted_on = [f"eval/gold.jsonl {CALIBRATION_SPLIT}: {len(tune)} pairs"]
    for s, asked in zip(tuning_sets, sets, strict=True):
        # asked for as many passages as the sets' checker asks for
        run = evaluate(asked, configs=["hybrid"], library=library, progress=True, top_k=TOP_K)
        outcomes += run.outcomes["hybrid"]
        fitted_on.append(s.describe(len(asked)))
    result = fit(outcomes, fitted_on="; ".join(fitted_on))
    path.parent.mkdir(parents=True, exist_ok=True)
    result.model.save(path)
    return result
