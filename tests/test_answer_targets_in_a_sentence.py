"""Targets a report states in a sentence, not as items, over a county's work report this test writes
(汉阴县, 2026).

"主要目标有哪些" asks the targets; where the report gives them in one sentence ("《纲要（草案）》提出了
“十五五”时期全县发展的主要目标，到2030年，…") and a list nearby announces something else ("突出了以下
三个方面"), the sentence answers, cited, not the list. Targets the report does list ("主要预期目标是：
A；B；C") are still answered item by item.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering import strategies
from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2026年汉阴县政府工作报告
——2026年1月14日在汉阴县第十八届人民代表大会第六次会议上
代理县长 吴清和
各位代表：
现在，我代表县人民政府向大会报告工作，请予审议，并请县政协委员提出意见。
一、2025年工作回顾
过去一年，全县生产总值142亿元，增长5.8%。新增城镇就业3100人。
二、关于《汉阴县国民经济和社会发展第十五个五年规划纲要（草案）》的说明
《纲要（草案）》提出了“十五五”时期全县发展的主要目标，到2030年，县域经济实力迈上新台阶，生态环境质量保持一流，城乡居民收入与经济增长同步。
围绕目标，《纲要（草案）》提出了今后五年全县发展的重点任务，突出了以下三个方面：
（一）坚持产业强县
壮大富硒食品和蚕桑丝绸产业。
（二）坚持生态立县
守护汉江一江清水。
（三）坚持民生兴县
把有限财力更多用于民生。
三、2026年重点工作
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；城镇新增就业4500人；居民人均可支配收入增长6.5%。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "hanyin-2026-gzbg.txt", REPORT)


def test_targets_stated_in_a_sentence_are_answered_with_that_sentence(answerer: ReportAnswerer) -> None:
    for question in ("汉阴县“十五五”时期的主要目标有哪些？", "汉阴县“十五五”时期的主要目标是什么"):
        a = answerer.ask(question)
        assert a.answerable and "县域经济实力迈上新台阶" in a.answer, a.answer
        assert "产业强县" not in a.answer, a.answer
        assert a.citations


def test_the_list_of_something_else_answered_without_the_rule(
    answerer: ReportAnswerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the rule off: the nearby list of aspects is taken for the targets (the test can fail)
    monkeypatch.setattr(strategies, "_targets_stated_elsewhere", lambda *args: False)
    a = answerer.ask("汉阴县“十五五”时期的主要目标有哪些？")
    assert "产业强县" in a.answer, a.answer


def test_targets_the_report_lists_are_still_its_items(answerer: ReportAnswerer) -> None:
    a = answerer.ask("汉阴县2026年主要预期目标有哪些？")
    assert a.answerable and "增长6%左右" in a.answer and "4500人" in a.answer, a.answer
