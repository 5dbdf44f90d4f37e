"""A part of a report whose sub-headings are its goals and its tasks ("（一）“十五五”发展目标",
"（二）重点任务"), the tasks counted inside the second ("一是…二是…"): asked the tasks, the answer is
that sub-heading's own list, not the part's two headings. A report this test writes (松岭, 2026)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2026年松岭市政府工作报告
——2026年1月15日在松岭市第八届人民代表大会第五次会议上
一、2025年工作回顾
全市地区生产总值增长5.2%，城镇新增就业3.1万人。
二、2026年工作安排
今年全市地区生产总值增长5%左右，城镇新增就业3万人以上。
三、“十五五”时期主要目标任务
（一）“十五五”发展目标
到2030年，地区生产总值年均增长5%以上，常住人口城镇化率达到68%。
（二）重点任务
主要包括：一是壮大先进制造业集群；二是建设区域物流枢纽；三是推进城乡融合发展；四是加强生态保护修复。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "songling-2026-gzbg.txt", REPORT)


@pytest.mark.parametrize("question", ["松岭“十五五”重点任务有哪些", "松岭市“十五五”时期有哪些重点任务？"])
def test_the_sub_heading_named_whole_holds_the_list(answerer: ReportAnswerer, question: str) -> None:
    a = answerer.ask(question)
    assert a.answerable
    assert _in_order(a.answer, ["先进制造业集群", "区域物流枢纽", "城乡融合发展", "生态保护修复"]), a.answer


def test_the_parts_headings_still_answer_what_they_are(answerer: ReportAnswerer) -> None:
    a = answerer.ask("松岭“十五五”时期主要目标任务包括哪几部分")
    assert _in_order(a.answer, ["发展目标", "重点任务"]), a.answer
