"""Which years a resident's question asks about, and why a figure is so.

"今年打算…" asks the report's plan, "去年…" its review, "过去五年…" the five years it looks back
on (also when the question names the report by its year: "2026年报告说过去五年…"). A why asked
after a figure ("为什么比去年低？") asks the reason the report gives next to that figure, or is told
it gives none. The report and the questions are written here (宁川市), not taken from a question set.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_followup import converse

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import states_cause
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.index.embedders import Embedder

REPORT = """\
2026年宁川市政府工作报告
——2026年1月15日在宁川市第十六届人民代表大会第六次会议上
宁川市市长 周明
各位代表：
现在，我代表市人民政府，向大会报告政府工作，请予审议。
一、2025年和“十四五”时期工作回顾
过去一年，全市地区生产总值达到1860亿元，增长5.6%。新建改建农村公路320公里，城镇新增就业4.1万人。
五年来，我们坚持教育优先，新建改扩建中小学46所，新建改建农村公路1650公里，城镇新增就业19.8万人。
二、2026年工作安排
今年全市经济社会发展主要预期目标是：地区生产总值增长5%左右；城镇新增就业4万人以上；城乡居民人均可支配收入分别增长4.5%、6%左右。
考虑到财政收入恢复增长和专项债券到期偿还高峰已过，今年财政赤字率拟按2.6%左右安排，比去年有所下调。
（一）建设宜居乡村
新建改建农村公路280公里，改造农村危房1200户。
（二）办好民生实事
新建改扩建中小学12所，新增学位1.5万个。
今年计划新建保障性住房3000套，比去年增加500套。其中，公租房1200套，保障性租赁住房1800套。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "ningchuan-2026-gzbg.txt", REPORT)


def ask_after(answerer: ReportAnswerer, first: str, second: str) -> str:
    a = answerer.ask(first)
    return answerer.ask(second, [Turn("user", first), Turn("assistant", a.answer)]).answer


# --- which years -------------------------------------------------------------------------------


def test_the_five_years_a_report_named_by_its_year_looks_back_on(answerer: ReportAnswerer) -> None:
    a = answerer.ask("宁川2026年报告说过去五年新建了多少所中小学？")
    assert a.answerable and "46所" in a.answer and "12所" not in a.answer
    b = answerer.ask("2026年的报告里五年来农村公路修了多少公里？")
    assert b.answerable and "1650公里" in b.answer and "280公里" not in b.answer


def test_a_report_named_by_its_year_alone_still_asks_its_own_year(answerer: ReportAnswerer) -> None:
    a = answerer.ask("宁川2026年报告说今年新建改扩建多少所中小学？")
    assert a.answerable and "12所" in a.answer and "46所" not in a.answer


def test_this_years_plan_and_last_years_result_in_residents_words(answerer: ReportAnswerer) -> None:
    a = answerer.ask("宁川今年打算修多少公里农村公路？")
    assert a.answerable and "280公里" in a.answer and "1650公里" not in a.answer
    b = answerer.ask("宁川去年修了多少公里农村公路？")
    assert b.answerable and "320公里" in b.answer and "280公里" not in b.answer


# --- words that are no key terms -----------------------------------------------------------------


def test_a_plan_word_is_no_key_term_even_as_a_thesaurus_alias() -> None:
    # a thesaurus row that serves retrieval ("打算" => 工作安排) must not make 打算 a word the
    # quote has to contain: reports state plans as "新建…", never with the resident's 打算
    analyzer = QuestionAnalyzer(MappingSynonyms({"工作安排": ["打算", "接下来"]}))
    for q in ("宁川市今年打算新建多少所学校？", "宁川市接下来要新建多少所学校？"):
        terms = [t.text for t in analyzer.analyze(q).terms]
        assert "学校" in terms and "打算" not in terms and "接下来" not in terms


def test_a_span_a_resident_names_is_read_as_years_not_as_key_terms() -> None:
    # "过去五年" is read into spans_years; the review's sentences rarely repeat it
    frame = QuestionAnalyzer(MappingSynonyms({})).analyze("宁川市过去五年新建了多少所中小学？")
    terms = [t.text for t in frame.terms]
    assert frame.spans_years and "中小学" in terms and "过去" not in terms and "五年" not in terms


@pytest.mark.parametrize(
    ("question", "kept", "dropped"),
    [
        ("宁川市城镇和农村居民的收入各要增长多少？", "收入", "各要"),
        ("宁川市给老人看病的那份保险每人补助多少钱？", "保险", "那份"),
    ],
)
def test_words_joined_from_pointing_and_function_words_are_no_key_terms(
    question: str, kept: str, dropped: str
) -> None:
    terms = [t.text for t in QuestionAnalyzer(MappingSynonyms({})).analyze(question).terms]
    assert kept in terms and dropped not in terms


# --- why a figure is so ---------------------------------------------------------------------------


def test_a_why_after_a_figure_asks_why_that_figure_is_so() -> None:
    turns = converse("2023年秦淮区财政赤字率是多少？", "为什么比去年低？")
    assert turns[1] == "2023年秦淮区财政赤字率为什么低？"
    turns = converse("2023年秦淮区城镇新增就业多少人？", "为什么比2022年少？")
    assert turns[1] == "2023年秦淮区城镇新增就业为什么少？"


def test_a_why_of_its_own_keeps_its_own_words() -> None:
    turns = converse("2023年秦淮区财政赤字率是多少？", "2023年秦淮区为什么新建养老院？")
    assert turns[1] == "2023年秦淮区为什么新建养老院？"


def test_a_why_is_answered_with_the_reason_given_by_the_figure(answerer: ReportAnswerer) -> None:
    answer = ask_after(answerer, "宁川2026年财政赤字率定在多少？", "为什么比去年低？")
    assert "专项债券到期偿还高峰已过" in answer and "没有说明原因" not in answer


def test_how_a_report_gives_the_reasons_for_a_target_is_a_reason() -> None:
    assert states_cause("经济增长预期目标6%左右，考虑了稳就业的需要，也有利于稳定预期。")
    assert states_cause("主要考虑：一是战略机遇叠加，二是经济大省责任。")
    # "因地制宜", "因城施策" say how, not why: a quote with them is no reason given
    assert not states_cause("因地制宜发展新质生产力，坚持因城施策、因势利导。")
    assert not states_cause("综合各方面因素，建议今年地区生产总值增长5%左右。")
    assert states_cause("受多重因素影响，工业投资有所回落。")


def test_a_part_asked_is_named_by_the_whole_before_it(answerer: ReportAnswerer) -> None:
    # "其中，公租房1200套" does not say again how the whole was planned ("计划新建…3000套")
    answer = answerer.ask("宁川2026年计划新建多少套公租房？").answer
    assert "1200套" in answer and "3000套" not in answer
    answer = ask_after(answerer, "宁川2026年计划新建多少套保障性住房？", "其中公租房呢？")
    assert "1200套" in answer
    # the whole asked is still the whole's figure, not a part's
    assert "3000套" in answerer.ask("宁川2026年计划新建多少套保障性住房？").answer


def test_a_why_the_report_gives_no_reason_for_is_told_so(answerer: ReportAnswerer) -> None:
    answer = ask_after(answerer, "宁川2026年要新建改建多少公里农村公路？", "为什么这么多？")
    assert "报告没有说明原因" in answer and "280公里" in answer


# --- a question that asks several figures at once ---------------------------------------------


def test_the_four_budgets_asked_at_once_are_four_parts() -> None:
    frame = QuestionAnalyzer(MappingSynonyms({})).analyze("宁川市2026年全市四本预算支出分别是多少？")
    asked = [p.question for p in frame.parts]
    assert len(asked) == 4 and all("2026年" in q and "支出" in q for q in asked)
    for book in ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算"):
        assert sum(book in q for q in asked) == 1


def test_a_target_and_another_years_outcome_joined_by_and_are_two_parts() -> None:
    analyzer = QuestionAnalyzer(MappingSynonyms({}))
    for q in (
        "宁川市2026年GDP增长目标和2025年实际增速分别是多少？",
        "宁川市2026年GDP目标和2025年实际增长各是多少",
    ):
        target, outcome = analyzer.analyze(q).parts
        assert target.years == (2026,) and target.wants_plan
        # the outcome asks the first part's indicator, not its target ("实际增速": how it is asked)
        assert outcome.years == (2025,) and not outcome.wants_plan
        assert {t.text for t in outcome.terms} >= {"GDP"} and "目标" not in {t.text for t in outcome.terms}


def test_two_standards_each_raised_to_a_figure_are_two_parts() -> None:
    q = "宁川市2025年基本公共卫生服务人均补助和城乡居民医保人均财政补助分别提高到多少？"
    parts = QuestionAnalyzer(MappingSynonyms({})).analyze(q).parts
    assert len(parts) == 2
    assert "基本公共卫生" in parts[0].question and "城乡居民医保" in parts[1].question


def test_town_and_country_asked_apart_are_answered_by_the_sentence_on_both(answerer: ReportAnswerer) -> None:
    a = answerer.ask("宁川今年城里和农村居民的收入各要增长多少？")
    assert a.answerable and "4.5%、6%左右" in a.answer
