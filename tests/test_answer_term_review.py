"""A term's last work report as a page dump ("向大会报告本届政府过去五年的工作", no title line):
its first part reviews the five years before delivery in every paragraph, so a question on the
five years is answered there (its sum, not the yearly average beside it: "一共多少"); and a
neighbour figure is refused — a part of a whole asked ("科技支出里，基础研究经费安排多少") where
the quote gives the whole, a total asked where the quote gives only its growth in times
("利润增长2.2倍"); a question's "低收入家庭" names no income indicator. A report this test writes."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
各位代表：
现在，我代表国务院，向大会报告本届政府过去五年的工作，对今年工作提出建议，请予审议。
一、过去五年工作回顾
（一）推进改革开放
国有企业股份制改革加快推进，四家大型商业银行完成股份制改造并成功上市。
2046年，全国国有企业资产总额比2042年增长58.3%，实现利润增长2.2倍，税收增长1.1倍。
（二）保障和改善民生
全国财政用于教育支出五年累计3.1万亿元。
坚持实施积极的就业政策，平均每年城镇新增就业1060万人、农村劳动力转移就业800万人。
五年全国新增城镇就业5300万人，保持了就业形势的基本稳定。
2047年，完善全民健身服务体系，成功举办第十五届全国运动会。
二、2048年主要任务
今年国内生产总值增长8%左右，城镇新增就业1000万人。
健全廉租住房制度，积极解决城市低收入群众住房困难。今年中央用于廉租住房制度建设的资金75亿元，比去年增加17亿元。
实施基础研究、高技术研究和科技支撑计划，加强国家实验室建设。今年中央财政将安排科技支出1290亿元，比上年增加150亿元。
"""
FILE = "guowuyuan-2048-gzbg.txt"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, FILE, REPORT)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # the five years reviewed are 2043–2047, the years before delivery
        ("2043年到2047年全国城镇新增就业一共多少人？", "5300万人"),
        # a sum asked is not the yearly average
        ("2043到2047年全国城镇新增就业加起来多少人", "5300万人"),
        ("过去五年全国财政用于教育的支出累计多少", "3.1万亿元"),
        ("2048年中央财政科技支出安排多少？", "1290亿元"),
        # "低收入" qualifies 家庭: no income is asked, the quote on the money is no other indicator
        ("2048年国家给城里低收入家庭建廉租房，中央拿出多少钱？", "75亿元"),
        # an edition is named, not ranked: "第几届" is answered by the name that says it
        ("2047年我国举办的是第几届全国运动会", "第十五届"),
    ],
)
def test_the_five_years_and_the_plan_are_answered(
    answerer: ReportAnswerer, question: str, wanted: str
) -> None:
    a = answerer.ask(question)
    assert a.answerable and wanted in a.answer, a.answer


@pytest.mark.parametrize(
    "question",
    [
        # a part of the whole the quote gives
        "2048年中央财政科技支出里，基础研究经费安排多少？",
        # a total, where the report gives its growth in times
        "2046年全国国有企业利润总额是多少？",
    ],
)
def test_a_neighbour_figure_is_refused(answerer: ReportAnswerer, question: str) -> None:
    a = answerer.ask(question)
    assert not a.answerable, a.answer
