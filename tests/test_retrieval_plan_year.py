"""A report that reviews none of the asked years tells of them only in its plans.

A 政府工作报告 of January 2026 reviews 2025 and plans 2026: asked about 2026 in a question that
names no plan ("2026年个体户贷款贴息比例是多少"), its plan part is all it says of 2026, and it is
not put behind another report's results for 2026 that answer less of the question. Reports of
青山县 and 绿水区, written here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wenbao.documents import SearchScope
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

WORK_REPORT = """\
2026年青山县政府工作报告
（2026年1月9日青山县第十八届人民代表大会第五次会议通过）
各位代表：
一、2025年工作回顾
全县地区生产总值完成412.6亿元，同比增长5.3%。城镇新增就业4200人。
二、2026年工作安排
（一）支持小店经营
将个体工商户首次贷款贴息比例提高到1.5个百分点，为小店发放消费券2000万元。
以上报告，请予审议。
"""

HALF_YEAR = """\
绿水区2026年上半年国民经济和社会发展计划执行情况的报告
一、上半年计划执行情况
上半年，全区个体工商户新增1200户，发放贷款贴息资金300万元。地区生产总值完成200亿元。
二、下半年工作安排
持续优化营商环境，个体工商户贷款贴息比例保持不变。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportLibrary:
    folder = tmp_path_factory.mktemp("plan-year")
    paths: list[Path] = []
    for name, text in (("qingshan-2026-gzbg.txt", WORK_REPORT), ("lvshui-2026-h1.txt", HALF_YEAR)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    library = ReportLibrary(Settings(data_dir=folder / "data"), embedder=shared_e5)
    library.ingest(paths)
    library.warm_up()
    return library


def test_the_plan_of_a_year_no_results_part_reviews_is_not_put_behind_results(
    library: ReportLibrary,
) -> None:
    hits = library.search(
        "2026年个体户贷款贴息比例是多少", top_k=3, scope=SearchScope(None, frozenset({2026}))
    )
    assert hits and hits[0].chunk.doc_id == "qingshan-2026-gzbg"
    assert "1.5个百分点" in hits[0].chunk.text


def test_a_report_reviewing_the_year_keeps_its_results_before_its_plans(library: ReportLibrary) -> None:
    # 绿水区's report reviews the first half of 2026: its results come before its plans for the
    # second half, which name the question's words as well.
    hits = library.search(
        "绿水区2026年个体工商户贷款贴息资金发放了多少",
        top_k=3,
        scope=SearchScope(frozenset({"lvshui-2026-h1"}), frozenset({2026})),
    )
    assert hits and "300万元" in hits[0].chunk.text
