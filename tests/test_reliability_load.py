"""Under load: uploads and deletes while eight clients ask, and overload answered with
quick 503s, over a real uvicorn server on a socket."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from reliability_support import answer_side, district_report
from service_fixtures import LiveServer

from wenbao.index.library import ReportLibrary
from wenbao.service.main import create_app

TOKEN = "reliability-load-token-5b1e"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
SEED_QUESTIONS = {
    "2024年上半年鼓楼区地区生产总值是多少？": "1020.53",
    "2021年上半年鼓楼区地区生产总值是多少？": "907.27",
}
NEW_DISTRICT, NEW_YEAR, NEW_GDP = "临川区", 2017, "612.48"
NEW_QUESTION = f"{NEW_YEAR}年上半年{NEW_DISTRICT}地区生产总值是多少？"


@dataclass
class Exchange:
    question: str
    started: float
    ended: float
    status: int
    body: dict[str, Any]


def _server(library: ReportLibrary, **overrides: Any) -> LiveServer:
    settings = library.settings.model_copy(
        update={"admin_token": TOKEN, "rate_limit_per_minute": 0, **overrides}
    )
    # The app gets the library already warmed (the session's embedder): it still loads
    # the index in its lifespan, and serves it over a real socket.
    return LiveServer(create_app(settings, library=library)).start()


@pytest.fixture
def server(seed_library: ReportLibrary) -> Iterator[LiveServer]:
    live = _server(seed_library)
    yield live
    live.stop()


def test_upload_and_delete_while_eight_clients_ask(server: LiveServer) -> None:
    """No request fails; each answer is wholly the old index's or wholly the new one's;
    the upload answers as soon as it returns, the delete refuses as soon as it returns."""
    questions = [*SEED_QUESTIONS, NEW_QUESTION, NEW_QUESTION]
    exchanges: list[Exchange] = []
    failures: list[str] = []
    stop = threading.Event()

    def client(i: int) -> None:
        with httpx.Client(base_url=server.url, timeout=120) as http:
            n = i
            while not stop.is_set():
                q = questions[n % len(questions)]
                n += 1
                t0 = time.monotonic()
                try:
                    r = http.post("/api/ask", json={"question": q})
                except httpx.HTTPError as exc:  # a dropped connection is a failed request too
                    failures.append(f"{q}: {exc!r}")
                    continue
                body = r.json()
                exchanges.append(Exchange(q, t0, time.monotonic(), r.status_code, body))

    def answered_since(t: float) -> None:
        """Wait until two answers to the new question were asked after t (clients keep asking)."""
        deadline = time.monotonic() + 120
        while sum(e.question == NEW_QUESTION and e.started > t for e in exchanges) < 2:
            assert time.monotonic() < deadline and not failures, failures
            time.sleep(0.05)

    report = district_report(NEW_DISTRICT, NEW_YEAR, NEW_GDP).encode("utf-8")
    with httpx.Client(base_url=server.url, timeout=300) as admin, ThreadPoolExecutor(8) as pool:
        clients = [pool.submit(client, i) for i in range(8)]
        try:
            answered_since(0.0)
            upload_sent = time.monotonic()
            up = admin.post(
                "/api/documents?wait=true", files={"file": ("linchuan-2017-h1.txt", report)}, headers=ADMIN
            )
            upload_done = time.monotonic()
            assert up.status_code == 201, up.text
            doc_id = up.json()["doc_id"]
            answered_since(upload_done)
            delete_sent = time.monotonic()
            deleted = admin.delete(f"/api/documents/{doc_id}", headers=ADMIN)
            delete_done = time.monotonic()
            assert deleted.status_code == 204, deleted.text
            answered_since(delete_done)
        finally:
            stop.set()
            for c in clients:
                c.result()

    assert failures == []
    assert [e for e in exchanges if e.status != 200] == []
    for e in exchanges:
        if e.question in SEED_QUESTIONS:
            assert SEED_QUESTIONS[e.question] in e.body["answer"], e.body
    about_new = [e for e in exchanges if e.question == NEW_QUESTION]
    sides = [(e, answer_side(e.body, doc_id, NEW_GDP)) for e in about_new]
    assert [e.body for e, side in sides if side == "mixed"] == []
    # What the clock says about each answer: before the upload was sent and after the delete
    # returned only the old index exists; between the upload's return and the delete's start, the new.
    for e, side in sides:
        if e.ended < upload_sent or e.started > delete_done:
            assert side == "old", e.body
        elif e.started > upload_done and e.ended < delete_sent:
            assert side == "new", e.body
    assert {side for e, side in sides if upload_done < e.started and e.ended < delete_sent} == {"new"}
    assert {side for e, side in sides if e.started > delete_done} == {"old"}


def test_overload_gets_quick_503s_and_the_service_recovers(seed_library: ReportLibrary) -> None:
    """One worker and room for two waiting: a burst of sixteen gets 200s and 503s with
    Retry-After and a sentence, never a 500 or a hang; afterwards everything is answered."""
    live = _server(seed_library, worker_threads=1, max_queued_requests=2)
    try:
        barrier = threading.Barrier(16)

        def burst(i: int) -> httpx.Response:
            with httpx.Client(base_url=live.url, timeout=120) as http:
                barrier.wait()
                q = list(SEED_QUESTIONS)[i % 2]
                return http.post("/api/ask", json={"question": f"{q}（第{i}问）"})

        with ThreadPoolExecutor(16) as pool:
            responses = list(pool.map(burst, range(16)))
        statuses = sorted(r.status_code for r in responses)
        assert set(statuses) == {200, 503}, statuses
        busy = [r for r in responses if r.status_code == 503]
        assert all("服务繁忙" in r.json()["detail"] and int(r.headers["retry-after"]) >= 1 for r in busy)
        assert all(r.json()["answerable"] for r in responses if r.status_code == 200)
        with httpx.Client(base_url=live.url, timeout=120) as http:
            after = [http.post("/api/ask", json={"question": q}) for q in SEED_QUESTIONS]
        assert [r.status_code for r in after] == [200, 200]
        assert all(fig in r.json()["answer"] for r, fig in zip(after, SEED_QUESTIONS.values(), strict=True))
    finally:
        live.stop()
