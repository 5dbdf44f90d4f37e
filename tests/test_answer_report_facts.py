"""Facts about a report and what it names, asked the way residents ask them: the date ("几月几号"),
the meeting ("第几届…第几次会议", which a report without a title page does not state), the holder
of an office by name ("市长叫什么名字"), the full name of a programme known by its short name, the date of
an event the report does not date ("人代会哪天闭幕", not the date it was delivered), a target asked
as "目标值", and R&D intensity in a city's own words (reports this test writes)."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.question import QuestionAnalyzer
from wenbao.index.embedders import Embedder
from wenbao.index.query import QueryAnalyzer
from wenbao.ingest.numbering import cn_to_int

TITLED = """\
2032年青川市政府工作报告
——2032年1月15日在青川市第九届人民代表大会第三次会议上
青川市市长 周明远
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2031年工作回顾
全市生产总值增长5.6%。全社会研发经费支出相当于全市生产总值的比例达到3.9%左右。
四是“千园万企数字化改造行动”取得明显成效。
改造完成规上工业企业1200家。
“千万行动”带动全市工业投资增长12%。
《青川市物业管理条例》自2031年10月1日起施行。
二、2032年工作安排
今年全市经济社会发展的主要预期目标是：全市生产总值增长5%左右，全社会研发经费支出相当于全市生产总值的比例达到4.1%左右，城镇新增就业32万人以上。
"""

BYLINELESS = """\
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
一、2030年工作回顾
过去一年，经济运行总体平稳。国内生产总值达到171.2万亿元、增长4.8%。城镇新增就业1210万人。
二、2031年经济社会发展总体要求和政策取向
今年发展主要预期目标是：国内生产总值增长4.5%左右；城镇新增就业1150万人以上。
"""


@pytest.fixture(scope="module")
def titled(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingchuan-2032-gzbg.txt", TITLED)


@pytest.fixture(scope="module")
def bylineless(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "guowuyuan-2031-gzbg.txt", BYLINELESS)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # a date as residents ask it: "几月几号", "几号"
        ("青川市2032年政府工作报告是几月几号作的？", ("2032年1月15日",)),
        ("2032年青川政府工作报告是几号作的", ("2032年1月15日",)),
        # the meeting, by its edition and session
        ("青川2032年政府工作报告是在市人大几届几次会议上作的", ("第九届", "第三次会议")),
        ("2032年青川市政府工作报告在哪个会上作的", ("第三次会议",)),
        # an office's holder asked by name ("名字" is no word to find)
        ("2032年青川市长叫什么名字", ("周明远",)),
    ],
)
def test_the_title_page_answers(titled: ReportAnswerer, question: str, wanted: tuple[str, ...]) -> None:
    a = titled.ask(question)
    assert a.answerable and all(w in a.answer for w in wanted), a.answer


@pytest.mark.parametrize(
    "question",
    ["2031年国务院政府工作报告是在第几届全国人大第几次会议上作的？", "这份政府工作报告是在哪次会议上作的"],
)
def test_the_meeting_of_a_report_that_names_none_is_refused(
    bylineless: ReportAnswerer, question: str
) -> None:
    # "我代表国务院，向大会报告政府工作" names no meeting
    a = bylineless.ask(question)
    assert not a.answerable and "没有写明是在哪次会议上作的" in a.answer, a.answer


@pytest.mark.parametrize(
    "question", ["青川“千万行动”的全称是什么", "2031年青川市千万行动全称是什么？", "青川“千万行动”是什么行动"]
)
def test_a_short_names_full_name_is_the_quoted_name_that_spells_it_out(
    titled: ReportAnswerer, question: str
) -> None:
    # "千万行动" keeps the characters of "千园万企数字化改造行动" in order, first to last
    a = titled.ask(question)
    assert a.answerable and "千园万企数字化改造行动" in a.answer, a.answer


def test_a_full_name_needs_the_short_names_characters_in_order() -> None:
    analyzer = QuestionAnalyzer()
    assert analyzer.analyze("“千万行动”的全称是什么").short_name == "千万行动"
    assert analyzer.analyze("千万行动是什么意思").short_name is None  # unquoted: a meaning asked
    assert analyzer.analyze("“千万行动”是什么行动").short_name == "千万行动"  # quoted: what it is


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # "目标值": the target, which a report states without that word
        ("青川2032年城镇新增就业目标值是多少", "32万人"),
        # R&D intensity, which a city's plan words as R&D spending "相当于…生产总值的比例"
        ("青川市2032年研发投入强度目标是多少", "4.1%"),
        ("2031年青川研发投入强度是多少", "3.9%"),
    ],
)
def test_targets_and_rd_intensity(titled: ReportAnswerer, question: str, wanted: str) -> None:
    a = titled.ask(question)
    assert a.answerable and wanted in a.answer, a.answer


def test_a_parenthesised_five_year_period_names_no_heading() -> None:
    # "（十四五）" is a period, not the heading "（十）"
    assert cn_to_int("十四五") is None and cn_to_int("十四") == 14
    assert QueryAnalyzer().analyze("旗舰物种是什么？（十四五）").sections == ()
    assert QueryAnalyzer().analyze("第（十）部分讲什么").sections != ()


def test_the_date_of_an_event_is_the_date_a_passage_gives_it(titled: ReportAnswerer) -> None:
    a = titled.ask("2031年青川物业管理条例什么时候施行？")
    assert a.answerable and "2031年10月1日" in a.answer, a.answer
    # the title page dates the report's delivery at the meeting, not when the meeting closed
    a = titled.ask("2032年青川市人代会是哪天闭幕的")
    assert not a.answerable, a.answer
