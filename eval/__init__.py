"""Offline evaluation against gold Q&A pairs."""
