"""Whose money a budget figure is: the whole place's or its government's own level.

A 预算报告 states most figures twice: for the whole place, its counties and districts included
(``全市一般公共预算收入…``), and for the government's own budget (``市本级…``, ``市级…``); some
add a development zone (``经开区…``). Each paragraph says which in its lead, or its heading does
(``2．市本级一般公共预算执行情况``). A question says which it asks (``全市加起来``,
``市里自己那一级``, ``光算市本级``) or says nothing, and then means the whole place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from wenbao.documents import Chunk
from wenbao.ingest.metadata import MULTI_YEAR_RE

WHOLE = "whole"  # 全市 / 全州 / 全省: the place with every level below it
OWN = "own"  # 市本级 / 市级 / 州本级 / 省级: the government's own budget
PART = "part"  # a development zone or new district reported apart
LOWER = "lower"  # 区县级 / 县（市、区）级: the levels below the place's own, which no passage is of

_UNIT = "省|自治区|市|州|盟|县|区|旗"
_WHOLE_RE = re.compile(rf"全(?:{_UNIT})(?!上下|人民|各族)|汇总编制|全(?:{_UNIT})代编")
# "本级收入" / "本级支出" with no unit before them ("一般公共预算本级收入", "一、本级收入") is an
# indicator, the place's own revenue beside its transfers, not a level: "全区一般公共预算本级收入"
# is the whole district's. "区本级支出" (a unit before it) is the level.
BARE_OWN = r"本级(?!收入|支出)"
_OWN_RE = re.compile(rf"(?:{_UNIT})(?:本级|级)|{BARE_OWN}")
_PART_RE = re.compile(r"(?:经济技术|高新技术|产业)开发区|经开区|高新区|开发区")
# What stands before the level word in a lead: "2025年", "截至2025年底，", "（1）", "其中：".
# An attribution clause says where a figure comes from, not whose money it is: "经市人大常委会
# 批准，市本级…", "根据市人民政府报告的2024年预算执行情况，全市…", "据快报数反映，全省…".
_ATTRIBUTION_VERB = r"批准|审议|审查|同意|汇总|测算|统计|核定"
_ATTRIBUTION = (
    rf"(?:根据|按照|依据|据|经(?=[^，,。；;]{{0,30}}(?:{_ATTRIBUTION_VERB})))[^，,。；;]{{0,40}}[，,]"
)
_LEAD_SKIP_RE = re.compile(
    r"^(?:\s|[（(]?\d{1,2}[）).．、]|(?:截至|截止)?(?:19|20)\d{2}年(?:底|末)?[，,]?|其中[：:，,]?|同时[，,]?"
    rf"|{_ATTRIBUTION})+"
)
# The level word must stand this near the start of a paragraph to be its level.
LEAD_CHARS = 14

# A question's words for each level; "市里自己那一级", "光算市本级" for the own level.
_ASK_OWN_RE = re.compile(
    rf"(?:{_UNIT})本级|{BARE_OWN}|(?:省|市|州|县|区)(?:里|级)?(?:自己|本身)|自己(?:那|这)?一级|(?:省|市|州|县|区)级(?:财政|预算|的|一般|政府)"
    r"|(?:省|市|州|县|区)级(?=呢|吗|[？?（(]|$)"
)
_ASK_WHOLE_RE = re.compile(rf"全(?:{_UNIT})|加起来|加在一起|汇总|整个(?:{_UNIT})")
_ASK_PART_RE = _PART_RE
_NEGATED_LEVEL_RE = re.compile(
    rf"(?:不是|并非|而非|不含|不包括|不包含|不算|除去|除了)(?:{_ASK_OWN_RE.pattern}|{_ASK_WHOLE_RE.pattern}|{_PART_RE.pattern})"
)
# "市级（含开发区）", "市级包括开发区": a zone named as held in a level the question names before it,
# as reports write "市级（含市属开发区，下同）": the level asked is the one before.
_INCLUDED_PART_RE = re.compile(rf"(?<!不)(?:含|包括|包含)(?:[\u4e00-\u9fff]{{0,4}}?)(?:{_PART_RE.pattern})")


_LEVEL_RES = ((WHOLE, _WHOLE_RE), (OWN, _OWN_RE), (PART, _PART_RE))

# The counties and districts together ("区县级", "各县（市、区）"): no government's own level, always
# the levels below the place a report is of; "县级" alone may be a county report's own level.
_ASK_LOWER_RE = re.compile(
    r"(?:各(?:区县|县区|县市区|县[（(]市、?区[）)])|(?:区县|县区|县市区|县[（(]市、?区[）)])(?:本级|级|一级))的?"
)


# The unit a place's name ends with ("长沙市" → 市, "内蒙古自治区" → 区), which its level words use.
_PLACE_UNITS = "省市州县区盟旗"
# Level words at the start of an indicator's name ("全市一般公共预算收入", "市本级税收").
_LEADING_RE = re.compile(r"^(?:全(?P<w>[省市州县区盟旗])|(?P<o>[省市州县区])(?:本级|级))")


def level_words(place_or_unit: str | None) -> tuple[str, str]:
    """The words for the whole place and for its government's own level, from a place's name or
    its unit: ("全市", "市本级") for "长沙市" or "市"; ("", "") for a name with no known unit.
    Every writer of level words (answers, follow-ups) takes them from here."""
    name = place_or_unit or ""
    unit = name if name in _UNIT.split("|") else name[-1:]  # "自治区" as a unit, whole
    return (f"全{unit}", f"{unit}本级") if unit and unit[-1] in _PLACE_UNITS else ("", "")


def leading_level(text: str) -> tuple[str, str | None]:
    """The level words an indicator's name starts with and their level:
    ("全市", WHOLE) for "全市一般公共预算收入", ("市本级", OWN) for "市本级税收", ("", None) else."""
    m = _LEADING_RE.match(text)
    if m is None:
        return "", None
    return m.group(0), WHOLE if m.group("w") else OWN


def _first_level(text: str) -> str | None:
    found = [(m.start(), level) for level, rx in _LEVEL_RES if (m := rx.search(text)) is not None]
    return min(found)[1] if found else None


def lead_level(text: str) -> str | None:
    """The level a paragraph (or a sentence, or a heading) names in its first words."""
    text = _LEAD_SKIP_RE.sub("", text)
    return _first_level(text[:LEAD_CHARS])


def lead_part_name(text: str) -> str:
    """The development zone a paragraph (or a sentence) opens with, as it writes it
    ("现代物流产业开发区" of "现代物流产业开发区地方一般公共预算收入…"), or ""."""
    text = _LEAD_SKIP_RE.sub("", text)
    m = _PART_RE.search(text[:LEAD_CHARS])
    return text[: m.end()] if m is not None and _first_level(text[:LEAD_CHARS]) == PART else ""


def asked_level(question: str) -> str | None:
    """The level a question asks about, or None when it does not say."""
    # "（不是市本级）", "不含开发区": a level named to be left out is not the one asked.
    question = _NEGATED_LEVEL_RE.sub(" ", question)
    included = _INCLUDED_PART_RE.search(question)
    if included is not None:
        before = question[: included.start()]
        if _OWN_RE.search(before) or _ASK_OWN_RE.search(before) or _ASK_WHOLE_RE.search(before):
            question = _INCLUDED_PART_RE.sub(lambda m: " " * len(m.group(0)), question)
    lower = _ASK_LOWER_RE.search(question)
    # the group's words hold "县级" too, which alone would read as an own level
    question = _ASK_LOWER_RE.sub(lambda m: " " * len(m.group(0)), question)
    own = _ASK_OWN_RE.search(question)
    whole = _ASK_WHOLE_RE.search(question)
    part = _ASK_PART_RE.search(question)
    named = ((OWN, own), (WHOLE, whole), (PART, part), (LOWER, lower))
    found = [(m.start(), level) for level, m in named if m is not None]
    # "全市加起来" / "只算市本级": when two are named, the one named last is what is asked
    # ("全市的呢？只算市本级"); one alone is plain.
    return max(found)[1] if found else None


# The tiers of government, highest first: a level word whose units all stand below the report's
# place ("区县级" in a city's report, "市县级" in a province's) asks for the levels under it, whose
# figures a 预算报告 gives only in sum with its own (全市) or not at all.
_TIERS = (("省", "自治区"), ("市", "州", "盟", "地区"), ("县", "区", "旗"), ("乡", "镇", "街道"))
_LOWER_ASK_RE = re.compile(
    r"(?<!全)(?P<units>(?:县[（(]市、?区[）)]|街道|[省市州盟县区旗乡镇]){1,3})(?:(?:本级|级|一级)的?"
    r"(?=财政|预算|地方|一般|政府|国有|社会保险|社保|收入|支出|合计|加起来|汇总|呢|吗|[？?]|$)"
    # "县里拿到多少转移支付": 县里/乡镇里 is how residents name that tier's government; "小区里",
    # "园区里" are places, not a tier, so only the county's and township's units take 里
    r"|(?<=[县乡镇])里(?!程))"
)
# "县（市、区）", "县市区": counties with the county-level cities and districts, one tier.
_COUNTY_GROUP_RE = re.compile(r"县[（(]市、?区[）)]|县市区|县区市|县市")


def _tier(unit: str) -> int | None:
    return next((i for i, units in enumerate(_TIERS) if unit in units), None)


def place_tier(place: str | None) -> int | None:
    """The tier of a report's place from its name's unit: 1 for "长沙市", 0 for "内蒙古自治区"."""
    name = place or ""
    if name.endswith(("自治区", "地区")):
        return 0 if name.endswith("自治区") else 1  # "阿克苏地区" is a prefecture, not a district
    return _tier(name[-1:]) if name else None


def lower_level_asks(question: str) -> tuple[str, ...]:
    """The question's words that name a level by its units ("区县级", "县（市、区）级", "市本级"):
    whether one is below a report's place is ``lower_level_of``'s to say."""
    return tuple(m.group(0) for m in _LOWER_ASK_RE.finditer(question))


def lower_level_of(asks: Sequence[str], place: str | None) -> str | None:
    """The first of ``asks`` (``lower_level_asks``) that is a level below the report's place
    ("区县级" of a city's report), or None; the place's own level ("市级", "市本级") and the whole
    place are not."""
    top = place_tier(place)
    if top is None:
        return None
    for ask in asks:
        m = _LOWER_ASK_RE.match(ask)
        if m is None:
            continue
        units = _COUNTY_GROUP_RE.sub("县", m.group("units"))
        if units == (place or "")[-1:]:
            continue  # "区本级" of an 自治区: its own level, though 区 is a county's tier elsewhere
        tiers = [_tier(u) for u in re.findall(r"街道|[省市州盟县区旗乡镇]", units)]
        if tiers and all(t is not None and t > top for t in tiers):
            return ask
    return None


def lower_level_named(question: str, place: str | None) -> str | None:
    """The words of a level below the report's place that the question asks about ("区县级" of a
    city's report), or None."""
    return lower_level_of(lower_level_asks(question), place)


_ASK_WHOLE_UNIT_RE = re.compile(rf"全({_UNIT})")


def names_a_higher_whole(question: str, place: str | None) -> bool:
    """ "在全州排第几" of a county's report: the whole place the question names (全州) is a tier
    above the report's place, the area it ranks in, not a level of the report's own budget."""
    found = list(_ASK_WHOLE_UNIT_RE.finditer(question))
    top = place_tier(place)
    tier = _tier(found[-1].group(1)) if found else None
    return tier is not None and top is not None and tier < top


def heading_level(title: str) -> str | None:
    """The level a heading names, when it names one only ("2．市本级一般公共预算执行情况";
    "2025年全市和市本级预算执行情况" names both and so neither)."""
    named = {level for level, rx in _LEVEL_RES if rx.search(title)}
    return named.pop() if len(named) == 1 else None


def assign_levels(chunks: list[Chunk], text: str) -> list[Chunk]:
    """Each passage's level: its paragraph's lead, else its innermost heading's; a passage cut
    from the middle of a paragraph has the level of the paragraph's start."""
    out: list[Chunk] = []
    for c in chunks:
        prev = out[-1] if out else None
        level = lead_level(c.text)
        if (
            level is None
            and prev is not None
            and prev.heading_path == c.heading_path
            and prev.end <= c.start
            and "\n" not in text[prev.end : c.start]
        ):
            level = prev.level  # the same paragraph, cut for length
        if level is None:
            level = next((lv for t in reversed(c.heading_path) if (lv := heading_level(t))), None)
        if level is None:
            # "财政收入大盘基本稳定。…全省地方一般公共预算收入5635.1亿元…。省级实现收入975.1亿元":
            # a paragraph opened by a headline names its levels only at later sentences' leads, one
            # of them a budget's figure ("全市民生支出…" of a paragraph on policies is none); not a
            # review of several years ("这五年，…收入累计达到…"), whose sums are no year's budget
            leads = [at for at in _statement_leads(c.text) if not MULTI_YEAR_RE.search(c.text[:at])]
            level = next((lv for at in leads if (lv := _book_lead_level(c.text[at:]))), None)
        out.append(replace(c, level=level) if level is not None else c)
    return out


# What ends a sentence or a ；-segment: the next one's lead may name a level.
_STATEMENT_END_RE = re.compile(r"[。；;！？!?\n]")


# A level word leading one of the four budgets' names ("全省地方一般公共预算收入…", "市本级政府性基金…").
_BOOK_LEAD_RE = re.compile(
    rf"^(?:全(?:{_UNIT})|(?:{_UNIT})(?:本级|级))(?:地方)?(?:一般公共预算|政府性基金|国有资本经营|社会保险基金|社保基金)"
)


def _statement_leads(text: str) -> list[int]:
    return [m.end() for m in _STATEMENT_END_RE.finditer(text)]


def _book_lead_level(text: str) -> str | None:
    text = _LEAD_SKIP_RE.sub("", text)
    return lead_level(text) if _BOOK_LEAD_RE.match(text) else None


# "光算市本级", "只看市本级", "光是市本级": the words that single out a level before it, no
# place's name ("光算市" is no city; 光山县 and 单县 are, so the verb is part of the pattern).
LEVEL_ONLY_LEAD = r"(?:只|光|单|仅)(?:算|是|看)"
_COLLOQUIAL_RE = re.compile(
    rf"{LEVEL_ONLY_LEAD}|加起来|加在一起|(?:省|市|州|县|区)(?:里|级)?(?:自己|本身)(?:那|这)?(?:一级)?的?|自己(?:那|这)?一级的?"
    r"|^里(?:自己|本身)"  # "三明市里自己那一级": the place's name took its 市
)


def strip_colloquial_level(text: str) -> str:
    """A question without the everyday words for a level ("加起来", "市里自己那一级") that a
    report never writes; "全市", "市本级" stay, the report writes them."""
    return _COLLOQUIAL_RE.sub("", text)


def strip_level_words(text: str) -> str:
    """A question without the words that say its level ("全市", "市本级", "市里自己那一级",
    "经开区")."""
    text = _PART_RE.sub("", _COLLOQUIAL_RE.sub("", _ASK_LOWER_RE.sub("", text)))
    text = _ASK_OWN_RE.sub("", text)
    text = re.sub(r"(?:那|这)?一级的?|汇总(?:起来)?", "", text)
    return re.sub(rf"全(?:{_UNIT})", "", text)


# A level as a question writes it, with the unit of its place ("全市", "市本级").
_WRITTEN_LEVEL_RE = re.compile(
    rf"全(?P<w>{_UNIT})(?:加起来|加在一起)?|(?P<o>{_UNIT})(?:本级|级(?=财政|预算|一般|政府))"
)
_UNIT_WORD_RE = re.compile(rf"({_UNIT})")
# An own level a turn names by its unit ("县级", "区本级", "州里自己"), not the whole place ("全县").
_SAID_OWN_UNIT_RE = re.compile(r"(?<!全)(?P<u>省|州|市|县|区|旗|盟)(?:本级|级|里|自己|本身)")


# A turn that names only the towns or subdistricts of a district or county ("那镇里呢？", "街道呢"):
# a district's report gives their spending as a part of the whole ("区本级…、街道…、镇…").
TIER_TURN_RE = re.compile(r"(?P<t>街道|乡镇|镇|乡)(?:里|上|一级|级|这一块|那一块)?")


def with_tier(question: str, tier: str, at: int = 0) -> str:
    """``question`` asked of the towns or subdistricts ``tier`` ("镇"): the level words it named
    ("区本级", "全区") replaced, or the tier put at ``at`` (before its topic)."""
    m = _WRITTEN_LEVEL_RE.search(question)
    if m is not None:
        question, at = question[: m.start()] + question[m.end() :], m.start()
    # a report gives the towns' part of the whole's spending as "镇支出…", never of a budget's name
    rest = re.sub(r"^(?:地方)?一般公共预算", "", question[at:])
    return question[:at] + tier + rest


def with_level(question: str, level: str, said: str, at: int = 0) -> str:
    """``question`` asked of another level: its level words replaced, or the level put at
    ``at`` (before its topic) when it named none. ``said``: the turn that named the level,
    whose unit ("市本级" → 市) is used when the question has none."""
    m = _WRITTEN_LEVEL_RE.search(question)
    unit_m = _UNIT_WORD_RE.search(said)
    unit = (m.group("w") or m.group("o")) if m else (unit_m.group(1) if unit_m else "市")
    whole, own = level_words(unit)
    part = _PART_RE.search(said)
    lower = _ASK_LOWER_RE.search(said)
    said_own = _SAID_OWN_UNIT_RE.search(said)
    if level == OWN and said_own is not None:
        # "那县级呢？" after "长沙…全市…": the level of the unit the turn names, not the earlier
        # question's unit; whether it is the report's own level or one below it ("县级" in a
        # city's report) the answer reads against the report's place.
        own = level_words(said_own.group("u"))[1]
    words = own if level == OWN else part.group(0) if level == PART and part is not None else whole
    if level == LOWER and lower is not None:
        words = lower.group(0).removesuffix("的")
    if m is not None:
        return question[: m.start()] + words + question[m.end() :]
    return question[:at] + words + question[at:]
