"""Every bad input is a 4xx with a sentence a person can act on; nothing stored changes."""

from __future__ import annotations

import contextlib
import io
import logging
import select
import shutil
import socket
import time
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from service_fixtures import ADMIN_TOKEN, LiveServer, fictional_report

from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.service.errors import RateLimitedError, ServiceBusyError
from wenbao.service.main import create_app
from wenbao.service.runtime import CpuWorkPool
from wenbao.service.security import ClientRateLimiter
from wenbao.settings import Settings

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"


def _detail(r: httpx.Response) -> str:
    body = r.json()
    return str(body["detail"] if "detail" in body else body["error"]["message"])


JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"question": ""}, "问题不能为空"),
        ({"question": "   \n\t "}, "问题不能为空"),
        ({"question": "问" * 501}, "最多 500 个字符"),
        ({"question": GDP_2024, "top_k": 0}, "top_k 必须是 1 到 20 之间的整数"),
        ({"question": GDP_2024, "top_k": 21}, "top_k 必须是 1 到 20 之间的整数"),
        ({"question": GDP_2024, "top_k": "五"}, "top_k 必须是整数"),
        ({"question": 42}, "必须是字符串"),
        ({"question": GDP_2024, "history": "上一个问题"}, "history 必须是数组"),
        ({"question": GDP_2024, "history": [{"role": "robot", "content": "x"}]}, "只能是"),
        ({}, "缺少必填字段 问题"),
        (["2024年GDP"], "必须是 JSON 对象"),
    ],
)
def test_bad_questions_are_422_with_a_sentence(api: httpx.Client, body: Any, needle: str) -> None:
    for path in ("/api/ask", "/api/ask/stream"):
        r = api.post(path, json=body)
        assert r.status_code == 422, (path, r.text)
        assert needle in _detail(r)


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b'{"question": "2024', "不是有效的 JSON"),
        ('{"question": "地区生产总值"}'.encode("gbk"), "UTF-8"),
        (b"", "缺少请求体"),
    ],
)
def test_invalid_json_or_encoding_is_422(api: httpx.Client, raw: bytes, needle: str) -> None:
    r = api.post("/api/ask", content=raw, headers=JSON)
    assert r.status_code == 422, r.text
    assert needle in _detail(r)


def test_search_rejects_blank_and_out_of_range(api: httpx.Client) -> None:
    blank = api.get("/api/search", params={"q": "  "})
    assert blank.status_code == 422 and "不能为空" in _detail(blank)
    missing = api.get("/api/search")
    assert missing.status_code == 422 and "缺少必填字段" in _detail(missing)
    too_many = api.get("/api/search", params={"q": "地区生产总值", "top_k": 50})
    assert too_many.status_code == 422 and "1 到 20" in _detail(too_many)


def test_unknown_document_chunk_and_path_are_404(api: httpx.Client) -> None:
    for path in ("/api/documents/no-such-report", "/api/chunks/no-such-chunk", "/api/nothing-here"):
        r = api.get(path)
        assert r.status_code == 404
        assert _detail(r)
    r = api.delete("/api/documents/no-such-report", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert r.status_code == 404


def _upload(api: httpx.Client, name: str, data: bytes, token: str | None = ADMIN_TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.post("/api/documents", params={"wait": "true"}, files={"file": (name, data)}, headers=headers)


def test_uploads_need_the_token(api: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="wenbao.service"):
        missing = _upload(api, "r.txt", "报告".encode(), token=None)
        wrong = _upload(api, "r.txt", "报告".encode(), token="not-the-token")
        wrong_delete = api.delete("/api/documents/anything", headers={"Authorization": "Bearer nope"})
    assert missing.status_code == 401
    assert "Authorization: Bearer" in _detail(missing)
    assert missing.headers["www-authenticate"] == "Bearer"
    assert wrong.status_code == 403 and "口令不正确" in _detail(wrong)
    assert wrong_delete.status_code == 403
    refused = [r.getMessage() for r in caplog.records if "refused admin request" in r.getMessage()]
    assert len(refused) == 3
    assert not any("not-the-token" in m or "nope" in m for m in refused), "tokens are never logged"


@pytest.mark.parametrize(
    ("name", "data", "status", "needle"),
    [
        ("report.exe", b"MZ\x90\x00binary", 415, ".exe"),
        ("report.txt", b"", 422, "空"),
        ("report.pdf", "这不是PDF，只是几行文字。".encode(), 422, ""),
        ("report.docx", b"PK\x03\x04 not really a docx", 422, ""),
        ("report.txt", bytes(range(256)) * 64, 422, ""),
    ],
)
def test_bad_uploads_are_refused_and_change_nothing(
    api: httpx.Client, name: str, data: bytes, status: int, needle: str
) -> None:
    before = api.get("/api/documents").json()
    r = _upload(api, name, data)
    assert r.status_code == status, r.text
    assert _detail(r) and needle in _detail(r)
    assert api.get("/api/documents").json() == before
    assert "1020.53" in api.post("/api/ask", json={"question": GDP_2024}).json()["answer"]


def _chunked_upload(port: int, total_bytes: int) -> tuple[int, str, int]:
    """Send a chunked multipart upload over a raw socket, reading the answer as soon as it comes.

    httpx writes a whole body before reading; a browser or curl reads the early 413, as here.
    """
    head = (
        "POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {ADMIN_TOKEN}\r\n"
        "Content-Type: multipart/form-data; boundary=b0undary\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    part = b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    piece = b"y" * 65536
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head + b"%x\r\n%s\r\n" % (len(part), part))
        while sent < total_bytes:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
        raw = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                raw += chunk
                if b"\r\n\r\n" in raw and raw.rstrip().endswith(b"}"):
                    break
    status_line, _, rest = raw.partition(b"\r\n")
    body = rest.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")
    return int(status_line.split()[1]), body, sent


def test_upload_too_large_is_413_before_it_is_read(api: httpx.Client, live_server: LiveServer) -> None:
    limit = int(live_server.app.state.settings.max_upload_mb * 1024 * 1024)
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    # Declared size: refused from Content-Length alone.
    big = api.post("/api/documents", files={"file": ("big.txt", b"x" * (limit + 200_000))}, headers=headers)
    assert big.status_code == 413
    assert "最多 2 MB" in _detail(big)

    # No Content-Length (chunked): counted while it streams in and cut off long before its end.
    status, detail, sent = _chunked_upload(live_server.port, total_bytes=50 * limit)
    assert status == 413
    assert "最多 2 MB" in detail
    assert sent < 10 * limit, "the server answered without reading the whole body"
    # An oversized question body is refused the same way.
    huge = api.post("/api/ask", content=b'{"question": "' + b"a" * 400_000 + b'"}', headers=JSON)
    assert huge.status_code == 413


def test_upload_with_the_wrong_request_shape(api: httpx.Client) -> None:
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    as_json = api.post("/api/documents", json={"file": "report.txt"}, headers=headers)
    assert as_json.status_code == 415 and "multipart/form-data" in _detail(as_json)
    no_file = api.post("/api/documents", files={"other": ("r.txt", io.BytesIO(b"x"))}, headers=headers)
    assert no_file.status_code == 422 and "file" in _detail(no_file)


def test_chat_completions_errors_are_openai_shaped(api: httpx.Client) -> None:
    no_user = api.post(
        "/v1/chat/completions", json={"model": "wenbao", "messages": [{"role": "system", "content": "x"}]}
    )
    assert no_user.status_code == 422
    assert "role 为 user" in no_user.json()["error"]["message"]
    empty = api.post("/v1/chat/completions", json={"model": "wenbao", "messages": []})
    assert empty.status_code == 422 and empty.json()["error"]["message"]


def _empty_server(data_dir: Path, embedder: Embedder, admin_token: str | None) -> LiveServer:
    settings = Settings(data_dir=data_dir, admin_token=admin_token, rate_limit_per_minute=0)
    app = create_app(settings, library=ReportLibrary(settings, embedder=embedder))
    server = LiveServer(app).start(wait_ready=False)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for _ in range(600):
            if client.get("/readyz").json()["status"] != "loading":
                break
            time.sleep(0.1)
    return server


def test_not_ready_service_says_why_and_uploads_disabled_say_how_to_enable(
    tmp_path: Path, shared_e5: Embedder, seed_index_dir: Path
) -> None:
    """An empty data dir: /readyz and questions say what to run; uploads without a token say how."""
    data_dir = tmp_path / "empty"
    server = _empty_server(data_dir, shared_e5, admin_token=None)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            assert client.get("/healthz").status_code == 200
            ready = client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["status"] == "failed"
            assert "wenbao ingest" in ready.json()["detail"]
            asked = client.post("/api/ask", json={"question": GDP_2024})
            assert asked.status_code == 503 and "wenbao ingest" in _detail(asked)
            assert asked.headers["retry-after"]
            assert client.get("/api/documents").status_code == 503
            disabled = client.post("/api/documents", files={"file": ("r.txt", "报告".encode())})
            assert disabled.status_code == 403
            assert "WENBAO_ADMIN_TOKEN" in _detail(disabled)

            # `wenbao ingest` in another terminal: the running service picks the index up.
            server.app.state.runtime.RETRY_AFTER_S = 0.0
            shutil.copytree(seed_index_dir, data_dir, dirs_exist_ok=True)
            for _ in range(600):
                if client.get("/readyz").status_code == 200:
                    break
                time.sleep(0.1)
            assert client.get("/readyz").status_code == 200
            assert "1020.53" in client.post("/api/ask", json={"question": GDP_2024}).json()["answer"]
    finally:
        server.stop()


def test_first_upload_into_an_empty_service_makes_it_ready(tmp_path: Path, shared_e5: Embedder) -> None:
    server = _empty_server(tmp_path / "empty", shared_e5, admin_token=ADMIN_TOKEN)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            assert client.get("/readyz").status_code == 503
            report = fictional_report("松岭区", 2016, gdp="234.56", growth="3.9", revenue="12.34")
            up = client.post(
                "/api/documents?wait=true",
                files={"file": ("songling-2016-h1.txt", report.encode())},
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            )
            assert up.status_code == 201, up.text
            assert client.get("/readyz").status_code == 200
            asked = client.post(
                "/api/ask", json={"question": "2016年上半年松岭区地区生产总值是多少？"}
            ).json()
            assert "234.56" in asked["answer"]
    finally:
        server.stop()


def test_rate_limit_answers_429_with_retry_after(live_server: LiveServer) -> None:
    limiter: ClientRateLimiter = live_server.app.state.rate_limiter
    previous = limiter.per_minute
    limiter.per_minute = 2
    try:
        with httpx.Client(base_url=live_server.url, timeout=60) as client:
            codes = [client.get("/api/search", params={"q": "地区生产总值"}).status_code for _ in range(3)]
            limited = client.get("/api/search", params={"q": "地区生产总值"})
            health = client.get("/healthz")
    finally:
        limiter.per_minute = previous
        limiter._buckets.clear()
    assert codes == [200, 200, 429]
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert "请求过于频繁" in _detail(limited)
    assert health.status_code == 200, "probes are never rate limited"


def test_rate_limiter_refills_over_time() -> None:
    limiter = ClientRateLimiter(per_minute=60)
    for _ in range(60):
        limiter.check("10.0.0.1", now=100.0)
    with pytest.raises(RateLimitedError, match="请求过于频繁"):
        limiter.check("10.0.0.1", now=100.0)
    limiter.check("10.0.0.2", now=100.0)  # another client has its own budget
    limiter.check("10.0.0.1", now=101.5)  # one request per second comes back


def test_work_pool_refuses_when_the_queue_is_full() -> None:
    """Overload becomes a quick 503 instead of an ever longer queue."""

    async def main() -> None:
        pool = CpuWorkPool(threads=1, max_queued=1)
        release = anyio.Event()
        waiting_started = anyio.Event()

        def block() -> str:
            anyio.from_thread.run(release.wait)
            return "done"

        results: list[str] = []

        async def run_one() -> None:
            waiting_started.set()
            results.append(await pool.run(block))

        async with anyio.create_task_group() as tg:
            tg.start_soon(run_one)
            tg.start_soon(run_one)
            await waiting_started.wait()
            while pool.in_flight < 2:
                await anyio.sleep(0.01)
            with pytest.raises(ServiceBusyError, match="服务繁忙"):
                await pool.run(block)
            release.set()
        assert results == ["done", "done"]

    anyio.run(main)
