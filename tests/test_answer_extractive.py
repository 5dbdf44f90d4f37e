"""Extractive answering on passages these tests write: another district (秦淮区),
other years (2019, 2023) and other figures, so no rule leans on the seeds' text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wenbao.answering.extractive import Extraction, ExtractiveAnswerer
from wenbao.answering.figures import Figure, FigureRange, describe_change, find_figures
from wenbao.answering.question import QuestionAnalyzer
from wenbao.answering.synonyms import MappingSynonyms
from wenbao.documents import Chunk, Hit

TITLE_2023 = "关于秦淮区2023年国民经济和社会发展计划上半年执行情况的报告"
TITLE_2019 = "关于秦淮区2019年国民经济和社会发展计划上半年执行情况的报告"
PART1 = "上半年计划执行情况"
PART2 = "下半年工作安排"

MAIN_2023 = (
    "上半年经济运行稳中有进。地区生产总值完成812.34亿元，总量保持主城第3，同比增长5.1%，位列主城第4；"
    "一般公共预算收入完成61.2亿元，同比增长2.3%，增速位列全市第6；"
    "居民人均可支配收入完成3.91万元，同比增长4.8%。"
)
PROJECTS_2023 = (
    "全区56个重大项目中，41个项目达超序时，夫子庙文化中心、秦淮科创园二期竣工，白鹭洲公园改造主体完工。"
    "全区固定资产投资同比下降3.1%。"
)
PLAN_2023 = "全年技术合同成交额不少于60亿元，力争净增高新技术企业40家以上。"
TECH_2023 = "上半年，全区技术合同成交额完成35.7亿元，位列主城第3，完成全年目标的59.5%。"
MAIN_2019 = "地区生产总值完成655.1亿元，同比增长7.2%，排名全市第7；社会消费品零售总额402.6亿元，增长9.9%。"


def chunk(
    text: str,
    path: tuple[str, ...],
    year: int = 2023,
    cid: str = "c",
    notes: tuple[str, ...] = (),
) -> Chunk:
    title = TITLE_2023 if year == 2023 else TITLE_2019
    return Chunk(
        chunk_id=cid,
        doc_id=f"qinhuai-{year}-h1",
        doc_title=title,
        year=year,
        heading_path=path,
        heading_numbers=tuple("一、（一）1．"[i * 2 : i * 2 + 2] for i in range(len(path))),
        text=text,
        start=0,
        end=len(text),
        notes=notes,
    )


def hits(*chunks: Chunk) -> list[Hit]:
    return [Hit(c, 1.0 / (i + 1), {"bm25": i + 1, "dense": i + 1}) for i, c in enumerate(chunks)]


ANALYZER = QuestionAnalyzer(
    MappingSynonyms({"地区生产总值": ["GDP"], "社会消费品零售总额": ["社零"]}),
    home_places=("秦淮区", "秦淮"),
)
ANSWERER = ExtractiveAnswerer()

MAIN = chunk(MAIN_2023, (PART1, "经济运行", "主要指标"), cid="main")
PROJECTS = chunk(PROJECTS_2023, (PART1, "经济运行", "项目建设"), cid="projects")
PLAN = chunk(PLAN_2023, (PART2, "科技创新"), cid="plan")
TECH = chunk(TECH_2023, (PART1, "创新驱动", "创新能力"), cid="tech")
OLD = chunk(MAIN_2019, (PART1, "经济运行"), year=2019, cid="old")


def ask(question: str, *chunks: Chunk) -> Extraction:
    return ANSWERER.extract(ANALYZER.analyze(question), hits(*chunks))


def test_a_figure_question_gets_the_clause_with_the_figure_not_the_paragraph() -> None:
    ext = ask("2023年上半年秦淮区地区生产总值是多少？", MAIN, PROJECTS)
    assert ext.answerable
    assert ext.best is not None
    quote = ext.best.quote
    assert quote.startswith("地区生产总值完成812.34亿元")
    assert "一般公共预算收入" not in quote and "上半年经济运行稳中有进" not in quote
    assert quote in MAIN.text  # an exact quote


def test_a_synonym_from_the_thesaurus_finds_the_indicator() -> None:
    ext = ask("2023年秦淮区GDP是多少？", PROJECTS, MAIN)
    assert ext.answerable and ext.best is not None
    assert "812.34亿元" in ext.best.quote and ext.best.piece.chunk.chunk_id == "main"


def test_the_same_kind_of_figure_comes_from_the_sentence_whose_terms_match() -> None:
    # Three growth rates in one paragraph: each question gets its own.
    for question, expected, wrong in [
        ("2023年上半年一般公共预算收入增长了多少？", "2.3%", "5.1%"),
        ("2023年上半年居民人均可支配收入同比增长多少？", "4.8%", "2.3%"),
        ("2023年上半年地区生产总值增速是多少？", "5.1%", "4.8%"),
    ]:
        ext = ask(question, MAIN)
        assert ext.answerable and ext.best is not None, question
        assert expected in ext.best.quote and wrong not in ext.best.quote, (question, ext.best.quote)


def test_a_rank_question_about_a_growth_rate_gets_the_rank_after_the_rate() -> None:
    ext = ask("2023年上半年一般公共预算收入增速在全市排第几？", MAIN)
    assert ext.answerable and ext.best is not None
    assert "全市第6" in ext.best.quote


def test_first_half_results_win_over_full_year_targets() -> None:
    ext = ask("2023年上半年技术合同成交额是多少？", PLAN, TECH)
    assert ext.best is not None and "35.7亿元" in ext.best.quote
    ext = ask("2023年上半年技术合同成交额完成了全年目标的多少？", PLAN, TECH)
    assert ext.best is not None and "59.5%" in ext.best.quote


def test_a_plan_question_gets_the_target() -> None:
    ext = ask("2023年下半年技术合同成交额的目标是多少？", TECH, PLAN)
    assert ext.answerable and ext.best is not None
    assert "60亿元" in ext.best.quote


def test_a_list_question_gets_the_items() -> None:
    ext = ask("2023年上半年秦淮区有哪些项目竣工了？", MAIN, PROJECTS)
    assert ext.answerable and ext.best is not None
    assert "夫子庙文化中心" in ext.best.quote and "秦淮科创园二期" in ext.best.quote


def test_the_year_asked_picks_the_report_of_that_year() -> None:
    ext = ask("2019年上半年地区生产总值是多少？", MAIN, OLD)
    assert ext.best is not None and "655.1亿元" in ext.best.quote
    ext = ask("2023年上半年地区生产总值是多少？", OLD, MAIN)
    assert ext.best is not None and "812.34亿元" in ext.best.quote


def test_a_footnote_can_answer() -> None:
    c = chunk(
        "出台“人才新政20条”，营造引才聚才良好环境。",
        (PART1, "人才"),
        notes=("即《关于全面建设人才强区的若干措施》",),
    )
    ext = ask("“人才新政20条”的全称是什么？", c)
    assert ext.answerable and ext.best is not None
    assert "若干措施" in ext.best.quote


def test_an_indicator_the_passages_do_not_give_is_refused() -> None:
    for question in [
        "2023年上半年秦淮区进出口总额是多少？",
        "2023年上半年秦淮区一般公共预算支出是多少？",  # only 收入 is given
        "2023年上半年秦淮区城镇登记失业率是多少？",
    ]:
        ext = ask(question, MAIN, PROJECTS)
        assert not ext.answerable, (question, ext.best.quote if ext.best else None)
        assert ext.reason


def test_a_coverage_rate_is_not_answered_by_a_coverage_in_words() -> None:
    # "全覆盖" shares 覆盖 with 森林覆盖率 and its sentence has a percentage: 产值's, not the rate's
    # (the report says 森林 elsewhere, so it is the report's word, not only a resident's)
    said = chunk("农业龙头企业实现“三个全覆盖”，重点产业产值占农林牧渔业总产值的80%以上。", (PART1, "农业"))
    fire = chunk("森林防火和应急救援能力持续提升。", (PART1, "安全"), cid="fire")
    assert not ask("2023年上半年秦淮区森林覆盖率是多少？", said, fire).answerable
    given = chunk("全区森林覆盖率达到31.5%，新增城市绿地12公顷。", (PART1, "生态环境"))
    ext = ask("2023年上半年秦淮区森林覆盖率是多少？", given)
    assert ext.answerable and ext.best is not None and "31.5%" in ext.best.quote


def test_a_figure_question_whose_passage_has_no_figure_is_refused() -> None:
    c = chunk("持续推进老旧小区改造，居民满意度不断提升。", (PART1, "城市建设"))
    ext = ask("2023年上半年老旧小区改造完成了多少个？", c)
    assert not ext.answerable


def test_a_year_no_report_covers_must_be_named_in_the_quote() -> None:
    frame = ANALYZER.analyze("2021年上半年地区生产总值是多少？")
    ext = ANSWERER.extract(frame, hits(MAIN, OLD), foreign_years=[2021])
    assert not ext.answerable
    mention = chunk("2021年接收的120名退役士兵已全部就业。", (PART1, "民生"))
    frame = ANALYZER.analyze("2021年接收的退役士兵就业了吗？")
    ext = ANSWERER.extract(frame, hits(mention), foreign_years=[2021])
    assert ext.answerable


def test_figures_and_the_difference_between_two_years() -> None:
    amounts = [f for f in find_figures(MAIN_2019 + MAIN_2023) if f.text.endswith("亿元")]
    assert [f.text for f in amounts][:2] == ["655.1亿元", "402.6亿元"]
    old, new = find_figures("655.1亿元")[0], find_figures("812.34亿元")[0]
    assert describe_change(old, new) == "增加157.24亿元"
    assert describe_change(find_figures("7.2%")[0], find_figures("5.1%")[0]) == "下降2.1个百分点"
    # 万元 and 元 are one unit for a comparison (issue 27); 元 and 人 are not
    assert describe_change(find_figures("3.91万元")[0], find_figures("40100元")[0]) == "增加1000元"
    assert describe_change(find_figures("3.91万元")[0], find_figures("39100人")[0]) is None
    ranks = [
        f.text
        for f in find_figures("第三届人大常委会第二十一次会议，位列主城第4，第二实验小学")
        if f.kind == "rank"
    ]
    assert ranks == ["第4"]


def test_the_asked_indicator_wins_over_a_narrower_one_and_a_five_year_figure() -> None:
    review = ("2023年工作回顾",)
    narrow = chunk("人均地区生产总值突破1.5万美元，达1.56万美元。", review, cid="n")
    span = chunk("五年来，地区生产总值年均增长6.1%，累计新增就业38万人。", review, cid="s")
    exact = chunk("地区生产总值达到1.21万亿元，增长5.3%。", review, cid="e")
    ext = ExtractiveAnswerer().extract(
        ANALYZER.analyze("2023年地区生产总值是多少？"), hits(narrow, span, exact)
    )
    assert ext.answerable and ext.best is not None and "1.21万亿元" in ext.best.quote
    growth = ExtractiveAnswerer().extract(
        ANALYZER.analyze("2023年地区生产总值增长了多少？"), hits(span, exact)
    )
    assert growth.best is not None and "5.3%" in growth.best.quote


def test_a_unit_named_in_the_question_needs_a_figure_of_that_unit() -> None:
    text = chunk("外贸进出口增长2.7%，其中出口增长4.1%。", ("2023年工作回顾",), cid="t")
    ext = ExtractiveAnswerer().extract(ANALYZER.analyze("2023年外贸进出口总额是多少亿元？"), hits(text))
    assert not ext.answerable  # a growth rate is not an amount in 亿元
    ok = ExtractiveAnswerer().extract(ANALYZER.analyze("2023年外贸进出口增长了多少？"), hits(text))
    assert ok.answerable and ok.best is not None and "2.7%" in ok.best.quote


def test_a_magnitude_before_a_unit_is_a_count_not_money() -> None:
    # "万"/"亿" before a unit scale that unit: vehicles, tonnes, visits; bare, they are money.
    kinds = {
        f.text: f.kind
        for f in find_figures(
            "新增电动公交车1.2万辆，货运量3.5亿吨，接待游客2.1亿人次，引进1万余人，建成农田60万亩，投资80万"
        )
    }
    assert kinds == {
        "1.2万辆": "count",
        "3.5亿吨": "count",
        "2.1亿人次": "count",
        "1万余人": "count",
        "60万亩": "count",
        "80万": "money",
    }
    # The difference between two years keeps the scaled unit.
    assert describe_change(find_figures("0.9万辆")[0], find_figures("1.2万辆")[0]) == "增加0.3万辆"


def test_a_question_naming_a_scaled_unit_is_answered_by_that_figure() -> None:
    review = ("2023年工作回顾", "绿色发展")
    text = chunk("推广新能源公交车，全区新能源汽车保有量达到4.6万辆，增长18%。", review, cid="ev")
    for question in ("2023年秦淮区新能源汽车保有量是多少万辆？", "2023年秦淮区有多少辆新能源汽车？"):
        ext = ExtractiveAnswerer().extract(ANALYZER.analyze(question), hits(text))
        assert ext.answerable and ext.best is not None, question  # not "没有所问的数字"
        assert "4.6万辆" in ext.best.quote, (question, ext.best.quote)


def test_the_base_of_a_share_does_not_name_the_asked_indicator() -> None:
    # In "…增加值占地区生产总值比重达9.5%" the figure is a share of another indicator:
    # a question on 地区生产总值 itself is answered by the clause that states it.
    review = ("2023年工作回顾",)
    share = chunk("数字经济核心产业增加值占地区生产总值比重达9.5%，比上年提高0.8个百分点。", review, cid="sh")
    own = chunk("全区经济稳中有进，企业数量达3.2万家、地区生产总值增长5.3%。", review, cid="gdp")
    for question in ("2023年秦淮区地区生产总值增长多少？", "2023年秦淮区GDP增长了多少？"):
        ext = ExtractiveAnswerer().extract(ANALYZER.analyze(question), hits(share, own))
        assert ext.answerable and ext.best is not None, question
        assert "5.3%" in ext.best.quote and "9.5%" not in ext.best.quote, (question, ext.best.quote)
    # Asked for the share, the same clause answers.
    asked = ExtractiveAnswerer().extract(
        ANALYZER.analyze("2023年数字经济核心产业增加值占地区生产总值比重是多少？"), hits(own, share)
    )
    assert asked.answerable and asked.best is not None and "9.5%" in asked.best.quote


@pytest.mark.parametrize(
    "share",
    [
        "降低全社会物流成本，社会物流总费用与地区生产总值的比率降至13.6%左右。",
        "全社会研发经费支出相当于地区生产总值的比例达到3.9%。",
        "服务业在地区生产总值中的比重上升到52.5%。",
        "消费对地区生产总值增长的贡献率达到61.4%。",
    ],
)
def test_a_ratio_to_the_indicator_is_not_its_growth(share: str) -> None:
    # The indicator named as what a ratio, share or contribution is taken of gives no figure of
    # its own: its growth is the clause that states it, ranked behind the ratio's passage.
    review = ("2023年工作回顾",)
    ratio = chunk(share, review, cid="ratio")
    own = chunk("全区经济稳中有进，企业数量达3.2万家、地区生产总值增长5.3%。", review, cid="gdp")
    asked = ANALYZER.analyze("2023年秦淮区地区生产总值增速是多少？")
    ext = ExtractiveAnswerer().extract(asked, hits(ratio, own))
    assert ext.answerable and ext.best is not None
    assert "5.3%" in ext.best.quote, ext.best.quote


def test_a_range_is_read_as_its_span_and_leads_only_when_it_clearly_does() -> None:
    from wenbao.answering.figures import figure_range
    from wenbao.answering.strategies import _leader

    def span(text: str) -> tuple[str, Figure, FigureRange]:
        figure = next(f for f in find_figures(text) if f.kind == "percent")
        got = figure_range(text, figure)
        assert got is not None
        return text, figure, got

    dash = span("地区生产总值增长4.5%—5%")
    bare = span("地区生产总值增长5%-5.5%左右")
    point = span("地区生产总值增长6%左右")
    unitless = span("增长5-5.5%")  # the first number carries no unit
    assert (unitless[2].text, unitless[2].low, unitless[2].high) == ("5-5.5%", Decimal("5"), Decimal("5.5"))
    assert (dash[2].text, dash[2].low, dash[2].high) == ("4.5%—5%", Decimal("4.5"), Decimal("5"))
    assert (bare[2].text, bare[2].low, bare[2].high) == ("5%-5.5%", Decimal("5"), Decimal("5.5"))
    assert point[2].low == point[2].high == Decimal("6")
    five = span("增长5%左右")
    # 4.5%—5% against 5%: whichever end is read decides, so neither is named.
    assert _leader("最高", [("甲省", dash[1], dash[2]), ("乙省", five[1], five[2])]) == ""
    highest = _leader("最高", [("甲省", bare[1], bare[2]), ("丙省", point[1], point[2])])
    assert highest == "按数值比较，丙省较高（6%）"
    lowest = _leader("最低", [("甲省", dash[1], dash[2]), ("丙省", point[1], point[2])])
    assert lowest == "按数值比较，甲省较低（4.5%—5%）"


def test_an_indicator_counts_only_with_its_modifiers_shortly_before_its_head() -> None:
    from wenbao.answering.extractive import term_match
    from wenbao.answering.question import Term

    term = Term("规模以上工业增加值", ("规模以上工业增加值",), 6.0)
    # The modifiers stand before the head, split by a list: the same indicator.
    assert term_match(term, "规模以上工业企业达7.6万家、增加值增长3%") >= 0.5
    # The head of other indicators, and a modifier after it: not this indicator.
    assert term_match(term, "六大优势产业、高技术制造业增加值分别增长6.8%、12.3%，工业投资增长7.3%") < 0.5


def test_a_question_asking_which_officeholder_needs_that_office_in_the_quote() -> None:
    c = chunk("现在，我代表区人民政府，向大会报告上半年计划执行情况，请予审议。", (PART1,))
    assert not ask("2023年秦淮区上半年计划执行情况的报告是哪位区长作的？", c).answerable
    named = chunk("秦淮区区长王五代表区人民政府向大会报告上半年计划执行情况。", (PART1,))
    assert ask("2023年秦淮区上半年计划执行情况的报告是哪位区长作的？", named).answerable


def test_the_title_block_answers_who_and_when_but_no_question_about_the_content() -> None:
    title = chunk(
        "政府工作报告\n——2026年1月20日在青州市第十六届人民代表大会第五次会议上\n青州市市长 钱七\n各位代表：",
        (),
    )
    body = chunk("实施育儿补贴制度，每孩每年发放3600元，发展普惠托育服务。", ("二、2026年工作安排",), cid="b")
    answer = ask("2026年在青州生孩子，政府会发钱吗？", title, body)
    assert answer.best is not None and answer.best.piece.chunk.chunk_id == "b"
    assert ask("2026年青州市政府工作报告是哪位市长作的？", title, body).answerable


def test_a_figure_given_for_a_narrower_indicator_named_just_before_it_is_not_the_answer() -> None:
    c = chunk(
        "全区地区生产总值连跨2个百亿级台阶，2022年人均地区生产总值提升至15.2万元。地区生产总值增长5.1%，好于预期。",
        (PART1,),
    )
    ext = ask("2022年秦淮区地区生产总值增长了多少？", c)
    assert ext.answerable and ext.best is not None and "5.1%" in ext.best.quote


def test_a_rate_is_answered_only_by_a_percentage() -> None:
    c = chunk("上半年全区城镇新增就业1.2万人，重点群体就业稳定。", (PART1, "民生"))
    assert not ask("2023年上半年秦淮区城镇调查失业率是多少？", c).answerable
    rate = chunk("上半年全区城镇调查失业率为4.6%，重点群体就业稳定。", (PART1, "民生"))
    assert ask("2023年上半年秦淮区城镇调查失业率是多少？", rate).answerable


def test_a_yearly_average_is_answered_only_by_an_average() -> None:
    review = ("一、过去五年工作回顾",)
    one_year = chunk("2023年全区地区生产总值增长5.1%，总量连续5年位居全市前列。", review)
    assert not ask("“十四五”时期秦淮区地区生产总值年均增长多少？", one_year).answerable
    average = chunk(
        "过去五年，全区地区生产总值年均增长6.3%，总量连续5年位居全市前列。", ("一、过去五年工作回顾",)
    )
    assert ask("“十四五”时期秦淮区地区生产总值年均增长多少？", average).answerable


def test_one_years_mean_is_answered_by_the_years_figure_in_any_of_its_forms() -> None:
    # "2023年…年均浓度" names one year: its 年均 is that year's mean, as "平均浓度" writes it.
    review = ("一、2023年工作回顾", "生态环境")
    c = chunk("全年空气质量持续改善，全区细颗粒物平均浓度29.6微克/立方米，优良天数比率88%。", review)
    ext = ask("2023年秦淮区细颗粒物年均浓度是多少？", c)
    assert ext.answerable and ext.best is not None and "29.6微克" in ext.best.quote


def test_a_total_output_answers_the_output_asked() -> None:
    # "粮食产量" is written "粮食总产量" or "粮食总产"; a figure over several years is not the year's.
    review = ("一、2023年工作回顾", "农业农村")
    span = chunk("粮食产量连续8年稳定在9万吨以上，耕地保护有力。", review, cid="span")
    total = chunk("全年粮食总产达9.63万吨，新建高标准农田1.2万亩。", review, cid="total")
    ext = ExtractiveAnswerer().extract(ANALYZER.analyze("2023年秦淮区粮食产量是多少吨？"), hits(total, span))
    assert ext.answerable and ext.best is not None and "9.63万吨" in ext.best.quote, ext.best.quote


def test_a_quote_that_opens_with_another_year_does_not_answer_the_year_asked() -> None:
    plan = chunk("2024年10件民生实事：新增城镇就业1.5万人，改造老旧小区20个。", ("二、下半年工作安排",))
    assert not ask("2023年上半年秦淮区城镇新增就业多少人？", plan).answerable


def test_a_figure_of_only_a_narrower_indicator_is_no_answer() -> None:
    c = chunk("全区经济稳步发展，2022年人均地区生产总值提升至15.2万元。", (PART1,))
    assert not ask("2022年秦淮区地区生产总值是多少？", c).answerable
    assert ask("2022年秦淮区人均地区生产总值是多少？", c).answerable


def test_an_abbreviation_matches_its_full_words_only() -> None:
    from wenbao.answering.extractive import _abbreviates, _occurrences

    assert _abbreviates("社保", "全市社会保险参保人数增长")
    assert _abbreviates("医保", "医疗保障")  # at the very end of the text
    assert not _abbreviates("社保", "社会的保障")  # the words are not adjacent
    assert not _abbreviates("社保", "社会保")  # the second word is cut short
    assert not _abbreviates("GDP", "GDP增长")
    assert _occurrences("增长", "增长增长，再增长") == [0, 2, 6]
    assert _occurrences("aa", "aaa") == [0]  # no overlaps, as a regex finds them
    assert _occurrences("", "abc") == []


def test_a_sentence_opening_with_one_year_still_answers_the_other_year_it_names() -> None:
    both = chunk("2023年上半年城镇新增就业1.1万人，2024年上半年力争新增1.2万人。", (PART1,))
    assert ask("2024年上半年秦淮区城镇新增就业目标是多少？", both).answerable


def test_the_clause_naming_the_asked_word_whole_wins_over_a_shorter_synonym_inside_it() -> None:
    # "外贸" counts as 外贸进出口额, but here it stands in "外贸企业": the count of firms is
    # not the trade figure the next clause gives.
    analyzer = QuestionAnalyzer(MappingSynonyms({"外贸进出口额": ["外贸"]}), home_places=("秦淮区", "秦淮"))
    trade = chunk(
        "上半年开放型经济稳步发展。新增有实绩的外贸企业320家，外贸进出口额186.4亿元。",
        (PART1, "开放型经济"),
        cid="trade",
    )
    ext = ANSWERER.extract(analyzer.analyze("2023年上半年秦淮区外贸进出口额是多少？"), hits(trade))
    assert ext.answerable and ext.best is not None
    assert "186.4亿元" in ext.best.quote and "320家" not in ext.best.quote


def test_a_per_head_indicator_is_not_answered_by_another_indicators_per_head_figure() -> None:
    mixed = chunk(
        "上半年全区地区生产总值增长5.1%，居民人均可支配收入增长4.8%。", (PART1, "经济运行"), cid="mixed"
    )
    ext = ask("2023年上半年秦淮区人均GDP是多少？", mixed)
    assert not ext.answerable
    own = chunk(
        "上半年全区人均地区生产总值达到8.2万元，居民人均可支配收入增长4.8%。", (PART1, "经济运行"), cid="own"
    )
    ext = ask("2023年上半年秦淮区人均GDP是多少？", own)
    assert ext.answerable and ext.best is not None and "8.2万元" in ext.best.quote


SHARE_2023 = "上半年，全区产业投资占全部投资比重达到55.2%，民间投资持续活跃。"
GROWTH_2023 = "上半年，全区固定资产投资同比增长6.1%，其中产业投资增长9.4%，基础设施投资下降2.0%。"


def test_a_growth_question_is_answered_by_a_change_not_by_a_share() -> None:
    share = chunk(SHARE_2023, (PART1, "项目建设"), cid="share")
    growth = chunk(GROWTH_2023, (PART1, "经济运行"), cid="growth")
    ext = ask("2023年上半年秦淮区产业投资增长多少？", share, growth)
    assert ext.answerable and ext.best is not None
    assert "9.4%" in ext.best.quote and "55.2%" not in ext.best.quote
    # a share of the indicator is no growth of it: nothing to quote then
    assert not ask("2023年上半年秦淮区产业投资增长多少？", share).answerable
    # asked as a share, the share answers
    asked_share = ask("2023年上半年秦淮区产业投资占比多少？", share, growth)
    assert asked_share.best is not None and "55.2%" in asked_share.best.quote


def test_everyday_words_for_young_people_renting_search_the_reports_housing_rental_words() -> None:
    """年轻人 is 青年人 (and 青年), 租房 is the report's 住房租赁 / 租赁住房: dictionary synonyms, so
    a question on renting for young people searches the words a report writes it in (a passage
    that only says 住房保障 beside 年轻人 no longer outranks "缓解青年人住房困难")."""
    from wenbao.answering.synonyms import default_synonyms
    from wenbao.index.query import default_thesaurus

    searched = set(default_thesaurus().expand("2023年秦淮区年轻人租房难，政府有什么办法？"))
    assert {"住房租赁", "租赁住房", "青年人"} <= searched, searched
    analyzer = QuestionAnalyzer(default_synonyms(), home_places=("秦淮区", "秦淮"))
    young = next(t for t in analyzer.analyze("2023年秦淮区对青年租房有什么支持").terms if t.text == "青年")
    assert "年轻人" in young.alternatives and "青年人" in young.alternatives
