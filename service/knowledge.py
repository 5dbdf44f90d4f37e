"""Knowledge bases as the API and the integrations (MCP tools, Dify's external knowledge API,
the OpenAI-compatible models) see them, and the search filters they share.

The bases themselves (ids, folders, libraries) are index/bases.py's; the service resolves a
request's base through ``ServiceRuntime.library(kb)``, which refuses an unknown id with a
sentence naming the bases there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wenbao.documents import DocumentInfo, SearchScope
from wenbao.service.errors import ServiceNotReadyError, UnknownFilterError
from wenbao.service.schemas import KnowledgeBaseOut
from wenbao.settings import DEFAULT_KB, Settings

if TYPE_CHECKING:
    from wenbao.index.bases import KnowledgeBase
    from wenbao.index.library import ReportLibrary
    from wenbao.service.runtime import ServiceRuntime

# The OpenAI-compatible model of the default base; another base `K` is the model `wenbao-K`.
MODEL_ID = "wenbao"


def model_id(kb: str) -> str:
    return MODEL_ID if kb == DEFAULT_KB else f"{MODEL_ID}-{kb}"


def kb_of_model(model: str) -> str:
    """The base a model id selects (the id itself for a name that is no model of ours, so the
    lookup's refusal names it)."""
    if model == MODEL_ID:
        return DEFAULT_KB
    return model.removeprefix(f"{MODEL_ID}-")


def kb_summary(base: KnowledgeBase, library: ReportLibrary | None) -> KnowledgeBaseOut:
    """Counts, places and years of one base (read from one index snapshot); ``library`` None:
    a base with no index yet."""
    infos: list[DocumentInfo] = []
    covered: list[int] = []
    if library is not None:
        with library.consistent_reads():
            infos = library.documents()
            covered = list(library.covered_years())
    return KnowledgeBaseOut(
        id=base.id,
        name=base.name,
        description=base.description,
        created=base.created or None,
        model=model_id(base.id),
        document_count=len(infos),
        chunk_count=sum(i.chunk_count for i in infos),
        places=sorted({i.meta.place for i in infos if i.meta.place}),
        report_years=sorted({i.meta.year for i in infos if i.meta.year is not None}),
        years_covered=covered,
    )


def kb_summaries(runtime: ServiceRuntime, kb: str | None = None) -> list[KnowledgeBaseOut]:
    """Every base, the default first (or only base ``kb``, which must exist). Blocking (it may
    load a base's index): run it off the event loop."""
    out = []
    for base in runtime.bases.bases() if kb is None else [runtime.bases.get(kb)]:
        try:
            library: ReportLibrary | None = runtime.library(base.id)
        except ServiceNotReadyError:
            if not (base.id == DEFAULT_KB and runtime.default_unbuilt):
                raise
            library = None  # the default base before its first report: empty, not an error
        out.append(kb_summary(base, library))
    return out


def place_matches(names: Sequence[str], place: str) -> bool:
    """A report's place names (official name and aliases) match a place as a user writes it:
    equal, or one contains the other (``鼓楼`` ⊂ ``南京市鼓楼区``; ``四川省成都市`` ⊃ ``四川``)."""
    return any(n == place or (len(place) >= 2 and (place in n or n in place)) for n in names if len(n) >= 2)


def docs_for_place(infos: Sequence[DocumentInfo], place: str) -> frozenset[str]:
    """The reports that speak for a place, or a sentence listing the places there are."""
    wanted = place.strip()
    ids = frozenset(i.meta.doc_id for i in infos if place_matches(i.meta.place_names, wanted))
    if not ids:
        places = "、".join(sorted({i.meta.place for i in infos if i.meta.place})) or "（无）"
        raise UnknownFilterError(f"没有地区为“{wanted[:50]}”的报告：已入库报告的地区有 {places}。")
    return ids


def search_scope(library: ReportLibrary, place: str | None, year: int | None) -> SearchScope | None:
    """``place`` → the reports of that place; ``year`` → the passages that speak about that year
    (what the answerer does with a year named in a question). None: search everything."""
    if place is None and year is None:
        return None
    doc_ids = docs_for_place(library.documents(), place) if place is not None else None
    if year is not None:
        covered = library.covered_years()
        if year not in covered:
            spans = "、".join(str(y) for y in covered) or "（无）"
            raise UnknownFilterError(f"没有报告涉及{year}年：已入库报告涉及的年份有 {spans}。")
    return SearchScope(doc_ids=doc_ids, years=frozenset({year}) if year is not None else None)


def best_fused_score(settings: Settings) -> float:
    """The fused score of a passage ranked first by every retriever."""
    return (settings.bm25_weight + settings.dense_weight) / (settings.rrf_k + 1)
