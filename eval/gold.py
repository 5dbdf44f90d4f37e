"""The gold question/answer pairs (``eval/gold.jsonl``) as typed objects.

One JSON object a line: ``id``, ``question``, ``answer``, ``must_contain`` (keys a correct answer
contains, whitespace ignored), ``evidence`` (strings copied from the report), ``evidence_doc`` (the
report of the evidence: one id, or a list parallel to ``evidence`` when a pair uses several
reports), ``doc`` (a report id, a list of report ids for a pair across reports, the legacy
``both`` = both seeds, or ``none`` = unanswerable), ``type``, ``split`` and, optionally, ``place``
(the place the question is about, for reading the report by place), ``resident`` (``true`` when the
question is worded as a resident asks, without the report's vocabulary) and, for follow-ups,
``history``.

The reports are the two seeds (``seeds/``) and the real reports of ``eval/corpus/``, indexed
together as one corpus.

Split (``split``, fixed in the file so that it never moves when pairs are added):

- ``heldout``: never looked at while tuning; the figures that count. Held out *by report*: every
  pair of ``HELDOUT_REPORTS`` (sichuan, gansu and the State Council's 2016 report: a province
  with page chrome and a glossary, one with unnumbered top-level headings, a national report
  with a decade-old vocabulary), including comparisons that touch one of them; and *by question*:
  of every other report (seeds included) the pairs whose ``heldout_by_hash(id)`` is true, about
  30 %. The rule looks at the id only, never at how hard a pair is.
- ``tune``: everything else; free to inspect while developing.

``split_rule`` computes the split a pair must have; ``tests/test_gold.py`` checks the file
against it.
"""

from __future__ import annotations

import hashlib
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
SPLITS = ("tune", "heldout")
# Reports whose every pair is held out (see the module docstring for why these three).
HELDOUT_REPORTS = ("sichuan-2026-gzbg", "gansu-2026-gzbg", "guowuyuan-2016-gzbg")
HELDOUT_SHARE = 0.30  # of the pairs of the other reports, by hash of the id
SEED_DOCS = ("gulou-2021-h1", "gulou-2024-h1")  # what the legacy doc value "both" stands for
UNANSWERABLE = "none"
CROSS = "cross"  # the report key of a pair across several reports
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
    doc: str  # a report id, "cross" (several reports, see ``docs``) or "none"
    type: str
    history: tuple[tuple[str, str], ...] = ()  # (role, content) turns before the question
    split: str = "tune"
    docs: tuple[str, ...] = ()  # the reports the answer is in (empty when unanswerable)
    place: str | None = None
    resident: bool = False
    # The report the question is asked of (``doc_id`` of ``/api/ask``), for a question that names
    # neither place nor year because it is meant for one report (the independent set's scoped ones).
    ask_doc: str | None = None
    # Questions asked live, in order, in the same session before ``question``; each one's real
    # answer joins the history (a conversation whose last turn alone is scored).
    turns: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.doc != UNANSWERABLE

    @property
    def report(self) -> str:
        """The key a pair is grouped under per report: its report, ``cross`` or ``none``."""
        return self.doc

    @property
    def needed_docs(self) -> tuple[str, ...]:
        """Reports that must each contribute a passage for the pair to count as retrieved."""
        return tuple(dict.fromkeys(self.evidence_docs))

    def evidence_for(self, doc_id: str) -> list[str]:
        return [squash(e) for e, d in zip(self.evidence, self.evidence_docs, strict=True) if d == doc_id]


def heldout_by_hash(pair_id: str) -> bool:
    """The by-question part of the split: a stable ~30 % of ids (sha1, not Python's salted hash)."""
    digest = hashlib.sha1(pair_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < HELDOUT_SHARE


def split_rule(pair_id: str, docs: Sequence[str]) -> str:
    """The split a pair must have: held out when it touches a held-out report, else by its id."""
    if any(d in HELDOUT_REPORTS for d in docs) or heldout_by_hash(pair_id):
        return "heldout"
    return "tune"


def _docs(raw: Any, where: str) -> tuple[str, tuple[str, ...]]:
    """``doc`` as (key, reports): a list of ids (or the legacy ``both``) is a cross-report pair."""
    if raw == "both":
        return CROSS, SEED_DOCS
    if isinstance(raw, list):
        ids = tuple(dict.fromkeys(str(d) for d in raw))
        if len(ids) < 2 or UNANSWERABLE in ids:
            raise GoldSetError(f"{where}：doc 为列表时应列出至少两份不同的报告。")
        return CROSS, ids
    if not isinstance(raw, str) or not raw or raw == CROSS:
        raise GoldSetError(f"{where}：doc 应为报告编号、报告编号列表或 none。")
    return raw, (() if raw == UNANSWERABLE else (raw,))


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
        doc, answer_docs = _docs(obj["doc"], where)
        split, place, resident = obj["split"], obj.get("place"), obj.get("resident", False)
        if split not in SPLITS:
            raise GoldSetError(f"{where}：split 应为 {' 或 '.join(SPLITS)}，而不是 {split!r}。")
        if place is not None and not (isinstance(place, str) and place):
            raise GoldSetError(f"{where}：place 应为非空字符串。")
        if not isinstance(resident, bool):
            raise GoldSetError(f"{where}：resident 应为 true 或 false。")
        pair = GoldPair(
            id=str(obj["id"]),
            question=str(obj["question"]),
            answer=str(obj["answer"]),
            must_contain=tuple(str(m) for m in obj["must_contain"]),
            evidence=evidence,
            evidence_docs=docs,
            doc=doc,
            type=str(obj["type"]),
            history=history,
            split=split,
            docs=answer_docs,
            place=place,
            resident=resident,
        )
    except (KeyError, TypeError) as exc:
        raise GoldSetError(f"{where}：缺少字段或字段类型不对（{exc}）。") from exc
    if len(pair.evidence_docs) != len(pair.evidence):
        raise GoldSetError(f"{where}：evidence_doc 的个数与 evidence 不一致。")
    if pair.type not in TYPES:
        raise GoldSetError(f"{where}：未知的题型 {pair.type!r}（可用：{'、'.join(TYPES)}）。")
    if pair.answerable and not pair.evidence:
        raise GoldSetError(f"{where}：可回答的问题必须给出 evidence。")
    if pair.answerable and set(pair.evidence_docs) != set(pair.docs):
        raise GoldSetError(f"{where}：evidence_doc 应恰好覆盖 doc 所列的报告。")
    if not pair.answerable and (pair.evidence or pair.must_contain):
        raise GoldSetError(f"{where}：不可回答的问题不应有 evidence 或 must_contain。")
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


def select_split(pairs: Sequence[GoldPair], split: str) -> list[GoldPair]:
    """The pairs of one split (``tune``/``heldout``), or all of them for ``all``."""
    if split == "all":
        return list(pairs)
    if split not in SPLITS:
        raise GoldSetError(f"未知的划分 {split!r}（可用：tune、heldout、all）。")
    return [p for p in pairs if p.split == split]


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
