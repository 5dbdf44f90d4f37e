"""The MCP server: wenbao's reports as tools for assistants (Claude Desktop, Cursor, Cherry Studio…).

Built with the official MCP Python SDK (`MCPServer`); the SDK speaks the protocol and derives
each tool's input and output JSON schema from the type hints below. The same server runs over
streamable HTTP at /mcp on the service's app (`create_app`) and over stdio (`wenbao mcp`).
Answers, citations, documents and chunks are the HTTP API's own models and serialisers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from wenbao.documents import DocumentInfo, Hit, SearchScope
from wenbao.errors import WenbaoError
from wenbao.index.library import ReportLibrary
from wenbao.service.errors import (
    AuthRejectedError,
    AuthRequiredError,
    UnknownFilterError,
    describe_validation_errors,
)
from wenbao.service.knowledge import docs_for_place, kb_summaries, search_scope
from wenbao.service.querylog import QueryLog, QueryRecorder
from wenbao.service.routers.ask import answer_request
from wenbao.service.runtime import ServiceRuntime
from wenbao.service.schemas import (
    AskRequest,
    AskResponse,
    ChunkOut,
    CitationOut,
    DocumentDetailOut,
    DocumentOut,
    DocumentsOut,
    KnowledgeBasesOut,
    McpKnowledgeBaseOut,
    McpSearchResponse,
    McpSearchResultOut,
    Question,
    SearchResultOut,
    TurnIn,
)
from wenbao.service.security import (
    ClientRateLimiter,
    TokenPolicy,
    bearer_token,
    check_bearer_token,
    current_client,
)
from wenbao.settings import DEFAULT_KB

logger = logging.getLogger("wenbao.service")

INSTRUCTIONS = (
    "问报 wenbao：对政府工作报告提问，得到逐字引自报告、带编号引用 [n] 的回答。"
    "问具体数字或事实时先用 ask（可用 place、year、doc_id 限定）；需要更多原文段落时用 search"
    "（可按地区、年份、报告筛选，kbs 可同时检索多个知识库）；"
    "想知道有哪些报告、覆盖哪些地区和年份时用 list_knowledge_bases 或 list_documents；"
    "get_outline 看一份报告的目录，get_chunk 取回某条引用的完整段落。报告没有写的，ask 会明确说没有。"
)
READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)

Kb = Annotated[
    str | None,
    Field(
        default=None,
        max_length=200,
        description="知识库编号（由 list_knowledge_bases 列出）；省略即默认知识库 default。",
    ),
]


Place = Annotated[
    str | None,
    Field(default=None, max_length=100, description="只看这个地区的报告，全称或简称均可，如“鼓楼”。"),
]
DocId = Annotated[
    str | None,
    Field(default=None, max_length=200, description="只看这一份报告（doc_id 来自 list_documents 或引用）。"),
]
# One line of tool text per passage: an assistant reads the citation and the passage at once,
# without the structured result's JSON (which `structuredContent` carries beside it).
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def passage_line(c: CitationOut, with_kb: bool = False) -> str:
    where = " › ".join([c.doc_title, *c.heading_labels()])
    kb = f"{c.kb} · " if with_kb and isinstance(c, McpSearchResultOut) else ""
    return f"[{c.n}] {where}（{kb}{c.chunk_id}）：{_LINE_BREAKS.sub(' ', c.text.strip())}"


def search_bases(
    runtime: ServiceRuntime,
    kbs: list[str],
    query: str,
    top_k: int,
    place: str | None,
    year: int | None,
    doc_id: str | None,
) -> list[tuple[str, list[Hit]]]:
    """Each base's hits (blocking). A filter that no report of one base matches leaves that base
    out; one that no base matches is refused with the sentence of the first base's refusal."""
    found: list[tuple[str, list[Hit]]] = []
    refusal: WenbaoError | None = None
    for name in kbs:
        library = runtime.library(name)
        try:
            scope = scope_with_doc(library, search_scope(library, place, year), doc_id)
        except UnknownFilterError as exc:
            refusal = refusal or exc
            continue
        found.append((library.settings.kb, library.search(query, top_k=top_k, scope=scope)))
    if not found and refusal is not None:
        raise refusal
    return found


def scope_with_doc(
    library: ReportLibrary, scope: SearchScope | None, doc_id: str | None
) -> SearchScope | None:
    if doc_id is None:
        return scope
    stored = {i.meta.doc_id for i in library.documents()}
    allowed = stored if scope is None or scope.doc_ids is None else scope.doc_ids
    if doc_id not in allowed:
        raise UnknownFilterError(
            f"没有编号为“{doc_id[:100]}”的报告符合条件：请用 list_documents 查看报告编号。"
        )
    return SearchScope(doc_ids=frozenset({doc_id}), years=scope.years if scope else None)


def merged(found: list[tuple[str, list[Hit]]], top_k: int) -> list[tuple[str, Hit]]:
    """The bases' hits as one list by fused score (every base scores with the same formula)."""
    hits = [(kb, hit) for kb, base_hits in found for hit in base_hits]
    return sorted(hits, key=lambda pair: -pair[1].score)[:top_k]


def with_place(question: str, infos: list[DocumentInfo], place: str) -> str:
    """The question asked of a place: as it is when it names the place already, else with the
    place's name before it (the answerer reads a question's place from its words)."""
    ids = docs_for_place(infos, place)
    names = sorted({n for i in infos if i.meta.doc_id in ids for n in i.meta.place_names}, key=len)
    if any(n in question for n in names if len(n) >= 2):
        return question
    official = next((i.meta.place for i in infos if i.meta.doc_id in ids and i.meta.place), place.strip())
    return f"{official}{question}"


class WenbaoMCPServer(MCPServer[Any]):
    """`MCPServer` whose tool errors are sentences a user can act on.

    A tool raises wenbao's domain errors (not found, not ready, unknown place…) as the HTTP
    routes do; here they become tool errors carrying that sentence, and arguments that fail
    the input schema get the same Chinese sentences as a 422 of the HTTP API. The session
    goes on either way.
    """

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, WenbaoError):
                raise ToolError(cause.message) from cause
            if isinstance(cause, ValidationError):
                raise ToolError(describe_validation_errors([dict(e) for e in cause.errors()])) from cause
            if cause is None and str(exc).startswith("Unknown tool"):
                raise ToolError(f"没有名为 {name[:100]} 的工具：请先列出工具（tools/list）。") from exc
            raise


def build_mcp_server(
    runtime: ServiceRuntime, *, warm_up_on_start: bool = False, query_log: QueryLog | None = None
) -> WenbaoMCPServer:
    """The tools over one service runtime (its library, answerer and worker pool).

    `warm_up_on_start`: load the index when the server starts (stdio, where nothing else
    does); over HTTP the app's lifespan has already started the warm-up.
    """

    @asynccontextmanager
    async def warm_up(_server: MCPServer[Any]) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(runtime.warm_up)
        yield

    server = WenbaoMCPServer(
        name="wenbao",
        title="问报 wenbao",
        instructions=INSTRUCTIONS,
        version="0.1.0",
        lifespan=warm_up if warm_up_on_start else None,
    )

    @server.tool(
        title="列出知识库",
        description="列出可检索的知识库：每个库的编号（即其他工具的 kb 参数）、名称、说明、报告数、段落数、"
        "涉及的地区，以及报告年份和内容涉及的年份。"
        "用来判断能问哪些地方、哪些年份。",
        annotations=READ_ONLY,
    )
    async def list_knowledge_bases() -> KnowledgeBasesOut:
        summaries = await runtime.pool.run(kb_summaries, runtime)
        return KnowledgeBasesOut(bases=[McpKnowledgeBaseOut(**s.model_dump(), kb=s.id) for s in summaries])

    @server.tool(
        title="列出报告",
        description="列出知识库中的全部报告及其元数据：编号 doc_id、标题、年份、日期、地区（含简称）、"
        "行政级别、报告类型、段落数。doc_id 可用于 get_outline。",
        annotations=READ_ONLY,
    )
    async def list_documents(kb: Kb = None) -> DocumentsOut:
        library = runtime.library(kb)
        infos = await runtime.pool.run(library.documents)
        return DocumentsOut(kb=library.settings.kb, documents=[DocumentOut.from_info(i) for i in infos])

    @server.tool(
        title="检索段落",
        description="按关键词或问题检索报告原文段落，按相关度排序；每条结果带报告标题、标题路径"
        "（一、… › （一）… › 1．…）、原文、注释、分数和段落编号 chunk_id。"
        "可按地区（如“鼓楼”“四川省”）、年份（段落所讲的年份）和报告编号 doc_id 筛选；"
        "kbs 可同时检索多个知识库。只找原文、不生成回答。",
        annotations=READ_ONLY,
    )
    async def search(
        query: Annotated[Question, Field(description="检索词或问题，如“地区生产总值”。")],
        kb: Kb = None,
        top_k: Annotated[int, Field(ge=1, le=20, description="返回多少段（1～20）。")] = 5,
        place: Place = None,
        year: Annotated[
            int | None, Field(ge=1949, le=2100, description="只检索讲这一年的段落，如 2024。")
        ] = None,
        doc_id: DocId = None,
        kbs: Annotated[
            list[Annotated[str, Field(min_length=1, max_length=200)]] | None,
            Field(max_length=20, description="同时检索的多个知识库编号（给出时代替 kb），结果按相关度合并。"),
        ] = None,
    ) -> Annotated[CallToolResult, McpSearchResponse]:
        names = list(dict.fromkeys(kbs)) if kbs else [kb or DEFAULT_KB]
        found = await runtime.pool.run(search_bases, runtime, names, query, top_k, place, year, doc_id)
        response = McpSearchResponse(
            query=query,
            kbs=[k for k, _ in found],
            results=[
                McpSearchResultOut(**SearchResultOut.from_hit(n, hit).model_dump(), kb=k)
                for n, (k, hit) in enumerate(merged(found, top_k), 1)
            ],
        )
        text = "\n".join(passage_line(r, with_kb=len(names) > 1) for r in response.results)
        return CallToolResult(
            content=[TextContent(type="text", text=text or "没有找到相关段落。")],
            structured_content=response.model_dump(mode="json"),
        )

    @server.tool(
        title="提问",
        description="用中文就报告内容提问，得到逐字引自报告的简短回答，"
        "文中 [n] 对应 citations 里的第 n 条引用（报告标题、标题路径、原文）。"
        "answerable 为 false 时表示报告没有写，回答会说明现有报告覆盖什么。"
        "rewritten_question 是实际检索所用的问题（如把“去年”换成具体年份、补全追问）。"
        "追问时把之前的问答放进 history。可用 place、year、doc_id 限定地区、年份或某份报告。",
        annotations=READ_ONLY,
    )
    async def ask(
        question: Annotated[Question, Field(description="问题，如“2024年上半年鼓楼区地区生产总值是多少？”")],
        kb: Kb = None,
        history: Annotated[
            list[TurnIn] | None,
            Field(max_length=40, description="此前的对话，按时间顺序：[{role: user|assistant, content}]。"),
        ] = None,
        place: Place = None,
        year: Annotated[
            int | None, Field(ge=1949, le=2100, description="问题所问的年份，如 2024（问题里没写年份时用）。")
        ] = None,
        doc_id: DocId = None,
    ) -> Annotated[CallToolResult, AskResponse]:
        if place is not None:
            library = runtime.library(kb)
            infos = await runtime.pool.run(library.documents)
            question = with_place(question, infos, place)
        body = AskRequest(
            question=question, kb=kb or DEFAULT_KB, history=history or [], year=year, doc_id=doc_id
        )
        answer = await answer_request(body, runtime, runtime.pool, QueryRecorder(query_log))
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} if answer.answerable else set()
        lines = [answer.chat_text(), *(passage_line(c) for c in answer.citations if c.n in cited)]
        return CallToolResult(
            content=[TextContent(type="text", text="\n".join(lines))],
            structured_content=answer.model_dump(mode="json"),
        )

    @server.tool(
        title="报告目录",
        description="一份报告的元数据和目录（各级编号标题及其所讲的年份）；"
        "doc_id 来自 list_documents 或引用。",
        annotations=READ_ONLY,
    )
    async def get_outline(
        doc_id: Annotated[
            str, Field(min_length=1, max_length=200, description="报告编号，如 gulou-2024-h1。")
        ],
        kb: Kb = None,
    ) -> DocumentDetailOut:
        library = runtime.library(kb)

        def outline() -> DocumentDetailOut:
            with library.consistent_reads():
                doc = library.document(doc_id)
                info = next((i for i in library.documents() if i.meta.doc_id == doc_id), None)
            return DocumentDetailOut.from_document(doc, info)

        return await runtime.pool.run(outline)

    @server.tool(
        title="取回段落",
        description="按 chunk_id 取回一个段落的完整原文、所属报告、标题路径、注释和在报告中的位置。",
        annotations=READ_ONLY,
    )
    async def get_chunk(
        chunk_id: Annotated[
            str, Field(min_length=1, max_length=300, description="段落编号，来自引用或检索结果。")
        ],
        kb: Kb = None,
    ) -> ChunkOut:
        library = runtime.library(kb)
        return ChunkOut.from_chunk(await runtime.pool.run(library.chunk, chunk_id))

    return server


# --- streamable HTTP: the SDK's app behind an optional bearer token ------------------------------
MCP_TOKEN_POLICY = TokenPolicy(
    name="MCP",
    missing=lambda: AuthRequiredError(
        "需要 MCP 口令：请在请求头中发送 Authorization: Bearer <WENBAO_MCP_TOKEN>。"
    ),
    wrong=lambda: AuthRejectedError("MCP 口令不正确：请检查 Authorization 请求头中的口令。"),
)


class McpHttpEndpoint:
    """/mcp: checks `WENBAO_MCP_TOKEN` (when set) and the per-client rate limit, then hands the
    request to the SDK's app. A refusal is raised, so the app's error handler answers it like
    any other route (401/403/429 with the sentence and its headers)."""

    def __init__(self, app: ASGIApp, token: str | None, rate_limiter: ClientRateLimiter) -> None:
        self.app = app
        self.token = token
        self.rate_limiter = rate_limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # The client key ClientKeyMiddleware set (a trusted proxy's forwarded address, else
            # the connection's): behind a proxy, /mcp clients are not one shared bucket.
            client = current_client.get()
            check_bearer_token(
                self.token,
                bearer_token(Headers(scope=scope).get("authorization")),
                where=f"{scope.get('method')} /mcp from {client}",
                policy=MCP_TOKEN_POLICY,
            )
            if scope.get("method") == "POST":  # every MCP message is a POST; the GET stream is not
                self.rate_limiter.check(client)
        await self.app(scope, receive, send)


# --- stdio: `wenbao mcp` ---------------------------------------------------------------------
def run_stdio(runtime: ServiceRuntime) -> None:
    """Serve the tools on stdin/stdout until the client closes them; logs go to stderr."""
    build_mcp_server(runtime, warm_up_on_start=True).run("stdio")
