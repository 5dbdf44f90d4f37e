"""Lists a report sets out in ways the question does not word: a five-year plan's list whose
announcing words say "今后五年" (the part's years name the plan), and numbered sub-headings announced
by a call-out to the delegates that the outline sets at the part's level ("各位代表！…办好三方面民生
实事…。" ¶ "1.…方面" …). The report is the test's own; the lists are read without an index."""

from __future__ import annotations

from wenbao.answering.enumeration import ListAnswerer
from wenbao.answering.question import QuestionAnalyzer
from wenbao.ingest.pipeline import parse_bytes
from wenbao.settings import Settings

REPORT = """\
2031年青屿省政府工作报告
——2031年1月20日在青屿省第十届人民代表大会第四次会议上
青屿省省长 林海
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2030年工作回顾
过去一年，全省地区生产总值增长5.1%，城镇新增就业52万人。
二、“十六五”时期主要目标任务
根据省委建议，我们编制了《青屿省国民经济和社会发展第十六个五年规划纲要（草案）》（以下简称《纲要》）。
《纲要》明确了今后五年的发展目标：一是海洋经济更加壮大，二是创新能力显著增强，三是城乡发展更加均衡。
《纲要》具体部署了4项任务举措：一是建设海洋强省，二是建设科创高地，三是推进城乡融合，四是守牢安全底线。
三、2031年重点工作
（一）着力扩大有效需求
大力提振消费。举办促消费活动500场。
（二）着力保障和改善民生
加强民生建设。城镇新增就业50万人以上。
各位代表！今年我们要坚持为民办实事长效机制，突出群众有感、普遍受益，继续认真办好三方面民生实事，做到言必信、行必果。
1.医疗卫生方面。全省孕产妇住院分娩费用“零自付”。
2.养老帮困方面。新增老年大学学位3万个。
3.交通出行方面。改造提升乡村公共停车位1万个。
（三）着力加强政府自身建设
全面加强政治建设。坚持依法行政。
"""


def _best(question: str) -> list[str]:
    doc = parse_bytes(REPORT.encode("utf-8"), "qingyu-2031-gzbg.txt")
    frame = QuestionAnalyzer().analyze(question)
    found = ListAnswerer(Settings()).best(frame, [], [doc])
    assert found is not None, question
    return [i.text for i in found.enumeration.items]


def test_a_plans_list_announced_as_the_next_five_years_is_named_by_the_plan() -> None:
    items = _best("“十六五”规划纲要提出了哪些发展目标？")
    assert items[0].startswith("一是海洋经济") and len(items) == 3, items


def test_sub_headings_announced_by_a_call_out_above_them_are_that_list() -> None:
    items = _best("2031年三方面民生实事包括哪些方面")
    assert items == ["1.医疗卫生方面", "2.养老帮困方面", "3.交通出行方面"], items


PLAN_TARGETS = """\
2031年青屿省政府工作报告
——2031年1月20日在青屿省第十届人民代表大会第四次会议上
青屿省省长 林海
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2030年工作回顾
过去一年，全省地区生产总值增长5.1%，城镇新增就业52万人。
二、“十六五”时期主要目标任务
“十六五”发展的主要目标是：海洋强省建设取得决定性进展，率先基本实现现代化。到2035年，我省综合实力大幅跃升，全社会研发投入强度达到4%以上，居民人均可支配收入达到10万元左右；常住人口城镇化率达到80%左右。
“十六五”发展的基本要求是：坚持改革创新，坚持人民至上。到2035年，我们要奋力开创新局面。
"""


def test_a_plans_targets_go_on_after_the_year_they_are_set_for() -> None:
    """ "主要目标是：…。到2035年，…达到4%以上，…" : the sentence opening on the target year states more
    targets; one opening on it with no figure ("到2035年，我们要奋力开创新局面。") does not."""
    doc = parse_bytes(PLAN_TARGETS.encode("utf-8"), "qingyu-2031-gzbg.txt")
    finder = ListAnswerer(Settings()).finder
    lists = {e.head: " ".join(i.text for i in e.items) for e in finder.of(doc)}
    targets = lists["“十六五”发展的主要目标是"]
    assert "4%以上" in targets and "10万元左右" in targets and "80%左右" in targets, targets
    assert "开创新局面" not in lists["“十六五”发展的基本要求是"]
