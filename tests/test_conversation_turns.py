"""Follow-up wordings over a real socket: each turn overrides exactly the slots it names (place,
year, indicator, fiscal level, plan or result) and keeps the others; the state is the earlier user
turns replayed, as a chat client sends them.

The corpus is written here: two provincial work reports of January 2026 (each reviews 2025 and
plans 2026) and two cities' budget reports (全市 and 市本级 figures, 2025 outturn and 2026 plan),
with figures no real report has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from service_fixtures import LiveServer, cited_docs, converse, serve_reports

from wenbao.index.embedders import Embedder


def _work_report(province: str, governor: str, facts: str, plans: str) -> str:
    return (
        f"{province[:2]}省政府工作报告\n——2026年1月20日在{province}第十四届人民代表大会第五次会议上\n\n"
        f"{province}省长 {governor}\n\n各位代表：\n\n"
        "现在，我代表省人民政府，向大会报告政府工作，请予审议。\n\n"
        f"一、2025年和“十四五”时期工作回顾\n\n过去一年，{facts}\n\n"
        f"二、2026年工作安排\n\n{plans}\n\n"
        "三、加强政府自身建设\n\n我们将坚持依法行政，建设人民满意的服务型政府。\n"
    )


def _budget_report(city: str, director: str, done: str, own_done: str, plan: str, own_plan: str) -> str:
    return (
        f"关于{city}2025年预算执行情况和2026年预算草案的报告\n"
        f"——2026年1月16日在{city}第九届人民代表大会第五次会议上\n{city}财政局局长 {director}\n\n"
        "各位代表：\n受市人民政府委托，现将2025年预算执行情况和2026年预算草案提请大会审议。\n\n"
        f"一、2025年预算执行情况\n\n{done}\n{own_done}\n\n"
        f"二、2026年预算草案\n\n{plan}\n{own_plan}\n\n"
        "三、做好2026年财政工作\n\n我们将严格预算管理，兜牢基层“三保”底线。\n以上报告，请予审议。\n"
    )


REPORTS = {
    "hunan-2026-gzbg.txt": _work_report(
        "湖南省",
        "李青山",
        "全省地区生产总值达到53816亿元、增长5.4%；城镇新增就业75.3万人。"
        "“十四五”时期，全省城镇新增就业累计382万人。长沙、株洲、湘潭融城发展加快推进。",
        "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业70万人以上。",
    ),
    "hubei-2026-gzbg.txt": _work_report(
        "湖北省",
        "王若水",
        "全省地区生产总值达到61208亿元、增长6.1%；城镇新增就业92.6万人。"
        "“十四五”时期，全省城镇新增就业累计455万人。",
        "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；城镇新增就业85万人以上。",
    ),
    "yueyang-2026-ysbg.txt": _budget_report(
        "岳阳市",
        "周明",
        "2025年全市完成地方一般公共预算收入180.52亿元，增长3.1%。全市完成一般公共预算支出420.36亿元。",
        "市本级完成地方一般公共预算收入61.27亿元，增长2.4%。市本级完成一般公共预算支出95.18亿元。",
        "2026年全市地方一般公共预算收入安排186.3亿元，增长3.2%。全市一般公共预算支出安排428.9亿元。",
        "市本级地方一般公共预算收入安排63.05亿元，增长2.9%。市本级一般公共预算支出安排97.44亿元。",
    ),
    "xiangyang-2026-ysbg.txt": _budget_report(
        "襄阳市",
        "吴刚",
        "2025年全市完成地方一般公共预算收入250.4亿元，增长4%。全市完成一般公共预算支出510.7亿元。",
        "市本级完成地方一般公共预算收入70.8亿元，增长3.6%。市本级完成一般公共预算支出120.6亿元。",
        "2026年全市地方一般公共预算收入安排258.9亿元，增长3.4%。全市一般公共预算支出安排515.2亿元。",
        "市本级地方一般公共预算收入安排73.1亿元，增长3.2%。市本级一般公共预算支出安排125.3亿元。",
    ),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> Iterator[LiveServer]:
    live = serve_reports(tmp_path_factory, shared_e5, REPORTS, "conversation-turns")
    yield live
    live.stop()


@pytest.mark.parametrize(
    "turn", ["再看看湖北", "湖北那边呢？", "湖北怎么样？", "换成湖北", "换个省，湖北", "要是看湖北"]
)
def test_a_place_in_any_wording_replaces_the_place(server: LiveServer, turn: str) -> None:
    body = converse(server, "湖南2025年城镇新增就业多少人？", turn)
    assert "92.6万人" in body["answer"] and "75.3万人" not in body["answer"]
    assert cited_docs(body) == {"hubei-2026-gzbg"}


@pytest.mark.parametrize(
    "turns", [("湖北呢，谁更多？",), ("湖北的呢？", "差多少？"), ("跟湖北相比哪个多？",)]
)
def test_a_comparison_gives_both_figures_each_cited(server: LiveServer, turns: tuple[str, ...]) -> None:
    body = converse(server, "湖南2025年城镇新增就业多少人？", *turns)
    assert "75.3万人" in body["answer"] and "92.6万人" in body["answer"]
    assert cited_docs(body) == {"hunan-2026-gzbg", "hubei-2026-gzbg"}
    assert "湖北省较" in body["answer"]  # the higher one named: the units match


def test_the_plan_of_a_result_asked_before(server: LiveServer) -> None:
    body = converse(server, "湖南2025年地区生产总值增长了多少？", "目标呢？")
    assert "5.5%左右" in body["answer"]
    assert "湖南" in body["rewritten_question"] and "地区生产总值" in body["rewritten_question"]


def test_the_result_of_a_target_asked_before(server: LiveServer) -> None:
    body = converse(server, "湖北2026年城镇新增就业目标是多少？", "去年完成得怎么样？")
    assert "92.6万人" in body["answer"] and "85万人" not in body["answer"]
    assert body["rewritten_question"].startswith("2025年湖北省")


def test_a_five_year_span_replaces_the_year(server: LiveServer) -> None:
    body = converse(server, "湖南2026年城镇新增就业目标是多少？", "“十四五”期间累计呢？")
    assert "382万人" in body["answer"]


@pytest.mark.parametrize("turn", ["光算市里自己的", "那市本级呢？", "只算市本级呢"])
def test_a_budget_turn_changes_only_the_level(server: LiveServer, turn: str) -> None:
    body = converse(server, "岳阳2025年全市地方一般公共预算收入完成多少？", turn)
    assert "61.27亿元" in body["answer"] and "180.52亿元" not in body["answer"]


def test_the_whole_place_after_its_own_level(server: LiveServer) -> None:
    body = converse(server, "岳阳2025年市本级地方一般公共预算收入完成多少？", "全市加起来呢？")
    assert "180.52亿元" in body["answer"]


@pytest.mark.parametrize("turn", ["明年打算安排多少？", "今年预算呢？"])
def test_the_budget_plan_after_the_outturn(server: LiveServer, turn: str) -> None:
    body = converse(server, "岳阳2025年全市地方一般公共预算收入完成多少？", turn)
    assert "186.3亿元" in body["answer"]
    assert body["rewritten_question"].startswith(("2026年岳阳市", "今年岳阳市"))


def test_spending_in_everyday_words_is_the_counterpart(server: LiveServer) -> None:
    body = converse(server, "岳阳2025年全市地方一般公共预算收入完成多少？", "花了多少？")
    assert "420.36亿元" in body["answer"]


def test_a_level_and_a_year_in_one_turn(server: LiveServer) -> None:
    body = converse(server, "岳阳2025年全市地方一般公共预算收入完成多少？", "光算市本级，2026年呢？")
    assert "63.05亿元" in body["answer"]


def test_turns_that_name_nothing_new_keep_every_carried_slot(server: LiveServer) -> None:
    # the level, place and year asked first stay through a new indicator, another place and a
    # turn that names nothing at all
    body = converse(server, "襄阳2025年市本级地方一般公共预算收入完成多少？", "支出呢？")
    assert "120.6亿元" in body["answer"] and "510.7亿元" not in body["answer"]
    body = converse(server, "襄阳2025年市本级地方一般公共预算收入完成多少？", "支出呢？", "多少？")
    rewritten = body["rewritten_question"]
    assert "120.6亿元" in body["answer"]
    assert "襄阳" in rewritten and "2025年" in rewritten and "市本级" in rewritten
    body = converse(server, "岳阳2025年市本级地方一般公共预算收入完成多少？", "襄阳呢？")
    assert "70.8亿元" in body["answer"] and "250.4亿元" not in body["answer"]


def test_the_year_before_in_other_words_keeps_place_and_indicator(server: LiveServer) -> None:
    body = converse(server, "湖北2026年城镇新增就业目标", "上一年度呢")
    assert "92.6万人" in body["answer"] and cited_docs(body) == {"hubei-2026-gzbg"}


def test_a_place_switched_in_other_words_then_its_target(server: LiveServer) -> None:
    body = converse(server, "湘2025年地区生产总值增长多少", "换个省，湖北", "那今年的目标")
    assert "6%左右" in body["answer"] and cited_docs(body) == {"hubei-2026-gzbg"}


def test_a_correction_asks_again_of_the_place_meant(server: LiveServer) -> None:
    body = converse(server, "湖南2025年城镇新增就业多少人？", "不对，我问的是湖北")
    assert "92.6万人" in body["answer"] and cited_docs(body) == {"hubei-2026-gzbg"}


def test_a_city_no_report_is_of_is_refused_not_answered_for_its_province(server: LiveServer) -> None:
    # (the report names 长沙 in passing: a quote of that sentence is no answer)
    body = converse(server, "湖南2025年地区生产总值是多少？", "那长沙呢")
    assert body["answerable"] is False and "53816亿元" not in body["answer"] and "融城" not in body["answer"]
