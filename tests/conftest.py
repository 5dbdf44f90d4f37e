"""Shared fixtures: every test gets its own data dir (never ./data)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from wenbao.settings import get_settings

# The service's background sentence fill (answering/sentence_fill.py) is off in the test session:
# every test server would spend minutes of CPU on vectors its few questions never weigh. Its
# own tests run it directly.
os.environ.setdefault("WENBAO_SENTENCE_FILL", "off")

# CI replays a fixed sequence of generated cases, so a submission never passes or fails by luck;
# a developer's run keeps exploring new cases.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "wenbao-data"
    monkeypatch.setenv("WENBAO_DATA_DIR", str(data))
    for var in ("WENBAO_ADMIN_TOKEN", "WENBAO_LLM_BASE_URL", "WENBAO_LLM_MODEL", "WENBAO_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


# --- service fixtures: the live uvicorn server over the seed index (tests/service_fixtures.py) ---
from service_fixtures import (  # noqa: E402
    admin_headers,
    api,
    live_server,
    portal,
    service_data_dir,
    service_settings,
)

__all__ = ["admin_headers", "api", "live_server", "portal", "service_data_dir", "service_settings"]

# --- index fixtures: the seed index built once per session (tests/index_fixtures.py) ---
from index_fixtures import seed_index_dir, seed_library, shared_e5  # noqa: E402

__all__ += ["seed_index_dir", "seed_library", "shared_e5"]

# --- browser fixtures: one Chromium per session (tests/browser_fixtures.py) ---
from browser_fixtures import browser, screenshots  # noqa: E402

__all__ += ["browser", "screenshots"]
