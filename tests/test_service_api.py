"""The HTTP API over a real uvicorn server on a socket, with the real library and answerer."""

from __future__ import annotations

import concurrent.futures
import hashlib
import re

import httpx
from service_fixtures import LiveServer, PortalServer, read_sse
from support import SEED_2021, SEED_2024

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"


def test_health_and_readiness(api: httpx.Client) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
    ready = api.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert ready.json()["documents"] >= 2


def test_ask_answers_with_the_figure_and_a_citation_that_opens_the_paragraph(api: httpx.Client) -> None:
    r = api.post("/api/ask", json={"question": GDP_2024})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["answerable"] is True
    assert "1020.53" in body["answer"]
    assert body["mode"] == "extractive"
    assert set(body["timings_ms"]) >= {"retrieve", "answer", "total"}
    # Every [n] marker in the answer names a returned citation; citations are numbered in rank order.
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
    numbers = [c["n"] for c in body["citations"]]
    assert markers and markers <= set(numbers)
    assert numbers == sorted(numbers)
    first = next(c for c in body["citations"] if c["n"] == min(markers))
    assert first["year"] == 2024
    assert first["heading_path"][-1] == "主要指标完成良好"
    assert len(first["heading_numbers"]) == len(first["heading_path"])
    assert "1020.53" in first["text"]
    assert set(first) >= {"n", "chunk_id", "doc_id", "doc_title", "text", "start", "end", "score"}
    # The citation's chunk id opens the very paragraph.
    chunk = api.get(f"/api/chunks/{first['chunk_id']}").json()
    assert chunk["text"] == first["text"]
    assert chunk["heading_path"] == first["heading_path"]


def test_stream_sends_citations_then_several_deltas_then_done(api: httpx.Client) -> None:
    stream = read_sse(api, "/api/ask/stream", {"question": GDP_2024})
    assert stream.status == 200
    assert stream.content_type.startswith("text/event-stream")
    kinds = [e.event for e in stream.events]
    assert kinds[0] == "citations"
    assert kinds[-1] == "done"
    assert kinds.count("delta") >= 2
    assert set(kinds[1:-1]) == {"delta"}
    done = stream.events[-1].data
    streamed = "".join(e.data["text"] for e in stream.events if e.event == "delta")
    assert streamed == done["answer"]
    assert "1020.53" in streamed
    # No delta cuts a citation marker in half.
    assert all(not re.search(r"\[\d*$", e.data["text"]) for e in stream.events if e.event == "delta")
    assert stream.events[0].data["citations"] == done["citations"]
    plain = api.post("/api/ask", json={"question": GDP_2024}).json()
    assert plain["answer"] == done["answer"]


def test_follow_up_question_uses_the_history(api: httpx.Client) -> None:
    first = api.post("/api/ask", json={"question": GDP_2024}).json()
    history = [
        {"role": "user", "content": GDP_2024},
        {"role": "assistant", "content": first["answer"]},
    ]
    r = api.post("/api/ask", json={"question": "那2021年上半年呢？", "history": history})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "907.27" in body["answer"]
    assert "2021" in body["rewritten_question"]
    assert any(c["year"] == 2021 for c in body["citations"])


def test_unanswerable_question_is_refused_with_the_closest_passages(api: httpx.Client) -> None:
    body = api.post("/api/ask", json={"question": "2023年上半年鼓楼区地区生产总值是多少？"}).json()
    assert body["answerable"] is False
    assert "没有" in body["answer"]
    assert body["citations"], "the closest passages are still listed"


def test_search_returns_ranked_passages_and_honours_filters(api: httpx.Client) -> None:
    r = api.get("/api/search", params={"q": "地区生产总值", "top_k": 4})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == "地区生产总值"
    results = body["results"]
    assert [x["n"] for x in results] == list(range(1, len(results) + 1))
    assert 1 <= len(results) <= 4
    assert all(set(x["ranks"]) >= {"bm25", "dense"} for x in results)
    scores = [x["score"] for x in results]
    assert scores == sorted(scores, reverse=True)
    only_2021 = api.get("/api/search", params={"q": "地区生产总值", "year": 2021}).json()["results"]
    assert only_2021 and {x["year"] for x in only_2021} == {2021}


def test_documents_list_detail_and_unknown_ids(api: httpx.Client) -> None:
    docs = api.get("/api/documents").json()
    by_sha = {d["sha256"]: d for d in docs}
    for seed, year in ((SEED_2021, 2021), (SEED_2024, 2024)):
        d = by_sha[hashlib.sha256(seed.read_bytes()).hexdigest()]
        assert d["year"] == year
        assert d["chunk_count"] > 5
        assert "鼓楼区" in d["title"]
        detail = api.get(f"/api/documents/{d['doc_id']}").json()
        assert detail["doc_id"] == d["doc_id"]
        assert detail["sections"], "the outline is listed"
        assert detail["sections"][0]["number"] == "一、"
        assert detail["sections"][0]["children"]
    assert api.get("/api/documents/no-such-report").status_code == 404
    assert api.get("/api/chunks/no-such-chunk").status_code == 404


def test_openapi_lists_every_endpoint(api: httpx.Client) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    for path, method in [
        ("/api/ask", "post"),
        ("/api/ask/stream", "post"),
        ("/api/search", "get"),
        ("/api/documents", "get"),
        ("/api/documents", "post"),
        ("/api/documents/{doc_id}", "get"),
        ("/api/documents/{doc_id}", "delete"),
        ("/api/chunks/{chunk_id}", "get"),
        ("/v1/chat/completions", "post"),
        ("/v1/models", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/widget.js", "get"),
    ]:
        assert method in paths[path], (path, method)
    upload = paths["/api/documents"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert "file" in upload["schema"]["properties"]
    assert api.get("/docs").status_code == 200


def test_cors_allows_the_configured_portal_only(api: httpx.Client, portal: PortalServer) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = api.options("/api/ask/stream", headers={"Origin": portal.origin, **preflight})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == portal.origin
    other = api.options("/api/ask/stream", headers={"Origin": "https://elsewhere.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    answered = api.post("/api/ask", json={"question": GDP_2024}, headers={"Origin": portal.origin})
    assert answered.headers["access-control-allow-origin"] == portal.origin


def test_security_headers_and_content_security_policy(api: httpx.Client) -> None:
    page = api.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    script = api.get("/widget.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["cross-origin-resource-policy"] == "cross-origin"
    assert script.headers["content-encoding"] == "gzip"
    assert "default-src 'none'" in script.headers["content-security-policy"]
    assert "data-wenbao" in script.text
    assert "innerHTML" not in script.text and "insertAdjacentHTML" not in script.text
    api_response = api.get("/healthz")
    assert api_response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in api_response.headers["content-security-policy"]


def test_concurrent_questions_are_all_answered(live_server: LiveServer) -> None:
    """Several questions at once, with health checks in between: every one gets its answer."""
    questions = [
        f"{y}年上半年鼓楼区{k}是多少？" for y in (2021, 2024) for k in ("一般公共预算收入", "地区生产总值")
    ]
    with (
        httpx.Client(base_url=live_server.url, timeout=60) as client,
        concurrent.futures.ThreadPoolExecutor(4) as pool,
    ):
        futures = [pool.submit(client.post, "/api/ask", json={"question": q}) for q in questions]
        health = [client.get("/healthz").status_code for _ in range(5)]
        answers = [f.result() for f in futures]
    assert health == [200] * 5
    assert all(a.status_code == 200 for a in answers)


def test_ask_returns_json_that_is_an_ask_response_and_is_documented_as_one(api: httpx.Client) -> None:
    from wenbao.service.schemas import AskResponse

    r = api.post("/api/ask", json={"question": GDP_2024})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    parsed = AskResponse.model_validate_json(r.content)
    assert parsed.answerable and "1020.53" in parsed.answer
    assert "鼓楼区" in r.content.decode("utf-8")  # Chinese as UTF-8, not \u escapes
    schema = api.get("/openapi.json").json()["paths"]["/api/ask"]["post"]["responses"]["200"]
    assert schema["content"]["application/json"]["schema"]["$ref"].endswith("/AskResponse")
