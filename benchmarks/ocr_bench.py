"""What OCR of a scanned report costs and how well it reads (``make bench``;
``python -m wenbao.benchmarks.ocr_bench``).

Pages of a real report's text are set on A4 page images (``benchmarks/scanned.py``: a
fonts-noto-cjk font at 16 pt, the size of a printed government report, rendered at the
``ocr_dpi`` setting), once clean and once degraded like a poor scan (tilted, blurred, grey,
noisy, JPEG). Each bundled model reads them: seconds a page (after the model is loaded, whose
time is given apart) and character accuracy (1 − edit distance / characters, over the page's
text without spaces and page number). Then a whole scanned PDF is parsed the way an upload is.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenbao.benchmarks.scanned import ScannedPage, render_pages, scanned_pdf
from wenbao.ingest import ocr
from wenbao.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "eval" / "corpus" / "guangdong-2026-gzbg.txt"
MODELS = ("ppocrv5", "ppocrv6-small", "ppocrv6-tiny")


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _compact(text: str) -> str:
    return "".join(text.split())


def degrade(image: Any, seed: int) -> Any:
    """A poor scan of ``image``: tilted half a degree, blurred, grey paper, noise, JPEG."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    tilted = image.rotate(0.5, resample=Image.Resampling.BICUBIC, fillcolor=255).filter(
        ImageFilter.GaussianBlur(0.8)
    )
    grey = np.asarray(tilted, dtype=np.float32) * 0.85 + 25 + rng.normal(0, 12, tilted.size[::-1])
    buf = io.BytesIO()
    Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=50)
    buf.seek(0)
    return Image.open(buf).convert("L")


@dataclass
class ModelRun:
    first_s: float  # loading the model and reading the first page
    wall_s: float  # a page, after
    cpu_s: float  # CPU seconds a page (all threads of this process): steadier on a shared box
    accuracy: float


def read_pages(pages: list[ScannedPage], model: str, degraded: bool) -> ModelRun:
    images = [degrade(p.image, k) if degraded else p.image for k, p in enumerate(pages)]
    t0 = time.perf_counter()
    ocr.read_image(images[0], model)
    first = time.perf_counter() - t0
    errors = chars = 0
    wall = cpu = 0.0
    for page, image in zip(pages, images, strict=True):
        t0, c0 = time.perf_counter(), time.process_time()
        got = ocr.read_image(image, model).text.split("\n")
        wall, cpu = wall + time.perf_counter() - t0, cpu + time.process_time() - c0
        got = [line for line in got if not line.startswith("— ")]  # the page number
        want = _compact("".join(page.lines[:-1]))
        errors += edit_distance(want, _compact("".join(got)))
        chars += len(want)
    return ModelRun(first, wall / len(pages), cpu / len(pages), 1 - errors / chars)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=4, help="Pages of the report to read.")
    parser.add_argument("--models", default=",".join(MODELS), help="Comma-separated models to compare.")
    args = parser.parse_args(argv)
    settings = get_settings()
    paragraphs = [line.strip() for line in REPORT.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = render_pages(paragraphs[1:], dpi=settings.ocr_dpi)[: args.pages]
    print(f"{len(pages)} A4 pages of {REPORT.name} at {settings.ocr_dpi} dpi, 16 pt")
    print()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print()
    print("| model | pages | load + first page | s/page | CPU s/page | char accuracy |")
    print("|---|---|---|---|---|---|")
    for model in args.models.split(","):
        for degraded in (False, True):
            run = read_pages(pages, model, degraded)
            label = f"{model}{', poor scan' if degraded else ''}"
            print(
                f"| {label} | {len(pages)} | {run.first_s:.2f} s | {run.wall_s:.2f} | {run.cpu_s:.2f} "
                f"| {run.accuracy:.2%} |"
            )
    # the whole path of an upload: a scanned PDF parsed with the configured model (loaded above)
    from wenbao.ingest.pipeline import parse_bytes

    data = scanned_pdf(pages, dpi=settings.ocr_dpi)
    t0 = time.perf_counter()
    doc = parse_bytes(data, "scanned.pdf")
    seconds = time.perf_counter() - t0
    print()
    print(
        f"parse of a {len(pages)}-page scanned PDF ({settings.ocr_model}): {seconds:.1f} s = "
        f"{seconds / len(pages):.2f} s/page, {len(doc.chunks)} passages, {len(doc.meta.warnings)} warnings"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
