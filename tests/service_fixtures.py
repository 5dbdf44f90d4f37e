"""Live uvicorn servers for the service and widget tests: a real socket, the real library
and answerer over the seed index (imported into conftest.py so one server serves the session)."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.service.main import create_app
from wenbao.settings import Settings

ADMIN_TOKEN = "test-admin-token-7f3a9c-51d0e8"
MCP_TOKEN = "test-mcp-token-2b8e41"
DIFY_API_KEY = "test-dify-key-9c04d7"


class LiveServer:
    """uvicorn serving an app on a free port of 127.0.0.1, in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name=f"uvicorn-{self.port}",
            daemon=True,
        )

    def start(self, wait_ready: bool = True, timeout_s: float = 300.0) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        if wait_ready:
            self.wait_ready(deadline - time.monotonic())
        return self

    def wait_ready(self, timeout_s: float = 300.0) -> None:
        deadline = time.monotonic() + timeout_s
        last = None
        while time.monotonic() < deadline:
            last = httpx.get(f"{self.url}/readyz", timeout=5)
            if last.status_code == 200:
                return
            if last.json().get("status") == "failed":
                raise RuntimeError(f"server failed to get ready: {last.text}")
            time.sleep(0.1)
        raise RuntimeError(f"server not ready in time: {last.text if last else ''}")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)


class PortalServer:
    """Another site (another origin on 127.0.0.1) that embeds the widget with one script tag.

    A real server, not a routed page: Chromium lets only loopback pages reach a loopback API."""

    def __init__(self) -> None:
        portal = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = portal.html.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        self.html = "<!doctype html><title>portal</title>"
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture(scope="session")
def portal() -> Iterator[PortalServer]:
    server = PortalServer()
    yield server
    server.stop()


@dataclass
class SseEvent:
    event: str
    data: Any


@dataclass
class SseStream:
    status: int
    content_type: str
    events: list[SseEvent] = field(default_factory=list)


def read_sse(client: httpx.Client, url: str, payload: dict[str, Any]) -> SseStream:
    """POST and read the Server-Sent Events line by line, as a browser's parser would."""
    with client.stream("POST", url, json=payload, headers={"Accept": "text/event-stream"}) as r:
        out = SseStream(status=r.status_code, content_type=r.headers.get("content-type", ""))
        if r.status_code != 200:
            r.read()
            out.events.append(SseEvent("error", r.json()))
            return out
        event: str = "message"
        data_lines: list[str] = []
        for line in r.iter_lines():
            if line == "":
                if data_lines:
                    out.events.append(SseEvent(event, json.loads("\n".join(data_lines))))
                event, data_lines = "message", []
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data_lines.append(line[5:].lstrip(" "))
    return out


@pytest.fixture(scope="session")
def service_data_dir(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed index that the session's server may change (uploads, deletes)."""
    target = tmp_path_factory.mktemp("service") / "data"
    shutil.copytree(seed_index_dir, target)
    return target


@pytest.fixture(scope="session")
def service_settings(service_data_dir: Path, portal: PortalServer) -> Settings:
    return Settings(
        data_dir=service_data_dir,
        admin_token=ADMIN_TOKEN,
        mcp_token=MCP_TOKEN,
        dify_api_key=DIFY_API_KEY,
        rate_limit_per_minute=0,
        # Many tests send a wrong token on purpose; the sign-in throttle has tests of its own.
        admin_failures_per_minute=1000,
        max_upload_mb=2,
        cors_origins=[portal.origin],
        llm_base_url=None,
    )


@pytest.fixture(scope="session")
def live_server(service_settings: Settings, shared_e5: Embedder) -> Iterator[LiveServer]:
    """The real service (real library and answerer over the seeds) on a real socket.

    It shares the session's warmed embedder; the app still loads the index in its lifespan."""
    library = ReportLibrary(service_settings, embedder=shared_e5)
    server = LiveServer(create_app(service_settings, library=library)).start()
    yield server
    server.stop()


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        yield client


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def fictional_report(
    district: str, year: int, gdp: str, growth: str, revenue: str, extra_title: str = "", extra_text: str = ""
) -> str:
    """A small report of the same family as the seeds (same numbering), with its own figures."""
    extra = f"2．{extra_title}。{extra_text}\n\n" if extra_title else ""
    return (
        f"关于{district}{year}年国民经济和社会发展计划\n上半年执行情况的报告\n"
        f"——{year}年8月20日在区人大常委会第五次会议上\n\n区发展和改革委员会主任 王明\n\n"
        "主任、各位副主任、各位委员：\n\n"
        f"我受区人民政府委托，向本次会议报告我区{year}年国民经济和社会发展计划上半年执行情况，请予审议。\n\n"
        "一、上半年计划执行情况\n\n（一）经济运行总体平稳\n\n"
        f"1．主要指标稳步增长。上半年，{district}地区生产总值完成{gdp}亿元，同比增长{growth}%；"
        f"一般公共预算收入完成{revenue}亿元。\n\n"
        f"{extra}"
        "二、下半年工作安排\n\n（一）持续扩大有效投资\n\n"
        "1．加快项目建设。下半年，全区将加快推进重点项目建设，确保完成全年目标任务。\n"
    )


def serve_reports(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, reports: dict[str, str], name: str
) -> LiveServer:
    """A live service over reports the test writes (file name -> text); the caller stops it."""
    root = tmp_path_factory.mktemp(name)
    folder = root / "reports"
    folder.mkdir()
    for file_name, text in reports.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    settings = Settings(data_dir=root / "data", llm_base_url=None, rate_limit_per_minute=0)
    library = ReportLibrary(settings, embedder=embedder)
    library.ingest([folder])
    return LiveServer(create_app(settings, library=library)).start()


def converse(server: LiveServer, *turns: str) -> dict[str, Any]:
    """Asks the turns in order, each with the earlier turns (and answers) as history; the last reply."""
    history: list[dict[str, str]] = []
    body: dict[str, Any] = {}
    for turn in turns:
        r = httpx.post(f"{server.url}/api/ask", json={"question": turn, "history": history}, timeout=60)
        assert r.status_code == 200, r.text
        body = r.json()
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": body["answer"]}]
    return body


def cited_docs(body: dict[str, Any]) -> set[str]:
    """The reports of the citations the answer's text refers to ([n])."""
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
    return {c["doc_id"] for c in body["citations"] if c["n"] in numbers}
