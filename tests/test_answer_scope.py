"""Questions across places and years, over the live service (real index, FastAPI over a socket).

Two small provincial work reports, written here, are uploaded next to the seeds (a district's
half-year reports): a corpus of three places, reports delivered in January that review the year
before, and questions worded with relative time.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest


def _work_report(
    province: str, short: str, gdp: str, growth: str, grain: str, target: str, visitors: str
) -> str:
    return (
        "政府工作报告\n"
        f"——2026年1月22日在{province}第十四届人民代表大会第五次会议上\n"
        f"{province}省长 赵六\n各位代表：\n"
        "现在，我代表省人民政府，向大会报告政府工作，请予审议。\n"
        "一、2025年工作回顾\n"
        f"过去一年，全省地区生产总值达到{gdp}亿元，增长{growth}%。粮食产量{grain}万吨，再创新高。\n"
        f"文旅市场持续升温，全年接待入境游客{visitors}万人次，文化和旅游消费明显回暖。\n"
        "二、2026年工作安排\n"
        f"今年全省经济社会发展的主要预期目标是：地区生产总值增长{target}%左右。\n"
        f"（一）扩大有效需求\n加快建设美丽{short}，推进重大项目建设。\n"
    )


REPORTS = {
    "yunnan-2026": _work_report("云南省", "云南", "31234.5", "4.7", "2011.3", "5", "168.2"),
    "guizhou-2026": _work_report("贵州省", "贵州", "22876.4", "5.3", "1105.8", "5.5", "47.6"),
}


@pytest.fixture(scope="module")
def corpus(live_server: object, admin_headers: dict[str, str]) -> Iterator[httpx.Client]:
    from service_fixtures import LiveServer

    assert isinstance(live_server, LiveServer)
    client = httpx.Client(base_url=live_server.url, timeout=120)
    headers = {"Authorization": admin_headers["Authorization"]}
    stored = []
    for name, text in REPORTS.items():
        up = client.post(
            "/api/documents?wait=true", files={"file": (f"{name}.txt", text.encode())}, headers=headers
        )
        assert up.status_code == 201, up.text
        stored.append(up.json()["doc_id"])
    try:
        yield client
    finally:
        for doc_id in stored:
            client.delete(f"/api/documents/{doc_id}", headers=headers)
        client.close()


@pytest.fixture(scope="module")
def admin_headers() -> dict[str, str]:
    from service_fixtures import ADMIN_TOKEN

    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def ask(client: httpx.Client, question: str) -> dict:  # type: ignore[type-arg]
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return r.json()


def cited(answer: dict) -> list[dict]:  # type: ignore[type-arg]
    return [c for c in answer["citations"] if f"[{c['n']}]" in answer["answer"]]


def test_a_place_scoped_question_is_answered_from_that_places_report(corpus: httpx.Client) -> None:
    a = ask(corpus, "2025年贵州地区生产总值是多少？")
    assert a["answerable"] and "22876.4" in a["answer"] and "31234.5" not in a["answer"]
    assert {c["place"] for c in cited(a)} == {"贵州省"}


def test_a_previous_year_figure_from_a_january_report(corpus: httpx.Client) -> None:
    # delivered in January 2026, the report speaks for 2025: not a "foreign year"
    a = ask(corpus, "云南省2025年粮食产量多少？")
    assert a["answerable"] and "2011.3" in a["answer"]
    assert cited(a)[0]["covers"] == {"years": [2025], "period": "full_year", "aspect": "results"}


def test_relative_time_is_resolved_against_the_scoped_report(corpus: httpx.Client) -> None:
    a = ask(corpus, "云南去年粮食产量多少？")
    assert "2025年" in a["rewritten_question"] and "去年" not in a["rewritten_question"]
    assert a["answerable"] and "2011.3" in a["answer"]
    plan = ask(corpus, "贵州今年地区生产总值增长目标是多少？")
    assert "2026年" in plan["rewritten_question"]
    assert plan["answerable"] and "5.5%" in plan["answer"]


def test_a_comparison_across_two_places_cites_each(corpus: httpx.Client) -> None:
    a = ask(corpus, "云南和贵州2025年地区生产总值分别是多少？")
    assert a["answerable"]
    assert "31234.5" in a["answer"] and "22876.4" in a["answer"]
    assert {c["place"] for c in cited(a)} == {"云南省", "贵州省"}
    assert a["answer"].index("云南省") < a["answer"].index("贵州省")


def test_a_period_no_report_covers_is_refused_with_the_periods_that_exist(corpus: httpx.Client) -> None:
    a = ask(corpus, "贵州2026年上半年地区生产总值是多少？")
    assert not a["answerable"]
    assert "2025" in a["answer"] and "贵州省" in a["answer"]  # says what the reports do cover
    b = ask(corpus, "云南2019年粮食产量多少？")
    assert not b["answerable"] and "现有报告" in b["answer"]


def test_a_place_not_in_the_corpus_is_refused_not_answered_from_another(corpus: httpx.Client) -> None:
    a = ask(corpus, "2025年广西地区生产总值是多少？")
    assert not a["answerable"]
    assert "广西" in a["answer"] and "31234.5" not in a["answer"] and "22876.4" not in a["answer"]


def test_without_a_place_the_answer_says_which_report_it_comes_from(corpus: httpx.Client) -> None:
    a = ask(corpus, "2025年粮食产量1105.8万吨是哪个省？")
    assert a["answerable"] and a["answer"].startswith("贵州省2026年政府工作报告：")
    # the seeds still answer their own questions, scoped by their place
    s = ask(corpus, "2024年上半年鼓楼区地区生产总值是多少？")
    assert "1020.53" in s["answer"] and {c["place"] for c in cited(s)} == {"鼓楼区"}


def test_a_resident_worded_question_is_answered_without_a_thesaurus_row(corpus: httpx.Client) -> None:
    from wenbao.answering.synonyms import default_synonyms
    from wenbao.index.query import default_thesaurus

    question = "贵州去年接待了多少外国人？"
    # No thesaurus row bridges 外国人 to 入境游客: the answer must come from retrieval and the
    # answerability judge, not from vocabulary written for this question.
    assert default_thesaurus().expand(question) == []
    assert default_synonyms().variants(question) == []
    a = ask(corpus, question)
    assert a["answerable"], a["answer"]
    assert "47.6万人次" in a["answer"] and {c["place"] for c in cited(a)} == {"贵州省"}


def test_who_delivered_a_report_comes_from_its_title_page(corpus: httpx.Client) -> None:
    a = ask(corpus, "云南省政府工作报告是谁作的？")
    # the speaker, not the opening sentence "我代表省人民政府，向大会报告政府工作"
    assert a["answerable"] and "赵六" in a["answer"] and "我代表" not in a["answer"]


def test_the_quoted_passage_is_the_first_citation(corpus: httpx.Client) -> None:
    a = ask(corpus, "2025年贵州地区生产总值是多少？")
    assert a["answer"].rstrip("。").endswith("[1]")
    assert "22876.4" in a["citations"][0]["text"]


def test_a_city_no_report_is_about_or_mentions_is_refused(corpus: httpx.Client) -> None:
    a = ask(corpus, "武汉的地铁有多长？")
    assert not a["answerable"] and "武汉" in a["answer"] and "现有报告" in a["answer"]


def test_a_report_named_by_a_year_that_is_not_stored_is_refused(corpus: httpx.Client) -> None:
    a = ask(corpus, "2023年云南省政府工作报告提出的地区生产总值增长目标是多少？")
    assert not a["answerable"] and "5%" not in a["answer"]
    # the stored year's report answers the same question
    b = ask(corpus, "2026年云南省政府工作报告提出的地区生产总值增长目标是多少？")
    assert b["answerable"] and "5%" in b["answer"]


def test_a_quarter_no_report_states_is_refused(corpus: httpx.Client) -> None:
    a = ask(corpus, "云南2025年一季度地区生产总值增长多少？")
    assert not a["answerable"] and "4.7%" not in a["answer"]


def test_a_province_by_its_one_character_name_before_a_year(corpus: httpx.Client) -> None:
    a = ask(corpus, "滇2025年粮食产量多少？")
    assert a["answerable"] and "2011.3万吨" in a["answer"]
    assert "云南省" in a["rewritten_question"]  # the question shown back names the place in full
    b = ask(corpus, "2025年滇、黔两省地区生产总值分别是多少？")
    assert "31234.5亿元" in b["answer"] and "22876.4亿元" in b["answer"]
