"""A budget explanation that names no fiscal level (issue 27): the outturn answers what a year
brought in, not the budget approved or adjusted for it; and a budget's money asked in residents'
words (what came from above, what the levels below handed up, what there was in all). On reports
the tests write for places they make up."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

EXPLANATION = """您当前的位置:首页>政务公开>预算公开
• [ 发布机构 ]
• 宁川县财政局
• [ 有效性 ]
宁川县2030年预算执行及2031年预算公开的说明
宁川县2030年预算执行及2031年财政预算情况经县第九届人民代表大会第二次会议通过，现予以说明。
一、2030年预算执行情况
县九届人大第一次会议批准的年初预算为：一般公共预算收入61200万元（税收收入38100万元、非税收入23100万元）。年度预算执行中，一般公共预算收入调整为70400万元，其中：税收收入调整为32500万元，非税收入调整为37900万元。
（一）一般公共预算执行情况。
一般公共预算收入69850万元，完成调整预算的99.2%，其中：税收收入31770万元，下降9%；非税收入38080万元，增长41.3%。上级补助312460万元，其中：一般性转移支付收入254310万元、专项转移支付收入58150万元。
"""

PROVINCE = """关于云岭省2030年省级财政决算草案的报告
——2031年7月23日在云岭省第十四届人民代表大会常务委员会第十次会议上
云岭省财政厅厅长 孙八
主任、各位副主任、秘书长、各位委员：
受省人民政府委托，我向会议报告2030年省级财政决算草案，请审查。
一、2030年省级财政决算情况
2030年，省级一般公共预算收入265.9亿元，同比增长0.8%，加上中央补助3418.8亿元、调入资金40.3亿元、上年结转22.7亿元、下级上解92.3亿元，总收入4619.1亿元。
"""


@pytest.fixture(scope="module")
def answerers(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> dict[str, ReportAnswerer]:
    return {
        "county": answerer_over(tmp_path_factory, shared_e5, "ningchuan-2031-ys.txt", EXPLANATION),
        "province": answerer_over(tmp_path_factory, shared_e5, "yunling-2030-js.txt", PROVINCE),
    }


def test_what_the_year_brought_in_is_the_outturn_not_the_approved_budget(
    answerers: dict[str, ReportAnswerer],
) -> None:
    a = answerers["county"].ask("宁川县2030年税收收入收了多少？")
    assert "31770万元" in a.answer
    assert "38100万元" not in a.answer and "32500万元" not in a.answer


def test_money_from_above_in_everyday_words(answerers: dict[str, ReportAnswerer]) -> None:
    a = answerers["county"].ask("2030年宁川县从上面要来的钱一共有多少？")
    assert a.answerable and "312460万元" in a.answer


def test_money_the_levels_below_handed_up_in_everyday_words(answerers: dict[str, ReportAnswerer]) -> None:
    a = answerers["province"].ask("云岭省2030年下面市县交上来的钱有多少？")
    assert a.answerable and "92.3亿元" in a.answer
