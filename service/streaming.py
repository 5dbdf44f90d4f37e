"""Turning a finished answer into a stream: pieces of text, SSE frames, OpenAI chunks.

The extractive answer is computed in milliseconds, so the service streams by cutting
the finished text; citation markers like `[12]` are never cut in half.
"""

from __future__ import annotations

import json
import re

from pydantic import BaseModel

from wenbao.service.schemas import AskResponse

_MARKER_OR_TEXT = re.compile(r"\[\d+\]|[^\[]+|\[")
_CLAUSE = re.compile(r"[^，。；：、！？,;:!?\n]*[，。；：、！？,;:!?\n]?")


def answer_pieces(text: str, max_chars: int = 8) -> list[str]:
    """Split an answer into short pieces whose concatenation is the answer.

    Breaks after punctuation first, then every `max_chars` characters; a marker `[n]`
    is always one whole piece.
    """
    pieces: list[str] = []
    for token in _MARKER_OR_TEXT.findall(text):
        if re.fullmatch(r"\[\d+\]", token):
            pieces.append(token)
            continue
        for clause in _CLAUSE.findall(token):
            pieces.extend(clause[i : i + max_chars] for i in range(0, len(clause), max_chars))
    return [p for p in pieces if p]


def sse_event(event: str, data: BaseModel | dict[str, object] | str) -> str:
    """One Server-Sent Event frame; `data` is JSON on a single line."""
    if isinstance(data, BaseModel):
        payload = data.model_dump_json()
    elif isinstance(data, str):
        payload = data
    else:
        payload = json.dumps(data, ensure_ascii=False)
    return f"event: {event}\ndata: {payload}\n\n"


_MARKER = re.compile(r"\[(\d+)\]")


def references_block(response: AskResponse) -> str:
    """`参考：` and a Markdown list, one item `[n] report title › heading path` per passage the
    answer cites (chat clients render it as a list); nothing under a refusal."""
    if not response.answerable:
        return ""
    cited = {int(n) for n in _MARKER.findall(response.answer)}
    items = [c for c in response.citations if c.n in cited]
    if not items:
        return ""
    lines = [f"- [{c.n}] {' › '.join([c.doc_title, *c.heading_labels()])}" for c in items]
    return "\n\n参考：\n\n" + "\n".join(lines)


def strip_references(text: str) -> str:
    """Earlier assistant turns come back from chat clients with the references appended."""
    head, sep, _ = text.partition("\n\n参考：")
    return head if sep else text
