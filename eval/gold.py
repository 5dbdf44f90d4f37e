"""The gold question/answer pairs (``eval/gold.jsonl``) as typed objects.

One JSON object a line: ``id``, ``question``, ``answer``, ``must_contain`` (keys a correct answer
contains, whitespace ignored), ``evidence`` (strings copied from the report), ``evidence_doc`` (the
report of the evidence: one id, or a list parallel to ``evidence`` when a pair uses both reports),
``doc`` (a report id, ``both`` or ``none`` = unanswerable), ``type`` and, for follow-ups, ``history``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenbao.errors import WenbaoError

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold.jsonl"
TYPES = ("figure", "fact", "list", "section", "paraphrase", "compare", "followup", "unanswerable")
_WS = re.compile(r"\s+")


class GoldSetError(WenbaoError):
    """The gold file is missing or a line of it is not a valid pair."""


def squash(text: str) -> str:
    """The form texts are compared in: NFKC (full/half-width alike) and no whitespace at all.

    The seeds break lines inside numbers and words ("1020.53 亿元", "国民经\\n济"); a cleaner may
    also normalise width. Comparing squashed forms makes a match independent of both."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class GoldPair:
    id: str
    question: str
    answer: str
    must_contain: tuple[str, ...]
    evidence: tuple[str, ...]
    evidence_docs: tuple[str, ...]  # the report of each evidence string
    doc: str  # a report id, "both" or "none"
    type: str
    history: tuple[tuple[str, str], ...] = ()  # (role, content) turns before the question

    @property
    def answerable(self) -> bool:
        return self.doc != "none"

    @property
    def needed_docs(self) -> tuple[str, ...]:
        """Reports that must each contribute a passage for the pair to count as retrieved."""
        return tuple(dict.fromkeys(self.evidence_docs))

    def evidence_for(self, doc_id: str) -> list[str]:
        return [squash(e) for e, d in zip(self.evidence, self.evidence_docs, strict=True) if d == doc_id]


def _pair(obj: Any, where: str) -> GoldPair:
    if not isinstance(obj, dict):
        raise GoldSetError(f"{where}：每行应是一个 JSON 对象。")
    try:
        evidence = tuple(str(e) for e in obj["evidence"])
        raw_docs = obj["evidence_doc"]
        docs = (
            tuple(str(d) for d in raw_docs)
            if isinstance(raw_docs, list)
            else (str(raw_docs),) * len(evidence)
        )
        history = tuple((str(t["role"]), str(t["content"])) for t in obj.get("history") or ())
        pair = GoldPair(
            id=str(obj["id"]),
            question=str(obj["question"]),
            answer=str(obj["answer"]),
            must_contain=tuple(str(m) for m in obj["must_contain"]),
            evidence=evidence,
            evidence_docs=docs,
            doc=str(obj["doc"]),
            type=str(obj["type"]),
            history=history,
        )
    except (KeyError, TypeError) as exc:
        raise GoldSetError(f"{where}：缺少字段或字段类型不对（{exc}）。") from exc
    if len(pair.evidence_docs) != len(pair.evidence):
        raise GoldSetError(f"{where}：evidence_doc 的个数与 evidence 不一致。")
    if pair.type not in TYPES:
        raise GoldSetError(f"{where}：未知的题型 {pair.type!r}（可用：{'、'.join(TYPES)}）。")
    if pair.answerable and not pair.evidence:
        raise GoldSetError(f"{where}：可回答的问题必须给出 evidence。")
    return pair


def load_gold(path: Path | str = DEFAULT_GOLD) -> list[GoldPair]:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise GoldSetError(f"找不到标准问答文件：{path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldSetError(f"无法读取标准问答文件 {path}：{exc}") from exc
    pairs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldSetError(f"{path.name} 第 {number} 行不是合法的 JSON：{exc.msg}。") from exc
        pairs.append(_pair(obj, f"{path.name} 第 {number} 行"))
    if not pairs:
        raise GoldSetError(f"标准问答文件是空的：{path}")
    seen: set[str] = set()
    for p in pairs:
        if p.id in seen:
            raise GoldSetError(f"{path.name}：id {p.id!r} 重复。")
        seen.add(p.id)
    return pairs


def stratified_slice(pairs: Sequence[GoldPair], limit: int | None) -> list[GoldPair]:
    """The first ``limit`` pairs taken round-robin over the types, so a small slice still has
    every kind of question (a plain head of the file would be all front-matter facts)."""
    if limit is None or limit >= len(pairs):
        return list(pairs)
    by_type: dict[str, list[GoldPair]] = defaultdict(list)
    for p in pairs:
        by_type[p.type].append(p)
    queues = [by_type[t] for t in sorted(by_type, key=lambda t: TYPES.index(t) if t in TYPES else 99)]
    picked: list[GoldPair] = []
    depth = 0
    while len(picked) < limit:
        for queue in queues:
            if depth < len(queue) and len(picked) < limit:
                picked.append(queue[depth])
        depth += 1
    order = {p.id: i for i, p in enumerate(pairs)}
    return sorted(picked, key=lambda p: order[p.id])
