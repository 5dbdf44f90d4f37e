"""HierarchyChunker: body blocks -> chunks, one per paragraph, never crossing a heading.

A paragraph longer than ``max_chars`` is split at sentence ends (。；！？), packing whole
sentences up to the limit; every piece keeps the heading path. Chunks carry exact offsets
into the document text, so ``doc.text[c.start:c.end] == c.text``.
"""

from __future__ import annotations

import bisect
import hashlib
import re

from wenbao.documents import Chunk
from wenbao.ingest.outline import BodyBlock, ReportOutline

# A sentence ends at 。；！？ plus any closing quotes/brackets right after it.
_SENTENCE_END_RE = re.compile(r"[。；！？!?;][”’」』）)】]*")
_CLAUSE_END_RE = re.compile(r"[，、,：:][”’」』）)】]*")


def _cut_points(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text) if m.end() < len(text)]


# A sentence this short (``强化项目建设。``) names the topic of the sentences after it.
TOPIC_SENTENCE_CHARS = 12


def _topic_penalty(text: str, cut: int, cuts: list[int]) -> float:
    """Avoid cutting right after a topic sentence: it belongs with what follows."""
    k = bisect.bisect_left(cuts, cut)
    before = cuts[k - 1] if k > 0 else 0
    return len(text) if cut - before <= TOPIC_SENTENCE_CHARS else 0.0


def split_long(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` covering ``text`` exactly, each at most ``max_chars`` long.

    Cuts fall at sentence ends (then clause ends; a hard cut only as a last resort), chosen so
    the pieces come out about equally long: a greedy split would leave short tails that carry a
    sub-topic's name without its content (``…。强化项目建设。`` | ``围绕…``).
    """
    n = len(text)
    if n <= max_chars:
        return [(0, n)]
    sentence_cuts = _cut_points(text, _SENTENCE_END_RE)
    clause_cuts = _cut_points(text, _CLAUSE_END_RE)
    spans: list[tuple[int, int]] = []
    start = 0
    while n - start > max_chars:
        pieces_left = -(-(n - start) // max_chars)
        target = start + (n - start) / pieces_left
        limit = start + max_chars
        cut = None
        for cuts in (sentence_cuts, clause_cuts):
            # cut points in (start, limit], found by bisection: linear overall even for huge text
            options = cuts[bisect.bisect_right(cuts, start) : bisect.bisect_right(cuts, limit)]
            if options:
                cut = min(options, key=lambda c, cuts=cuts: abs(c - target) + _topic_penalty(text, c, cuts))  # type: ignore[misc]
                break
        if cut is None:
            cut = limit
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


class HierarchyChunker:
    def __init__(self, max_chars: int = 300) -> None:
        if max_chars < 1:
            raise ValueError("max_chars must be positive")
        self.max_chars = max_chars

    def chunk(self, outline: ReportOutline, doc_id: str, doc_title: str, year: int | None) -> list[Chunk]:
        chunks: list[Chunk] = []
        seen: dict[str, int] = {}
        for block in outline.blocks:
            pieces = self._pieces(outline.text, block)
            # a footnote goes to the piece holding the text its marker follows
            owner: dict[int, list[str]] = {}
            for pos, note in block.anchors:
                k = next((j for j, (_, e) in enumerate(pieces) if pos <= e), len(pieces) - 1)
                owner.setdefault(k, []).append(outline.notes[note])
            for k, (start, end) in enumerate(pieces):
                text = outline.text[start:end]
                notes = tuple(owner.get(k, ()))
                key = "\x1f".join((doc_id, "/".join(block.numbers), text))
                occurrence = seen.get(key, 0)
                seen[key] = occurrence + 1
                digest = hashlib.sha1(f"{key}\x1f{occurrence}".encode()).hexdigest()[:16]
                chunks.append(
                    Chunk(
                        chunk_id=f"{doc_id}:{digest}",
                        doc_id=doc_id,
                        doc_title=doc_title,
                        year=year,
                        heading_path=block.path,
                        heading_numbers=block.numbers,
                        text=text,
                        start=start,
                        end=end,
                        notes=notes,
                    )
                )
        return chunks

    def _pieces(self, text: str, block: BodyBlock) -> list[tuple[int, int]]:
        body = text[block.start : block.end]
        # trim whitespace at the edges so chunk text never starts or ends with a space
        lead = len(body) - len(body.lstrip())
        trail = len(body) - len(body.rstrip())
        start, end = block.start + lead, block.end - trail
        if end <= start:
            return []
        pieces: list[tuple[int, int]] = []
        for a, b in split_long(text[start:end], self.max_chars):
            piece = text[start + a : start + b]
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            if b > a:
                pieces.append((start + a, start + b))
        return pieces
