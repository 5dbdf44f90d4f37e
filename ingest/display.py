"""Plain-text views of a parsed report for the command line."""

from __future__ import annotations

from wenbao.documents import Chunk, ParsedDocument, Section


def outline_text(doc: ParsedDocument) -> str:
    """The metadata, then the heading tree indented by level."""
    m = doc.meta
    lines = [m.title]
    facts = [m.date, m.meeting, " ".join(x for x in (m.role, m.speaker) if x)]
    lines.append(" · ".join(f for f in facts if f))

    def walk(sections: list[Section], depth: int) -> None:
        for s in sections:
            lines.append("  " * depth + s.number + s.title)
            walk(s.children, depth + 1)

    walk(doc.sections, 0)
    return "\n".join(line for line in lines if line)


def chunk_text(n: int, chunk: Chunk) -> str:
    """One chunk: its number, heading path and offsets, then its text (and footnotes)."""
    path = " › ".join(chunk.heading_labels) or "（正文前）"
    out = [f"[{n}] {path}  ({chunk.start}–{chunk.end}, {len(chunk.text)} 字)", f"    {chunk.text}"]
    out.extend(f"    注：{note}" for note in chunk.notes)
    return "\n".join(out)
