"""The MCP server, driven by the official MCP SDK's own client: over streamable HTTP on the live
service (a real uvicorn socket, /mcp behind WENBAO_MCP_TOKEN) and over stdio (a real
`wenbao mcp` subprocess over a copy of the session's seed index)."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult
from service_fixtures import MCP_TOKEN, LiveServer, fictional_report

from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.service.main import create_app
from wenbao.settings import Settings

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"
TOOLS = {"list_knowledge_bases", "list_documents", "search", "ask", "get_outline", "get_chunk"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# A district besides the seeds' Gulou, so that a place filter has something to leave out.
XUANWU = fictional_report("玄武区", 2023, gdp="612.48", growth="5.3", revenue="40.17")


def text_of(result: CallToolResult) -> str:
    return "".join(getattr(c, "text", "") for c in result.content)


async def a_users_session(client: Client, other_doc: str) -> None:
    """What an assistant does in one session: list the tools, ask, search by place, get a
    bad argument refused, and carry on."""
    tools = (await client.list_tools()).tools
    assert {t.name for t in tools} == TOOLS
    for tool in tools:
        assert CJK.search(tool.description or ""), f"{tool.name} says in Chinese what it is for"
        assert tool.output_schema and tool.output_schema.get("properties"), f"{tool.name} has typed output"
    search_schema = next(t for t in tools if t.name == "search").input_schema
    assert {"query", "kb", "top_k", "place", "year"} <= set(search_schema["properties"])
    assert search_schema["required"] == ["query"]

    asked = await client.call_tool("ask", {"question": GDP_2024})
    assert not asked.is_error, text_of(asked)
    answer = asked.structured_content
    assert answer is not None
    assert "1020.53亿元" in answer["answer"] and answer["answerable"] is True
    cited = next(c for c in answer["citations"] if "1020.53" in c["text"])
    assert f"[{cited['n']}]" in answer["answer"]
    assert cited["heading_path"][-1] == "主要指标完成良好"
    assert cited["doc_id"] == "gulou-2024-h1"
    assert answer["rewritten_question"]

    xuanwu = await client.call_tool("search", {"query": "地区生产总值", "place": "玄武", "top_k": 5})
    assert not xuanwu.is_error, text_of(xuanwu)
    results = xuanwu.structured_content["results"]  # type: ignore[index]
    assert results and {r["doc_id"] for r in results} == {other_doc}
    assert any("612.48" in r["text"] for r in results)
    assert all(r["chunk_id"] and r["heading_path"] is not None and "notes" in r for r in results)
    gulou = await client.call_tool("search", {"query": "地区生产总值", "place": "鼓楼", "top_k": 8})
    gulou_docs = {r["doc_id"] for r in gulou.structured_content["results"]}  # type: ignore[index]
    assert gulou_docs and other_doc not in gulou_docs
    assert gulou_docs <= {"gulou-2021-h1", "gulou-2024-h1"}

    # A year keeps the passages that speak about it: only the 2021 report covers 2021.
    in_2021 = await client.call_tool("search", {"query": "地区生产总值", "year": 2021, "top_k": 8})
    results_2021 = in_2021.structured_content["results"]  # type: ignore[index]
    assert results_2021 and {r["doc_id"] for r in results_2021} == {"gulou-2021-h1"}
    uncovered = await client.call_tool("search", {"query": "地区生产总值", "year": 2019})
    assert uncovered.is_error and "2019" in text_of(uncovered) and "2024" in text_of(uncovered)

    bad = await client.call_tool("search", {"query": "地区生产总值", "top_k": 0})
    assert bad.is_error
    assert "top_k" in text_of(bad) and CJK.search(text_of(bad))
    nowhere = await client.call_tool("search", {"query": "地区生产总值", "place": "上海"})
    assert nowhere.is_error
    # the refusal names the places there are
    assert "上海" in text_of(nowhere) and "玄武区" in text_of(nowhere)
    other_kb = await client.call_tool("ask", {"question": GDP_2024, "kb": "finance"})
    assert other_kb.is_error and "finance" in text_of(other_kb) and "default" in text_of(other_kb)
    missing = await client.call_tool("get_chunk", {})
    assert missing.is_error and "chunk_id" in text_of(missing)

    # The session goes on: the passage the answer cited comes back whole.
    chunk = await client.call_tool("get_chunk", {"chunk_id": cited["chunk_id"]})
    assert not chunk.is_error
    assert chunk.structured_content["text"] == cited["text"]  # type: ignore[index]


# --- streamable HTTP on the live service ------------------------------------------------------
@pytest.fixture(scope="module")
def xuanwu_doc(live_server: LiveServer) -> Iterator[str]:
    """The Xuanwu report uploaded into the live service for this module, deleted after it."""
    admin = {"Authorization": f"Bearer {live_server.app.state.settings.admin_token}"}
    with httpx.Client(base_url=live_server.url, timeout=120) as api:
        upload = {"file": ("xuanwu-2023-h1.txt", XUANWU.encode())}
        up = api.post("/api/documents", params={"wait": "true"}, files=upload, headers=admin)
        assert up.status_code == 201, up.text
        doc_id = up.json()["doc_id"]
        yield doc_id
        api.delete(f"/api/documents/{doc_id}", headers=admin)


def over_http(live_server: LiveServer, token: str | None = MCP_TOKEN) -> Callable[..., Any]:
    """Run `fn(client)` in a session of the SDK's client over streamable HTTP."""

    def session(fn: Callable[[Client], Awaitable[Any]]) -> Any:
        async def main() -> Any:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            async with (
                httpx2.AsyncClient(headers=headers, timeout=120) as http,
                Client(streamable_http_client(f"{live_server.url}/mcp", http_client=http)) as client,
            ):
                return await fn(client)

        return anyio.run(main)

    return session


def test_an_assistant_session_over_streamable_http(live_server: LiveServer, xuanwu_doc: str) -> None:
    over_http(live_server)(lambda client: a_users_session(client, xuanwu_doc))


def test_ask_over_mcp_is_the_answer_of_api_ask(live_server: LiveServer, api: httpx.Client) -> None:
    async def ask(client: Client) -> dict[str, Any]:
        result = await client.call_tool("ask", {"question": GDP_2024})
        assert result.structured_content is not None
        return result.structured_content

    over_mcp = over_http(live_server)(ask)
    over_api = api.post("/api/ask", json={"question": GDP_2024}).json()
    for body in (over_mcp, over_api):
        body.pop("timings_ms")
        assert len(body.pop("answer_id")) == 32  # every answer has its own id, for feedback
    assert over_mcp == over_api


def test_documents_outline_and_bases_over_mcp_match_the_api(
    live_server: LiveServer, api: httpx.Client
) -> None:
    async def look(client: Client) -> tuple[Any, Any, Any]:
        docs = await client.call_tool("list_documents", {})
        outline = await client.call_tool("get_outline", {"doc_id": "gulou-2024-h1"})
        bases = await client.call_tool("list_knowledge_bases", {})
        return docs.structured_content, outline.structured_content, bases.structured_content

    docs, outline, bases = over_http(live_server)(look)
    listed = api.get("/api/documents").json()
    assert docs == {"kb": "default", "documents": listed}
    assert outline == api.get("/api/documents/gulou-2024-h1").json()
    assert outline["sections"][0]["title"] == "上半年计划执行情况"
    (base,) = bases["bases"]
    assert base["kb"] == "default"
    assert base["document_count"] == len(listed)
    assert base["chunk_count"] == sum(d["chunk_count"] for d in listed)
    assert {"2021", "2024"} <= {str(y) for y in base["report_years"]}
    assert {d["place"] for d in listed if d["place"]} == set(base["places"])


def test_a_missing_or_wrong_token_is_refused_with_a_sentence(live_server: LiveServer) -> None:
    init = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"},
        },
    }
    accept = {"Accept": "application/json, text/event-stream"}
    missing = httpx.post(f"{live_server.url}/mcp", json=init, headers=accept)
    assert missing.status_code == 401
    assert "WENBAO_MCP_TOKEN" in missing.json()["detail"]
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong_token = {**accept, "Authorization": "Bearer nope"}
    wrong = httpx.post(f"{live_server.url}/mcp", json=init, headers=wrong_token)
    assert wrong.status_code == 403 and CJK.search(wrong.json()["detail"])

    async def tools(client: Client) -> Any:
        return await client.list_tools()

    with pytest.raises(ExceptionGroup) as refused:  # the SDK's client cannot open a session at all
        over_http(live_server, token="nope")(tools)
    assert refused.group_contains(MCPError)
    assert {t.name for t in over_http(live_server)(tools).tools} == TOOLS


# --- stdio: a real `wenbao mcp` subprocess ---------------------------------------------------
def test_an_assistant_session_over_stdio(seed_index_dir: Path, shared_e5: Embedder, tmp_path: Path) -> None:
    """A desktop client starts `wenbao mcp` with WENBAO_DATA_DIR pointing at an existing index
    (a copy of the session's seed index here, so nothing is re-embedded but the Xuanwu report)."""
    data = tmp_path / "data"
    shutil.copytree(seed_index_dir, data)
    info = ReportLibrary(Settings(data_dir=data), embedder=shared_e5).add_bytes(XUANWU.encode(), "xuanwu.txt")
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "wenbao.cli", "mcp"], env={"WENBAO_DATA_DIR": str(data)}
    )
    log = tmp_path / "server.log"

    async def main() -> None:
        with log.open("w") as errlog:
            async with Client(stdio_client(params, errlog=errlog)) as client:
                await a_users_session(client, info.meta.doc_id)

    try:
        anyio.run(main)
    except BaseException:
        print(log.read_text())  # the server's own log, shown with the failure
        raise
    assert "wenbao is ready" in log.read_text()


def test_mcp_requests_count_against_the_rate_limit(tmp_path: Path) -> None:
    """WENBAO_RATE_LIMIT_PER_MINUTE covers /mcp as it covers /api/ask (no index needed for that)."""
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=2)
    server = LiveServer(create_app(settings)).start(wait_ready=False)
    try:
        ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
        accept = {"Accept": "application/json, text/event-stream"}
        statuses = [httpx.post(f"{server.url}/mcp", json=ping, headers=accept) for _ in range(3)]
    finally:
        server.stop()
    assert all(r.status_code != 429 for r in statuses[:2])
    refused = statuses[2]
    assert refused.status_code == 429
    assert "每分钟最多 2 次" in refused.json()["detail"] and int(refused.headers["retry-after"]) >= 1
