"""The write guarantees of the index, held by both stores (FAISS in process, and Milvus — Milvus
Lite here, the same client API as a server): an unchanged report changes nothing, a failed write
leaves nothing half-visible, removed and replaced reports are gone for every reader, a switch of
store is refused with the sentence that says what to run and rebuilt without embedding again,
and Milvus answers the same searches as FAISS with the scope evaluated inside the engine."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from index_reports import tree_state, write_report
from support import SEED_2021
from test_index_persistence import CountingEmbedder

from wenbao.documents import SearchScope
from wenbao.errors import IndexMismatchError, StorageWriteError, StoreUnavailableError
from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary
from wenbao.index.milvus_store import MilvusStore, StoreState
from wenbao.index.store import VersionWriter
from wenbao.settings import Settings, get_settings

STORES = ["faiss", "milvus"]
QUESTIONS = [
    "2024年上半年地区生产总值是多少",
    "2021年社零增长多少",
    "报告是谁作的",
    "下半年全年技术合同成交额目标是多少",
    "老百姓收入涨了没有",
    "第（三）部分讲什么",
]


@pytest.fixture(scope="session")
def milvus_seed_index_dir(
    seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory, shared_e5: E5Embedder
) -> Path:
    """The seed index moved to Milvus Lite by a rebuild (its vectors reused, not embedded again)."""
    data = tmp_path_factory.mktemp("seed-index-milvus") / "data"
    shutil.copytree(seed_index_dir, data)
    library = ReportLibrary(Settings(data_dir=data, store="milvus"), embedder=shared_e5)
    library.rebuild()
    library.close()  # Milvus Lite lets go of its folder, so that tests can copy it
    return data


@pytest.fixture(params=STORES)
def store_library(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    _isolated_data_dir: Path,
    shared_e5: E5Embedder,
) -> Iterator[ReportLibrary]:
    """A warmed library over a per-test copy of the seed index, in each store."""
    store = request.param
    source = request.getfixturevalue("seed_index_dir" if store == "faiss" else "milvus_seed_index_dir")
    shutil.copytree(source, _isolated_data_dir)
    monkeypatch.setenv("WENBAO_STORE", store)
    get_settings.cache_clear()
    library = ReportLibrary(get_settings(), embedder=shared_e5)
    library.warm_up()
    yield library
    library.close()


def rows(library: ReportLibrary) -> list[tuple[int, int, str]]:
    """Every row of the base's Milvus collection, visible or not: (pk, gen, doc_id)."""
    milvus = library.milvus
    if milvus is None:
        return []
    got = milvus.client.query(milvus.collection, filter="gen >= 0", output_fields=["pk", "gen", "doc_id"])
    return sorted((int(r["pk"]), int(r["gen"]), str(r["doc_id"])) for r in got)


def files(data: Path) -> dict[str, tuple[int, int, int]]:
    """The data dir's files but Milvus Lite's own folder (whose rows ``rows`` compares)."""
    return {k: v for k, v in tree_state(data).items() if not k.startswith("milvus.db")}


def visible_doc_ids(library: ReportLibrary, question: str) -> set[str]:
    modes = ("hybrid", "bm25", "dense")
    return {h.chunk.doc_id for mode in modes for h in library.search(question, 20, mode=mode)}


def figure_sentence(report: Path) -> str:
    """``技术合同成交额完成N亿元`` as the written report states it."""
    figure = report.read_text(encoding="utf-8").split("技术合同成交额完成")[1].split("亿元")[0]
    return f"技术合同成交额完成{figure}亿元"


def test_reingesting_an_unchanged_report_changes_nothing(store_library: ReportLibrary) -> None:
    data = store_library.settings.data_dir
    before_files, before_rows = files(data), rows(store_library)
    assert [r.status for r in store_library.ingest([SEED_2021])] == ["unchanged"]
    fresh = ReportLibrary(store_library.settings, embedder=store_library.embedder)
    assert [r.status for r in fresh.ingest([SEED_2021.parent])] == ["unchanged", "unchanged"]
    assert files(data) == before_files
    assert rows(store_library) == before_rows


def test_a_failed_write_leaves_nothing_half_visible(
    store_library: ReportLibrary, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    new = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023)
    real_commit = VersionWriter.commit

    def disk_full(self: VersionWriter, manifest: dict) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    # Everything is written (the Milvus rows too) and then the version cannot be committed.
    monkeypatch.setattr(VersionWriter, "commit", disk_full)
    with pytest.raises(StorageWriteError) as info:
        store_library.ingest([new])
    assert "原有索引保持不变" in info.value.message
    monkeypatch.setattr(VersionWriter, "commit", real_commit)

    question = "秦淮区2023年技术合同成交额是多少"
    for reader in (store_library, ReportLibrary(store_library.settings, embedder=store_library.embedder)):
        assert "qinhuai-2023-h1" not in visible_doc_ids(reader, question)
        assert [d.meta.doc_id for d in reader.documents()] == ["gulou-2021-h1", "gulou-2024-h1"]
    if store_library.milvus is not None:
        assert any(doc == "qinhuai-2023-h1" for _, _, doc in rows(store_library))  # written, never seen

    # The next write sweeps what the failed one left, and the report then answers, whole.
    [result] = store_library.ingest([new])
    assert result.status == "added"
    assert store_library.search(question, top_k=1)[0].chunk.doc_id == "qinhuai-2023-h1"
    if store_library.milvus is not None:
        kept = rows(store_library)
        assert len(kept) == len(store_library.all_chunks())
        assert len({gen for _, gen, doc in kept if doc == "qinhuai-2023-h1"}) == 1


def test_remove_and_replace_are_seen_by_every_reader(store_library: ReportLibrary, tmp_path: Path) -> None:
    other = ReportLibrary(store_library.settings, embedder=store_library.embedder)  # a second reader
    other.warm_up()
    store_library.remove("gulou-2021-h1")
    other._last_reload_check = 0.0  # the reload check is time-based; do not wait for it
    for reader in (store_library, other):
        assert visible_doc_ids(reader, "2021年上半年GDP是多少") == {"gulou-2024-h1"}

    folder = tmp_path / "in"
    first = write_report(folder, "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=2)
    store_library.ingest([first])
    old_text = figure_sentence(first)
    edited = write_report(folder, "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=5)
    new_text = figure_sentence(edited)
    assert old_text != new_text
    assert store_library.ingest([edited])[0].status == "replaced"
    other._last_reload_check = 0.0
    for reader in (store_library, other):
        texts = [h.chunk.text for h in reader.search("秦淮区技术合同成交额", top_k=10)]
        assert any(new_text in t for t in texts) and not any(old_text in t for t in texts)
    if store_library.milvus is not None:
        # retired rows stay for readers of the version before until the next write deletes them
        store_library.remove("qinhuai-2023-h1")
        assert {doc for _, _, doc in rows(store_library)} == {"gulou-2024-h1", "qinhuai-2023-h1"}
        store_library.ingest([SEED_2021])
        assert {doc for _, _, doc in rows(store_library)} == {"gulou-2021-h1", "gulou-2024-h1"}
        assert len(rows(store_library)) == len(store_library.all_chunks())


def test_a_switch_of_store_is_refused_then_rebuilt_without_embedding_again(
    store_library: ReportLibrary, shared_e5: E5Embedder
) -> None:
    other = "faiss" if store_library.settings.store == "milvus" else "milvus"
    counting = CountingEmbedder(shared_e5)
    library = ReportLibrary(store_library.settings.model_copy(update={"store": other}), embedder=counting)
    with pytest.raises(IndexMismatchError) as info:
        library.warm_up()
    assert f"WENBAO_STORE={other}" in info.value.message and "wenbao index --rebuild" in info.value.message
    library.rebuild()
    library.warm_up()
    assert counting.passages == []  # every vector came from the stored version
    assert library.search("2024年上半年地区生产总值", top_k=1)[0].chunk.doc_id == "gulou-2024-h1"
    library.close()


def test_milvus_ranks_the_passages_faiss_ranks(
    seed_index_dir: Path, milvus_seed_index_dir: Path, tmp_path: Path, shared_e5: E5Embedder
) -> None:
    libraries = {}
    for store, source in (("faiss", seed_index_dir), ("milvus", milvus_seed_index_dir)):
        shutil.copytree(source, tmp_path / store)
        libraries[store] = ReportLibrary(Settings(data_dir=tmp_path / store, store=store), embedder=shared_e5)
        libraries[store].warm_up()
    scopes = [
        {},
        {"year": 2021},
        {"doc_id": "gulou-2024-h1"},
        {"scope": SearchScope(doc_ids=frozenset({"gulou-2021-h1"}), years=frozenset({2021}))},
    ]
    for question in QUESTIONS:
        for scope in scopes:
            for mode in ("hybrid", "bm25", "dense"):
                got = {
                    store: [h.chunk.chunk_id for h in lib.search(question, top_k=5, mode=mode, **scope)]
                    for store, lib in libraries.items()
                }
                assert got["milvus"][:3] == got["faiss"][:3], (question, scope, mode)
                assert set(got["milvus"]) == set(got["faiss"]), (question, scope, mode)
    libraries["milvus"].close()


def test_the_scope_is_a_filter_inside_milvus(
    milvus_seed_index_dir: Path, tmp_path: Path, shared_e5: E5Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(milvus_seed_index_dir, tmp_path / "data")
    library = ReportLibrary(Settings(data_dir=tmp_path / "data", store="milvus"), embedder=shared_e5)
    library.warm_up()
    filters: list[str] = []
    real_call = MilvusStore._call

    def recording(self: MilvusStore, fn: str, *args: object, **kwargs: object) -> object:
        if fn == "search":
            filters.append(str(kwargs["filter"]))
        return real_call(self, fn, *args, **kwargs)

    monkeypatch.setattr(MilvusStore, "_call", recording)
    scope = SearchScope(doc_ids=frozenset({"gulou-2021-h1"}), years=frozenset({2021}))
    hits = library.search("2024年上半年地区生产总值是多少", top_k=10, scope=scope)
    assert hits and {h.chunk.doc_id for h in hits} == {"gulou-2021-h1"}
    assert all(h.chunk.covers is None or 2021 in h.chunk.covers.years for h in hits)
    # each side asked Milvus for the scoped rows only (no Python post-filter could have lost hits)
    assert filters
    for f in filters:
        assert 'doc_id in ["gulou-2021-h1"]' in f and "array_contains_any(years, [2021])" in f
    state = StoreState.from_manifest(library._current().manifest)
    assert state is not None and all(f.startswith(state.visible()) for f in filters)
    library.close()


def test_an_unreachable_milvus_is_a_sentence_not_a_traceback(tmp_path: Path, shared_e5: E5Embedder) -> None:
    settings = Settings(data_dir=tmp_path / "data", store="milvus", milvus_uri="http://127.0.0.1:9")
    library = ReportLibrary(settings, embedder=shared_e5)
    new = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023)
    with pytest.raises(StoreUnavailableError) as info:
        library.ingest([new])
    assert "Milvus" in info.value.message and "WENBAO_MILVUS_URI" in info.value.message
    assert not (tmp_path / "data" / "CURRENT").exists()  # nothing was committed


def test_a_reader_reloading_after_an_upload_reads_only_the_new_report(
    store_library: ReportLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = ReportLibrary(store_library.settings, embedder=store_library.embedder)
    reader.warm_up()
    before = reader._current()
    store_library.ingest([write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023)])

    import wenbao.index.snapshot as snapshot_module

    parsed: list[str] = []
    real = snapshot_module.document_from_json

    def counting(data: dict) -> object:
        parsed.append(data["meta"]["doc_id"])
        return real(data)

    monkeypatch.setattr(snapshot_module, "document_from_json", counting)
    reader._last_reload_check = 0.0
    after = reader._current()
    assert after.version != before.version
    assert parsed == ["qinhuai-2023-h1"]  # the two seeds were taken over, not read again
    assert after.documents["gulou-2024-h1"] is before.documents["gulou-2024-h1"]
    assert reader.search("秦淮区2023年技术合同成交额是多少", top_k=1)[0].chunk.doc_id == "qinhuai-2023-h1"


def test_deleting_a_base_drops_its_milvus_collection_and_no_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_e5: E5Embedder
) -> None:
    """Two bases in one Milvus (one Lite file shared as a server is): deleting one drops its
    collection; the other base's collection and answers stay."""
    from wenbao.index.bases import KnowledgeBaseRegistry
    from wenbao.index.milvus_store import collection_name

    shared = tmp_path / "shared-milvus.db"
    settings = Settings(data_dir=tmp_path / "data", store="milvus", milvus_uri=str(shared))
    registry = KnowledgeBaseRegistry(settings, ReportLibrary(settings, embedder=shared_e5))
    for kb, district in (("north", "北湖区"), ("south", "南山区")):
        registry.create(kb, kb, "")
        registry.library(kb).ingest([write_report(tmp_path / kb, "r.txt", district, 2024, items=2)])
    south = registry.library("south")
    milvus = south.milvus
    assert milvus is not None
    assert milvus.client.has_collection(collection_name("north"))
    registry.delete("north", force=True)
    assert not milvus.client.has_collection(collection_name("north"))
    assert milvus.client.has_collection(collection_name("south"))
    assert south.search("地区生产总值", top_k=1)
    south.close()
