"""Sentence vectors made once per index version, in the background, and kept beside it (issue 29).

The meaning stage (``answering.extractive``: the judge's doubted quote, the two tie orders by
meaning) weighs short texts of the passages read, a piece or its sentence, by their passage
embeddings (``drafts.SentenceVectors``). Made when a question first asks for them, each cost
the question 30-60 ms on the 2-core box, and a new process met them question after question:
the p95 of a question was 11-18x the bare query embedding. Here every text the stage may weigh
is embedded once per index version, after the service is ready, at a low priority, and written
beside the version (``sentence-vectors-<key>.npz``); a restart reads it back, an upload embeds
only its own report's texts (the rest are the previous version's, by text).

Why not at ingest: the texts are 24,044 for the eval corpus against 1,220 passages, about 4-4.5x
the indexing CPU of every upload, rebuild and test session (README, Speed: "Fourth pass"); in
the background that CPU is spent once, while the service is otherwise idle, and never delays an
upload's answer. ``WENBAO_SENTENCE_FILL=off`` leaves the stage as it was (made when asked).

A text's vector is the same whoever makes it (the ingest child or the question embedder, alone
or batched, on one thread or two: checked bitwise), so answers do not change, only when a
sentence is embedded.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wenbao.answering.drafts import SENTENCE_VECTORS, SentenceVectors
from wenbao.answering.extractive import _sentence_of, split_pieces
from wenbao.documents import Chunk
from wenbao.index.embedders import requests_working
from wenbao.index.library import ReportLibrary
from wenbao.index.store import replace_durably
from wenbao.ingest import pipeline

logger = logging.getLogger(__name__)

EmbedTexts = Callable[[list[str]], np.ndarray]

# What the file holds beyond its key: bump it when the texts' vectors are made differently.
FILL_FORMAT = 1


def meaning_texts(chunks: Iterable[Chunk], pause: Callable[[], None] | None = None) -> list[str]:
    """Every text the meaning stage may embed for these passages: pieces (with and without clause
    windows) and the sentences they are part of, each once. ``pause`` is called between passages
    (the background fill lets requests go first)."""
    out: dict[str, None] = {}
    for chunk in chunks:
        for clauses in (False, True):
            for piece in split_pieces(chunk, 0, clauses):
                out[piece.text] = None
                out[_sentence_of(piece)] = None
        if pause is not None:
            pause()
    return list(out)


def fill_key(embedder_name: str, chunker_version: str) -> str:
    """The file's key: another embedder makes other vectors; another chunker, other texts."""
    raw = json.dumps([embedder_name, chunker_version, FILL_FORMAT])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def fill_path(version_dir: Path, key: str) -> Path:
    return version_dir / f"sentence-vectors-{key}.npz"


def write_vectors(path: Path, key: str, vectors: dict[str, np.ndarray], dim: int) -> None:
    """One file, replaced atomically (a reader sees the old one or the new one, whole)."""
    texts = list(vectors)
    rows = np.stack([vectors[t] for t in texts]) if texts else np.zeros((0, dim), dtype=np.float32)
    meta = json.dumps({"key": key, "texts": texts}, ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(meta, dtype=np.uint8), vectors=rows.astype(np.float32))
    replace_durably(path, buffer.getvalue())


def read_vectors(path: Path, key: str) -> dict[str, np.ndarray] | None:
    """The texts' vectors of a file written with this key; None when absent, of another key or
    unreadable (it is made again)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            rows = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, ValueError, KeyError):
        return None
    texts = meta.get("texts") if isinstance(meta, dict) else None
    if meta.get("key") != key or not isinstance(texts, list) or len(texts) != len(rows):
        return None
    return {str(t): rows[i] for i, t in enumerate(texts)}


@dataclass
class FillResult:
    version: str | None
    texts: int  # texts the meaning stage may weigh in this version
    read: int  # taken from a file or the previous version's fill
    embedded: int  # made now
    complete: bool  # False: stopped before the end (the rest is made when asked)


class SentenceFill:
    """Fills ``vectors`` with the sentence vectors of ``library``'s live version, and again after
    each new version (an upload, a delete), until ``stop``.

    ``embed``: the passage embedder to use (the niced ingest child where there is one, so the
    kernel serves questions first). Between batches it waits while requests are working, at most
    ``yield_max_s`` (under constant load it still advances, a batch at a time)."""

    def __init__(
        self,
        library: ReportLibrary,
        embed: EmbedTexts,
        *,
        vectors: SentenceVectors = SENTENCE_VECTORS,
        batch_size: int = 16,
        yield_max_s: float = 2.0,
        check_s: float = 2.0,
        save_every_s: float = 120.0,
        retry_s: float = 60.0,
    ) -> None:
        self.library = library
        self.embed = embed
        self.vectors = vectors
        self.batch_size = batch_size
        self.yield_max_s = yield_max_s
        self.check_s = check_s
        self.save_every_s = save_every_s
        self.retry_s = retry_s
        self.source = str(Path(library.settings.data_dir).resolve())
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._have: dict[str, np.ndarray] = {}  # the last fill's vectors, by text
        self.last: FillResult | None = None

    # --- the thread -------------------------------------------------------------------
    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._loop, name="wenbao-sentence-fill", daemon=True)
        self._thread = thread
        thread.start()
        return thread

    def stop(self, timeout_s: float | None = None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        done: str | None = None
        while not self._stop.is_set():
            try:
                version = self.library.version
                if version != done:
                    result = self.fill()
                    if result.complete:
                        done = result.version
            except Exception:
                # (the ingest process broke, a version went away): questions embed what they
                # weigh meanwhile; the fill tries again later, reading what it wrote
                logger.exception("sentence vectors: the background fill failed; tried again later")
                self._stop.wait(self.retry_s)
                continue
            self._stop.wait(self.check_s)

    # --- one version ------------------------------------------------------------------
    def fill(self) -> FillResult:
        """Make (or read) the vectors of every text the live version's meaning stage may weigh,
        publish them to ``vectors`` as they come, and write them beside the version."""
        library = self.library
        with library.consistent_reads():
            version = library.version
            chunks = library.all_chunks()
        name, dim = library.embedder.name, library.embedder.dim
        key = fill_key(name, pipeline.CHUNKER_VERSION)
        if version is None:
            return FillResult(version, 0, 0, 0, True)
        path = fill_path(library.store.version_dir(version), key)
        texts = meaning_texts(chunks, self._pause_between_passages)
        stored = read_vectors(path, key)
        earlier = stored if stored is not None else self._earlier(version, key)
        have = {t: earlier[t] for t in texts if t in earlier}
        read = len(have)
        self._have = have
        self.vectors.publish(self.source, name, have)
        missing = [t for t in texts if t not in have]
        embedded, saved_at = 0, time.monotonic()
        for i in range(0, len(missing), self.batch_size):
            if self._stop.is_set() or not self._yield_to_requests():
                break
            batch = missing[i : i + self.batch_size]
            for text, vector in zip(batch, self.embed(batch), strict=True):
                have[text] = np.asarray(vector, dtype=np.float32)  # readers see it from now on
            embedded += len(batch)
            if time.monotonic() - saved_at >= self.save_every_s:
                self._save(path, key, have, dim)  # a restart mid-fill goes on from here
                saved_at = time.monotonic()
        complete = len(have) == len(texts)
        if embedded or stored is None:
            self._save(path, key, have, dim)
        self.last = FillResult(version, len(texts), read, embedded, complete)
        logger.info(
            "sentence vectors of %s: %d texts, %d read, %d embedded%s",
            version,
            len(texts),
            read,
            embedded,
            "" if complete else " (stopped)",
        )
        return self.last

    def _earlier(self, version: str, key: str) -> dict[str, np.ndarray]:
        """What an earlier fill made: this process's last one, else the newest other version's
        file of the same key (an upload's new version shares every text of the reports kept)."""
        if self._have:
            return self._have
        store = self.library.store
        for other in reversed(store.list_versions()):
            if other != version:
                found = read_vectors(fill_path(store.version_dir(other), key), key)
                if found is not None:
                    return found
        return {}

    def _save(self, path: Path, key: str, have: dict[str, np.ndarray], dim: int) -> None:
        try:
            write_vectors(path, key, dict(have), dim)
        except OSError as exc:  # a version removed meanwhile, a full disk: made again next start
            logger.warning("sentence vectors not written to %s: %s", path, exc)

    def _yield_to_requests(self) -> bool:
        """Wait while requests work (at most ``yield_max_s``); False when stopped meanwhile."""
        deadline = time.monotonic() + self.yield_max_s
        while requests_working() and time.monotonic() < deadline:
            if self._stop.wait(0.01):
                return False
        return not self._stop.is_set()

    def _pause_between_passages(self) -> None:
        if requests_working():
            self._stop.wait(0.005)
