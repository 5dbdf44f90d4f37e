"""`wenbao ingest / remove / index / search`: real commands, one-line errors, exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

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
    assert not (_isolated_data_dir / "CURRENT").exists()
    result = runner.invoke(app, ["search", "x", "--mode", "magic"])
    assert result.exit_code == 2
