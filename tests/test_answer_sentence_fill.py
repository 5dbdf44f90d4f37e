"""The meaning stage's sentence vectors are made once per index version, in the background, and
kept beside it: after the fill no question embeds a sentence, a restart reads them back, an
upload embeds only its own report's, another embedder makes its own (issue 29)."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from index_fixtures import CountingEmbedder, DelegatingEmbedder
from service_fixtures import LiveServer
from test_answer_meaning_choice import HOUSES, JOBS, RURAL, chooser
from test_answer_meaning_judgement import ANALYZER, chunk, hits_led_by
from test_answer_sentence_vectors import CountingEmbedder as FakeEmbedder

from wenbao.answering import drafts
from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.drafts import QuestionMeaning, RequestTimes, SentenceVectors
from wenbao.answering.sentence_fill import SentenceFill, fill_key, fill_path, meaning_texts, read_vectors
from wenbao.index.embedders import E5Embedder
from wenbao.index.library import ReportLibrary
from wenbao.ingest import pipeline
from wenbao.service.main import create_app
from wenbao.settings import Settings


def report(county: str, houses: str, toilets: str) -> str:
    return (
        f"{county}2024年政府工作报告\n——2024年1月10日在{county}第十八届人民代表大会第三次会议上\n\n"
        "各位代表：\n\n一、2023年工作回顾\n\n"
        f"过去一年，全县地区生产总值增长5.2%。改造{houses}户农村危房，新建农村卫生厕所{toilets}户，"
        "新增300个自然村通硬化路。城镇新增就业4200人，城镇调查失业率控制在5.5%以内。\n\n"
        "二、2024年工作安排\n\n全县将新建学校3所，改造老旧小区12个，农村自来水普及率达到95%。\n"
    )


def library_of(folder: Path, embedder: E5Embedder, *reports: tuple[str, str]) -> ReportLibrary:
    for name, text in reports:
        (folder / name).write_text(text, encoding="utf-8")
    library = ReportLibrary(Settings(data_dir=folder / "data"), embedder=embedder)
    library.ingest([folder / name for name, _ in reports])
    library.warm_up()
    return library


def test_a_question_after_the_fill_embeds_no_sentence() -> None:
    frame = ANALYZER.analyze(HOUSES)
    hits = hits_led_by(chunk(RURAL, "rural"), chunk(JOBS, "jobs"))
    question = np.array([1.0, 0.0], dtype=np.float32)

    def answered(vectors: SentenceVectors, e5: FakeEmbedder) -> str:
        meaning = QuestionMeaning(question, e5, RequestTimes())
        found = chooser().extract(frame, hits, closeness=meaning)
        assert found.best is not None
        return found.best.quote

    before, cold = SentenceVectors(size=100), FakeEmbedder("e5")
    filled, warm = SentenceVectors(size=100), FakeEmbedder("e5")
    texts = meaning_texts(h.chunk for h in hits)
    filled.publish("qingshan", "e5", dict(zip(texts, FakeEmbedder("e5").embed_passages(texts), strict=True)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(drafts, "SENTENCE_VECTORS", before)
        quote = answered(before, cold)
        mp.setattr(drafts, "SENTENCE_VECTORS", filled)
        assert answered(filled, warm) == quote  # the same vectors: the same answer
    assert cold.calls == 1 and before.made >= 2  # the meaning stage weighed sentences
    assert warm.calls == 0 and filled.made == 0  # after the fill it embeds none
    # another embedder's question does not take the fill's vectors
    other = FakeEmbedder("minilm")
    filled.get_many(other, texts[:2])
    assert other.embedded == texts[:2]


def test_the_fill_is_kept_beside_the_version_and_read_back_after_a_restart(
    tmp_path: Path, shared_e5: E5Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = library_of(tmp_path, shared_e5, ("qingshan-2024-gzbg.txt", report("青山县", "1500", "2100")))
    counting = CountingEmbedder(shared_e5)
    first = SentenceFill(library, counting.embed_passages, vectors=SentenceVectors(size=10))
    made = first.fill()
    texts = meaning_texts(library.all_chunks())
    assert made.complete and made.embedded == made.texts == len(texts) and made.read == 0
    assert sorted(counting.passages) == sorted(texts)
    assert library.version is not None
    key = fill_key(shared_e5.name, pipeline.CHUNKER_VERSION)
    path = fill_path(library.store.version_dir(library.version), key)
    stored = read_vectors(path, key)
    assert stored is not None and set(stored) == set(texts)

    # a new process: a fresh library, fill and cache, nothing embedded again
    counting.passages.clear()
    again = ReportLibrary(Settings(data_dir=tmp_path / "data"), embedder=shared_e5)
    again.warm_up()
    vectors = SentenceVectors(size=10)
    second = SentenceFill(again, counting.embed_passages, vectors=vectors).fill()
    assert second.complete and second.embedded == 0 and second.read == len(texts)
    assert counting.passages == []
    # …and its questions take the vectors read back: the same rows as embedding them now
    monkeypatch.setattr(drafts, "SENTENCE_VECTORS", vectors)
    answerer = ReportAnswerer(again, settings=again.settings)
    asked = ("青山县打算修多少户快塌的老房子", "村里通水泥路的有多少个村")
    answers = [answerer.ask(q).answer for q in asked]
    assert vectors.made == 0 and counting.passages == []
    # without the fill the same questions embed their sentences (and answer alike)
    cold = SentenceVectors(size=10)
    monkeypatch.setattr(drafts, "SENTENCE_VECTORS", cold)
    assert [answerer.ask(q).answer for q in asked] == answers
    assert cold.made > 0
    sample = texts[:3]
    assert all(
        np.array_equal(a, b)
        for a, b in zip(vectors.get_many(shared_e5, sample), shared_e5.embed_passages(sample), strict=True)
    )


def test_another_embedder_makes_its_own_vectors(tmp_path: Path, shared_e5: E5Embedder) -> None:
    library = library_of(tmp_path, shared_e5, ("qingshan-2024-gzbg.txt", report("青山县", "1500", "2100")))
    SentenceFill(library, shared_e5.embed_passages, vectors=SentenceVectors(size=10)).fill()

    class Renamed(DelegatingEmbedder):
        @property
        def name(self) -> str:
            return "another-model"

    library._embedder = Renamed(shared_e5)  # the loaded version stays; only the model differs
    counting = CountingEmbedder(shared_e5)
    other = SentenceFill(library, counting.embed_passages, vectors=SentenceVectors(size=10)).fill()
    assert other.read == 0 and other.embedded == other.texts > 0
    # a changed chunker does not read the file either
    assert library.version is not None
    e5_key = fill_key(shared_e5.name, pipeline.CHUNKER_VERSION)
    path = fill_path(library.store.version_dir(library.version), e5_key)
    assert read_vectors(path, e5_key) is not None
    assert read_vectors(path, fill_key(shared_e5.name, pipeline.CHUNKER_VERSION + "-next")) is None


def test_an_upload_embeds_only_its_own_reports_sentences(tmp_path: Path, shared_e5: E5Embedder) -> None:
    library = library_of(tmp_path, shared_e5, ("qingshan-2024-gzbg.txt", report("青山县", "1500", "2100")))
    counting = CountingEmbedder(shared_e5)
    fill = SentenceFill(library, counting.embed_passages, vectors=SentenceVectors(size=10))
    first = fill.fill()
    (tmp_path / "lushui-2024-gzbg.txt").write_text(report("绿水县", "870", "640"), encoding="utf-8")
    library.ingest([tmp_path / "lushui-2024-gzbg.txt"])
    counting.passages.clear()
    second = fill.fill()
    assert second.complete and second.read > 0 and 0 < second.embedded < second.texts
    assert second.texts - second.embedded == second.read
    # the texts both reports share were not embedded again (the new county's figures were)
    assert not any("1500户" in t for t in counting.passages)
    assert first.version != second.version


def test_the_service_fills_after_it_is_ready_and_stops_with_it(tmp_path: Path, shared_e5: E5Embedder) -> None:
    library = library_of(tmp_path, shared_e5, ("qingshan-2024-gzbg.txt", report("青山县", "1500", "2100")))
    settings = Settings(
        data_dir=tmp_path / "data", llm_base_url=None, rate_limit_per_minute=0, sentence_fill="background"
    )
    app = create_app(settings, library=library)
    server = LiveServer(app).start()
    runtime = app.state.runtime
    try:
        deadline = time.monotonic() + 300
        while (runtime._fill is None or runtime._fill.last is None) and time.monotonic() < deadline:
            time.sleep(0.1)
        made = runtime._fill.last
        assert made is not None and made.complete and made.embedded == made.texts > 0
        answer = httpx.post(
            f"{server.url}/api/ask", json={"question": "青山县打算修多少户快塌的老房子"}, timeout=60
        )
        assert answer.status_code == 200
    finally:
        server.stop()
    # stopped before the jobs' embedding process, which it does not start again
    assert not runtime._fill._thread.is_alive()
    assert runtime.jobs._embedder is None or runtime.jobs._embedder._pool is None
    key = fill_key(shared_e5.name, pipeline.CHUNKER_VERSION)
    assert library.version is not None
    assert read_vectors(fill_path(library.store.version_dir(library.version), key), key) is not None
