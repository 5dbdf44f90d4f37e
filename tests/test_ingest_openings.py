"""Kind, title, date, place and speaker however a report opens (issues 25 and 27): no title line,
a web page's clutter above the title, a budget report signed by an office, meeting lines of many
shapes, autonomous prefectures, place names that hold characters of ordinary words."""

from __future__ import annotations

import pytest

from wenbao.ingest.pipeline import parse_bytes

BODY = (
    "一、2026年工作回顾\n过去一年，全区地区生产总值增长5.5%。\n二、2027年工作安排\n今年全区将扩大有效投资。\n"
)
BUDGET_BODY = (
    "一、2026年全市和市本级预算执行情况\n2026年全市一般公共预算收入完成120.5亿元，增长3.1%。\n"
    "市本级一般公共预算收入完成40.2亿元，增长1.2%。\n"
    "二、2027年全市和市本级预算草案\n2027年全市一般公共预算收入预期实现125亿元。\n"
)


def _meta(text: str, name: str = "xx-2027-gzbg.txt"):  # type: ignore[no-untyped-def]
    return parse_bytes(text.encode("utf-8"), name).meta


@pytest.mark.parametrize(
    "opening",
    [
        "现在，我代表南岸区人民政府，向大会报告政府工作，请予审议。\n",
        "现在，我代表区人民政府向大会作工作报告，请予审议。\n",
        "受区人民政府委托，我向大会作政府工作报告，请予审议。\n",
    ],
)
def test_a_work_report_without_a_title_line_is_known_from_its_opening(opening: str) -> None:
    m = _meta(
        "——2027年1月9日在重庆市南岸区第十九届人民代表大会第五次会议上\n各位代表：\n" + opening + BODY,
        "nananqu-2027-gzbg.txt",
    )
    assert m.kind == "government_work_report"
    # the title is made from what is known and marked so; the file name never shows as a title
    assert m.title == "重庆市南岸区2027年政府工作报告"
    assert m.sources["title"] == "derived"
    assert m.date == "2027-01-09"


def test_a_title_below_a_web_pages_menus_and_breadcrumbs() -> None:
    m = _meta(
        "首页 政务公开 办事服务 互动交流\n当前位置：首页 > 政务公开 > 财政报告\n"
        "关于宜州市2026年预算执行情况和2027年预算草案的报告\n日期：2027-01-20 09:00 来源：宜州市财政局\n"
        "——2027年1月12日在宜州市第九届人民代表大会第三次会议上\n宜州市财政局\n各位代表：\n"
        "受市人民政府委托，向大会报告2026年预算执行情况和2027年预算草案，请予审议。\n" + BUDGET_BODY,
        "page.txt",
    )
    assert m.title == "关于宜州市2026年预算执行情况和2027年预算草案的报告"
    assert (m.kind, m.place, m.date) == ("budget_report", "宜州市", "2027-01-12")
    # signed by the office, no person named: the office is who delivered it
    assert m.role == "宜州市财政局" and m.speaker is None


def test_a_budget_report_without_a_title_and_a_speaker_set_off_by_an_en_space() -> None:
    m = _meta(
        "——2027年1月15日在长治市第十五届人民代表大会第四次会议上\n长治市财政局局长\u2002王五\n各位代表：\n"
        "受市人民政府委托，我向大会提出2026年全市和市本级预算执行情况与2027年全市和市本级预算草案报告，请予审议。\n"
        + BUDGET_BODY,
        "report.txt",
    )
    # "长治" holds 长 (as in 区长): a name is judged by words, not characters
    assert (m.kind, m.place, m.speaker, m.role) == ("budget_report", "长治市", "王五", "长治市财政局局长")
    assert m.title == "长治市2027年预算报告" and m.sources["title"] == "derived"


def test_a_plan_report_title_and_a_final_accounts_title() -> None:
    plan = _meta(
        "关于和田市2026年国民经济和社会发展计划执行情况与2027年计划草案的报告\n"
        "——2027年1月8日在和田市第五届人民代表大会第二次会议上\n各位代表：\n"
        "受市人民政府委托，向大会报告。\n" + BODY
    )
    assert (plan.kind, plan.place) == ("plan_execution_report", "和田市")
    accounts = _meta("关于本溪市2026年市本级决算的报告\n各位委员：\n现将决算情况报告如下。\n" + BUDGET_BODY)
    assert (accounts.kind, accounts.place) == ("budget_report", "本溪市")


@pytest.mark.parametrize(
    ("meeting", "date"),
    [
        ("——2027年1月9日在大理白族自治州第十五届人民代表大会第四次会议上", "2027-01-09"),
        ("（2027年1月9日在大理白族自治州第十五届人民代表大会第四次会议上）", "2027-01-09"),
        ("二○二七年一月九日在大理白族自治州第十五届人民代表大会第四次会议上", "2027-01-09"),
        ("2027 年 1 月 9 日在大理白族自治州第十五届人民代表大会第四次会议上", "2027-01-09"),
        ("——在大理白族自治州第十五届人民代表大会第四次会议上\n2027年1月9日", "2027-01-09"),
        ("2027年1月9日\n在大理白族自治州第十五届人民代表大会第四次会议上", "2027-01-09"),
    ],
)
def test_the_delivery_date_in_every_shape_of_the_meeting_line(meeting: str, date: str) -> None:
    m = _meta(
        f"政府工作报告\n{meeting}\n各位代表：\n"
        "现在，我代表州人民政府，向大会报告政府工作，请予审议。\n" + BODY,
        "dali.txt",
    )
    assert m.date == date
    # an autonomous prefecture keeps its whole name, never the suffix alone
    assert m.place == "大理白族自治州" and "大理" in m.place_aliases


def test_a_place_is_never_read_from_a_phrase_of_the_body() -> None:
    m = _meta(
        "各位代表：\n现在，我向大会报告政府工作。\n一、2026年工作回顾\n"
        "全市上下支持城市更新，支持城市更新行动取得成效，支持城市建设。\n二、2027年工作安排\n全市将继续支持城市更新。\n",
        "report.txt",
    )
    assert m.place is None


def test_a_county_work_report_copied_from_a_web_page() -> None:
    m = _meta(
        "网站首页 | 政务公开 | 政府工作报告\n您当前的位置：首页 > 政务公开 > 政府工作报告\n"
        "2027年松溪县人民政府工作报告\n发布时间：2027-01-20 来源：县政府办 浏览次数：1024\n"
        "——2027年1月6日在松溪县第十八届人民代表大会第二次会议上\n松溪县人民政府县长 钱七\n各位代表：\n"
        "现在，我代表县人民政府，向大会报告政府工作，请予审议。\n" + BODY,
        "page-1024.txt",
    )
    assert (m.title, m.kind) == ("2027年松溪县人民政府工作报告", "government_work_report")
    assert (m.place, m.date, m.speaker) == ("松溪县", "2027-01-06", "钱七")


MEETING = "第十八届人民代表大会第三次会议"


@pytest.mark.parametrize(
    ("occasion", "role", "speaker"),
    [
        # after the meeting, as newspapers print it, with the salutation on the next line
        (f"2027年1月14日在东川市{MEETING}上东川市市长张工同志作政府工作报告。\n", "东川市市长", "张工"),
        (f"2027年1月20日在西山省{MEETING}上西山省人民政府代省长李殿文作政府工作报告\n",
         "西山省人民政府代省长", "李殿文"),
        # between the date and the meeting, with or without a space, name first or role first
        (f"——2027年1月16日省长 王乐成在西山省{MEETING}上的讲话\n", "省长", "王乐成"),
        (f"----2027年1月15日赵正市长在东川市{MEETING}的政府工作报告\n", "市长", "赵正"),
        # a speaker line of its own, the name transcribed with "·"
        (f"2027年1月19日在北疆自治区{MEETING}上\n自治区主席 艾尔肯·吐尼亚孜\n",
         "自治区主席", "艾尔肯·吐尼亚孜"),
    ],
)  # fmt: skip
def test_the_speaker_on_the_meeting_line_or_with_a_long_name(occasion: str, role: str, speaker: str) -> None:
    opening = "各位代表：\n现在，我代表人民政府，向大会报告工作，请予审议。\n"
    m = _meta("2027年某某政府工作报告\n" + occasion + opening + BODY)
    assert (m.role, m.speaker, m.date) == (role, speaker, f"2027-01-{occasion.split('月')[1][:2]}")
    # the meeting alone: no speaker, no "作政府工作报告", no salutation glued to it
    assert m.meeting is not None and m.meeting.endswith(MEETING)


def test_a_table_of_contents_ahead_of_the_report_hides_neither_title_nor_headings() -> None:
    """A publication of the report with its tables opens with "目录": its numbered entries are no
    headings, and the title, meeting line and office that follow it are the report's."""
    text = (
        "目录\n第一部分 报告\n第二部分 预算表格\n一、2026年全县一般公共预算收支执行情况表\n"
        "二、2027年全县一般公共预算收支预算情况表\n第三部分 情况说明\n一、2027年三公经费预算情况说明\n"
        "第一部分 报告\n关于宁远县2026年预算执行情况和2027年预算草案的报告\n"
        "——2026年12月20日在宁远县第九届人民代表大会\n第二次会议上\n宁远县财政局\n各位代表：\n"
        "受县人民政府委托，现将2026年预算执行情况和2027年预算草案提请大会审议。\n"
        "一、2026年财政预算执行情况\n（一）全县预算执行情况\n2026年，全县一般公共预算收入预计完成8100万元。\n"
        "（二）县级预算执行情况\n2026年，县级一般公共预算收入预计完成6400万元。\n"
    )
    doc = parse_bytes(text.encode("utf-8"), "page.txt")
    m = doc.meta
    assert m.title == "关于宁远县2026年预算执行情况和2027年预算草案的报告"
    assert (m.kind, m.place, m.date, m.role) == ("budget_report", "宁远县", "2026-12-20", "宁远县财政局")
    # the report's own parts are the headings, the county-level figure sits under its part
    assert [s.title for s in doc.sections] == ["2026年财政预算执行情况"]
    county = next(c for c in doc.chunks if "6400万元" in c.text)
    assert county.heading_path[-1] == "县级预算执行情况"
    # the contents stay searchable, as text before the report
    assert any("三公经费预算情况说明" in c.text for c in doc.chunks)


def test_a_budget_explanation_whose_title_ran_into_its_first_sentence() -> None:
    """A finance bureau's page ends none of its header lines with punctuation: index fields, the
    title ("…预算公开的说明") and the first sentence come as one paragraph."""
    text = (
        "您当前的位置:首页>政务公开>预算/决算>政府预算\n• [ 发布机构 ]\n• 宁远县财政局\n• [ 体裁分类 ]\n"
        "• 财政预算、决算\n• [ 有效性 ]\n宁远县2026年预算执行及2027年预算公开的说明\n"
        "宁远县2026年预算执行及2027年财政预算情况经县第九届人民代表大会第二次会议通过，现予以说明。\n"
        "一、2026年预算执行情况\n一般公共预算收入88435万元，完成调整预算的99.2%。\n"
    )
    m = _meta(text, "page.txt")
    assert m.title == "宁远县2026年预算执行及2027年预算公开的说明"
    assert (m.kind, m.place) == ("budget_report", "宁远县")


def test_a_report_cited_in_the_first_sentence_is_no_title() -> None:
    m = _meta(
        "宁远县第九届人民代表大会第二次会议审议批准《关于宁远县2026年预算执行情况和2027年预算草案的报告》，"
        "2026年宁远县财政收支决算草案现已编制完成。\n一、财政收支决算情况\n一般公共预算收入88435万元。\n",
        "page.txt",
    )
    assert m.title != "关于宁远县2026年预算执行情况和2027年预算草案的报告"


def _covers(text: str, *words: str):  # type: ignore[no-untyped-def]
    """What the passage holding each of ``words`` covers, in a report the test writes."""
    chunks = parse_bytes(text.encode("utf-8"), "page.txt").chunks
    return [next(c for c in chunks if w in c.text).covers for w in words]


def test_final_accounts_report_on_the_year_of_the_accounts() -> None:
    """A 决算 report delivered in July 2027 reports 2026: its parts ("全市收支决算情况") name no year,
    and none of them is a plan for 2027."""
    (covers,) = _covers(
        "关于2026年决算的报告\n——2027年7月28日在市七届人大常委会第十次会议上\n市财政局局长 王 明\n"
        "市人大常委会：\n受市政府委托，现将2026年全市和市级决算情况报告如下。\n"
        "一、全市收支决算情况\n（一）一般公共预算\n2026年全市一般公共预算收入2441亿元、增长6%。"
        "全市一般公共预算支出5305亿元、增长8.4%。\n",
        "5305亿元",
    )
    assert covers is not None and (covers.years, covers.aspect) == ((2026,), "results")


def test_a_half_year_in_the_title_belongs_to_its_own_year() -> None:
    """ "2026年省级财政决算草案和2027年上半年全省财政预算执行情况": the 2026 accounts are a whole
    year's, only the 2027 part is a half-year."""
    year_part, half_part = _covers(
        "关于2026年省级财政决算草案和2027年上半年全省财政预算执行情况的报告\n"
        "——2027年7月23日在某某省第十四届人民代表大会常务委员会第十次会议上\n"
        "一、2026年省级财政决算情况\n2026年，省级一般公共预算收入265.9亿元，同比增长0.8%。\n"
        "二、2027年上半年全省财政预算执行情况\n上半年，全省一般公共预算收入完成580亿元。\n",
        "265.9亿元",
        "580亿元",
    )
    assert year_part is not None and (year_part.years, year_part.period) == ((2026,), "full_year")
    assert half_part is not None and (half_part.years, half_part.period) == ((2027,), "first_half")


OPENING = "各位代表：\n现在，我代表省人民政府向大会报告工作，请予审议。\n"


def test_an_occasion_line_opened_by_horizontal_bars() -> None:
    # some sites set "――" (U+2015) where print has "——"
    m = _meta(f"政府工作报告\n――2027年1月27日在西山省{MEETING}上\n省长 李四\n{OPENING}{BODY}")
    assert (m.date, m.meeting, m.speaker) == ("2027-01-27", f"西山省{MEETING}", "李四")


def test_occasion_and_speaker_on_one_line_and_a_web_pages_repeated_header() -> None:
    header = f"西山省2027年政府工作报告\n2027年1月27日在西山省{MEETING}上 西山省省长 李四\n"
    # the page repeats its header under the menus, where the cleaner runs it together
    page = f"分享:\n{header}首页\n>\n政府信息公开\n>\n政府工作报告\n{header}时间：\n2027-02-02 09:20\n"
    m = _meta(page + OPENING + BODY)
    assert (m.date, m.meeting) == ("2027-01-27", f"西山省{MEETING}")
    assert (m.role, m.speaker) == ("西山省省长", "李四")


def test_a_speaker_named_only_in_a_news_lead_above_the_salutation() -> None:
    lead = f"1月27日，西山省{MEETING}开幕。省长王乐成作政府工作报告。\n"
    m = _meta(f"2027年西山省政府工作报告\n——2027年1月27日在西山省{MEETING}上\n{lead}{OPENING}{BODY}")
    assert (m.role, m.speaker) == ("省长", "王乐成")
    # a speaker line of its own is still read first
    front = f"2027年西山省政府工作报告\n——2027年1月27日在西山省{MEETING}上\n"
    own = _meta(f"{front}代省长 赵六\n{lead}{OPENING}{BODY}")
    assert (own.role, own.speaker) == ("代省长", "赵六")


@pytest.mark.parametrize(("line", "speaker"), [("王乐成", "王乐成"), ("全文", None), ("摘要", None)])
def test_a_name_alone_above_the_salutation_is_the_speaker(line: str, speaker: str | None) -> None:
    # a news copy whose photo caption held the role: only the name is left, on a line of its own
    front = f"2027年西山省政府工作报告\n——2027年1月27日在西山省{MEETING}上\n来源：西山日报\n{line}\n"
    assert _meta(front + OPENING + BODY).speaker == speaker
