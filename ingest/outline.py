"""OutlineParser: clean paragraphs -> the document text, its heading tree, metadata and body blocks.

The document text is the paragraphs joined by newlines; every offset (sections, blocks, later
chunks) points into it. Front matter (title, the ``——日期在…会议上`` line, speaker, salutation)
becomes metadata; the remaining paragraphs are body text under the innermost heading, except:

* a summary paragraph (``总体上，…``, ``总的来看，…``) after the last item of a part sums up the
  whole part, so it belongs to the level-1 section, not to the item before it;
* the closing (``主任、副主任、各位委员，…``, ``以上报告，请予审议。``) belongs to no section;
* the attachment list (``附件：1、…``) is an ``附件`` section of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wenbao.documents import Section
from wenbao.ingest.cleaner import (
    DELIVERED_BY_RE,
    MEETING_SPEAKER_RE,
    OCCASION_DASHES,
    SPEAKER_MEETING_RE,
    CleanedReport,
    Paragraph,
)
from wenbao.ingest.metadata import find_date, find_title
from wenbao.ingest.numbering import CLOSING_OPENERS, SUMMARY_OPENERS, split_title
from wenbao.ingest.textnorm import squeeze_spaces

PERIODS = ("前三季度", "第一季度", "第二季度", "第三季度", "第四季度", "一季度", "二季度", "三季度", "四季度",
           "上半年", "下半年", "全年", "年度")  # fmt: skip
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
MEETING_RE = re.compile(r"日\s*[）)]?\s*在(.+?)(?:上|上的(?:报告|讲话))?[）)]?$")
MEETING_ALONE_RE = re.compile(rf"^[{OCCASION_DASHES}\-\s（(]*在(.+?会议)上?")
PLACE_RE = re.compile(r"关于(.{1,12}?[省市区县州旗])(?=(?:19|20)\d{2}|关于|$)")
# A title or "——日期在…会议上" line is short; anything longer is body text.
MAX_META_CHARS = 120
# "2026年2月3日在四川省…会议上" without the leading dash is the same line; so is "在…会议上"
# with the date on a line of its own (before or after it), and "（2026年1月8日）".
MEETING_LINE_RE = re.compile(
    r"^[（(]?[\d〇○Ｏ零一二三四五六七八九十\s]{4,}年.{1,8}日\s*在.{2,60}(?:会议|大会)上?|^在.{2,60}会议上"
)
_DATE_CHARS = r"[\d〇○Ｏ零一二三四五六七八九十\s]"
DATE_LINE_RE = re.compile(rf"^[（(]?{_DATE_CHARS}{{4,}}年{_DATE_CHARS}{{1,3}}月{_DATE_CHARS}{{1,4}}日[）)]?$")
SALUTATION_RE = re.compile(r"^[^。！？]{1,40}[：:]$")
# A name on a line of its own above the salutation, its role lost with the photo caption that held it
# ("毛伟明" / "各位代表：", run together by the cleaner): a person's name only as jieba tags it.
_NAME_ALONE_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4})(?:各位(?:代表|委员)[：:!！]?)?$")


def _name_alone(text: str) -> str | None:
    """The speaker's name when ``text`` is a lone personal name (maybe with the salutation after it)."""
    m = _NAME_ALONE_RE.match(text)
    if m is None:
        return None
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    words = list(jieba.posseg.cut(m.group("name")))
    return m.group("name") if len(words) == 1 and words[0].flag.startswith("nr") else None


# What may not stand between a paragraph's start and a title the first sentence ran into: a
# sentence's commas and stops ("受县人民政府委托，现将关于…的报告提请…" names the report, it is
# no title), or an opening quote ("审议批准《关于…的报告》" cites another report).
_BEFORE_TITLE_FORBIDDEN = set("，,。；;！？!?")


def _title_runs_into_body(text: str, found: str) -> bool:
    """A web page's header, its title and the first sentence in one paragraph: the page ended
    none of its header lines with punctuation, so they all ran into the first sentence
    ("…•[有效性]XX县2022年预算执行及2023年预算公开的说明XX县2022年…经…会议通过，现将…")."""
    at = text.find(found)
    before, after = text[:at], text[at + len(found) :]
    if "。" not in after:
        return False  # no sentence ran into it: a menu's words ("网站首页|政务公开|政府工作报告")
    return not any(ch in _BEFORE_TITLE_FORBIDDEN for ch in before) and not before.endswith(("《", "“", '"'))


@dataclass
class BodyBlock:
    """A stretch of body text (a paragraph, or the body part of a heading paragraph)."""

    start: int
    end: int
    path: tuple[str, ...]
    numbers: tuple[str, ...]
    anchors: list[tuple[int, int]] = field(default_factory=list)  # (absolute offset, note index)


@dataclass
class ReportOutline:
    text: str
    title: str
    year: int | None
    date: str | None
    meeting: str | None
    speaker: str | None
    role: str | None
    period: str | None
    sections: list[Section]
    blocks: list[BodyBlock]
    notes: list[str]
    # text that is not body: front-matter lines (title, date line, speaker, salutation) and the
    # numbering + title at the start of each heading paragraph
    meta_spans: list[tuple[int, int]] = field(default_factory=list)
    heading_spans: list[tuple[int, int]] = field(default_factory=list)


class OutlineParser:
    """Builds the heading tree, the metadata and the body blocks from cleaned paragraphs."""

    def parse(self, cleaned: CleanedReport) -> ReportOutline:
        paragraphs = cleaned.paragraphs
        offsets: list[int] = []
        pos = 0
        for p in paragraphs:
            offsets.append(pos)
            pos += len(p.text) + 1
        text = "\n".join(p.text for p in paragraphs)

        first_heading = next(
            (i for i, p in enumerate(paragraphs) if p.kind in ("heading", "attachment")), None
        )
        front_end = len(paragraphs) if first_heading is None else first_heading
        meta, front_body = self._front_matter(paragraphs[:front_end])

        sections: list[Section] = []
        stack: list[Section] = []
        blocks: list[BodyBlock] = []
        meta_spans: list[tuple[int, int]] = []
        heading_spans: list[tuple[int, int]] = []
        mode = "normal"  # "summary" | "closing"
        attachments: list[Section] = []  # 附件 sections (their items are no closing)
        last_heading = max((i for i, p in enumerate(paragraphs) if p.kind == "heading"), default=-1)

        def add_block(start: int, end: int, path_sections: list[Section], p: Paragraph, base: int) -> None:
            if end <= start:
                return
            anchors = [(base + off, note) for off, note in p.anchors]
            blocks.append(
                BodyBlock(
                    start=start,
                    end=end,
                    path=tuple(s.title for s in path_sections),
                    numbers=tuple(s.number for s in path_sections),
                    anchors=anchors,
                )
            )
            for s in path_sections:
                s.end = max(s.end, end)

        for i, p in enumerate(paragraphs):
            base = offsets[i]
            end = base + len(p.text)
            if i < front_end:
                if i in front_body:
                    add_block(base, end, [], p, base)
                else:
                    meta_spans.append((base, end))
                continue
            if p.kind == "heading" and p.heading is not None:
                h = p.heading
                # the paragraph opens with its numbering; the full rest may span several lines
                rest_at = len(h.number)
                title, body_at = split_title(p.text[rest_at:])
                # the level is the heading's depth in the tree, as the cleaner's numbering state
                # found it (一、 is level 2 below an unnumbered part)
                level = p.level or h.level
                section = Section(level=level, number=h.number, title=title.rstrip("。"), start=base, end=end)
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].children if stack else sections).append(section)
                stack.append(section)
                for s in stack:
                    s.end = max(s.end, end)
                mode = "normal"
                body_start = base + rest_at + body_at
                heading_spans.append((base, body_start))
                add_block(body_start, end, list(stack), p, base)
                continue
            if p.kind == "attachment":
                # "附件1 2026年省十件民生实事", "附件： 2026年重点项目" -> "附件 2026年重点项目"
                label = re.sub(r"\s*[：:]\s*", " ", p.text).strip()
                section = Section(level=1, number="", title=label, start=base, end=end)
                sections.append(section)
                attachments.append(section)
                stack = [section]
                mode = "normal"
                heading_spans.append((base, end))
                continue
            if p.kind == "attachment_item":
                add_block(base, end, list(stack), p, base)
                continue
            # running text
            if stack and p.text.startswith(CLOSING_OPENERS) and stack[0] not in attachments:
                # "各位代表！…" after the last heading closes the report; before a later heading it
                # turns to the audience within a part and sums that part up
                mode = "closing" if i > last_heading else "summary"
            elif mode == "normal" and stack and p.text.startswith(SUMMARY_OPENERS):
                mode = "summary"
            if mode == "closing":
                add_block(base, end, [], p, base)
            elif mode == "summary":
                add_block(base, end, stack[:1], p, base)
            else:
                add_block(base, end, list(stack), p, base)

        return ReportOutline(
            text=text,
            sections=sections,
            blocks=blocks,
            meta_spans=meta_spans,
            heading_spans=heading_spans,
            notes=list(cleaned.notes),
            **meta,
        )

    # --- front matter -----------------------------------------------------------------------
    def _front_matter(self, front: list[Paragraph]) -> tuple[dict, set[int]]:
        title = ""
        date = meeting = speaker = role = None
        own: tuple[str, str, str] | None = None  # a speaker line of its own: (role, " ", name)
        body: set[int] = set()
        # A line worded like a report's title, wherever it stands: a web page puts its menus and
        # breadcrumbs above it ("当前位置：首页>…>关于…的报告日期：…"), the cleaner joins them.
        titled: int | None = None
        titled_text = ""
        for i, p in enumerate(front):
            if p.kind == "speaker" or not (found := find_title(p.text)):
                continue
            # an unfinished line, or one the salutation was joined to ("…的报告各位委员：")
            if (
                not p.finished
                or SALUTATION_RE.match(p.text.split(found, 1)[1])
                or _title_runs_into_body(p.text, found)
            ):
                titled, titled_text = i, found
                break
        for i, p in enumerate(front):
            t = p.text
            if p.kind == "speaker":
                # "吕梁市财政局局长 樊小明"; an office alone ("长沙市财政局") is a role with no name.
                # The first one wins: a web page repeats its header below the menus, run together.
                if own is None:
                    own = t.rpartition(" ") if " " in t else (t, "", "")
                continue
            if i == titled:
                title = titled_text
                if title != t:
                    body.add(i)  # the clutter around it stays searchable
                continue
            if len(t) > MAX_META_CHARS:
                body.add(i)  # too long for a title or date line: body text, kept searchable
                continue
            occasion = (
                t.startswith(tuple(OCCASION_DASHES)) or MEETING_LINE_RE.match(t) or DATE_LINE_RE.match(t)
            )
            if p.meeting or occasion:
                date = find_date(t) or date
                if said := MEETING_SPEAKER_RE.search(t) or SPEAKER_MEETING_RE.search(t):
                    # "…会议上天津市市长张工同志作政府工作报告": a speaker line of its own wins
                    meeting = said.group("meeting").strip()
                    parts = said.groupdict()
                    role = role or squeeze_spaces(parts["role"] or parts["title"])
                    speaker = speaker or squeeze_spaces(parts["name"] or parts["name_first"])
                elif m := MEETING_RE.search(t) or MEETING_ALONE_RE.search(t):
                    meeting = m.group(1).strip()
                continue
            if titled is None and not title and i == 0 and not p.finished:
                title = t
                continue
            if SALUTATION_RE.match(t) and not body:
                continue  # "主任、各位副主任、各位委员：" addresses the audience
            body.add(i)

        if own is None and speaker is None:
            for p in front:
                if said := DELIVERED_BY_RE.search(p.text):
                    role, speaker = squeeze_spaces(said.group("role")), squeeze_spaces(said.group("name"))
                    break
            else:
                speaker = next(filter(None, (_name_alone(p.text) for p in front)), None)
        if own is not None:
            role, _, speaker = own  # a speaker line of its own wins over one read from the meeting line
        # The year the report is delivered in: the date's; without one, the title's latest
        # ("关于2023年计划执行情况与2024年计划草案的报告" is delivered in 2024). A budget or plan
        # for next year is often delivered in December ("2024年12月27日", the 2025 budget): it
        # is that year's report, as if delivered in January.
        title_years = [int(y) for y in YEAR_RE.findall(title)]
        year = int(date[:4]) if date else (max(title_years) if title_years else None)
        if year is not None and title_years and max(title_years) == year + 1:
            year += 1
        period = next((p for p in PERIODS if p in title), None)
        if meeting and (place := PLACE_RE.search(title)):
            name = place.group(1)
            # "在区第三届人大常委会…" names the district by its level only; use its name.
            if meeting[0] in "省市区县州旗" and meeting[0] == name[-1] and not meeting.startswith(name):
                meeting = name + meeting[1:]
        return (
            {
                "title": title,
                "year": year,
                "date": date,
                "meeting": meeting,
                "speaker": speaker or None,
                "role": role or None,
                "period": period,
            },
            body,
        )
