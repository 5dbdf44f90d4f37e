"""An upload's scanned pages read by OCR in a child process at a lower CPU priority.

OCR is seconds of both cores a page. In the server's process it would compete with questions
on equal terms; in a niced child the kernel serves a question's threads first, and when none
is asked the child uses all the cores (see index/embed_process.py, which does the same for
embedding). The child is started for one upload and ends with it: the models (a few hundred
MB) are not held between uploads.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from wenbao.errors import IngestError
from wenbao.index.embed_process import exit_with_parent
from wenbao.ingest.ocr import OcrOptions, OcrPage, PageProgress, open_pdf, read_pdf_page

_child_pdf: Any = None


def _start_child(data: bytes, nice: int) -> None:
    global _child_pdf
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if nice:
        os.nice(nice)
    _child_pdf = open_pdf(data)


def _child_page(index: int, options: OcrOptions) -> OcrPage:
    return read_pdf_page(_child_pdf, index, options)


def read_pages_in_child(
    data: bytes, pages: list[int], options: OcrOptions, nice: int, progress: PageProgress
) -> dict[int, OcrPage]:
    """OCR of ``pages`` (indices from 0) of the PDF ``data``, one page at a time so ``progress``
    moves with each (pages done, pages to read)."""
    read: dict[int, OcrPage] = {}
    # spawn, not fork: the parent holds threads (uvicorn, the question workers)
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(1, mp_context=ctx, initializer=_start_child, initargs=(data, nice)) as pool:
            for n, index in enumerate(pages):
                progress(n, len(pages))
                read[index] = pool.submit(_child_page, index, options).result()
    except BrokenProcessPool as exc:
        raise IngestError("文字识别进程意外退出，本次导入未完成，原有索引保持不变；请重新上传。") from exc
    progress(len(pages), len(pages))
    return read
