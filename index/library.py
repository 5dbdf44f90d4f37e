"""``ReportLibrary``: the stored reports and their index, as one thread-safe object.

Readers (``search``, ``documents``…) take the current immutable snapshot
reference and work on it without locks. Writers (``ingest``, ``add_bytes``,
``remove``, ``rebuild``) are serialised by a thread lock *and* an flock on the
data directory (a CLI ingest may run beside the server), build the next version
on disk, and swap the snapshot reference only after the version is committed.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wenbao.documents import (
    Chunk,
    DocumentInfo,
    DocumentMeta,
    Hit,
    MetaOverride,
    ParsedDocument,
    SearchScope,
)
from wenbao.errors import (
    ChunkNotFoundError,
    DocumentExistsError,
    DocumentNotFoundError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotBuiltError,
    IngestError,
    InvalidMetadataError,
    StorageWriteError,
)
from wenbao.index.backend import LocalSearchBackend, MilvusSearchBackend, SearchBackend
from wenbao.index.embedders import Embedder, QueriesEmbedded, QueryBatcher, make_embedder
from wenbao.index.frontmatter import with_front_matter
from wenbao.index.milvus_store import MilvusStore, StoreState, collection_name
from wenbao.index.query import ParsedQuery, QueryAnalyzer
from wenbao.index.retriever import HybridRetriever, RetrievalWeights
from wenbao.index.snapshot import IndexSnapshot, NewDocument, VersionBuilder, load_snapshot
from wenbao.index.store import Compatibility, IndexStore, sha256_bytes, storage_error
from wenbao.index.tokenizer import shared_tokenizer
from wenbao.index.vector_cache import PassageVectorCache
from wenbao.ingest import identity, pipeline
from wenbao.ingest.ocr import LocalScanReader, OcrCache, OcrPending
from wenbao.settings import Settings, get_settings

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")

# (stage, done, total): "parsing" counts files, "embedding" and "indexing" count chunks.
Progress = Callable[[str, int, int], None]
EmbedPassages = Callable[[list[str]], np.ndarray]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _embedding_progress(report: Progress, base: int, total: int, ready: int) -> None:
    report("embedding", base + ready, total)


@dataclass(frozen=True)
class UploadPlan:
    """What an uploaded file would become: checked, parsed, but not stored."""

    doc_id: str  # from the content (ingest/identity.py), or the id of the report it replaces
    sha: str
    meta: DocumentMeta
    chunk_count: int
    existing: DocumentInfo | None  # the stored report with this id, these bytes or this identity
    # Scanned pages still to be read by OCR (the upload job reads them, then plans again): until
    # then the id is provisional and only the same bytes are found as the stored report.
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class IngestResult:
    path: str
    doc_id: str
    status: str  # "added" | "replaced" | "unchanged"
    chunk_count: int
    embedded: int = 0  # passages embedded anew; the others reused a stored vector


@dataclass
class _Pending:
    name: str  # original file name (a hint for the parser, never a path)
    data: bytes
    doc_id: str
    sha: str
    path: str = ""
    override: MetaOverride = field(default_factory=MetaOverride)


class ReportLibrary:
    RELOAD_CHECK_S = 0.5  # how often a reader looks whether another process swapped the index

    def __init__(
        self,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        *,
        batcher: QueryBatcher | None = None,
        allow_empty: bool = False,
    ) -> None:
        """``embedder`` / ``batcher``: shared with other libraries (knowledge bases share one
        model); ``allow_empty``: a data dir with no index yet reads as a library without reports
        (a new knowledge base) instead of raising IndexNotBuiltError."""
        self.settings = settings or get_settings()
        self._embedder = embedder
        self.allow_empty = allow_empty
        self.store = IndexStore(self.settings.data_dir)
        self.tokenizer = shared_tokenizer()
        self.analyzer = QueryAnalyzer()
        self._snapshot: IndexSnapshot | None = None
        self._write_lock = threading.RLock()
        self._last_reload_check = 0.0
        self._retriever: HybridRetriever | None = None
        self._batcher: QueryBatcher | None = batcher
        self._pinned = threading.local()  # per thread: the snapshot of a consistent_reads() block
        self._milvus: MilvusStore | None = None

    # --- resources -----------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            s = self.settings
            self._embedder = make_embedder(s.embedder, s.embed_device, s.embed_batch_size, s.embed_threads)
        return self._embedder

    @property
    def query_batcher(self) -> QueryBatcher:
        if self._batcher is None:
            self._batcher = QueryBatcher(self.embedder, self.settings.embed_batch_wait_ms / 1000)
        return self._batcher

    @property
    def compat(self) -> Compatibility:
        return Compatibility(
            embedder=self.embedder.name,
            dim=self.embedder.dim,
            chunker_version=pipeline.CHUNKER_VERSION,
            passage_format=self.settings.passage_format,
            store=self.settings.store,
            keywords=self.settings.milvus_keywords,
        )

    @property
    def milvus(self) -> MilvusStore | None:
        """This base's Milvus collection when WENBAO_STORE=milvus (one collection per base,
        named from its id: each base keeps its own BM25 statistics, as its own FAISS index
        would, and is dropped or rebuilt alone)."""
        s = self.settings
        if s.store != "milvus":
            return None
        if self._milvus is None:
            uri = s.milvus_uri or str(Path(s.data_dir) / "milvus.db")
            self._milvus = MilvusStore(
                uri,
                s.milvus_token,
                collection_name(s.kb, s.milvus_collection_prefix),
                self.embedder.dim,
                s.milvus_keywords,
                s.vector_index,
                s.milvus_timeout_s,
            )
        return self._milvus

    def _backend(self, snapshot: IndexSnapshot) -> SearchBackend:
        milvus = self.milvus
        if milvus is None or snapshot.vectors is not None:
            return LocalSearchBackend(snapshot)
        return MilvusSearchBackend(snapshot, milvus, self.settings.bm25_heading_weight)

    def close(self) -> None:
        """Let go of the Milvus connection (the FAISS store holds nothing to close)."""
        if self._milvus is not None:
            self._milvus.close()

    def drop_store(self) -> None:
        """This base is being deleted: drop what it keeps outside its folder (its Milvus
        collection); FAISS and BM25 files go with the folder."""
        milvus = self.milvus
        if milvus is None:
            return
        # A Lite file in the base's folder is let go of (the folder is removed next); one shared
        # with other bases, as a server is, stays open for them.
        own_file = milvus.is_lite and Path(milvus.uri).resolve().is_relative_to(
            Path(self.settings.data_dir).resolve()
        )
        try:
            milvus.drop()
        finally:
            milvus.close(release_lite=own_file)
            self._milvus = None

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            s = self.settings
            self._retriever = HybridRetriever(
                tokenizer=self.tokenizer,
                embed_query=lambda text: self.embed_queries([text])[0],
                analyzer=self.analyzer,
                weights=RetrievalWeights(
                    bm25=s.bm25_weight,
                    dense=s.dense_weight,
                    rrf_k=s.rrf_k,
                    expansion=s.expansion_weight,
                    dense_lift=s.dense_lift,
                    dense_lift_from=s.dense_lift_from,
                    dense_rescue=s.dense_rescue,
                    neighbour_weight=s.word_neighbour_weight,
                    neighbours=s.word_neighbours,
                    neighbour_floor=s.word_neighbour_floor,
                ),
                backend_factory=self._backend,
                embed_words=self.embedder.embed_passages,
            )
        return self._retriever

    def warm_models(self) -> None:
        """Load the embedder and the tokenizer (shared by every knowledge base)."""
        self.embedder.warm_up()
        self.tokenizer.warm_up()

    def warm_up(self) -> None:
        """Load the embedder, the tokenizer and the current index (raises
        IndexNotBuiltError / IndexMismatchError / IndexCorruptError)."""
        self.warm_models()
        with self._write_lock:
            self._snapshot = self._load()
            self._last_reload_check = time.monotonic()
        # the report words' vectors, so that the first everyday question finds its words
        self.retriever.word_neighbours(self._snapshot, wait=True)

    @property
    def is_ready(self) -> bool:
        return self._snapshot is not None

    def _load(self, version: str | None = None) -> IndexSnapshot:
        if version is None and self.allow_empty and self.store.current_version() is None:
            return IndexSnapshot.empty(self.compat.dim, self.settings.vector_index)
        snap = load_snapshot(
            self.store,
            self.compat,
            self.settings.bm25_heading_weight,
            version,
            milvus=self.milvus,
            previous=self._snapshot,
        )
        self.retriever.prepare(snap)
        return snap

    def _current(self) -> IndexSnapshot:
        """The snapshot readers use; picks up a version another process committed."""
        pinned: IndexSnapshot | None = getattr(self._pinned, "snapshot", None)
        if pinned is not None:
            return pinned
        snap = self._snapshot
        if snap is None:
            with self._write_lock:
                if self._snapshot is None:
                    self._snapshot = self._load()
                return self._snapshot
        now = time.monotonic()
        if now - self._last_reload_check >= self.RELOAD_CHECK_S:
            self._last_reload_check = now
            try:
                live = self.store.current_version()
            except IndexCorruptError:
                live = snap.version  # keep serving what we have
            if live is not None and live != snap.version and self._write_lock.acquire(blocking=False):
                try:
                    if self._snapshot is not None and self._snapshot.version != live:
                        # On failure the version we hold stays valid; the writer's own error tells the user.
                        with contextlib.suppress(IndexCorruptError, IndexMismatchError, IndexNotBuiltError):
                            self._snapshot = self._load(live)
                finally:
                    self._write_lock.release()
            snap = self._snapshot or snap
        return snap

    def follow(self, version: str) -> None:
        """Hold ``version`` now if it is the live one and another process wrote it (an answer
        process told the version the service answers from), rather than at the next look."""
        snap = self._snapshot
        if snap is not None and snap.version == version:
            return
        with self._write_lock:
            if self._snapshot is not None and self._snapshot.version == version:
                return
            with contextlib.suppress(IndexCorruptError, IndexMismatchError, IndexNotBuiltError):
                if self.store.current_version() == version:
                    self._snapshot = self._load(version)
                    self._last_reload_check = time.monotonic()

    @contextlib.contextmanager
    def consistent_reads(self) -> Iterator[None]:
        """Inside the block every read of this thread uses one snapshot, so a caller that
        reads several times (an answer: the list of reports, then its searches) never
        straddles a swap by an upload or a delete."""
        if getattr(self._pinned, "snapshot", None) is not None:  # nested: the outer pin holds
            yield
            return
        self._pinned.snapshot = self._current()
        try:
            yield
        finally:
            self._pinned.snapshot = None

    # --- reading -------------------------------------------------------------
    def analyze(self, query: str) -> ParsedQuery:
        return self.analyzer.analyze(query)

    def search(
        self,
        query: str,
        top_k: int = 5,
        year: int | None = None,
        doc_id: str | None = None,
        mode: str = "hybrid",
        scope: SearchScope | None = None,
        parsed: ParsedQuery | None = None,
        dense: np.ndarray | None = None,
    ) -> list[Hit]:
        """``scope``: the reports and covered years to search (overrides ``year``); ``parsed``:
        the query as the caller analysed it already (not analysed again); ``dense``: its
        embedding (``embed_queries``), when the caller has it already."""
        snap = self._current()
        return self.retriever.search(
            snap,
            query,
            top_k=top_k,
            year=year,
            doc_id=doc_id,
            mode=mode,
            scope=scope,
            parsed=parsed,
            query_vector=dense,
        )

    @property
    def uses_dense(self) -> bool:
        """Whether a hybrid search reads the query's embedding at all."""
        return self.settings.dense_weight > 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """The query embeddings of ``texts``, in one call to the embedder (with other requests'
        queries, where batching pays)."""
        return self.query_batcher.embed_queries(texts)

    def embed_queries_ahead(self, texts: list[str]) -> Future[QueriesEmbedded] | None:
        """``embed_queries`` started now on the embedder's own thread, for the caller to take later
        (``Embedder.embed_queries_ahead``); None where none is started: the setting is off, the
        searches read no embedding, or concurrent queries wait to be batched."""
        batcher = self.query_batcher
        batched = batcher.embedder.batching_pays and batcher.wait_s >= 0
        if not self.settings.embed_ahead or not self.uses_dense or batched:
            return None
        return self.embedder.embed_queries_ahead(texts)

    @property
    def version(self) -> str | None:
        """The index version reads now see (the pinned one inside ``consistent_reads``)."""
        return self._current().version

    def documents(self) -> list[DocumentInfo]:
        return list(self._current().infos.values())

    def document(self, doc_id: str) -> ParsedDocument:
        doc = self._current().documents.get(doc_id)
        if doc is None:
            raise DocumentNotFoundError(f"没有编号为 {doc_id} 的报告。")
        return doc

    def chunk(self, chunk_id: str) -> Chunk:
        snap = self._current()
        pos = snap.chunk_pos.get(chunk_id)
        if pos is None:
            raise ChunkNotFoundError(f"没有编号为 {chunk_id} 的段落。")
        return snap.chunks[pos]

    def covered_years(self) -> tuple[int, ...]:
        """Every year a stored passage speaks about, sorted."""
        return self._current().covered_years

    def all_chunks(self) -> list[Chunk]:
        return list(self._current().chunks)

    def original_file(self, doc_id: str) -> tuple[str, Path]:
        """(uploaded name, stored path) of a document's original file."""
        entry = self._current().doc_entry(doc_id)
        if entry is None:
            raise DocumentNotFoundError(f"没有编号为 {doc_id} 的报告。")
        return entry["source_name"], self.store.original_path(entry["original"])

    # --- writing ---------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path],
        override: MetaOverride | None = None,
        replace: bool = True,
        progress: Progress | None = None,
    ) -> list[IngestResult]:
        """Add or replace the reports at ``paths`` (files or folders). A file whose
        bytes (and stated metadata) are unchanged is skipped without touching the disk.
        With ``replace=False`` a file whose id is stored with other bytes raises
        DocumentExistsError before anything is written.

        Metadata: ``override`` (the command line's) wins over a sidecar ``FILE.meta.json``,
        which wins over what ingest derives."""
        pending: dict[str, _Pending] = {}
        for path in expand_paths(paths):
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise IngestError(f"无法读取文件 {path}（{exc.strerror}）。") from exc
            doc_id = pipeline.doc_id_from_name(path.name)
            if doc_id in pending:
                raise IngestError(
                    f"{pending[doc_id].path} 与 {path} 会得到相同的报告编号 {doc_id}，请改名后再导入。"
                )
            stated = merge_overrides(read_sidecar(path), override)
            pending[doc_id] = _Pending(path.name, data, doc_id, sha256_bytes(data), str(path), stated)
        return self._write(list(pending.values()), removed=set(), replace=replace, progress=progress)

    def add_bytes(self, data: bytes, name: str, override: MetaOverride | None = None) -> DocumentInfo:
        """Add or replace a report under its file-name id (tests and scripts; uploads use plan_upload)."""
        result = self.write_bytes(data, name, override)
        return self.info(result.doc_id)

    def write_bytes(
        self,
        data: bytes,
        name: str,
        override: MetaOverride | None = None,
        *,
        doc_id: str | None = None,
        replace: bool = True,
        progress: Progress | None = None,
        embed_passages: EmbedPassages | None = None,
    ) -> IngestResult:
        """Store one file as ``doc_id`` (default: from its name); ``embed_passages`` embeds
        its new passages (default: this library's embedder)."""
        doc_id = doc_id or pipeline.doc_id_from_name(name)
        pending = _Pending(name, data, doc_id, sha256_bytes(data), name, override or MetaOverride())
        [result] = self._write([pending], set(), replace, progress, embed_passages)
        return result

    def info(self, doc_id: str) -> DocumentInfo:
        """A stored report's info in the version this library wrote or loaded last."""
        snap = self._snapshot  # the version just written (not a snapshot pinned by consistent_reads)
        if snap is None or doc_id not in snap.infos:
            raise DocumentNotFoundError(f"没有编号为 {doc_id} 的报告。")
        return snap.infos[doc_id]

    def plan_upload(self, data: bytes, name: str, override: MetaOverride | None = None) -> UploadPlan:
        """Check and parse an upload without storing it (raises IngestError subclasses with the
        reason), give it an id from its content, and find the stored report it would replace:
        the one with that id, with the same bytes, or with the same place, year, kind and period."""
        sha = sha256_bytes(data)
        pending = _Pending(name, data, f"doc-{sha[:12]}", sha, name, override or MetaOverride())
        try:
            # OCR is never run here (in the request): a scanned page not read yet is the job's
            doc = self._parse(pending, compute_ocr=False)
        except OcrPending as scan:
            base = self._snapshot_if_current()
            infos = [] if base is None else list(base.infos.values())
            same = next((i for i in infos if i.meta.sha256 == sha), None)
            meta = DocumentMeta(doc_id=pending.doc_id, title=name, source_name=name, sha256=sha)
            doc_id = pending.doc_id if same is None else same.meta.doc_id
            return UploadPlan(doc_id, sha, meta, 0, same, ocr_pages=tuple(scan.pages))
        doc_id = identity.upload_doc_id(doc.meta, sha)
        base = self._snapshot_if_current()
        existing = None if base is None else self._same_report(base, doc.meta, sha, doc_id)
        if existing is not None:
            doc_id = existing.meta.doc_id
        return UploadPlan(doc_id, sha, doc.meta, len(doc.chunks), existing)

    @staticmethod
    def _same_report(snap: IndexSnapshot, meta: DocumentMeta, sha: str, doc_id: str) -> DocumentInfo | None:
        if doc_id in snap.infos:
            return snap.infos[doc_id]
        key = identity.report_key(meta)
        for info in snap.infos.values():
            if info.meta.sha256 == sha or (key is not None and identity.report_key(info.meta) == key):
                return info
        return None

    def remove(self, doc_id: str) -> None:
        with self._write_lock, self.store.writer_lock():
            prev = self._base_for_write()
            if prev is None or doc_id not in prev.documents:
                raise DocumentNotFoundError(f"没有编号为 {doc_id} 的报告。")
            removed_sha = prev.infos[doc_id].meta.sha256
            self._build(prev, [], {doc_id})
            # A removed scan's text must not outlive it in the OCR cache (a user deletes a
            # report to have it gone); another stored copy of the same file keeps the pages.
            live = self._base_for_write()
            if removed_sha and not (live and any(i.meta.sha256 == removed_sha for i in live.infos.values())):
                self.ocr_cache.forget(removed_sha)

    def edit_metadata(
        self,
        doc_id: str,
        changes: dict[str, Any],
        embed_passages: EmbedPassages | None = None,
    ) -> IngestResult:
        """Set the stated ``title``, ``place``, ``year`` or ``kind`` of a stored report (None: no
        longer stated, derived again) and re-index it from its stored original, under its id.

        Passages whose embedded text is unchanged keep their stored vectors: a place, year or
        kind change embeds nothing; a title change embeds the report's passages again, because
        the title is part of each passage's embedded text (index/passages.py). An invalid value
        raises InvalidMetadataError before anything is written; any failure leaves the stored
        report as it was (the new version never goes live)."""
        with self._write_lock, self.store.writer_lock():
            prev = self._base_for_write()
            entry = None if prev is None else prev.doc_entry(doc_id)
            if prev is None or entry is None:
                raise DocumentNotFoundError(f"没有编号为 {doc_id} 的报告。")
            stated = dict(entry.get("override", {}))
            for key, value in changes.items():
                if value is None:
                    stated.pop(key, None)
                else:
                    stated[key] = value
            pending = self._stored_source(entry, MetaOverride(**stated))
            [result] = self._build(prev, [pending], set(), embed_passages=embed_passages)
            return result

    def reindex(self, doc_id: str, embed_passages: EmbedPassages | None = None) -> IngestResult:
        """Re-parse one stored report from its original with the current chunker and rebuild its
        entries; passages whose text is unchanged keep their vectors (a vector file that fails its
        checksum is embedded again)."""
        with self._write_lock, self.store.writer_lock():
            prev = self._base_for_write()
            entry = None if prev is None else prev.doc_entry(doc_id)
            if prev is None or entry is None:
                raise DocumentNotFoundError(f"没有编号为 {doc_id} 的报告。")
            pending = self._stored_source(entry, MetaOverride(**entry.get("override", {})))
            [result] = self._build(prev, [pending], set(), refresh={doc_id}, embed_passages=embed_passages)
            return result

    def _stored_source(self, entry: dict[str, Any], override: MetaOverride) -> _Pending:
        """A stored report's original, to be parsed again under its own id."""
        path = self.store.original_path(entry["original"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IndexCorruptError(
                f"原始文件缺失：{path}；请重新导入报告 {entry['source_name']}（wenbao ingest）。"
            ) from exc
        name = entry["source_name"]
        return _Pending(name, data, entry["doc_id"], sha256_bytes(data), name, override)

    def rebuild(self) -> None:
        """Re-parse every stored original with the current chunker and re-embed it
        with the current embedder: the way out of IndexMismatchError/IndexCorruptError."""
        with self._write_lock, self.store.writer_lock():
            sources = self._rebuild_sources()
            if not sources:
                raise IndexNotBuiltError("还没有索引，请先运行 wenbao ingest seeds/")
            self._build(None, sources, set(), force=True, cache_from=self._latest_readable_version())

    def _latest_readable_version(self) -> str | None:
        current = None
        with contextlib.suppress(IndexCorruptError):
            current = self.store.current_version()
        for v in ([current] if current else []) + list(reversed(self.store.list_versions())):
            with contextlib.suppress(IndexCorruptError):
                self.store.read_manifest(v)
                return v
        return None

    def _rebuild_sources(self) -> list[_Pending]:
        manifests: list[dict[str, Any]] = []
        current = None
        with contextlib.suppress(IndexCorruptError):
            current = self.store.current_version()
        versions = self.store.list_versions()
        for v in ([current] if current else []) + [v for v in reversed(versions) if v != current]:
            try:
                manifests.append(self.store.read_manifest(v))
                break
            except IndexCorruptError:
                continue
        if not manifests:
            return []
        return [
            self._stored_source(d, MetaOverride(**d.get("override", {}))) for d in manifests[0]["documents"]
        ]

    # --- the one write path --------------------------------------------------
    def _base_for_write(self) -> IndexSnapshot | None:
        """The live version as on disk now (another process may have written since we
        loaded); None when there is no index yet."""
        live = self.store.current_version()
        if live is None:
            return None
        if self._snapshot is not None and self._snapshot.version == live:
            return self._snapshot
        return self._load(live)

    def _write(
        self,
        pending: list[_Pending],
        removed: set[str],
        replace: bool = True,
        progress: Progress | None = None,
        embed_passages: EmbedPassages | None = None,
    ) -> list[IngestResult]:
        with self._write_lock:
            # Cheap check before taking the cross-process lock: nothing to do, nothing touched.
            base = self._snapshot_if_current()
            if base is not None and not removed and all(self._unchanged(base, p) for p in pending):
                return [self._result(base, p, "unchanged") for p in pending]
            with self.store.writer_lock():
                prev = self._base_for_write()
                return self._build(
                    prev, pending, removed, replace=replace, progress=progress, embed_passages=embed_passages
                )

    def _snapshot_if_current(self) -> IndexSnapshot | None:
        try:
            live = self.store.current_version()
        except IndexCorruptError:
            return None
        if live is None:
            return None
        if self._snapshot is None or self._snapshot.version != live:
            try:
                self._snapshot = self._load(live)
            except (IndexCorruptError, IndexMismatchError):
                return None
        return self._snapshot

    @staticmethod
    def _unchanged(prev: IndexSnapshot | None, p: _Pending) -> bool:
        if prev is None:
            return False
        entry = prev.doc_entry(p.doc_id)
        return (
            entry is not None
            and entry["sha256"] == p.sha
            and entry.get("override", {}) == p.override.fields_set()
        )

    @staticmethod
    def _result(snap: IndexSnapshot, p: _Pending, status: str, embedded: int = 0) -> IngestResult:
        return IngestResult(p.path, p.doc_id, status, snap.infos[p.doc_id].chunk_count, embedded)

    def _build(
        self,
        prev: IndexSnapshot | None,
        pending: list[_Pending],
        removed: set[str],
        force: bool = False,
        cache_from: str | None = None,
        replace: bool = True,
        progress: Progress | None = None,
        embed_passages: EmbedPassages | None = None,
        refresh: set[str] | None = None,
    ) -> list[IngestResult]:
        """``refresh``: ids rebuilt even when their bytes and stated metadata are unchanged."""
        refresh = refresh or set()
        todo = [p for p in pending if force or p.doc_id in refresh or not self._unchanged(prev, p)]
        if not todo and not removed:
            assert prev is not None
            return [self._result(prev, p, "unchanged") for p in pending]
        if not replace:
            self._refuse_replacements(prev, todo)
        report = progress or _no_progress
        embed = embed_passages or self.embedder.embed_passages
        compat = self.compat
        # Replaced documents (and everything, on a rebuild) may share most passages with
        # what is stored: reuse those vectors instead of embedding them again.
        source = cache_from or (prev.version if prev is not None else None)
        replaced_ids = [p.doc_id for p in todo if force or (prev is not None and p.doc_id in prev.documents)]
        cache = (
            PassageVectorCache.from_version(
                self.store, source, compat.embedder, compat.passage_format, None if force else replaced_ids
            )
            if replaced_ids
            else PassageVectorCache()
        )
        self.store.sweep_staging()
        writer = self.store.begin_version()
        try:
            builder = VersionBuilder(
                self.store,
                writer,
                compat,
                self.settings.vector_index,
                self.tokenizer,
                self.settings.bm25_heading_weight,
                milvus=self.milvus,
                milvus_state=self._milvus_state(prev, source),
            )
            # Parse everything first (cheap next to embedding), so that progress has a total.
            docs: list[ParsedDocument] = []
            for i, p in enumerate(todo):
                report("parsing", i, len(todo))
                docs.append(self._parse(p))
            total = sum(len(d.chunks) for d in docs)
            done = 0
            statuses: dict[str, str] = {}
            embedded: dict[str, int] = {}
            for p, doc in zip(todo, docs, strict=True):
                vectors, embedded[p.doc_id] = cache.embed(
                    doc.chunks,
                    compat.passage_format,
                    embed,
                    compat.dim,
                    batch_size=self.settings.ingest_batch_size,
                    progress=functools.partial(_embedding_progress, report, done, total),
                )
                done += len(doc.chunks)
                ext = doc.meta.source_format or Path(p.name).suffix.lstrip(".")
                original = self.store.store_original(p.data, p.sha, ext, p.name)
                builder.add_document(
                    NewDocument(doc, np.asarray(vectors, dtype=np.float32), original, p.override.fields_set())
                )
                replaced = prev is not None and p.doc_id in prev.documents
                statuses[p.doc_id] = "replaced" if replaced else "added"
            report("indexing", total, total)
            snap = builder.finish(None if force else prev, removed)
        except OSError as exc:
            writer.abort()
            raise storage_error(exc, self.store.root) from exc
        except BaseException:
            writer.abort()
            raise
        self.retriever.prepare(snap)  # here, not in the first question after the swap
        self._snapshot = snap  # the swap readers see: one reference assignment
        with contextlib.suppress(OSError):  # old versions then stay on disk until the next writer
            self.store.collect_garbage()
        results = [
            self._result(snap, p, statuses.get(p.doc_id, "unchanged"), embedded.get(p.doc_id, 0))
            for p in pending
        ]
        return results

    def _milvus_state(self, prev: IndexSnapshot | None, source: str | None) -> StoreState | None:
        """Which Milvus rows the live version sees (the last readable version's on a rebuild,
        whose manifest may be of another embedder): what the next write sweeps around."""
        if self.milvus is None:
            return None
        if prev is not None:
            return StoreState.from_manifest(prev.manifest)
        if source is None:
            return None
        with contextlib.suppress(IndexCorruptError):
            return StoreState.from_manifest(self.store.read_manifest(source))
        return None

    @property
    def ocr_cache(self) -> OcrCache:
        """Scanned pages already read, beside the index: a re-index does not read them again."""
        return OcrCache(Path(self.settings.data_dir) / "ocr")

    def _parse(self, p: _Pending, compute_ocr: bool = True) -> ParsedDocument:
        """``compute_ocr=False``: a scanned page not in the OCR cache raises OcrPending."""
        doc = with_front_matter(
            pipeline.parse_bytes(
                p.data,
                p.name,
                doc_id=p.doc_id,
                max_chars=self.settings.chunk_max_chars,
                override=p.override,
                scans=LocalScanReader(self.ocr_cache, compute=compute_ocr),
            )
        )
        identity.check_structure(doc.text, self.settings.structure_window_chars, self.settings.max_line_chars)
        doc.meta.sha256 = p.sha
        return doc

    @staticmethod
    def _refuse_replacements(prev: IndexSnapshot | None, todo: list[_Pending]) -> None:
        """Other bytes under a stored id replace a report only when the caller said so
        (checked under the writer lock: another writer may have stored the id meanwhile)."""
        for p in todo:
            entry = None if prev is None else prev.doc_entry(p.doc_id)
            if entry is not None and entry["sha256"] != p.sha:
                raise DocumentExistsError(
                    f"已有编号为 {p.doc_id} 的报告《{entry['title']}》，内容与 {p.path or p.name} 不同。",
                    p.doc_id,
                )


SIDECAR_SUFFIX = ".meta.json"


def read_sidecar(path: Path) -> MetaOverride | None:
    """``report.meta.json`` (or ``report.txt.meta.json``) beside a report: its stated metadata."""
    import json

    for side in (path.with_name(path.stem + SIDECAR_SUFFIX), path.with_name(path.name + SIDECAR_SUFFIX)):
        if not side.is_file():
            continue
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidMetadataError(f"{side.name} 不是有效的 JSON（{exc}）。") from exc
        if not isinstance(data, dict) or set(data) - {"title", "place", "year", "kind"}:
            raise InvalidMetadataError(f"{side.name} 只能包含 title、place、year、kind 四个字段。")
        return MetaOverride(**data)
    return None


def merge_overrides(*layers: MetaOverride | None) -> MetaOverride:
    """Later layers win field by field."""
    merged: dict[str, Any] = {}
    for layer in layers:
        if layer is not None:
            merged.update(layer.fields_set())
    return MetaOverride(**merged)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their report files (sorted, recursive)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(".")
                )
            )
        elif path.is_file():
            out.append(path)
        else:
            raise IngestError(f"找不到文件或文件夹：{path}")
    return out


__all__ = ["IngestResult", "Progress", "ReportLibrary", "StorageWriteError", "UploadPlan", "expand_paths"]
