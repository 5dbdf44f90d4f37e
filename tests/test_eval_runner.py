"""The evaluation end to end on a slice of the gold set (so CI guards `wenbao eval`): in process over
the session's seed index with every configuration, and through the CLI against a live server.
Only small data here: the seeds' pairs and tiny written reports, never the whole corpus (indexing
eval/corpus/ takes minutes on a CPU; `make eval` does that)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import REPO, SEEDS
from typer.testing import CliRunner

from wenbao.cli import app
from wenbao.eval.gold import SEED_DOCS, GoldPair, load_gold, stratified_slice
from wenbao.eval.metrics import METRIC_KEYS
from wenbao.eval.report import miss_cause, write_report
from wenbao.eval.runner import (
    BASELINE,
    CONFIGS,
    PRODUCT,
    EvalRun,
    evaluate,
    open_eval_library,
    report_files,
)
from wenbao.eval.systems import EvalError
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
    pairs = stratified_slice(seed_pairs(), SLICE)
    yield evaluate(pairs, CONFIGS, report_dirs=[SEEDS], library=library, progress=False)


def seed_pairs() -> list[GoldPair]:
    """The gold pairs answerable from the seeds alone (and the seeds' own refusals)."""
    return [p for p in load_gold() if p.place is None and set(p.evidence_docs) <= set(SEED_DOCS)]


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
    assert set(data) == {"n", "n_by_split", "configs", "by_split", "by_type", "by_report"}
    assert data["n"] == SLICE
    splits = {p.split for p in slice_run.pairs}
    assert splits == {"tune", "heldout"}  # a slice of the seeds' pairs has both
    assert set(data["n_by_split"]) == splits and sum(data["n_by_split"].values()) == SLICE
    assert list(data["configs"]) == list(CONFIGS)
    for metrics in data["configs"].values():
        _check_metrics(metrics)
    for per_config in data["by_split"].values():
        assert list(per_config) == list(CONFIGS)
        for metrics in per_config.values():
            assert list(metrics) == list(METRIC_KEYS)
    assert set(data["by_type"]) == {p.type for p in slice_run.pairs}
    assert set(data["by_report"]) == {p.report for p in slice_run.pairs}
    for groups in (data["by_type"], data["by_report"]):
        for per_split in groups.values():
            assert set(per_split) <= {"all", "tune", "heldout"} and "all" in per_split
            for per_config in per_split.values():
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


def test_report_has_the_tables_the_chart_and_every_tune_miss(slice_run: EvalRun, tmp_path: Path) -> None:
    report, chart = write_report(slice_run, tmp_path, command="wenbao eval --limit 16")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = report.read_text(encoding="utf-8")
    assert "![Recall@k](recall.png)" in text and "`wenbao eval --limit 16`" in text
    for name in CONFIGS:
        assert f"| {name} | tune（" in text and f"| {name} | heldout（" in text
    assert "## 分题型" in text and "## 分报告" in text
    misses = [o for o in slice_run.outcomes[PRODUCT] if miss_cause(o) is not None]
    for o in misses:
        if o.pair.split == "tune":
            assert f"**{o.pair.id}**" in text
            for evidence in o.pair.evidence:
                assert evidence in text
        else:  # held out: counted by cause, never shown (tuning discipline)
            assert f"**{o.pair.id}**" not in text and o.pair.question not in text
    hits = [o for o in slice_run.outcomes[PRODUCT] if miss_cause(o) is None]
    for o in hits:
        assert f"**{o.pair.id}**" not in text


def test_cli_evaluates_a_running_server_and_prints_json(live_server: Any, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"  # the seeds' pairs: the live server has indexed the seeds only
    gold.write_text(
        "".join(
            line + "\n"
            for line in (REPO / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() and '"place"' not in line
        ),
        encoding="utf-8",
    )
    args = ["eval", "--url", live_server.url, "--config", "hybrid", "--config", "bm25", "--limit", "8"]
    args += ["--gold", str(gold), "--reports", str(SEEDS), "--split", "heldout"]
    result = runner.invoke(app, [*args, "--json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 8 and list(data["configs"]) == ["hybrid", "bm25"]
    assert data["n_by_split"] == {"heldout": 8}
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

    result = runner.invoke(app, ["eval", "--split", "train"])
    assert result.exit_code == 2 and "未知的划分" in result.stderr

    result = runner.invoke(app, ["eval", "--reports", str(tmp_path / "nowhere"), "--limit", "2"])
    assert result.exit_code == 2 and "找不到报告文件夹" in result.stderr

    url = f"http://127.0.0.1:{_closed_port()}"
    result = runner.invoke(app, ["eval", "--url", url, "--config", "hybrid", "--limit", "2"])
    assert result.exit_code == 2 and "无法连接到服务" in result.stderr


REPORT_A = """2030年甲县政府工作报告
各位代表：
一、2029年工作回顾
全县地区生产总值达到812.5亿元，增长6.1%。城镇新增就业2.3万人。
二、2030年工作安排
地区生产总值增长6%左右。"""

REPORT_B = """2030年乙县政府工作报告
各位代表：
一、2029年工作回顾
全县粮食产量达到45.6万吨，创历史新高。接待游客1200万人次。"""


def test_the_eval_index_is_one_corpus_kept_between_runs(tmp_path: Path, shared_e5: Embedder) -> None:
    """Every report of the folders in one index; a rerun re-embeds nothing; a report taken out of
    the folders leaves the index; a cited report missing from the folders is an error."""
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    seeds.mkdir()
    corpus.mkdir()
    (seeds / "jia-2030.txt").write_text(REPORT_A, encoding="utf-8")
    (corpus / "yi-2030.txt").write_text(REPORT_B, encoding="utf-8")
    (corpus / "bing-2030.txt").write_text(REPORT_B.replace("乙县", "丙县"), encoding="utf-8")
    index_dir, settings = tmp_path / "index", Settings(data_dir=tmp_path / "unused")

    files = report_files([], [seeds, corpus])
    assert [f.name for f in files] == ["bing-2030.txt", "jia-2030.txt", "yi-2030.txt"]
    library, line = open_eval_library(settings, files, index_dir, embedder=shared_e5)
    assert {d.meta.doc_id for d in library.documents()} == {"jia-2030", "yi-2030", "bing-2030"}
    assert "新建或更新 3 份" in line
    hits = library.search("乙县粮食产量", top_k=3)
    assert hits and hits[0].chunk.doc_id in {"yi-2030", "bing-2030"}  # both reports in one index

    _again, line = open_eval_library(settings, files, index_dir, embedder=shared_e5)
    assert "新建或更新 0 份" in line  # unchanged reports are skipped, nothing re-embedded

    (corpus / "bing-2030.txt").unlink()
    library, _line = open_eval_library(settings, report_files([], [seeds, corpus]), index_dir, shared_e5)
    assert {d.meta.doc_id for d in library.documents()} == {"jia-2030", "yi-2030"}

    cited = [p for p in load_gold() if p.doc == "gulou-2021-h1"][:1]
    with pytest.raises(EvalError, match="找不到标准问答引用的报告 gulou-2021-h1"):
        report_files(cited, [seeds, corpus])
