"""What a question costs the event loop: the loop and HTTP parser `wenbao serve` runs on, and the
one dependency a question's route solves (README, "Eighth pass" of issue 29)."""

from __future__ import annotations

import importlib.util
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wenbao.cli import app as cli_app
from wenbao.service.deps import get_ask_services
from wenbao.service.main import create_app, server_stack
from wenbao.service.routers import ask
from wenbao.settings import Settings, get_settings


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop has no Windows build")
def test_the_pinned_loop_and_parser_are_installed_and_chosen() -> None:
    assert server_stack() == ("uvloop", "httptools")


def test_without_them_the_server_falls_back_to_asyncio_and_h11(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    missing = ("uvloop", "httptools")
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in missing else real(name, *a)
    )
    assert server_stack() == ("asyncio", "h11")


def test_wenbao_serve_runs_uvicorn_on_the_chosen_stack(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ran: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: ran.update(kwargs))
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # serve's SIGTERM handler, not pytest's
    monkeypatch.setenv("WENBAO_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["serve", "--port", "8765"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert (ran["loop"], ran["http"]) == server_stack()
    assert ran["port"] == 8765 and ran["proxy_headers"] is False


def _solved(dependant: Dependant) -> list[Any]:
    """Every dependency FastAPI solves for a route, sub-dependencies included."""
    return [call for sub in dependant.dependencies for call in (sub.call, *_solved(sub))]


@pytest.mark.parametrize("endpoint", [ask.ask, ask.ask_stream])
def test_a_question_route_solves_one_dependency(endpoint: Any) -> None:
    assert _solved(get_dependant(path="/api/ask", call=endpoint)) == [get_ask_services]
    assert ask.router.dependencies == [], "the rate limit is in the one dependency"


@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_a_question_route_is_still_rate_limited(path: str, tmp_path: Path) -> None:
    service = create_app(Settings(data_dir=tmp_path, rate_limit_per_minute=1))
    client = TestClient(service)  # no lifespan: no index, so the first question is not answered
    first = client.post(path, json={"question": "2024年地区生产总值是多少？"})
    second = client.post(path, json={"question": "2024年地区生产总值是多少？"})
    assert first.status_code != 429
    assert second.status_code == 429 and "请求过于频繁" in second.text
