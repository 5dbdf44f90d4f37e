"""Dify's external knowledge API: its metadata conditions over the reports' metadata, and the
records it expects (content, score in [0, 1], title, metadata object)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from wenbao.answering.display import chunk_citation_dict
from wenbao.documents import DocumentInfo, Hit
from wenbao.service.errors import UnknownFilterError
from wenbao.service.knowledge import unit_score
from wenbao.service.schemas import (
    DifyCondition,
    DifyMetadataCondition,
    DifyRecordMetadata,
    DifyRecordOut,
)
from wenbao.settings import Settings

# The document metadata a condition may name, read from each report's DocumentMeta.
FIELDS: dict[str, Callable[[DocumentInfo], Any]] = {
    "place": lambda i: i.meta.place,
    "place_level": lambda i: i.meta.place_level,
    "kind": lambda i: i.meta.kind,
    "year": lambda i: i.meta.year,
    "date": lambda i: i.meta.date,
    "doc_id": lambda i: i.meta.doc_id,
    "title": lambda i: i.meta.title,
}
NUMERIC_OPS: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "≠": lambda a, b: a != b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "≥": lambda a, b: a >= b,
    ">=": lambda a, b: a >= b,
    "≤": lambda a, b: a <= b,
    "<=": lambda a, b: a <= b,
}
EMPTY_OPS = ("empty", "null")
NOT_EMPTY_OPS = ("not empty", "not null")


def _texts(info: DocumentInfo, field: str) -> list[str]:
    """The field's values as text; a place is its official name and its aliases (so `is 鼓楼`
    and `is 南京市鼓楼区` both hold for the Gulou reports)."""
    if field == "place":
        return list(info.meta.place_names)
    value = FIELDS[field](info)
    return [] if value is None or value == "" else [str(value)]


def _value_list(cond: DifyCondition) -> list[str]:
    value = cond.value
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    return [part.strip() for part in str(value).replace("，", ",").split(",") if part.strip()]


def _number(value: object, cond: DifyCondition) -> float:
    try:
        return float(str(value).strip())
    except ValueError:
        raise UnknownFilterError(
            f"元数据条件“{cond.comparison_operator}”需要数字，而不是“{str(value)[:50]}”。"
        ) from None


def _holds(info: DocumentInfo, field: str, cond: DifyCondition) -> bool:
    op = cond.comparison_operator
    texts = _texts(info, field)
    if op in EMPTY_OPS:
        return not texts
    if op in NOT_EMPTY_OPS:
        return bool(texts)
    value = cond.value
    if op in NUMERIC_OPS:
        if field != "year":
            raise UnknownFilterError(f"元数据 {field} 不是数字：数值比较（{op}）只能用于 year。")
        return info.meta.year is not None and NUMERIC_OPS[op](float(info.meta.year), _number(value, cond))
    if op in ("before", "after"):
        if field not in ("date", "year"):
            raise UnknownFilterError(f"元数据 {field} 不是日期：before / after 只能用于 date 或 year。")
        when = str(value).strip()
        # ISO dates compare as text; a year compares with the year part of the value.
        mine = texts[0] if texts else None
        if mine is None:
            return False
        if field == "year":
            when = when[:4]
        return mine < when if op == "before" else mine > when
    if op in ("in", "not in"):
        found = any(t in _value_list(cond) for t in texts)
        return found if op == "in" else not found
    wanted = str(value).strip()
    if op in ("is", "is not"):
        return (wanted in texts) == (op == "is")
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
    checked = [(cond, _check(cond)) for cond in condition.conditions]
    combine = all if condition.logical_operator == "and" else any
    return frozenset(
        info.meta.doc_id
        for info in infos
        if not checked or combine(any(_holds(info, f, cond) for f in names) for cond, names in checked)
    )


def records(
    hits: Sequence[Hit], infos: Sequence[DocumentInfo], settings: Settings, score_threshold: float
) -> list[DifyRecordOut]:
    """Hits as Dify records, best first, those under the threshold left out."""
    kinds = {i.meta.doc_id: i.meta.kind for i in infos}
    out: list[DifyRecordOut] = []
    for n, hit in enumerate(hits, 1):
        score = unit_score(hit.score, settings)
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
