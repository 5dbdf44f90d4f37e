"""Word automatic numbering rendered as text: ``w:numPr`` + ``word/numbering.xml`` -> ``一、``.

Word keeps a heading's number (``一、``, ``（一）``, ``1.``) out of the paragraph text: the
paragraph names a list instance (``w:numId``) and a level (``w:ilvl``), directly or through its
style, and ``numbering.xml`` says how that level counts (``w:numFmt``), where it starts
(``w:start``) and how it is written (``w:lvlText``: ``%1、``, ``（%1）``, ``%1.%2``). The outline
parser only sees text, so the reader puts the number Word would show in front of the text.

Counting follows Word: list instances (``w:num``) of one abstract definition share counters
(that is "continue the list") unless the instance restarts them with ``w:startOverride``; a
level restarts when a higher level advances (or as ``w:lvlRestart`` says).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_LEVELS = 9  # Word's levels are 0..8
# A malformed file could chain styles or abstract links in a loop: follow at most this many.
MAX_LINK_DEPTH = 16


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _val(el: Any, tag: str) -> str | None:
    """The ``w:val`` of child ``tag`` of ``el``, or None."""
    if el is None:
        return None
    child = el.find(w(tag))
    if child is None:
        return None
    value = child.get(w("val"))
    return None if value is None else str(value)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: 1-based level whose use restarts this one; 0: never
    legal: bool = False  # w:isLgl: show every level's number in decimal
    style: str | None = None  # w:pStyle: a paragraph style bound to this level


def _parse_level(lvl: Any) -> Level:
    return Level(
        start=_int(_val(lvl, "start"), 1) or 0,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        restart=_int(_val(lvl, "lvlRestart")),
        legal=lvl.find(w("isLgl")) is not None,
        style=_val(lvl, "pStyle"),
    )


@dataclass
class _Instance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


class DocxNumbering:
    """Renders the number of each numbered paragraph, fed the paragraphs in document order."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_style_link: dict[str, str] = {}  # w:numStyleLink -> style id
        self.instances: dict[str, _Instance] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.style_based_on: dict[str, str] = {}
        self.counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    # --- definitions ------------------------------------------------------------------------
    def _read_numbering(self, numbering: Any) -> None:
        for absn in numbering.iter(w("abstractNum")):
            aid = absn.get(w("abstractNumId"))
            if aid is None:
                continue
            levels: dict[int, Level] = {}
            for lvl in absn.findall(w("lvl")):
                ilvl = _int(lvl.get(w("ilvl")))
                if ilvl is not None and 0 <= ilvl < MAX_LEVELS:
                    levels[ilvl] = _parse_level(lvl)
            self.abstracts[aid] = levels
            link = _val(absn, "numStyleLink")
            if link:
                self.abstract_style_link[aid] = link
        for num in numbering.iter(w("num")):
            nid = num.get(w("numId"))
            aid = _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            inst = _Instance(abstract_id=aid)
            for override in num.findall(w("lvlOverride")):
                ilvl = _int(override.get(w("ilvl")))
                if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                    continue
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    inst.start_overrides[ilvl] = start
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            self.instances[nid] = inst

    def _read_styles(self, styles: Any) -> None:
        for style in styles.iter(w("style")):
            sid = style.get(w("styleId"))
            if sid is None:
                continue
            based = _val(style, "basedOn")
            if based:
                self.style_based_on[sid] = based
            ppr = style.find(w("pPr"))
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            if numpr is not None:
                self.style_numpr[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl")))

    def _levels(self, nid: str) -> tuple[str, dict[int, Level]] | None:
        """The abstract id and levels of list instance ``nid`` (following w:numStyleLink)."""
        inst = self.instances.get(nid)
        for _ in range(MAX_LINK_DEPTH):
            if inst is None:
                return None
            aid = inst.abstract_id
            link = self.abstract_style_link.get(aid)
            if self.abstracts.get(aid) or link is None:
                levels = dict(self.abstracts.get(aid, {}))
                levels.update(self.instances[nid].level_overrides)
                return aid, levels
            # a list defined by a numbering style: the style names the instance that holds it
            linked = self.style_numpr.get(link, (None, None))[0]
            inst = self.instances.get(linked) if linked else None
        return None

    def _style_numpr(self, style: str | None) -> tuple[str | None, int | None, str | None]:
        """numId and ilvl a paragraph style (or a style it is based on) gives, and that style."""
        for _ in range(MAX_LINK_DEPTH):
            if style is None:
                break
            if style in self.style_numpr:
                nid, ilvl = self.style_numpr[style]
                return nid, ilvl, style
            style = self.style_based_on.get(style)
        return None, None, None

    # --- rendering --------------------------------------------------------------------------
    def label(self, paragraph: Any) -> str:
        """The number Word shows before ``paragraph`` (a ``w:p``), advancing the counters; "" if none."""
        ppr = paragraph.find(w("pPr"))
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        nid = _val(numpr, "numId")
        ilvl = _int(_val(numpr, "ilvl"))
        style_nid, style_ilvl, style = self._style_numpr(_val(ppr, "pStyle"))
        if nid is None:
            nid = style_nid
        if ilvl is None and nid == style_nid:
            ilvl = style_ilvl
        if nid is None or nid == "0":  # numId 0: numbering switched off for this paragraph
            return ""
        found = self._levels(nid)
        if found is None:
            return ""
        aid, levels = found
        if ilvl is None:
            # a heading style bound to a level of the list (w:lvl/w:pStyle) takes that level
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        if ilvl not in levels:
            return ""
        inst = self.instances[nid]
        # an instance that restarts the list counts on its own ("restart numbering")
        key = f"num:{nid}" if inst.start_overrides else f"abs:{aid}"
        counters = self.counters.setdefault(key, [None] * MAX_LEVELS)
        level = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = inst.start_overrides.get(ilvl, level.start) if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                counters[deeper] = None
        if level.fmt == "bullet":
            return ""  # a bullet is not a number the outline could use
        text = level.text
        for k in range(MAX_LEVELS, 0, -1):  # %10 does not exist; go down so %1 never eats %1x
            placeholder = f"%{k}"
            if placeholder not in text:
                continue
            lv = levels.get(k - 1, Level())
            value = counters[k - 1]
            if value is None:
                value = inst.start_overrides.get(k - 1, lv.start)
            fmt = "decimal" if level.legal and k - 1 < ilvl else lv.fmt
            text = text.replace(placeholder, format_number(value, fmt))
        return text.strip()


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CN_UNITS = ("", "十", "百", "千")
_CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_counting(n: int, digits: str = _CN_DIGITS, units: tuple[str, ...] = _CN_UNITS) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百〇五 (up to 9999; beyond: digit by digit)."""
    if n <= 0 or n > 9999:
        return "".join(digits[int(d)] for d in str(max(n, 0)))
    parts: list[str] = []
    s = str(n)
    zero = False
    for i, d in enumerate(s):
        unit = units[len(s) - 1 - i]
        if d == "0":
            zero = True
            continue
        if zero and parts:
            parts.append(digits[0])
        zero = False
        parts.append(digits[int(d)] + unit)
    text = "".join(parts)
    # "一十一" is written "十一" for 10..19
    if 10 <= n <= 19 and digits is _CN_DIGITS:
        text = text[1:]
    return text


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter past z: 27 -> aa
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_COUNTING_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "japaneseCounting",
    "japaneseCountingThousand",
}


def format_number(n: int, fmt: str) -> str:
    """Counter ``n`` in Word number format ``fmt`` (unknown formats read as decimal)."""
    if fmt in _COUNTING_FORMATS:
        return chinese_counting(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return chinese_counting(n, _CN_LEGAL, _CN_LEGAL_UNITS)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(max(n, 0)))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "none":
        return ""
    return str(n)
