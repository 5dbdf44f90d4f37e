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
