"""Query understanding: years, thesaurus expansion and structural routing.

Residents ask ``老百姓收入涨了没有？`` where the report says 居民人均可支配收入, and
``第（三）部分讲什么`` where no paragraph contains those words. The analyzer turns
the question into a ``ParsedQuery`` the retriever can act on; the synonym lists
are data (index/data/thesaurus.txt), the patterns below are the grammar of how
people refer to a report's parts, which is the same for every report of the family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from wenbao.index.tokenizer import read_data_lines
from wenbao.ingest.numbering import cn_to_int
from wenbao.ingest.textnorm import translate_forms


@dataclass(frozen=True)
class SectionRef:
    """A reference to a numbered heading: level 1 (一、), 2 (（一）/一是) or 3 (1．)."""

    level: int
    ordinal: int

    def matches(self, number: str, level: int) -> bool:
        if level != self.level:
            return False
        core = re.sub(r"[\s（()）、．.。是]", "", number)
        return cn_to_int(core) == self.ordinal


@dataclass
class ParsedQuery:
    text: str  # the question as asked
    normalized: str  # spaces removed, full-width digits and letters folded
    years: list[int] = field(default_factory=list)  # years named in the question ("2021年")
    synonyms: list[str] = field(default_factory=list)  # same meaning (GDP -> 地区生产总值)
    expansions: list[str] = field(
        default_factory=list
    )  # related report terms (老百姓收入 -> 居民人均可支配收入)
    intent: str | None = None  # "front" | "section" | "plan" | "topic" | None
    sections: tuple[SectionRef, ...] = ()  # e.g. 第一部分的第（一）节 -> (1, 1), (2, 1)
    keyword_text: str = ""  # the question without the words that only route it


# --- thesaurus -------------------------------------------------------------
@dataclass(frozen=True)
class ThesaurusEntry:
    triggers: tuple[str, ...]
    expansions: tuple[str, ...]
    synonyms: bool  # a "a | b | c" line: each term means the same


class Thesaurus:
    def __init__(self, entries: list[ThesaurusEntry]) -> None:
        self.entries = entries
        # Entry positions by the first character of each trigger (an empty trigger is in every text).
        self._by_first: dict[str, list[int]] = {}
        for at, e in enumerate(entries):
            for t in e.triggers:
                self._by_first.setdefault(t.lower()[:1], []).append(at)

    @classmethod
    def load(cls, name: str = "thesaurus.txt") -> Thesaurus:
        entries: list[ThesaurusEntry] = []
        for line in read_data_lines(name):
            if "=>" in line:
                left, right = line.split("=>", 1)
                triggers = tuple(t.strip() for t in left.split("|") if t.strip())
                expansions = tuple(t.strip() for t in right.split("|") if t.strip())
                synonyms = False
            else:
                triggers = tuple(t.strip() for t in line.split("|") if t.strip())
                expansions = triggers
                synonyms = True
            entries.append(ThesaurusEntry(triggers, expansions, synonyms))
        return cls(entries)

    def expand(self, text: str, synonyms: bool | None = None) -> list[str]:
        """Terms of every entry one of whose triggers occurs in ``text``, minus what
        the text already says; ``synonyms`` selects synonym lines or one-way lines."""
        low = text.lower()
        out: list[str] = []
        for e in self._entries_for(low):
            if synonyms is not None and e.synonyms != synonyms:
                continue
            if any(t.lower() in low for t in e.triggers):
                out.extend(x for x in e.expansions if x.lower() not in low and x not in out)
        return out

    def _entries_for(self, low: str) -> list[ThesaurusEntry]:
        """The entries one of whose triggers may occur in ``low`` (a trigger's first character is
        in it), in the thesaurus's order: a question's few characters pick a few of its lines."""
        by_first = self._by_first
        found = {at for ch in (*set(low), "") for at in by_first.get(ch, ())}
        return [self.entries[at] for at in sorted(found)]

    def all_terms(self) -> list[str]:
        return sorted({t for e in self.entries for t in (*e.triggers, *e.expansions)})


@lru_cache(maxsize=1)
def default_thesaurus() -> Thesaurus:
    return Thesaurus.load()


# --- patterns --------------------------------------------------------------
# Questions use the reports' width rules (ingest's table) plus the full-width full stop,
# so "第５．项" and "第5.项" read alike.
_FULL_STOP = str.maketrans("．", ".")
# A year a question names ("2025年", "2025 年", "2025年度"): the one reading of years, which the
# answering side's question reader and scope resolver use too.
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:度)?")
_CN = "一二三四五六七八九十两"
_LEVEL2 = re.compile(rf"第?\s*[（(]\s*([{_CN}]+)\s*[)）]")
_LEVEL2_SHI = re.compile(rf"(?<![{_CN}])([{_CN}]{{1,2}})是(?:讲|说|什么|指|哪|关于|的内容|部分|方面|包括)")
_LEVEL1 = re.compile(rf"第\s*([{_CN}]+)\s*(?:大)?(?:部分|章|板块)")
_LEVEL1_BARE = re.compile(rf"(?<![第（({_CN}])([{_CN}]{{1,2}})、")
_LEVEL3 = re.compile(
    rf"第\s*(\d+|[{_CN}]+)\s*(?:项|条|点|小节|小项)"
    rf"|(?<![\d.])(\d{{1,2}})\s*[．.、]\s*(?:讲|说|是|的|部分|项|条|写)"
)
_FRONT = re.compile(
    r"(谁|哪位|什么人|哪个人|哪个部门|什么部门|哪个单位).{0,8}(作|做|讲|汇报|报告|发言|提交)"
    r"|(作|做|汇报|发表)(的|了)?(这份|这个|该)?报告的?(是|人)"
    r"|报告人|汇报人|报告的?作者|在.{0,4}(会议|会)上(作|做|汇报)"
    r"|什么时候(作|做|召开|汇报|提交|发布)|哪一?天(作|做|召开|汇报)|报告(的)?(日期|时间)"
    r"|(职务|职位|头衔)|受.{0,4}委托|报告(标题|题目|名称)|标题是什么|题目是什么"
)
# "在什么会上作的", "报告是哪次会议上的": the meeting the report was delivered at; but not a meeting
# that decided what the report speaks of ("一揽子增量政策是哪次会议部署的"), which a passage says.
_FRONT_MEETING = re.compile(r"(什么|哪个|哪次|哪一次)(会议|会上)")
_DELIVERY_NAMED = re.compile(r"报告|汇报|发言|讲话|(?<!工)作(?![出为用])|做(?![出好])")
_PLAN = re.compile(
    r"下半年|下一步|接下来|今后|后半年|将要|打算|准备怎么|要怎么|怎么做|如何做"
    r"|(工作)?(措施|举措|安排|部署)|全年(的)?(目标|计划|任务|要|力争|预计)|力争|年底前|年内"
    r"|目标是多少|计划(完成|实现|达到|新增|招引|净增)|要(完成|实现|达到|新增|招引)"
)
_PLAN_NEGATIVE = re.compile(r"上半年.{0,12}(完成|实现|达到|增长)|已经|已完成")
# "关于科技创新的那一节", "“新质生产力加快形成”这一条": the heading names the topic.
_TOPIC = re.compile(
    r"(那|这|哪)一?个?(节|条|部分|项|方面)|第几(部分|节|章)|部分(讲|说|包括)|(讲|说)了?(什么|哪些)|主要内容"
)
_YEAR_PHRASE = re.compile(r"(?:19|20)\d{2}\s*年(?:上半年|下半年|度)?的?")
# Words that only route a question; they would drown the content words in BM25.
_ROUTING_WORDS = re.compile(
    r"第\s*[（(]?\s*[\d一二三四五六七八九十两]+\s*[)）]?\s*(部分|项|条|点|章|节)?"
    r"|讲(了)?什么|说(了)?什么|主要内容|内容是什么|是关于什么|包括(哪些|什么)(内容)?"
    r"|(那|这|哪)一?(节|条|部分|项|方面)|报告(中|里)?"
)


def strip_years(text: str) -> str:
    """Remove "2021年上半年"-style phrases once they have been used to pick the report."""
    return _YEAR_PHRASE.sub(" ", text)


class QueryAnalyzer:
    def __init__(self, thesaurus: Thesaurus | None = None) -> None:
        self.thesaurus = thesaurus or default_thesaurus()

    @staticmethod
    def normalize(text: str) -> str:
        return re.sub(r"\s+", "", translate_forms(text).translate(_FULL_STOP))

    def restate(self, pq: ParsedQuery, text: str) -> ParsedQuery:
        """The same question put another way (one year or place of a comparison): the words
        change, what was understood of it (intent, sections, thesaurus terms) does not."""
        norm = self.normalize(text)
        keyword_text = _ROUTING_WORDS.sub(" ", norm) if pq.intent in ("section", "topic") else norm
        years = sorted({int(y) for y in YEAR_RE.findall(norm)})
        return replace(pq, text=text, normalized=norm, years=years, keyword_text=keyword_text)

    def analyze(self, question: str) -> ParsedQuery:
        norm = self.normalize(question)
        years = sorted({int(y) for y in YEAR_RE.findall(norm)})
        pq = ParsedQuery(text=question, normalized=norm, years=years)
        pq.sections = self._sections(norm)
        if pq.sections:
            pq.intent = "section"
        elif _FRONT.search(norm) or (_FRONT_MEETING.search(norm) and _DELIVERY_NAMED.search(norm)):
            pq.intent = "front"
        elif _PLAN.search(norm) and not _PLAN_NEGATIVE.search(norm):
            pq.intent = "plan"
        elif _TOPIC.search(norm):
            pq.intent = "topic"
        text = norm
        if pq.intent in ("section", "topic"):
            text = _ROUTING_WORDS.sub(" ", text)
        pq.keyword_text = text
        pq.synonyms = self.thesaurus.expand(norm, synonyms=True)
        pq.expansions = [t for t in self.thesaurus.expand(norm, synonyms=False) if t not in pq.synonyms]
        return pq

    @staticmethod
    def _sections(norm: str) -> tuple[SectionRef, ...]:
        """Every numbered heading the question names, outermost first."""
        refs: dict[int, SectionRef] = {}
        m = _LEVEL1.search(norm) or _LEVEL1_BARE.search(norm)
        if m and (n := cn_to_int(m.group(1))):
            refs[1] = SectionRef(1, n)
        m = _LEVEL2.search(norm) or _LEVEL2_SHI.search(norm)
        if m and (n := cn_to_int(m.group(1))):
            refs[2] = SectionRef(2, n)
        m = _LEVEL3.search(norm)
        if m:
            raw = m.group(1) or m.group(2)
            if raw and (n := cn_to_int(raw)):
                refs[3] = SectionRef(3, n)
        return tuple(refs[k] for k in sorted(refs))
