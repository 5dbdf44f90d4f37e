"""LangChain adapter: wenbao's retrieval as a ``BaseRetriever``.

An existing LangChain app can put ``WenbaoRetriever(library=...)`` into its own
chain (``retriever | format_docs | prompt | llm``) and get wenbao's year-aware
hybrid search, with each chunk's citation data in ``Document.metadata``.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from wenbao.documents import Hit
from wenbao.index.library import ReportLibrary


def hit_to_document(hit: Hit, rank: int) -> Document:
    c = hit.chunk
    return Document(
        page_content=c.text,
        id=c.chunk_id,
        metadata={
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "doc_title": c.doc_title,
            "year": c.year,
            "heading_path": list(c.heading_path),
            "heading_numbers": list(c.heading_numbers),
            "heading_labels": c.heading_labels,
            "start": c.start,
            "end": c.end,
            "notes": list(c.notes),
            "score": hit.score,
            "ranks": dict(hit.ranks),
            "rank": rank,
        },
    )


class WenbaoRetriever(BaseRetriever):
    """Retrieve report chunks for a question. ``year``/``doc_id`` restrict the search;
    ``mode`` is "hybrid" (default), "bm25" or "dense"."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    library: ReportLibrary
    top_k: int = 5
    year: int | None = None
    doc_id: str | None = None
    mode: str = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        hits = self.library.search(
            query,
            top_k=int(kwargs.get("top_k", self.top_k)),
            year=kwargs.get("year", self.year),
            doc_id=kwargs.get("doc_id", self.doc_id),
            mode=str(kwargs.get("mode", self.mode)),
        )
        return [hit_to_document(h, n) for n, h in enumerate(hits, start=1)]
