"""Answer processes: the default base's questions answered in processes of their own
(``WENBAO_ANSWER_PROCESSES``), one question at a time each.

Why: in one process two questions share one GIL. On two cores each question is a query embedding
(C, without the GIL) and ~10 ms of Python; under load the Python of the two waits for the GIL in
turn, and a thread coming back from its embedding waits for the other's Python to let it go (issue
29: 8 clients gave 0.43-0.46 x 1000/floor). In processes of their own each core runs one question
end to end, its embedding on one thread while another question is in (``embedders.others_working``
reads the service's count of admitted requests through shared memory), on both cores alone.

What stays in the service's process: the HTTP and JSON, the fair worker pool (its threads hand a
question to a free answer process and wait), the query log, uploads and their jobs (the one
writer), every other route and every other knowledge base. An answer process reads what the
service's process publishes: each index version (the version the service answers from travels
with each question, and is loaded first where the process holds another) and the sentence
vectors of the background fill (read from the file written beside the version).

A question an answer process cannot answer (not started yet, gone, or an error) is answered in
the service's process as before, where the same error is raised to the client.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wenbao.settings import Settings

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from wenbao.answering.drafts import SentenceVectors
    from wenbao.index.library import ReportLibrary
    from wenbao.service.schemas import AskRequest, AskResponse

logger = logging.getLogger("wenbao.service")

# How often an answer process looks for a newer index version and sentence-vector file by itself
# (between questions; a question carries the service's version anyway).
FOLLOW_S = 2.0
STOP_WAIT_S = 10.0

# A question as sent: (index version, question, top_k, year, doc_id, ((role, content), ...))
Asked = tuple[str | None, str, int, int | None, str | None, tuple[tuple[str, str], ...]]


@dataclass
class _Process:
    name: str
    process: BaseProcess
    conn: Connection


class AnswerProcesses:
    """``count`` answer processes of the default base; ``answer`` runs on a worker thread."""

    def __init__(self, settings: Settings, count: int) -> None:
        self.settings = settings
        self.count = count
        self._idle: queue.Queue[_Process] = queue.Queue()
        self._ready = 0
        self._lock = threading.Lock()
        self._all: list[_Process] = []
        self._closed = False
        self._shared: Any = None
        self.answered = 0  # questions answered in the processes (counted for tests)

    @property
    def ready(self) -> int:
        return self._ready

    def start(self) -> None:
        """Start the processes (spawned: a fork would copy the OpenMP and loop threads' state);
        each loads the default base's index and models and joins when warm."""
        from wenbao.index.embedders import share_admitted

        ctx = multiprocessing.get_context("spawn")
        self._shared = ctx.RawValue("i", 0)
        share_admitted(self._shared)
        for i in range(self.count):
            ours, theirs = ctx.Pipe()
            name = f"wenbao-answer-{i + 1}"
            process = ctx.Process(
                target=serve_questions, args=(theirs, self.settings, self._shared), name=name, daemon=True
            )
            process.start()
            theirs.close()
            handle = _Process(name, process, ours)
            self._all.append(handle)
            threading.Thread(
                target=self._join_when_warm, args=(handle,), name=f"{name}-start", daemon=True
            ).start()

    def _join_when_warm(self, handle: _Process) -> None:
        try:
            message = handle.conn.recv()
        except (EOFError, OSError):
            logger.error("%s exited before it was ready: questions are answered in this process", handle.name)
            return
        if message != "ready":
            logger.error("%s did not start (%s): questions are answered here", handle.name, message)
            return
        with self._lock:
            if self._closed:
                return
            self._ready += 1
        self._idle.put(handle)
        logger.info("%s is ready", handle.name)

    def answer(self, version: str | None, body: AskRequest) -> AskResponse | None:
        """``body``'s answer from a free answer process (waiting for one), or None: answer it here."""
        while True:
            if self._ready == 0 or self._closed:
                return None
            try:
                handle = self._idle.get(timeout=1.0)
                break
            except queue.Empty:  # all busy: look again whether any is left at all
                continue
        asked: Asked = (
            version,
            body.question,
            body.top_k,
            body.year,
            body.doc_id,
            tuple((t.role, t.content) for t in body.history),
        )
        try:
            handle.conn.send(asked)
            ok, result = handle.conn.recv()
        except (EOFError, OSError):
            self._lost(handle)
            return None
        self._idle.put(handle)
        if not ok:
            return None
        self.answered += 1
        return result

    def _lost(self, handle: _Process) -> None:
        with self._lock:
            self._ready -= 1
        logger.error("%s is gone: its questions are answered in this process", handle.name)

    def close(self) -> None:
        """At shutdown: each process ends after its question in flight."""
        with self._lock:
            self._closed = True
        for handle in self._all:
            with contextlib.suppress(EOFError, OSError):
                handle.conn.send(None)
        deadline = time.monotonic() + STOP_WAIT_S
        for handle in self._all:
            handle.process.join(max(0.0, deadline - time.monotonic()))
            if handle.process.is_alive():
                handle.process.terminate()
                handle.process.join(1.0)
            handle.conn.close()


# --- in the answer process -----------------------------------------------------------------


def serve_questions(conn: Connection, settings: Settings, admitted: Any) -> None:
    """An answer process's life: warm up, say "ready", answer questions until told to stop or
    until the service's process is gone (its end of the pipe closes)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-9s %(name)s: %(message)s")
    try:
        answerer = _warm(settings)
    except Exception as exc:  # told to the service's process, which answers instead
        conn.send(f"{type(exc).__name__}: {exc}")
        return
    from wenbao.index.embedders import count_admitted_from

    count_admitted_from(admitted)
    if settings.sentence_fill == "background":
        _Follower(answerer.library).start()
    conn.send("ready")
    while True:
        try:
            asked = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if asked is None:
            return
        try:
            reply: tuple[bool, Any] = (True, _answer(answerer, asked))
        except Exception:  # the service's process answers it again and raises it
            reply = (False, None)
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


def _warm(settings: Settings) -> Any:
    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.index.bases import KnowledgeBaseRegistry
    from wenbao.index.embedders import blas_to_one_thread

    library = KnowledgeBaseRegistry(settings).default_library
    library.warm_models()
    library.warm_up()
    answerer = ReportAnswerer(library, settings)
    answerer.warm_up()
    library.search("上半年经济运行情况", top_k=1)  # the first call's costs, as the service's warm-up
    blas_to_one_thread()
    return answerer


def _answer(answerer: Any, asked: Asked) -> AskResponse:
    from wenbao.answering.history import Turn
    from wenbao.index.embedders import working
    from wenbao.service.schemas import AskResponse

    version, question, top_k, year, doc_id, history = asked
    with working():
        if version is not None:
            answerer.library.follow(version)
        answer = answerer.ask(
            question,
            history=[Turn(role=role, content=content) for role, content in history],
            top_k=top_k,
            year=year,
            doc_id=doc_id,
        )
        return AskResponse.from_answer(answer)


class _Follower:
    """Between questions: loads a newer index version, and publishes the sentence vectors the
    service's background fill writes beside it (answering/sentence_fill.py), each time the file
    changes. Where the file is missing or partial, the answer embeds what it weighs, as before
    a fill (the vectors are the same)."""

    def __init__(self, library: ReportLibrary, vectors: SentenceVectors | None = None) -> None:
        self.library = library
        self.vectors = vectors
        self._seen: tuple[Path, float] | None = None

    def start(self) -> None:
        threading.Thread(target=self._loop, name="wenbao-answer-follow", daemon=True).start()

    def _loop(self) -> None:
        while True:
            try:
                self.look()
            except Exception:  # a version removed meanwhile: looked at again next time
                logger.exception("answer process: following the index failed")
            time.sleep(FOLLOW_S)

    def look(self) -> None:
        from wenbao.answering.drafts import SENTENCE_VECTORS
        from wenbao.answering.sentence_fill import fill_key, fill_path, read_vectors

        vectors = self.vectors or SENTENCE_VECTORS
        from wenbao.ingest import pipeline

        library = self.library
        version = library.version  # loads a newer one, as any reader does
        if version is None:
            return
        key = fill_key(library.embedder.name, pipeline.CHUNKER_VERSION)
        path = fill_path(library.store.version_dir(version), key)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return
        if self._seen == (path, mtime):
            return
        found = read_vectors(path, key)
        if found is not None:
            vectors.publish(str(Path(library.settings.data_dir).resolve()), library.embedder.name, found)
            self._seen = (path, mtime)
