"""On-disk layout of the index under ``settings.data_dir``, with atomic version swaps.

::

    data_dir/
      CURRENT                      name of the live version (swapped with os.replace)
      .lock                        writers take an flock on it (CLI and server may both write)
      originals/<sha256>.<ext>     the files as uploaded, content-addressed (never the uploaded name)
      originals/<sha256>.json      what the upload was called, for rebuilds
      versions/<version>/          one complete, immutable index:
          manifest.json            format, embedder, chunker version, documents, file checksums
          documents/<doc_id>.json  parsed document: meta, cleaned text, outline, chunks
          vectors/<doc_id>.npy     that document's chunk embeddings (reused when unchanged)
          faiss.index              FAISS vectors with stable ids
          bm25/                    bm25s index (text and heading fields)
      versions/.staging-*          a version being written; never read, swept by the next writer

A version is written completely into a staging folder, every file and folder is
fsynced, the folder is renamed, and only then is ``CURRENT`` replaced. A crash or
``kill -9`` at any moment therefore leaves ``CURRENT`` naming a complete version.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from wenbao.errors import (
    IndexCorruptError,
    IndexMismatchError,
    IndexNotBuiltError,
    StorageWriteError,
)

FORMAT_VERSION = 1
REBUILD_HINT = "请运行 `wenbao index --rebuild` 重建索引"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_bytes_durably(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def replace_durably(target: Path, data: bytes) -> None:
    """Replace ``target`` atomically: a fsynced temp file renamed over it, then the folder fsynced."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        _write_bytes_durably(tmp, data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_path(target.parent)


@contextlib.contextmanager
def folder_lock(root: Path, name: str) -> Iterator[None]:
    """An exclusive flock on ``root/name``, across processes (the server and a CLI command)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / name, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise storage_error(exc, root) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _same_file(path: Path, stat: os.stat_result) -> bool:
    try:
        other = path.stat()
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (stat.st_dev, stat.st_ino)


def storage_error(exc: OSError, where: Path) -> StorageWriteError:
    if exc.errno == errno.ENOSPC:
        why = "磁盘空间已满"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "没有写入权限"
    elif exc.errno in (errno.EFBIG, errno.EDQUOT):
        why = "超出磁盘配额或文件大小限制"
    else:
        why = exc.strerror or type(exc).__name__
    return StorageWriteError(f"无法写入数据目录 {where}（{why}），原有索引保持不变。")


@dataclass(frozen=True)
class Compatibility:
    """What an index must have been built with to be usable by this process."""

    embedder: str
    dim: int
    chunker_version: str
    passage_format: str
    store: str = "faiss"  # "faiss" | "milvus" (WENBAO_STORE)
    keywords: str = "engine"  # where a Milvus version's BM25 terms are (WENBAO_MILVUS_KEYWORDS)

    def check(self, manifest: dict[str, Any]) -> None:
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexMismatchError(
                f"索引格式版本为 {manifest.get('format_version')}，"
                f"当前程序需要 {FORMAT_VERSION}；{REBUILD_HINT}。"
            )
        emb = manifest.get("embedder", {})
        if emb.get("name") != self.embedder or int(emb.get("dim", -1)) != self.dim:
            raise IndexMismatchError(
                f"索引由嵌入模型 {emb.get('name')}（{emb.get('dim')} 维）建立，当前配置为 "
                f"{self.embedder}（{self.dim} 维）；{REBUILD_HINT}。"
            )
        if emb.get("passage_format") != self.passage_format:
            raise IndexMismatchError(
                f"索引的段落嵌入方式为 {emb.get('passage_format')}，"
                f"当前为 {self.passage_format}；{REBUILD_HINT}。"
            )
        stored = manifest.get("store") or {"kind": "faiss"}
        if stored.get("kind") != self.store:
            raise IndexMismatchError(
                f"索引的向量存放在 {stored.get('kind')}，当前配置为 WENBAO_STORE={self.store}；{REBUILD_HINT}"
                "（已有的向量会直接复用，不重新计算）。"
            )
        if self.store == "milvus" and stored.get("keywords") != self.keywords:
            raise IndexMismatchError(
                f"索引的关键词检索方式为 {stored.get('keywords')}，当前配置为 "
                f"WENBAO_MILVUS_KEYWORDS={self.keywords}；{REBUILD_HINT}。"
            )
        if manifest.get("chunker_version") != self.chunker_version:
            raise IndexMismatchError(
                f"索引由分段程序版本 {manifest.get('chunker_version')} 建立，当前版本为 "
                f"{self.chunker_version}；{REBUILD_HINT}。"
            )


class IndexStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)

    # --- paths ---------------------------------------------------------------
    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    @property
    def originals_dir(self) -> Path:
        return self.root / "originals"

    def version_dir(self, version: str) -> Path:
        return self.versions_dir / version

    # --- reading -------------------------------------------------------------
    def current_version(self) -> str | None:
        """The live version's name, or None when nothing was ever indexed."""
        try:
            name = self.current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise IndexCorruptError(
                f"无法读取索引指针文件 {self.current_file}（{exc}）；{REBUILD_HINT}。"
            ) from exc
        if not name or "/" in name or name.startswith("."):
            raise IndexCorruptError(f"索引指针文件 {self.current_file} 已损坏；{REBUILD_HINT}。")
        return name

    def has_index(self) -> bool:
        try:
            return self.current_version() is not None
        except IndexCorruptError:
            return True

    def require_current(self) -> str:
        version = self.current_version()
        if version is None:
            raise IndexNotBuiltError("还没有索引，请先运行 wenbao ingest seeds/")
        return version

    def read_manifest(self, version: str) -> dict[str, Any]:
        path = self.version_dir(version) / "manifest.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise IndexCorruptError(f"索引文件缺失：{path}；{REBUILD_HINT}。") from exc
        except (OSError, ValueError) as exc:
            raise IndexCorruptError(f"索引文件已损坏：{path}；{REBUILD_HINT}。") from exc
        if not isinstance(data, dict) or "documents" not in data or "files" not in data:
            raise IndexCorruptError(f"索引文件已损坏：{path}；{REBUILD_HINT}。")
        return data

    def verify_files(
        self,
        version: str,
        manifest: dict[str, Any],
        verified: dict[str, tuple[dict[str, Any], Path]] | None = None,
    ) -> set[str]:
        """Every file the manifest lists exists with its size and sha256. ``verified``: files of a
        version checked before (rel -> (info, path)); one that is the same file (a hard link: files
        of a version are never modified) with the same checksum is not read again. Returns the
        files taken over that way."""
        base = self.version_dir(version)
        same: set[str] = set()
        for rel, info in sorted(manifest["files"].items()):
            path = base / rel
            try:
                stat = path.stat()
            except FileNotFoundError as exc:
                raise IndexCorruptError(f"索引文件缺失：{path}；{REBUILD_HINT}。") from exc
            known = (verified or {}).get(rel)
            if known is not None and known[0] == info and _same_file(known[1], stat):
                same.add(rel)
                continue
            if stat.st_size != int(info["size"]) or sha256_file(path) != info["sha256"]:
                raise IndexCorruptError(f"索引文件已损坏（大小或校验和不符）：{path}；{REBUILD_HINT}。")
        return same

    def list_versions(self) -> list[str]:
        if not self.versions_dir.is_dir():
            return []
        names = (p.name for p in self.versions_dir.iterdir() if p.is_dir())
        return sorted(n for n in names if not n.startswith("."))

    # --- originals -------------------------------------------------------------
    def original_path(self, rel: str) -> Path:
        return self.root / rel

    def store_original(self, data: bytes, sha: str, ext: str, name: str) -> str:
        """Content-addressed copy of an upload; returns its path relative to the root."""
        ext = "".join(ch for ch in ext.lower() if ch.isalnum())[:8] or "bin"
        rel = f"originals/{sha}.{ext}"
        target = self.root / rel
        try:
            self.originals_dir.mkdir(parents=True, exist_ok=True)
            if not (target.exists() and target.stat().st_size == len(data)):
                tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
                _write_bytes_durably(tmp, data)
                os.replace(tmp, target)
            side = self.originals_dir / f"{sha}.json"
            if not side.exists():
                tmp = side.with_name(f".{side.name}.{uuid.uuid4().hex}.tmp")
                payload = json.dumps({"name": name, "file": rel}, ensure_ascii=False)
                _write_bytes_durably(tmp, payload.encode("utf-8"))
                os.replace(tmp, side)
            _fsync_path(self.originals_dir)
        except OSError as exc:
            raise storage_error(exc, self.root) from exc
        return rel

    # --- writing -------------------------------------------------------------
    def writer_lock(self) -> contextlib.AbstractContextManager[None]:
        """One writer at a time across processes (the server and a CLI ingest)."""
        return folder_lock(self.root, ".lock")

    def sweep_staging(self) -> None:
        """Remove half-written versions left by a crashed writer (call under the lock)."""
        if not self.versions_dir.is_dir():
            return
        for p in self.versions_dir.iterdir():
            if p.name.startswith(".staging-"):
                shutil.rmtree(p, ignore_errors=True)

    def begin_version(self) -> VersionWriter:
        name = datetime.now(UTC).strftime("v%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]
        staging = self.versions_dir / f".staging-{name}"
        try:
            staging.mkdir(parents=True)
        except OSError as exc:
            raise storage_error(exc, self.root) from exc
        return VersionWriter(self, name, staging)

    def collect_garbage(self, keep: int = 2) -> None:
        """Keep the newest ``keep`` versions (the live one and its predecessor, which a
        reader in another process may still be loading) and the originals they use."""
        current = self.current_version()
        versions = self.list_versions()
        kept = [v for v in versions if v == current] + [v for v in reversed(versions) if v != current]
        kept = kept[:keep]
        for v in versions:
            if v not in kept:
                shutil.rmtree(self.version_dir(v), ignore_errors=True)
        used: set[str] = set()
        for v in kept:
            with contextlib.suppress(IndexCorruptError):
                used.update(d["original"] for d in self.read_manifest(v)["documents"])
        if self.originals_dir.is_dir():
            for p in self.originals_dir.iterdir():
                if p.suffix == ".json" and not p.name.startswith("."):
                    keep = any(u.startswith(f"originals/{p.stem}.") for u in used)
                else:  # an original, or a temp file of a killed writer
                    keep = f"originals/{p.name}" in used
                if not keep:
                    p.unlink(missing_ok=True)


class VersionWriter:
    """Writes one version into a staging folder; ``commit`` makes it live atomically."""

    def __init__(self, store: IndexStore, name: str, staging: Path) -> None:
        self.store = store
        self.name = name
        self.dir = staging
        self.files: dict[str, dict[str, Any]] = {}

    def path(self, rel: str) -> Path:
        p = self.dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def _record(self, rel: str) -> None:
        p = self.dir / rel
        _fsync_path(p)
        self.files[rel] = {"size": p.stat().st_size, "sha256": sha256_file(p)}

    def write_json(self, rel: str, obj: Any) -> None:
        _write_bytes_durably(self.path(rel), json.dumps(obj, ensure_ascii=False).encode("utf-8"))
        self._record(rel)

    def write_npy(self, rel: str, arr: np.ndarray) -> None:
        with self.path(rel).open("wb") as f:
            np.save(f, np.ascontiguousarray(arr, dtype=np.float32), allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        self._record(rel)

    def reuse(self, source: Path, rel: str, info: dict[str, Any]) -> None:
        """Bring an unchanged file over from the previous version: a hard link when the
        file system allows (files of a version are never modified), else a copy."""
        target = self.path(rel)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
            _fsync_path(target)
        self.files[rel] = dict(info)

    def record_tree(self, rel_dir: str) -> None:
        """Record every file a library wrote under ``rel_dir`` (FAISS, bm25s)."""
        base = self.dir / rel_dir
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for p in paths:
            self._record(str(p.relative_to(self.dir)))

    def commit(self, manifest: dict[str, Any]) -> str:
        manifest = dict(manifest)
        manifest["files"] = dict(sorted(self.files.items()))
        _write_bytes_durably(
            self.dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        )
        for d in sorted({p.parent for p in self.dir.rglob("*")} | {self.dir}, key=lambda p: -len(p.parts)):
            _fsync_path(d)
        final = self.store.version_dir(self.name)
        os.rename(self.dir, final)
        _fsync_path(self.store.versions_dir)
        pointer = self.store.root / f".CURRENT.{uuid.uuid4().hex}.tmp"
        _write_bytes_durably(pointer, (self.name + "\n").encode("utf-8"))
        os.replace(pointer, self.store.current_file)
        _fsync_path(self.store.root)
        return self.name

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
