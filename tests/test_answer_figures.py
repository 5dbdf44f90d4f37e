"""Figures however a report prints them (issue 27): thousands separators, full-width digits and
points, 万元 and 亿元 read as one amount; the quote keeps what was printed."""

from __future__ import annotations

from decimal import Decimal

from wenbao.answering.extractive import coverage, term_match
from wenbao.answering.figures import COUNT, MONEY, PERCENT, describe_change, find_figures
from wenbao.answering.question import Term


def test_separators_and_full_width_forms_are_read_as_numbers_and_quoted_as_printed() -> None:
    figures = find_figures("全县收入2,305,118万元，增长４．７％，其中税收6．05亿元，人均补助3,600元。")
    assert [f.text for f in figures] == ["2,305,118万元", "４．７％", "6．05亿元", "3,600元"]
    assert [f.value for f in figures] == [Decimal(n) for n in ("2305118", "4.7", "6.05", "3600")]
    assert [f.kind for f in figures] == [MONEY, PERCENT, MONEY, MONEY]
    # one figure, not "2" and "305,118" or "6" and "05亿元"
    assert len(figures) == 4


def test_hours_minutes_and_megawatts_are_figures() -> None:
    # "多少小时": a visa-free stay or a service radius is a count with a unit, as a plant's power is
    figures = find_figures("过境免签延长至144小时，建成15分钟生活圈，建成120兆瓦储能电站。")
    assert [(f.text, f.unit, f.kind) for f in figures] == [
        ("144小时", "小时", COUNT),
        ("15分钟", "分钟", COUNT),
        ("120兆瓦", "兆瓦", COUNT),
    ]


def test_satellites_medals_cattle_trees_and_trains_are_counted_figures() -> None:
    # "多少颗": a passage counting in a dictionary's counting word states the figure asked
    text = "组网卫星增至144颗，获得金牌48枚，肉牛出栏80万头，植树1200万株、3万棵，班列开行1.4万列。"
    figures = find_figures(text)
    assert [(f.text, f.kind) for f in figures] == [
        ("144颗", COUNT),
        ("48枚", COUNT),
        ("80万头", COUNT),
        ("1200万株", COUNT),
        ("3万棵", COUNT),
        ("1.4万列", COUNT),
    ]


def test_an_amount_in_wan_and_in_yi_is_the_same_number() -> None:
    wan = find_figures("支出240,500万元")[0]
    yi = find_figures("支出24.05亿元")[0]
    assert wan.base == yi.base
    later = find_figures("支出25．1亿元")[0]
    # the change is told in the later figure's unit
    assert describe_change(wan, later) == "增加1.05亿元"
    assert describe_change(later, wan) == "减少10500万元"


def test_tonnes_and_jin_of_one_harvest_compare() -> None:
    from wenbao.answering.figures import figure_range
    from wenbao.answering.strategies import _leader

    said = {"甲省": "粮食总产量突破1200万吨", "乙省": "粮食产量达到250亿斤"}
    tonnes, jin = (find_figures(t)[0] for t in said.values())
    assert tonnes.base == (Decimal("24000000000"), "斤")  # 1200万吨 = 240亿斤
    assert describe_change(tonnes, jin) == "增加10亿斤"
    spans = [(p, f, figure_range(said[p], f)) for p, f in (("甲省", tonnes), ("乙省", jin))]
    lead = _leader("更多", [(p, f, r) for p, f, r in spans if r is not None])
    assert lead == "按数值比较，乙省较高（250亿斤）"


def test_full_width_and_ascii_percent_compare() -> None:
    a, b = find_figures("增长２．３％")[0], find_figures("增长3.1%")[0]
    assert describe_change(a, b) == "提高0.8个百分点"


def test_a_heading_credits_only_the_terms_its_passage_does_not_name() -> None:
    income = Term("一般公共预算收入", ("一般公共预算收入",), 2.0)
    growth = Term("增长", ("增长",), 1.0)
    heading = "一般公共预算收入执行情况"
    # named in the passage: the full match, whatever the heading says
    assert coverage([income, growth], "一般公共预算收入增长5%", heading, 0.6) == 1.0
    # named only in the heading: the heading's credit for it
    assert coverage([income, growth], "完成335.79亿元，增长5%", heading, 0.6) == (2.0 * 0.6 + 1.0) / 3.0
    assert coverage([income, growth], "完成335.79亿元", "", 0.6) == 0.0


def test_a_two_character_abbreviation_finds_the_words_it_shortens() -> None:
    social = Term("社保", ("社保",), 1.0)
    assert term_match(social, "全市社会保险基金预算收入104.4亿元") == 0.8
    assert term_match(social, "全市政府性基金预算收入71.5亿元") == 0.0
    assert term_match(Term("医保", ("医保",), 1.0), "城乡居民医疗保险人均财政补助") == 0.8
