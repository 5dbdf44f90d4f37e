"""LangChain adapter: wenbao's retrieval as a ``BaseRetriever``.

An existing LangChain app can put ``WenbaoRetriever(kb="default")`` (or
``WenbaoRetriever(library=...)``) into its own chain (``retriever | format_docs | prompt | llm``)
and get wenbao's year-aware hybrid search, with each passage's citation data in
``Document.metadata``: the same fields as a citation of ``/api/ask`` (chunk_id, doc_id,
doc_title, place, year, covers, heading_path…) plus the report's kind and the knowledge base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, model_validator

from wenbao.answering.display import chunk_citation_dict
from wenbao.documents import Hit, SearchScope
from wenbao.index.bases import KnowledgeBaseRegistry
from wenbao.index.library import ReportLibrary
from wenbao.settings import get_settings


def hit_to_document(hit: Hit, rank: int, kinds: dict[str, str] | None = None, kb: str = "") -> Document:
    c = hit.chunk
    citation = chunk_citation_dict(rank, c, hit.score)
    del citation["n"], citation["text"]  # the rank says the one, page_content the other
    return Document(
        page_content=c.text,
        id=c.chunk_id,
        metadata={
            **citation,
            "kind": (kinds or {}).get(c.doc_id, "other"),
            "kb": kb,
            "heading_labels": c.heading_labels,
            "ranks": dict(hit.ranks),
            "rank": rank,
        },
    )


class WenbaoRetriever(BaseRetriever):
    """Retrieve report passages for a question.

    The reports: ``library``, or knowledge base ``kb`` (default: "default") of the data dir
    ``data_dir`` (default: ``WENBAO_DATA_DIR``). ``year`` (passages speaking about that year),
    ``doc_id`` (one report) and ``place`` (the reports of a place, full or short name) restrict
    the search, as fields or per call (``invoke(q, year=2024)``); ``mode`` is "hybrid" (default),
    "bm25" or "dense"."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    library: ReportLibrary | None = None
    kb: str | None = None
    data_dir: Path | None = None
    top_k: int = 5
    year: int | None = None
    doc_id: str | None = None
    place: str | None = None
    mode: str = "hybrid"

    @model_validator(mode="after")
    def _open_library(self) -> WenbaoRetriever:
        if self.library is None:
            settings = get_settings()
            if self.data_dir is not None:
                settings = settings.model_copy(update={"data_dir": Path(self.data_dir)})
            self.library = KnowledgeBaseRegistry(settings).library(self.kb)
        elif self.kb is not None and self.kb != self.library.settings.kb:
            raise ValueError(f"library 属于知识库 {self.library.settings.kb}，而不是 kb={self.kb}。")
        self.kb = self.library.settings.kb
        return self

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        from wenbao.service.knowledge import docs_for_place  # the same place matching as the API

        library = self.library
        assert library is not None  # set by _open_library
        infos = library.documents()
        place = kwargs.get("place", self.place)
        year = kwargs.get("year", self.year)
        doc_id = kwargs.get("doc_id", self.doc_id)
        scope = None
        if place is not None:
            ids = docs_for_place(infos, str(place))
            scope = SearchScope(
                doc_ids=ids if doc_id is None else ids & {doc_id},
                years=frozenset({int(year)}) if year is not None else None,
            )
        hits = library.search(
            query,
            top_k=int(kwargs.get("top_k", self.top_k)),
            year=year,
            doc_id=doc_id,
            mode=str(kwargs.get("mode", self.mode)),
            scope=scope,
        )
        kinds = {i.meta.doc_id: i.meta.kind for i in infos}
        return [hit_to_document(h, n, kinds, library.settings.kb) for n, h in enumerate(hits, start=1)]
