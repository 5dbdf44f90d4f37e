"""The answerability judge: a logistic model over evidence that needs no shared words."""

from __future__ import annotations

from pathlib import Path

from wenbao.answering.answerability import (
    AnswerabilityModel,
    AnswerEvidence,
    fit_answerability,
    load_answerability,
)


def _evidence(coverage: float, rank: float, agreed: float) -> AnswerEvidence:
    return AnswerEvidence(
        coverage=coverage,
        weakest_term=coverage,
        passage_coverage=coverage,
        no_terms=0.0,
        figure_question=1.0,
        figure_found=1.0,
        figure_preferred=1.0,
        first_passage=1.0 if rank == 1.0 else 0.0,
        bm25_rank=rank,
        dense_rank=rank,
        agreed=agreed,
        dense_sim=0.8,
        dense_top=0.85,
    )


def _samples() -> list[tuple[AnswerEvidence, bool]]:
    out = []
    for i in range(40):
        c = i / 40
        out.append((_evidence(0.5 + c / 2, 1.0, 1.0), True))  # the words and both retrievers agree
        out.append((_evidence(c / 3, 1 / (2 + i % 5), 0.0), False))  # neither
    return out


def test_fitted_judge_trusts_agreeing_evidence_and_doubts_the_rest() -> None:
    model = fit_answerability(_samples())
    strong = model.confidence(_evidence(0.9, 1.0, 1.0))
    weak = model.confidence(_evidence(0.1, 0.2, 0.0))
    assert 0.0 <= weak < 0.5 < strong <= 1.0
    # more of the question's words in the quote never lowers the confidence, all else equal
    assert model.confidence(_evidence(0.6, 1.0, 1.0)) <= model.confidence(_evidence(0.8, 1.0, 1.0))


def test_a_saved_model_reads_back_the_same(tmp_path: Path) -> None:
    model = fit_answerability(_samples(), fitted_on="test")
    path = tmp_path / "judge.json"
    model.save(path)
    again = load_answerability(path)
    assert isinstance(again, AnswerabilityModel) and again.fitted_on == "test"
    e = _evidence(0.7, 0.5, 1.0)
    assert abs(again.confidence(e) - model.confidence(e)) < 1e-6
    assert load_answerability(tmp_path / "missing.json") is None


def test_the_bundled_model_is_fitted_on_the_tune_split_only() -> None:
    model = load_answerability()
    assert model is not None and "tune" in model.fitted_on and "heldout" not in model.fitted_on
    assert set(model.weights) == set(AnswerEvidence.names())
