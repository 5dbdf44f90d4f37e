"""The typed objects passed between the answering steps: what the library holds (``LibraryView``),
where one question may look (``AnswerContext``), and what a strategy proposes (``Draft``)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from time import perf_counter
from typing import TYPE_CHECKING

import numpy as np

from wenbao.answering.answerability import AnswerEvidence
from wenbao.answering.scope import DocumentYears, PlaceGroup, describe_coverage
from wenbao.documents import Chunk, Clarification, DocumentInfo, Hit, ParsedDocument, SearchScope
from wenbao.index.query import ParsedQuery
from wenbao.index.retriever import interleave as retriever_interleave

if TYPE_CHECKING:
    from wenbao.index.embedders import Embedder, QueriesEmbedded
    from wenbao.index.library import ReportLibrary


@dataclass
class Part:
    """One piece of the answer text; ``chunk`` is what its marker cites."""

    text: str
    chunk: Chunk | None = None
    prefix: str = ""


@dataclass
class PlaceRow:
    """One place's row of an across-places answer; ``chunk`` is what its cell cites (None: not stated)."""

    label: str
    value: str = ""
    chunk: Chunk | None = None
    stored: bool = True  # False: no stored report is of this place


@dataclass
class Draft:
    parts: list[Part]
    answerable: bool
    hits: list[Hit] = field(default_factory=list)  # closest passages, rank order
    reason: str | None = None
    numbered: bool = False  # the text's markers already number ``hits`` (an LLM answer): keep them all
    lead: str = ""  # which report answers, when the question named no place in a corpus of several
    evidence: AnswerEvidence | None = None  # what the main quote's answerability was judged on
    clarify: Clarification | None = None  # asked back: which place the question is about
    rows: list[PlaceRow] = field(default_factory=list)  # an across-places answer, one row per place
    note: str = ""  # what the rows show together ("按数值比较，海南省最高（6%）")


@dataclass
class LibraryView:
    """What the stored reports are about: their places and the years their parts cover."""

    docs: list[DocumentInfo]
    years: tuple[int, ...]  # every year a part of a report covers (or a report was delivered in)
    home_places: tuple[str, ...]
    parsed: dict[str, ParsedDocument] = field(default_factory=dict)
    groups: list[PlaceGroup] = field(default_factory=list)
    doc_years: dict[str, DocumentYears] = field(default_factory=dict)  # per parsed report

    def describe(self) -> str:
        return describe_coverage(list(self.parsed.values()))


class SentenceVectors:
    """Passage embeddings of the short texts the meaning stage weighs (a quote, a sentence),
    kept per embedder and text. The same sentences come back across questions (a report has a
    few thousand) and within one (two tie orders, the judge), so a running service embeds each
    about once; embedding one costs 10-100 ms, more than the rest of the answer stage."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()
        # Made ahead for an index version (answering.sentence_fill), per source (a knowledge
        # base's folder): (embedder name, text -> vector); never cleared by the bound above.
        self._filled: dict[str, tuple[str, dict[str, np.ndarray]]] = {}
        self._filled_now: tuple[tuple[str, dict[str, np.ndarray]], ...] = ()
        self.made = 0  # texts embedded when a question asked for them (counted for tests, benchmarks)

    def publish(self, source: str, embedder_name: str, vectors: dict[str, np.ndarray]) -> None:
        """``vectors`` (filled on by the caller as it goes) answer for ``source`` from now on,
        in place of what it published before."""
        with self._lock:
            self._filled[source] = (embedder_name, vectors)
            self._filled_now = tuple(self._filled.values())

    def _kept(self, name: str, text: str) -> np.ndarray | None:
        for filled_by, vectors in self._filled_now:
            if filled_by == name:
                found = vectors.get(text)
                if found is not None:
                    return found
        return self._vectors.get((name, text))

    def get(self, embedder: Embedder, text: str) -> np.ndarray:
        return self.get_many(embedder, [text])[0]

    def get_many(self, embedder: Embedder, texts: Sequence[str]) -> list[np.ndarray]:
        """The texts' vectors, those not kept yet made in one call: the engine gives each text of
        a call a thread of its own, where one short text keeps two threads waiting on each other
        (issue 29: 4 short sentences in one call cost about half of 4 calls of one). A text's
        vector is the same alone or in a call with others."""
        name = embedder.name
        found: dict[str, np.ndarray] = {}
        for text in texts:
            kept = self._kept(name, text)
            if kept is not None:
                found[text] = kept
        todo = list(dict.fromkeys(t for t in texts if t not in found))
        if todo:
            made = embedder.embed_passages(todo)
            with self._lock:
                self.made += len(todo)
                if len(self._vectors) + len(todo) > self.size:
                    self._vectors.clear()  # bounded; a full cache refills with what is asked now
                for text, vector in zip(todo, made, strict=True):
                    self._vectors[(name, text)] = found[text] = vector
        return [found[t] for t in texts]


# Sentences of the passages read: a few thousand per report, 1.5 KiB each.
SENTENCE_VECTORS = SentenceVectors(size=20_000)


@dataclass(frozen=True)
class QuestionMeaning:
    """The cosine of a question's query embedding (already made for the search) and a text's
    passage embedding, made when asked (a quote the judge doubts, sentences scored alike);
    ``many`` makes the texts' embeddings together. Their time is the answer stage's
    (``RequestTimes.sentences_ms``), never the query embedding's, which is part of retrieval."""

    vector: np.ndarray
    embedder: Embedder
    timer: RequestTimes

    def __call__(self, text: str) -> float | None:
        return self.many([text])[0]

    def many(self, texts: Sequence[str]) -> list[float | None]:
        started = perf_counter()
        try:
            return [float(np.dot(self.vector, v)) for v in SENTENCE_VECTORS.get_many(self.embedder, texts)]
        finally:
            self.timer.sentences_ms += (perf_counter() - started) * 1000


@dataclass
class RequestTimes:
    """What one request spent, shared by its sub-contexts (the places or years of a comparison)."""

    retrieve_ms: float = 0.0
    embed_ms: float = 0.0  # the query embeddings, within retrieve_ms
    embed_threads: int = 0  # the most threads a query embedding of the request ran on
    sentences_ms: float = 0.0  # sentences embedded while answering (the answer stage's)


@dataclass
class AnswerContext:
    """Where one question (or one place or year of a comparison) may look; per call, because
    the answerer is shared by concurrent requests."""

    library: ReportLibrary
    view: LibraryView
    top_k: int
    depth: int  # passages read before choosing a quote
    year: int | None  # the caller's explicit year filter
    doc_id: str | None  # the caller's explicit report filter
    doc_ids: frozenset[str] | None = None  # the reports the question is scoped to (None: all)
    cover_years: frozenset[int] | None = None  # the times it asks about (passages covering them)
    timer: RequestTimes = field(default_factory=RequestTimes)
    # Query text -> its embedding, shared by sub-contexts like ``timer``: the places of a comparison
    # search one restated query, and a request embeds each text once (variants in one batch).
    vectors: dict[str, np.ndarray] = field(default_factory=dict)

    # Query text -> its embedding started ahead (``embed_ahead``), taken by the first search of it.
    ahead: dict[str, Future[QueriesEmbedded]] = field(default_factory=dict)

    def embed_ahead(self, text: str) -> None:
        """Start the embedding of a query text this request will search, while it reads the
        rest of the question (nothing is started where the library starts none)."""
        if text in self.vectors or text in self.ahead:
            return
        started = self.library.embed_queries_ahead([text])
        if started is not None:
            self.ahead[text] = started

    def prefetch(self, texts: Sequence[str]) -> None:
        """Embed the query texts this request is about to search, together in one call; the time
        is retrieval's (``search`` counts it within its own)."""
        started = perf_counter()
        try:
            self._embed_queries(texts)
        finally:
            self.timer.retrieve_ms += (perf_counter() - started) * 1000

    def _embed_queries(self, texts: Sequence[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if not todo or not self.library.uses_dense:
            return
        for text in [t for t in todo if t in self.ahead]:
            # its own time, as a call made here would count it: what the request waited for it
            # is retrieval's (the caller's), and the rest ran beside the question's reading
            made = self.ahead.pop(text).result()
            self.vectors[text] = made.vectors[0]
            self.timer.embed_ms += made.ms
            self.timer.embed_threads = max(self.timer.embed_threads, made.threads or 0)
        todo = [t for t in todo if t not in self.vectors]
        if not todo:
            return
        started = perf_counter()
        try:
            for text, vector in zip(todo, self.library.embed_queries(todo), strict=True):
                self.vectors[text] = vector
            threads = self.library.embedder.threads_used()
            if threads is not None:
                self.timer.embed_threads = max(self.timer.embed_threads, threads)
        finally:
            self.timer.embed_ms += (perf_counter() - started) * 1000

    def meaning(self, query_text: str) -> QuestionMeaning | None:
        """How close in meaning a text is to the question searched as ``query_text``; None
        without the query's embedding."""
        vector = self.vectors.get(query_text)
        if vector is None:
            return None
        return QuestionMeaning(vector, self.library.embedder, self.timer)

    def narrowed(self, doc_ids: frozenset[str] | None, cover_years: frozenset[int] | None) -> AnswerContext:
        return replace(self, doc_ids=doc_ids, cover_years=cover_years)

    def search(self, query: ParsedQuery, year: int | None = None) -> list[Hit]:
        """The scoped passages for ``query`` (analysed once, never again here); ``year``: only
        passages covering it."""
        started = perf_counter()
        self._embed_queries([query.text])
        doc_ids = self.doc_ids
        if self.doc_id is not None:
            doc_ids = frozenset({self.doc_id}) if doc_ids is None else doc_ids & {self.doc_id}
        years = frozenset({year}) if year is not None else self.cover_years
        scope = SearchScope(doc_ids, years) if doc_ids is not None or years is not None else None
        try:
            return self.library.search(
                query.text,
                top_k=max(self.top_k, self.depth),
                scope=scope,
                parsed=query,
                dense=self.vectors.get(query.text),
            )
        finally:
            self.timer.retrieve_ms += (perf_counter() - started) * 1000

    def documents(self, year: int | None, doc_id: str | None = None) -> list[ParsedDocument]:
        """The scoped reports; ``year``: those with a part covering it (or delivered in it)."""
        doc_id = doc_id or self.doc_id
        out = []
        for info in self.view.docs:
            d = info.meta.doc_id
            if doc_id is not None and d != doc_id:
                continue
            if self.doc_ids is not None and d not in self.doc_ids:
                continue
            doc = self.view.parsed.get(d)
            if doc is None:
                continue  # removed meanwhile: answer from the others
            if year is not None and info.meta.year != year and year not in self.view.doc_years[d].covered:
                continue
            out.append(doc)
        return out


def interleave(lists: Sequence[Sequence[Hit]]) -> list[Hit]:
    """Each list's first passage, then each one's second…, without repeats."""
    return retriever_interleave([list(x) for x in lists], sum(len(x) for x in lists))
