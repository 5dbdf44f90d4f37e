"""A list a sentence counts by its name ("实施六大惠民工程"), whose items the sentences after it in the
paragraph name one by one the same way ("…实施就业惠民工程，…。…实施教育惠民工程，…"), with other
sentences between them: the items are the clauses that name them, in order, and only when as many
are named as counted. A report this test writes (青岚, 2026)."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_fixtures import answerer_over
from test_answer_lists import _in_order

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.enumeration import KIND_NAMED, EnumerationFinder
from wenbao.index.embedders import Embedder
from wenbao.ingest.pipeline import parse_file

REPORT = """\
2026年青岚市政府工作报告
——2026年1月12日在青岚市第十届人民代表大会第四次会议上
一、2025年工作回顾
全市地区生产总值增长5.3%，城镇新增就业8.2万人。
二、2026年重点工作
（一）扩大有效投资
实施四大提升行动。实施城区品质提升行动，改造背街小巷120条。实施公共服务提升行动，新建社区服务站30个。实施生态环境提升行动，新增绿地200公顷。加强项目调度。
（二）办好民生实事
统筹安排资金86亿元，实施六大惠民工程。安排12亿元实施就业惠民工程，开展职业技能培训5万人次。加强零工市场建设。安排20亿元实施教育惠民工程，新增学位8000个。安排15亿元实施健康惠民工程，建设紧密型医共体。推进家庭医生签约服务。安排18亿元实施住房惠民工程，改造老旧小区120个。安排9亿元实施养老惠民工程，新增养老床位1500张。安排12亿元实施交通惠民工程，新改建农村公路600公里。实施城市更新提升工程。
"""
FILE = "qinglan-2026-gzbg.txt"
WORKS = ["就业惠民工程", "教育惠民工程", "健康惠民工程", "住房惠民工程", "养老惠民工程", "交通惠民工程"]


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, FILE, REPORT)


@pytest.mark.parametrize("question", ["青岚2026年六大惠民工程分别是什么？", "2026年青岚实施哪六大惠民工程"])
def test_items_named_alike_after_the_count_are_the_list(answerer: ReportAnswerer, question: str) -> None:
    a = answerer.ask(question)
    assert a.answerable and _in_order(a.answer, WORKS), a.answer
    assert "城市更新提升工程" not in a.answer, a.answer


def test_a_count_the_named_items_do_not_reach_makes_no_such_list(tmp_path: Path) -> None:
    path = tmp_path / FILE
    path.write_text(REPORT, encoding="utf-8")
    lists = EnumerationFinder().find(parse_file(path))
    named = [e for e in lists if "六大惠民工程" in e.head]
    assert [[i.text for i in e.items] for e in named] == [
        [
            f"安排{x}"
            for x in (
                "12亿元实施就业惠民工程",
                "20亿元实施教育惠民工程",
                "15亿元实施健康惠民工程",
                "18亿元实施住房惠民工程",
                "9亿元实施养老惠民工程",
                "12亿元实施交通惠民工程",
            )
        ]
    ]
    # "四大提升行动" names three "…提升行动" only: no list is made of them by name
    assert not any(e.kind == KIND_NAMED and "四大提升行动" in e.head for e in lists)
