"""ReportCleaner: the pages of a report -> clean paragraphs.

What extraction leaves behind, and what this stage does about it:

* page-number lines (``— 10 —``, ``- 7 -``, ``第 3 页``), ``[bookmark: …]`` markers, form feeds and
  stray lines of lone punctuation are dropped;
* lines a PDF broke mid-sentence are rejoined: a line ending in 。！？ (or ：) ends a paragraph,
  any other line continues into the next one; a heading always starts a new paragraph;
* spaces inside Chinese text and around numbers are removed (see :func:`squeeze_spaces`);
* footnotes at the bottom of a page are taken out of the body and attached to the paragraph
  whose text carries the marker (``人才强区18条”1，`` … ``1 即《…》``); notes a reader found
  apart from the text (Word footnotes and endnotes, marked in it) go the same way;
* a paragraph cut by a page break, with a heading or another paragraph's tail in between, is
  rejoined: the cut paragraph stays *open* and the continuation fragment goes to the open
  paragraph that it continues (judged by layout: a full-width last line was wrapped, a short
  one ended its paragraph; and by the lexicon: a word spanning the join).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from wenbao.documents import NOTE_MARK_CLOSE, NOTE_MARK_OPEN, WHOLE_LINE_MARK, RawDocument
from wenbao.ingest.debris import debris_lines
from wenbao.ingest.glossary import (
    BODY_MARKER_RE,
    GLOSSARY_TITLE_RE,
    GlossaryEntry,
    find_glossary,
    parse_entries,
    term_candidates,
)
from wenbao.ingest.numbering import (
    CLOSING_OPENERS,
    MAX_TITLE_CHARS,
    SUMMARY_OPENERS,
    HeadingMatch,
    NumberingState,
    match_heading,
    part_heading,
    split_title,
)
from wenbao.ingest.textnorm import (
    BOOKMARK_RE,
    display_width,
    ends_paragraph,
    is_han,
    join_lines,
    squeeze_spaces,
    translate_forms,
)

# --- line patterns -------------------------------------------------------------------------
_DASHES = "-—–－―~～_"
PAGE_NUMBER_RE = re.compile(
    rf"^[{_DASHES}]+\s*\d{{1,4}}\s*[{_DASHES}]+$|^第\s*\d{{1,4}}\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$"
)
# Only trusted on the first or last line of a page: a bare "7", "7/12", "Page 7".
BARE_PAGE_NUMBER_RE = re.compile(r"^(\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?)$")
LONE_PUNCT_RE = re.compile(r"^[\W_]+$")
SENTENCE_PUNCT = "。！？；，、：!?;,:"
# A line opening with these continues whatever came before it.
CONTINUATION_OPENERS = "、，,；;：:。！？!?）)》」』】”’%"
# Footnote at the bottom of a page: "1 即《…》", "2 以中国（南京）…".
FOOTNOTE_RE = re.compile(r"^(\d{1,2})(?:\s+|(?=[\u4e00-\u9fff《“（(]))(?![\d％%．.、，,])(\S.*)$")
# Footnote marker in body text: a 1–2 digit number glued to a word or closing quote and followed
# by punctuation ("产业基地2，", "18条”1，"), never an ordinal ("第1，").
MARKER_RE = re.compile(r"(?<=[\u4e00-\u9fff”’」』》）)\]])(\d{1,2})(?=[，。；、：！？,;:]|$)")
_MARKER_EXCLUDED_BEFORE = set("第件表图页章节号")
# A page's footnotes span at most this many lines after their first one.
MAX_FOOTNOTE_LINES = 3
# Titles a report's speaker holds ("国务院总理", "省长", "区发展和改革委员会主任").
_ROLE_TITLES = (
    "主任|局长|主席|书记|区长|市长|县长|省长|州长|盟长|旗长|镇长|乡长|总理|部长|厅长|处长|署长|秘书长|行长"
    "|院长|负责人|理事长|委员|主任委员"
)
# Web pages set the gap between role and name with any space (no-break, en, ideographic).
_GAP = r"[ \t\u00a0\u2002-\u200a\u3000]"
# A personal name of 2–4 characters; a two-character name is often spaced out to the width of
# three ("龚 正", "孙  红"); a transliterated name runs longer around its dot ("艾尔肯·吐尼亚孜").
MAX_NAME_GAP = 3
_DOTTED_NAME = r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}"
_NAME = rf"(?:{_DOTTED_NAME}|[\u4e00-\u9fff·](?:{_GAP}{{0,{MAX_NAME_GAP}}}[\u4e00-\u9fff·]){{1,3}})"
# The same inside a sentence, where nothing but the next word ends it: the shortest run.
_NAME_IN_TEXT = rf"(?:{_DOTTED_NAME}?|[\u4e00-\u9fff](?:[ \t\u3000]?[\u4e00-\u9fff]){{1,3}}?)"
SPEAKER_RE = re.compile(rf"^(?P<role>\S{{0,40}}?(?:{_ROLE_TITLES})){_GAP}+(?P<name>{_NAME})$")
# The meeting and the speaker in one sentence, as news copies print them: "2025年1月14日在天津市第
# 十八届人民代表大会第三次会议上天津市市长张工同志作政府工作报告。" (a salutation may be joined
# after it), or the speaker first: "2025年1月14日自治区人民政府主席王莉霞在…会议上的讲话",
# "2025年1月15日龚正市长在…会议的政府工作报告". The name is the shortest run before "同志"/"作"/"在".
# "…人民代表大会第三次会议" runs past its "大会" to the sitting.
_MEETING_END = r"(?:大会第[\d一二三四五六七八九十]{1,3}次会议|会议|大会)"
_ROLE = rf"[^\s，,。；在]{{0,40}}?(?:{_ROLE_TITLES})"
MEETING_SPEAKER_RE = re.compile(
    rf"在(?P<meeting>.{{2,60}}?{_MEETING_END})上[，,]?{_GAP}*(?P<role>{_ROLE}){_GAP}*"
    rf"(?P<name>{_NAME_IN_TEXT}){_GAP}*(?:同志)?{_GAP}*作"
)
SPEAKER_MEETING_RE = re.compile(
    rf"日{_GAP}*(?:(?P<role>{_ROLE}){_GAP}*(?P<name>{_NAME_IN_TEXT})"
    rf"|(?P<name_first>{_NAME_IN_TEXT})(?P<title>{_ROLE_TITLES})){_GAP}*(?:同志)?{_GAP}*"
    rf"在(?P<meeting>.{{2,60}}?{_MEETING_END})"
)
# A news copy that names the speaker only in a lead above the salutation: "…会议在省人民会堂开幕。省长
# 毛伟明作政府工作报告。" (read only when no speaker line or meeting line names one). A photo caption
# saying the same ("…作政府工作报告。本报记者 某某 摄") is dropped as debris first (ingest/debris.py),
# which is why a lone name left above the salutation is read too (outline._name_alone).
DELIVERED_BY_RE = re.compile(
    rf"(?P<role>{_ROLE}){_GAP}*(?P<name>{_NAME_IN_TEXT}){_GAP}*(?:同志)?{_GAP}*作(?:政府)?工作报告"
)
# Role and name set solid in the front matter, the salutation maybe joined after them
# ("自治区主席阿布都·热合曼各位代表："): only a two- or three-character or a transliterated name, and
# only before the body starts, where nothing else is a role followed by a name.
SOLID_SPEAKER_RE = re.compile(
    rf"^(?P<role>\S{{0,40}}?(?:{_ROLE_TITLES}))"
    rf"(?P<name>{_DOTTED_NAME}|[\u4e00-\u9fff]{{2,3}})(?:各位代表[：:!！]?)?$"
)
# The same split over two lines: "国务院总理" / "　李克强".
ROLE_LINE_RE = re.compile(rf"^\S{{0,40}}?(?:{_ROLE_TITLES})$")
NAME_LINE_RE = re.compile(rf"^{_GAP}*(?P<name>{_NAME})$")
# A report delivered by an office, no person named: "长沙市财政局" on its own line after the
# meeting line (budget and plan reports are often signed so).
ORG_SPEAKER_RE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}?(?:局|委员会|厅|办公室|人民政府)$")
# The dashes an occasion line opens with: the em dash, the full-width hyphen, and the horizontal bar
# some sites set instead ("――2026年1月27日在…").
OCCASION_DASHES = "—－―"
# The line naming the occasion: "——2026年1月26日在广东省第十四届人民代表大会第五次会议上",
# "2026年2月3日在…会议上", "——二〇二六年一月二十七日在…" (its own paragraph in the front matter).
_DATE_NUM = "[\\d〇零一二三四五六七八九十]"
MEETING_LINE_RE = re.compile(
    rf"^[{OCCASION_DASHES}\-]*\s*[（(]?(?:\d{{4}}|[〇○Ｏ零一二三四五六七八九]{{4}})年{_DATE_NUM}{{1,3}}月{_DATE_NUM}{{1,3}}日"
)
# ...and it ends with the meeting ("…会议上", "…会议上的讲话", "…）"): no later line joins it.
# A date on a line of its own ("2027年1月9日", its meeting on the line before or after) ends too.
MEETING_END_RE = re.compile(
    r"(?:上|上的(?:报告|讲话|说明)|[）)])$|^[—－\-\s（(]*\S{4,6}年\S{1,3}月\S{1,4}日$"
)
# "附件：1、…", "附件1", "附件二：": the label, with the attachment's own number if it has one.
ATTACHMENT_RE = re.compile(
    r"^(附件|附表)\s*(?:\d{1,2}(?![\d、．.])|[一二三四五六七八九十]{1,3}(?=[：:\s]|$))?\s*[：:]?"
)
# An attachment's title on the line after its label ("附件1" / "2026年省十件民生实事").
MAX_ATTACHMENT_TITLE_CHARS = 40
ATTACHMENT_ITEM_RE = re.compile(r"^\d{1,2}[、．.](?!\d)")
PARAGRAPH_OPENERS = SUMMARY_OPENERS + CLOSING_OPENERS
# A numbered line that ends in a semicolon is an item of an enumeration ("4.教育支出282,926万元；"),
# never a heading: its text is body text, searchable like the sentence that introduced it.
ITEM_ENDS = ("；", ";")
# Suspended (cut) paragraphs wait this many source lines for their continuation.
SUSPEND_WINDOW = 80
# Text wrapped at a page width: most unfinished lines lie within this share of the median width,
# and a page line is at least this wide (display columns).
WRAP_TOLERANCE = 0.15
WRAP_SHARE = 0.5
MIN_WRAP_WIDTH = 20
# An unnumbered part title ("“十四五”时期工作回顾", "2026年重点工作"): a short line without the
# punctuation of a sentence, worded like a part of a report (its subject or a period of time).
MAX_PART_TITLE_CHARS = 30
PART_TITLE_FORBIDDEN = set("。！？；，：、,;:!?")
PART_TITLE_RE = re.compile(
    r"回顾|工作|目标|任务|安排|成就|成绩|考虑|举措|部署|建议|展望|总结|思路|要求|情况"
    r"|(?:19|20)\d{2}年|十[一二三四五六七八九]五|五年规划"
)
# A table of contents ahead of the report (a publication of the report with its tables): its
# "目录" line stands among the first lines, its entries are short lines without a sentence's
# punctuation, at least a few of them; "第一部分 报告" labels a part of the publication, not of
# the report.
CONTENTS_TITLE_RE = re.compile(r"^目\s*录$")
CONTENTS_SCAN_LINES = 40
MAX_CONTENTS_ENTRY_CHARS = 40
MIN_CONTENTS_ENTRIES = 3
CONTENTS_FORBIDDEN = set("。！？；，,;!?")
PUBLICATION_PART_RE = re.compile(r"^第[一二三四五六七八九十\d]{1,3}部分")
# Invisible characters web pages and wikis leave in text (zero-width spaces and joiners, soft
# hyphens, direction marks): a line of nothing but these is an empty line.
_INVISIBLE_RE = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
# A subscript set on its own line by extraction ("PM" / "2.5", "CO" / "2", "NO" / "x"): short,
# and right after a Latin word.
SUBSCRIPT_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})?|[xX])$")
# An opening bracket or quote left alone on its line by a web page's wrapping ("（" / "三）改革开放…"):
# it belongs to the start of the next line, where it may begin a heading's number.
LONE_OPENERS = frozenset("（(“‘《〈「『〔［")
# The salutation that ends a web page's header ("各位代表：", "主任、各位副主任、各位委员：").
OPENING_RE = re.compile(r"^[^。！？；，]{2,30}[：:]$")


@dataclass
class SourceLine:
    text: str  # normalised text
    raw: str  # stripped source text
    page_start: bool = False
    anchors: list[tuple[int, int]] = field(default_factory=list)  # (column, note index)
    below_page_number: bool = False  # right after a page-number line: a footnote's place too
    whole: bool = False  # a paragraph of its own (a reader's table row)
    contents: bool = False  # an entry of the table of contents ahead of the report


class Paragraph:
    """One paragraph of the cleaned report, built line by line.

    Lines are kept as parts and joined on demand, so a hostile file with one endless paragraph
    costs linear time, not quadratic.
    """

    def __init__(
        self, kind: str, text: str = "", heading: HeadingMatch | None = None, line_no: int = 0
    ) -> None:
        self.kind = kind  # "text" | "heading" | "speaker" | "attachment" | "attachment_item"
        self.heading = heading
        self.anchors: list[tuple[int, int]] = []  # (offset in text, note index)
        self.last_full = True  # the last source line filled the page width (it was wrapped)
        self.line_no = line_no  # source line where it was last extended
        self.title_only = False  # a heading line without body text (so far)
        self.ended = False  # complete whatever its last character (a "——…会议上" line)
        self.meeting = False  # the "——日期在…会议上" line of the front matter
        self.level = heading.level if heading is not None else 0  # tree level of a heading
        # its last line filled a wrapped page width: a sentence end there is no paragraph end
        self.soft_end = False
        self._parts: list[str] = [text] if text else []
        self._length = len(text)
        self._tail = text[-12:]
        self._text: str | None = text

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._parts)
            self._parts = [self._text]
        return self._text

    def __len__(self) -> int:
        return self._length

    def _add(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)
        self._tail = (self._tail + piece)[-12:]
        self._text = None

    @property
    def finished(self) -> bool:
        """Its text ends a sentence (。！？ or ：), or it is complete by its kind."""
        return self.ended or ends_paragraph(self._tail)

    @property
    def closed(self) -> bool:
        """No further line joins it: finished, and not merely at the end of a wrapped line."""
        return self.finished and not self.soft_end

    def tail(self) -> str:
        return self._tail

    def append(self, line: SourceLine, last_full: bool, line_no: int, wrapped: bool = False) -> None:
        joined = join_lines(self._tail, line.text)
        piece = joined[len(self._tail) :] if self._length else line.text
        offset = self._length + len(piece) - len(line.text)
        self.anchors.extend((offset + col, note) for col, note in line.anchors)
        self._add(piece)
        self.last_full = last_full
        self.soft_end = wrapped and last_full
        self.line_no = line_no

    def append_text(self, text: str) -> None:
        self._add(text)


@dataclass
class CleanedReport:
    paragraphs: list[Paragraph]
    notes: list[str]  # footnote texts, indexed by Paragraph.anchors


class ReportCleaner:
    """Turns a :class:`RawDocument` into paragraphs (see the module docstring for the rules)."""

    def clean(self, raw: RawDocument) -> CleanedReport:
        lines = self._lines(raw.pages, len(raw.notes))
        lines = _split_run_in_front(_join_lone_openers(_join_subscripts(_drop_debris(lines))))
        notes = self._extract_footnotes(lines)
        lines = [ln for ln in lines if ln.text]
        _mark_contents(lines)
        lines, entries = _take_glossary(lines)
        first_note = len(notes)
        marked = _anchor_glossary_markers(lines, entries, first_note)
        paragraphs = _ParagraphAssembler(lines).run()
        _anchor_glossary_terms(paragraphs, entries, first_note, marked)
        notes.extend(e.note for e in entries)
        if raw.notes:
            _number_reader_notes(paragraphs, len(notes))
            notes.extend(raw.notes)
        return CleanedReport(paragraphs=paragraphs, notes=notes)

    # --- lines ------------------------------------------------------------------------------
    def _lines(self, pages: list[str], reader_notes: int = 0) -> list[SourceLine]:
        split_pages: list[list[str]] = []
        for page in pages:
            text = BOOKMARK_RE.sub("", page.replace("\r\n", "\n").replace("\r", "\n"))
            for part in text.split("\f"):
                split_pages.append(part.split("\n"))
        split_pages = _drop_running_lines(split_pages)
        nonblank = [ln for page in split_pages for ln in page if ln.strip()]
        # PDF-to-text tools mark the first line of a page with a leading space. That only
        # means something when few lines have one (otherwise it is paragraph indentation).
        indented = sum(1 for ln in nonblank if ln[:1].isspace())
        lead_marks_page = 0 < indented <= 0.3 * max(len(nonblank), 1)

        lines: list[SourceLine] = []
        for p, page_lines in enumerate(split_pages):
            first_of_page = p > 0
            for raw_line in page_lines:
                stripped = _INVISIBLE_RE.sub("", raw_line).strip()
                if not stripped.strip():
                    continue
                start = first_of_page or (lead_marks_page and raw_line[:1].isspace())
                first_of_page = False
                whole = stripped.startswith(WHOLE_LINE_MARK)
                if whole:
                    stripped = stripped[len(WHOLE_LINE_MARK) :].strip()
                    if not stripped:
                        continue
                line = SourceLine(text=squeeze_spaces(stripped), raw=stripped, page_start=start, whole=whole)
                if reader_notes:
                    _take_reader_markers(line, reader_notes)
                lines.append(line)
        return self._drop_page_numbers(lines)

    def _drop_page_numbers(self, lines: list[SourceLine]) -> list[SourceLine]:
        out: list[SourceLine] = []
        pending_start = False
        for i, ln in enumerate(lines):
            compact = translate_forms(ln.raw).strip()
            at_boundary = ln.page_start or i == len(lines) - 1 or lines[i + 1].page_start or i == 0
            if PAGE_NUMBER_RE.match(compact) or (at_boundary and BARE_PAGE_NUMBER_RE.match(compact)):
                below = _lines_below_page_number(lines, i)
                for k in range(i + 1, i + 1 + max(below, 1)):
                    if k < len(lines):
                        lines[k].below_page_number = True
                # The line after a page number starts a page, unless the page's own end follows
                # a few lines later: those lines (footnotes set below the number) are its bottom.
                pending_start = pending_start or ln.page_start or below == 0
                continue
            if pending_start:
                ln.page_start = True
                pending_start = False
            out.append(ln)
        return out

    # --- footnotes --------------------------------------------------------------------------
    def _extract_footnotes(self, lines: list[SourceLine]) -> list[str]:
        """Find footnotes at page bottoms whose marker appears earlier in the body.

        Consumed footnote lines get empty text; markers are removed from the body and
        recorded as anchors on their line.
        """
        has_pages = any(ln.page_start for ln in lines[1:])
        if not has_pages:
            return []
        page_last = [i == len(lines) - 1 or lines[i + 1].page_start for i in range(len(lines))]
        notes: list[str] = []
        pending: dict[int, tuple[int, int]] = {}  # marker number -> (line, column)
        prev_char = ""
        i = 0
        while i < len(lines):
            ln = lines[i]
            expected = len(notes) + 1
            m = FOOTNOTE_RE.match(translate_forms(ln.raw))
            if m and int(m.group(1)) == expected and expected in pending and not ln.page_start:
                end = i
                while end < len(lines) and not page_last[end] and end - i <= MAX_FOOTNOTE_LINES:
                    end += 1
                if end - i <= MAX_FOOTNOTE_LINES:
                    i = self._take_footnotes(lines, i, end, pending, notes)
                    continue
            if m and int(m.group(1)) == expected and expected in pending and ln.below_page_number:
                # Set below the page number with the next page right after it (text without
                # page breaks): the note is its own line(s), each opening with the next number.
                end = i
                while end + 1 < len(lines) and _numbered_note(lines[end + 1], expected, end - i, pending):
                    end += 1
                i = self._take_footnotes(lines, i, end, pending, notes)
                if i < len(lines):
                    lines[i].page_start = lines[i].page_start or ln.page_start
                continue
            for mm in MARKER_RE.finditer(ln.text):
                before = ln.text[mm.start() - 1] if mm.start() > 0 else prev_char
                n = int(mm.group(1))
                if before not in _MARKER_EXCLUDED_BEFORE and expected <= n <= expected + 2:
                    pending[n] = (i, mm.start())
            if ln.text:
                prev_char = ln.text[-1]
            i += 1
        return notes

    def _take_footnotes(
        self,
        lines: list[SourceLine],
        start: int,
        end: int,
        pending: dict[int, tuple[int, int]],
        notes: list[str],
    ) -> int:
        """Consume footnote lines start..end (inclusive); several notes may share a page bottom."""
        parts: list[str] = []

        def flush() -> None:
            if not parts:
                return
            number = len(notes) + 1
            text = squeeze_spaces(" ".join(parts))
            text = re.sub(r"^\d{1,2}\s*", "", text)
            line_no, col = pending.pop(number)
            body = lines[line_no]
            width = len(str(number))
            body.text = body.text[:col] + body.text[col + width :]
            body.anchors.append((col, len(notes)))
            # a later marker on the same line moved left with the text
            for n, (other_line, other_col) in pending.items():
                if other_line == line_no and other_col > col:
                    pending[n] = (other_line, other_col - width)
            notes.append(text)
            parts.clear()

        for k in range(start, end + 1):
            raw = translate_forms(lines[k].raw)
            m = FOOTNOTE_RE.match(raw)
            if parts and m and int(m.group(1)) == len(notes) + 2 and (len(notes) + 2) in pending:
                flush()
            parts.append(raw)
            lines[k].text = ""
        flush()
        return end + 1


_READER_NOTE_RE = re.compile(f"{NOTE_MARK_OPEN}(\\d+){NOTE_MARK_CLOSE}")


def _take_reader_markers(line: SourceLine, count: int) -> None:
    """A reader's note markers leave the line's text; each anchors its note there, numbered
    ``-1 - k`` until the notes found in the text itself are counted (``_number_reader_notes``)."""
    out: list[str] = []
    pos = 0
    for m in _READER_NOTE_RE.finditer(line.text):
        out.append(line.text[pos : m.start()])
        k = int(m.group(1))
        if k < count:
            line.anchors.append((sum(map(len, out)), -1 - k))
        pos = m.end()
    if out:
        out.append(line.text[pos:])
        line.text = "".join(out)
        line.raw = _READER_NOTE_RE.sub("", line.raw)


def _number_reader_notes(paragraphs: list[Paragraph], first: int) -> None:
    """The reader's notes follow the page-bottom footnotes and glossary entries in the notes list."""
    for p in paragraphs:
        p.anchors = [(offset, first - 1 - n if n < 0 else n) for offset, n in p.anchors]


def _lines_below_page_number(lines: list[SourceLine], i: int) -> int:
    """How many lines follow the page number at ``i`` before the next page starts, when that is
    at most MAX_FOOTNOTE_LINES + 1 (footnotes set below the number); 0 otherwise."""
    for k in range(i + 1, min(len(lines), i + MAX_FOOTNOTE_LINES + 3)):
        if lines[k].page_start:
            return k - i - 1
    return 0


def _numbered_note(line: SourceLine, first: int, taken: int, pending: dict[int, tuple[int, int]]) -> bool:
    """Whether ``line`` is the next footnote after ``first`` and ``taken`` more lines of notes."""
    number = first + taken + 1
    m = FOOTNOTE_RE.match(translate_forms(line.raw))
    return m is not None and int(m.group(1)) == number and number in pending


def _drop_debris(lines: list[SourceLine]) -> list[SourceLine]:
    """Drop web-page chrome, photo captions, page footers and wiki licence notices (see
    :mod:`wenbao.ingest.debris`); a dropped line's page start passes to the next line."""
    lines = [ln for ln in lines if ln.text]
    drop = debris_lines(
        [ln.text for ln in lines],
        is_opening=lambda t: bool(OPENING_RE.match(t)),
        is_heading=lambda t: match_heading(t) is not None,
    )
    out: list[SourceLine] = []
    carry_start = False
    for ln, dropped in zip(lines, drop, strict=True):
        if dropped:
            carry_start = carry_start or ln.page_start
            continue
        if carry_start:
            ln.page_start = True
            carry_start = False
        out.append(ln)
    return out


# A web copy that lost its line breaks runs the front matter into the body on one line: "政 府 工
# 作 报 告 ——2025年1月23日在通辽市第六届人民代表大会第五次会议上 市人民政府市长 奇·达楞太 各位
# 代表:现在,我代表…". Only a first line opening so, with a title no longer than this before the
# occasion, is cut apart; a line that merely mentions a meeting later on stays whole.
MAX_RUN_IN_TITLE_CHARS = 30
RUN_IN_NUMERALS = "一二三四五六七八九"  # the part a later part heading continues, as numbered
RUN_IN_FRONT_LINES = 3  # the first lines of the file: the front matter stands there or nowhere
RUN_IN_OCCASION_RE = re.compile(
    rf"(?:[{OCCASION_DASHES}\-]{{1,4}}{_GAP}*)?[（(]?(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})年{_DATE_NUM}{{1,3}}月"
    rf"{_DATE_NUM}{{1,3}}日{_GAP}*在[^。；！？]{{2,60}}?{_MEETING_END}上[）)]?"
)
# ...the speaker after it, up to the salutation that opens the body ("各位代表:", "各位委员：").
RUN_IN_SALUTATION_RE = re.compile(r"主任、|各位(?:代表|委员)")
RUN_IN_SPEAKER_RE = re.compile(
    rf"{_GAP}*(?P<speaker>[^\s。，,；：:][^。，,；：:]{{1,40}}?){_GAP}*(?={RUN_IN_SALUTATION_RE.pattern})"
)


def _split_run_in_front(lines: list[SourceLine]) -> list[SourceLine]:
    """Cut a run-in front line into its title, occasion, speaker and the body after them, each a
    line of its own as a printed report sets them, so they are read as front matter."""
    out: list[SourceLine] = []
    for i, ln in enumerate(lines):
        m = RUN_IN_OCCASION_RE.search(ln.text) if i < RUN_IN_FRONT_LINES and not ln.anchors else None
        # run in means the body follows on the same line: the salutation, maybe after the speaker
        # ("…会议上北京市市长 殷勇同志作政府工作报告。" is one sentence and is read whole)
        sp = RUN_IN_SPEAKER_RE.match(ln.text, m.end()) if m else None
        if sp and not (SPEAKER_RE.match(sp.group("speaker")) or SOLID_SPEAKER_RE.match(sp.group("speaker"))):
            sp = m = None  # "…会议上省长某某作政府工作报告各位代表：" is one sentence: read whole
        salutation = m is not None and RUN_IN_SALUTATION_RE.match(ln.text, m.end()) is not None
        # "2026年1月27日在…会议上 陕西省省长 赵刚": the speaker ends the line, the body starts below
        rest = ln.text[m.end() :].strip() if m else ""
        speaker_ends = bool(rest) and bool(SPEAKER_RE.match(rest) or SOLID_SPEAKER_RE.match(rest))
        if m is None or m.start() > MAX_RUN_IN_TITLE_CHARS or not (sp or salutation or speaker_ends):
            out.append(ln)
            continue
        cuts = [m.start(), m.end(), *([sp.end()] if sp else [])]
        parts = [ln.text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(ln.text)], strict=True)]
        for j, part in enumerate(p for p in parts if p):
            out.append(SourceLine(text=part, raw=part, page_start=ln.page_start and j == 0, whole=ln.whole))
    return out


def _join_subscripts(lines: list[SourceLine]) -> list[SourceLine]:
    """Glue a subscript line back onto the Latin word before it: ``PM`` / ``2.5`` -> ``PM2.5``."""
    out: list[SourceLine] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not ln.page_start
            and SUBSCRIPT_RE.match(ln.text)
            and prev.text[-1:].isascii()
            and prev.text[-1:].isalpha()
        ):
            prev.text += ln.text
            prev.raw += ln.raw
            continue
        out.append(ln)
    return out


def _join_lone_openers(lines: list[SourceLine]) -> list[SourceLine]:
    """Glue a lone opening bracket onto the line after it: ``（`` / ``三）改革…`` -> ``（三）改革…``."""
    out: list[SourceLine] = []
    pending: SourceLine | None = None
    for ln in lines:
        if pending is not None:
            ln.text = pending.text + ln.text
            ln.raw = pending.raw + ln.raw
            ln.anchors = [(c + len(pending.text), n) for c, n in ln.anchors]
            ln.page_start = ln.page_start or pending.page_start
            pending = None
        if ln.text in LONE_OPENERS and not ln.anchors:
            pending = ln
            continue
        out.append(ln)
    if pending is not None:
        out.append(pending)
    return out


def _take_glossary(lines: list[SourceLine]) -> tuple[list[SourceLine], list[GlossaryEntry]]:
    """Take the glossary (名词解释 / 注释) out of the body: its entries become notes (see
    :mod:`wenbao.ingest.glossary` for why notes and not a section)."""
    span = find_glossary([ln.text for ln in lines])
    if span is None:
        return lines, []
    start, end = span
    title = next(k for k in range(start, end) if GLOSSARY_TITLE_RE.match(lines[k].text))
    entries = parse_entries([ln.text for ln in lines[title + 1 : end]])
    return lines[:start] + lines[end:], entries


def _anchor_glossary_markers(
    lines: list[SourceLine], entries: list[GlossaryEntry], first_note: int
) -> set[int]:
    """Body markers of bracket-numbered entries (``一降三减”［1］良好``) leave the text and anchor
    their note there; returns the entries (indices) anchored so."""
    by_number = {e.number: k for k, e in enumerate(entries) if e.bracketed and e.number is not None}
    marked: set[int] = set()
    if not by_number:
        return marked
    for ln in lines:
        if not BODY_MARKER_RE.search(ln.text):
            continue
        text = ln.text
        out: list[str] = []
        removed = 0  # characters removed so far, to shift later columns
        pos = 0
        for m in BODY_MARKER_RE.finditer(text):
            k = by_number.get(int(m.group(1)))
            if k is None:
                continue
            out.append(text[pos : m.start()])
            col = m.start() - removed
            # columns of anchors after the marker move left with it
            ln.anchors = [(c - len(m.group()) if c > col else c, n) for c, n in ln.anchors]
            ln.anchors.append((col, first_note + k))
            removed += len(m.group())
            pos = m.end()
            marked.add(k)
        out.append(text[pos:])
        ln.text = "".join(out)
    return marked


def _anchor_glossary_terms(
    paragraphs: list[Paragraph], entries: list[GlossaryEntry], first_note: int, marked: set[int]
) -> None:
    """Entries without a marker go to the paragraph where their term is first used (its body
    text: a heading's title is no chunk); an entry whose term is never used goes to the last
    paragraph, so its text stays searchable."""
    searchable: list[tuple[Paragraph, int]] = []
    started = False
    for p in paragraphs:
        if not started:
            # the front matter (title, occasion line) is metadata: no term is looked up there
            started = p.kind == "text" and ends_paragraph(p.text) and not p.meeting
            if not started:
                continue
        if p.kind == "heading" and p.heading is not None:
            rest = p.text[len(p.heading.number) :]
            body = split_title(rest)[1]
            if body < len(rest):
                searchable.append((p, len(p.heading.number) + body))
        elif p.kind in ("text", "attachment_item"):
            searchable.append((p, 0))
    if not searchable:
        return
    for k, entry in enumerate(entries):
        if k in marked:
            continue
        found = None
        for candidate in term_candidates(entry.term):
            for p, at in searchable:
                pos = p.text.find(candidate, at)
                if pos >= 0:
                    found = (p, pos + len(candidate))
                    break
            if found:
                break
        if found is None:
            p, _ = searchable[-1]
            found = (p, len(p.text))
        found[0].anchors.append((found[1], first_note + k))


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers and footers: the same first (or last) line on most pages of a
    multi-page document, numbers aside ("鼓楼区人民政府文件", "第 3 页 共 9 页")."""
    if len(pages) < 3:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", squeeze_spaces(line.strip()))

    def edge_keys(page: list[str]) -> set[str]:
        lines = [ln for ln in page if ln.strip()]
        return {key(lines[0]), key(lines[-1])} if lines else set()

    counts: dict[str, int] = {}
    for page in pages:
        for k in edge_keys(page):
            counts[k] = counts.get(k, 0) + 1
    # a running header is a short line (a name, a page count), never a sentence of the body
    running = {k for k, n in counts.items() if n >= 3 and n >= 0.5 * len(pages) and 0 < len(k) <= 40}
    if not running:
        return pages
    out: list[list[str]] = []
    for page in pages:
        idx = [i for i, ln in enumerate(page) if ln.strip()]
        edges = {idx[0], idx[-1]} if idx else set()
        out.append([ln for i, ln in enumerate(page) if not (i in edges and key(ln) in running)])
    return out


def _mark_contents(lines: list[SourceLine]) -> None:
    """Marks the table of contents a publication opens with ("目录" / "第一部分 报告" / "一、…表" …).

    Its entries are numbered like headings, so read as headings they would file the whole report
    under the last entry and hide the title, meeting line and speaker that follow it. The
    contents run from the "目录" line over short lines without a sentence's punctuation, up to
    the line where the publication restarts with the first entry (that line too is marked when it
    only labels a part of the publication, "第一部分 报告": the report's own front matter follows).
    """
    start = next(
        (i for i, ln in enumerate(lines[:CONTENTS_SCAN_LINES]) if CONTENTS_TITLE_RE.match(ln.text)), None
    )
    if start is None:
        return
    entries: list[int] = []
    restart: int | None = None
    for j in range(start + 1, len(lines)):
        text = lines[j].text
        if entries and text == lines[entries[0]].text:
            restart = j
            break
        if len(text) > MAX_CONTENTS_ENTRY_CHARS or any(ch in CONTENTS_FORBIDDEN for ch in text):
            break
        if text[0] in OCCASION_DASHES or MEETING_LINE_RE.match(text):
            break
        entries.append(j)
    if len(entries) < MIN_CONTENTS_ENTRIES:
        return
    for j in (start, *entries):
        lines[j].contents = True
    if restart is not None and PUBLICATION_PART_RE.match(lines[restart].text):
        lines[restart].contents = True


class _ParagraphAssembler:
    """Joins source lines into paragraphs (one pass, with the open-paragraph bookkeeping)."""

    def __init__(self, lines: list[SourceLine]) -> None:
        self.lines = lines
        self.wrap_width = self._wrap_width(lines)
        self.paragraphs: list[Paragraph] = []
        self.current: Paragraph | None = None
        self.suspended: list[Paragraph] = []
        self.state = NumberingState()
        self.seen_heading = False
        self.in_attachment = False
        self.in_front = True  # no paragraph has finished yet: title, occasion, speaker
        self.skip_to = -1  # lines up to this one were consumed by a look-ahead

    @staticmethod
    def _wrap_width(lines: list[SourceLine]) -> float | None:
        """Typical width of a wrapped line, when the text was wrapped at all (PDF extraction)."""
        widths = [
            display_width(ln.text)
            for i, ln in enumerate(lines[:-1])
            if not ends_paragraph(ln.text)
            and match_heading(ln.text) is None
            and match_heading(lines[i + 1].text) is None
        ]
        if len(widths) < 8 or len(widths) < 0.2 * len(lines):
            return None
        median = float(statistics.median(widths))
        # Wrapped lines share one width; lines broken elsewhere (a wiki's links, a web page's
        # markup) have any width and say nothing about wrapping.
        near = sum(1 for w in widths if abs(w - median) <= WRAP_TOLERANCE * median)
        if median < MIN_WRAP_WIDTH or near < WRAP_SHARE * len(widths):
            return None
        return median

    def _is_full(self, text: str) -> bool:
        if self.wrap_width is None:
            return True
        return display_width(text) >= 0.85 * self.wrap_width

    def _new(self, kind: str, line: SourceLine, i: int, heading: HeadingMatch | None = None) -> Paragraph:
        cur = self.current
        if heading is not None and cur is not None and _resumable(cur):
            # cut by a heading while open: its continuation may still come after the heading
            self.suspended.append(cur)
        para = Paragraph(kind=kind, text="", heading=heading, line_no=i)
        para.append(line, self._is_full(line.text), i, self.wrap_width is not None)
        self.paragraphs.append(para)
        self.current = para
        return para

    def run(self) -> list[Paragraph]:
        for i, line in enumerate(self.lines):
            self._step(i, line)
        return [p for p in self.paragraphs if p.tail().strip() or p.text.strip()]

    def _open_suspended(self, i: int) -> list[Paragraph]:
        self.suspended = [s for s in self.suspended if not s.finished and i - s.line_no <= SUSPEND_WINDOW]
        return self.suspended

    def _heading_allowed(self, line: SourceLine) -> bool:
        cur = self.current
        if cur is None or cur.finished or cur.title_only or line.page_start:
            return True
        # In a wrapped text a numbering right after an unfinished sentence is a wrapped
        # line ("…二十届一中、" / "二、三中全会…"), not a heading.
        return self.wrap_width is None

    def _step(self, i: int, line: SourceLine) -> None:
        if i <= self.skip_to:
            return
        text = line.text
        cur = self.current
        if self.in_front and cur is not None and ends_paragraph(cur.tail()):
            # the salutation or a first sentence: the front matter is behind us
            self.in_front = False

        if LONE_PUNCT_RE.match(text):
            self._lone_punctuation(i, line)
            return

        if line.contents:
            # an entry of the table of contents: a line of its own, never a heading (the report's
            # numbering starts after it) and never joined to the title that follows
            para = self._new("text", line, i)
            para.ended, para.soft_end = True, False
            return

        if line.whole:
            # a table row the reader wrote as a sentence: never joined to the lines around it,
            # even where the body text was wrapped at the row's width
            para = self._new("attachment_item" if self.in_attachment else "text", line, i)
            para.ended, para.soft_end = True, False
            return

        if self.in_attachment:
            if (m := ATTACHMENT_RE.match(text)) and not text[m.end() :].strip():
                # the next attachment's label ("附件2"): a section of its own
                self._attachment(text, m, line, i)
            elif cur is not None and cur.kind == "attachment" and cur.title_only and _attachment_title(text):
                # "附件1" / "2026年省十件民生实事": the title joins its label, a space between
                cur.append_text(" " + text)
                cur.title_only = False
            elif (
                ATTACHMENT_ITEM_RE.match(text)
                or match_heading(text) is not None
                or cur is None
                or cur.kind != "attachment_item"
            ):
                # each numbered line is an item of the attachment's list (一、 1. （一）…), never a
                # heading of the report: the report's numbering does not restart in an attachment
                self._new("attachment_item", line, i)
            else:
                cur.append(line, self._is_full(text), i, self.wrap_width is not None)
            return

        if self.seen_heading and (m := ATTACHMENT_RE.match(text)) and self._heading_allowed(line):
            self._attachment(text, m, line, i)
            return
        if text[0] in CONTINUATION_OPENERS:
            target = (
                cur if cur is not None and not cur.closed else next(iter(self._open_suspended(i)[::-1]), cur)
            )
            if target is not None:
                self._attach(target, line, i)
                return

        heading = match_heading(text)
        if heading is not None and text.endswith(ITEM_ENDS):
            if cur is not None and cur.kind == "text" and cur.tail().endswith(("：", ":")):
                # the first item after its lead ("分科目情况如下："): one passage with it
                self._attach(cur, line, i)
                return
            heading = None
        if heading is None and self._part_title(i, text):
            heading = part_heading(text)
        if (
            heading is not None
            and self._heading_allowed(line)
            and (
                self.state.accepts(heading, right_after_title=_bare_title(cur)) or self._after_run_in(heading)
            )
        ):
            level = self.state.advance(heading)
            self.seen_heading = True
            para = self._new("heading", line, i, heading)
            para.level = level
            # a heading line without its own sentence end is only a title (so far)
            para.title_only = not any(ch in "。！？" for ch in heading.rest)
            return

        if not self.seen_heading:
            role = name = None
            solid = SOLID_SPEAKER_RE.match(text) if self.in_front else None
            if m := SPEAKER_RE.match(line.raw) or solid:
                role, name = m.group("role"), m.group("name")
            elif (
                self.in_front
                and ROLE_LINE_RE.match(text)
                and i + 1 < len(self.lines)
                and (n := NAME_LINE_RE.match(self.lines[i + 1].raw))
            ):
                # "国务院总理" / "　李克强": the name on a line of its own
                role, name = text, n.group("name")
                self.skip_to = i + 1
            if role is not None and name is not None:
                # role and name stay apart: the space is the only thing that separates them;
                # a space inside the name ("龚 正") only spaced it out
                speaker = Paragraph(kind="speaker", text=f"{squeeze_spaces(role)} {squeeze_spaces(name)}")
                self.paragraphs.append(speaker)
                self.current = None
                return
            if cur is not None and cur.meeting and cur.ended and ORG_SPEAKER_RE.match(text):
                # the office that delivers the report: a role with no name (no space in it)
                speaker = Paragraph(kind="speaker", text=text)
                self.paragraphs.append(speaker)
                self.current = None
                return
            meeting = self.in_front and MEETING_LINE_RE.match(text) is not None
            if meeting or (text[0] in OCCASION_DASHES and (cur is None or cur.kind != "heading")):
                para = self._new("text", line, i)
                para.meeting = meeting or text[0] in OCCASION_DASHES
                para.ended = para.meeting and MEETING_END_RE.search(text) is not None
                return

        target = self._continuation_target(i, text)
        if target is None:
            self._new("text", line, i)
        else:
            self._attach(target, line, i)

    def _after_run_in(self, heading: HeadingMatch) -> bool:
        """The first part heading of a text whose part before it ran into a paragraph ("…提出意见。
        一、2024年工作回顾2024年,是…" on one line, then "二、2025年重点工作" on its own): a title
        line numbered 二、 or later continues the run-in 一、 the text before it holds."""
        if heading.style != "dun" or heading.value < 2 or self.seen_heading or self.state.top_style:
            return False
        if any(ch in "。！？" for ch in heading.rest) or len(heading.rest) > MAX_TITLE_CHARS:
            return False
        if heading.value > len(RUN_IN_NUMERALS):
            return False
        before = RUN_IN_NUMERALS[heading.value - 2] + "、"
        return any(before in p.text for p in self.paragraphs)

    def _attachment(self, text: str, m: re.Match[str], line: SourceLine, i: int) -> None:
        """An attachment's label opens an ``附件`` section; what follows on its line is an item."""
        self.in_attachment = True
        head = SourceLine(text=text[: m.end()], raw=text[: m.end()], page_start=line.page_start)
        para = self._new("attachment", head, i)
        para.title_only = True
        rest = text[m.end() :].strip()
        if rest:
            self._new("attachment_item", SourceLine(text=rest, raw=rest), i)

    def _part_title(self, i: int, text: str) -> bool:
        """An unnumbered part title, judged by layout: a short line with no punctuation of a
        sentence, standing alone after a finished paragraph, followed by body text (or by the
        first numbered heading of the part), and worded like a part of a report."""
        cur = self.current
        if self.in_front or self.in_attachment or cur is None or not cur.finished or cur.title_only:
            return False
        if len(text) > MAX_PART_TITLE_CHARS or any(ch in PART_TITLE_FORBIDDEN for ch in text):
            return False
        if text[0] in "—－-" or not PART_TITLE_RE.search(text):
            return False
        if i + 1 >= len(self.lines):
            return False
        after = self.lines[i + 1].text
        following = match_heading(after)
        if following is not None:
            return following.value == 1 and following.style in ("dun", "paren")
        return len(after) > MAX_PART_TITLE_CHARS or ends_paragraph(after)

    def _attach(self, target: Paragraph, line: SourceLine, i: int) -> None:
        cur = self.current
        if target is not cur:
            if cur is not None and _resumable(cur):
                self.suspended.append(cur)
            if target in self.suspended:
                self.suspended.remove(target)
            self.current = target
        target.append(line, self._is_full(line.text), i, self.wrap_width is not None)
        if target.title_only and any(ch in "。！？" for ch in line.text):
            target.title_only = False
        if target.meeting and MEETING_END_RE.search(target.tail()):
            # "——2026年1月26日在广东省第十四届" / "人民代表大会第五次会议上": now complete
            target.ended = True

    def _continuation_target(self, i: int, text: str) -> Paragraph | None:
        cur = self.current
        cur_open = cur is not None and not cur.closed
        if cur_open and cur is not None and cur.finished and text.startswith(PARAGRAPH_OPENERS):
            # after a sentence end, "总的来看，…" / "以上报告，…" open a new paragraph
            cur_open = False
        if cur_open and cur is not None and cur.title_only:
            # a title line continues only when it was wrapped at the page width
            cur_open = self.wrap_width is not None and cur.last_full
        suspended = self._open_suspended(i)
        if not suspended:
            return cur if cur_open else None
        candidates = ([cur] if cur_open and cur is not None else []) + suspended[::-1]

        def score(p: Paragraph) -> tuple[bool, bool, bool]:
            return (p.last_full, _spans_word(p.tail(), text), p is cur)

        best = max(candidates, key=score)
        if best is cur:
            return cur
        if cur_open or _spans_word(best.tail(), text) or _short_fragment(text):
            return best
        return None

    def _lone_punctuation(self, i: int, line: SourceLine) -> None:
        """A line of lone punctuation closes the latest open paragraph, or is dropped."""
        text = line.text
        if text[0] not in SENTENCE_PUNCT and text[0] not in "”’）)】」』":
            return
        cur = self.current
        target = cur if cur is not None and not cur.finished and not cur.title_only else None
        if target is None:
            open_ = self._open_suspended(i)
            target = open_[-1] if open_ else None
        if target is not None:
            target.append_text(text)
            if target in self.suspended:
                self.suspended.remove(target)


def _attachment_title(text: str) -> bool:
    """The title line of an attachment: short, unnumbered, no sentence."""
    return (
        len(text) <= MAX_ATTACHMENT_TITLE_CHARS
        and match_heading(text) is None
        and not ATTACHMENT_ITEM_RE.match(text)
        and not any(ch in "。！？；，" for ch in text)
    )


def _bare_title(p: Paragraph | None) -> bool:
    """``p`` is a heading paragraph with nothing after its title (so far)."""
    if p is None or p.kind != "heading" or p.heading is None:
        return False
    rest = p.text[len(p.heading.number) :]
    return split_title(rest)[1] >= len(rest)


def _resumable(p: Paragraph) -> bool:
    """An unfinished paragraph of running text (not a bare title) whose continuation may come later."""
    return p.kind in ("text", "heading") and not p.title_only and not p.finished


def _short_fragment(text: str) -> bool:
    """``培元。深入…``: a line opening with a sentence end after at most three characters is a tail."""
    m = re.search(r"[。！？；，、：]", text)
    return m is not None and 0 < m.start() <= 3 and text[m.start()] in "。！？"


_jieba_words: dict[str, int] | None = None


def _spans_word(left: str, right: str) -> bool:
    """Whether a dictionary word spans the join of ``left`` and ``right`` (jieba's lexicon)."""
    global _jieba_words
    if not left or not right or not is_han(left[-1]) or not is_han(right[0]):
        return False
    if _jieba_words is None:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        _jieba_words = jieba.dt.FREQ
    words = _jieba_words
    for a in range(1, 4):
        for b in range(1, 4):
            if a + b < 3:
                continue  # two-character "words" across a join are mostly noise
            w = left[-a:] + right[:b]
            if all(is_han(c) for c in w) and words.get(w, 0) > 0:
                return True
    return False
