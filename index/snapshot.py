"""An immutable, fully loaded index version, and the builder that writes the next one.

Searches run against one ``IndexSnapshot`` object; an ingest builds a *new*
snapshot (and version on disk) and the library swaps one reference. A search
that started on the old snapshot finishes on it, wholly.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wenbao.documents import Chunk, DocumentInfo, ParsedDocument
from wenbao.errors import IndexCorruptError
from wenbao.index.frontmatter import is_front_matter
from wenbao.index.keyword import BM25KeywordIndex
from wenbao.index.milvus_store import MilvusStore, StoreState, doc_key, new_generation
from wenbao.index.passages import heading_text, keyword_text
from wenbao.index.serialize import document_from_json, document_to_json
from wenbao.index.store import FORMAT_VERSION, REBUILD_HINT, Compatibility, IndexStore, VersionWriter, now_iso
from wenbao.index.tokenizer import ChineseTokenizer
from wenbao.index.vector import FaissVectorIndex

DOC_JSON = "documents/{}.json"
DOC_NPY = "vectors/{}.npy"
FAISS_FILE = "faiss.index"
BM25_DIR = "bm25"


# A search scope over a snapshot: (mask over positions, allowed FAISS ids); (None, None) when
# the search is not scoped. Read-only arrays: one scope's are shared by every query of it.
ScopeMask = tuple[np.ndarray | None, np.ndarray | None]
SCOPES_KEPT = 256  # scopes kept per snapshot (a few per report and year asked of); more start afresh


@dataclass
class IndexSnapshot:
    version: str | None
    manifest: dict[str, Any]
    documents: dict[str, ParsedDocument]  # doc_id -> document, sorted by doc_id
    infos: dict[str, DocumentInfo]
    chunks: list[Chunk]  # position -> chunk (documents in doc_id order, chunks in text order)
    vector_ids: np.ndarray  # position -> FAISS id (the row's primary key in Milvus)
    vectors: FaissVectorIndex | None  # None: the vectors are in Milvus
    keywords: BM25KeywordIndex | None  # None: the BM25 terms are in Milvus
    chunk_pos: dict[str, int] = field(default_factory=dict)
    id_to_pos: dict[int, int] = field(default_factory=dict)
    doc_range: dict[str, tuple[int, int]] = field(default_factory=dict)  # doc_id -> [start, end) positions
    front: dict[str, list[int]] = field(default_factory=dict)  # doc_id -> positions of front-matter chunks
    _covering_cache: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict, repr=False)
    # (doc_ids, years) -> a search scope's (mask, FAISS ids), or None when it holds no passage:
    # kept by the snapshot, so a new index version starts afresh (LocalSearchBackend.scope_mask)
    scope_cache: dict[tuple[frozenset[str] | None, frozenset[int] | None], ScopeMask | None] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        self.chunk_pos = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.id_to_pos = {int(v): i for i, v in enumerate(self.vector_ids)}
        pos = 0
        for doc_id, doc in self.documents.items():
            self.doc_range[doc_id] = (pos, pos + len(doc.chunks))
            first_headed = min((c.start for c in doc.chunks if c.heading_path), default=len(doc.text))
            self.front[doc_id] = [
                pos + i for i, c in enumerate(doc.chunks) if is_front_matter(c, first_headed)
            ]
            pos += len(doc.chunks)

    @classmethod
    def empty(cls, dim: int, kind: str) -> IndexSnapshot:
        vi = FaissVectorIndex(dim, kind)
        vi.build(np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32))
        return cls(None, {}, {}, {}, [], np.zeros(0, dtype=np.int64), vi, BM25KeywordIndex())

    def doc_entry(self, doc_id: str) -> dict[str, Any] | None:
        for d in self.manifest.get("documents", []):
            if d["doc_id"] == doc_id:
                return dict(d)
        return None

    def positions_covering(self, years: frozenset[int]) -> np.ndarray:
        """Chunks whose ``covers`` include one of ``years``, or that cover no particular time."""
        key = tuple(sorted(years))
        cached = self._covering_cache.get(key)
        if cached is None:
            cached = np.asarray(
                [
                    p
                    for p, c in enumerate(self.chunks)
                    if c.covers is None or years.intersection(c.covers.years)
                ],
                dtype=np.int64,
            )
            if len(self._covering_cache) > 256:
                self._covering_cache.clear()
            self._covering_cache[key] = cached
        return cached

    @functools.cached_property
    def covered_years(self) -> tuple[int, ...]:
        """Every year a stored passage speaks about, sorted (once per snapshot: it never changes)."""
        return tuple(sorted({y for c in self.chunks if c.covers is not None for y in c.covers.years}))

    @functools.cached_property
    def reviewed_years(self) -> dict[str, frozenset[int]]:
        """Per report, the years its results parts speak about (once per snapshot)."""
        out: dict[str, set[int]] = {}
        for c in self.chunks:
            if c.covers is not None and c.covers.aspect == "results":
                out.setdefault(c.doc_id, set()).update(c.covers.years)
        return {d: frozenset(ys) for d, ys in out.items()}

    def positions_of_docs(self, doc_ids: set[str]) -> np.ndarray:
        parts = [np.arange(*self.doc_range[d]) for d in sorted(doc_ids) if d in self.doc_range]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


# --- loading ---------------------------------------------------------------
def load_snapshot(
    store: IndexStore,
    compat: Compatibility,
    heading_weight: float,
    version: str | None = None,
    milvus: MilvusStore | None = None,
    previous: IndexSnapshot | None = None,
) -> IndexSnapshot:
    """Load and verify a version (the live one by default); a Milvus version is checked
    against its collection (``milvus``: the store the settings name). ``previous``: the version
    this process holds; its reports whose files the new version carried over unchanged (hard
    links) are taken over as parsed, not read and checked again — a replica reloading after an
    upload reads the new report, not every report."""
    version = version or store.require_current()
    base = store.version_dir(version)
    if not base.is_dir():
        raise IndexCorruptError(f"索引指针 {store.current_file} 指向的版本 {base} 不存在；{REBUILD_HINT}。")
    manifest = store.read_manifest(version)
    compat.check(manifest)
    verified: dict[str, tuple[dict[str, Any], Path]] = {}
    if previous is not None and previous.version is not None:
        prev_base = store.version_dir(previous.version)
        verified = {rel: (info, prev_base / rel) for rel, info in previous.manifest.get("files", {}).items()}
    same = store.verify_files(version, manifest, verified)
    documents: dict[str, ParsedDocument] = {}
    infos: dict[str, DocumentInfo] = {}
    chunks: list[Chunk] = []
    ids: list[np.ndarray] = []
    current = ""
    try:
        for entry in manifest["documents"]:
            doc_id = entry["doc_id"]
            current = DOC_JSON.format(doc_id)
            if current in same and previous is not None and doc_id in previous.documents:
                doc = previous.documents[doc_id]  # the same file: the same parsed report
            else:
                doc = document_from_json(json.loads((base / current).read_text(encoding="utf-8")))
            documents[doc_id] = doc
            infos[doc_id] = DocumentInfo(meta=doc.meta, chunk_count=len(doc.chunks), created=entry["created"])
            chunks.extend(doc.chunks)
            start, count = entry["vector_ids"]
            ids.append(np.arange(start, start + count, dtype=np.int64))
        state = StoreState.from_manifest(manifest)
        vectors: FaissVectorIndex | None = None
        keywords: BM25KeywordIndex | None = None
        if state is None:
            current = FAISS_FILE
            kind = str(manifest.get("vector_index", "flat"))
            vectors = FaissVectorIndex.load(base / FAISS_FILE, int(manifest["embedder"]["dim"]), kind)
        if state is None or state.keywords == "local":
            current = BM25_DIR
            keywords = BM25KeywordIndex.load(base / BM25_DIR, heading_weight=heading_weight)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorruptError(f"索引文件无法读取：{base / current}（{exc}）；{REBUILD_HINT}。") from exc
    vector_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
    if (vectors is not None and vectors.ntotal != len(chunks)) or (
        keywords is not None and keywords.size != len(chunks)
    ):
        raise IndexCorruptError(f"索引 {base} 的向量/关键词数与段落数不一致；{REBUILD_HINT}。")
    if state is not None:
        if milvus is None:
            raise IndexCorruptError(f"索引 {base} 建在 Milvus 上，当前配置没有 Milvus；{REBUILD_HINT}。")
        milvus.check(state, len(chunks))
    return IndexSnapshot(version, manifest, documents, infos, chunks, vector_ids, vectors, keywords)


# --- building --------------------------------------------------------------
@dataclass
class NewDocument:
    """A parsed and embedded document waiting to go into the next version."""

    doc: ParsedDocument
    vectors: np.ndarray
    original: str  # path of the stored original, relative to the data dir
    override: dict[str, Any] = field(default_factory=dict)  # metadata the uploader stated (kept for rebuilds)


class VersionBuilder:
    """Writes the next version: unchanged documents are carried over (their stored
    vectors included, never re-embedded), new ones written, then FAISS and BM25 — or,
    with ``milvus``, the new documents' rows in the collection under a new generation
    (``milvus_state``: the store entry of the live version, or of the last readable one
    on a rebuild; see index/milvus_store.py)."""

    def __init__(
        self,
        store: IndexStore,
        writer: VersionWriter,
        compat: Compatibility,
        kind: str,
        tokenizer: ChineseTokenizer,
        heading_weight: float,
        milvus: MilvusStore | None = None,
        milvus_state: StoreState | None = None,
    ) -> None:
        self.store = store
        self.writer = writer
        self.compat = compat
        self.kind = kind
        self.tokenizer = tokenizer
        self.heading_weight = heading_weight
        self.milvus = milvus
        self.milvus_state = milvus_state
        self.new: dict[str, NewDocument] = {}

    def add_document(self, new: NewDocument) -> None:
        """Write a new document's files right away, so a long ingest keeps its work
        in the staging folder rather than in memory."""
        doc_id = new.doc.meta.doc_id
        self.writer.write_json(DOC_JSON.format(doc_id), document_to_json(new.doc))
        self.writer.write_npy(DOC_NPY.format(doc_id), new.vectors)
        self.new[doc_id] = new

    def finish(self, prev: IndexSnapshot | None, removed: set[str]) -> IndexSnapshot:
        prev_docs = {} if prev is None else dict(prev.documents)
        prev_manifest = {} if prev is None else prev.manifest
        prev_base = None if prev is None or prev.version is None else self.store.version_dir(prev.version)
        kept = sorted(d for d in prev_docs if d not in removed and d not in self.new)
        next_id = int(prev_manifest.get("next_vector_id", 0))
        created = now_iso()

        entries: dict[str, dict[str, Any]] = {}
        documents: dict[str, ParsedDocument] = {}
        for doc_id in kept:
            assert prev is not None and prev_base is not None
            entry = prev.doc_entry(doc_id)
            assert entry is not None
            for rel in (DOC_JSON.format(doc_id), DOC_NPY.format(doc_id)):
                self.writer.reuse(prev_base / rel, rel, prev_manifest["files"][rel])
            entries[doc_id] = entry
            documents[doc_id] = prev_docs[doc_id]
        for doc_id, new in self.new.items():
            n = len(new.doc.chunks)
            entries[doc_id] = {
                "doc_id": doc_id,
                "sha256": new.doc.meta.sha256,
                "source_name": new.doc.meta.source_name,
                "source_format": new.doc.meta.source_format,
                "original": new.original,
                "title": new.doc.meta.title,
                "year": new.doc.meta.year,
                "override": dict(new.override),
                "chunk_count": n,
                "created": created,
                "vector_ids": [next_id, n],
            }
            next_id += n
            documents[doc_id] = new.doc
        order = sorted(entries)
        documents = {d: documents[d] for d in order}

        chunks = [c for d in order for c in documents[d].chunks]
        vectors: FaissVectorIndex | None = None
        keywords: BM25KeywordIndex | None = None
        state: StoreState | None = None
        if self.milvus is None:
            vectors = self._vectors(prev, prev_base, kept, removed, entries)
            vectors.save(self.writer.path(FAISS_FILE))
            self.writer.record_tree(FAISS_FILE)
        else:
            state = self._write_milvus(prev, entries)
        if self.milvus is None or self.milvus.keywords == "local":
            keywords = BM25KeywordIndex(heading_weight=self.heading_weight)
            keywords.build(
                self.tokenizer.tokenize_many([keyword_text(c) for c in chunks]),
                self.tokenizer.tokenize_many([heading_text(c) for c in chunks]),
            )
            keywords.save(self.writer.path(BM25_DIR))
            self.writer.record_tree(BM25_DIR)

        manifest = {
            "format_version": FORMAT_VERSION,
            "embedder": {
                "name": self.compat.embedder,
                "dim": self.compat.dim,
                "passage_format": self.compat.passage_format,
            },
            "chunker_version": self.compat.chunker_version,
            "vector_index": self.kind,
            "created": created,
            "next_vector_id": next_id,
            "documents": [entries[d] for d in order],
        }
        if state is not None:
            manifest["store"] = state.to_json()
        version = self.writer.commit(manifest)
        manifest["files"] = dict(sorted(self.writer.files.items()))
        ids = [np.arange(entries[d]["vector_ids"][0], sum(entries[d]["vector_ids"])) for d in order]
        infos = {
            d: DocumentInfo(documents[d].meta, len(documents[d].chunks), entries[d]["created"]) for d in order
        }
        return IndexSnapshot(
            version,
            manifest,
            documents,
            infos,
            chunks,
            np.concatenate(ids).astype(np.int64) if ids else np.zeros(0, dtype=np.int64),
            vectors,
            keywords,
        )

    def _write_milvus(self, prev: IndexSnapshot | None, entries: Mapping[str, dict[str, Any]]) -> StoreState:
        """Sweep, insert the new documents' rows under a new generation, and say which rows the
        version being written sees. Nothing inserted here is visible before ``commit``."""
        assert self.milvus is not None
        last = self.milvus_state
        self.milvus.sweep(last)
        gen = new_generation(last)
        for doc_id, new in self.new.items():
            start, count = entries[doc_id]["vector_ids"]
            self.milvus.insert(
                new.doc.chunks, new.vectors, np.arange(start, start + count), gen, self.tokenizer
            )
            entries[doc_id]["store_gen"] = gen
        ts = self.milvus.write_ts()
        if prev is None or last is None:  # first write, or a rebuild: older rows are never seen again
            return StoreState(self.milvus.collection, self.milvus.keywords, gen, gen, ts=ts)
        retired = tuple(
            doc_key(d, int(e["store_gen"]))
            for d in prev.documents
            if d not in entries or d in self.new
            if (e := prev.doc_entry(d)) is not None and "store_gen" in e
        )
        return StoreState(self.milvus.collection, self.milvus.keywords, gen, last.min_gen, retired, ts)

    def _vectors(
        self,
        prev: IndexSnapshot | None,
        prev_base: Path | None,
        kept: list[str],
        removed: set[str],
        entries: Mapping[str, dict[str, Any]],
    ) -> FaissVectorIndex:
        new_ids = [
            (np.arange(entries[d]["vector_ids"][0], sum(entries[d]["vector_ids"])), n.vectors)
            for d, n in self.new.items()
        ]
        if prev is not None and prev.vectors is not None and prev.vectors.kind == self.kind == "flat":
            # Incremental: drop the vectors of removed and replaced documents by id, add the new.
            vi = prev.vectors.copy()
            gone = [d for d in prev.documents if d in removed or d in self.new]
            if gone:
                vi.remove(np.concatenate([prev.vector_ids[slice(*prev.doc_range[d])] for d in gone]))
            for ids, vecs in new_ids:
                vi.add(ids, vecs)
            return vi
        # HNSW cannot delete and IVF retrains its lists: build from the stored vectors.
        parts_ids: list[np.ndarray] = []
        parts_vecs: list[np.ndarray] = []
        for d in kept:
            assert prev_base is not None
            start, count = entries[d]["vector_ids"]
            parts_ids.append(np.arange(start, start + count))
            parts_vecs.append(np.load(prev_base / DOC_NPY.format(d), allow_pickle=False))
        for ids, vecs in new_ids:
            parts_ids.append(ids)
            parts_vecs.append(vecs)
        vi = FaissVectorIndex(self.compat.dim, self.kind)
        if parts_ids:
            vi.build(np.concatenate(parts_ids), np.concatenate(parts_vecs))
        else:
            vi.build(np.zeros(0, dtype=np.int64), np.zeros((0, self.compat.dim), dtype=np.float32))
        return vi
