"""Milvus behind the search seam (``WENBAO_STORE=milvus``): one collection per knowledge base.

What lives where. The document registry (parsed reports, the manifest of each version), the
originals and the ``CURRENT`` pointer stay in the data dir; Milvus holds one row per passage —
its vector, its BM25 terms and the scalar fields a question is scoped by (``doc_id``, ``place``,
the ``years`` the passage covers, ``period``, ``aspect``). Milvus has no transaction over many
rows, so the atomic ``CURRENT`` swap stays the commit point, and every row carries the
*generation* (``gen``) of the write that inserted it:

- a write sweeps what earlier writes left behind, inserts the new reports' rows under a new
  generation, and only then commits the version that names it; rows of a write that failed or
  was killed are newer than every committed generation and stay invisible (the next write
  deletes them);
- a version sees rows with ``min_gen <= gen <= its gen``, less the reports it retired (replaced
  or removed) whose rows the next write deletes — so a reader still on the version before sees
  them until then, as FAISS readers keep the snapshot they loaded;
- an unchanged report is never written again (the library skips it before any of this);
- a version also records the Milvus timestamp of its write (``ts``), and every read of it asks
  Milvus for that timestamp (``guarantee_timestamp``): the rows it committed are there on every
  replica, and a search does not wait for newer writes ("Strong" consistency would wait for the
  next time tick, ~200 ms on a server, on every search).

The keyword side ("engine") is Milvus's BM25 function over wenbao's own jieba tokens, written
space-separated, so both stores score the same terms; the weights of a question's term groups
(its own words, thesaurus synonyms and expansions, words naming the report) are the repeat
counts of the terms in the query text, which Milvus's BM25 multiplies in, and the heading field
is a second BM25 field searched beside the text field, as in ``BM25KeywordIndex``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from wenbao.documents import Chunk
from wenbao.errors import IndexCorruptError, StoreUnavailableError
from wenbao.index.keyword import WeightedTokens
from wenbao.index.passages import heading_text, keyword_text
from wenbao.index.store import REBUILD_HINT
from wenbao.index.tokenizer import ChineseTokenizer

KEYWORD_MODES = ("engine", "local")
# Milvus VARCHAR limits (bytes): ids are short, a passage's token text is cut below the maximum.
MAX_ID_BYTES = 512
MAX_TEXT_BYTES = 65_535
MAX_YEARS = 64
INSERT_BATCH = 512
# Repeat count of a term per unit of its group's weight: weights 1.0 / 0.8 / 0.5 / 0.15 become
# 20 / 16 / 10 / 3 repetitions, exact to the weights' second decimal.
WEIGHT_SCALE = 20
# Each BM25 field returns this many times the candidates asked for before the text and heading
# scores are added up (a passage outside one field's list adds 0 from that field).
FIELD_DEPTH = 4
# BM25 parameters as bm25s uses them (BM25KeywordIndex): both stores score alike.
BM25_K1 = 1.2
BM25_B = 0.75
_NON_WORD = re.compile(r"\W", re.UNICODE)
_COLLECTION_OK = re.compile(r"[^0-9A-Za-z_]")

# The vector index of the collection per WENBAO_VECTOR_INDEX, and its search parameters.
VECTOR_INDEX = {
    "flat": ("FLAT", {}, {}),
    "hnsw": ("HNSW", {"M": 32, "efConstruction": 80}, {"ef": 128}),
    "ivf": ("IVF_FLAT", {"nlist": 1024}, {"nprobe": 32}),
}


def collection_name(kb: str, prefix: str = "wenbao") -> str:
    """``<prefix>_<kb>``: Milvus names take letters, digits and ``_``; a base id with other
    characters keeps a hash of itself so that two ids never share a collection."""
    clean = _COLLECTION_OK.sub("_", kb)
    if clean != kb:
        import hashlib

        clean = f"{clean[:40]}_{hashlib.sha256(kb.encode('utf-8')).hexdigest()[:8]}"
    return f"{prefix}_{clean}"[:255]


def encode_token(token: str) -> str:
    """A wenbao token as one word of Milvus's word tokenizers (``4.4`` -> ``4_4``): the same
    mapping on both sides, so a term matches exactly where bm25s matches it."""
    return _NON_WORD.sub("_", token)


def token_text(tokens: Iterable[str]) -> str:
    """A field's tokens as Milvus text; no token is one ``_`` (bm25s gives such a passage a
    sentinel token of length 1, and the average length must come out the same)."""
    text = " ".join(encode_token(t) for t in tokens) or "_"
    raw = text.encode("utf-8")
    if len(raw) <= MAX_TEXT_BYTES:
        return text
    return raw[:MAX_TEXT_BYTES].decode("utf-8", errors="ignore").rsplit(" ", 1)[0]


def weighted_query_text(query: WeightedTokens) -> str:
    """The query as repeated terms: a term of a group of weight w appears round(20 w) times."""
    words: list[str] = []
    for weight, tokens in query.groups:
        reps = round(weight * WEIGHT_SCALE)
        if reps <= 0:
            continue
        for t in tokens:
            words.extend([encode_token(t)] * reps)
    return " ".join(words)


def quoted(values: Iterable[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


@dataclass(frozen=True)
class StoreState:
    """The ``store`` entry of a Milvus version's manifest: which rows that version sees."""

    collection: str
    keywords: str
    gen: int
    min_gen: int
    retired: tuple[str, ...] = ()  # doc keys (``doc_id#gen``) this version replaced or removed
    ts: int = 0  # Milvus timestamp of the version's last write; 0: read with Strong consistency

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "milvus",
            "collection": self.collection,
            "keywords": self.keywords,
            "gen": self.gen,
            "min_gen": self.min_gen,
            "retired": list(self.retired),
            "ts": self.ts,
        }

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any]) -> StoreState | None:
        d = manifest.get("store")
        if not isinstance(d, dict) or d.get("kind") != "milvus":
            return None
        return cls(
            str(d["collection"]),
            str(d["keywords"]),
            int(d["gen"]),
            int(d["min_gen"]),
            tuple(str(k) for k in d.get("retired", ())),
            int(d.get("ts", 0)),
        )

    def visible(self) -> str:
        """The filter expression of the rows this version sees."""
        expr = f"gen >= {self.min_gen} and gen <= {self.gen}"
        if self.retired:
            expr += f" and doc_key not in {quoted(self.retired)}"
        return expr


def doc_key(doc_id: str, gen: int) -> str:
    return f"{doc_id}#{gen}"


def scope_filter(doc_ids: Iterable[str] | None, years: Iterable[int] | None) -> str:
    """Reports and covered years as an expression: a passage covering no particular time
    (front matter, closing words) is in every year's scope, as in ``positions_covering``."""
    parts: list[str] = []
    if doc_ids is not None:
        parts.append(f"doc_id in {quoted(sorted(doc_ids))}")
    if years is not None:
        ys = ", ".join(str(int(y)) for y in sorted(years))
        parts.append(f"(timeless == true or array_contains_any(years, [{ys}]))")
    return " and ".join(parts)


class MilvusStore:
    """One knowledge base's collection: schema, generational writes, searches, all through
    ``pymilvus.MilvusClient`` (Milvus Lite for a local file, else a server)."""

    def __init__(
        self,
        uri: str,
        token: str | None,
        collection: str,
        dim: int,
        keywords: str = "engine",
        vector_index: str = "flat",
        timeout_s: float = 10.0,
    ) -> None:
        if keywords not in KEYWORD_MODES:
            raise ValueError(f"unknown keyword mode {keywords!r}; one of {KEYWORD_MODES}")
        self.uri = uri
        self.token = token
        self.collection = collection
        self.dim = dim
        self.keywords = keywords
        self.vector_index = vector_index
        self.timeout_s = timeout_s
        self._client: Any = None
        self._lock = threading.Lock()
        self._ready = False

    @property
    def is_lite(self) -> bool:
        return not self.uri.startswith(("http://", "https://", "tcp://", "unix:"))

    # --- connection ------------------------------------------------------------
    def _unavailable(self, exc: BaseException) -> StoreUnavailableError:
        where = self.uri if self.is_lite else self.uri.split("@")[-1]
        return StoreUnavailableError(
            f"无法访问向量库 Milvus（{where}，集合 {self.collection}）：{exc}。原有索引保持不变，请检查"
            " WENBAO_MILVUS_URI 与 Milvus 服务后重试。"
        )

    @property
    def client(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    from pymilvus import MilvusClient

                    try:
                        kwargs: dict[str, Any] = {"uri": self.uri, "timeout": self.timeout_s}
                        if self.token:
                            kwargs["token"] = self.token
                        self._client = MilvusClient(**kwargs)
                    except Exception as exc:  # pymilvus raises its own and gRPC's errors
                        raise self._unavailable(exc) from exc
        return self._client

    def _call(self, fn: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, fn)(*args, **kwargs)
        except StoreUnavailableError:
            raise
        except Exception as exc:
            raise self._unavailable(exc) from exc

    def close(self, release_lite: bool = True) -> None:
        """Close the connection; Milvus Lite also stops its in-process server and lets go of its
        folder (one process at a time may hold it) unless ``release_lite`` is False (another
        base's store in this process shares the file)."""
        if self._client is not None:
            try:
                self._client.close()
            finally:
                self._client = None
                self._ready = False
        if self.is_lite and release_lite:
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(self.uri)

    def drop(self) -> None:
        """Drop the collection: its knowledge base is deleted (a server keeps a collection until
        it is dropped; Milvus Lite's file would go with the base's folder, but not a shared one's)."""
        if self._call("has_collection", self.collection):
            self._call("drop_collection", self.collection)
        self._ready = False

    # --- schema ------------------------------------------------------------------
    def _analyzer(self) -> dict[str, Any]:
        # The text is wenbao's tokens separated by spaces: Milvus Lite's "standard" analyzer
        # splits on \W+, a server's "whitespace" tokenizer on spaces (its "standard" one would
        # cut Chinese into single characters).
        return {"tokenizer": "standard" if self.is_lite else "whitespace"}

    def ensure_collection(self) -> None:
        if self._ready:
            return
        if not self._call("has_collection", self.collection):
            self._create()
        self._call("load_collection", self.collection)
        self._ready = True

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("pk", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        schema.add_field("gen", DataType.INT64)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=MAX_ID_BYTES)
        schema.add_field("doc_key", DataType.VARCHAR, max_length=MAX_ID_BYTES + 24)
        schema.add_field("place", DataType.VARCHAR, max_length=256)
        schema.add_field("years", DataType.ARRAY, element_type=DataType.INT64, max_capacity=MAX_YEARS)
        schema.add_field("timeless", DataType.BOOL)
        schema.add_field("period", DataType.VARCHAR, max_length=32)
        schema.add_field("aspect", DataType.VARCHAR, max_length=32)
        index = self._call("prepare_index_params")
        kind, build, _ = VECTOR_INDEX[self.vector_index]
        # Build parameters go as one JSON "params" entry: pymilvus 3 sends a flat dict as
        # separate keys, which Milvus Lite ignores (a server reads both forms).
        index.add_index(field_name="vector", index_type=kind, metric_type="IP", params={"params": build})
        if self.keywords == "engine":
            for name in ("text", "heading"):
                schema.add_field(
                    name,
                    DataType.VARCHAR,
                    max_length=MAX_TEXT_BYTES,
                    enable_analyzer=True,
                    analyzer_params=self._analyzer(),
                )
                schema.add_field(f"{name}_bm25", DataType.SPARSE_FLOAT_VECTOR)
                schema.add_function(
                    Function(
                        name=f"{name}_bm25_fn",
                        function_type=FunctionType.BM25,
                        input_field_names=[name],
                        output_field_names=[f"{name}_bm25"],
                    )
                )
                index.add_index(
                    field_name=f"{name}_bm25",
                    index_type="SPARSE_INVERTED_INDEX",
                    metric_type="BM25",
                    params={"params": {"bm25_k1": BM25_K1, "bm25_b": BM25_B}},
                )
        self._call(
            "create_collection",
            self.collection,
            schema=schema,
            index_params=index,
            consistency_level="Strong",
        )

    # --- writing -------------------------------------------------------------------
    def sweep(self, state: StoreState | None) -> None:
        """Delete what the live version does not need: rows of writes that never committed,
        rows older than its ``min_gen`` and the rows of reports it retired (call under the
        writer lock, before inserting)."""
        if state is None:
            return
        self.ensure_collection()
        expr = f"gen > {state.gen} or gen < {state.min_gen}"
        if state.retired:
            expr += f" or doc_key in {quoted(state.retired)}"
        self._call("delete", self.collection, filter=expr)

    def insert(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        ids: np.ndarray,
        gen: int,
        tokenizer: ChineseTokenizer,
    ) -> None:
        self.ensure_collection()
        vecs = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        for start in range(0, len(chunks), INSERT_BATCH):
            rows = []
            for i in range(start, min(start + INSERT_BATCH, len(chunks))):
                c = chunks[i]
                row: dict[str, Any] = {
                    "pk": int(ids[i]),
                    "vector": vecs[i].tolist(),
                    "gen": gen,
                    "doc_id": c.doc_id,
                    "doc_key": doc_key(c.doc_id, gen),
                    "place": c.place or "",
                    "years": [int(y) for y in (c.covers.years if c.covers else ())][:MAX_YEARS],
                    "timeless": c.covers is None,
                    "period": c.covers.period if c.covers else "",
                    "aspect": c.covers.aspect if c.covers else "",
                }
                if self.keywords == "engine":
                    row["text"] = token_text(tokenizer.tokenize(keyword_text(c)))
                    row["heading"] = token_text(tokenizer.tokenize(heading_text(c)))
                rows.append(row)
            self.insert_rows(rows)

    def insert_rows(self, rows: list[dict[str, Any]]) -> None:
        """Rows of this collection's schema, as ``insert`` makes them (the benchmark's too)."""
        self.ensure_collection()
        self._call("insert", self.collection, rows)

    def write_ts(self) -> int:
        """The Milvus timestamp of this client's last insert or delete in the collection (0 when
        the server gives none, as Milvus Lite)."""
        from pymilvus.client import ts_utils

        try:
            address = self.client._get_connection().server_address
            return int(ts_utils.get_collection_ts(self.collection, address, "") or 0)
        except Exception:  # a client without the cache: read with Strong consistency
            return 0

    @staticmethod
    def consistency(ts: int) -> dict[str, Any]:
        """Read as of the version's write: no older, and no waiting for newer writes."""
        if ts > 0:
            return {"consistency_level": "Customized", "guarantee_timestamp": ts}
        return {"consistency_level": "Strong"}

    def count(self, expr: str, ts: int = 0) -> int:
        self.ensure_collection()
        got = self._call(
            "query", self.collection, filter=expr, output_fields=["count(*)"], **self.consistency(ts)
        )
        return int(got[0]["count(*)"]) if got else 0

    def check(self, state: StoreState, chunks: int) -> None:
        """The collection holds exactly the passages of this version (a replica pointed at
        another Milvus, or a collection dropped by hand, is caught on load, not by a wrong answer)."""
        if state.collection != self.collection:
            raise IndexCorruptError(
                f"索引版本写在 Milvus 集合 {state.collection}，当前配置为 {self.collection}；{REBUILD_HINT}。"
            )
        if not self._call("has_collection", self.collection):
            raise IndexCorruptError(f"Milvus 中没有集合 {self.collection}；{REBUILD_HINT}。")
        found = self.count(state.visible(), state.ts)
        if found != chunks:
            raise IndexCorruptError(
                f"Milvus 集合 {self.collection} 有 {found} 个本版本的段落，"
                f"索引记录为 {chunks} 个；{REBUILD_HINT}。"
            )

    # --- searching ---------------------------------------------------------------------
    @staticmethod
    def _hits(result: Any) -> list[tuple[int, float]]:
        out: list[tuple[int, float]] = []
        for hit in result[0] if result else ():
            pk = hit.get("id", hit.get("pk")) if hasattr(hit, "get") else hit.id
            out.append((int(pk), float(hit["distance"] if hasattr(hit, "get") else hit.distance)))
        return out

    def search_dense(self, vector: np.ndarray, k: int, expr: str, ts: int = 0) -> list[tuple[int, float]]:
        """(pk, cosine), best first."""
        self.ensure_collection()
        _, _, params = VECTOR_INDEX[self.vector_index]
        result = self._call(
            "search",
            self.collection,
            data=[np.asarray(vector, dtype=np.float32).reshape(-1).tolist()],
            anns_field="vector",
            limit=k,
            filter=expr,
            search_params={"metric_type": "IP", "params": params},
            output_fields=["pk"],
            **self.consistency(ts),
        )
        return self._hits(result)

    def search_keywords(
        self, query: WeightedTokens, k: int, expr: str, heading_weight: float, ts: int = 0
    ) -> list[tuple[int, float]]:
        """(pk, text BM25 + heading_weight x heading BM25) of every passage either field
        returned (up to ``FIELD_DEPTH`` x k each), unordered: the caller orders and cuts."""
        text = weighted_query_text(query)
        if not text:
            return []
        self.ensure_collection()
        total: dict[int, float] = {}
        fields = [("text", 1.0)] + ([("heading", heading_weight)] if heading_weight > 0 else [])
        for name, weight in fields:
            result = self._call(
                "search",
                self.collection,
                data=[text],
                anns_field=f"{name}_bm25",
                limit=k * FIELD_DEPTH,
                filter=expr,
                search_params={"metric_type": "BM25"},
                output_fields=["pk"],
                **self.consistency(ts),
            )
            for pk, dist in self._hits(result):
                # Milvus Lite reports BM25 as a negative distance, a server as a positive score;
                # Milvus's BM25 carries a (k1 + 1) factor bm25s leaves out: the same ranking.
                total[pk] = total.get(pk, 0.0) + weight * abs(dist) / (WEIGHT_SCALE * (BM25_K1 + 1))
        return [(pk, s) for pk, s in total.items() if s > 0]


def new_generation(previous: StoreState | None) -> int:
    """Microseconds since the epoch: later than any generation written before, also by another
    process, so rows of an interrupted write are always newer than the live version's."""
    now = time.time_ns() // 1000
    return max(now, previous.gen + 1) if previous is not None else now
