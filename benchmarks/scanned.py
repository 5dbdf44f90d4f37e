"""Scanned copies of a report's text, for the OCR tests and ``ocr_bench``: the text set on A4
page images the way a printed report is (a CJK font from fonts-noto-cjk, a first line indented
by two characters, lines wrapped at the margin, a centred title, a page number under each
page), made into a PDF whose pages are those images; pages may be left as text.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

A4_INCHES = (8.27, 11.69)
MARGIN_X_IN, MARGIN_Y_IN = 1.1, 1.2
LINE_SPACING = 1.75
# Marks a printed line never starts with (they hang at the end of the line before).
NO_LINE_START = "，。、；：？！”’）》」』%"


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """A Simplified Chinese font of fonts-noto-cjk (fontconfig finds it)."""
    out = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Serif CJK SC:lang=zh-cn"], capture_output=True, text=True
    )
    path = out.stdout.strip()
    if out.returncode != 0 or "CJK" not in path:
        raise RuntimeError("没有找到 CJK 字体（fonts-noto-cjk）：apt-get install fonts-noto-cjk")
    return path


@dataclass
class ScannedPage:
    image: Any  # PIL image, greyscale
    lines: list[str]  # the text lines set on it (page number last)


def _font(size_px: int) -> Any:
    from PIL import ImageFont

    path = cjk_font_path()
    # a .ttc holds the JP, KR, SC, TC, HK faces: the SC one by name
    for index in range(10):
        try:
            font = ImageFont.truetype(path, size_px, index=index)
        except OSError:
            break
        if "SC" in " ".join(str(n) for n in font.getname()):
            return font
    return ImageFont.truetype(path, size_px)


def render_pages(
    paragraphs: list[str], centred: int = 0, dpi: int = 150, font_pt: float = 16.0
) -> list[ScannedPage]:
    """``paragraphs`` set on A4 page images; the first ``centred`` ones centred (a title)."""
    from PIL import Image, ImageDraw

    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    size = int(font_pt * dpi / 72)
    font = _font(size)
    left, top = int(MARGIN_X_IN * dpi), int(MARGIN_Y_IN * dpi)
    measure = width - 2 * left
    pitch = int(size * LINE_SPACING)
    lines: list[tuple[str, float]] = []  # text, x
    for k, para in enumerate(paragraphs):
        text, indent = para, (0 if k < centred else 2 * size)
        while text:
            n = 1
            while n < len(text) and font.getlength(text[: n + 1]) <= measure - indent:
                n += 1
            while n < len(text) and text[n] in NO_LINE_START:  # hung in the margin, as printed
                n += 1
            x = left + (measure - font.getlength(text[:n])) / 2 if k < centred else left + indent
            lines.append((text[:n], x))
            text, indent = text[n:], 0
    per_page = (height - 2 * top) // pitch
    pages: list[ScannedPage] = []
    for start in range(0, len(lines), per_page):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        chunk = lines[start : start + per_page]
        for row, (text, x) in enumerate(chunk):
            draw.text((x, top + row * pitch), text, font=font, fill=0)
        number = f"— {len(pages) + 1} —"
        draw.text(((width - font.getlength(number)) / 2, height - top + pitch), number, font=font, fill=0)
        pages.append(ScannedPage(image, [t for t, _ in chunk] + [number]))
    return pages


def scanned_pdf(pages: list[ScannedPage], text_pages: frozenset[int] = frozenset(), dpi: int = 150) -> bytes:
    """A PDF of the page images; the pages in ``text_pages`` (from 0) are set as text instead
    (reportlab's built-in CID font), with their page number, as a text PDF's page is."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    page_w, page_h = A4
    for k, page in enumerate(pages):
        if k in text_pages:
            c.setFont("STSong-Light", 14)
            y = page_h - MARGIN_Y_IN * 72
            for line in page.lines[:-1]:
                c.drawString(MARGIN_X_IN * 72, y, line)
                y -= 14 * LINE_SPACING
            c.drawCentredString(page_w / 2, 40, page.lines[-1])
        else:
            png = io.BytesIO()
            page.image.save(png, "PNG")
            png.seek(0)
            c.drawImage(ImageReader(png), 0, 0, page_w, page_h)
        c.showPage()
    c.save()
    return buf.getvalue()
