"""schemathesis `--checks all` over the read, ask, feedback, admin-report and knowledge-base
endpoints of the live service, as its command line runs in CI: a fixed seed and deterministic
generation, a bounded number of examples per operation (the ask endpoints run the real answerer
on two cores)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
from service_fixtures import ADMIN_TOKEN, LiveServer

CONFIG = Path(__file__).with_name("schemathesis.toml")
# Reading, asking, feedback, the admin report and creating knowledge bases; uploads, corrections,
# re-indexes and deletes are covered by the upload, edit and knowledge-base tests (they change the index).
READ_AND_ASK = (
    r"^/(api/(ask|search|documents|chunks|jobs|kbs|feedback|admin)|healthz|readyz|v1/(models|chat))"
)
MAX_EXAMPLES = 15


def test_schemathesis_checks_all_over_read_and_ask_endpoints(live_server: LiveServer, tmp_path: Path) -> None:
    before = httpx.get(f"{live_server.url}/api/documents").json()
    bases = {b["id"] for b in httpx.get(f"{live_server.url}/api/kbs").json()}
    cli = Path(sys.executable).with_name("schemathesis")
    try:
        run = _schemathesis(cli, live_server, tmp_path)
    finally:  # the bases the fuzzing created go, so the session's other tests see one base
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        for base in httpx.get(f"{live_server.url}/api/kbs").json():
            if base["id"] not in bases:
                httpx.delete(
                    f"{live_server.url}/api/kbs/{base['id']}", params={"force": "true"}, headers=admin
                )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-6000:]
    assert "0 failures" in out or " passed" in out, out[-3000:]
    tested = next(line for line in out.splitlines() if "Tested:" in line)
    assert int(tested.split(":")[1]) >= 10, out[-3000:]
    # Fuzzing the read endpoints changed nothing stored.
    assert httpx.get(f"{live_server.url}/api/documents").json() == before
    assert {b["id"] for b in httpx.get(f"{live_server.url}/api/kbs").json()} == bases


def _schemathesis(cli: Path, live_server: LiveServer, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(cli),
            "--config-file",
            str(CONFIG),
            "--no-color",
            "run",
            f"{live_server.url}/openapi.json",
            "--checks",
            "all",
            "--include-path-regex",
            READ_AND_ASK,
            "--exclude-method",
            "DELETE",
            "--exclude-method",
            "PATCH",
            "--exclude-path-regex",
            "/reindex$",
            "--exclude-operation-id",
            "upload_document_api_documents_post",
            "--header",
            f"Authorization: Bearer {ADMIN_TOKEN}",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--generation-deterministic",
            "--workers",
            "1",
            "--request-timeout",
            "120",
        ],
        cwd=tmp_path,  # its case database and reports stay out of the repository
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
