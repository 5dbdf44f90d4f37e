"""Upload jobs: an upload is checked in its request and ingested in the background.

One worker thread runs the jobs one after another (the index has one writer at a time
anyway). Each job's record is a JSON file in ``DATA_DIR/jobs/``, replaced atomically at every
change of stage, so a restart finds every job: one that was still queued or running when
the process died is reported failed with a sentence (the index it was writing into was
never made live: see index/store.py), never silently lost.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wenbao.documents import DocumentInfo, MetaOverride
from wenbao.errors import DocumentExistsError, WenbaoError
from wenbao.service.errors import JobNotFoundError, status_for
from wenbao.settings import DEFAULT_KB

if TYPE_CHECKING:
    from wenbao.index.embed_process import ProcessPassageEmbedder
    from wenbao.index.library import EmbedPassages, ReportLibrary, UploadPlan
    from wenbao.service.runtime import ServiceRuntime
    from wenbao.settings import Settings

logger = logging.getLogger("wenbao.service")

JobStatus = Literal["queued", "parsing", "embedding", "indexing", "done", "failed", "cancelled"]
ACTIVE: tuple[str, ...] = ("queued", "parsing", "embedding", "indexing")
INTERRUPTED = "服务在导入这份报告时停止了（重启或崩溃），导入没有完成，已有报告不受影响：请重新上传。"
INTERNAL = "导入时发生内部错误，已有报告不受影响：请稍后重试。"
STOPPED = "服务停止时这份报告还在排队，没有导入，已有报告不受影响：请重新上传。"
CANCELLED_BY_DELETE = "导入已取消：这份报告在导入时被删除了，没有导入任何内容。"
CANCELLED_WITH_BASE = "导入已取消：知识库 {kb} 在导入时被删除了，没有导入任何内容。"
SUPERSEDED = "一次删除先完成了：这份报告稍后重新导入，无需再次上传。"


class _Preempted(Exception):
    """Raised from a job's progress callback to end its write at once (the write lock is freed,
    the half-built version is discarded): `cancel` ends the job, otherwise it is queued again."""

    def __init__(self, cancel: str | None) -> None:
        super().__init__(cancel or "superseded")
        self.cancel = cancel


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    id: str
    doc_id: str
    file_name: str
    size: int
    sha256: str
    replace: bool
    replaces: dict[str, Any] | None  # {"doc_id", "title"} of the stored report it replaces
    kb: str = DEFAULT_KB  # the knowledge base it goes into (records older than bases have none)
    status: JobStatus = "queued"
    message: str = "排队等待导入。"
    chunks_total: int = 0
    chunks_done: int = 0
    # scanned pages read by OCR (in the "parsing" stage, before any chunk is known)
    pages_total: int = 0
    pages_done: int = 0
    created: str = field(default_factory=_now_iso)
    updated: str = field(default_factory=_now_iso)
    finished: str | None = None
    result: str | None = None  # "added" | "replaced" once done
    error_code: str | None = None
    error_status: int | None = None
    document: dict[str, Any] | None = None  # the stored report's DocumentOut, once done
    # for the ETA: when embedding started and how many chunks were ready then (cached ones)
    embed_started: float | None = None
    embed_base: int = 0

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def eta_s(self, now: float | None = None) -> float | None:
        """Seconds left, from the embedding rate so far (None before there is a rate)."""
        if self.status != "embedding" or self.embed_started is None:
            return None
        done = self.chunks_done - self.embed_base
        elapsed = (now or time.time()) - self.embed_started
        if done <= 0 or elapsed <= 0:
            return None
        return round((self.chunks_total - self.chunks_done) * elapsed / done, 1)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Job:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class _Work:
    job_id: str
    data: bytes
    name: str
    override: MetaOverride
    scanned: tuple[int, ...] = ()  # pages to read by OCR first (indices from 0)


class JobStore:
    """One JSON file a job under ``DATA_DIR/jobs``, written to a temp file and renamed."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / "jobs"

    def save(self, job: Job, durable: bool) -> None:
        """``durable``: fsync (a change of stage); progress within a stage need not survive a crash."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = self.dir / f".{job.id}.{uuid.uuid4().hex}.tmp"
            with tmp.open("wb") as f:
                f.write(json.dumps(job.to_json(), ensure_ascii=False).encode("utf-8"))
                if durable:
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(tmp, self.dir / f"{job.id}.json")
        except OSError as exc:  # the job goes on; its record is best effort on a failing disk
            logger.warning("could not save job %s: %s", job.id, exc)

    def load_all(self) -> list[Job]:
        if not self.dir.is_dir():
            return []
        jobs = []
        for path in self.dir.glob("*.json"):
            try:
                jobs.append(Job.from_json(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError) as exc:
                logger.warning("unreadable job record %s: %s", path, exc)
        return sorted(jobs, key=lambda j: (j.created, j.id))

    def delete(self, job_id: str) -> None:
        with contextlib.suppress(OSError):
            (self.dir / f"{job_id}.json").unlink()
        for tmp in self.dir.glob(f".{job_id}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()


class JobManager:
    def __init__(self, settings: Settings, runtime: ServiceRuntime) -> None:
        self.settings = settings
        self.runtime = runtime
        self.store = JobStore(settings.data_dir)
        self._lock = threading.Lock()
        self._queue: queue.Queue[_Work | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._embedder: ProcessPassageEmbedder | None = None
        self._jobs: dict[str, Job] = {}
        # job id -> why it must stop: a sentence (cancelled) or None (superseded: run it again)
        self._stop: dict[str, str | None] = {}
        for job in self.store.load_all():
            if job.active:  # it was queued or running in a process that is gone
                self._finish_failed(job, INTERRUPTED, "JobInterrupted", 500)
            self._jobs[job.id] = job

    # --- asking ---------------------------------------------------------------------
    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                kept = self.settings.jobs_kept
                raise JobNotFoundError(f"没有编号为 {job_id} 的导入任务（只保留最近 {kept} 个）。")
            return Job.from_json(job.to_json())  # a copy: the worker keeps changing the original

    def recent(self) -> list[Job]:
        with self._lock:
            return [Job.from_json(j.to_json()) for j in reversed(self._jobs.values())]

    # --- submitting -------------------------------------------------------------------
    def submit(
        self, kb: str, plan: UploadPlan, data: bytes, name: str, override: MetaOverride, replace: bool
    ) -> Job:
        """Queue a checked upload into base ``kb``; a report that is stored there (or being
        imported) is a conflict unless ``replace`` — nothing is written for a refused one."""
        with self._lock:
            running = self._running(kb, plan.doc_id)
            if running is not None:
                raise DocumentExistsError(
                    f"报告 {plan.doc_id} 正在导入（任务 {running.id}）：请等这次导入完成后再上传。",
                    plan.doc_id,
                )
            existing = plan.existing
            if existing is not None and not replace:
                raise DocumentExistsError(conflict_message(existing, plan.sha), existing.meta.doc_id)
            job = Job(
                id=uuid.uuid4().hex[:16],
                kb=kb,
                doc_id=plan.doc_id,
                file_name=Path(name.replace("\\", "/")).name[:200],
                size=len(data),
                sha256=plan.sha,
                replace=replace,
                replaces=None
                if existing is None
                else {"doc_id": existing.meta.doc_id, "title": existing.meta.title},
                chunks_total=plan.chunk_count,
                pages_total=len(plan.ocr_pages),
            )
            self._jobs[job.id] = job
            self.store.save(job, durable=True)
            self._prune()
            self._ensure_worker()
        self._queue.put(_Work(job.id, data, name, override, plan.ocr_pages))
        return job

    # --- making way for a delete -------------------------------------------------------
    def make_way(self, kb: str, doc_id: str | None = None) -> bool:
        """Before a delete in base ``kb``: the job importing ``doc_id`` (every job of the base,
        when the base itself goes) is cancelled; a job writing another report into the base is
        superseded (stopped now, queued again), so the delete never waits behind an embedding.
        A job stops at its next batch of passages (the write lock is then free). True when a
        job importing what is deleted was cancelled."""
        cancelled = False
        with self._lock:
            for job in self._jobs.values():
                if not job.active or job.kb != kb:
                    continue
                if doc_id is None:
                    reason: str | None = CANCELLED_WITH_BASE.format(kb=kb)
                elif job.doc_id == doc_id:
                    reason = CANCELLED_BY_DELETE
                elif job.status == "queued":
                    continue  # it waits its turn; nothing of it holds the lock
                else:
                    reason = None
                cancelled = cancelled or reason is not None
                if job.status == "queued" and reason is not None:
                    self._finish_cancelled(job, reason)  # the worker skips it when it comes up
                    self._stop[job.id] = reason  # or stops it, if it has just taken it
                elif job.id not in self._stop or reason is not None:
                    self._stop[job.id] = reason
        return cancelled

    def _check_stop(self, job_id: str) -> None:
        with self._lock:
            if job_id in self._stop:
                raise _Preempted(self._stop.pop(job_id))

    def _finish_cancelled(self, job: Job, message: str) -> None:
        job.status, job.message = "cancelled", message
        job.finished = job.updated = _now_iso()
        self.store.save(job, durable=True)

    def running_for(self, kb: str, doc_id: str) -> Job | None:
        """The upload job that is importing ``doc_id`` into base ``kb`` now, if any."""
        with self._lock:
            job = self._running(kb, doc_id)
            return None if job is None else Job.from_json(job.to_json())

    def _running(self, kb: str, doc_id: str) -> Job | None:
        return next((j for j in self._jobs.values() if j.active and j.kb == kb and j.doc_id == doc_id), None)

    def _prune(self) -> None:
        finished = [j for j in self._jobs.values() if not j.active]
        for job in finished[: max(0, len(finished) - self.settings.jobs_kept)]:
            del self._jobs[job.id]
            self.store.delete(job.id)

    def _ensure_worker(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="wenbao-ingest", daemon=True)
            self._thread.start()

    # --- the worker -------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            work = self._queue.get()
            if work is None:
                return
            try:
                self._run(work)
            except Exception:  # a bug must not kill the worker: the job says it failed
                logger.exception("upload job %s failed", work.job_id)
                self._update(work.job_id, failed=(INTERNAL, "InternalError", 500))

    def _run(self, work: _Work) -> None:
        job = self._jobs[work.job_id]
        with self._lock:
            self._stop.pop(job.id, None)  # meant for an earlier run of it, or for it while queued
            if job.status == "cancelled":  # cancelled while it was queued
                return
        self._update(job.id, status="parsing", message="正在解析报告。")
        try:
            # The base is looked up again: it may have been deleted while the job was queued.
            library = self.runtime.library_for_writes(job.kb)
            if work.scanned and not self._read_scans(job, library, work):
                return
            embed = self.passage_embedder(library)

            def progress(stage: str, done: int, total: int) -> None:
                self._check_stop(job.id)
                self._progress(job.id, stage, done, total)

            result = library.write_bytes(
                work.data,
                work.name,
                work.override,
                doc_id=job.doc_id,
                replace=job.replace,
                progress=progress,
                embed_passages=embed,
            )
            self.runtime.after_write(job.kb)
            info = library.info(result.doc_id)
        except WenbaoError as exc:
            self._update(job.id, failed=(exc.message, type(exc).__name__, status_for(exc)))
            return
        except _Preempted as stop:
            with self._lock:
                if job.status == "cancelled":
                    return
                if stop.cancel is not None:
                    self._finish_cancelled(job, stop.cancel)
                    return
                job.status, job.message, job.chunks_done = "queued", SUPERSEDED, 0
                job.embed_started, job.updated = None, _now_iso()
                self.store.save(job, durable=True)
            logger.info("upload job %s made way for a delete; it runs again", job.id)
            self._queue.put(work)
            return
        self._update(job.id, done=(result.status, info))

    def _read_scans(self, job: Job, library: ReportLibrary, work: _Work) -> bool:
        """Read the upload's scanned pages by OCR (in a niced child process, or this thread in
        thread mode), page by page in the job's progress, into the library's OCR cache; then
        check the upload again, now with its text: its id and the stored report it would
        replace come from that text. False: the job failed (a conflict found only now)."""
        from wenbao.ingest.ocr import LocalScanReader, OcrOptions
        from wenbao.ingest.ocr_process import read_pages_in_child

        def progress(done: int, total: int) -> None:
            with self._lock:
                job.pages_done, job.pages_total = done, total
                job.message = f"正在识别扫描页的文字：已完成 {done} / {total} 页。"
                job.updated = _now_iso()
                self.store.save(job, durable=False)

        options = OcrOptions.from_settings()
        pages = list(work.scanned)
        if self.settings.ingest_isolation == "process":
            read = read_pages_in_child(work.data, pages, options, self.settings.ingest_nice, progress)
            library.ocr_cache.save(work.data, options, read)
        else:
            LocalScanReader(library.ocr_cache, progress=progress).read(work.data, pages, options)
            progress(len(pages), len(pages))
        plan = library.plan_upload(work.data, work.name, work.override)
        with self._lock:
            running = next(
                (j for j in self._jobs.values() if j.active and j.kb == job.kb and j.doc_id == plan.doc_id),
                None,
            )
            conflict = None
            if running is not None and running.id != job.id:
                conflict = f"报告 {plan.doc_id} 正在导入（任务 {running.id}）：请等这次导入完成后再上传。"
            elif plan.existing is not None and not job.replace:
                conflict = conflict_message(plan.existing, plan.sha)
            if conflict is not None:
                self._finish_failed(job, conflict, "DocumentExistsError", 409)
                return False
            existing = plan.existing
            job.doc_id, job.chunks_total = plan.doc_id, plan.chunk_count
            if existing is not None:
                job.replaces = {"doc_id": existing.meta.doc_id, "title": existing.meta.title}
            job.message = f"已识别 {len(pages)} 页扫描页，正在解析报告。"
            job.updated = _now_iso()
            self.store.save(job, durable=True)
        return True

    def prestart(self, library: ReportLibrary) -> None:
        """Start the ingestion embedder's process in the background (a no-op in thread mode)."""
        threading.Thread(
            target=self.passage_embedder, args=(library,), name="wenbao-ingest-start", daemon=True
        ).start()

    def passage_embedder(self, library: ReportLibrary) -> EmbedPassages | None:
        """The niced child process's embedder when it is the index's model, else the library's own."""
        if self.settings.ingest_isolation != "process":
            return None
        from wenbao.index.embed_process import ProcessPassageEmbedder

        with self._lock:
            if self._embedder is None:
                s = self.settings
                self._embedder = ProcessPassageEmbedder(
                    s.embedder, s.embed_device, s.embed_batch_size, s.ingest_nice
                )
        try:
            name = self._embedder.start()
        except Exception:
            logger.exception("the ingest embedding process did not start; embedding in this process")
            return None
        if name != library.embedder.name:  # e.g. a library given another embedder (tests)
            return None
        return self._embedder.embed_passages

    def _progress(self, job_id: str, stage: str, done: int, total: int) -> None:
        if stage == "parsing":
            return  # the job said "parsing" when it started
        if stage == "indexing":
            self._update(job_id, status="indexing", message="正在更新索引（关键词和向量）。")
            return
        with self._lock:
            job = self._jobs[job_id]
            if job.status != "embedding":
                job.embed_started, job.embed_base = time.time(), done
            job.status, job.chunks_done, job.chunks_total = "embedding", done, total
            job.message = f"正在向量化段落：已完成 {done} / {total}。"
            job.updated = _now_iso()
            self.store.save(job, durable=False)

    def _update(
        self,
        job_id: str,
        status: JobStatus | None = None,
        message: str | None = None,
        failed: tuple[str, str, int] | None = None,
        done: tuple[str, DocumentInfo] | None = None,
    ) -> None:
        with self._lock:
            job = self._jobs[job_id]
            if job.status == "cancelled":  # cancelled while the worker was taking it up: it stays so
                return
            if failed is not None:
                self._finish_failed(job, *failed)
                return
            stop = self._stop.pop(job_id, None) if done is not None else None
            if stop is not None:
                # Past its last batch when the delete came: the delete, waiting for the lock,
                # removes what it wrote next; the job never says "现在可以提问" for it.
                self._finish_cancelled(job, stop)
                return
            if done is not None:
                from wenbao.service.schemas import DocumentOut

                result, info = done
                job.status, job.result = "done", result
                job.document = DocumentOut.from_info(info).model_dump()
                job.chunks_done = job.chunks_total = info.chunk_count
                verb = "已替换" if result == "replaced" else "已导入"
                named = f"{info.meta.doc_id}《{info.meta.title}》"
                into = "" if job.kb == DEFAULT_KB else f"到知识库 {job.kb}"
                job.message = f"{verb}报告 {named}{into}，共 {info.chunk_count} 段，现在可以提问。"
                job.finished = _now_iso()
            else:
                assert status is not None and message is not None
                job.status, job.message = status, message
            job.updated = _now_iso()
            self.store.save(job, durable=True)

    def _finish_failed(self, job: Job, message: str, code: str, status: int) -> None:
        job.status, job.message, job.error_code, job.error_status = "failed", message, code, status
        job.finished = job.updated = _now_iso()
        self.store.save(job, durable=True)

    # --- stopping -----------------------------------------------------------------
    def shutdown(self, timeout_s: float = 60.0) -> None:
        """Let the running job finish (bounded); jobs still queued are reported failed."""
        pending: list[_Work] = []
        with contextlib.suppress(queue.Empty):
            while True:
                item = self._queue.get_nowait()
                if item is not None:
                    pending.append(item)
        for work in pending:
            self._update(work.job_id, failed=(STOPPED, "JobInterrupted", 503))
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout_s)
        if self._embedder is not None:
            # waited for only when no job still embeds (the join above may have given up on one)
            self._embedder.close(wait=self._thread is None or not self._thread.is_alive())


def conflict_message(existing: DocumentInfo, sha: str) -> str:
    """The 409 sentence: which stored report the upload is, and how to replace it."""
    m = existing.meta
    where = "".join(x for x in (m.place or "", f"{m.year}年" if m.year else "") if x)
    named = f"{m.doc_id}《{m.title}》" + (f"（{where}）" if where else "")
    if m.sha256 == sha:
        return f"这份文件已经导入过，就是报告 {named}，内容完全相同，无需再次上传。"
    return f"已有同一份报告 {named}：如要用新文件替换它，请在请求中加上 replace=true。"
