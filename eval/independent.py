"""The independent question set (``../shared/reports/questions/``): loaded, split and scored.

The set was written apart from the code, by reading the reports only (see its README). A folder of
``<stem>.jsonl`` files, each about report ``<stem>``, and ``conversations.jsonl``, one JSON object a
line:

- answerable: ``{"q", "must_contain", "evidence", "type", "doc"}``, plus ``"scope": "doc"`` on a
  question asked of its own report (``doc_id`` = the file's stem: it names neither place nor year);
- unanswerable: ``{"q", "unanswerable": true, "type": "unanswerable", "absent", "doc"}``;
- conversations: ``{"id", "kind", "turns", "must_contain", "doc"}`` (``docs`` for a comparison;
  ``"unanswerable": true`` and no ``must_contain`` for one whose last turn is to be refused):
  the turns are asked in order in one session, each with the real answers before it as history;
  only the last answer is scored.

Split, per file (conversations included): the 0-based index among a file's non-empty lines is
even for ``tune``, odd for ``heldout`` — the 1st, 3rd, 5th… line tunes. The held-out half is
measured, never read: nothing here or in its reports prints a held-out question.

Scoring is the set's own checker's (``shared/checks/indep_qa.py``), so the figures agree with it:
the product is asked with ``top_k`` 10; a question's evidence rank is that of the first citation of
the answer whose numbered heading path + text + notes contains the evidence (NFKC, whitespace
removed); an answer is right when it contains every ``must_contain`` string (same comparison); a
refusal is ``answerable: false``; a conversation is right when its last answer is not a refusal
and contains every string.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wenbao.eval.gold import CROSS, UNANSWERABLE, GoldPair, GoldSetError, squash
from wenbao.eval.metrics import PairOutcome
from wenbao.eval.runner import DEFAULT_REPORT_DIRS, PRODUCT, EvalRun, evaluate
from wenbao.eval.systems import EvalError

if TYPE_CHECKING:
    from wenbao.index.library import ReportLibrary
    from wenbao.settings import Settings

CONVERSATIONS = "conversations"  # the stem of the conversations' file
SPLITS = ("tune", "heldout")
# The set's answerable types, in its README's order (a type not listed here comes after them).
TYPE_ORDER = ("figure", "multi", "list", "fact", "section", "paraphrase", "year", "scoped")
UNANSWERABLE_TYPE = "unanswerable"
# What the set's checker asks ``/api/ask`` for; the ranks are read off the answer's citations.
TOP_K = 10
RANKS = (1, 5)


class QuestionSetError(GoldSetError):
    """The question folder is missing or a line of it is not a valid question."""


def split_of(index: int) -> str:
    """The split of a file's ``index``-th non-empty line (0-based): even tunes, odd is held out."""
    return "tune" if index % 2 == 0 else "heldout"


@dataclass(frozen=True)
class IndependentQuestion:
    """One line of the set, as the ``GoldPair`` the runner asks, and where it came from."""

    pair: GoldPair
    file: str  # the file's stem (a report id, or ``conversations``)
    line: int  # 1-based line number in the file, for a developer looking at a tune miss
    kind: str = ""  # a conversation's kind (switch_place, ellipsis…)
    absent: tuple[str, ...] = ()  # an unanswerable question's terms absent from the report

    @property
    def split(self) -> str:
        return self.pair.split

    @property
    def is_conversation(self) -> bool:
        return self.file == CONVERSATIONS

    @property
    def is_unanswerable(self) -> bool:
        return not self.pair.answerable

    @property
    def label(self) -> str:
        return f"{self.file}:{self.line}"


def _doc_id(name: Any, where: str) -> str:
    from wenbao.ingest.pipeline import doc_id_from_name

    if not isinstance(name, str) or not name:
        raise QuestionSetError(f"{where}：doc 应为报告文件名。")
    return doc_id_from_name(name)


def _strings(raw: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, str) and s for s in raw):
        raise QuestionSetError(f"{where}：{key} 应为非空字符串的列表。")
    return tuple(raw)


def _question(obj: dict[str, Any], stem: str, index: int, line: int, where: str) -> IndependentQuestion:
    q, qtype = obj.get("q"), obj.get("type")
    if not isinstance(q, str) or not q.strip():
        raise QuestionSetError(f"{where}：缺少问题 q。")
    if not isinstance(qtype, str) or not qtype:
        raise QuestionSetError(f"{where}：缺少题型 type。")
    pair_id, split = f"{stem}:{line}", split_of(index)
    if obj.get("unanswerable") is True:
        pair = GoldPair(
            id=pair_id,
            question=q,
            answer="",
            must_contain=(),
            evidence=(),
            evidence_docs=(),
            doc=UNANSWERABLE,
            type=UNANSWERABLE_TYPE,
            split=split,
        )
        absent = _strings(obj["absent"], "absent", where) if obj.get("absent") else ()
        return IndependentQuestion(pair, stem, line, absent=absent)
    evidence = obj.get("evidence")
    if not isinstance(evidence, str) or not evidence:
        raise QuestionSetError(f"{where}：可回答的问题应给出 evidence。")
    doc = _doc_id(obj.get("doc", f"{stem}.txt"), where)
    scope = obj.get("scope")
    if scope not in (None, "doc"):
        raise QuestionSetError(f"{where}：scope 只能是 doc（向本文件的报告提问）。")
    pair = GoldPair(
        id=pair_id,
        question=q,
        answer="",
        must_contain=_strings(obj.get("must_contain"), "must_contain", where),
        evidence=(evidence,),
        evidence_docs=(doc,),
        doc=doc,
        type=qtype,
        split=split,
        docs=(doc,),
        ask_doc=stem if scope == "doc" else None,  # asked of its own report, as a reader of it asks
    )
    return IndependentQuestion(pair, stem, line)


def _conversation(obj: dict[str, Any], index: int, line: int, where: str) -> IndependentQuestion:
    turns = _strings(obj.get("turns"), "turns", where)
    cid, kind = obj.get("id"), obj.get("kind")
    if not isinstance(cid, str) or not cid:
        raise QuestionSetError(f"{where}：缺少对话编号 id。")
    if not isinstance(kind, str) or not kind:
        raise QuestionSetError(f"{where}：缺少对话类型 kind。")
    docs = tuple(_doc_id(d, where) for d in obj["docs"]) if isinstance(obj.get("docs"), list) else ()
    if not docs:
        docs = (_doc_id(obj.get("doc"), where),)
    # a follow-up the reports do not answer ("那成都呢" after Sichuan's GDP): right when refused
    refused = obj.get("unanswerable") is True
    pair = GoldPair(
        id=cid,
        question=turns[-1],
        answer="",
        must_contain=() if refused else _strings(obj.get("must_contain"), "must_contain", where),
        evidence=(),
        evidence_docs=(),
        doc=UNANSWERABLE if refused else CROSS if len(docs) > 1 else docs[0],
        type="conversation",
        split=split_of(index),
        docs=() if refused else docs,
        turns=turns[:-1],  # asked first, live; only the last turn is scored
    )
    return IndependentQuestion(pair, CONVERSATIONS, line, kind=kind)


def _read_file(path: Path) -> list[IndependentQuestion]:
    stem = path.name[: -len(".jsonl")]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionSetError(f"无法读取问题文件 {path}：{exc}") from exc
    out: list[IndependentQuestion] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # blank lines do not count for the split (as in the set's checker)
        where = f"{path.name} 第 {number} 行"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{where}不是合法的 JSON：{exc.msg}。") from exc
        if not isinstance(obj, dict):
            raise QuestionSetError(f"{where}：每行应是一个 JSON 对象。")
        index = len(out)
        if stem == CONVERSATIONS:
            out.append(_conversation(obj, index, number, where))
        else:
            out.append(_question(obj, stem, index, number, where))
    return out


def load_questions(directory: Path | str) -> list[IndependentQuestion]:
    """Every question of the folder: the report files in name order, then the conversations."""
    directory = Path(directory)
    if not directory.is_dir():
        raise QuestionSetError(f"找不到问题集文件夹：{directory}")
    files = sorted(p for p in directory.glob("*.jsonl") if p.name != f"{CONVERSATIONS}.jsonl")
    if not files:
        raise QuestionSetError(f"问题集文件夹 {directory} 中没有 <报告>.jsonl 问题文件。")
    conversations = directory / f"{CONVERSATIONS}.jsonl"
    questions = [q for f in files for q in _read_file(f)]
    if conversations.is_file():
        questions += _read_file(conversations)
    seen: set[str] = set()
    for q in questions:
        if q.pair.id in seen:
            raise QuestionSetError(f"{q.file}.jsonl：编号 {q.pair.id!r} 重复。")
        seen.add(q.pair.id)
    return questions


def select_questions(questions: Sequence[IndependentQuestion], split: str) -> list[IndependentQuestion]:
    if split == "all":
        return list(questions)
    if split not in SPLITS:
        raise QuestionSetError(f"未知的划分 {split!r}（可用：tune、heldout、all）。")
    return [q for q in questions if q.split == split]


# --- scoring ---


def evidence_rank(question: IndependentQuestion, outcome: PairOutcome) -> int | None:
    """1-based rank of the first citation holding the evidence, or None (none does, or no evidence)."""
    if not question.pair.evidence:
        return None
    evidence = squash(question.pair.evidence[0])
    return next((k for k, c in enumerate(outcome.citations, start=1) if evidence in c.squashed_whole), None)


def is_right(question: IndependentQuestion, outcome: PairOutcome) -> bool:
    """What the set counts as right: a refusal for an unanswerable question; otherwise every
    ``must_contain`` string in the answer (a conversation's also must not be a refusal)."""
    if question.is_unanswerable:
        return outcome.refused
    if question.is_conversation and outcome.refused:
        return False
    return outcome.answer_ok


@dataclass
class Scored:
    question: IndependentQuestion
    outcome: PairOutcome
    rank: int | None = field(init=False)
    right: bool = field(init=False)

    def __post_init__(self) -> None:
        self.rank = evidence_rank(self.question, self.outcome)
        self.right = is_right(self.question, self.outcome)


def _share(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


Figures = dict[str, float | int | None]


def summarize(scored: Sequence[Scored]) -> Figures:
    """The set's figures over ``scored``: answerable single questions (R@1, R@5, answer accuracy,
    false refusals), unanswerable ones (refusal), conversations (last answer right). A figure
    over no question is None."""
    answerable = [s for s in scored if not s.question.is_conversation and not s.question.is_unanswerable]
    unanswerable = [s for s in scored if s.question.is_unanswerable and not s.question.is_conversation]
    conversations = [s for s in scored if s.question.is_conversation]
    latencies = [s.outcome.latency_ms for s in scored]
    out: Figures = {"answerable": len(answerable)}
    for k in RANKS:
        out[f"r{k}"] = _share([s.rank is not None and s.rank <= k for s in answerable])
    out |= {
        "answer_acc": _share([s.right for s in answerable]),
        "false_refuse": _share([s.outcome.refused for s in answerable]),
        "unanswerable": len(unanswerable),
        "refuse": _share([s.right for s in unanswerable]),
        "conversations": len(conversations),
        "conversations_right": sum(s.right for s in conversations),
        # the conversations whose last turn is to be refused (a follow-up the reports do not answer)
        "conversations_to_refuse": sum(s.question.is_unanswerable for s in conversations),
        "conversations_refused": sum(s.right for s in conversations if s.question.is_unanswerable),
        "conversation_acc": _share([s.right for s in conversations]),
        "errors": sum(s.outcome.error is not None for s in scored),
        "p50_ms": round(float(np.percentile(latencies, 50)), 1) if latencies else None,
    }
    return out


@dataclass
class IndependentRun:
    """An ``EvalRun`` over the set, with each pair's question (its file, line, kind)."""

    questions: list[IndependentQuestion]
    run: EvalRun
    directory: Path

    @property
    def configs(self) -> list[str]:
        return self.run.configs

    @property
    def product(self) -> str:
        """The configuration whose tune misses are listed: the product when it ran."""
        return PRODUCT if PRODUCT in self.run.outcomes else self.configs[0]

    def scored(self, config: str) -> list[Scored]:
        return [Scored(q, o) for q, o in zip(self.questions, self.run.outcomes[config], strict=True)]

    def splits(self) -> list[str]:
        present = {q.split for q in self.questions}
        return [s for s in SPLITS if s in present]

    def types(self) -> list[str]:
        present = {q.pair.type for q in self.questions if not q.is_conversation and not q.is_unanswerable}
        return [t for t in TYPE_ORDER if t in present] + sorted(present - set(TYPE_ORDER))

    def kinds(self) -> list[str]:
        return sorted({q.kind for q in self.questions if q.is_conversation})

    def counts(self, split: str) -> dict[str, int]:
        qs = [q for q in self.questions if split in ("all", q.split)]
        return {
            "questions": sum(not q.is_conversation for q in qs),
            "conversations": sum(q.is_conversation for q in qs),
        }

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape: ``{"questions", "n_by_split", "by_split": {split: {config:
        figures}}, "by_type": {type: {split: {config: figures}}}, "by_kind": {kind: {split:
        {config: figures}}}}``; ``all`` sits next to the splits when both ran. Aggregates only."""
        splits = self.splits()
        keys = ["all", *splits] if len(splits) > 1 else splits
        scored = {name: self.scored(name) for name in self.configs}
        types = self.types() + [UNANSWERABLE_TYPE] * any(
            q.is_unanswerable and not q.is_conversation for q in self.questions
        )

        def figures(qtype: str | None = None, kind: str | None = None) -> dict[str, dict[str, Figures]]:
            def keep(q: IndependentQuestion) -> bool:
                return (qtype is None or q.pair.type == qtype) and (
                    kind is None or (q.is_conversation and q.kind == kind)
                )

            return {
                s: {
                    name: summarize([x for x in items if s in ("all", x.question.split) and keep(x.question)])
                    for name, items in scored.items()
                }
                for s in keys
            }

        return {
            "questions": str(self.directory),
            "n_by_split": {s: self.counts(s) for s in keys},
            "by_split": figures(),
            "by_type": {t: figures(qtype=t) for t in types},
            "by_kind": {k: figures(kind=k) for k in self.kinds()},
        }


def evaluate_questions(
    questions: Sequence[IndependentQuestion],
    directory: Path | str,
    configs: Sequence[str] = (PRODUCT,),
    url: str | None = None,
    report_dirs: Sequence[Path] = DEFAULT_REPORT_DIRS,
    settings: Settings | None = None,
    progress: bool = True,
    library: ReportLibrary | None = None,
    index_dir: Path | None = None,
    kb: str | None = None,
) -> IndependentRun:
    """Ask ``questions`` with the runner's systems (in process or the server at ``url``), asked
    for ``TOP_K`` passages as the set's checker asks."""
    if url and any(c != PRODUCT for c in configs):
        # A server answers with its own (hybrid) answerer only; the set scores answers.
        raise EvalError(f"经服务评测独立问题集时只能用 {PRODUCT} 配置。")
    pairs = [q.pair for q in questions]
    run = evaluate(pairs, configs, url, report_dirs, settings, progress, library, index_dir, kb, top_k=TOP_K)
    return IndependentRun(list(questions), run, Path(directory))
