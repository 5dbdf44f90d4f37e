"""Reuse stored embeddings for passages whose text did not change.

Embedding is the slow part of an ingest (tens of ms per chunk on a small CPU).
When a report is replaced by an edited version, or the index is rebuilt after a
chunker upgrade or a corrupt file, most passages are byte-identical to ones
already embedded by the same model; their stored vectors are reused. Only files
whose checksum still matches the manifest are trusted.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np

from wenbao.documents import Chunk
from wenbao.errors import IndexCorruptError
from wenbao.index.passages import passage_text
from wenbao.index.serialize import document_from_json
from wenbao.index.store import IndexStore, sha256_file


def passage_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class PassageVectorCache:
    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._vectors)

    @classmethod
    def from_version(
        cls,
        store: IndexStore,
        version: str | None,
        embedder: str,
        passage_format: str,
        doc_ids: Iterable[str] | None = None,
    ) -> PassageVectorCache:
        """Vectors of a stored version built by the same embedder and passage format
        (for ``doc_ids`` only, when given). Unreadable or mismatching files are skipped."""
        cache = cls()
        if version is None:
            return cache
        try:
            manifest = store.read_manifest(version)
        except IndexCorruptError:
            return cache
        emb = manifest.get("embedder", {})
        if emb.get("name") != embedder or emb.get("passage_format") != passage_format:
            return cache
        wanted = None if doc_ids is None else set(doc_ids)
        base = store.version_dir(version)
        files = manifest.get("files", {})
        for entry in manifest.get("documents", []):
            doc_id = entry.get("doc_id")
            if wanted is not None and doc_id not in wanted:
                continue
            rel_doc, rel_vec = f"documents/{doc_id}.json", f"vectors/{doc_id}.npy"
            try:
                if any(sha256_file(base / r) != files[r]["sha256"] for r in (rel_doc, rel_vec)):
                    continue
                doc = document_from_json(json.loads((base / rel_doc).read_text(encoding="utf-8")))
                vectors = np.load(base / rel_vec, allow_pickle=False)
            except (OSError, ValueError, KeyError):
                continue
            if len(vectors) != len(doc.chunks):
                continue
            for chunk, vec in zip(doc.chunks, vectors, strict=True):
                cache._vectors[passage_key(passage_text(chunk, passage_format))] = vec
        return cache

    def embed(
        self,
        chunks: list[Chunk],
        passage_format: str,
        embed_passages: Callable[[list[str]], np.ndarray],
        dim: int,
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``chunks``: cached ones reused, the rest embedded ``batch_size`` at a
        time, each distinct passage once (a report that repeats a paragraph under the same
        heading pays for it once). ``progress(n)`` gets how many chunks have their vector,
        before the first batch and after each. Returns (vectors, how many were embedded)."""
        texts = [passage_text(c, passage_format) for c in chunks]
        keys = [passage_key(t) for t in texts]
        counts = Counter(keys)
        text_of = dict(zip(keys, texts, strict=True))
        missing = [k for k in counts if k not in self._vectors]
        ready = len(keys) - sum(counts[k] for k in missing)
        if progress is not None:
            progress(ready)
        step = batch_size or max(len(missing), 1)
        for i in range(0, len(missing), step):
            batch = missing[i : i + step]
            fresh = embed_passages([text_of[k] for k in batch])
            for k, vec in zip(batch, fresh, strict=True):
                self._vectors[k] = np.asarray(vec, dtype=np.float32)
            ready += sum(counts[k] for k in batch)
            if progress is not None:
                progress(ready)
        if not keys:
            return np.zeros((0, dim), dtype=np.float32), 0
        rows = [self._vectors[k] for k in keys]
        return np.ascontiguousarray(np.stack(rows), dtype=np.float32), len(missing)
