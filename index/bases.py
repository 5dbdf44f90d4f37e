"""Knowledge bases: several isolated report libraries in one data dir.

::

    data_dir/                    the ``default`` base: the layout of index/store.py, exactly as
                                 before there were bases (an existing data dir keeps working)
      kbs.json                   the registry: id, name, description and creation time of each base
      .kbs.lock                  registry writers take an flock on it (CLI and server may both write)
      kbs/<id>/                  every other base, with the same layout (its own CURRENT, versions,
                                 originals and .lock): bases are isolated by construction
      kbs/.trash-<id>-<hex>/     a deleted base on its way out (renamed there, then removed)

Each base is one ``ReportLibrary`` over its own folder, with a copy of the settings whose
``data_dir`` is that folder and whose ``kb`` is its id; every library shares one embedder and
one query batcher, so a base costs its index in memory, never another model.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import threading
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from wenbao.errors import (
    IndexCorruptError,
    InvalidKnowledgeBaseError,
    KnowledgeBaseExistsError,
    KnowledgeBaseNotEmptyError,
    KnowledgeBaseNotFoundError,
    KnowledgeBaseProtectedError,
)
from wenbao.index.library import ReportLibrary
from wenbao.index.store import IndexStore, folder_lock, now_iso, replace_durably, storage_error
from wenbao.settings import DEFAULT_KB, Settings

REGISTRY_FILE = "kbs.json"
REGISTRY_LOCK = ".kbs.lock"
BASES_DIR = "kbs"
TRASH_PREFIX = ".trash-"
# A short lowercase ASCII slug: it is a folder name, a URL parameter and part of a model id.
KB_ID = re.compile(r"[a-z][a-z0-9-]{0,31}")
MAX_NAME_CHARS = 50
MAX_DESCRIPTION_CHARS = 500


@dataclass(frozen=True)
class KnowledgeBase:
    id: str
    name: str
    description: str
    created: str  # ISO time; "" for the default base, which was never created

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_BASE = KnowledgeBase(DEFAULT_KB, "默认知识库", "未指定知识库时提问和上传所用的报告库。", "")


class KnowledgeBaseRegistry:
    """The bases of one data dir and their libraries (created on first use, then cached).

    The registry file is read again whenever it changed on disk, so a base created or deleted
    by ``wenbao kb`` in another process is seen by a running server at its next request."""

    def __init__(self, settings: Settings, default: ReportLibrary | None = None) -> None:
        self.settings = settings
        self.root = Path(settings.data_dir)
        self._default = default
        self._lock = threading.Lock()
        # (id, created) -> library: a base deleted and created again under its id is a new library
        self._libraries: dict[tuple[str, str], ReportLibrary] = {}
        self._cached: tuple[tuple[int, int, int], list[KnowledgeBase]] | None = None

    # --- paths ---------------------------------------------------------------------------
    @property
    def registry_file(self) -> Path:
        return self.root / REGISTRY_FILE

    @property
    def bases_dir(self) -> Path:
        return self.root / BASES_DIR

    def folder(self, kb: str) -> Path:
        """Where a base's index lives (the data dir itself for the default base)."""
        return self.root if kb == DEFAULT_KB else self.bases_dir / kb

    def settings_for(self, kb: str) -> Settings:
        return self.settings.model_copy(update={"data_dir": self.folder(kb), "kb": kb})

    # --- reading -------------------------------------------------------------------------
    def bases(self) -> list[KnowledgeBase]:
        """Every base, the default first, then in the order they were created."""
        try:
            stat = self.registry_file.stat()
        except FileNotFoundError:
            return [DEFAULT_BASE]
        except OSError as exc:
            raise IndexCorruptError(f"无法读取知识库登记文件 {self.registry_file}（{exc}）。") from exc
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        cached = self._cached
        if cached is not None and cached[0] == key:
            return list(cached[1])
        bases = self._read()
        self._cached = (key, bases)
        return list(bases)

    def _read(self) -> list[KnowledgeBase]:
        path = self.registry_file
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = [KnowledgeBase(**e) for e in data["bases"]]
            # An id is a folder name: one edited by hand into "../x" must never become a path.
            bad = next(
                (e.id for e in entries if not isinstance(e.id, str) or not KB_ID.fullmatch(e.id)), None
            )
            if bad is not None:
                raise ValueError(f"知识库编号 {bad!r} 不可用")
        except FileNotFoundError:
            return [DEFAULT_BASE]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorruptError(
                f"知识库登记文件 {path} 已损坏（{exc}）：请从备份恢复它；"
                f"各知识库的报告在 {self.bases_dir} 中，未受影响。"
            ) from exc
        others = [e for e in entries if e.id != DEFAULT_KB]
        default = next((e for e in entries if e.id == DEFAULT_KB), DEFAULT_BASE)
        return [default, *others]

    def ids(self) -> list[str]:
        return [b.id for b in self.bases()]

    def get(self, kb: str | None = None) -> KnowledgeBase:
        """The base named ``kb`` (None: the default), or a sentence naming the bases there are."""
        name = DEFAULT_KB if kb is None else kb.strip()
        if name == DEFAULT_KB:
            # The default base always exists, even when the registry file cannot be read.
            with contextlib.suppress(IndexCorruptError):
                return self.bases()[0]
            return DEFAULT_BASE
        bases = self.bases()
        for base in bases:
            if base.id == name:
                return base
        known = "、".join(f"{b.id}（{b.name}）" for b in bases)
        raise KnowledgeBaseNotFoundError(f"没有名为“{name[:50]}”的知识库：现有的知识库是 {known}。")

    @property
    def default_library(self) -> ReportLibrary:
        with self._lock:
            if self._default is None:
                self._default = ReportLibrary(self.settings_for(DEFAULT_KB))
            return self._default

    def library(self, kb: str | None = None) -> ReportLibrary:
        """The library of a base, created on first use. Every base shares the default base's
        embedder and query batcher; a base without reports reads as an empty library."""
        return self._library_of(self.get(kb))

    def _library_of(self, base: KnowledgeBase) -> ReportLibrary:
        if base.id == DEFAULT_KB:
            return self.default_library
        key = (base.id, base.created)
        library = self._libraries.get(key)
        if library is not None:
            return library
        default = self.default_library
        with self._lock:
            library = self._libraries.get(key)
            if library is None:
                library = ReportLibrary(
                    self.settings_for(base.id),
                    embedder=default.embedder,
                    batcher=default.query_batcher,
                    allow_empty=True,
                )
                kept = {k: v for k, v in self._libraries.items() if k[0] != base.id}
                self._libraries = {**kept, key: library}
        return library

    def loaded(self) -> list[ReportLibrary]:
        """The libraries created so far (the default's included once it was asked for)."""
        return ([self._default] if self._default is not None else []) + list(self._libraries.values())

    def stored(self, kb: str) -> tuple[int, int]:
        """(reports, passages) of a base, read from its live manifest without loading its index
        (a manifest that cannot be read counts as (-1, -1))."""
        store = IndexStore(self.folder(kb))
        try:
            version = store.current_version()
            if version is None:
                return 0, 0
            documents = store.read_manifest(version)["documents"]
        except IndexCorruptError:
            return -1, -1
        return len(documents), sum(int(d.get("chunk_count", 0)) for d in documents)

    # --- writing -------------------------------------------------------------------------
    def create(self, kb: str, name: str | None = None, description: str = "") -> KnowledgeBase:
        """Register a new, empty base. Its folder is made by its first upload."""
        kb_id = check_id(kb)
        title = check_text((name or kb_id).strip(), "名称 name", MAX_NAME_CHARS, required=True)
        about = check_text(description.strip(), "说明 description", MAX_DESCRIPTION_CHARS)
        with self._registry_lock():
            bases = self._read()
            if any(b.id == kb_id for b in bases):
                raise KnowledgeBaseExistsError(f"知识库“{kb_id}”已经存在：请换一个编号，或先删除它。")
            base = KnowledgeBase(kb_id, title, about, now_iso())
            # A folder left by an interrupted delete (or a writer that raced one) is not this
            # base's: a new base starts empty.
            self._discard(self.folder(kb_id))
            self._write([*bases, base])
        return base

    def delete(self, kb: str, force: bool = False) -> None:
        """Remove a base and its folder. Other bases' files are never touched: the registry
        forgets the base first (atomically), then its folder is renamed away and removed."""
        name = kb.strip()
        if name == DEFAULT_KB:
            raise KnowledgeBaseProtectedError(
                "默认知识库 default 不能删除：未指定知识库的提问和上传都使用它；可以删除其中的报告。"
            )
        with self._registry_lock():
            bases = self._read()
            base = self.get(name)
            folder = self.folder(base.id)
            # The base's writer lock: an upload writing into it finishes before it goes.
            with IndexStore(folder).writer_lock():
                count, _ = self.stored(base.id)
                if count != 0 and not force:
                    held = f"还有 {count} 份报告" if count > 0 else "还有无法读取的索引"
                    raise KnowledgeBaseNotEmptyError(
                        f"知识库“{base.id}”中{held}：如确要连同报告一起删除，"
                        "请加 force=true（命令行 --force）。"
                    )
                self._write([b for b in bases if b.id != base.id])
                if self.settings.store == "milvus":
                    # Its collection goes with it, before its folder (Milvus Lite's file may be there).
                    self._library_of(base).drop_store()
                trash = self._to_trash(folder)
        with self._lock:
            self._libraries = {k: v for k, v in self._libraries.items() if k[0] != base.id}
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)

    def _discard(self, folder: Path) -> None:
        trash = self._to_trash(folder)
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)

    def _to_trash(self, folder: Path) -> Path | None:
        """Rename a base's folder out of the way (one atomic step); None when there is none."""
        if not folder.exists():
            return None
        trash = folder.with_name(f"{TRASH_PREFIX}{folder.name}-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(folder, trash)
        except OSError as exc:
            raise storage_error(exc, self.root) from exc
        return trash

    def sweep_trash(self) -> None:
        """Finish removing folders of deletes a crash interrupted."""
        if self.bases_dir.is_dir():
            for p in self.bases_dir.iterdir():
                if p.name.startswith(TRASH_PREFIX):
                    shutil.rmtree(p, ignore_errors=True)

    def _registry_lock(self) -> contextlib.AbstractContextManager[None]:
        return folder_lock(self.root, REGISTRY_LOCK)

    def _write(self, bases: list[KnowledgeBase]) -> None:
        """Replace the registry file atomically (a temp file, fsynced, renamed over it)."""
        payload = {"format_version": 1, "bases": [b.to_json() for b in bases]}
        try:
            replace_durably(
                self.registry_file, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
            )
        except OSError as exc:
            raise storage_error(exc, self.root) from exc
        self._cached = None


def check_id(kb: str) -> str:
    kb_id = kb.strip()
    if not KB_ID.fullmatch(kb_id):
        raise InvalidKnowledgeBaseError(
            f"知识库编号“{kb_id[:50]}”不可用：应为 1 到 32 个小写英文字母、数字或连字符，"
            "以字母开头，例如 plans 或 gulou-2024。"
        )
    return kb_id


def check_text(value: str, field: str, limit: int, required: bool = False) -> str:
    if required and not value:
        raise InvalidKnowledgeBaseError(f"知识库的{field}不能为空。")
    if len(value) > limit:
        raise InvalidKnowledgeBaseError(f"知识库的{field}过长：最多 {limit} 个字符。")
    return value


__all__ = ["DEFAULT_KB", "KnowledgeBase", "KnowledgeBaseRegistry"]
