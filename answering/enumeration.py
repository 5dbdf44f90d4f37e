"""Lists the report makes in its own structure, and the items an ordinal question asks for.

A report enumerates in a few ways, all read here without regard to any question:

* the sub-headings of a heading (（一）（二）…, "一是…。" titles, 1．…), often announced by the
  paragraph above them ("重点抓好八个方面工作：");
* "一是…二是…三是…" inside a paragraph, running on into the next paragraphs of the same heading;
* paragraphs opened by "——" or "（1）" after a sentence that announces them ("突出了以下六个方面。");
* a sentence that names the list and gives it after a colon ("主要预期目标是：地区生产总值增长5%
  左右；城镇新增就业…；居民消费价格涨幅…").

Each list keeps the words that announce it (its head). ``EnumerationStrategy`` answers a list
question ("主要预期目标有哪些", "要做好哪几个方面") with the list whose head names what is asked,
items in order, each cited; an ordinal question ("第一项是什么", "前两项") with those items only.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from wenbao.answering.drafts import Part
from wenbao.answering.extractive import coverage
from wenbao.answering.figures import find_figures
from wenbao.answering.outline import OutlineNode, first_chunk, walk, year_part
from wenbao.answering.question import ITEM_KINDS, LIST_Q, QuestionFrame, Term, list_kind
from wenbao.documents import Chunk, Hit, ParsedDocument
from wenbao.index.retriever import in_plan_part
from wenbao.index.tokenizer import part_of_speech
from wenbao.ingest.metadata import HORIZON_RE, named_plan_years
from wenbao.ingest.numbering import cn_to_int, int_to_cn
from wenbao.settings import Settings

KIND_COLON = "colon"  # "主要预期目标是：A；B；C"
KIND_MARKERS = "markers"  # "一是…二是…三是…"
KIND_PARAGRAPHS = "paragraphs"  # "——…" / "（1）…" paragraphs after an announcing sentence
KIND_HEADINGS = "headings"  # the sub-headings of a heading
KIND_INLINE = "inline"  # "实施好A、B、C等三件民生实事": items inside one clause, counted after them
KIND_SENTENCES = "sentences"  # "民生实事全面完成。新增养老床位…。新建社区食堂…。": a headline and its items
KIND_NAMED = "named"  # "实施六大惠民工程。…实施就业惠民工程，…。…实施教育惠民工程…": items named as counted
# Sub-headings that all open with the same word of at least this many characters share a topic.
MIN_SHARED_OPENING = 2

_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_CN = "一二三四五六七八九十"
# "一是" opens an item after a sentence or clause end (never inside a word: "统一是"); so does
# "一要…二要…" ("要重点把握以下几个方面。一要聚焦主线。…二要夯实基础。…"), a list of its own.
_MARKER = re.compile(rf"(?<![^。；;：:！？!?，,\s])([{_CN}]{{1,3}})([是要])(?=[^\s，。、；：,])")
# Other ways a paragraph counts its items: "第一，…第二，…", "（1）…（2）…" inside it, "①…②…"
# (never "全国第一，": the number opens a sentence or clause).
_OTHER_MARKER = re.compile(
    rf"(?<![^。；;：:！？!?，,\s])(?:第([{_CN}]{{1,3}})[，,、]|[（(](\d{{1,2}})[)）](?=[^\s，。、；：,])|([①-⑳]))"
)
_DASH = re.compile(r"^\s*——")
# A paragraph numbered as an item of a list: "（1）", "1．", "1、", "一、" (never "1.5万…").
_PARAGRAPH_NUMBER = re.compile(
    r"^\s*(?:[（(](\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|(\d{1,2})[.．、](?!\d)|([一二三四五六七八九十]{1,3})、)"
)
# Body paragraphs one numbered item ("一、提高低保…标准。") may have before the next item.
_MAX_BODY_PARAGRAPHS = 3
_MAX_TITLE_CHARS = 40  # a paragraph longer than this is a passage, not an item's title
_MAX_HEADLINE_CHARS = 20  # a paragraph's opening sentence that sums up the sentences after it
# A paragraph's opening sentence that titles the paragraph ("加快国际航运中心建设，航运枢纽功能持续增强。").
_MAX_OPENING_TITLE_CHARS = 30
# Each clause of such a title is this long at least: "农稳国本，粮安天下" is a saying, not a title.
_MIN_TITLE_CLAUSE = 5
# Who speaks or when, or what it is as ("一年来，我们…", "作为…大省，"): a paragraph's opening, no title.
_NOT_A_TITLE = re.compile(
    r"我们|而且|但是|因此|所以|^(?:作为|一年来|过去一年|今年|回顾|进入|为此|同时|此外|总之)"
)
_MIN_HEADLINE_ITEMS = 2
# Sentences after a headline that open alike are its items from this many on (two alike may be
# chance: "加快…。加快…。").
_MIN_PARALLEL_ITEMS = 3
# A sentence that says a list follows: "以下…", "如下", "…：", or a short sentence that ends on
# how many there are ("突出抓好三个方面。", "今年将采取三项举措。"), unlike a statement that counts
# ("有1项目标和3项目标的部分子项未达序时进度").
_ANNOUNCES = re.compile(
    rf"以下|如下|[：:]\s*$|^.{{0,30}}[{_CN}两\d]+(?:个|项|件|条|点|大)?"
    r"(?:方面|举措|措施|任务|重点|工作|实事|目标|原则|点)(?:的?工作)?[。！]?\s*$"
)
_MAX_ANNOUNCING_CHARS = 60  # a sentence that long is a statement, not an announcement
_YEAR_NAMED = re.compile(r"((?:19|20)\d{2})年")  # a year the words announcing a list name
# How many items an announcement says follow ("突出了以下六个方面", "今年将采取三项举措").
_ANNOUNCED_COUNT = re.compile(
    rf"([{_CN}两\d]+)(?:个|项|件|条|点|大)(?:方面|举措|措施|任务|重点|工作|实事|目标|原则)"
)
# A headline that counts the things its paragraph goes on to name ("办好20件民生实事。").
_HEADLINE_COUNT = re.compile(
    rf"[{_CN}两\d]+(?:个|项|件|条|大)[\u4e00-\u9fff]{{0,4}}(?:实事|工程|行动|项目|举措|措施|任务)[。！]?$"
)
# A headline naming a set of works by a word used of several ("扎实办好民生实事。"): it announces its
# sentences as items whatever they state, as a count would.
_HEADLINE_SET = re.compile(r"实事(?:项目)?[。！]?$")
# A clause that counts what it announces ("扎扎实实办好十件民生实事", "必须着力把握好三点").
_COUNTED = re.compile(rf"[{_CN}两\d]+(?:个|项|件|条|点|大)|以下|如下")
# A list's name with its count ("五张清单", "五大战略", "八个聚焦"), as a question quotes it.
COUNTED_NAME = re.compile(rf"[{_CN}两\d]+(?:个|项|件|条|点|大|张|类|种|篇)[\u4e00-\u9fff]{{1,6}}")
# A list's name with its count as a sentence states it ("实施十大为民办实事工程项目"): count, name.
_COUNTS_BY_NAME = re.compile(rf"([{_CN}两]{{1,3}}|\d{{1,2}})(?:大|个|项|件|条|类)([\u4e00-\u9fff]{{2,12}})")
# A list counted by name holds at least this many items (two sentences naming alike may be chance).
_MIN_NAMED_ITEMS = 3
# An item named after its list shares a word of the list's name and has a word of its own before it
# ("就业惠民工程", "社保惠民工程" of 十大…工程): this many characters of it say which item it is.
_ITEM_OWN_CHARS = 2
_QUOTE_MARKS = re.compile(r"[“”\"「」『』\s]")
# What a clause's "A、B、C" items are counted as after them ("等十件民生实事", "三大盆地").
_INLINE_COUNT = re.compile(rf"(?:等|和|及)?([{_CN}两\d]+)(?:件|项|个|大|类|种|张|条)[\u4e00-\u9fff“”]{{1,8}}")
# A sentence after a colon list that explains it rather than continuing it.
_NOT_AN_ITEM = re.compile(r"^(?:这|这些|这样|上述|以上|实现|为此|为了|为|同时|但|但是|我们|其中|从|在)")
_QUOTES = '“"「『《'
_TRIM = "，,；;：:、 。"
# A clause that goes on about the item before it rather than naming another.
_GOES_ON = re.compile(r"^(?:在实际工作中|实际工作中|力争|努力|争取|并|同时|其中)")

# Score of a list against a question: the share of the question's key terms its head names
# dominates; retrieval rank, the covered year and plan-or-result break ties.
_W_COVERAGE = 10.0
_W_RANK = 2.0
_W_YEAR_MISS = 6.0
_W_SPAN = 2.0
_W_PART = 1.5
_W_COUNT = 3.0
_MAX_ITEM_PARAGRAPHS = 2  # paragraphs one "一是…" item may run over before the next marker
_ONE_PART_SPAN = 2  # a part covering more years is a multi-year review or plan
_MIN_SHARING_ITEMS = 3  # words every item of a shorter list says may be chance
# Paragraphs that open with the same words at least this long ("我们的信心来源于…", "五年来，我们…")
# are a list of what those words say, though no sentence announces it; shorter shared openings
# ("加快…", "要…") are chance.
_MIN_PARALLEL_OPENING = 4
# ... with at most so many paragraphs from one such paragraph to the next (the body of each).
_MAX_PARALLEL_GAP = 12
# A shared opening that only says when ("“十五五”时期", "2026年") or names the document spoken of
# ("《纲要草案》") is no topic the paragraphs list.
_NO_TOPIC = re.compile(r"[“\"]?(?:十[一二三四五六七八九]五|\d{4}年)[”\"]?(?:时期|期间|以来)?|《[^》]+》")
# A shared opening that calls out to the audience ("各位代表！") opens speeches, not items.
_CALL_OUT = re.compile(r"^各位|[！!]")
_SHARED_SHARE = 0.75  # "…这一中心工作", "…这一首要任务", …, "…这三大动力": nearly all items say it


@dataclass(frozen=True)
class Item:
    """One item of a list: a span of ``chunk`` (its exact words), or a heading (``label``) whose
    first paragraph is ``chunk``."""

    chunk: Chunk
    start: int = 0
    end: int = 0
    label: str = ""
    note: int | None = None  # the span is in the chunk's footnote of this index

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        return _source(self.chunk, self.note)[self.start : self.end].strip().rstrip(_TRIM)


@dataclass(frozen=True)
class Enumeration:
    kind: str
    head: str  # the words that announce the list: what the question's terms are looked for in
    heading: str  # the title of the section it sits in (weaker evidence)
    chunk: Chunk  # where the list is announced: its year, its part of the report
    items: tuple[Item, ...]
    lead: str  # how an answer introduces the items ("突出抓好三个方面", "三、2016年重点工作")
    span: tuple[int, int] = (0, 0)  # a colon list: the announcing sentence and its items in ``chunk``
    note: int | None = None  # a colon list in a footnote of ``chunk`` ("2026年10件民生实事：…")
    # sub-headings: the last sentences of the paragraph above them, when none announces them
    # (they name the list as its head does, but name no year the list is of)
    about: str = ""

    @property
    def quote(self) -> str:
        """A colon list quoted whole, as the report words it."""
        return _source(self.chunk, self.note)[self.span[0] : self.span[1]].strip().rstrip(_TRIM)


def _source(chunk: Chunk, note: int | None) -> str:
    return chunk.text if note is None else chunk.notes[note]


def _sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [
        (start + m.start(), start + m.end()) for m in _SENTENCE.finditer(text[start:end]) if m.group().strip()
    ]


def _cut_for_length(doc: ParsedDocument, run: Sequence[Chunk]) -> frozenset[int]:
    """The passages of ``run`` that go on with the paragraph of the one before (a long paragraph
    cut into passages: no line break between them)."""
    return frozenset(i for i in range(1, len(run)) if "\n" not in doc.text[run[i - 1].end : run[i].start])


def _named_alike(sentences: Sequence[tuple[Chunk, int, int]], name: str, count: int) -> tuple[Item, ...]:
    """Of ``sentences`` (spans of their chunks), exactly ``count`` that each name an item the same
    way, by a word of the list's ``name`` with a word of the item's own before it: each one's
    clause that names it, in order; () when no one ending is shared by that many."""
    words = {name[k : k + 2] for k in range(len(name) - 1)}
    named: dict[str, list[Item]] = {}
    for chunk, a, b in sentences:
        text = chunk.text[a:b]
        endings: dict[str, int] = {}
        for word in words:
            at = text.find(word, _ITEM_OWN_CHARS)
            own = text[at - _ITEM_OWN_CHARS : at] if at >= 0 else ""
            if own and re.fullmatch(r"[\u4e00-\u9fff]+", own):
                clause = re.search(r"[，,；;。！？!?]|$", text[at:])
                assert clause is not None
                endings.setdefault(own + word, at + clause.start())
        for ending, end in endings.items():
            named.setdefault(ending, []).append(Item(chunk, a, a + end))
    alike = [items for items in named.values() if len(items) == count]
    return tuple(alike[0]) if len(alike) == 1 else ()


def _runs(doc: ParsedDocument) -> list[list[Chunk]]:
    """Consecutive paragraphs under one heading."""
    runs: list[list[Chunk]] = []
    for chunk in doc.chunks:
        if runs and runs[-1][-1].heading_path == chunk.heading_path:
            runs[-1].append(chunk)
        else:
            runs.append([chunk])
    return runs


def _announces(sentence: str) -> bool:
    return len(sentence) <= _MAX_ANNOUNCING_CHARS and bool(_ANNOUNCES.search(sentence))


def _shared_opening(titles: Sequence[str]) -> str:
    """The characters every title opens with."""
    first = titles[0] if titles else ""
    n = 0
    while n < len(first) and all(len(t) > n and t[n] == first[n] for t in titles):
        n += 1
    return first[:n]


def _paragraph_number(text: str) -> int | None:
    m = _PARAGRAPH_NUMBER.match(text)
    if m is None:
        return None
    return cn_to_int(next(g for g in m.groups() if g))


def _first_sentence_item(chunk: Chunk) -> Item:
    first = _sentences(chunk.text)
    return Item(chunk, 0, first[0][1] if first else len(chunk.text))


def _opening_item(chunk: Chunk) -> Item | None:
    """What a paragraph after an announcement opens with as its item: its first sentence when
    short enough to be a title, else its first clause when that is ("必须坚持统筹国内国际两个大局，
    把扩大内需作为…。" after "有以下几点体会："); None when neither is."""
    text = chunk.text
    spans = _sentences(text)
    if not spans:
        return None
    a, b = spans[0]
    if b - a <= _MAX_TITLE_CHARS:
        return Item(chunk, 0, b)
    clause = re.search(r"[，,；;]", text[a:b])
    if clause is None or clause.start() > _MAX_TITLE_CHARS or clause.start() < _MIN_TITLE_CLAUSE:
        return None
    return Item(chunk, 0, a + clause.start())


def _item_from(chunk: Chunk, start: int, opening: int) -> Item:
    """The item a paragraph states from ``start`` on, where words ``opening`` characters long that
    every item shares open it: its sentence there when short enough to be a title, else that
    sentence up to its first clause's end after the shared words."""
    text = chunk.text
    spans = _sentences(text, start)
    end = spans[0][1] if spans else len(text)
    if end - start > _MAX_TITLE_CHARS:
        clause = re.search(r"[，,；;]", text[start + opening : end])
        end = start + opening + clause.start() if clause is not None else end
    return Item(chunk, start, end)


def _near(text: str) -> str:
    """The last two sentences of ``text``."""
    spans = _sentences(text)
    return text[spans[-2][0] :] if len(spans) >= 2 else text


def _title_like(text: str) -> bool:
    """A paragraph of one short sentence: an item's title rather than a passage."""
    return len(text) <= _MAX_TITLE_CHARS and len(_sentences(text)) == 1


def _marker_value(m: re.Match[str]) -> int:
    """The number a "第三，", "（3）" or "③" marker gives its item."""
    if m.group(3):
        return ord(m.group(3)) - ord("①") + 1
    return cn_to_int(m.group(1) or m.group(2)) or 0


def _short_opening(text: str) -> bool:
    """A paragraph whose first sentence is short enough to be its title."""
    spans = _sentences(text)
    return bool(spans) and spans[0][1] - spans[0][0] <= _MAX_TITLE_CHARS


def _titles_body(run: Sequence[Chunk], i: int) -> bool:
    """Paragraph ``i`` is a title ("打造一流营商环境。") and the next is its body (longer than a
    title, or stating figures as a title does not)."""
    text = run[i].text.strip()
    if i + 1 >= len(run) or not _title_like(text):
        return False
    body = run[i + 1].text.strip()
    if _title_like(body) and not find_figures(body):
        return False
    numbered = _DASH.match(text) or _paragraph_number(text) is not None or _MARKER.match(text)
    # A title states (ends on "。" or nothing), never calls out ("各位代表！") or announces ("：").
    return not numbered and not find_figures(text) and not re.search(r"[！!？?：:]\s*$", text)


def _opening_title(
    run: Sequence[Chunk], i: int, next_start: int | None, titles: frozenset[str] = frozenset()
) -> Item | None:
    """The title sentence paragraph ``run[i]`` opens with before its body ("深化污染防治攻坚。
    完成…"), None when it opens otherwise: a title is short, of at most two clauses, states no
    figure, neither calls out nor announces, and the paragraph goes on after it."""
    chunk = run[i]
    spans = _sentences(chunk.text)
    if not spans or (i > 0 and run[i - 1].chunk_id in titles):
        return None  # the body of a title set on a line of its own ("促进高质量充分就业。" ¶ "深入开展…")
    a, b = spans[0]
    title = chunk.text[a:b].strip()
    goes_on = len(spans) > 1 or (i + 1 < len(run) and (next_start is None or next_start > i + 1))
    if (
        not goes_on
        or len(title) > _MAX_OPENING_TITLE_CHARS
        or len(re.findall(r"[，,]", title)) > 1
        or re.search(r"[；;：:！!？?]", title)
        or "是" in title  # a statement ("…是今年的一项重点工作"), not a title
        or _NOT_A_TITLE.search(title)
        or any(len(c) < _MIN_TITLE_CLAUSE for c in re.split(r"[，,]", title.rstrip("。！!")))
        or find_figures(title)
        or _DASH.match(title)
        or _paragraph_number(title) is not None
        or _MARKER.match(title)
    ):
        return None
    return Item(chunk, a, b)


def _last_sentence(text: str) -> str:
    spans = _sentences(text)
    return text[spans[-1][0] : spans[-1][1]].strip() if spans else ""


def _headline(sentence: str) -> bool:
    """A sentence that titles the ones after it ("全力促进就业增收。", "办好人民满意的教育。"): short,
    of one clause, without a figure."""
    text = sentence.strip()
    return (
        0 < len(text) <= _MAX_HEADLINE_CHARS
        and not re.search(r"[，,；;：:、]", text)
        and not find_figures(text)
        and text[-1] in "。！!"
    )


def headline_items(source: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """The sentences a headline sentence (``source[start:end]``) titles: those after it in its
    paragraph, up to the next headline ("多措并举稳定和扩大就业。实施…。办好人民满意的教育。…"),
    within ``max_chars``; [] when it is no headline or titles none (one long sentence of clauses
    is its items as well)."""
    if not _headline(source[start:end]):
        return []
    items: list[tuple[int, int]] = []
    total = 0
    for a, b in _sentences(source, end):
        if _headline(source[a:b]):
            break
        total += b - a
        if total > max_chars and items:
            break
        items.append((a, b))
    return items


def _inline_lists(chunk: Chunk, heading: str) -> list[Enumeration]:
    """ "大力实施好…天山北坡城市群大气环境整治、南北疆天然气利民管道扩建二期工程、…等十件民生实事":
    items inside one clause, as many as the words after them count. The first item is what follows
    the clause's last "的" before it ("今年确定的天山北坡…")."""
    text = chunk.text
    out: list[Enumeration] = []
    pos = 0
    for clause in re.split(r"([，,；;。！？!?：:])", text):
        start, pos = pos, pos + len(clause)
        if clause.count("、") < 2:
            continue
        last = clause.rfind("、")
        m = next((m for m in _INLINE_COUNT.finditer(clause) if m.start() > last), None)
        n = cn_to_int(m.group(1)) if m is not None else None
        if m is None or n is None:
            continue
        pieces = clause[: m.start()].split("、")
        if len(pieces) != n:
            continue
        lead = pieces[0][: pieces[0].rfind("的") + 1] or _leading_verb(pieces[0])
        items, at = [], start + len(lead)
        for k, piece in enumerate(pieces):
            body = piece[len(lead) :] if k == 0 else piece
            if not body.strip():
                break
            items.append(Item(chunk, at, at + len(body)))
            at += len(body) + 1  # and the "、"
        if len(items) == n:
            named = m.group(0).lstrip("等和及")
            out.append(Enumeration(KIND_INLINE, f"{lead}{named}", heading, chunk, tuple(items), named))
    return out


def _leading_verb(first: str) -> str:
    """The verb (and its complement) a clause opens with before its first item ("办好城区供水提升"
    → 办好, "实施好…" → 实施好), "" when it opens with a noun ("全疆基本养老")."""
    words = part_of_speech(first)
    n = 0
    while n < len(words) - 1 and (words[n][1][:1] in ("v", "d") or (n > 0 and words[n][0] == "好")):
        n += 1
    return "".join(w for w, _ in words[:n])


class EnumerationFinder:
    """Every list a report makes, read once per report (the lists do not depend on the question)."""

    def __init__(self, max_head_chars: int = 60, max_list_chars: int = 600, cache_size: int = 64) -> None:
        self.max_head_chars = max_head_chars
        self.max_list_chars = max_list_chars
        self.cache_size = cache_size
        self._cache: dict[tuple[str, str, int], list[Enumeration]] = {}
        self._lock = threading.Lock()

    def of(self, doc: ParsedDocument) -> list[Enumeration]:
        key = (doc.meta.doc_id, doc.chunks[0].chunk_id if doc.chunks else "", len(doc.chunks))
        found = self._cache.get(key)
        if found is None:
            found = self.find(doc)
            with self._lock:
                if len(self._cache) >= self.cache_size:
                    self._cache.clear()
                self._cache[key] = found
        return found

    def find(self, doc: ParsedDocument) -> list[Enumeration]:
        out: list[Enumeration] = []
        for run in _runs(doc):
            heading = run[0].heading_path[-1] if run[0].heading_path else ""
            for chunk in run:
                out.extend(self._colon_lists(chunk, heading))
                out.extend(_inline_lists(chunk, heading))
                for k in range(len(chunk.notes)):
                    # A note may hold the list its paragraph only names ("以10件民生实事为引领").
                    out.extend(self._colon_lists(chunk, heading, k))
            out.extend(self._colon_paragraphs(run, heading))
            out.extend(self._marker_lists(run, heading, _cut_for_length(doc, run)))
            out.extend(self._paragraph_lists(run, heading))
            out.extend(self._opening_lists(run, heading))
            out.extend(self._headline_lists(run, heading))
            out.extend(self._parallel_lists(run, heading))
            out.extend(self._named_item_lists(run, heading))
            out.extend(self._announced_paragraphs(run, heading))
            titled = self._titled_paragraphs(run, heading)
            out.extend(titled)
            # a titled list's titles stand over their bodies, which open with no title of their own
            titles = frozenset(i.chunk.chunk_id for e in titled for i in e.items)
            out.extend(self._headlined_paragraphs(run, heading, titles))
            out.extend(self._parallel_paragraphs(run, heading))
        out.extend(self._heading_lists(doc))
        return _without_parts(out)

    # --- "五年来主要做了以下工作。" ¶ "我们扭住…，全力推进…。…" ¶ "我们加快构建…。…" ---------------
    def _announced_paragraphs(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """Paragraphs after a sentence that announces a list, each opening with the same word and
        a short first sentence that names what the paragraph is about (its title), then its body.
        Title-only paragraphs are read by ``_opening_lists``; numbered or dashed ones by theirs."""
        out: list[Enumeration] = []
        for i in range(len(run) - 1):
            announcing = _last_sentence(run[i].text)
            first = run[i + 1].text.strip()
            if not _announces(announcing) or _title_like(first) or _opening_item(run[i + 1]) is None:
                continue
            if _DASH.match(first) or _paragraph_number(first) is not None or _MARKER.match(first):
                continue
            opening = first[:MIN_SHARED_OPENING]
            items, last = [], i
            for j in range(i + 1, len(run)):
                if j - last > _MAX_BODY_PARAGRAPHS:
                    break  # a paragraph or two of body each, then the next item
                text = run[j].text.strip()
                item = _opening_item(run[j]) if text.startswith(opening) else None
                if item is not None:
                    items.append(item)
                    last = j
            if len(items) >= _MIN_SHARING_ITEMS:
                lead = announcing.rstrip(_TRIM)
                out.append(Enumeration(KIND_PARAGRAPHS, announcing, heading, run[i], tuple(items), lead))
        return out

    # --- "（八）聚力提高人民生活品质" ¶ "促进高质量充分就业。" ¶ (about it) ¶ "提升医疗卫生服务质量。" ---
    def _titled_paragraphs(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """Short one-sentence paragraphs, each followed by a paragraph or more about it, that no
        sentence announces: the heading they stand under (or the paragraph above them) says what
        they are of, as it would of sub-headings. Numbered, dashed and "一是" titles are read by
        their own readers."""
        out: list[Enumeration] = []
        i = 0
        while i < len(run):
            if not _titles_body(run, i):
                i += 1
                continue
            items, last = [_first_sentence_item(run[i])], i
            for j in range(i + 1, len(run)):
                if j - last > _MAX_BODY_PARAGRAPHS:
                    break  # a paragraph or few of body each, then the next title
                if _titles_body(run, j):
                    items.append(_first_sentence_item(run[j]))
                    last = j
            if len(items) >= _MIN_HEADLINE_ITEMS:
                announcing = _last_sentence(run[i - 1].text) if i > 0 else ""
                announcing = announcing if _announces(announcing) else ""
                head = f"{heading}。{announcing}"
                # "这一年，我们感恩奋进…" ¶ "这一年，我们敢闯敢试…": the words every title opens with
                shared = _shared_opening([item.text for item in items])
                if len(shared) >= MIN_SHARED_OPENING:
                    head += shared
                lead = announcing.rstrip(_TRIM) or heading
                where = run[i - 1] if announcing else items[0].chunk
                out.append(Enumeration(KIND_PARAGRAPHS, head, heading, where, tuple(items), lead))
            i = last + 1
        return out

    # --- "（七）聚力建设美丽上海" ¶ "深化污染防治攻坚。完成…。" ¶ "积极稳妥推进碳达峰碳中和。加快…。" ---
    def _headlined_paragraphs(
        self, run: Sequence[Chunk], heading: str, titles: frozenset[str] = frozenset()
    ) -> list[Enumeration]:
        """Paragraphs under one heading that each open with a short title sentence and go on
        with their body in the same paragraph ("深化污染防治攻坚。完成第三轮…"; in a review
        "加快国际航运中心建设，航运枢纽功能持续增强。大力发展…"): the titles are the heading's
        items, as sub-headings would be, though the report sets them in no line of their own.
        At a part's own level only an unbroken run of such paragraphs counts (a paragraph of
        another kind between two ends the list) and it takes more of them: a part's closing
        paragraphs may open short by chance ("使命在肩，初心如磐。"). Under a sub-heading, whose
        paragraphs are all of its topic, an item's body may run on over a paragraph or few of its
        own (a copy from a web page cuts a long paragraph in two) before the next title."""
        starts = [i for i, c in enumerate(run) if i == 0 or c.start != run[i - 1].end]
        sub = len(run[0].heading_path) >= 2
        least = _MIN_HEADLINE_ITEMS if sub else _MIN_SHARING_ITEMS
        out: list[Enumeration] = []
        items: list[Item] = []
        before: Chunk | None = None
        gap = 0  # paragraphs since the last title
        for k, i in enumerate([*starts, None]):
            title = (
                _opening_title(run, i, starts[k + 1] if k + 1 < len(starts) else None, titles)
                if i is not None
                else None
            )
            if title is not None and i is not None:
                if not items and i > 0:
                    before = run[i - 1]
                items.append(title)
                gap = 0
                continue
            gap += 1
            if sub and items and i is not None and gap <= _MAX_BODY_PARAGRAPHS:
                continue  # the body of the item before, run on
            if len(items) >= least:
                announcing = _last_sentence(before.text) if before is not None else ""
                announcing = announcing if _announces(announcing) else ""
                head = f"{heading}。{announcing}"
                lead = announcing.rstrip(_TRIM) or heading
                where = before if announcing and before is not None else items[0].chunk
                out.append(Enumeration(KIND_PARAGRAPHS, head, heading, where, tuple(items), lead))
            items, before, gap = [], None, 0
        return out

    # --- "我们的信心来源于A，…。" ¶ "我们的信心来源于B，…。" ¶ "我们的信心来源于C，…。" ------------
    def _parallel_paragraphs(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """Paragraphs under one heading that open with the same words ("我们的信心来源于…", "五年来，
        我们坚定不移…"), no sentence announcing them, in a row or with a few paragraphs about each
        between them: the shared words say what they list, each such paragraph's opening sentence
        (or clause, when long) is an item. The paragraph just before the first may say the words
        inside it ("各位代表，设立以上目标，我们的信心来源于…"): its item starts there."""
        starts = [c for i, c in enumerate(run) if i == 0 or c.start != run[i - 1].end]
        out: list[Enumeration] = []
        i = 0
        while i < len(starts):
            first = starts[i].text.strip()
            chosen, last = [starts[i]], i
            for j in range(i + 1, len(starts)):
                if j - last > _MAX_PARALLEL_GAP:
                    break
                if len(_shared_opening([first, starts[j].text.strip()])) >= _MIN_PARALLEL_OPENING:
                    chosen.append(starts[j])
                    last = j
            # what they all open with ("五年来，我们坚定不移", though two of them go on "抓…")
            opening = _shared_opening([c.text.strip() for c in chosen]) if len(chosen) > 1 else ""
            numbered = (
                _DASH.match(opening) or _paragraph_number(opening) is not None or _MARKER.match(opening)
            )
            if not opening or _CALL_OUT.search(opening) or numbered or _NO_TOPIC.fullmatch(opening):
                i += 1  # "——这是…的五年", "（1）…", "一是…": read by their own readers
                continue
            before = starts[i - 1] if i > 0 else None
            if before is not None and opening in before.text:
                chosen.insert(0, before)
            if len(chosen) < _MIN_SHARING_ITEMS:
                i += 1
                continue
            items = tuple(_item_from(c, c.text.find(opening), len(opening)) for c in chosen)
            lead = opening.rstrip(_TRIM)
            out.append(Enumeration(KIND_PARAGRAPHS, f"{heading}。{opening}", heading, chosen[0], items, lead))
            i = last + 1
        return out

    # --- "民心工程和民生实事全面完成。新增养老床位3852张…。新增公办幼儿园托班…。" -------------
    def _headline_lists(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """A paragraph that opens on a short headline without a figure and goes on with sentences
        that each state a figure: the sentences are what the headline sums up (what was done, what
        is planned), the items a list question about the headline asks for. A headline that counts
        what it sums up ("办好20件民生实事。为…提供…。实施…。") announces its items whatever they
        state. A paragraph with "一是…" markers is read by its markers."""
        out: list[Enumeration] = []
        for chunk in run:
            text = chunk.text
            spans = _sentences(text)
            if len(spans) < 1 + _MIN_HEADLINE_ITEMS or _MARKER.search(text):
                continue
            headline = text[spans[0][0] : spans[0][1]].strip()
            counts = bool(_HEADLINE_COUNT.search(headline) or _HEADLINE_SET.search(headline))
            if len(headline) > _MAX_HEADLINE_CHARS or re.search(r"[：:]", headline):
                continue
            if find_figures(headline) and not counts:
                continue
            following = spans[1:]
            if not counts and not all(find_figures(text[a:b]) for a, b in following):
                continue
            items = tuple(Item(chunk, a, b) for a, b in following)
            lead = headline.rstrip(_TRIM)
            out.append(Enumeration(KIND_SENTENCES, headline, heading, chunk, items, lead))
        return out

    def _parallel_lists(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """A paragraph that opens on a short headline and goes on with sentences that each open
        with the same words ("突出未来产业培育。瞄准人形机器人…，培育壮大未来制造产业。瞄准量子科技…，
        培育壮大未来信息产业。瞄准…"): those sentences are the items the headline sums up, across the
        passages a long paragraph is cut into."""
        out: list[Enumeration] = []
        for i, chunk in enumerate(run):
            text = chunk.text
            spans = _sentences(text)
            if not spans or _MARKER.search(text):
                continue
            headline = text[spans[0][0] : spans[0][1]].strip()
            if len(headline) > _MAX_HEADLINE_CHARS or find_figures(headline) or re.search(r"[：:]", headline):
                continue
            following = [(chunk, a, b) for a, b in spans[1:]]
            end = chunk.end
            for nxt in run[i + 1 :]:
                if nxt.start != end:
                    break  # the next paragraph: the headline's sentences end with its own
                following += [(nxt, a, b) for a, b in _sentences(nxt.text)]
                end = nxt.end
            sentences = [c.text[a:b].strip() for c, a, b in following]
            opening = sentences[0][:MIN_SHARED_OPENING] if sentences else ""
            n = 0
            while (
                n < len(sentences) and sentences[n].startswith(opening) and len(opening) == MIN_SHARED_OPENING
            ):
                n += 1
            if n < _MIN_PARALLEL_ITEMS:
                continue
            items = tuple(Item(c, a, b) for c, a, b in following[:n])
            out.append(Enumeration(KIND_SENTENCES, headline, heading, chunk, items, headline.rstrip(_TRIM)))
        return out

    # --- "实施十大为民办实事工程项目。筹措…实施就业惠民工程，…。…筹措…实施社保惠民工程，…" -----------
    def _named_item_lists(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """A sentence that counts a list by its name ("筹措…实施十大为民办实事工程项目") and, after it in
        its paragraph (across the passages a long paragraph is cut into), as many sentences as it
        counts that each name one of the kind alike: by a word of the list's name with a word of
        their own before it, all with the same ending ("就业惠民工程", "社保惠民工程", …). Those are
        the items, each the clause that names it; sentences between them go on about the one before."""
        out: list[Enumeration] = []
        for i, chunk in enumerate(run):
            paragraph = [chunk]
            for nxt in run[i + 1 :]:
                if nxt.start != paragraph[-1].end:
                    break  # the next paragraph: the count's items are named within its own
                paragraph.append(nxt)
            for s_start, s_end in _sentences(chunk.text):
                sentence = chunk.text[s_start:s_end]
                for m in _COUNTS_BY_NAME.finditer(sentence):
                    count = cn_to_int(m.group(1))
                    if count is None or count < _MIN_NAMED_ITEMS:
                        continue
                    after = [(chunk, a, b) for a, b in _sentences(chunk.text, s_end)]
                    after += [(c, a, b) for c in paragraph[1:] for a, b in _sentences(c.text)]
                    items = _named_alike(after, m.group(2), count)
                    if items:
                        lead = sentence[: m.end()].rsplit("，", 1)[-1]
                        out.append(Enumeration(KIND_NAMED, sentence.strip(), heading, chunk, items, lead))
        return out

    # --- "主要预期目标是：A；B；C" ------------------------------------------------
    def _colon_lists(self, chunk: Chunk, heading: str, note: int | None = None) -> list[Enumeration]:
        text = _source(chunk, note)
        out: list[Enumeration] = []
        sentences = _sentences(text)
        for si, (a, b) in enumerate(sentences):
            m = re.search(r"[：:]", text[a:b])
            if m is None or not 2 <= m.start() <= self.max_head_chars:
                continue
            rest = a + m.end()
            body = text[rest:b].strip(_TRIM)
            if not body or body[0] in _QUOTES or _MARKER.match(body):
                continue  # a list that follows, a quotation, or "一是…" markers (read as such)
            items = self._split(chunk, rest, b, note)
            end = b
            for c, d in sentences[si + 1 :]:
                # The list runs on while the next sentences state more targets ("单位国内生产总值
                # 能耗下降3.4%以上"), not while they explain them ("这样的目标，是…").
                following = text[c:d].strip()
                explains = re.search(r"[：:]", following) or _NOT_AN_ITEM.match(following)
                # A target states its figure in its first clause ("展望未来，…" does not), or after
                # the year it is set for ("到2030年，…研发投入强度达到3.5%以上，…"): a plan's targets.
                first = re.split(r"[，,；;]", following)[0]
                by_year = HORIZON_RE.fullmatch(first) is not None and bool(find_figures(following))
                if explains or not (find_figures(first) or by_year):
                    break
                if d - a > self.max_list_chars:
                    break
                items += self._split(chunk, c, d, note)
                end = d
            if len(items) < 2:
                continue
            head = text[a : a + m.start()].strip()
            lead = re.sub(r"(?:是|为|有|包括)$", "", head)
            out.append(Enumeration(KIND_COLON, head, heading, chunk, tuple(items), lead, (a, end), note))
        return out

    # --- "今年经济社会发展的主要预期目标是：" ¶ "国内生产总值增长7.5％；城镇新增就业…；…" ----
    def _colon_paragraphs(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """A paragraph that ends on the words announcing a list and a colon, and the next paragraph
        that gives the items in one sentence separated by "；" (a copy that sets the announcing
        words on a line of their own): a colon list, as if the two were one paragraph. Numbered,
        dashed, "一是…" and one-title paragraphs after a colon are read by their own readers."""
        out: list[Enumeration] = []
        for i in range(len(run) - 1):
            announcing = _last_sentence(run[i].text)
            colon = re.search(r"[：:]\s*$", announcing)
            if colon is None or not 2 <= colon.start() <= self.max_head_chars:
                continue
            nxt = run[i + 1]
            text = nxt.text
            if _title_like(text.strip()) or _DASH.match(text) or _paragraph_number(text) is not None:
                continue
            if _MARKER.match(text.strip()):
                continue
            sentences = _sentences(text)
            if not sentences or not re.search(
                r"[；;]", text[sentences[0][0] : sentences[0][1]].rstrip("。；; ")
            ):
                continue
            a, end = sentences[0]
            items = self._split(nxt, a, end)
            for c, d in sentences[1:]:
                following = text[c:d].strip()
                explains = re.search(r"[：:]", following) or _NOT_AN_ITEM.match(following)
                if (
                    explains
                    or not find_figures(re.split(r"[，,；;]", following)[0])
                    or d - a > self.max_list_chars
                ):
                    break
                items += self._split(nxt, c, d)
                end = d
            if len(items) < 2:
                continue
            head = announcing[: colon.start()].strip()
            lead = re.sub(r"(?:是|为|有|包括)$", "", head)
            out.append(Enumeration(KIND_COLON, head, heading, nxt, tuple(items), lead, (a, end)))
        return out

    @staticmethod
    def _split(chunk: Chunk, a: int, b: int, note: int | None = None) -> list[Item]:
        """Items separated by ；, else by ，, else by 、 ("四大主导产业：旅游业、现代服务业、…")."""
        text = _source(chunk, note)[a:b]
        if re.search(r"[；;]", text.rstrip("。；; ")):
            sep = r"[；;]"
        elif re.search(r"[，,]", text) or not re.search("、", text):
            sep = r"[，,]"
        else:
            sep = "、"
        items: list[Item] = []
        pos = 0
        for piece in re.split(f"({sep})", text):
            if piece and not re.fullmatch(sep, piece) and piece.strip(_TRIM):
                lead = len(piece) - len(piece.lstrip(_TRIM))
                start, end = a + pos + lead, a + pos + len(piece.rstrip(_TRIM))
                if items and _GOES_ON.match(piece.strip()) and not find_figures(piece):
                    # "增长5%左右，在实际工作中努力争取更好结果": still the item before.
                    items[-1] = Item(chunk, items[-1].start, end, note=note)
                else:
                    items.append(Item(chunk, start, end, note=note))
            pos += len(piece)
        return items

    # --- "一是…二是…三是…" ---------------------------------------------------------
    def _marker_lists(
        self, run: Sequence[Chunk], heading: str, cut: frozenset[int] = frozenset()
    ) -> list[Enumeration]:
        """``cut``: the passages of ``run`` that go on with the paragraph before them (cut for
        length), where a marker at the start is the next item of that paragraph's list."""
        # Each way of counting is a list of its own ("一是" items may hold "（1）（2）").
        families: dict[int, list[tuple[int, int, int]]] = {0: []}
        for ci, chunk in enumerate(run):
            for m in _MARKER.finditer(chunk.text):
                family = 0 if m.group(2) == "是" else -1  # "一是…" and "一要…" count apart
                families.setdefault(family, []).append((ci, m.start(), cn_to_int(m.group(1)) or 0))
            for m in _OTHER_MARKER.finditer(chunk.text):
                if m.start() == 0 and m.group(2) is not None and ci not in cut:
                    continue  # "（1）" opening a paragraph numbers it (``_paragraph_lists``)
                families.setdefault(m.lastindex or 0, []).append((ci, m.start(), _marker_value(m)))
        out: list[Enumeration] = []
        for markers in families.values():
            out.extend(self._marker_sequences(run, heading, markers))
        return out

    def _marker_sequences(
        self, run: Sequence[Chunk], heading: str, markers: Sequence[tuple[int, int, int]]
    ) -> list[Enumeration]:
        """Lists of markers counting 1, 2, 3… (``markers``: paragraph, position, number)."""
        out: list[Enumeration] = []
        for k, (ci, pos, value) in enumerate(markers):
            if value != 1:
                continue
            seq = [(ci, pos)]
            for cj, pj, vj in markers[k + 1 :]:
                if vj != len(seq) + 1:
                    if vj == 1:
                        break
                    continue
                # An item may run on over a paragraph or two of its own ("二是…" ¶ "…。三是…").
                if cj - seq[-1][0] > _MAX_ITEM_PARAGRAPHS:
                    break
                seq.append((cj, pj))
            if len(seq) < 2:
                continue
            items = []
            for n, (cj, pj) in enumerate(seq):
                text = run[cj].text
                nxt = seq[n + 1] if n + 1 < len(seq) else None
                stop = nxt[1] if nxt is not None and nxt[0] == cj else len(text)
                first = _sentences(text, pj, stop)
                end = first[0][1] if first else stop
                items.append(Item(run[cj], pj, end))
            chunk = run[ci]
            before = chunk.text[:pos].strip()
            previous = run[ci - 1].text.strip() if ci > 0 else ""
            if not before and _announces(_last_sentence(previous)):
                # "…2026年预算编制按照…的总体思路安排。遵循的基本原则是：" ¶ "一是…": the
                # paragraph above announces them, with what they are of in its last sentences.
                head = _near(previous)[-self.max_head_chars * 2 :]
                lead = _last_sentence(previous).rstrip(_TRIM)
            elif not before:
                head = lead = heading  # "一是…" opens its section: the heading announces them
            else:
                # What the items are of: the paragraph's opening sentence (its title, "深入推进
                # 新型城镇化。") and the sentences right before the first item ("今年重点抓好三项工作。").
                spans = _sentences(before)
                opening = before[: spans[0][1]] if len(spans) >= 3 else ""
                head = opening[: self.max_head_chars] + _near(before)[-self.max_head_chars * 2 :]
                lead = _last_sentence(before).rstrip(_TRIM)
            out.append(Enumeration(KIND_MARKERS, head, heading, chunk, tuple(items), lead))
        return out

    # --- "——…" / "（1）…" / "1．…" / "一、…" paragraphs ------------------------------------
    def _paragraph_lists(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        out: list[Enumeration] = []
        i = 0
        while i < len(run):
            first_value = _paragraph_number(run[i].text)
            dashed = bool(_DASH.match(run[i].text))
            if not dashed and first_value != 1:
                i += 1
                continue
            items = [_first_sentence_item(run[i])]
            last = i
            j = i + 1
            # A "——" item may run on over a paragraph of its own; a numbered one has a few about it.
            while j < len(run) and j - last <= (_MAX_ITEM_PARAGRAPHS if dashed else _MAX_BODY_PARAGRAPHS):
                text = run[j].text
                if dashed and _DASH.match(text):
                    items.append(_first_sentence_item(run[j]))
                    last = j
                elif not dashed:
                    value = _paragraph_number(text)
                    if value == len(items) + 1:
                        items.append(_first_sentence_item(run[j]))
                        last = j
                    elif value is not None:
                        break  # another numbering starts: a list of its own
                j += 1
            if len(items) >= 2:
                announcing = run[i - 1] if i > 0 else None
                # Items that open their section ("附件 2026年民生实事" ¶ "1．…"): the heading
                # is what announces them.
                head = _last_sentence(announcing.text) if announcing is not None else heading
                lead = head.rstrip(_TRIM) or heading
                where = announcing or run[i]
                out.append(Enumeration(KIND_PARAGRAPHS, head, heading, where, tuple(items), lead))
                i = last + 1
            else:
                i += 1
        return out

    # --- "必须做到“八个聚焦”：" ¶ "聚焦对外开放，…。" ¶ (about it) ¶ "聚焦高质量发展，…。" ----------
    def _opening_lists(self, run: Sequence[Chunk], heading: str) -> list[Enumeration]:
        """Unnumbered one-sentence paragraphs after a sentence ending on a colon, each opening with
        the same word as the first (a paragraph or two about each may stand between them)."""
        out: list[Enumeration] = []
        for i in range(len(run) - 1):
            announcing = _last_sentence(run[i].text)
            first = run[i + 1].text.strip()
            if not re.search(r"[：:]\s*$", announcing) or not _title_like(first):
                continue
            opening = first[:MIN_SHARED_OPENING]
            items = [_first_sentence_item(run[i + 1])]
            last = i + 1
            for j in range(i + 2, len(run)):
                if j - last > _MAX_BODY_PARAGRAPHS:
                    break
                text = run[j].text.strip()
                if _title_like(text) and text.startswith(opening):
                    items.append(_first_sentence_item(run[j]))
                    last = j
            if len(items) >= 2:
                lead = announcing.rstrip(_TRIM)
                out.append(Enumeration(KIND_PARAGRAPHS, announcing, heading, run[i], tuple(items), lead))
        return out

    # --- sub-headings -------------------------------------------------------------
    def _heading_lists(self, doc: ParsedDocument) -> list[Enumeration]:
        out: list[Enumeration] = []
        for node in walk(doc):
            children = node.section.children
            if len(children) < 2:
                continue
            items = []
            for child in children:
                child_node = type(node)(child, (*node.path, child))
                chunk = first_chunk(doc, child_node)
                if chunk is None:
                    break
                items.append(Item(chunk, label=f"{child.number}{child.title}"))
            if len(items) != len(children):
                continue
            # The paragraph right above the sub-headings often announces them ("重点抓好八个方面工作：").
            own = [c for c in doc.chunks if c.heading_path == node.titles and c.start < children[0].start]
            above = _summary_above(doc, node, children[0].start)
            if above is not None:
                own.append(above)
            announcing = _last_sentence(own[-1].text) if own else ""
            if announcing and not _announces(announcing):
                announcing = ""
            head = f"{node.section.title}。{announcing}"
            # "（一）聚焦经济发展…（二）聚焦区域协调…": the word every sub-heading opens with says
            # what the list is of ("聚焦哪几个方面"), as an announcing sentence would
            shared = _shared_opening([c.title for c in children])
            if len(shared) >= MIN_SHARED_OPENING:
                head += shared
            where = own[-1] if own else items[0].chunk
            # The paragraph right above the sub-headings says what they are about when no
            # sentence announces them ("…必须…持续加强政府自身建设，…。" over "（一）锻造…（二）
            # 提高…"): its last sentences name the list, as they do above "一是…" items.
            about = _near(own[-1].text)[-self.max_head_chars * 2 :] if own and not announcing else ""
            out.append(Enumeration(KIND_HEADINGS, head, "", where, tuple(items), node.label, about=about))
        return out


def _summary_above(doc: ParsedDocument, node: OutlineNode, first_child: int) -> Chunk | None:
    """The paragraph right above a section's first sub-heading when the outline set it at a higher
    level: a call-out that sums up the part ("各位代表！…继续认真办好十方面民生实事，…。" closing
    "（九）…", then "1.医疗卫生方面" … "10.除险保安方面") is the paragraph above those sub-headings,
    and announces them as one of the section's own would."""
    before = [c for c in doc.chunks if node.section.start < c.start < first_child]
    last = max(before, key=lambda c: c.start, default=None)
    if last is None or last.heading_path == node.titles:
        return None
    return last if last.heading_path and node.titles[: len(last.heading_path)] == last.heading_path else None


@dataclass(frozen=True)
class ListAnswer:
    enumeration: Enumeration
    score: float
    # The list asked for has fewer items than the ordinal asked ("第十项" of nine): the answer
    # says so instead of quoting some other sentence.
    beyond: bool = False


class ListAnswerer:
    """Chooses the report's list that a list or ordinal question asks for, and words the answer.

    None unless a list's head names what is asked: the quote strategies then answer."""

    def __init__(self, settings: Settings, finder: EnumerationFinder | None = None) -> None:
        self.settings = settings
        self.finder = finder or EnumerationFinder()

    def best(
        self, frame: QuestionFrame, hits: Sequence[Hit], docs: Sequence[ParsedDocument]
    ) -> ListAnswer | None:
        found = self._best(frame, hits, docs)
        return self._named_sub_list(frame, found, docs) if found is not None else None

    def _named_sub_list(
        self, frame: QuestionFrame, found: ListAnswer, docs: Sequence[ParsedDocument]
    ) -> ListAnswer:
        """ "“十五五”重点任务有哪些" where the part's sub-headings are "（一）发展目标" and "（二）重点任务":
        the sub-heading the question names in its own words, nothing more, holds the list asked
        ("一是…二是…"), not the part's two headings."""
        e = found.enumeration
        if e.kind != KIND_HEADINGS or frame.ordinal is not None or found.beyond:
            return found
        for item in e.items:
            title = item.chunk.heading_path[-1] if item.chunk.heading_path else ""
            rest = title
            for t in frame.terms:
                rest = rest.replace(t.text, "")
            if not title or rest.strip(_TRIM + "“”"):
                continue
            doc = next((d for d in docs if d.meta.doc_id == item.chunk.doc_id), None)
            own = [
                sub
                for sub in (self.finder.of(doc) if doc is not None else [])
                if sub.kind in (KIND_MARKERS, KIND_COLON, KIND_PARAGRAPHS)
                and sub.chunk.heading_path == item.chunk.heading_path
            ]
            if own:
                return ListAnswer(max(own, key=lambda sub: len(sub.items)), found.score)
        return found

    def _best(
        self, frame: QuestionFrame, hits: Sequence[Hit], docs: Sequence[ParsedDocument]
    ) -> ListAnswer | None:
        if frame.aspect != LIST_Q and frame.ordinal is None:
            return None
        in_hits = {h.chunk.doc_id for h in hits}
        if all(t.text in ITEM_KINDS for t in frame.terms):
            # "2026年主要工作的第三项": no key term, the year's part still names the list; nor
            # does the kind of items alone ("主要任务有哪几个方面", "重点工作有哪些"): the year's
            # part ("三、2031年主要任务") holds its list, not a section's ("改革的重点任务是：")
            if frame.ordinal or frame.terms:
                part = self._year_part(frame, docs, in_hits)
                if part is not None or not frame.terms:
                    return part
            else:
                return (
                    self._year_part(frame, docs, in_hits)
                    or self._year_opening(frame, docs, in_hits)
                    or self._span_opening(frame, docs, in_hits)
                )
        found = self._by_words(frame, hits, docs, in_hits)
        if found is None and not any(t.weight > 1 for t in _unlinked_terms(frame)):
            # single characters ("主要抓了哪几件事": 抓, 件, 事) that no list's words name are
            # no key terms: the year's part still names its list
            part = self._year_part(frame, docs, in_hits)
            return part if part is not None or frame.ordinal else self._year_opening(frame, docs, in_hits)
        return found

    def _by_words(
        self, frame: QuestionFrame, hits: Sequence[Hit], docs: Sequence[ParsedDocument], in_hits: set[str]
    ) -> ListAnswer | None:
        """The list whose words name what the question asks, best scored."""
        ranks: dict[str, int] = {}
        for i, h in enumerate(hits):
            ranks.setdefault(h.chunk.chunk_id, i)
        best: ListAnswer | None = None
        short: ListAnswer | None = None  # the best list too short for the ordinal asked
        for doc in docs:
            if in_hits and doc.meta.doc_id not in in_hits:
                continue
            for e in self.finder.of(doc):
                if e.kind == KIND_INLINE and frame.ordinal is None:
                    continue  # asked for them all, the clause quoted whole says them as well
                score = self.score(frame, e, ranks, doc.meta.title)
                if score is None:
                    continue
                if frame.ordinal is not None and furthest(frame) > len(e.items):
                    if e.kind != KIND_INLINE and (short is None or score > short.score):
                        short = ListAnswer(e, score, beyond=True)
                elif best is None or score > best.score:
                    best = ListAnswer(e, score)
        kind = list_kind(frame)
        named_by = "" if best is None else best.enumeration.head + best.enumeration.heading
        if kind is not None and kind not in named_by:
            # "2026年重点工作的第二项": a list of 重点建设项目 names 重点, not the kind of items asked
            # for; the year's part whose heading names them ("三、2026年工作安排") holds them.
            part = self._year_part(frame, docs, in_hits, kind)
            if part is not None and (not part.beyond or best is None):
                best = part
        if short is not None and (best is None or (not best.beyond and short.score > best.score)):
            return short  # the list asked for ends before the item asked
        return best

    def announced_by(
        self, frame: QuestionFrame, chunk: Chunk, quote: str, docs: Sequence[ParsedDocument]
    ) -> ListAnswer | None:
        """The list that ``quote`` (the sentence that best answers a list question, in ``chunk``)
        announces: "省政府将全力组织实施。" before "一是细化实化方案。二是…", asked "打算从哪几方面抓落实"
        in words its announcing sentence does not repeat. The quote names the list; the items
        answer. None when the quote announces none, or too short a one to say so."""
        said = quote.strip().rstrip(_TRIM)
        if len(said) < self.settings.answer_list_announcing_min_chars:
            return None
        for doc in docs:
            if doc.meta.doc_id != chunk.doc_id:
                continue
            for e in self.finder.of(doc):
                if e.kind == KIND_INLINE or said not in e.head:
                    continue
                if chunk.chunk_id not in (e.chunk.chunk_id, e.items[0].chunk.chunk_id):
                    continue  # the same words announcing another list elsewhere
                if frame.ordinal is not None and furthest(frame) > len(e.items):
                    return ListAnswer(e, 0.0, beyond=True)
                return ListAnswer(e, 0.0)
        return None

    def holding(
        self, frame: QuestionFrame, chunk: Chunk, at: int, docs: Sequence[ParsedDocument]
    ) -> ListAnswer | None:
        """The "一是…二是…" list in one of whose items the sentence at ``at`` of ``chunk`` stands (an
        item runs from its marker to the next one): asked "从哪几方面下手" in words the list's
        announcing sentence does not use ("治雾霾" of "坚决打好蓝天保卫战。…一要…"), the sentence that
        answers best tells the list by where it stands. None for a list of fewer than
        ``answer_list_holding_min_items`` items, or when the sentence is in none."""
        if frame.ordinal is not None:
            return None
        for doc in docs:
            if doc.meta.doc_id != chunk.doc_id:
                continue
            for e in self.finder.of(doc):
                if e.kind != KIND_MARKERS or len(e.items) < self.settings.answer_list_holding_min_items:
                    continue
                for item, nxt in zip(e.items, (*e.items[1:], None), strict=True):
                    if item.chunk.chunk_id != chunk.chunk_id or item.note is not None:
                        continue
                    same = nxt is not None and nxt.chunk.chunk_id == chunk.chunk_id
                    end = nxt.start if nxt is not None and same else len(chunk.text)
                    if item.start <= at < end:
                        return ListAnswer(e, 0.0)
        return None

    def _year_part(
        self, frame: QuestionFrame, docs: Sequence[ParsedDocument], in_hits: set[str], kind: str | None = None
    ) -> ListAnswer | None:
        """ "2026年重点工作的第一项": words too common to be key terms still name the asked year's
        part ("三、2026年主要工作"); its sub-headings are the list the ordinal counts in."""
        for doc in docs:
            if in_hits and doc.meta.doc_id not in in_hits:
                continue
            node = year_part(frame, doc, (kind,) if kind else ())
            if node is None:
                continue
            named = f"{node.section.title}。{doc.meta.title}"
            if kind and frame.terms and not self._names_rest(frame, named):
                # "开发区提质升级重点是哪些产业": the year's part names 重点, not what it is of
                continue
            for e in self.finder.of(doc):
                if e.kind == KIND_HEADINGS and e.lead == node.label:
                    # "第十项" of the year's nine: that part's list, which has no such item
                    return ListAnswer(e, 0.0, beyond=furthest(frame) > len(e.items))
        return None

    def _names_rest(self, frame: QuestionFrame, title: str) -> bool:
        """The year part's heading (with the report's title) names what the question asks a list
        of, in its words or others ("2026年工作安排" for "2026年重点工作的第二项"), not just the kind
        of its items ("开发区提质升级重点是哪些产业" names 重点, and more the heading does not say)."""
        terms = _list_terms(frame)
        unnamed = [t for t in terms if t.weight > 1 and not any(a in title for a in t.alternatives)]
        return len(unnamed) < self.settings.answer_list_year_part_unnamed

    def _year_opening(
        self, frame: QuestionFrame, docs: Sequence[ParsedDocument], in_hits: set[str]
    ) -> ListAnswer | None:
        """ "2025年取得了哪几方面成效": nothing but the year says what is asked; the part of the
        report on that year alone ("一、2025年工作回顾") opens with the list that sums it up
        ("一是经济增长好于预期…二是…")."""
        if len(frame.years) != 1:
            return None
        year = f"{frame.years[0]}年"
        for doc in docs:
            if in_hits and doc.meta.doc_id not in in_hits:
                continue
            part = next((n for n in walk(doc) if len(n.path) == 1 and year in n.section.title), None)
            if part is None:
                continue
            within = [
                e
                for e in self.finder.of(doc)
                if e.kind in (KIND_MARKERS, KIND_PARAGRAPHS, KIND_HEADINGS)
                and e.chunk.heading_path[:1] == part.titles
                and not {int(y) for y in _YEAR_NAMED.findall(e.head)} - set(frame.years)
                and _one_year(e.chunk, frame.years[0])  # not "五年来主要做了以下工作"
            ]
            if within:
                return ListAnswer(min(within, key=lambda e: e.chunk.start), 0.0)
        return None

    def _span_opening(
        self, frame: QuestionFrame, docs: Sequence[ParsedDocument], in_hits: set[str]
    ) -> ListAnswer | None:
        """ "过去五年取得了哪些成绩": nothing but the stretch of years says what is asked; the report's
        first list of that stretch, of results or of plans as asked ("五年来，我们坚定不移推动…"
        ¶ "五年来，我们持续优化…"), sums it up, as the year's part's first list sums up a year."""
        if frame.years or not frame.spans_years:
            return None
        plan = frame.wants_plan is True
        for doc in docs:
            if in_hits and doc.meta.doc_id not in in_hits:
                continue
            within = [
                e
                for e in self.finder.of(doc)
                if e.kind in (KIND_MARKERS, KIND_PARAGRAPHS, KIND_HEADINGS)
                and e.chunk.covers is not None
                and len(e.chunk.covers.years) > _ONE_PART_SPAN
                and in_plan_part(e.chunk) == plan
            ]
            if within:
                return ListAnswer(min(within, key=lambda e: e.chunk.start), 0.0)
        return None

    def score(
        self, frame: QuestionFrame, e: Enumeration, ranks: dict[str, int], title: str = ""
    ) -> float | None:
        """``title``: the report's title, whose words name the whole report, no list in it."""
        named = {int(y) for y in _YEAR_NAMED.findall(f"{e.head} {e.heading}")}
        # "2026年政府工作报告说存在哪些问题": a year that only names the report asks no year's list
        report_only = frame.scope is not None and set(frame.years) <= set(frame.scope.report_years)
        if frame.years and named and not named & set(frame.years) and not report_only:
            return None  # "2026年10件民生实事：…" is not what was done in 2025, wherever it stands
        # The headings above the list's own name what it is of as well ("三、全力抓好2026年财政
        # 工作" ¶ "（四）聚焦科学管理" ¶ "一是强化预算管理…": asked "财政要强化哪些管理").
        headings = " ".join((*e.chunk.heading_path[:-1], e.heading))
        # The words of the report's title ("政府" of 政府工作报告) name the whole report, who speaks
        # in it: every list is of it, though no announcing sentence ("重点抓好以下工作。") repeats them.
        named_by = f"{e.head}{e.about}{_shared_words(frame, e)}{_plan_covered(frame, e)}。{title}"
        # The asker's linking verb and the kind of items asked ("抓好", "方面") are excused where the
        # list's words do not say them, and count where they do ("重点抓好八个方面工作：").
        cov = max(
            coverage(terms, named_by, headings) or 0.0
            for terms in (frame.terms, _list_terms(frame), _structure_terms(_list_terms(frame), e))
        )
        # "哪5个方面" and a list of five: the count is evidence as well as the words; so is the
        # report's own count ("突出了以下六个方面" over six paragraphs): the list is one for sure.
        counted = frame.item_count == len(e.items) and e.kind != KIND_COLON
        announced = _announced_count(e.head) == len(e.items) and e.kind != KIND_COLON
        # "“五张清单”是哪五张": the list the report names so ("五张清单：项目盯引清单、…") is the one
        # asked, whatever else the question says of it ("抓项目提到的", "“十五五”时期深入实施的")
        quoted = _names_quoted(frame, e)
        if not quoted and cov < (
            self.settings.answer_list_coverage_counted
            if counted or announced
            else self.settings.answer_list_coverage
        ):
            return None
        score = _W_COVERAGE * cov
        chunks = (e.chunk, *(i.chunk for i in e.items))
        rank = min((ranks[c.chunk_id] for c in chunks if c.chunk_id in ranks), default=None)
        if rank is not None:
            score += _W_RANK / (1 + rank)
        covers = e.chunk.covers
        if frame.years and covers is not None and covers.years:
            if not any(covers.includes(y) or f"{y}年" in e.head for y in frame.years):
                if not report_only:
                    return None  # "2025年…有哪几方面": never the plan's list for the years after
                score -= _W_YEAR_MISS
            one_year = len(frame.years) == 1 and not frame.spans_years
            if one_year and len(covers.years) > _ONE_PART_SPAN:
                score -= _W_SPAN  # a five-year plan's list, when the year's own list is asked
        plan = in_plan_part(e.chunk)
        if frame.wants_plan is True:
            score += _W_PART if plan else -_W_PART
        elif frame.wants_plan is False and plan:
            score -= _W_PART
        if counted or quoted:
            score += _W_COUNT  # "哪三项": the list with three items; "“五张清单”": the list so named
        return score

    def beyond_note(self, frame: QuestionFrame, e: Enumeration) -> str:
        """Why an ordinal past the list's end is not answered: the list and its count."""
        lead = (
            e.lead
            if e.kind == KIND_HEADINGS
            else _readable_lead(e.lead, self.settings.answer_list_lead_chars, frame.terms)
        )
        first = furthest(frame)
        return f"报告中{lead}共{len(e.items)}项，没有第{int_to_cn(first)}项。"

    def _told_in_full(
        self, chosen: Sequence[Item], e: Enumeration, docs: Sequence[ParsedDocument]
    ) -> list[Part]:
        """ "第二个展开说说": each item with what the report says of it. A sub-heading with items
        of its own (titled paragraphs) is told by them, each cited; any other item by the words
        that follow it up to the next item, else to the end of its paragraph."""
        parts: list[Part] = []
        for item in chosen:
            if e.kind == KIND_HEADINGS:
                own = self._items_under(item, docs)
                if own is not None:
                    parts.append(Part(item.text, item.chunk))
                    below = _by_chunk(own.items, KIND_HEADINGS)
                    below[0].prefix = "包括："
                    parts.extend(below)
                    continue
                body = item.chunk.text.strip()
                parts.append(
                    Part(f"{item.text}：{_cut(body, self.settings.answer_list_detail_chars)}", item.chunk)
                )
                continue
            source = _source(item.chunk, item.note)
            later = [
                i.start for i in e.items if i.chunk.chunk_id == item.chunk.chunk_id and i.start > item.start
            ]
            stop = min(later, default=len(source))
            said = source[item.start : stop].strip().rstrip(_TRIM)
            parts.append(Part(_cut(said, self.settings.answer_list_detail_chars), item.chunk))
        return parts

    def _items_under(self, item: Item, docs: Sequence[ParsedDocument]) -> Enumeration | None:
        """The titled paragraphs right under a sub-heading item (its own list), if it has them."""
        doc = next((d for d in docs if d.meta.doc_id == item.chunk.doc_id), None)
        if doc is None:
            return None
        path = item.chunk.heading_path
        own = [
            e
            for e in self.finder.of(doc)
            if e.kind == KIND_PARAGRAPHS and all(i.chunk.heading_path == path for i in e.items)
        ]
        return max(own, key=lambda e: len(e.items), default=None)

    def parts(self, frame: QuestionFrame, e: Enumeration, docs: Sequence[ParsedDocument] = ()) -> list[Part]:
        items = list(e.items)
        lead = (
            _readable_lead(e.lead, self.settings.answer_list_lead_chars, frame.terms)
            if e.kind != KIND_HEADINGS
            else e.lead
        )
        if frame.ordinal is not None:
            # "第三件和第六件": each item asked, in the order asked, once
            chosen: list[Item] = []
            labels = []
            for pick in _picks(frame):
                got, said = _chosen(items, pick)
                chosen += [i for i in got if i not in chosen]
                labels.append(said)
            label = "和".join(labels)
            parts = self._told_in_full(chosen, e, docs) if frame.asks_detail else _by_chunk(chosen, e.kind)
            # "一共有几个方面？最后一个方面讲的是什么": how many there are, in the report's words
            # where its announcing words count them ("重点抓好以下14个方面的工作"), then the item
            count = ""
            if frame.asks_item_count_in_a_part:
                counted = _counting_clause(e.head)
                said = f"{counted}，" if counted and _announced_count(counted) == len(items) else ""
                count = f"{said}共{len(items)}项，"
            parts[0].prefix = f"{lead}，{count}{label}：" + parts[0].prefix
            return parts
        how_many = frame.asks_item_count
        known = [i for i in items if self._known(frame, i)]
        if known and len(known) < len(items):
            # "除了推进节能，还有哪些": the list less the item the asker named
            rest = [i for i in items if i not in known]
            parts = _by_chunk(rest, e.kind)
            said = "；".join(i.text for i in known)
            parts[0].prefix = f"{lead}，共{len(items)}项，除“{said}”外还有：" + parts[0].prefix
            return parts
        if e.kind == KIND_COLON:
            # "一共几项": the count first, then the report's own words (after the words that
            # announce them, when those stand in the paragraph above)
            said = "" if e.head in e.quote else f"{lead}："
            return [Part(e.quote, e.chunk, prefix=said + (f"共{len(items)}项：" if how_many else ""))]
        parts = _by_chunk(items, e.kind)
        counted = _counting_clause(e.head) if e.kind == KIND_HEADINGS else ""
        if counted and _announced_count(counted) == len(items):
            # "突出了以下四个方面": the report's own count, in its words
            parts[0].prefix = f"{lead}，{counted}，共{len(items)}项："
        elif e.kind == KIND_HEADINGS or (how_many and lead):
            parts[0].prefix = f"{lead}，共{len(items)}项："
        elif how_many:
            parts[0].prefix = f"共{len(items)}项："
        elif lead:
            parts[0].prefix = f"{lead}："
        return parts

    def _known(self, frame: QuestionFrame, item: Item) -> bool:
        """The item is the one the asker says they know ("除了推进节能"): it names their words."""
        found = coverage(frame.known_terms, item.text)
        return found is not None and found >= self.settings.answer_list_known_coverage


def _picks(frame: QuestionFrame) -> tuple[tuple[int, int], ...]:
    """Every item range the question asks, in order ("第三件和第六件": the third, the sixth)."""
    return (*frame.joined_ordinals, frame.ordinal) if frame.ordinal is not None else ()


def furthest(frame: QuestionFrame) -> int:
    """The furthest item the question asks by its place (0 for the last, or none)."""
    return max((max(pick) for pick in _picks(frame)), default=0)


def _chosen(items: Sequence[Item], pick: tuple[int, int]) -> tuple[list[Item], str]:
    """The items one ordinal asks, and how the answer names them ("第三项", "前两项", "最后一项")."""
    first, last = pick
    if first == -1:
        return list(items[-1:]), "最后一项"
    if last == -1:
        # "第四项起" ("还有呢" after the first three): the rest of the list
        a, b = int_to_cn(first), int_to_cn(len(items))
        return list(items[first - 1 :]), f"第{a}项" if first == len(items) else f"第{a}至{b}项"
    a, b = int_to_cn(first), int_to_cn(last)
    label = f"第{a}项" if first == last else f"第{a}至{b}项"
    label = f"前{'两' if last == 2 else b}项" if first == 1 and last > 1 else label
    return list(items[first - 1 : last]), label


def _item_keys(e: Enumeration) -> frozenset[tuple[str, int, str]]:
    return frozenset((i.chunk.chunk_id, i.start, i.label) for i in e.items)


def _without_parts(found: list[Enumeration]) -> list[Enumeration]:
    """The lists, less any whose items are only some of another's: two readers may read one run
    of titled paragraphs, one of them stopping early
    ("今年改革的重点任务是：" over six titled paragraphs, three of which open alike); the whole
    run is the list. A list whose items are as many as its words count ("以下三个方面") stays."""
    keys = [_item_keys(e) for e in found]
    # A sentence that counts the items it names ("实施六大惠民工程" and six "…惠民工程" after it) says
    # which of the sentences after it are its items: read as a headline over them all, it is not.
    named = {e.head for e in found if e.kind == KIND_NAMED}
    out = []
    for e, own in zip(found, keys, strict=True):
        if e.kind != KIND_NAMED and e.head in named:
            continue
        counted = _announced_count(e.head) == len(e.items) or e.kind == KIND_NAMED
        if not counted and any(own < other for other in keys):
            continue
        out.append(e)
    return out


def _readable_lead(lead: str, limit: int, terms: Sequence[Term]) -> str:
    """A long announcing sentence ("坚持民生为大，以更大力度投资于人，…，扎扎实实办好十件民生实事，
    切实让人民群众…") cut to its clause that counts the list ("扎扎实实办好十件民生实事"), else to
    the clause that names most of what was asked (the last of equals)."""
    if len(lead) <= limit:
        return lead
    clauses = [c.strip() for c in re.split(r"[，,；;]", lead) if c.strip()]
    if not clauses:
        return lead
    counted = [c for c in clauses if _COUNTED.search(c)]
    if counted:
        return counted[-1]
    scores = [coverage(terms, c) or 0.0 for c in clauses]
    best = max(scores)
    return clauses[max(i for i, x in enumerate(scores) if x == best)]


def _cut(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, cut after its last whole sentence within them."""
    if len(text) <= limit:
        return text
    spans = [b for _, b in _sentences(text) if b <= limit]
    return text[: spans[-1]].strip() if spans else text[:limit]


def _one_year(chunk: Chunk, year: int) -> bool:
    covers = chunk.covers
    return covers is not None and covers.includes(year) and len(covers.years) <= _ONE_PART_SPAN - 1


def _list_terms(frame: QuestionFrame) -> tuple[Term, ...]:
    """The question's terms a list's head is to name: all but the verb the asker links the items
    with ("存在哪些问题", "干成了哪些事", "采取了哪些措施"), which the report's announcing words
    seldom repeat ("问题也不容忽视", "主要做了以下工作"); the noun after the cue names the list."""
    kept = _unlinked_terms(frame)
    return kept if len(kept) < len(frame.terms) and any(t.weight > 1 for t in kept) else frame.terms


def _unlinked_terms(frame: QuestionFrame) -> tuple[Term, ...]:
    """The question's terms but the verbs the asker links the items or quotes the report with."""
    return tuple(t for t in frame.terms if t.text not in frame.linking_verbs)


def _structure_terms(terms: tuple[Term, ...], e: Enumeration) -> tuple[Term, ...]:
    """The terms a list of titles (sub-headings, titled paragraphs, "一是…" items, a headline's
    sentences) is to name: "哪几项重点", "哪些方面", "什么措施" ask for items of the kind such a list
    is made of by its structure, which its heading need not say ("着力保障和改善民生…" over "促进
    高质量充分就业。…"; "要坚决遏制房价过快上涨势头。一是…二是…" for "遏制房价的措施"); the other
    terms still name it."""
    if e.kind in (KIND_COLON, KIND_INLINE):
        return terms
    kept = tuple(t for t in terms if t.text not in ITEM_KINDS)
    return kept or terms


def quoted_names(frame: QuestionFrame) -> tuple[str, ...]:
    """The names of counted lists the question quotes ("“五大战略”是哪五个" → 五大战略)."""
    return tuple(t for t in frame.quoted_titles if COUNTED_NAME.fullmatch(t))


def _names_quoted(frame: QuestionFrame, e: Enumeration) -> bool:
    """The words announcing ``e`` end on a counted name the question quotes: "五张清单：…",
    "“三大高地”“五大战略”：…", "必须做到“八个聚焦”：" (not "赋予的五大战略定位和使命任务", a heading
    that goes on past the name)."""
    head = _QUOTE_MARKS.sub("", e.head).rstrip(_TRIM)
    return any(head.endswith(name) for name in quoted_names(frame))


def _counting_clause(head: str) -> str:
    """The clause of the announcing words that counts the items ("突出了以下四个方面"), else ""."""
    clauses = [c.strip() for c in re.split(r"[，,；;。：:]", head) if c.strip()]
    return next((c for c in reversed(clauses) if _ANNOUNCED_COUNT.search(c)), "")


def _announced_count(head: str) -> int | None:
    """The number of items the announcing words say follow ("以下六个方面" → 6), None unsaid."""
    found = _ANNOUNCED_COUNT.findall(head)
    return cn_to_int(found[-1]) if found else None


def _shared_words(frame: QuestionFrame, e: Enumeration) -> str:
    """The question's terms that (nearly) every item of a long enough list says ("哪几个“这一”": "聚焦经济建设
    这一中心工作", "锚定高质量发展这一首要任务", …): what the items have in common names the list
    as its announcing words would."""
    if len(e.items) < _MIN_SHARING_ITEMS:
        return ""
    texts = [i.text for i in e.items]
    least = _SHARED_SHARE * len(texts)
    shared = [t.text for t in frame.terms if sum(any(a in x for a in t.alternatives) for x in texts) >= least]
    return "。" + "".join(shared) if shared else ""


# Words by which a list's announcement names the five years its part covers ("今后五年的发展目标").
_FIVE_YEARS_SAID = re.compile(r"(?:今后|未来|此后|这)五年")


def _plan_covered(frame: QuestionFrame, e: Enumeration) -> str:
    """The five-year plans the question names ("“十五五”规划纲要提出了哪些发展目标") that the list's
    announcement names as "今后五年" in a part covering the plan's years ("《纲要草案》明确了今后五年
    的发展目标：" under "“十五五”时期主要目标任务"): the plan named in other words. A list that says
    nothing of the time is only in the plan's part (the heading's weaker evidence)."""
    covers = e.chunk.covers
    if covers is None or not covers.years or not _FIVE_YEARS_SAID.search(e.head):
        return ""
    named = [t.text for t in frame.terms if set(named_plan_years(t.text) or ()) == set(covers.years)]
    return "。" + "".join(named) if named else ""


def _by_chunk(items: Sequence[Item], kind: str) -> list[Part]:
    """One part per paragraph: items from one paragraph are cited once."""
    parts: list[Part] = []
    for item in items:
        last = parts[-1].chunk if parts else None
        if last is not None and last.chunk_id == item.chunk.chunk_id and kind != KIND_HEADINGS:
            parts[-1].text += f"；{item.text}"
        else:
            parts.append(Part(item.text, item.chunk))
    return parts
