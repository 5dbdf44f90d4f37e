"""Shared fixtures: every test gets its own data dir (never ./data)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wenbao.settings import get_settings


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "wenbao-data"
    monkeypatch.setenv("WENBAO_DATA_DIR", str(data))
    for var in ("WENBAO_ADMIN_TOKEN", "WENBAO_LLM_BASE_URL", "WENBAO_LLM_MODEL", "WENBAO_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()
