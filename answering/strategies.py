"""Answer strategies: each drafts one kind of answer from the frame and the passages, or passes.

``ScopedDrafter`` runs them in order over one scope's passages: front matter (who, when, where the
report was delivered), a part of the report (its outline), a list whose items are headings, and
finally the quote that answers (a figure or a passage) — or a refusal when none does. The two
comparison strategies split a question by place or by year and draft each part with the same chain.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from wenbao.answering.drafts import AnswerContext, Draft, Part, PlaceRow, interleave
from wenbao.answering.enumeration import ListAnswerer, headline_items, quoted_names
from wenbao.answering.extractive import (
    Extraction,
    ExtractiveAnswerer,
    Piece,
    ScoredPiece,
    answers_aspect,
    coverage,
    is_zone,
    item_quote,
    place_stem,
    split_pieces,
    states_cause,
)
from wenbao.answering.figures import Figure, FigureRange, describe_change, figure_range, find_figures
from wenbao.answering.frame import QuestionFrameBuilder
from wenbao.answering.outline import OutlineAnswer, OutlineAnswerer, first_chunk, of_other_year, walk
from wenbao.answering.question import (
    AMOUNT_Q,
    FACT_Q,
    INTENT_FRONT,
    LIST_Q,
    SECTION_Q,
    WHEN_Q,
    WHY_Q,
    QuestionFrame,
    list_count,
    list_kind,
)
from wenbao.answering.scope import report_label
from wenbao.documents import Chunk, DocumentMeta, Hit, ParsedDocument
from wenbao.index.query import ParsedQuery
from wenbao.ingest.levels import level_words
from wenbao.settings import Settings


@dataclass
class Reading:
    """One scope's passages for one question, and the quote extracted from them (made once,
    shared by the strategies that need it)."""

    frame: QuestionFrame
    query: ParsedQuery
    hits: list[Hit]
    ctx: AnswerContext
    year: int | None = None  # the one year searched, when one was
    foreign_years: Sequence[int] = ()  # asked years no report is about: a quote must name them
    extractor: ExtractiveAnswerer | None = None
    _extraction: Extraction | None = field(default=None, repr=False)

    def extraction(self) -> Extraction:
        if self._extraction is None:
            assert self.extractor is not None
            meaning = self.ctx.meaning(self.query.text)
            self._extraction = self.extractor.extract(self.frame, self.hits, self.foreign_years, meaning)
        return self._extraction


class AnswerStrategy(ABC):
    """Drafts one kind of answer, or returns None when the question is not of its kind."""

    @abstractmethod
    def draft(self, reading: Reading) -> Draft | None: ...


# "我代表国务院，向大会报告", "受市人民政府委托": the body a report is delivered for.
_ON_BEHALF = re.compile(r"代表[^，,。；：\s]{0,15}?(?:国务院|政府|委员会)|受[^，,。；：\s]{1,15}?委托")

# Why "分别是哪十张网" is refused when the passage names "十张网" without its members.
REASON_UNLISTED = "报告没有逐一列出"
# Why "第十项是什么" is refused when the list it asks of has nine items.
REASON_BEYOND_LIST = "报告的列表没有这一项"
# Why "谁作的报告" is refused: the report names no speaker, only "我代表…向大会报告".
# Why "“五大战略”是哪五个" or "四川宜宾2026年重点工作" is refused where no report read names them.
REASON_UNNAMED = "报告没有提到"
REASON_NO_DELIVERER = "报告没有写明作报告的人"
REASON_NO_DATE = "报告没有写明作报告的日期"
REASON_NO_MEETING = "报告没有写明在哪次会议上作的"


def refusal(frame: QuestionFrame, hits: list[Hit], reason: str, note: str) -> Draft:
    text = f"报告中没有找到关于{frame.describe()}的信息。{note}".strip()
    return Draft([Part(text)], False, hits, reason)


def outline_text(found: OutlineAnswer) -> str:
    if found.quote:
        return f"{found.lead}：{found.quote.rstrip('。')}"
    return found.lead


def outline_draft(found: OutlineAnswer, hits: list[Hit]) -> Draft:
    if found.item_chunks:
        # Each item is its own paragraph: quote each with its own citation.
        parts = [Part(c.text.strip(), c) for c in found.item_chunks]
        parts[0].prefix = f"{found.lead}："
        return Draft(parts, True, hits)
    return Draft([Part(outline_text(found), found.chunk)], True, hits)


def _date_cn(iso: str | None) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日" if m else ""


class FrontMatterStrategy(AnswerStrategy):
    """Who gave the report, when, at which meeting. The title page is metadata, not a paragraph:
    a front-matter paragraph is quoted when it answers ("受区人民政府委托"), otherwise the answer
    states the metadata and cites the report's opening."""

    def __init__(self, extractor: ExtractiveAnswerer, full_coverage: float) -> None:
        self.extractor = extractor
        self.full_coverage = full_coverage

    def draft(self, reading: Reading) -> Draft | None:
        part = self.part(reading)
        if part is not None:
            return Draft([part], True, reading.hits)
        doc = self._document(reading)
        if doc is not None and reading.frame.intent == INTENT_FRONT and reading.frame.asks_deliverer:
            # "谁作的报告" of a report whose title page names no one (a page dump without its
            # byline): the opening "我代表国务院，向大会报告" names no person; say so.
            text = f"{report_label(doc)}中没有写明作报告的人。"
            return Draft([Part(text)], False, reading.hits, REASON_NO_DELIVERER)
        frame = reading.frame
        if (
            doc is not None
            and frame.intent == INTENT_FRONT
            and frame.aspect == WHEN_Q
            and "年" not in frame.aspect_text
        ):
            # "报告是哪天作的" of a report whose title page gives no date (a page dump without its
            # byline): no sentence of the body is the answer; say so (the year is the report's own).
            dated = doc.meta.date or any(
                answers_aspect(frame, c.text) for c in doc.chunks if not c.heading_path
            )
            if not dated:
                text = f"{report_label(doc)}中没有写明作报告的日期。"
                return Draft([Part(text)], False, reading.hits, REASON_NO_DATE)
        if doc is not None and frame.intent == INTENT_FRONT and frame.asks_meeting and not doc.meta.meeting:
            # "第几届人大第几次会议上作的" of a report whose title page names no meeting, and no
            # paragraph of its opening names one (``part`` found none): say so.
            text = f"{report_label(doc)}中没有写明是在哪次会议上作的报告。"
            return Draft([Part(text)], False, reading.hits, REASON_NO_MEETING)
        return None

    @staticmethod
    def _document(reading: Reading) -> ParsedDocument | None:
        """The one report the question is about: the only one in scope, else the best passage's."""
        docs = reading.ctx.documents(reading.year)
        if len(docs) != 1:
            docs = [d for d in docs if any(h.chunk.doc_id == d.meta.doc_id for h in reading.hits[:1])]
        return docs[0] if docs else None

    def part(self, reading: Reading) -> Part | None:
        frame = reading.frame
        if frame.intent != INTENT_FRONT:
            return None
        doc = self._document(reading)
        if doc is None:
            return None
        m = doc.meta
        front = [Hit(c, 1.0) for c in doc.chunks if not c.heading_path]
        opening = front[0].chunk if front else (doc.chunks[0] if doc.chunks else None)
        if (m.speaker or m.role) and frame.asks_deliverer:
            # "谁作的报告": the speaker is on the title page, never in a paragraph's words.
            return Part(self._metadata(m), opening)
        if frame.asks_body:
            # "代表哪个机构作的报告" where the title page names no one: the opening names the body
            # ("我代表国务院，向大会报告", "受县人民政府委托")
            on_behalf = self._on_behalf(front)
            if on_behalf is not None:
                return on_behalf
        if front and frame.terms:
            ext = self.extractor.extract(frame, front)
            # Quoted only when the paragraph has every key term ("受谁委托"), else the metadata.
            best = ext.best
            # Quoted when the paragraph has every key term and says what is asked (a person for
            # "谁作的", a date for "哪天"); "我代表…向大会报告工作" answers neither.
            if (
                ext.answerable
                and best is not None
                and (best.coverage or 0) >= self.full_coverage
                and answers_aspect(frame, best.quote)
            ):
                return Part(best.quote, best.piece.chunk)
        if not (m.speaker or m.date or m.meeting):
            return None
        if frame.asks_deliverer and not (m.speaker or m.role) and not self._names_holder(frame, front):
            return None  # a date and a meeting do not say who delivered it
        return Part(self._metadata(m), opening)

    @staticmethod
    def _on_behalf(front: list[Hit]) -> Part | None:
        """The opening's sentence that names the body the report is delivered for."""
        for hit in front:
            text = hit.chunk.text
            m = _ON_BEHALF.search(text)
            if m is not None:
                start = max(text.rfind(c, 0, m.start()) for c in "。！\n") + 1
                ends = [i for i in (text.find(c, m.end()) for c in "。！\n") if i >= 0]
                return Part(text[start : min(ends) if ends else len(text)].strip(), hit.chunk)
        return None

    @staticmethod
    def _names_holder(frame: QuestionFrame, front: list[Hit]) -> bool:
        """The report's opening names someone by their office ("代省长李殿勋作政府工作报告"),
        which the title page's fields may have missed."""
        return any(answers_aspect(frame, h.chunk.text) for h in front)

    @staticmethod
    def _metadata(m: DocumentMeta) -> str:
        when = _date_cn(m.date)
        text = f"{m.role or ''}{m.speaker or ''}" + (f"，{when}" if when else "")
        if m.meeting:
            text += f"在{m.meeting}上作的报告"
        return text.strip("，")


class FullNameStrategy(AnswerStrategy):
    """ "“百千万工程”的全称是什么": a report names a programme in full once, in quotes
    ("“百县千镇万村高质量发展工程”"), and by its short name after; the full name keeps the short
    name's characters in order, from its first to its last. The sentence that names it answers."""

    def __init__(self, shortest: int) -> None:
        self.shortest = shortest

    def draft(self, reading: Reading) -> Draft | None:
        short = reading.frame.short_name
        if short is None:
            return None
        docs = reading.ctx.documents(reading.year)
        # "广东百千万工程": the question's words before the name may be a place's
        for start in range(len(short) - self.shortest + 1):
            found = _full_name(short[start:], docs)
            if found is not None:
                return Draft([found], True, reading.hits)
        return None


_QUOTED_NAME = re.compile(r"“([^“”]{3,40})”")


def _full_name(short: str, docs: Sequence[ParsedDocument]) -> Part | None:
    """The first heading or sentence that quotes a longer name spelling out ``short`` (a heading
    is cited with its first passage)."""
    for doc in docs:
        for node in walk(doc):
            chunk = first_chunk(doc, node)
            if chunk is not None and _spelled_out_at(short, node.section.title) is not None:
                return Part(node.section.title, chunk)
        for chunk in doc.chunks:
            text = chunk.text
            at = _spelled_out_at(short, text)
            if at is not None:
                start = max(text.rfind(c, 0, at) for c in "。！？\n") + 1
                ends = [i for i in (text.find(c, at) for c in "。！？\n") if i >= 0]
                return Part(text[start : min(ends) if ends else len(text)].strip(), chunk)
    return None


def _spelled_out_at(short: str, text: str) -> int | None:
    """Where ``text`` quotes a longer name that keeps every character of ``short`` in order, from
    its first to its last ("百千万工程" in "“百县千镇万村高质量发展工程”")."""
    for m in _QUOTED_NAME.finditer(text):
        name = m.group(1)
        if len(name) > len(short) and name[0] == short[0] and name[-1] == short[-1]:
            rest = iter(name)
            if all(ch in rest for ch in short):
                return m.start()
    return None


class GlossaryStrategy(AnswerStrategy):
    """ "“三通一码”是啥", "“三医联动一张网”是什么意思": a report explains its coined names in a
    glossary at its end ("5.“三通一码”：赣服通、赣政通、赣企通、赣通码。", "［9］三医联动一张网：¶
    推进医疗、医保、医药…"), a line that opens on the name and a colon. Asked what a name the
    question quotes is, the explanation answers, not a sentence that only uses the name."""

    def draft(self, reading: Reading) -> Draft | None:
        frame = reading.frame
        if not frame.asks_meaning:
            return None
        for name in frame.quoted_titles:
            for doc in reading.ctx.documents(reading.year):
                found = glossary_entry(name, doc)
                if found is not None:
                    return Draft([found], True, reading.hits)
        return None


# A glossary entry: its number ("5.", "［9］", "[9]"), the quoted or bare name, at most a few words
# more ("“四级三类”国土空间规划"), a colon, and the explanation there or on the next line. Ingest
# keeps a report's glossary as the notes of the passages that use the names (the number left out).
# Words after the name that end on 是/为 before the colon state something of it ("“十五五”发展的
# 指导思想是：…", "…的主要目标为：…"), a sentence of the body, not an entry explaining the name
# (a bare "是" right after it still explains it: "“两廊一屏”是：…").
_GLOSSARY_NUMBER = r"(?:[［\[]\d{1,3}[］\]]|\d{1,3}\s*[.．、])?"
_GLOSSARY_MORE_CHARS = 10
_GLOSSARY_MORE = rf"(?:是|[^：:\n。]{{0,{_GLOSSARY_MORE_CHARS - 1}}}[^：:\n。是为])?"


def glossary_entry(name: str, doc: ParsedDocument) -> Part | None:
    """The explanation of ``name`` in ``doc``'s glossary, cited with the passage whose note it is
    (or, where the glossary stays in the text, the passage that holds it)."""
    line = re.compile(
        rf"(?m)^[ \t\u3000]*{_GLOSSARY_NUMBER}[ \t\u3000]*[“\"]?{re.escape(name)}[”\"]?"
        rf"{_GLOSSARY_MORE}[：:][ \t\u3000]*\n?[ \t\u3000]*(?P<said>[^\n]+)"
    )
    for chunk in doc.chunks:
        for text in (*chunk.notes, chunk.text):
            m = line.search(text)
            said = m.group("said").strip() if m is not None else ""
            if said:
                return Part(said, chunk, f"{name}：")
    return None


class SectionStrategy(AnswerStrategy):
    """ "第一部分的第（一）节讲的是什么", "关于科技创新的那一节": the section, from the outline."""

    def __init__(self, outline: OutlineAnswerer, settings: Settings | None = None) -> None:
        self.outline = outline
        self.settings = settings

    def draft(self, reading: Reading) -> Draft | None:
        found = self.found(reading)
        if found is not None and not of_other_year(reading.frame, found.node.section):
            return outline_draft(found, reading.hits)
        # no heading of the asked year's parts names it ("2025年报告里生态环保在哪一部分讲" where
        # only the review's "（六）生态质量持续提升" does): the part holding the passage that
        # answers it, the year's own part first; else that heading
        quoted = self._part_of_quote(reading)
        if quoted is None and found is not None:
            return outline_draft(found, reading.hits)
        return quoted

    def _part_of_quote(self, reading: Reading) -> Draft | None:
        """ "讲生态环境保护的是哪一部分" where no heading names it ("（七）聚力打造美丽中国样板" ¶
        "保持一流生态环境。"): the part of the report that holds the passage answering it, named
        with that passage, rather than the passage alone."""
        frame = reading.frame
        if frame.aspect != SECTION_Q or not frame.names_part or reading.query.sections:
            return None
        ext = reading.extraction()
        best = ext.best
        if not ext.answerable or best is None or self.settings is None:
            return None
        if len(frame.years) == 1 and not _of_year_only(best, frame.years[0]):
            # "2026年报告讲X的是哪一部分": the year's own part (its work plan), not the five-year one
            floor = (best.coverage or 0.0) * self.settings.answer_section_part_ratio
            best = next(
                (
                    sp
                    for sp in ext.ranked[1 : self.settings.answer_section_part_candidates]
                    if sp.piece.note is None
                    and _of_year_only(sp, frame.years[0])
                    and (sp.coverage or 0.0) >= floor
                ),
                best,
            )
        chunk = best.piece.chunk
        if not chunk.heading_path:
            return None
        for doc in reading.ctx.documents(chunk.year, chunk.doc_id):
            node = next((n for n in walk(doc) if n.titles == chunk.heading_path), None)
            if node is not None:
                return Draft([Part(f"{node.label}：{best.quote}", chunk)], True, reading.hits)
        return None

    def found(self, reading: Reading) -> OutlineAnswer | None:
        frame = reading.frame
        if frame.aspect not in ("section", LIST_Q, FACT_Q):
            return None
        return self.outline.section_answer(frame, reading.query, reading.ctx.documents(reading.year))


def _of_year_only(sp: ScoredPiece, year: int) -> bool:
    covers = sp.piece.chunk.covers
    return covers is not None and covers.years == (year,)


def names_asked_places(frame: QuestionFrame, text: str) -> bool:
    """Whether ``text`` names every city or county inside a stored place that the question asks a
    figure of (any other place named, for any question), as a quote must (``ExtractiveAnswerer``):
    a province's list of targets is no answer to "三亚接待游客的目标是多少"."""
    inner = frame.scope.inner if frame.scope is not None else ()
    asked = [
        p
        for p in frame.sub_places
        if frame.is_figure_question or p not in inner or p in frame.compared_places
    ]
    return all(place_stem(p) in text for p in asked)


class UnnamedStrategy(AnswerStrategy):
    """What the question is about that no report read so much as names: a counted list it quotes
    ("“五大战略”是哪五个" of a report without that name) or a city inside a stored province that
    the province's report never mentions ("四川宜宾2026年重点工作有哪些"). Nothing read is about
    it; the report's own lists and sentences are of something else, and are not quoted for it."""

    def draft(self, reading: Reading) -> Draft | None:
        frame = reading.frame
        lists = quoted_names(frame) if frame.aspect == LIST_Q or frame.ordinal is not None else ()
        if not lists and not frame.sub_places:
            return None
        docs = reading.ctx.documents(reading.year)
        said = [_said(doc) for doc in docs]
        # a place as a report names it in passing ("宜宾" of 宜宾市); a zone has longer forms
        # ("现代物流产业开发区" for 物流开发区) that other strategies look for
        places = [p for p in frame.sub_places if not is_zone(p)]
        named = [(n, n) for n in lists] + [(p, place_stem(p)) for p in places]
        missing = [n for n, words in named if not any(words in text for text in said)]
        if not docs or not missing:
            return None
        return refusal(frame, reading.hits, REASON_UNNAMED, f"报告没有提到“{missing[0]}”。")


def _said(doc: ParsedDocument) -> str:
    """Everything a report says (its text, its notes), without the spaces a layout breaks lines with."""
    return _unspaced(doc.text, (*doc.notes, *(n for c in doc.chunks for n in c.notes)))


@lru_cache(maxsize=64)  # by the report's text, as the passages' pieces: not rebuilt per question
def _unspaced(text: str, notes: tuple[str, ...]) -> str:
    return re.sub(r"\s+", "", text + "".join(notes))


class EnumerationStrategy(AnswerStrategy):
    """ "主要预期目标有哪些", "要做好哪几个方面", "第一项是什么": the report's own list (sub-headings,
    一是/二是 markers, "——" paragraphs, a colon list), items in order, each cited; an ordinal
    question gets the items it asks for."""

    def __init__(self, lists: ListAnswerer) -> None:
        self.lists = lists

    def draft(self, reading: Reading) -> Draft | None:
        frame = reading.frame
        docs = reading.ctx.documents(reading.year)
        found = self.lists.best(frame, reading.hits, docs)
        if found is None and frame.aspect == LIST_Q:
            # the sentence that answers best announces a list in words the question does not use
            ext = reading.extraction()
            if ext.answerable and ext.best is not None and ext.best.piece.note is None:
                found = self.lists.announced_by(frame, ext.best.piece.chunk, ext.best.quote, docs)
                if found is None and frame.asks_ways:
                    found = self.lists.holding(frame, ext.best.piece.chunk, ext.best.piece.start, docs)
        if found is None:
            return None
        if found.beyond:
            note = self.lists.beyond_note(frame, found.enumeration)
            return refusal(frame, list(reading.hits), REASON_BEYOND_LIST, note)
        e = found.enumeration
        words = e.head + e.heading + e.about + e.lead + "".join(i.text for i in e.items)
        if _targets_stated_elsewhere(frame, words, reading.hits):
            return None  # the quote strategy answers with the sentence that states them
        other = _other_counted_list(frame, len(e.items), words)
        if other:
            return refusal(frame, list(reading.hits), REASON_UNLISTED, f"报告没有列出“{other}”。")
        parts = self.lists.parts(frame, found.enumeration, docs)
        if not names_asked_places(frame, "".join(p.prefix + p.text for p in parts)):
            return None
        return Draft(parts, True, list(reading.hits))


# The kind of item a question on targets asks ("主要目标有哪些", "预期目标是什么"): a report often states
# its targets in a sentence ("《纲要》提出了…的主要目标，到2030年，…"), not as numbered items.
_TARGET_KIND = "目标"
# The targets as the question names them ("主要目标", "预期目标"), which the stating sentence repeats.
_TARGETS_NAMED = re.compile(rf"[\u4e00-\u9fff]{{0,2}}{_TARGET_KIND}")


def _targets_stated_elsewhere(frame: QuestionFrame, words: str, hits: Sequence[Hit]) -> bool:
    """A list found for a question on targets that never names them as asked ("主要目标" nowhere in
    its announcing words, section or items: "突出了以下四个方面", "提出了15个方面的重点任务"), where a
    passage read does ("…的主要目标，到2030年，…"): the sentence stating them answers, not a list of
    something else."""
    named = _TARGETS_NAMED.search(frame.topic)
    if list_kind(frame) != _TARGET_KIND or named is None or named.group(0) in words:
        return False
    return any(named.group(0) in h.chunk.text for h in hits)


def _other_counted_list(frame: QuestionFrame, count: int, words: str) -> str:
    """ "十件民生实事是哪些" answered with the year's eight tasks: the question counts its list and
    names the kind of its items, and the list found has another ``count`` of items and its
    ``words`` (its announcing words, section, items) never name that kind: it is another list.
    The list asked, as the question names it ("十件民生实事"); "" when the list found may be it."""
    n, kind = frame.item_count, list_kind(frame)
    if frame.ordinal is not None or n is None or kind is None or n == count or kind in words:
        return ""
    return frame.counted_as(kind)


class HeadingListStrategy(AnswerStrategy):
    """A list whose items are headings ("四大工程有哪些"): the headings, when they match the
    question better than any sentence does."""

    def __init__(self, outline: OutlineAnswerer) -> None:
        self.outline = outline

    def draft(self, reading: Reading) -> Draft | None:
        frame = reading.frame
        if frame.aspect not in (LIST_Q, AMOUNT_Q):
            return None
        listed = self.outline.heading_list(frame, reading.ctx.documents(reading.year))
        if listed is None:
            return None
        ext = reading.extraction()
        if ext.answerable and ext.best is not None and (ext.best.coverage or 0) >= listed.score:
            return None
        draft = outline_draft(listed, reading.hits)
        if not names_asked_places(frame, "".join(p.prefix + p.text for p in draft.parts)):
            return None
        items = listed.node.section.children
        count = len(listed.item_chunks) or len(items)
        other = _other_counted_list(frame, count, outline_text(listed) + "".join(c.title for c in items))
        if other:
            return refusal(frame, list(reading.hits), REASON_UNLISTED, f"报告没有列出“{other}”。")
        return draft


class QuoteStrategy(AnswerStrategy):
    """The sentence or clause that answers (a figure with what it measures, a passage), with a
    second sentence when the first lacks part of what was asked; else a refusal."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def draft(self, reading: Reading) -> Draft | None:
        ext = reading.extraction()
        if not ext.answerable or ext.best is None:
            draft = refusal(reading.frame, reading.hits, ext.reason or "证据不足", "")
        else:
            parts = self.parts(reading, ext)
            note = self._unlisted(reading.frame, parts)
            if note:
                draft = refusal(reading.frame, reading.hits, REASON_UNLISTED, note)
            else:
                draft = Draft(parts, True, reading.hits)
        draft.evidence = ext.evidence
        return draft

    def _unlisted(self, frame: QuestionFrame, parts: Sequence[Part]) -> str:
        """ "“十张网”分别是哪十张网", "28项民生实事具体是哪28项": a list asked by its count, which the
        passage only names by that count ("以“十张网”为牵引", "实施民生实事28项") and does not spell
        out; or "十大民生实事分别是什么", which the passage neither counts nor spells out (the
        sentence is about something else). Why it is refused, naming the list; else ""."""
        n = frame.item_count
        if frame.aspect != LIST_Q or frame.ordinal is not None or n is None:
            return ""
        if n < self.settings.answer_unlisted_min_count:
            return ""
        text = "".join(p.prefix + p.text for p in parts)
        count = list_count(n)
        # "民生实事28项", "“四个创建”": the count with the words around it; the one the question says
        said = [
            m.group(0) for m in re.finditer(rf"[\u4e00-\u9fff]{{0,4}}{count}[\u4e00-\u9fff]{{0,4}}", text)
        ]
        # The items are spelled out in the clause that counts them ("A、B、C等十件民生实事"), or
        # one to a clause or part after it ("十件民生实事：A；B；C"); uncounted, in any clause.
        clauses = [c for c in re.split(r"[，,。；;：:！？]", text) if not said or any(w in c for w in said)]
        within = max((len(c.split("、")) for c in clauses), default=1)
        listed = max(within, len(re.split(r"[；;]", text.strip("；;。 "))), len(parts))
        if listed >= n * self.settings.answer_unlisted_item_share:
            return ""
        asked = frame.counted_list
        if said:
            named = next((w for w in said if asked is not None and asked[:3] in w), said[0])
            return f"报告提到了“{named}”，但没有逐一列出是哪些。"
        if asked is None:
            return ""
        # "十大民生实事分别是什么": the list's name, without how it is asked after it
        return "报告没有列出“" + re.sub(r"(?:分别|具体|都|是|有|包括|包含).*$", "", asked) + "”。"

    def parts(self, reading: Reading, ext: Extraction) -> list[Part]:
        frame = reading.frame
        assert ext.best is not None
        parts = [Part(item_quote(frame, ext.best), ext.best.piece.chunk)]
        more = self._second_piece(frame, ext)
        beside = None if more else ext.own_level_beside(frame)
        second = more or beside
        if second is not None:
            parts.append(Part(second.quote, second.piece.chunk))
        if beside is not None:
            # "全市：…；市本级：…": two figures of one indicator say whose money each is.
            whole, own = _level_words(ext.best.piece.chunk)
            for part, word in zip(parts, (whole, own), strict=True):
                if word and word not in part.text:
                    part.prefix = f"{word}："
        measure = self._measure_after(frame, ext.best, reading.ctx) if len(parts) == 1 else None
        if measure is not None:
            parts.append(measure)
        if frame.aspect == WHY_Q and not any(states_cause(p.text) for p in parts):
            # "为什么要稳定就业" best matched by the headline "稳定和扩大就业": a piece among the
            # next ones that states a cause and still names what is asked answers the why.
            cause = _cause_piece(
                ext, self.settings.answer_rule_retry_candidates, self.settings.answer_why_min_coverage
            )
            if cause is not None:
                parts = [Part(cause.quote, cause.piece.chunk)]
        if frame.aspect == WHY_Q and not any(states_cause(p.text) for p in parts):
            # The passage on what was asked, but no reason in it: the reader is told the report
            # gives none rather than left to take the quote for one.
            parts[0].prefix = "报告没有说明原因，相关内容是："
        if frame.asks_how and len(parts) == 1:
            how = _paragraph_rest(ext.best, self.settings.answer_how_more_chars)
            if how is not None:
                parts.append(how)
        if frame.aspect == LIST_Q:
            items = _announced_items(ext.best, reading.ctx)
            titled = None if items else self._titled(ext.best, second)
            if items:
                parts[0] = Part(f"{ext.best.quote.rstrip('：:。')}：{items}", ext.best.piece.chunk)
            elif titled is not None:
                # the headline and the sentences it titles, the best one and the second among them
                head, spans = titled
                source = head.piece.source
                said = "；".join(source[a:b].strip().rstrip("。；;") for a, b in spans)
                parts = [Part(f"{head.quote.rstrip('：:。')}：{said}", head.piece.chunk)]
                if second is not None and not _within(second.piece, head.piece, spans):
                    parts.append(Part(second.quote, second.piece.chunk))
            elif len(parts) == 1:
                rest = _cut_sentence_rest(ext.best, reading.ctx)
                limit = self.settings.answer_list_continuation_max_chars
                if rest is not None and len(parts[0].text) + len(rest.text) <= limit:
                    parts.append(rest)
        return parts

    @staticmethod
    def _measure_after(frame: QuestionFrame, best: ScoredPiece, ctx: AnswerContext) -> Part | None:
        """ "家里请保姆护工难，政府有啥办法": a report states a need or a problem ("…“好护工”不好找、
        用不起、留不住") and then, in the next sentence of its paragraph, what is to be done about it
        ("要围绕养老托育、家政服务等领域，开展…技能培训"). Asked what is done, a quote that states no
        measure is followed by that next sentence when it opens on one (in the next passage where
        the paragraph was cut for length after the quote)."""
        piece = best.piece
        if (
            not frame.asks_how
            or frame.is_figure_question
            or piece.level != "sentence"
            or piece.note is not None
        ):
            return None
        if _MEASURE_CLAUSE.search(piece.text):
            return None  # the quote says what is done itself
        chunk, rest = piece.chunk, piece.source[piece.end :]
        if "\n" in rest[: len(rest) - len(rest.lstrip())]:
            return None  # the paragraph ends with the quote
        if rest.strip():
            at = piece.end + len(rest) - len(rest.lstrip())
        else:
            following = _next_in_paragraph(chunk, ctx)
            if following is None:
                return None
            chunk, at = following, 0
        nxt = next((p for p in split_pieces(chunk, 0, False) if p.note is None and p.start == at), None)
        if nxt is None or nxt.level != "sentence" or not _MEASURE_OPENING.match(nxt.text):
            return None
        return Part(nxt.text.strip().rstrip("。！？!?"), chunk)

    def _titled(
        self, best: ScoredPiece, second: ScoredPiece | None
    ) -> tuple[ScoredPiece, list[tuple[int, int]]] | None:
        """ "在促进就业增收上都有哪些举措": a headline ("全力促进就业增收。") that the sentences after
        it in its paragraph spell out, found as the best piece or as the second one over the best
        ("促进国家级经开区示范提升。" over "健全市场化管理体制，…"): those sentences are the items
        asked for. The headline and its items' spans, None when neither piece is such a headline."""
        limit = self.settings.answer_headline_items_chars
        for sp in (best, second):
            piece = sp.piece if sp is not None else None
            if sp is None or piece is None or piece.level != "sentence":
                continue
            spans = headline_items(piece.source, piece.start, piece.end, limit)
            if spans and (sp is best or _within(best.piece, piece, spans)):
                return sp, spans
        return None

    def _second_piece(self, frame: QuestionFrame, ext: Extraction) -> ScoredPiece | None:
        """A second sentence when the question asks for two things the best one lacks
        (a list that runs on, or a fact question whose best sentence is short)."""
        best = ext.best
        if best is None or frame.is_figure_question or best.coverage is None:
            return None
        if frame.aspect == LIST_Q:
            parts = self._breakdown(best, ext)
            if parts is not None:
                return parts
        if frame.aspect not in (LIST_Q, FACT_Q) or best.coverage >= self.settings.answer_full_coverage:
            return None
        best_text = best.piece.text
        for sp in ext.ranked[1:6]:
            if sp.piece.chunk.chunk_id != best.piece.chunk.chunk_id or sp.piece.level != "sentence":
                continue
            if sp.piece.text in best_text or best_text in sp.piece.text:
                continue
            close = (sp.coverage or 0) >= best.coverage * self.settings.answer_second_quote_ratio
            if close and len(best.quote) + len(sp.quote) < self.settings.answer_two_quotes_max_chars:
                return sp
        return None

    def _breakdown(self, best: ScoredPiece, ext: Extraction) -> ScoredPiece | None:
        """The sentence right after the best one that breaks it down ("“三公”经费为3400万元。
        其中：因公出国（境）经费100万元，公务接待费780万元，…"): asked what something is made of
        ("分哪几块"), its parts are the list, whatever words they use."""
        source = best.piece.source
        rest = source[best.piece.end :]
        if not _BREAKDOWN.match(rest) or best.piece.level != "sentence":
            return None
        start = best.piece.end + len(rest) - len(rest.lstrip())
        for sp in ext.ranked:
            piece = sp.piece
            same_source = piece.chunk.chunk_id == best.piece.chunk.chunk_id and piece.note == best.piece.note
            if same_source and piece.start == start and piece.level == "sentence":
                fits = len(best.quote) + len(sp.quote) < self.settings.answer_two_quotes_max_chars
                return sp if fits else None
        return None


# A work report says what is to be done with "要…", "必须…", "将…" opening a clause (a sentence that
# only states a need or a problem has none).
_MEASURE_OPENING = re.compile(r"\s*(?:要|必须|将|着力|力争)")
_MEASURE_CLAUSE = re.compile(r"(?:^|[，,；;：:。])\s*(?:要|必须|将|着力|力争)")


def _within(piece: Piece, head: Piece, spans: Sequence[tuple[int, int]]) -> bool:
    """``piece`` is one of the sentences (``spans``) the headline ``head`` titles, or ``head``."""
    same = piece.chunk.chunk_id == head.chunk.chunk_id and piece.note == head.note
    return same and head.start <= piece.start < spans[-1][1]


# A sentence that opens on "其中" gives the parts of the one before it.
_BREAKDOWN = re.compile(r"^\s*其中[：:，,]")


def _announced_items(best: ScoredPiece, ctx: AnswerContext) -> str:
    """ "重点做好以下五个方面的工作：" is followed by headings, not sentences: list them."""
    quote = best.piece.text.strip()
    if not re.search(r"[：:]$|以下|如下", quote):
        return ""
    if best.piece.source[best.piece.end :].strip():
        return ""  # "要把握以下几个方面。一要…二要…": the items follow in its own paragraph
    chunk = best.piece.chunk
    for doc in ctx.documents(chunk.year, chunk.doc_id):
        for node in walk(doc):
            if node.titles == chunk.heading_path and node.section.children:
                return "；".join(f"{c.number}{c.title}" for c in node.section.children)
    return ""


# Where a sentence ends; a passage cut for length ends without one.
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*\s*$")


def _next_in_paragraph(chunk: Chunk, ctx: AnswerContext) -> Chunk | None:
    """The passage that goes on with ``chunk``'s paragraph (one cut for length), or None."""
    for doc in ctx.documents(None, chunk.doc_id):
        following = [c for c in doc.chunks if c.start >= chunk.end and c.heading_path == chunk.heading_path]
        if not following:
            return None
        after = min(following, key=lambda c: c.start)
        return None if "\n" in doc.text[chunk.end : after.start] else after
    return None


def _paragraph_rest(best: ScoredPiece, limit: int) -> Part | None:
    """The whole sentences after the quote in its paragraph, up to ``limit`` characters: asked how
    a figure is to be reached, the sentence that names it is seldom the one that says how."""
    piece = best.piece
    if piece.note is not None:
        return None
    rest = piece.source[piece.end :].split("\n", 1)[0]
    taken = 0
    for m in re.finditer(r"[^。！？!?]*[。！？!?]", rest):
        if m.end() > limit:
            break
        taken = m.end()
    text = rest[:taken].strip().rstrip("。！？!?")
    return Part(text, piece.chunk) if text else None


def _cut_sentence_rest(best: ScoredPiece, ctx: AnswerContext) -> Part | None:
    """The rest of a sentence that runs past the end of its passage (a paragraph cut for length):
    the next passage's opening up to its first full stop, when it goes on in the same paragraph."""
    piece, chunk = best.piece, best.piece.chunk
    if piece.note is not None or chunk.text[piece.end :].strip() or _SENTENCE_END.search(chunk.text):
        return None
    after = _next_in_paragraph(chunk, ctx)
    if after is None:
        return None  # a new paragraph: the sentence ended with its passage after all
    end = re.search(r"[。！？!?]", after.text)
    text = after.text[: end.end() if end else len(after.text)].strip()
    return Part(text.rstrip("。！？!?"), after) if text else None


class ScopedDrafter:
    """Runs the strategies over one scope's passages; the first draft wins."""

    def __init__(self, settings: Settings, extractor: ExtractiveAnswerer, outline: OutlineAnswerer) -> None:
        self.settings = settings
        self.extractor = extractor
        self.front = FrontMatterStrategy(extractor, settings.answer_full_coverage)
        self.section = SectionStrategy(outline, settings)
        self.quote = QuoteStrategy(settings)
        self.heading_list = HeadingListStrategy(outline)
        self.lists = ListAnswerer(settings)
        self.chain: list[AnswerStrategy] = [
            self.front,
            # a short name's full name is spelt out, not written as asked: before the unnamed refusal
            FullNameStrategy(settings.answer_full_name_min_chars),
            GlossaryStrategy(),
            UnnamedStrategy(),
            # Before the outline's section: "第一项" is also read as a numbered heading.
            EnumerationStrategy(self.lists),
            self.section,
            self.heading_list,
            self.quote,
        ]

    def reading(
        self,
        frame: QuestionFrame,
        query: ParsedQuery,
        hits: list[Hit],
        ctx: AnswerContext,
        year: int | None = None,
        foreign_years: Sequence[int] = (),
    ) -> Reading:
        return Reading(frame, query, hits, ctx, year, foreign_years, self.extractor)

    def draft(self, reading: Reading) -> Draft:
        for strategy in self.chain:
            if strategy is self.heading_list:
                # Paragraphs under a heading the question names join the passages once the
                # structural strategies have passed.
                reading.hits = reading.hits + self.heading_matches(reading)
            found = strategy.draft(reading)
            if found is not None:
                return found
        raise AssertionError("QuoteStrategy always drafts")

    def heading_matches(self, reading: Reading) -> list[Hit]:
        """Paragraphs under a heading the question names ("“全域创新”枢纽工程…由哪个区域承担"):
        the heading says what the paragraph is about even when the paragraph does not repeat it."""
        frame, hits = reading.frame, reading.hits
        if not frame.terms:
            return []
        have = {h.chunk.chunk_id for h in hits}
        found: list[tuple[float, Chunk]] = []
        for doc in reading.ctx.documents(reading.year):
            for node in walk(doc):
                score = coverage(frame.terms, node.section.title) or 0.0
                if score < self.settings.answer_heading_coverage:
                    continue
                chunk = first_chunk(doc, node)
                if chunk is not None and chunk.chunk_id not in have:
                    have.add(chunk.chunk_id)
                    found.append((score, chunk))
        found.sort(key=lambda x: -x[0])
        return [
            Hit(c, 0.0, {"bm25": None, "dense": None})
            for _, c in found[: self.settings.answer_heading_passages]
        ]


PlaceFigure = tuple[str, Figure, FigureRange]  # a place, the figure its quote gives, the span it states


class PlaceComparisonStrategy:
    """``上海和四川2025年GDP分别是多少``, ``2026年各省的GDP增长目标分别是多少``: one answer per place,
    each quoted and cited from that place's own report; places whose report does not state it are
    listed as such; with "哪个最高/更好" the place whose figure leads is named when the figures
    share a unit."""

    def __init__(self, drafter: ScopedDrafter, frames: QuestionFrameBuilder) -> None:
        self.drafter = drafter
        self.frames = frames

    def draft(self, frame: QuestionFrame, ctx: AnswerContext) -> Draft | None:
        scope = frame.scope
        if scope is None or len(scope.places) < 2 or ctx.doc_id is not None:
            return None
        parts: list[Part] = []
        all_hits: list[list[Hit]] = []
        part_frame = self.frames.without_places(frame)
        query = part_frame.query
        assert query is not None
        years = frozenset(scope.years) if scope.years else None
        # One year asked: each place is read as a question of that year (its review part's
        # figure before a figure the report gives over other years), as a single place would be.
        year = next(iter(years)) if years is not None and len(years) == 1 else None
        figures: list[PlaceFigure] = []
        missing: list[str] = []
        rows: list[PlaceRow] = []
        for group in scope.places:
            sub = ctx.narrowed(group.doc_ids, years)
            hits = sub.search(query, year)
            all_hits.append(hits)
            reading = self.drafter.reading(part_frame, query, hits, sub, year)
            draft = self.drafter.draft(reading)
            label = f"{group.key}："
            if (
                draft.answerable
                and draft.parts
                and draft.parts[0].chunk is not None
                and (_gives_asked_kind(part_frame, draft.parts[0].text))
            ):
                first = draft.parts[0]
                parts.append(Part(first.text, first.chunk, label + first.prefix))
                parts.extend(draft.parts[1:2])
                figure = _quoted_figure(part_frame, first.text)
                span = figure_range(first.text, figure) if figure is not None else None
                if figure is not None and span is not None:
                    figures.append((group.key, figure, span))
                rows.append(PlaceRow(group.key, _figure_clause(first.text, figure), first.chunk))
            else:
                missing.append(group.key)
                rows.append(PlaceRow(group.key))
        if not parts:
            return refusal(frame, interleave(all_hits), "各地的报告都没有相应内容", "")
        if missing:
            parts.append(Part(f"{'、'.join(missing)}的报告中没有找到相关内容", None, ""))
        # Which place leads only when every place answered gives a figure: one without might lead.
        answered = len(scope.places) - len(missing)
        lead = _leader(frame.superlative, figures, len(scope.places)) if len(figures) == answered else ""
        if lead:
            parts.append(Part(lead))
        return Draft(parts, True, interleave(all_hits), rows=rows, note=lead)


def _gives_asked_kind(frame: QuestionFrame, quote: str) -> bool:
    """A place's quote in a comparison of figures: one whose figures are all of another kind than
    the asked one ("城镇新增就业120万人" for a growth target) states another indicator, not this
    place's figure; a quote without figures (a target in words) still answers."""
    figures = find_figures(quote)
    return not frame.wants or not figures or any(f.kind in frame.wants for f in figures)


def _quoted_figure(frame: QuestionFrame, quote: str) -> Figure | None:
    """The figure a place's quote gives for the asked indicator: the first figure of an asked kind
    after the last place a key term of the question occurs ("PM2.5浓度11.8微克/立方米", not the
    优良天数比例 before it)."""
    figures = find_figures(quote)
    if not figures:
        return None
    # Only the indicator's words (the heaviest term) mark where its figure starts: a qualifier's
    # word may recur after the figure ("目标…增长5%左右，努力争取更好结果" holds 力争).
    heaviest = max((t.weight for t in frame.terms), default=0.0)
    at = -1
    for term in frame.terms:
        if term.weight < max(1.0, heaviest):
            continue
        for alt in term.alternatives:
            at = max(at, quote.rfind(alt))
    after = [f for f in figures if f.start > at] if at >= 0 else figures
    wanted = [f for f in after if not frame.wants or f.kind in frame.wants]
    chosen = wanted or after
    return chosen[0] if chosen else None


def _level_words(chunk: Chunk) -> tuple[str, str]:
    """ "全市", "市本级" for a city's report: the whole place and the government's own level."""
    return level_words(chunk.place)


_CLAUSE_END = "，。；：,;:"


def _figure_clause(quote: str, figure: Figure | None) -> str:
    """The clause of a quote that states its figure ("地区生产总值增长6%左右" out of a sentence listing
    every target): a table cell short enough to compare at a glance; the whole quote without one."""
    text = quote.rstrip("。；;，, ")
    if figure is None:
        return text
    start = max((text.rfind(c, 0, figure.start) for c in _CLAUSE_END), default=-1) + 1
    ends = [i for i in (text.find(c, figure.start) for c in _CLAUSE_END) if i >= 0]
    return text[start : min(ends, default=len(text))].strip()


_DOWN = ("低", "少", "小", "慢")


def _scale(figure: Figure) -> Decimal:
    """What the figure's number is multiplied by to be in its unit without magnitude (亿元 → 1e8)."""
    value, base = figure.value, figure.base
    return base[0] / value if value and base is not None else Decimal(1)


def _leader(
    superlative: str | None, figures: Sequence[tuple[str, Figure, FigureRange]], asked: int = 0
) -> str:
    """ "海南省最高（6%）": which place leads, when every place's figure shares a unit and one place
    leads whichever end of a range is read ("4.5%—5%" does not lead "5%"; "6%" leads "5%-5.5%")."""
    if not superlative or len(figures) < 2:
        return ""
    # Compared in the unit without its magnitude: 8.29亿元 and 82,900万元 are one amount.
    bases = {(f.base[1], f.kind) if f.base is not None else None for _, f, _ in figures}
    if len(bases) != 1 or None in bases:
        return ""
    spans = [(place, span, span.low * _scale(f), span.high * _scale(f)) for place, f, span in figures]
    low = superlative.endswith(_DOWN)
    # Highest: the best lower end must beat every other place's upper end (lowest: mirrored).
    if low:
        place, span, lo, hi = min(spans, key=lambda x: x[3])
        clear = all(hi < other[2] for other in spans if other[0] != place)
    else:
        place, span, lo, hi = max(spans, key=lambda x: x[2])
        clear = all(lo > other[3] for other in spans if other[0] != place)
    if not clear:
        return ""
    # Among more than two places asked (one may state no figure) it is the highest, of two the higher.
    word = ("最低" if low else "最高") if max(asked, len(figures)) > 2 else ("较低" if low else "较高")
    return f"按数值比较，{place}{word}（{span.text}）"


class YearComparisonStrategy:
    """One quote per year, each cited from that year's report, and the difference."""

    def __init__(self, drafter: ScopedDrafter, frames: QuestionFrameBuilder) -> None:
        self.drafter = drafter
        self.frames = frames

    def draft(self, frame: QuestionFrame, years: Sequence[int], ctx: AnswerContext) -> Draft:
        parts: list[Part] = []
        all_hits: list[list[Hit]] = []
        found: list[tuple[int, Extraction, QuestionFrame]] = []
        for y in sorted(years):
            yframe = self.frames.one_year(frame, y)
            query = yframe.query
            assert query is not None
            hits = ctx.search(query, y)
            all_hits.append(hits)
            reading = self.drafter.reading(yframe, query, hits, ctx, y)
            front = self.drafter.front.part(reading)
            if front is not None:
                front.prefix = f"{y}年："
                parts.append(front)
                continue
            structure = self.drafter.section.found(reading)
            if structure is not None:
                parts.append(Part(outline_text(structure), structure.chunk, f"{y}年："))
                continue
            ext = reading.extraction()
            label = f"{y}年{frame.period or ''}："
            if ext.answerable and ext.best is not None:
                parts.append(Part(ext.best.quote, ext.best.piece.chunk, label))
                found.append((y, ext, yframe))
            else:
                parts.append(Part(f"报告中没有找到关于{yframe.describe()}的信息", None, ""))
        if not any(p.chunk for p in parts):
            return refusal(frame, interleave(all_hits), "两年的报告都没有相应内容", "")
        if len(found) == 2:
            (y1, e1, f1), (y2, e2, f2) = found
            a, b = e1.main_figure(f1), e2.main_figure(f2)
            change = describe_change(a, b) if a and b else None
            if change:
                parts.append(Part(f"{y2}年{frame.period or ''}比{y1}年{frame.period or ''}{change}"))
        return Draft(parts, True, interleave(all_hits))


def _cause_piece(ext: Extraction, candidates: int, min_share: float) -> ScoredPiece | None:
    """The first of the best-ranked pieces that states a cause and covers at least ``min_share`` of
    what the best one covers of the question's key terms."""
    assert ext.best is not None
    floor = (ext.best.coverage or 0.0) * min_share
    return next(
        (sp for sp in ext.ranked[:candidates] if states_cause(sp.quote) and (sp.coverage or 0.0) >= floor),
        None,
    )
