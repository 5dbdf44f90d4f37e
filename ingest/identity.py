"""Which report a parsed document is: its upload id, its identity key, and whether its text
has the structure a quotable passage needs.

An uploaded file's name is whatever the uploader's disk called it (``报告(1).pdf``,
``gulou-2024-h1.docx``); it says nothing trustworthy about which report it holds. An upload's
id is therefore made from what the content says — place, year, kind and period — so that two
uploads of one report meet at one id (and the second is a conflict, not a silent overwrite),
and two different reports never do. Files ingested from a path keep their file-name ids
(``wenbao ingest seeds/`` → ``gulou-2024-h1``): the operator named those files.
"""

from __future__ import annotations

import hashlib
import re

from wenbao.documents import DocumentMeta
from wenbao.errors import UnstructuredTextError

# Short codes for the report kinds; ``sichuan-2026-gzbg`` is the naming the corpus already uses.
KIND_CODES = {
    "government_work_report": "gzbg",
    "plan_execution_report": "jhbg",
    "budget_report": "ysbg",
}
PERIOD_CODES = {"上半年": "h1", "下半年": "h2", "前三季度": "q3", "全年": "", "年度": ""}
_UNSAFE = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff_-]+")
# Full-width and ASCII sentence ends; a semicolon ends a clause that can be quoted alone.
SENTENCE_END = re.compile(r"[。！？；!?;]|\.(?:\s|$)")


def report_key(meta: DocumentMeta) -> tuple[str, int, str, str] | None:
    """(place, year, kind, period): two documents with the same key are versions of one report.

    None when the content does not say enough to tell (no place or no year, or a kind we
    cannot name), so that such a document is only ever the same as itself."""
    if not meta.place or meta.year is None or meta.kind not in KIND_CODES:
        return None
    return (meta.place, meta.year, meta.kind, meta.period or "")


def upload_doc_id(meta: DocumentMeta, sha256: str) -> str:
    """``南京市鼓楼区-2024-jhbg-h1`` from the content's metadata, else ``doc-<sha256 prefix>``.

    A report of a kind we cannot name gets its title's hash as well, so two different
    "other" reports of one place and year do not meet at one id."""
    key = report_key(meta)
    if key is not None:
        place, year, kind, period = key
        parts = [place, str(year), KIND_CODES[kind], PERIOD_CODES.get(period, "")]
    elif meta.place and meta.year is not None:
        title_hash = hashlib.sha1(meta.title.encode("utf-8")).hexdigest()[:8]
        parts = [meta.place, str(meta.year), title_hash]
    else:
        return f"doc-{sha256[:12]}"
    safe = _UNSAFE.sub("-", "-".join(p for p in parts if p)).strip("-_")
    return re.sub(r"-{2,}", "-", safe)[:80] or f"doc-{sha256[:12]}"


def check_structure(text: str, window_chars: int, max_line_chars: int) -> None:
    """Refuse text that has no sentences to cut passages at and quote.

    A report has sentence ends within its first pages and paragraphs of at most a few
    thousand characters. A text without either (a dump of characters, one line of
    megabytes) would be cut into hundreds of maximum-size shards that crowd real passages
    out of every search; refusing it with a sentence costs the uploader one re-upload,
    a warning nobody reads would cost every later question."""
    head = text[:window_chars]
    if not SENTENCE_END.search(head):
        # one rule at any length: a 27-byte "hello world" is no report either
        where = f"前 {window_chars} 个字" if len(text) > window_chars else ""
        raise UnstructuredTextError(
            f"文件{where}中没有句号、问号或分号，不像是一份报告的正文：请上传带标点和分段的报告文本。"
        )
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > max_line_chars:
        raise UnstructuredTextError(
            f"文件中有一段长达 {longest} 个字、没有分段（最多 {max_line_chars} 个字）："
            "请上传按段落换行的报告文本。"
        )
