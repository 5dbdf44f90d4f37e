"""Conversations across places and years, over a real socket: the state of a chat is its earlier
user turns replayed (no server session), so the same history through /api/ask and through the
official OpenAI client gives the same answer.

The corpus is written here: three provincial work reports of January 2026 (each reviews 2025 and
plans 2026), with figures no real report has; the third states no GDP target."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openai import OpenAI
from service_fixtures import LiveServer, cited_docs, converse, serve_reports

from wenbao.index.embedders import Embedder


def _work_report(province: str, governor: str, facts: str, plans: str) -> str:
    short = province[:2]
    return (
        f"{short}省政府工作报告\n——2026年1月20日在{province}第十四届人民代表大会第五次会议上\n\n"
        f"{province}省长 {governor}\n\n各位代表：\n\n"
        "现在，我代表省人民政府，向大会报告政府工作，请予审议，并请省政协委员提出意见。\n\n"
        f"一、2025年工作回顾\n\n过去一年，{facts}\n\n"
        f"二、2026年工作安排\n\n{plans}\n\n"
        "三、加强政府自身建设\n\n我们将坚持依法行政，持续改进作风，建设人民满意的服务型政府。\n"
    )


REPORTS = {
    "hunan-2026-gzbg.txt": _work_report(
        "湖南省",
        "李青山",
        "全省地区生产总值达到53816亿元、增长5.4%；粮食产量达到617.2亿斤；城镇新增就业75.3万人。",
        "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业70万人以上。",
    ),
    "hubei-2026-gzbg.txt": _work_report(
        "湖北省",
        "王若水",
        "全省地区生产总值达到61208亿元、增长6.1%；粮食产量达到558.9亿斤；城镇新增就业92.6万人。",
        "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；城镇新增就业85万人以上。",
    ),
    "jiangsu-2026-gzbg.txt": _work_report(
        "江苏省",
        "赵明远",
        "全省粮食产量达到764.5亿斤；城镇新增就业131.8万人，居民收入稳步增长。",
        "今年要稳定粮食生产，城镇新增就业120万人以上，持续保障和改善民生。",
    ),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> Iterator[LiveServer]:
    live = serve_reports(tmp_path_factory, shared_e5, REPORTS, "conversations")
    yield live
    live.stop()


def test_another_place_replaces_the_place(server: LiveServer) -> None:
    body = converse(server, "湖南2025年地区生产总值是多少？", "那湖北呢？")
    assert "61208亿元" in body["answer"] and "53816" not in body["answer"]
    assert body["rewritten_question"] == "2025年湖北省地区生产总值是多少？"
    assert cited_docs(body) == {"hubei-2026-gzbg"}


def test_a_new_indicator_keeps_the_place_and_year(server: LiveServer) -> None:
    body = converse(server, "湖北2025年地区生产总值是多少？", "粮食产量呢？")
    assert "558.9亿斤" in body["answer"]
    assert "湖北" in body["rewritten_question"] and "2025年" in body["rewritten_question"]


def test_last_year_counts_from_the_previous_turns_year(server: LiveServer) -> None:
    body = converse(server, "湖北2026年地区生产总值增长目标是多少？", "去年实际增长多少？")
    assert "6.1%" in body["answer"]
    assert body["rewritten_question"].startswith("2025年湖北省")


def test_an_elliptical_aspect_keeps_place_year_and_indicator(server: LiveServer) -> None:
    body = converse(server, "湖南2025年地区生产总值是多少？", "增长了多少？")
    assert "5.4%" in body["answer"]
    assert body["rewritten_question"] == "2025年湖南省地区生产总值增长了多少？"


def test_a_comparison_adds_the_place_and_names_the_higher(server: LiveServer) -> None:
    body = converse(server, "湖南2025年粮食产量是多少？", "和湖北比哪个多？")
    answer = body["answer"]
    assert "617.2亿斤" in answer and "558.9亿斤" in answer
    assert "湖南省较高" in answer
    assert cited_docs(body) == {"hunan-2026-gzbg", "hubei-2026-gzbg"}


def test_a_province_by_its_abbreviation(server: LiveServer) -> None:
    body = converse(server, "鄂2025年粮食产量是多少？")
    assert "558.9亿斤" in body["answer"]


def test_no_place_in_a_base_of_several_is_asked_back_with_options(server: LiveServer) -> None:
    body = converse(server, "2025年粮食产量是多少？")
    assert body["answerable"] is False and body["clarify"] is not None
    labels = {o["label"] for o in body["clarify"]["options"]}
    assert labels == {"湖南省", "湖北省", "江苏省"}
    assert not any(figure in body["answer"] for figure in ("617.2", "558.9", "764.5"))
    # An option is a whole question: sent as it is, it is answered from that place's report.
    option = next(o for o in body["clarify"]["options"] if o["label"] == "江苏省")
    answered = converse(server, option["question"])
    assert "764.5亿斤" in answered["answer"] and answered["clarify"] is None


def test_every_province_at_once_and_the_highest_as_a_follow_up(server: LiveServer) -> None:
    body = converse(server, "2026年各省的地区生产总值增长目标分别是多少？")
    answer = body["answer"]
    assert "5.5%" in answer and "6%" in answer
    assert "江苏省的报告中没有找到" in answer  # it states no target: said, not skipped
    assert cited_docs(body) == {"hunan-2026-gzbg", "hubei-2026-gzbg"}
    follow = converse(server, "2026年各省的地区生产总值增长目标分别是多少？", "哪个省的目标最高？")
    assert "湖北省最高" in follow["answer"] or "湖北省较高" in follow["answer"]


def test_an_answer_across_places_is_a_table_of_cited_rows(server: LiveServer) -> None:
    body = converse(server, "2026年各省的地区生产总值增长目标分别是多少？")
    rows = {r["place"]: r for r in body["table"]["rows"]}
    assert set(rows) == {"湖南省", "湖北省", "江苏省"}
    assert rows["湖南省"]["value"] == "地区生产总值增长5.5%左右"  # the clause, not the whole sentence
    assert rows["湖北省"]["value"] == "地区生产总值增长6%左右"
    assert rows["江苏省"]["n"] is None and rows["江苏省"]["stored"] is True
    by_n = {c["n"]: c["doc_id"] for c in body["citations"]}
    assert by_n[rows["湖南省"]["n"]] == "hunan-2026-gzbg" and by_n[rows["湖北省"]["n"]] == "hubei-2026-gzbg"


def test_a_place_no_report_is_of_is_said_beside_the_answered_ones(server: LiveServer) -> None:
    one = converse(server, "北京和湖南2025年粮食产量分别是多少？")
    assert "617.2亿斤" in one["answer"] and "没有北京市的报告" in one["answer"]
    several = converse(server, "湖南、湖北和北京2026年地区生产总值增长目标分别是多少？")
    rows = {r["place"]: r for r in several["table"]["rows"]}
    assert rows["北京市"]["stored"] is False and rows["北京市"]["n"] is None
    assert "湖北省较高" not in several["answer"]  # nobody asked which is higher


def test_the_openai_client_gets_a_markdown_table_across_places(server: LiveServer) -> None:
    with OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60) as client:
        reply = client.chat.completions.create(
            model="wenbao",
            messages=[{"role": "user", "content": "2026年各省的地区生产总值增长目标分别是多少？哪个最高？"}],
        )
    content = reply.choices[0].message.content or ""
    lines = content.splitlines()
    assert lines[0].startswith("| 地区 |") and lines[1].startswith("| ---")
    assert any(line.startswith("| 湖北省 | 地区生产总值增长6%左右[") for line in lines)
    assert any(line.startswith("| 江苏省 | 报告中没有找到") for line in lines)
    assert "湖北省最高（6%）" in content


def test_the_same_conversation_through_the_openai_client(server: LiveServer) -> None:
    turns = ("湖南2025年地区生产总值是多少？", "那湖北呢？", "增长了多少？")
    expected = converse(server, *turns)["answer"]
    messages: list[Any] = []
    with OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60) as client:
        for turn in turns:
            messages.append({"role": "user", "content": turn})
            reply = client.chat.completions.create(model="wenbao", messages=messages)
            content = reply.choices[0].message.content or ""
            messages.append({"role": "assistant", "content": content})
    assert "6.1%" in expected
    assert content.startswith(expected.rstrip("。"))
