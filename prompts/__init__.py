"""Prompt templates for the optional LLM answerer."""
