"""A run of years asked ("连续多少年全省第一") is answered by the clause that says how long the record
has lasted ("连续8年位居全省首位"), not by the indicator's own size in a clause that names it more
fully ("粮食总产量连续增长、达到98.6万吨"). A report this test writes (青岚, 2048)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2048年青岚市政府工作报告
——2048年1月16日在青岚市第十一届人民代表大会第二次会议上
一、2047年工作回顾
全市地区生产总值增长5.4%，粮食总产量连续增长、达到98.6万吨，城镇新增就业6.1万人。
（一）农业农村
粮食总产再创历史新高，连续8年位居全省首位，增量1.2万吨。新建高标准农田12万亩。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qinglan-2048-gzbg.txt", REPORT)


@pytest.mark.parametrize(
    "question", ["青岚2047年粮食总产量连续多少年全省第一", "2047年青岚粮食总产量已经连续几年位居全省首位？"]
)
def test_a_run_asked_is_answered_by_the_run(answerer: ReportAnswerer, question: str) -> None:
    a = answerer.ask(question)
    assert a.answerable and "连续8年" in a.answer, a.answer
