"""``ReportAnswerer``: question (+ history) -> Answer with exact quotes and citations.

The steps: validate, rewrite a follow-up into a standalone question, check the
years and districts asked for against the stored reports, retrieve (per year
for a two-year comparison), answer from the outline for questions about the
report's structure, otherwise quote the sentence or clause that answers;
refuse when the evidence is not there. An optional LLM may phrase the answer,
but only a verified LLM answer replaces the extractive one.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property
from time import perf_counter
from typing import TYPE_CHECKING

from wenbao.answering.answerability import load_answerability
from wenbao.answering.drafts import AnswerContext, Draft, LibraryView, Part, PlaceRow
from wenbao.answering.extractive import ExtractiveAnswerer, coverage, zone_named
from wenbao.answering.followup import FollowupRewriter
from wenbao.answering.frame import QuestionFrameBuilder, year_question
from wenbao.answering.history import Turn, read_history, read_part
from wenbao.answering.llm import LLMAnswerer, chat_model_from_settings
from wenbao.answering.outline import OutlineAnswerer
from wenbao.answering.parts import PartsStrategy
from wenbao.answering.question import INTENT_COMPARISON, QuestionAnalyzer, QuestionFrame
from wenbao.answering.scope import (
    REASON_PLACE,
    REASON_YEAR,
    PlaceGroup,
    QuestionScope,
    ScopeResolver,
    names_years,
    place_groups,
    report_label,
    years_by_document,
)
from wenbao.answering.strategies import (
    PlaceComparisonStrategy,
    ScopedDrafter,
    YearComparisonStrategy,
    refusal,
)
from wenbao.answering.synonyms import SynonymLookup, default_synonyms
from wenbao.answering.verify import AnswerVerifier, is_refusal
from wenbao.documents import (
    Answer,
    AnswerTable,
    AnswerTableRow,
    Chunk,
    Citation,
    Clarification,
    ClarifyOption,
    Hit,
    ParsedDocument,
)
from wenbao.errors import InvalidQuestionError, LLMUnavailableError, WenbaoError
from wenbao.index.query import QueryAnalyzer
from wenbao.index.tokenizer import part_of_speech
from wenbao.settings import DEFAULT_KB, Settings, get_settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from wenbao.index.library import ReportLibrary


# A question needs a Chinese character or a Latin word ("GDP", "PM2.5") to search for.
_SEARCHABLE = re.compile(r"[\u3400-\u9fff]|[A-Za-z]{2,}")


class ReportAnswerer:
    def __init__(
        self,
        library: ReportLibrary,
        settings: Settings | None = None,
        llm: BaseChatModel | None = None,
        synonyms: SynonymLookup | None = None,
    ) -> None:
        self.library = library
        self.settings = settings or get_settings()
        self._synonyms = synonyms
        judge = load_answerability() if self.settings.answer_judge == "fitted" else None
        # The meaning floor is a cosine of the embedder it was measured with, of no other.
        same_embedder = self.settings.embedder == self.settings.answer_meaning_embedder
        self.extractor = ExtractiveAnswerer(
            judge=judge,
            min_confidence=self.settings.answer_min_confidence,
            dense_weight=self.settings.answer_dense_weight,
            dense_bonus_floor=self.settings.answer_dense_bonus_floor if same_embedder else None,
            unread_noun_floor=self.settings.answer_unread_noun_floor if same_embedder else None,
            usual_mentions=self.settings.answer_usual_narrowing_mentions,
            retry_candidates=self.settings.answer_rule_retry_candidates,
            meaning_floor=self.settings.answer_meaning_floor if same_embedder else None,
            meaning_tie=self.settings.answer_meaning_tie,
            meaning_tie_candidates=self.settings.answer_meaning_tie_candidates,
            meaning_weak_coverage=self.settings.answer_meaning_weak_coverage,
            meaning_weak_candidates=self.settings.answer_meaning_weak_candidates,
            meaning_weak_margin=self.settings.answer_meaning_weak_margin,
            meaning_by_clause=self.settings.answer_meaning_by_clause,
            meaning_word_tie=self.settings.answer_meaning_word_tie,
            unread_terms_need_meaning=self.settings.answer_unread_terms_need_meaning,
        )
        self.outline = OutlineAnswerer()
        self.verifier = AnswerVerifier()
        self.scoper = ScopeResolver()
        self.router = QueryAnalyzer()
        self.drafter = ScopedDrafter(self.settings, self.extractor, self.outline)
        model = llm if llm is not None else chat_model_from_settings(self.settings)
        self.llm = LLMAnswerer(model, self.settings.llm_timeout_s) if model is not None else None
        # (index version, doc_id) -> LibraryView: what the reports cover changes only with the
        # index, so it is worked out once per snapshot, not on every question.
        self._views: dict[tuple[str | None, str | None], LibraryView] = {}

    def warm_up(self) -> None:
        """Load now what the first question would (the thesaurus; jieba's word list and its
        part-of-speech tags, ~1 s between them, which reading places uses; the reports'
        view), so no resident's question pays it."""
        import jieba

        jieba.initialize()
        part_of_speech("武汉")
        QuestionAnalyzer(self.synonyms).analyze("2024年上半年地区生产总值是多少？")
        if self.library.is_ready:
            with contextlib.suppress(WenbaoError):  # the question itself will tell the reason
                self.understand("2024年上半年地区生产总值是多少？")
                # Every report's lists, read once per report text (~9 ms a report): else the first
                # list question about each report pays for its report's.
                with self.library.consistent_reads():
                    for doc in self._view(None).parsed.values():
                        self.drafter.lists.finder.of(doc)

    @property
    def synonyms(self) -> SynonymLookup:
        if self._synonyms is None:
            self._synonyms = default_synonyms()
        return self._synonyms

    # Built on first use (the thesaurus loads then), once: they hold no per-question state.
    @cached_property
    def frames(self) -> QuestionFrameBuilder:
        return QuestionFrameBuilder(self.synonyms, self.router, self.scoper)

    @cached_property
    def place_comparison(self) -> PlaceComparisonStrategy:
        return PlaceComparisonStrategy(self.drafter, self.frames)

    @cached_property
    def parts(self) -> PartsStrategy:
        s = self.settings
        return PartsStrategy(self.drafter, s.answer_full_coverage, s.answer_parts_one_piece_gap)

    @cached_property
    def year_comparison(self) -> YearComparisonStrategy:
        return YearComparisonStrategy(self.drafter, self.frames)

    def understand(
        self, question: str, history: Sequence[Turn] = (), doc_id: str | None = None
    ) -> QuestionFrame:
        """How the question is read against the stored reports (the frame the answer is made from)."""
        with self.library.consistent_reads():
            return self._frame(self.validate(question), history, self._view(doc_id))

    # --- public ----------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        top_k: int = 5,
        year: int | None = None,
        doc_id: str | None = None,
    ) -> Answer:
        # One index snapshot for the whole answer: the reports it knows of and the passages
        # it searches never straddle an upload's or a delete's swap.
        with self.library.consistent_reads():
            return self._ask(question, history, top_k, year, doc_id)

    def _ask(
        self,
        question: str,
        history: Sequence[Turn],
        top_k: int,
        year: int | None,
        doc_id: str | None,
    ) -> Answer:
        t0 = perf_counter()
        q = self.validate(question)
        top_k = max(1, min(int(top_k), 50))
        view = self._view(doc_id)
        if not view.docs and not self.library.documents():
            return self._no_reports(q, t0)
        ctx = AnswerContext(self.library, view, top_k, self.settings.answer_candidates, year, doc_id)
        frame = self._frame(q, history, view, ctx.embed_ahead)
        scope = frame.scope
        assert scope is not None
        rewritten = scope.text
        if year is not None and not frame.years:
            frame = replace(frame, years=(year,))  # the year the caller asks of, filled in
        draft = self._draft(frame, ctx)
        if draft.answerable and scope.absent:
            _say_absent(draft, scope)
        if draft.answerable and not draft.numbered:
            # The passages quoted come first: the extractive choice reranks what retrieval found,
            # and the reader's [1] is the passage the answer is taken from.
            draft.hits = quoted_first(draft)
        mode, verified, verify_reason = "extractive", True, None
        if self.llm is not None and draft.reason not in _ENTITY_REASONS:
            llm_draft, verify_reason = self._llm_draft(rewritten, draft, top_k)
            if llm_draft is not None:
                draft, mode = llm_draft, "llm"
            else:
                verified = False
        text, citations = self._render(draft, top_k)
        table = _table(draft, citations) if mode == "extractive" else None
        if draft.clarify is not None:
            citations = []  # nothing is answered yet: the options say where to look
        total = (perf_counter() - t0) * 1000
        times = ctx.timer
        retrieve = times.retrieve_ms
        timings = {
            "embed": round(times.embed_ms, 2),
            "retrieve": round(retrieve, 2),
            "answer": round(total - retrieve, 2),
            "total": round(total, 2),
        }
        if times.embed_threads:  # how the embedding ran (ask_bench counts one-thread calls)
            timings["embed_threads"] = times.embed_threads
        return Answer(
            question=q,
            rewritten_question=rewritten,
            answer=text,
            answerable=draft.answerable,
            citations=citations,
            mode=mode,
            verified=verified,
            verify_reason=verify_reason,
            timings_ms=timings,
            ranking=list(draft.hits),
            evidence=draft.evidence,
            clarify=draft.clarify,
            table=table,
        )

    def validate(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise InvalidQuestionError("问题不能为空，请输入要问的内容。")
        q = question.strip()
        limit = self.settings.max_question_chars
        if len(q) > limit:
            raise InvalidQuestionError(f"问题太长（{len(q)}字），请控制在{limit}字以内。")
        # "?", "0", "！！" name nothing to look for: any passage returned would be a guess.
        if not _SEARCHABLE.search(q):
            raise InvalidQuestionError(
                "问题里没有可以查找的内容，请用文字说明想了解什么，例如：2024年上半年地区生产总值是多少？"
            )
        return q

    # --- steps -----------------------------------------------------------------
    def _frame(
        self,
        q: str,
        history: Sequence[Turn],
        view: LibraryView,
        searched: Callable[[str], None] | None = None,
    ) -> QuestionFrame:
        """The question read within its bounds (settings: question_read_chars, history_read_turns);
        ``searched``: see ``QuestionFrameBuilder.build``."""
        limit = self.settings.question_read_chars
        earlier = read_history(history, self.settings.history_read_turns, limit)
        return self.frames.build(read_part(q, limit), earlier, view, searched)

    _VIEWS_KEPT = 64  # views of one snapshot (one per doc_id asked about); more clears the cache

    def _view(self, doc_id: str | None) -> LibraryView:
        key = (self.library.version, doc_id)
        views = self._views
        view = views.get(key)
        if view is None:
            view = self._build_view(doc_id)
            # Copy on write (concurrent requests read the old dict meanwhile); the views of an
            # older index version are never asked for again.
            kept = {k: v for k, v in views.items() if k[0] == key[0]} if len(views) < self._VIEWS_KEPT else {}
            self._views = {**kept, key: view}
        return view

    def _build_view(self, doc_id: str | None) -> LibraryView:
        docs = self.library.documents()
        if doc_id is not None:
            docs = [d for d in docs if d.meta.doc_id == doc_id]
        parsed: dict[str, ParsedDocument] = {}
        for d in docs:
            try:
                parsed[d.meta.doc_id] = self.library.document(d.meta.doc_id)
            except WenbaoError:
                continue  # removed meanwhile
        doc_years = years_by_document(parsed)
        years: set[int] = {d.meta.year for d in docs if d.meta.year is not None}
        for of_doc in doc_years.values():
            years |= of_doc.covered
        places: list[str] = []
        for d in docs:
            places.extend(d.meta.place_names)
        # Longer names first so "鼓楼区" is removed from a question before "鼓楼".
        home = tuple(sorted(dict.fromkeys(places), key=len, reverse=True))
        return LibraryView(docs, tuple(sorted(years)), home, parsed, place_groups(docs), doc_years)

    def _draft(self, frame: QuestionFrame, ctx: AnswerContext) -> Draft:
        """Refusals for places and times no report speaks for, comparisons split by place or
        year, else the strategies over the scoped passages."""
        scope = frame.scope
        query = frame.query
        assert scope is not None and query is not None
        view, year = ctx.view, ctx.year
        if scope.reason == REASON_PLACE:
            return refusal(frame, ctx.search(query, year), REASON_PLACE, scope.refusal or view.describe())
        named = {n for g in scope.places for n in g.names}
        foreign_places = [p for p in frame.places if p not in named and not self._known_place(p, ctx)]
        if foreign_places and not scope.places:
            return refusal(frame, ctx.search(query, year), REASON_PLACE, view.describe())
        if len(scope.places) >= 2 and ctx.doc_id is None:
            # Read as a comparison from here on, also when no place's figure can be compared.
            frame = replace(frame, intent=INTENT_COMPARISON)
            compared = self.place_comparison.draft(frame, ctx)
            if compared is not None:
                return compared
        ctx.doc_ids = scope.doc_ids
        if scope.reason == REASON_YEAR:
            # No report speaks for that time; a passage may still name the year ("2020年接收的…"),
            # but not a half-year of it that no report covers.
            hits = ctx.search(query, year)
            if scope.final or frame.half is not None:
                return refusal(frame, hits, REASON_YEAR, scope.refusal or view.describe())
            reading = self.drafter.reading(frame, query, hits, ctx, year, list(frame.years))
            ext = reading.extraction()
            if not ext.answerable or not _names_span(ext.chunk, frame, scope):
                return refusal(frame, hits, REASON_YEAR, scope.refusal or view.describe())
            return Draft(self.drafter.quote.parts(reading, ext), True, hits)
        ctx.cover_years = frozenset(scope.years) if scope.years and year is None else None
        doc_years = [y for y in frame.years if y in view.years]
        foreign_years = [y for y in frame.years if y not in view.years]

        compare_years = doc_years if len(doc_years) >= 2 else []
        if not compare_years and frame.compare and not frame.years and len(view.years) >= 2:
            delivered = sorted({d.meta.year for d in view.docs if d.meta.year is not None})
            compare_years = delivered if len(delivered) >= 2 else []
        if compare_years and year is None and not frame.parts:
            frame = replace(frame, intent=INTENT_COMPARISON)
            # The years' restated questions embedded together, in one call.
            ctx.prefetch([year_question(frame, y) for y in sorted(compare_years)])
            return self.year_comparison.draft(frame, compare_years, ctx)

        search_year = year if year is not None else (doc_years[0] if len(doc_years) == 1 else None)
        hits = ctx.search(query, search_year)
        asked_back = self._clarification(frame, ctx, hits)
        if asked_back is not None:
            return asked_back
        lead = self._settle_place(ctx, scope, hits)
        if lead:
            hits = [h for h in hits if ctx.doc_ids is None or h.chunk.doc_id in ctx.doc_ids]
        reading = self.drafter.reading(frame, query, hits, ctx, search_year, foreign_years)
        draft = self.parts.draft(reading) or self.drafter.draft(reading)
        if draft.answerable:
            draft.lead = lead
        elif frame.sub_places and len(draft.parts) == 1 and draft.parts[0].chunk is None:
            # A city or county inside a stored place, its figure not stated: say which places the
            # base holds, so the reader knows where the answer could come from.
            places = "、".join(frame.sub_places)
            draft.parts[0].text += f"现有报告中没有{places}的报告。{view.describe()}"
        return draft

    def _no_reports(self, question: str, t0: float) -> Answer:
        """A knowledge base created but given no report yet: a refusal that says so."""
        kb = self.library.settings.kb
        where = "知识库" if kb == DEFAULT_KB else f"知识库“{kb}”"
        total = round((perf_counter() - t0) * 1000, 2)
        return Answer(
            question=question,
            rewritten_question=question,
            answer=f"{where}中还没有报告，无法回答：请先上传报告，再来提问。",
            answerable=False,
            citations=[],
            timings_ms={"embed": 0.0, "retrieve": 0.0, "answer": total, "total": total},
        )

    def _clarification(self, frame: QuestionFrame, ctx: AnswerContext, hits: list[Hit]) -> Draft | None:
        """No place named (nor carried by the conversation, nor a report chosen) in a base of
        several places, and the passages of two or more of them state what is asked: ask which
        place is meant, never answer from one of them as a guess."""
        scope = frame.scope
        assert scope is not None
        if scope.places or ctx.doc_id is not None or len(ctx.view.groups) < 2 or not frame.terms:
            return None
        if frame.sub_places:
            return None  # a place is named, one inside a stored place: nothing to ask back
        places = self._places_answering(frame, ctx, hits)
        if len(places) < 2:
            return None
        rewriter = FollowupRewriter(QuestionAnalyzer(self.synonyms, ctx.view.home_places), ctx.view.groups)
        asked = [Turn("user", scope.text)]
        options = [ClarifyOption(g.key, rewriter.rewrite(g.key, asked)) for g in places]
        names = "、".join(g.key for g in places)
        question = "您问的是哪个地方？"
        text = f"{question}现有{names}的报告都谈到这个问题，请说明地方，例如：{options[0].question}"
        draft = Draft([Part(text)], False, hits, REASON_CLARIFY)
        draft.clarify = Clarification(question, options)
        return draft

    def _places_answering(
        self, frame: QuestionFrame, ctx: AnswerContext, hits: list[Hit]
    ) -> list[PlaceGroup]:
        """The places whose passages among ``hits`` carry the question's key terms, best first."""
        threshold = self.settings.clarify_place_coverage
        rank: dict[str, int] = {}  # report -> rank of its first passage that covers the terms
        for i, h in enumerate(hits[: ctx.depth]):
            text = "".join(h.chunk.heading_path) + h.chunk.text
            if (coverage(frame.terms, text) or 0.0) >= threshold:
                rank.setdefault(h.chunk.doc_id, i)
        groups = [g for g in ctx.view.groups if ctx.doc_ids is None or g.doc_ids & ctx.doc_ids]
        found = [(min(rank[d] for d in g.doc_ids if d in rank), g) for g in groups if g.doc_ids & rank.keys()]
        return [g for _, g in sorted(found, key=lambda x: x[0])]

    def _settle_place(self, ctx: AnswerContext, scope: QuestionScope, hits: list[Hit]) -> str:
        """No place named in a corpus of several: answer from the place of the best passage, and
        say which report that is."""
        if scope.places or ctx.doc_id is not None or len(ctx.view.groups) < 2 or not hits:
            return ""
        top = hits[0].chunk.doc_id
        group = next((g for g in ctx.view.groups if top in g.doc_ids), None)
        if group is None:
            return ""
        ctx.doc_ids = group.doc_ids if ctx.doc_ids is None else ctx.doc_ids & group.doc_ids
        doc = ctx.view.parsed.get(top)
        return report_label(doc) if doc is not None else group.key

    def _known_place(self, place: str, ctx: AnswerContext) -> bool:
        """A district named in a title, or a place the reports mention (e.g. a sub-area)."""
        view = ctx.view
        if any(place in d.meta.title for d in view.docs) or place in view.home_places:
            return True
        return any(place in doc.text or zone_named(place, doc.text) for doc in view.parsed.values())

    # --- the optional LLM --------------------------------------------------------
    def _llm_draft(self, question: str, draft: Draft, top_k: int) -> tuple[Draft | None, str | None]:
        """The model's answer over the passages (the extractive evidence first), or None and the
        reason it was not used."""
        assert self.llm is not None
        cited = [p.chunk for p in draft.parts if p.chunk is not None]
        chunks = _unique_chunks([*cited, *(h.chunk for h in draft.hits)])[: max(top_k, len(cited))]
        try:
            text = self.llm.generate(question, chunks)
        except LLMUnavailableError as exc:
            return None, exc.message
        reason = self.verifier.verify(text, self.llm.passages(chunks), question)
        if reason is not None:
            return None, reason
        if is_refusal(text) and draft.answerable:
            return None, "大模型说段落中没有答案，但原文中找到了，保留原文摘录"
        hits = [Hit(c, _score_of(c, draft.hits)) for c in chunks]
        return Draft([Part(text)], not is_refusal(text), hits, numbered=True), None

    # --- rendering -------------------------------------------------------------
    def _render(self, draft: Draft, top_k: int) -> tuple[str, list[Citation]]:
        cited = [p.chunk for p in draft.parts if p.chunk is not None]
        cited_ids = {c.chunk_id for c in cited}
        pool: list[tuple[Chunk, float]] = []
        seen: set[str] = set()
        for h in draft.hits:
            if h.chunk.chunk_id not in seen:
                seen.add(h.chunk.chunk_id)
                pool.append((h.chunk, h.score))
        for c in cited:
            if c.chunk_id not in seen:
                seen.add(c.chunk_id)
                pool.append((c, 0.0))
        limit = len(pool) if draft.numbered else top_k
        chosen = [(c, s) for i, (c, s) in enumerate(pool) if i < limit or c.chunk_id in cited_ids]
        citations = [Citation(n=i + 1, chunk=c, score=float(s)) for i, (c, s) in enumerate(chosen)]
        number = {c.chunk.chunk_id: c.n for c in citations}
        pieces = []
        for p in draft.parts:
            body = p.text.rstrip("。；;，, ")
            if p.chunk is not None:
                pieces.append(f"{p.prefix}{body}[{number[p.chunk.chunk_id]}]")
            else:
                pieces.append(f"{p.prefix}{body}")
        if len(draft.parts) == 1 and draft.parts[0].chunk is None:
            text = draft.parts[0].text  # a refusal or an LLM answer: as written
        else:
            text = "；".join(pieces) + "。"
        if draft.lead:
            text = f"{draft.lead}：{text}"
        return text, citations


def _names_span(chunk: Chunk | None, frame: QuestionFrame, scope: QuestionScope) -> bool:
    """A stretch of years asked by its plan's name ("“十三五”期间…") that no report covers is
    answered only by a passage that speaks of it: one naming the plan or one of its years, not
    the figure of another year or plan ("城镇新增就业107万人" of 2025)."""
    if frame.years or not scope.years or chunk is None:
        return True  # one year asked: the quote must name it (the extractor's foreign years)
    return names_years(" ".join((*chunk.heading_path, chunk.text)), scope.years)


def _say_absent(draft: Draft, scope: QuestionScope) -> None:
    """Places asked beside stored ones that no stored report is of: said, and a row each; the one
    stored place's answer says whose it is."""
    absent = [p for p in scope.absent if all(r.label != p for r in draft.rows)]
    if not draft.rows and len(scope.places) == 1 and draft.parts and draft.parts[0].chunk is not None:
        draft.parts[0].prefix = f"{scope.places[0].key}：{draft.parts[0].prefix}"
    draft.parts.append(Part(f"现有报告中没有{'、'.join(absent)}的报告", None, ""))
    if draft.rows:
        draft.rows.extend(PlaceRow(p, stored=False) for p in absent)


def _table(draft: Draft, citations: Sequence[Citation]) -> AnswerTable | None:
    """The across-places rows with their cells' citation numbers (the same numbers the text uses)."""
    if not draft.rows:
        return None
    number = {c.chunk.chunk_id: c.n for c in citations}
    rows = [
        AnswerTableRow(r.label, r.value, number.get(r.chunk.chunk_id) if r.chunk else None, r.stored)
        for r in draft.rows
    ]
    return AnswerTable(rows, draft.note)


REASON_CLARIFY = "没有说明是哪个地方"
_ENTITY_REASONS = {REASON_PLACE, REASON_YEAR, REASON_CLARIFY}


def _unique_chunks(chunks: Sequence[Chunk | None]) -> list[Chunk]:
    out: list[Chunk] = []
    seen: set[str] = set()
    for c in chunks:
        if c is not None and c.chunk_id not in seen:
            seen.add(c.chunk_id)
            out.append(c)
    return out


def _score_of(chunk: Chunk, hits: Sequence[Hit]) -> float:
    return next((h.score for h in hits if h.chunk.chunk_id == chunk.chunk_id), 0.0)


def quoted_first(draft: Draft) -> list[Hit]:
    quoted = _unique_chunks([p.chunk for p in draft.parts])
    ids = {c.chunk_id for c in quoted}
    by_id = {h.chunk.chunk_id: h for h in draft.hits}
    head = [by_id.get(c.chunk_id) or Hit(c, 0.0) for c in quoted]
    return head + [h for h in draft.hits if h.chunk.chunk_id not in ids]
