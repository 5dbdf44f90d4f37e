"""The openings of county budget reports as county web pages print them (issue 27): a balance
sentence that adds its revenues one by one ("加上级补助收入…，加调入资金…"), a budget's own
section naming a narrower item in the same words scattered ("上级专项补助收入"), and an income and
expense table set side by side with one unit for the whole table. The report is one the test
writes, of a place it makes up."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

COUNTY = """松岭县2026年财政决算报告
一、一般公共预算收支决算情况
（一）收入情况
2026年全县一般公共预算收入52300万元，加上级补助收入401250万元（其中：返还性收入5120万元、一般性转移支付收入371030万元、专项转移支付收入25100万元），加地方政府一般债券转贷收入15000万元，收入总计468550万元。
（二）收支执行表
2026年一般公共预算收支执行表
单位：万元
收入项目\t执行数\t支出项目\t执行数
税收收入\t31200\t本级支出\t420110
非税收入\t21100\t上解支出\t7300
调入资金\t2150\t结转下年\t9870
二、政府性基金预算收支决算情况
政府性基金总收入70210万元，其中：基金预算收入6120万元、上级专项补助收入4310万元、上年结余收入31780万元、专项债务转贷收入28000万元。
"""


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "songling-2026-js.txt", COUNTY)


def test_the_item_named_whole_in_a_balance_sentence_beats_its_words_scattered(county: ReportAnswerer) -> None:
    a = county.ask("松岭县2026年上级补助收入有多少？")
    assert a.answerable and "401250万元" in a.answer and "4310万元" not in a.answer, a.answer
    b = county.ask("松岭县2026年政府性基金总收入是多少？")
    assert b.answerable and "70210万元" in b.answer, b.answer


def test_an_item_of_a_side_by_side_table_is_its_own_amount(county: ReportAnswerer) -> None:
    a = county.ask("松岭县2026年一般公共预算结转下年的钱有多少？")
    assert a.answerable and "9870万元" in a.answer and "2150" not in a.answer, a.answer
