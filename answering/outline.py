"""Answers about the report's structure: "第（三）部分讲什么", "民生那一节讲了什么",
and lists whose items are headings ("下半年的重点工作有哪几个方面？").

No paragraph contains the words "第（三）部分", so these questions are answered
from the outline (``ParsedDocument.sections``) and the first chunk under the
section, which is what gets cited.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from wenbao.answering.extractive import coverage, split_pieces, term_match
from wenbao.answering.figures import COUNT
from wenbao.answering.question import AMOUNT_Q, FACT_Q, LIST_Q, SECTION_Q, QuestionFrame, Term, strip_when
from wenbao.documents import Chunk, ParsedDocument, Section
from wenbao.index.query import ParsedQuery, SectionRef
from wenbao.index.tokenizer import words as jieba_words


@dataclass(frozen=True)
class OutlineNode:
    section: Section
    path: tuple[Section, ...]  # from level 1 down to this section

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(s.title for s in self.path)

    @property
    def label(self) -> str:
        return " › ".join(f"{s.number}{s.title}" for s in self.path)


@dataclass
class OutlineAnswer:
    doc: ParsedDocument
    node: OutlineNode
    chunk: Chunk | None  # first chunk under the section: what the answer cites
    lead: str  # heading text (not a quote from a paragraph)
    quote: str  # exact words of ``chunk`` ("" when none)
    score: float
    item_chunks: tuple[Chunk, ...] = ()  # a section whose paragraphs are its items (附件: 1、… 2、…)


def walk(doc: ParsedDocument) -> Iterator[OutlineNode]:
    def rec(sections: Sequence[Section], parents: tuple[Section, ...]) -> Iterator[OutlineNode]:
        for s in sections:
            node = OutlineNode(s, (*parents, s))
            yield node
            yield from rec(s.children, node.path)

    yield from rec(doc.sections, ())


def first_chunk(doc: ParsedDocument, node: OutlineNode) -> Chunk | None:
    titles = node.titles
    for chunk in doc.chunks:
        if chunk.heading_path[: len(titles)] == titles and chunk.text.strip():
            return chunk
    return None


def title_terms(frame: QuestionFrame, doc: ParsedDocument) -> list[Term]:
    """The question's terms a heading may hold: not the report's own place ("海南2026年主要工作"
    is matched by the heading "2026年主要工作", which never names 海南)."""
    names = doc.meta.place_names
    return [t for t in frame.terms if not any(a and any(a in n for n in names) for a in t.alternatives)]


_APPENDIX_PENALTY = 0.1  # below any body section that names the terms as fully (see _described)
# A section on the one year asked wins over an equally titled one on another year (a review and a
# plan part both speak of 乡村振兴); less than a title word is worth.
_YEAR_BONUS = 0.08


def of_other_year(frame: QuestionFrame, section: Section) -> bool:
    """The question names one year and the section speaks of others only."""
    covers = section.covers
    return len(frame.years) == 1 and covers is not None and frame.years[0] not in covers.years


def _is_appendix(node: OutlineNode) -> bool:
    top = node.path[0]
    return top.number.startswith("附件") or top.title.startswith("附件")


def title_coverage(terms: Sequence[Term], title: str) -> float:
    """How fully a heading names the question's terms. Headings shorten two words into one of
    their first characters ("文化" + "旅游" → "加快推进文旅强省建设", "科技" + "创新" → "科创"): two
    two-character terms asked one after the other count as found (at 0.8) when the heading holds
    that short form and neither word."""
    base = coverage(terms, title)
    if base is None:
        return 0.0
    total = sum(t.weight for t in terms)
    extra = 0.0
    for a, b in itertools.pairwise(terms):
        short = a.text[:1] + b.text[:1]
        if len(a.text) == len(b.text) == 2 and a.text not in title and b.text not in title and short in title:
            found = a.weight * term_match(a, title) + b.weight * term_match(b, title)
            extra += 0.8 * (a.weight + b.weight) - found
    for t in terms:
        if term_match(t, title) < 0.8 and any(_split_in(alt, title) for alt in t.alternatives):
            # a four-character word written apart in the heading ("改革开放" in
            # "进一步全面深化改革扩大开放", "乡村振兴" in "推进乡村全面振兴"): its two halves in order
            extra += t.weight * (0.8 - term_match(t, title))
    return base + max(extra, 0.0) / total


def _split_in(word: str, title: str) -> bool:
    """Both halves of a four-character word, in order, apart, in the title."""
    if len(word) != 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
        return False
    head, tail = word[:2], word[2:]
    at = title.find(head)
    return at >= 0 and title.find(tail, at + 2) > at + 2


def is_structure_question(frame: QuestionFrame, ref: SectionRef | None) -> bool:
    """A question about a part of the report rather than about a fact in it."""
    if frame.aspect not in (SECTION_Q, LIST_Q, FACT_Q):
        return False
    return ref is not None or frame.names_part


class OutlineAnswerer:
    """Finds the section a question names or describes, in the given documents."""

    def __init__(self, min_title_coverage: float = 0.34) -> None:
        self.min_title_coverage = min_title_coverage

    def section_answer(
        self, frame: QuestionFrame, query: ParsedQuery, docs: Sequence[ParsedDocument]
    ) -> OutlineAnswer | None:
        """For "what does section X cover": the section's heading path and its first sentences."""
        refs = query.sections
        ref = max(refs, key=lambda r: r.level) if refs else None
        if not is_structure_question(frame, ref):
            return None
        best: OutlineAnswer | None = None
        for doc in docs:
            if refs:
                found = self._numbered(doc, refs)
                if found and frame.terms:
                    # "第二部分关于公共服务的那一节": the described section inside the numbered one.
                    inner = self._described(doc, frame, within=found[0])
                    if inner is not None:
                        found = inner
            else:
                found = self._described(doc, frame)
            if found and (best is None or found[1] > best.score):
                node, score = found
                best = self._answer(doc, node, score)
        return best

    def heading_list(self, frame: QuestionFrame, docs: Sequence[ParsedDocument]) -> OutlineAnswer | None:
        """For a list whose items are headings: the sibling headings that all match, or
        the children of the one heading that matches."""
        # "附件一共有几个": counting the items of a list is listing them.
        counting = frame.aspect == AMOUNT_Q and frame.wants == frozenset({COUNT})
        if frame.aspect != LIST_Q and not counting:
            return None
        if not frame.terms:
            return self._year_part_list(frame, docs)
        best: OutlineAnswer | None = None
        for doc in docs:
            nodes = list(walk(doc))
            terms = title_terms(frame, doc)
            if not terms:
                continue
            scored = [(n, coverage(terms, n.section.title) or 0.0) for n in nodes]
            # Several siblings that each match fully: the items themselves ("…工程" x4).
            by_parent: dict[tuple[str, ...], list[OutlineNode]] = {}
            for n, c in scored:
                if c >= 0.99:
                    by_parent.setdefault(n.titles[:-1], []).append(n)
            for parent_titles, items in by_parent.items():
                if len(items) >= 2:
                    parent = next((n for n in nodes if n.titles == parent_titles), None)
                    if parent is None:
                        continue
                    ans = self._answer(doc, parent, 1.0, items)
                    if best is None or ans.score > best.score:
                        best = ans
            # The passages right under each heading, found in one pass (not one per heading).
            under: dict[tuple[str, ...], list[Chunk]] = {}
            for ch in doc.chunks:
                if ch.text.strip():
                    under.setdefault(ch.heading_path, []).append(ch)
            for n, c in scored:
                members = under.get(n.titles, [])
                short_items = len(members) >= 2 and all(len(m.text) <= 80 for m in members)
                if c >= 0.99 and not n.section.children and short_items and (best is None or c > best.score):
                    lead = f"{n.label}，共{len(members)}项"
                    best = OutlineAnswer(doc, n, members[0], lead, "", c, tuple(members))
                    continue
                if c >= 0.8 and len(n.section.children) >= 2 and (best is None or c > best.score):
                    best = self._answer(
                        doc, n, c, [OutlineNode(ch, (*n.path, ch)) for ch in n.section.children]
                    )
        return best or self._year_part_list(frame, docs)

    def _year_part_list(self, frame: QuestionFrame, docs: Sequence[ParsedDocument]) -> OutlineAnswer | None:
        """ "海南2026年主要工作有哪些？": words too common to be key terms (工作, 主要, 重点) still name
        the part of the report for the asked year whose heading holds one of them ("三、2026年主要工作",
        "三、2026年工作安排"); its sub-headings are the list."""
        for doc in docs:
            node = year_part(frame, doc)
            if node is not None:
                children = [OutlineNode(ch, (*node.path, ch)) for ch in node.section.children]
                return self._answer(doc, node, 0.8, children)
        return None

    # --- locating ------------------------------------------------------------
    def _numbered(self, doc: ParsedDocument, refs: Sequence[SectionRef]) -> tuple[OutlineNode, float] | None:
        """The section "第一部分的第（一）节" names: every given number on the path must match."""
        ref = max(refs, key=lambda r: r.level)
        parents = [r for r in refs if r.level < ref.level]
        candidates = []
        for node in walk(doc):
            s = node.section
            if not ref.matches(s.number, s.level):
                continue
            if all(any(p.matches(a.number, a.level) for a in node.path[:-1]) for p in parents):
                candidates.append(node)
        if not candidates and ref.level == 1:
            # "第三部分" in a report with two top-level parts means its （三）.
            alt = SectionRef(2, ref.ordinal)
            candidates = [n for n in walk(doc) if alt.matches(n.section.number, n.section.level)]
        if not candidates:
            return None
        return candidates[0], 1.0

    def _described(
        self, doc: ParsedDocument, frame: QuestionFrame, within: OutlineNode | None = None
    ) -> tuple[OutlineNode, float] | None:
        quoted = frame.quoted_titles
        best: tuple[OutlineNode, float] | None = None
        want_level = frame.part_level
        terms = title_terms(frame, doc)
        for node in walk(doc):
            if within is not None and (
                len(node.path) <= len(within.path) or node.path[: len(within.path)] != within.path
            ):
                continue
            title = node.section.title
            if quoted and any(q in title or title in q for q in quoted):
                score = 2.0
            else:
                score = title_coverage(terms, title)
            if score < self.min_title_coverage:
                continue
            # Ties go to the level the question names (节 = level 2), then to the higher level; an
            # appendix ("附件 2026年民生实事") is no part of the report's body, which "哪部分" asks of.
            appendix = _is_appendix(node)
            key = score + (0.05 if node.section.level == want_level and not appendix else 0.0)
            key -= 0.01 * node.section.level + (_APPENDIX_PENALTY if appendix else 0.0)
            key += _YEAR_BONUS if _covers_asked_year(frame, node) else 0.0
            if best is None or key > best[1]:
                best = (node, key)
        return best

    # --- answering -----------------------------------------------------------
    def _answer(
        self,
        doc: ParsedDocument,
        node: OutlineNode,
        score: float,
        items: Sequence[OutlineNode] = (),
    ) -> OutlineAnswer:
        chunk = first_chunk(doc, node)
        quote = ""
        if chunk is not None and not items:  # a list of headings is the answer by itself
            pieces = [p for p in split_pieces(chunk, 0, clauses=False) if p.level == "sentence"]
            if pieces:
                quote = pieces[0].text.strip()
                if len(quote) < 40 and len(pieces) > 1:
                    quote = chunk.text[pieces[0].start : pieces[1].end].strip()
        if items:
            names = "；".join(f"{i.section.number}{i.section.title}" for i in items)
            lead = f"{node.label}，共{len(items)}项：{names}"
        else:
            lead = node.label
        return OutlineAnswer(doc, node, chunk, lead, quote, score)


def _covers_asked_year(frame: QuestionFrame, node: OutlineNode) -> bool:
    """The section speaks of the one year asked ("2025年报告里讲乡村振兴的是哪部分": the 2025
    plan's part, not the 2024 review's, where both are titled alike)."""
    covers = node.section.covers
    return len(frame.years) == 1 and covers is not None and covers.years == (frame.years[0],)


def year_part(frame: QuestionFrame, doc: ParsedDocument, words: Sequence[str] = ()) -> OutlineNode | None:
    """The part of ``doc`` for the one asked year whose heading holds one of ``words``, by default
    a word of the question's topic ("2026年重点工作" → "三、2026年主要工作"), when it has
    sub-headings to list."""
    if len(frame.years) != 1 or not frame.topic:
        return None
    words = words or [w for w in jieba_words(strip_when(frame.topic)) if len(w) >= 2]
    # "大学生毕业找工作有什么安排": a word inside a longer key term (找工作) names no list
    words = [w for w in words if not any(w in t.text and w != t.text for t in frame.terms)]
    year = f"{frame.years[0]}年"
    for node in walk(doc):
        title = node.section.title
        if year in title and any(w in title for w in words) and len(node.section.children) >= 2:
            return node
    return None
