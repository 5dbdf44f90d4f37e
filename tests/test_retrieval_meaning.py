"""Residents' words find the passage they mean, even where fusion ranks it low.

A question in everyday words ("生了孩子…发不发钱") shares its few known words ("孩子", "政府") with
many passages that say nothing to it, while the one passage it means ("育儿补贴…托育") holds none
of them. The dense side ranks that passage first; fused with the keyword side's many weak matches
it falls past the passages the answerer reads. Where the question's words are the reports' less
than they should be, the dense side's first passages are kept among the hits. A report of 青山县
(2024) written here, no thesaurus rows.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from wenbao.documents import Chunk, Hit
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.index.retriever import keep_dense_top
from wenbao.settings import Settings

REPORT = """\
2024年青山县政府工作报告
——2024年1月12日在青山县第十八届人民代表大会第三次会议上
青山县县长 李平
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议。
一、2023年工作回顾
过去一年，全县地区生产总值完成412.6亿元，同比增长5.3%。
二、2024年工作安排
（一）办好人民满意的教育
新建改建中小学6所，让孩子在家门口上好学；孩子的课后服务全覆盖，政府投入0.8亿元。
（二）加强政府自身建设
持续优化政府服务，推进政府工作流程再造，政府办事效率再提升。
（三）守护孩子健康成长
开展孩子近视防控和心理健康筛查，政府为每所学校配备专职校医。
（四）完善生育支持政策
全面落实育儿补贴制度，为三岁以下婴幼儿每人每年发放补贴3600元，新增普惠托育托位800个。
（五）推进法治政府建设
政府规章和规范性文件全部纳入备案审查，政府法律顾问覆盖全部乡镇。
（六）支持新市民安居
对首次购房的新市民返还契税，新建保障性租赁住房1200套。
（七）发展特色产业
培育茶叶、中药材两大主导产业，新增省级农业龙头企业5家。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportLibrary:
    folder: Path = tmp_path_factory.mktemp("qingshan-meaning")
    path = folder / "qingshan-2024-gzbg.txt"
    path.write_text(REPORT, encoding="utf-8")
    lib = ReportLibrary(Settings(data_dir=folder / "data"), embedder=shared_e5)
    lib.ingest([path])
    lib.warm_up()
    return lib


def texts(library: ReportLibrary, question: str, top_k: int, rescue: int) -> list[str]:
    retriever = library.retriever
    retriever.weights = dataclasses.replace(retriever.weights, dense_rescue=rescue)
    snapshot = library._current()
    return [h.chunk.text for h in retriever.search(snapshot, question, top_k=top_k)]


@pytest.mark.parametrize("question", ["在青山县生了孩子，政府发不发钱？", "青山县家里添了娃，政府给钱吗"])
def test_everyday_words_find_the_childcare_passage(library: ReportLibrary, question: str) -> None:
    found = texts(library, question, top_k=3, rescue=2)
    assert any("育儿补贴" in t for t in found)
    # The passages that share 孩子/政府 stay first: the rescued passage takes a last place.
    assert "育儿补贴" not in found[0]
    # Fused alone, the generic matches fill the places: the test can fail.
    assert not any("育儿补贴" in t for t in texts(library, question, top_k=3, rescue=0))


def test_a_question_in_the_reports_words_keeps_the_fused_order(library: ReportLibrary) -> None:
    question = "青山县2024年新建改建中小学多少所？"
    assert texts(library, question, top_k=2, rescue=2) == texts(library, question, top_k=2, rescue=0)


def test_a_word_no_passage_holds_is_looked_for_by_the_reports_nearest_words(library: ReportLibrary) -> None:
    retriever = library.retriever
    snapshot = library._current()
    retriever.weights = dataclasses.replace(retriever.weights, neighbour_weight=0.3)
    assert retriever.word_neighbours(snapshot, wait=True) is not None  # the vocabulary's vectors
    # 买房 is in no passage; the report says 购房 (learned from its words, no thesaurus row)
    assert "购房" in retriever.neighbour_terms(snapshot, ["买房"])
    # a word the passages hold is not expanded
    assert retriever.neighbour_terms(snapshot, ["补贴", "政府"]) == []
    question = "青山县年轻人想买房，政府有补贴吗？"
    with_words = [h.chunk.text for h in retriever.search(snapshot, question, top_k=2)]
    assert any("购房" in t for t in with_words)
    # Without them the 补贴 of 育儿补贴 and the 政府 of other passages fill the places: it can fail.
    retriever.weights = dataclasses.replace(retriever.weights, neighbour_weight=0.0)
    without = [h.chunk.text for h in retriever.search(snapshot, question, top_k=2)]
    assert not any("购房" in t for t in without)


def _hit(cid: str, dense: int | None) -> Hit:
    text = f"段落{cid}"
    c = Chunk(
        chunk_id=cid,
        doc_id="d",
        doc_title="t",
        year=2024,
        heading_path=(),
        heading_numbers=(),
        text=text,
        start=0,
        end=len(text),
    )
    return Hit(c, 0.0, {"bm25": 1, "dense": dense})


def test_the_dense_first_take_the_last_places_in_dense_order() -> None:
    hits = [_hit("a", 5), _hit("b", 6), _hit("c", 7), _hit("d", 2), _hit("e", 1), _hit("f", 3)]
    ids = [h.chunk.chunk_id for h in keep_dense_top(hits, 4, 2)]
    assert ids == ["a", "b", "d", "e"]  # d was among the first four already
    # Already among the first places: nothing moves; one place: the fused first stays.
    assert [h.chunk.chunk_id for h in keep_dense_top(hits, 6, 2)] == ["a", "b", "c", "d", "e", "f"]
    assert [h.chunk.chunk_id for h in keep_dense_top(hits, 1, 2)] == ["a"]
    assert [h.chunk.chunk_id for h in keep_dense_top(hits, 4, 0)] == ["a", "b", "c", "d"]
    assert [h.chunk.chunk_id for h in keep_dense_top(hits, 3, 2)] == ["a", "e", "d"]
