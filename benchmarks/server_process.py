"""A real `wenbao serve` in a child process on a free loopback port.

Used by the stress benchmark and by the reliability tests, which need what an
in-process server cannot give: the server's own RSS, `kill -9`, SIGTERM and its
exit code, resource limits on the server alone.
"""

from __future__ import annotations

import collections
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

import httpx

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port nobody listens on now (loopback only)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def proc_status_kb(pid: int, field: str) -> int:
    """A `kB` field of /proc/PID/status: VmRSS (resident now) or VmHWM (peak resident)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(field)


class ServerProcess:
    """`python -m wenbao.cli serve` over `data_dir`.

    Its output is read through a pipe into memory (the last `LOG_LINES` lines), never a
    file: a test may limit the size of the files the server writes.
    """

    LOG_LINES = 5000

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None, port: int | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.extra_env = dict(env or {})
        self.proc: subprocess.Popen[bytes] | None = None
        self._lines: collections.deque[str] = collections.deque(maxlen=self.LOG_LINES)
        self._reader: threading.Thread | None = None

    # --- life cycle ------------------------------------------------------------
    def start(self) -> ServerProcess:
        env = {
            **os.environ,
            "WENBAO_DATA_DIR": str(self.data_dir),
            "WENBAO_HOST": LOOPBACK,
            "WENBAO_PORT": str(self.port),
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "wenbao.cli", "serve", "--host", LOOPBACK, "--port", str(self.port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self._reader = threading.Thread(target=self._drain, name=f"server-log-{self.port}", daemon=True)
        self._reader.start()
        return self

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in self.proc.stdout:
            self._lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    @property
    def pid(self) -> int:
        assert self.proc is not None, "not started"
        return self.proc.pid

    def wait_status(self, timeout_s: float = 180.0) -> httpx.Response:
        """Poll /readyz until it says ready or failed; the last response."""
        deadline = time.monotonic() + timeout_s
        last: httpx.Response | None = None
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                last = httpx.get(f"{self.url}/readyz", timeout=5)
            except httpx.TransportError:
                time.sleep(0.1)
                continue
            if last.status_code == 200 or last.json().get("status") == "failed":
                return last
            time.sleep(0.1)
        raise RuntimeError(f"server not ready in {timeout_s:g} s: {last.text if last else 'no answer'}")

    def wait_ready(self, timeout_s: float = 180.0) -> ServerProcess:
        status = self.wait_status(timeout_s)
        if status.status_code != 200:
            raise RuntimeError(f"server failed to get ready: {status.text}\n{self.log()}")
        return self

    def terminate(self, timeout_s: float = 60.0) -> int:
        """SIGTERM (uvicorn's graceful shutdown) and the exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout_s)

    def kill(self) -> int:
        """SIGKILL: no clean-up of any kind, as a power cut or the OOM killer."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.kill()
        return self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.terminate(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- observation -------------------------------------------------------------
    def rss_kb(self) -> int:
        return proc_status_kb(self.pid, "VmRSS")

    def peak_rss_kb(self) -> int:
        return proc_status_kb(self.pid, "VmHWM")

    def log(self) -> str:
        """What the server printed so far (its last LOG_LINES lines)."""
        if self._reader is not None and self.proc is not None and self.proc.poll() is not None:
            self._reader.join(5)  # the process is gone: read what is left in the pipe
        return "\n".join(self._lines)
