"""A question in everyday words shares its common words with many passages and its telling word
with one, over a county's work report this test writes (松溪县, 2026).

"农村敬老院建设上有什么打算": 农村 and 建设 are in most of the plan's paragraphs, 敬老院 in one. The
answer is the paragraph about the homes for the elderly, not the one that repeats the common words
most; a figure question keeps every word of its indicator.
"""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.index.embedders import Embedder

REPORT = """\
2026年松溪县政府工作报告
——2026年1月9日在松溪县第十八届人民代表大会第五次会议上
松溪县县长 陈明
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全县地区生产总值达到186亿元，增长6.1%。农村居民人均可支配收入增长7.2%。
二、2026年工作安排
健全农村消费网络，推动商贸、物流、快递、电商、金融等服务网点向农村延伸，加快农村商贸流通体系建设。
推进农村公路、供水、电网、通信、燃气等基础设施建设，完善农村基础设施长效管护机制。
加强农村人居环境整治，推进农村厕所改造和生活污水治理设施建设，建设宜居宜业和美乡村。
加强基层医疗卫生服务，推动乡镇卫生院提档升级，推动二级以上医院配备老年护理力量，新建改造区域性中心敬老院6家，完善居家养老服务，发展普惠托育服务。
全县农村公路建设完成投资3.2亿元，新改建农村公路120公里。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "songxi-2026-gzbg.txt", REPORT)


def test_the_telling_word_outweighs_the_common_ones(answerer: ReportAnswerer) -> None:
    a = answerer.ask("松溪县2026年在农村敬老院建设上有什么打算？")
    assert a.answerable and "敬老院6家" in a.answer
    assert "农村消费网络" not in a.answer and "农村供水" not in a.answer


def test_a_figure_question_still_wants_its_whole_indicator(answerer: ReportAnswerer) -> None:
    a = answerer.ask("松溪县2026年农村公路建设完成投资多少？")
    assert a.answerable and "3.2亿元" in a.answer
