"""Lists written the ways other reports write them, and questions about a five-year stretch, over a
county's work report this test writes (清河县, 2026).

An appendix numbers its items as paragraphs ("一、…" each followed by a paragraph about it, or "1．…"
straight under the heading); the year's part lists its work under sub-headings that the question
names in other words ("重点工作" for "工作安排"); the review gives one figure for the last year and
another for the five years. A list question gets the items in order, an ordinal the item asked, a
five-year question the five years' figure and a one-year question the year's.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2026年清河县政府工作报告
——2026年1月12日在清河县第十八届人民代表大会第五次会议上
清河县县长 李华
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议。
一、2025年和“十四五”时期工作回顾
过去一年，“十四五”圆满收官，全县地区生产总值达到420亿元，增长5.8%。城镇新增就业1.2万人，农村居民人均可支配收入增长6.6%。
县域主导产业持续壮大［1］。
五年来，我们坚持民生优先，城镇新增就业5.9万人，农村居民人均可支配收入年均增长7.1%，新建学校14所。
地区生产总值从310亿元提高到420亿元，常住人口城镇化率由48.2%提高到55.6%。
二、“十五五”时期主要目标任务
“十五五”时期，我们将着力推进以下工作。一是聚焦产业升级，建设现代产业体系。二是聚焦城乡融合，建设宜居乡村。三是聚焦民生改善，提高公共服务水平。
《纲要草案》明确了今后五年经济社会发展的主要目标任务，概述如下：
——着力壮大县域经济，建设现代产业体系。
产业结构持续优化，保持经济平稳健康发展。
——推进城乡融合发展，建设宜居宜业和美乡村。
——增进民生福祉，办好群众身边事。
“十五五”时期，必须做到“三个坚持”：
坚持产业强县，壮大县域经济。
推动纺织、食品加工向高端延伸，建设省级特色产业园区。
坚持生态立县，守护清河碧水。
全面落实河湖长制，推进全域污水收集处理。
坚持民生兴县，办好民生实事。
让教育、医疗、养老服务更加均衡可及。
三、2026年工作安排
今年全县经济社会发展主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业1.1万人以上；居民消费价格涨幅2%左右。
2026年预算编制按照“统筹兼顾、厉行节约”的总体思路安排。遵循的基本原则是：
一是以稳中求进为核心，坚持尽力而为、量力而行，统筹发展和安全，把有限的财力用在发展紧要处和民生急需上。二是以过紧日子为常态，严控一般性支出。三是以绩效管理为抓手，强化绩效结果运用。
（一）做强县域特色产业
推进纺织、食品加工产业提档升级，新增规模以上工业企业25家。
（二）建设宜居美丽乡村
完成农村人居环境整治村庄60个，新改建农村公路150公里。
（三）办好群众关心的民生事
推进学校、医院、养老机构建设，新增养老床位600张。
（四）聚焦社会保障，惠民生增福祉。一是持续提升就业服务水平。开展职业技能培训5000人次。二是持续提升医疗保障水平。城乡居民医保参保率稳定在95%以上。三是持续提升养老服务水平。建成村级互助养老点40个。
附件
2026年县十件民生实事
县政府将集中力量办好以下民生实事。
一、新建城区第二幼儿园。
新增学前教育学位540个，秋季学期投入使用。
二、改造老旧小区20个。
加装电梯30部，惠及居民2600户。
三、建设乡镇卫生院发热门诊8个。
提升基层医疗服务能力。
［1］县域主导产业：纺织服装、食品加工、现代物流。
附件2
2026年县重点建设项目
1．清河大桥建设工程，总投资6.8亿元。
2．县人民医院新院区工程，总投资4.2亿元。
3．城北污水处理厂扩建工程，总投资1.5亿元。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qinghe-2026-gzbg.txt", REPORT)


# --- numbered paragraphs -----------------------------------------------------------------------


def test_numbered_paragraphs_with_a_paragraph_about_each_are_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年十件民生实事有哪些？")
    assert a.answerable
    assert _in_order(a.answer, ["新建城区第二幼儿园", "改造老旧小区20个", "建设乡镇卫生院发热门诊8个"])
    assert "加装电梯30部" not in a.answer  # what an item says about itself is not another item


def test_an_ordinal_counts_numbered_paragraphs_not_the_paragraphs_between(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年民生实事的第二件是什么？")
    assert a.answerable and "改造老旧小区20个" in a.answer
    assert "幼儿园" not in a.answer and "发热门诊" not in a.answer


def test_numbered_paragraphs_right_under_their_heading(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年县重点建设项目有哪些？")
    assert a.answerable
    assert _in_order(a.answer, ["清河大桥建设工程", "县人民医院新院区工程", "城北污水处理厂扩建工程"])


# --- the year's work, named in other words -----------------------------------------------------


def test_an_ordinal_of_the_years_work_named_in_other_words(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年重点工作的第二项是什么？")
    assert a.answerable and "建设宜居美丽乡村" in a.answer
    assert "做强县域特色产业" not in a.answer and "办好群众关心的民生事" not in a.answer


def test_an_ordinal_with_no_key_term_counts_in_the_years_part(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年主要工作的第三项是什么？")
    assert a.answerable and "办好群众关心的民生事" in a.answer
    assert "建设宜居美丽乡村" not in a.answer


# --- five years or one year --------------------------------------------------------------------


def test_a_five_year_question_gets_the_five_years_figure(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县“十四五”期间城镇新增就业多少人？")
    assert a.answerable and "5.9万人" in a.answer and "1.2万人" not in a.answer
    b = answerer.ask("过去五年清河县城镇新增就业多少人？")
    assert b.answerable and "5.9万人" in b.answer and "1.2万人" not in b.answer


def test_a_one_year_question_gets_that_years_figure(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2025年城镇新增就业多少人？")
    assert a.answerable and "1.2万人" in a.answer and "5.9万人" not in a.answer
    b = answerer.ask("清河县2026年城镇新增就业目标是多少？")
    assert b.answerable and "1.1万人以上" in b.answer and "5.9万人" not in b.answer


# --- other ways a list is written or asked for ---------------------------------------------------


def test_one_sentence_paragraphs_opening_alike_after_a_colon_are_the_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县“十五五”时期要做到的“三个坚持”都有啥？")
    assert a.answerable
    assert _in_order(a.answer, ["坚持产业强县", "坚持生态立县", "坚持民生兴县"])
    assert "全域污水收集处理" not in a.answer  # the paragraph about an item is not an item


def test_a_count_and_a_plain_what_ask_for_the_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县“十五五”的三个“坚持”是啥")
    assert a.answerable and _in_order(a.answer, ["坚持产业强县", "坚持生态立县", "坚持民生兴县"])


def test_the_first_few_items_are_the_list_from_its_start(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年十件民生实事，头两件分别是什么")
    assert a.answerable and _in_order(a.answer, ["新建城区第二幼儿园", "改造老旧小区20个"])
    assert "发热门诊" not in a.answer
    b = answerer.ask("清河县2026年的民生实事，头几件是什么")
    assert b.answerable and _in_order(b.answer, ["新建城区第二幼儿园", "改造老旧小区20个", "发热门诊"])


def test_a_note_that_lists_with_enumeration_commas(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县的县域主导产业是哪几个？")
    assert a.answerable and _in_order(a.answer, ["纺织服装", "食品加工", "现代物流"])


def test_words_every_item_says_name_the_list(answerer: ReportAnswerer) -> None:
    """ "哪几个方面“聚焦”": the announcing sentence need not repeat the word the items share."""
    a = answerer.ask("清河县“十五五”时期要在哪几个方面“聚焦”？")
    assert a.answerable
    assert _in_order(a.answer, ["聚焦产业升级", "聚焦城乡融合", "聚焦民生改善"])


def test_a_dash_item_may_run_on_over_a_paragraph(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县“十五五”纲要草案的主要目标任务有哪些")
    assert a.answerable
    assert _in_order(a.answer, ["着力壮大县域经济", "推进城乡融合发展", "增进民生福祉"])


def test_items_announced_at_the_end_of_the_paragraph_above(answerer: ReportAnswerer) -> None:
    """ "…2026年预算编制按照…安排。遵循的基本原则是：" ¶ "一是…": what they are of is said in the
    sentence before the announcing one."""
    a = answerer.ask("清河县2026年预算编制把握哪些基本原则")
    assert a.answerable
    assert _in_order(a.answer, ["以稳中求进为核心", "以过紧日子为常态", "以绩效管理为抓手"])


def test_items_that_open_their_section_are_announced_by_its_heading(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年在社会保障上要“持续提升”哪几个水平")
    assert a.answerable
    assert _in_order(a.answer, ["持续提升就业服务水平", "持续提升医疗保障水平", "持续提升养老服务水平"])


def test_from_what_to_what_gets_the_start_and_the_end(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县“十四五”期间地区生产总值从多少涨到了多少")
    assert a.answerable and _in_order(a.answer, ["310亿元", "420亿元"])
    assert "5.8%" not in a.answer  # the last year's growth is not where the five years started
    b = answerer.ask("“十四五”时期清河县城镇化率由多少提高到多少？")
    assert b.answerable and _in_order(b.answer, ["48.2%", "55.6%"])


def test_a_word_inside_a_longer_term_does_not_name_the_years_work(answerer: ReportAnswerer) -> None:
    """ "找工作" holds 工作, as "工作安排" does; the question is about jobs, not the year's work."""
    a = answerer.ask("清河县2026年大学生毕业找工作有什么安排？")
    assert "做强县域特色产业" not in a.answer and "建设宜居美丽乡村" not in a.answer


def test_which_item_stands_in_a_named_place(answerer: ReportAnswerer) -> None:
    a = answerer.ask("清河县2026年重点工作里排第二的是哪项？")
    assert a.answerable and "建设宜居美丽乡村" in a.answer
    assert "做强县域特色产业" not in a.answer
