"""The answerer on a provincial work report this test writes (豫州省, 2031) in the layouts of the
web copies of real ones: the speaker set solid with the occasion line, and parts titled with a
theme rather than a year. What a reader notices: who gave the report, and that a question on the
report's own year is answered from that year's plan, not from the review of the year before."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2031年豫州省政府工作报告
2031年1月18日在豫州省第十六届人民代表大会第二次会议上豫州省人民政府省长李四作政府工作报告
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、牢记嘱托，在接续奋斗中取得新成效
过去一年，全省地区生产总值增长5.1%，经济运行稳中向好。
（一）城乡建设品质稳步提升。新改建农村公路3200公里，完成农村危房改造1.2万户。
（二）生态环境持续改善。空气质量优良天数比率达88.5%，新增造林绿化面积120万亩。
二、牢记使命，在现代化建设中奋勇争先
2031年是“十六五”规划开局之年。今年经济社会发展的主要预期目标是：全省地区生产总值增长5%左右。
（一）坚持城乡融合发展，推进乡村全面振兴。新建高标准农田400万亩，粮食产量稳定在650亿斤以上，培育农业产业化龙头企业50家。
（二）坚持绿色低碳转型，建设美丽豫州。新增造林绿化面积100万亩，空气质量优良天数比率稳定在88%以上。
突出未来产业培育。瞄准人形机器人、智能装备等赛道，建设智能传感产业园，培育壮大未来制造产业。瞄准量子计算、人工智能等方向，建设行业大模型，培育壮大未来信息产业。瞄准新型储能、氢能等领域，建设氢能走廊，培育壮大未来能源产业。加快推进新一代智能终端场景应用。
三、牢记人民至上，建设服务型政府
坚持依法行政，自觉接受人大监督，严格落实过紧日子要求。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "yuzhou-2031-gzbg.txt", REPORT)


def test_who_gave_the_report_is_read_from_a_solid_occasion_line(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年政府工作报告是谁作的？")
    assert a.answerable and "李四" in a.answer and "省长" in a.answer
    assert "各位代表" not in a.answer


def test_the_years_target_comes_from_a_part_titled_with_a_theme(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年新建高标准农田多少亩？")
    assert a.answerable and "400万亩" in a.answer


def test_a_part_asked_of_the_reports_year_is_that_years_part(answerer: ReportAnswerer) -> None:
    # "城乡" is in a heading of either part: the 2031 report's own year's part wins the tie. (Asked
    # "城乡建设", which only the review's heading holds, the plan part is found by meaning alone, by a
    # judge confidence within 0.001 of its floor: a different CPU's rounding decided that test.)
    a = answerer.ask("豫州2031年政府工作报告里讲城乡的是哪一部分？")
    assert a.answerable and "城乡融合发展" in a.answer and "城乡建设品质" not in a.answer


def test_sentences_opening_alike_after_a_headline_are_its_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("豫州2031年培育未来产业主要瞄准哪几类？")
    assert a.answerable
    for item in ("未来制造产业", "未来信息产业", "未来能源产业"):
        assert item in a.answer, item
    assert "智能终端" not in a.answer  # the sentence after the run is no item
