"""Tokenizer and query understanding: domain terms whole, stop words out, numbers kept,
years, thesaurus expansion and structural routing — on sentences of any report of the family."""

from __future__ import annotations

import pytest

from wenbao.index.query import QueryAnalyzer, SectionRef, Thesaurus
from wenbao.index.tokenizer import ChineseTokenizer, shared_tokenizer
from wenbao.ingest.numbering import cn_to_int


@pytest.mark.parametrize(
    "term",
    [
        "社会消费品零售总额",
        "技术合同成交额",
        "固定资产投资",
        "地区生产总值",
        "一般公共预算收入",
        "居民人均可支配收入",
    ],
)
def test_domain_terms_stay_whole(term: str) -> None:
    tokens = shared_tokenizer().tokenize(f"上半年，全区{term}完成123.45亿元，同比增长6.7%。")
    assert term in tokens
    assert "123.45" in tokens and "6.7" in tokens  # numbers are tokens, "%" folded
    assert "，" not in tokens and "的" not in tokens


def test_stop_and_question_words_are_dropped() -> None:
    tokens = shared_tokenizer().tokenize("请问今年的财政收入是多少？有哪些措施？")
    assert not {"请问", "的", "是", "多少", "哪些", "？"} & set(tokens)
    assert "财政收入" in tokens or "财政" in tokens


def test_years_and_intents() -> None:
    a = QueryAnalyzer()
    assert a.analyze("2024年上半年GDP是多少").years == [2024]
    assert a.analyze("2021年和2024年社零分别是多少").years == [2021, 2024]
    assert a.analyze("报告是谁作的？").intent == "front"
    assert a.analyze("这份报告是在哪次会议上作的").intent == "front"
    # a meeting the report speaks of, not the one it was delivered at
    assert a.analyze("一揽子增量政策是哪次会议部署的").intent != "front"
    assert a.analyze("下半年要新增多少停车泊位").intent == "plan"
    assert a.analyze("全年技术合同成交额目标是多少").intent == "plan"
    assert a.analyze("上半年技术合同成交额完成了多少").intent is None


@pytest.mark.parametrize(
    ("question", "refs"),
    [
        ("第（三）部分讲什么", (SectionRef(2, 3),)),
        ("第5项是什么", (SectionRef(3, 5),)),
        ("第二部分讲了什么", (SectionRef(1, 2),)),
        ("报告第一部分的第（一）节讲的是什么", (SectionRef(1, 1), SectionRef(2, 1))),
        ("三是讲什么", (SectionRef(2, 3),)),
        ("第十二项讲的是什么", (SectionRef(3, 12),)),
    ],
)
def test_structural_references(question: str, refs: tuple[SectionRef, ...]) -> None:
    pq = QueryAnalyzer().analyze(question)
    assert pq.intent == "section" and pq.sections == refs


def test_section_numbers_match_as_written() -> None:
    assert SectionRef(2, 3).matches("（三）", 2) and SectionRef(2, 3).matches("三是", 2)
    assert SectionRef(3, 12).matches("12．", 3) and SectionRef(3, 1).matches("1、", 3)
    assert not SectionRef(2, 3).matches("（三）", 3)
    assert [cn_to_int(t) for t in ("一", "十", "十三", "二十一", "7")] == [1, 10, 13, 21, 7]
    # "两" counts as 二; a period ("十四五"), a run of digits ("三五") or a hundred is no ordinal
    assert [cn_to_int(t) for t in ("两", "九十九")] == [2, 99]
    assert [cn_to_int(t) for t in ("十四五", "三五", "一百", "", "abc")] == [None] * 5


def test_thesaurus_is_data_and_expands_both_ways() -> None:
    a = QueryAnalyzer()
    assert "社会消费品零售总额" in a.analyze("社零增长多少").synonyms
    assert "社零" in a.analyze("社会消费品零售总额增长多少").synonyms
    assert "居民人均可支配收入" in a.analyze("老百姓收入涨了没有？").expansions
    assert "进出口总额" in a.analyze("跟外国做生意的总额是多少").expansions
    t = Thesaurus.load()
    assert len(t.entries) > 50 and "实际利用外资" in t.all_terms()


def test_a_residents_town_is_the_reports_town() -> None:
    # "城里" is what a dictionary glosses as 城镇: "城里多了多少人上班" and "城里人挣多少" are asked of
    # the reports' 城镇 figures (城镇新增就业, 城镇人均可支配收入), not only of 城镇居民
    a = QueryAnalyzer()
    assert "城镇" in a.analyze("城里多了多少人上班").expansions
    assert {"城镇", "城镇居民"} <= set(a.analyze("城里人挣多少").expansions)


def test_the_countryside_is_the_reports_rural_word() -> None:
    # "乡下" is what a dictionary glosses as 农村: "乡下的路修多少公里" asks of 农村公路, not of the
    # 高速公路 sentence beside it
    a = QueryAnalyzer()
    assert "农村" in a.analyze("乡下的路打算修多少公里").expansions


def test_raising_children_is_the_reports_childcare_word() -> None:
    # 养孩子 is 带孩子: the reports say 普惠托育. (生孩子 => 生育 was tried and left out: every
    # 生育保险 sentence then outranked the birth subsidy a "生孩子养孩子发钱吗" question asks.)
    a = QueryAnalyzer()
    assert "普惠托育" in a.analyze("家里养小孩有什么支持").expansions
    assert "普惠托育" in a.analyze("养孩子负担重怎么办").expansions


def test_a_short_text_cut_again_is_cut_the_same_and_after_new_words_anew() -> None:
    """Short texts (a question's terms) are kept once cut: the caller's list is its own, and
    words added to the dictionary afterwards change the cut."""
    tk = ChineseTokenizer()
    first = tk.tokenize("松溪白茶产值")
    first.append("被改动")
    assert tk.tokenize("松溪白茶产值") == [t for t in first if t != "被改动"]
    assert "松溪白茶产值" not in tk.tokenize("松溪白茶产值")
    tk.add_words(["松溪白茶产值"])
    assert "松溪白茶产值" in tk.tokenize("松溪白茶产值")


def test_a_text_is_expanded_from_the_lines_its_characters_can_trigger_as_from_every_line() -> None:
    """Only the lines with a trigger starting by one of the text's characters are read; the
    expansions, their order included, are those of reading every line."""
    from wenbao.index.query import ThesaurusEntry

    entries = [
        ThesaurusEntry(("GDP", "地区生产总值"), ("GDP", "地区生产总值"), True),
        ThesaurusEntry(("社零",), ("社会消费品零售总额",), False),
        ThesaurusEntry(("就业", "找工作"), ("就业", "找工作"), True),
        ThesaurusEntry(("零售",), ("消费",), False),
    ]
    thesaurus = Thesaurus(entries)

    def every_line(text: str, synonyms: bool | None) -> list[str]:
        low, out = text.lower(), []
        for e in entries:
            if (synonyms is None or e.synonyms == synonyms) and any(t.lower() in low for t in e.triggers):
                out.extend(x for x in e.expansions if x.lower() not in low and x not in out)
        return out

    for text in ("gdp和社零增长多少", "找工作难不难", "零售和就业", "无关", ""):
        for synonyms in (None, True, False):
            assert thesaurus.expand(text, synonyms) == every_line(text, synonyms)
    assert thesaurus.expand("社零和gdp") == ["地区生产总值", "社会消费品零售总额"]
