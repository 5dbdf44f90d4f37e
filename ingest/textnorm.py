"""Character-level normalisation of extracted report text (spaces, full-width forms, widths)."""

from __future__ import annotations

import re
import unicodedata

# Full-width digits and Latin letters are the same characters to a reader; ASCII keeps
# numbers searchable ("２０２４年" == "2024年"). Full-width punctuation is kept as written.
_FULLWIDTH: dict[int, int | None] = {ord("０") + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update({ord("Ａ") + i: ord("A") + i for i in range(26)})
_FULLWIDTH.update({ord("ａ") + i: ord("a") + i for i in range(26)})
_FULLWIDTH.update({ord("％"): ord("%"), 0x00A0: 0x20, 0x3000: 0x20, ord("\t"): 0x20, 0xFEFF: None})
_FULLWIDTH.update({c: None for c in (0x200B, 0x200C, 0x200D, 0x2060)})  # zero-width characters

_SPACES = re.compile(r" {1,}")
# "[bookmark: _GoBack]" (Word bookmark names have no spaces); never eats text that has them
BOOKMARK_RE = re.compile(r"\[bookmark:\s?[^\]\s]{0,60}\]")


def translate_forms(text: str) -> str:
    return text.translate(_FULLWIDTH)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# A line is letter-spaced (every glyph set apart, as some PDFs extract justified text) when
# at least this many space-separated tokens are mostly single characters.
LETTER_SPACED_MIN_TOKENS = 6
LETTER_SPACED_SINGLE_SHARE = 0.8


def _letter_spaced(text: str) -> bool:
    tokens = text.split()
    if len(tokens) < LETTER_SPACED_MIN_TOKENS:
        return False
    return sum(1 for t in tokens if len(t) == 1) >= LETTER_SPACED_SINGLE_SHARE * len(tokens)


def squeeze_spaces(text: str) -> str:
    """Remove the spaces extraction put inside Chinese text and around numbers.

    A space stays only between two Latin words (``Windows 10``, ``the report``), between two
    numbers (two table cells ``1020.53 4.4``, ``表1 2024年``: fusing them would invent a
    number) and, inside a 《》 title, between two Chinese characters (a real space in a
    document's name). ``完成 1020.53 亿元`` -> ``完成1020.53亿元``; ``AI 算法`` -> ``AI算法``.
    Only in a letter-spaced line (``2 0 2 4 年``) is a space between digits a broken number.
    """
    text = translate_forms(text)
    if " " not in text:
        return text
    join_digits = _letter_spaced(text)
    out: list[str] = []
    depth = 0  # 《》 nesting
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == " ":
            j = i
            while j < n and text[j] == " ":
                j += 1
            left = out[-1] if out else ""
            right = text[j] if j < n else ""
            keep = False
            if left and right:
                if _ascii_alnum(right) and left.isascii() and not left.isspace():
                    # Latin words, "A, b" and two numbers: keep; digits of a letter-spaced
                    # line are one number set apart glyph by glyph: drop
                    keep = not (join_digits and left.isdigit() and right.isdigit())
                elif depth > 0 and is_han(left) and is_han(right):
                    keep = True
            if keep:
                out.append(" ")
            i = j
            continue
        if ch == "《":
            depth += 1
        elif ch == "》" and depth > 0:
            depth -= 1
        out.append(ch)
        i += 1
    return "".join(out)


def display_width(text: str) -> int:
    """Printed width: CJK characters count 2, others 1 (used to tell wrapped lines)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_lines(left: str, right: str) -> str:
    """Join a line broken by extraction: no separator, except between two Latin words."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalpha()
        and right[0].isascii()
        and right[0].isalpha()
    ):
        return left + " " + right
    return left + right


_SENTENCE_FINAL = re.compile(r"[。！？!?][”’」』）)】]*$|[：:]$")


def ends_paragraph(text: str) -> bool:
    """A line ending in 。！？ (optionally closed by ”’）) or ： ends its paragraph."""
    return bool(_SENTENCE_FINAL.search(text))


def normalise_whitespace(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
