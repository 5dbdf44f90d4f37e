"""wenbao's retrieval inside a real LangChain LCEL chain."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from wenbao.index.langchain_retriever import WenbaoRetriever
from wenbao.index.library import ReportLibrary


def format_docs(docs: list[Document]) -> str:
    return "\n".join(f"[{d.metadata['rank']}] {d.metadata['doc_title']}：{d.page_content}" for d in docs)


def test_retriever_returns_documents_with_citation_metadata(seed_library: ReportLibrary) -> None:
    retriever = WenbaoRetriever(library=seed_library, top_k=3)
    docs = retriever.invoke("2024年上半年地区生产总值是多少")
    assert len(docs) == 3
    top = docs[0]
    assert "1020.53亿元" in top.page_content
    chunk = seed_library.chunk(top.metadata["chunk_id"])
    assert top.id == chunk.chunk_id and top.page_content == chunk.text
    assert top.metadata["doc_id"] == "gulou-2024-h1" and top.metadata["year"] == 2024
    assert top.metadata["heading_labels"] == chunk.heading_labels
    assert (top.metadata["start"], top.metadata["end"]) == (chunk.start, chunk.end)
    assert top.metadata["rank"] == 1 and top.metadata["ranks"]["bm25"] is not None
    # year restriction as a field of the retriever
    docs_2021 = WenbaoRetriever(library=seed_library, top_k=5, year=2021).invoke("地区生产总值")
    assert docs_2021 and {d.metadata["year"] for d in docs_2021} == {2021}


def test_retriever_inside_an_lcel_chain(seed_library: ReportLibrary) -> None:
    retriever = WenbaoRetriever(library=seed_library, top_k=2)
    prompt = ChatPromptTemplate.from_messages(
        [("system", "只根据材料回答，并注明[编号]。\n材料：\n{context}"), ("human", "{question}")]
    )
    llm = FakeListChatModel(responses=["2021年上半年进出口总额完成266.1亿元[1]。"])
    seen: dict[str, str] = {}

    def capture(value: object) -> object:
        seen["prompt"] = value.to_string()  # type: ignore[attr-defined]
        return value

    chain = (
        {"context": retriever | RunnableLambda(format_docs), "question": RunnablePassthrough()}
        | prompt
        | RunnableLambda(capture)
        | llm
        | StrOutputParser()
    )
    answer = chain.invoke("2021年跟外国做生意的总额是多少？")
    assert answer.endswith("[1]。")
    # the chain's prompt carries wenbao's evidence: the right paragraph first
    first = next(line for line in seen["prompt"].splitlines() if line.startswith("[1] "))
    assert first.startswith("[1] 关于鼓楼区2021年") and "进出口总额完成266.1亿元" in first
    batch = (retriever | RunnableLambda(format_docs)).batch(["社零", "固投"])
    assert all(text.startswith("[1]") for text in batch)
