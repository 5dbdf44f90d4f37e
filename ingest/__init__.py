"""Ingest: read reports (.txt/.docx/.pdf), clean them, parse the heading outline, chunk by it."""
