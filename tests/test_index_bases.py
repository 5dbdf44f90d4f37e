"""The knowledge-base registry (index/bases.py): bases in their own folders under one data dir,
sharing one embedder; ids checked; deletes that touch nothing else; and `wenbao kb` /
`--kb` on the command line (exit code 2 with a sentence on bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from index_reports import tree_state, write_report
from typer.testing import CliRunner

from wenbao import errors
from wenbao.cli import app
from wenbao.index.bases import KnowledgeBaseRegistry
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

runner = CliRunner()


def registry(data: Path, embedder: Embedder) -> KnowledgeBaseRegistry:
    settings = Settings(data_dir=data)
    return KnowledgeBaseRegistry(settings, default=ReportLibrary(settings, embedder=embedder))


def test_bases_live_in_their_own_folders_and_share_one_model(tmp_path: Path, shared_e5: Embedder) -> None:
    data = tmp_path / "data"
    bases = registry(data, shared_e5)
    assert [b.id for b in bases.bases()] == ["default"]
    created = bases.create("plans", "计划报告", "历年计划执行情况")
    assert (created.id, created.name, created.description) == ("plans", "计划报告", "历年计划执行情况")
    plans = bases.library("plans")
    assert plans.settings.data_dir == data / "kbs" / "plans" and plans.settings.kb == "plans"
    assert plans.embedder is bases.default_library.embedder
    assert plans.query_batcher is bases.default_library.query_batcher
    assert bases.library("plans") is plans  # cached
    assert plans.documents() == []  # created, empty: no "index not built"

    report = write_report(tmp_path / "in", "qinghe-2023-h1.txt", "青禾区", 2023)
    plans.ingest([report])
    assert (data / "kbs" / "plans" / "CURRENT").is_file()
    assert not (data / "CURRENT").exists()  # the default base got nothing
    assert [d.meta.doc_id for d in plans.documents()] == ["qinghe-2023-h1"]
    assert bases.stored("plans") == (1, plans.documents()[0].chunk_count)

    # Another process (another registry over the same data dir) sees the base at once.
    other = registry(data, shared_e5)
    assert [b.id for b in other.bases()] == ["default", "plans"]
    assert [d.meta.doc_id for d in other.library("plans").documents()] == ["qinghe-2023-h1"]
    saved = json.loads((data / "kbs.json").read_text(encoding="utf-8"))
    assert [b["id"] for b in saved["bases"]] == ["default", "plans"]


def test_bad_ids_duplicates_and_the_default_base_are_refused(tmp_path: Path, shared_e5: Embedder) -> None:
    bases = registry(tmp_path / "data", shared_e5)
    for bad in ("", "Plans", "计划", "has space", "-lead", "a" * 33, "../up", ".trash-x"):
        with pytest.raises(errors.InvalidKnowledgeBaseError) as refused:
            bases.create(bad)
        assert "小写" in refused.value.message
    with pytest.raises(errors.InvalidKnowledgeBaseError):
        bases.create("ok", "名" * 51)
    bases.create("plans")
    assert bases.get("plans").name == "plans"  # the name defaults to the id
    with pytest.raises(errors.KnowledgeBaseExistsError):
        bases.create("plans")
    with pytest.raises(errors.KnowledgeBaseExistsError):
        bases.create("default")
    with pytest.raises(errors.KnowledgeBaseProtectedError):
        bases.delete("default", force=True)
    with pytest.raises(errors.KnowledgeBaseNotFoundError) as unknown:
        bases.library("budget")
    assert "budget" in unknown.value.message and "plans" in unknown.value.message
    assert not (tmp_path / "data" / "kbs" / "budget").exists()


def test_delete_refuses_a_base_with_reports_and_touches_nothing_else(
    tmp_path: Path, shared_e5: Embedder
) -> None:
    data = tmp_path / "data"
    bases = registry(data, shared_e5)
    report = write_report(tmp_path / "in", "qinghe-2023-h1.txt", "青禾区", 2023)
    bases.default_library.ingest([report])
    for kb in ("keep", "drop"):
        bases.create(kb)
        bases.library(kb).ingest([report])
    kept = bases.library("keep")
    before = {p: tree_state(p) for p in (data / "versions", data / "originals", data / "kbs" / "keep")}

    with pytest.raises(errors.KnowledgeBaseNotEmptyError) as refused:
        bases.delete("drop")
    assert "1 份报告" in refused.value.message and (data / "kbs" / "drop" / "CURRENT").is_file()
    bases.delete("drop", force=True)

    assert not (data / "kbs" / "drop").exists()
    assert [p.name for p in (data / "kbs").iterdir()] == ["keep"]  # no trash left behind
    assert {p: tree_state(p) for p in before} == before
    assert bases.library("keep") is kept and [d.meta.doc_id for d in kept.documents()] == ["qinghe-2023-h1"]
    with pytest.raises(errors.KnowledgeBaseNotFoundError):
        bases.library("drop")

    # Created again under the same id, it is a new, empty base (not the deleted one's index).
    bases.create("drop")
    assert bases.library("drop").documents() == []
    bases.delete("drop")  # empty: no force needed


def test_a_leftover_folder_never_becomes_a_new_bases_content(tmp_path: Path, shared_e5: Embedder) -> None:
    """A folder left by a crash between forgetting a base and removing its folder."""
    data = tmp_path / "data"
    bases = registry(data, shared_e5)
    bases.create("old")
    bases.library("old").ingest([write_report(tmp_path / "in", "qinghe-2023-h1.txt", "青禾区", 2023)])
    registry_file = data / "kbs.json"
    saved = json.loads(registry_file.read_text(encoding="utf-8"))
    saved["bases"] = [b for b in saved["bases"] if b["id"] != "old"]
    registry_file.write_text(json.dumps(saved), encoding="utf-8")
    (data / "kbs" / ".trash-x-0000").mkdir()

    fresh = registry(data, shared_e5)
    fresh.sweep_trash()
    assert not (data / "kbs" / ".trash-x-0000").exists()
    fresh.create("old")
    assert fresh.library("old").documents() == []


def test_a_corrupt_registry_never_stops_the_default_base(tmp_path: Path, shared_e5: Embedder) -> None:
    data = tmp_path / "data"
    bases = registry(data, shared_e5)
    bases.create("plans")
    (data / "kbs.json").write_text("{not json", encoding="utf-8")
    fresh = registry(data, shared_e5)
    assert fresh.get("default").id == "default"
    assert fresh.library() is fresh.default_library
    with pytest.raises(errors.IndexCorruptError) as corrupt:
        fresh.library("plans")
    assert "kbs.json" in corrupt.value.message
    with pytest.raises(errors.IndexCorruptError):  # never written over: the other bases' entries are in it
        fresh.create("budget")
    assert (data / "kbs.json").read_text(encoding="utf-8") == "{not json"
    # An id edited by hand into a path is refused the same way, and never becomes one.
    entries = [{"id": "default", "name": "默认", "description": "", "created": ""}]
    entries.append({"id": "../outside", "name": "x", "description": "", "created": "2026-01-01"})
    (data / "kbs.json").write_text(json.dumps({"bases": entries}), encoding="utf-8")
    with pytest.raises(errors.IndexCorruptError):
        registry(data, shared_e5).library("../outside")
    assert not (tmp_path / "outside").exists()


# --- the command line ------------------------------------------------------------------------
def test_kb_commands_and_the_kb_option(_isolated_data_dir: Path, tmp_path: Path) -> None:
    data = _isolated_data_dir
    listed = runner.invoke(app, ["kb", "list"])
    assert listed.exit_code == 0 and listed.stdout.startswith("default")

    made = runner.invoke(
        app, ["kb", "create", "plans", "--name", "计划报告", "--description", "计划执行情况"]
    )
    assert made.exit_code == 0 and "plans" in made.stdout
    for args, words in (
        (["kb", "create", "plans"], "已经存在"),
        (["kb", "create", "Bad Id"], "小写"),
        (["kb", "delete", "default"], "不能删除"),
        (["kb", "delete", "nowhere"], "nowhere"),
        (["ask", "--kb", "nowhere", "地区生产总值是多少？"], "现有的知识库是 default"),
        (["search", "--kb", "nowhere", "地区生产总值"], "plans"),
        (["remove", "--kb", "nowhere", "qinghe-2023-h1"], "nowhere"),
        (["ingest", "--kb", "nowhere", str(tmp_path)], "nowhere"),
        (["report", "--kb", "nowhere"], "nowhere"),
        (["eval", "--kb", "nowhere", "--limit", "1", "--config", "hybrid"], "nowhere"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("错误：") and words in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1

    empty = runner.invoke(app, ["ask", "--kb", "plans", "2023年上半年青禾区地区生产总值是多少？"])
    assert empty.exit_code == 0 and "还没有报告" in empty.stdout

    report = write_report(tmp_path / "in", "qinghe-2023-h1.txt", "青禾区", 2023)
    ingested = runner.invoke(app, ["ingest", "--kb", "plans", str(report)])
    assert ingested.exit_code == 0 and "已添加 qinghe-2023-h1" in ingested.stdout
    assert not (data / "CURRENT").exists() and (data / "kbs" / "plans" / "CURRENT").is_file()
    rows = json.loads(runner.invoke(app, ["kb", "list", "--json"]).stdout)
    assert [(r["id"], r["document_count"]) for r in rows] == [("default", 0), ("plans", 1)]

    answered = runner.invoke(
        app, ["ask", "--kb", "plans", "--json", "2023年上半年青禾区地区生产总值是多少？"]
    )
    assert answered.exit_code == 0, answered.output
    answer = json.loads(answered.stdout)
    assert answer["answerable"] and {c["doc_id"] for c in answer["citations"]} == {"qinghe-2023-h1"}
    # The default base is still empty: asking it says so as before.
    assert runner.invoke(app, ["ask", "2023年上半年青禾区地区生产总值是多少？"]).exit_code == 2

    refused = runner.invoke(app, ["kb", "delete", "plans"])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert runner.invoke(app, ["remove", "--kb", "plans", "qinghe-2023-h1"]).exit_code == 0
    assert runner.invoke(app, ["kb", "delete", "plans"]).exit_code == 0
    assert not (data / "kbs" / "plans").exists()
