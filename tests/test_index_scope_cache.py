"""A search scope (the reports and years a question is bounded to) is worked out once per index
version: every question of the same place and year reads the same mask, and an upload's new
version works its own out, with the new report's passages in it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wenbao.index.backend import HybridQuery, LocalSearchBackend
from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings


def report(county: str, year: int, figure: str) -> str:
    return (
        f"{county}{year}年政府工作报告\n——{year}年1月12日在{county}第十八届人民代表大会第三次会议上\n\n"
        f"各位代表：\n\n一、{year - 1}年工作回顾\n\n"
        f"过去一年，全县地区生产总值{figure}，城镇新增就业4200人。新建农村卫生厕所1200户。\n\n"
        f"二、{year}年工作安排\n\n全县将新建学校3所，改造老旧小区12个。\n"
    )


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a scope's mask was worked out."""
    made: list[int] = []
    work_out = LocalSearchBackend._scope_mask

    def counting(self: LocalSearchBackend, query: HybridQuery) -> object:
        made.append(1)
        return work_out(self, query)

    monkeypatch.setattr(LocalSearchBackend, "_scope_mask", counting)
    return made


def test_questions_of_one_place_and_year_share_one_scope_until_an_upload(
    tmp_path: Path, shared_e5: E5Embedder, counted: list[int]
) -> None:
    first = tmp_path / "安平县2024年政府工作报告.txt"
    first.write_text(report("安平县", 2024, "达到152.3亿元"), encoding="utf-8")
    library = ReportLibrary(Settings(data_dir=tmp_path / "data"), embedder=shared_e5)
    library.ingest([first])
    library.warm_up()

    before = library.search("地区生产总值是多少", top_k=3, year=2024)
    again = library.search("城镇新增就业多少人", top_k=3, year=2024)
    assert before and again
    assert len(counted) == 1  # the second question of 2024 read the first one's scope

    second = tmp_path / "清河县2024年政府工作报告.txt"
    second.write_text(report("清河县", 2024, "达到98.7亿元"), encoding="utf-8")
    library.ingest([second])
    after = library.search("清河县地区生产总值是多少", top_k=5, year=2024)
    assert len(counted) == 2  # a new index version: its own scope, not the old one's
    assert any("98.7亿元" in h.chunk.text for h in after)  # the new report's passages are in it


def test_a_kept_scope_cannot_be_changed_by_a_search(tmp_path: Path, shared_e5: E5Embedder) -> None:
    path = tmp_path / "安平县2024年政府工作报告.txt"
    path.write_text(report("安平县", 2024, "达到152.3亿元"), encoding="utf-8")
    library = ReportLibrary(Settings(data_dir=tmp_path / "data"), embedder=shared_e5)
    library.ingest([path])
    backend = LocalSearchBackend(library._current())
    doc_ids = frozenset(library._current().documents)
    query = HybridQuery(None, None, 10, doc_ids=doc_ids, years=frozenset({2024}))
    scope = backend.scope_mask(query)
    assert scope is not None and backend.scope_mask(query) is scope
    mask, ids = scope
    assert mask is not None and ids is not None and mask.any()
    with pytest.raises(ValueError):
        mask[0] = not mask[0]
    with pytest.raises(ValueError):
        ids[0] = -1
    assert np.array_equal(ids, library._current().vector_ids[np.flatnonzero(mask)])
