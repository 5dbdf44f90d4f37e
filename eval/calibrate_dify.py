"""Fits the Dify record score (``service.dify.ScoreCalibration``) on the gold set's tune split.

Every tune question without history is searched (top 10); a passage is a yes when it contains one
of the pair's evidence strings and comes from that evidence's report, and every passage of an
unanswerable question is a no. A logistic regression of the calibration's three features on
those labels gives the weights to copy into ``ScoreCalibration``:

    python -m wenbao.eval.calibrate_dify [DATA_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from wenbao.eval.gold import DEFAULT_GOLD, GoldPair, load_gold, squash
from wenbao.index.library import ReportLibrary
from wenbao.service.dify import CALIBRATION, ScoreCalibration
from wenbao.service.knowledge import best_fused_score
from wenbao.settings import Settings, get_settings

CALIBRATION_SPLIT = "tune"
TOP_K = 10


def holds_answer(pair: GoldPair, doc_id: str, text: str) -> bool:
    """The passage comes from an evidence report and holds an evidence string, or every key a
    correct answer contains (evidence strings may straddle two passages)."""
    if pair.type == "unanswerable" or (pair.evidence_docs and doc_id not in pair.evidence_docs):
        return False
    flat = squash(text)
    if any(squash(e) in flat for e in pair.evidence):
        return True
    return bool(pair.must_contain) and all(squash(k) in flat for k in pair.must_contain)


def samples(library: ReportLibrary, pairs: list[GoldPair]) -> list[tuple[list[float], bool]]:
    """(features, holds the answer) of the top passages of every usable tune question."""
    stored = {i.meta.doc_id for i in library.documents()}
    best = best_fused_score(library.settings)
    out: list[tuple[list[float], bool]] = []
    for pair in pairs:
        if pair.split != CALIBRATION_SPLIT or pair.history or pair.turns:
            continue
        if pair.type != "unanswerable" and not set(pair.evidence_docs) <= stored:
            continue
        for rank, hit in enumerate(library.search(pair.question, top_k=TOP_K), 1):
            out.append(
                (CALIBRATION.features(hit, rank, best), holds_answer(pair, hit.chunk.doc_id, hit.chunk.text))
            )
    return out


def fit(data: list[tuple[list[float], bool]], l2: float = 1e-3, iterations: int = 100) -> ScoreCalibration:
    """Maximum-likelihood logistic regression (Newton's method)."""
    import numpy as np

    x = np.array([[1.0, *f] for f, _ in data])
    y = np.array([1.0 if yes else 0.0 for _, yes in data])
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        step = np.linalg.solve(
            (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w)), x.T @ (p - y) + l2 * w
        )
        w -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    bias, *weights = (round(float(v), 3) for v in w)
    return ScoreCalibration(bias=bias, weights=tuple(weights))


def main(argv: list[str]) -> None:
    settings: Settings = get_settings()
    if argv:
        settings = settings.model_copy(update={"data_dir": Path(argv[0])})
    data = samples(ReportLibrary(settings), load_gold(DEFAULT_GOLD))
    print(f"{len(data)} passages, {sum(y for _, y in data)} hold the answer")
    model = fit(data)
    print(model)
    scored = [(model.probability(f), y) for f, y in data]
    over = [y for p, y in scored if p >= 0.5]
    found = sum(over) / max(1, sum(y for _, y in data))
    print(f"scored >= 0.5: {len(over)} passages, {sum(over) / max(1, len(over)):.0%} hold the answer")
    print(f"of the passages that hold the answer, {found:.0%} score >= 0.5")


if __name__ == "__main__":
    main(sys.argv[1:])
