"""The answerer on a report this test writes (秦淮区, 2023): the rules are the report family's,
not the seeds' — structure questions, the title page, districts and years it does not cover."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
关于秦淮区2023年国民经济和社会发展计划
上半年执行情况的报告
——2023年8月25日在区第十八届人大常委会第十二次会议上
区发展和改革委员会主任 张明
主任、各位副主任、各位委员：
我受区人民政府委托，向本次会议报告我区2023年国民经济和社会发展计划上半年执行情况，请予审议。
一、上半年计划执行情况
（一）经济运行稳中有进
1．主要指标完成良好。地区生产总值完成812.34亿元，总量保持主城第3，同比增长5.1%，位列主城第4；一般公共预算收入完成61.2亿元，同比增长2.3%。
2．项目建设有序推进。全区56个重大项目中，41个项目达超序时，夫子庙文化中心、秦淮科创园二期竣工。
（二）民生保障持续加强
3．社会保障兜底有力。上半年共保障低保家庭1820户，发放救助金2100万元。
4．公共服务不断完善。新增普惠托位150个，新建社区食堂6家。
二、下半年工作安排
一是稳住经济大盘。全年地区生产总值增长5.5%以上。
二是加快项目建设。力争新开工重大项目20个。
三是兜牢民生底线。确保低保应保尽保。
以上报告，请予审议。
附件：1、秦淮区2023年国民经济和社会发展计划上半年执行情况表
2、秦淮区2023年重大项目上半年完成情况表
3、秦淮区2023年民生实事项目上半年完成情况表
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qinhuai-2023-h1.txt", REPORT)


def test_a_figure_from_another_district_and_year(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2023年上半年秦淮区地区生产总值是多少？")
    assert a.answerable and "812.34亿元" in a.answer and "61.2亿元" not in a.answer


@pytest.mark.parametrize(
    "question",
    [
        "2023年上半年鼓楼区地区生产总值是多少？",
        "2022年上半年秦淮区地区生产总值是多少？",
        "2023年上半年秦淮区进出口总额是多少？",
    ],
)
def test_what_this_library_does_not_cover_is_refused(answerer: ReportAnswerer, question: str) -> None:
    a = answerer.ask(question)
    assert not a.answerable and a.answer.startswith("报告中没有找到关于")


def test_who_and_when_come_from_the_title_page(answerer: ReportAnswerer) -> None:
    who = answerer.ask("这份报告是谁作的？")
    assert who.answerable and "张明" in who.answer and "区发展和改革委员会主任" in who.answer
    when = answerer.ask("报告是哪天作的？")
    assert "2023年8月25日" in when.answer


def test_a_numbered_part_is_answered_from_the_outline(answerer: ReportAnswerer) -> None:
    a = answerer.ask("报告第二部分讲的是什么？")
    assert a.answerable and "二、下半年工作安排" in a.answer
    b = answerer.ask("第一部分的第（二）节讲什么？")
    assert "民生保障持续加强" in b.answer and "经济运行稳中有进" not in b.answer


def test_a_described_section_is_found_by_its_title(answerer: ReportAnswerer) -> None:
    a = answerer.ask("报告里讲民生保障的那一节主要讲了什么？")
    assert "民生保障持续加强" in a.answer
    cited = [c for c in a.citations if f"[{c.n}]" in a.answer]
    assert cited and cited[0].chunk.heading_path[1] == "民生保障持续加强"


def test_a_list_of_headings_is_listed_and_counted(answerer: ReportAnswerer) -> None:
    a = answerer.ask("下半年工作安排有哪几个方面？")
    for item in ("稳住经济大盘", "加快项目建设", "兜牢民生底线"):
        assert item in a.answer
    b = answerer.ask("报告的附件一共有几个？")
    assert "共3项" in b.answer and "民生实事项目上半年完成情况表" in b.answer
    assert len([c for c in b.citations if f"[{c.n}]" in b.answer]) == 3  # each item cites its paragraph


def test_a_plan_question_gets_the_second_half_target(answerer: ReportAnswerer) -> None:
    a = answerer.ask("下半年计划新开工多少个重大项目？")
    assert a.answerable and "20个" in a.answer


# A work report whose review and plan both have a part on the countryside, titled alike.
TWO_YEARS = """2027年某某省政府工作报告
——2027年1月20日在某某省第十五届人民代表大会第二次会议上
一、2026年工作回顾
（一）推进乡村振兴，农业农村发展稳中向好
粮食总产量达到300亿斤。
（二）推进科技创新
新建实验室5家。
二、2027年工作安排
（一）坚持科技创新
新建实验室10家。
（二）坚持城乡融合，加快推进乡村全面振兴
建设高标准农田50万亩。
"""


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "mousheng-2027.txt", TWO_YEARS)


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("某某省2027年政府工作报告哪一部分讲乡村振兴？", "二、2027年工作安排"),
        ("某某省2026年的工作回顾里哪一部分讲乡村振兴？", "一、2026年工作回顾"),
    ],
)
def test_a_described_section_is_the_one_of_the_year_asked(
    two_years: ReportAnswerer, question: str, part: str
) -> None:
    a = two_years.ask(question)
    assert a.answerable and a.answer.startswith(part), a.answer
