"""``ReportAnswerer``: question (+ history) -> Answer with exact quotes and citations.

The steps: validate, rewrite a follow-up into a standalone question, check the
years and districts asked for against the stored reports, retrieve (per year
for a two-year comparison), answer from the outline for questions about the
report's structure, otherwise quote the sentence or clause that answers;
refuse when the evidence is not there. An optional LLM may phrase the answer,
but only a verified LLM answer replaces the extractive one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from time import perf_counter
from typing import TYPE_CHECKING

from wenbao.answering.extractive import Extraction, ExtractiveAnswerer, ScoredPiece, coverage
from wenbao.answering.figures import describe_change
from wenbao.answering.followup import FollowupRewriter
from wenbao.answering.history import Turn
from wenbao.answering.llm import LLMAnswerer, chat_model_from_settings
from wenbao.answering.outline import OutlineAnswer, OutlineAnswerer, first_chunk, walk
from wenbao.answering.question import AMOUNT_Q, FACT_Q, LIST_Q, WHEN_Q, WHO_Q, QuestionAnalyzer, QuestionFrame
from wenbao.answering.scope import (
    REASON_PLACE,
    REASON_YEAR,
    PlaceGroup,
    QuestionScope,
    ScopeResolver,
    asked_half,
    covered_years,
    describe_coverage,
    place_groups,
    report_label,
)
from wenbao.answering.synonyms import SynonymLookup, default_synonyms
from wenbao.answering.verify import AnswerVerifier, is_refusal
from wenbao.documents import Answer, Chunk, Citation, DocumentInfo, Hit, ParsedDocument, SearchScope
from wenbao.errors import InvalidQuestionError, LLMUnavailableError, WenbaoError
from wenbao.index.query import QueryAnalyzer as RoutingAnalyzer
from wenbao.settings import Settings, get_settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from wenbao.index.library import ReportLibrary


@dataclass
class Part:
    """One piece of the answer text; ``chunk`` is what its marker cites."""

    text: str
    chunk: Chunk | None = None
    prefix: str = ""


@dataclass
class Draft:
    parts: list[Part]
    answerable: bool
    hits: list[Hit] = field(default_factory=list)  # closest passages, rank order
    reason: str | None = None
    numbered: bool = False  # the text's markers already number ``hits`` (an LLM answer): keep them all
    lead: str = ""  # which report answers, when the question named no place in a corpus of several


@dataclass
class CallContext:
    """Per-call state (the answerer is shared by concurrent requests)."""

    view: LibraryView
    top_k: int
    year: int | None
    doc_id: str | None
    retrieve_ms: float = 0.0
    doc_ids: frozenset[str] | None = None  # the reports the question is scoped to (None: all)
    cover_years: frozenset[int] | None = None  # the times it asks about (passages covering them)


@dataclass
class LibraryView:
    """What the stored reports are about: their years and their districts."""

    docs: list[DocumentInfo]
    years: tuple[int, ...]  # every year a part of a report covers (or a report was delivered in)
    home_places: tuple[str, ...]
    parsed: dict[str, ParsedDocument] = field(default_factory=dict)
    groups: list[PlaceGroup] = field(default_factory=list)

    def describe(self) -> str:
        return describe_coverage(list(self.parsed.values()))


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
        self.extractor = ExtractiveAnswerer()
        self.outline = OutlineAnswerer()
        self.verifier = AnswerVerifier()
        self.router = RoutingAnalyzer()  # the index layer's structural routing (front matter, sections)
        self.scoper = ScopeResolver()
        model = llm if llm is not None else chat_model_from_settings(self.settings)
        self.llm = LLMAnswerer(model, self.settings.llm_timeout_s) if model is not None else None

    def warm_up(self) -> None:
        """Load the thesaurus and jieba's dictionary now rather than on the first question."""
        QuestionAnalyzer(self.synonyms).analyze("2024年上半年地区生产总值是多少？")

    @property
    def synonyms(self) -> SynonymLookup:
        if self._synonyms is None:
            self._synonyms = default_synonyms()
        return self._synonyms

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
        analyzer = QuestionAnalyzer(self.synonyms, view.home_places)
        rewritten = FollowupRewriter(analyzer).rewrite(q, history)
        scope = self.scoper.resolve(rewritten, view.docs, view.parsed)
        rewritten = scope.text  # relative time resolved: "去年" → "2025年"
        frame = analyzer.analyze(rewritten)
        if year is not None and not frame.years:
            frame.years = (year,)
        ctx = CallContext(view, top_k, year, doc_id)
        draft = self._draft(frame, rewritten, ctx, scope)
        mode, verified, verify_reason = "extractive", True, None
        if self.llm is not None and draft.reason not in _ENTITY_REASONS:
            llm_draft, verify_reason = self._llm_draft(rewritten, draft, top_k)
            if llm_draft is not None:
                draft, mode = llm_draft, "llm"
            else:
                verified = False
        text, citations = self._render(draft, top_k)
        total = (perf_counter() - t0) * 1000
        retrieve = ctx.retrieve_ms
        return Answer(
            question=q,
            rewritten_question=rewritten,
            answer=text,
            answerable=draft.answerable,
            citations=citations,
            mode=mode,
            verified=verified,
            verify_reason=verify_reason,
            timings_ms={
                "retrieve": round(retrieve, 2),
                "answer": round(total - retrieve, 2),
                "total": round(total, 2),
            },
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
    def _view(self, doc_id: str | None) -> LibraryView:
        docs = self.library.documents()
        if doc_id is not None:
            docs = [d for d in docs if d.meta.doc_id == doc_id]
        parsed: dict[str, ParsedDocument] = {}
        for d in docs:
            try:
                parsed[d.meta.doc_id] = self.library.document(d.meta.doc_id)
            except WenbaoError:
                continue  # removed meanwhile
        years: set[int] = {d.meta.year for d in docs if d.meta.year is not None}
        for doc in parsed.values():
            years |= covered_years(doc)
        places: list[str] = []
        for d in docs:
            places.extend(d.meta.place_names)
        # Longer names first so "鼓楼区" is removed from a question before "鼓楼".
        home = tuple(sorted(dict.fromkeys(places), key=len, reverse=True))
        return LibraryView(docs, tuple(sorted(years)), home, parsed, place_groups(docs))

    def _search(self, ctx: CallContext, query: str, top_k: int, year: int | None) -> list[Hit]:
        """Search the reports the question is scoped to; ``year``: only passages covering it."""
        t = perf_counter()
        doc_ids = ctx.doc_ids
        if ctx.doc_id is not None:
            doc_ids = frozenset({ctx.doc_id}) if doc_ids is None else doc_ids & {ctx.doc_id}
        years = frozenset({year}) if year is not None else ctx.cover_years
        scope = SearchScope(doc_ids, years) if doc_ids is not None or years is not None else None
        try:
            return self.library.search(query, top_k=top_k, scope=scope)
        finally:
            ctx.retrieve_ms += (perf_counter() - t) * 1000

    def _draft(self, frame: QuestionFrame, rewritten: str, ctx: CallContext, scope: QuestionScope) -> Draft:
        view, year = ctx.view, ctx.year
        k = max(ctx.top_k, 8)  # read a few more passages than are shown
        if scope.reason == REASON_PLACE:
            hits = self._search(ctx, rewritten, k, year)
            return self._refusal(frame, hits, REASON_PLACE, scope.refusal or view.describe())
        named = {n for g in scope.places for n in g.names}
        foreign_places = [p for p in frame.places if p not in named and not self._known_place(p, ctx)]
        if foreign_places and not scope.places:
            hits = self._search(ctx, rewritten, k, year)
            return self._refusal(frame, hits, REASON_PLACE, view.describe())
        if len(scope.places) >= 2 and ctx.doc_id is None:
            return self._compare_places(frame, scope, ctx)
        ctx.doc_ids = scope.doc_ids
        if scope.reason == REASON_YEAR:
            # No report speaks for that time; a passage may still name the year ("2020年接收的…"),
            # but not a half-year of it that no report covers.
            hits = self._search(ctx, rewritten, k, year)
            if asked_half(rewritten) is not None:
                return self._refusal(frame, hits, REASON_YEAR, scope.refusal or view.describe())
            ext = self.extractor.extract(frame, hits, list(frame.years))
            if not ext.answerable:
                return self._refusal(frame, hits, REASON_YEAR, scope.refusal or view.describe())
            return self._single(frame, ext, hits, ctx, year)
        ctx.cover_years = frozenset(scope.years) if scope.years and year is None else None
        doc_years = [y for y in frame.years if y in view.years]
        foreign_years = [y for y in frame.years if y not in view.years]

        compare_years = doc_years if len(doc_years) >= 2 else []
        if not compare_years and frame.compare and not frame.years and len(view.years) >= 2:
            delivered = sorted({d.meta.year for d in view.docs if d.meta.year is not None})
            compare_years = delivered if len(delivered) >= 2 else []
        if compare_years and year is None:
            return self._compare(frame, compare_years, ctx)

        search_year = year if year is not None else (doc_years[0] if len(doc_years) == 1 else None)
        hits = self._search(ctx, rewritten, k, search_year)
        lead = self._settle_place(ctx, scope, hits)
        if lead:
            hits = [h for h in hits if ctx.doc_ids is None or h.chunk.doc_id in ctx.doc_ids]
        draft = self._draft_from_hits(frame, rewritten, ctx, hits, search_year, foreign_years)
        if draft.answerable:
            draft.lead = lead
        return draft

    def _settle_place(self, ctx: CallContext, scope: QuestionScope, hits: list[Hit]) -> str:
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

    def _draft_from_hits(
        self,
        frame: QuestionFrame,
        rewritten: str,
        ctx: CallContext,
        hits: list[Hit],
        search_year: int | None,
        foreign_years: list[int],
    ) -> Draft:
        front = self._front_matter(frame, rewritten, hits, ctx, search_year)
        if front is not None:
            return Draft([front], True, hits)
        structure = self._structure(frame, rewritten, ctx, search_year)
        if structure is not None:
            return self._outline_draft(structure, hits)
        hits = hits + self._heading_matches(frame, hits, ctx, search_year)
        ext = self.extractor.extract(frame, hits, foreign_years)
        if frame.aspect in (LIST_Q, AMOUNT_Q):
            listed = self.outline.heading_list(frame, self._documents(ctx, search_year))
            if listed is not None and (
                not ext.answerable or (ext.best and (ext.best.coverage or 0) < listed.score)
            ):
                return self._outline_draft(listed, hits)
        if not ext.answerable:
            return self._refusal(frame, hits, ext.reason or "证据不足", "")
        return self._single(frame, ext, hits, ctx, search_year)

    def _compare_places(self, frame: QuestionFrame, scope: QuestionScope, ctx: CallContext) -> Draft:
        """``上海和四川2025年GDP分别是多少``: one answer per place, each cited from its own report."""
        parts: list[Part] = []
        all_hits: list[list[Hit]] = []
        query = _place_free_question(scope.text, scope.places)
        years = frozenset(scope.years) if scope.years else None
        for group in scope.places:
            sub = replace(ctx, doc_ids=group.doc_ids, cover_years=years)
            hits = self._search(sub, query, max(ctx.top_k, 8), None)
            all_hits.append(hits)
            draft = self._draft_from_hits(frame, query, sub, hits, None, [])
            label = f"{group.key}："
            if draft.answerable and draft.parts and draft.parts[0].chunk is not None:
                first = draft.parts[0]
                parts.append(Part(first.text, first.chunk, label + first.prefix))
                parts.extend(draft.parts[1:2])
            else:
                parts.append(Part(f"{group.key}的报告中没有找到相关内容", None, ""))
        if not any(p.chunk for p in parts):
            return self._refusal(frame, _interleave(all_hits), "各地的报告都没有相应内容", "")
        return Draft(parts, True, _interleave(all_hits))

    def _single(
        self,
        frame: QuestionFrame,
        ext: Extraction,
        hits: list[Hit],
        ctx: CallContext,
        year: int | None,
    ) -> Draft:
        assert ext.best is not None
        parts = [Part(ext.best.quote, ext.best.piece.chunk)]
        second = self._second_piece(frame, ext)
        if second is not None:
            parts.append(Part(second.quote, second.piece.chunk))
        if frame.aspect == LIST_Q:
            items = self._announced_items(ext.best, ctx)
            if items:
                parts[0] = Part(f"{ext.best.quote.rstrip('：:')}：{items}", ext.best.piece.chunk)
        return Draft(parts, True, hits)

    def _second_piece(self, frame: QuestionFrame, ext: Extraction) -> ScoredPiece | None:
        """A second sentence when the question asks for two things the best one lacks
        (a list that runs on, or a fact question whose best sentence is short)."""
        best = ext.best
        if best is None or frame.is_figure_question or best.coverage is None:
            return None
        if frame.aspect not in (LIST_Q, FACT_Q) or best.coverage >= 0.99:
            return None
        best_text = best.piece.text
        for sp in ext.ranked[1:6]:
            if sp.piece.chunk.chunk_id != best.piece.chunk.chunk_id or sp.piece.level != "sentence":
                continue
            if sp.piece.text in best_text or best_text in sp.piece.text:
                continue
            if (sp.coverage or 0) >= best.coverage * 0.8 and len(best.quote) + len(sp.quote) < 160:
                return sp
        return None

    def _announced_items(self, best: ScoredPiece, ctx: CallContext) -> str:
        """ "重点做好以下五个方面的工作：" is followed by headings, not sentences: list them."""
        quote = best.piece.text.strip()
        if not re.search(r"[：:]$|以下|如下", quote):
            return ""
        chunk = best.piece.chunk
        for doc in self._documents(ctx, chunk.year, chunk.doc_id):
            for node in walk(doc):
                if node.titles == chunk.heading_path and node.section.children:
                    return "；".join(f"{c.number}{c.title}" for c in node.section.children)
        return ""

    def _compare(self, frame: QuestionFrame, years: Sequence[int], ctx: CallContext) -> Draft:
        """One quote per year, each cited from that year's report, and the difference."""
        parts: list[Part] = []
        all_hits: list[list[Hit]] = []
        found: list[tuple[int, Extraction, QuestionFrame]] = []
        for y in sorted(years):
            yframe = replace(frame, years=(y,), compare=False)
            query = _year_question(frame, y)
            hits = self._search(ctx, query, max(ctx.top_k, 8), y)
            all_hits.append(hits)
            front = self._front_matter(yframe, query, hits, ctx, y)
            if front is not None:
                front.prefix = f"{y}年："
                parts.append(front)
                continue
            structure = self._structure(yframe, query, ctx, y)
            if structure is not None:
                parts.append(Part(_outline_text(structure), structure.chunk, f"{y}年："))
                continue
            ext = self.extractor.extract(yframe, hits)
            label = f"{y}年{frame.period or ''}："
            if ext.answerable and ext.best is not None:
                parts.append(Part(ext.best.quote, ext.best.piece.chunk, label))
                found.append((y, ext, yframe))
            else:
                parts.append(Part(f"报告中没有找到关于{yframe.describe()}的信息", None, ""))
        if not any(p.chunk for p in parts):
            merged = _interleave(all_hits)
            return self._refusal(frame, merged, "两年的报告都没有相应内容", "")
        if len(found) == 2:
            (y1, e1, f1), (y2, e2, f2) = found
            a, b = e1.main_figure(f1), e2.main_figure(f2)
            change = describe_change(a, b) if a and b else None
            if change:
                parts.append(Part(f"{y2}年{frame.period or ''}比{y1}年{frame.period or ''}{change}"))
        return Draft(parts, True, _interleave(all_hits))

    def _structure(
        self, frame: QuestionFrame, question: str, ctx: CallContext, year: int | None
    ) -> OutlineAnswer | None:
        if frame.aspect not in ("section", LIST_Q, FACT_Q):
            return None
        return self.outline.section_answer(frame, question, self._documents(ctx, year))

    def _heading_matches(
        self, frame: QuestionFrame, hits: list[Hit], ctx: CallContext, year: int | None, limit: int = 3
    ) -> list[Hit]:
        """Paragraphs under a heading the question names ("“全域创新”枢纽工程…由哪个区域承担"):
        the heading says what the paragraph is about even when the paragraph does not repeat it."""
        if not frame.terms:
            return []
        have = {h.chunk.chunk_id for h in hits}
        found: list[tuple[float, Chunk]] = []
        for doc in self._documents(ctx, year):
            for node in walk(doc):
                score = coverage(frame.terms, node.section.title) or 0.0
                if score < 0.7:
                    continue
                chunk = first_chunk(doc, node)
                if chunk is not None and chunk.chunk_id not in have:
                    have.add(chunk.chunk_id)
                    found.append((score, chunk))
        found.sort(key=lambda x: -x[0])
        return [Hit(c, 0.0, {"bm25": None, "dense": None}) for _, c in found[:limit]]

    def _front_matter(
        self, frame: QuestionFrame, question: str, hits: list[Hit], ctx: CallContext, year: int | None
    ) -> Part | None:
        """Who gave the report, when, at which meeting. The title page is metadata, not a
        paragraph: a front-matter paragraph is quoted when it answers ("受区人民政府委托"),
        otherwise the answer states the metadata and cites the report's opening."""
        asks_front = self.router.analyze(question).intent == "front" or (
            frame.aspect in (WHO_Q, WHEN_Q) and "报告" in question
        )
        if not asks_front:
            return None
        docs = self._documents(ctx, year)
        if len(docs) != 1:
            docs = [d for d in docs if any(h.chunk.doc_id == d.meta.doc_id for h in hits[:1])]
        if not docs:
            return None
        doc = docs[0]
        front = [Hit(c, 1.0) for c in doc.chunks if not c.heading_path]
        if front and frame.terms:
            ext = self.extractor.extract(frame, front)
            # Quoted only when the paragraph has every key term ("受谁委托"), else the metadata.
            if ext.answerable and ext.best is not None and (ext.best.coverage or 0) >= 0.99:
                return Part(ext.best.quote, ext.best.piece.chunk)
        m = doc.meta
        if not (m.speaker or m.date or m.meeting):
            return None
        opening = front[0].chunk if front else (doc.chunks[0] if doc.chunks else None)
        when = _date_cn(m.date)
        text = f"{m.role or ''}{m.speaker or ''}" + (f"，{when}" if when else "")
        if m.meeting:
            text += f"在{m.meeting}上作的报告"
        return Part(text.strip("，"), opening)

    def _documents(
        self, ctx: CallContext, year: int | None, doc_id: str | None = None
    ) -> list[ParsedDocument]:
        """The scoped reports; ``year``: those with a part covering it (or delivered in it)."""
        doc_id = doc_id or ctx.doc_id
        out = []
        for info in ctx.view.docs:
            d = info.meta.doc_id
            if doc_id is not None and d != doc_id:
                continue
            if ctx.doc_ids is not None and d not in ctx.doc_ids:
                continue
            doc = ctx.view.parsed.get(d)
            if doc is None:
                continue  # removed meanwhile: answer from the others
            if year is not None and info.meta.year != year and year not in covered_years(doc):
                continue
            out.append(doc)
        return out

    def _known_place(self, place: str, ctx: CallContext) -> bool:
        """A district named in a title, or a place the reports mention (e.g. a sub-area)."""
        view = ctx.view
        if any(place in d.meta.title for d in view.docs) or place in view.home_places:
            return True
        return any(place in doc.text for doc in view.parsed.values())

    def _outline_draft(self, found: OutlineAnswer, hits: list[Hit]) -> Draft:
        if found.item_chunks:
            # Each item is its own paragraph: quote each with its own citation.
            parts = [Part(c.text.strip(), c) for c in found.item_chunks]
            parts[0].prefix = f"{found.lead}："
            return Draft(parts, True, hits)
        return Draft([Part(_outline_text(found), found.chunk)], True, hits)

    def _refusal(self, frame: QuestionFrame, hits: list[Hit], reason: str, note: str) -> Draft:
        text = f"报告中没有找到关于{frame.describe()}的信息。{note}".strip()
        return Draft([Part(text)], False, hits, reason)

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


_ENTITY_REASONS = {REASON_PLACE, REASON_YEAR}


def _date_cn(iso: str | None) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日" if m else ""


def _outline_text(found: OutlineAnswer) -> str:
    if found.quote:
        return f"{found.lead}：{found.quote.rstrip('。')}"
    return found.lead


def _place_free_question(text: str, places: Sequence[PlaceGroup]) -> str:
    """The question without the places it compares ("上海和四川2025年GDP分别是多少" → "2025年GDP是多少")."""
    for name in sorted({n for g in places for n in g.names}, key=len, reverse=True):
        text = text.replace(name, "")
    text = re.sub(r"^[和与及、，,跟同]+|(?<=[年])[和与及、，,跟同]+", "", text)
    return re.sub(r"分别|各自|各是", "", text)


def _year_question(frame: QuestionFrame, year: int) -> str:
    topic = frame.topic or frame.body
    aspect = frame.aspect_text
    aspect = re.sub(r"^(分别|各自)", "", aspect)
    return f"{year}年{frame.period or ''}{topic}{aspect}"


def _interleave(lists: Sequence[Sequence[Hit]]) -> list[Hit]:
    out: list[Hit] = []
    seen: set[str] = set()
    for i in range(max((len(x) for x in lists), default=0)):
        for hits in lists:
            if i < len(hits) and hits[i].chunk.chunk_id not in seen:
                seen.add(hits[i].chunk.chunk_id)
                out.append(hits[i])
    return out


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
