"""How an Answer is shown: JSON for programs, readable text for a terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from wenbao.documents import Answer, Chunk, Citation


def chunk_citation_dict(n: int, ch: Chunk, score: float) -> dict[str, Any]:
    """The one serialisation of a cited passage (CLI ``--json``, ``/api/ask``, search results)."""
    return {
        "n": n,
        "chunk_id": ch.chunk_id,
        "doc_id": ch.doc_id,
        "doc_title": ch.doc_title,
        "place": ch.place,
        "year": ch.year,
        "covers": ch.covers.to_dict() if ch.covers else None,
        "heading_path": list(ch.heading_path),
        "heading_numbers": list(ch.heading_numbers),
        "text": ch.text,
        "notes": list(ch.notes),
        "start": ch.start,
        "end": ch.end,
        "score": round(float(score), 6),
    }


def citation_to_dict(c: Citation) -> dict[str, Any]:
    return chunk_citation_dict(c.n, c.chunk, c.score)


def answer_to_dict(a: Answer) -> dict[str, Any]:
    return {
        "question": a.question,
        "rewritten_question": a.rewritten_question,
        "answer": a.answer,
        "answerable": a.answerable,
        "citations": [citation_to_dict(c) for c in a.citations],
        "mode": a.mode,
        "verified": a.verified,
        "verify_reason": a.verify_reason,
        "timings_ms": a.timings_ms,
    }


def citation_heading(c: Citation) -> str:
    """ "[1] 关于…的报告 › 一、上半年计划执行情况 › （一）… › 1．主要指标完成良好"."""
    parts = [c.chunk.doc_title or c.chunk.doc_id, *c.chunk.heading_labels]
    return f"[{c.n}] " + " › ".join(p for p in parts if p)


def answer_text(a: Answer, width: int = 60) -> str:
    lines = [a.answer]
    if a.rewritten_question and a.rewritten_question != a.question:
        lines.append(f"（理解为：{a.rewritten_question}）")
    if not a.verified and a.verify_reason:
        lines.append(f"（大模型回答未通过核对，已改用原文摘录：{a.verify_reason}）")
    if a.citations:
        lines.append("")
        lines.append("引用：" if a.answerable else "最接近的段落：")
        for c in a.citations:
            lines.append(citation_heading(c))
            lines.extend(
                textwrap.wrap(c.chunk.text, width=width, initial_indent="    ", subsequent_indent="    ")
            )
            for note in c.chunk.notes:
                lines.extend(
                    textwrap.wrap(note, width=width, initial_indent="    注：", subsequent_indent="    ")
                )
    return "\n".join(lines)
