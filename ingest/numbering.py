"""Heading numbering of Chinese government reports, shared by the cleaner and the outline parser.

The family uses these styles, outermost first:

* unnumbered parts: short title lines (``“十四五”时期工作回顾``, ``2026年重点工作``) above everything
  else, in reports whose top level carries no numbers (the cleaner decides by layout);
* ``一、``
* ``（一）`` / ``(一)``
* at the start of a paragraph, ``一是…。`` / ``一要…。`` (a short first sentence is the title)
* ``1、`` / ``1．`` / ``1.`` (the 2024 seed numbers them continuously across ``（一）`` sections)

A heading's level is its depth in the tree, not its style: ``（一）`` is level 2 under ``一、`` but
level 3 when ``一、`` itself sits in an unnumbered part, and level 2 directly under a part.

A numbering pattern alone is weak evidence (``二、三中全会`` or ``1.3%`` can open a wrapped
line), so :class:`NumberingState` also checks that each heading continues the sequence.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import cn2an

logging.getLogger("cn2an").setLevel(logging.ERROR)  # it logs every string that is no numeral

MAX_ORDINAL = 99  # the most items a report numbers in one list
_CN_NUM = "[一二三四五六七八九十]{1,3}"

LEVEL1_RE = re.compile(rf"^({_CN_NUM})、")
LEVEL2_PAREN_RE = re.compile(rf"^[（(]({_CN_NUM})[）)]")
LEVEL2_SHI_RE = re.compile(rf"^({_CN_NUM})(是|要)(?=[^\s，。、；：,])")
# "1.3%" and "1．5万" are numbers, not headings: the numbering must not be followed by a digit.
LEVEL3_RE = re.compile(r"^(\d{1,2})([．.、])(?![\d．.])")

# A title ends at the first sentence end; a longer first sentence is not a title.
SENTENCE_END = "。！？"
MAX_TITLE_CHARS = 40
# "一是…。" headings: the first sentence is the title and must be short and list-free.
MAX_SHI_TITLE_CHARS = 40


# Openers of a paragraph that sums up a whole part (data, extend freely).
SUMMARY_OPENERS = ("总体上", "总体来看", "总的来看", "总的来说", "总体而言", "综上所述", "综上", "总之")
# Openers of the closing address to the audience.
CLOSING_OPENERS = ("以上报告", "主任、", "各位代表", "各位委员", "同志们")


@functools.lru_cache(maxsize=1024)  # a few dozen distinct numerals recur in every report and question
def cn_to_int(text: str) -> int | None:
    """A count or ordinal as written, 0–99: "7", "十", "十三", "二十一", "两" → int; anything else
    → None ("十四五" is a five-year period, "三五" no numeral, "一百" no heading's ordinal)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        value = int(cn2an.cn2an(text.replace("两", "二"), "strict"))
    except ValueError:
        return None
    return value if 0 <= value <= MAX_ORDINAL else None


@functools.lru_cache(maxsize=128)
def int_to_cn(n: int) -> str:
    """13 → "十三", as a text counts and orders."""
    return str(cn2an.an2cn(n))


@dataclass(frozen=True)
class HeadingMatch:
    """A numbering found at the start of a line."""

    level: int  # the style's usual level: 1, 2 or 3 (the tree depth is the state's business)
    # "part" (unnumbered), "dun" (一、), "paren" (（一）), "shi" (一是), "yao" (一要), "arabic" (1．)
    style: str
    number: str  # normalised numbering as written: "一、", "（一）", "一是", "1．", "1、", "1."
    value: int
    rest: str  # the text after the numbering


def match_heading(line: str) -> HeadingMatch | None:
    """The heading numbering at the start of ``line`` (already space-normalised), if any."""
    if m := LEVEL1_RE.match(line):
        v = cn_to_int(m.group(1))
        if v is not None:
            return HeadingMatch(1, "dun", f"{m.group(1)}、", v, line[m.end() :])
    if m := LEVEL2_PAREN_RE.match(line):
        v = cn_to_int(m.group(1))
        if v is not None:
            return HeadingMatch(2, "paren", f"（{m.group(1)}）", v, line[m.end() :])
    if m := LEVEL2_SHI_RE.match(line):
        v = cn_to_int(m.group(1))
        if v is not None:
            style = "shi" if m.group(2) == "是" else "yao"
            return HeadingMatch(2, style, f"{m.group(1)}{m.group(2)}", v, line[m.end() :])
    if m := LEVEL3_RE.match(line):
        return HeadingMatch(3, "arabic", f"{m.group(1)}{m.group(2)}", int(m.group(1)), line[m.end() :])
    return None


def first_sentence_end(text: str) -> int:
    """Index of the first sentence-final mark in ``text``, or -1."""
    for i, ch in enumerate(text):
        if ch in SENTENCE_END:
            return i
    return -1


def split_title(rest: str) -> tuple[str, int]:
    """Split a heading paragraph (without its numbering) into title and body.

    Returns ``(title, body_start)``: the title has no trailing 。; ``body_start`` is where the
    body text begins in ``rest`` (``len(rest)`` when the paragraph is only a title).
    ``1、增强科技软实力。新签约…`` -> ``("增强科技软实力", 8)``.
    """
    end = first_sentence_end(rest)
    if end < 0:
        return rest.strip().rstrip("：:；;，,"), len(rest)
    if end > MAX_TITLE_CHARS:
        # A numbered item that opens with a long sentence has no title of its own:
        # its first clause names it, the whole paragraph stays body text.
        m = re.search(r"[，,；;：:]", rest)
        clause = rest[: m.start()] if m and m.start() <= MAX_TITLE_CHARS else rest[:MAX_TITLE_CHARS]
        return clause.strip(), 0
    body = end + 1
    # keep closing quotes/brackets that belong to the title sentence
    while body < len(rest) and rest[body] in "”’」』）)":
        body += 1
    return rest[:end].strip(), body


def shi_title_ok(rest: str) -> bool:
    """``一是…。`` opens a section only when its first sentence is a short, list-free title."""
    end = first_sentence_end(rest)
    if end < 0:
        return False
    head = rest[:end]
    return 2 <= end <= MAX_SHI_TITLE_CHARS and "；" not in head and ";" not in head


def part_heading(text: str) -> HeadingMatch:
    """An unnumbered part title (the cleaner decides by layout that the line is one)."""
    return HeadingMatch(1, "part", "", 0, text)


# Nesting order of the styles: a heading sits under the nearest open heading of a lower rank.
RANKS = {"part": 0, "dun": 1, "paren": 2, "shi": 3, "yao": 3, "arabic": 4}
_INLINE_STYLES = ("shi", "yao")


@dataclass
class _Open:
    style: str
    value: int
    child_style: str | None = None  # the style of its sub-headings, once it has one


class NumberingState:
    """Tracks the open headings; a heading must continue its sequence at its place in the tree."""

    def __init__(self) -> None:
        self.open: list[_Open] = []  # outermost first, ranks strictly increasing
        self.last: dict[str, int] = {}  # last value of each style in its current scope
        self.restart: set[str] = set()  # styles that may also start again at 1 (一、 in a new part)
        self.top_style: str | None = None  # style of the top-level headings

    def _depth(self, m: HeadingMatch) -> int:
        rank = RANKS[m.style]
        return sum(1 for o in self.open if RANKS[o.style] < rank)

    def level_of(self, m: HeadingMatch) -> int:
        """The tree level ``m`` would get (1 = top)."""
        return self._depth(m) + 1

    def accepts(self, m: HeadingMatch, right_after_title: bool = False) -> bool:
        """``right_after_title``: the line comes right after a heading that is only a title."""
        depth = self._depth(m)
        parent = self.open[depth - 1] if depth else None
        if parent is not None and parent.child_style not in (None, m.style):
            # siblings share one style: a part with （一） items has no 一是 items beside them
            return False
        if m.style == "part":
            # unnumbered parts are the top level or nothing: never beside numbered parts
            return self.top_style in (None, "part")
        if m.style in _INLINE_STYLES:
            if not shi_title_ok(m.rest):
                return False
            if parent is not None and parent.style == "paren" and m.value == 1 and not right_after_title:
                # under a （一） heading, "一是…" items are sub-headings only when they follow its bare
                # title at once; after body text they are that body's own enumeration
                return False
        previous = self.last.get(m.style, 0)
        if m.style == "arabic":
            # continues the previous item or restarts at 1 (numbering may run across sections)
            return m.value in (1, previous + 1)
        return m.value == previous + 1 or (m.value == 1 and m.style in self.restart)

    def advance(self, m: HeadingMatch) -> int:
        """Open ``m``; returns its tree level."""
        depth = self._depth(m)
        del self.open[depth:]
        if depth:
            self.open[depth - 1].child_style = m.style
        else:
            self.top_style = m.style
        self.open.append(_Open(m.style, m.value))
        self.last[m.style] = m.value
        self.restart.discard(m.style)
        rank = RANKS[m.style]
        for style, r in RANKS.items():
            if r <= rank or style == "arabic":
                continue
            if style == "dun" and m.style == "part":
                # 一、 may restart in each part or run on across parts
                self.restart.add(style)
            else:
                self.last[style] = 0
        return depth + 1
