"""Two `wenbao serve` replicas over one Milvus server: what one stores, the other answers.

The server is a real Milvus (PyPI ``milvus`` 2.3.5, embedded standalone) in a virtual
environment of its own, started by the test (benchmarks/milvus_server.py). The replicas share
the registry folder (as replicas share a volume) and the Milvus collection; each holds neither
the other's memory nor a copy of the vectors. Milvus 2.3 has no BM25 function, so the keyword
side is each replica's own (``WENBAO_MILVUS_KEYWORDS=local``); vectors and the scope filters are
the server's. Skipped, with the reason, when the server's environment cannot be installed or the
server does not start here.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from reliability_support import district_report

from wenbao.benchmarks.milvus_server import MilvusServerProcess, MilvusUnavailable
from wenbao.benchmarks.server_process import ServerProcess
from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

pytestmark = pytest.mark.slow

TOKEN = "replica-test-token-5e1d-a09c"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
# An upload through one replica is answered by the other within this bound: the reader's reload
# check (ReportLibrary.RELOAD_CHECK_S, 0.5 s) plus loading the new version's registry, with room
# for a loaded 2-core machine. The measured delay is printed (pytest -s).
VISIBLE_WITHIN_S = 30.0


@pytest.fixture(scope="module")
def milvus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MilvusServerProcess]:
    server = MilvusServerProcess(tmp_path_factory.mktemp("milvus-server"))
    try:
        server.start()
    except MilvusUnavailable as exc:
        pytest.skip(f"no Milvus server here: {exc}")
    print(f"\nMilvus 2.3.5 standalone ready in {server.start_s:.1f} s at {server.uri}")
    yield server
    server.stop()


def wait_for(what: str, check: Callable[[], bool], timeout_s: float) -> float:
    """Seconds until ``check()`` held (fails after ``timeout_s``)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{what} not seen within {timeout_s:g} s")


def top_doc(url: str, question: str, **params: object) -> str | None:
    r = httpx.get(f"{url}/api/search", params={"q": question, "top_k": 3, **params}, timeout=60)
    assert r.status_code == 200, r.text
    hits = r.json()["results"]
    return str(hits[0]["doc_id"]) if hits else None


def test_an_upload_through_one_replica_is_answered_by_the_other(
    milvus_server: MilvusServerProcess, seed_index_dir: Path, tmp_path: Path, shared_e5: E5Embedder
) -> None:
    data = tmp_path / "shared-data"
    shutil.copytree(seed_index_dir, data)
    env = {
        "WENBAO_STORE": "milvus",
        "WENBAO_MILVUS_URI": milvus_server.uri,
        "WENBAO_MILVUS_KEYWORDS": "local",
        "WENBAO_MILVUS_COLLECTION_PREFIX": "replicas",
        "WENBAO_ADMIN_TOKEN": TOKEN,
        "WENBAO_RATE_LIMIT_PER_MINUTE": "0",
    }
    # Move the seed index into the server's collection (its stored vectors reused).
    settings = Settings(
        data_dir=data,
        store="milvus",
        milvus_uri=milvus_server.uri,
        milvus_keywords="local",
        milvus_collection_prefix="replicas",
    )
    mover = ReportLibrary(settings, embedder=shared_e5)
    mover.rebuild()
    mover.close()

    with ServerProcess(data, env=env) as a, ServerProcess(data, env=env) as b:
        a.wait_ready()
        b.wait_ready()
        question = "临川区2017年上半年地区生产总值是多少"
        assert top_doc(b.url, question, year=2017) is None  # no 2017 report yet

        report = district_report("临川区", 2017, "612.48").encode("utf-8")
        uploaded = httpx.post(
            f"{a.url}/api/documents?wait=true",
            files={"file": ("linchuan-2017-h1.txt", report, "text/plain")},
            headers=ADMIN,
            timeout=300,
        )
        assert uploaded.status_code == 201, uploaded.text
        doc_id = uploaded.json()["doc_id"]

        delay = wait_for(
            "the upload on the other replica", lambda: top_doc(b.url, question) == doc_id, VISIBLE_WITHIN_S
        )
        print(f"upload through A answered by B after {delay:.2f} s")
        answer = httpx.post(f"{b.url}/api/ask", json={"question": question}, timeout=120).json()
        assert "612.48" in answer["answer"] and answer["citations"][0]["doc_id"] == doc_id
        # the year scope is the server's filter expression: only the 2017 report's passages
        assert top_doc(b.url, "地区生产总值", year=2017) == doc_id
        assert top_doc(b.url, "2024年上半年地区生产总值是多少") == "gulou-2024-h1"

        removed = httpx.delete(f"{b.url}/api/documents/{doc_id}", headers=ADMIN, timeout=120)
        assert removed.status_code == 204, removed.text
        delay = wait_for(
            "the delete on the first replica",
            lambda: top_doc(a.url, question, year=2017) is None,
            VISIBLE_WITHIN_S,
        )
        print(f"delete through B seen by A after {delay:.2f} s")
        assert "Traceback" not in a.log() + b.log()
