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
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``chunks``: cached ones reused, the rest embedded in one batch.
        Returns (vectors, how many were embedded)."""
        texts = [passage_text(c, passage_format) for c in chunks]
        keys = [passage_key(t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self._vectors]
        fresh = embed_passages([texts[i] for i in missing]) if missing else None
        rows: list[np.ndarray] = []
        j = 0
        for i, k in enumerate(keys):
            if j < len(missing) and missing[j] == i:
                assert fresh is not None
                rows.append(np.asarray(fresh[j], dtype=np.float32))
                j += 1
            else:
                rows.append(self._vectors[k])
        if not rows:
            return np.zeros((0, dim), dtype=np.float32), 0
        return np.ascontiguousarray(np.stack(rows), dtype=np.float32), len(missing)
