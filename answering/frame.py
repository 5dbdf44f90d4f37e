"""One reading of a question, made once per request and handed down to retrieval and answering.

The steps, in order: an elliptical follow-up is rewritten into a standalone question (from the
earlier turns); relative time is resolved and the places and years are matched against the stored
reports (``ScopeResolver``); the question is split into its slots (``QuestionAnalyzer``); the
retrieval reading (thesaurus terms, numbered sections, front-matter routing) is made from the same
text (``QueryAnalyzer``). Nothing downstream analyses the question again: how it asks is in the
frame's fields. The frame is frozen; one year or the places of a comparison, and each part of a
question that asks several things, are new frames derived from it (``derive``, ``one_year``,
``without_places``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from wenbao.answering.drafts import LibraryView
from wenbao.answering.followup import FollowupRewriter, without_plan_words
from wenbao.answering.history import Turn
from wenbao.answering.question import (
    INTENT_FIGURE,
    INTENT_FRONT,
    INTENT_LIST,
    INTENT_OPEN,
    INTENT_SECTION,
    LIST_Q,
    SECTION_Q,
    SUPERLATIVE_RE,
    WHEN_Q,
    WHO_Q,
    QuestionAnalyzer,
    QuestionFrame,
)
from wenbao.answering.scope import PlaceGroup, QuestionScope, ScopeResolver, compared_with
from wenbao.answering.synonyms import SynonymLookup
from wenbao.index.query import ParsedQuery, QueryAnalyzer
from wenbao.ingest.levels import WHOLE, names_a_higher_whole


class QuestionFrameBuilder:
    def __init__(
        self,
        synonyms: SynonymLookup,
        router: QueryAnalyzer | None = None,
        scoper: ScopeResolver | None = None,
    ) -> None:
        self.synonyms = synonyms
        self.router = router or QueryAnalyzer()
        self.scoper = scoper or ScopeResolver()

    def build(
        self,
        question: str,
        history: Sequence[Turn],
        view: LibraryView,
        searched: Callable[[str], None] | None = None,
    ) -> QuestionFrame:
        """``searched``: told the text the question will be searched as, as soon as it is known
        (its embedding can start while the rest of the question is read)."""
        analyzer = QuestionAnalyzer(self.synonyms, view.home_places)
        standalone = FollowupRewriter(analyzer, view.groups).rewrite(question, history)
        scope = self.scoper.resolve(standalone, view.docs, view.parsed, view.groups, view.doc_years)
        if searched is not None:
            searched(scope.asked)
        # relative time resolved ("去年" → "2025年"), the report it is asked of left out
        frame = analyzer.analyze(scope.asked)
        carried = standalone != question and frame.wants_plan
        if carried and self._carried_to_results(analyzer, question, scope, view):
            # "那2024年呢？" after "2025年粮食产量目标是多少": the target was the earlier turn's;
            # no stored report plans 2024 (the 2024 report is not stored), the 2025 one reviews
            # it, so the year's result is what can be asked of it.
            scope.text = without_plan_words(scope.text)
            scope.asked_text = without_plan_words(scope.asked)
            frame = analyzer.analyze(scope.asked_text)
        if scope.report_years and scope.asked == scope.text:
            # "2021年国务院报告第一部分…2020年…": 2021 picks the report, only 2020 is asked about.
            only = scope.years == scope.report_years
            years = tuple(y for y in frame.years if only or y not in scope.report_years)
            frame = replace(frame, years=years, compare=frame.compare and len(years) >= 2)
        elif scope.report_years and scope.years == scope.report_years:
            # "2031年报告里讲城乡的是哪一部分": the report named as the source (not read), its own
            # year asked of it all the same
            frame = replace(frame, years=scope.report_years)
        if scope.reason is None and self.scoper.results_only(scope, view.parsed):
            # "2025年全年GDP增速" of a 2026 report: the year's outturn, which a mid-year report's
            # "全年" (the year's target) is not
            frame = _full_year_as_outturn(frame)
        self.scoper.check_aspect(scope, frame, view.parsed)
        if frame.wants_plan is None and scope.reason is None and self.scoper.plans_only(scope, view.parsed):
            # "2026年…是多少" of a 2026 report (or "2026年呢？" after 2025's outturn): the plan
            frame = replace(frame, wants_plan=True)
        if frame.level == WHOLE:
            ids = scope.doc_ids
            asked = [d.meta.place for d in view.docs if ids is None or d.meta.doc_id in ids]
            if asked and all(names_a_higher_whole(scope.text, p) for p in asked):
                # "黄平县…在全州排第几": 全州 is where the county ranks, no level of its budget
                parts = tuple(replace(p, level=None) if p.level == WHOLE else p for p in frame.parts)
                frame = replace(frame, level=None, parts=parts)
        named = sub_places(analyzer, scope.text, [n for g in view.groups for n in g.names])
        sub = tuple(dict.fromkeys((*named, *scope.inner)))
        query = self.router.analyze(scope.asked)
        compared = tuple(p for p in sub if compared_with(frame.question, p))
        frame = replace(frame, scope=scope, sub_places=sub, compared_places=compared, query=query)
        frame = replace(frame, intent=intent_of(frame, query))
        # Each part of a question that asks several things is read like the whole.
        return replace(frame, parts=tuple(self._part(frame, part) for part in frame.parts))

    def _carried_to_results(
        self, analyzer: QuestionAnalyzer, question: str, scope: QuestionScope, view: LibraryView
    ) -> bool:
        """The plan asked was carried from an earlier turn (this one asks none), and the reports
        searched only review the asked years."""
        if scope.reason is not None or not self.scoper.results_only(scope, view.parsed):
            return False
        return not analyzer.analyze(question, split_parts=False).wants_plan

    def _part(self, frame: QuestionFrame, part: QuestionFrame) -> QuestionFrame:
        query = self.restate(frame, part.question)
        return self.derive(
            part, query, scope=frame.scope, sub_places=frame.sub_places, compared_places=frame.compared_places
        )

    @staticmethod
    def derive(frame: QuestionFrame, query: ParsedQuery, **changes: Any) -> QuestionFrame:
        """A new frame for one part of ``frame`` (one year or one place of a comparison, one part of
        a question that asks several things): ``changes`` applied, ``query`` its retrieval reading,
        its intent read again. ``frame`` itself stays as it is."""
        derived = replace(frame, query=query, **changes)
        return replace(derived, intent=intent_of(derived, query))

    def one_year(self, frame: QuestionFrame, year: int) -> QuestionFrame:
        """One year of a comparison of years: a new frame of that year alone, read for retrieval
        as the question asked of that year."""
        query = self.restate(frame, year_question(frame, year))
        return self.derive(frame, query, years=(year,), compare=False)

    def without_places(self, frame: QuestionFrame) -> QuestionFrame:
        """A comparison of places: a new frame of the question without them, asked of each place."""
        assert frame.scope is not None
        # "…分别是多少，哪个最高": which place leads is the comparison's to say; each place is asked
        # only what it states (the words "最高" would find a place's other sentence for it)
        text = place_free_question(frame.scope.asked, frame.scope.places)
        query = self.restate(frame, _without_superlative(text))
        return self.derive(frame, query, compare=False)

    def restate(self, frame: QuestionFrame, text: str) -> ParsedQuery:
        """The retrieval reading of one year's or one place's part of a comparison."""
        assert frame.query is not None
        return self.router.restate(frame.query, text)


def _full_year_as_outturn(frame: QuestionFrame) -> QuestionFrame:
    """``frame`` (and its parts) with "全年" no longer read as a target, where it names no plan."""

    def outturn(f: QuestionFrame) -> QuestionFrame:
        full_year_only = f.wants_plan and f.period == "全年" and not f.names_plan
        return replace(f, wants_plan=None) if full_year_only else f

    return replace(outturn(frame), parts=tuple(outturn(p) for p in frame.parts))


def _without_superlative(text: str) -> str:
    """The question with its "哪个最高" clause left out, and the comma that led into it."""
    m = SUPERLATIVE_RE.search(text)
    if m is None:
        return text
    rest = text[: m.start()].rstrip("，,、的 ") + m.group("gap") + text[m.end() :]
    return re.sub(r"([？?])[？?]+", r"\1", rest).strip() or text


def sub_places(analyzer: QuestionAnalyzer, text: str, stored: Sequence[str]) -> tuple[str, ...]:
    """The "XX区/县/市" a question names that are no stored report's place: where a place stands
    in a question, or right after a stored place's name ("长沙岳麓区", "三明大田县")."""

    def foreign(name: str) -> bool:
        return not any(name in n or n in name for n in stored)

    out = [p for p in analyzer.places(text) if foreign(p)]
    out += [p for p in analyzer.places_after(text, stored) if foreign(p)]
    return tuple(dict.fromkeys(out))


def intent_of(frame: QuestionFrame, query: ParsedQuery) -> str:
    """Which kind of answer the question needs (one strategy per kind). A comparison is decided
    by the answerer against the reports (two places or two covered years), which then sets it."""
    about_delivery = frame.aspect in (WHO_Q, WHEN_Q) or frame.asks_meeting
    if query.intent == "front" or (about_delivery and frame.names_report):
        return INTENT_FRONT
    if query.intent in ("section", "topic") or frame.aspect == SECTION_Q:
        return INTENT_SECTION
    if frame.aspect == LIST_Q:
        return INTENT_LIST
    if frame.is_figure_question:
        return INTENT_FIGURE
    return INTENT_OPEN


def place_free_question(text: str, places: Sequence[PlaceGroup]) -> str:
    """The question without the places it compares ("上海和四川2025年GDP分别是多少" → "2025年GDP是多少")."""
    for name in sorted({n for g in places for n in g.names}, key=len, reverse=True):
        text = text.replace(name, "")
    text = re.sub(r"^[和与及、，,跟同]+|(?<=[年])[和与及、，,跟同]+", "", text)
    return re.sub(r"分别|各自|各是", "", text)


def year_question(frame: QuestionFrame, year: int) -> str:
    topic = frame.topic or frame.body
    aspect = re.sub(r"^(分别|各自)", "", frame.aspect_text)
    return f"{year}年{frame.period or ''}{topic}{aspect}"
