"""Lists as a copy of a national report sets them out, over a State Council report this test
writes (2031, a copy taken from a web page: the words that announce a list stand on a line of
their own, long paragraphs are cut in two).

"今年经济社会发展的主要预期目标是：" stands alone and the targets follow in the next paragraph,
separated by "；"; the year's tasks are sub-headings announced by "重点抓好三个方面工作："; a heading's
measures are paragraphs that each open on a title sentence (a paragraph cut in two may stand
between them), only some of which open alike; "一是…二是…" follow a sentence saying what they are
for; the lessons of the year are paragraphs opening alike ("必须坚持…") after "有以下几点体会：".
A list question gets the whole list, in order, however the asker words it: with the report's
own verb ("重点抓好哪几个方面"), by the kind of its items ("措施里前两项"), in words too plain to
name a list ("主要抓了哪几件事"), by the verb it ends on ("从哪几个方面着手"), or leaving out an item
the asker knows ("除了…还有哪些").
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
各位代表：

　　现在，我代表国务院，向大会报告政府工作，请予审议。


一、2030年工作回顾


　　过去一年，国内生产总值达到190万亿元，比上年增长4.8％；城镇新增就业1250万人。

一年来，我们主要做了以下工作：

（一）稳住经济大盘，推动经济回升向好。

　　我们实施积极的财政政策，新增减税降费1.2万亿元。

（二）加快科技自立自强，培育新兴产业。

　　全社会研发经费投入增长8.1％，新建国家实验室6个。

（三）兜牢民生底线，办好群众身边事。

　　新增养老床位42万张，改造城镇老旧小区5.3万个。

一年来，我们全面做好政府工作，有以下几点体会：

　　必须坚持稳中求进工作总基调，保持宏观政策连续性稳定性，既克服短期困难、解决突出矛盾，又加强薄弱环节、为长远发展打牢基础，不搞大水漫灌。

　　必须坚持以人民为中心，把增进民生福祉作为发展的出发点和落脚点，着眼维护公平正义，让全体人民共享改革发展成果，促进社会和谐稳定。

　　必须坚持深化改革开放，破除体制机制障碍，激发各类经营主体活力。


二、2031年主要任务


今年经济社会发展的主要预期目标是：

　　国内生产总值增长4.5％左右；城镇新增就业1200万人以上，城镇调查失业率5.5％左右；居民消费价格涨幅2％左右；粮食产量7亿吨以上。

　　这些目标统筹考虑了需要和可能。

今年要重点抓好三个方面工作：

（一）扩大国内需求

　　促进房地产市场平稳健康发展。要坚决遏制部分城市房价过快上涨势头。一是增加保障性住房供给，新建保障性租赁住房150万套。二是支持刚性和改善性住房需求。三是整治房地产市场秩序。

　　各地要因城施策，落实城市政府主体责任，保持房地产市场平稳运行。

　　稳定汽车消费。新能源汽车购置税减免政策延续两年。

　　扩大服务消费。发展养老托育、文化旅游、体育健身等服务消费，落实带薪休假制度。

（二）推进重点领域改革

　　今年改革的重点任务是：

　　深化财税体制改革。健全地方税体系，完善转移支付制度。

　　深化金融体制改革。推进中小银行改革化险，完善多层次资本市场。

　　推动国有企业提质增效。实施新一轮国有企业改革深化提升行动。

　　深化要素市场化配置改革。建设全国统一大市场，破除地方保护。

（三）加强生态环境保护

　　当前和今后一段时期，生态保护的重点领域和关键环节是：

　　持续治理大气污染，细颗粒物浓度下降5％；加强重点流域水污染防治；推进土壤污染风险管控；加快城乡生活垃圾分类。

　　打好污染防治攻坚战。一要推进工业节能降碳，万元产值能耗下降3％。二要加强农业面源污染治理。三要发展循环经济。四要积极应对气候变化。

各位代表！让我们团结奋斗，奋力完成全年目标任务！
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2031-gzbg.txt", REPORT)


def test_targets_announced_on_a_line_of_their_own_are_a_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年全国经济社会发展的主要预期目标，前两项是什么？")
    assert a.answerable
    assert _in_order(a.answer, ["4.5", "1200万人以上"]), a.answer
    assert "粮食产量" not in a.answer, a.answer


def test_a_list_announced_alone_with_its_items_in_the_next_paragraph(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年国务院认为当前和今后一段时期生态保护要从哪几个方面着手？")
    assert a.answerable
    assert _in_order(a.answer, ["大气污染", "水污染防治", "土壤污染", "垃圾分类"]), a.answer


def test_the_reports_own_verb_names_the_list_it_announces(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年国务院政府工作报告说今年要重点抓好哪几个方面的工作？")
    assert a.answerable
    assert _in_order(a.answer, ["扩大国内需求", "推进重点领域改革", "加强生态环境保护"]), a.answer


def test_measures_asked_by_their_kind_are_the_items_after_what_they_are_for(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年国家遏制房价过快上涨的措施里，前两项是什么？")
    assert a.answerable
    assert _in_order(a.answer, ["增加保障性住房供给", "支持刚性和改善性住房需求"]), a.answer
    assert "整治房地产市场秩序" not in a.answer, a.answer


def test_the_whole_run_of_titled_paragraphs_not_those_opening_alike(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年全国改革的重点任务一共有几项，分别是什么？")
    assert a.answerable
    items = ["深化财税体制改革", "深化金融体制改革", "推动国有企业提质增效", "深化要素市场化配置改革"]
    assert _in_order(a.answer, items), a.answer


def test_plain_words_get_the_years_own_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2030年国务院主要抓了哪几件事？")
    assert a.answerable
    assert _in_order(a.answer, ["稳住经济大盘", "加快科技自立自强", "兜牢民生底线"]), a.answer


def test_the_part_named_by_the_year_asked_over_a_list_of_this_year(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年国务院政府工作报告的主要任务有哪几个方面？")
    assert _in_order(a.answer, ["扩大国内需求", "推进重点领域改革", "加强生态环境保护"]), a.answer


def test_an_item_the_asker_knows_is_left_out(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年全国打好污染防治攻坚战，除了推进工业节能降碳，还有哪些方面？")
    assert a.answerable
    assert _in_order(a.answer, ["农业面源污染治理", "发展循环经济", "积极应对气候变化"]), a.answer
    listed = a.answer[a.answer.find("还有") :]
    assert "工业节能降碳" not in listed, a.answer


def test_paragraphs_opening_alike_after_an_announcement_are_items_by_their_first_clause(
    answerer: ReportAnswerer,
) -> None:
    a = answerer.ask("2030年国务院的工作有哪几点体会？")
    assert a.answerable
    assert _in_order(a.answer, ["稳中求进工作总基调", "以人民为中心", "深化改革开放"]), a.answer
    assert "不搞大水漫灌" not in a.answer, a.answer


def test_titled_paragraphs_with_a_cut_paragraph_between_are_one_list(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2031年扩大国内需求有哪些举措？")
    assert a.answerable
    assert _in_order(a.answer, ["促进房地产市场平稳健康发展", "稳定汽车消费", "扩大服务消费"]), a.answer
