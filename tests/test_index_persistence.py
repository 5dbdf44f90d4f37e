"""The index on disk: atomic versions, unchanged re-ingest, incremental add, delete,
mismatch and corruption refused with the sentence that says what to run."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from index_fixtures import CountingEmbedder
from index_reports import report_text, tree_state, write_report
from support import SEED_2024

from wenbao.errors import (
    DocumentNotFoundError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotBuiltError,
    IngestError,
    StorageWriteError,
)
from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary
from wenbao.ingest import pipeline
from wenbao.settings import Settings, get_settings


def manifest_of(data: Path) -> dict:
    version = (data / "CURRENT").read_text().strip()
    return json.loads((data / "versions" / version / "manifest.json").read_text())


def test_no_index_yet_says_what_to_run(shared_e5: E5Embedder) -> None:
    library = ReportLibrary(get_settings(), embedder=shared_e5)
    with pytest.raises(IndexNotBuiltError) as info:
        library.warm_up()
    assert "wenbao ingest" in info.value.message


def test_manifest_records_what_built_the_index(seed_library: ReportLibrary) -> None:
    m = manifest_of(seed_library.settings.data_dir)
    assert m["format_version"] == 1
    assert m["embedder"] == {"name": seed_library.embedder.name, "dim": 384, "passage_format": "context-v1"}
    assert m["chunker_version"] == pipeline.CHUNKER_VERSION
    docs = {d["doc_id"]: d for d in m["documents"]}
    assert set(docs) == {"gulou-2021-h1", "gulou-2024-h1"}
    import hashlib

    assert docs["gulou-2024-h1"]["sha256"] == hashlib.sha256(SEED_2024.read_bytes()).hexdigest()
    assert docs["gulou-2024-h1"]["chunk_count"] == len(seed_library.document("gulou-2024-h1").chunks)
    assert docs["gulou-2024-h1"]["created"]
    # the original is stored byte for byte under a generated name, never the uploaded one
    name, stored = seed_library.original_file("gulou-2024-h1")
    assert name == "gulou-2024-h1.txt" and stored.read_bytes() == SEED_2024.read_bytes()
    assert "gulou" not in stored.name


def test_reingesting_an_unchanged_report_changes_nothing_on_disk(seed_library: ReportLibrary) -> None:
    data = seed_library.settings.data_dir
    before = tree_state(data)
    results = seed_library.ingest([SEED_2024.parent])
    assert {r.status for r in results} == {"unchanged"}
    assert tree_state(data) == before
    # also from a fresh process-like library that has not loaded anything yet
    fresh = ReportLibrary(seed_library.settings, embedder=seed_library.embedder)
    assert [r.status for r in fresh.ingest([SEED_2024])] == ["unchanged"]
    assert tree_state(data) == before


def test_adding_a_report_does_not_reembed_the_others(
    seed_library: ReportLibrary, shared_e5: E5Embedder, tmp_path: Path
) -> None:
    data = seed_library.settings.data_dir
    counting = CountingEmbedder(shared_e5)
    library = ReportLibrary(seed_library.settings, embedder=counting)
    old_version = (data / "CURRENT").read_text().strip()
    new = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=2)

    [result] = library.ingest([new])

    assert result.status == "added"
    assert len(counting.passages) == result.chunk_count  # only the new report was embedded
    assert all("秦淮区" in p for p in counting.passages)
    new_version = (data / "CURRENT").read_text().strip()
    assert new_version != old_version
    for doc_id in ("gulou-2021-h1", "gulou-2024-h1"):
        old = data / "versions" / old_version / "vectors" / f"{doc_id}.npy"
        kept = data / "versions" / new_version / "vectors" / f"{doc_id}.npy"
        assert np.array_equal(np.load(old), np.load(kept))
    hits = library.search("秦淮区2023年技术合同成交额是多少", top_k=3)
    assert hits[0].chunk.doc_id == "qinhuai-2023-h1" and "技术合同成交额" in hits[0].chunk.text


def test_replacing_a_report_reembeds_only_its_changed_passages(
    seed_library: ReportLibrary, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write_report(folder, "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=2)
    seed_library.ingest([folder])
    edited = write_report(folder, "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=5)  # other figures
    counting = CountingEmbedder(seed_library.embedder)  # type: ignore[arg-type]
    library = ReportLibrary(seed_library.settings, embedder=counting)
    [result] = library.ingest([edited])
    assert result.status == "replaced"
    # the other reports are not embedded again, and neither are its unchanged paragraphs
    assert 0 < len(counting.passages) < result.chunk_count
    assert all("秦淮区" in p for p in counting.passages)
    assert not any("以上报告，请予审议" in p for p in counting.passages)
    figure = next(s for s in report_text("秦淮区", 2023, seed=5).split("。") if "技术合同成交额" in s)
    assert figure not in report_text("秦淮区", 2023, seed=2)
    assert any(figure in c.text for c in library.document("qinhuai-2023-h1").chunks)
    assert [d.meta.doc_id for d in library.documents()].count("qinhuai-2023-h1") == 1


def test_remove_deletes_the_documents_vectors(seed_library: ReportLibrary) -> None:
    snap_before = seed_library._current()
    n_2021 = len(seed_library.document("gulou-2021-h1").chunks)
    ids_2021 = set(snap_before.vector_ids[slice(*snap_before.doc_range["gulou-2021-h1"])].tolist())
    total = snap_before.vectors.ntotal

    seed_library.remove("gulou-2021-h1")

    snap = seed_library._current()
    assert snap.vectors.ntotal == total - n_2021
    assert not ids_2021 & set(snap.vectors.ids().tolist())
    assert [d.meta.doc_id for d in seed_library.documents()] == ["gulou-2024-h1"]
    for mode in ("hybrid", "bm25", "dense"):
        hits = seed_library.search("2021年上半年GDP是多少", top_k=10, mode=mode)
        assert hits and all(h.chunk.doc_id == "gulou-2024-h1" for h in hits)
    with pytest.raises(DocumentNotFoundError):
        seed_library.remove("gulou-2021-h1")
    with pytest.raises(DocumentNotFoundError):
        seed_library.document("gulou-2021-h1")
    # and it stays removed for the next process
    again = ReportLibrary(seed_library.settings, embedder=seed_library.embedder)
    again.warm_up()
    assert [d.meta.doc_id for d in again.documents()] == ["gulou-2024-h1"]


def test_index_of_another_chunker_version_is_refused_then_rebuilt(
    seed_library: ReportLibrary, monkeypatch: pytest.MonkeyPatch, shared_e5: E5Embedder
) -> None:
    monkeypatch.setattr(pipeline, "CHUNKER_VERSION", pipeline.CHUNKER_VERSION + "-next")
    counting = CountingEmbedder(shared_e5)
    library = ReportLibrary(seed_library.settings, embedder=counting)
    with pytest.raises(IndexMismatchError) as info:
        library.warm_up()
    assert "wenbao index --rebuild" in info.value.message and "-next" in info.value.message
    library.rebuild()
    library.warm_up()
    # the chunks came out the same, so their stored vectors were reused, not recomputed
    assert counting.passages == []
    assert manifest_of(library.settings.data_dir)["chunker_version"].endswith("-next")
    assert {d.meta.doc_id for d in library.documents()} == {"gulou-2021-h1", "gulou-2024-h1"}
    assert library.search("2024年上半年地区生产总值", top_k=1)[0].chunk.doc_id == "gulou-2024-h1"


def test_index_of_another_passage_format_is_refused(seed_library: ReportLibrary) -> None:
    settings = Settings(data_dir=seed_library.settings.data_dir, passage_format="text-v1")
    library = ReportLibrary(settings, embedder=seed_library.embedder)
    with pytest.raises(IndexMismatchError) as info:
        library.warm_up()
    assert "wenbao index --rebuild" in info.value.message
    with pytest.raises(IndexMismatchError):  # and no ingest quietly mixes two kinds of vectors
        library.ingest([SEED_2024])


@pytest.mark.parametrize(
    "victim",
    [
        "faiss.index",
        "vectors/gulou-2024-h1.npy",
        "documents/gulou-2024-h1.json",
        "bm25/text/vocab.index.json",
    ],
)
def test_corrupt_file_is_named_and_rebuild_recovers(
    seed_library: ReportLibrary, victim: str, shared_e5: E5Embedder
) -> None:
    data = seed_library.settings.data_dir
    version = (data / "CURRENT").read_text().strip()
    path = data / "versions" / version / victim
    real = path.resolve()
    content = real.read_bytes()
    path.unlink()  # never write through a hard link shared with another version
    path.write_bytes(content[: len(content) // 2])
    counting = CountingEmbedder(shared_e5)
    library = ReportLibrary(seed_library.settings, embedder=counting)
    with pytest.raises(IndexCorruptError) as info:
        library.warm_up()
    assert victim.split("/")[-1] in info.value.message and "wenbao index --rebuild" in info.value.message
    if victim not in ("faiss.index", "documents/gulou-2024-h1.json"):
        return  # rebuilding is the same path as below; keep the suite fast
    library.rebuild()
    library.warm_up()
    assert len(library.documents()) == 2 and library.search("技术合同成交额", top_k=1)
    # vectors are trusted only from files whose checksum still matches: a damaged
    # document's passages are embedded again, an intact one's are reused
    damaged = "gulou-2024-h1" in victim
    assert len(counting.passages) == (len(library.document("gulou-2024-h1").chunks) if damaged else 0)


def test_garbage_pointer_is_reported_as_corrupt(seed_library: ReportLibrary) -> None:
    (seed_library.settings.data_dir / "CURRENT").write_text("../../etc\n")
    library = ReportLibrary(seed_library.settings, embedder=seed_library.embedder)
    with pytest.raises(IndexCorruptError) as info:
        library.warm_up()
    assert "CURRENT" in info.value.message


def test_unwritable_data_dir_keeps_the_old_index_serving(seed_library: ReportLibrary, tmp_path: Path) -> None:
    data = seed_library.settings.data_dir
    before = tree_state(data / "versions")
    # Root ignores permission bits, so make the originals folder unusable instead: a file
    # in its place fails every write below it, as a read-only or full disk would.
    shutil.rmtree(data / "originals")
    (data / "originals").write_text("not a folder")
    if os.geteuid() != 0:
        os.chmod(data / "versions", 0o555)
    try:
        new = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023)
        with pytest.raises(StorageWriteError) as info:
            seed_library.ingest([new])
        assert "原有索引保持不变" in info.value.message
    finally:
        os.chmod(data / "versions", 0o755)
    assert tree_state(data / "versions") == before
    assert seed_library.search("2024年上半年地区生产总值是多少", top_k=1)[0].chunk.doc_id == "gulou-2024-h1"
    fresh = ReportLibrary(seed_library.settings, embedder=seed_library.embedder)
    fresh.warm_up()
    assert len(fresh.documents()) == 2


def test_missing_path_and_name_clash_are_refused_without_changes(
    seed_library: ReportLibrary, tmp_path: Path
) -> None:
    data = seed_library.settings.data_dir
    before = tree_state(data)
    with pytest.raises(IngestError) as info:
        seed_library.ingest([tmp_path / "nope.txt"])
    assert "找不到" in info.value.message
    a = write_report(tmp_path / "a", "same.txt", "秦淮区", 2023)
    b = write_report(tmp_path / "b", "same.txt", "玄武区", 2022)
    with pytest.raises(IngestError):
        seed_library.ingest([a, b])
    assert tree_state(data) == before


def test_upload_bytes_are_stored_under_a_safe_name(seed_library: ReportLibrary, tmp_path: Path) -> None:
    text = write_report(tmp_path, "x.txt", "建邺区", 2022, seed=3).read_bytes()
    info = seed_library.add_bytes(text, "../../etc/passwd.txt")
    assert info.meta.doc_id == "passwd" and info.chunk_count > 0
    _, stored = seed_library.original_file("passwd")
    assert stored.parent == seed_library.settings.data_dir / "originals"
    assert stored.read_bytes() == text
    assert not (seed_library.settings.data_dir.parent / "etc").exists()
