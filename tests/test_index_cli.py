"""`wenbao ingest / remove / index / search`: real commands, one-line errors, exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from index_reports import tree_state, write_report
from support import SEEDS
from typer.testing import CliRunner

from wenbao.cli import app

runner = CliRunner()


def test_search_without_an_index_says_what_to_run(_isolated_data_dir: Path) -> None:
    result = runner.invoke(app, ["search", "社零"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "错误：还没有索引，请先运行 wenbao ingest seeds/"
    assert runner.invoke(app, ["index", "--rebuild"]).exit_code == 2


def test_ingest_search_remove_round_trip(
    seed_library: object, _isolated_data_dir: Path, tmp_path: Path
) -> None:
    data = _isolated_data_dir
    before = tree_state(data)
    result = runner.invoke(app, ["ingest", "--if-empty", str(SEEDS)])
    assert result.exit_code == 0 and "已有索引" in result.stdout
    result = runner.invoke(app, ["ingest", str(SEEDS)])
    assert result.exit_code == 0 and result.stdout.count("未变化") == 2
    assert tree_state(data) == before

    result = runner.invoke(app, ["search", "2024年上半年社零多少", "--top-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["rank"] for r in rows] == [1, 2]
    assert "661.63亿元" in rows[0]["chunk"]["text"] and set(rows[0]["ranks"]) == {"bm25", "dense"}
    result = runner.invoke(app, ["search", "一般公共预算收入", "--year", "2021"])
    assert result.exit_code == 0 and "102.03亿元" in result.stdout and "gulou-2024-h1" not in result.stdout

    new = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023)
    result = runner.invoke(app, ["ingest", str(new)])
    assert result.exit_code == 0 and "已添加 qinhuai-2023-h1" in result.stdout
    result = runner.invoke(app, ["index"])
    assert result.exit_code == 0 and "报告 3 份" in result.stdout
    result = runner.invoke(app, ["remove", "qinhuai-2023-h1"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["remove", "qinhuai-2023-h1"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "qinhuai-2023-h1" in result.stderr


def test_bad_paths_and_files_are_one_line_errors(_isolated_data_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt")])
    assert (
        result.exit_code == 2 and result.stderr.startswith("错误：找不到") and result.stderr.count("\n") == 1
    )
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = runner.invoke(app, ["ingest", str(bad)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    # a few words with no sentence end are no report, however short (the long case's sentence)
    words = tmp_path / "words.txt"
    words.write_bytes(b"hello world no sentence end")
    result = runner.invoke(app, ["ingest", str(words)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "没有句号、问号或分号" in result.stderr and "请上传带标点和分段的报告文本" in result.stderr
    assert not (_isolated_data_dir / "CURRENT").exists()
    result = runner.invoke(app, ["search", "x", "--mode", "magic"])
    assert result.exit_code == 2


def test_ingest_with_metadata_options_and_a_sidecar(_isolated_data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = "工作报告\n一、基本情况\n全区各项工作稳步推进，地区生产总值增长5%。\n"
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("5%", "6%"), encoding="utf-8")
    (folder / "b.meta.json").write_text(json.dumps({"place": "杭州市西湖区", "year": 2024}), encoding="utf-8")

    result = runner.invoke(app, ["ingest", str(folder / "a.txt"), "--place", "苏州市", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "苏州市" in result.stdout
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    # a.txt without options now: its stated metadata changed, so it is re-read (place unknown → warning)
    assert "地区未识别" in result.stdout and "place" in result.stderr
    assert "杭州市西湖区" in result.stdout

    from wenbao.index.cli_support import open_library

    docs = {d.meta.doc_id: d.meta for d in open_library().documents()}
    assert (docs["b"].place, docs["b"].year, docs["b"].sources["place"]) == ("杭州市西湖区", 2024, "override")
    assert docs["a"].place is None

    bad = runner.invoke(app, ["ingest", str(folder / "a.txt"), "--kind", "speech"])
    assert bad.exit_code == 2 and "报告类型" in bad.stderr


def test_outline_json_shows_place_kind_and_covers(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "政府工作报告\n——2026年1月20日在湖南省第十四届人民代表大会第五次会议上\n"
        "一、2025年工作回顾\n全省增长5%。\n二、2026年工作安排\n扩大内需。\n",
        encoding="utf-8",
    )
    data = json.loads(runner.invoke(app, ["outline", str(report), "--json"]).stdout)
    assert (data["place"], data["place_aliases"], data["place_level"]) == ("湖南省", ["湖南"], "provincial")
    assert data["kind"] == "government_work_report"
    assert [s["covers"] for s in data["sections"]] == [
        {"years": [2025], "period": "full_year", "aspect": "results"},
        {"years": [2026], "period": "full_year", "aspect": "plan"},
    ]


def test_a_changed_file_replaces_its_report_only_with_replace(
    seed_library: object, _isolated_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wenbao.index.cli_support import IngestProgressBar

    monkeypatch.setattr(IngestProgressBar, "MIN_CHUNKS", 1)  # the bar of a large input, on a small one
    new = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023)
    added = runner.invoke(app, ["ingest", str(new)])
    assert added.exit_code == 0 and "已添加 qinhuai-2023-h1" in added.stdout
    assert "向量化" in added.stderr and "段/s" in added.stderr, added.stderr
    before = tree_state(_isolated_data_dir)
    new.write_text(new.read_text(encoding="utf-8").replace("2023年", "2023 年", 1), encoding="utf-8")
    refused = runner.invoke(app, ["ingest", str(new)])
    assert refused.exit_code == 2 and "qinhuai-2023-h1" in refused.stderr and "--replace" in refused.stderr
    assert tree_state(_isolated_data_dir) == before
    replaced = runner.invoke(app, ["ingest", str(new), "--replace"])
    assert replaced.exit_code == 0 and "已更新 qinhuai-2023-h1" in replaced.stdout, replaced.output
