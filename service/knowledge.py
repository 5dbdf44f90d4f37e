"""Knowledge bases as the integrations (MCP tools, Dify's external knowledge API) see them,
and the search filters they share.

Today there is one base, ``default``: every stored report. Both integrations already take a
base id (MCP ``kb``, Dify ``knowledge_id``) and resolve it here, so more bases only change
this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wenbao.documents import DocumentInfo, SearchScope
from wenbao.service.errors import KnowledgeBaseNotFoundError, UnknownFilterError
from wenbao.service.schemas import KnowledgeBaseOut
from wenbao.settings import Settings

if TYPE_CHECKING:
    from wenbao.index.library import ReportLibrary

DEFAULT_KB = "default"
KNOWLEDGE_BASES = {DEFAULT_KB: "全部已入库的报告"}


def check_kb(kb: str | None) -> str:
    """The base id, or a sentence naming the bases there are."""
    name = DEFAULT_KB if kb is None else kb.strip()
    if name not in KNOWLEDGE_BASES:
        known = "、".join(f"{k}（{d}）" for k, d in KNOWLEDGE_BASES.items())
        raise KnowledgeBaseNotFoundError(f"没有名为“{name[:50]}”的知识库：现有的知识库是 {known}。")
    return name


def kb_summary(library: ReportLibrary, kb: str) -> KnowledgeBaseOut:
    """Counts, places and years of one base (read from one index snapshot)."""
    with library.consistent_reads():
        infos = library.documents()
        covered: set[int] = set()
        for info in infos:
            for chunk in library.document(info.meta.doc_id).chunks:
                if chunk.covers is not None:
                    covered.update(chunk.covers.years)
    return KnowledgeBaseOut(
        kb=kb,
        description=KNOWLEDGE_BASES[kb],
        document_count=len(infos),
        chunk_count=sum(i.chunk_count for i in infos),
        places=sorted({i.meta.place for i in infos if i.meta.place}),
        report_years=sorted({i.meta.year for i in infos if i.meta.year is not None}),
        years_covered=sorted(covered),
    )


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
        summary = kb_summary(library, DEFAULT_KB)
        if year not in summary.years_covered:
            spans = "、".join(str(y) for y in summary.years_covered) or "（无）"
            raise UnknownFilterError(f"没有报告涉及{year}年：已入库报告涉及的年份有 {spans}。")
    return SearchScope(doc_ids=doc_ids, years=frozenset({year}) if year is not None else None)


def unit_score(fused: float, settings: Settings) -> float:
    """The retrieval's fused score scaled into [0, 1], monotone (a higher fused score never
    gets a lower unit score).

    Fused scores are weighted reciprocal ranks, sum_r w_r / (rrf_k + rank_r): their top is the
    score of a passage ranked first by every retriever. Divided by that top (and capped at 1,
    which a passage routed by a named section or boosted as a results passage can pass), 1.0
    means "as good as first place everywhere", and 0.5 about half that. Ranks, not meanings:
    the best passage of an unanswerable query still scores high.
    """
    top = (settings.bm25_weight + settings.dense_weight) / (settings.rrf_k + 1)
    if top <= 0:
        return 0.0
    return round(min(1.0, max(0.0, fused / top)), 6)
