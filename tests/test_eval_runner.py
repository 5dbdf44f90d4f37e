"""The evaluation end to end on a slice of the gold set (so CI guards `wenbao eval`): in process over
the session's seed index with every configuration, and through the CLI against a live server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import SEEDS
from typer.testing import CliRunner

from wenbao.cli import app
from wenbao.eval.gold import load_gold, stratified_slice
from wenbao.eval.metrics import METRIC_KEYS
from wenbao.eval.report import miss_cause, write_report
from wenbao.eval.runner import BASELINE, CONFIGS, PRODUCT, EvalRun, evaluate
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

SLICE = 16
RATES = ("r1", "r5", "r10", "mrr", "answer_acc", "refuse", "false_refuse")
runner = CliRunner()


@pytest.fixture(scope="module")
def slice_run(seed_index_dir: Path, shared_e5: Embedder) -> Iterator[EvalRun]:
    # The eval only reads the library, so the session's seed index is used as is.
    library = ReportLibrary(Settings(data_dir=seed_index_dir), embedder=shared_e5)
    pairs = stratified_slice(load_gold(), SLICE)
    yield evaluate(pairs, CONFIGS, seeds_dir=SEEDS, library=library, progress=False)


def _check_metrics(m: dict[str, Any]) -> None:
    assert list(m) == list(METRIC_KEYS)
    for key in RATES:
        assert m[key] is None or 0.0 <= m[key] <= 1.0, (key, m[key])
    if m["r1"] is not None:
        assert m["r1"] <= m["r5"] <= m["r10"]
        assert m["r1"] <= m["mrr"] <= m["r10"]
    assert m["p50_ms"] is not None and 0 < m["p50_ms"] <= m["p95_ms"]


def test_slice_gives_the_documented_json_shape_with_sane_metrics(slice_run: EvalRun) -> None:
    data = json.loads(json.dumps(slice_run.to_json()))  # what --json prints
    assert set(data) == {"n", "configs", "by_type"}
    assert data["n"] == SLICE
    assert list(data["configs"]) == list(CONFIGS)
    for metrics in data["configs"].values():
        _check_metrics(metrics)
    assert set(data["by_type"]) == {p.type for p in slice_run.pairs}
    for per_config in data["by_type"].values():
        assert list(per_config) == list(CONFIGS)
        for metrics in per_config.values():
            assert list(metrics) == list(METRIC_KEYS)

    product, baseline = data["configs"][PRODUCT], data["configs"][BASELINE]
    # The slice has unanswerable pairs; the baseline shows a chunk for everything.
    assert baseline["refuse"] == 0.0 and product["refuse"] is not None
    assert product["answer_acc"] is not None
    # 1000-character LangChain chunks against the product's paragraph-sized citations.
    assert 500 < baseline["cite_chars_median"] <= 1000
    assert product["cite_chars_median"] < baseline["cite_chars_median"]
    # A broken evidence match would read as zero recall for everyone.
    assert product["r10"] >= 0.5 and baseline["r10"] > 0.0
    # Outcomes line up with the pairs, config by config.
    for outcomes in slice_run.outcomes.values():
        assert [o.pair.id for o in outcomes] == [p.id for p in slice_run.pairs]


def test_report_has_the_tables_the_chart_and_every_miss(slice_run: EvalRun, tmp_path: Path) -> None:
    report, chart = write_report(slice_run, tmp_path, command="wenbao eval --limit 16")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = report.read_text(encoding="utf-8")
    assert "![Recall@k](recall.png)" in text and "`wenbao eval --limit 16`" in text
    for name in CONFIGS:
        assert f"| {name} |" in text
    misses = [o for o in slice_run.outcomes[PRODUCT] if miss_cause(o) is not None]
    for o in misses:
        assert f"**{o.pair.id}**" in text
        for evidence in o.pair.evidence:
            assert evidence in text
    hits = [o for o in slice_run.outcomes[PRODUCT] if miss_cause(o) is None]
    for o in hits:
        assert f"**{o.pair.id}**" not in text


def test_cli_evaluates_a_running_server_and_prints_json(live_server: Any, tmp_path: Path) -> None:
    args = ["eval", "--url", live_server.url, "--config", "hybrid", "--config", "bm25", "--limit", "8"]
    result = runner.invoke(app, [*args, "--json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 8 and list(data["configs"]) == ["hybrid", "bm25"]
    _check_metrics(data["configs"]["hybrid"])
    assert data["configs"]["hybrid"]["answer_acc"] is not None
    # The server answers with its own answerer only: over HTTP bm25 is measured as retrieval.
    assert data["configs"]["bm25"]["answer_acc"] is None and data["configs"]["bm25"]["r10"] is not None
    assert (tmp_path / "report.md").is_file() and (tmp_path / "recall.png").is_file()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_errors_are_one_sentence_and_exit_code_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--config", "gpt"])
    assert result.exit_code == 2 and "未知的评测配置" in result.stderr

    bad = tmp_path / "gold.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(bad)])
    assert result.exit_code == 2 and "不是合法的 JSON" in result.stderr

    url = f"http://127.0.0.1:{_closed_port()}"
    result = runner.invoke(app, ["eval", "--url", url, "--config", "hybrid", "--limit", "2"])
    assert result.exit_code == 2 and "无法连接到服务" in result.stderr
