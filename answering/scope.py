"""Which reports, and which parts of them, a question is about.

A question names places (``上海``, ``鼓楼区``) and times (``2025年``, ``去年``, ``“十四五”时期``); the
stored reports say which place each speaks for and which years each part covers (``covers``). This
resolves one against the other, once per question:

* a named place the corpus has → only its reports; one it does not have → a refusal that lists
  the places there are;
* relative time (``去年``, ``今年``, ``明年``) → a year, counted from the report the question is
  scoped to (its delivery year), else from today's date; the rewritten question shows it;
* asked years → the reports with a part covering them (not the delivery year: a January 2026
  report speaks for 2025); none → a refusal that lists the years the reports cover.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wenbao.documents import DocumentInfo, ParsedDocument, SearchScope
from wenbao.index.query import YEAR_RE
from wenbao.index.tokenizer import part_of_speech
from wenbao.index.tokenizer import words as jieba_words
from wenbao.ingest.metadata import (
    HALF_RE,
    HORIZON_RE,
    MULTI_YEAR_WORDS,
    NATIONAL_PLACE,
    PROVINCE_ABBREVIATIONS,
    PROVINCES,
    CoverContext,
    five_year_plan_years,
    named_plan_years,
    plausible_place,
)

if TYPE_CHECKING:  # the frame is read from the scope (question.py imports this module)
    from wenbao.answering.question import QuestionFrame

# Relative years and how far each lies from the anchor year.
RELATIVE_YEARS = {
    "前年": -2,
    "去年": -1,
    "上年": -1,
    "上一年": -1,
    "前一年": -1,
    "今年": 0,
    "本年": 0,
    "当年": 0,
    "明年": 1,
    "下一年": 1,
    "后一年": 1,
}
_RELATIVE_RE = re.compile(r"前年|去年|上一年|今年|明年")
# A year written short ("江西25年…", "26年目标"), as residents do: 2025, 2026. Not a count of years
# ("连续21年", "近10年", "30年来", "用了15年时间").
_SHORT_YEAR_RE = re.compile(
    r"(?<![\d.连续近去前这第达超约共满整了经隔每过来后余])([12]\d|3[0-5])年(?![来以前后间内里代多级龄轻时])"
)
_YEAR_Q_RE = YEAR_RE
# "2021年国务院报告里…", "（2021年国务院政府工作报告）", "2024年那份计划执行报告": a year that names
# the report (its delivery year), not the time asked about. REPORT_OF_YEAR: what follows the year,
# the one reading of it (a follow-up's turns are read with it too, answering/followup.py).
REPORT_OF_YEAR = r"(?:的|那份|这份)?[^，,。？?！!；;、\d]{0,12}?报告"
_REPORT_YEAR_RE = re.compile(
    rf"(?<!\d)((?:(?:19|20)\d{{2}}\s*年\s*[和与及、]\s*)*(?:19|20)\d{{2}})\s*年{REPORT_OF_YEAR}"
)
# The same report named as the source of what is asked, not as what is asked about: set off by
# brackets ("（2026年报告）") or followed by where in it or by a verb of saying and a pause
# ("广东2026年政府工作报告里，…", "按2016年国务院政府工作报告，…", "2021年国务院报告说，…").
# "2021年国务院报告是谁作的", "2021年报告第一部分讲什么" ask about the report itself and keep it.
_REPORT_SOURCE_RE = re.compile(
    r"[（(][^（()）]{0,6}?" + _REPORT_YEAR_RE.pattern + r"[^（()）]{0,4}[）)]"
    r"|(?:按照|按|根据|据|从|在)?"
    + _REPORT_YEAR_RE.pattern
    + r"(?:的?(?:注释|附件|名词解释))?(?:(?:里面|里|中|上)(?!的)|(?:里面|里|中|上)?(?:的|所)?"
    r"(?:(?:说|讲|写|提出|提到|显示|指出|表示)(?:了|的)?[，,：:]?|[，,：:]))[，,：:]?"
)
# The words people use for a part of a report ("第二部分", "这一节", "板块", "这一条").
STRUCTURE_ASKED = re.compile(
    r"第?[一二三四五六七八九十\d（()）]*(?:部分|节|章|板块|这一条|这条|那一条|一条|这一项|这项)"
    r"|哪一?个?块(?=(?:是|里|中)?(?:讲|说|写|谈|提))"
)
# "2015年国务院说…今年", "2019年省长提出今年…": a year, who spoke (a few characters, no other year),
# a verb of saying, and then a year word relative to when it was said ("2023年提出的目标今年完成了吗":
# a relative clause dates the target, and 今年 is the asker's).
_SAID_IN_YEAR_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年[^，,。？?！!；;\d年]{0,10}?(?:说|讲|提出|提到|表示|指出|强调)(?!的)"
    r"[^。？?！!]*?(?:今年|去年|明年)"
)
# A written year that dates the question's own time ("2016年全国住房困难的，今年…", "2016年GDP比去年…"):
# the year, then (in the same sentence) a relative year word. Not a year compared against ("今年比2016年"),
# nor one that dates a relative clause ("2023年提出的目标今年完成了吗": that 今年 is the asker's).
_DATING_YEAR_RE = re.compile(
    r"(?<![\d比较与和跟同])((?:19|20)\d{2})\s*年(?![^，,。？?！!；;\d]{0,8}?(?:提出|制定|确定|设定|定下|定)的)"
    r"[^。？?！!]*?(?:前年|去年|上一年|今年|明年)"
)
# Names of the national level that a question uses (not "中国", which opens many proper names).
_NATIONAL_WORDS = ("中华人民共和国", "国务院", "全国", "我国")
_KIND_LABELS = {
    "government_work_report": "政府工作报告",
    "plan_execution_report": "计划执行情况报告",
    "budget_report": "预算报告",
    "other": "报告",
}


@dataclass(frozen=True)
class PlaceGroup:
    """The reports of one place (a district's reports may spell its name longer or shorter)."""

    key: str  # the shortest official name among them, e.g. "鼓楼区"
    names: tuple[str, ...]  # every name and alias, longest first
    doc_ids: frozenset[str]
    # A province's one-character abbreviation ("川"): matched only as a word of its own where a
    # place stands in a question, never inside other words ("川菜", "滇中").
    short: tuple[str, ...] = ()
    level: str | None = None  # the place's level (provincial, prefectural, …; "national")


@dataclass
class QuestionScope:
    text: str  # the question with relative time resolved ("去年" → "2025年")
    # ``text`` without the phrase naming the report it is asked of ("2026年广东报告里，"): what the
    # question asks, read into the frame (the report's year is not a year asked about)
    asked_text: str = ""
    places: list[PlaceGroup] = field(default_factory=list)  # named in the question, in order
    years: tuple[int, ...] = ()  # asked years (explicit, relative or a five-year plan)
    doc_ids: frozenset[str] | None = None  # the reports to search; None = all
    refusal: str | None = None  # the sentence when no stored report speaks for the asked place/time
    reason: str | None = None
    report_years: tuple[int, ...] = ()  # years that name the report asked ("2021年国务院报告")
    final: bool = False  # no passage can answer (the report asked for is not stored): refuse at once
    absent: tuple[str, ...] = ()  # provinces named beside stored places that no stored report is of
    # places inside a stored place that its report only mentions ("成都" beside Sichuan's report)
    inner: tuple[str, ...] = ()

    @property
    def asked(self) -> str:
        return self.asked_text or self.text

    def search_scope(self) -> SearchScope | None:
        if self.doc_ids is None and not self.years:
            return None
        return SearchScope(doc_ids=self.doc_ids, years=frozenset(self.years) if self.years else None)


def place_groups(docs: Sequence[DocumentInfo]) -> list[PlaceGroup]:
    groups: list[tuple[set[str], set[str]]] = []  # (names, doc ids)
    for d in docs:
        names = {n for n in d.meta.place_names if n}
        if not names:
            continue
        if d.meta.place == NATIONAL_PLACE:
            names = set(_NATIONAL_WORDS)
        for g_names, g_ids in groups:
            if names & g_names and (
                d.meta.place in g_names or any(n in g_names for n in d.meta.place_aliases[:1])
            ):
                g_names.update(names)
                g_ids.add(d.meta.doc_id)
                break
        else:
            groups.append((names, {d.meta.doc_id}))
    out = []
    for names, ids in groups:
        members = [d.meta for d in docs if d.meta.doc_id in ids]
        officials = [m.place for m in members if m.place]
        key = min(officials, key=len) if officials else min(names, key=len)
        short = tuple(
            dict.fromkeys(PROVINCE_ABBREVIATIONS[p] for p in officials if p in PROVINCE_ABBREVIATIONS)
        )
        level = "national" if NATIONAL_PLACE in officials else next((m.place_level for m in members), None)
        out.append(PlaceGroup(key, tuple(sorted(names, key=len, reverse=True)), frozenset(ids), short, level))
    return out


# Where a place stands in a question: first, or after a word that joins or contrasts places.
_BEFORE_PLACE = {
    "",
    "那",
    "那么",
    "和",
    "与",
    "跟",
    "同",
    "及",
    "、",
    "，",
    ",",
    "比",
    "换成",
    "改成",
    "换",
    "对比",
    "年",  # "2025年粤、川两地…": a year may stand before the place
    "在",
}
# What may follow a place abbreviation: a year, a particle or a joining word ("川2025年", "和粤比"),
# or a stretch of years ("川十四五期间…", "粤“十四五”…", "陇这五年…", "蒙过去五年…", "赣十五五…").
_AFTER_ABBREVIATION = re.compile(
    r"^(?:\d.*|[A-Za-z].*|[年的呢比和与跟同及、，,？?省也还是有在要定]|今年|去年|明年|前年|上半年|全年|地区|[两三几](?:地|省|市|区|县)|准备|计划|打算|目标"
    r"|[“\"]|十[一二三四五六七八九]五?|过去|这|近|五年|今后|未来)$"
)
_LEAD_SPLIT = re.compile(r"^(那么|那|换成|改成)")
_HAN_WORD = re.compile(r"[\u4e00-\u9fa5]{2,}")


def abbreviated_places(text: str, groups: Sequence[PlaceGroup]) -> list[tuple[int, PlaceGroup]]:
    """Stored provinces named by their one-character abbreviation, with where they stand."""
    by_short = {s: g for g in groups for s in g.short}
    if not by_short or not any(s in text for s in by_short):
        return []
    found: list[tuple[int, PlaceGroup]] = []
    spaced = _LEAD_SPLIT.sub(r"\1 ", text)
    toks = [t for t in jieba_words(spaced) if t != " "]
    pos = 0
    for i, tok in enumerate(toks):
        at = spaced.find(tok, pos)
        pos = at + len(tok) if at >= 0 else pos
        group = by_short.get(tok)
        if group is None:
            continue
        before = toks[i - 1] if i > 0 else ""
        after = toks[i + 1] if i + 1 < len(toks) else "？"
        # Right after a year ("2025年蒙固定资产投资…"), a word of its own that is an abbreviation
        # stands where the place stands, whatever topic follows.
        after_year = before == "年" and bool(_HAN_WORD.fullmatch(after))
        if (before in _BEFORE_PLACE or before in by_short) and (
            _AFTER_ABBREVIATION.match(after) or after in by_short or after_year
        ):
            found.append((max(at, 0), group))
    return found


def spell_out_abbreviations(text: str, groups: Sequence[PlaceGroup]) -> str:
    """ "沪2026年准备新建多少座公园" → "上海市2026年…": the abbreviation is no word to look for in the
    report, and the question shown back names the place in full."""
    found = abbreviated_places(text, groups)
    lead = _LEAD_SPLIT.match(text)
    shift = len(lead.group(1)) if lead else -1
    for at, group in sorted(found, key=lambda x: -x[0]):
        at = at - 1 if shift >= 0 and at > shift else at  # the space the split put after the lead
        if text[at : at + 1] in group.short:
            text = text[:at] + group.key + text[at + 1 :]
    return text


def named_places(text: str, groups: Sequence[PlaceGroup]) -> list[PlaceGroup]:
    """The stored places a question names, in the order it names them."""
    found: list[tuple[int, PlaceGroup]] = []
    taken: list[tuple[int, int]] = []
    ends: dict[int, PlaceGroup] = {}  # where each name found ends
    candidates = sorted(((n, g) for g in groups for n in g.names), key=lambda x: -len(x[0]))
    for name, group in candidates:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                ends[end] = group
                if all(g is not group for _, g in found):
                    found.append((start, group))
                break
            start = text.find(name, start + 1)
    found = [(at, g) for at, g in found if not _qualifies_next(at, g, found, ends)]
    for at, group in abbreviated_places(text, groups):
        if all(g is not group for _, g in found):
            found.append((at, group))
    if not found:
        found = _state_as_place(text, groups)
    if len(found) >= 2:
        # "广东GDP连续多少年全国第一", "增速高于全国多少": the country is the field a place is ranked
        # or measured in, not a second place asked about.
        found = [(at, g) for at, g in found if not _only_as_field(text, g)]
    return [g for _, g in sorted(found, key=lambda x: x[0])]


_LEVEL_RANK = {"national": 0, "provincial": 1, "prefectural": 2, "county": 3}


def _qualifies_next(
    at: int, group: PlaceGroup, found: Sequence[tuple[int, PlaceGroup]], ends: dict[int, PlaceGroup]
) -> bool:
    """``group`` is named only to say where the place right after it lies ("内蒙古通辽市…",
    "湖南长沙县…"): a place of a lower level follows its name with nothing between them. The
    province's own figure is not asked; "内蒙古和通辽" joins two places and keeps both."""
    rank = _LEVEL_RANK.get(group.level or "")
    if rank is None:
        return False
    end = next((e for e, g in ends.items() if g is group and any(a == e for a, _ in found)), None)
    if end is None:
        return False
    after = next(g for a, g in found if a == end)
    return _LEVEL_RANK.get(after.level or "", -1) > rank


# Words after which "国家"/"中国" stands where a place stands ("2025年国家…", "今年国家…",
# "咱们国家…").
_BEFORE_STATE = _BEFORE_PLACE | set(RELATIVE_YEARS) | {"咱们", "咱", "我们"}


# The national report's alias that also opens names: "国家" before a noun is the start of one
# ("国家公园", "国家实验室", "国家高新区"), not the country asked about.
STATE_WORD = "国家"


def opens_name(after_flag: str) -> bool:
    """A word tagged ``after_flag`` (jieba) after "国家" makes it the start of a name."""
    return after_flag.startswith("n")


def without_state_word(text: str) -> str:
    """``text`` without "国家" where it stands for the country ("国家GDP增长多少", "国家打算…"),
    keeping it where it opens a name ("创建国家公园": the name is what is asked about) and inside a
    longer word ("国家级")."""
    if STATE_WORD not in text:
        return text
    tagged = list(part_of_speech(text))
    out: list[str] = []
    for i, (word, _flag) in enumerate(tagged):
        after_flag = next((f for w, f in tagged[i + 1 :] if w.strip()), "x")
        if word == STATE_WORD and not opens_name(after_flag):
            continue
        out.append(word)
    return "".join(out)


def _state_as_place(text: str, groups: Sequence[PlaceGroup]) -> list[tuple[int, PlaceGroup]]:
    """ "2025年国家打算发多少国债", "中国2024年GDP增长了多少": with no place named, "国家" or
    "中国" standing where a place stands is the country, as 全国/我国 are. Not inside the sentence
    ("争取国家支持"), nor "国家" opening a name ("国家实验室", "国家高新区": a noun follows; jieba
    keeps "中国式", "中国人民银行" whole, so "中国" as a word of its own is the country)."""
    national = next((g for g in groups if g.level == "national"), None)
    if national is None or ("国家" not in text and "中国" not in text):
        return []
    tagged = [(w, f) for w, f in part_of_speech(text) if w.strip()]
    at = 0
    for i, (word, _flag) in enumerate(tagged):
        at = text.find(word, at)
        if word in ("国家", "中国"):
            before = tagged[i - 1][0] if i > 0 else ""
            after_flag = tagged[i + 1][1] if i + 1 < len(tagged) else "x"
            if before in _BEFORE_STATE and (word == "中国" or not opens_name(after_flag)):
                return [(max(at, 0), national)]
        at += len(word)
    return []


# A national word that names the field of a ranking or a comparison, not a place asked about.
_FIELD_AFTER = re.compile(r"(?:第|首位|首|前列|前\d|前[一二三四五六七八九十]|领先|排名|排第|平均)")
_FIELD_BEFORE = re.compile(r"(?:居|列|排|位居|位列|高于|低于|快于|慢于|超过|占|比)$")


def _only_as_field(text: str, group: PlaceGroup) -> bool:
    """Every mention of the national place in ``text`` is a ranking's or comparison's field."""
    if group.level != "national":
        return False
    seen = False
    for name in _NATIONAL_WORDS:
        at = text.find(name)
        while at >= 0:
            seen = True
            end = at + len(name)
            if not (_FIELD_AFTER.match(text, end) or _FIELD_BEFORE.search(text[max(0, at - 2) : at])):
                return False
            at = text.find(name, end)
    return seen


# "各省", "各地", "这几个地方", "所有省份": every stored place of that level at once.
COLLECTIVE_RE = re.compile(
    r"(?P<level>各(?:个)?(?:省份|省区市|省市|省|地市|地方|地区|地|市|区县|区|县)|所有(?:的)?(?:省份|省|地方|城市|地区)"
    r"|(?:这|那)?(?:几|些|七|六|五|四|三)(?:个)?(?:省份|省|地方|地区|城市|地))"
)
_COLLECTIVE_LEVELS = {"省": ("provincial",), "市": ("prefectural",), "区": ("county",), "县": ("county",)}


def collective_places(text: str, groups: Sequence[PlaceGroup]) -> list[PlaceGroup]:
    """The stored places a collective word stands for ("2026年各省的…" → every stored province);
    none when the word is absent or fewer than two stored places fit it."""
    m = COLLECTIVE_RE.search(text)
    if m is None:
        return []
    word = m.group("level")
    levels: tuple[str, ...] = ()
    for key, lv in _COLLECTIVE_LEVELS.items():
        if key in word and not any(k in word for k in ("地方", "地区", "省市", "省区市", "区县")):
            levels = lv
            break
    places = [g for g in groups if g.level != "national" and (not levels or g.level in levels)]
    return places if len(places) >= 2 else []


def asked_places(text: str, groups: Sequence[PlaceGroup]) -> list[PlaceGroup]:
    """The stored places a question is about: those it names, else those a collective word
    ("各省") stands for."""
    return named_places(text, groups) or collective_places(text, groups)


def strip_names(text: str, groups: Sequence[PlaceGroup]) -> str:
    for name in sorted({n for g in groups for n in g.names}, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def foreign_provinces(text: str) -> list[str]:
    """Provincial-level places a question names (full or short name)."""
    # Whole words only: 湖南 in "湖南路片区" is a street, not the province.
    words = set(jieba_words(text))
    out = []
    for full, short in PROVINCES.items():
        if full in text or short in words:
            out.append(full)
    return out


def anchor_year(docs: Sequence[DocumentInfo], today: _dt.date | None = None) -> int:
    """The year "今年" means: the scoped reports' delivery year, else today's."""
    years = [d.meta.year for d in docs if d.meta.year is not None]
    if years:
        return max(years)
    return (today or _dt.date.today()).year


# A year named by its place in a five-year plan ("“十五五”头一年", "十四五收官之年"): the plan's
# first or last year, as a written year. Said as residents say it too: "开局那年", "开局那一年",
# "开局第一年", "收官的那年".
_PLAN_YEAR_RE = re.compile(
    r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:规划|时期)?的?"
    r"(?:(?P<first>头一年|第一年|首年|(?:开局|起步)(?:之|的?那一?|第一)?年)"
    r"|(?P<last>最后一年|末年|收官(?:之|的?那一?)?年))"
)


def years_spelled_out(text: str) -> str:
    """``江西25年…`` → ``江西2025年…``, ``“十五五”头一年`` → ``2026年``: every year as a written year."""
    return _SHORT_YEAR_RE.sub(lambda m: f"20{m.group(1)}年", plan_year_named(text))


def dated_report_year(question: str, docs: Sequence[DocumentInfo]) -> int | None:
    """The year the question's 今年/去年 count from when it dates itself by one written year that a
    report in scope was delivered in ("2016年全国…，今年能改多少套" of the 2016 report: 2016, not the
    latest stored report's year nor today's); None when it writes no such year, or several."""
    text = years_spelled_out(question)
    written = {int(y) for y in _YEAR_Q_RE.findall(text)}
    dating = _DATING_YEAR_RE.search(text)
    if dating is None or len(written) != 1:
        return None
    year = int(dating.group(1))
    return year if any(d.meta.year == year for d in docs) else None


def plan_year_named(text: str) -> str:
    """``“十五五”头一年`` → ``2026年``, ``十四五收官之年`` → ``2025年``."""

    def sub(m: re.Match[str]) -> str:
        years = five_year_plan_years(10 + "一二三四五六七八九".index(m.group(1)) + 1)
        return f"{years[0] if m.group('first') else years[-1]}年"

    return _PLAN_YEAR_RE.sub(sub, text)


def resolve_relative(text: str, anchor: int) -> str:
    """``四川去年粮食产量`` → ``四川2025年粮食产量`` (anchor 2026); ``去年同期`` stays a comparison;
    ``江西25年…`` → ``江西2025年…``."""

    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        after = text[m.end() : m.end() + 2]
        if after.startswith(("同期", "以来")):
            return word  # "比去年同期", "今年以来": not the year asked about
        return f"{anchor + RELATIVE_YEARS[word]}年"

    text = years_spelled_out(text)
    return _RELATIVE_RE.sub(sub, text)


def without_report_source(text: str) -> str:
    """The question without the phrase naming the report it is asked of ("（2026年报告）",
    "2021年国务院报告说，"): that phrase says where to look, not what is asked."""
    return _REPORT_SOURCE_RE.sub("", text).strip() or text


def report_years(text: str) -> tuple[tuple[int, ...], str]:
    """The years naming a report, and the text without them (so they are not asked years)."""
    years = tuple(
        dict.fromkeys(int(y) for m in _REPORT_YEAR_RE.finditer(text) for y in _YEAR_Q_RE.findall(m.group(0)))
    )
    rest = _REPORT_YEAR_RE.sub(lambda m: _YEAR_Q_RE.sub("", m.group(0)), text)
    return years, rest


def unknown_places(text: str, groups: Sequence[PlaceGroup], parsed: dict[str, ParsedDocument]) -> list[str]:
    """Place names (jieba's ``ns`` words: 武汉, 哈尔滨) that are no stored report's place and that no
    stored report even mentions: a question about them cannot be answered from these reports."""
    names = [n for g in groups for n in g.names]
    out = []
    for word, flag in part_of_speech(text):
        if flag != "ns" or len(word) < 2 or any(word in n or n in word for n in names):
            continue
        if not any(word in doc.text for doc in parsed.values()):
            out.append(word)
    return out


# Words jieba tags as places that name the country or a direction, not a place inside a province.
_NOT_INNER = re.compile(r"中国|中华|全国|我国|国内|国外|海外|境内|境外|全球|世界|国际")
# A word made only of the morphemes of kinds of places ("城市", "城区", "农村", "新区") names a kind
# of place, not one place: a place's name has a character of its own ("江陵", "浦东").
_KIND_OF_PLACE = re.compile(r"[城市区县乡镇村街道园新老地域山社农郊省州内外全本]+")
# Common nouns for a kind of land or water that jieba's dictionary tags as places (``ns``): "海洋经济",
# "都市圈", "高原特色农业" name no city or county ("…县域经济和海洋的是哪一部分").
_KIND_OF_LAND = frozenset(
    {"海洋", "大洋", "海岛", "海湾", "海滨", "海峡", "平原", "高原", "都市", "湖区", "湖泊", "江河", "内河"}
)


def _names_one_place(word: str) -> bool:
    """``word`` (a place word by jieba) can name one place: no kind of place or land, not the country."""
    return (
        len(word) >= 2
        and not _NOT_INNER.search(word)
        and not _KIND_OF_PLACE.fullmatch(word)
        and word not in _KIND_OF_LAND
    )


def place_words(text: str) -> list[tuple[int, str]]:
    """Where ``text`` names one place by jieba's place words (``ns``), with their offsets: no kind
    of place ("城市", "农村"), no name of the country ("全国")."""
    out: list[tuple[int, str]] = []
    at = 0
    for word, flag in part_of_speech(text):
        if flag == "ns" and _names_one_place(word):
            out.append((at, word))
        at += len(word)
    return out


def inner_places(text: str, groups: Sequence[PlaceGroup], parsed: Mapping[str, ParsedDocument]) -> list[str]:
    """Places a question is about that no stored report is of but a stored report mentions: a city
    or county inside a stored province ("成都2025年GDP增长多少" beside Sichuan's report), or one
    named right after a stored place ("江西上饶…"), mentioned by a report or not. Where a
    place stands in a question (first, after a year, after a stored place's name or a joining
    word), jieba's place words (``ns``) that are no stored place's name. Sichuan's figure is not
    成都's: a quote has to name the place itself."""
    names = sorted({n for g in groups for n in (*g.names, *g.short)}, key=len, reverse=True)
    out: list[str] = []
    tagged = [(w, f) for w, f in part_of_speech(text) if w.strip()]
    for i, (word, flag) in enumerate(tagged):
        before = tagged[i - 1][0] if i > 0 else ""
        after = tagged[i + 1][1] if i + 1 < len(tagged) else ""
        # a verb's aspect particle after it ("新建了"): a verb jieba took for a place
        if flag != "ns" or (after.startswith("u") and after != "uj"):
            continue
        inner = word
        for n in names:
            if len(n) >= 2 and inner.startswith(n) and len(inner) > len(n):
                inner = inner[len(n) :]  # "四川成都" → 成都
                break
        stands = before in ("", "年") or before in _BEFORE_PLACE or before in names or inner != word
        if not stands or not _names_one_place(inner):
            continue
        # a stored place's name or alias, or one of them inside it; a one-character abbreviation
        # only as a whole ("赣" is not in 赣州 as a name)
        if any(inner in n or (len(n) >= 2 and n in inner) for n in names):
            continue
        if inner in PROVINCES or inner in PROVINCES.values():
            continue
        # Right after a stored place's name ("江西上饶", "四川宜宾") a place word is that place's
        # city or county even where no report mentions it: the province's figure is not its own.
        if before in names or inner != word or any(inner in doc.text for doc in parsed.values()):
            out.append(inner)
    townships = townships_after(text, names)
    # "东关街道" whole, not also jieba's "东关"
    out = [o for o in out if not any(o in t for t in townships)] + townships
    return list(dict.fromkeys(out))


def compared_with(question: str, place: str) -> bool:
    """The question compares with ``place`` ("城镇化率比西安高还是低", "和成都相比"): a figure of that
    place is part of what is asked, even where the question asks no figure in so many words."""
    p = re.escape(place)
    return bool(
        re.search(
            rf"(?:比|较|对比)(?:一下)?{p}|(?:和|与|跟|同){p}[^，。？?]{{0,8}}(?:比|相比|比较|对比|差)",
            question,
        )
    )


# A township or street office named right after a stored place ("XX县大像山镇", "XX区汉丰街道"):
# jieba rarely tags it a place, but the county's figure is not the township's.
_TOWNSHIP_RE = re.compile(r"([\u4e00-\u9fa5]{2,5}?)(?:镇|乡|街道|苏木)")
# What a township's name never holds: a word that counts or points ("各乡镇", "所有乡镇").
_NOT_IN_TOWNSHIP = re.compile(r"[各全本每该这那其此所有的和与及城乡镇村街省市州县区旗]")


def townships_after(text: str, names: Sequence[str]) -> list[str]:
    out = []
    for n in names:
        if len(n) < 2 or n not in text:
            continue
        for at in (m.end() for m in re.finditer(re.escape(n), text)):
            m = _TOWNSHIP_RE.match(text, at)
            if m is None or _NOT_IN_TOWNSHIP.search(m.group(1)) or _KIND_OF_PLACE.fullmatch(m.group(1)):
                continue
            out.append(m.group(0))
    return out


def asked_years(text: str) -> tuple[int, ...]:
    years = [int(y) for y in _YEAR_Q_RE.findall(text)]
    years.extend(sorted(named_plan_years(text)))
    return tuple(dict.fromkeys(years))


def names_years(text: str, years: Sequence[int]) -> bool:
    """``text`` names one of ``years``, as a year ("2018年") or by a five-year plan's name that
    holds it ("“十三五”时期")."""
    return bool(set(years) & (named_plan_years(text) | {int(y) for y in _YEAR_Q_RE.findall(text)}))


def asked_half(text: str) -> str | None:
    return next((p for p, rx in HALF_RE.items() if rx.search(text)), None)


def covers_half(doc: ParsedDocument, years: set[int], half: str) -> bool:
    """A part of the report speaks for that half of one of the years."""
    return any(
        c.covers is not None and c.covers.period == half and years.intersection(c.covers.years)
        for c in doc.chunks
    )


def covered_years(doc: ParsedDocument) -> set[int]:
    years: set[int] = set()
    for c in doc.chunks:
        if c.covers is not None:
            years.update(c.covers.years)
    # The years its kind and date give (a work report of 2025 reviews 2024 and plans 2025), even
    # where no part says so: a web copy run together loses "一、2024年工作回顾" inside a line, and
    # its review passages then tell no year, yet they speak for 2024.
    ctx = CoverContext.of(doc.meta.kind, doc.meta.year, doc.meta.title, doc.meta.period)
    return years | {y for y in (ctx.review_year, ctx.plan_year) if y is not None}


# A question about several years at once ("五年来", "年均", "累计", "“十四五”期间"): the words a
# figure over several years is written with, and a question's "期间" / "以来".
_SPAN_WORDS = re.compile(rf"{MULTI_YEAR_WORDS}|期间|以来|{HORIZON_RE.pattern}")
# A part covering more years than this is a multi-year review or plan ("十四五"时期): a report
# that speaks of a year only there is not *the* report of that year.
MAX_PRIMARY_SPAN = 2


def primary_years(doc: ParsedDocument) -> set[int]:
    """The years a report is mainly about: those of its parts that cover one or two years (a
    January 2026 work report: 2025 reviewed, 2026 planned), not its five-year review."""
    m = doc.meta
    ctx = CoverContext.of(m.kind, m.year, m.title, m.period)
    # The years its kind and date make it speak for (a work report: the year before and its own).
    years: set[int] = {y for y in (ctx.review_year, ctx.plan_year) if y is not None}
    for c in doc.chunks:
        if c.covers is not None and 0 < len(c.covers.years) <= MAX_PRIMARY_SPAN:
            years.update(c.covers.years)
    return years


@dataclass(frozen=True)
class DocumentYears:
    """The years one report speaks about, read once per index version (a walk over its chunks)."""

    covered: frozenset[int]  # every year a part covers
    primary: frozenset[int]  # the years it is mainly about (see primary_years)

    @classmethod
    def of(cls, doc: ParsedDocument) -> DocumentYears:
        return cls(frozenset(covered_years(doc)), frozenset(primary_years(doc)))


def years_by_document(parsed: Mapping[str, ParsedDocument]) -> dict[str, DocumentYears]:
    return {doc_id: DocumentYears.of(doc) for doc_id, doc in parsed.items()}


def describe_coverage(docs: Sequence[ParsedDocument]) -> str:
    """``现有报告：上海市2026年政府工作报告（涉及2021—2030年）；鼓楼区2024年计划执行情况报告（涉及2024年）。``"""
    items = []
    for d in sorted(docs, key=lambda d: (d.meta.place or "", d.meta.year or 0)):
        years = sorted(covered_years(d))
        span = ""
        if years:
            span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
            span = f"（涉及{span}）"
        items.append(f"{report_label(d)}{span}")
    return "现有报告：" + "；".join(items) + "。" if items else ""


# A 决算 report's title ("2023年天等县决算(草案)的报告", "关于新邵县2023年财政决算草案的报告"): it is
# named by the year it closes the accounts of, not the year it was delivered in (2024).
_FINAL_ACCOUNTS_TITLE = re.compile(r"((?:19|20)\d{2})年度?[^，。；\d]{0,16}?决算")


def report_label(doc: ParsedDocument | DocumentInfo) -> str:
    """``上海市2026年政府工作报告``: how an answer names the report it comes from."""
    m = doc.meta
    year = f"{m.year}年" if m.year else ""
    kind = _KIND_LABELS.get(m.kind, "报告")
    final = _FINAL_ACCOUNTS_TITLE.search(m.title or "") if m.kind == "budget_report" else None
    if final is not None and "预算草案" not in (m.title or ""):  # not "…预算执行情况和预算草案"
        year, kind = f"{final.group(1)}年", "决算报告"
    return f"{m.place or ''}{year}{kind}"


# A name opening a question where its place stands: before a year or a level's suffix ("玉林2024年…",
# "玉林市去年…").
_LEAD_NAME_RE = re.compile(
    r"^([\u4e00-\u9fa5]{2,4}?)(?=(?:19|20)\d{2}年|前年|去年|今年|明年|(?:市|县|区|州|盟|旗)(?:\d|[前去今明]年|的))"
)
# A report the question's opening name is taken to be of writes that name this often at least.
MIN_UNNAMED_PLACE_MENTIONS = 3


def reports_naming_a_lead_name(
    question: str, docs: Sequence[DocumentInfo], parsed: Mapping[str, ParsedDocument]
) -> list[str]:
    """The reports whose place could not be read ("未能识别报告所属地区": a page that says "全市" and
    "玉林人民" but never "玉林市") that the place a question opens with names again and again: the
    question is about them: those that write it more often than any report of a known place does."""
    m = _LEAD_NAME_RE.match(question)
    if m is None or not plausible_place(m.group(1) + "市"):
        return []
    name = m.group(1)
    counts = {d.meta.doc_id: parsed[d.meta.doc_id].text.count(name) for d in docs if d.meta.doc_id in parsed}
    known = max((counts[d.meta.doc_id] for d in docs if d.meta.place and d.meta.doc_id in counts), default=0)
    # a word every report writes ("规上工业") is written as often in reports of known places; a
    # province's report names its cities now and then, their own reports again and again
    return [
        d.meta.doc_id
        for d in docs
        if not d.meta.place
        and counts.get(d.meta.doc_id, 0) >= MIN_UNNAMED_PLACE_MENTIONS
        and counts[d.meta.doc_id] > known
    ]


class ScopeResolver:
    """Resolves a question's places and times against the stored reports."""

    def __init__(self, today: _dt.date | None = None) -> None:
        self.today = today

    def resolve(
        self,
        question: str,
        docs: Sequence[DocumentInfo],
        parsed: dict[str, ParsedDocument],
        groups: Sequence[PlaceGroup] | None = None,
        doc_years: Mapping[str, DocumentYears] | None = None,
    ) -> QuestionScope:
        """``groups``, ``doc_years``: the places of ``docs`` and the years of ``parsed`` when the
        caller has them already (per index version)."""
        groups = place_groups(docs) if groups is None else groups
        doc_years = years_by_document(parsed) if doc_years is None else doc_years
        question = spell_out_abbreviations(question, groups)
        places = asked_places(question, groups)
        unnamed = [] if places else reports_naming_a_lead_name(question, docs, parsed)
        scoped_docs = [d for d in docs if not places or any(d.meta.doc_id in g.doc_ids for g in places)]
        if unnamed:
            scoped_docs = [d for d in docs if d.meta.doc_id in unnamed]
        # "2025年政府工作报告里，今年…": a named report's 今年 is the year it was delivered (and
        # plans), its 去年 the year it reviews — not the latest stored report's
        named, _ = report_years(question)
        said = _SAID_IN_YEAR_RE.search(question)
        if len(named) == 1:
            anchor = named[0]
        elif said is not None:
            # "2015年国务院说做好今年政府工作…": reported speech's 今年 is the year it was said
            anchor = int(said.group(1))
        else:
            anchor = dated_report_year(question, scoped_docs) or anchor_year(scoped_docs, self.today)
        text = resolve_relative(question, anchor)
        scope = QuestionScope(text=text, places=places, asked_text=without_report_source(text))
        # A province the corpus has no report of, and no stored place named: answering from
        # another place's report would be a wrong answer, not a near miss.
        foreign = foreign_provinces(strip_names(text, groups))
        if not places and not unnamed:
            foreign = foreign or unknown_places(strip_names(text, groups), groups, parsed)
        if foreign and places:
            # "北京和四川…": answer 四川 and say 北京 has no report, never leave it out unsaid.
            scope.absent = tuple(foreign)
        scope.inner = tuple(inner_places(text, groups, parsed))
        if foreign and not places:
            scope.refusal = (
                f"现有报告中没有{PROVINCES.get(foreign[0], foreign[0])}的报告。"
                + describe_coverage(list(parsed.values()))
            )
            scope.reason = REASON_PLACE
            return scope
        if places:
            scope.doc_ids = frozenset().union(*(g.doc_ids for g in places))
        elif unnamed:
            scope.doc_ids = frozenset(unnamed)
        named_reports, rest = report_years(text)
        if named_reports:
            scope.report_years = named_reports
            delivered = [d for d in scoped_docs if d.meta.year in named_reports and d.meta.doc_id in parsed]
            if not delivered:
                scope.reason = REASON_YEAR
                scope.final = True
                scope.refusal = describe_coverage(
                    [parsed[d.meta.doc_id] for d in scoped_docs if d.meta.doc_id in parsed]
                )
                return scope
            scoped_docs = delivered
            ids = frozenset(d.meta.doc_id for d in delivered)
            scope.doc_ids = ids if scope.doc_ids is None else scope.doc_ids & ids
        # "2021年报告第一部分讲什么": the report's year is also the time asked about, when the
        # question names no other; not when it asks over several years ("2021年报告说过去五年…"):
        # those are the years the report looks back on, not its own.
        # Nor when the report is only named as the source ("…连续多少年？（2026年报告）"): what
        # it says of any year is asked, not its plan for the year it was delivered.
        # A part of the report asked ("2031年报告里讲城乡的是哪一部分") is its own year's part.
        sourced = scope.asked_text != text and not STRUCTURE_ASKED.search(text)
        years = asked_years(rest) or (() if sourced or _SPAN_WORDS.search(rest) else named_reports)
        scope.years = years
        if years:
            candidates = [parsed[d.meta.doc_id] for d in scoped_docs if d.meta.doc_id in parsed]
            asked = set(years)
            covering = [
                d for d in candidates if doc_years[d.meta.doc_id].covered & asked or d.meta.year in asked
            ]
            half = asked_half(text)
            if half is not None:
                # "2026年上半年" is not in a January report of 2026, which plans the whole year
                covering = [d for d in covering if covers_half(d, set(years), half)]
            if not covering:
                # no report speaks for that time; the caller may still find the year written in a passage
                scope.reason = REASON_YEAR
                scope.refusal = describe_coverage(candidates)
                return scope
            # "2024年报告第一部分讲什么": the report of 2024, not a 2026 report whose five-year
            # review also mentions 2024.
            primary = [
                d for d in covering if doc_years[d.meta.doc_id].primary & asked or d.meta.year in asked
            ]
            ids = frozenset(d.meta.doc_id for d in primary or covering)
            scope.doc_ids = ids if scope.doc_ids is None else scope.doc_ids & ids
            if not primary and not named_plan_years(rest) and not _SPAN_WORDS.search(rest):
                # Only a five-year review or plan speaks of that year: a passage answers only
                # if it names the year ("2019年…"), not with the five years' figure.
                scope.reason = REASON_YEAR
                scope.refusal = "现有报告只在五年回顾或规划中涉及这一年。" + describe_coverage(
                    [parsed[i] for i in ids if i in parsed]
                )
        return scope

    def check_aspect(
        self, scope: QuestionScope, frame: QuestionFrame, parsed: dict[str, ParsedDocument]
    ) -> None:
        """A result asked for a year the reports only plan ("2019年GDP增长了多少" when the only
        report is of 2016 and its 十三五 targets): no report can say what happened then."""
        if frame.wants_plan is not False or scope.reason is not None or not scope.years:
            return
        if frame.names_plan and not frame.names_result:
            # "2026年…预算收入是多少？同比涨了多少": a change asked of a budget or target is stated
            # with the plan ("同比增长4.31%"); only an outturn asked for ("完成了多少") has none.
            return
        if self.plans_only(scope, parsed):
            docs = [d for i, d in parsed.items() if scope.doc_ids is None or i in scope.doc_ids]
            scope.reason = REASON_YEAR
            scope.refusal = "现有报告对这一年只有计划和目标，没有实际完成情况。" + describe_coverage(docs)

    @staticmethod
    def plans_only(scope: QuestionScope, parsed: dict[str, ParsedDocument]) -> bool:
        """Whether the reports searched speak of the asked years only as a plan (a 2026 report's
        2026): a question about those years asks the plan, whatever its wording."""
        return covered_aspects(scope, parsed) == {"plan"}

    @staticmethod
    def results_only(scope: QuestionScope, parsed: dict[str, ParsedDocument]) -> bool:
        """Whether the reports searched speak of the asked years only as results (2024 in a base
        of 2025 and 2026 reports: the 2025 report reviews it, no stored report plans it)."""
        return covered_aspects(scope, parsed) == {"results"}


def covered_aspects(scope: QuestionScope, parsed: dict[str, ParsedDocument]) -> set[str]:
    """How the reports searched speak of the asked years: "plan", "results" or both."""
    if not scope.years:
        return set()
    asked = set(scope.years)
    return {
        c.covers.aspect
        for i, d in parsed.items()
        if scope.doc_ids is None or i in scope.doc_ids
        for c in d.chunks
        if c.covers is not None and asked & set(c.covers.years)
    }


REASON_PLACE = "问的是其他地区"
REASON_YEAR = "问的是没有报告的年份"
