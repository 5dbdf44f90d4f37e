"""Feedback and the query log over a real uvicorn server: what an admin sees of what residents asked."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from service_fixtures import ADMIN_TOKEN, LiveServer, read_sse
from typer.testing import CliRunner

from wenbao.benchmarks.server_process import ServerProcess
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.service.main import create_app
from wenbao.service.querylog import LOG_FILE, QueryLog, QueryRecord
from wenbao.settings import Settings

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# Near-identical askings of something the reports do not say, and one unrelated refusal.
# (the seeds have no report of 2023 or 2019).
GDP_2023 = [
    "2023年上半年鼓楼区地区生产总值是多少？",
    "2023年上半年鼓楼区的地区生产总值是多少",
    "2023 年上半年鼓楼区地区生产总值是多少呢？",
]
REVENUE_2019 = "2019年全年一般公共预算收入完成了多少？"


def _server(data_dir: Path, embedder: Embedder) -> LiveServer:
    settings = Settings(data_dir=data_dir, admin_token=ADMIN_TOKEN, llm_base_url=None)
    return LiveServer(create_app(settings, library=ReportLibrary(settings, embedder=embedder))).start()


@pytest.fixture
def own_data_dir(seed_index_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(seed_index_dir, target)
    return target


@pytest.fixture
def own_server(own_data_dir: Path, shared_e5: Embedder) -> Iterator[LiveServer]:
    server = _server(own_data_dir, shared_e5)
    yield server
    server.stop()


def test_feedback_round_trip_shows_the_comment_in_the_queries_and_the_report(api: httpx.Client) -> None:
    answer = api.post("/api/ask", json={"question": GDP_2024}).json()
    assert len(answer["answer_id"]) >= 16
    r = api.post(
        "/api/feedback", json={"answer_id": answer["answer_id"], "rating": "down", "comment": "想看全年的"}
    )
    assert r.status_code == 200, r.text
    down = api.get("/api/admin/queries", params={"rating": "down"}, headers=ADMIN).json()["queries"]
    mine = next(q for q in down if q["answer_id"] == answer["answer_id"])
    assert mine["question"] == GDP_2024
    assert mine["comment"] == "想看全年的"
    assert mine["answerable"] is True
    assert mine["chunk_ids"] == [c["chunk_id"] for c in answer["citations"]]
    report = api.get("/api/admin/report", headers=ADMIN).json()
    assert any(
        d["answer_id"] == answer["answer_id"] and d["comment"] == "想看全年的" for d in report["downvoted"]
    )
    # A later rating replaces the earlier one.
    api.post("/api/feedback", json={"answer_id": answer["answer_id"], "rating": "up"})
    up = api.get("/api/admin/queries", params={"rating": "up"}, headers=ADMIN).json()["queries"]
    assert answer["answer_id"] in {q["answer_id"] for q in up}


def test_streamed_and_openai_answers_carry_an_id_that_takes_feedback(api: httpx.Client) -> None:
    stream = read_sse(api, "/api/ask/stream", {"question": GDP_2024})
    done = next(e.data for e in stream.events if e.event == "done")
    assert api.post("/api/feedback", json={"answer_id": done["answer_id"], "rating": "up"}).status_code == 200
    chat = api.post(
        "/v1/chat/completions", json={"model": "wenbao", "messages": [{"role": "user", "content": GDP_2024}]}
    )
    body = chat.json()
    assert body["id"] == f"chatcmpl-{body['wenbao']['answer_id']}"
    assert api.post("/api/feedback", json={"answer_id": body["id"], "rating": "up"}).status_code == 200


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"answer_id": "0" * 32, "rating": "up"}, 404, "找不到这条回答"),
        ({"answer_id": "x", "rating": "meh"}, 422, "评价 rating 只能是"),
        ({"answer_id": "x", "rating": "down", "comment": "太长" * 251}, 422, "最多 500 个字符"),
        ({"rating": "up"}, 422, "缺少必填字段 answer_id"),
    ],
)
def test_bad_feedback_is_refused_with_a_sentence(
    api: httpx.Client, payload: dict[str, object], status: int, words: str
) -> None:
    r = api.post("/api/feedback", json=payload)
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]


def test_the_query_log_needs_the_admin_token(api: httpx.Client) -> None:
    assert api.get("/api/admin/queries").status_code == 401
    assert api.get("/api/admin/report", headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_near_identical_refused_questions_are_one_group_and_survive_a_restart(
    own_server: LiveServer, own_data_dir: Path, shared_e5: Embedder
) -> None:
    with httpx.Client(base_url=own_server.url, timeout=60) as api:
        for q in [*GDP_2023, REVENUE_2019, GDP_2024]:
            api.post("/api/ask", json={"question": q}).raise_for_status()
    own_server.stop()  # a graceful stop writes whatever is queued
    restarted = _server(own_data_dir, shared_e5)
    try:
        with httpx.Client(base_url=restarted.url, timeout=60) as api:
            report = api.get("/api/admin/report", headers=ADMIN).json()
            csv_text = api.get("/api/admin/queries", params={"format": "csv"}, headers=ADMIN).text
    finally:
        restarted.stop()
    assert report["total"] == 5
    groups = report["refused_groups"]
    gdp_2023 = next((g for g in groups if g["question"] in GDP_2023), None)
    assert gdp_2023 is not None, report
    assert sorted(gdp_2023["questions"]) == sorted(GDP_2023)
    assert gdp_2023["count"] == 3
    assert any(g["questions"] == [REVENUE_2019] for g in groups)
    assert all(GDP_2024 not in g["questions"] for g in groups)
    # A byte-order mark first: Excel then reads the Chinese as UTF-8.
    assert csv_text.splitlines()[0].startswith("\ufeffasked_at,kb,question")
    assert REVENUE_2019 in csv_text


def test_the_cli_report_prints_the_same_groups(own_server: LiveServer, own_data_dir: Path) -> None:
    from wenbao.cli import app

    with httpx.Client(base_url=own_server.url, timeout=60) as api:
        for q in GDP_2023:
            api.post("/api/ask", json={"question": q}).raise_for_status()
    own_server.stop()
    result = CliRunner().invoke(app, ["report"], env={"WENBAO_DATA_DIR": str(own_data_dir)})
    assert result.exit_code == 0, result.output
    assert "报告中没有答案的问题" in result.output
    assert result.output.count("鼓楼区") >= 3
    bad = CliRunner().invoke(app, ["report", "--since", "昨天"], env={"WENBAO_DATA_DIR": str(own_data_dir)})
    assert bad.exit_code == 2
    assert "YYYY-MM-DD" in bad.output


def test_a_broken_log_never_stops_answering(
    own_data_dir: Path, shared_e5: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    (own_data_dir / LOG_FILE).mkdir()  # the log's path is taken by a directory: it cannot be opened
    server = _server(own_data_dir, shared_e5)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as api:
            for _ in range(2):
                r = api.post("/api/ask", json={"question": GDP_2024})
                assert r.status_code == 200, r.text
                assert "1020.53" in r.json()["answer"]
            feedback = api.post("/api/feedback", json={"answer_id": r.json()["answer_id"], "rating": "up"})
            assert feedback.status_code in (404, 503)
            assert feedback.json()["detail"]
    finally:
        server.stop()
    opened = [
        rec for rec in caplog.records if rec.name == "wenbao.querylog" and "cannot be opened" in rec.message
    ]
    assert len(opened) == 1


@pytest.mark.slow
def test_kill_9_loses_at_most_the_records_in_flight(own_data_dir: Path, shared_e5: Embedder) -> None:
    """A `wenbao serve` killed with SIGKILL: every question logged before the last flush is there,
    with its rating; the file is intact; the next process logs on where the last one stopped."""
    with ServerProcess(own_data_dir, env={"WENBAO_ADMIN_TOKEN": ADMIN_TOKEN}) as server:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=60) as api:
            settled = [api.post("/api/ask", json={"question": q}).json()["answer_id"] for q in GDP_2023]
            # Feedback waits for the writer: everything asked so far is committed when it returns.
            api.post("/api/feedback", json={"answer_id": settled[-1], "rating": "down", "comment": "要全年"})
            for _ in range(3):  # in flight at the kill, or already written: either is allowed
                api.post("/api/ask", json={"question": GDP_2024}).raise_for_status()
        assert server.kill() == -signal.SIGKILL
    with sqlite3.connect(own_data_dir / LOG_FILE) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = dict(conn.execute("SELECT answer_id, rating FROM queries").fetchall())
    assert set(settled) <= set(rows)
    assert rows[settled[-1]] == "down"
    assert len(rows) <= len(settled) + 3

    restarted = _server(own_data_dir, shared_e5)
    try:
        with httpx.Client(base_url=restarted.url, timeout=60) as api:
            api.post("/api/ask", json={"question": REVENUE_2019}).raise_for_status()
            report = api.get("/api/admin/report", headers=ADMIN).json()
    finally:
        restarted.stop()
    assert report["total"] == len(rows) + 1
    assert any(d["answer_id"] == settled[-1] and d["comment"] == "要全年" for d in report["downvoted"])


def test_the_admin_sees_every_question_answered_before_asking(tmp_path: Path) -> None:
    """The writer is a background thread: the report and the list wait for it rather than
    showing the log as it was a moment ago."""
    log = QueryLog(tmp_path / LOG_FILE, retention_days=180)
    now = time.time()
    try:
        for i in range(300):
            asked = f"问题{i}"
            log.record(QueryRecord(f"id{i}", now - 300 + i, "default", asked, asked, i % 3 > 0, [], 1.0))
        assert log.report()["total"] == 300
        last = "最后一个问题"
        log.record(QueryRecord("last", now, "default", last, last, False, [], 1.0))
        assert log.queries(limit=1)[0]["answer_id"] == "last"
    finally:
        log.stop()
