"""Answer processes (WENBAO_ANSWER_PROCESSES): the default base's questions answered in processes of
their own give the service's answers, follow every index version the service writes, and read the
sentence vectors its fill writes."""

from __future__ import annotations

import multiprocessing
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from service_fixtures import ADMIN_TOKEN, LiveServer, fictional_report, read_sse

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.drafts import SentenceVectors
from wenbao.answering.history import Turn
from wenbao.answering.sentence_fill import fill_key, fill_path, write_vectors
from wenbao.index import embedders
from wenbao.index.embedders import Embedder, count_admitted_from, others_working
from wenbao.index.library import ReportLibrary
from wenbao.ingest import pipeline
from wenbao.service.answer_processes import AnswerProcesses, _Follower
from wenbao.service.main import create_app
from wenbao.settings import Settings

QUESTION = "2019年上半年临江区地区生产总值是多少？"
SEED_QUESTION = "2024年上半年鼓楼区地区生产总值是多少？"


@pytest.fixture(scope="module")
def process_server(
    seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, Path]]:
    data = tmp_path_factory.mktemp("answer-processes") / "data"
    shutil.copytree(seed_index_dir, data)
    settings = Settings(
        data_dir=data,
        admin_token=ADMIN_TOKEN,
        rate_limit_per_minute=0,
        answer_processes=1,
        sentence_fill="off",
        llm_base_url=None,
    )
    server = LiveServer(create_app(settings)).start()
    deadline = time.monotonic() + 300
    while httpx.get(f"{server.url}/readyz").json().get("answer_processes") != "ready":
        assert time.monotonic() < deadline, "the answer process did not get ready"
        time.sleep(0.2)
    yield server, data
    server.stop()


def _processes(server: LiveServer) -> AnswerProcesses:
    processes = server.app.state.runtime.answer_processes
    assert processes is not None
    return processes


def test_an_answer_process_gives_the_services_answer(
    process_server: tuple[LiveServer, Path], shared_e5: Embedder
) -> None:
    server, data = process_server
    processes = _processes(server)
    history = [{"role": "user", "content": SEED_QUESTION}, {"role": "assistant", "content": "……"}]
    with httpx.Client(base_url=server.url, timeout=60) as api:
        before = processes.answered
        single = api.post("/api/ask", json={"question": SEED_QUESTION}).json()
        follow_up = api.post("/api/ask", json={"question": "同比增长多少？", "history": history}).json()
        assert processes.answered == before + 2, "both were answered in the answer process"
    # The same answers in process, over the same index.
    answerer = ReportAnswerer(
        ReportLibrary(Settings(data_dir=data), embedder=shared_e5), Settings(data_dir=data)
    )
    turns = [Turn(role=t["role"], content=t["content"]) for t in history]
    for got, want in (
        (single, answerer.ask(SEED_QUESTION)),
        (follow_up, answerer.ask("同比增长多少？", history=turns)),
    ):
        assert got["answer"] == want.answer
        assert got["answerable"] == want.answerable
        assert [c["chunk_id"] for c in got["citations"]] == [c.chunk.chunk_id for c in want.citations]
    assert "1020.53" in single["answer"]


def test_an_answer_process_follows_uploads_and_deletes(process_server: tuple[LiveServer, Path]) -> None:
    server, _ = process_server
    processes = _processes(server)
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    report = fictional_report("临江区", 2019, gdp="345.67", growth="5.1", revenue="28.09")
    with httpx.Client(base_url=server.url, timeout=60) as api:
        assert api.post("/api/ask", json={"question": QUESTION}).json()["answerable"] is False
        up = api.post(
            "/api/documents",
            params={"wait": "true"},
            files={"file": ("linjiang-2019-h1.txt", report.encode("utf-8"))},
            headers=headers,
        )
        assert up.status_code == 201, up.text
        before = processes.answered
        # At once: the question carries the version the service answers from.
        asked = api.post("/api/ask", json={"question": QUESTION}).json()
        assert asked["answerable"] is True and "345.67" in asked["answer"]
        streamed = read_sse(api, "/api/ask/stream", {"question": QUESTION})
        assert "345.67" in streamed.events[-1].data["answer"]
        assert processes.answered == before + 2
        assert api.delete(f"/api/documents/{up.json()['doc_id']}", headers=headers).status_code == 204
        after = api.post("/api/ask", json={"question": QUESTION}).json()
        assert after["answerable"] is False and "345.67" not in after["answer"]
        # Other routes stay in the service's process and still work beside it.
        assert api.get("/api/documents").status_code == 200
        assert api.post("/api/ask", json={"question": QUESTION, "kb": "nope"}).status_code == 404


def test_an_answer_process_reads_the_fills_vectors_when_the_file_changes(seed_library: ReportLibrary) -> None:
    library = seed_library
    version = library.version
    assert version is not None
    key = fill_key(library.embedder.name, pipeline.CHUNKER_VERSION)
    path = fill_path(library.store.version_dir(version), key)
    vectors = SentenceVectors(size=10)
    follower = _Follower(library, vectors)
    follower.look()  # no file yet: nothing published, nothing fails
    kept = np.ones(library.embedder.dim, dtype=np.float32)
    write_vectors(path, key, {"一句话。": kept}, library.embedder.dim)
    follower.look()
    assert np.array_equal(vectors.get(library.embedder, "一句话。"), kept)
    assert vectors.made == 0


def test_an_embedding_in_an_answer_process_counts_the_services_other_requests() -> None:
    admitted = multiprocessing.get_context("spawn").RawValue("i", 1)
    try:
        count_admitted_from(admitted)
        assert not others_working()  # its own request only: every core
        admitted.value = 3
        assert others_working()  # two more in the service: one core
    finally:
        embedders._elsewhere = None
