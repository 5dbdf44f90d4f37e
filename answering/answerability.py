"""Whether the best quote answers the question, judged by what it means, not by its words.

Residents ask ``街上的小店多了没有`` where the report says 市场主体, so the share of the question's
words found in a passage is weak evidence on its own. The judge combines it with evidence that
needs no shared words: how both retrievers ranked the passage and agree on it, its cosine
similarity to the question, whether it carries the kind of figure the question asks for. The
combination is a logistic model whose weights are data (``data/answerability.json``), fitted on
the tuning material of every question set, each asked of the index holding its reports (the
unseen reports' sets included), by ``python -m wenbao.eval.refit_judge`` (``wenbao eval
--calibrate`` fits on the gold set and the sets over the eval corpus only).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from wenbao.documents import Hit

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "answerability.json"


@dataclass(frozen=True)
class AnswerEvidence:
    """What the retrieval and the best quote say about answerability; every field is in [0, 1]
    or a cosine, so the fitted weights stay comparable."""

    coverage: float  # share of the question's key-term weight in the quote (0.5 when it has none)
    weakest_term: float  # how well the least-matched key term is found in the quote (1 when none)
    passage_coverage: float  # share of the key-term weight in the whole passage and its headings
    no_terms: float  # 1: the question has no key terms to look for ("是谁作的报告")
    figure_question: float  # 1: a figure is asked for
    figure_found: float  # 1: a figure question and the quote carries the asked kind of figure
    figure_preferred: float  # 1: … and of the kind that answers it best (an amount in 元 for "多少钱")
    first_passage: float  # 1: the quote comes from the top-ranked passage
    bm25_rank: float  # 1/rank of the quote's passage in keyword retrieval (0: not returned)
    dense_rank: float  # 1/rank in vector retrieval (0: not returned)
    agreed: float  # 1: both retrievers put the top passage in their first two
    dense_sim: float  # cosine similarity of the quote's passage to the question
    dense_top: float  # the best cosine similarity among the passages read
    # Of the question's key-term weight the quote lacks: the share some passage read uses (the
    # reports' own word, said elsewhere: the quote is about a neighbour of what is asked), and the
    # share no passage read uses (a resident's word, or a thing no report states). Lexical
    # coverage alone counts both as missing, and refuses residents' wording with the neighbours.
    lacking_read: float = 0.0
    lacking_unread: float = 0.0
    # The cosine of the quote itself (not its passage) to the question: residents' words share
    # few words with the sentence that answers, but its meaning. The passage's (dense_sim) where
    # no embedding is at hand.
    quote_sim: float = 0.0

    @classmethod
    def of(
        cls,
        coverage: float | None,
        weakest_term: float,
        passage_coverage: float | None,
        figure_question: bool,
        figure_found: bool,
        figure_preferred: bool,
        hit_index: int,
        hits: Sequence[Hit],
        lacking_read: float = 0.0,
        lacking_unread: float = 0.0,
    ) -> AnswerEvidence:
        hit = hits[hit_index] if 0 <= hit_index < len(hits) else None
        sims = [h.side_scores["dense"] for h in hits if "dense" in h.side_scores]
        floor = min(sims) if sims else 0.0
        top = hits[0] if hits else None
        return cls(
            coverage=0.5 if coverage is None else coverage,
            weakest_term=weakest_term,
            passage_coverage=0.5 if passage_coverage is None else passage_coverage,
            no_terms=1.0 if coverage is None else 0.0,
            figure_question=float(figure_question),
            figure_found=float(figure_question and figure_found),
            figure_preferred=float(figure_question and figure_preferred),
            first_passage=float(hit_index == 0),
            bm25_rank=_inverse_rank(hit, "bm25"),
            dense_rank=_inverse_rank(hit, "dense"),
            agreed=float(top is not None and retrievers_agree(top)),
            dense_sim=hit.side_scores.get("dense", floor) if hit is not None else floor,
            dense_top=max(sims) if sims else 0.0,
            lacking_read=lacking_read,
            lacking_unread=lacking_unread,
            quote_sim=hit.side_scores.get("dense", floor) if hit is not None else floor,
        )

    def vector(self) -> list[float]:
        return [float(v) for v in asdict(self).values()]

    @staticmethod
    def names() -> list[str]:
        return list(AnswerEvidence.__dataclass_fields__)


def _inverse_rank(hit: Hit | None, side: str) -> float:
    rank = hit.ranks.get(side) if hit is not None else None
    return 1.0 / rank if rank else 0.0


def retrievers_agree(hit: Hit) -> bool:
    """Keyword and vector retrieval both rank this passage at the top."""
    bm25, dense = hit.ranks.get("bm25"), hit.ranks.get("dense")
    return bm25 is not None and dense is not None and bm25 <= 2 and dense <= 2


# The features that are cosines to the question, unknown where no passage read has one.
_COSINES = ("dense_sim", "dense_top", "quote_sim")


@dataclass(frozen=True)
class AnswerabilityModel:
    """Logistic regression over standardised ``AnswerEvidence`` fields."""

    weights: Mapping[str, float]
    bias: float
    mean: Mapping[str, float]
    scale: Mapping[str, float]
    fitted_on: str = ""  # which pairs, for the record

    def confidence(self, evidence: AnswerEvidence) -> float:
        z = self.bias
        # Passages read without the vector retriever (a report's front matter) have no cosines:
        # those features say nothing, not that the quote is far from the question.
        unknown = _COSINES if evidence.dense_top == 0.0 else ()
        for name, value in zip(AnswerEvidence.names(), evidence.vector(), strict=True):
            if name in unknown:
                continue
            z += self.weights.get(name, 0.0) * (value - self.mean.get(name, 0.0)) / self.scale.get(name, 1.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, object]:
        return {
            "features": AnswerEvidence.names(),
            "weights": dict(self.weights),
            "bias": self.bias,
            "mean": dict(self.mean),
            "scale": dict(self.scale),
            "fitted_on": self.fitted_on,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> AnswerabilityModel:
        def floats(key: str) -> dict[str, float]:
            raw = d.get(key) or {}
            assert isinstance(raw, dict)
            return {str(k): float(v) for k, v in raw.items()}

        bias = d.get("bias", 0.0)
        assert isinstance(bias, int | float)
        return cls(
            floats("weights"), float(bias), floats("mean"), floats("scale"), str(d.get("fitted_on", ""))
        )

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)


def fit_answerability(
    samples: Sequence[tuple[AnswerEvidence, bool]],
    l2: float = 1.0,
    iterations: int = 50,
    fitted_on: str = "",
) -> AnswerabilityModel:
    """Maximum-likelihood logistic regression with an L2 penalty (Newton's method; a dozen
    features and a few hundred samples need nothing more)."""
    import numpy as np

    if not samples or len({y for _, y in samples}) < 2:
        raise ValueError("fitting needs answerable and unanswerable samples")
    names = AnswerEvidence.names()
    x = np.array([e.vector() for e, _ in samples], dtype=float)
    y = np.array([1.0 if a else 0.0 for _, a in samples])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * l2
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + penalty @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return AnswerabilityModel(
        weights={n: round(float(v), 6) for n, v in zip(names, w[1:], strict=True)},
        bias=round(float(w[0]), 6),
        mean={n: round(float(v), 6) for n, v in zip(names, mean, strict=True)},
        scale={n: round(float(v), 6) for n, v in zip(names, scale, strict=True)},
        fitted_on=fitted_on,
    )


@lru_cache(maxsize=4)
def load_answerability(path: Path = DEFAULT_MODEL) -> AnswerabilityModel | None:
    """The fitted model, or None when there is none (the coverage thresholds then decide)."""
    if not path.is_file():
        return None
    return AnswerabilityModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
