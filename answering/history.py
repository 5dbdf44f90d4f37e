"""Conversation history passed to the answerer (what the user asked before)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    """One message of a conversation: ``role`` is "user" or "assistant"."""

    role: str
    content: str


def user_questions(history: Sequence[Turn]) -> list[str]:
    """The user's earlier questions, oldest first (assistant turns carry no topic)."""
    return [t.content for t in history if t.role == "user" and t.content.strip()]


def read_part(text: str, limit: int) -> str:
    """The part of a question the answerer reads: all of an ordinary one, `limit` characters of
    a longer one, so that no question costs more than a bounded amount. A long question often
    names its place and year first and asks at its end ("四川2025年…，请问…是多少？"): a third of
    the limit is read from its start and the rest from its end."""
    if len(text) <= limit:
        return text
    head = limit // 3
    return f"{text[:head]}，{text[len(text) - (limit - head - 1) :]}"


def read_history(history: Sequence[Turn], turns: int, chars: int) -> list[Turn]:
    """The part of a conversation the answerer reads: the last `turns` questions of the user
    (the rewriter reads nothing else), each read as `read_part` reads a question."""
    if turns <= 0:
        return []
    asked = [t for t in history if t.role == "user" and t.content.strip()][-turns:]
    return [Turn(role=t.role, content=read_part(t.content.strip(), chars)) for t in asked]
