"""Correcting a stored report over HTTP: PATCH /api/documents/{id} (metadata) and
POST /api/documents/{id}/reindex re-index only what changes, refuse bad input with a sentence,
and leave the stored report as it was when they fail."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from index_fixtures import CountingEmbedder
from service_fixtures import ADMIN_TOKEN, LiveServer, fictional_report

from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.index.store import IndexStore
from wenbao.service.main import create_app
from wenbao.settings import Settings

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@dataclass
class EditServer:
    server: LiveServer
    embedder: CountingEmbedder
    data_dir: Path
    client: httpx.Client = field(init=False)

    @contextlib.contextmanager
    def uploaded(self, district: str, year: int, gdp: str) -> Iterator[str]:
        """A small report the test writes, stored for the block (its id), deleted after it."""
        report = fictional_report(district, year, gdp=gdp, growth="5.1", revenue="28.09")
        r = self.client.post(
            "/api/documents?wait=true", files={"file": ("report.txt", report.encode())}, headers=AUTH
        )
        assert r.status_code == 201, r.text
        doc_id = str(r.json()["doc_id"])
        try:
            yield doc_id
        finally:
            assert self.client.delete(f"/api/documents/{doc_id}", headers=AUTH).status_code == 204


@pytest.fixture(scope="module")
def edit_server(
    seed_index_dir: Path, shared_e5: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EditServer]:
    """Its own server over a copy of the seeds; embedding in this process (ingest_isolation
    "thread") so that every passage embedded for a write is counted."""
    data = tmp_path_factory.mktemp("edit") / "data"
    shutil.copytree(seed_index_dir, data)
    # the background sentence fill embeds too, on its own clock: off, so a write's count is only the write's
    settings = Settings(
        data_dir=data,
        admin_token=ADMIN_TOKEN,
        ingest_isolation="thread",
        llm_base_url=None,
        sentence_fill="off",
    )
    embedder = CountingEmbedder(shared_e5)
    server = LiveServer(create_app(settings, library=ReportLibrary(settings, embedder=embedder))).start()
    out = EditServer(server, embedder, data)
    with httpx.Client(base_url=server.url, timeout=120) as client:
        out.client = client
        yield out
    server.stop()


def _stored_files(data_dir: Path) -> dict[str, str]:
    """doc_id -> sha256 of its vector file, in the live version."""
    store = IndexStore(data_dir)
    version = store.current_version()
    assert version is not None
    files = store.read_manifest(version)["files"]
    return {
        rel.split("/", 1)[1][: -len(".npy")]: f["sha256"]
        for rel, f in files.items()
        if rel.startswith("vectors/")
    }


def test_a_place_year_or_kind_change_embeds_nothing(edit_server: EditServer) -> None:
    api = edit_server.client
    with edit_server.uploaded("临江区", 2019, gdp="345.67") as doc_id:
        vectors_before = _stored_files(edit_server.data_dir)
        embedded_before = len(edit_server.embedder.passages)

        r = api.patch(f"/api/documents/{doc_id}", json={"place": "江州市临江区"}, headers=AUTH)
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["doc_id"] == doc_id, "the id is kept"
        assert (out["place"], out["sources"]["place"]) == ("江州市临江区", "override")
        assert out["changed"] == ["place"] and out["passages_embedded"] == 0
        assert "地区" in out["message"] and "没有段落需要重新向量化" in out["message"]
        assert len(edit_server.embedder.passages) == embedded_before, "a place change embeds nothing"
        assert _stored_files(edit_server.data_dir) == vectors_before, "every vector file is reused as it was"

        # What a user notices: the list, the passages and the answers carry the new place.
        listed = {d["doc_id"]: d for d in api.get("/api/documents").json()}
        assert listed[doc_id]["place"] == "江州市临江区"
        chunks = api.get(f"/api/documents/{doc_id}/chunks").json()
        assert len(chunks) == out["chunk_count"] and all(c["place"] == "江州市临江区" for c in chunks)
        asked = api.post("/api/ask", json={"question": "江州市临江区2019年上半年地区生产总值是多少？"}).json()
        assert "345.67" in asked["answer"]
        assert asked["citations"][0]["place"] == "江州市临江区"

        # (the question may have embedded a sentence of its own for the meaning stage: count from here)
        embedded_before = len(edit_server.embedder.passages)
        r = api.patch(f"/api/documents/{doc_id}", json={"year": 2020, "kind": "other"}, headers=AUTH)
        assert r.status_code == 200, r.text
        out = r.json()
        assert (out["year"], out["kind"]) == (2020, "other")
        assert sorted(out["changed"]) == ["kind", "year"] and out["passages_embedded"] == 0
        assert len(edit_server.embedder.passages) == embedded_before

        # null: no longer stated, derived from the report again
        r = api.patch(
            f"/api/documents/{doc_id}", json={"place": None, "year": None, "kind": ""}, headers=AUTH
        )
        assert r.status_code == 200, r.text
        out = r.json()
        assert (out["place"], out["year"], out["kind"]) == ("临江区", 2019, "plan_execution_report")
        assert out["sources"]["place"] != "override"

        # the same values again: nothing to do
        r = api.patch(f"/api/documents/{doc_id}", json={"place": None}, headers=AUTH)
        assert r.status_code == 200 and r.json()["changed"] == [] and "没有变化" in r.json()["message"]


def test_a_title_change_embeds_only_that_reports_passages(edit_server: EditServer) -> None:
    api = edit_server.client
    with edit_server.uploaded("云溪区", 2018, gdp="456.78") as doc_id:
        others = {k: v for k, v in _stored_files(edit_server.data_dir).items() if k != doc_id}
        embedded_before = len(edit_server.embedder.passages)
        r = api.patch(f"/api/documents/{doc_id}", json={"title": "云溪区上半年经济运行报告"}, headers=AUTH)
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["title"] == "云溪区上半年经济运行报告" and out["changed"] == ["title"]
        fresh = edit_server.embedder.passages[embedded_before:]
        # The title is part of every passage's embedded text: this report's passages, and no other's.
        assert len(fresh) == out["passages_embedded"] > 0
        assert out["passages_embedded"] <= out["chunk_count"]
        assert all(t.startswith("云溪区上半年经济运行报告") for t in fresh)
        assert {k: v for k, v in _stored_files(edit_server.data_dir).items() if k != doc_id} == others
        cited = api.post("/api/ask", json={"question": "2018年上半年云溪区地区生产总值是多少？"}).json()
        assert (
            "456.78" in cited["answer"] and cited["citations"][0]["doc_title"] == "云溪区上半年经济运行报告"
        )


def test_a_failed_edit_leaves_the_stored_report_unchanged(edit_server: EditServer) -> None:
    api = edit_server.client
    store = IndexStore(edit_server.data_dir)
    with edit_server.uploaded("青禾区", 2017, gdp="612.34") as doc_id:
        version = store.current_version()
        before = api.get(f"/api/documents/{doc_id}").json()
        edit_server.embedder.fail = True
        try:
            r = api.patch(
                f"/api/documents/{doc_id}", json={"title": "新标题", "place": "某市青禾区"}, headers=AUTH
            )
        finally:
            edit_server.embedder.fail = False
        assert r.status_code == 503 and CJK_RE.search(r.json()["detail"]), r.text
        assert store.current_version() == version, "no new version went live"
        assert api.get(f"/api/documents/{doc_id}").json() == before
        asked = api.post("/api/ask", json={"question": "2017年上半年青禾区地区生产总值是多少？"}).json()
        assert "612.34" in asked["answer"] and asked["citations"][0]["doc_title"] == before["title"]

        # One bad field refuses the whole edit: the good one is not half-applied.
        r = api.patch(f"/api/documents/{doc_id}", json={"place": "某市青禾区", "year": 1800}, headers=AUTH)
        assert r.status_code == 422 and "年份" in r.json()["detail"], r.text
        assert store.current_version() == version
        assert api.get(f"/api/documents/{doc_id}").json()["place"] == before["place"]


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "word"),
    [
        ("PATCH", "/api/documents/no-such-report", {"place": "四川省"}, AUTH, 404, "no-such-report"),
        ("PATCH", "/api/documents/gulou-2024-h1", {"year": 1800}, AUTH, 422, "年份"),
        ("PATCH", "/api/documents/gulou-2024-h1", {"year": "2020"}, AUTH, 422, "整数"),
        ("PATCH", "/api/documents/gulou-2024-h1", {"kind": "speech"}, AUTH, 422, "报告类型"),
        ("PATCH", "/api/documents/gulou-2024-h1", {"place": "省" * 101}, AUTH, 422, "地区"),
        ("PATCH", "/api/documents/gulou-2024-h1", {}, AUTH, 422, "没有要修改的字段"),
        ("PATCH", "/api/documents/gulou-2024-h1", None, AUTH, 422, "缺少请求体"),
        ("PATCH", "/api/documents/gulou-2024-h1", {"colour": "red"}, AUTH, 422, "colour"),
        ("PATCH", "/api/documents/gulou-2024-h1", {"place": "四川省"}, {}, 401, "管理口令"),
        (
            "PATCH",
            "/api/documents/gulou-2024-h1",
            {"place": "四川省"},
            {"Authorization": "Bearer x"},
            403,
            "不正确",
        ),
        ("PATCH", "/api/documents/gulou-2024-h1?kb=other", {"place": "四川省"}, AUTH, 404, "知识库"),
        ("POST", "/api/documents/no-such-report/reindex", None, AUTH, 404, "no-such-report"),
        ("POST", "/api/documents/gulou-2024-h1/reindex", None, {}, 401, "管理口令"),
        ("GET", "/api/documents/no-such-report/chunks", None, {}, 404, "no-such-report"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_changes_nothing(
    edit_server: EditServer,
    method: str,
    path: str,
    body: dict[str, object] | None,
    headers: dict[str, str],
    status: int,
    word: str,
) -> None:
    api = edit_server.client
    before = api.get("/api/documents").json()
    version = IndexStore(edit_server.data_dir).current_version()
    r = api.request(method, path, json=body, headers=headers)
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert CJK_RE.search(detail) and word in detail, detail
    assert api.get("/api/documents").json() == before
    assert IndexStore(edit_server.data_dir).current_version() == version


def test_reindex_parses_again_and_reuses_every_unchanged_vector(edit_server: EditServer) -> None:
    api = edit_server.client
    embedded_before = len(edit_server.embedder.passages)
    version = IndexStore(edit_server.data_dir).current_version()
    r = api.post("/api/documents/gulou-2021-h1/reindex", headers=AUTH)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["doc_id"] == "gulou-2021-h1" and out["passages_embedded"] == 0 and out["changed"] == []
    assert "重新索引" in out["message"]
    assert IndexStore(edit_server.data_dir).current_version() != version, "a new version is live"
    assert len(edit_server.embedder.passages) == embedded_before
    asked = api.post("/api/ask", json={"question": "2021年上半年鼓楼区地区生产总值是多少？"}).json()
    assert "907.27" in asked["answer"]


def test_a_reports_passages_are_listed_in_reading_order_with_covers(edit_server: EditServer) -> None:
    api = edit_server.client
    detail = api.get("/api/documents/gulou-2024-h1").json()
    chunks = api.get("/api/documents/gulou-2024-h1/chunks").json()
    assert len(chunks) == detail["chunk_count"]
    starts = [c["start"] for c in chunks]
    assert starts == sorted(starts)
    assert any(c["covers"] and c["covers"]["years"] == [2024] for c in chunks)


def test_the_admin_page_is_served_with_its_script_and_a_strict_policy(edit_server: EditServer) -> None:
    api = edit_server.client
    page = api.get("/admin")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert 'data-admin="login"' in page.text and '<script src="/admin.js"' in page.text
    for asset, kind in (("/admin.js", "javascript"), ("/admin.css", "css")):
        r = api.get(asset)
        assert r.status_code == 200 and kind in r.headers["content-type"]
    # nothing loaded from elsewhere: no CDN, no build step
    assert "http://" not in page.text.replace("http://www.w3.org", "") and "https://" not in page.text
