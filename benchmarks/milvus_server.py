"""A real Milvus server on a loopback port, for the replica test and the scale benchmark.

PyPI ``milvus`` (2.3.5, the newest wheel with an embedded standalone server) starts Milvus
standalone with its embedded etcd and local storage. It needs an older ``pymilvus`` than wenbao's,
so it lives in a virtual environment of its own (``.venv-milvus-server`` in the repository root,
created on first use with the pins below, reused after); wenbao's own client talks to it over gRPC.
Milvus 2.3 predates the BM25 function, so against it wenbao keeps the keyword side in process
(``WENBAO_MILVUS_KEYWORDS=local``); vectors and scalar filters are the server's.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from wenbao.benchmarks.server_process import LOOPBACK, free_port

REPO = Path(__file__).resolve().parent.parent
DEFAULT_VENV = REPO / ".venv-milvus-server"
SERVER_PINS = ("milvus==2.3.5", "pymilvus==2.3.8", "marshmallow==3.19.0", "environs==9.5.0")

# Runs in the server's environment: start, say so, stop cleanly on SIGTERM (the wrapper owns
# the milvus binary it started; killing only the wrapper would leave the binary running).
SERVER_SCRIPT = """
import signal, sys, time
from milvus import default_server
default_server.set_base_dir(sys.argv[1])
default_server.listen_port = int(sys.argv[2])
def stop(*_):
    default_server.stop()
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
default_server.start()
print("MILVUS READY", flush=True)
while True:
    time.sleep(1)
"""


class MilvusUnavailable(RuntimeError):
    """The server's environment could not be made or the server did not start (the reason)."""


def server_python(venv: Path = DEFAULT_VENV, install_timeout_s: float = 600) -> Path:
    """The server environment's interpreter, creating the environment when it is missing."""
    python = venv / "bin" / "python"
    stamp = venv / ".pins"
    if python.exists() and stamp.exists() and stamp.read_text() == "\n".join(SERVER_PINS):
        return python
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=120
        )
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *SERVER_PINS],
            capture_output=True,
            text=True,
            timeout=install_timeout_s,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise MilvusUnavailable(f"could not create {venv}: {exc}") from exc
    if done.returncode != 0:
        raise MilvusUnavailable(f"pip could not install {' '.join(SERVER_PINS)}: {done.stderr[-2000:]}")
    stamp.write_text("\n".join(SERVER_PINS))
    return python


class MilvusServerProcess:
    """``with MilvusServerProcess(base_dir) as server: server.uri`` — a Milvus 2.3.5 standalone."""

    def __init__(self, base_dir: Path, venv: Path = DEFAULT_VENV, port: int | None = None) -> None:
        self.base_dir = Path(base_dir)
        self.venv = venv
        self.port = port or free_port()
        self.uri = f"http://{LOOPBACK}:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self._lines: collections.deque[str] = collections.deque(maxlen=2000)
        self._ready = threading.Event()

    def start(self, timeout_s: float = 180.0) -> MilvusServerProcess:
        python = server_python(self.venv)
        self.base_dir.mkdir(parents=True, exist_ok=True)
        # A session of its own: on a failed stop the whole group (wrapper and milvus binary) goes.
        self.proc = subprocess.Popen(
            [str(python), "-c", SERVER_SCRIPT, str(self.base_dir), str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        threading.Thread(target=self._drain, name=f"milvus-log-{self.port}", daemon=True).start()
        started = time.monotonic()
        while not self._ready.wait(0.2):
            if self.proc.poll() is not None or time.monotonic() - started > timeout_s:
                self.stop()
                why = f"exit {self.proc.returncode}" if self.proc.returncode is not None else "no answer"
                raise MilvusUnavailable(
                    f"Milvus did not start in {timeout_s:g} s ({why}):\n{self.log()[-3000:]}"
                )
        self.start_s = time.monotonic() - started
        return self

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self._lines.append(line)
            if line == "MILVUS READY":
                self._ready.set()

    def log(self) -> str:
        return "\n".join(self._lines)

    def pids(self) -> list[int]:
        """The wrapper and every process of its session (the milvus binary), for memory figures."""
        if self.proc is None:
            return []
        out = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getsid(int(entry.name)) == self.proc.pid:
                        out.append(int(entry.name))
                except OSError:
                    continue
        return out

    def rss_kb(self) -> int:
        from wenbao.benchmarks.server_process import proc_status_kb

        total = 0
        for pid in self.pids():
            try:
                total += proc_status_kb(pid, "VmRSS")
            except (OSError, KeyError):
                continue
        return total

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(60)
        # whatever of its session is left (the group this object started)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc.poll() is None:
            self.proc.wait(30)

    def __enter__(self) -> MilvusServerProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
