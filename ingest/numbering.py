"""Heading numbering of Chinese government reports, shared by the cleaner and the outline parser.

The family uses four styles:

* level 1: ``一、``
* level 2: ``（一）`` or, inline at the start of a paragraph, ``一是…。``
* level 3: ``1、`` / ``1．`` / ``1.`` (the 2024 report numbers them continuously across level-2 sections)

A numbering pattern alone is weak evidence (``二、三中全会`` or ``1.3%`` can open a wrapped
line), so :class:`NumberingState` also checks that each heading continues the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUM = "[一二三四五六七八九十]{1,3}"

LEVEL1_RE = re.compile(rf"^({_CN_NUM})、")
LEVEL2_PAREN_RE = re.compile(rf"^[（(]({_CN_NUM})[）)]")
LEVEL2_SHI_RE = re.compile(rf"^({_CN_NUM})是(?=[^\s，。、；：,])")
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


def cn_to_int(text: str) -> int | None:
    """Chinese numeral (1–99) to int: "十" -> 10, "十三" -> 13, "二十一" -> 21."""
    if not text:
        return None
    if "十" not in text:
        if len(text) != 1 or text not in _CN_DIGITS:
            return None
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    t = _CN_DIGITS.get(tens, -1) if tens else 1
    o = _CN_DIGITS.get(ones, -1) if ones else 0
    if t < 1 or o < 0:
        return None
    return t * 10 + o


@dataclass(frozen=True)
class HeadingMatch:
    """A numbering found at the start of a line."""

    level: int  # 1, 2 or 3
    style: str  # "dun" (一、), "paren" (（一）), "shi" (一是), "arabic" (1．)
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
            return HeadingMatch(2, "shi", f"{m.group(1)}是", v, line[m.end() :])
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


class NumberingState:
    """Tracks the numbering seen so far; a heading must continue its sequence."""

    def __init__(self) -> None:
        self.l1 = 0
        self.l2 = 0
        self.l2_style: str | None = None
        self.l3 = 0

    def accepts(self, m: HeadingMatch) -> bool:
        if m.level == 1:
            return m.value == self.l1 + 1
        if m.level == 2:
            if self.l2_style not in (None, m.style):
                return False
            if m.style == "shi" and not shi_title_ok(m.rest):
                return False
            return m.value == self.l2 + 1
        # level 3 continues the previous item or restarts at 1 (numbering may run across sections)
        return m.value in (1, self.l3 + 1)

    def advance(self, m: HeadingMatch) -> None:
        if m.level == 1:
            self.l1 = m.value
            self.l2 = 0
            self.l2_style = None
        elif m.level == 2:
            self.l2 = m.value
            self.l2_style = m.style
        else:
            self.l3 = m.value
