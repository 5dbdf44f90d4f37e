"""wenbao's LangChain retriever as a LangChain app uses it: metadata a chain can cite from, the
filters the HTTP API has, and the README's snippet run as a user would (a fresh process over a
data dir), printing what the README says it prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wenbao.index.langchain_retriever import WenbaoRetriever
from wenbao.index.library import ReportLibrary

README = Path(__file__).resolve().parent.parent / "README.md"


def test_metadata_carries_place_kind_covers_heading_path_and_kb(seed_library: ReportLibrary) -> None:
    docs = WenbaoRetriever(library=seed_library, top_k=3).invoke("2024年上半年地区生产总值是多少")
    m = docs[0].metadata
    assert "鼓楼" in m["place"]
    assert m["kind"] == "plan_execution_report" and m["kb"] == "default"
    assert m["covers"] == {"years": [2024], "period": "first_half", "aspect": "results"}
    assert m["doc_id"] == "gulou-2024-h1" and m["chunk_id"] == docs[0].id
    assert m["heading_path"][-1] == "主要指标完成良好"


def test_retriever_filters_by_kb_doc_id_year_and_place(seed_library: ReportLibrary) -> None:
    by_doc = WenbaoRetriever(library=seed_library, top_k=5, doc_id="gulou-2021-h1").invoke("地区生产总值")
    assert by_doc and {d.metadata["doc_id"] for d in by_doc} == {"gulou-2021-h1"}
    by_place = WenbaoRetriever(library=seed_library, top_k=5, place="鼓楼").invoke("地区生产总值", year=2021)
    assert by_place and {d.metadata["doc_id"] for d in by_place} == {"gulou-2021-h1"}
    # a place no report speaks for: the API's sentence, naming the places there are
    with pytest.raises(Exception, match=r"拉萨.*鼓楼"):
        WenbaoRetriever(library=seed_library, place="拉萨").invoke("地区生产总值")
    # kb opens that base of the data dir (here the test's WENBAO_DATA_DIR, a copy of the seeds)
    by_kb = WenbaoRetriever(kb="default", top_k=2).invoke("地区生产总值")
    assert by_kb and by_kb[0].metadata["kb"] == "default"
    with pytest.raises(Exception, match="nope"):
        WenbaoRetriever(kb="nope")


def readme_snippet() -> tuple[str, str]:
    """The LangChain section's Python block and the output the README shows for it."""
    section = README.read_text(encoding="utf-8").split("### LangChain", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    shown = re.search(r"prints[^\n]*\n\n```\n(.*?)```", section, re.S)
    assert code and shown, "the README's LangChain section has its snippet and output"
    return code.group(1), shown.group(1)


def test_the_readme_snippet_runs_and_prints_what_the_readme_shows(
    seed_index_dir: Path, tmp_path: Path
) -> None:
    code, shown = readme_snippet()
    data = tmp_path / "data"
    shutil.copytree(seed_index_dir, data)
    env = {**os.environ, "WENBAO_DATA_DIR": str(data)}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 6 and lines[0].startswith("1 default ") and "plan_execution_report" in lines[0]
    # the README's output came from the development corpus, whose Gulou reports are the seeds
    assert [line.split()[:5] for line in lines[::2]] == [line.split()[:5] for line in shown.splitlines()[::2]]
