"""Make the front matter of a report retrievable.

The chunker turns body paragraphs into chunks; the lines before the body (title,
``——2024年8月29日在…会议上``, ``区发展和改革委员会主任 倪娅红``, the salutation)
become document metadata only. Residents still ask ``报告是谁作的？`` and the answer
must cite the line that says it, so the index adds that span of the cleaned text
as one chunk with an empty heading path. When a chunker already covers the front
matter, nothing is added.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from wenbao.documents import Chunk, ParsedDocument

FRONT_SUFFIX = "front"


def front_matter_span(doc: ParsedDocument) -> tuple[int, int] | None:
    first = min((c.start for c in doc.chunks), default=len(doc.text))
    head = doc.text[:first]
    if not head.strip():
        return None
    start = len(head) - len(head.lstrip())
    end = len(head.rstrip())
    return start, end


def with_front_matter(doc: ParsedDocument) -> ParsedDocument:
    span = front_matter_span(doc)
    if span is None:
        return doc
    start, end = span
    text = doc.text[start:end]
    digest = hashlib.sha1(f"{doc.meta.doc_id}\x1f{FRONT_SUFFIX}\x1f{text}".encode()).hexdigest()[:16]
    front = Chunk(
        chunk_id=f"{doc.meta.doc_id}:{digest}",
        doc_id=doc.meta.doc_id,
        doc_title=doc.meta.title,
        year=doc.meta.year,
        heading_path=(),
        heading_numbers=(),
        text=text,
        start=start,
        end=end,
        place=doc.meta.place,
    )
    return replace(doc, chunks=[front, *doc.chunks])


def is_front_matter(chunk: Chunk, first_headed_start: int) -> bool:
    """Front matter: no heading, before the first headed chunk (not the closing lines)."""
    return not chunk.heading_path and chunk.start < first_headed_start
