"""Prompt templates are files beside this module, loaded with LangChain's prompt classes."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from langchain_core.prompts import ChatPromptTemplate


@lru_cache(maxsize=16)
def load_text(name: str) -> str:
    """The text of a template file in this package (e.g. "answer_system.txt")."""
    return resources.files("wenbao.prompts").joinpath(name).read_text(encoding="utf-8")


def answer_prompt() -> ChatPromptTemplate:
    """System rules + the numbered passages and the question (variables: passages, question)."""
    return ChatPromptTemplate.from_messages(
        [
            ("system", load_text("answer_system.txt")),
            ("human", load_text("answer_user.txt")),
        ]
    )
