"""The query log: every question asked, its outcome and the resident's 👍/👎, in SQLite.

Writes leave the request path: a request only puts a record on a queue, and one writer
thread commits batches in a WAL database in the data dir. A process killed with `kill -9`
loses only what was still queued (WAL keeps committed batches across a crash). A log that
cannot be opened or written (a corrupt file, a read-only disk) is reported once through
`logging` and the questions keep being answered.

Nothing that identifies a resident is stored: no IP address, no user agent, no cookie.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import logging
import queue
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wenbao.service.errors import AnswerNotFoundError, QueryLogUnavailableError
from wenbao.settings import DEFAULT_KB, Settings

if TYPE_CHECKING:
    from wenbao.service.schemas import AskResponse

logger = logging.getLogger("wenbao.querylog")

LOG_FILE = "querylog.sqlite3"
# A burst this large waiting for the writer means the disk is stuck: further records are dropped
# rather than growing memory without bound.
MAX_PENDING = 10_000
PRUNE_EVERY_S = 24 * 3600.0
# How long a feedback request waits for the writer to catch up before answering.
FLUSH_TIMEOUT_S = 5.0
# The row cap is checked after this many new questions (and at each daily prune).
CAP_CHECK_EVERY = 1000
# Distinct refused questions compared pairwise for the report (the rest are the rarest ones).
MAX_REFUSED_GROUPED = 2000

Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queries (
    answer_id TEXT PRIMARY KEY,
    asked_at REAL NOT NULL,
    kb TEXT NOT NULL,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,  -- question_key(): a short key, not a second copy of the question
    rewritten_question TEXT NOT NULL,  -- '' when the question was answered as asked
    answerable INTEGER NOT NULL,
    chunk_ids TEXT NOT NULL,
    latency_ms REAL NOT NULL,
    rating TEXT,
    comment TEXT,
    rated_at REAL
);
CREATE INDEX IF NOT EXISTS queries_asked_at ON queries (asked_at);
CREATE INDEX IF NOT EXISTS queries_kb ON queries (kb, asked_at);
"""


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_question(text: str) -> str:
    """What makes two askings 'the same question': width, case, spaces and punctuation ignored."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def question_key(text: str) -> str:
    """The key two askings of 'the same question' share (16 hex digits of its normalised text's
    hash): each question is stored once, the key beside it costs 16 bytes, not a copy."""
    return hashlib.blake2b(normalize_question(text).encode("utf-8"), digest_size=8).hexdigest()


def bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class QueryRecord:
    answer_id: str
    asked_at: float
    kb: str
    question: str
    rewritten_question: str
    answerable: bool
    chunk_ids: list[str]
    latency_ms: float


@dataclass
class _Feedback:
    answer_id: str
    rating: Rating
    comment: str | None
    rated_at: float


@dataclass
class _Flush:
    done: threading.Event = field(default_factory=threading.Event)


_Item = QueryRecord | _Feedback | _Flush | None


class QueryLog:
    """One SQLite file, one writer thread; readers open their own connections."""

    def __init__(self, path: Path, retention_days: int, max_rows: int = 1_000_000) -> None:
        self.path = path
        self.retention_days = retention_days
        # Beside the age limit, a size limit: the oldest questions go first past `max_rows`, so a
        # client asking without pause cannot fill the disk (a row is about 250 bytes on disk).
        self.max_rows = max_rows
        self._written_since_cap = 0
        self._queue: queue.Queue[_Item] = queue.Queue(maxsize=MAX_PENDING)
        self._thread: threading.Thread | None = None
        self._reported: set[str] = set()
        self._start_lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Settings) -> QueryLog:
        return cls(Path(settings.data_dir) / LOG_FILE, settings.log_retention_days, settings.log_max_rows)

    # --- writing ----------------------------------------------------------------------
    def start(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="wenbao-querylog", daemon=True)
                self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Write what is queued, then end the writer (a graceful shutdown loses nothing)."""
        if self._thread is None:
            return
        self._put(None)
        self._thread.join(timeout_s)
        self._thread = None

    def record(self, record: QueryRecord) -> None:
        """Queue one question; never raises and never waits on the disk."""
        self.start()
        self._put(record)

    def feedback(self, answer_id: str, rating: Rating, comment: str | None) -> None:
        """Store a rating (a later one replaces an earlier one). Blocking: call it off the event loop."""
        self.flush()  # the answer itself may still be queued
        if not self._exists(answer_id):
            raise AnswerNotFoundError(
                f"找不到这条回答（answer_id {answer_id[:64]}）：它可能已超过保存期限，或 answer_id 有误。"
            )
        self._put(_Feedback(answer_id, rating, comment, time.time()))
        self.flush()

    def flush(self, timeout_s: float = FLUSH_TIMEOUT_S) -> bool:
        """Wait until everything queued so far is written (or the writer gave up on it)."""
        self.start()
        marker = _Flush()
        if not self._put(marker):
            return False
        return marker.done.wait(timeout_s)

    def _settle(self) -> None:
        """A reader waits for what the running writer holds; a stopped log is read as it is
        (starting the writer to read would also prune)."""
        if self._thread is not None and self._thread.is_alive():
            self.flush()

    def _put(self, item: _Item) -> bool:
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self._report_once("full", "query log: the writer is behind; records are being dropped")
            return False
        return True

    def _report_once(self, kind: str, message: str, *args: object) -> None:
        if kind not in self._reported:
            self._reported.add(kind)
            logger.error(message, *args)

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        last_prune = 0.0
        while True:
            try:
                item = self._queue.get(timeout=60.0)
            except queue.Empty:
                item = _Flush()  # wake up now and then for the daily prune
            batch = [item]
            while len(batch) < 500:  # whatever else is waiting goes into the same transaction
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if conn is None:
                conn = self._open()
            if conn is not None:
                if time.time() - last_prune >= PRUNE_EVERY_S:
                    last_prune = time.time()
                    self._guard(conn, "prune", self._prune)
                self._guard(conn, "write", functools.partial(self._write, batch=batch))
                self._written_since_cap += sum(isinstance(entry, QueryRecord) for entry in batch)
                if self._written_since_cap >= min(CAP_CHECK_EVERY, self.max_rows):
                    self._written_since_cap = 0
                    self._guard(conn, "cap", self._cap)
            for entry in batch:
                if isinstance(entry, _Flush):
                    entry.done.set()
            if any(entry is None for entry in batch):
                if conn is not None:
                    conn.close()
                return

    def _open(self) -> sqlite3.Connection | None:
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed batch survives the process being killed.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            self._report_once(
                "open",
                "query log %s cannot be opened (%s); questions are answered but not logged",
                self.path,
                exc,
            )
            return None
        return conn

    def _guard(
        self, conn: sqlite3.Connection, what: str, action: Callable[[sqlite3.Connection], None]
    ) -> None:
        try:
            action(conn)
        except (sqlite3.Error, OSError) as exc:
            self._report_once(what, "query log %s: %s failed (%s); answering continues", self.path, what, exc)

    @staticmethod
    def _write(conn: sqlite3.Connection, *, batch: list[_Item]) -> None:
        rows = [
            (
                r.answer_id,
                r.asked_at,
                r.kb,
                r.question,
                question_key(r.question),
                "" if r.rewritten_question == r.question else r.rewritten_question,
                int(r.answerable),
                json.dumps(r.chunk_ids),
                round(r.latency_ms, 2),
            )
            for r in batch
            if isinstance(r, QueryRecord)
        ]
        ratings = [(f.rating, f.comment, f.rated_at, f.answer_id) for f in batch if isinstance(f, _Feedback)]
        if not rows and not ratings:
            return
        with _transaction(conn):
            conn.executemany(
                "INSERT OR IGNORE INTO queries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)", rows
            )
            conn.executemany(
                "UPDATE queries SET rating = ?, comment = ?, rated_at = ? WHERE answer_id = ?", ratings
            )

    def _prune(self, conn: sqlite3.Connection) -> None:
        cutoff = time.time() - self.retention_days * 86400.0
        with _transaction(conn):
            removed = conn.execute("DELETE FROM queries WHERE asked_at < ?", (cutoff,)).rowcount
        if removed:
            logger.info("query log: removed %d questions older than %d days", removed, self.retention_days)
        self._cap(conn)

    def _cap(self, conn: sqlite3.Connection) -> None:
        """Past `max_rows`, the oldest questions go (their ratings with them)."""
        (count,) = conn.execute("SELECT COUNT(*) FROM queries").fetchone()
        if count <= self.max_rows:
            return
        with _transaction(conn):
            removed = conn.execute(
                "DELETE FROM queries WHERE rowid IN"
                " (SELECT rowid FROM queries ORDER BY asked_at, rowid LIMIT ?)",
                (count - self.max_rows,),
            ).rowcount
        self._report_once(
            "capped", "query log: over %d questions; the oldest go first (%d removed)", self.max_rows, removed
        )

    # --- reading ----------------------------------------------------------------------
    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        if not self.path.is_file():
            raise QueryLogUnavailableError("查询日志尚无记录：还没有人提问，或日志文件无法创建。")
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise QueryLogUnavailableError(f"查询日志无法打开：{exc}。回答不受影响。") from exc
        conn.row_factory = sqlite3.Row
        try:
            yield conn
        except sqlite3.Error as exc:
            raise QueryLogUnavailableError(f"查询日志无法读取：{exc}。回答不受影响。") from exc
        finally:
            conn.close()

    def _exists(self, answer_id: str) -> bool:
        if not self.path.is_file():  # nothing logged yet: no answer id can be known
            return False
        with self._reader() as conn:
            return (
                conn.execute("SELECT 1 FROM queries WHERE answer_id = ?", (answer_id,)).fetchone() is not None
            )

    def queries(
        self,
        *,
        refused: bool | None = None,
        rating: Rating | None = None,
        since: date | None = None,
        limit: int = 100,
        kb: str | None = None,
    ) -> list[dict[str, Any]]:
        """Logged questions, newest first (of one knowledge base, or of all). Blocking: waits for the
        writer, so a question answered before this call is listed."""
        self._settle()
        where: list[str] = ["1 = 1"]
        args: list[object] = []
        if kb is not None:
            where.append("kb = ?")
            args.append(kb)
        if refused is not None:
            where.append("answerable = ?")
            args.append(0 if refused else 1)
        if rating is not None:
            where.append("rating = ?")
            args.append(rating)
        if since is not None:
            where.append("asked_at >= ?")
            args.append(_day_start(since))
        sql = f"SELECT * FROM queries WHERE {' AND '.join(where)} ORDER BY asked_at DESC LIMIT ?"
        with self._reader() as conn:
            return [_row_dict(r) for r in conn.execute(sql, (*args, limit))]

    def report(
        self, *, since: date | None = None, similarity: float = 0.5, top: int = 20, kb: str | None = None
    ) -> dict[str, Any]:
        """Most asked, refused questions grouped by similarity, 👎 with comments, daily counts (of
        one knowledge base, or of all). Blocking: waits for the writer, so every question answered
        before this call is counted."""
        self._settle()
        start = _day_start(since) if since is not None else 0.0
        # Every query below filters on this (`?` twice: the base, or NULL for every base).
        scope = "asked_at >= ? AND (? IS NULL OR kb = ?)"
        where = (start, kb, kb)
        with self._reader() as conn:
            asked = conn.execute(
                "SELECT normalized, MIN(question) AS question, COUNT(*) AS n, SUM(answerable = 0) AS refused"
                f" FROM queries WHERE {scope} GROUP BY normalized"
                " ORDER BY n DESC, MAX(asked_at) DESC LIMIT ?",
                (*where, top),
            ).fetchall()
            refused = conn.execute(
                "SELECT normalized, question, COUNT(*) AS n FROM queries"
                f" WHERE {scope} AND answerable = 0 GROUP BY normalized"
                " ORDER BY n DESC, MAX(asked_at) DESC LIMIT ?",
                (*where, MAX_REFUSED_GROUPED),
            ).fetchall()
            down = conn.execute(
                f"SELECT * FROM queries WHERE {scope} AND rating = 'down' ORDER BY rated_at DESC LIMIT ?",
                (*where, top * 5),
            ).fetchall()
            days = conn.execute(
                "SELECT date(asked_at, 'unixepoch', 'localtime') AS day, COUNT(*) AS asked,"
                " SUM(answerable = 0) AS refused, SUM(rating = 'up') AS up, SUM(rating = 'down') AS down"
                f" FROM queries WHERE {scope} GROUP BY day ORDER BY day",
                where,
            ).fetchall()
        return {
            "kb": kb,
            "since": since.isoformat() if since else None,
            "total": sum(int(d["asked"]) for d in days),
            "most_asked": [
                {"question": r["question"], "count": int(r["n"]), "refused": int(r["refused"])} for r in asked
            ],
            "refused_groups": group_similar(
                [(normalize_question(r["question"]), r["question"], int(r["n"])) for r in refused], similarity
            )[:top],
            "downvoted": [_row_dict(r) for r in down],
            "daily": [
                {
                    "day": d["day"],
                    "asked": int(d["asked"]),
                    "refused": int(d["refused"] or 0),
                    "up": int(d["up"] or 0),
                    "down": int(d["down"] or 0),
                }
                for d in days
            ],
        }


class QueryRecorder:
    """One request's handle on the log (None: not logged). Created when the request's
    dependencies resolve, so the latency it records includes any wait for a worker thread."""

    def __init__(self, log: QueryLog | None) -> None:
        self.log = log
        self.started = time.perf_counter()

    def record(self, response: AskResponse, kb: str = DEFAULT_KB) -> AskResponse:
        """Queue the question answered from base ``kb`` (costs a queue put); returns the response
        unchanged."""
        if self.log is None:  # the stdio MCP server keeps no log
            return response
        self.log.record(
            QueryRecord(
                answer_id=response.answer_id,
                asked_at=time.time(),
                kb=kb,
                question=response.question,
                rewritten_question=response.rewritten_question,
                answerable=response.answerable,
                chunk_ids=[c.chunk_id for c in response.citations],
                latency_ms=(time.perf_counter() - self.started) * 1000.0,
            )
        )
        return response


def group_similar(questions: list[tuple[str, str, int]], threshold: float) -> list[dict[str, Any]]:
    """Greedy grouping of (normalized, question, count), most asked first: a question joins the
    first group whose first question shares at least `threshold` of their character bigrams."""
    groups: list[tuple[frozenset[str], dict[str, Any]]] = []
    for normalized, question, count in questions:
        grams = bigrams(normalized)
        for head, group in groups:
            if jaccard(grams, head) >= threshold:
                group["count"] += count
                group["questions"].append(question)
                break
        else:
            groups.append((grams, {"question": question, "count": count, "questions": [question]}))
    out = [g for _, g in groups]
    out.sort(key=lambda g: -int(g["count"]))
    return out


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _day_start(day: date) -> float:
    return datetime(day.year, day.month, day.day).timestamp()  # local midnight, as the daily counts


def _row_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "answer_id": row["answer_id"],
        "asked_at": datetime.fromtimestamp(row["asked_at"]).astimezone().isoformat(timespec="seconds"),
        "kb": row["kb"],
        "question": row["question"],
        "rewritten_question": row["rewritten_question"] or row["question"],
        "answerable": bool(row["answerable"]),
        "chunk_ids": json.loads(row["chunk_ids"]),
        "latency_ms": row["latency_ms"],
        "rating": row["rating"],
        "comment": row["comment"],
    }


CSV_COLUMNS = (
    "asked_at",
    "kb",
    "question",
    "rewritten_question",
    "answerable",
    "chunk_ids",
    "latency_ms",
    "rating",
    "comment",
    "answer_id",
)


# A cell a spreadsheet would read as a formula: = + - @, or a tab or line break before one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> object:
    """A cell of the export: residents' text that begins like a formula gets a leading ' (as
    OWASP advises against CSV injection), so Excel and LibreOffice show it as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def queries_csv(rows: list[dict[str, Any]]) -> str:
    """The export, with a byte-order mark: Excel opens a CSV without one as the local code page
    and shows the Chinese as mojibake."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(" ".join(row[c]) if c == "chunk_ids" else row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def report_text(report: dict[str, Any]) -> str:
    """The report for a terminal (`wenbao report`)."""
    kb = f"知识库 {report['kb']} 的" if report.get("kb") else ""
    lines = [f"{kb}提问总数：{report['total']}" + (f"（自 {report['since']} 起）" if report["since"] else "")]
    lines.append("\n最常问的问题：")
    lines += [
        f"  {r['count']:>5}  {r['question']}" + (f"（未答 {r['refused']}）" if r["refused"] else "")
        for r in report["most_asked"]
    ] or ["  （无）"]
    lines.append("\n报告中没有答案的问题（相近的问题归为一组）：")
    for g in report["refused_groups"] or []:
        lines.append(f"  {g['count']:>5}  {g['question']}")
        lines += [f"         · {q}" for q in g["questions"][1:]]
    if not report["refused_groups"]:
        lines.append("  （无）")
    lines.append("\n👎 的回答：")
    for r in report["downvoted"]:
        lines.append(f"  {r['asked_at']}  {r['question']}" + (f" —— {r['comment']}" if r["comment"] else ""))
    if not report["downvoted"]:
        lines.append("  （无）")
    lines.append("\n每日：日期 提问 未答 👍 👎")
    lines += [
        f"  {d['day']}  {d['asked']:>5} {d['refused']:>5} {d['up']:>4} {d['down']:>4}"
        for d in report["daily"]
    ]
    if not report["daily"]:
        lines.append("  （无）")
    return "\n".join(lines)
