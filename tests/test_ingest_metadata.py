"""Document metadata on reports the tests write: place, level, kind, date, covers, overrides.

Each case is a small report of another layout, so a rule that only fits one sample fails here.
"""

from __future__ import annotations

import pytest

from wenbao.documents import Covers, MetaOverride
from wenbao.errors import InvalidMetadataError
from wenbao.ingest.metadata import CoverContext, covers_from_title, make_place
from wenbao.ingest.pipeline import parse_bytes

BODY = "全市经济运行稳中有进，地区生产总值增长5.2%。\n"


def _doc(text: str, name: str = "report.txt", override: MetaOverride | None = None):  # type: ignore[no-untyped-def]
    return parse_bytes(text.encode("utf-8"), name, override=override)


def test_provincial_work_report_place_from_the_meeting_line() -> None:
    doc = _doc(
        "政府工作报告\n——2027年1月20日在河南省第十五届人民代表大会第二次会议上\n河南省省长 张三\n各位代表：\n"
        "现在，我代表省人民政府，向大会报告政府工作，请予审议。\n"
        "一、2026年工作回顾\n过去一年，全省地区生产总值增长5.1%。\n"
        "二、2027年工作安排\n今年全省发展的主要预期目标是：地区生产总值增长5%左右。\n"
    )
    m = doc.meta
    assert (m.place, m.place_aliases, m.place_level) == ("河南省", ["河南"], "provincial")
    assert (m.kind, m.date, m.year) == ("government_work_report", "2027-01-20", 2027)
    assert m.sources["place"] == "meeting" and m.sources["kind"] == "title"
    # delivered in January 2027: the review speaks of 2026 results, the plan of 2027
    assert doc.sections[0].covers == Covers((2026,), "full_year", "results")
    assert doc.sections[1].covers == Covers((2027,), "full_year", "plan")
    review = [c for c in doc.chunks if c.heading_path == ("2026年工作回顾",)]
    assert review and all(c.covers == Covers((2026,), "full_year", "results") for c in review)
    assert all(c.place == "河南省" for c in doc.chunks)


def test_district_report_place_from_the_speakers_role_and_undated_review() -> None:
    doc = _doc(
        "政府工作报告\n二〇二五年一月八日在第三届人民代表大会第六次会议上\n成都市武侯区人民政府代区长 李四\n"
        "各位代表：\n现在，我代表区人民政府向大会报告工作。\n"
        "一、工作回顾\n一年来，我区地区生产总值增长6%。\n二、今年重点工作\n全区将持续扩大有效投资。\n"
    )
    m = doc.meta
    assert (m.place, m.place_level, m.date, m.year) == ("成都市武侯区", "county", "2025-01-08", 2025)
    assert {"武侯区", "武侯"} <= set(m.place_aliases)
    assert m.sources["place"] == "speaker"
    # "工作回顾" without a year, in a January 2025 work report: it reviews 2024
    assert doc.sections[0].covers == Covers((2024,), "full_year", "results")
    assert doc.sections[1].covers == Covers((2025,), "full_year", "plan")


def test_national_report_without_front_matter_is_found_from_the_body_and_file_name() -> None:
    doc = _doc(
        "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n"
        "一、2019年工作回顾\n过去一年，国内生产总值增长6.1%。\n"
        "二、“十四五”时期主要目标任务\n今后五年，经济保持合理增长。\n三、2020年重点工作\n稳就业。\n",
        name="gwr-2020.txt",
    )
    m = doc.meta
    assert (m.place, m.place_level, m.kind) == ("中华人民共和国", "national", "government_work_report")
    assert "全国" in m.place_aliases
    assert m.year == 2020 and m.sources["year"] == "body"
    assert doc.sections[1].covers == Covers(tuple(range(2021, 2026)), "multi_year", "plan")


@pytest.mark.parametrize(
    "opening",
    [
        "现在，我代表国务院，向大会报告过去五年的政府工作，并对今年工作提出建议，请各位代表审议。",
        "现在，我代表国务院，向大会报告过去五年政府工作，对今年工作提出建议，请予审议。",
        "现在，我代表省人民政府，向大会报告过去一年的工作，请予审议。",
        "现在，我代表国务院，向大会报告本届政府过去五年的工作，对今年工作提出建议，请予审议。",
    ],
)
def test_an_opening_that_names_the_years_it_reports_on_is_still_a_work_report(opening: str) -> None:
    # a report closing a government's term "reports the past five years' work": the years between 报告 and
    # 工作 must not make it "other" (its derived title and its year reading both follow from the kind)
    doc = _doc(
        "各位代表：\n" + opening + "\n一、过去五年工作回顾\n五年来，国内生产总值年均增长7%。\n"
        "二、今年工作安排\n今年发展的主要预期目标是：国内生产总值增长6.5%左右。\n",
        name="gwr-2018.txt",
    )
    assert doc.meta.kind == "government_work_report"
    assert "政府工作报告" in doc.meta.title


def test_annual_plan_report_with_two_years_in_its_title() -> None:
    doc = _doc(
        "关于嘉兴市2023年国民经济和社会发展计划执行情况与2024年计划草案的报告\n"
        "——2024年1月15日在嘉兴市第九届人民代表大会第四次会议上\n"
        "一、2023年计划执行情况\n全市地区生产总值增长6.3%。\n二、2024年经济社会发展的主要目标\n增长6%左右。\n"
    )
    m = doc.meta
    assert (m.place, m.place_level, m.kind, m.year) == (
        "嘉兴市",
        "prefectural",
        "plan_execution_report",
        2024,
    )
    assert doc.sections[0].covers == Covers((2023,), "full_year", "results")
    assert doc.sections[1].covers == Covers((2024,), "full_year", "plan")


def test_budget_report_kind_and_county_place_from_the_title() -> None:
    doc = _doc("关于永嘉县2024年预算执行情况和2025年预算草案的报告\n一、2024年预算执行情况\n收入增长3%。\n")
    assert (doc.meta.kind, doc.meta.place, doc.meta.place_level) == ("budget_report", "永嘉县", "county")
    assert doc.meta.place_aliases == ["永嘉"]


def test_unknown_place_is_ingested_with_a_warning_that_says_how_to_set_it() -> None:
    doc = _doc("工作报告\n一、基本情况\n各项工作稳步推进。\n", name="baogao.txt")
    assert doc.meta.place is None and doc.chunks
    assert len(doc.meta.warnings) == 1 and "place" in doc.meta.warnings[0]


def test_overrides_win_and_are_marked() -> None:
    text = "关于鼓楼区2024年国民经济和社会发展计划上半年执行情况的报告\n一、上半年计划执行情况\n增长4%。\n"
    doc = _doc(text, override=MetaOverride(place="福州市鼓楼区", year=2023, title="改过的标题"))
    m = doc.meta
    assert (m.place, m.year, m.title) == ("福州市鼓楼区", 2023, "改过的标题")
    assert {m.sources[k] for k in ("place", "year", "title")} == {"override"}
    assert m.sources["kind"] == "title"  # not overridden: still derived
    assert all(c.doc_title == "改过的标题" and c.place == "福州市鼓楼区" for c in doc.chunks)


@pytest.mark.parametrize(
    ("fields", "word"),
    [({"year": 1800}, "年份"), ({"kind": "speech"}, "报告类型"), ({"place": "区" * 200}, "地区")],
)
def test_bad_overrides_are_refused_with_a_sentence(fields: dict[str, object], word: str) -> None:
    with pytest.raises(InvalidMetadataError) as exc:
        MetaOverride(**fields)  # type: ignore[arg-type]
    assert word in exc.value.message


@pytest.mark.parametrize(
    ("name", "official", "level", "aliases"),
    [
        ("内蒙古", "内蒙古自治区", "provincial", ("内蒙古",)),
        ("广西壮族自治区", "广西壮族自治区", "provincial", ("广西",)),
        ("上海市", "上海市", "provincial", ("上海",)),
        ("恩施土家族苗族自治州", "恩施土家族苗族自治州", "prefectural", ("恩施",)),
        ("锡林郭勒盟", "锡林郭勒盟", "prefectural", ("锡林郭勒",)),
        ("南京市鼓楼区", "南京市鼓楼区", "county", ("鼓楼区", "鼓楼", "南京鼓楼")),
        ("国务院", "中华人民共和国", "national", ("全国", "国家", "中国", "国务院")),
    ],
)
def test_place_names_levels_and_short_forms(
    name: str, official: str, level: str, aliases: tuple[str, ...]
) -> None:
    place = make_place(name)
    assert (place.name, place.level, place.aliases) == (official, level, aliases)


GWR_2026 = CoverContext.of("government_work_report", 2026, "政府工作报告", None)
H1_2024 = CoverContext.of("plan_execution_report", 2024, "关于2024年计划上半年执行情况的报告", "上半年")


@pytest.mark.parametrize(
    ("title", "ctx", "expected"),
    [
        ("2025年工作回顾", GWR_2026, Covers((2025,), "full_year", "results")),
        ("工作回顾", GWR_2026, Covers((2025,), "full_year", "results")),
        ("2026年重点工作", GWR_2026, Covers((2026,), "full_year", "plan")),
        ("今年工作安排", GWR_2026, Covers((2026,), "full_year", "plan")),
        ("“十四五”时期发展成就", GWR_2026, Covers((2021, 2022, 2023, 2024, 2025), "multi_year", "results")),
        ("“十五五”时期主要目标", GWR_2026, Covers((2026, 2027, 2028, 2029, 2030), "multi_year", "plan")),
        (
            "关于第十五个五年规划纲要（草案）的说明",
            GWR_2026,
            Covers(tuple(range(2026, 2031)), "multi_year", "plan"),
        ),
        ("上半年计划执行情况", H1_2024, Covers((2024,), "first_half", "results")),
        ("下半年重点工作举措", H1_2024, Covers((2024,), "second_half", "plan")),
        ("下半年工作措施", H1_2024, Covers((2024,), "second_half", "plan")),
        ("加强政府自身建设", GWR_2026, None),
    ],
)
def test_covers_from_a_heading(title: str, ctx: CoverContext, expected: Covers | None) -> None:
    assert covers_from_title(title, ctx) == expected


def test_a_part_without_words_of_time_continues_the_part_before_it() -> None:
    doc = _doc(
        "政府工作报告\n——2026年1月20日在某某省第十四届人民代表大会第五次会议上\n"
        "一、2025年工作回顾\n全省增长5%。\n二、2026年主要任务\n扩大内需。\n三、加强政府自身建设\n依法行政。\n"
        "附件\n名词解释\n"
    )
    assert doc.sections[2].covers == Covers((2026,), "full_year", "plan")


@pytest.mark.parametrize(
    "lead",
    ["2027年是“十五五”规划开局之年，也是重要一年。", "今年经济社会发展的主要预期目标是：增长5%左右。"],
)
def test_parts_titled_without_time_are_told_apart_by_what_their_opening_turns_to(lead: str) -> None:
    doc = _doc(
        "2027年某某省政府工作报告\n——2027年1月20日在某某省第十五届人民代表大会第二次会议上\n"
        "一、不负重托，高质量发展取得新成效\n过去一年，全省地区生产总值增长5.2%。\n"
        "（一）产业体系加快升级\n规上工业增加值增长6%。\n"
        "二、勇担使命，在现代化建设中奋勇争先\n新征程上，使命如磐。\n"
        f"{lead}\n（一）坚持创新驱动\n新建实验室10家。\n"
        "三、牢记宗旨，建设人民满意政府\n（一）依法行政\n政务公开。\n"
    )
    plan = Covers((2027,), "full_year", "plan")
    first, second, third = doc.sections
    assert first.covers == first.children[0].covers == Covers((2026,), "full_year", "results")
    # the second part opens on the year ahead: it and its items plan 2027, and so does the third
    assert second.covers == second.children[0].covers == plan
    assert third.covers == third.children[0].covers == plan
    item = next(c for c in doc.chunks if "实验室" in c.text)
    assert item.covers == plan


def test_a_results_part_opening_on_the_year_reviewed_stays_results() -> None:
    doc = _doc(
        "2027年某某省政府工作报告\n——2027年1月20日在某某省第十五届人民代表大会第二次会议上\n"
        "一、不负重托，高质量发展取得新成效\n过去一年，全省地区生产总值增长5.2%。\n"
        "二、奋力攻坚，民生保障更加有力\n2026年是极不平凡的一年。\n（一）就业\n新增就业60万人。\n"
    )
    assert doc.sections[1].covers == Covers((2026,), "full_year", "results")


# A work report delivered in 2027: it reviews 2026 and plans 2027.
OPENING_2027 = "政府工作报告\n——2027年1月18日在某某省第九届人民代表大会第二次会议上\n"


def test_a_sub_headings_cue_word_does_not_turn_a_review_into_a_plan_or_back() -> None:
    doc = _doc(
        OPENING_2027
        + "一、2026年工作回顾\n（一）锚定目标攻坚，经济实现逆势而上。全省地区生产总值增长5.2%。\n"
        "（二）深化重点领域改革。完成改革任务30项。\n"
        "二、2027年工作安排\n（一）扩大内需，消费投资取得新成效。社会消费品零售总额增长6%左右。\n"
        "三、“十五五”时期主要目标和2027年重点工作\n（一）全力抓好重点工作。新建学校10所。\n"
    )
    review, plan, mixed = doc.sections
    assert [c.covers for c in review.children] == [Covers((2026,), "full_year", "results")] * 2
    assert plan.children[0].covers == Covers((2027,), "full_year", "plan")
    # a plan under a plan may still narrow the years: the five years' part, then this year's work
    assert mixed.children[0].covers == Covers((2027,), "full_year", "plan")
    growth = next(c for c in doc.chunks if "5.2%" in c.text)
    assert growth.covers == Covers((2026,), "full_year", "results")


def test_a_part_without_words_of_time_that_opens_with_this_years_targets_is_the_plan() -> None:
    doc = _doc(
        OPENING_2027 + "一、牢记嘱托，各项事业取得新成效\n（一）产业体系进一步提升。工业增加值增长6%。\n"
        "二、牢记使命，奋勇争先\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n"
        "（一）坚持自立自强，塑造发展新动能。研发投入增长10%以上。\n"
        "三、牢记人民至上，践行初心使命\n（一）以为民之心造福百姓。办好民生实事。\n"
    )
    first, second, third = doc.sections
    assert first.covers == Covers((2026,), "full_year", "results")
    assert second.covers == third.covers == Covers((2027,), "full_year", "plan")
    research = next(c for c in doc.chunks if "研发投入" in c.text)
    assert research.covers == Covers((2027,), "full_year", "plan")


def test_a_review_paragraph_announcing_this_years_targets_is_a_plan_chunk() -> None:
    doc = _doc(
        "政府工作报告\n——2026年1月20日在山西省第十四届人民代表大会第五次会议上\n"
        "一、2025年工作回顾\n过去一年，全省地区生产总值增长5%。\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n"
    )
    covers = [c.covers for c in doc.chunks if c.heading_path]
    assert covers == [Covers((2025,), "full_year", "results"), Covers((2026,), "full_year", "plan")]


def test_body_self_reference_names_a_city_when_nothing_else_does() -> None:
    doc = _doc(
        "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、工作回顾\n"
        "过去一年，绵阳市地区生产总值增长6%，绵阳市常住人口稳定，全市就业稳定。\n",
        name="baogao.txt",
    )
    assert (doc.meta.place, doc.meta.place_level, doc.meta.sources["place"]) == (
        "绵阳市",
        "prefectural",
        "body",
    )


def test_file_name_is_the_last_resort() -> None:
    doc = _doc("工作报告\n一、基本情况\n各项工作稳步推进。\n", name="2026年青海省政府工作报告.txt")
    assert (doc.meta.place, doc.meta.sources["place"]) == ("青海省", "file_name")


def test_a_part_joining_a_review_and_a_plan_is_told_apart_passage_by_passage() -> None:
    doc = _doc(
        "政府工作报告\n——2021年3月5日在第十三届全国人民代表大会第四次会议上\n"
        "一、2020年工作回顾\n过去一年，国内生产总值增长2.3%。\n"
        "二、“十三五”时期发展成就和“十四五”时期主要目标任务\n"
        "过去五年，我国经济实力跃上新的大台阶。\n"
        "今后五年，要坚定不移贯彻新发展理念，经济保持在合理区间。\n"
    )
    part = [c.covers for c in doc.chunks if c.heading_path and c.heading_path[0].startswith("“十三五”")]
    assert part == [
        Covers(tuple(range(2016, 2021)), "multi_year", "results"),
        Covers(tuple(range(2021, 2026)), "multi_year", "plan"),
    ]
    assert doc.meta.place == "中华人民共和国"


def test_a_review_of_the_year_and_the_five_years_tells_its_paragraphs_apart() -> None:
    # "2026年和“十五五”…" — the last year and the five told apart by each paragraph's lead
    doc = _doc(
        "政府工作报告\n——2027年1月18日在山东省第十五届人民代表大会第二次会议上\n山东省省长 李四\n各位代表：\n"
        "一、2026年和“十五五”开局以来工作回顾\n"
        "刚刚过去的2026年，是极不平凡的一年。\n"
        "这一年，我们稳住经济大盘。全省城镇新增就业120.5万人，粮食总产1120亿斤。\n"
        "五年来，我们坚定推进高质量发展。城镇新增就业累计610万人，粮食产量连续五年稳定在1100亿斤以上。\n"
        "就业形势保持稳定。\n"
        "二、2027年工作安排\n今年全省发展的主要预期目标是：地区生产总值增长5%左右。\n"
    )
    by_text = {c.text[:6]: c.covers for c in doc.chunks if c.covers is not None}
    one, span = Covers((2026,), "full_year", "results"), doc.sections[0].covers
    assert span is not None and len(span.years) > 2  # the part as a whole speaks of several years
    assert by_text["这一年，我们"] == one
    assert by_text["五年来，我们"] == span
    assert by_text["就业形势保持"] == span  # what follows a lead speaks of what it named


def test_a_part_on_the_last_year_that_closes_with_the_five_years_gives_their_span() -> None:
    # "一、2020年工作回顾" ending "2020年是“十三五”收官之年。过去五年，…": those paragraphs speak
    # of 2016–2020, not of 2020; a later lead on the year turns back to it
    doc = _doc(
        "政府工作报告\n——2021年1月25日在湖南省第十三届人民代表大会第五次会议上\n湖南省省长 赵六\n各位代表：\n"
        "一、2020年工作回顾\n过去一年，全省城镇新增就业72万人，地区生产总值增长3.8%。\n"
        "2020年是“十三五”收官之年。过去五年，全省城镇新增就业累计380万人，经济总量突破4万亿元。\n"
        "“十三五”时期的成就来之不易，城乡居民收入年均增长8.2%。\n"
        "一年来，我们还办好了12件民生实事，新建学校300所。\n"
        "二、2021年工作安排\n今年全省发展的主要预期目标是：地区生产总值增长6.5%以上。\n"
    )
    by_text = {c.text[:6]: c.covers for c in doc.chunks if c.covers is not None}
    year = Covers((2020,), "full_year", "results")
    five = Covers(tuple(range(2016, 2021)), "multi_year", "results")
    assert by_text["过去一年，全"] == year
    assert by_text["2020年是"] == five
    assert by_text["“十三五”时"] == five  # what follows the lead looks back on the five years too
    assert by_text["一年来，我们"] == year


def test_a_closing_year_that_looks_back_and_dashed_five_year_leads_give_the_span() -> None:
    # "2025年是“十四五”收官之年。回望“十四五”这…的五年，…" and the "——这五年，…" paragraphs after it
    # speak of 2021–2025 (their figures are no answer for 2025 alone); "…收官之年。一年来，…" speaks
    # of the year
    doc = _doc(
        "政府工作报告\n——2026年1月20日在江苏省第十四届人民代表大会第五次会议上\n江苏省省长 孙八\n各位代表：\n"
        "一、2025年工作和“十四五”发展回顾\n一年来，主要做了以下工作。\n"
        "（一）稳住经济大盘。全省粮食产量760.2亿斤，新增城镇就业130万人。\n"
        "2025年是“十四五”收官之年。回望“十四五”这极不平凡的五年，我们迎难而上。\n"
        "——这五年，综合实力跃上新台阶。粮食产量稳定在740亿斤以上，高铁里程翻番。\n"
        "二、2026年重点工作\n今年全省发展的主要预期目标是：地区生产总值增长5%左右。\n"
    )
    by_text = {c.text[:6]: c.covers for c in doc.chunks if c.covers is not None}
    five = Covers(tuple(range(2021, 2026)), "multi_year", "results")
    assert by_text["全省粮食产量"] == Covers((2025,), "full_year", "results")
    assert by_text["2025年是"] == five
    assert by_text["——这五年，"] == five
    stays = _doc(
        "政府工作报告\n——2026年1月20日在福建省第十四届人民代表大会第五次会议上\n福建省省长 周九\n各位代表：\n"
        "一、2025年和“十四五”时期工作回顾\n2025年是“十四五”收官之年。一年来，全省新增城镇就业60万人。\n"
        "——这五年，全省经济总量跨越两个万亿元台阶。\n二、2026年重点工作\n今年全省发展的主要预期目标是：地区生产总值增长5%左右。\n"
    )
    by_text = {c.text[:6]: c.covers for c in stays.chunks if c.covers is not None}
    assert by_text["2025年是"] == Covers((2025,), "full_year", "results")
    assert by_text["——这五年，"] == five  # a dashed lead on the five years turns to them


def test_a_five_year_part_without_a_year_in_its_title_gives_the_last_year_its_own_paragraph() -> None:
    # "“十四五”时期工作回顾" reviews 2021–2025 and then "刚刚过去的2025年，…" on that year alone;
    # a paragraph that opens on another single year stays in the five
    doc = _doc(
        "政府工作报告\n——2026年1月22日在陕西省第十四届人民代表大会第五次会议上\n陕西省省长 钱七\n各位代表：\n"
        "“十四五”时期工作回顾\n这是综合实力跃升的五年。全省生产总值达到3.6万亿元，年均增长5.4%。\n"
        "2023年，我们战胜了罕见洪涝灾害，受灾群众全部住进新居。\n"
        "刚刚过去的2025年，全省生产总值增长5.3%，城镇新增就业43万人。\n"
        "2026年重点工作\n今年全省发展的主要预期目标是：地区生产总值增长5%左右。\n"
    )
    by_text = {c.text[:6]: c.covers for c in doc.chunks if c.covers is not None}
    five = doc.sections[0].covers
    assert five is not None and five.years == tuple(range(2021, 2026))
    assert by_text["这是综合实力"] == five
    assert by_text["2023年，"] == five
    assert by_text["刚刚过去的2"] == Covers((2025,), "full_year", "results")


def test_a_terms_last_report_opening_on_the_term_gives_the_five_years() -> None:
    # a State Council report closing a term: "过去五年工作回顾" opens "第…次会议以来的五年，是…" — those
    # figures are of the five years, not of the last year alone; a paragraph on the last year is its own
    doc = _doc(
        "各位代表：\n现在，我代表国务院，向大会报告过去五年的政府工作，请各位代表审议。\n"
        "一、过去五年工作回顾\n"
        "第十一届全国人民代表大会第一次会议以来的五年，是极不平凡的五年。国内生产总值从26.6万亿元增加到51.9万亿元。\n"
        "累计新增城镇就业5870万人。\n"
        "2012年，国内生产总值增长7.8%，城镇新增就业1266万人。\n"
        "过去的五年，居民收入年均增长8.8%。\n"
        "二、今年工作安排\n今年发展的主要预期目标是：国内生产总值增长7.5%左右。\n",
        name="gwr-2013.txt",
    )
    by_text = {c.text[:6]: c.covers for c in doc.chunks if c.covers is not None}
    five = Covers(tuple(range(2008, 2013)), "multi_year", "results")
    assert by_text["第十一届全国"] == five
    assert by_text["累计新增城镇"] == five  # what follows the lead speaks of the five years too
    assert by_text["2012年，"] == Covers((2012,), "full_year", "results")
    assert by_text["过去的五年，"] == five


def test_a_five_year_review_heading_covers_the_five_years_in_every_paragraph() -> None:
    # "一、过去五年工作回顾" with no lead on the five years: every paragraph reports the five years
    # before delivery, one that opens on an earlier year's figure too ("2026年，…比2022年增长…");
    # only a paragraph that says it is on the last year ("去年，…") is that year's
    doc = _doc(
        "各位代表：\n现在，我代表国务院，向大会报告本届政府过去五年的工作，请予审议。\n"
        "一、过去五年工作回顾\n"
        "（一）推进改革\n国有企业改革迈出重大步伐，四家大型银行完成股份制改造。\n"
        "2026年，全国国有企业资产总额比2022年增长60%，实现利润增长1.2倍。\n"
        "五年累计新增城镇就业5000万人。\n"
        "去年，居民消费价格上涨4.1%。\n"
        "二、2028年主要任务\n今年国内生产总值增长8%左右。\n",
        name="gwr-2028.txt",
    )
    assert doc.meta.kind == "government_work_report"
    by_text = {c.text[:6]: c.covers for c in doc.chunks if c.covers is not None}
    five = Covers(tuple(range(2023, 2028)), "multi_year", "results")
    assert doc.sections[0].covers == five
    assert by_text["国有企业改革"] == five
    assert by_text["2026年，"] == five
    assert by_text["去年，居民消"] == Covers((2027,), "full_year", "results")


def test_a_plan_part_that_first_looks_back_gives_the_finished_periods_results() -> None:
    # "关于《…第十五个五年规划纲要（草案）》的说明" opens on the 十四五 period's results, then plans
    doc = _doc(
        "政府工作报告\n——2026年1月20日在浙江省第十四届人民代表大会第五次会议上\n浙江省省长 王五\n各位代表：\n"
        "一、2025年工作回顾\n过去一年，全省生产总值增长5.5%。\n"
        "二、关于《浙江省国民经济和社会发展第十五个五年规划纲要（草案）》的说明\n"
        "“十四五”时期，我们经受住各种风险挑战。这五年，全省生产总值从6.4万亿元增加到9.2万亿元。\n"
        "居民人均可支配收入年均增长5.6%，城乡居民收入比缩小到1.8。\n"
        "“十五五”时期是基本实现现代化的关键时期。全省生产总值年均增长5%左右。\n"
        "三、2026年工作安排\n今年全省发展的主要预期目标是：地区生产总值增长5%左右。\n"
    )
    by_text = {c.text[:6]: c.covers for c in doc.chunks if c.covers is not None}
    review = Covers(tuple(range(2021, 2026)), "multi_year", "results")
    assert by_text["“十四五”时"] == review
    assert by_text["居民人均可支"] == review  # what follows the lead looks back too
    assert by_text["“十五五”时"] == Covers(tuple(range(2026, 2031)), "multi_year", "plan")


@pytest.mark.parametrize(
    ("title", "place", "aliases"),
    [
        # no 关于, the budget words apart from 报告
        ("平阳县2025年财政预算执行情况与2026年财政预算草案的报告", "平阳县", {"平阳"}),
        ("榆中县2025年财政总决算和2026年1-6月财政预算执行情况的报告", "榆中县", {"榆中"}),
        # a county of a one-character name
        ("沛县2025年财政总决算和2026年1-6月财政预算执行情况的报告", "沛县", set()),
    ],
)
def test_budget_titles_without_guanyu_give_place_and_kind(title: str, place: str, aliases: set[str]) -> None:
    body = "各位代表：\n现将报告提请审议。\n一、预算执行情况\n全县一般公共预算收入完成9.8亿元。\n"
    doc = _doc(f"{title}\n{body}")
    m = doc.meta
    assert (m.title, m.place, m.place_level, m.kind) == (title, place, "county", "budget_report")
    assert aliases <= set(m.place_aliases)


@pytest.mark.parametrize(
    ("name", "level", "aliases"),
    [
        # a district of a municipality, whose name ends in 州 before 区
        ("重庆市开州区", "county", {"开州区", "开州", "重庆开州"}),
        ("北京市通州区", "county", {"通州区", "通州"}),
        ("杭州市西湖区", "county", {"西湖区", "西湖"}),
        ("苏州市", "prefectural", {"苏州"}),
        ("甘孜藏族自治州", "prefectural", {"甘孜"}),
    ],
)
def test_units_of_a_place_name_that_holds_a_suffix_character(
    name: str, level: str, aliases: set[str]
) -> None:
    place = make_place(name)
    assert place.level == level
    assert aliases <= set(place.aliases)


def test_budget_delivered_in_december_is_the_next_years_report_with_its_spaced_out_speaker() -> None:
    doc = _doc(
        "关于洪山区2026年财政预算执行情况和2027年财政预算草案的报告\n"
        "——2026年12月29日在武汉市洪山区第十七届人民代表大会第三次会议上\n"
        "洪山区财政局局长  周  敏\n各位代表：\n现将报告提请审议。\n"
        "一、2026年预算执行情况\n地方一般公共预算收入完成52亿元。\n"
    )
    m = doc.meta
    assert (m.date, m.year) == ("2026-12-29", 2027)
    assert (m.speaker, m.role) == ("周敏", "洪山区财政局局长")
    assert m.meeting == "武汉市洪山区第十七届人民代表大会第三次会议"
    assert doc.sections[0].covers == Covers((2026,), "full_year", "results")


@pytest.mark.parametrize(
    ("front", "meeting", "role", "speaker"),
    [
        # a news copy prints meeting and speaker as one sentence, "同志" after the name
        (
            "2027年1月12日在江南省第十五届人民代表大会第二次会议上江南省省长王小川同志作政府工作报告。\n各位代表：",
            "江南省第十五届人民代表大会第二次会议",
            "江南省省长",
            "王小川",
        ),
        # ...with the salutation joined to it and an acting governor of three-character name
        (
            "2027年1月12日在江南省第十五届人民代表大会第二次会议上江南省人民政府代省长欧阳明作政府工作报告各位代表：",
            "江南省第十五届人民代表大会第二次会议",
            "江南省人民政府代省长",
            "欧阳明",
        ),
        # the speaker first, the meeting after, a speech rather than a report
        (
            "——2027年1月12日自治区人民政府主席李青在江南自治区第九届人民代表大会第二次会议上的讲话\n各位代表：",
            "江南自治区第九届人民代表大会第二次会议",
            "自治区人民政府主席",
            "李青",
        ),
        # the name before the title
        (
            "----2027年1月12日张大川市长在江南市第十届人民代表大会第二次会议的政府工作报告\n各位代表：",
            "江南市第十届人民代表大会第二次会议",
            "市长",
            "张大川",
        ),
        # a speaker line of its own, with a transliterated name
        (
            "——2027年1月12日在江南自治区第九届人民代表大会第二次会议上\n自治区主席 艾力·买买提江\n各位代表：",
            "江南自治区第九届人民代表大会第二次会议",
            "自治区主席",
            "艾力·买买提江",
        ),
    ],
)
def test_meeting_role_and_speaker_are_read_apart_however_the_front_line_is_set(
    front: str, meeting: str, role: str, speaker: str
) -> None:
    doc = _doc(
        f"2027年江南省政府工作报告\n{front}\n现在，我代表省人民政府，向大会报告工作，请予审议。\n"
        "一、2026年工作回顾\n过去一年，全省地区生产总值增长5.1%。\n"
    )
    m = doc.meta
    assert (m.meeting, m.role, m.speaker, m.date) == (meeting, role, speaker, "2027-01-12")
    # the body starts at the review, not in the front line
    assert all("会议" not in c.text for c in doc.chunks if c.heading_path)


@pytest.mark.parametrize(
    ("front", "meeting", "role", "speaker"),
    [
        # the speaker set solid after the meeting, the salutation on the next line
        (
            "2031年1月18日在豫州省第十六届人民代表大会第二次会议上豫州省人民政府省长李四作政府工作报告\n各位代表：",
            "豫州省第十六届人民代表大会第二次会议",
            "豫州省人民政府省长",
            "李四",
        ),
        # "同志", an acting governor, a closing full stop
        (
            "2031年1月16日在豫州省第十六届人民代表大会第二次会议上豫州省人民政府代省长王小五同志作政府工作报告。\n各位代表：",
            "豫州省第十六届人民代表大会第二次会议",
            "豫州省人民政府代省长",
            "王小五",
        ),
        # a space between role and name, the salutation on the next line: one sentence, not a
        # front matter run into the body
        (
            "2031年1月14日在豫州市第十六届人民代表大会第二次会议上豫州市市长 张工同志作政府工作报告。"
            "\n各位代表：",
            "豫州市第十六届人民代表大会第二次会议",
            "豫州市市长",
            "张工",
        ),
        # the speaker before the meeting, a speech
        (
            "——2031年1月14日省长赵六在豫州省第十六届人民代表大会第二次会议上的讲话\n各位代表：",
            "豫州省第十六届人民代表大会第二次会议",
            "省长",
            "赵六",
        ),
        # the name before a bare title, ASCII dashes
        (
            "----2031年1月15日钱七市长在豫州市第十六届人民代表大会第二次会议的政府工作报告\n各位代表：",
            "豫州市第十六届人民代表大会第二次会议",
            "市长",
            "钱七",
        ),
        # a line of its own, no space, a transliterated name, the salutation joined to it
        (
            "2031年1月19日在豫州自治区第十六届人民代表大会第二次会议上\n自治区主席阿布都·热合曼各位代表：",
            "豫州自治区第十六届人民代表大会第二次会议",
            "自治区主席",
            "阿布都·热合曼",
        ),
    ],
)
def test_a_speaker_set_solid_with_the_occasion_is_read(
    front: str, meeting: str, role: str, speaker: str
) -> None:
    doc = _doc(
        f"2031年豫州政府工作报告\n{front}\n现在，我代表人民政府，向大会报告工作，请予审议。\n"
        "一、2030年工作回顾\n过去一年，全省地区生产总值增长5.1%。\n"
    )
    m = doc.meta
    assert (m.meeting, m.role, m.speaker) == (meeting, role, speaker)
    assert m.date is not None and m.date.startswith("2031-01-1")
    # the occasion is front matter, never a passage of the body
    assert not any("会议" in c.text for c in doc.chunks)


def test_a_part_titled_with_a_theme_after_the_review_is_the_years_plan() -> None:
    doc = _doc(
        "2031年豫州省政府工作报告\n——2031年1月18日在豫州省第十六届人民代表大会第二次会议上\n"
        "省长 李四\n各位代表：\n"
        "一、牢记嘱托，在接续奋斗中取得新成效\n过去一年，全省地区生产总值增长5.1%，粮食产量650亿斤。\n"
        "二、牢记使命，在现代化建设中奋勇争先\n2031年是“十六五”规划开局之年。"
        "今年经济社会发展的主要预期目标是：全省地区生产总值增长5%左右。\n"
        "（一）坚持创新驱动，塑造发展新动能\n新建重点实验室10家，粮食产量稳定在600亿斤以上。\n"
        "三、牢记人民至上，建设服务型政府\n坚持依法行政，自觉接受人大监督。\n"
    )
    plan = Covers((2031,), "full_year", "plan")
    assert doc.sections[0].covers == Covers((2030,), "full_year", "results")
    assert doc.sections[1].covers == plan and doc.sections[1].children[0].covers == plan
    # the part after the plan continues it, as before
    assert doc.sections[2].covers == plan
    lab = next(c for c in doc.chunks if "重点实验室" in c.text)
    assert lab.covers == plan


def test_a_themed_part_that_reviews_keeps_the_review() -> None:
    doc = _doc(
        "2031年豫州省政府工作报告\n——2031年1月18日在豫州省第十六届人民代表大会第二次会议上\n"
        "省长 李四\n各位代表：\n"
        "一、2030年工作回顾\n过去一年，全省地区生产总值增长5.1%。\n"
        "二、牢记嘱托，砥砺奋进\n一年来，我们新建重点实验室10家。去年粮食产量650亿斤。\n"
        "三、2031年工作安排\n今年要新建重点实验室12家。\n"
    )
    assert doc.sections[1].covers == Covers((2030,), "full_year", "results")


def test_a_cue_word_in_a_sub_heading_keeps_its_parts_year() -> None:
    doc = _doc(
        "2031年豫州省政府工作报告\n——2031年1月18日在豫州省第十六届人民代表大会第二次会议上\n"
        "省长 李四\n各位代表：\n"
        "一、2030年工作回顾\n（一）锚定目标攻坚，经济发展逆势而上\n全年实现地区生产总值5503亿元、增长5.4%。\n"
        "（二）强化改革开放，发展活力有效释放\n新增经营主体12万户。\n"
        "二、2031年工作安排\n（一）巩固拓展发展成效\n全省地区生产总值增长5.5%左右。\n"
    )
    review, plan = Covers((2030,), "full_year", "results"), Covers((2031,), "full_year", "plan")
    assert [c.covers for c in doc.sections[0].children] == [review, review]
    assert doc.sections[1].children[0].covers == plan
    gdp = next(c for c in doc.chunks if "5503亿元" in c.text)
    assert gdp.covers == review


@pytest.mark.parametrize(
    ("body", "place"),
    [
        # the run before "市" is "日在安远" once and "（西北）安远" once: the name is 安远 both times
        (
            "2027年1月20日在安远市第五届人民代表大会第三次会议上，全市生产总值增长5%。\n"
            "（西北）安远市人民政府工作报告\n发展安远经济，全市就业稳定，安远人民安居乐业。\n",
            "安远市",
        ),
        # a name of four characters, whole, not its last two or three
        ("过去一年，乌兰察布市生产总值增长5%，推进乌兰察布市城乡融合，全市就业稳定。\n", "乌兰察布市"),
    ],
)
def test_a_city_the_body_writes_with_its_suffix_is_the_place(body: str, place: str) -> None:
    doc = _doc(
        "各位代表：\n现在，我代表市人民政府，向大会报告工作。\n一、2026年工作回顾\n" + body, name="baogao.txt"
    )
    assert (doc.meta.place, doc.meta.place_level) == (place, "prefectural")


def test_a_front_matter_run_into_the_body_on_one_line_is_read_as_front_matter() -> None:
    # a web copy that lost its line breaks: title, occasion, speaker and the body on one line
    doc = _doc(
        "政 府 工 作 报 告 ——2027年1月23日在安远市第六届人民代表大会第五次会议上 市人民政府市长 奇·达楞 "
        "各位代表:现在,我代表市人民政府,向大会报告工作,请予审议。一、2026年工作回顾2026年,全市地区生产"
        "总值增长4%,达到1686亿元。\n",
        name="page.txt",
    )
    m = doc.meta
    assert (m.place, m.date, m.meeting, m.role, m.speaker) == (
        "安远市",
        "2027-01-23",
        "安远市第六届人民代表大会第五次会议",
        "市人民政府市长",
        "奇·达楞",
    )
    # the figure stays a passage to quote; the occasion is no passage of the body
    assert any("1686亿元" in c.text for c in doc.chunks)
    assert not any("会议" in c.text for c in doc.chunks)


def test_a_municipality_named_from_the_body_is_of_provincial_level() -> None:
    # its body says "全市" like a city's, yet 重庆市 stands beside the provinces
    doc = _doc(
        "各位代表：\n受市人民政府委托，现将预算执行情况报告如下。\n一、预算执行情况\n"
        "全市一般公共预算收入增长3%，重庆市财政运行平稳，重庆市民生支出占比稳定。\n",
        name="page.txt",
    )
    assert (doc.meta.place, doc.meta.place_level) == ("重庆市", "provincial")


RUN_TOGETHER = (
    "各位代表:现在,我代表市人民政府,向大会报告工作。一、2026年工作回顾2026年,全市地区生产总值增长4%,"
    "达到1686亿元。社会消费品零售总额增长3.5%。\n"
    "二、2027年重点工作\n"
    "全市经济社会发展的主要预期目标是:地区生产总值增长6%以上,社会消费品零售总额增长4%。\n"
)


def test_a_part_heading_after_a_part_that_ran_into_a_paragraph_is_a_heading() -> None:
    doc = _doc(RUN_TOGETHER, name="page.txt")
    assert [(s.number, s.title) for s in doc.sections] == [("二、", "2027年重点工作")]
    plan = [c for c in doc.chunks if "主要预期目标" in c.text]
    assert plan and plan[0].covers == Covers((2027,), "full_year", "plan")
    # the review, which ran into the opening paragraph, is not put under the plan
    assert all(c.covers is None for c in doc.chunks if "1686亿元" in c.text)


def test_an_enumeration_item_two_is_no_heading_without_its_item_one() -> None:
    doc = _doc(
        "各位代表:现在,我代表市人民政府,向大会报告工作。全市地区生产总值增长4%。\n"
        "二、2027年重点工作\n全市主要预期目标是:地区生产总值增长6%以上。\n",
        name="page.txt",
    )
    assert doc.sections == []
