"""The project's foundation: seeds verbatim, settings from the environment."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from support import REPO, SEEDS

from wenbao.settings import Settings, get_settings


@pytest.mark.parametrize("name", ["gulou-2021-h1.txt", "gulou-2024-h1.txt"])
def test_seeds_are_byte_for_byte_copies(name: str) -> None:
    shared = REPO.parent / "shared" / "seeds" / name
    if not shared.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    ours = SEEDS / name
    assert hashlib.sha256(ours.read_bytes()).digest() == hashlib.sha256(shared.read_bytes()).digest()


def test_settings_read_the_wenbao_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WENBAO_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("WENBAO_CHUNK_MAX_CHARS", "400")
    get_settings.cache_clear()
    s = get_settings()
    assert s.data_dir == tmp_path / "elsewhere"
    assert s.chunk_max_chars == 400


def test_default_data_dir_is_git_ignored() -> None:
    assert Settings.model_fields["data_dir"].default == Path("./data")
    assert "/data/" in (REPO / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize(
    "raw",
    [
        '["https://portal.example", "https://www.example.gov.cn"]',
        "https://portal.example, https://www.example.gov.cn",
    ],
)
def test_cors_origins_accept_a_json_list_or_commas(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("WENBAO_CORS_ORIGINS", raw)
    get_settings.cache_clear()
    assert get_settings().cors_origins == ["https://portal.example", "https://www.example.gov.cn"]
