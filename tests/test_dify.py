"""POST /retrieval as Dify's external knowledge API calls it: the request and response of
Dify's page (with metadata_condition), scores in [0, 1] that score_threshold can trim, and
Dify's error body for a missing or wrong key and an unknown knowledge id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_fixtures import DIFY_API_KEY, LiveServer

from wenbao.service.main import create_app
from wenbao.settings import Settings

CJK = re.compile(r"[\u4e00-\u9fff]")
KEY = {"Authorization": f"Bearer {DIFY_API_KEY}"}
GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"


def request(query: str, top_k: int = 5, threshold: float = 0.0, **extra: Any) -> dict[str, Any]:
    """A request shaped as on Dify's page."""
    return {
        "knowledge_id": "default",
        "query": query,
        "retrieval_setting": {"top_k": top_k, "score_threshold": threshold},
        **extra,
    }


def records(api: httpx.Client, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = api.post("/retrieval", json=body, headers=KEY)
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"records"}
    found: list[dict[str, Any]] = response.json()["records"]
    return found


def test_dify_documented_request_gets_records_with_content_score_title_and_metadata(
    api: httpx.Client,
) -> None:
    found = records(api, request(GDP_2024, top_k=2, threshold=0.5))
    assert 1 <= len(found) <= 2
    for record in found:
        assert set(record) == {"content", "score", "title", "metadata"}
        assert 0.5 <= record["score"] <= 1.0
        meta = record["metadata"]
        assert isinstance(meta, dict)
        assert {"heading_path", "doc_id", "place", "year", "chunk_id"} <= set(meta)
        assert record["title"].startswith("关于鼓楼区")
    top = found[0]
    assert "1020.53亿元" in top["content"]
    assert top["metadata"]["heading_path"][-1] == "主要指标完成良好"
    assert top["metadata"]["doc_id"] == "gulou-2024-h1" and top["metadata"]["year"] == 2024
    chunk = api.get(f"/api/chunks/{top['metadata']['chunk_id']}").json()
    assert chunk["text"] == top["content"]


def test_score_threshold_trims_the_same_ranked_list(api: httpx.Client) -> None:
    everything = records(api, request("地区生产总值 增长", top_k=10))
    scores = [r["score"] for r in everything]
    assert len(everything) == 10
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1], "scores tell the ranks apart"
    threshold = scores[4]
    trimmed = records(api, request("地区生产总值 增长", top_k=10, threshold=threshold))
    assert trimmed == [r for r in everything if r["score"] >= threshold]
    assert len(trimmed) < len(everything)


def test_metadata_condition_filters_on_report_metadata(api: httpx.Client) -> None:
    by_year = {
        "logical_operator": "and",
        "conditions": [{"name": ["year"], "comparison_operator": "=", "value": "2021"}],
    }
    found = records(api, request("地区生产总值", metadata_condition=by_year))
    assert found and {r["metadata"]["doc_id"] for r in found} == {"gulou-2021-h1"}

    # Dify's current page spells `name` as one string; a place matches by its short name too.
    by_place_and_kind = {
        "logical_operator": "and",
        "conditions": [
            {"name": "place", "comparison_operator": "is", "value": "鼓楼"},
            {"name": "kind", "comparison_operator": "is", "value": "plan_execution_report"},
            {"name": "year", "comparison_operator": "≥", "value": 2024},
        ],
    }
    found = records(api, request("地区生产总值", metadata_condition=by_place_and_kind))
    assert found and {r["metadata"]["doc_id"] for r in found} == {"gulou-2024-h1"}

    either = {
        "logical_operator": "or",
        "conditions": [
            {"name": ["year"], "comparison_operator": "<", "value": 2022},
            {"name": ["title"], "comparison_operator": "contains", "value": "2024年"},
        ],
    }
    found = records(api, request("地区生产总值", top_k=10, metadata_condition=either))
    assert {r["metadata"]["doc_id"] for r in found} == {"gulou-2021-h1", "gulou-2024-h1"}


def test_nothing_matching_is_an_empty_records_list(api: httpx.Client) -> None:
    nowhere = {"conditions": [{"name": ["place"], "comparison_operator": "contains", "value": "拉萨"}]}
    response = api.post("/retrieval", json=request(GDP_2024, metadata_condition=nowhere), headers=KEY)
    assert response.status_code == 200
    assert response.json() == {"records": []}


def test_an_unknown_metadata_name_is_refused_with_the_names_there_are(api: httpx.Client) -> None:
    bad = {"conditions": [{"name": ["category"], "comparison_operator": "is", "value": "AI"}]}
    response = api.post("/retrieval", json=request(GDP_2024, metadata_condition=bad), headers=KEY)
    assert response.status_code == 422
    body = response.json()
    assert body["error_code"] == 422 and "category" in body["error_msg"] and "place" in body["error_msg"]


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, 1001),
        ({"Authorization": f"Basic {DIFY_API_KEY}"}, 401, 1001),
        ({"Authorization": "Bearer not-the-key"}, 403, 1002),
    ],
    ids=["missing", "not-bearer", "wrong"],
)
def test_a_missing_or_wrong_key_gets_difys_error_body(
    api: httpx.Client, headers: dict[str, str], status: int, code: int
) -> None:
    response = api.post("/retrieval", json=request(GDP_2024), headers=headers)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_code"] == code and CJK.search(body["error_msg"])


def test_an_unknown_knowledge_id_gets_error_2001(api: httpx.Client) -> None:
    response = api.post("/retrieval", json={**request(GDP_2024), "knowledge_id": "AAA-BBB-CCC"}, headers=KEY)
    assert response.status_code == 404
    body = response.json()
    assert body["error_code"] == 2001
    assert "AAA-BBB-CCC" in body["error_msg"] and "default" in body["error_msg"]


@pytest.fixture(scope="module")
def keyless_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A service started without WENBAO_DIFY_API_KEY (and without an index: the key check comes first)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("keyless") / "data", dify_api_key=None)
    server = LiveServer(create_app(settings)).start(wait_ready=False)
    yield server
    server.stop()


def test_without_a_configured_key_the_endpoint_is_disabled(
    keyless_server: LiveServer, tmp_path: Path
) -> None:
    response = httpx.post(f"{keyless_server.url}/retrieval", json=request(GDP_2024), headers=KEY)
    assert response.status_code == 403
    body = response.json()
    assert body["error_code"] == 1002 and "WENBAO_DIFY_API_KEY" in body["error_msg"]
