"""The configurations under evaluation, each turning a gold pair into a ``PairOutcome``.

- ``LibraryQASystem``: the product in process — ``ReportAnswerer.ask`` for the answer (with the
  pair's history), then ``ReportLibrary.search`` on the question as the answerer understood it
  (``rewritten_question``) for the top-10 ranking. For ``bm25``/``dense`` the same answerer runs
  over a library view whose searches are locked to that retriever (``RetrieverLockedLibrary``).
- ``HttpQASystem``: the same against a running server (``POST /api/ask``, ``GET /api/search``).
- ``BaselineQASystem``: the LangChain baseline; its answer is its top chunk and it never refuses.

Latency is the time of what a user waits for: the answer (``ask``); the extra search that
collects the top-10 ranking for Recall@10 is evaluation overhead and is not timed. A pair with
``turns`` is a conversation: those questions are asked first, in order, each with the real answers
before it as history; only the last answer is the outcome (and only its latency is timed). A pair
with ``ask_doc`` is asked of that one report (``doc_id``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Protocol, cast

import httpx

from wenbao.documents import Chunk
from wenbao.errors import WenbaoError
from wenbao.eval.baseline import LangChainBaselineRetriever
from wenbao.eval.gold import GoldPair
from wenbao.eval.metrics import PairOutcome, Passage

if TYPE_CHECKING:
    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.index.library import ReportLibrary
    from wenbao.settings import Settings

RANKING_DEPTH = 10  # Recall@10 / MRR@10
ANSWER_TOP_K = 5  # what the product asks for by default


class EvalError(WenbaoError):
    """The evaluation cannot run (no server at the URL, an unknown configuration...)."""


class QASystem(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def run(self, pair: GoldPair) -> PairOutcome: ...


def _label(chunk: Chunk) -> str:
    return " › ".join(chunk.heading_labels) or "（卷首）"


def _passage(chunk: Chunk) -> Passage:
    return Passage(
        doc_id=chunk.doc_id,
        text=chunk.text,
        label=f"{chunk.doc_id} {_label(chunk)}",
        context=("".join(chunk.heading_labels), *chunk.notes),
    )


class RetrieverLockedLibrary:
    """A view of a ``ReportLibrary`` whose ``search`` always uses one retriever (``bm25`` or
    ``dense``), so the unchanged answerer can be measured on top of each retriever alone.
    Everything else is delegated to the wrapped library."""

    def __init__(self, library: ReportLibrary, mode: str) -> None:
        self._library = library
        self.mode = mode

    def search(
        self,
        query: str,
        top_k: int = 5,
        year: int | None = None,
        doc_id: str | None = None,
        mode: str = "hybrid",
        scope: Any = None,
        parsed: Any = None,
        dense: Any = None,
    ) -> list[Any]:
        return self._library.search(
            query,
            top_k=top_k,
            year=year,
            doc_id=doc_id,
            mode=self.mode,
            scope=scope,
            parsed=parsed,
            dense=dense,
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._library, name)


class LibraryQASystem:
    def __init__(
        self,
        name: str,
        library: ReportLibrary,
        mode: str,
        settings: Settings | None = None,
        top_k: int = ANSWER_TOP_K,
    ) -> None:
        self.name = name
        self.mode = mode
        self.library = library
        self.settings = settings
        self.top_k = top_k
        self._answerer: ReportAnswerer | None = None

    def warm_up(self) -> None:
        from wenbao.answering.answerer import ReportAnswerer

        self.library.warm_up()
        view = self.library if self.mode == "hybrid" else RetrieverLockedLibrary(self.library, self.mode)
        self._answerer = ReportAnswerer(cast("ReportLibrary", view), self.settings)

    def run(self, pair: GoldPair) -> PairOutcome:
        from wenbao.answering.history import Turn

        if self._answerer is None:
            self.warm_up()
        assert self._answerer is not None
        history = [Turn(role=r, content=c) for r, c in pair.history]
        started = time.perf_counter()
        try:
            for turn in pair.turns:
                earlier = self._answerer.ask(turn, history=history, top_k=self.top_k, doc_id=pair.ask_doc)
                history += [Turn(role="user", content=turn), Turn(role="assistant", content=earlier.answer)]
            started = time.perf_counter()
            answer = self._answerer.ask(pair.question, history=history, top_k=self.top_k, doc_id=pair.ask_doc)
        except WenbaoError as exc:
            return PairOutcome(pair, self.name, error=exc.message, latency_ms=_ms_since(started))
        latency = _ms_since(started)
        # Recall is measured on the passages the answerer itself searched: scoped to the places
        # and times the question resolved to, as a user's question is.
        hits = answer.ranking[:RANKING_DEPTH]
        return PairOutcome(
            pair=pair,
            config=self.name,
            retrieved=[_passage(h.chunk) for h in hits],
            answer=answer.answer,
            answerable=answer.answerable,
            citations=[_passage(c.chunk) for c in answer.citations],
            latency_ms=latency,
            rewritten=answer.rewritten_question,
            evidence=answer.evidence,
        )


class BaselineQASystem:
    name = "langchain-baseline"

    def __init__(self, retriever: LangChainBaselineRetriever) -> None:
        self.retriever = retriever

    def warm_up(self) -> None:
        self.retriever.warm_up()

    def run(self, pair: GoldPair) -> PairOutcome:
        # Such a pipeline has no notion of a conversation: the elliptical question is searched as is.
        started = time.perf_counter()
        hits = self.retriever.search(pair.question)
        latency = _ms_since(started)
        return PairOutcome(
            pair=pair,
            config=self.name,
            retrieved=hits,
            answer=hits[0].text if hits else "",
            answerable=True,
            citations=hits,
            latency_ms=latency,
        )


class HttpQASystem:
    """The product behind a running server. 429 answers are waited out (``Retry-After``)."""

    MAX_RETRIES = 8

    def __init__(
        self,
        base_url: str,
        name: str = "hybrid",
        mode: str = "hybrid",
        timeout_s: float = 60.0,
        kb: str | None = None,
        top_k: int = ANSWER_TOP_K,
    ) -> None:
        self.name = name
        self.mode = mode
        self.kb = kb  # the server's knowledge base (None: its default)
        self.top_k = top_k
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout_s)

    def warm_up(self) -> None:
        try:
            response = self._client.get("/readyz")
        except httpx.HTTPError as exc:
            raise EvalError(f"无法连接到服务 {self.base_url}：{exc}。请先运行 `wenbao serve`。") from exc
        if response.status_code != 200:
            raise EvalError(f"服务 {self.base_url} 尚未就绪（{response.status_code}）：{response.text[:200]}")

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        for _ in range(self.MAX_RETRIES):
            response = self._client.request(method, path, **kwargs)
            if response.status_code != 429:
                return response
            time.sleep(min(float(response.headers.get("Retry-After", "1") or 1), 30.0))
        return response

    def run(self, pair: GoldPair) -> PairOutcome:
        if self.mode != "hybrid":
            return self._retrieve_only(pair)
        history = [{"role": r, "content": c} for r, c in pair.history]
        started = time.perf_counter()
        try:
            for turn in pair.turns:
                earlier = self._request("POST", "/api/ask", json=self._ask_body(pair, turn, history))
                if earlier.status_code != 200:
                    error = f"HTTP {earlier.status_code}（对话的前几轮）：{earlier.text[:200]}"
                    return PairOutcome(pair, self.name, error=error)
                history += [
                    {"role": "user", "content": turn},
                    {"role": "assistant", "content": str(earlier.json().get("answer", ""))},
                ]
            started = time.perf_counter()
            response = self._request("POST", "/api/ask", json=self._ask_body(pair, pair.question, history))
        except httpx.HTTPError as exc:
            return PairOutcome(pair, self.name, error=str(exc), latency_ms=_ms_since(started))
        latency = _ms_since(started)
        if response.status_code != 200:
            return PairOutcome(pair, self.name, error=f"HTTP {response.status_code}: {response.text[:200]}")
        data = response.json()
        query = data.get("rewritten_question") or pair.question
        params: dict[str, str | int] = {"q": query, "top_k": RANKING_DEPTH, "mode": self.mode, **self._kb()}
        if pair.ask_doc is not None:
            params["doc_id"] = pair.ask_doc
        ranking = self._request("GET", "/api/search", params=params)
        results = ranking.json().get("results", []) if ranking.status_code == 200 else []
        return PairOutcome(
            pair=pair,
            config=self.name,
            retrieved=[_http_passage(r) for r in results],
            answer=data.get("answer", ""),
            answerable=bool(data.get("answerable")),
            citations=[_http_passage(c) for c in data.get("citations", [])],
            latency_ms=latency,
            rewritten=data.get("rewritten_question"),
        )

    def _ask_body(self, pair: GoldPair, question: str, history: list[dict[str, str]]) -> dict[str, Any]:
        body: dict[str, Any] = {"question": question, "top_k": self.top_k, "history": list(history)}
        if pair.ask_doc is not None:
            body["doc_id"] = pair.ask_doc
        if self.kb is not None:
            body["kb"] = self.kb
        return body

    def _retrieve_only(self, pair: GoldPair) -> PairOutcome:
        """The server answers with its own (hybrid) answerer only, so a ``bm25``/``dense``
        configuration over HTTP measures retrieval alone: no answer, no refusal."""
        params: dict[str, str | int] = {
            "q": pair.question,
            "top_k": RANKING_DEPTH,
            "mode": self.mode,
            **self._kb(),
        }
        if pair.ask_doc is not None:
            params["doc_id"] = pair.ask_doc
        started = time.perf_counter()
        try:
            response = self._request("GET", "/api/search", params=params)
        except httpx.HTTPError as exc:
            return PairOutcome(pair, self.name, error=str(exc), latency_ms=_ms_since(started))
        latency = _ms_since(started)
        results = response.json().get("results", []) if response.status_code == 200 else []
        error = None if response.status_code == 200 else f"HTTP {response.status_code}: {response.text[:200]}"
        return PairOutcome(
            pair, self.name, retrieved=[_http_passage(r) for r in results], latency_ms=latency, error=error
        )

    def _kb(self) -> dict[str, str]:
        return {} if self.kb is None else {"kb": self.kb}

    def close(self) -> None:
        self._client.close()


def _http_passage(obj: dict[str, Any]) -> Passage:
    path = obj.get("heading_path") or []
    # Headings without numbers still count (a missing ``heading_numbers`` must not drop the path).
    numbers = obj.get("heading_numbers") or [""] * len(path)
    labels = [f"{n or ''}{t or ''}" for n, t in zip(numbers, path, strict=False)]
    return Passage(
        doc_id=str(obj.get("doc_id", "")),
        text=str(obj.get("text", "")),
        label=f"{obj.get('doc_id', '')} {' › '.join(labels) or '（卷首）'}",
        context=("".join(labels), *(str(n) for n in obj.get("notes") or ())),
    )


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
