"""What one configuration did on one pair, and the metrics over many pairs.

The definitions are ``DEFINITIONS`` below (the report prints them): a hit is a passage from the
evidence's report that contains an evidence string (NFKC, whitespace ignored); a pair about several
reports needs a hit from each, ranked among that report's own passages, and counts at the worst rank.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from wenbao.eval.gold import GoldPair, squash

DEFINITIONS = """\
- **命中**：检索到的段落来自证据所在的报告，且其文本（或其带编号的标题路径、脚注）包含该题任一条证据
  （NFKC 规范化、忽略一切空白）。
- **命中名次**：第一个命中段落的名次。跨报告的对比题（`doc` 为报告列表）把排序按报告分开：每份报告自己的
  段落中命中段落的名次，取其中最后的那个（名次 1 = 每份报告各自排最前的段落都是证据）。
- **Recall@k**：可回答题中命中名次 ≤ k 的比例；**MRR@10**：1/命中名次 的平均（10 名以外记 0）。
  不可回答题没有证据，不计入这两项。`langchain-baseline` 只返回前 4 个段落，故其 R@5、R@10 即 R@4。
- **答案准确率**：可回答题中，回答文本（忽略空白）包含全部 `must_contain` 关键串的比例。
- **拒答率**：不可回答题中回答 `answerable: false` 的比例；
  **误拒率**：可回答题中回答 `answerable: false` 的比例。
  基线从不拒答（它只展示最靠前的段落）。
- **引用长度中位数**：展示给用户的引用段落（产品的 citations，基线的前 4 个段落）
  的字符数中位数，拒答不计。
- **p50/p95**：每题等待回答的耗时（毫秒）：产品为 `ask` 的耗时（含检索与追问改写），
  基线为嵌入问题 + FAISS 检索。
- 产品的前 10 名排序：回答器自己检索并据以作答的段落（已按问题的地区、年份限定范围；对比题为各地区、各年份
  交替排列），作答时引用的段落排在最前（即回答中的 [1]、[2]）；`bm25`、`dense` 为同一回答器，只是检索被锁定为
  单一检索器。基线对追问不做改写，直接检索原句。"""

RECALL_KS = (1, 5, 10)
MRR_K = 10
METRIC_KEYS = (
    "r1",
    "r5",
    "r10",
    "mrr",
    "answer_acc",
    "refuse",
    "false_refuse",
    "cite_chars_median",
    "p50_ms",
    "p95_ms",
)


@dataclass(frozen=True)
class Passage:
    """A retrieved or cited passage, whatever system produced it."""

    doc_id: str
    text: str  # what the user is shown
    label: str = ""  # where it is: a heading path or a chunk id, for the report
    # Text the passage carries besides its body: its headings with their numbering (joined, so a
    # section title is found in any passage of the section), first, then its footnotes.
    context: tuple[str, ...] = ()

    def contains(self, squashed_evidence: str) -> bool:
        return any(squashed_evidence in part for part in self._squashed_parts)

    @cached_property
    def squashed_whole(self) -> str:
        """The passage as a reader of a citation sees it, as one squashed string: its numbered
        heading path, then its text, then its notes (``context`` holds the headings first). A
        string may run across the parts here, as the independent set's checker reads them."""
        headings, notes = (self.context[0], self.context[1:]) if self.context else ("", ())
        return squash(headings + self.text + "".join(notes))

    @cached_property
    def _squashed_parts(self) -> tuple[str, ...]:
        return tuple(squash(t) for t in (self.text, *self.context))


@dataclass
class PairOutcome:
    """One configuration's result on one gold pair."""

    pair: GoldPair
    config: str
    retrieved: list[Passage] = field(default_factory=list)  # ranking used for Recall/MRR
    answer: str | None = None  # None: the configuration gives no answer text
    answerable: bool | None = None  # None: the configuration never refuses (no such notion)
    citations: list[Passage] = field(default_factory=list)
    latency_ms: float = 0.0
    rewritten: str | None = None
    error: str | None = None  # an error instead of an answer (counted as wrong)
    evidence: object | None = None  # the product's answerability evidence (for calibration)

    @property
    def hit_rank(self) -> int | None:
        return hit_rank(self.pair, self.retrieved)

    @property
    def answer_ok(self) -> bool:
        if self.answer is None or self.error is not None:
            return False
        text = squash(self.answer)
        return all(squash(key) in text for key in self.pair.must_contain)

    @property
    def refused(self) -> bool:
        return self.answerable is False

    def missing_keys(self) -> list[str]:
        text = squash(self.answer or "")
        return [k for k in self.pair.must_contain if squash(k) not in text]


def is_hit(pair: GoldPair, passage: Passage, doc_id: str | None = None) -> bool:
    docs = [doc_id] if doc_id is not None else list(pair.needed_docs)
    return any(passage.doc_id == d and any(passage.contains(ev) for ev in pair.evidence_for(d)) for d in docs)


def hit_rank(pair: GoldPair, ranking: Sequence[Passage]) -> int | None:
    if not pair.answerable:
        return None
    if len(pair.needed_docs) == 1:
        doc = pair.needed_docs[0]
        return next((i for i, p in enumerate(ranking, start=1) if is_hit(pair, p, doc)), None)
    # A pair about several reports: each report's own passages, in ranking order, must reach its
    # evidence; the pair counts at the worst of those ranks (1 = each report's best passage is it).
    worst = 0
    for doc in pair.needed_docs:
        own = [p for p in ranking if p.doc_id == doc]
        first = next((i for i, p in enumerate(own, start=1) if is_hit(pair, p, doc)), None)
        if first is None:
            return None
        worst = max(worst, first)
    return worst


def _share(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _ms(values: Sequence[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def summarize(outcomes: Sequence[PairOutcome]) -> dict[str, float | int | None]:
    """The metric dict of ``--json`` for a set of outcomes of one configuration.

    A metric the configuration cannot have (refusal for a pipeline that never refuses, answer
    accuracy without answer text, recall over a set of unanswerable pairs) is ``None``."""
    answerable = [o for o in outcomes if o.pair.answerable]
    unanswerable = [o for o in outcomes if not o.pair.answerable]
    ranks = [o.hit_rank for o in answerable]
    recall = {k: _share([r is not None and r <= k for r in ranks]) for k in RECALL_KS}
    mrr = round(sum(1 / r for r in ranks if r is not None and r <= MRR_K) / len(ranks), 4) if ranks else None
    with_text = [o for o in answerable if o.answer is not None]
    refusing = [o for o in outcomes if o.answerable is not None]
    cite_lengths = [len(c.text) for o in outcomes if not o.refused for c in o.citations]
    latencies = [o.latency_ms for o in outcomes]
    return {
        "r1": recall[1],
        "r5": recall[5],
        "r10": recall[10],
        "mrr": mrr,
        "answer_acc": _share([o.answer_ok for o in with_text]) if with_text else None,
        "refuse": _share([o.refused for o in unanswerable]) if refusing and unanswerable else None,
        "false_refuse": _share([o.refused for o in answerable]) if refusing and answerable else None,
        "cite_chars_median": float(statistics.median(cite_lengths)) if cite_lengths else None,
        "p50_ms": _ms(latencies, 50),
        "p95_ms": _ms(latencies, 95),
    }
