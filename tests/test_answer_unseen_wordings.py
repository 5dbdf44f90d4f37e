"""Ways residents word questions on reports the rules were not fitted on, over a provincial and a
national work report this test writes (2031):

- a five-year review states a yearly average as what came "每年" ("城镇新增就业每年超过50万人"): it
  answers "平均每年…多少" as "年均" does ("每人每年600元" is a standard, not an average);
- "亩产" is how people say a crop's 单产;
- "今年目标多少？去年完成多少？": the quote that answered this year's part does not answer last year's,
  and a part asked by its measure word alone ("完成了多少项") counts what the first part counts;
- "国家" is the national report's place word, but before a noun it opens a name ("创建国家公园"): the
  name stays a word of what is asked, not a place left out of the question.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import _states_average
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder

PROVINCE = """\
2031年岭州省政府工作报告
——2031年1月20日在岭州省第十六届人民代表大会第二次会议上
岭州省省长 周川
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、“十五五”时期和2030年工作回顾
“十五五”时期，全省经济总量迈上新台阶。千方百计促进就业，城镇新增就业每年超过50万人，零就业家庭动态清零。建设高标准农田900万亩。
刚刚过去的2030年，全省地区生产总值增长5.1%，城镇新增就业52万人。粮食总产310亿斤、增长1.2%，油料产量80万吨。全年12项民生实事全部完成。
推广良种良法，实施大面积单产提升行动，全省粮食单产达到905斤。
二、2031年重点工作
今年城镇新增就业48万人以上。城乡居民基础养老金每人每年提高600元。新建普通高中12所。今年将继续办好8项民生实事。
"""

NATIONAL = """\
2031年国务院政府工作报告
——2031年3月6日在第十六届全国人民代表大会第二次会议上
国务院总理 林远
现在，我代表国务院，向大会报告政府工作，请审议，并请全国政协委员提出意见。
一、过去一年的工作
2030年，国内生产总值增长4.7%，粮食产量1.4万亿斤。
二、2031年政府工作任务
（一）繁荣文化事业
实施文化遗产保护传承工程，加快建设长城国家文化公园、大运河国家文化公园，支持有条件的地区创建国家文物保护利用示范区、国家考古遗址公园。
（二）加强生态保护
推进生物多样性保护，加强重点流域治理，完成造林4000万亩、种草改良5000万亩，支持祁连山创建国家公园。
"""


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "lingzhou-2031-gzbg.txt", PROVINCE)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2031-gzbg.txt", NATIONAL)


# --- "每年" in a review of several years is a yearly average ----------------------------------------


@pytest.mark.parametrize(
    "question",
    ["岭州“十五五”期间平均每年城镇新增就业多少人？", "“十五五”时期岭州年均城镇新增就业多少人"],
)
def test_each_years_figure_of_a_review_answers_a_yearly_average(
    province: ReportAnswerer, question: str
) -> None:
    a = province.ask(question)
    assert a.answerable and "50万人" in a.answer, a.answer
    assert "52万人" not in a.answer  # the review year's own figure is not the average


def test_what_states_a_yearly_average() -> None:
    assert _states_average("城镇新增就业每年超过50万人")
    assert _states_average("地区生产总值年均增长5.5%")
    assert not _states_average("城乡居民基础养老金每人每年提高600元")  # a standard per head
    assert not _states_average("每年举办一次博览会，城镇新增就业52万人")  # no figure after 每年


# --- 亩产 is 单产 ---------------------------------------------------------------------------------------


def test_yield_per_mu_is_asked_as_the_reports_unit_yield(province: ReportAnswerer) -> None:
    a = province.ask("岭州2030年粮食总产多少、亩产多少？")
    assert a.answerable
    assert "310亿斤" in a.answer and "905斤" in a.answer, a.answer


# --- this year's target and last year's result, asked together -------------------------------------


@pytest.mark.parametrize(
    ("question", "this_year", "last_year"),
    [
        ("岭州2031年城镇新增就业目标多少？去年完成多少？", "48万人", "52万人"),
        ("岭州2031年要办多少项民生实事？去年完成了多少项？", "8项", "12项"),
    ],
)
def test_last_years_part_is_answered_by_its_own_quote(
    province: ReportAnswerer, question: str, this_year: str, last_year: str
) -> None:
    a = province.ask(question)
    assert a.answerable and this_year in a.answer and last_year in a.answer, a.answer


# --- "国家" opening a name ------------------------------------------------------------------------------

HOME = ("中华人民共和国", "全国", "国家", "中国", "岭州省", "岭州")


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("岭州2031年支持哪里创建国家公园？", "国家"),
        ("2031年国家高新区有几个", "国家"),
    ],
)
def test_state_word_opening_a_name_stays_a_key_term(question: str, kept: str) -> None:
    terms = [t.text for t in QuestionAnalyzer(home_places=HOME).analyze(question).terms]
    assert kept in terms, terms
    assert "岭州" not in terms  # the province is still the place, left out of the words


@pytest.mark.parametrize("question", ["2031年国家GDP增长多少", "国家2031年打算新增就业多少人"])
def test_state_word_standing_for_the_country_is_left_out(question: str) -> None:
    terms = [t.text for t in QuestionAnalyzer(home_places=HOME).analyze(question).terms]
    assert "国家" not in terms, terms


def test_a_name_opened_by_the_state_word_picks_its_own_sentence(national: ReportAnswerer) -> None:
    # the museum sentence has 支持, 创建, 国家 and 公园 too, scattered over other names
    a = national.ask("2031年国家支持哪里创建国家公园？")
    assert a.answerable and "祁连山" in a.answer, a.answer
