"""A provincial work report in a newspaper's layout, written here (西川省, delivered in 2027): the
speaker on the meeting line, and the plan part and the review part that name a topic alike."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2027年西川省政府工作报告
2027年1月16日在西川省第十四届人民代表大会第三次会议上西川省人民政府省长王东明作政府工作报告
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2026年工作回顾
（一）城乡建设品质进一步提升。新建农村公路3000公里，改造老旧小区1200个。
（二）民生保障持续加强。城镇新增就业52万人，新增普惠托位8000个。
二、2027年工作安排
（一）坚持城乡融合发展，加快推进乡村全面振兴。建设高标准农田80万亩，新改建农村公路2500公里。
（二）坚持以人民为中心，持续增进民生福祉。城镇新增就业50万人以上，新增普惠托位6000个。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "xichuan-2027-gzbg.txt", REPORT)


def test_who_delivered_it_is_read_from_the_meeting_line(answerer: ReportAnswerer) -> None:
    a = answerer.ask("西川2027年政府工作报告是谁作的？")
    assert a.answerable and "王东明" in a.answer
    # the meeting is named alone, not with the speaker and "作政府工作报告" glued to it
    assert "作政府工作报告" not in a.answer


@pytest.mark.parametrize(
    ("year", "part", "other"),
    [(2027, "乡村全面振兴", "城乡建设品质"), (2026, "城乡建设品质", "乡村全面振兴")],
)
def test_a_section_asked_of_a_year_is_that_years_part(
    answerer: ReportAnswerer, year: int, part: str, other: str
) -> None:
    a = answerer.ask(f"西川{year}年讲城乡的是哪一部分？")
    assert part in a.answer and other not in a.answer
