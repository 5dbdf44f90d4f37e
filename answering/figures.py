"""Figures in report text: a number with its unit, a percentage, a rank.

Used to pick the clause that carries the asked kind of figure, to state the
difference between two years, and to verify that an LLM answer invents none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Units, longer first so "平方米" wins over "米" and "个百分点" over "个". A magnitude (万, 亿, 万亿)
# goes before any of them: "37万辆" is a count of vehicles and "12亿吨" a tonnage, as the question
# parser reads "多少万辆", "多少亿吨" (question.py); only a bare "37万" or "12亿" is an amount of money.
_UNITS = [
    "美元",
    "元",
    "平方公里",
    "平方米",
    "立方米/万元",
    "立方米",
    "千瓦时",
    "千瓦",
    "千米",
    "公里",
    "公顷",
    "人次",
    "家次",
    "个百分点",
    "个月",
    "小时",
    "分钟",
    "兆瓦",
    "μg/m³",
    "微克/立方米",
    "毫克/立方米",
    "毫克/升",
    "公斤",
    "千克",
    "标箱",
    "架次",
    "艘",
    "座",
    "人",
    "家",
    "个",
    "件",
    "项",
    "户",
    "套",
    "张",
    "间",
    "台",
    "场",
    "篇",
    "条",
    "名",
    "方",
    "次",
    "起",
    "例",  # cases: "免费手术2000例", "筛查1.2万例"
    "所",
    "幢",
    "栋",
    "批",
    "处",
    "位",
    "辆",
    # counting words a dictionary lists for things reports count: "组网卫星增至144颗", "金牌48枚",
    # "肉牛屠宰加工量突破80万头", "植树1200万株", "种树3万棵", "中欧班列开行1.4万列"
    "颗",
    "枚",
    "头",
    "株",
    "棵",
    "列",
    "部",  # "加装电梯600部", "出版图书12部"; not "12部门" (_UNIT_NOT_BEFORE)
    "吨",
    "斤",
    "亩",
    "米",
    "天",
    "岁",  # ages: "人均预期寿命提高到79.3岁"
    "倍",
    "%",
    "％",
    "‰",
]
_MAGNITUDE = "万亿|亿|万"
# Units that are also a word's first character: what may not follow them ("12部门" counts
# departments, "3部委" ministries, named by the word and not by the unit).
_UNIT_NOT_BEFORE = {"部": "门署委长分"}
_UNIT_RE = "|".join(
    re.escape(u) + (f"(?![{_UNIT_NOT_BEFORE[u]}])" if u in _UNIT_NOT_BEFORE else "")
    for u in sorted(_UNITS, key=len, reverse=True)
)
# A number as printed: ASCII or full-width digits, thousands separators ("1,201,241"), an ASCII
# or full-width point ("8．29"). The quote keeps it so; its value reads it as one number.
_DIGIT = r"[0-9０-９]"
_NUM = rf"{_DIGIT}{{1,3}}(?:,{_DIGIT}{{3}})+(?:[.．]{_DIGIT}+)?|{_DIGIT}+(?:[.．]{_DIGIT}+)?"
# A number followed by a unit, a magnitude or both (allowing the "余/多" that reports put between
# them: "1万余人", "20多家"); without a magnitude (group 3) the unit is required.
FIGURE_RE = re.compile(
    rf"(?<![\d.．０-９])({_NUM})(余|多)?(?:({_MAGNITUDE})(余|多)?)?(?(3)({_UNIT_RE})?|({_UNIT_RE}))"
)
# A table cell as a row is kept in text ("收入（万元）：1,001,020；"): the number's unit is its
# column header's.
CELL_RE = re.compile(
    rf"[（(](?P<u>(?:{_MAGNITUDE})?(?:{_UNIT_RE})|{_MAGNITUDE})[）)][：:]\s*(?P<n>{_NUM})(?![\d.．０-９%％])"
)
RANK_RE = re.compile(
    r"第\s*(\d++|[一二三四五六七八九十]++)(?:位|名)?(?![届批期季轮次个条款章节项部实中小大])|前列|首位|前三|前五|前十"
)
# A run of years or quarters a record has lasted ("连续21年居全国首位", "连续十五年快于城镇"): what
# "连续多少年" asks, and no amount ("年" is no unit: "2025年" is a date).
RUN_RE = re.compile(r"连续\s*(\d+|[一二三四五六七八九十两]+)\s*(?:年|个季度|季度)")
# A ratio a report prints without a unit ("城乡居民收入倍差从2.42缩小至2.12", "收入比由2.9∶1缩小至2.52∶1"):
# the clause names the ratio, its bare numbers are its values. "收入比上年增长", "收入比2010年翻一番"
# compare an income with another year's, "收入比重" is a share: no ratio.
RATIO_NAMED = re.compile(r"倍差|收入比(?![重例率上去前今本同]|\d)|比值|之比")
_RATIO_VALUE = re.compile(r"(?<![\d.．])\d+(?:\.\d+)?(?:\s*[:：∶]\s*1(?![\d.．]))?(?![\d.．%％万亿年月日])")
_CLAUSE = re.compile(r"[^，,。；;！？!?]+")  # (a colon may stand inside a ratio: "2.50:1")
# A share written in words ("压减三分之一以上", "缩短一半", "占到三成", "百分之五十"): a percentage
# the report does not print in digits. Its value is not read (no number to compare); it answers
# what a percentage answers.
_CN_DIGITS = "一二两三四五六七八九十"
FRACTION_RE = re.compile(
    rf"[{_CN_DIGITS}]{{1,2}}分之[{_CN_DIGITS}]{{1,2}}|百分之[{_CN_DIGITS}百零点]+"
    rf"|(?<![一二三四五六七八九十百千万])一半|(?<![{_CN_DIGITS}])[一两二三四五六七八九]成(?![为了员立功效绩果就本不])"
)
DATE_RE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}\s*年\s*\d{1,2}\s*月")
NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")

MONEY = "money"
PERCENT = "percent"
POINTS = "points"
COUNT = "count"
RANK = "rank"
RUN = "run"  # a run of years a record has lasted ("连续21年")
RATIO = "ratio"  # a ratio printed without a unit ("收入倍差2.12", "收入比2.52∶1")


@dataclass(frozen=True)
class Figure:
    text: str  # exactly as written, e.g. "1020.53亿元"
    number: str  # "1020.53"
    unit: str  # "亿元"
    kind: str  # money | percent | points | count | rank | run
    start: int
    end: int

    @property
    def value(self) -> Decimal | None:
        """The number as written ("1,201,241" → 1201241, "８．２９" → 8.29)."""
        return read_number(self.number)

    @property
    def base(self) -> tuple[Decimal, str] | None:
        """The value in the unit without its magnitude: 120.12亿元 and 1,201,200万元 are both
        (12012000000, "元"), so two prints of one amount compare equal."""
        value = self.value
        if value is None:
            return None
        unit = self.unit
        for magnitude, factor in _MAGNITUDES.items():
            if unit.startswith(magnitude):
                value, unit = value * factor, unit[len(magnitude) :]
                break
        # One measure in other units ("1300万吨" and "732.5亿斤" of grain) compares in one of them.
        if unit in _SAME_MEASURE:
            factor, unit = _SAME_MEASURE[unit]
            value *= factor
        return value, unit


_MAGNITUDES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
# Units of weight and length in the one each is counted in: 1吨 = 2000斤, 1公斤 = 2斤, 1公里 = 1000米.
_SAME_MEASURE = {
    "吨": (Decimal(2000), "斤"),
    "公斤": (Decimal(2), "斤"),
    "千克": (Decimal(2), "斤"),
    "公里": (Decimal(1000), "米"),
    "千米": (Decimal(1000), "米"),
}
_NUMBER_FORMS = str.maketrans(
    {"．": ".", "，": None, ",": None} | {chr(0xFF10 + i): str(i) for i in range(10)}
)


def read_number(text: str) -> Decimal | None:
    try:
        return Decimal(text.translate(_NUMBER_FORMS))
    except InvalidOperation:
        return None


def _kind(unit: str) -> str:
    if unit.endswith("元") or unit in _MAGNITUDE.split("|"):  # a bare "37万" is money
        return MONEY
    if unit in ("%", "％", "‰"):
        return PERCENT
    if unit == "个百分点":
        return POINTS
    return COUNT


def find_figures(text: str) -> list[Figure]:
    """Every number-with-unit and every rank in ``text``, in order."""
    return list(_figures_of(text))


# The same sentences and clauses of the same passages are read on every question that retrieves
# them (~200 calls a question): keyed by the text itself, so a new index version needs no clearing.
# "(国内生产总值)每增长1个百分点", "每提高1度": the step a comparison is made per, right before it
_PER_STEP_BEFORE = re.compile(r"每(?:增长|增加|提高|上升|下降|降低|减少)$")


@lru_cache(maxsize=32768)
def _figures_of(text: str) -> tuple[Figure, ...]:
    out: list[Figure] = []
    for m in FIGURE_RE.finditer(text):
        if _PER_STEP_BEFORE.search(text, 0, m.start()):
            continue  # "每增长1个百分点的增量": a step of comparison, no figure of the indicator
        # the unit as one reads it ("％" is "%"); the quote (text) stays as printed
        unit = ((m.group(3) or "") + (m.group(5) or m.group(6) or "")).replace("％", "%")
        # "2024年" is a date, not a figure; the unit list has no "年" so it never matches here.
        out.append(Figure(m.group(0), m.group(1), unit, _kind(unit), m.start(), m.end()))
    for m in CELL_RE.finditer(text):
        unit = m.group("u").replace("％", "%")
        out.append(Figure(m.group("n"), m.group("n"), unit, _kind(unit), m.start("n"), m.end("n")))
    for m in RANK_RE.finditer(text):
        out.append(Figure(m.group(0), m.group(1) or "", "", RANK, m.start(), m.end()))
    for m in FRACTION_RE.finditer(text):
        out.append(Figure(m.group(0), "", "", PERCENT, m.start(), m.end()))
    for m in RUN_RE.finditer(text):
        out.append(Figure(m.group(0)[2:].strip(), m.group(1), "年", RUN, m.start(1), m.end()))
    for clause in _CLAUSE.finditer(text):
        if RATIO_NAMED.search(clause.group()):
            taken = [(f.start, f.end) for f in out]
            for m in _RATIO_VALUE.finditer(text, clause.start(), clause.end()):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    number = re.match(r"[\d.]+", m.group())
                    assert number is not None
                    out.append(Figure(m.group(), number.group(), "", RATIO, m.start(), m.end()))
    out.sort(key=lambda f: f.start)
    return tuple(out)


_RANGE_DASH = r"\s*[—–\-~～至到]\s*"
_RANGE_BEFORE = re.compile(r"(\d+(?:\.\d+)?)" + _RANGE_DASH + "$")
_RANGE_AFTER = re.compile(_RANGE_DASH + r"(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class FigureRange:
    """A figure as the span it states: "4.5%—5%" and "5-5.5%" are ranges, "6%" is one point."""

    text: str
    low: Decimal
    high: Decimal


def figure_range(text: str, figure: Figure) -> FigureRange | None:
    """The span ``figure`` states in ``text``, reading a range written around it with a dash or 至."""
    value = figure.value
    if value is None:
        return None
    low = high = value
    start, end = figure.start, figure.end
    before = _RANGE_BEFORE.search(text, 0, figure.start)
    after = _RANGE_AFTER.match(text, figure.end)
    if before is not None:
        low, start = Decimal(before.group(1)), before.start()
    elif after is not None:
        rest = text[after.end() : after.end() + len(figure.unit)]
        if rest == figure.unit:  # "4.5%—5%": the second number carries the same unit
            high, end = Decimal(after.group(1)), after.end() + len(figure.unit)
    return FigureRange(text[start:end], min(low, high), max(low, high))


def figure_kinds(text: str) -> set[str]:
    return {f.kind for f in find_figures(text)}


def numbers_in(text: str) -> list[str]:
    """Every bare number in ``text`` (markers like [1] excluded by the caller)."""
    return NUMBER_RE.findall(text)


def _fmt(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s if "." not in s else s.rstrip("0").rstrip(".")


def describe_change(earlier: Figure, later: Figure) -> str | None:
    """ "增加113.26亿元" from 907.27亿元 to 1020.53亿元; None when units differ."""
    if earlier.kind != later.kind or earlier.kind == RANK:
        return None
    if earlier.unit != later.unit:
        # "8,290万元" then "0.95亿元": the same unit but for its magnitude, told in the later one's
        ea, la = earlier.base, later.base
        if ea is None or la is None or ea[1] != la[1] or not la[0]:
            return None
        a, b = ea[0] * later.value / la[0] if later.value else None, later.value
    else:
        a, b = earlier.value, later.value
    if a is None or b is None:
        return None
    diff = b - a
    if earlier.kind == PERCENT:
        if diff == 0:
            return "持平"
        return f"{'提高' if diff > 0 else '下降'}{_fmt(abs(diff))}个百分点"
    if diff == 0:
        return "持平"
    return f"{'增加' if diff > 0 else '减少'}{_fmt(abs(diff))}{later.unit}"
