"""Upload a report the test writes, ask about it, delete it, and get a refusal; uploads are
jobs (202, progress, done), a stored report is never replaced without replace=true."""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import re
import time
import urllib.parse
from pathlib import Path

import httpx
from service_fixtures import fictional_report, read_sse

from wenbao.settings import Settings

QUESTION = "2019年上半年临江区地区生产总值是多少？"
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def test_upload_ask_delete_refuse(
    api: httpx.Client, admin_headers: dict[str, str], service_settings: Settings
) -> None:
    report = fictional_report("临江区", 2019, gdp="345.67", growth="5.1", revenue="28.09")
    data = report.encode("utf-8")
    before = {d["doc_id"] for d in api.get("/api/documents").json()}
    assert api.post("/api/ask", json={"question": QUESTION}).json()["answerable"] is False

    # A name that tries to climb out of the data dir is only a name.
    up = api.post(
        "/api/documents",
        params={"wait": "true"},
        files={"file": ("../../linjiang-2019-h1.txt", data)},
        headers=admin_headers,
    )
    assert up.status_code == 201, up.text
    doc = up.json()
    assert doc["replaced"] is False and doc["job_id"]
    # The id says what the content is (place, year, kind, half-year), not what the file was called.
    assert doc["doc_id"] == "临江区-2019-jhbg-h1"
    assert doc["year"] == 2019
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["chunk_count"] >= 2
    assert "/" not in doc["doc_id"] and ".." not in doc["doc_id"]
    assert urllib.parse.unquote(up.headers["location"]) == f"/api/documents/{doc['doc_id']}"
    data_dir = Path(service_settings.data_dir).resolve()
    escaped = [p for p in data_dir.parent.parent.rglob("linjiang-2019-h1*") if data_dir not in p.parents]
    assert escaped == [], "nothing is written outside the data dir"
    assert doc["doc_id"] in {d["doc_id"] for d in api.get("/api/documents").json()}

    asked = api.post("/api/ask", json={"question": QUESTION}).json()
    assert asked["answerable"] is True
    assert "345.67" in asked["answer"]
    cited = [c for c in asked["citations"] if f"[{c['n']}]" in asked["answer"]]
    assert cited and cited[0]["doc_id"] == doc["doc_id"]
    assert "345.67" in cited[0]["text"]
    # The seeds still answer next to it.
    assert (
        "1020.53"
        in api.post("/api/ask", json={"question": "2024年上半年鼓楼区地区生产总值是多少？"}).json()["answer"]
    )
    streamed = read_sse(api, "/api/ask/stream", {"question": QUESTION})
    assert "345.67" in streamed.events[-1].data["answer"]

    deleted = api.delete(f"/api/documents/{doc['doc_id']}", headers=admin_headers)
    assert deleted.status_code == 204
    assert {d["doc_id"] for d in api.get("/api/documents").json()} == before
    assert api.get(f"/api/documents/{doc['doc_id']}").status_code == 404
    after = api.post("/api/ask", json={"question": QUESTION}).json()
    assert after["answerable"] is False
    assert "345.67" not in after["answer"]


def test_questions_are_answered_while_an_upload_is_indexed(
    api: httpx.Client, admin_headers: dict[str, str]
) -> None:
    """Answers keep coming from the old index while the new one is built, then from the new one."""
    report = fictional_report("云溪区", 2018, gdp="456.78", growth="6.2", revenue="31.5")
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        upload = pool.submit(
            api.post,
            "/api/documents?wait=true",
            files={"file": ("yunxi-2018-h1.txt", report.encode())},
            headers=admin_headers,
        )
        during = []
        while not upload.done():
            during.append(api.post("/api/ask", json={"question": "2024年上半年鼓楼区地区生产总值是多少？"}))
        up = upload.result()
    assert up.status_code == 201, up.text
    assert during and all(r.status_code == 200 and "1020.53" in r.json()["answer"] for r in during)
    asked = api.post("/api/ask", json={"question": "2018年上半年云溪区地区生产总值是多少？"}).json()
    assert "456.78" in asked["answer"]
    assert api.delete(f"/api/documents/{up.json()['doc_id']}", headers=admin_headers).status_code == 204


def test_upload_with_metadata_overrides_lists_them(api: httpx.Client, admin_headers: dict[str, str]) -> None:
    report = fictional_report("清河区", 2022, gdp="210.5", growth="4.0", revenue="12.3").encode("utf-8")
    form = {"place": "淮安市清河区", "year": "2023", "kind": "", "title": ""}
    up = api.post(
        "/api/documents?wait=true", files={"file": ("qinghe.txt", report)}, data=form, headers=admin_headers
    )
    assert up.status_code == 201, up.text
    doc = up.json()
    try:
        assert (doc["place"], doc["year"], doc["place_level"]) == ("淮安市清河区", 2023, "county")
        assert {"清河区", "清河"} <= set(doc["place_aliases"])
        assert doc["sources"]["place"] == "override" and doc["sources"]["year"] == "override"
        # empty fields are derived: the title and kind come from the report itself
        assert doc["kind"] == "plan_execution_report" and doc["title"].startswith("关于清河区2022年")
        listed = {d["doc_id"]: d for d in api.get("/api/documents").json()}
        assert listed[doc["doc_id"]]["place"] == "淮安市清河区"
        detail = api.get(f"/api/documents/{doc['doc_id']}").json()
        assert detail["sections"][0]["covers"]["aspect"] == "results"
        # every seed is listed with its place and kind
        assert listed["gulou-2024-h1"]["place"] == "鼓楼区"
        assert listed["gulou-2024-h1"]["kind"] == "plan_execution_report"
    finally:
        assert api.delete(f"/api/documents/{doc['doc_id']}", headers=admin_headers).status_code == 204


def test_upload_with_a_bad_year_is_refused_with_a_sentence(
    api: httpx.Client, admin_headers: dict[str, str]
) -> None:
    report = fictional_report("清河区", 2022, gdp="210.5", growth="4.0", revenue="12.3").encode("utf-8")
    before = api.get("/api/documents").json()
    for form, word in (({"year": "去年"}, "年份"), ({"kind": "speech"}, "报告类型")):
        up = api.post("/api/documents", files={"file": ("q.txt", report)}, data=form, headers=admin_headers)
        assert up.status_code == 422 and word in up.json()["detail"], up.text
    assert api.get("/api/documents").json() == before


# --- uploads are jobs ------------------------------------------------------------------------
BIG_QUESTION = "2019年上半年暖川区地区生产总值是多少？"


def _big_report() -> bytes:
    """A report of more than 1 MB: 30-odd passages of its own, then one section that a
    careless export repeated a thousand times (every copy is the same passage, embedded once,
    so the test pays for the path of a large upload, not for 5,000 embeddings on two cores)."""
    items = "".join(
        f"{n}．第{n}项工作扎实推进。暖川区围绕第{n}项重点任务，新开工项目{n}个，"
        f"完成投资{n}.8亿元，带动就业{n * 13}人。\n\n"
        for n in range(2, 30)
    )
    base = fictional_report("暖川区", 2019, gdp="777.77", growth="6.6", revenue="55.55")
    head, plan, tail = base.partition("二、下半年工作安排")
    repeated = (
        "（二）持续优化营商环境\n\n"
        + "1．深化改革。全区持续深化“放管服”改革，企业开办时间压缩至一个工作日，政务服务事项实现网上可办，"
        "市场主体活力进一步增强，群众和企业满意度持续提升。\n\n" * 3
    ) * 1500
    data = (head + items + plan + tail + repeated).encode("utf-8")
    assert len(data) > 1024 * 1024
    return data


def _job_events(api: httpx.Client, job_url: str, headers: dict[str, str]) -> list[dict[str, object]]:
    events = []
    with api.stream("GET", f"{job_url}/events", headers=headers) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
    return events


def test_a_large_upload_is_a_job_with_progress_then_it_answers(
    api: httpx.Client, admin_headers: dict[str, str]
) -> None:
    data = _big_report()
    up = api.post("/api/documents", files={"file": ("暖川.txt", data)}, headers=admin_headers)
    assert up.status_code == 202, up.text
    job = up.json()
    assert job["status"] in ("queued", "parsing", "embedding") and job["id"] and job["doc_id"]
    assert up.headers["location"] == f"/api/jobs/{job['id']}"
    # Questions are answered from the old index meanwhile.
    assert api.post("/api/ask", json={"question": BIG_QUESTION}).json()["answerable"] is False
    try:
        events = _job_events(api, up.headers["location"], admin_headers)
        statuses = [e["status"] for e in events]
        assert statuses[-1] == "done", events[-1]
        embedding = [e for e in events if e["status"] == "embedding"]
        assert embedding, f"no progress seen between queued and done: {statuses}"
        assert any(int(str(e["chunks_done"])) < int(str(e["chunks_total"])) for e in embedding)
        assert any("正在" in str(e["message"]) for e in embedding)
        done = api.get(up.headers["location"], headers=admin_headers).json()
        assert done["status"] == "done" and done["replaced"] is False
        assert done["document"]["doc_id"] == job["doc_id"] and done["document"]["chunk_count"] > 1000
        assert "已导入" in done["message"]
        asked = api.post("/api/ask", json={"question": BIG_QUESTION}).json()
        assert asked["answerable"] is True and "777.77" in asked["answer"]
    finally:
        api.delete(f"/api/documents/{job['doc_id']}", headers=admin_headers)


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_upload_of_a_stored_report_is_409_and_changes_nothing_until_replace(
    api: httpx.Client, admin_headers: dict[str, str], service_settings: Settings
) -> None:
    first = fictional_report("望海区", 2020, gdp="456.12", growth="4.4", revenue="30.1").encode()
    up = api.post(
        "/api/documents", params={"wait": "true"}, files={"file": ("a.txt", first)}, headers=admin_headers
    )
    assert up.status_code == 201, up.text
    doc_id = up.json()["doc_id"]
    try:
        data_dir = Path(service_settings.data_dir)
        before = _tree_bytes(data_dir)
        edited = first.replace(b"456.12", b"499.99")
        # Another file name, the same report (place, year, kind): a conflict, not a second report.
        for name, body in (("b.txt", edited), ("a.txt", first)):
            refused = api.post("/api/documents", files={"file": (name, body)}, headers=admin_headers)
            assert refused.status_code == 409, refused.text
            assert refused.json()["code"] == "DocumentExistsError"
            assert doc_id in refused.json()["detail"] and "望海区" in refused.json()["detail"]
        assert (
            "replace=true"
            in api.post("/api/documents", files={"file": ("b.txt", edited)}, headers=admin_headers).json()[
                "detail"
            ]
        )
        assert _tree_bytes(data_dir) == before, "a refused upload writes nothing"

        replaced = api.post(
            "/api/documents",
            params={"wait": "true", "replace": "true"},
            files={"file": ("b.txt", edited)},
            headers=admin_headers,
        )
        assert replaced.status_code == 200, replaced.text
        assert replaced.json()["replaced"] is True and replaced.json()["doc_id"] == doc_id
        job = api.get(f"/api/jobs/{replaced.json()['job_id']}", headers=admin_headers).json()
        assert job["replaces"]["doc_id"] == doc_id and "已替换" in job["message"]
        answer = api.post("/api/ask", json={"question": "2020年上半年望海区地区生产总值是多少？"}).json()
        assert "499.99" in answer["answer"] and "456.12" not in answer["answer"]
    finally:
        api.delete(f"/api/documents/{doc_id}", headers=admin_headers)


def test_a_file_named_like_a_seed_does_not_replace_it(
    api: httpx.Client, admin_headers: dict[str, str]
) -> None:
    report = fictional_report("青石区", 2024, gdp="111.11", growth="3.0", revenue="9.9").encode()
    seed_before = api.get("/api/documents/gulou-2024-h1").json()
    up = api.post(
        "/api/documents",
        params={"wait": "true"},
        files={"file": ("gulou-2024-h1.txt", report)},
        headers=admin_headers,
    )
    assert up.status_code == 201, up.text
    try:
        assert up.json()["doc_id"] != "gulou-2024-h1"
        assert api.get("/api/documents/gulou-2024-h1").json() == seed_before
        gdp = api.post("/api/ask", json={"question": "2024年上半年鼓楼区地区生产总值是多少？"}).json()
        assert "1020.53" in gdp["answer"]
    finally:
        api.delete(f"/api/documents/{up.json()['doc_id']}", headers=admin_headers)


def test_text_without_sentences_is_refused_with_a_sentence(
    api: httpx.Client, admin_headers: dict[str, str], service_settings: Settings
) -> None:
    before = api.get("/api/documents").json()
    no_punctuation = ("经济发展稳中向好" * 2000).encode()
    one_line = ("全区经济运行稳中向好，" * 12000).encode()
    short = b"hello world no sentence end"  # refused by the same rule as the long dump
    for body in (no_punctuation, one_line, short):
        r = api.post("/api/documents", files={"file": ("dump.txt", body)}, headers=admin_headers)
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "UnstructuredTextError" and "请上传" in r.json()["detail"]
    assert (
        str(service_settings.structure_window_chars)
        in api.post(
            "/api/documents", files={"file": ("dump.txt", no_punctuation)}, headers=admin_headers
        ).json()["detail"]
    )
    assert api.get("/api/documents").json() == before


def test_jobs_need_the_token_and_unknown_jobs_are_404(
    api: httpx.Client, admin_headers: dict[str, str]
) -> None:
    assert api.get("/api/jobs/no-such-job").status_code == 401
    missing = api.get("/api/jobs/no-such-job", headers=admin_headers)
    assert missing.status_code == 404 and "导入任务" in missing.json()["detail"]
    assert api.get("/api/jobs/no-such-job/events", headers=admin_headers).status_code == 404
    assert isinstance(api.get("/api/jobs", headers=admin_headers).json(), list)


def test_a_broken_multipart_form_is_refused_in_chinese(
    api: httpx.Client, admin_headers: dict[str, str]
) -> None:
    fields = {f"f{i}": "x" for i in range(12)}
    r = api.post("/api/documents", files={"file": ("a.txt", b"x")}, data=fields, headers=admin_headers)
    assert r.status_code == 400 and r.json()["code"] == "MalformedRequestError"
    assert "表单字段太多" in r.json()["detail"]
    two = api.post(
        "/api/documents", files=[("file", ("a.txt", b"x")), ("file", ("b.txt", b"y"))], headers=admin_headers
    )
    assert two.status_code == 400 and "一次只能上传一个文件" in two.json()["detail"]
    broken = api.post(
        "/api/documents",
        content=b"--x\r\nnot a part",
        headers={"Content-Type": "multipart/form-data", **admin_headers},
    )
    assert broken.status_code == 400 and CJK_RE.search(broken.json()["detail"])


def test_405_lists_every_method_of_the_path(api: httpx.Client) -> None:
    for path, allowed in (("/api/documents", "GET, POST"), ("/api/documents/x", "DELETE, GET, PATCH")):
        r = api.put(path)
        assert r.status_code == 405 and r.headers["allow"] == allowed
        assert "不支持 PUT" in r.json()["detail"] and r.json()["code"] == "MethodNotAllowed"


def test_a_scanned_upload_is_a_job_that_counts_its_pages_then_it_answers(
    api: httpx.Client, admin_headers: dict[str, str]
) -> None:
    from wenbao.benchmarks.scanned import render_pages, scanned_pdf

    report = fictional_report("云岭区", 2031, gdp="612.34", growth="4.8", revenue="41.27")
    paragraphs = [line for line in report.splitlines() if line.strip()]
    pdf = scanned_pdf(render_pages(paragraphs, centred=3))
    up = api.post("/api/documents", files={"file": ("云岭区扫描件.pdf", pdf)}, headers=admin_headers)
    assert up.status_code == 202, up.text
    job = up.json()
    # checked in the request without OCR: the job reads the page, in its child process
    assert job["pages_total"] == 1 and job["pages_done"] == 0
    seen = []
    deadline = time.monotonic() + 300
    while job["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = api.get(up.headers["location"], headers=admin_headers).json()
        seen.append((job["status"], job["pages_total"], job["message"]))
    try:
        assert job["status"] == "done", job["message"]
        assert (job["pages_done"], job["pages_total"]) == (1, 1)
        # while OCR reads, the job says so, with its page count
        assert any(s == "parsing" and n == 1 and "识别扫描页" in m for s, n, m in seen), seen
        # its id comes from the text OCR read: place, year, kind, half-year
        assert job["doc_id"] == job["document"]["doc_id"] == "云岭区-2031-jhbg-h1"
        asked = api.post("/api/ask", json={"question": "2031年上半年云岭区地区生产总值是多少？"}).json()
        assert asked["answerable"] is True and "612.34" in asked["answer"]
    finally:
        api.delete(f"/api/documents/{job['doc_id']}", headers=admin_headers)
