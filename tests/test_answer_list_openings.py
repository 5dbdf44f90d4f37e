"""Lists a report makes by the opening sentence of each paragraph, over a city's work report this
test writes (白河市, 2026).

Under a sub-heading ("（二）聚力建设美丽白河…") a report often sets its items as paragraphs that
each open with a short title and go on at once ("深化污染防治攻坚。完成清洁空气行动…"); a review
titles them with two clauses ("加快先进制造业建设，产业集群规模持续扩大。"). Those titles are the
list a resident asks for by the heading's words. An item asked by its place is told in full when
asked to ("第二个展开说说"), "还有呢" after the first items gets the rest, and an item past the
list's end ("第五项" of three) is refused with the list's count, not answered with another sentence;
so is a list asked by a count that no passage counts or spells out ("十大惠民工程").
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.index.embedders import Embedder

REPORT = """\
2026年白河市政府工作报告
——2026年1月20日在白河市第十届人民代表大会第四次会议上
白河市市长 周明
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全市地区生产总值达到1860亿元，增长5.8%。
过去一年，我们主要做了以下工作。
（一）加快现代产业建设，发展动能持续增强
加快先进制造业建设，产业集群规模持续扩大。新能源装备产业产值突破600亿元，新开工亿元以上项目45个。
加快现代服务业建设，服务功能不断完善。新增省级服务业集聚区3个，物流总额增长7%。
加快数字经济建设，数实融合步伐加快。建成5G基站2100个，数字经济核心产业增加值增长11%。
（二）持续改善民生，群众获得感不断增强
城镇新增就业4.2万人，新增养老床位650张。
二、2026年主要任务
今年要重点做好以下三个方面工作。
（一）聚力扩大有效需求，推动经济稳定增长。坚持扩大内需战略基点，增强消费和投资拉动作用。
全力提振消费。实施消费提振行动，办好白河购物节，社会消费品零售总额增长6%。
着力扩大有效投资。推进重大项目建设，全年完成投资900亿元。
稳住外贸外资基本盘。支持企业开拓多元市场，实际使用外资增长5%。
持续优化营商环境。深化“高效办成一件事”改革，新增经营主体1.5万户。
（二）聚力建设美丽白河，推动绿色低碳发展。坚持生态优先，统筹推进降碳减污扩绿。
深化污染防治攻坚。完成清洁空气行动，细颗粒物浓度下降3%。
推进碳达峰碳中和。新增光伏装机20万千瓦，淘汰落后产能30项。
拓展绿色生态空间。新增公园12座，新建绿道40公里。
（三）聚力增进民生福祉，提升群众生活品质。坚持尽力而为、量力而行。
促进高质量充分就业。城镇新增就业4万人以上。
提高养老托育服务水平。新增养老床位800张，新增托位1200个。
办好人民满意的教育。新建改扩建中小学10所。
办好10件民生实事。新建城市书房6个。改造老旧小区30个。为2000户老年人家庭实施适老化改造。
各位代表，团结奋斗是我们战胜困难的法宝。让我们凝心聚力、奋发进取。
使命在肩，初心如磐。我们要坚持干字当头，努力开创白河发展新局面。
三、全面加强政府自身建设
今年工作任务艰巨繁重，必须持续加强政府自身建设，提高政府治理效能。
（一）坚持政治引领
坚定拥护“两个确立”、坚决做到“两个维护”。
（二）坚持依法行政
自觉接受人大法律监督和政协民主监督。
（三）坚持廉洁从政
严格落实中央八项规定精神，驰而不息纠治“四风”。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "baihe-2026-gzbg.txt", REPORT)


def _listed(answerer: ReportAnswerer, question: str, items: list[str]) -> str:
    """The answer to ``question``, which names ``items`` in order."""
    answer = answerer.ask(question).answer
    assert _in_order(answer, items), answer
    return answer


def _follow(answerer: ReportAnswerer, first: str, then: str) -> str:
    history = [Turn("user", first), Turn("assistant", answerer.ask(first).answer)]
    return answerer.ask(then, history).answer


def test_paragraph_titles_under_a_heading_are_its_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("白河市2026年建设美丽白河有哪几方面任务")
    assert a.answerable
    assert _in_order(a.answer, ["深化污染防治攻坚", "推进碳达峰碳中和", "拓展绿色生态空间"]), a.answer
    assert a.answer.count("[") >= 3, a.answer  # each item cited


def test_review_titles_of_two_clauses_are_the_items(answerer: ReportAnswerer) -> None:
    titles = ["产业集群规模持续扩大", "服务功能不断完善", "数实融合步伐加快"]
    _listed(answerer, "白河市2025年现代产业建设各方面取得了什么成效", titles)


def test_closing_paragraphs_that_open_short_are_no_list(answerer: ReportAnswerer) -> None:
    tasks = _listed(
        answerer, "白河市2026年主要任务有哪些", ["聚力扩大有效需求", "聚力建设美丽白河", "聚力增进民生福祉"]
    )
    assert "使命在肩" not in tasks, tasks


def test_the_words_above_sub_headings_name_their_list(answerer: ReportAnswerer) -> None:
    _listed(
        answerer,
        "白河市2026年政府自身建设要从哪几个方面加强",
        ["坚持政治引领", "坚持依法行政", "坚持廉洁从政"],
    )


def test_an_item_asked_in_full_is_told_by_its_own_items(answerer: ReportAnswerer) -> None:
    told = _follow(answerer, "白河市2026年重点做好哪几方面工作", "第二个展开说说")
    assert _in_order(told, ["聚力建设美丽白河", "深化污染防治攻坚", "拓展绿色生态空间"]), told
    assert "聚力扩大有效需求" not in told, told


def test_a_marker_item_asked_in_full_brings_its_sentences(answerer: ReportAnswerer) -> None:
    told = _follow(answerer, "白河市2026年建设美丽白河有哪几方面任务", "第一个具体讲讲")
    assert "深化污染防治攻坚" in told and "细颗粒物浓度下降3%" in told, told
    assert "推进碳达峰碳中和" not in told, told


def test_what_else_after_the_first_items_gets_the_rest(answerer: ReportAnswerer) -> None:
    more = _follow(answerer, "白河市2026年扩大有效需求方面的前两项是什么", "还有呢")
    assert _in_order(more, ["稳住外贸外资基本盘", "持续优化营商环境"]), more
    assert "全力提振消费" not in more, more


def test_an_item_past_the_lists_end_is_refused_with_its_count(answerer: ReportAnswerer) -> None:
    a = answerer.ask("白河市2026年建设美丽白河的第五项任务是什么")
    assert not a.answerable, a.answer
    assert "共3项" in a.answer, a.answer
    last = answerer.ask("白河市2026年建设美丽白河的第三项任务是什么")
    assert last.answerable and "拓展绿色生态空间" in last.answer, last.answer


def test_a_headline_that_counts_its_items_lists_the_sentences_after_it(answerer: ReportAnswerer) -> None:
    _listed(answerer, "白河市2026年10件民生实事有哪些", ["新建城市书房6个", "改造老旧小区30个", "适老化改造"])


def test_how_many_is_answered_in_the_reports_own_count(answerer: ReportAnswerer) -> None:
    tasks = ["聚力扩大有效需求", "聚力建设美丽白河", "聚力增进民生福祉"]
    counted = _listed(answerer, "白河市2026年重点工作一共几个方面", tasks)
    assert "三个方面" in counted and "共3项" in counted, counted


def test_a_counted_list_no_passage_counts_or_spells_out_is_refused(answerer: ReportAnswerer) -> None:
    a = answerer.ask("白河市2026年十大惠民工程分别是什么")
    assert not a.answerable, a.answer
    assert "十大惠民工程" in a.answer, a.answer
