"""Residents' words the report does not use: the passage the question means is quoted.

A question in everyday words ("生孩子…发钱", "家里困难的孩子上大学") shares few words with the
report ("育儿补贴", "困难家庭子女…资助"), while a passage full of its generic words ("政府",
"工作") says nothing to it. The dense retriever's ranking carries the meaning; it decides the quote
only in proportion to how much of the question no passage words. Passages of 青山县 (2024), written
here, no thesaurus rows.
"""

from __future__ import annotations

from collections import Counter

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import ExtractiveAnswerer, unmatched_share
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.documents import Chunk, Hit
from wenbao.index.embedders import Embedder
from wenbao.index.retriever import PassageCounts, RetrievalWeights, asked_unit, dense_lean, unknown_share

TITLE = "2024年青山县政府工作报告"
GOVERNMENT = "持续优化政府服务，推进政府工作流程再造，提升政府办事效率，让政府工作更加透明。"
CHILDCARE = "全面落实育儿补贴制度，为1.2万名三岁以下婴幼儿每人每年发放补贴3600元，降低家庭养育成本。"
ROADS = "地区生产总值完成412.6亿元，同比增长5.3%；新建改建农村公路180公里。"


def chunk(text: str, cid: str, heading: str) -> Chunk:
    return Chunk(
        chunk_id=cid,
        doc_id="qingshan-2024-gzbg",
        doc_title=TITLE,
        year=2024,
        heading_path=("2024年工作安排", heading),
        heading_numbers=("二、", "（一）"),
        text=text,
        start=0,
        end=len(text),
    )


GOV = chunk(GOVERNMENT, "gov", "加强政府自身建设")
CARE = chunk(CHILDCARE, "care", "办好民生实事")
ECON = chunk(ROADS, "econ", "经济运行")
ANALYZER = QuestionAnalyzer(MappingSynonyms({}), home_places=("青山县", "青山"))


def keyword_led(dense_first: Chunk, *others: Chunk) -> list[Hit]:
    """The keyword side puts ``others`` first (they share the question's generic words); the
    dense side ranks ``dense_first`` first."""
    ordered = [*others, dense_first]
    return [
        Hit(c, 1.0 / (i + 1), {"bm25": i + 1, "dense": 1 if c is dense_first else i + 2})
        for i, c in enumerate(ordered)
    ]


def test_a_question_in_other_words_quotes_the_passage_it_means() -> None:
    frame = ANALYZER.analyze("在青山县生孩子养孩子，政府会发钱吗？")
    found = ExtractiveAnswerer(dense_weight=12.0).extract(frame, keyword_led(CARE, GOV, ECON))
    assert found.best is not None
    assert "育儿补贴" in found.best.quote
    # Without the meaning the generic words win: the test can fail.
    lexical = ExtractiveAnswerer(dense_weight=0.0).extract(frame, keyword_led(CARE, GOV, ECON))
    assert lexical.best is not None and "育儿补贴" not in lexical.best.quote


def test_a_question_in_the_reports_words_is_not_moved_by_the_dense_ranking() -> None:
    # Every key word is in the passages: the words, not the dense side's first passage, decide.
    frame = ANALYZER.analyze("青山县2024年新建改建农村公路多少公里？")
    hits = keyword_led(GOV, ECON, CARE)
    assert unmatched_share(frame, hits) == 0.0
    found = ExtractiveAnswerer(dense_weight=12.0).extract(frame, hits)
    assert found.best is not None and "180公里" in found.best.quote


REPORT = f"""\
{TITLE}
——2024年1月12日在青山县第十八届人民代表大会第三次会议上
青山县县长 李平
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议。
一、2023年工作回顾
过去一年，全县{ROADS}
二、2024年工作安排
（一）加强政府自身建设
{GOVERNMENT}
（二）办好民生实事
{CHILDCARE}
（三）发展特色产业
培育茶叶、中药材两大主导产业，新增省级农业龙头企业5家。
以上报告，请予审议。
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qingshan-2024-gzbg.txt", REPORT)


def test_a_resident_worded_question_is_answered_from_its_passage(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青山县生孩子养孩子，政府会发钱吗？")
    assert a.answerable
    assert "育儿补贴" in a.answer
    assert "育儿补贴" in a.citations[0].chunk.text


def test_an_alias_is_found_with_a_resident_s_words_inside_it_and_only_where_its_characters_are() -> None:
    synonyms = MappingSynonyms({"找工作": ["就业"], "养老服务": ["敬老"]})
    gapped = synonyms.variants("今年找到了工作的人多吗")
    assert [(v.alias, v.same[0]) for v in gapped] == [("找到了工作", "找工作")]
    assert synonyms.variants("今年找到了的人多吗") == []  # 工 is missing: no alias
    assert [v.alias for v in synonyms.variants("养老的服务和就业")] == ["养老的服务", "就业"]


def test_words_no_passage_holds_are_counted_for_the_dense_lift() -> None:
    # four passages: every one says 政府 and 建设, one says 育儿补贴
    held = Counter({"政府": 4, "建设": 4, "民生": 2, "有": 4, "月": 3, "育儿": 1, "补贴": 1})
    counts = PassageCounts(held, 4)
    # 生孩子 and 发钱 are in no passage's text or heading: more than half of what the words tell
    assert unknown_share(["生孩子", "发钱", "政府", "民生"], counts) > 0.5
    assert unknown_share(["生孩子", "发钱", "政府", "民生"], counts, by_rarity=False) == 0.5
    assert unknown_share(["育儿", "补贴"], counts) == 0.0
    assert unknown_share([], counts) == 0.0


def test_common_report_words_tell_the_keyword_side_little_beside_a_resident_s() -> None:
    held = Counter({"有": 40, "月": 30, "钱": 20, "家里": 2, "育儿": 3, "补贴": 5})
    counts = PassageCounts(held, 40)
    # "家里有小娃娃的，每个月能多拿多少钱": two of five words are unknown, but the three the reports
    # use are in most passages, so most of what the question tells the keyword side cannot see
    plain = 2 / 5
    assert unknown_share(["家里", "有", "娃娃", "月", "拿"], counts) > plain
    # a rare report word keeps the share below a common one's
    assert unknown_share(["育儿", "娃娃"], counts) < unknown_share(["有", "娃娃"], counts)


def test_the_dense_side_s_first_passages_are_read_where_the_known_words_are_common() -> None:
    held = Counter({"有": 40, "月": 30, "钱": 20, "家里": 2, "育儿": 3, "补贴": 5, "发放": 6})
    counts = PassageCounts(held, 40)
    weights = RetrievalWeights(dense_lift=3.0, dense_lift_from=0.25, dense_rescue=2)
    # one word in five is unknown (below the floor): no lift, but common known words tell little,
    # so the dense side's first two passages are read
    lift, rescue = dense_lean(["家里", "有", "娃娃", "月", "钱"], counts, weights)
    assert (lift, rescue) == (0.0, 2)
    # in the reports' own words: nothing changes
    assert dense_lean(["育儿", "补贴", "发放", "月"], counts, weights) == (0.0, 0)
    # most words unknown: lifted and rescued as before
    lift, rescue = dense_lean(["生孩子", "发钱", "娃娃", "钱"], counts, weights)
    assert lift > 0 and rescue == 2


def test_the_measure_word_a_question_asks_in_is_a_keyword() -> None:
    # jieba cuts "多少岁", "几家" whole; passages say "81.2岁", "57家" (cut "81.2", "岁")
    assert [asked_unit(t) for t in ["海南", "能活", "多少岁"]] == ["海南", "能活", "岁"]
    assert asked_unit("几家") == "家"
    assert asked_unit("几") == "几" and asked_unit("多少") == "多少"  # nothing after: unchanged
    assert asked_unit("几乎") == "几乎" and asked_unit("几何") == "几何"  # words of their own
