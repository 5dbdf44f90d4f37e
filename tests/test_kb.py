"""Knowledge bases over a real uvicorn socket: created, listed and deleted through the API;
isolated (a question in one never cites another, deleting one leaves the others' files
byte-identical); selected by `kb` on every route, by the OpenAI model, by MCP `kb` and by
Dify's `knowledge_id`; an unknown base is a 404 with a sentence everywhere.

One module server over a copy of the seed index (the default base) shares the session's
embedder and embeds uploads in its own thread; the reports are small texts written here."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from openai import NotFoundError, OpenAI
from service_fixtures import ADMIN_TOKEN, DIFY_API_KEY, MCP_TOKEN, LiveServer, fictional_report

from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.service.main import create_app
from wenbao.settings import Settings

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# One report text, uploaded into two bases as two different places.
QINGHE = fictional_report("青禾区", 2023, gdp="612.48", growth="5.3", revenue="40.17")
EAST, WEST = "东江市青禾区", "西岭市青禾区"
GDP_QINGHE = "2023年上半年青禾区地区生产总值是多少？"


def _server(data: Path, embedder: Embedder, wait_ready: bool = True) -> LiveServer:
    settings = Settings(
        data_dir=data,
        admin_token=ADMIN_TOKEN,
        mcp_token=MCP_TOKEN,
        dify_api_key=DIFY_API_KEY,
        rate_limit_per_minute=0,
        ingest_isolation="thread",  # the session's embedder, not a child process with its own model
        llm_base_url=None,
    )
    app = create_app(settings, library=ReportLibrary(settings, embedder=embedder))
    return LiveServer(app).start(wait_ready=wait_ready)


@pytest.fixture(scope="module")
def server(
    seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder
) -> Iterator[LiveServer]:
    data = tmp_path_factory.mktemp("kb") / "data"
    shutil.copytree(seed_index_dir, data)
    live = _server(data, shared_e5)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def api(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=120) as client:
        yield client


def create(api: httpx.Client, kb: str, name: str = "", description: str = "") -> httpx.Response:
    return api.post(
        "/api/kbs", json={"id": kb, "name": name or None, "description": description}, headers=ADMIN
    )


def upload(
    api: httpx.Client, kb: str, text: str, place: str | None = None, name: str = "report.txt"
) -> dict[str, Any]:
    form = {"place": place} if place else {}
    r = api.post(
        "/api/documents",
        params={"kb": kb, "wait": "true"},
        files={"file": (name, text.encode("utf-8"))},
        data=form,
        headers=ADMIN,
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


@pytest.fixture(scope="module")
def two_bases(api: httpx.Client) -> dict[str, str]:
    """Bases `east` and `west`, each with the Qinghe report as its own place: kb -> doc id."""
    docs = {}
    for kb, name, place in (("east", "东江报告", EAST), ("west", "西岭报告", WEST)):
        assert create(api, kb, name, f"{place}的报告").status_code == 201
        docs[kb] = upload(api, kb, QINGHE, place)["doc_id"]
    return docs


def files_of(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """sha256 of every file under ``root`` (except top-level entries in ``skip``)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] not in skip
    }


# --- isolation ----------------------------------------------------------------------------
def test_a_question_in_one_base_cites_only_that_base(api: httpx.Client, two_bases: dict[str, str]) -> None:
    assert two_bases["east"] != two_bases["west"]  # ids come from the place, which differs
    for kb, place in (("east", EAST), ("west", WEST)):
        body = api.post("/api/ask", json={"question": GDP_QINGHE, "kb": kb}).json()
        assert body["answerable"] is True, body
        assert "612.48" in body["answer"]
        assert body["citations"]
        assert {c["doc_id"] for c in body["citations"]} == {two_bases[kb]}
        assert {c["place"] for c in body["citations"]} == {place}
        listed = api.get("/api/documents", params={"kb": kb}).json()
        assert [d["doc_id"] for d in listed] == [two_bases[kb]] and listed[0]["place"] == place
        found = api.get("/api/search", params={"q": "地区生产总值", "kb": kb, "top_k": 20}).json()["results"]
        assert found and {r["doc_id"] for r in found} == {two_bases[kb]}
    # The default base never saw either upload.
    default = api.post("/api/ask", json={"question": GDP_QINGHE}).json()
    assert "612.48" not in default["answer"]
    assert not {c["doc_id"] for c in default["citations"]} & set(two_bases.values())
    assert {d["doc_id"] for d in api.get("/api/documents").json()} == {"gulou-2021-h1", "gulou-2024-h1"}


def test_a_place_of_another_base_is_not_answered_from_it(
    api: httpx.Client, two_bases: dict[str, str]
) -> None:
    body = api.post(
        "/api/ask", json={"question": "2023年上半年西岭市青禾区地区生产总值是多少？", "kb": "east"}
    ).json()
    assert two_bases["west"] not in {c["doc_id"] for c in body["citations"]}


def test_the_same_report_in_two_bases_is_named_by_its_base(
    api: httpx.Client, two_bases: dict[str, str]
) -> None:
    """Doc ids come from the content: the same report stored in two bases has one id, and
    every document and chunk route names the base it means."""
    report = fictional_report("白沙区", 2022, gdp="301.20", growth="4.1", revenue="20.50")
    ids = {kb: upload(api, kb, report, name="baisha.txt")["doc_id"] for kb in ("east", "west")}
    assert ids["east"] == ids["west"]
    doc_id = ids["east"]
    east = api.get(f"/api/documents/{doc_id}", params={"kb": "east"})
    assert east.status_code == 200 and east.json()["sections"]
    chunk_id = api.get("/api/search", params={"q": "地区生产总值 301.20", "kb": "east"}).json()["results"][0][
        "chunk_id"
    ]
    assert api.get(f"/api/chunks/{chunk_id}", params={"kb": "west"}).status_code == 200
    assert api.get(f"/api/documents/{doc_id}").status_code == 404  # not in the default base
    gone = api.delete(f"/api/documents/{doc_id}", params={"kb": "east"}, headers=ADMIN)
    assert gone.status_code == 204
    assert api.get(f"/api/documents/{doc_id}", params={"kb": "east"}).status_code == 404
    missing = api.get(f"/api/chunks/{chunk_id}", params={"kb": "east"})
    assert missing.status_code == 404 and CJK.search(missing.json()["detail"])
    assert api.get(f"/api/documents/{doc_id}", params={"kb": "west"}).status_code == 200
    assert api.delete(f"/api/documents/{doc_id}", params={"kb": "west"}, headers=ADMIN).status_code == 204


def test_deleting_a_base_leaves_the_other_bases_byte_identical(
    api: httpx.Client, server: LiveServer, two_bases: dict[str, str]
) -> None:
    data = Path(server.app.state.settings.data_dir)
    assert create(api, "leaving", "将删除").status_code == 201
    upload(api, "leaving", QINGHE, EAST)  # the very report `east` holds, as the same place
    assert (data / "kbs" / "leaving" / "CURRENT").is_file()
    # The default base's index (the data dir's own index files) and every file of `east`.
    default_before = files_of(
        data,
        skip=("kbs", "kbs.json", "jobs", "querylog.sqlite3", "querylog.sqlite3-wal", "querylog.sqlite3-shm"),
    )
    east_before = files_of(data / "kbs" / "east")
    assert east_before and any(k.startswith("versions/") for k in default_before)

    refused = api.delete("/api/kbs/leaving", headers=ADMIN)
    assert refused.status_code == 409 and "force=true" in refused.json()["detail"]
    assert api.delete("/api/kbs/leaving", params={"force": "true"}, headers=ADMIN).status_code == 204

    assert not (data / "kbs" / "leaving").exists()
    assert not [p for p in (data / "kbs").iterdir() if p.name.startswith(".trash-")]
    assert files_of(data / "kbs" / "east") == east_before
    assert (
        files_of(
            data,
            skip=(
                "kbs",
                "kbs.json",
                "jobs",
                "querylog.sqlite3",
                "querylog.sqlite3-wal",
                "querylog.sqlite3-shm",
            ),
        )
        == default_before
    )
    assert "leaving" not in [b["id"] for b in api.get("/api/kbs").json()]
    gone = api.post("/api/ask", json={"question": GDP_QINGHE, "kb": "leaving"})
    assert gone.status_code == 404 and "east" in gone.json()["detail"]
    # The base it shared a report with still answers from it.
    east = api.post("/api/ask", json={"question": GDP_QINGHE, "kb": "east"}).json()
    assert east["answerable"] and {c["doc_id"] for c in east["citations"]} == {two_bases["east"]}


# --- the kbs endpoints ----------------------------------------------------------------------
def test_bases_are_listed_with_their_counts(api: httpx.Client, two_bases: dict[str, str]) -> None:
    bases = api.get("/api/kbs").json()  # no token needed
    ids = [b["id"] for b in bases]
    assert ids[0] == "default" and {"east", "west"} <= set(ids)
    east = next(b for b in bases if b["id"] == "east")
    assert east["name"] == "东江报告" and east["description"] == f"{EAST}的报告"
    assert east["document_count"] == 1 and east["chunk_count"] > 0
    assert east["places"] == [EAST] and east["model"] == "wenbao-east" and east["created"]
    default = bases[0]
    assert default["document_count"] == 2 and default["model"] == "wenbao" and default["created"] is None
    assert api.get("/api/kbs/east").json() == east


def test_bad_requests_on_the_kbs_endpoints_get_a_sentence(
    api: httpx.Client, two_bases: dict[str, str]
) -> None:
    cases = [
        (api.post("/api/kbs", json={"id": "nokey"}), 401),
        (api.post("/api/kbs", json={"id": "wrongkey"}, headers={"Authorization": "Bearer nope"}), 403),
        (create(api, "东江"), 422),
        (create(api, "Has Space"), 422),
        (create(api, "x" * 40), 422),
        (create(api, "east"), 409),
        (create(api, "default"), 409),
        (api.post("/api/kbs", json={"id": "long-name", "name": "名" * 60}, headers=ADMIN), 422),
        (api.post("/api/kbs", json={"name": "缺编号"}, headers=ADMIN), 422),
        (api.post("/api/kbs", json={"id": 5}, headers=ADMIN), 422),
        (api.delete("/api/kbs/east"), 401),
        (api.delete("/api/kbs/nowhere", headers=ADMIN), 404),
        (api.delete("/api/kbs/default", params={"force": "true"}, headers=ADMIN), 409),
        (api.delete("/api/kbs/east", headers=ADMIN), 409),
        (api.get("/api/kbs/nowhere"), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, (response.request.url, response.text)
        assert CJK.search(response.json()["detail"]), response.text
    assert "已经存在" in create(api, "east").json()["detail"]
    assert "小写" in create(api, "东江").json()["detail"]
    assert "default" in api.delete("/api/kbs/default", headers=ADMIN).json()["detail"]
    # Nothing was created or deleted by a refused request.
    ids = [b["id"] for b in api.get("/api/kbs").json()]
    assert {"east", "west"} <= set(ids) and not {"nokey", "wrongkey", "has-space", "long-name"} & set(ids)


UNKNOWN = "nowhere"


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "/api/ask", {"json": {"question": GDP_QINGHE, "kb": UNKNOWN}}),
        ("POST", "/api/ask/stream", {"json": {"question": GDP_QINGHE, "kb": UNKNOWN}}),
        ("GET", "/api/search", {"params": {"q": "地区生产总值", "kb": UNKNOWN}}),
        ("GET", "/api/documents", {"params": {"kb": UNKNOWN}}),
        ("GET", "/api/documents/gulou-2024-h1", {"params": {"kb": UNKNOWN}}),
        ("GET", "/api/chunks/any", {"params": {"kb": UNKNOWN}}),
        ("DELETE", "/api/documents/gulou-2024-h1", {"params": {"kb": UNKNOWN}, "headers": ADMIN}),
        (
            "POST",
            "/api/documents",
            {"params": {"kb": UNKNOWN}, "files": {"file": ("a.txt", QINGHE.encode())}, "headers": ADMIN},
        ),
        ("GET", "/api/admin/queries", {"params": {"kb": UNKNOWN}, "headers": ADMIN}),
        ("GET", "/api/admin/report", {"params": {"kb": UNKNOWN}, "headers": ADMIN}),
    ],
)
def test_an_unknown_base_is_a_404_naming_the_bases(
    api: httpx.Client, two_bases: dict[str, str], method: str, path: str, kwargs: dict[str, Any]
) -> None:
    response = api.request(method, path, **kwargs)
    assert response.status_code == 404, response.text
    detail = response.json()["detail"]
    assert UNKNOWN in detail and "default" in detail and "east" in detail
    assert api.get("/api/documents").status_code == 200  # the default base is untouched


def test_an_empty_base_says_it_has_no_reports(api: httpx.Client) -> None:
    assert create(api, "empty", "空库").status_code == 201
    try:
        body = api.post("/api/ask", json={"question": GDP_QINGHE, "kb": "empty"})
        assert body.status_code == 200, body.text
        assert body.json()["answerable"] is False and body.json()["citations"] == []
        assert "还没有报告" in body.json()["answer"] and "empty" in body.json()["answer"]
        assert api.get("/api/documents", params={"kb": "empty"}).json() == []
        assert api.get("/api/search", params={"q": "地区生产总值", "kb": "empty"}).json()["results"] == []
        summary = api.get("/api/kbs/empty").json()
        assert summary["document_count"] == 0 and summary["chunk_count"] == 0
        # The default base answers as before.
        assert api.post("/api/ask", json={"question": "2024年上半年鼓楼区地区生产总值是多少？"}).json()[
            "answerable"
        ]
    finally:
        assert api.delete("/api/kbs/empty", headers=ADMIN).status_code == 204  # empty: no force needed


# --- jobs and the query log ----------------------------------------------------------------
def test_jobs_and_the_query_log_carry_the_base(api: httpx.Client, two_bases: dict[str, str]) -> None:
    jobs = api.get("/api/jobs", headers=ADMIN).json()
    assert {j["kb"] for j in jobs if j["doc_id"] == two_bases["west"]} == {"west"}
    asked = api.post("/api/ask", json={"question": "青禾区一般公共预算收入是多少？", "kb": "west"}).json()
    api.post("/api/ask", json={"question": "2024年上半年鼓楼区地区生产总值是多少？"})
    west = api.get("/api/admin/queries", params={"kb": "west"}, headers=ADMIN).json()["queries"]
    assert west and {q["kb"] for q in west} == {"west"}
    assert asked["answer_id"] in {q["answer_id"] for q in west}
    everything = api.get("/api/admin/queries", params={"limit": 1000}, headers=ADMIN).json()["queries"]
    assert {"west", "default"} <= {q["kb"] for q in everything}
    report = api.get("/api/admin/report", params={"kb": "west"}, headers=ADMIN).json()
    assert report["kb"] == "west" and report["total"] == len(west)
    assert all("鼓楼区" not in q["question"] for q in report["most_asked"])


# --- OpenAI models, MCP and Dify ----------------------------------------------------------
def test_the_openai_model_selects_the_base(server: LiveServer, two_bases: dict[str, str]) -> None:
    with OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60) as client:
        models = [m.id for m in client.models.list()]
        assert models[0] == "wenbao" and {"wenbao-east", "wenbao-west"} <= set(models)
        for kb, place in (("east", EAST), ("west", WEST)):
            completion = client.chat.completions.create(
                model=f"wenbao-{kb}", messages=[{"role": "user", "content": GDP_QINGHE}]
            )
            assert completion.model == f"wenbao-{kb}"
            assert "612.48" in (completion.choices[0].message.content or "")
            cited = (completion.model_extra or {})["wenbao"]["citations"]
            assert {(c["doc_id"], c["place"]) for c in cited} == {(two_bases[kb], place)}
        default = client.chat.completions.create(
            model="wenbao", messages=[{"role": "user", "content": GDP_QINGHE}]
        )
        assert "612.48" not in (default.choices[0].message.content or "")
        with pytest.raises(NotFoundError) as refused:
            client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": GDP_QINGHE}])
    error = refused.value.body
    assert isinstance(error, dict) and error["code"] == "model_not_found"
    assert "gpt-4o" in error["message"] and "wenbao-east" in error["message"]


def _mcp(server: LiveServer, calls: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    async def main() -> list[Any]:
        headers = {"Authorization": f"Bearer {MCP_TOKEN}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=120) as http,
            Client(streamable_http_client(f"{server.url}/mcp", http_client=http)) as client,
        ):
            return [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(main)


def test_mcp_lists_every_base_and_selects_one(server: LiveServer, two_bases: dict[str, str]) -> None:
    bases, asked, found, docs, unknown = _mcp(
        server,
        [
            ("list_knowledge_bases", {}),
            ("ask", {"question": GDP_QINGHE, "kb": "west"}),
            ("search", {"query": "地区生产总值", "kb": "east", "top_k": 10}),
            ("list_documents", {"kb": "west"}),
            ("ask", {"question": GDP_QINGHE, "kb": UNKNOWN}),
        ],
    )
    listed = {b["kb"]: b for b in bases.structured_content["bases"]}
    assert {"default", "east", "west"} <= set(listed) and listed["west"]["places"] == [WEST]
    answer = asked.structured_content
    assert "612.48" in answer["answer"] and {c["doc_id"] for c in answer["citations"]} == {two_bases["west"]}
    assert {r["doc_id"] for r in found.structured_content["results"]} == {two_bases["east"]}
    assert docs.structured_content["kb"] == "west"
    assert [d["doc_id"] for d in docs.structured_content["documents"]] == [two_bases["west"]]
    assert unknown.is_error
    text = "".join(getattr(c, "text", "") for c in unknown.content)
    assert UNKNOWN in text and "east" in text


def test_dify_knowledge_id_selects_the_base(api: httpx.Client, two_bases: dict[str, str]) -> None:
    key = {"Authorization": f"Bearer {DIFY_API_KEY}"}
    body = {"query": "青禾区地区生产总值", "retrieval_setting": {"top_k": 5, "score_threshold": 0.0}}
    for kb in ("east", "west"):
        r = api.post("/retrieval", json={**body, "knowledge_id": kb}, headers=key)
        assert r.status_code == 200, r.text
        records = r.json()["records"]
        assert records and {x["metadata"]["doc_id"] for x in records} == {two_bases[kb]}
    unknown = api.post("/retrieval", json={**body, "knowledge_id": UNKNOWN}, headers=key)
    assert unknown.status_code == 404
    assert unknown.json()["error_code"] == 2001 and "east" in unknown.json()["error_msg"]


# --- a base answers while the default base has no report yet ------------------------------------
def test_a_base_answers_while_the_default_base_is_empty(tmp_path: Path, shared_e5: Embedder) -> None:
    live = _server(tmp_path / "data", shared_e5, wait_ready=False)  # nothing ingested into the default base
    try:
        with httpx.Client(base_url=live.url, timeout=120) as api:
            deadline = time.monotonic() + 120
            while api.get("/readyz").json()["status"] == "loading" and time.monotonic() < deadline:
                time.sleep(0.1)
            ready = api.get("/readyz")  # the default base: as before bases existed
            assert ready.status_code == 503 and "还没有索引" in ready.json()["detail"]
            assert create(api, "only", "唯一的库").status_code == 201
            upload(api, "only", QINGHE, EAST)
            body = api.post("/api/ask", json={"question": GDP_QINGHE, "kb": "only"}).json()
            assert body["answerable"] and "612.48" in body["answer"]
            assert api.post("/api/ask", json={"question": GDP_QINGHE}).status_code == 503
            bases = {b["id"]: b for b in api.get("/api/kbs").json()}
            assert bases["default"]["document_count"] == 0 and bases["only"]["document_count"] == 1
    finally:
        live.stop()
