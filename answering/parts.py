"""Questions that ask several things at once ("…达到多少、增长多少？", "去年完成多少、今年目标多少？").

The question frame carries one sub-frame per part (``QuestionFrame.parts``, made by the one reading
of the question). Each part is answered with the same strategies as a whole question, from the
passages the whole question found, or, when those do not answer it, from its own search. Quotes
that say the same thing are given once; a part the reports do not give is named as missing and the
others are still answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wenbao.answering.drafts import Draft, Part
from wenbao.answering.extractive import BUDGET_SHARE_TEXT, coverage
from wenbao.answering.figures import find_figures
from wenbao.answering.question import GROWTH_Q, QuestionFrame
from wenbao.answering.strategies import Reading, ScopedDrafter, refusal
from wenbao.documents import Hit
from wenbao.index.retriever import interleave
from wenbao.ingest.metadata import MULTI_YEAR_RE

# Between two quotes of one paragraph, at most this much text may lie for them to be joined into
# one ("…达到67.7万亿元" and "增长6.9%" of one sentence): separators only.
_JOIN_GAP = re.compile(r"^[，,、；;\s]*$")
_CHANGE = re.compile(r"增长|下降|增加|减少|提高|上升|增速|增幅|涨|降")


class PartsStrategy:
    """One answer per part of the question, each cited; a missing part said so."""

    def __init__(self, drafter: ScopedDrafter, full_coverage: float, one_piece_gap: float = 0.0) -> None:
        self.drafter = drafter
        self.full_coverage = full_coverage
        # How far below the first part's best piece one that answers every part may score and
        # still be taken (0: never).
        self.one_piece_gap = one_piece_gap

    def draft(self, reading: Reading) -> Draft | None:
        frame = reading.frame
        if len(frame.parts) < 2:
            return None
        whole = self._one_piece(reading)
        if whole is not None:
            return whole
        parts: list[Part] = []
        all_hits: list[list[Hit]] = [reading.hits]
        evidence = None
        first = frame.parts[0]
        by_year = len({p.years for p in frame.parts}) > 1
        asked: list[QuestionFrame] = []
        for sub in frame.parts:
            if self._already_answered(sub, parts):
                asked.append(sub)
                continue
            draft = self._part_draft(reading, sub, all_hits, first, parts, by_year)
            borrowed = _borrowed(draft, sub, asked, parts)
            asked.append(sub)
            if _answers(draft, sub, by_year) and not borrowed:
                evidence = evidence or draft.evidence
                found = [p for p in draft.parts[:2] if p.chunk is not None]
                if by_year and len(sub.years) == 1:
                    # "去年完成多少、今年目标多少": which quote answers which year.
                    found[0] = Part(found[0].text, found[0].chunk, f"{sub.years[0]}年：{found[0].prefix}")
                parts.extend(found)
            else:
                parts.append(Part(f"报告中没有找到关于{sub.describe()}的信息"))
        if not any(p.chunk for p in parts):
            return refusal(frame, reading.hits, "各部分都没有找到", "")
        draft = Draft(_joined(parts), True, interleave(all_hits, sum(len(h) for h in all_hits)))
        draft.evidence = evidence
        return draft

    def _part_draft(
        self,
        reading: Reading,
        sub: QuestionFrame,
        all_hits: list[list[Hit]],
        first: QuestionFrame,
        answered: Sequence[Part],
        by_year: bool,
    ) -> Draft:
        """The part answered next to what answered the parts before it ("国内生产总值达到67.7万亿元，
        增长6.9%": the growth is said with the amount), else from the whole question's passages,
        else from a search of its own."""
        query = sub.query or reading.query
        years = [y for y in sub.years if y in reading.ctx.view.years]
        year = reading.year if reading.year is not None else (years[0] if len(years) == 1 else None)
        ctx, foreign = reading.ctx, reading.foreign_years
        cited = list({p.chunk.chunk_id: p.chunk for p in answered if p.chunk is not None}.values())
        if cited and sub is not first and sub.years == first.years and sub.wants_plan == first.wants_plan:
            # Same time, same kind (results or targets): the same paragraph usually says it.
            near = [Hit(c, 0.0) for c in cited]
            beside = self.drafter.quote.draft(self.drafter.reading(sub, query, near, ctx, year, foreign))
            # Only a quote that names what this part asks: the paragraph may go on to another
            # indicator ("…生产总值5.67万亿元…；地方一般公共预算收入8500亿元").
            if (
                beside is not None
                and _answers(beside, sub, by_year)
                and self._names(sub, beside.parts[0].text)
            ):
                return beside
        draft = self.drafter.draft(self.drafter.reading(sub, query, list(reading.hits), ctx, year, foreign))
        if _answers(draft, sub, by_year) or sub.query is None:
            return draft
        hits = ctx.search(sub.query, year)
        all_hits.append(hits)
        return self.drafter.draft(self.drafter.reading(sub, sub.query, hits, ctx, year, foreign))

    def _one_piece(self, reading: Reading) -> Draft | None:
        """ "2015年GDP是多少，增长多少": the parts ask two figures of one indicator, one time and one
        kind (results or targets); a sentence that gives both ("国内生产总值达到67.7万亿元，增长
        6.9%") answers better than two pieces each the best for its part ("经济总量超过60万亿元的
        高基数上", "每增长1个百分点的增量"). Taken when it scores near the first part's best."""
        parts = reading.frame.parts
        first = parts[0]
        if self.one_piece_gap <= 0 or not all(p.is_figure_question for p in parts):
            return None
        if len({p.years for p in parts}) > 1 or len({p.wants_plan for p in parts}) > 1:
            return None
        if len({frozenset(t.text for t in p.terms) for p in parts}) > 1:
            return None  # other indicators ("GDP多少、财政收入多少"): a part each
        query = first.query or reading.query
        hits, ctx = list(reading.hits), reading.ctx
        sub = self.drafter.reading(first, query, hits, ctx, reading.year, reading.foreign_years)
        ext = sub.extraction()
        best = ext.best
        if not ext.answerable or best is None:
            return None
        for sp in ext.ranked[: self.drafter.settings.answer_rule_retry_candidates]:
            if sp.score < best.score - self.one_piece_gap or (sp.coverage or 0.0) < (best.coverage or 0.0):
                continue
            quoted = [Part(sp.quote, sp.piece.chunk)]
            if all(self._already_answered(p, quoted) for p in parts):
                if sp is best:
                    return None  # the parts' own answers find it too
                draft = Draft(quoted, True, reading.hits)
                draft.evidence = ext.evidence
                return draft
        return None

    def _already_answered(self, sub: QuestionFrame, parts: Sequence[Part]) -> bool:
        """ "社会消费品零售总额实现4.6万亿元、增长2.8%" answers "实现多少" and "增长多少" at once."""
        if not sub.is_figure_question:
            return False
        for p in parts:
            if p.chunk is None or not _same_aspect(sub, p) or _labelled_for_other_year(sub, p):
                continue
            if sub.years and not sub.spans_years and MULTI_YEAR_RE.search(p.text):
                # "“十四五”年均增长多少？2025年又增长了多少": the five years' figure is not the year's
                continue
            kinds = {f.kind for f in find_figures(p.text)}
            # The quote names the indicator and gives a figure of the asked kind; for a growth
            # question that figure must be a change, not the amount.
            figure = bool(kinds & sub.wants) and sub.wants_all <= kinds
            change = sub.aspect != GROWTH_Q or bool(_CHANGE.search(p.text))
            # "完成预算的多少": a growth rate beside it is no share of the budget
            share = not sub.asks_budget_share or bool(BUDGET_SHARE_TEXT.search(p.text))
            if self._names(sub, p.text) and figure and change and share:
                return True
        return False

    def _names(self, sub: QuestionFrame, text: str) -> bool:
        return (coverage(sub.terms, text) or 0.0) >= self.full_coverage


def _labelled_for_other_year(sub: QuestionFrame, part: Part) -> bool:
    """The quote answered a part of another year ("2026年：城镇新增就业47万人以上" for "今年目标多少"):
    it names the indicator with a figure, yet does not answer the part of this year ("去年完成多少")."""
    labelled = _YEAR_LABEL.match(part.prefix)
    return labelled is not None and bool(sub.years) and int(labelled.group(1)) not in sub.years


# The label a quote gets when the parts ask different years (see ``PartsStrategy.draft``).
_YEAR_LABEL = re.compile(r"((?:19|20)\d{2})年：")


def _same_aspect(sub: QuestionFrame, part: Part) -> bool:
    """The quote is of the kind the part asks: "目标是多少，实际完成了多少" is not answered by the
    target's quote twice (a plan's part gives targets, a review's part results)."""
    covers = part.chunk.covers if part.chunk is not None else None
    if sub.wants_plan is None or covers is None:
        return True
    return (covers.aspect == "plan") == sub.wants_plan


def _answers(draft: Draft, sub: QuestionFrame, by_year: bool) -> bool:
    """The draft quotes an answer; when the parts ask about different years ("去年…、今年…"),
    one from a part of the report that speaks for this part's year."""
    if not (draft.answerable and draft.parts and draft.parts[0].chunk is not None):
        return False
    if not _same_aspect(sub, draft.parts[0]):
        return False  # the target's quote found again for "实际完成了多少": the part's own search
    if not by_year or len(sub.years) != 1:
        return True
    first = draft.parts[0]
    assert first.chunk is not None
    covers, year = first.chunk.covers, sub.years[0]
    return covers is None or not covers.years or covers.includes(year) or f"{year}年" in first.text


def _borrowed(
    draft: Draft, sub: QuestionFrame, asked: Sequence[QuestionFrame], parts: Sequence[Part]
) -> bool:
    """The quote an earlier part was answered by, found again for a part that asks another thing
    ("粮食总产量是多少，其中玉米产量是多少" and "粮食产量259.2亿斤" twice): it answers this part only
    when it names a word this part adds to what the earlier parts asked (玉米)."""
    if not draft.parts or draft.parts[0].chunk is None:
        return False
    quote = draft.parts[0]
    assert quote.chunk is not None
    chunk_id = quote.chunk.chunk_id
    same = any(
        p.chunk is not None and p.chunk.chunk_id == chunk_id and _overlap(quote.text, p.text) for p in parts
    )
    if not same:
        return False
    before = {t.text for a in asked for t in a.terms}
    added = [t.text for t in sub.terms if t.text not in before and not any(t.text in w for w in before)]
    return bool(added) and not any(w in quote.text for w in added)


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a


def _joined(parts: list[Part]) -> list[Part]:
    """Quotes of one paragraph that repeat or touch each other become one quote."""
    out: list[Part] = []
    for p in parts:
        merged = False
        for i, q in enumerate(out):
            if p.chunk is None or q.chunk is None or p.chunk.chunk_id != q.chunk.chunk_id:
                continue
            if p.text in q.text:
                merged = True
            elif q.text in p.text:
                out[i] = Part(p.text, p.chunk, q.prefix)
                merged = True
            else:
                text = p.chunk.text
                a, b = text.find(q.text), text.find(p.text)
                if a < 0 or b < 0:
                    continue
                (s1, e1), (s2, e2) = sorted([(a, a + len(q.text)), (b, b + len(p.text))])
                if s2 <= e1 or _JOIN_GAP.match(text[e1:s2]):
                    out[i] = Part(text[s1 : max(e1, e2)], p.chunk, q.prefix)
                    merged = True
            if merged:
                break
        if not merged:
            out.append(p)
    return out
