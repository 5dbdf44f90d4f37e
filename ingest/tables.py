"""Tables as text: every row becomes one self-contained line the cleaner keeps as a paragraph.

A question about a table ("上半年地区生产总值增长多少") is answered by one row, so a row must
carry what makes it readable on its own: the table's title, its unit and the column headers::

    表1 上半年主要经济指标（单位：亿元、%）：指标：地区生产总值；上半年：1020.53；同比增长：4.4。

Cells are set apart by ``；`` and ``：`` so no two cells' digits can ever run together, and the
line ends with ``。`` so the cleaner never joins it with the next row.

Three sources: a Word table (a grid of cells, :func:`linearise_grid`), a PDF text layer, where a
row arrives as one line of cells separated by spaces (:func:`linearise_text_page`), and a web page
saved as text, where a row is one line of cells separated by TABs (:func:`linearise_tab_rows`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from wenbao.ingest.numbering import match_heading

NUMERIC_CELL_RE = re.compile(r"^[-+−]?\d[\d,，]*(?:[.．]\d+)?\s*[%％‰]?$")
# an empty cell written as a dash or a slash
PLACEHOLDER_CELL_RE = re.compile(r"^(?:[—–\-/／…]{1,3}|－)$")
# "单位：亿元、%", "（单位：万元）"
UNIT_RE = re.compile(r"^[（(]?\s*(单位\s*[:：]\s*[^（）()]+?)\s*[）)]?$")
UNIT_AT_END_RE = re.compile(r"\s*[（(]?\s*(单位\s*[:：]\s*[^（）()]+?)\s*[）)]?\s*$")
# "表1 …", "附表2 …", "表一 …"
TABLE_TITLE_RE = re.compile(r"^附?表\s*[0-9一二三四五六七八九十]+")
# In a PDF text layer any short line could sit above a table; only these endings make one a title.
TITLE_ENDINGS = ("表", "情况", "一览", "统计", "指标")
TITLE_END_PUNCT = "。！？；，：、,;:!?"
SENTENCE_PUNCT = "。，；！？,;!?"

MAX_TITLE_CHARS = 60
MAX_HEADER_ROWS = 3
MAX_HEADER_CELL_CHARS = 20
MAX_ROW_LABEL_CHARS = 40
# A line of text is a table row when it ends in at least this many numeric cells.
MIN_NUMERIC_CELLS = 2
# A table whose last row is this close to the page end may continue on the next page.
MAX_LINES_AFTER_TABLE = 3
# How many lines above a table's header may hold its title and unit.
MAX_CAPTION_LINES = 2


# One number with its thousands set apart by spaces ("21 046", "1 020.53"), within one cell.
THOUSANDS_SPACED_RE = re.compile(r"^[-+−]?\d{1,3}(?: \d{3})+(?:[.．]\d+)?%?$")


def clean_cell(text: str) -> str:
    """One line, single spaces, no trailing sentence punctuation (the row adds its own); a
    cell's number grouped by spaces is one number (cells are known apart here, unlike in text)."""
    text = " ".join(text.split()).rstrip("。；;，,")
    return text.replace(" ", "") if THOUSANDS_SPACED_RE.match(text) else text


def is_numeric(text: str) -> bool:
    return bool(NUMERIC_CELL_RE.match(text))


def unit_of(text: str) -> str | None:
    m = UNIT_RE.match(text.strip())
    return m.group(1) if m and len(text) <= MAX_TITLE_CHARS else None


def split_unit(title: str) -> tuple[str, str]:
    """``表1 主要指标（单位：亿元）`` -> (``表1 主要指标``, ``单位：亿元``)."""
    m = UNIT_AT_END_RE.search(title)
    if m is None or m.start() == 0:
        return title, ""
    return title[: m.start()].rstrip(), m.group(1)


def title_like(text: str, strict: bool) -> bool:
    """A short line naming the table below it. ``strict`` (PDF text, where a wrapped body line
    looks the same) also wants ``表1`` or a title's ending such as ``…情况``."""
    text = text.strip()
    if not text or len(text) > MAX_TITLE_CHARS or text[-1] in TITLE_END_PUNCT:
        return False
    if TABLE_TITLE_RE.match(text):
        return True
    if match_heading(text) is not None:
        return False
    if not strict:
        return True
    title, _ = split_unit(text)
    return title.endswith(TITLE_ENDINGS)


@dataclass
class TableCaption:
    title: str = ""
    unit: str = ""

    def text(self) -> str:
        if self.unit and self.unit not in self.title:
            return f"{self.title}（{self.unit}）"
        return self.title


# A table's unit that every number cell can carry: one unit ("单位：亿元"), never a list of them
# ("单位：亿元、%").
ONE_UNIT_RE = re.compile(r"^单位\s*[:：]\s*((?:万亿|亿|万|千)?元|%|％|万?(?:人|户|吨|亩|个|人次))$")
# A column whose cells are rates or changes, not amounts in the table's unit.
RATE_HEAD_RE = re.compile(r"[%％‰]|率|增长|增幅|增减|下降|同比|比上年|占|百分点|[（(]")


def linearise_row(caption: TableCaption, pairs: list[tuple[str, str]]) -> str:
    """``caption：header：cell；header：cell。`` (empty cells left out). In a table of one unit a
    number cell carries it ("执行数：2.6亿元"): a cell read on its own (a clause of the row) is
    still an amount, printed as the report's sentences print one."""
    cells = []
    one_unit = ONE_UNIT_RE.match(caption.unit)
    for head, value in pairs:
        if not value:
            continue
        if one_unit and is_numeric(value) and not RATE_HEAD_RE.search(head):
            value = f"{value}{one_unit.group(1)}"
        cells.append(f"{head}：{value}" if head and head != value else value)
    if not cells:
        return ""
    body = "；".join(cells) + "。"
    lead = caption.text()
    line = f"{lead}：{body}" if lead else body
    if match_heading(line) is not None:
        # a row must never read as a heading ("1.…" in its first cell): name it a table row
        line = f"表：{line}"
    return line


def take_caption(lines: list[str], strict: bool) -> TableCaption:
    """Pop the title and unit lines just above a table from ``lines`` (in either order)."""
    caption = TableCaption()
    for _ in range(MAX_CAPTION_LINES):
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            break
        last = lines[-1].strip()
        unit = unit_of(last)
        if unit is not None and not caption.unit:
            caption.unit = unit
        elif not caption.title and title_like(last, strict):
            caption.title, unit = split_unit(" ".join(last.split()))
            caption.unit = caption.unit or unit
        else:
            break
        lines.pop()
    return caption


# --- Word tables ----------------------------------------------------------------------------


def is_layout_grid(spans: list[list[bool]]) -> bool:
    """A table used for page layout (one column, or one row): its cells are plain paragraphs.
    ``spans`` has a row per table row, True where a merged cell repeats over a grid column."""
    widths = [sum(1 for repeat in row if not repeat) for row in spans]
    return len(spans) <= 1 or max(widths, default=0) <= 1


def linearise_grid(rows: list[list[str]], spans: list[list[bool]], caption: TableCaption) -> list[str]:
    """The lines of a Word table. ``rows[r][c]`` is the text at grid column ``c`` (a merged cell
    repeats its text over the columns it covers; ``spans[r][c]`` marks those repeats)."""
    grid = [[clean_cell(t) for t in row] for row in rows]
    keep = [k for k, row in enumerate(grid) if any(row)]
    grid = [grid[k] for k in keep]
    spans = [spans[k] for k in keep]
    # caption rows: a first row holding a single cell (merged across the table, or alone)
    while len(grid) > 1:
        texts = [t for t, s in zip(grid[0], spans[0], strict=True) if t and not s]
        if len(texts) != 1 or is_numeric(texts[0]):
            break
        unit = unit_of(texts[0])
        if unit is not None:
            caption.unit = caption.unit or unit
        elif not caption.title:
            caption.title, unit_in_title = split_unit(texts[0])
            caption.unit = caption.unit or unit_in_title
        grid, spans = grid[1:], spans[1:]
    if not grid:
        return []
    n_header = _header_rows(grid)
    width = max(len(r) for r in grid)
    header = [""] * width
    for row in grid[:n_header]:
        for c, text in enumerate(row):
            unit = unit_of(text)
            if unit is not None:
                # "单位：亿元" in a header cell is the table's unit, not a column name
                caption.unit = caption.unit or unit
                continue
            if text and text not in header[c].split("·"):
                header[c] = f"{header[c]}·{text}" if header[c] else text
    sides = _sides(header, grid[n_header:])
    lines = []
    for row, span in zip(grid[n_header:], spans[n_header:], strict=True):
        pairs = [(header[c], text) for c, text in enumerate(row) if not span[c]]
        if sides > 1 and len(pairs) == width:
            # a balance table set side by side (收入 | 执行数 | 支出 | 执行数): each side's item is a
            # row of its own, or an income would read as the figure of the expense beside it
            step = width // sides
            for k in range(0, width, step):
                if line := linearise_row(caption, pairs[k : k + step]):
                    lines.append(line)
            continue
        line = linearise_row(caption, pairs)
        if line:
            lines.append(line)
    return lines


def _sides(header: list[str], body: list[list[str]]) -> int:
    """How many tables stand side by side in one grid: the header repeats its value columns
    ("收入 | 执行数 | 支出 | 执行数") and each side's first column holds words, never numbers."""
    width = len(header)
    for sides in (2, 3):
        if width % sides or width // sides < 2:
            continue
        step = width // sides
        parts = [header[k : k + step] for k in range(0, width, step)]
        if any(p[1:] != parts[0][1:] for p in parts) or len({p[0] for p in parts}) < sides:
            continue
        if all(not is_numeric(row[k]) for row in body for k in range(0, width, step) if k < len(row)):
            return sides
    return 1


def _header_rows(grid: list[list[str]]) -> int:
    """Leading rows without a number are the header (at most MAX_HEADER_ROWS); a table of
    words only has its first row as header. At least one row stays a body row."""
    if len(grid) < 2:
        return 0
    first_numeric = next((k for k, row in enumerate(grid) if any(is_numeric(t) for t in row)), None)
    if first_numeric is None or first_numeric == 0 or first_numeric > MAX_HEADER_ROWS:
        return 0 if first_numeric == 0 else 1
    return first_numeric


# --- TAB-separated rows (a web page's table saved as text) ----------------------------------


def linearise_tab_rows(lines: list[str], mark: str) -> list[str]:
    """Runs of lines whose cells are apart by TABs become the rows of a table, with its header
    row and the caption above it, like a Word table's (each marked with ``mark``). A run is a
    table when it has at least two rows and a number in a row below the first: two lines of
    "label<TAB>label" (a page's metadata) are left as they are."""
    out: list[str] = []
    run: list[list[str]] = []
    raw: list[str] = []

    def flush() -> None:
        body_numbers = any(is_numeric(clean_cell(c)) for row in run[1:] for c in row)
        if len(run) >= 2 and body_numbers:
            width = max(len(r) for r in run)
            rows = [r + [""] * (width - len(r)) for r in run]
            caption = take_caption(out, strict=False)
            out.extend(mark + line for line in linearise_grid(rows, [[False] * width for _ in rows], caption))
        else:
            out.extend(raw)
        run.clear()
        raw.clear()

    for line in lines:
        cells = line.strip("\r\n").split("\t")
        if len(cells) >= 2 and sum(1 for c in cells if c.strip()) >= 2:
            run.append(cells)
            raw.append(line)
            continue
        if run:
            flush()
        out.append(line)
    if run:
        flush()
    return out


# --- PDF text rows --------------------------------------------------------------------------


@dataclass
class TextTable:
    """What a PDF table row needs from the rows above it (also carried across a page break)."""

    caption: TableCaption = field(default_factory=TableCaption)
    label_head: str = ""
    heads: list[str] = field(default_factory=list)
    n_cells: int = 0


def _cell_token(token: str) -> bool:
    return is_numeric(token) or bool(PLACEHOLDER_CELL_RE.match(token))


def parse_text_row(line: str) -> tuple[str, list[str]] | None:
    """``地区生产总值 1020.53 4.4`` -> (``地区生产总值``, [``1020.53``, ``4.4``]); None when the
    line is not a row: a row is a label then at least MIN_NUMERIC_CELLS numeric cells, apart."""
    tokens = line.split()
    k = len(tokens)
    while k > 0 and _cell_token(tokens[k - 1]):
        k -= 1
    cells = tokens[k:]
    if sum(1 for t in cells if is_numeric(t)) < MIN_NUMERIC_CELLS:
        return None
    label = " ".join(tokens[:k])
    if not label or len(label) > MAX_ROW_LABEL_CHARS or any(ch in SENTENCE_PUNCT for ch in label):
        return None
    return label, cells


def _parse_text_header(line: str, n_cells: int) -> tuple[str, list[str]] | None:
    tokens = line.split()
    if len(tokens) not in (n_cells, n_cells + 1) or len(tokens) < 2:
        return None
    for t in tokens:
        if _cell_token(t) or len(t) > MAX_HEADER_CELL_CHARS or any(ch in SENTENCE_PUNCT for ch in t):
            return None
    if len(tokens) == n_cells + 1:
        return tokens[0], tokens[1:]
    return "", tokens


def linearise_text_page(
    lines: list[str], carry: TextTable | None, mark: str = ""
) -> tuple[list[str], TextTable | None]:
    """Rewrite the table rows of one page of PDF text; header, title and unit lines above a
    table are folded into its rows. ``carry`` is a table the previous page ended in; the
    returned table is the one this page ends in (or None). ``mark`` starts each row line."""
    out: list[str] = []
    table: TextTable | None = None
    last_row = -1
    i = 0
    while i < len(lines):
        parsed = parse_text_row(lines[i])
        if parsed is None:
            out.append(lines[i])
            i += 1
            continue
        n_cells = len(parsed[1])
        if table is None or table.n_cells != n_cells or last_row != i - 1:
            table = _open_table(out, n_cells, carry)
        carry = None  # only the first table of a page continues the previous page's
        label, cells = parsed
        pairs = [(table.label_head, label)]
        heads = table.heads if len(table.heads) == n_cells else [""] * n_cells
        pairs.extend(zip(heads, cells, strict=True))
        out.append(mark + linearise_row(table.caption, pairs))
        last_row = i
        i += 1
    ends_in_table = table is not None and last_row >= len(lines) - 1 - MAX_LINES_AFTER_TABLE
    return out, table if ends_in_table else None


def _open_table(out: list[str], n_cells: int, carry: TextTable | None) -> TextTable:
    """A table starts: take its header, title and unit from the lines already written."""
    table = TextTable(n_cells=n_cells)
    while out and not out[-1].strip():
        out.pop()
    header = _parse_text_header(out[-1], n_cells) if out else None
    if header is not None:
        out.pop()
        table.label_head, table.heads = header
    table.caption = take_caption(out, strict=True)
    if carry is not None and carry.n_cells == n_cells and not any(ln.strip() for ln in out):
        # rows at the top of a page, continuing the table the previous page ended in
        if header is None:
            table.label_head, table.heads = carry.label_head, carry.heads
        if not table.caption.title and not table.caption.unit:
            table.caption = carry.caption
    return table


# --- one cell a line, closed by "|" (a web page's table saved as text) ----------------------

# "税收收入 |", "95810 |", " |" (an empty cell)
CELL_LINE_RE = re.compile(r"^\s*([^|｜]*?)\s*[|｜]\s*$")
CELL_LINE_END_RE = re.compile(r"[|｜][ \t]*$", re.MULTILINE)
# A run of cell lines is a table when it has this many cells, numbers among them.
MIN_CELL_LINES = 6
# The rows of a fixed width must agree with the first row on which cells hold numbers.
MIN_ROW_AGREEMENT = 0.8


def _value_cell(text: str) -> bool:
    return not text or _cell_token(text)


def _rows_of_cells(cells: list[str], fixed_width: bool = False) -> list[list[str]] | None:
    """Cells in reading order → header row and body rows, or None when they hold no table.

    The header is the cells before the first row's label (the last text cell before the first
    number): ``项目 | 预算数 | 执行数 | 税收收入 | 120 | 118 |…`` is three wide. When the rows
    do not keep that width, a row starts at each text cell that follows a number, unless
    ``fixed_width`` (cells with no mark of a table: only rows of one width make one)."""
    first = next((k for k, c in enumerate(cells) if c and _cell_token(c)), None)
    if first is None or first < 1 or sum(1 for c in cells if is_numeric(c)) < MIN_NUMERIC_CELLS:
        return None
    width = first - 1
    body = cells[width:]
    if width >= 2 and len(body) % width == 0:
        rows = [body[k : k + width] for k in range(0, len(body), width)]
        mask = [_value_cell(c) for c in rows[0]]
        agree = sum(1 for r in rows if [_value_cell(c) for c in r] == mask)
        if agree >= MIN_ROW_AGREEMENT * len(rows):
            return [cells[:width], *rows]
    if fixed_width:
        return None
    rows = []
    for k, c in enumerate(cells):
        if not rows or (not _value_cell(c) and k > 0 and _value_cell(cells[k - 1])):
            rows.append([])
        rows[-1].append(c)
    return rows


def _emit_rows(rows: list[list[str]], out: list[str], mark: str, strict: bool) -> None:
    """Append a table read from cells to ``out``: its rows (each marked with ``mark``), with the
    caption taken from the lines above it (``strict`` as :func:`take_caption`'s)."""
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    caption = take_caption(out, strict=strict)
    out.extend(mark + line for line in linearise_grid(grid, [[False] * width for _ in grid], caption))


def linearise_cell_lines(lines: list[str], mark: str) -> list[str]:
    """Runs of lines that each hold one cell closed by ``|`` become the rows of a table (each
    marked with ``mark``), with the caption above it: kept as cell lines, the cleaner would run
    them and the sentence after them into one paragraph of numbers. A line holding several
    cells (``税收收入 | 120 | 118 |``) becomes a TAB-separated row for :func:`linearise_tab_rows`."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        cells = [clean_cell(CELL_LINE_RE.match(line).group(1)) for line in run]  # type: ignore[union-attr]
        # the table's title or unit written as a cell of its own above the header
        while cells and (unit_of(cells[0]) is not None or TABLE_TITLE_RE.match(cells[0])):
            out.append(cells.pop(0))
        rows = _rows_of_cells(cells) if len(cells) >= MIN_CELL_LINES else None
        if rows is None:
            out.extend(run)
        else:
            _emit_rows(rows, out, mark, strict=False)
        run.clear()

    for line in lines:
        if CELL_LINE_RE.match(line):
            run.append(line)
            continue
        if run:
            flush()
        parts = re.split(r"\s*[|｜]\s*", line.strip())
        if len(parts) > 2 and not parts[-1]:
            # several cells closed by "|" on one line: a row, TAB-separated for linearise_tab_rows
            out.append("\t".join(parts[:-1]))
            continue
        out.append(line)
    if run:
        flush()
    return out


# --- one cell a paragraph, no marks (a web page's table saved as text, blank lines between) ---

# A line that can be a cell: short, no sentence inside or at its end ("一、本级收入", "147.7",
# "单位：亿元"); a sentence or a long line ends a run of cells.
BARE_CELL_RE = re.compile(rf"^[^。；！？;!?]{{1,{MAX_ROW_LABEL_CHARS}}}$")
# A run of bare cell lines is a table only with this many number cells, making at least this
# share of its cells: headings and short lines of a report hold few bare numbers.
MIN_BARE_NUMERIC_CELLS = 4
MIN_BARE_NUMERIC_SHARE = 0.25


def linearise_paragraph_cells(lines: list[str], mark: str) -> list[str]:
    """Runs of short lines that each hold one cell, blank lines or none between them, become
    the rows of a table (each marked with ``mark``) with the caption above it. A web page saved
    as text prints its table so ("收入", "执行数", …, "一、本级收入", "36.8", …): left as lines,
    the cleaner would run the cells into one paragraph of numbers and read a cell such as
    "二、转移性支出" as a heading. Only rows of one width, the header's, make a table here."""
    out: list[str] = []

    def flush(run: list[str]) -> None:
        """``run``: the lines as written, blank ones included."""
        cells = [clean_cell(line) for line in run if line.strip()]
        caption: list[str] = []
        # the table's title and unit as cells of their own above the header
        while cells and not is_numeric(cells[0]) and (unit_of(cells[0]) or title_like(cells[0], True)):
            caption.append(cells.pop(0))
        numbers = sum(1 for c in cells if is_numeric(c))
        rows = None
        if len(cells) >= MIN_CELL_LINES and numbers >= max(
            MIN_BARE_NUMERIC_CELLS, MIN_BARE_NUMERIC_SHARE * len(cells)
        ):
            rows = _rows_of_cells(cells, fixed_width=True)
        if rows is None:
            out.extend(run)
        else:
            out.extend(caption)
            _emit_rows(rows, out, mark, strict=True)

    def cell_or_blank(line: str) -> bool:
        return not line.strip() or bool(BARE_CELL_RE.match(line.strip()))

    for cellular, group in itertools.groupby(lines, key=cell_or_blank):
        if cellular:
            flush(list(group))
        else:
            out.extend(group)
    return out
