"""One place's reports of two years in one base (residents upload every year's report): which
report, and which part of it, answers a year.

The 2025 report reviews 2024 and plans 2025; the 2026 report reviews 2025 and the five years of
"十四五" (each stretch led by a sentence on the five years, "这是…的五年。") and plans 2026. The same
indicators appear for every stretch with different figures, so an answer taken from the wrong
report or part fails. The reports are written here (陕西, which the sample reports do not hold).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import ExtractiveAnswerer
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.documents import Answer, Chunk, Covers, Hit
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.ingest.pipeline import parse_bytes
from wenbao.settings import Settings

REPORT_2025 = """\
2025年陕西省政府工作报告
——2025年1月15日在陕西省第十四届人民代表大会第三次会议上
陕西省省长 周九
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2024年工作回顾
过去一年，全省生产总值增长5.3%，粮食产量达到1300万吨，城镇新增就业45万人，新建高标准农田200万亩。
二、2025年工作安排
今年经济社会发展的主要预期目标是：生产总值增长5.5%左右；城镇新增就业42万人以上；粮食产量1280万吨以上。
"""

REPORT_2026 = """\
2026年陕西省政府工作报告
——2026年1月20日在陕西省第十四届人民代表大会第四次会议上
陕西省省长 周九
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2025年和“十四五”时期工作回顾
2025年是很不平凡的一年。全省生产总值增长5.1%，粮食产量达到1320万吨，城镇新增就业47万人。
各位代表！经过五年接续奋斗，我省“十四五”顺利收官。五年来，我们有效应对各种风险挑战。
这是经济实力持续提升的五年。
全省生产总值从2.6万亿元提高到3.6万亿元，城镇新增就业累计230万人，粮食年产量稳定在1200万吨以上。
这是生态环境持续改善的五年。
全省森林覆盖率提高到46%，新增造林面积1500万亩。
二、2026年工作安排
今年经济社会发展的主要预期目标是：生产总值增长5%左右；城镇新增就业43万人以上；粮食产量1290万吨以上。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    folder: Path = tmp_path_factory.mktemp("shaanxi")
    names = {"shaanxi-2025-gzbg.txt": REPORT_2025, "shaanxi-2026-gzbg.txt": REPORT_2026}
    for name, text in names.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(data_dir=folder / "data")
    library = ReportLibrary(settings, embedder=shared_e5)
    library.ingest([folder / name for name in names])
    library.warm_up()
    return ReportAnswerer(library, settings=settings)


def converse(answerer: ReportAnswerer, *questions: str) -> Answer:
    """The answer to the last question, each asked with the earlier turns as history."""
    history: list[Turn] = []
    for q in questions:
        a = answerer.ask(q, history=history)
        history += [Turn("user", q), Turn("assistant", a.answer)]
    return a


def test_a_target_carried_to_a_year_no_stored_report_plans_asks_its_result(answerer: ReportAnswerer) -> None:
    # 2024 is only reviewed (by the 2025 report; the 2024 report is not stored): "那2024年呢" after
    # a 2025 target asks what 2024 came to, not a target no report gives
    assert "1280万吨" in converse(answerer, "陕西2025年粮食产量目标是多少？").answer
    a = converse(answerer, "陕西2025年粮食产量目标是多少？", "那2024年呢？")
    assert a.answerable and "1300万吨" in a.answer and "1280万吨" not in a.answer
    # the question shown back says what is answered: the year's figure, not its target
    assert "2024年" in a.rewritten_question and "目标" not in a.rewritten_question
    a = converse(answerer, "陕西2025年城镇新增就业目标是多少？", "去年呢？")
    assert a.answerable and "45万人" in a.answer and "42万人" not in a.answer
    assert "目标" not in a.rewritten_question


def test_a_target_carried_to_a_year_a_stored_report_plans_stays_a_target(answerer: ReportAnswerer) -> None:
    # 2025 is planned by the 2025 report and reviewed by the 2026 one: the target asked is kept
    a = converse(answerer, "陕西2026年城镇新增就业目标是多少？", "去年呢？")
    assert a.answerable and "42万人以上" in a.answer and "47万人" not in a.answer


def test_a_target_asked_outright_of_a_year_only_reviewed_is_not_answered_by_its_result(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("陕西2024年粮食产量目标是多少？")
    assert "1280万吨" not in a.answer and "1290万吨" not in a.answer


def test_a_five_year_plan_no_report_covers_is_refused(answerer: ReportAnswerer) -> None:
    # "十三五" is 2016-2020: neither report speaks of it, however well another year's figure fits
    a = answerer.ask("陕西“十三五”期间城镇新增就业一共多少人？")
    assert not a.answerable and "47万人" not in a.answer and "230万人" not in a.answer
    b = answerer.ask("陕西“十四五”期间城镇新增就业一共多少人？")
    assert b.answerable and "230万人" in b.answer


def test_figures_under_a_sentence_on_the_five_years_are_the_five_years(answerer: ReportAnswerer) -> None:
    a = answerer.ask("“十四五”期间陕西生产总值从多少增长到多少？")
    assert a.answerable and "2.6万亿元" in a.answer and "3.6万亿元" in a.answer
    b = answerer.ask("陕西2025年生产总值增长了多少？")
    assert b.answerable and "5.1%" in b.answer


@pytest.mark.parametrize(
    ("words", "five_years"),
    [
        ("全省生产总值从2.6万亿元", True),  # after "这是经济实力持续提升的五年。"
        ("全省森林覆盖率提高到46%", True),  # after the next "这是…的五年。"
        ("五年来，我们有效应对", True),  # "经过五年接续奋斗，…收官。五年来，…"
        ("全省生产总值增长5.1%", False),  # the year's own paragraph, before them
    ],
)
def test_a_sentence_on_the_five_years_leads_the_paragraphs_after_it(words: str, five_years: bool) -> None:
    doc = parse_bytes(REPORT_2026.encode(), "shaanxi-2026-gzbg.txt")
    chunk = next(c for c in doc.chunks if words in c.text)
    assert chunk.covers is not None and chunk.covers.aspect == "results"
    assert chunk.covers.years == ((2021, 2022, 2023, 2024, 2025) if five_years else (2025,))


def test_a_question_from_one_level_to_another_is_answered_by_the_levels_not_a_rate() -> None:
    # the year's rate comes first and names the indicator as well; the stretch's two levels are
    # the figures asked (a rate is not: "增长" here is how the levels moved)
    year = Chunk(
        chunk_id="year",
        doc_id="shaanxi-2026-gzbg",
        doc_title="2026年陕西省政府工作报告",
        year=2026,
        heading_path=("2025年和“十四五”时期工作回顾",),
        heading_numbers=("一、",),
        text="全省生产总值增长5.1%、总量迈上新台阶。地方一般公共预算收入增长3%。",
        start=0,
        end=40,
        covers=Covers((2025,), "full_year", "results"),
    )
    five = replace(
        year,
        chunk_id="five",
        text="全省生产总值从2.6万亿元提高到3.6万亿元，人均生产总值从6万元提高到9万元。",
        covers=Covers((2021, 2022, 2023, 2024, 2025), "multi_year", "results"),
    )
    hits = [Hit(year, 1.0, {"bm25": 1, "dense": 1}), Hit(five, 0.5, {"bm25": 2, "dense": 4})]
    analyzer = QuestionAnalyzer(home_places=("陕西省", "陕西"))
    frame = analyzer.analyze("“十四五”期间陕西生产总值从多少增长到多少？")
    extractor = ExtractiveAnswerer(dense_weight=Settings().answer_dense_weight)
    best = extractor.extract(frame, hits).best
    assert best is not None and "2.6万亿元" in best.quote and "3.6万亿元" in best.quote


@pytest.mark.parametrize(
    ("question", "target", "outcome"),
    [
        ("陕西2025年粮食产量目标是多少，实际产了多少？", "1280万吨", "1320万吨"),
        ("陕西2025年城镇新增就业计划多少，实际多少", "42万人", "47万人"),
        ("陕西2025年生产总值增长目标和实际增长分别是多少", "5.5%左右", "5.1%"),
    ],
)
def test_a_years_target_and_how_it_turned_out_are_each_answered(
    answerer: ReportAnswerer, question: str, target: str, outcome: str
) -> None:
    # the target is in the 2025 report's plan, the outcome in the 2026 report's review
    a = answerer.ask(question)
    assert a.answerable and target in a.answer and outcome in a.answer


def test_actual_is_how_a_part_asks_not_an_indicator_unless_it_names_one() -> None:
    analyzer = QuestionAnalyzer(home_places=("陕西省", "陕西"))
    parts = analyzer.analyze("陕西2025年城镇新增就业目标是多少，实际完成了多少？").parts
    assert [p.wants_plan for p in parts] == [True, False]
    assert all("新增就业" in p.topic and "实际" not in p.topic for p in parts)
    # "实际使用外资" is the indicator's own name: kept, and the next year's target stays one
    parts = analyzer.analyze("陕西2025年实际使用外资多少，2026年目标是多少").parts
    assert all("实际使用外资" in p.topic for p in parts) and parts[1].wants_plan is True


@pytest.mark.parametrize("ask", ["两年比较一下", "这两年比呢", "两年对比一下"])
def test_the_two_years_a_conversation_went_through_are_compared(answerer: ReportAnswerer, ask: str) -> None:
    a = converse(answerer, "陕西2025年粮食产量是多少？", "那2024年呢？", ask)
    assert "2025年" in a.rewritten_question and "2024年" in a.rewritten_question
    assert a.answerable and "1320万吨" in a.answer and "1300万吨" in a.answer


def test_a_five_year_question_is_not_answered_by_the_last_years_figure(answerer: ReportAnswerer) -> None:
    # the five years' part words it otherwise ("粮食年产量"); the 2025 paragraph's "粮食产量达到
    # 1320万吨" names the indicator better, but is one year's
    a = answerer.ask("陕西十四五期间粮食产量多少")
    assert "1320万吨" not in a.answer


@pytest.mark.parametrize("question", ["陕西2025年粮食产量目标完成了吗？", "陕西2025年粮食产量比目标多了多少"])
def test_whether_a_target_was_met_gives_the_target_and_the_outcome(
    answerer: ReportAnswerer, question: str
) -> None:
    a = answerer.ask(question)
    assert a.answerable and "1280万吨" in a.answer and "1320万吨" in a.answer


@pytest.mark.parametrize(
    ("ask", "said", "not_said"),
    [
        ("陕西2025年政府工作报告里，今年粮食产量目标是多少？", "1280万吨", "1290万吨"),
        ("陕西2025年的报告说去年城镇新增就业多少人？", "45万人", "47万人"),
        ("陕西2026年政府工作报告里，今年城镇新增就业目标是多少？", "43万人", "42万人"),
        # reported speech: the 今年 of what was said in 2025 is 2025
        ("陕西2025年省政府说今年粮食产量目标是多少？", "1280万吨", "1290万吨"),
    ],
)
def test_this_year_in_a_named_report_is_that_reports_year(
    answerer: ReportAnswerer, ask: str, said: str, not_said: str
) -> None:
    # "2025年政府工作报告里，今年…": the report's 今年 is the year it plans (2025), not the latest
    # stored report's; its 去年 is the year it reviews
    a = answerer.ask(ask)
    assert said in a.answer and not_said not in a.answer, a.answer
