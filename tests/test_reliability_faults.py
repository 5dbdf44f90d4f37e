"""Faults with a real server process: kill -9 mid-upload, SIGTERM with requests in
flight, writes that fail, a 2 GB upload, a corrupt index at start."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from reliability_support import copy_index, district_report

from wenbao.benchmarks.server_process import ServerProcess

TOKEN = "reliability-faults-token-91c4"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"
UPLOAD_MB = 2


def _server(data: Path) -> ServerProcess:
    env = {
        "WENBAO_ADMIN_TOKEN": TOKEN,
        "WENBAO_RATE_LIMIT_PER_MINUTE": "0",
        "WENBAO_MAX_UPLOAD_MB": str(UPLOAD_MB),
    }
    return ServerProcess(data, env=env)


def _ask(url: str, question: str) -> dict[str, object]:
    r = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=120)
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def _doc_ids(url: str) -> set[str]:
    return {d["doc_id"] for d in httpx.get(f"{url}/api/documents", timeout=60).json()}


def _children(pid: int) -> list[int]:
    ps = ["ps", "-o", "pid=", "--ppid", str(pid)]
    out = subprocess.run(ps, capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


def _live_manifest(data: Path) -> dict[str, Any]:
    version = (data / "CURRENT").read_text(encoding="utf-8").strip()
    manifest: dict[str, Any] = json.loads((data / "versions" / version / "manifest.json").read_text())
    return manifest


@pytest.fixture(scope="module")
def served(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server process over a copy of the seed index, for the tests that do not end it."""
    data = copy_index(seed_index_dir, tmp_path_factory.mktemp("faults") / "data")
    with _server(data) as server:
        server.wait_ready()
        yield server


def test_kill_9_during_an_upload_job_leaves_a_loadable_index_and_a_failed_job(
    seed_index_dir: Path, tmp_path: Path
) -> None:
    data = copy_index(seed_index_dir, tmp_path / "data")
    # Enough passages that the job is still embedding when the kill comes.
    report = district_report("临川区", 2017, "612.48", sections=8).encode("utf-8")
    live_before = (data / "CURRENT").read_text()
    server = _server(data).start().wait_ready()
    try:
        accepted = httpx.post(
            f"{server.url}/api/documents",
            files={"file": ("linchuan-2017-h1.txt", report)},
            headers=ADMIN,
            timeout=300,
        )
        assert accepted.status_code == 202, accepted.text
        job = accepted.json()
        # Kill while the job works: once it embeds or its staging folder holds a file
        # (or, on a very fast machine, once the new version is already committed).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            staging = [p for p in (data / "versions").glob(".staging-*/**/*") if p.is_file()]
            status = httpx.get(f"{server.url}{accepted.headers['location']}", headers=ADMIN).json()["status"]
            if staging or status in ("embedding", "done") or (data / "CURRENT").read_text() != live_before:
                break
            time.sleep(0.01)
        children = _children(server.pid)
        assert children, "the job embeds in a child process"
        assert server.kill() == -9
        # The embedding child does not outlive its server (it would hold a model's memory forever).
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(Path(f"/proc/{pid}").exists() for pid in children)
    finally:
        server.stop()

    with _server(data) as again:
        again.wait_ready()
        assert "1020.53" in str(_ask(again.url, GDP_2024)["answer"])
        asked = _ask(again.url, "2017年上半年临川区地区生产总值是多少？")
        after = httpx.get(f"{again.url}/api/jobs/{job['id']}", headers=ADMIN, timeout=60).json()
        if job["doc_id"] in _doc_ids(again.url):  # committed before the kill: wholly there
            print("kill -9 came after the commit: the upload is wholly there")
            assert "612.48" in str(asked["answer"])
        else:  # or wholly absent, and its job says so
            print("kill -9 came before the commit: the upload is wholly absent")
            assert asked["answerable"] is False and "612.48" not in str(asked["answer"])
            assert after["status"] == "failed" and "重新上传" in after["message"], after
        # The next upload clears what the killed writer left and succeeds.
        retry = httpx.post(
            f"{again.url}/api/documents",
            params={"wait": "true", "replace": "true"},
            files={"file": ("linchuan-2017-h1.txt", report)},
            headers=ADMIN,
            timeout=300,
        )
        assert retry.status_code in (200, 201), retry.text
        assert "612.48" in str(_ask(again.url, "2017年上半年临川区地区生产总值是多少？")["answer"])
        assert list((data / "versions").glob(".staging-*")) == []


def _slow_json(question: str, go_on: threading.Event) -> Iterator[bytes]:
    """A request body sent in two pieces: the second only after `go_on` (SIGTERM sent)."""
    raw = json.dumps({"question": question}, ensure_ascii=False).encode("utf-8")
    yield raw[:5]
    go_on.wait(60)
    time.sleep(0.3)
    yield raw[5:]


def _slow_upload(name: str, data: bytes, boundary: str, go_on: threading.Event) -> Iterator[bytes]:
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    go_on.wait(60)
    for i in range(0, len(data), 1024):
        time.sleep(0.05)
        yield data[i : i + 1024]
    yield f"\r\n--{boundary}--\r\n".encode()


def test_sigterm_finishes_requests_in_flight_then_exits_0(seed_index_dir: Path, tmp_path: Path) -> None:
    data = copy_index(seed_index_dir, tmp_path / "data")
    report = district_report("临川区", 2017, "612.48").encode("utf-8")
    server = _server(data).start().wait_ready()
    sigterm_sent = threading.Event()
    boundary = "wenbao-reliability-boundary"
    try:
        with httpx.Client(base_url=server.url, timeout=300) as http, ThreadPoolExecutor(5) as pool:
            asks = [
                pool.submit(
                    http.post,
                    "/api/ask",
                    content=_slow_json(GDP_2024, sigterm_sent),
                    headers={"Content-Type": "application/json"},
                )
                for _ in range(4)
            ]
            upload = pool.submit(
                http.post,
                "/api/documents?wait=true",
                content=_slow_upload("linchuan-2017-h1.txt", report, boundary, sigterm_sent),
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}", **ADMIN},
            )
            time.sleep(1.0)  # every request has sent its headers and part of its body
            assert server.proc is not None
            server.proc.send_signal(signal.SIGTERM)
            sigterm_sent.set()
            answers = [a.result() for a in asks]
            uploaded = upload.result()
        exit_code = server.proc.wait(120)
    finally:
        server.stop()
    assert exit_code == 0, server.log()
    assert [a.status_code for a in answers] == [200] * 4
    assert all("1020.53" in a.json()["answer"] for a in answers)
    assert uploaded.status_code == 201, uploaded.text
    stored = [d["doc_id"] for d in _live_manifest(data)["documents"]]
    assert uploaded.json()["doc_id"] in stored, "the upload in flight was committed before the exit"
    assert "Traceback" not in server.log()


def test_failing_writes_are_a_clear_error_and_the_old_index_keeps_serving(served: ServerProcess) -> None:
    """The data dir stops taking writes (a file size limit on the server process: EFBIG,
    which root gets too, like a full disk or a quota): the upload is refused with a
    sentence, nothing stored changes, questions are answered; then writes work again."""
    data = served.data_dir
    before_ids = _doc_ids(served.url)
    live = (data / "CURRENT").read_text()
    report = district_report("临川区", 2017, "612.48").encode("utf-8")
    limit = 64 * 1024  # below the FAISS file of the seeds alone
    resource.prlimit(served.pid, resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    try:
        refused = httpx.post(
            f"{served.url}/api/documents?wait=true",
            files={"file": ("linchuan-2017-h1.txt", report)},
            headers=ADMIN,
            timeout=300,
        )
        assert refused.status_code == 507, refused.text
        assert "无法写入数据目录" in refused.json()["detail"]
        assert "原有索引保持不变" in refused.json()["detail"]
        assert _doc_ids(served.url) == before_ids
        assert "1020.53" in str(_ask(served.url, GDP_2024)["answer"])
        assert (data / "CURRENT").read_text() == live
        assert list((data / "versions").glob(".staging-*")) == []
    finally:
        resource.prlimit(served.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    accepted = httpx.post(
        f"{served.url}/api/documents?wait=true",
        files={"file": ("linchuan-2017-h1.txt", report)},
        headers=ADMIN,
        timeout=300,
    )
    assert accepted.status_code == 201, accepted.text
    deleted = httpx.delete(
        f"{served.url}/api/documents/{accepted.json()['doc_id']}", headers=ADMIN, timeout=300
    )
    assert deleted.status_code == 204


def test_refused_admin_attempts_are_logged_without_the_token(served: ServerProcess) -> None:
    guesses = ["guess-" + "7" * 20, TOKEN[:-1] + "X"]
    for guess in guesses:
        r = httpx.post(
            f"{served.url}/api/documents",
            files={"file": ("r.txt", "报告".encode())},
            headers={"Authorization": f"Bearer {guess}"},
            timeout=60,
        )
        assert r.status_code == 403 and "口令不正确" in r.json()["detail"]
    missing = httpx.delete(f"{served.url}/api/documents/gulou-2021-h1", timeout=60)
    assert missing.status_code == 401
    deadline = time.monotonic() + 10
    while served.log().count("refused admin request") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    log = served.log()
    assert log.count("refused admin request") >= 3
    assert not any(g in log for g in guesses) and TOKEN not in log, "no token is ever logged"
    assert "gulou-2021-h1" in _doc_ids(served.url)


def _raw_upload(port: int, total_bytes: int, declared: bool) -> tuple[int, int, str]:
    """Send a `total_bytes` upload over a raw socket, reading the answer as soon as it comes
    (httpx writes a whole body before it reads). Returns (status, body bytes sent, detail)."""
    boundary = "b0undary"
    head = (
        "POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {TOKEN}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        + (f"Content-Length: {total_bytes}\r\n" if declared else "Transfer-Encoding: chunked\r\n")
        + "\r\n"
    ).encode()
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'.encode()
    piece = "报告正文".encode() * 16384  # 192 KiB of text
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head)
        while sent < total_bytes:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered
            chunk = part if sent == 0 else piece
            try:
                sock.sendall(chunk if declared else b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        raw = b""
        with contextlib.suppress(ConnectionResetError, TimeoutError):
            while chunk := sock.recv(65536):
                raw += chunk
                if b"\r\n\r\n" in raw and raw.rstrip().endswith(b"}"):
                    break
    status_line, _, rest = raw.partition(b"\r\n")
    detail = rest.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")
    return int(status_line.split()[1]), sent, detail


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_2gb_upload_is_refused_while_it_streams_in(served: ServerProcess, declared: bool) -> None:
    two_gb = 2 * 1024**3
    peak_before = served.peak_rss_kb()
    started = time.monotonic()
    status, sent, detail = _raw_upload(served.port, two_gb, declared)
    seconds = time.monotonic() - started
    peak_after = served.peak_rss_kb()
    print(
        f"2 GB upload ({'declared' if declared else 'chunked'}): {status} after {sent / 2**20:.1f} MiB "
        f"in {seconds:.2f} s; server peak RSS {peak_before / 1024:.0f} -> {peak_after / 1024:.0f} MiB"
    )
    assert status == 413
    assert f"最多 {UPLOAD_MB} MB" in detail
    assert sent < 64 * 2**20, "the server answered long before the body ended"
    assert peak_after - peak_before < 64 * 1024, "the server never held the upload in memory"
    assert "1020.53" in str(_ask(served.url, GDP_2024)["answer"])


def _corrupt(data: Path, victim: str) -> Path:
    path = data / "versions" / (data / "CURRENT").read_text().strip() / victim
    content = path.read_bytes()
    path.unlink()
    path.write_bytes(content[: len(content) // 2] if victim != "manifest.json" else b'{"documents": [')
    return path


@pytest.mark.parametrize("victim", ["faiss.index", "manifest.json"])
def test_a_corrupt_index_is_named_by_the_cli(seed_index_dir: Path, tmp_path: Path, victim: str) -> None:
    data = copy_index(seed_index_dir, tmp_path / "data")
    _corrupt(data, victim)
    env = {**os.environ, "WENBAO_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "wenbao.cli", "search", "地区生产总值"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("错误：") and victim in last and "wenbao index --rebuild" in last
    assert "Traceback" not in done.stderr + done.stdout


def test_a_corrupt_index_at_start_makes_readyz_say_why(seed_index_dir: Path, tmp_path: Path) -> None:
    data = copy_index(seed_index_dir, tmp_path / "data")
    _corrupt(data, "faiss.index")
    with _server(data) as server:
        status = server.wait_status()
        assert status.status_code == 503
        assert status.json()["status"] == "failed"
        assert (
            "faiss.index" in status.json()["detail"] and "wenbao index --rebuild" in status.json()["detail"]
        )
        assert httpx.get(f"{server.url}/healthz", timeout=30).status_code == 200
        asked = httpx.post(f"{server.url}/api/ask", json={"question": GDP_2024}, timeout=60)
        assert asked.status_code == 503 and "wenbao index --rebuild" in asked.json()["detail"]
        assert "Traceback" not in server.log()
