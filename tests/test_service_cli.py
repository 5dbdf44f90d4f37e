"""`wenbao serve --host --port` serves the API, the widget and the demo page."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_wenbao_serve_starts_loads_the_index_and_stops_cleanly(seed_index_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(seed_index_dir, data)
    port = _free_port()
    env = {**os.environ, "WENBAO_DATA_DIR": str(data)}
    cmd = [sys.executable, "-m", "wenbao.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = httpx.get(f"{url}/readyz", timeout=5).status_code
            except httpx.TransportError:
                status = None
            if status == 200:
                break
            time.sleep(0.2)
        assert status == 200, "the server became ready"
        assert 'src="/widget.js"' in httpx.get(url).text
        answer = httpx.post(
            f"{url}/api/ask", json={"question": "2021年上半年鼓楼区地区生产总值是多少？"}, timeout=60
        )
        assert "907.27" in answer.json()["answer"]
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "wenbao is ready" in output
