"""The HTTP service (FastAPI) and the chat widget."""
