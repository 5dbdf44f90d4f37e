"""When a passage states the asked thing and when it does not (issue 23 item 6, issue 27): refusal
rules read what the evidence says, not the asker's wording. For each rule a question in other
words that must be answered, and one the passages do not answer that must still be refused.

Everything is written here: two provinces (湖川省, 河岳省) with cities their reports mention, and a
budget report with its four budgets, so no rule leans on the sample reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_fixtures import answerer_over
from test_answer_extractive import chunk

from wenbao.answering.answerability import load_answerability
from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.extractive import Extraction, ExtractiveAnswerer, _figures_elsewhere, content_frame
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.scope import PlaceGroup, ScopeResolver, inner_places, named_places, townships_after
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.documents import Chunk, Hit
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

REVIEW = ("一、2022年工作回顾",)
PLAN = ("二、2023年工作安排",)
FIVE = ("一、“十四五”时期工作回顾",)
# A thesaurus row as the service's: an everyday word points at the report's name for it.
ANALYZER = QuestionAnalyzer(
    MappingSynonyms({"地区生产总值": ["GDP"]}, related={"居民收入": ["人均可支配收入"]}),
    home_places=("秦淮区", "秦淮"),
)
# As the service judges: with the fitted judge.
ANSWERER = ExtractiveAnswerer(judge=load_answerability())


def ask(question: str, *chunks: Chunk) -> Extraction:
    # each passage ranked alike by both retrievers, at a cosine typical of a related passage
    found = [
        Hit(c, 1.0 / (i + 1), {"bm25": i + 1, "dense": i + 1}, {"dense": 0.91 - i / 100})
        for i, c in enumerate(chunks)
    ]
    return ANSWERER.extract(ANALYZER.analyze(question), found)


def quoted(question: str, *chunks: Chunk) -> str:
    """The quote that answers, or "" when the question is refused."""
    ext = ask(question, *chunks)
    return ext.best.quote if ext.answerable and ext.best is not None else ""


# --- how a question asks is not what it asks about -------------------------------------------


def test_the_words_of_how_a_question_asks_are_not_looked_for_in_the_passage() -> None:
    frame = content_frame(ANALYZER.analyze("2022年秦淮区居民收入大概增长了几个百分点？"))
    words = {t.text for t in frame.terms}
    assert "大概" not in words and "百分点" not in words and "居民收入" in words
    # a list of targets: 目标 is what is asked about, it stays
    listed = content_frame(ANALYZER.analyze("2023年秦淮区的主要预期目标有哪些？"))
    assert "目标" in {t.text for t in listed.terms}


def test_a_hedged_question_is_answered_and_an_absent_indicator_still_refused() -> None:
    c = chunk(
        "全区基本养老保险参保38.2万人，养老保险待遇稳步提升。基本医疗保险参保率稳定在98.5%左右。",
        (*REVIEW, "民生"),
    )
    assert "98.5%" in quoted("秦淮区医保参保率到底大概是多少？", c)
    # the hedge does not make another indicator's figure an answer
    assert not ask("2022年秦淮区常住人口大概是多少？", c).answerable


def test_a_target_asked_in_the_askers_words_is_the_planned_figure() -> None:
    c = chunk("今年全区主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长4%。", PLAN)
    assert "6%" in quoted("2023年秦淮区GDP打算涨几个百分点", c)
    # a target the passage does not set is still not stated
    assert not ask("2023年秦淮区城镇新增就业打算定多少人？", c).answerable


# --- a yearly average ---------------------------------------------------------------------------


def test_a_yearly_average_asked_in_everyday_words_gets_the_average() -> None:
    year = chunk("“十四五”收官之年，全区居民人均可支配收入增长5.1%，增速位居全市第2。", REVIEW, cid="y")
    five = chunk("过去五年，全区居民人均可支配收入年均增长6.4%，城乡收入差距持续缩小。", FIVE, cid="f")
    assert "6.4%" in quoted("“十四五”时期秦淮区居民收入每年平均增长多少？", year, five)
    # only one year's growth: no yearly average is stated
    assert not ask("“十四五”时期秦淮区居民收入每年平均增长多少？", year).answerable


# --- a narrower indicator, and the reports' usual name ----------------------------------------


def test_an_indicator_the_reports_always_name_per_head_is_that_figure() -> None:
    a = chunk("全区居民人均可支配收入增长5.1%，城镇居民人均可支配收入增长4.6%。", REVIEW, cid="a")
    b = chunk("农村居民人均可支配收入增长6.2%，城乡收入比缩小至2.1。", REVIEW, cid="b")
    assert "5.1%" in quoted("2022年秦淮区居民可支配收入增长多少？", a, b)


def test_a_per_head_figure_is_no_answer_where_the_reports_also_give_the_total() -> None:
    per_head = chunk("全区经济实力跨上新台阶，2022年人均地区生产总值提升至15.2万元。", REVIEW, cid="p")
    growth = chunk("2022年全区地区生产总值增长5.1%，总量位居全市前列。", REVIEW, cid="g")
    more = chunk("全区人均地区生产总值连续三年居全市第一。", REVIEW, cid="m")
    ext = ask("2022年秦淮区地区生产总值总量是多少亿元？", per_head, growth, more)
    assert not ext.answerable


# --- whose figure a quote gives ------------------------------------------------------------------


def test_figures_belong_to_the_indicator_named_before_them() -> None:
    c = chunk(
        "主要预期目标是：城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右，居民消费价格涨幅2%左右。", PLAN
    )
    assert "4.5%" in quoted("2023年秦淮区城乡居民收入目标分别增长多少？", c)
    # a question on another indicator of the same family is still refused
    income = chunk("全区一般公共预算收入完成61.2亿元，同比增长2.3%。", REVIEW)
    assert not ask("2022年秦淮区一般公共预算支出是多少？", income).answerable


def test_a_total_asked_where_only_its_growth_follows_it_is_refused() -> None:
    c = chunk("兑现以旧换新补贴16.9亿元，举办促消费活动300余场，全区社会消费品零售总额增长5.1%。", REVIEW)
    assert not ask("2022年秦淮区社会消费品零售总额一共多少亿元？", c).answerable
    # its growth is stated, and answers a growth question
    assert "5.1%" in quoted("2022年秦淮区社会消费品零售总额增长多少？", c)
    # a count before the thing it counts is its figure
    babies = chunk("实施育儿补贴制度，为超3万名婴幼儿发放育儿补贴，减轻育儿负担。", REVIEW)
    assert "3万名" in quoted("2022年秦淮区给多少婴幼儿发了育儿补贴？", babies)


def test_a_quote_refused_for_another_indicator_gives_way_to_one_that_names_the_asked_one() -> None:
    from dataclasses import replace

    budget = ("一、2022年预算执行情况", "（一）一般公共预算")
    # the whole district's paragraph is preferred (no level asked), but it gives only the revenue
    whole = replace(chunk("全区一般公共预算收入完成61.2亿元，同比增长2.3%。", budget, cid="w"), level="whole")
    own = replace(chunk("区本级一般公共预算支出执行98.6亿元，下降1.2%。", budget, cid="o"), level="own")
    assert "98.6亿元" in quoted("2022年秦淮区一般公共预算支出是多少？", whole, own)
    # nothing states the spending: still refused
    assert not ask("2022年秦淮区一般公共预算支出是多少？", whole).answerable


def test_a_figure_of_another_of_the_four_budgets_is_no_answer() -> None:
    fund = chunk("2022年经开区政府性基金预算收入完成0.25亿元，下降68.1%。", ("一、2022年预算执行情况",))
    assert not ask("2022年秦淮区社会保险基金预算收入是多少？", fund).answerable
    assert "0.25亿元" in quoted("2022年秦淮区政府性基金预算收入是多少？", fund)


def test_a_first_half_result_does_not_answer_the_full_year() -> None:
    from dataclasses import replace

    from wenbao.documents import Covers

    half = replace(
        chunk("上半年主要经济指标呈现较好增幅：GDP实现455.6亿元，增长6.2%。", ("一、上半年计划执行情况",)),
        covers=Covers(years=(2023,), period="first_half", aspect="results"),
    )
    assert not ask("2023年全年秦淮区GDP最终完成了多少？", half).answerable
    assert "455.6亿元" in quoted("2023年上半年秦淮区GDP到底完成了多少？", half)


# --- places and years -----------------------------------------------------------------------------

HUCHUAN = PlaceGroup("湖川省", ("湖川省", "湖川"), frozenset({"huchuan"}), ("湘",), "provincial")


def test_a_province_abbreviation_right_after_a_year_is_the_place() -> None:
    assert named_places("2025年湘 固定资产投资增长多少？", [HUCHUAN]) == [HUCHUAN]
    assert named_places("2025年湘固定资产投资增长多少？", [HUCHUAN]) == [HUCHUAN]
    assert named_places("2025年湘江流域水质如何？", [HUCHUAN]) == []  # a word of its own only


def test_the_state_standing_where_a_place_stands_is_the_country() -> None:
    names = ("中华人民共和国", "国务院", "全国", "我国")
    country = PlaceGroup("中华人民共和国", names, frozenset({"cn"}), (), "national")
    groups = [HUCHUAN, country]
    assert named_places("2027年国家打算发多少特别国债", groups) == [country]
    assert named_places("今年国家对生娃的家庭有啥补贴？", groups) == [country]
    assert named_places("那国家呢？", groups) == [country]
    assert named_places("中国2027年GDP增长了多少", groups) == [country]
    assert named_places("咱们国家2027年粮食产量多少", groups) == [country]
    # a name the word opens, a word inside the sentence, or beside a named place: not the country
    assert named_places("2027年国家实验室建设有什么安排", groups) == []
    assert named_places("2027年中国式现代化有什么进展", groups) == []
    assert named_places("2027年争取国家资金多少", groups) == []
    assert named_places("2027年湖川有多少国家级专精特新企业", groups) == [HUCHUAN]
    assert named_places("2027年国家打算发多少国债", [HUCHUAN]) == []  # no national report stored


def test_a_change_asked_of_a_budget_year_is_not_refused_for_having_only_plans() -> None:
    from wenbao.answering.scope import QuestionScope
    from wenbao.documents import Covers, DocumentMeta, ParsedDocument

    text = "2023年全区政府性基金预算收入安排28亿元，同比增长4.3%。"
    covers = Covers(years=(2023,), period="year", aspect="plan")
    doc = ParsedDocument(
        meta=DocumentMeta(doc_id="d", title="预算报告", year=2023),
        text=text,
        sections=[],
        chunks=[Chunk("c", "d", "预算报告", 2023, (), (), text, 0, len(text), covers=covers)],
    )
    resolver = ScopeResolver()
    budget = QuestionScope(text="2023年政府性基金预算收入同比涨了多少", years=(2023,))
    resolver.check_aspect(budget, QuestionAnalyzer().analyze(budget.text), {"d": doc})  # a change: 涨了
    assert budget.reason is None
    # an outturn asked of a year the reports only plan has none
    outturn = QuestionScope(text="2023年地区生产总值实际完成了多少", years=(2023,))
    resolver.check_aspect(outturn, QuestionAnalyzer().analyze(outturn.text), {"d": doc})
    assert outturn.reason is not None


def _province(name: str, short: str, city: str, other: str, gdp: str, growth: str) -> str:
    return (
        f"{name}2023年政府工作报告\n"
        f"——2023年1月15日在{name}第十四届人民代表大会第一次会议上\n"
        f"{name}省长 钱七\n各位代表：\n"
        "现在，我代表省人民政府，向大会报告政府工作，请予审议。\n"
        "一、2022年工作回顾\n"
        f"过去一年，全省地区生产总值达到{gdp}亿元，增长{growth}%。\n"
        f"区域发展更加协调，{city}、{other}入选全国首批消费新场景试点城市，{city}都市圈建设加快推进。\n"
        f"支持{city}做优做强中心城市功能，{other}经济总量突破3000亿元。\n"
        "二、2023年工作安排\n"
        f"今年全省主要预期目标是：地区生产总值增长5.5%左右。加快建设美丽{short}。\n"
    )


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    folder = tmp_path_factory.mktemp("two-provinces")
    paths = []
    for stem, text in (
        ("huchuan-2023", _province("湖川省", "湖川", "江陵", "云梦", "48211.6", "5.2")),
        ("heyue-2023", _province("河岳省", "河岳", "石门", "青川", "31877.3", "4.6")),
    ):
        path = Path(folder) / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    settings = Settings(data_dir=Path(folder) / "data")
    library = ReportLibrary(settings, embedder=shared_e5)
    library.ingest(paths)
    library.warm_up()
    return ReportAnswerer(library, settings=settings)


def test_a_city_inside_a_stored_province_is_refused_naming_the_places_there_are(
    two_provinces: ReportAnswerer,
) -> None:
    a = two_provinces.ask("江陵2022年地区生产总值是多少？")
    assert not a.answerable
    assert "48211.6" not in a.answer and "31877.3" not in a.answer  # never another place's figure
    assert "江陵" in a.answer and "湖川省" in a.answer and "河岳省" in a.answer
    # the province itself is answered
    b = two_provinces.ask("湖川2022年地区生产总值是多少？")
    assert b.answerable and "48211.6亿元" in b.answer
    # what the report says of the city is said
    c = two_provinces.ask("江陵入选了什么试点？")
    assert c.answerable and "消费新场景" in c.answer
    d = two_provinces.ask("2022年江陵都市圈建设怎么样了？")
    assert d.answerable and "都市圈建设加快推进" in d.answer
    # a sentence naming the city for something else gives another city's figure
    e = two_provinces.ask("2022年江陵经济总量是多少？")
    assert not e.answerable and "3000亿元" not in e.answer, e.answer


def test_a_figure_is_the_place_named_just_before_it() -> None:
    sentence = "支持江陵做优做强中心城市功能，云梦经济总量突破3000亿元。"
    assert _figures_elsewhere(sentence, "江陵", "湖川省") is not None
    assert _figures_elsewhere("支持成都做强极核功能，泸州经济总量突破3000亿元。", "成都", "四川省") == "泸州"
    assert _figures_elsewhere("江陵坚持创新驱动，地区生产总值达到2500亿元。", "江陵", "湖川省") is None
    assert _figures_elsewhere("江陵地区生产总值增长6%，达到2500亿元。", "江陵", "湖川省") is None
    assert _figures_elsewhere("湖川省江陵市地区生产总值2500亿元，云梦增长7%。", "江陵", "湖川省") is None
    assert _figures_elsewhere("江陵入选试点城市。", "江陵", "湖川省") is None  # no figure: other rules say
    # a place word inside the name of what is asked ("江陵江北机场") is no other owner of its figure
    airport = "亚洲一流的江陵江北机场开通货运航线80条，货邮吞吐量达到100万吨。"
    assert _figures_elsewhere(airport, "江陵", "湖川省", "江陵江北机场货邮吞吐量多少万吨") is None
    assert _figures_elsewhere(airport, "江陵", "湖川省", "江陵货邮吞吐量多少万吨") is not None


def test_the_places_a_question_names_inside_a_stored_province() -> None:
    from dataclasses import replace

    from wenbao.documents import DocumentMeta, ParsedDocument

    text = "江陵、云梦、湘潭入选全国首批试点城市，新建保障性住房2万套。"
    doc = ParsedDocument(meta=DocumentMeta(doc_id="d", title="t"), text=text, sections=[], chunks=[])
    parsed = {"d": doc}
    city_doc = replace(doc, text="推进城市精细化管理，大口径项目完成投资7.25亿元。")
    assert inner_places("江陵2022年地区生产总值是多少？", [HUCHUAN], parsed) == ["江陵"]
    assert inner_places("2022年湖川江陵的GDP", [HUCHUAN], parsed) == ["江陵"]
    # a city whose name opens with the province's one-character abbreviation (湘) is still a city
    assert inner_places("2022年湘潭GDP增长多少", [HUCHUAN], parsed) == ["湘潭"]
    # a verb jieba tags as a place, a place no report mentions, the country: none of them
    assert inner_places("湖川2022年新建了多少套保障性住房？", [HUCHUAN], parsed) == []
    assert inner_places("2022年中国国内生产总值是多少？", [HUCHUAN], parsed) == []
    # a kind of place, not one place
    assert inner_places("2022年城市精细化管理项目投资多少？", [HUCHUAN], {**parsed, "e": city_doc}) == []
    # a kind of land or water jieba tags as a place ("海洋", "高原"), in a list of topics, is no city
    sea_doc = replace(doc, text="发展海洋经济和高原特色农业，建设都市圈。")
    topics = "湖川2022年报告里讲县域经济和海洋的是哪一部分"
    assert inner_places(topics, [HUCHUAN], {**parsed, "e": sea_doc}) == []
    assert inner_places("2022年湖川、高原特色农业产值多少", [HUCHUAN], {**parsed, "e": sea_doc}) == []


def test_a_city_right_after_its_province_is_a_city_even_where_no_report_mentions_it() -> None:
    from wenbao.documents import DocumentMeta, ParsedDocument

    text = "全省城镇新增就业107万人，新建保障性住房2万套。"
    doc = ParsedDocument(meta=DocumentMeta(doc_id="d", title="t"), text=text, sections=[], chunks=[])
    assert inner_places("湖川宜宾2022年城镇新增就业多少人", [HUCHUAN], {"d": doc}) == ["宜宾"]
    # standing alone, a place no report mentions is not read as one (a word jieba may mistag)
    assert inner_places("宜宾2022年城镇新增就业多少人", [HUCHUAN], {"d": doc}) == []


# --- residents' words: how they ask, and the figure they ask for --------------------------------


def test_a_modal_jieba_glues_to_a_verb_is_no_key_term() -> None:
    words = {t.text for t in ANALYZER.analyze("2023年秦淮区粮食要产多少斤").terms}
    assert "要产" not in words and "粮食" in words
    plan = chunk("主要预期目标是：城镇新增就业2万人以上，粮食产量7.3万吨以上。", PLAN)
    assert "7.3万吨" in quoted("2023年秦淮区粮食要产多少吨", plan)
    # a word jieba knows stays whole ("能源" is no modal and a verb)
    assert "能源" in {t.text for t in ANALYZER.analyze("2023年秦淮区能源消费总量是多少").terms}


# (passages, a question in residents' words they answer with the figure, one they do not answer)
_RESIDENT_ASKS = [
    # "每人" asks the 人均 figure: 人均 is no narrower indicator than the one asked
    (
        ("居民医保和基本公共卫生服务经费人均财政补助标准分别再增加30元和5元。",),
        ("2023年秦淮区居民医保财政补助每人再加多少钱", "30元"),
        "2023年秦淮区居民医保财政补助一共多少亿元",
    ),
    # the amount asked where the best quote gives only the growth: the quote with the amount
    (
        ("2022年，全区居民人均可支配收入增长4.3%。", "民生实事全面完成，全区居民人均可支配收入达到5.4万元。"),
        ("2022年秦淮区居民人均可支配收入是多少钱", "5.4万元"),
        "2022年秦淮区城镇居民人均可支配收入是多少钱",
    ),
    # town and country named jointly, each figure in turn: the country's growth is stated, its
    # amount is not, nor is the joint ratio either one's
    (
        ("城乡居民人均可支配收入分别增长4.4%、5.6%，城乡居民收入比缩小至2.1。",),
        ("2022年秦淮区农村居民人均可支配收入增长多少", "5.6%"),
        "2022年秦淮区农村居民人均可支配收入是多少元",
    ),
    # a unit of measure asked: the same family answers ("万吨" for "多少斤"), another is another
    # quantity's ("标箱" for "多少亿吨")
    (
        ("粮食产量稳定在130万吨以上，港口集装箱吞吐量达81万标箱。",),
        ("2022年秦淮区粮食产量有多少斤", "130万吨"),
        "2022年秦淮区港口货物吞吐量是多少亿吨",
    ),
    # a question of one-character words only: the quote holds each of them, or it is another thing's
    (
        ("全区修路12公里。稳就业保民生，城镇新增就业1.2万人。",),
        ("2022年秦淮区修了多少公里路", "12公里"),
        "2022年秦淮区生了多少娃",
    ),
    # cases are counted ("2000例"), asked in a resident's measure word
    (
        ("为全区低收入困难家庭的白内障患者实施免费手术2000例。",),
        ("2022年秦淮区给困难家庭的白内障病人免费做多少台手术", "2000例"),
        "2022年秦淮区白内障免费手术花了多少亿元",
    ),
]


@pytest.mark.parametrize(("texts", "answered", "refused"), _RESIDENT_ASKS)
def test_a_residents_figure_is_answered_and_a_neighbour_still_refused(
    texts: tuple[str, ...], answered: tuple[str, str], refused: str
) -> None:
    passages = [chunk(t, REVIEW, cid=f"r{i}") for i, t in enumerate(texts)]
    question, figure = answered
    assert figure in quoted(question, *passages)
    assert not ask(refused, *passages).answerable


def test_one_years_figure_is_not_answered_by_a_five_year_sum() -> None:
    from dataclasses import replace

    from wenbao.documents import Covers

    review = Covers((2018, 2019, 2020, 2021, 2022), "full_year", "results")
    c = replace(chunk("——这五年民生福祉不断增进。全区城镇新增就业累计10.6万人。", FIVE), covers=review)
    assert not ask("2022年秦淮区城镇新增就业多少人", c).answerable
    # the five years asked: the sum answers
    assert "10.6万人" in quoted("“十四五”时期秦淮区城镇新增就业累计多少人", c)


def test_town_and_country_named_jointly_name_each_where_each_figure_follows() -> None:
    from wenbao.answering.extractive import term_match
    from wenbao.answering.question import Term

    country = Term("农村居民人均可支配收入", ("农村居民人均可支配收入",), 6.0)
    assert term_match(country, "城乡居民人均可支配收入分别增长4.4%、5.6%") == 1.0
    assert term_match(country, "城镇、农村居民人均可支配收入分别增长3.4%、5.2%") == 1.0
    # the joint ratio is neither one's figure
    assert term_match(country, "城乡居民人均可支配收入比缩小至2.1") < 0.7


def test_town_and_country_together_name_both_spelled_out() -> None:
    from wenbao.answering.extractive import term_match
    from wenbao.answering.question import Term

    both = Term("城乡", ("城乡",), 2.0)
    assert term_match(both, "城镇、农村常住居民人均可支配收入分别增长4.1%、6.2%") == 1.0
    assert term_match(both, "城市和乡村学校办学条件同步改善") == 1.0
    assert term_match(both, "城镇居民人均可支配收入增长4.1%") == 0.0


def test_how_much_is_answered_by_a_figure_not_by_a_rank_or_a_sentence_without_one() -> None:
    c = chunk(
        "坚持富民为先，千方百计增加城乡居民收入，居民人均可支配收入增速居全市第3位。"
        "城镇、农村常住居民人均可支配收入分别增长4.1%、6.2%。",
        (*REVIEW, "民生"),
    )
    assert "4.1%、6.2%" in quoted("2022年秦淮区城乡居民收入各增长多少？", c)
    # a rank still answers where one is asked
    assert "第3位" in quoted("2022年秦淮区居民收入增速排第几？", c)


def test_a_township_named_right_after_a_stored_county_is_inside_it() -> None:
    from wenbao.documents import DocumentMeta, ParsedDocument

    qinghe = PlaceGroup("青禾县", ("青禾县", "青禾"), frozenset({"qinghe"}), (), "county")
    text = "全县一般公共预算收入完成8.6亿元，各乡镇财政运行平稳。"
    parsed = {
        "d": ParsedDocument(meta=DocumentMeta(doc_id="d", title="t"), text=text, sections=[], chunks=[])
    }
    assert inner_places("青禾县大柳树镇2026年财政收入多少？", [qinghe], parsed) == ["大柳树镇"]
    assert inner_places("青禾县东关街道2026年一般公共预算收入是多少", [qinghe], parsed) == ["东关街道"]
    # a count of townships or a kind of them is no township
    assert townships_after("青禾县各乡镇2026年财政运行怎么样？", ["青禾县", "青禾"]) == []
    assert townships_after("青禾县所有乡镇2026年财政运行怎么样？", ["青禾县", "青禾"]) == []
    assert inner_places("青禾县城乡居民2026年医保补助多少？", [qinghe], parsed) == []


@pytest.fixture(scope="module")
def one_province(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    text = _province("湖川省", "湖川", "江陵", "云梦", "48211.6", "5.2").replace(
        "增长5.2%。\n", "增长5.2%，城乡居民人均可支配收入分别增长4.1%、6.3%，财政民生支出占比78%。\n", 1
    )
    return answerer_over(tmp_path_factory, shared_e5, "huchuan-2023.txt", text)


def test_a_per_head_indicator_is_not_answered_by_the_whole_or_by_another_per_head_figure(
    one_province: ReportAnswerer,
) -> None:
    # the report gives GDP whole and income per head: neither is GDP per head
    a = one_province.ask("湖川2022年人均GDP是多少？")
    assert not a.answerable and "48211.6" not in a.answer, a.answer
    # life expectancy is never given; the per-head income is another indicator
    b = one_province.ask("湖川2022年人均预期寿命达到多少岁？")
    assert not b.answerable and "4.1%" not in b.answer, b.answer
    # the per-head figures the report does give are answered
    c = one_province.ask("湖川2022年城乡居民人均可支配收入分别增长多少？")
    assert c.answerable and "4.1%" in c.answer and "6.3%" in c.answer, c.answer


def test_a_work_report_speaks_for_its_review_year_where_no_part_tells_it() -> None:
    # a web copy run together: "一、2026年工作回顾" is lost inside the opening line, so the review's
    # passages tell no year; the 2027 report still reviews 2026 and is not refused for it
    from wenbao.answering.scope import covered_years
    from wenbao.ingest.pipeline import parse_bytes

    text = (
        "各位代表:现在,我代表市人民政府,向大会报告工作。一、2026年工作回顾2026年,全市地区生产总值增长4%。\n"
        "二、2027年重点工作\n全市主要预期目标是:地区生产总值增长6%以上。\n"
    )
    doc = parse_bytes(text.encode("utf-8"), "安远市2027年政府工作报告.txt")
    assert doc.meta.year == 2027 and covered_years(doc) == {2026, 2027}


def test_a_province_named_before_its_own_city_only_says_where_the_city_lies() -> None:
    city = PlaceGroup("安远市", ("安远市", "安远"), frozenset({"anyuan"}), (), "prefectural")
    county = PlaceGroup("青禾县", ("青禾县", "青禾"), frozenset({"qinghe"}), (), "county")
    groups = [HUCHUAN, city, county]
    assert named_places("湖川安远2024年地区生产总值是多少", groups) == [city]
    assert named_places("湖川省青禾县2022年粮食产量多少？", groups) == [county]
    # joined, both are asked; a city before a province qualifies nothing
    assert named_places("湖川和安远2024年地区生产总值各是多少", groups) == [HUCHUAN, city]
    assert named_places("湖川、安远2024年经济增速", groups) == [HUCHUAN, city]
    assert named_places("安远湖川2024年经济增速", groups) == [city, HUCHUAN]


def test_a_place_a_report_of_unread_place_names_again_and_again_is_that_reports() -> None:
    # a page that never writes "安远市" (its place unread), and a province's report that
    # mentions 安远 now and then: a question opening with 安远 is about the page
    from wenbao.documents import DocumentInfo
    from wenbao.ingest.pipeline import parse_bytes

    page = parse_bytes(
        "各位代表:\n现在,我代表市人民政府,向大会报告工作。\n一、2026年工作回顾\n"
        "这一年,安远人民圆了高铁梦。安远高新区产值突破100亿元,成为安远首个百亿园区,安远港吞吐量增长。"
        "全市规上工业增加值增长6%,规上工业企业新增50家,规上工业产值增长8%。\n".encode(),
        "page.txt",
    )
    province = parse_bytes(
        "2027年湖川省政府工作报告\n各位代表：\n现在，我代表省人民政府，向大会报告工作。\n一、2026年工作回顾\n"
        "全省地区生产总值增长5%。支持安远建设区域中心城市，安远至青禾高铁开工，安远港扩建。"
        "规上工业增加值增长7%，规上工业利润增长5%，"
        "规上工业企业突破2万家。\n".encode(),
        "huchuan.txt",
    )
    assert page.meta.place is None and province.meta.place == "湖川省"
    parsed = {page.meta.doc_id: page, province.meta.doc_id: province}
    docs = [DocumentInfo(d.meta, len(d.chunks)) for d in parsed.values()]
    resolver = ScopeResolver()
    asked = resolver.resolve("安远2026年高新区产值多少", docs, parsed)
    assert asked.doc_ids == frozenset({page.meta.doc_id}) and asked.refusal is None
    # a word every report writes opens no unread place
    assert resolver.resolve("规上工业2026年增长多少", docs, parsed).doc_ids != frozenset({page.meta.doc_id})
