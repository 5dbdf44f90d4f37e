"""MCP tools as an agent calls them through the official `mcp` SDK client over streamable HTTP on
the live service: the filters the HTTP API has (doc_id, year, place) on both search and ask, one
search across several knowledge bases (as RAGFlow's `ragflow_retrieval` takes `dataset_ids[]`),
and tool text an agent reads cheaply: one line per passage with its citation, the structured
result beside it in `structuredContent`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp_types import CallToolResult
from service_fixtures import LiveServer, fictional_report
from test_mcp import over_http, text_of

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"
EXTRA_KB = "mcp-contract"
QINHUAI = fictional_report("秦淮区", 2023, gdp="733.91", growth="6.1", revenue="52.66")


@pytest.fixture(scope="module")
def extra_base(live_server: LiveServer) -> Iterator[str]:
    """A second knowledge base holding one fictional district's report, deleted after the module."""
    admin = {"Authorization": f"Bearer {live_server.app.state.settings.admin_token}"}
    with httpx.Client(base_url=live_server.url, timeout=120) as api:
        created = api.post("/api/kbs", json={"id": EXTRA_KB, "name": "秦淮"}, headers=admin)
        assert created.status_code == 201, created.text
        upload = {"file": ("qinhuai-2023-h1.txt", QINHUAI.encode())}
        up = api.post("/api/documents", params={"wait": "true", "kb": EXTRA_KB}, files=upload, headers=admin)
        assert up.status_code == 201, up.text
        yield EXTRA_KB
        api.delete(f"/api/kbs/{EXTRA_KB}", params={"force": "true"}, headers=admin)


def call(live_server: LiveServer, tool: str, arguments: dict[str, Any]) -> CallToolResult:
    async def run(client: Client) -> CallToolResult:
        return await client.call_tool(tool, arguments)

    result: CallToolResult = over_http(live_server)(run)
    return result


def lines_match_results(result: CallToolResult) -> list[dict[str, Any]]:
    """The text is one line per passage, `[n] title › headings（chunk_id）：text`, not JSON."""
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None
    results: list[dict[str, Any]] = result.structured_content["results"]
    text = text_of(result)
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    lines = text.splitlines()
    assert len(lines) == len(results)
    for line, r in zip(lines, results, strict=True):
        assert line.startswith(f"[{r['n']}] {r['doc_title']}") and r["chunk_id"] in line
        assert all(h in line for h in r["heading_path"])
        assert re.sub(r"\s+", " ", r["text"].strip()) in line
    return results


def test_search_text_is_one_line_per_passage_beside_the_structured_result(live_server: LiveServer) -> None:
    results = lines_match_results(call(live_server, "search", {"query": "地区生产总值", "top_k": 4}))
    assert len(results) == 4


def test_search_takes_doc_id_year_and_place(live_server: LiveServer) -> None:
    by_doc = lines_match_results(
        call(live_server, "search", {"query": "地区生产总值", "doc_id": "gulou-2021-h1"})
    )
    assert by_doc and {r["doc_id"] for r in by_doc} == {"gulou-2021-h1"}
    by_place_year = lines_match_results(
        call(live_server, "search", {"query": "地区生产总值", "place": "鼓楼", "year": 2024})
    )
    assert by_place_year and {r["doc_id"] for r in by_place_year} == {"gulou-2024-h1"}
    unknown = call(live_server, "search", {"query": "地区生产总值", "doc_id": "no-such-report"})
    assert unknown.is_error and "no-such-report" in text_of(unknown)


def test_search_across_several_bases_merges_them(live_server: LiveServer, extra_base: str) -> None:
    result = call(
        live_server, "search", {"query": "地区生产总值完成多少亿元", "kbs": ["default", extra_base]}
    )
    results = lines_match_results(result)
    assert result.structured_content and result.structured_content["kbs"] == ["default", extra_base]
    assert {r["kb"] for r in results} == {"default", extra_base}
    assert any("733.91" in r["text"] and r["kb"] == extra_base for r in results)
    assert all(
        f"{r['kb']} · {r['chunk_id']}" in line
        for r, line in zip(results, text_of(result).splitlines(), strict=True)
    )
    # a place only one base has: that base alone answers
    only = lines_match_results(
        call(
            live_server, "search", {"query": "地区生产总值", "kbs": ["default", extra_base], "place": "秦淮"}
        )
    )
    assert only and {r["kb"] for r in only} == {extra_base}


def test_ask_takes_year_doc_id_and_place(live_server: LiveServer, extra_base: str) -> None:
    by_year = call(live_server, "ask", {"question": "鼓楼区上半年地区生产总值是多少？", "year": 2021})
    assert by_year.structured_content and "907.27" in by_year.structured_content["answer"].replace(" ", "")
    by_doc = call(live_server, "ask", {"question": "上半年地区生产总值是多少？", "doc_id": "gulou-2024-h1"})
    assert by_doc.structured_content and "1020.53" in by_doc.structured_content["answer"]
    by_place = call(
        live_server,
        "ask",
        {"question": "2023年上半年地区生产总值是多少？", "kb": extra_base, "place": "秦淮"},
    )
    assert by_place.structured_content and "733.91" in by_place.structured_content["answer"]


def test_ask_text_is_the_answer_then_one_line_per_cited_passage(live_server: LiveServer) -> None:
    result = call(live_server, "ask", {"question": GDP_2024})
    answer = result.structured_content
    assert answer is not None and answer["answerable"]
    first, *rest = text_of(result).splitlines()
    assert first == answer["answer"]
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])})
    assert [int(re.match(r"\[(\d+)\]", line).group(1)) for line in rest] == cited  # type: ignore[union-attr]
    assert len(text_of(result)) < len(json.dumps(answer, ensure_ascii=False)) / 2
