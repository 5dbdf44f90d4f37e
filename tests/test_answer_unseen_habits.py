"""The answerer on a provincial work report this test writes (岭州省, 2031) with habits of real
reports the rules were not fitted on: a numbered list of the year's projects in one paragraph
longer than a passage, a visit dated by its day only (the year said once for the paragraph), and an
indicator the report never gives beside one that shares half its name."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

PROJECTS = [
    "（1）稳定重点群体就业，开展职业技能培训20万人次，帮助困难人员就业3万人。",
    "（2）改善农村学校条件，为80所高海拔农村中小学建设供暖设施，新建学生宿舍40栋。",
    "（3）加强医疗健康服务，新建县域医疗次中心30个，为偏远乡镇配备巡回医疗车120辆。",
    "（4）提升养老托育服务，改造提升20个标准化养老机构，新增普惠托位5000个。",
    "（5）推进地质灾害避险搬迁，完成1.5万人搬迁任务，配套建设安置小区12个。",
    "（6）强化科技人才支撑，选派900名科技特派员到基层开展服务，覆盖全部涉农乡镇。",
    "（7）提升农村公路安全水平，实施农村公路安全生命防护工程6000公里，改造危桥80座。",
    "（8）提升公共文体服务，建成200个社区健身路径，更新300个农民体育健身工程器材。",
]

REPORT = f"""\
2031年岭州省政府工作报告
——2031年1月20日在岭州省第十六届人民代表大会第二次会议上
岭州省省长 周川
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2030年工作回顾
刚刚过去的2030年，是岭州发展中很不平凡的一年。6月3日至4日，总书记亲临岭州考察并发表重要讲话，对岭州各方面取得的成绩给予肯定，指示我们解放思想、改革创新，奋发进取、真抓实干，在现代化进程中开创岭州发展新局面。一年来，我们用总书记考察岭州重要讲话精神统领发展。
全年地区生产总值增长5.2%，农业龙头企业实现“三个全覆盖”，重点产业产值占农林牧渔业总产值的78%以上。特殊教育学校实现县域全覆盖。
二、2031年重点工作
做好城市更新，改造城镇老旧小区3万户，建设城镇地下管网1200公里。
今年要继续办好“八件民生实事”。{"".join(PROJECTS)}
三、加强政府自身建设
坚持依法行政，自觉接受人大监督。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "lingzhou-2031-gzbg.txt", REPORT)


def test_a_numbered_list_cut_into_passages_is_listed_whole(answerer: ReportAnswerer) -> None:
    assert len("".join(PROJECTS)) > 300  # longer than one passage: the paragraph is cut
    a = answerer.ask("岭州2031年八件民生实事都有哪些？")
    assert a.answerable
    for item in ("职业技能培训20万人次", "1.5万人搬迁任务", "改造危桥80座", "社区健身路径"):
        assert item in a.answer, item


def test_when_an_event_happened_is_answered_by_its_day(answerer: ReportAnswerer) -> None:
    a = answerer.ask("2030年总书记是哪天到岭州考察的？")
    assert a.answerable and "6月3日至4日" in a.answer


def test_a_rate_the_report_never_gives_is_not_answered_by_a_coverage_in_words(
    answerer: ReportAnswerer,
) -> None:
    # "全覆盖" shares 覆盖 with 森林覆盖率, and its sentence has a percentage: another indicator's
    a = answerer.ask("岭州2030年森林覆盖率是多少？")
    assert not a.answerable
    assert "78%" not in a.answer
