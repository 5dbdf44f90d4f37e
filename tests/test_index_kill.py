"""A real `kill -9` of an ingest in another process leaves the previous index loadable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from index_reports import write_report

from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

INGEST = (
    "import sys; from pathlib import Path; from wenbao.index.library import ReportLibrary; "
    "ReportLibrary().ingest([Path(sys.argv[1])])"
)


def staging_dirs(data: Path) -> list[Path]:
    return sorted((data / "versions").glob(".staging-*"))


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the ingest finished (exit {proc.returncode}) before it could be killed")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the ingest never reached the point where it should be killed")
        time.sleep(0.002)


@pytest.mark.slow
def test_sigkill_during_ingest_keeps_the_previous_index(
    seed_index_dir: Path, _isolated_data_dir: Path, tmp_path: Path, shared_e5: E5Embedder
) -> None:
    data = _isolated_data_dir
    shutil.copytree(seed_index_dir, data)
    current = (data / "CURRENT").read_text()
    folder = tmp_path / "reports"
    for seed, (district, year) in enumerate(
        [("秦淮区", 2023), ("玄武区", 2022), ("建邺区", 2021), ("栖霞区", 2020)]
    ):
        write_report(folder, f"report-{seed}.txt", district, year, seed=seed)

    stages: list[Callable[[], bool]] = [
        # right after the writer started its new version
        lambda: bool(staging_dirs(data)),
        # midway: the first new document is written, the next one is being embedded
        lambda: any(any((d / "documents").glob("*.json")) for d in staging_dirs(data)),
    ]
    for reached in stages:
        env = {**os.environ, "WENBAO_DATA_DIR": str(data)}
        proc = subprocess.Popen([sys.executable, "-c", INGEST, str(folder)], env=env)
        wait_for(reached, proc)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL

        assert (data / "CURRENT").read_text() == current
        library = ReportLibrary(Settings(data_dir=data), embedder=shared_e5)
        library.warm_up()
        assert {d.meta.doc_id for d in library.documents()} == {"gulou-2021-h1", "gulou-2024-h1"}
        hit = library.search("2024年上半年技术合同成交额是多少", top_k=1)[0]
        assert hit.chunk.doc_id == "gulou-2024-h1" and "技术合同成交额" in hit.chunk.text

    # the next writer sweeps the half-written version and completes
    library.ingest([folder])
    assert staging_dirs(data) == []
    assert len(library.documents()) == 6
    reopened = ReportLibrary(Settings(data_dir=data), embedder=shared_e5)
    reopened.warm_up()
    assert len(reopened.documents()) == 6
