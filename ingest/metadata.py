"""Who, where and when a report speaks for: place, level, kind, date, and what each part covers.

Each field is found by small strategies tried in order of trust; the first that answers wins and
the source is recorded (``DocumentMeta.sources``) so a user can see why a report is filed where it
is. The uploader's override beats all of them.

* place: override → title → meeting line (``在XX省第十四届人民代表大会…``) → speaker's role
  (``XX区人民政府代区长``) → the body's self-reference (``我代表省人民政府``, ``全省``…, next to
  the name the body uses most) → file name.
* kind: override → title → the opening sentences (``向大会报告政府工作``).
* covers: from each part's title (years, five-year-plan names, review vs plan words), else the
  report's kind and delivery date (a 政府工作报告 delivered in year Y reviews Y-1 and plans Y).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

import cn2an

from wenbao.documents import Chunk, Covers, DocumentMeta, MetaOverride, Section

logging.getLogger("cn2an").setLevel(logging.ERROR)

# A five-year plan period as reports name it ("十四五", "“十三五”时期").
PLAN_PERIOD = r"十[一二三四五六七八九]五"
# Words that put a figure or a question over several years at once: "年均增长8.8%",
# "累计新增155万户", "五年来", "“十四五”", "连续3年", "2021—2025年". Shared by the answerer's figure
# choice (a one-year question prefers one-year figures) and its scoping of questions.
MULTI_YEAR_WORDS = (
    rf"年均|累计|五年|{PLAN_PERIOD}|连续\d+年|[\d一二三四五六七八九十]+年来|\d{{4}}[—－-]\d{{4}}年"
)
MULTI_YEAR_RE = re.compile(MULTI_YEAR_WORDS)
# A horizon a question asks up to ("到2030年GDP每年要增长多少"): the plan's years up to then, not
# that one year; "2021年到2025年" is two years named, "截至2025年底" a point in time.
HORIZON_RE = re.compile(r"(?<![\d年截])(?:到|至)(?:19|20)\d{2}年")

# --- places ----------------------------------------------------------------------------------
# The provincial-level divisions: the official name and the short form people use. Fixed domain
# data (it changes once in decades); lower levels are recognised by their suffix instead.
PROVINCES: dict[str, str] = {
    "北京市": "北京", "天津市": "天津", "上海市": "上海", "重庆市": "重庆",
    "河北省": "河北", "山西省": "山西", "辽宁省": "辽宁", "吉林省": "吉林", "黑龙江省": "黑龙江",
    "江苏省": "江苏", "浙江省": "浙江", "安徽省": "安徽", "福建省": "福建", "江西省": "江西",
    "山东省": "山东", "河南省": "河南", "湖北省": "湖北", "湖南省": "湖南", "广东省": "广东",
    "海南省": "海南", "四川省": "四川", "贵州省": "贵州", "云南省": "云南", "陕西省": "陕西",
    "甘肃省": "甘肃", "青海省": "青海", "台湾省": "台湾",
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}  # fmt: skip
# The one-character abbreviations (简称) of the provincial-level divisions, as a dictionary of
# China's administrative divisions lists them ("川2025年…", "粤港澳" is jieba's word, not 粤).
# Only the unambiguous primary forms: 京/吉/宁/青/新/云/贵/黑 open too many other words.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "天津市": "津", "上海市": "沪", "重庆市": "渝", "河北省": "冀", "山西省": "晋", "辽宁省": "辽",
    "江苏省": "苏", "浙江省": "浙", "安徽省": "皖", "福建省": "闽", "江西省": "赣", "山东省": "鲁",
    "河南省": "豫", "湖北省": "鄂", "湖南省": "湘", "广东省": "粤", "海南省": "琼", "四川省": "川",
    "陕西省": "陕", "甘肃省": "陇", "广西壮族自治区": "桂", "西藏自治区": "藏", "内蒙古自治区": "蒙",
    "贵州省": "黔", "云南省": "滇",
}  # fmt: skip
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
NATIONAL_PLACE = "中华人民共和国"
NATIONAL_ALIASES = ("全国", "国家", "中国", "国务院")

# A lower-level place: a name of 1–7 characters and an administrative suffix. The name may not hold
# characters that never occur in one (a place name is not "全省" or "2024年…").
_NAME = r"[\u4e00-\u9fa5]{1,7}?"
_COUNTY_SUFFIX = r"(?:[\u4e00-\u9fa5]{1,3}族)*自治(?:县|旗)|区|县|旗|市"
_PREFECTURE_SUFFIX = r"(?:[\u4e00-\u9fa5]{1,3}族)*自治州|州|盟|地区|市"
_UNIT_RE = re.compile(rf"({_NAME})((?:[\u4e00-\u9fa5]{{1,3}}族)*自治(?:州|县|旗)|地区|省|市|州|盟|区|县|旗)")
# What a place name never holds: these characters, or words of a sentence or an office
# ("全市和", "区长", "会议"). Words, not their characters: 长沙, 和田, 本溪, 会理, 全椒 are names.
# A unit a title or meeting line opens with: a name of two characters or more ("宜州市", never
# "宜" + "州").
_LEADING_UNIT_RE = re.compile(
    r"([\u4e00-\u9fa5]{2,7}?)((?:[\u4e00-\u9fa5]{1,3}族)*自治(?:州|县|旗)|地区|省|市|州|盟|区|县|旗)"
)
_NOT_IN_NAME_RE = re.compile(
    r"[的在年我该各为是第届与及]|全[省市区县州旗盟]|[省市区县州旗盟镇乡]长|和[省市区县州]|本级|会议|人民|政府"
    r"|主任|代表|关于|报告|工作|计划|执行|情况|预算|财政"
)


def _not_a_name(text: str) -> bool:
    return _NOT_IN_NAME_RE.search(text) is not None


def plausible_place(name: str) -> bool:
    """ "岳麓区" may be a place; "的老小区" (a word of a sentence) and "建设园区" (a common noun)
    may not."""
    return not _not_a_name(name[:-1]) and not name.endswith(_COMMON_NOUNS)


# "恩施土家族苗族自治州" → "恩施": the shortest stem of two characters or more before the peoples.
_ETHNIC_AUTONOMY_RE = re.compile(r"^([\u4e00-\u9fa5]{2,}?)(?:[\u4e00-\u9fa5]{1,3}族)*自治(?:区|州|县|旗)$")
# Role words and the level they speak for.
_ROLE_LEVELS = (
    ("总理", "national"),
    ("省长", "provincial"),
    ("主席", "provincial"),  # 自治区人民政府主席
    ("州长", "prefectural"),
    ("盟长", "prefectural"),
    ("区长", "county"),
    ("县长", "county"),
    ("旗长", "county"),
    ("市长", "prefectural"),
)
_LEVEL_WORDS = {"省": "provincial", "自治区": "provincial", "州": "prefectural", "盟": "prefectural",
                "区": "county", "县": "county", "旗": "county", "市": "prefectural"}  # fmt: skip
# Common nouns that end in a place suffix: "支持城市" is no city, "建设园区" no district.
_COMMON_NOUNS = ("城市", "都市", "超市", "上市", "门市", "城区", "社区", "园区", "景区", "郊区", "山区",
                 "街区", "辖区", "市区", "小区", "片区", "湾区", "专区", "县区", "灾区", "矿区", "牧区",
                 "地区")  # fmt: skip
# What follows a place's name where its own institutions are named.
_INSTITUTIONS = r"人民政府|人民代表大会|人大|政府|党委|委员会|政协|财政局|第[一二三四五六七八九十]{1,3}届"
_SELF_REF_RE = re.compile(r"(?:全|我|本)(省|自治区|市|州|盟|区|县|旗)")
_NATIONAL_RE = re.compile(r"国务院|全国人民代表大会|中华人民共和国|全国人大")
_DELEGATE_RE = re.compile(r"代表(国务院|省|自治区|市|州|盟|区|县|旗)?人民政府|代表国务院")


@dataclass(frozen=True)
class Place:
    name: str  # official name, e.g. "南京市鼓楼区"
    level: str  # PlaceLevel
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """A strategy's answer: a place (or only a level) and where it was read."""

    source: str
    place: Place | None = None
    level: str | None = None


# One whole unit: a name and its suffix, nothing before or after.
_WHOLE_UNIT_RE = re.compile(_UNIT_RE.pattern)
_SUFFIX_CHARS = "省市州盟区县旗"
MAX_UNITS_NAME_CHARS = 24  # longer is no place name: spare the search


def _units(name: str) -> list[str]:
    """The units a place's name is made of ("重庆市开州区" → 重庆市, 开州区), or [] when it is not
    made of whole units. A suffix character may end a unit or sit inside its name ("开州区",
    "通州区" are one district each, not "开州" + "区"): of the ways to cut the name into whole
    units, the one whose units never open with a suffix character ("杭州" + "市西湖区" is wrong)
    and, among those, the one with the most units ("杭州市" + "西湖区")."""
    if len(name) > MAX_UNITS_NAME_CHARS:
        return []
    best: list[str] = []
    best_key: tuple[int, int] | None = None

    def visit(pos: int, parts: list[str]) -> None:
        nonlocal best, best_key
        if pos == len(name):
            key = (sum(1 for p in parts if p[0] in _SUFFIX_CHARS), -len(parts))
            if best_key is None or key < best_key:
                best, best_key = list(parts), key
            return
        for end in range(pos + 2, len(name) + 1):
            if _WHOLE_UNIT_RE.fullmatch(name, pos, end):
                visit(end, [*parts, name[pos:end]])

    visit(0, [])
    return best


def _level_of_name(name: str) -> str:
    if name == NATIONAL_PLACE:
        return "national"
    if name in PROVINCES:
        return "provincial"
    last = name
    # "南京市鼓楼区": the level is the last unit's
    units = _units(name) or [m.group(0) for m in _UNIT_RE.finditer(name)]
    if units:
        last = units[-1]
    if last in PROVINCES:
        return "provincial"
    if re.search(f"(?:{_PREFECTURE_SUFFIX.replace('|市', '')})$", last):
        return "prefectural"
    if last.endswith("市"):
        return "prefectural"
    return "county"


def _short(name: str) -> str:
    if name in PROVINCES:
        return PROVINCES[name]
    m = _ETHNIC_AUTONOMY_RE.match(name)
    stem = m.group(1) if m else re.sub(r"(?:省|市|州|盟|地区|区|县|旗)$", "", name)
    return stem if len(stem) >= 2 else name


def make_place(name: str, level: str | None = None) -> Place:
    """The official name with its level and the short forms people use for it."""
    name = name.strip()
    if name in (NATIONAL_PLACE, "国务院", "全国", "中国"):
        return Place(NATIONAL_PLACE, "national", NATIONAL_ALIASES)
    short = {v: k for k, v in PROVINCES.items()}
    if name in short:
        name = short[name]
    units = _units(name)
    aliases: list[str] = []
    if len(units) >= 2:
        # "南京市鼓楼区": people say "鼓楼区", "鼓楼", "南京鼓楼"
        last = units[-1]
        aliases += [last, _short(last), _short(units[-2]) + _short(last)]
    else:
        aliases.append(_short(name))
    aliases = [a for a in dict.fromkeys(aliases) if a and a != name]
    if name in PROVINCES:
        level = "provincial"  # 重庆市 says "全市" and is a province's peer, not a city
    return Place(name, level or _level_of_name(name), tuple(aliases))


# A county of a one-character name ("渠县", "沛县"), known by what follows it in a title or
# meeting line: its year, its institutions, its budget ("本县"/"全县" are no names).
_ONE_CHARACTER_COUNTY_RE = re.compile(
    rf"([\u4e00-\u9fa5]县)(?=(?:19|20)\d{{2}}年|{_INSTITUTIONS}|财政|预算|决算)"
)


_NOT_A_COUNTY = "本全我该各此每两"


def _leading_place(text: str) -> str | None:
    """The place a title or meeting line opens with: "四川省人民政府工作报告" → "四川省",
    "南京市鼓楼区第二届人大常委会" → "南京市鼓楼区", "内蒙古自治区…" → "内蒙古自治区"."""
    text = re.sub(r"^(?:关于|在|(?:19|20)\d{2}\s*年(?:度)?|[—－\-\s“”\"《》])+", "", text)
    for full in sorted(PROVINCES, key=len, reverse=True):
        if text.startswith(full):
            rest = _leading_place(text[len(full) :]) if text[len(full) :] else None
            return full + rest if rest and _level_of_name(rest) != "provincial" else full
    parts: list[str] = []
    pos = 0
    while True:
        m = _LEADING_UNIT_RE.match(text, pos)
        if m is None or _not_a_name(m.group(1)):
            # "区第三届人大常委会" names the level only; a single character is no name either
            break
        parts.append(m.group(0))
        pos = m.end()
    if not parts and (m := _ONE_CHARACTER_COUNTY_RE.match(text)) and m.group(1)[0] not in _NOT_A_COUNTY:
        return m.group(1)
    return "".join(parts) or None


def _place_or_level(source: str, line: str) -> Found | None:
    """The place a line opens with, else the level its first word names ("区第三届…" → county)."""
    name = _leading_place(line)
    if name:
        return Found(source, make_place(name))
    m = re.match(r"(省|自治区|市|州|盟|区|县|旗)", line)
    return Found(source, level=_LEVEL_WORDS[m.group(1)]) if m else None


class TitlePlaceFinder:
    source = "title"

    def find(self, ctx: MetaContext) -> Found | None:
        if _NATIONAL_RE.match(ctx.title or ""):
            return Found(self.source, make_place(NATIONAL_PLACE))
        name = _leading_place(ctx.title or "")
        return Found(self.source, make_place(name)) if name else None


class MeetingPlaceFinder:
    source = "meeting"

    def find(self, ctx: MetaContext) -> Found | None:
        line = ctx.meeting or ""
        if not line:
            return None
        if "全国人民代表大会" in line or "全国人大" in line:
            return Found(self.source, make_place(NATIONAL_PLACE))
        return _place_or_level(self.source, line)


class SpeakerPlaceFinder:
    source = "speaker"

    def find(self, ctx: MetaContext) -> Found | None:
        role = ctx.role or ""
        if not role:
            return None
        if role.startswith("国务院"):
            return Found(self.source, make_place(NATIONAL_PLACE))
        if _leading_place(role) is None:
            for word, level in _ROLE_LEVELS:
                if word in role:
                    return Found(self.source, level=level)
        return _place_or_level(self.source, role)


class BodyPlaceFinder:
    """The body speaks of its own place: ``我代表省人民政府``, ``全省``; the name it uses most
    with that level's suffix (or bare, for the short form) is the place."""

    source = "body"
    SAMPLE_CHARS = 20_000  # the opening pages say enough; the whole text costs time on big files

    def find(self, ctx: MetaContext) -> Found | None:
        body = ctx.body[: self.SAMPLE_CHARS]
        m = _DELEGATE_RE.search(body)
        if m and (m.group(0).endswith("国务院") or m.group(1) == "国务院"):
            return Found(self.source, make_place(NATIONAL_PLACE))
        level_word = m.group(1) if m and m.group(1) else None
        if level_word is None:
            refs = Counter(r.group(1) for r in _SELF_REF_RE.finditer(body))
            if refs:
                level_word = refs.most_common(1)[0][0]
        if level_word is None:
            return None
        level = _LEVEL_WORDS[level_word]
        if level == "provincial":
            counts = Counter({full: body.count(short) for full, short in PROVINCES.items()})
            best, n = counts.most_common(1)[0]
            if n >= 2:
                return Found(self.source, make_place(best))
            return Found(self.source, level=level)
        suffix = "自治区" if level_word == "自治区" else level_word
        if suffix in ("州", "县", "旗"):
            # "大理白族自治州" whole, never "白族自治州"
            suffix = rf"(?:(?:[\u4e00-\u9fa5]{{1,3}}族)*自治{suffix}|{suffix})"
        for best, n in _named_units(body, suffix):
            if n < 2:
                break
            # a name, not a phrase that ends in a common noun ("支持城市", "建设园区"): such a
            # candidate counts only where the body names the place's institutions with it
            common = best.endswith(_COMMON_NOUNS)
            if not common or re.search(rf"(?:代表|在){best}|{best}(?:{_INSTITUTIONS})", body):
                return Found(self.source, make_place(best, level))
        return Found(self.source, level=level)


def _named_units(body: str, suffix: str) -> list[tuple[str, int]]:
    """The names written with a level's suffix, most often written first. Every place a name
    could start is tried, not only the leftmost: in "…1月23日在通辽市第六届…" the run before "市"
    is "日在通辽", no name, yet "通辽市" is one. Each place the suffix is written counts a
    name once; of names written as often, the one the body also writes most without its suffix
    ("通辽", not "展通辽" from "发展通辽市"), then the longest ("呼和浩特", not "浩特")."""
    seen: dict[int, set[str]] = {}
    for u in re.finditer(rf"(?=([\u4e00-\u9fa5]{{2,4}}?)({suffix}))", body):
        stem = u.group(1)
        if _not_a_name(stem) or "族" in stem or "自治" in stem or stem[-1] in _NOT_A_COUNTY:
            continue
        seen.setdefault(u.start(2), set()).add(stem + u.group(2))
    counts = Counter(name for names in seen.values() for name in names)
    bare = {name: body.count(_short(name)) for name in counts}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -bare[kv[0]], -len(kv[0])))
    return ranked


class FileNamePlaceFinder:
    source = "file_name"

    def find(self, ctx: MetaContext) -> Found | None:
        stem = PurePath(ctx.file_name.replace("\\", "/")).stem
        name = _leading_place(stem)
        return Found(self.source, make_place(name)) if name else None


PLACE_FINDERS = (TitlePlaceFinder(), MeetingPlaceFinder(), SpeakerPlaceFinder(), BodyPlaceFinder(),
                 FileNamePlaceFinder())  # fmt: skip


def _qualify(place: Place, body: str) -> Place:
    """A district named bare ("鼓楼区") takes its city when the body writes both ("南京市鼓楼区")."""
    if place.level != "county" or len(_units(place.name)) > 1:
        return place
    m = re.search(rf"([\u4e00-\u9fa5]{{2,4}}?市){re.escape(place.name)}", body)
    if m and not _not_a_name(m.group(1)[:-1]):
        full = make_place(m.group(1) + place.name, place.level)
        return Place(full.name, place.level, tuple(dict.fromkeys((*full.aliases, *place.aliases))))
    return place


# --- kind ------------------------------------------------------------------------------------
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("budget_report", re.compile(r"预算|决算")),
    ("plan_execution_report", re.compile(r"国民经济和社会发展.{0,6}计划|计划.{0,10}执行情况")),
    ("government_work_report", re.compile(r"政府工作报告?")),
)
# How a report with no title line says what it is: "现在，我代表市人民政府，向大会报告政府工作",
# "向大会作工作报告"; "提出2025年预算执行情况与2026年预算草案报告"; "计划执行情况…计划草案".
_OPENING_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "government_work_report",
        # the years reported on may stand between 报告 and 工作: "报告过去五年的政府工作", and whose
        # work it was: "报告本届政府过去五年的工作"
        re.compile(r"报告(?:本届政府)?(?:过去[一二三四五]年的?)?(?:政府)?工作|(?:作|做)(?:政府)?工作报告"),
    ),
    (
        "plan_execution_report",
        re.compile(r"(?:报告|提请|提出).{0,30}计划.{0,12}执行情况|计划执行情况.{0,40}计划草案"),
    ),
    (
        "budget_report",
        re.compile(
            r"(?:报告|提请|提出).{0,30}预算.{0,12}执行情况|预算执行情况.{0,40}预算草案|决算(?:草案)?的报告"
        ),
    ),
)


def classify_kind(title: str, opening: str) -> tuple[str, str]:
    """(kind, source): the title decides; without one, the opening sentences."""
    for kind, pattern in _KIND_RULES:
        if pattern.search(title):
            return kind, "title"
    for kind, pattern in _OPENING_KIND_RULES:
        if pattern.search(opening):
            return kind, "body"
    return "other", "default"


# --- title -------------------------------------------------------------------------------------
# How reports are titled: "关于2025年预算执行情况和2026年预算草案的报告", "XX区2024年政府工作报告".
# A web page saved as text may run its menus and breadcrumbs into the title's line.
_PLACE_SUFFIX = "(?:省|自治区|市|州|盟|地区|区|县|旗)"
_PLACE_PREFIX = rf"(?:[\u4e00-\u9fa5]{{2,15}}?{_PLACE_SUFFIX}|[\u4e00-\u9fa5]县)?"
_TITLE_RES = (
    re.compile(
        r"关于[^。！？；：:>＞\s]{2,80}?(?:预算|决算|计划|规划|工作|情况)[^。！？；：:>＞\s]{0,20}?的?报告"
    ),
    re.compile(
        rf"(?:(?:19|20)\d{{2}}年度?)?{_PLACE_PREFIX}(?:(?:19|20)\d{{2}}年度?)?(?:人民)?"
        r"(?:政府工作|财政预算|预算|决算)报告"
    ),
    # no 关于, the budget words apart from 报告: "XX县2024年财政预算执行情况与2025年财政预算草案的报告",
    # "XX县2024年财政总决算和2025年1-6月财政预算执行情况的报告"; 的 may be left out
    # ("XX区2025年预算执行情况和2026年预算草案报告"); a finance bureau publishes the budget as
    # "XX县2024年预算执行及2025年预算公开的说明"
    re.compile(
        rf"(?:(?:(?!关于|报告)[\u4e00-\u9fa5]){{2,15}}?{_PLACE_SUFFIX}|[\u4e00-\u9fa5]县)?"
        r"(?:19|20)\d{2}年度?(?!\d{1,2}月)(?:(?!关于)[^。！？；：:>＞\s]){0,60}?(?:预算|决算|计划)"
        r"[^。！？；：:>＞\s]{0,30}?(?:的?报告|的说明)"
    ),
)


# What a title line may carry before the words matched ("2026年四川省人民"), and the marks of a
# web page's menus and breadcrumbs that it never does.
MAX_TITLE_LEAD = 20
_CLUTTER_RE = re.compile(r"[>＞»|｜：:]|首页|当前位置")


def find_title(text: str) -> str | None:
    """The report's title in a front-matter line, or None; the longest title-like stretch wins
    (a breadcrumb's "政府工作报告" loses to the page's "XX区2024年政府工作报告")."""
    found = [m for rx in _TITLE_RES for m in rx.finditer(text)]
    if not found:
        return None
    best = max(found, key=lambda m: len(m.group(0)))
    lead = text[: best.start()]
    if not text[best.end() :].strip() and len(lead) <= MAX_TITLE_LEAD and not _CLUTTER_RE.search(lead):
        return text.strip()  # the line is the title ("2026年四川省人民政府工作报告")
    return best.group(0)


# --- dates -----------------------------------------------------------------------------------
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE_RE = re.compile(
    r"[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# The zero of a Chinese-numeral year as typed: "二○二六" (a circle), "二Ｏ二六", "二0二六".
_ZERO_FORMS = str.maketrans({"○": "〇", "Ｏ": "〇", "◯": "〇"})


def find_date(line: str) -> str | None:
    """ISO date of ``2026年1月27日`` or ``二〇二六年一月二十七日`` in a line."""
    line = line.translate(_ZERO_FORMS)
    if m := _CN_DATE_RE.search(line):
        line = line.replace(m.group(0), cn2an.transform(m.group(0), "cn2an"))
    if m := _DATE_RE.search(line):
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


# --- what a part covers ------------------------------------------------------------------------
# "十四五" / "第十四个五年规划": the n-th five-year plan runs from 1966 + 5 (n - 3) (the third
# began in 1966 after the 1963–65 readjustment; every one since is five years).
_FYP_RE = re.compile(r"(?:“|\")?十([一二三四五六七八九])五(?:”|\")?|第十([一二三四五六七八九])个五年规划")
# 决算: final accounts report what was done ("一、全市收支决算情况", "2023年决算草案").
_RESULT_CUES = re.compile(
    r"回顾|成就|成绩|执行情况|完成情况|进展情况|总结|取得的|成效|发展情况|工作情况|决算"
)
_PLAN_CUES = re.compile(
    r"安排|重点工作|主要工作|任务|目标|打算|举措|措施|计划|部署|考虑|建议|思路|草案|展望|要求|重点"
)
_HALF_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:上半年|1[-—～~至]6月)")
HALF_RE = {"first_half": re.compile(r"上半年|1[-—～~至]6月"), "second_half": re.compile(r"下半年")}


def five_year_plan_years(n: int) -> tuple[int, ...]:
    start = 1966 + 5 * (n - 3)
    return tuple(range(start, start + 5))


def named_plan_years(text: str) -> set[int]:
    """Years of the five-year plans a text names ("十四五" → 2021–2025)."""
    years: set[int] = set()
    for m in _FYP_RE.finditer(text):
        years.update(five_year_plan_years(10 + int(cn2an.cn2an(m.group(1) or m.group(2), "smart"))))
    return years


@dataclass(frozen=True)
class CoverContext:
    """What a part without years of its own speaks about, from the report's kind and date."""

    review_year: int | None  # the year a results part reports on
    plan_year: int | None  # the year a plan part is for
    period: str | None  # "上半年" for a half-year report
    # the year the title gives the half-year to, when it names more than one year
    # ("2023年省级财政决算草案和2024年上半年全省财政预算执行情况": only 2024 is a half-year)
    period_year: int | None = None

    @classmethod
    def of(cls, kind: str, year: int | None, title: str, period: str | None) -> CoverContext:
        title_years = sorted({int(y) for y in _YEAR_RE.findall(title)})
        if kind == "government_work_report" and year is not None:
            # delivered early in year Y: reviews Y-1, plans Y
            return cls(year - 1, year, None)
        if len(title_years) >= 2:
            # "关于2023年…计划执行情况与2024年…计划草案的报告"
            half_of = _HALF_YEAR_RE.search(title) if period == "上半年" else None
            return cls(title_years[0], title_years[-1], period, int(half_of.group(1)) if half_of else None)
        if kind in ("plan_execution_report", "budget_report") and (title_years or year is not None):
            # "关于2023年…计划执行情况的报告" (delivered January 2024) reports on 2023
            base = title_years[0] if title_years else year
            assert base is not None
            if period == "上半年":
                return cls(base, base, period)
            return cls(base, base + 1, period)
        return cls(year, year, period)


# A heading on the five years reviewed, naming no year: "过去五年工作回顾", "五年来的工作回顾",
# "本届政府工作回顾" (not "过去一年和五年工作回顾": that part opens on the one year).
_FIVE_YEARS_TITLE = re.compile(r"^(?:过去的?五年|近五年|五年来|本届政府)")


def covers_from_title(title: str, ctx: CoverContext) -> Covers | None:
    """What a heading says it covers, or None when it says nothing of time or aspect."""
    years: set[int] = {int(y) for y in _YEAR_RE.findall(title)}
    plan_years = named_plan_years(title)
    multi = bool(plan_years)
    years |= plan_years
    if "今年" in title and ctx.plan_year:
        years.add(ctx.plan_year)
    if "去年" in title and ctx.plan_year:
        years.add(ctx.plan_year - 1)
    results = bool(_RESULT_CUES.search(title))
    plan = bool(_PLAN_CUES.search(title)) and not results
    half = next((p for p, rx in HALF_RE.items() if rx.search(title)), None)
    if results and not years and ctx.review_year is not None and _FIVE_YEARS_TITLE.search(title):
        # "一、过去五年工作回顾" (a term's last report): the part reports the five years before
        # delivery, not the last of them; a paragraph there on the last year says so itself
        return Covers(tuple(range(ctx.review_year - 4, ctx.review_year + 1)), "multi_year", "results")
    if not years and not results and not plan and half is None:
        return None
    if not results and not plan:
        # a year without a cue: the future is planned, the past reported
        if half == "second_half":
            plan = True
        elif years and ctx.plan_year is not None:
            plan = min(years) >= ctx.plan_year and (ctx.review_year is None or min(years) > ctx.review_year)
        results = not plan
    aspect = "plan" if plan else "results"
    if not years:
        year = ctx.plan_year if aspect == "plan" else ctx.review_year
        if half is not None and ctx.period == "上半年" and ctx.review_year is not None:
            year = ctx.review_year  # a half-year report plans the second half of its own year
        if year is None:
            return None
        years = {year}
    if (
        half is None
        and ctx.period == "上半年"
        and not multi
        and len(years) == 1
        and ctx.period_year in (None, *years)
    ):
        half = "first_half" if aspect == "results" else "second_half"
    period = "multi_year" if multi or len(years) > 1 else (half or "full_year")
    return Covers(tuple(sorted(years)), period, aspect)  # type: ignore[arg-type]


_SEGMENT_SPLIT_RE = re.compile(r"和|及|与|暨|、")
# What a passage of a mixed part says about the coming years.
_FORWARD_RE = re.compile(r"今后五年|未来五年|今后一个时期|到20\d\d年")


def mixed_covers(title: str, ctx: CoverContext) -> tuple[Covers, Covers] | None:
    """``“十三五”时期发展成就和“十四五”时期主要目标任务``: (results, plan) when the title joins a
    review and a plan; the part's passages are told apart one by one."""
    parts = [covers_from_title(seg, ctx) for seg in _SEGMENT_SPLIT_RE.split(title) if seg.strip()]
    results = next((c for c in parts if c is not None and c.aspect == "results"), None)
    plan = next((c for c in parts if c is not None and c.aspect == "plan"), None)
    return (results, plan) if results is not None and plan is not None else None


# A part's opening that turns to the year ahead: "2025年是“十四五”规划收官之年…", "今年是…",
# "今年经济社会发展的主要预期目标是…", "做好今年工作，…".
_PLAN_LEAD_RE = re.compile(
    r"(?:^|[。！？\n])\s*(?:(?:今年|(?P<year>(?:19|20)\d{2})年)(?:是|[^。\n]{0,20}(?:主要预期目标|总体要求))"
    r"|做好今年)"
)


def opens_the_plan(opening: str, ctx: CoverContext) -> bool:
    """Whether a part's own opening (its text before its first item) speaks of the year it plans."""
    if ctx.plan_year is None or ctx.plan_year == ctx.review_year:
        return False
    for m in _PLAN_LEAD_RE.finditer(opening):
        if m.group("year") is None or int(m.group("year")) == ctx.plan_year:
            return True
    return False


def _names_time(title: str) -> bool:
    """A heading that names a time of its own: a year, a five-year plan, 今年/去年, a half."""
    return bool(
        _YEAR_RE.search(title)
        or named_plan_years(title)
        or "今年" in title
        or "去年" in title
        or any(rx.search(title) for rx in HALF_RE.values())
    )


def assign_section_covers(
    sections: Sequence[Section], ctx: CoverContext, openings: Mapping[str, str] | None = None
) -> None:
    """Covers on every section: its own title's, else its parent's; a top-level part that says
    nothing (``四、加强政府自身建设``) continues the part before it, unless its opening turns to the
    year planned ("2025年是“十四五”规划收官之年…", "今年…主要预期目标是…"; see
    ``opens_the_plan``).

    A sub-heading's cue word alone does not turn its part from review to plan or back: under
    ``一、2024年工作回顾``, ``（一）锚定目标攻坚，…`` still reports 2024 and ``（六）深化重点领域改革``
    is no plan; under a plan part, ``（十）…取得新成效`` is a plan too. Only a part that joins a
    review and a plan lets its sub-headings' cue words turn it. ``openings``: a top-level
    part's text before its first sub-heading, by title."""

    def visit(section: Section, inherited: Covers | None, parent_mixed: bool) -> None:
        mixed = mixed_covers(section.title, ctx)
        own = mixed[0] if mixed else covers_from_title(section.title, ctx)
        if (
            own is not None
            and inherited is not None
            and own.aspect != inherited.aspect
            and not parent_mixed
            and not _names_time(section.title)
        ):
            own = None
        section.covers = own or inherited
        for child in section.children:
            visit(child, section.covers, mixed is not None)

    previous: Covers | None = None
    for s in sections:
        is_appendix = s.title.startswith(("附件", "附表")) or s.number == ""
        inherited = None if is_appendix else previous
        if (
            inherited is not None
            and inherited.aspect == "results"
            and ctx.plan_year is not None
            and opens_the_plan((openings or {}).get(s.title, ""), ctx)
        ):
            inherited = Covers((ctx.plan_year,), "full_year", "plan")
        visit(s, inherited, False)
        if not is_appendix:
            previous = s.covers


# A results part that closes with the next targets: "今年经济社会发展的主要预期目标是…".
_TARGET_SENTENCE_RE = re.compile(r"(?:今年|明年|(?P<year>(?:19|20)\d{2})年)[^。]{0,20}(?:主要)?预期目标")


def refine_chunk_covers(chunk: Chunk, ctx: CoverContext, plan: Covers | None = None) -> Chunk:
    """``plan``: what the plan half of a mixed part covers (its forward-looking passages)."""
    covers = chunk.covers
    if covers is None or covers.aspect != "results":
        return chunk
    if plan is not None and (_FORWARD_RE.search(chunk.text) or _mentions_plan_years(chunk.text, plan)):
        return replace(chunk, covers=plan)
    m = _TARGET_SENTENCE_RE.search(chunk.text)
    if m is None:
        return chunk
    year = int(m.group("year")) if m.group("year") else ctx.plan_year
    if year is None or year in covers.years:
        return chunk
    return replace(chunk, covers=Covers((year,), "full_year", "plan"))


def _mentions_plan_years(text: str, plan: Covers) -> bool:
    years = {int(y) for y in _YEAR_RE.findall(text)} | named_plan_years(text)
    return bool(years) and min(years) >= plan.years[0] and bool(years & set(plan.years))


def section_covers_by_path(sections: Sequence[Section]) -> dict[tuple[str, ...], Covers | None]:
    out: dict[tuple[str, ...], Covers | None] = {}

    def visit(s: Section, path: tuple[str, ...]) -> None:
        here = (*path, s.title)
        out.setdefault(here, s.covers)
        for c in s.children:
            visit(c, here)

    for s in sections:
        visit(s, ())
    return out


# --- the whole document ------------------------------------------------------------------------
@dataclass(frozen=True)
class MetaContext:
    title: str
    meeting: str | None
    role: str | None
    body: str
    file_name: str


KIND_NAMES = {
    "government_work_report": "政府工作报告",
    "budget_report": "预算报告",
    "plan_execution_report": "计划执行情况报告",
}


def derive_title(place: str | None, year: int | None, kind: str) -> str:
    """A title for a report with no title line: "XX区2017年政府工作报告"."""
    return f"{place or ''}{f'{year}年' if year else ''}{KIND_NAMES.get(kind, '报告')}"


PLACE_WARNING = (
    "未能识别报告所属地区：上传时可填写“地区”（place）字段，命令行可用 --place，"
    '或在文件旁放同名的 .meta.json（如 {"place": "成都市武侯区"}）。'
)


class MetadataDeriver:
    """Fills place, level, kind, year and the sources of each on a :class:`DocumentMeta`."""

    BODY_CHARS = 30_000  # the text the body strategies read: the opening pages say who speaks
    # the opening sentences that say what a report with no title is (a web page's clutter first)
    OPENING_CHARS = 3000

    def __init__(self, finders: Iterable[object] = PLACE_FINDERS) -> None:
        self.finders = list(finders)

    def derive(self, meta: DocumentMeta, body: str, derived_title: str, override: MetaOverride) -> None:
        """``derived_title``: the report's own title line ("" when it has none)."""
        title_found = bool(derived_title or override.title)
        sources: dict[str, str] = {}
        if title_found:
            sources["title"] = "title"
        if meta.date:
            sources["date"] = "meeting"
        if meta.speaker:
            sources["speaker"] = "front_matter"
        ctx = MetaContext(meta.title if title_found else "", meta.meeting, meta.role, body, meta.source_name)

        place, level, place_source = self._place(ctx)
        if place is not None:
            place = _qualify(place, body)
            meta.place, meta.place_aliases, meta.place_level = place.name, list(place.aliases), place.level
            sources["place"] = place_source
        elif level is not None:
            meta.place_level = level
            sources["place_level"] = place_source

        opening = body[: self.OPENING_CHARS]
        # the report's own title says its kind even when the uploader renamed it
        meta.kind, sources["kind"] = classify_kind(f"{ctx.title} {derived_title}", opening)
        if meta.year is None:
            meta.year, year_source = self._year(meta, body)
            if year_source:
                sources["year"] = year_source
        elif meta.year is not None:
            sources["year"] = "title" if _YEAR_RE.search(ctx.title) else "date"
        if not title_found:
            # no title line: one made from what is known, never the file name (it shows in citations)
            meta.title, sources["title"] = derive_title(meta.place, meta.year, meta.kind), "derived"

        for key, value in override.fields_set().items():
            if key == "place":
                p = make_place(str(value))
                meta.place, meta.place_aliases, meta.place_level = p.name, list(p.aliases), p.level
            else:
                setattr(meta, key, value)
            sources[key] = "override"
        if meta.place is None:
            meta.warnings.append(PLACE_WARNING)
        meta.sources = sources

    def _place(self, ctx: MetaContext) -> tuple[Place | None, str | None, str]:
        level: str | None = None
        level_source = ""
        for finder in self.finders:
            found = finder.find(ctx)  # type: ignore[attr-defined]
            if found is None:
                continue
            if found.place is not None:
                if level is not None and found.place.level != level and found.source == "file_name":
                    continue  # a file name that contradicts the report's own words is not trusted
                return found.place, found.place.level, found.source
            if level is None and found.level is not None:
                level, level_source = found.level, found.source
        return None, level, level_source

    @staticmethod
    def _year(meta: DocumentMeta, body: str) -> tuple[int | None, str]:
        """No title year, no date: a review part names the year before delivery
        (``一、2015年工作回顾`` → 2016); else a year in the file name."""
        m = re.search(r"((?:19|20)\d{2})年[^。\n]{0,12}?工作回顾", body[:4000])
        if m:
            return int(m.group(1)) + 1, "body"
        fm = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", meta.source_name)
        if fm:
            return int(fm.group(1)), "file_name"
        return None, ""


# How a review paragraph says which stretch it speaks of: the last year, or the five years.
_ONE_YEAR_LEAD = re.compile(
    r"^(?:各位代表[！!，,]\s*)?(?:这一年|过去一年|一年来|刚刚过去的|(?:19|20)\d\d年[，,是])"
)
_LAST_YEAR_LEAD = re.compile(r"^(?:各位代表[！!，,]\s*)?(?:过去一年|去年|刚刚过去的一年)")
# (a run of such paragraphs may each open on a dash: "——这五年，综合实力大幅跃升…")
SPAN_LEAD = re.compile(
    rf"^(?:各位代表[！!，,]\s*)?(?:——?)?(?:五年来|(?:过去|这)的?五年|“?{PLAN_PERIOD}”?(?:时期|期间|以来))"
)
# "2015年是“十二五”收官之年。过去五年，…": the sentence that closes the period leads into its review.
_CLOSING_YEAR = re.compile(
    rf"^(?:各位代表[！!，,]\s*)?(?:19|20)\d\d年是[^。]{{0,6}}“?{PLAN_PERIOD}”?[^。]{{0,8}}收官之年。"
)
# ... or looks back on it in so many words: "2025年是“十四五”收官之年。回望“十四五”这…的五年，…"
# (not "…收官之年。一年来，…", which speaks of the year)
_LOOKS_BACK = re.compile(rf"^(?:回望|回顾|回首)“?(?:{PLAN_PERIOD}|过去的?五年)")
_LEAD_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
# A first sentence about the five years as a whole: "经过五年接续奋斗，我省“十四五”顺利收官。",
# "这是经济实力持续提升的五年。" (a one-line paragraph over the figures that follow it); a term's last
# report opens its review on the term: "第十一届全国人民代表大会第一次会议以来的五年，是…".
_FIVE_YEARS_SENTENCE = re.compile(
    r"^(?:各位代表[！!，,]\s*)?(?:(?:经过|历经)[^。！!]{0,12}五年|这是[^。！!，,]{0,24}的五年[。！!]"
    r"|[^。！!，,]{0,30}以来的五年)"
)


def span_lead(lead: str) -> bool:
    """Whether a paragraph opens on the five years reviewed ("五年来，…", "“十四五”时期…", or
    "2015年是“十二五”收官之年。过去五年，…", "这是…的五年。")."""
    closing = _CLOSING_YEAR.match(lead)
    after = lead[closing.end() :] if closing else ""
    return bool(
        SPAN_LEAD.search(lead)
        or (closing and (SPAN_LEAD.search(after) or _LOOKS_BACK.search(after)))
        or _FIVE_YEARS_SENTENCE.search(lead)
    )


class YearAndSpanReader:
    """A review of "2025年和“十四五”时期" tells its two stretches apart paragraph by paragraph:
    "这一年，…" speaks of the last year, "五年来，…" of the five; what follows a lead speaks of
    what it named, until the next lead."""

    def __init__(self, ctx: CoverContext) -> None:
        self.ctx = ctx
        self.state: dict[str, bool] = {}  # part title -> speaking of the one year now
        self.reviewed: dict[str, tuple[int, ...]] = {}  # plan part -> the earlier years it looks back on
        self.closing: dict[str, tuple[int, ...]] = {}  # one year's part -> the five years it closes

    def read(self, part: str, covers: Covers, text: str) -> Covers:
        if covers.aspect == "plan" and len(covers.years) > 2:
            return self._review_in_plan(part, covers, text)
        year = self.ctx.review_year
        if year is None or covers.aspect != "results" or year not in covers.years:
            return covers
        lead = text.strip()[:40]
        if len(covers.years) <= 2:
            return self._span_in_year(part, covers, lead, year)
        titled = str(year) in part or "去年" in part
        if span_lead(lead):
            self.state[part] = False
        elif (_ONE_YEAR_LEAD.search(lead) and (titled or self._names_only(lead, year))) or (
            _LAST_YEAR_LEAD.search(lead)
        ):
            # A five-year part whose title names no year ("“十四五”时期工作回顾") may still turn to
            # the last one ("刚刚过去的2025年，…", "过去一年，…"): a lead that names that year, or
            # says "the last year" in words, says so.
            self.state[part] = True
        if not titled and part not in self.state:
            return covers
        # Before any lead, the part speaks of what its title names first.
        one = self.state.get(
            part, part.find(str(year)) < max(part.find("五"), 0) or part.startswith(str(year))
        )
        return Covers((year,), "full_year", "results") if one else covers

    @staticmethod
    def _names_only(lead: str, year: int) -> bool:
        """The lead names the reviewed year and no other."""
        return {int(y) for y in _LEAD_YEAR.findall(lead[:16])} == {year}

    def _span_in_year(self, part: str, covers: Covers, lead: str, year: int) -> Covers:
        """A part on the last year ("一、2015年工作回顾") may close with the five years that year ends
        ("2015年是“十二五”收官之年。过去五年，…"): from that lead on, until one on the year, the
        paragraphs speak of the five years."""
        if span_lead(lead):
            named = sorted(y for y in named_plan_years(lead) if y <= year)
            five = tuple(named) if named and named[-1] == year else tuple(range(year - 4, year + 1))
            self.closing[part] = five
        elif _ONE_YEAR_LEAD.search(lead):
            self.closing.pop(part, None)
        span = self.closing.get(part)
        return Covers(span, "multi_year", "results") if span else covers

    def _review_in_plan(self, part: str, covers: Covers, text: str) -> Covers:
        """A five-year plan's part ("关于《…第十五个五年规划纲要（草案）》的说明") may first look back:
        "“十四五”时期，…这五年，…" speaks of the finished period's results, until a lead names
        another stretch ("“十五五”时期具有…")."""
        lead = text.strip()[:30]
        if SPAN_LEAD.search(lead):
            named = named_plan_years(lead[:12])
            before = bool(named) and max(named) < covers.years[0]
            self.reviewed[part] = tuple(sorted(named)) if before else ()
        reviewed = self.reviewed.get(part, ())
        return Covers(reviewed, "multi_year", "results") if reviewed else covers


# A budget or plan report's paragraph that opens with a year says which figures it gives: the
# reviewed year's results ("2025年全市…预计完成/执行/完成…") or the next year's plan ("2026年…安排/
# 预算/草案/预期…"), whichever part it stands in.
_LEAD_YEAR_RE = re.compile(r"^\s*(?:[（(]\d{1,2}[）)])?\s*(?:截至)?((?:19|20)\d{2})年")
_RESULT_WORDS_RE = re.compile(r"预计完成|预计执行|执行|完成|实现|快报|决算|实际")
_PLAN_WORDS_RE = re.compile(r"安排|预算草案|草案|预期|计划|拟|代编|编制|预算为|预算收入|预算支出")
# The words that say the aspect stand in the paragraph's first sentence, within this many characters.
LEAD_SENTENCE_CHARS = 80


def paragraph_covers(text: str, ctx: CoverContext) -> Covers | None:
    """What a budget or plan report's paragraph covers by its lead year and words, or None."""
    m = _LEAD_YEAR_RE.match(text)
    if m is None or ctx.review_year is None or ctx.plan_year is None or ctx.review_year == ctx.plan_year:
        return None
    year = int(m.group(1))
    first = re.split(r"[。；]", text[m.end() : m.end() + LEAD_SENTENCE_CHARS], maxsplit=1)[0]
    if year == ctx.review_year and _RESULT_WORDS_RE.search(first):
        return Covers((year,), "full_year", "results")
    if year == ctx.plan_year and _PLAN_WORDS_RE.search(first):
        return Covers((year,), "full_year", "plan")
    return None


def apply_covers(meta: DocumentMeta, sections: Sequence[Section], chunks: list[Chunk]) -> list[Chunk]:
    """Covers on every section and chunk (front matter and the closing have none)."""
    ctx = CoverContext.of(meta.kind, meta.year, meta.title, meta.period)
    openings: dict[str, str] = {}  # a part's own text, before its first item
    itemised: set[str] = set()
    for c in chunks:
        if len(c.heading_path) > 1:
            itemised.add(c.heading_path[0])
        elif c.heading_path and c.heading_path[0] not in itemised:
            openings[c.heading_path[0]] = openings.get(c.heading_path[0], "") + "\n" + c.text
    assign_section_covers(sections, ctx, openings)
    by_path = section_covers_by_path(sections)
    plans = {s.title: m[1] for s in sections if (m := mixed_covers(s.title, ctx))}
    out: list[Chunk] = []
    planning: set[str] = set()  # mixed parts whose plan half has begun
    spans = YearAndSpanReader(ctx)
    for c in chunks:
        covers = by_path.get(c.heading_path) if c.heading_path else None
        if covers is None:
            out.append(c)
            continue
        covers = spans.read(c.heading_path[0], covers, c.text)
        if meta.kind in ("budget_report", "plan_execution_report"):
            covers = paragraph_covers(c.text, ctx) or covers
        top = c.heading_path[0]
        plan = plans.get(top)
        if plan is not None and top in planning and covers.aspect == "results":
            # A part that reviews and then plans ("十三五成就和十四五目标") does so in that order:
            # once its forward-looking passages begin, the rest of it is the plan.
            out.append(replace(c, covers=plan))
            continue
        refined = refine_chunk_covers(replace(c, covers=covers), ctx, plan)
        if plan is not None and refined.covers == plan:
            planning.add(top)
        out.append(refined)
    return out
