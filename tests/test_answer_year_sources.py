"""How journalists and analysts ask about time: the report named as the source of a question
("（2026年报告）", "2026年政府工作报告里，…"), last year's result and this year's target asked
together, a five-year plan's first year, a five-year figure beside one year's, "2025年全年" of a
year a report reviews, and a figure set beside another ("比全国低了多少").

The report is written here (山西, which the sample reports do not hold): a 2026 report reviewing
2025 and the five years of "十四五", then planning 2026 and "十五五".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import _names_year, _quoted_name_missing
from wenbao.answering.figures import find_figures
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.scope import plan_year_named, without_report_source
from wenbao.answering.synonyms import default_synonyms
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

REPORT_2026 = """\
2026年山西省政府工作报告
——2026年1月22日在山西省第十四届人民代表大会第五次会议上
山西省省长 吴七
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2025年和“十四五”时期工作回顾
过去一年，全省地区生产总值增长4.6%、低于全国0.4个百分点，固定资产投资增长2.2%，规上工业增加值增长5.9%。
煤炭产量达到13亿吨，农村居民收入增速连续十二年快于城镇，“三公”经费连续9年只减不增。
五年来，我们有效应对各种风险挑战。这是经济实力持续提升的五年。
经济总量达到2.9万亿元，人均地区生产总值达到8.4万元，固定资产投资年均增长7.3%，规上工业增加值年均增长6.1%。
粮食产量连续8年稳定在290亿斤以上，基本养老保险参保率从90%提高到94%。
二、2026年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；规上工业增加值增长6%左右；固定资产投资增长4%以上。
“十五五”时期，全省地区生产总值年均增长5%左右。
展望二〇三五年，全省经济总量比二〇二〇年翻一番，人均地区生产总值达到中等发达国家水平。
注释
1.“稳岗十条”：2025年3月1日，省政府办公厅印发文件《关于进一步稳定就业岗位的若干措施》，提出稳岗返还等10条措施。
2.“晋贷通”：2024年11月8日，省财政厅发出通知，为小微企业提供融资担保。
3.“百企千村”：2025年6月9日，省农业农村厅印发文件《关于开展百企千村行动的通知》，提出企业结对帮扶村庄。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    folder: Path = tmp_path_factory.mktemp("shanxi")
    (folder / "shanxi-2026-gzbg.txt").write_text(REPORT_2026, encoding="utf-8")
    settings = Settings(data_dir=folder / "data")
    library = ReportLibrary(settings, embedder=shared_e5)
    library.ingest([folder / "shanxi-2026-gzbg.txt"])
    library.warm_up()
    return ReportAnswerer(library, settings=settings)


@pytest.fixture(scope="module")
def analyzer() -> QuestionAnalyzer:
    return QuestionAnalyzer(default_synonyms(), ())


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("农村居民收入增速连续多少年快于城镇？（2026年报告）", "农村居民收入增速连续多少年快于城镇？"),
        ("山西2026年政府工作报告里，去年GDP增长多少？", "山西去年GDP增长多少？"),
        ("按2026年山西政府工作报告，“十五五”GDP年均增长多少", "“十五五”GDP年均增长多少"),
        ("2026年报告说，煤炭产量多少？", "煤炭产量多少？"),
        ("2026年报告注释里，“两重”指什么", "“两重”指什么"),
        # the report itself is asked about: its name stays
        ("2026年山西省政府工作报告是谁作的？", "2026年山西省政府工作报告是谁作的？"),
        ("2026年报告第一部分讲什么", "2026年报告第一部分讲什么"),
        ("2026年报告中的主要目标有哪些", "2026年报告中的主要目标有哪些"),
    ],
)
def test_a_report_named_as_the_source_is_left_out_of_what_is_asked(question: str, asked: str) -> None:
    assert without_report_source(question) == asked


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("“十五五”头一年GDP目标", "2026年GDP目标"),
        ("十四五收官之年粮食产量", "2025年粮食产量"),
        ("“十三五”的第一年", "2016年"),
        ("“十五五”开局那年就业目标", "2026年就业目标"),
        ("十四五开局的那一年", "2021年"),
        ("“十五五”开局第一年", "2026年"),
        ("十三五收官那年", "2020年"),
        ("“十四五”时期粮食产量", "“十四五”时期粮食产量"),
    ],
)
def test_a_year_named_by_its_place_in_a_five_year_plan_is_that_year(text: str, written: str) -> None:
    assert plan_year_named(text) == written


def test_a_later_part_naming_no_indicator_asks_the_first_parts(analyzer: QuestionAnalyzer) -> None:
    for q in (
        "山西2025年研发投入强度是多少？2026年要达到多少？",
        "山西2025年GDP实际增长了多少？2026年定的增长目标是多少？",
        "山西2025年规上工业增加值增长多少，2026年又打算增长多少？",
    ):
        first, second = analyzer.analyze(q).parts
        assert second.years == (2026,) and second.wants_plan, q
        assert first.topic in second.topic and "实际" not in second.topic and "要" not in second.topic, q


def test_a_part_asking_its_own_time_drops_the_first_parts_span(analyzer: QuestionAnalyzer) -> None:
    span, year = analyzer.analyze("“十四五”期间山西固定资产投资年均增长多少？2025年又增长了多少？").parts
    assert span.spans_years and year.years == (2025,)
    assert "年均" not in year.topic and "十四五" not in year.topic and "又" not in year.topic
    one, five = analyzer.analyze("山西PM2.5浓度2025年一年降了多少？“十四五”五年累计降了多少？").parts
    assert one.years == (2025,) and "一年" not in one.topic
    assert five.years == () and five.spans_years and "一年" not in five.topic


def test_a_figure_set_beside_another_is_no_part_of_its_own(analyzer: QuestionAnalyzer) -> None:
    f = analyzer.analyze("山西2025年全年GDP增速是多少？比全国低了多少？")
    assert f.parts == () and f.period == "全年" and "全年" not in f.topic


def test_another_indicator_asked_with_ne_is_a_part(analyzer: QuestionAnalyzer) -> None:
    whole, per_head = analyzer.analyze("“十四五”末山西经济总量达到多少？人均GDP呢？").parts
    assert "经济总量" in whole.topic and per_head.topic == "人均GDP"
    # another time or another place after "呢" is no other indicator
    assert analyzer.analyze("2025年粮食产量是多少？那2024年呢？").parts == ()
    assert analyzer.analyze("山西2025年GDP是多少？四川呢？").parts == ()


def test_five_years_ago_is_a_span_not_words_to_find(analyzer: QuestionAnalyzer) -> None:
    f = analyzer.analyze("跟五年前比，山西基本养老保险参保率提高了几个百分点？")
    assert f.spans_years and "五年前" not in f.topic and "比" not in f.topic


def test_a_run_asked_in_other_words_is_a_run(analyzer: QuestionAnalyzer) -> None:
    assert analyzer.analyze("农村居民收入增速快于城镇已经持续多少年了？").aspect == "amount"


def test_a_fact_of_the_review_asked_of_a_report_named_as_its_source(answerer: ReportAnswerer) -> None:
    # the report's year names where to look: the review's run of years is asked, not a 2026 plan
    a = answerer.ask("山西“三公”经费只减不增已经连续多少年了？（2026年报告）")
    assert a.answerable and "9年" in a.answer, a.answer


def test_a_run_beside_an_amount_the_question_states_answers_it(answerer: ReportAnswerer) -> None:
    a = answerer.ask("山西粮食产量连续多少年稳定在290亿斤以上？")
    assert a.answerable and "连续8年" in a.answer, a.answer


def test_last_years_result_and_this_years_target_in_a_named_report(answerer: ReportAnswerer) -> None:
    a = answerer.ask("山西2026年政府工作报告里，去年规上工业增加值增长多少？今年又打算增长多少？")
    assert "5.9%" in a.answer and "6%左右" in a.answer, a.answer


def test_a_five_year_plans_first_year_is_its_plan_year(answerer: ReportAnswerer) -> None:
    a = answerer.ask("山西“十五五”头一年固定资产投资预期增长多少？")
    assert "4%以上" in a.answer and "7.3%" not in a.answer, a.answer


def test_one_years_part_is_not_answered_by_the_five_years_figure(answerer: ReportAnswerer) -> None:
    a = answerer.ask("“十四五”期间山西固定资产投资年均增长多少？2025年又增长了多少？")
    assert "7.3%" in a.answer and "2.2%" in a.answer, a.answer


def test_a_full_year_of_a_reviewed_year_is_its_result(answerer: ReportAnswerer) -> None:
    a = answerer.ask("山西2025年全年GDP增速是多少？比全国低了多少？")
    assert a.answerable and "4.6%" in a.answer and "0.4个百分点" in a.answer, a.answer


def test_a_year_written_in_chinese_numerals_is_that_year() -> None:
    assert _names_year("从党的二十大到二〇三五年，经济总量实现倍增", 2035)
    assert _names_year("到二零三零年基本建成", 2030) and not _names_year("到二〇三五年", 2030)


def test_a_step_a_comparison_is_made_per_is_no_figure() -> None:
    texts = [f.text for f in find_figures("现在国内生产总值每增长1个百分点的增量，增长6.9%")]
    assert texts == ["6.9%"]
    assert [f.text for f in find_figures("每人每月提高100元")] == ["100元"]


def test_points_asked_are_answered_by_points_or_the_two_rates(analyzer: QuestionAnalyzer) -> None:
    f = analyzer.analyze("山西基本养老保险参保率提高了几个百分点？")
    assert "points" in f.wants and "count" not in f.wants


def test_a_horizons_year_is_no_word_of_the_topic(analyzer: QuestionAnalyzer) -> None:
    f = analyzer.analyze("到2035年山西人均地区生产总值要达到什么水平？")
    assert f.years == (2035,) and f.spans_years and not f.topic.startswith("到")


def test_a_horizon_written_in_chinese_numerals_answers(answerer: ReportAnswerer) -> None:
    a = answerer.ask("到2035年山西经济总量要实现什么目标？")
    assert a.answerable and "翻一番" in a.answer, a.answer


def test_the_date_asked_of_a_quoted_name_is_its_own(answerer: ReportAnswerer) -> None:
    # two notes, each a date and a body that issued something: the one naming the quoted name
    a = answerer.ask("山西2026年政府工作报告注释里，“晋贷通”出自哪天、哪个部门印发的文件？")
    assert "2024年11月8日" in a.answer and "3月1日" not in a.answer, a.answer


def test_a_piece_without_the_quoted_name_is_another_things(analyzer: QuestionAnalyzer) -> None:
    f = analyzer.analyze("“晋贷通”是哪天提出的？")
    assert _quoted_name_missing(f, "“稳岗十条”：2025年3月1日，省政府办公厅印发")
    assert not _quoted_name_missing(f, "“晋贷通”：2024年11月8日，省财政厅发出通知")
    # a five-year plan's name is no name a passage must print
    assert not _quoted_name_missing(analyzer.analyze("“十四五”时期是从哪年开始的？"), "2021年起")


def test_a_year_compared_from_several_years_before_starts_a_span(analyzer: QuestionAnalyzer) -> None:
    f = analyzer.analyze("和2020年相比，山西2025年的经济总量是从多少增加到多少的？")
    assert f.years == (2025,) and f.spans_years and "相比" not in f.topic
    # the year before is a year's change or two years compared, as before
    g = analyzer.analyze("和2024年相比，2025年GDP多了多少")
    assert set(g.years) == {2024, 2025} and not g.spans_years


def test_a_span_from_a_base_year_is_answered_by_the_five_years_figure(answerer: ReportAnswerer) -> None:
    a = answerer.ask("和2020年相比，山西2025年基本养老保险参保率是从多少提高到多少的？")
    assert "90%" in a.answer and "94%" in a.answer, a.answer
