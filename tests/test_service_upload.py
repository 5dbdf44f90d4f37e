"""Upload a report the test writes, ask about it, delete it, and get a refusal."""

from __future__ import annotations

import concurrent.futures
import hashlib
from pathlib import Path

import httpx
from service_fixtures import fictional_report, read_sse

from wenbao.settings import Settings

QUESTION = "2019年上半年临江区地区生产总值是多少？"


def test_upload_ask_delete_refuse(
    api: httpx.Client, admin_headers: dict[str, str], service_settings: Settings
) -> None:
    report = fictional_report("临江区", 2019, gdp="345.67", growth="5.1", revenue="28.09")
    data = report.encode("utf-8")
    before = {d["doc_id"] for d in api.get("/api/documents").json()}
    assert api.post("/api/ask", json={"question": QUESTION}).json()["answerable"] is False

    # A name that tries to climb out of the data dir is only a name.
    up = api.post(
        "/api/documents", files={"file": ("../../linjiang-2019-h1.txt", data)}, headers=admin_headers
    )
    assert up.status_code == 201, up.text
    doc = up.json()
    assert doc["year"] == 2019
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["chunk_count"] >= 2
    assert "/" not in doc["doc_id"] and ".." not in doc["doc_id"]
    assert up.headers["location"] == f"/api/documents/{doc['doc_id']}"
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
            "/api/documents",
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
    up = api.post("/api/documents", files={"file": ("qinghe.txt", report)}, data=form, headers=admin_headers)
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
