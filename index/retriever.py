"""Hybrid retrieval: query analysis → one backend hybrid query → structural routing → hits."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import numpy as np

from wenbao.documents import Chunk, Hit, SearchScope
from wenbao.index.backend import BackendHit, HybridQuery, LocalSearchBackend, SearchBackend
from wenbao.index.keyword import WeightedTokens
from wenbao.index.query import ParsedQuery, QueryAnalyzer, strip_years
from wenbao.index.snapshot import IndexSnapshot
from wenbao.index.tokenizer import ChineseTokenizer, part_of_speech

MODES = ("hybrid", "bm25", "dense")
# Level-1 headings of the plan part ("二、下半年工作措施"): where 下半年/全年目标 answers live.
PLAN_MARKERS = ("下半年", "工作措施", "工作举措", "重点工作", "下一步", "明年")
ROUTE_BONUS = 1.0  # above any RRF score (max sum of weights / (k+1) < 0.1)


_Kept = TypeVar("_Kept")


@dataclass(frozen=True)
class RetrievalWeights:
    bm25: float = 1.0
    dense: float = 0.5
    rrf_k: int = 60
    expansion: float = 0.5
    synonym: float = 0.8
    report_words: float = 0.15  # weight of words naming the report (鼓楼区, 上半年…)
    plan_boost: float = 0.3  # relative boost of plan-part chunks for plan questions
    results_boost: float = 0.2  # relative boost of results-part chunks for other questions
    topic_heading: float = 2.0  # heading-field weight when the question names a section
    # Dense weight added per share of the question's own words that no passage holds (beyond
    # ``dense_lift_from``): where the question is worded otherwise than the reports, only its
    # meaning can find the passage.
    dense_lift: float = 0.0
    dense_lift_from: float = 0.0
    # ... and, there, the passages the dense side ranks 1..``dense_rescue`` are kept among the
    # hits: fused, the keyword side's many weak matches of the known words can push the one
    # passage that means the question past the answerer's candidates.
    dense_rescue: int = 0
    # A question word no passage holds is looked for by the report words whose embedding is
    # nearest (at least ``neighbour_floor`` cosine, at most ``neighbours`` of them), as keyword
    # terms of this weight: the reports' own words for 养娃/买房 (养育, 购房), learned from the
    # reports, not from a thesaurus. 0 leaves it out (and embeds no vocabulary).
    neighbour_weight: float = 0.0
    neighbours: int = 3
    neighbour_floor: float = 0.95


# Report words worth a vector: two characters or more, Chinese only (figures and codes mean
# nothing to an everyday word).
_VOCAB_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


class WordNeighbours:
    """The reports' words and their passage embeddings, to find the nearest report words of
    a question word none of them is."""

    def __init__(self, words: Sequence[str], vectors: np.ndarray) -> None:
        self.words = list(words)
        self.vectors = vectors

    @classmethod
    def build(cls, vocabulary: frozenset[str], embed: Callable[[list[str]], np.ndarray]) -> WordNeighbours:
        words = sorted(w for w in vocabulary if _VOCAB_WORD.match(w))
        vectors = embed(words) if words else np.zeros((0, 1), dtype=np.float32)
        return cls(words, vectors)

    def nearest(
        self, terms: Sequence[str], embed: Callable[[list[str]], np.ndarray], k: int, floor: float
    ) -> list[str]:
        """Up to ``k`` report words per term, nearest first, at least ``floor`` cosine."""
        if not terms or not self.words or k <= 0:
            return []
        sims = embed(list(terms)) @ self.vectors.T
        out: list[str] = []
        for row in sims:
            for i in np.argsort(-row)[:k]:
                if row[i] >= floor and self.words[i] not in out:
                    out.append(self.words[i])
        return out


class HybridRetriever:
    def __init__(
        self,
        tokenizer: ChineseTokenizer,
        embed_query: Callable[[str], np.ndarray],
        analyzer: QueryAnalyzer | None = None,
        weights: RetrievalWeights | None = None,
        backend_factory: Callable[[IndexSnapshot], SearchBackend] = LocalSearchBackend,
        embed_words: Callable[[list[str]], np.ndarray] | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.embed_query = embed_query
        self.embed_words = embed_words
        self._neighbours: tuple[str, WordNeighbours] | None = None
        self._neighbours_building: str | None = None
        self._neighbours_lock = threading.Lock()
        self.analyzer = analyzer or QueryAnalyzer()
        self.weights = weights or RetrievalWeights()
        self.backend_factory = backend_factory
        self._report_words: dict[str, frozenset[str]] = {}
        self._corpus_words: dict[str, PassageCounts] = {}

    # --- query -> keywords -------------------------------------------------
    def report_words(self, snapshot: IndexSnapshot) -> frozenset[str]:
        """Tokens of the reports' titles (鼓楼区, 上半年, 国民经济…): a question uses them
        to say *which report*, not what it asks about, so they weigh little."""
        key = snapshot.version or ""
        cached = self._report_words.get(key)
        if cached is None:
            words: set[str] = set()
            for doc in snapshot.documents.values():
                words.update(self.tokenizer.tokenize(doc.meta.title))
            cached = frozenset(words)
            self._report_words = _kept(self._report_words, key, cached)
        return cached

    def corpus_words(self, snapshot: IndexSnapshot) -> frozenset[str]:
        """Every token of the passages' texts and headings, once per index version, whichever
        store holds the keywords (so FAISS and Milvus lean on the dense side alike)."""
        return self.passage_counts(snapshot).words

    def passage_counts(self, snapshot: IndexSnapshot) -> PassageCounts:
        """How many passages hold each token (texts and headings), once per index version."""
        key = snapshot.version or ""
        cached = self._corpus_words.get(key)
        if cached is None:
            held: Counter[str] = Counter()
            for chunk in snapshot.chunks:
                held.update(
                    set(self.tokenizer.tokenize(chunk.text))
                    | set(self.tokenizer.tokenize(" ".join(chunk.heading_path)))
                )
            cached = PassageCounts(held, len(snapshot.chunks))
            self._corpus_words = _kept(self._corpus_words, key, cached)
        return cached

    def prepare(self, snapshot: IndexSnapshot) -> None:
        """Work out what every search of ``snapshot`` reads (its vocabulary: ~1 s of tokenising
        on a dozen reports) before it serves, on the thread that loaded or wrote it, so no
        question after a start or an upload pays it."""
        self.report_words(snapshot)
        if self.weights.dense_lift > 0:
            self.corpus_words(snapshot)

    def word_neighbours(self, snapshot: IndexSnapshot, wait: bool = False) -> WordNeighbours | None:
        """The report words' vectors for this index version: built at warm-up (``wait``);
        after an upload rebuilt aside while the previous version's serve (none before)."""
        if self.embed_words is None or self.weights.neighbour_weight <= 0:
            return None
        key = snapshot.version or ""
        held = self._neighbours
        if held is not None and held[0] == key:
            return held[1]
        if wait:
            self._build_neighbours(snapshot, key)
            return self._neighbours[1] if self._neighbours is not None else None
        with self._neighbours_lock:
            if self._neighbours_building != key:
                self._neighbours_building = key
                threading.Thread(target=self._build_neighbours, args=(snapshot, key), daemon=True).start()
        return held[1] if held is not None else None

    def _build_neighbours(self, snapshot: IndexSnapshot, key: str) -> None:
        assert self.embed_words is not None
        built = WordNeighbours.build(self.corpus_words(snapshot), self.embed_words)
        self._neighbours = (key, built)

    def neighbour_terms(self, snapshot: IndexSnapshot, own: Sequence[str]) -> list[str]:
        """The nearest report words of the question's words no passage holds."""
        vocabulary = self.corpus_words(snapshot)
        unknown = [t for t in own if t not in vocabulary and _VOCAB_WORD.match(t)]
        neighbours = self.word_neighbours(snapshot) if unknown else None
        if neighbours is None or self.embed_words is None:
            return []
        w = self.weights
        found = neighbours.nearest(unknown, self.embed_words, w.neighbours, w.neighbour_floor)
        return [t for t in found if t not in own]

    def keyword_query(
        self, pq: ParsedQuery, report_words: frozenset[str] = frozenset(), years_used: bool = False
    ) -> WeightedTokens:
        text = pq.keyword_text or pq.normalized
        if years_used:
            text = strip_years(text)
        tokens = [asked_unit(t) for t in self.tokenizer.tokenize(text)]
        own = tuple(dict.fromkeys(t for t in tokens if t not in report_words))
        about = tuple(dict.fromkeys(t for t in tokens if t in report_words))
        groups: list[tuple[float, tuple[str, ...]]] = [(1.0, own)]
        seen = set(own)
        for weight, terms in ((self.weights.synonym, pq.synonyms), (self.weights.expansion, pq.expansions)):
            extra: list[str] = []
            for term in terms:
                for t in self.tokenizer.tokenize(term):
                    if t not in seen:
                        seen.add(t)
                        extra.append(t)
            if extra and weight > 0:
                groups.append((weight, tuple(extra)))
        if about:
            groups.append((self.weights.report_words, about))
        return WeightedTokens(tuple(groups))

    # --- main entry ----------------------------------------------------------
    def search(
        self,
        snapshot: IndexSnapshot,
        query: str,
        top_k: int = 5,
        year: int | None = None,
        doc_id: str | None = None,
        mode: str = "hybrid",
        parsed: ParsedQuery | None = None,
        scope: SearchScope | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """``query_vector``: the embedding of ``pq.text`` the caller already has (a request
        searching several times embeds its question once), else it is embedded here."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; one of {MODES}")
        if top_k <= 0 or not snapshot.chunks:
            return []
        pq = parsed or self.analyzer.analyze(query)
        if scope is not None:
            # the caller resolved places and times against the reports' metadata already
            groups: list[frozenset[str] | None] = [scope.doc_ids]
            years_used = scope.years is not None
        else:
            groups, years_used = self.scopes(snapshot, pq, year, doc_id)
        cover_years = scope.years if scope is not None else None
        if not groups:
            return []
        weights = {"bm25": self.weights.bm25, "dense": self.weights.dense}
        if mode == "bm25":
            weights = {"bm25": 1.0, "dense": 0.0}
        elif mode == "dense":
            weights = {"bm25": 0.0, "dense": 1.0}
        keywords = None
        rescue = 0
        if weights["bm25"] > 0:
            keywords = self.keyword_query(pq, self.report_words(snapshot), years_used)
            if self.weights.neighbour_weight > 0:
                seen = {t for _, terms in keywords.groups for t in terms}
                near = [w for w in self.neighbour_terms(snapshot, keywords.groups[0][1]) if w not in seen]
                if near:
                    extra = (self.weights.neighbour_weight, tuple(near))
                    keywords = WeightedTokens((*keywords.groups, extra))
            if weights["dense"] > 0:
                lift, rescue = dense_lean(keywords.groups[0][1], self.passage_counts(snapshot), self.weights)
                weights["dense"] += lift
        dense = None
        if weights["dense"] > 0:
            dense = query_vector if query_vector is not None else self.embed_query(pq.text)
        heading = self.weights.topic_heading if pq.intent in ("topic", "section") else None
        backend = self.backend_factory(snapshot)
        candidates = max(50, top_k * 4)
        per_group: list[list[Hit]] = []
        for group in groups:
            raw = backend.hybrid_search(
                HybridQuery(
                    dense, keywords, candidates, group, cover_years, weights, self.weights.rrf_k, heading
                )
            )
            # hits are built for the first top_k only, unless the dense side's first may be
            # rescued from further down
            routed = self.route(snapshot, pq, raw, group, keywords, None if rescue > 0 else top_k)
            per_group.append(keep_dense_top(routed, top_k, rescue))
        return interleave(per_group, top_k)

    # --- scope ---------------------------------------------------------------
    @staticmethod
    def scopes(
        snapshot: IndexSnapshot, pq: ParsedQuery, year: int | None, doc_id: str | None
    ) -> tuple[list[frozenset[str] | None], bool]:
        """Documents to search, as groups searched separately and interleaved.

        An explicit ``doc_id``/``year`` restricts. Years named in the question restrict
        to those reports when the library has them (one group per year, so a question
        comparing 2021 and 2024 gets both); a year no report is about (``2020年接收的…``
        inside the 2021 report) restricts nothing.
        """
        docs = snapshot.documents
        if doc_id is not None:
            if doc_id not in docs or (year is not None and docs[doc_id].meta.year != year):
                return [], False
            return [frozenset({doc_id})], bool(pq.years)
        if year is not None:
            ids = frozenset(d for d, doc in docs.items() if doc.meta.year == year)
            scoped: list[frozenset[str] | None] = [ids] if ids else []
            return scoped, year in pq.years
        by_year = {y: frozenset(d for d, doc in docs.items() if doc.meta.year == y) for y in pq.years}
        named: list[frozenset[str] | None] = [ids for ids in by_year.values() if ids]
        if named:
            return named, len(named) == len(by_year)
        return [None], False

    # --- structural routing ----------------------------------------------------
    def route(
        self,
        snapshot: IndexSnapshot,
        pq: ParsedQuery,
        raw: list[BackendHit],
        scope: frozenset[str] | None,
        keywords: WeightedTokens | None,
        top_k: int | None = None,
    ) -> list[Hit]:
        """The candidates reordered by the question's structure, best first (the first
        ``top_k``: hits are built for those only)."""
        chunks = snapshot.chunks
        score: dict[int, float] = {}
        found: dict[int, BackendHit] = {}  # its ranks and side scores are copied for the hits built only
        for h in raw:
            p = snapshot.chunk_pos[h.chunk_id]
            score[p] = h.score
            found[p] = h
        doc_ids = sorted(snapshot.documents) if scope is None else sorted(scope)

        if pq.intent == "front":
            for d in doc_ids:
                for i, p in enumerate(snapshot.front.get(d, [])):
                    # the title block (speaker, date, meeting) first, unless the words say otherwise
                    score[p] = ROUTE_BONUS + (0.01 if i == 0 else 0.0) + score.get(p, 0.0)
        elif pq.intent == "section" and pq.sections:
            has_content = keywords is not None and bool(keywords.groups[0][1])
            self._route_sections(snapshot, pq, doc_ids, score, has_content)
        elif pq.intent == "plan":
            for p in list(score):
                if in_plan_part(chunks[p]):
                    score[p] *= 1.0 + self.weights.plan_boost
        elif self.weights.results_boost > 0:
            # Not a plan question: what happened is told in the results part, not in the
            # plans for the second half (上半年技术合同成交额 is 88.53亿元, not 不少于105亿元).
            # A report that reviews none of the asked years tells of them only in its plans (a
            # January 2021 report on 2021): its plans are not put behind another report's results
            # for those years (a half-year report of 2021). Within one report the order is kept.
            asked = frozenset(pq.years)
            reviewed = snapshot.reviewed_years
            reviewing = {d for d in doc_ids if asked & reviewed.get(d, frozenset())} if asked else set()
            for p in list(score):
                c = chunks[p]
                if not c.heading_path:
                    continue
                if not in_plan_part(c) or (
                    c.covers is not None
                    and asked <= set(c.covers.years)
                    and c.doc_id not in reviewing
                    and bool(reviewing)
                ):
                    score[p] *= 1.0 + self.weights.results_boost

        order = sorted(score, key=lambda p: (-score[p], p))[:top_k]
        return [
            Hit(
                chunk=chunks[p],
                score=float(score[p]),
                ranks=dict(found[p].ranks) if p in found else {"bm25": None, "dense": None},
                side_scores=dict(found[p].side_scores) if p in found else {},
            )
            for p in order
        ]

    @staticmethod
    def _route_sections(
        snapshot: IndexSnapshot,
        pq: ParsedQuery,
        doc_ids: list[str],
        score: dict[int, float],
        has_content: bool,
    ) -> None:
        """Chunks under the named heading(s) go first. A purely structural question
        (第（三）部分讲什么) gets the section's first chunk on top, whose heading path
        carries the section title; with content words (第二部分关于公共服务的那一节) the
        fused scores order the chunks inside the named part."""
        deepest = pq.sections[-1].level
        sections: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        for d in doc_ids:
            for p in range(*snapshot.doc_range.get(d, (0, 0))):
                c = snapshot.chunks[p]
                nums = c.heading_numbers
                if len(nums) < deepest:
                    continue
                if all(ref.matches(nums[ref.level - 1], ref.level) for ref in pq.sections):
                    sections.setdefault((d, c.heading_path[:deepest]), []).append(p)
        for members in sections.values():
            first = min(members)
            for p in members:
                if has_content:
                    score[p] = ROUTE_BONUS + score.get(p, 0.0)
                else:
                    score[p] = (ROUTE_BONUS if p == first else ROUTE_BONUS / 2) + score.get(p, 0.0) / 10


def in_plan_part(chunk: Chunk) -> bool:
    """The passage speaks of plans and targets: what ingest read its part to cover, else the
    words of its top-level heading."""
    if chunk.covers is not None:
        return chunk.covers.aspect == "plan"
    return bool(chunk.heading_path) and any(m in chunk.heading_path[0] for m in PLAN_MARKERS)


def interleave(groups: list[list[Hit]], top_k: int) -> list[Hit]:
    if len(groups) == 1:
        return groups[0][:top_k]
    out: list[Hit] = []
    seen: set[str] = set()
    for i in range(max((len(g) for g in groups), default=0)):
        for g in groups:
            if i < len(g) and g[i].chunk.chunk_id not in seen:
                seen.add(g[i].chunk.chunk_id)
                out.append(g[i])
    return out[:top_k]


def _kept(cache: dict[str, _Kept], key: str, value: _Kept) -> dict[str, _Kept]:
    """``cache`` with ``key`` added, holding two index versions: the one being prepared for the
    swap and the one requests still read meanwhile (one slot would make them evict each other).
    Copy on write: readers on other threads see either dict whole."""
    kept = {k: v for k, v in cache.items() if k != key}
    return {**dict(list(kept.items())[-1:]), key: value}


def keep_dense_top(hits: list[Hit], top_k: int, rescue: int) -> list[Hit]:
    """The first ``top_k`` hits, with the dense side's 1..``rescue`` taking the last places
    when fusion ranked them lower (the order of the others is kept; the fused first stays)."""

    def dense_top(h: Hit) -> bool:
        rank = h.ranks.get("dense")
        return rank is not None and rank <= rescue

    head = hits[:top_k]
    missing = sorted((h for h in hits[top_k:] if dense_top(h)), key=lambda h: h.ranks.get("dense") or 0)
    if rescue <= 0 or top_k < 2 or not missing:
        return head
    # the last places that are not themselves among the dense side's first give way
    out = list(head)
    for h in missing:
        drop = next((i for i in range(len(out) - 1, 0, -1) if not dense_top(out[i])), None)
        if drop is None:
            break
        del out[drop]
        out.append(h)
    return out


# jieba glues the asking word to the measure word after it ("多少岁", "几家", "几张"), which no
# passage says; the passages say the measure word by its figure ("81.2岁", "57家").
_ASKED_UNIT = re.compile(r"^(?:多少|几)(?P<unit>[\u4e00-\u9fff]+)$")


def asked_unit(token: str) -> str:
    """A question's token "多少岁" is the measure word it asks in ("岁"); others unchanged (jieba
    tags the glued count a numeral: "几乎", "几何" are words of their own)."""
    m = _ASKED_UNIT.match(token)
    if m is None or part_of_speech(token) != ((token, "m"),):
        return token
    return m.group("unit")


def dense_lean(tokens: Sequence[str], counts: PassageCounts, weights: RetrievalWeights) -> tuple[float, int]:
    """How much the dense side's weight is raised for a question of these keyword ``tokens``, and
    how many of its first passages are kept among the hits (``dense_rescue`` or 0).

    The lift goes by the share of the tokens no passage holds, so the fused order of a question
    the keyword side reads well enough is kept. The dense side's first passages are also read
    where the keyword side cannot see most of what the question tells by rarity: its words the
    reports use may be the common ones ("家里有小娃娃的，每个月能多拿多少钱": 有, 月, 钱), which
    find nothing in particular; rescued passages take only the last places."""
    beyond = max(0.0, unknown_share(tokens, counts, by_rarity=False) - weights.dense_lift_from)
    unseen = unknown_share(tokens, counts) - weights.dense_lift_from
    return weights.dense_lift * beyond, weights.dense_rescue if beyond > 0 or unseen > 0 else 0


@dataclass(frozen=True)
class PassageCounts:
    """How many of ``passages`` hold each token."""

    held: Counter[str]
    passages: int

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self.held)

    def rarity(self, token: str) -> float:
        """The token's inverse passage frequency; a token no passage holds is the rarest."""
        return math.log((self.passages + 1) / (self.held.get(token, 0) + 0.5))


def unknown_share(tokens: Sequence[str], counts: PassageCounts, by_rarity: bool = True) -> float:
    """Share of what ``tokens`` tell that no passage holds: a question in other words than the
    reports' ("生孩子…发钱") gives the keyword side little to go on. ``by_rarity``: each token
    counts by its rarity, so the words the reports do use tell little more when they are the
    common ones ("家里有小娃娃的，每个月能多拿多少钱": 有, 月, 钱); else each token counts one."""
    if not tokens or not counts.passages:
        return 0.0
    weights = [counts.rarity(t) if by_rarity else 1.0 for t in tokens]
    total = sum(weights)
    if total <= 0:
        return 0.0
    return sum(w for t, w in zip(tokens, weights, strict=True) if t not in counts.held) / total
