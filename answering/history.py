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
