"""The glossary at the end of a report (名词解释, 注释, 《政府工作报告》有关内容名词注释).

Its entries come in several layouts: ``1.“两重”：是指…`` on one line, ``1.“四上”企业：`` with the
explanation on the next line, ``［1］一降三减：`` (the body carries ``［1］`` after the term), a long
entry broken over several lines. Each entry becomes a note (the mechanism footnotes use): it is
attached to the chunk carrying its marker, or, without markers, to the chunk where the term is
first used.

Why notes and not a section of its own: a glossary explains terms of the body; as notes the
explanation travels with the paragraph that uses the term (the answer can quote both), and the
same text is not indexed twice (a glossary section would compete with the body in every search
for the term). An entry whose term the body never uses is still kept: it goes to the report's
last body paragraph, so nothing the report says is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wenbao.ingest.textnorm import join_lines

# The glossary's title line, possibly with its attachment label: "名词解释", "注释",
# "附件2：名词解释", "《政府工作报告》有关内容名词注释".
GLOSSARY_TITLE_RE = re.compile(
    r"^(?:附件\s*\d{0,2}\s*[：:]?\s*)?(?:《[^》]{1,30}》)?(?:有关|相关)?(?:内容)?"
    r"(?:(?:名词|术语|名词术语)(?:解释|注释|注解|释义)|注释|注解)\s*[：:]?$"
)
# A bare attachment label on its own line ("附件", "附件2"): the glossary's, when the title follows.
ATTACHMENT_LABEL_RE = re.compile(r"^(?:附件|附表)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?\s*[：:]?$")
# An entry's numbering: "1.", "6. ", "1、", "［1］", "[1]", "〔1〕", "【1】".
ENTRY_RE = re.compile(r"^(?:(?P<n>\d{1,2})\s*[.．、]|[［\[〔【](?P<b>\d{1,3})[］\]〕】])\s*(?P<rest>.*)$")
# A marker in the body: the same bracketed number right after the term ("一降三减”［1］良好").
BODY_MARKER_RE = re.compile(r"[［\[〔【](\d{1,3})[］\]〕】]")
# A term is short; a colon further in belongs to the explanation.
MAX_TERM_CHARS = 40
_SENTENCE_END = "。！？"
_QUOTED_RE = re.compile(r"“[^”]{1,30}”")
_LEADING_YEAR_RE = re.compile(r"^(?:19|20)\d{2}年")


@dataclass
class GlossaryEntry:
    number: int | None
    term: str
    explanation: str
    bracketed: bool = False  # numbered like its body markers: "［1］"

    @property
    def note(self) -> str:
        if self.term and self.explanation:
            return f"{self.term}：{self.explanation}"
        return self.term or self.explanation

    def add(self, text: str) -> None:
        self.explanation = join_lines(self.explanation, text) if self.explanation else text


def _entry_start(text: str) -> tuple[int | None, bool, str] | None:
    """``(number, bracketed, rest)`` when ``text`` opens an entry by its numbering."""
    m = ENTRY_RE.match(text)
    if m is None:
        return None
    if m.group("n") is not None:
        return int(m.group("n")), False, m.group("rest")
    return int(m.group("b")), True, m.group("rest")


def _term_line(text: str) -> bool:
    """An unnumbered entry's term line: short, no sentence, ending in a colon ("“四上”企业：")."""
    return len(text) <= MAX_TERM_CHARS and text[-1:] in "：:" and not any(ch in text for ch in _SENTENCE_END)


def find_glossary(texts: list[str]) -> tuple[int, int] | None:
    """``(start, end)``: the lines of the glossary (its label and title included), if any.

    The title must stand on its own line after the body began, and an entry must follow it: a
    line "注释" in the middle of a paragraph's wrapped text is no glossary.
    """
    for i in range(1, len(texts) - 1):
        if not GLOSSARY_TITLE_RE.match(texts[i]):
            continue
        first = _entry_start(texts[i + 1])
        if not ((first is not None and first[0] == 1) or _term_line(texts[i + 1])):
            continue
        start = i - 1 if ATTACHMENT_LABEL_RE.match(texts[i - 1]) else i
        end = next((k for k in range(i + 1, len(texts)) if ATTACHMENT_LABEL_RE.match(texts[k])), len(texts))
        return start, end
    return None


def parse_entries(texts: list[str]) -> list[GlossaryEntry]:
    """The entries of a glossary's lines (title excluded)."""
    entries: list[GlossaryEntry] = []
    for text in texts:
        start = _entry_start(text)
        expected = (entries[-1].number or 0) + 1 if entries else 1
        if start is not None and start[0] == expected:
            number, bracketed, rest = start
            entries.append(_split_term(number, rest, bracketed))
        elif _term_line(text) and (not entries or entries[-1].explanation):
            entries.append(_split_term(None, text, False))
        elif entries:
            # the explanation on the next line, or an entry broken over several lines
            entries[-1].add(text)
    return [e for e in entries if e.note]


def _split_term(number: int | None, rest: str, bracketed: bool) -> GlossaryEntry:
    rest = rest.strip()
    m = re.search(r"[：:]", rest)
    if m is not None and m.start() <= MAX_TERM_CHARS:
        return GlossaryEntry(number, rest[: m.start()].strip(), rest[m.end() :].strip(), bracketed)
    if len(rest) <= MAX_TERM_CHARS and not any(ch in rest for ch in _SENTENCE_END):
        return GlossaryEntry(number, rest, "", bracketed)  # the explanation follows
    return GlossaryEntry(number, "", rest, bracketed)


def term_candidates(term: str) -> list[str]:
    """Ways the body may write a glossary term, most specific first: ``“两重”“两新”`` ->
    itself, ``两重两新``, ``“两重”``, ``两重``, ``“两新”``…; ``2026年10件民生实事`` -> … ``10件民生实事``."""
    out: list[str] = []

    def add(t: str) -> None:
        t = t.strip()
        if len(t) >= 2 and t not in out:
            out.append(t)

    add(term)
    bare = re.sub(r"[“”\"‘’]", "", term)
    add(bare)
    add(_LEADING_YEAR_RE.sub("", term))
    quoted = sorted(_QUOTED_RE.findall(term), key=len, reverse=True)
    for q in quoted:
        add(q)
    for q in quoted:
        add(q[1:-1])
    return out
