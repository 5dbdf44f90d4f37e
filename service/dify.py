"""Dify's external knowledge API: its metadata conditions over the reports' metadata, and the
records it expects (content, score in [0, 1], title, metadata object)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wenbao.answering.display import chunk_citation_dict
from wenbao.documents import DocumentInfo, Hit
from wenbao.service.errors import UnknownFilterError
from wenbao.service.knowledge import best_fused_score
from wenbao.service.schemas import (
    DifyCondition,
    DifyMetadataCondition,
    DifyRecordMetadata,
    DifyRecordOut,
)
from wenbao.settings import Settings

# The document metadata a condition may name, read from each report's DocumentMeta; Dify's
# built-in names (api/core/rag/entities/metadata_entities.py's callers, BuiltInField) map onto
# ours: document_name is the title, upload_date / last_update_date the time it was indexed, and
# uploader / source are empty (a wenbao report has neither).
FIELDS: dict[str, Callable[[DocumentInfo], Any]] = {
    "place": lambda i: i.meta.place,
    "place_level": lambda i: i.meta.place_level,
    "kind": lambda i: i.meta.kind,
    "year": lambda i: i.meta.year,
    "date": lambda i: i.meta.date,
    "doc_id": lambda i: i.meta.doc_id,
    "title": lambda i: i.meta.title,
    "document_name": lambda i: i.meta.title,
    "upload_date": lambda i: i.created or None,
    "last_update_date": lambda i: i.created or None,
    "uploader": lambda i: None,
    "source": lambda i: None,
}
# Fields holding a moment: Dify compares them as Unix timestamps (dataset_retrieval.py casts the
# stored value to an integer for before / after / < / >), so a timestamp or an ISO date both work.
TIME_FIELDS = ("date", "upload_date", "last_update_date")
NUMERIC_OPS: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "≠": lambda a, b: a != b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    "after": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "before": lambda a, b: a < b,
    "≥": lambda a, b: a >= b,
    ">=": lambda a, b: a >= b,
    "≤": lambda a, b: a <= b,
    "<=": lambda a, b: a <= b,
}
EMPTY_OPS = ("empty", "null")
NOT_EMPTY_OPS = ("not empty", "not null")


def _text(value: object) -> str:
    """A value as text, a whole float without its `.0` (Dify may send 2024.0 for 2024)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _texts(info: DocumentInfo, field: str) -> list[str]:
    """The field's values as text; a place is its official name and its aliases (so `is 鼓楼`
    and `is 南京市鼓楼区` both hold for the Gulou reports)."""
    if field == "place":
        return list(info.meta.place_names)
    value = FIELDS[field](info)
    return [] if value is None or value == "" else [_text(value)]


def _value_list(cond: DifyCondition) -> list[str]:
    value = cond.value
    if isinstance(value, list):
        return [_text(v) for v in value]
    return [part.strip() for part in _text(value).replace("，", ",").split(",") if part.strip()]


def moment(value: object) -> float | None:
    """A time as a Unix timestamp: a number is one already (a four-digit one is a year), text is
    an ISO date or time (naive ones read as UTC). None: not a time."""
    text = _text(value)
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None:
        if 1000 <= number <= 9999 and number.is_integer():
            return datetime(int(number), 1, 1, tzinfo=UTC).timestamp()
        return number
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _year_of(value: object, cond: DifyCondition) -> float:
    """A year condition's value as a year: a timestamp or date is its (UTC) year."""
    try:
        number = float(_text(value))
    except ValueError:
        number = None
    if number is not None and 1000 <= number <= 9999:
        return number
    when = moment(value)
    if when is None:
        raise UnknownFilterError(
            f"元数据条件“{cond.comparison_operator}”需要年份、日期或时间戳，而不是“{_text(value)[:50]}”。"
        )
    return float(datetime.fromtimestamp(when, UTC).year)


def _compare(info: DocumentInfo, field: str, cond: DifyCondition) -> bool:
    """A numeric or time comparison (`<`, `before`…) of one field."""
    op = cond.comparison_operator
    compare = NUMERIC_OPS[op]
    if field == "year":
        return info.meta.year is not None and compare(float(info.meta.year), _year_of(cond.value, cond))
    if field in TIME_FIELDS:
        mine = moment(FIELDS[field](info)) if FIELDS[field](info) else None
        wanted = moment(cond.value)
        if wanted is None:
            raise UnknownFilterError(
                f"元数据 {field} 是时间：条件“{op}”需要时间戳或 ISO 日期，而不是“{_text(cond.value)[:50]}”。"
            )
        return mine is not None and compare(mine, wanted)
    raise UnknownFilterError(
        f"元数据 {field} 不是数字或时间：比较（{op}）只能用于 year、date、upload_date、last_update_date。"
    )


def _holds(info: DocumentInfo, field: str, cond: DifyCondition) -> bool:
    op = cond.comparison_operator
    texts = _texts(info, field)
    if op in EMPTY_OPS:
        return not texts
    if op in NOT_EMPTY_OPS:
        return bool(texts)
    if op in NUMERIC_OPS and not (op in ("=", "≠", "!=") and field not in ("year", *TIME_FIELDS)):
        return _compare(info, field, cond)
    if op in ("in", "not in"):
        found = any(t in _value_list(cond) for t in texts)
        return found if op == "in" else not found
    wanted = _text(cond.value)
    if op in ("is", "is not", "=", "≠", "!="):
        return (wanted in texts) == (op in ("is", "="))
    if op in ("contains", "not contains"):
        found = any(wanted in t for t in texts)
        return found if op == "contains" else not found
    if op == "start with":
        return any(t.startswith(wanted) for t in texts)
    return any(t.endswith(wanted) for t in texts)  # "end with"


def _check(cond: DifyCondition) -> list[str]:
    names = [cond.name] if isinstance(cond.name, str) else list(cond.name)
    unknown = [n for n in names if n not in FIELDS]
    if not names or unknown:
        raise UnknownFilterError(
            f"不支持的元数据名称 {'、'.join(unknown) or '（空）'}：可用的有 {'、'.join(FIELDS)}。"
        )
    op = cond.comparison_operator
    if op not in EMPTY_OPS + NOT_EMPTY_OPS and (cond.value is None or cond.value == "" or cond.value == []):
        raise UnknownFilterError(f"元数据条件“{op}”需要 value。")
    return names


def matching_doc_ids(infos: Sequence[DocumentInfo], condition: DifyMetadataCondition) -> frozenset[str]:
    """The reports whose metadata satisfy the conditions (a condition naming several fields
    holds when it holds for one of them)."""
    # Dify filters its own datasets with the conditions whose value is set (dataset_retrieval.py:
    # `expected_value is not None` or an empty / not empty test) but sends all: a condition left
    # without a value in Dify's editor is no condition.
    usable = [
        c
        for c in condition.conditions or []
        if c.value is not None or c.comparison_operator in EMPTY_OPS + NOT_EMPTY_OPS
    ]
    checked = [(cond, _check(cond)) for cond in usable]
    combine = any if condition.logical_operator == "or" else all  # null: Dify's default, "and"
    return frozenset(
        info.meta.doc_id
        for info in infos
        if not checked or combine(any(_holds(info, f, cond) for f in names) for cond, names in checked)
    )


@dataclass(frozen=True)
class ScoreCalibration:
    """The record score: the probability that the passage holds the answer, so that Dify's
    score threshold (0.5 by default) means the same for every question.

    A logistic model of what the search knows about a passage: its fused score (as a share of
    the best a passage can get, log), its rank in the list (log), its raw BM25 score (log1p; 0
    when BM25 did not return it) and the embedder's cosine similarity (when the dense search
    returned it). Fitted by ``python -m wenbao.eval.calibrate_dify`` on the tune half of
    eval/gold.jsonl over the development corpus (361 questions, 10 passages each; a passage holds
    the answer when it comes from the evidence's report and contains the evidence or every key
    of the answer; every passage of an unanswerable question is a no). There, 75 % of the
    passages scored >= 0.5 hold the answer, and 55 % of those that hold it score >= 0.5; the best
    passage reaches 0.5 for 64 % of the answerable questions and 22 % of the unanswerable ones. A
    passage never scores above the one ranked before it, so the order is the search's. BM25
    scores grow with the corpus and cosines depend on the embedder: another corpus or embedder
    may want a refit.
    """

    bias: float = -6.064
    # log fused share, log rank, log1p BM25, cosine similarity (0 when absent), cosine present
    weights: tuple[float, ...] = (1.092, -1.497, 1.362, 21.085, -15.861)
    # fused / best, clipped: a boosted passage can pass the best reciprocal-rank score many times.
    fused_floor: float = 0.05
    fused_cap: float = 3.0

    def features(self, hit: Hit, rank: int, best: float) -> list[float]:
        share = min(self.fused_cap, max(self.fused_floor, hit.score / best if best > 0 else 0.0))
        dense = hit.side_scores.get("dense")
        return [
            math.log(share),
            math.log(rank),
            math.log1p(max(0.0, hit.side_scores.get("bm25", 0.0))),
            dense if dense is not None else 0.0,
            1.0 if dense is not None else 0.0,
        ]

    def probability(self, features: Sequence[float]) -> float:
        logit = self.bias + sum(w * f for w, f in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-logit))

    def scores(self, hits: Sequence[Hit], settings: Settings) -> list[float]:
        best = best_fused_score(settings)
        out: list[float] = []
        for n, hit in enumerate(hits, 1):
            p = self.probability(self.features(hit, n, best))
            out.append(round(min([p, *out[-1:]]), 6))
        return out


CALIBRATION = ScoreCalibration()


def records(
    hits: Sequence[Hit], infos: Sequence[DocumentInfo], score_threshold: float, settings: Settings
) -> list[DifyRecordOut]:
    """Hits as Dify records, best first, those under the threshold left out."""
    kinds = {i.meta.doc_id: i.meta.kind for i in infos}
    out: list[DifyRecordOut] = []
    for n, (hit, score) in enumerate(zip(hits, CALIBRATION.scores(hits, settings), strict=True), 1):
        if score < score_threshold:
            continue
        chunk = hit.chunk
        citation = chunk_citation_dict(n, chunk, hit.score)
        metadata = DifyRecordMetadata.model_validate(
            {
                **citation,
                "kind": kinds.get(chunk.doc_id, "other"),
                "path": " › ".join(p for p in (chunk.doc_title, *chunk.heading_labels) if p),
                "fused_score": citation["score"],
            }
        )
        out.append(DifyRecordOut(content=chunk.text, score=score, title=chunk.doc_title, metadata=metadata))
    return out
