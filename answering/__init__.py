"""Answering: extractive answers with citations, refusal, follow-ups, optional LLM."""
