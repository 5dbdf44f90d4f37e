"""What is embedded for a chunk.

A paragraph such as ``上半年，全区技术合同成交额完成88.53亿元…`` does not say which
report or section it belongs to; embedding it *in context* (report title with its
year, then the heading path, then the text) lets a question about a year or a
topic land on it. The format name goes into the manifest: changing it means the
stored vectors no longer match and the index must be rebuilt.
"""

from __future__ import annotations

from wenbao.documents import Chunk

PASSAGE_FORMATS = ("context-v1", "text-v1")
DEFAULT_PASSAGE_FORMAT = "context-v1"


def passage_text(chunk: Chunk, fmt: str = DEFAULT_PASSAGE_FORMAT) -> str:
    if fmt == "text-v1":
        return chunk.text
    if fmt == "context-v1":
        parts = [chunk.doc_title]
        if chunk.heading_path:
            parts.append(" › ".join(chunk.heading_path))
        parts.append(chunk.text)
        parts.extend(chunk.notes)  # a footnote explains a term of this paragraph
        return "\n".join(p for p in parts if p)
    raise ValueError(f"unknown passage format {fmt!r}; one of {PASSAGE_FORMATS}")


def keyword_text(chunk: Chunk) -> str:
    """The BM25 text field of a chunk: its text and its footnotes."""
    return "\n".join((chunk.text, *chunk.notes))


def heading_text(chunk: Chunk) -> str:
    """The BM25 heading field of a chunk."""
    return " ".join(chunk.heading_path)
