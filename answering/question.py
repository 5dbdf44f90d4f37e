"""Question understanding without a model: what is asked, about when, about whom.

``QuestionAnalyzer`` splits a question into its slots (years, period,
district, topic, asked aspect) and the key terms the evidence must carry.
The follow-up rewriter and the extractive answerer both work on these slots.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

import jieba

from wenbao.answering.figures import (
    COUNT,
    MONEY,
    PERCENT,
    POINTS,
    RANK,
    RATIO,
    RATIO_NAMED,
    RUN,
    find_figures,
)
from wenbao.answering.scope import (
    COLLECTIVE_RE,
    STATE_WORD,
    STRUCTURE_ASKED,
    QuestionScope,
    asked_half,
    without_state_word,
)
from wenbao.answering.synonyms import MappingSynonyms, SynonymLookup
from wenbao.index.query import YEAR_RE, ParsedQuery
from wenbao.index.tokenizer import part_of_speech, read_data_lines
from wenbao.index.tokenizer import words as jieba_words
from wenbao.ingest.levels import LEVEL_ONLY_LEAD, asked_level, lower_level_asks, strip_colloquial_level
from wenbao.ingest.metadata import HORIZON_RE, MULTI_YEAR_RE, PLAN_PERIOD, PROVINCES, plausible_place
from wenbao.ingest.numbering import cn_to_int, int_to_cn

jieba.setLogLevel(logging.WARNING)

# Asked aspects, most specific first: a question may carry several cues
# ("增速排名第几" is a rank question about a growth rate).
RANK_Q = "rank"
GROWTH_Q = "growth"
AMOUNT_Q = "amount"
LIST_Q = "list"
SECTION_Q = "section"
WHO_Q = "who"
WHEN_Q = "when"
YESNO_Q = "yesno"
FACT_Q = "fact"

FIGURE_ASPECTS = (RANK_Q, GROWTH_Q, AMOUNT_Q)

# What kind of answer a question needs, which decides the strategy that drafts it.
INTENT_FRONT = "front"  # who delivered the report, when, where
INTENT_SECTION = "section"  # a part of the report: what it covers, where a topic is
INTENT_LIST = "list"  # the items of something
INTENT_FIGURE = "figure"  # a number: amount, growth, rank
INTENT_COMPARISON = "comparison"  # several places or years at once
INTENT_OPEN = "open"  # anything else: the passage that answers
INTENTS = (INTENT_FRONT, INTENT_SECTION, INTENT_LIST, INTENT_FIGURE, INTENT_COMPARISON, INTENT_OPEN)

# Results vs plans: "完成/实现了多少" asks what happened, "目标/打算/计划" what is to happen.
_PLAN_CUES = re.compile(
    r"目标|计划|打算|预期|力争|准备|部署|安排|下一步|接下来|今后|将要"
    r"|要(?:完成|实现|达到|新增|建设|推进|提高|提升|降低|控制|保持|增长|突破)"
)
_RESULT_CUES = re.compile(
    r"完成了|实现了|达到了|已经|取得|成效|成绩|完成情况|完成率|进度|多少了|怎么样了"
    r"|(?:增长|下降|提高|增加|减少|上涨|涨|降|新增|新开|来)了"
)
_PLAN_PERIOD_RE = re.compile(PLAN_PERIOD)
# "GDP从多少涨到了多少", "城镇化率由多少提高到多少": a value at the start and one at the end.
# A resident's verb of money ("教育花了多少钱", "市里自己那一级收了多少钱"): what it asks is the
# spending (支出) or the revenue (收入) of what it names, the heads a report writes; the verb is
# no word to find.
_MONEY_VERBS = (
    # "钱主要花在哪些方面": where it was spent, a list of spending items
    (
        re.compile(
            r"(?:一共|总共)?花(?:了|掉|出去了?|出了?)?(?=(?:多少|几)钱?)|用了?(?=多少钱)|钱?(?:主要|都)?花在了?(?=哪)"
            # "财政花钱完成预算了吗", "花的钱有多少": spending named by the verb and its money
            r"|花(?:的)?钱"
        ),
        "支出",
    ),
    # a verb only: "收了多少", "收多少钱", not 税收 or 征收 ("其中税收多少")
    # "收上来多少", "收到了多少": the same verb with where the money goes
    (
        re.compile(
            r"(?<![税征吸接回营创增减丰验])收"
            r"(?:(?:上来|进来|到)?了(?=多少|几)|(?:上来|进来|到)?(?=(?:多少|几)钱)|(?:上来|进来)(?=多少|几)"
            # "收上来的税", "收上来的钱": what was collected
            r"|(?:上来|进来)的(?:钱)?)"
        ),
        "收入",
    ),
)
# "花在教育上的钱", "花在医院、看病这些卫生方面的钱": what the money is spent on, before 上/方面.
_SPENT_ON_RE = re.compile(r"花在(?P<on>[^，,。？?]{1,20}?)(?:上面|上|方面)的?钱")
# "医院、看病这些卫生方面": examples, then the kind they are of ("这些", "这类", "之类的").
_EXAMPLES_RE = re.compile(
    # the kind is a noun's words: not a predicate ("…这些在哪一部分说的", "…这些有没有")
    r"(?P<eg>[^，,。？?的在]{1,16}?)(?:这些|这类|这一类|之类的?)"
    r"(?P<kind>(?![在是有都要还也就哪怎为被把])[^，,。？?]{1,12})"
)
# The examples' share of their weight when the kind names a word of this weight (not "方面" alone):
# what is left is no more than a hint (MONEY_HEAD_WEIGHT), never the indicator asked.
_EXAMPLE_SHARE = 0.2
_EXAMPLE_KIND_WEIGHT = 2.0
# A head the first of two parts writes at its end ("政府性基金收入多少，花出去多少"), which the
# part asked by a verb of money replaces with its own.
_WRITTEN_HEAD_END = re.compile(r"(?:收入|支出)$")
# A head read from a verb only hints where to look: a weight below a written word's.
MONEY_HEAD_WEIGHT = 0.4


def _without_money_verbs(text: str) -> str:
    for money_verb, _ in _MONEY_VERBS:
        text = money_verb.sub("", text)
    return text


def _heads_written(frame: QuestionFrame) -> QuestionFrame:
    """The frame with the heads its money verbs name weighed as written words."""
    terms = tuple(
        replace(t, weight=_weight(t.text)) if t.weight == MONEY_HEAD_WEIGHT else t for t in frame.terms
    )
    return replace(frame, terms=terms)


def _money_verb_only(frame: QuestionFrame) -> bool:
    """The part names nothing but a verb of money ("花了多少"): its subject is the question's."""
    heads = {head for _, head in _MONEY_VERBS}
    return bool(frame.terms) and all(t.text in heads and t.weight == MONEY_HEAD_WEIGHT for t in frame.terms)


_FROM_TO_Q = re.compile(r"(?:从|由)(?:多少|什么|哪)(?P<verb>[^？?，,]{0,6}?)(?:到|至|为)了?(?:多少|什么|哪)")
# Words in quotation marks are the report's own ("聚力取得新突破"), not how the asker asks.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_PROGRESS_Q = re.compile(r"完成全年目标|目标的?(?:进度|完成)|完成.{0,4}目标")
_MEASURES = "个家人项件名户套张间台场篇条次所位支例部"
# A topic that is a measure word alone ("项" of "完成了多少项") names no indicator.
_MEASURE_ONLY = re.compile(f"[{_MEASURES}]")

# How a question asks, besides its aspect: each cue read here once, into a field of the frame;
# the strategies read the fields, never the question's text.
# A yearly average ("年均增长多少", "平均每年"): only a figure over several years answers it.
# (over several years, "每年要增长多少" asks the yearly average too: "“十五五”期间经济每年要增长多少")
_AVERAGE_ASKED = re.compile(
    r"年均|平均每年|每年平均|每年(?:要|能|都|会|大概|大约)?(?:增长|增加|提高|上涨|涨|下降|降低|减少)"
)
# An indicator that is a rate or share ("失业率", "占比"): only a percentage answers it.
RATE_ASKED = re.compile(r"率|比重|比例|占比|百分之")
# The head of an indicator that is a quantity ("技术合同成交额", "天然气产量"): asked "是多少", its
# amount is asked, which a growth rate is not.
_QUANTITY_HEAD = re.compile(r"(?:总额|总值|总量|产量|产值|成交额|销售额|营业额|交易额|收入|支出|规模|余额)$")
_QUANTITY_HEAD_ANY = re.compile(_QUANTITY_HEAD.pattern.rstrip("$"))
# A share of something ("占比", "比重"): the figure is a part of a whole, not a change.
# "强度": an intensity is a ratio to output ("研发投入强度" is R&D spending over GDP, a city's plan
# writes it "研发经费支出相当于全市生产总值的比例"), so its base is part of what is asked
_SHARE_ASKED = re.compile(r"比重|比例|比率|占比|份额|占|贡献|强度")
# A count added ("床位多了多少张", "增加多少"): reports say it with 新增.
# ("新增长引擎" is 新 + 增长, no count added)
_ADDED_ASKED = re.compile(r"多了|增加|新增(?!长)|(?:多|少)(?:收|花)了?(?=多少)")
# "每人多补贴多少钱", "能多拿多少": 多 before the verb asks what is added, as 增加 does ("多大",
# "多长" ask a size; "多少" is the question word itself).
_MORE_VERB_ASKED = re.compile(r"(?<![多几很差好许大])多(?![少大长高远久重宽深])[\u4e00-\u9fff]{1,2}了?多少")
_DEFINITION_ASKED = re.compile(r"全称|全名|指的是|是指|指什么|什么意思|含义")
# "“三通一码”是啥", "“2030先锋工程”是干什么的", "“四库”指哪四个库": what a named thing is or holds
_MEANING_ASKED = re.compile(
    r"是什么|是啥|什么意思|指什么|指的是|是指|指哪|干什么|做什么|干啥|是哪|有哪些|包括哪|包括什么|分别是"
)
# "“百千万工程”的全称是什么": the short name whose full name is asked
_FULL_NAME_OF = re.compile(r"[“\"「]?([\u4e00-\u9fffA-Za-z0-9]{2,12}?)[”\"」]?(?:的|之)?(?:全称|全名)")
# "“百千万工程”是什么工程": a quoted short name asked what it is, which its full name says
_QUOTED_WHAT = re.compile(r"[“\"「]([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"」](?:是|指)(?:的是)?(?:什么|啥)")
# Words that ask to be told more: "说说", "讲讲", "介绍一下".
_TELL = r"(?:说说|讲讲|谈谈|聊聊|介绍一下|介绍|说一下|讲一下|说一说|讲一讲)"
# How a thing is (to be) done, or more of it ("打算怎么做", "怎么提高…", "有哪些措施", "具体说说",
# "有啥办法", "收入怎么保证"): the sentences after the one that names it say it ("…力争城镇化率达到
# 58.1%。全面落实…落户政策…"), or, after a sentence stating a problem, the next one says what is done.
HOW_ASKED = re.compile(
    r"(?:怎么|如何|怎样|咋)(?:做|办|干|搞|实现|完成|落实|推进|达到|开展|提高|提升|解决|保证|保障|改|治|管|应对|帮)|"
    r"办法|(?:哪些|什么|啥)(?:具体)?(?:措施|举措|手段|招)|"
    rf"(?:展开|具体|详细)(?:地)?{_TELL}"
)
# A budget's figures: the budgeted one ("年初预算数", "人大批准的", "调整后") or the outturn ("完成", "决算").
_BUDGETED_ASKED = re.compile(r"预算数|年初|批准|调整|安排|草案")
_OUTTURN_ASKED = re.compile(r"完成|执行|实际|决算")
# "同口径", "剔除…因素": the question asks a figure on a restated basis.
_RESTATED_ASKED = re.compile(r"口径|剔除")
# A plan or budget named ("预算收入", "目标", "安排") and no outturn ("完成了多少"): a change it asks
# for ("涨了多少") may be the planned one (read by the scope check of a planned-only year).
_PLAN_NAMED = re.compile(r"预算|目标|计划|安排|预计|预期|草案")
_RESULT_NAMED = re.compile(r"完成|实现了|实际|决算|执行|已经")
# About the report itself rather than its content ("在什么会议上", "报告的标题"), its front matter.
_REPORT_FACT_ASKED = re.compile(r"会议|会上|标题|题目|报告人|作者|代表大会")
_REPORT_WORD = re.compile(r"报告")
# "人代会是哪天闭幕的", "新规什么时候实施": the event whose date is asked, right after the cue;
# delivering the report or holding its meeting is the title page's date, no event of a passage.
_WHEN_EVENT = re.compile(
    r"(?:什么时候|什么时间|何时|哪一?天|几月几[日号]|几号)的?(?:开始|正式|才|就|能够?|会|要|将|可以)?"
    r"([\u4e00-\u9fff]{2})"
)
_DELIVERY_EVENTS = re.compile(r"^(?:作|做|讲|汇报|报告|召开|开会|举行|发表|提交)")
# "在哪次会议上作的", "第几届人大几次会议", "在哪个会上": the meeting a report was delivered at.
MEETING_ASKED = re.compile(
    r"(?:什么|哪个|哪一?次|哪一?届|第?几届|第?几次)[^，,。？?]{0,10}?(?:会议|会上|大会|人大|人代会)"
)
# "是谁作的", "谁做的报告", "报告人是谁": who delivered it (not "受谁委托").
# "谁作的报告", "哪个部门向大会作的" (a budget report is delivered by an office).
_DELIVERER_ASKED = re.compile(
    r"(?:谁|哪个部门|哪个单位|哪个机构|哪家).{0,8}(?<!委托)(?:作|做|讲|汇报|发言|提交|报告)|报告人|汇报人|作报告的是"
)
# "代表哪个机构作的报告", "哪个部门提交的": a body is asked, not a person; the opening "我代表国务院，
# 向大会报告" or "受市人民政府委托" names it where the title page names no speaker.
_BODY_ASKED = re.compile(r"哪个(?:部门|单位|机构)|哪家|什么(?:部门|单位|机构)|代表(?:谁|哪)")
# A question opening with a helper verb before its count ("能让多少人…", "可以帮多少家企业…", "能有几个…").
_HELPER_LEAD_RE = re.compile(
    r"^(?:能够?|可以|会|将|要|还能|一共能)?(?:让|使|给|帮助?|带动|解决|有)(?=多少|几)"
)
# A heading quoted ("“新质生产力加快形成”这一条"): the report's own words for it.
_QUOTED_TITLE = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")
# Offices a person holds, in a question ("区长是谁") as in a report's byline.
ROLE_RE = re.compile(r"主任|区长|书记|局长|委员|主席|市长|县长|省长|州长|盟长|旗长|总理|部长|厅长")
# Words that narrow an indicator into another one ("人均地区生产总值" is not 地区生产总值): the
# question names them when it asks the narrower figure.
NARROWING_WORDS = ("人均", "单位", "年均", "户均")
# The per-head words among them, and how many characters after one a question names what it narrows
# ("人均预期寿命", "人均财政补助"); "年均" and "单位" are judged by other checks.
PER_HEAD_WORDS = ("人均", "户均")
_NARROWED_CHARS = 6
# A government department or office named in a question ("教育局", "卫健委", "民政厅"): a word of
# jieba's of three characters or more that ends so ("格局", "布局" are two).
_ORGAN_END = ("局", "厅", "委", "委员会")
_ORGAN_MIN_CHARS = 3
# A development zone a question names ("三明高新区", "经济开发区"): its telling words, then its kind.
ASKED_ZONE = re.compile(r"([\u4e00-\u9fff]{0,6}?)((?:经济技术|高新技术|产业)?开发区|经开区|高新区)")
# Heads of indicator names: a question about "一般公共预算支出" is not answered by "…收入".
INDICATOR_HEADS = re.compile(
    r"(收入|支出|总值|总额|投资|人口|人数|余额|限额|价格|指数|房价|面积|增加值|失业率|出生率|死亡率|存款|营业额|"
    r"销售额|产值|利润|税收|游客|客流|线路|医院|床位|强度|密度|比重|占比|覆盖率)$"
)
INDICATOR_HEADS_ANY = re.compile(INDICATOR_HEADS.pattern.rstrip("$"))
# How many characters (a split-off word: "水" of 农林水) may stand between a question's modifier
# and the head it qualifies.
_MODIFIER_SLACK = 1
# jieba's tags of a common noun, a proper noun other than a place or person, and a verb used as a
# noun ("改造"), an abbreviation ("医保"): what can head the thing a question asks about (one
# character, "管" of "有人管吗", is too often a verb jieba reads as a noun).
_HEAD_NOUN_TAGS = frozenset({"n", "nz", "vn", "an", "j"})
# A verb or preposition after the nouns that name the thing: its predicate begins ("会不会降", "要涨",
# "在…举行"); and the words that ask which thing ("哪个体育场").
_PREDICATE_TAGS = frozenset({"v", "p", "d"})
_WHICH_WORDS = frozenset({"哪个", "哪些", "哪家", "哪座", "哪所", "哪种", "哪类", "什么"})
# An amount per person, per month or per year asked for ("人均…多少元", "每人每月补到多少", "一年能领
# 多少"): a standard, which a fund's total never is; "每年增长" is a yearly average, read apart.
# A narrowing word as residents say it: "每人补助多少" asks the 人均 figure.
_NARROWING_SAID = {"人均": re.compile(r"每人|每个人|每一个人|每名|每位"), "户均": re.compile(r"每户")}
_PER_UNIT_ASKED = (
    ("person", re.compile(r"人均|每人|每个人|每一个人|平均每人|每名|每位|每生|生均|每户|户均")),
    ("month", re.compile(r"每月|每个月|月均|一个月")),
    # "一年能领多少" is the asker's own standard; "一年给企业减轻…多少" names a giver and a receiver:
    # the year's total given, as "全年减轻企业…负担近2万亿元" states it
    ("year", re.compile(r"每年(?:能|可以|可)?(?:补|领|发|给|拿|享受)|一年(?:能|可以|可)?(?:补|领|拿|享受)")),
)
# A topic that is a rate or a share, its target or plan named after it ("就业率目标",
# "城镇化率的预期目标"): a percentage answers it, not a count of the same words.
_RATE_TOPIC_END = re.compile(r"(?:率|比重|比例|占比)(?:的?(?:预期目标|目标|预期|计划))?$")
# A share asked as a number ("完成预算的百分之几").
PERCENT_ASKED = re.compile(r"百分之(?:几|多少)")
_POINTS_ASKED = re.compile(r"(?:几|多少)个?百分点")
# "完成预算的多少", "为调整预算的多少": how much of its budget a figure came to, a percentage.
_BUDGET_SHARE_ASKED = re.compile(
    r"(?:完成|为|占|达到?)[^，,？?。]{0,6}预算数?的?(?:多少|几成|百分之(?:几|多少))"
)
# A budget's total, its transfers and balances included ("收入总计", "支出合计", "总收入", "收入总量"),
# as against its own revenue or spending ("一般公共预算收入").
BUDGET_TOTAL = re.compile(r"总计|合计|总收入|总支出|(?:收入|支出)总量")
_BUDGET_SHARE_LEAD = re.compile(r"(?:完成|为|占|达到?)[^，,？?。]{0,6}预算数?的?$")
# The budget's books: a question about one ("政府性基金") is not answered from another's figures.
BUDGET_BOOKS = (
    re.compile(r"一般公共预算"),
    re.compile(r"政府性基金"),
    re.compile(r"国有资本经营"),
    re.compile(r"社会保险基金|社保基金"),
)


# Each book by its full name, and the words that ask all four at once ("四本预算收入分别是多少").
BOOK_NAMES = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算")
_ALL_BOOKS_RE = re.compile(r"(?:四本|四类|四大)(?:预算|账)(?=.*(?:分别|各))")


def budget_books(text: str) -> frozenset[int]:
    """Which of the budget's books ``text`` names (indices of ``BUDGET_BOOKS``)."""
    return frozenset(i for i, rx in enumerate(BUDGET_BOOKS) if rx.search(text))


@dataclass(frozen=True)
class Sibling:
    """One indicator of a family a report states side by side with the others ("进出口…其中出口",
    "城镇、农村居民人均可支配收入", "税收占…"): how a question asks for it, how a sentence gives
    it as that member (``marked``: what tells a sibling's figure), and the looser words that
    still name it ("城乡居民…分别增长" names both 城镇 and 农村)."""

    name: str
    asked: re.Pattern[str]
    marked: re.Pattern[str]
    named: re.Pattern[str]
    # an indicator in itself ("出生率"), not a word that narrows one ("进口", "城镇居民"): a figure
    # whose sentence never names it is not its figure, whatever other indicator the sentence names
    whole: bool = False


def _sibling(
    name: str, asked: str, marked: str | None = None, named: str | None = None, whole: bool = False
) -> Sibling:
    marked = marked or asked
    return Sibling(name, re.compile(asked), re.compile(marked), re.compile(named or marked), whole)


# Families of indicators whose members a report gives in one sentence: a figure of one member is
# no answer to a question about another ("进口增长多少" is not answered by "外贸进出口增长2.7%",
# "农村居民收入" not by "全体居民人均可支配收入", "出生率" not by "常住人口城镇化率").
SIBLING_FAMILIES: tuple[tuple[Sibling, ...], ...] = (
    (
        _sibling("进口", r"进口"),
        _sibling("出口", r"(?<!进)出口"),
        _sibling("进出口", r"进出口|外贸总额|对外贸易总额", named=r"进出口|外贸|对外贸易"),
    ),
    (
        _sibling("货物贸易", r"货物(?:贸易|进出口|进口|出口)"),
        _sibling("服务贸易", r"服务(?:贸易|进出口|进口|出口)"),
    ),
    (_sibling("税收", r"(?<!非)税收"), _sibling("非税收入", r"非税")),
    (
        # named together: "城镇、农村居民人均…分别", "城乡居民人均可支配收入分别增长…"; not by
        # "城镇新增就业" nor "城乡居民收入比" in the sentence
        _sibling(
            "城镇居民",
            r"城镇(?:[、和与]农村)?(?:常住)?居民",  # "城镇、农村居民…各增长多少" asks both
            named=r"城镇(?:[、和与]农村)?(?:常住)?居民|城乡居民人均|城市居民",
        ),
        _sibling("农村居民", r"农村(?:常住)?居民|农民人均", named=r"农村(?:常住)?居民|城乡居民人均|农民人均"),
        # a bare "居民人均…" is everyone's; "城镇、农村居民人均" is not
        _sibling("全体居民", r"全体居民", r"全体居民|(?<![镇村乡、])居民人均"),
    ),
    (_sibling("户籍人口", r"户籍人口"), _sibling("常住人口", r"常住人口")),
    (
        # a bare "失业率" may be either: it names the one asked, it tells no sibling
        _sibling("调查失业率", r"调查失业率", named=r"(?<!登记)失业率", whole=True),
        _sibling("登记失业率", r"登记失业率", named=r"(?<!调查)失业率", whole=True),
    ),
    (
        _sibling("出生率", r"出生率", whole=True),
        _sibling("死亡率", r"死亡率", whole=True),
        _sibling("自然增长率", r"自然增长率", whole=True),
        _sibling("城镇化率", r"城镇化率", whole=True),
    ),
)


def siblings_asked(text: str) -> tuple[tuple[int, int], ...]:
    """The family members ``text`` asks for, as (family, member) indices of ``SIBLING_FAMILIES``;
    a family of which it names several ("进口和出口各增长多少") is asked whole, not one member."""
    out: list[tuple[int, int]] = []
    for f, family in enumerate(SIBLING_FAMILIES):
        asked = [i for i, member in enumerate(family) if member.asked.search(text)]
        if len(asked) == 1:
            out.append((f, asked[0]))
    return tuple(out)


WHY_Q = "why"
# How a why is asked (its cue words; a follow-up's "为什么比去年低" is read with them too).
WHY_WORDS = ("为什么", "为何", "为啥", "什么原因", "原因是什么", "原因")


def _alt(*words: str) -> str:
    return "|".join(words)


# Cue words of each aspect, as alternatives; longer alternatives come first.
# "专项债主要拿来干什么", "这笔资金投向哪里": what money or a measure is for, asked as one thing.
# No words of the report's: it writes "重点用于…" (PURPOSE_WORDS, looked for instead). ("用在哪些
# 方面" asks a list, read as lists are.)
PURPOSE_ASKED = (
    r"(?:主要|重点|都)?(?:拿来|用来|用在|用到|花在|花到|投向|投到|投在)(?:干|做|搞|办)?"
    r"(?:什么|啥|嘛|哪里|哪儿)(?:上|方面)?"
)
PURPOSE_WORDS = ("用于",)

# What follows 增长 in a noun ("增长点", "增长极", "增长引擎", "增长动能"): the compound names things
# a report lists, no growth rate is asked of them.
_NOT_GROWTH_NOUN = r"(?![点极]|引擎|动能|动力)"

_CUES: list[tuple[str, str]] = [
    (WHY_Q, _alt(*WHY_WORDS)),
    (
        SECTION_Q,
        _alt(
            "讲了些?什么",
            "讲的是什么",
            "讲什么",
            "说了什么",
            "写了什么",
            "主要内容是什么",
            "主要内容",
            "讲了哪些(?:内容|方面)?",
            "包括哪些内容",
            "内容是什么",
            "是关于什么的?",
            # where a topic is in the report: "是报告的第几部分", "在哪一部分"
            "第几(?:部分|节|章)",
            "哪一?(?:个)?(?:部分|节|章)",
            # a resident's "哪一块说的是民生" (哪块, 哪个板块) where it is followed by what is said
            # there; "钱主要花在哪一块" asks a use, not a part of the report
            "哪一?(?:个)?(?:板块|块)(?=(?:是|里|中)?(?:讲|说|写|谈|提))",
            # "讲环保的是哪一条": the part that says it, named as the report's numbered parts are;
            # "最长的是哪一条路" names a thing of its own after it
            "(?<=的是)哪一?(?:个)?条(?![\u4e00-\u9fff])",
        ),
    ),
    (
        RANK_Q,
        _alt(
            "排名第几",
            "排(?:在)?(?:全市|主城|全省|全国)?第几",
            "排在第几",
            "排第几",
            "排在全市第几",
            "排名如何",
            "排名怎么样",
            "排名多少",
            "排名",
            "排位",
            "名次",
            "位次",
            "位列第几",
            "位居第几",
            "第几名",
            "第几位",
            "第几(?![届次批期季轮])",  # "第几届…": an edition named, no rank
        ),
    ),
    (
        GROWTH_Q,
        _alt(
            "同比增长了?多少",
            "同比下降了?多少",
            "增长了?多少",
            "下降了?多少",
            "增加了?多少",
            "减少了?多少",
            "提高了?多少",
            "上升了?多少",
            "增长率是?多少",
            "增速是?多少",
            "增幅是?多少",
            "增长率",
            "增速",
            "增幅",
            "涨幅",
            "降幅",
            "涨了多少",
            # "打算涨多少", "能涨多少": the change to come, as a resident asks it
            "涨多少",
            "降了?多少",
            "涨了没有",
            "涨没涨",
            "涨了吗",
            "同比增长",
            "同比下降",
            "同比",
            # "新增长引擎", "新的增长点", "增长极": a kind of thing named, not a growth asked
            f"增长{_NOT_GROWTH_NOUN}",
            "下降",
            "涨了",
            "上涨",
            "变好了?",
            "好转",
            "多了多少",
            "少了多少",
            # "比上年多收了多少", "少花了多少": a budget's change in money (增收, 减支)
            "(?:多|少)(?:收|花)了?多少",
        ),
    ),
    (
        LIST_Q,
        _alt(
            "有哪些",
            "有哪几[个项家类条支块]?",
            "是哪些",
            "包括哪些",
            "包含哪些",
            "分别是什么",
            "分别有哪些",
            "哪些",
            "哪几[个项家类条支块]?",
            "包括什么",
            "有什么",
            "有啥",
            # "头几个方面是什么", "前几项": the first items of a list, as many as there are
            "(?:头|前)几[个项件条点]",
            "是哪[几四五六三两][个项家类条支块]?",
            # "哪三项", "哪5个方面": so many items, which they are
            "哪(?:[两二三四五六七八九十]{1,3}|\\d{1,2})[个项家类条支件点大张种块]",
            # "哪八方面工作": the count without a measure word
            "哪(?:[两二三四五六七八九十]{1,3}|\\d{1,2})方面",
        ),
    ),
    (
        WHO_Q,
        # "市长叫什么名字", "县长姓什么": an office's holder asked by name ("通辽市长…" leaves "长…" once the
        # place "通辽市" is taken out)
        _alt(
            "是谁",
            "由谁",
            "受谁",
            "哪位",
            "谁",
            # ("叫什么名字" whole: "名字" left over would be a word to find)
            f"(?:{ROLE_RE.pattern}|长)的?(?:叫什么名字|叫啥名字|叫什么|名字|姓名|叫啥|姓什么)",
        ),
    ),
    (
        WHEN_Q,
        # "几月几号作的", "几号开的会": a date as a resident asks it ("几号线" is a metro line)
        _alt(
            "什么时候", "什么时间", "何时", "哪一天", "哪天", "几月几[日号]", "几号(?!线)", "哪一年", "日期是"
        ),
    ),
    (
        AMOUNT_Q,
        _alt(
            "是多少",
            "有多少",
            "为多少",
            # "增加到多少个了", "提高到了多少": the level reached, its verb no word to find
            f"(?:增加|提高|提升|上升|扩大|降低|下降|减少|缩小|达|涨|降)到了?多少[{_MEASURES}]?了?",
            "达到多少",
            "达多少",
            "完成多少",
            "完成了多少",
            "实现多少",
            "共多少",
            "一共多少",
            "总共多少",
            "累计多少",
            # "拿出多少钱来", "掏了多少钱": how a resident asks an amount of money, no words to find;
            # before "多少" alone, which would leave "钱来" as a word
            "(?:拿出|掏出|拿|掏|出)了?多少钱(?:来|去)?",
            "值多少钱",
            "多少钱",
            # "完成预算的百分之几": a share asked as a number, as "百分之多少" is
            "百分之几",
            f"多少[{_MEASURES}]?",
            f"几[{_MEASURES}]",
            "多大",
            "几何",
            "多不多",
            "有多高",
            "多高",
        ),
    ),
    (YESNO_Q, _alt("有没有", "是否", "是不是", "了没有", "没有", "吗")),
    # "是什么时候作的": a time, not a thing ("什么" before 时候/时间 is the WHEN cue's own word)
    (
        FACT_Q,
        _alt(
            PURPOSE_ASKED,
            "是什么(?!时候|时间)",
            # "第几届全运会", "第几次会议": the edition a thing is named by, written in it ("第十二届")
            "第几(?=[届次批期季轮])",
            "是啥",
            "什么(?!时候|时间)",
            "啥",
            "怎么样",
            "怎样",
            "如何",
            "情况",
            "进展",
        ),
    ),
]
_CUE_RE = re.compile("|".join(f"(?P<{kind}{i}>{pat})" for i, (kind, pat) in enumerate(_CUES)))

_YEAR_RE = YEAR_RE  # one reading of a written year, shared with retrieval and the scope
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR_RE = re.compile(r"([〇零一二三四五六七八九]{4})年")


def written_year_re(year: int) -> str:
    """A pattern of ``year`` as a report may write it: "2035年" or "二〇三五年" (also with 零)."""
    if year < 0:
        return f"{year}年"  # an API's year out of any calendar (a fuzzer's -3004846): no Chinese writing
    cn = "".join("[〇零]" if d == "0" else "〇一二三四五六七八九"[int(d)] for d in str(year))
    return f"(?:{year}|{cn})年"


# "全年" is a period only right after a year ("2021年全年"); elsewhere it is part of "全年目标".
_PERIOD_RE = re.compile(
    r"上半年|下半年|(?<=\d年)全年|前三季度|一季度|二季度|三季度|四季度|第[一二三四]季度|1[-—～~至]6月"
)
# "跟五年前比": the five years a report reviews ("从91%提高到95%"), a span (the question keeps
# 五年 for that), no words of what is asked
_FIVE_YEARS_AGO_RE = re.compile(r"(?:跟|和|与|同|较|比)?(?:五年前|5年前)(?:相比|比)?[，,]?")
# "和2020年相比，…2025年…", "跟2020年比": the year a span starts from, with another year asked
_BASE_YEAR_RE = re.compile(r"(?:和|与|跟|同)((?:19|20)\d{2})年(?:相比|比)[，,]?")
_SPAN_FROM_MIN_YEARS = 2
_THAT_YEAR_RE = re.compile(r"(?<=\d年)(?:这一年|那一年|一整年|一年|当年)")
_LEAD_RE = re.compile(r"^(?:请问一下|请问|那么|那|还有|另外|再问一下|对了|顺便问一下|然后)[，,、\s]*")
_PRONOUN_RE = re.compile(r"^(?:这个指标|该指标|这一指标|这项指标|这个数|这个|它的|它|其)")
# "XX区/县/市" entity: a place name of two to four characters before the suffix.
_PLACE_RE = re.compile(r"([\u4e00-\u9fa5]{2,4}?)(区|县|市)")
_LEVEL_ONLY_PLACE = re.compile(rf"{LEVEL_ONLY_LEAD}[区县市]")
# What opens a level or a common word, never a place's name ("全市", "本级", "市级").
# (nor a count asked: "全国多少贫困县", "几个试点县" name a kind of county, not one)
_NOT_PLACE_START = re.compile(r"[全本我该各市省州县区]|.*级|多少|几|哪|每|这")
# A district's or county's own towns and subdistricts, named after it ("璧山区璧城街道", "XX县大河镇"):
# a report of the district gives no figure of theirs unless it names them.
_TOWN_SUFFIX = "街道|镇|乡"
_COMMON_TOWNS = ("城镇", "乡镇", "村镇", "集镇", "小镇", "城乡")
# A word joining two places, then the next place's name ("和重庆市", "与长沙市"), not a place of
# its own ("天津和平区" is 和平区: nothing stored or provincial follows the 和).
_JOINED_RE = re.compile(r"[和与及跟同](.+)")
# Words ending in 区/县/市 that are not a place of the kind a report is about.
_GENERIC_PLACES = {
    "全区",
    "我区",
    "本区",
    "该区",
    "城区",
    "主城区",
    "辖区",
    "园区",
    "片区",
    "社区",
    "街区",
    "景区",
    "新区",
    "高新区",
    "示范区",
    "先行区",
    "核心区",
    "集聚区",
    "试验区",
    "功能区",
    "开发区",
    # a development zone a budget report gives apart ("经开区一般公共预算收入"): a level of the
    # report's place, not a place of its own
    "经开区",
    "商务区",
    "创新区",
    "实验区",
    "全市",
    "本市",
    "我市",
    "城市",
    "省市",
    "市区",
    "各区",
    "区县",
    "全县",
    "本县",
    "我县",
    "郊区",
    "保护区",
}
# A topic that only qualifies the previous indicator ("总量排第几？", "在主城排第几？",
# "增量贡献是多少？"): it is added to the old topic rather than replacing it.
_QUALIFIER_RE = re.compile(
    r"在.{1,6}|总量|增量.{0,4}|总额|规模|增速|增幅|占比|比重|人均|均值|排名|名次|"
    r"(?:完成)?(?:全年|年度)?(?:目标|计划|任务)(?:的)?(?:进度|完成率)?|完成率|完成情况|进度|"
    r"(?:在)?(?:全市|主城区?|全省|全国)"
)
# A unit the question names after its question word ("多少亿元", "多少万吨").
_UNIT_KIND = re.compile(
    r"多少(?:(?P<money>[万亿]*元)|(?P<count>[万亿]*(?:吨|斤|公里|千米|平方米|亩|人次|户|辆|台|套|岁|小时)))"
)
# Units of measure, by what they measure: a figure in another family ("8097万标箱" for "货物吞吐量
# 多少亿吨") is another quantity's; one of the same family ("1300万吨" for "多少斤") answers.
_MEASURE_FAMILIES = (
    ("吨", "斤", "公斤", "千克"),
    ("公里", "千米", "米"),
    ("平方米", "平方公里", "亩", "公顷"),
    ("岁",),  # an age ("人均预期寿命多少岁") is not answered by an income or a count of people
    ("小时", "分钟"),  # a duration ("过境免签延长到多少小时")
)


def measure_units(aspect_text: str) -> tuple[str, ...]:
    """The units that answer a question naming a unit of measure ("多少亿吨", "多少公里"), else ()."""
    named = _UNIT_KIND.search(aspect_text)
    unit = (named.group("count") or "").lstrip("万亿") if named else ""
    return next((family for family in _MEASURE_FAMILIES if unit in family), ())


# "哪个最高", "哪个省的目标最高", "谁更多", "哪个空气更好": which of several places or years
# leads (the comparison names it when the figures share a unit). Set aside before the cues.
SUPERLATIVE_RE = re.compile(
    r"(?:哪一?个?(?:省份|省|市|区|县|地方|地区|地|年)|哪个|哪里|哪家|谁)(?:份|的)?"
    r"(?P<gap>[\u4e00-\u9fa5A-Za-z0-9.]{0,8}?)"
    # "最高", "更好"; a bare "多/高" only where the question ends ("哪个多？", not "哪个…多少")
    r"(?:(?:最|更|比较|较)(?P<way>高|低|多|少|大|小|快|慢|好|差)"
    r"|(?<!多)(?P<bare>高|低|多|少|大|小|快|慢|好|差)(?=一些|一点|些|呢|$))"
)
# "第一项", "第二个方面", "前两项", "最后一条": which items of a list are asked (not "第一部分",
# a part of the report, nor "第几", a rank).
_ORDINAL_RE = re.compile(
    r"(?P<kind>第|前|头|最后)(?P<n>[一二两三四五六七八九十]{1,3}|\d{1,2})(?:个|项|条|点|件|块)"
    r"(?:方面|任务|目标|工作|举措|措施|指标|内容|重点)?(?P<on>起|及以后|以后|之后|往后)?"
)
# "排第九的是哪项": the place named, the item asked after it.
_ORDINAL_WHICH_RE = re.compile(
    r"(?:排在?)?(?P<kind>第)(?P<n>[一二两三四五六七八九十]{1,3}|\d{1,2})的?是哪[个项条件点]"
)
# "排在最后的是哪一项", "最后的是什么": the last item, asked after its place as "排第九的是哪项" is.
_LAST_WHICH_RE = re.compile(r"(?:排在?)?最后面?的?是(?:哪一?[个项条件点块]|什么|啥)")
_LAST_PLACE_RE = re.compile(r"(?:排在?)?最后面?的?(?:是)?")
# How a list question asks for the items ("有哪些", "哪几项", "哪八个"), the noun after it names them.
_LIST_CUE = re.compile(
    r"(?:有|是|包括|包含)?哪(?:些|几|[一二三四五六七八九十两]{1,3}|\d{1,2})[个项件条点类大块]?"
)
# Words that say only what kind of items a list of titles holds ("哪几项重点", "哪些方面").
ITEM_KINDS = frozenset({"重点", "任务", "方面", "举措", "措施", "内容", "事项", "工作", "几项", "几个"})
# How an asker asks the way something is done before a list cue ("怎么减轻企业负担，有哪几条").
_HOW = re.compile(r"怎么|怎样|如何")
# A list question that asks the ways or measures something is done by ("从哪几方面下手", "有哪几条
# 措施", "哪些办法"): a "一是…二是…" list of measures answers it, whatever its announcing words say.
_ASKS_WAYS = re.compile(
    r"哪(?:几|些|[两二三四五六七八九十])[个项条点]?(?:方面|条|点|招|步|措施|举措|办法|途径|手段|渠道)"
)
# Verbs an asker says a report sets out its items with ("部署的重点工作", "归纳成哪几个方面"): the
# report's announcing words name the list ("今年要重点做好以下几方面工作"), rarely this verb.
_SETTING_OUT = (
    *("部署", "提出", "确定", "明确", "列出", "列举", "提到", "讲到"),
    *("谈到", "归纳", "概括", "总结", "坦承", "承认", "指出"),
)
# "哪三项", "10件民生实事有哪些", "七项重点工作包括哪些": the number of items the list has.
_ITEM_COUNT_RE = re.compile(
    r"(?<![\d.第前头])([两二三四五六七八九十]{1,3}|\d{1,2})(?:个|项|条|点|件|大|张|种|块|方面)"
)
# "主要预期目标是什么", "今年的重点任务": what a report sets out as several main targets or tasks.
_MAIN_ITEMS_ASKED = re.compile(
    r"(?:主要|重点)[^，,。；;]{0,8}(?:目标|任务|工作|举措|措施|实事)(?:是什么|是啥|都是啥|都有啥)?$"
)
# "各方面取得了什么成效", "各个方面都有哪些举措": every one of the parts a list makes is asked.
_EACH_PART_ASKED = re.compile(r"各(?:个)?方面")
# "除了推进节能，还有哪些方面", "除A外还有哪些": an item the asker already knows, left out of the
# answer; its words name that item, not the list ("除" opens its clause: never "消除", "除险加固").
_EXCEPT_RE = re.compile(
    r"(?:除了|(?:^|(?<=[，,]))除)(?P<known>[^，,。？?！!]{1,24}?)(?:以外|之外|外)?[，,]?(?=还|另外|其他|其余|别的)"
)
# "民生实事一共几件", "工作安排分几个方面": how many items a report's list of tasks or targets has.
# "连续多少年全国第一", "增速连续几年快于城镇": how long a record has lasted, a run of years
# ("连续21年"), whatever else the question names ("增速" asks no growth figure here).
_RUN_ASKED = re.compile(r"(?:连续|持续)了?(?:多少|几)个?(?:年|季度)")
# "比全国平均高多少", "高出多少", "快于全国几个": the gap to what it is compared with.
# Words with 比 inside that name a share, not a comparison (A比B): "占比计划是多少" compares
# nothing with 计划. jieba cuts "占比" apart ("占|比", "占|比比"), so the share words are taken
# whole before a comparison is read (``without_share_words``).
_SHARE_WORDS = re.compile(r"占比|比重|比例|比率")
_SHARE_MASK = "＊"


def without_share_words(text: str) -> str:
    """``text`` with its share words masked (same length), for reading a comparison in it."""
    return _SHARE_WORDS.sub(lambda m: _SHARE_MASK * len(m.group(0)), text)


_DIFFERENCE_ASKED = re.compile(
    r"(?:比|较|高于|低于|快于|慢于|高出|低出)[^，,]{0,8}?(?:高|低|快|慢|多|少)?了?(?:多少|几)"
)
# "第二个展开说说", "第三项具体讲讲": the item asked, told in full (what it holds, not just its title).
ASKS_DETAIL_RE = re.compile(
    rf"[，,]?(?:请|再)?(?:展开|具体|详细|仔细)?(?:地)?{_TELL}|[，,]?(?:请|再)?展开(?:一下|来)?"
)
# How a follow-up that asks an item told in full keeps saying so once rewritten.
DETAIL_WORDS = "展开说说"
HOW_MANY_ITEMS = re.compile(
    r"(?:实事|工作|任务|举措|措施|目标|安排)(?:一共|总共|共|有|分|分为|包括)*几(?:项|件|条|个方面|大方面|方面|部分)$"
    # "一共要做好几个方面的工作": the count before what is counted
    r"|几(?:项|件|条|个方面|大方面|方面)的?(?:实事|工作|任务|举措|措施|目标)$"
)
# Separators between the parts of a question that asks several things ("达到多少、增长多少？").
_PART_SEP_RE = re.compile(r"[？?；;，,、]")
# Whether a target was met ("目标完成了吗", "完成目标了没有", "比目标多了多少"): the words after
# the indicator that ask it.
_TARGET_MET_Q = re.compile(
    r"(?:的)?(?:(?:预期)?目标(?:任务)?(?:完成|实现|达到|达成)(?:了|得怎么样)?(?:吗|没有?|与否|情况)"
    r"|(?:完成|实现|达到|达成)(?:了)?(?:预期)?目标(?:了)?(?:吗|没有?)|比(?:预期)?目标(?:多|少|高|低|超)[^？?]{0,8})[？?]?$"
)
# "实际": how a figure turned out, asked beside its target ("目标是多少，实际完成了多少").
_ACTUAL = "实际"
# ... where it asks how (not "实际使用外资", an indicator's own name)
_ACTUAL_ASKED = re.compile(
    r"实际(?=完成|实现|增长|增加|下降|增速|增幅|涨|降|达到|产|收|干|做|多少|是|为|有|怎么|情况|呢|$)"
)
# "2026年GDP目标和去年实际增速分别是多少": two figures joined by 和, the second opening on a year
# of its own, asked once at the end — two parts, each with the ask, as if said one after the other.
_YEARLY_PAIR_RE = re.compile(
    r"^(?P<a>.*?(?:19|20)\d{2}年.+?)(?:和|与|以及|及|、)(?P<b>(?:19|20)\d{2}年.+?)(?:分别|各自?)"
    r"(?P<rest>.*(?:多少|几).*)$"
)
# The heads of a budget line ("国防预算", "教育支出", "科研经费"), and words that name the budget as
# a whole rather than an item of it ("财政支出").
BUDGET_LINE_HEAD = re.compile(r"支出|预算|经费")
_WHOLE_BUDGET_WORDS = frozenset({"财政", "公共", "政府", "全部"})
# Words before a budget head that say which of a budget's figures is asked, not which line: its
# kind (年初, 调整, 执行), another head ("收入和支出"), the books counted ("四本预算").
_BUDGET_FIGURE_WORD = re.compile(
    rf"{_BUDGETED_ASKED.pattern}|{_OUTTURN_ASKED.pattern}|{INDICATOR_HEADS_ANY.pattern}|[四两三](?:本|类|大)"
)
# An indicator asked by its target's name alone ("城镇新增就业目标", "GDP增速预期", "粮食产量计划").
_TARGET_ASKED_END = re.compile(r"(?:的)?(?:预期目标|目标值|目标|预期|计划数|计划)$")
_TARGET_INDICATOR_MIN_CHARS = 2
_TARGET_NAMED = re.compile(r"(?:的)?(?:预期)?(?:目标|计划|预期)(?:值|数)?")
# "政府性基金预算收入和支出分别是多少": two heads of one stem, asked each ("分别", "各"); a
# resident lists them with a pause mark as often ("社保基金收入、支出各预计多少").
_PAIR_RE = re.compile(
    r"^(?P<stem>.+?)(?P<x>[\u4e00-\u9fa5]{1,4})(?:和|与|及|、)(?P<y>[\u4e00-\u9fa5]{1,4})(?P<rest>(?:分别|各).+)$"
)
# "经济增长目标和城镇新增就业目标分别是多少": two indicators, each named in full (four
# characters or more on both sides: "城镇和农村居民收入" is one indicator's two kinds).
_TWO_A = re.compile(r"[\u4e00-\u9fa5A-Za-z]{4,}$")
_TWO_B = re.compile(
    r"(?P<b>[\u4e00-\u9fa5A-Za-z]{4,}?)(?P<rest>(?:分别|各自?)(?:是|为|有|达到|增长|定的是|定为|提高到|提到|调到|增加到"
    r"|完成|执行|安排|实现|预计)?"
    r"(?:多少|几).*)$"
)
_CONJUNCTIONS = frozenset({"和", "与", "及", "以及", "、"})  # "、": how a resident lists them as often
# The same words as a regex alternation, the longer first ("以及" before "及").
_CONJUNCTION_ALT = "|".join(sorted(_CONJUNCTIONS, key=lambda w: (-len(w), w)))
# "全市和市本级", "市本级与全市": two levels of one place joined, each asked ("分别", "各").
_LEVEL_WORD = r"全[省市州县区盟旗]|[省市州县区盟旗](?:本级|级)"
_LEVEL_PAIR_RE = re.compile(rf"(?P<a>{_LEVEL_WORD})(?:{_CONJUNCTION_ALT})(?P<b>{_LEVEL_WORD})")
# The verbs that may stand between "分别/各" and the asked count ("各完成多少").
_EACH_VERBS = "是|为|有|完成|执行|安排|实现|预计|达到"
_EACH_RE = re.compile(rf"分别|各自?(?={_EACH_VERBS}|多少|几)")
# Heads listed after one stem and asked each ("收入、支出和滚存结余各多少"): the list, the ask.
_EACH_ASKED_RE = re.compile(rf"^(?P<body>.+?)(?P<rest>(?:分别|各自?)(?:{_EACH_VERBS})?(?:多少|几).*)$")
_HEAD_SEP_RE = re.compile(_CONJUNCTION_ALT)
_HEAD_RE = re.compile(r"[\u4e00-\u9fa5]{1,8}")
# The level a first part names, which a later part naming none shares ("全市A和B各多少").
_LEADING_LEVEL_RE = re.compile(_LEVEL_WORD)
# A shared head after the second of two indicators ("国有资本经营预算和社会保险基金预算的收入"):
# the first, ending in the same word as the second's stem, takes it too.
_SHARED_TAIL_RE = re.compile(r"^(?P<stem>.+?)的(?P<tail>[\u4e00-\u9fa5]{1,6})$")
_SHARED_TAIL_MIN = 2
# What kind of figure a budget's part asks, said by a verb alone ("2026年安排多少", "预计多少",
# "实际完成多少"): no indicator of its own, the first part's asked as this kind.
_KIND_ADVERB = r"(?:实际|预计|预期|计划|打算|准备)"
_KIND_VERB = r"(?:完成|执行|安排|实现|代编|编制|预计|预期|花出去|花掉|花|收上来|收)"
_FIGURE_KIND_ONLY = re.compile(rf"{_KIND_ADVERB}?{_KIND_VERB}?了?")
# A later part's topic made only of words that say when or as what the figure is asked ("今年又
# 打算增长多少", "今年定的目标是多少", "要达到多少", "五年累计降了多少"): no indicator of its own.
_NO_INDICATOR_RE = re.compile(
    rf"(?:又|还|再|也|则|就|一共|总共|共|累计|期间|时期|[“”\"]|十[一二三四五六七八九]五|五年|"
    rf"{_KIND_ADVERB}|目标|定在|定的|定|要|的)+"
)
# The span a first part is asked over ("“十四五”期间…年均"), left out where a later part asks
# its own time of the same indicator
_SPAN_IN_BASE_RE = re.compile(rf"[“\"]?{PLAN_PERIOD}[”\"]?(?:期间|时期|以来|末)?|过去五年|五年来|年均|累计")
_KIND_ADVERB_END = re.compile(rf"{_KIND_ADVERB}$")
# A later part comparing the first part's figure ("比全国低了多少", "比上年提高了几个百分点")
_COMPARED_PART_RE = re.compile(r"^(?:比|较|同比|相比)")
_FIGURE_KIND_ASKED = re.compile(r"实际|完成|执行|安排|实现|代编|编制|预计|预期")
# The first part's own kind at the end of its indicator ("…收入调整后的预算", "…支出执行"),
# which a part asking another kind leaves out.
_FIGURE_KIND_END = re.compile(
    rf"(?:的?(?:调整后的?|调整|年初|批准的?)预算数?|{_KIND_ADVERB}?{_KIND_VERB}了?)$"
)


def _two_indicators(text: str) -> tuple[str, str, str] | None:
    """(first, second, shared ask) when ``text`` joins two indicators by a conjunction that jieba
    reads as a word of its own (the 和 of 中华人民共和国 or 和美乡村 joins nothing)."""
    if not _TWO_B.search(text):
        return None  # no shared ask ("分别是多少"): no need to cut the question into words
    at = 0
    for tok in jieba_words(text):
        if tok in _CONJUNCTIONS and _TWO_A.search(text[:at]):
            m = _TWO_B.match(text, at + len(tok))
            if m is not None:
                return text[:at], m.group("b"), m.group("rest")
        at += len(tok)
    return None


_TWO_MIN_TOPIC = 4
_ASKED_KIND_RE = re.compile(r"(?:什么|哪个|哪种|哪类|哪一个|哪一种|何种|哪一)([\u4e00-\u9fa5]{2})")
# Words that only say which reports to look in.
# The verb of a target asked ("控制在多少", "保持在多少"), before the question word the cue took.
_TARGET_VERB_RE = re.compile(r"(?:控制|保持|稳定|维持|定)在(?=\s*$)")
_SCOPE_RE = re.compile(
    r"两份报告中?|两个报告中?|两次报告中?|两年的?|这两年的?|报告中|报告里"
    r"|(?:政府)?工作报告|计划执行情况的?报告|执行报告|预算(?:执行情况)?报告|(?:这|那|该)份报告"
)
_LEVEL_PREFIXES = ("区", "市", "省")
_TARGET_WORDS = ("不少于", "力争", "确保", "以上", "突破")
_TARGET_VALUE_WORDS = ("目标值", "目标数", "计划数", "计划值")
# Reports write one indicator in several forms: "PM2.5年均浓度" / "年平均浓度" / "平均浓度",
# "粮食产量" / "粮食总产量" / "粮食总产". A question's word counts in each of them.
_SAME_WORDS = (("年平均", "年均", "平均"),)
# Town or country said alone: reports name both at once as 城乡.
_URBAN_RURAL = frozenset({"城镇", "城市", "城里", "农村", "乡村"})
_TOTAL_OF = re.compile(r"(?P<of>.*?)总?(?P<head>产量|产值)")
# A number of four digits or more before its point, as a question writes it ("3287.9"): a report may
# print it with thousands separators ("3,287.9").
_PLAIN_NUMBER = re.compile(r"(?P<whole>[1-9]\d{3,})(?P<rest>(?:\.\d+)?)")
# "一天" as a resident says a daily rate; a report writes "每天", "每日", "日均". (Not "一个月":
# a month's standard is read as ``per_unit``, which wants the figure printed per month.)
_ONE_DAY = re.compile(r"一(?:天|日)")
_PLACE_BEFORE = {
    "，",
    ",",
    "、",
    "那",
    "那么",
    "和",
    "与",
    "跟",
    "同",
    "比",
    "在",
    "及",
    "请问",
    "？",
    "?",
    "的",
    "是",
}
_PARTICLES = "的了是有在为和与及呢吗啊呀么把被对从将其"
# The A-not-A question ("会不会降", "改不改", "管不管", "可不可以", "涨没涨") asks yes or no of A;
# jieba reads its "不会"/"不管" as words, key terms no report answers with.
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
# Characters that only point or count ("各", "那份", "这种"): a word made of these and stop
# terms says nothing about which passage answers.
_FUNCTION_CHARS = "各份种些样"
# Words that say nothing about which passage answers: they never count as key terms.
STOP_TERMS = {
    "的",
    "了",
    "是",
    "有",
    "在",
    "和",
    "与",
    "及",
    "呢",
    "吗",
    "那",
    "请问",
    "报告",
    "报告中",
    "提到",
    "提出",
    # The report's act of saying, as "提到" ("报告列出的", "报告承认存在哪些问题"); and what a list
    # holds ("包括哪两块"): the asker's links, never what a passage is about.
    "列出",
    "列举",
    "指出",
    "承认",
    "包括",
    "包含",
    "中",
    "情况",
    "完成",
    "实现",
    "达到",
    "达",
    "为",
    "共",
    "一共",
    "总共",
    "累计",
    "主要",
    "具体",
    "方面",
    "相关",
    "关于",
    "哪个",
    "多少",
    "什么",
    "哪些",
    "怎么",
    "怎样",
    "如何",
    "今年",
    "全区",
    "我区",
    "本区",
    "该区",
    "我国",  # the report's own country or province, like 我区: every passage is about it
    "我省",
    "区",
    "期间",
    "时期",  # "“十二五”时期": the period's name says it
    "当年",
    "这个",
    "它",
    "其",
    "个",
    "项",
    "年",
    "上半年",
    "上半",
    "半年",
    "数",
    "数量",
    "目前",
    "总体",
    "整体",
    "分别",
    "一下",
    "多",
    "少",
    "几",
    "数字",
    "数据",
    "指标",
    "水平",
    "取得",
    "成效",
    "成就",
    "亮点",
    "成绩",
    "工作",
    "全市",
    "全年度",
    "同期",
    "去年",
    "多大",
    "怎么样",
    "哪",
    "谁",
    "时候",
    "这",
    "那个",
    "以及",
    "节",
    "一节",
    "部分",
    "这部分",
    "这一部分",
    "一条",
    "这一条",
    "条",
    "报告里",
    "里",
    "内容",
    "板块",
    "区里",
    "我们",
    "多高",
    "多不多",
    "这些",
    "那些",
    "哪里",
    "或",
    "还",
    "也",
    "都",
    "又",
    "就",
    "要",
    "会",
    "能",
    "让",
    "给",
    "到",
    "对",
    "从",
    # How a resident asks when or whether it is planned ("现在…有多少", "这几年建了多少", "打算修
    # 多少"): read into the frame's years and wants_plan; reports state plans and periods in their
    # own words ("2026年工作安排", "五年来"), so as key terms these only ever go unmatched.
    "现在",
    "几年",
    "打算",
    "接下来",
    # "过去五年…", "这五年…", "近几年…": the span is read into the frame's years (spans_years) and the
    # scope; a five-year review's sentences rarely repeat it.
    "过去",
    "五年",
    "近几年",
    # How a resident talks, not what is asked: determiners, pronouns and adverbs of insistence
    # ("一个人挣多少", "自己掏钱", "有人管吗", "到底", "好一点", "以后"). No report writes them
    # around what it states, so as key terms they only go unmatched and weigh as much as the asked
    # thing. ("每个" stays: "每个月" is matched by a report's "每月".)
    "一个",
    "一点",
    "有人",
    "自己",
    "到底",
    "以后",
}


# The rankings a report places a figure in ("居全国第2位", "位列主城第2", "跻身全球城市前五位"):
# each scope's words, one group per ranking (全球 and 世界 rank alike).
_RANK_SCOPES = (("全国",), ("全省",), ("全市",), ("主城",), ("全区",), ("全球", "世界"), ("中部",), ("西部",))
# What a rank ranks, by the words of its clause: a growth rate's ("增速居…"), an amount's ("总量…")
_RANK_OF_GROWTH = re.compile(r"增速|增幅|增长|速度")
_RANK_OF_TOTAL = re.compile(r"总量|总额|规模")
# How a question asks a place in a ranking ("排第几", "排名如何", "第几位", "名次")
_ASKS_RANKING = re.compile(r"排|名次|第几[位名]|位[列居]")
# The question's words that can name what a rank ranks (not "末" or "可" of a split word).
_RANK_SUBJECT_MIN_WEIGHT = 1.0


def rank_scope(text: str) -> int | None:
    """The ranking ``text`` names (an index into ``_RANK_SCOPES``), the first one written; None."""
    found = [(at, i) for i, words in enumerate(_RANK_SCOPES) for w in words if (at := text.find(w)) >= 0]
    return min(found)[1] if found else None


def rank_measure(text: str) -> str | None:
    """ "growth" or "total" where the words say which only; None where both or neither."""
    growth, total = bool(_RANK_OF_GROWTH.search(text)), bool(_RANK_OF_TOTAL.search(text))
    return None if growth == total else ("growth" if growth else "total")


@dataclass(frozen=True)
class Term:
    """A key term of the question and the report words that count as it."""

    text: str
    alternatives: tuple[str, ...]
    weight: float
    related: tuple[str, ...] = ()  # report words it points at (thesaurus "=>"), weaker evidence


@dataclass(frozen=True)
class QuestionFrame:
    """One reading of a question, made once (``QuestionAnalyzer.analyze``, completed by
    ``QuestionFrameBuilder``) and never changed: a comparison's year or place, a part of the question,
    a year filled in are new frames (``dataclasses.replace``)."""

    question: str  # normalised question text
    years: tuple[int, ...]
    period: str | None
    places: tuple[str, ...]  # "XX区/县/市" entities named in the question
    body: str  # the question without lead words, years, period, places and end punctuation
    topic: str  # what is asked about ("地区生产总值")
    aspect_text: str  # how it is asked ("是多少", "增长了多少")
    aspect: str  # rank | growth | amount | list | section | who | when | yesno | fact
    terms: tuple[Term, ...] = ()
    wants: frozenset[str] = frozenset()  # figure kinds that answer it
    prefers: frozenset[str] = frozenset()  # of those, the kinds that answer it best
    wants_all: frozenset[str] = frozenset()  # kinds that must all be there ("增速排第几": % and rank)
    aspects: frozenset[str] = frozenset()  # every aspect a cue names
    elliptical: bool = False  # leans on an earlier question ("那2021年呢？", "增长了多少？")
    qualifier: bool = False  # the topic only qualifies an earlier one ("总量排第几？")
    compare: bool = False  # asks about two years at once
    unit_named: bool = False  # the question names the unit of the figure it wants ("多少亿元")
    # the units of measure that answer it, when it names one ("多少亿吨": 吨, 斤, …); () for any
    measure_units: tuple[str, ...] = ()
    superlative: str | None = None  # "更高"/"最高"/"更好": which of the compared leads
    # items asked of a list, 1-based, inclusive; (-1, -1): the last; (n, -1): the n-th and on
    ordinal: tuple[int, int] | None = None
    # items asked together with ``ordinal``, before it ("第三件和第六件": the third), in order
    joined_ordinals: tuple[tuple[int, int], ...] = ()
    item_count: int | None = None  # how many items the question says the list has ("哪三项")
    asks_detail: bool = False  # the items asked by their place told in full ("第二个展开说说")
    # the words of an item the asker already knows ("除了推进节能，还有哪些"): left out of the list
    known_terms: tuple[Term, ...] = ()
    # A question that asks several things ("达到多少、增长多少？"): one frame per part, each with
    # its own topic and aspect (a part that names no topic takes the first part's).
    parts: tuple[QuestionFrame, ...] = ()
    # Filled by ``QuestionFrameBuilder`` once per question (answering/frame.py):
    intent: str = INTENT_OPEN
    wants_plan: bool | None = None  # True: a plan or target; False: a result; None: not said
    # whose money a budget question asks about (ingest/levels.py); None: not said (the whole place)
    level: str | None = None
    # places the question names that no stored report speaks for, such as a district of a stored
    # city ("长沙岳麓区"): a quote must name them, the city's figure is not theirs (frame.py)
    sub_places: tuple[str, ...] = ()
    # those of them it compares with ("比西安高还是低", "和成都相比"): their figure is asked (frame.py)
    compared_places: tuple[str, ...] = ()
    query: ParsedQuery | None = None  # retrieval's reading of the same question, made once
    scope: QuestionScope | None = None  # the places and times it resolved to
    # How it asks, besides its aspect (read from the question's text once, by the analyzer):
    names_average: bool = False  # "年均", "平均每年", "每年平均"
    names_span: bool = False  # names several years besides those words ("“十四五”期间", "五年")
    asks_added: bool = False  # how it asks says "多了", "增加", "新增": a count added
    asks_rate: bool = False  # "率", "比重", "百分之": a rate or share, a percentage answers it
    asks_share: bool = False  # "占比", "比重", "占", "贡献": a part of a whole
    asks_definition: bool = False  # "全称", "指的是", "什么意思"
    asks_meaning: bool = False  # "是啥", "是干什么的", "有哪些": what a (quoted) named thing is or holds
    short_name: str | None = None  # "百千万工程" of "“百千万工程”全称是什么": its full name is asked
    asks_how: bool = False  # "怎么做", "有哪些措施", "具体说说", "有啥办法": how it is (to be) done
    asks_budgeted: bool = False  # "预算数", "年初", "调整": a budget's budgeted figure
    asks_outturn: bool = False  # "完成", "执行", "决算": a budget's outturn
    asks_budget_share: bool = False  # "完成预算的多少": the figure as a percentage of its budget
    asks_restated: bool = False  # "同口径", "剔除…因素": a figure on a restated basis is asked
    # amounts the question itself states ("16.4万个学位里，小学学位有多少"): (value, unit), no ranks
    stated_amounts: frozenset[tuple[Decimal | None, str]] = frozenset()
    asks_total: bool = False  # "收入总计", "支出合计", "总收入": a budget's total, transfers included
    names_plan: bool = False  # names a plan or budget ("预算", "目标", "安排")
    names_result: bool = False  # names an outturn ("完成", "实现了", "已经")
    about_report: bool = False  # the report itself: its meeting, title, who delivered it
    names_report: bool = False  # says "报告"
    asks_deliverer: bool = False  # "谁作的报告", "报告人是谁"
    asks_body: bool = False  # "代表哪个机构作的报告": the body it is delivered for, not a person
    asks_meeting: bool = False  # "在哪次会议上作的", "第几届人大第几次会议": where it was delivered
    when_event: str | None = None  # "闭幕" of "哪天闭幕的": the event a "when" question dates
    names_full_year: bool = False  # says "全年"
    spans_years: bool = False  # several years at once ("“十四五”期间", "过去五年", "累计", "到2030年")
    asks_from_to: bool = False  # "从多少涨到了多少": the figure it started from and the one it reached
    asks_quantity: bool = False  # "技术合同成交额是多少": the amount of a quantity, not its growth
    half: str | None = None  # the half-year it names (ingest HALF_RE): "first_half", "second_half"
    narrowing: frozenset[str] = frozenset()  # per-unit words it names ("人均", "单位")
    roles: tuple[str, ...] = ()  # offices it names ("区长"), in order
    books: frozenset[int] = frozenset()  # budget books it names (``budget_books``)
    names_part: bool = False  # names a part of the report ("第二部分", "这一节", "这一条")
    quoted_titles: tuple[str, ...] = ()  # words it quotes ("“新质生产力加快形成”这一条")
    part_level: int = 1  # the heading level it names: 1 部分, 2 节, 3 条/项
    per_unit: tuple[str, ...] = ()  # standards it asks: "person" (人均), "month" (每月), "year" (每年能领)
    lower_asks: tuple[str, ...] = ()  # level words that may be below a report's place ("区县级")
    siblings: tuple[tuple[int, int], ...] = ()  # members of an indicator family asked ("进口")
    # the words naming a part of a whole asked ("基础研究经费安排" of "科技支出里，基础研究经费安排
    # 多少"): the figure asked is the part's, the whole's is a neighbour; "" when none
    asked_part: str = ""
    asks_sum: bool = False  # "一共", "累计", "加起来": a sum over the time asked, not a yearly average

    @cached_property
    def head_modifiers(self) -> tuple[tuple[Term, str], ...]:
        """Key terms the question puts right before an indicator's head, with the head ("教育",
        "支出" in "教育支出安排多少"): the figure asked is of that narrower indicator."""
        out = []
        for m in INDICATOR_HEADS_ANY.finditer(self.question):
            if self.qualifies_noun(m.end()):
                continue  # "低收入家庭": the head word qualifies who, it heads no indicator
            before = self.question[: m.start()]
            for term in self.terms:
                if not INDICATOR_HEADS_ANY.fullmatch(term.text) and any(
                    alt and alt in before[-len(alt) - _MODIFIER_SLACK :] for alt in term.alternatives
                ):
                    out.append((term, m.group(1)))
        return tuple(out)

    @cached_property
    def budget_items(self) -> tuple[Term, ...]:
        """Key terms naming the budget line asked, right before a budget head ("国防" of "国防预算
        多少", "教育" of "教育支出安排多少"): the figure asked is that item's, which the report gives in
        a clause naming it, not the budget's total beside it. A book's own name ("一般公共预算",
        "政府性基金") or a word for the whole budget (财政) names no item."""
        out = []
        for m in BUDGET_LINE_HEAD.finditer(self.question):
            before = self.question[: m.start()]
            if any(
                before.endswith(book[: -len(m.group(0))]) for book in BOOK_NAMES if book.endswith(m.group(0))
            ):
                continue  # "一般公共预算": the book, no item of it
            for term in self.terms:
                if (
                    term.weight >= _NOUN_TERM_WEIGHT
                    and term.text not in _WHOLE_BUDGET_WORDS
                    and asked_level(term.text) is None
                    and not any(term.text in book for book in BOOK_NAMES)
                    and not BUDGET_LINE_HEAD.search(term.text)
                    and not _BUDGET_FIGURE_WORD.search(term.text)
                    and any(alt and alt in before[-len(alt) - _MODIFIER_SLACK :] for alt in term.alternatives)
                ):
                    out.append(term)
        return tuple(dict.fromkeys(out))

    @cached_property
    def asked_noun(self) -> Term | None:
        """The key term naming the thing asked about: the noun a which-word asks for ("体育场" of
        "在哪个体育场举行"), else the noun that the predicate follows, the last of the nouns before
        it ("票价" of "坐公交地铁票价会不会降", "保险" of "宝宝看病保险要家里交钱吗": a verb before
        any noun, "坐", is part of the thing); None when the topic names no such noun."""
        by_text = {t.text: t for t in self.terms}
        tagged = [
            (w, flag, flag in _HEAD_NOUN_TAGS and len(w) > 1 and w in by_text)
            for w, flag in part_of_speech(self.topic)
        ]
        for (before, _, _), (word, _, noun) in itertools.pairwise(tagged):
            if noun and before in _WHICH_WORDS:
                return by_text[word]
        last: str | None = None
        for word, flag, noun in tagged:
            if noun:
                last = word
            elif flag in _PREDICATE_TAGS and last is not None:
                break
        return by_text[last] if last is not None else None

    @cached_property
    def linking_verbs(self) -> frozenset[str]:
        """The verbs a list question links its items or quotes the report with ("存在哪些问题",
        "干成了哪些事", "从哪几个方面着手", "报告部署的重点工作"), which the report's announcing
        words seldom repeat ("问题也不容忽视", "今年要重点做好以下几方面工作"): the verb before
        the list cue, the verb it ends on after the cue, the verb after 怎么/如何 before the cue
        ("怎么减轻企业负担，有哪几条": the report announces "要大幅降低非税负担。一是…"), and a verb
        of setting out."""
        verbs = {_asking_verb(self.body), _closing_verb(self.body), _how_verb(self.body)} - {None}
        return frozenset({v for v in verbs if v is not None} | {w for w in _SETTING_OUT if w in self.body})

    def counted_as(self, kind: str) -> str:
        """How the question counts its list, up to ``kind``, the word naming its items ("十件民生实事"
        of "十件民生实事是哪些" for 实事); "" when it counts none of that kind."""
        if self.item_count is None:
            return ""
        m = re.search(
            rf"{count_numeral(self.item_count)}[个项件条点大张种类]?[\u4e00-\u9fff]*?{re.escape(kind)}",
            self.body,
        )
        return m.group(0) if m is not None else ""

    @cached_property
    def asks_ways(self) -> bool:
        """A list question asking the ways or measures something is done by ("从哪几方面下手",
        "有哪几条措施", "哪些办法")."""
        return bool(_ASKS_WAYS.search(self.aspect_text))

    @cached_property
    def asks_money(self) -> bool:
        """It asks for a sum of money in so many words ("提高到多少钱", "花了多少钱"): a count or a
        rate given instead does not answer it."""
        return "钱" in self.aspect_text

    @cached_property
    def share_part(self) -> str:
        """What the question says a share is the share of, its words before 占 ("民生支出" of
        "民生支出占财政支出的比重是多少"); "" when it has no 占."""
        return self.body.split("占", 1)[0] if "占" in self.body else ""

    @cached_property
    def word_tags(self) -> dict[str, str]:
        """jieba's part of speech of each word of the question, as tagged in the whole question and
        in its body (a year glued before a word tags "年比" as one word in the whole)."""
        return dict(part_of_speech(self.question)) | dict(part_of_speech(self.body))

    @cached_property
    def counted_list(self) -> str | None:
        """The list a list question names by its count ("十张网" of "“十张网”分别是哪十张网", "28项民生
        实事" of "28项民生实事具体是哪28项"), the count and up to six characters after it; None when
        it counts none."""
        if self.item_count is None:
            return None
        m = re.search(rf"{list_count(self.item_count)}[\u4e00-\u9fff]{{0,6}}", self.body)
        return m.group(0) if m is not None else None

    @cached_property
    def organs(self) -> tuple[str, ...]:
        """The government departments or offices the question names ("教育局", "卫健委"), in order."""
        words = jieba_words(self.question)
        return tuple(w for w in words if len(w) >= _ORGAN_MIN_CHARS and w.endswith(_ORGAN_END))

    @cached_property
    def zone_asked(self) -> tuple[str, str] | None:
        """The development zone the question names ("三明高新区"): the words of its name before its
        kind, and its kind; None when it names none."""
        m = ASKED_ZONE.search(self.question)
        if m is None:
            return None
        # the name starts after a year or a "的" ("今年现代物流产业开发区" is 现代物流…)
        return re.split(r"[年的]", m.group(1))[-1], m.group(2)

    @cached_property
    def per_head(self) -> tuple[tuple[str, ...], str]:
        """The per-head words ("人均", "户均") the question narrows an indicator with, and what it
        writes right after each (the indicator narrowed: "财政补助" of "人均财政补助")."""
        q = self.question
        words = tuple(w for w in PER_HEAD_WORDS if w in self.narrowing and w in q)
        after = "".join(q[m.end() : m.end() + _NARROWED_CHARS] for w in words for m in re.finditer(w, q))
        return words, after

    def modifies_a_noun(self, term: Term) -> bool:
        """The question writes ``term`` right before another key term that is no word of how it asks
        ("低收入" in "低收入家庭建廉租房", not "教育支出" in "教育支出安排多少"): it qualifies that noun."""
        at = self.question.find(term.text)
        return at >= 0 and self.qualifies_noun(at + len(term.text))

    def qualifies_noun(self, end: int) -> bool:
        """What the question writes up to ``end`` qualifies who a key term right after it names
        ("低收入" of "低收入家庭建廉租房", "高收入群体"; not "教育支出" of "教育支出预算安排多少")."""
        after = self.question[end:]
        return any(
            t.weight >= _NOUN_TERM_WEIGHT and after.startswith(t.text) and _WHO_NOUN.match(t.text)
            for t in self.terms
        )

    @property
    def asks_average(self) -> bool:
        """A yearly average over several years asked for; "2025年PM2.5年均浓度" names one year and
        no span, so its 年均 is that year's mean, which any statement of the year's figure gives."""
        return self.names_average and (len(self.years) != 1 or self.names_span)

    @cached_property
    def asks_item_count(self) -> bool:
        """ "民生实事一共几件": how many items the report lists, asked as the question ends."""
        return bool(HOW_MANY_ITEMS.search(self.body))

    @cached_property
    def asks_item_count_in_a_part(self) -> bool:
        """ "一共有几个方面？最后一个方面讲的是什么": how many, asked as any part of the question ends."""
        return any(HOW_MANY_ITEMS.search(c) for c in re.split(r"[？?，,；;。]", self.body))

    @cached_property
    def asks_ranking(self) -> bool:
        """A place in a ranking asked ("排第几", "排名如何", "第几位", "名次"); "在全国算第几个" asks a
        record ("全国首个") instead."""
        return bool(_ASKS_RANKING.search(self.question))

    @cached_property
    def rank_subject(self) -> tuple[str, ...]:
        """The words (each way of writing them) that name the thing a rank question ranks: not a
        measure ("增速") nor a ranking ("全国") alone."""
        return tuple(
            alt
            for t in self.terms
            if t.weight >= _RANK_SUBJECT_MIN_WEIGHT
            and not _RANK_OF_GROWTH.fullmatch(t.text)
            and not _RANK_OF_TOTAL.fullmatch(t.text)
            and rank_scope(t.text) is None
            for alt in t.alternatives
        )

    @cached_property
    def ranking_asked(self) -> int | None:
        """The ranking the question names ("在全省排第几"): an index as ``rank_scope`` gives; None."""
        return rank_scope(self.question)

    @cached_property
    def rank_measure_asked(self) -> str | None:
        """ "growth" or "total" where the question asks a rank of one in words of its own ("总额" in
        "进出口总额" names the thing ranked, not its total); None."""
        named = "|".join(map(re.escape, sorted(self.rank_subject, key=len, reverse=True))) or "^$"
        return rank_measure(re.sub(named, "", self.question))

    # Read ~14 times for every piece a question scores (~140 pieces): kept on the frame once read
    # (a frame is frozen; ``replace`` makes a new one, which reads its own aspect).
    @cached_property
    def is_figure_question(self) -> bool:
        return self.aspect in FIGURE_ASPECTS

    def describe(self) -> str:
        """The subject of the question in a few words, for a refusal sentence."""
        when = "".join(f"{y}年" for y in self.years[:1]) + (self.period or "")
        where = "".join(self.places[:1])
        topic = self.topic or self.body
        return f"{when}{where}{topic}".strip() or self.question


def count_numeral(n: int) -> str:
    """``n`` as a text writes it, in digits or in Chinese ("28", "十"), as a pattern."""
    return rf"(?:{n}|{int_to_cn(n)})"


def list_count(n: int) -> str:
    """How a text counts a list of ``n`` items ("28项", "十张", "四个方面"), as a pattern."""
    return rf"{count_numeral(n)}(?:[个项件条张种大点类]|方面)"


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), no spaces, Chinese years as digits."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _CN_YEAR_RE.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)
    text = re.sub(r"\s+", "", text)
    return _YEAR_SPAN_Q.sub(_year_span, text)


# A stretch of years asked as from–to ("2003年到2007年", "2008到2012年", "2021年至2025年"): one
# span of years, written as reports write it ("2003—2007年"), not two years compared.
_YEAR_SPAN_Q = re.compile(r"((?:19|20)\d{2})年?(?:到|至|~|-|—|－)((?:19|20)\d{2})年")
MAX_ASKED_SPAN = 10  # years a from–to stretch may run (a longer one is two years compared)


# The first year of a span as written ("2003—" of "2003—2007年"): a time, not the topic's.
_SPAN_START = re.compile(r"(?:19|20)\d{2}—(?=(?:19|20)\d{2}年)")


def _year_span(m: re.Match[str]) -> str:
    start, end = int(m.group(1)), int(m.group(2))
    return f"{start}—{end}年" if 0 < end - start <= MAX_ASKED_SPAN else m.group(0)


def strip_when(text: str) -> str:
    """The question without its years, period, lead words and end punctuation (the slots a
    follow-up writes back itself)."""
    text = _PERIOD_RE.sub("", _YEAR_RE.sub("", text))
    return _strip_end(_LEAD_RE.sub("", text)).rstrip("呢")


def _when_event(q: str) -> str | None:
    """The verb a "when" question dates ("闭幕" of "人代会是哪天闭幕的"), when jieba reads the
    two characters after the cue as one verb and it is not the delivery of the report."""
    m = _WHEN_EVENT.search(q)
    if m is None or _DELIVERY_EVENTS.match(m.group(1)):
        return None
    return m.group(1) if _is_verb(m.group(1)) else None


def _short_name(body: str) -> str | None:
    """The short name a question asks the full name of ("粤“百千万工程”全称是什么" → 百千万工程), or
    asks what it is ("“百千万工程”是什么工程": if the report spells the name out, that says it)."""
    m = _FULL_NAME_OF.search(body) or _QUOTED_WHAT.search(body)
    return m.group(1) if m else None


def list_kind(frame: QuestionFrame) -> str | None:
    """The word a list question names its items by: the last word of its topic ("重点工作的第二项"
    → 工作, "主要预期目标" → 目标, "十件民生实事" → 实事)."""
    topic = _ORDINAL_WHICH_RE.sub("", _ORDINAL_RE.sub("", strip_when(frame.topic)))
    topic = _LAST_WHICH_RE.sub("", topic).rstrip("的中里，,、 ")
    words = [w for w in jieba_words(topic) if len(w) >= 2 and not w.isdigit()]
    return words[-1] if words else None


def _strip_end(text: str) -> str:
    return text.rstrip("?？!！。.,，;；:：~～ ")


class QuestionAnalyzer:
    """Splits a question into slots; ``home_places`` are the districts the stored reports are about."""

    def __init__(self, synonyms: SynonymLookup | None = None, home_places: tuple[str, ...] = ()) -> None:
        self.synonyms: SynonymLookup = synonyms or MappingSynonyms({})
        self.home_places = home_places

    # --- slots -----------------------------------------------------------------
    def years(self, text: str) -> tuple[int, ...]:
        return _years_in(text)

    def places(self, text: str, anywhere: bool = False) -> tuple[str, ...]:
        """ "XX区/县/市" names: jieba keeps a place name whole, which a regex cannot."""
        text = _PERIOD_RE.sub("，", _YEAR_RE.sub("，", text))
        out: list[str] = []
        toks = jieba_words(text)
        # jieba splits rarer names ("溧水" + "区"): join a two-character word with its suffix.
        merged: list[str] = []
        for tok in toks:
            if tok in ("区", "县", "市") and merged and re.fullmatch(r"[\u4e00-\u9fa5]{2}", merged[-1]):
                merged[-1] += tok
            else:
                merged.append(tok)
        for i, tok in enumerate(merged):
            # A place the question is about stands first or after a separator
            # ("玄武区2024年…", "2024年上半年玄武区…", "那玄武区呢"), never inside a phrase
            # (jieba's "周经市" in "创新周经市认定").
            if not anywhere and i > 0 and merged[i - 1] not in _PLACE_BEFORE:
                continue
            if len(tok) < 3 or tok[-1] not in "区县市" or not _PLACE_RE.fullmatch(tok):
                continue
            if tok in _GENERIC_PLACES or any(tok.endswith(g) for g in _GENERIC_PLACES if len(g) >= 3):
                continue
            if _LEVEL_ONLY_PLACE.fullmatch(tok):
                continue  # "光算市本级": a level singled out, not a city called 光算
            out.append(tok)
        return tuple(dict.fromkeys(out))

    @staticmethod
    def places_after(text: str, names: Sequence[str]) -> tuple[str, ...]:
        """ "XX区/县/市" written right after one of ``names`` ("长沙岳麓区", "宁川东湖区"), or a town
        or subdistrict ("璧山区璧城街道"): jieba may cut a rare name apart, the stored name before it
        says where it starts."""
        out: list[str] = []
        for name in sorted(set(names), key=len, reverse=True):
            if name not in text:
                continue  # (most stored names: no pattern to look up and run for them)
            for m in re.finditer(
                rf"{re.escape(name)}([\u4e00-\u9fa5]{{2,4}}?(?:[区县市]|{_TOWN_SUFFIX}))", text
            ):
                place = m.group(1)
                town = re.search(rf"(?:{_TOWN_SUFFIX})$", place)
                if town and (place.endswith(_COMMON_TOWNS) or re.search(_TOWN_SUFFIX, place[: town.start()])):
                    continue  # "重点城镇", "街道和镇": kinds of place, not one by name
                if _NOT_PLACE_START.match(place) or place in _GENERIC_PLACES or not plausible_place(place):
                    continue
                joined = _JOINED_RE.match(place)
                if joined and (
                    joined.group(1) in PROVINCES or any(n.startswith(joined.group(1)) for n in names)
                ):
                    continue  # "重庆市开州区和重庆市沙坪坝区": "和" joins the next stored place's name
                out.append(place)
        return tuple(dict.fromkeys(out))

    def analyze(self, question: str, split_parts: bool = True) -> QuestionFrame:
        q = normalise(question)
        # "花在教育上的钱有多少": the money spent on what is named, as "教育花的钱"
        q = _SPENT_ON_RE.sub(r"\g<on>花的钱", q)
        years = self.years(q)
        base = _spans_from(q, years)
        if base is not None:
            # "和2020年相比，2025年…从多少增加到多少": the span's start, not a year compared
            years = tuple(y for y in years if y != int(base.group(1)))
        period_m = _PERIOD_RE.search(q)
        period = period_m.group(0) if period_m else None
        places = self.places(q)
        body = _LEAD_RE.sub("", q)
        lead = body != q
        # the period before the year it follows ("2025年全年": 全年 is a period only after a year),
        # and "2025年一年": that year, no words of what is asked
        body = _PERIOD_RE.sub("", _THAT_YEAR_RE.sub("", _FIVE_YEARS_AGO_RE.sub("", body)))
        body = _BASE_YEAR_RE.sub("", body) if base is not None else body
        # "到2035年": the horizon's year with its 到, no words of what is asked
        body = _YEAR_RE.sub("", _SPAN_START.sub("", HORIZON_RE.sub("", body)))
        for place in places:
            body = body.replace(place, "")
        for home in self.home_places:
            # (the national report's "国家" stays where it opens a name the question asks about)
            body = without_state_word(body) if home == STATE_WORD else body.replace(home, "")
        # "各省的…": which places is the scope's business (every stored province), not the topic's.
        body = COLLECTIVE_RE.sub("", body)
        body = _strip_end(body).strip("，,、的")
        detail = ASKS_DETAIL_RE.search(body) if _ordinal(body) is not None else None
        if detail is not None:
            # "第二个展开说说": how much to say about the item, no words of what it is about
            body = _strip_end(body[: detail.start()] + body[detail.end() :]).strip("，,、的")
        which = SUPERLATIVE_RE.search(body)
        superlative = None
        if which is not None:
            way = which.group("way") or which.group("bare")
            superlative = ("最" if "最" in which.group(0) else "更") + way
            body = _strip_end(body[: which.start()] + which.group("gap") + body[which.end() :]).strip(
                "，,、的"
            )
        # "能让多少城里人找到新工作": a helper verb before the cue says nothing of what is counted;
        # the topic is what follows the cue, as when the cue opens the question
        body = _HELPER_LEAD_RE.sub("", body)
        topic, aspect_text, aspect = self._split_aspect(body)
        if aspect == FACT_Q and (_item_count(body) or 0) >= 2 and _ordinal(body) is None:
            aspect = LIST_Q  # "四个“坚持”是什么": so many items, which they are
        if aspect in (FACT_Q, AMOUNT_Q) and HOW_MANY_ITEMS.search(body):
            aspect = LIST_Q  # "民生实事一共几件": how many the report lists, and which
        if aspect == FACT_Q and _ordinal(body) is None and _MAIN_ITEMS_ASKED.search(body):
            aspect = LIST_Q  # "主要预期目标是什么": the report names several, every one is asked
        if aspect == FACT_Q and _ordinal(body) is None and _EACH_PART_ASKED.search(body):
            aspect = LIST_Q  # "各方面取得了什么成效": what is said of every item, so the items
        if aspect == FACT_Q and self._target_by_indicator(body):
            aspect = AMOUNT_Q  # "城镇新增就业目标": the target's figure of that indicator
        run_asked = bool(_RUN_ASKED.search(body))
        if run_asked and aspect in (AMOUNT_Q, GROWTH_Q, RANK_Q):
            aspect = AMOUNT_Q
        aspects = frozenset(re.sub(r"\d+$", "", m.lastgroup or "") for m in _CUE_RE.finditer(body))
        elliptical = lead or q.rstrip("?？").endswith("呢") or not topic or bool(_PRONOUN_RE.match(body))
        if _PRONOUN_RE.match(topic):
            topic = _PRONOUN_RE.sub("", topic)
        # "第一项是什么？", "前两项呢？" after a list: which items, of the list asked before.
        only_ordinal = bool(topic) and not _ORDINAL_RE.sub("", topic).strip("的")
        qualifier = bool(topic) and (bool(_QUALIFIER_RE.fullmatch(topic)) or only_ordinal)
        elliptical = elliptical or qualifier
        # Key terms come from everything but the question words ("学校里装了多少台空调":
        # 空调 follows the cue), the topic alone only matters for rewriting.
        asked_body = body.rstrip("呢")
        heads: list[str] = []
        for money_verb, head in _MONEY_VERBS:
            if money_verb.search(asked_body):
                asked_body, heads = money_verb.sub(" ", asked_body), [*heads, head]
        content = _PRONOUN_RE.sub("", _CUE_RE.sub(" ", asked_body))
        content = _SCOPE_RE.sub(" ", content)
        # "涨幅控制在多少": how a target is asked, as 达到 is; a report may write it "涨幅2%左右"
        content = _TARGET_VERB_RE.sub(" ", content)
        # "全市加起来", "市里自己那一级": the level is a slot of its own, not words to find
        content = strip_colloquial_level(content)
        content = _ORDINAL_WHICH_RE.sub(" ", _ORDINAL_RE.sub(" ", content))
        if _LAST_WHICH_RE.search(body):
            content = _LAST_PLACE_RE.sub(" ", content)  # its cue ("是什么") is gone already
        known = _EXCEPT_RE.search(body)
        known_terms: tuple[Term, ...] = ()
        if known is not None:
            content = content.replace(known.group("known"), " ").replace("除了", " ")
            known_terms = tuple(self.terms(known.group("known"), period))
        terms = self._across_cue(body, self.terms(content, period))
        if re.search(PURPOSE_ASKED, body):
            terms.append(Term(PURPOSE_WORDS[0], PURPOSE_WORDS, _weight(PURPOSE_WORDS[0])))
        terms += [Term(h, (h,), MONEY_HEAD_WEIGHT) for h in heads if all(h not in t.text for t in terms)]
        from_to = _FROM_TO_Q.search(body)
        if from_to is not None:
            # "涨到", "提高到": how the asker words the change, not what the report calls it
            verb, rest = from_to.group("verb") + "到", body.replace(from_to.group(0), "")
            terms = [t for t in terms if t.text not in verb or t.text in rest]
        # "什么规划的开局之年": the word after 什么 names the kind of answer (规划), which
        # the report need not repeat ("十四五"开局之年).
        asked_kinds = {m.group(1) for m in _ASKED_KIND_RE.finditer(body)}
        terms = [replace(t, weight=t.weight * 0.25) if t.text in asked_kinds else t for t in terms]
        terms = self._examples_lighter(body, terms)
        wants = self._wants(aspect, topic, aspect_text)
        if run_asked and aspect == AMOUNT_Q:
            wants = frozenset({RUN})
        prefers = wants
        if aspect == AMOUNT_Q and wants != frozenset({PERCENT}):
            prefers = wants - {PERCENT}
            if "钱" in aspect_text:
                prefers = frozenset({MONEY})  # "补助了多少钱": the amount, not the number of pupils
        wants_all: frozenset[str] = frozenset()
        if aspect == RANK_Q and GROWTH_Q in aspects:
            wants_all = frozenset({PERCENT, RANK})
        compare = len(years) >= 2 or bool(re.search(r"两年|两份报告|两个报告|两次报告", q))
        wants_plan: bool | None = None
        asking = _QUOTED.sub("", body)
        if period in ("下半年", "全年") or (_PLAN_CUES.search(asking) and not _PROGRESS_Q.search(asking)):
            wants_plan = True
        elif period == "上半年" or _RESULT_CUES.search(asking):
            wants_plan = False
        frame = QuestionFrame(
            question=q,
            years=years,
            period=period,
            places=places,
            body=body,
            topic=topic,
            aspect_text=aspect_text,
            aspect=aspect,
            terms=tuple(terms),
            wants=wants,
            prefers=prefers,
            wants_all=wants_all,
            aspects=aspects,
            elliptical=elliptical,
            qualifier=qualifier,
            short_name=_short_name(body),
            compare=compare,
            wants_plan=wants_plan,
            unit_named=bool(_UNIT_KIND.search(aspect_text)),
            measure_units=measure_units(aspect_text),
            asks_added=bool(_ADDED_ASKED.search(aspect_text) or _MORE_VERB_ASKED.search(body)),
            superlative=superlative,
            ordinal=_ordinal(body),
            joined_ordinals=_joined_ordinals(body),
            asks_detail=detail is not None,
            known_terms=known_terms,
            item_count=_item_count(body) if aspect == LIST_Q else None,
            level=asked_level(q),
            asks_quantity=aspect == AMOUNT_Q
            and bool(_QUANTITY_HEAD.search(topic))
            and not RATE_ASKED.search(q)
            and not _SHARE_ASKED.search(q),
            **_how_asked(q),
        )
        if split_parts:
            parts = self._parts(frame, _LEAD_RE.sub("", q)) or self._target_met(q)
            if any(p.wants_plan for p in parts):
                parts = tuple(self._outcome_part(p) for p in parts)
            frame = replace(frame, parts=parts)
        return frame

    def _parts(self, frame: QuestionFrame, text: str) -> tuple[QuestionFrame, ...]:
        """The parts of a question that asks several figures, each a frame of its own:
        "国内生产总值达到多少、增长多少" → "国内生产总值达到多少" and "国内生产总值增长多少";
        "减负多少？其中减免社保费多少" → two topics; "2025年增长多少，2026年目标多少" → two years."""
        books = _ALL_BOOKS_RE.search(text)
        if books is not None:
            # "四本预算收入分别是多少": each book's figure, each a part named in full.
            asked = re.sub(r"(?:分别|各自?)", "", _strip_end(text))
            named = [asked.replace(books.group(0), name, 1) for name in BOOK_NAMES]
            each = tuple(self.analyze(q, split_parts=False) for q in named)
            if all(p.is_figure_question for p in each):
                return tuple(replace(p, years=p.years or frame.years) for p in each)
        levels = _LEVEL_PAIR_RE.search(text)
        if levels is not None and _EACH_RE.search(text, levels.end()):
            # "全市和市本级的债务余额分别是多少": one indicator asked of each level, each a part
            # naming its level alone (the levels' figures are two quotes, not one)
            asked = _EACH_RE.sub("", _strip_end(text))
            at = levels.start() + asked[levels.start() :].find(levels.group(0))
            named = [asked[:at] + levels.group(w) + asked[at + len(levels.group(0)) :] for w in ("a", "b")]
            each = tuple(self.analyze(q, split_parts=False) for q in named)
            if all(p.is_figure_question and p.topic for p in each) and each[0].level != each[1].level:
                return tuple(replace(p, years=p.years or frame.years) for p in each)
        heads = self._heads(frame, _strip_end(text))
        if heads:
            return heads
        why_and_list = self._why_and_list(_strip_end(text))
        if why_and_list:
            return tuple(replace(p, years=p.years or frame.years) for p in why_and_list)
        pair = _PAIR_RE.match(_strip_end(text))
        if pair is not None and len(pair.group("stem")) > len(pair.group("y")) - len(pair.group("x")):
            return self._pair(frame, pair)
        two = _two_indicators(_strip_end(text))
        if two is not None and (both := self._two(frame, *two)):
            return both
        yearly = _YEARLY_PAIR_RE.match(_strip_end(text))
        if yearly is not None:
            a, b, rest = yearly.group("a", "b", "rest")
            text = f"{a}{rest}，{b}{rest}"
        if not _PART_SEP_RE.search(_strip_end(text)):
            return ()
        segments: list[str] = []
        pending = ""
        for seg in _PART_SEP_RE.split(_strip_end(text)):
            if not seg:
                continue
            if segments and _COMPARED_PART_RE.match(without_share_words(seg)):
                # "增长多少？比全国低了多少": the same figure set beside another, which the report
                # states with it ("增长4.7%、低于全国0.3个百分点"): one part
                segments[-1] += "，" + seg
                continue
            # A segment that asks nothing ("2025年，") belongs to the next one.
            if not _asks_figure(seg):
                pending += seg
                continue
            segments.append(pending + seg)
            pending = ""
        if pending.endswith("呢") and segments and (cue := _CUE_RE.search(segments[-1])) is not None:
            # "经济总量达到多少？人均GDP呢？": the question before, asked of another indicator
            # (not of another place: "四川呢" is a place comparison's)
            other = pending.rstrip("呢").strip("，,、 ")
            another_time = _YEAR_RE.search(other) or _LEAD_RE.match(other) or _PERIOD_RE.search(other)
            another_place = any(n in other for n in (*PROVINCES, *PROVINCES.values(), "全国"))
            if other and not another_time and not another_place:
                segments.append(other + segments[-1][cue.start() :])
        if len(segments) < 2:
            return ()
        first = self.analyze(segments[0], split_parts=False)
        if not first.topic or first.elliptical:
            return ()
        cue = _CUE_RE.search(segments[0])
        carry = segments[0][: cue.start()] if cue is not None else segments[0]
        parts = [first]
        for seg in segments[1:]:
            # "其中减免社保费多少": a part of the first figure, asked by its own name.
            seg = re.sub(r"^(?:其中|另外|以及|还有|和|与)", "", seg)
            own = self.analyze(seg, split_parts=False)
            if _money_verb_only(own):
                # "市本级一般公共预算收了多少、花了多少": the verb names the head (支出) of the
                # budget the first part names, its level and year with it.
                subject = _without_money_verbs(segments[0])
                cut = _CUE_RE.search(subject)
                subject = (subject[: cut.start()] if cut is not None else subject).strip()
                # "…基金收入多少，花出去多少": the head the first part names is not this part's
                subject = _WRITTEN_HEAD_END.sub("", subject.rstrip("的"))
                own = self.analyze(subject + seg, split_parts=False)
                # the heads (收入, 支出) are all that tells the parts apart: each weighs as a written word
                parts[0] = _heads_written(parts[0])
                parts.append(replace(_heads_written(own), years=own.years or frame.years))
                continue
            tail = _counted_after(segments[0], seg)
            if tail and (BARE_VERB_TOPIC.fullmatch(own.topic) or _MEASURE_ONLY.fullmatch(own.topic)):
                # "新增了多少张养老床位，2025年计划新增多少张": the thing counted, named after the
                # first part's question word, is this part's too (as where the part's topic is
                # its measure word alone: "实施多少项民生实事？去年完成了多少项")
                own = self.analyze(seg + tail, split_parts=False)
            if len(own.topic.replace(_ACTUAL, "")) <= 1 and _ACTUAL_ASKED.search(seg):
                # "实际完成了多少", "实际产了多少": the first part's indicator, as it turned out
                own = replace(own, topic="")
            # "完成调整预算的百分之几": a share of the first figure, whose base names no indicator
            share_asked = PERCENT_ASKED.search(seg) or _BUDGET_SHARE_ASKED.search(seg)
            share_of_first = bool(share_asked) and not INDICATOR_HEADS_ANY.search(own.topic)
            kind_words = (_FIGURE_KIND_ONLY, _NO_INDICATOR_RE)
            verb_only = bool(own.topic) and any(rx.fullmatch(own.topic) is not None for rx in kind_words)
            if not own.topic or own.qualifier or _PRONOUN_RE.match(seg) or share_of_first or verb_only:
                # "增长多少", "目标多少": about the first part's topic, in this part's year if it names one.
                # "…收入完成预算的多少，增长了多少": the growth is the figure's, not its budget's
                base = _BUDGET_SHARE_LEAD.sub("", _THAT_YEAR_RE.sub("", carry))
                # this part's own time replaces the first part's ("“十四五”年均增长多少？2025年呢")
                base = _YEAR_RE.sub("", base) if own.years or own.spans_years else base
                base = _PERIOD_RE.sub("", base) if own.period else base
                if own.years or own.spans_years:
                    base = _SPAN_IN_BASE_RE.sub("", base)
                if _FIGURE_KIND_ASKED.search(seg) or own.wants_plan:
                    # "调整后的预算是多少，实际完成多少", "2025年执行多少，2026年安排多少": this part
                    # asks its own kind of figure of the indicator, not the first part's kind
                    base = _KIND_ADVERB_END.sub("", _FIGURE_KIND_END.sub("", base))
                own = self.analyze(base.rstrip("的") + _PRONOUN_RE.sub("", seg), split_parts=False)
            elif not own.years and frame.years and not own.spans_years:
                own = self.analyze(f"{frame.years[0]}年{frame.period or ''}{seg}", split_parts=False)
            if not own.years and not own.spans_years:
                own = replace(own, years=frame.years)
            parts.append(own)
        return tuple(parts)

    def _target_by_indicator(self, body: str) -> bool:
        """ "贵州城镇新增就业目标", "粮食产量计划": an indicator named with 目标/预期/计划 and no
        question word asks the target's figure of that indicator, as "…目标是多少" does, not the whole
        list of targets. An indicator: a measured thing (a head such as 收入, 产量, a rate or share)
        or a thesaurus word it ends with that stands for an indicator the user dictionary names
        (新增就业 for 新增城镇就业人数, GDP for 地区生产总值); "发展目标", "教育强省目标" name none."""
        if _CUE_RE.search(body) or _ordinal(body) is not None or _MAIN_ITEMS_ASKED.search(body):
            return False
        m = _TARGET_ASKED_END.search(body)
        if m is None:
            return False
        indicator = body[: m.start()].strip("，,、的")
        if len(indicator) < _TARGET_INDICATOR_MIN_CHARS:
            return False
        return bool(
            INDICATOR_HEADS_ANY.search(indicator)
            or _QUANTITY_HEAD_ANY.search(indicator)
            or RATE_ASKED.search(indicator)
            or any(
                indicator.endswith(v.alias)
                and any(w in _known_names() for w in (v.alias, *v.same, *v.related))
                for v in self.synonyms.variants(indicator)
            )
        )

    def _why_and_list(self, text: str) -> tuple[QuestionFrame, ...]:
        """ "为什么要稳定就业，有哪些措施" asks a reason and a list at once: a why part and a list
        part, each answered and cited. The list part that names no topic of its own ("有哪些措施")
        is asked of the why part's ("稳定就业有哪些措施"), the modal before it ("要") is how the
        asker puts the why, not the topic."""
        if not any(w in text for w in WHY_WORDS):
            return ()  # no why asked (the cue's words): no segment is read again
        segments = [seg for seg in _PART_SEP_RE.split(text) if seg.strip()]
        if len(segments) < 2:
            return ()
        read = [self.analyze(seg, split_parts=False) for seg in segments]
        why = next((f for f in read if f.aspect == WHY_Q and f.topic), None)
        listed = next((f for f in read if f.aspect == LIST_Q), None)
        if why is None or listed is None:
            return ()
        topic = why.topic.lstrip(_MODALS)
        why_words = {t.text for t in why.terms}
        if not any(t.text in why_words for t in listed.terms):
            listed = self.analyze(topic + listed.question, split_parts=False)
        if listed.aspect != LIST_Q:
            return ()
        # in the order asked ("有哪些措施，为什么要这样做": the list first)
        return (
            (why, listed)
            if read.index(why) < next(i for i, f in enumerate(read) if f.aspect == LIST_Q)
            else (listed, why)
        )

    def _target_met(self, q: str) -> tuple[QuestionFrame, ...]:
        """ "2025年GDP增长目标完成了吗", "粮食产量比目标多了多少": the target and what the year
        came to, each asked (the reader sets them side by side)."""
        m = _TARGET_MET_Q.search(without_share_words(q))
        if m is None:
            return ()
        stem = q[: m.start()].rstrip("的，,")
        target = self.analyze(f"{stem}目标是多少", split_parts=False)
        outcome = self.analyze(f"{stem}是多少", split_parts=False)
        if not (target.topic and outcome.topic and target.is_figure_question and outcome.is_figure_question):
            return ()
        return (target, replace(outcome, wants_plan=False))

    def _outcome_part(self, part: QuestionFrame) -> QuestionFrame:
        """Beside a part asking a target, one asking how it turned out ("…目标是多少，实际完成了
        多少", "GDP增长目标和实际增长分别是多少") asks the same indicator's result: "实际" is how
        it is asked, not an indicator, and the target's words carried into it are not asked."""
        if not any(t.text == _ACTUAL for t in part.terms) or not _ACTUAL_ASKED.search(part.question):
            return part
        text = _TARGET_NAMED.sub("", _ACTUAL_ASKED.sub("", part.question))
        outcome = self.analyze(text, split_parts=False)
        if not outcome.topic:
            return part
        return replace(outcome, years=outcome.years or part.years, wants_plan=False)

    def _two(self, frame: QuestionFrame, a: str, b: str, rest: str) -> tuple[QuestionFrame, ...]:
        """ "经济增长目标和城镇新增就业目标分别是多少" → each indicator with the shared ask; the
        place and year said once, before the first, hold for both."""
        rest = re.sub(r"^(?:分别|各自?)", "", rest)
        shared = _SHARED_TAIL_RE.match(b)
        if shared is not None and _common_end(a, shared.group("stem")) >= _SHARED_TAIL_MIN:
            a = f"{a}的{shared.group('tail')}"
        level = _LEADING_LEVEL_RE.search(a)
        if level is not None and _LEADING_LEVEL_RE.search(b) is None:
            b = level.group(0) + b  # "全市A和B": the level said once, before the first, holds for both
        first = self.analyze(a + rest, split_parts=False)
        second = self.analyze(b + rest, split_parts=False)
        if not (first.is_figure_question and second.is_figure_question):
            return ()
        if min(len(first.topic), len(second.topic)) < _TWO_MIN_TOPIC or first.elliptical or second.elliptical:
            return ()  # "广东城镇和农村居民收入": 城镇 alone names no indicator
        return tuple(replace(p, years=p.years or frame.years) for p in (first, second))

    def _heads(self, frame: QuestionFrame, text: str) -> tuple[QuestionFrame, ...]:
        """ "社保基金收入、支出和年末滚存结余各多少" → one part per head, each with the stem: three
        heads or more listed after one stem (two are a pair); the first head takes as many
        characters of the stem as the second has."""
        m = _EACH_ASKED_RE.match(text)
        if m is None or "、" not in m.group("body"):
            return ()
        first, *others = _HEAD_SEP_RE.split(m.group("body"))
        if len(others) < 2 or not all(_HEAD_RE.fullmatch(h) for h in others) or len(first) <= len(others[0]):
            return ()
        cut = len(first) - len(others[0])
        stem, heads = first[:cut], [first[cut:], *others]
        rest = _EACH_RE.sub("", m.group("rest"), count=1)
        parts = tuple(self.analyze(f"{stem}{head}{rest}", split_parts=False) for head in heads)
        if not all(p.topic and p.is_figure_question for p in parts):
            return ()
        return tuple(replace(p, years=p.years or frame.years) for p in parts)

    def _pair(self, frame: QuestionFrame, m: re.Match[str]) -> tuple[QuestionFrame, ...]:
        """ "…预算收入和支出分别是多少" → "…预算收入是多少" and "…预算支出是多少": the second
        head takes as many characters of the stem as it has itself ("收入和支出", "一般债券和专项债券")."""
        x, y = m.group("x"), m.group("y")
        stem = m.group("stem") + x
        if len(y) > len(x):
            x, stem = stem[-len(y) :], stem[: -len(y)]
        else:
            stem = m.group("stem") + x[: len(x) - len(y)]
            x = x[len(x) - len(y) :]
        rest = re.sub(r"^(?:分别|各)", "", m.group("rest"))
        parts = tuple(self.analyze(f"{stem}{head}{rest}", split_parts=False) for head in (x, y))
        if not all(p.topic and p.is_figure_question for p in parts):
            return ()
        return tuple(replace(p, years=p.years or frame.years) for p in parts)

    @staticmethod
    def _split_aspect(body: str) -> tuple[str, str, str]:
        """ "地区生产总值增长了多少" -> ("地区生产总值", "增长了多少", "growth")."""
        text = body.rstrip("呢")
        matches = list(_CUE_RE.finditer(text))
        if not matches:
            return _trim_topic(text), "", FACT_Q
        kinds = {re.sub(r"\d+$", "", m.lastgroup or "") for m in matches}
        aspect = next(k for k, _ in _CUES if k in kinds)
        first = matches[0]
        if first.start() > 0:
            topic = text[: first.start()]
            aspect_text = text[first.start() :]
        else:
            # The cue opens the question ("哪些项目竣工了"): the topic is what is left.
            topic = _CUE_RE.sub("", text)
            # "增速排全市第几": nothing but cues, all of them are the asked aspect.
            aspect_text = first.group(0) if _trim_topic(topic) else text
        topic = _trim_topic(topic)
        return topic, aspect_text, aspect

    @staticmethod
    def _wants(aspect: str, topic: str, aspect_text: str) -> frozenset[str]:
        named = _UNIT_KIND.search(aspect_text)
        if aspect in (AMOUNT_Q, GROWTH_Q) and named:
            # "是多少亿元", "多少斤": the unit says which figure answers.
            return frozenset({MONEY if named.group("money") else COUNT})
        if aspect == RANK_Q:
            return frozenset({RANK})
        if aspect == GROWTH_Q:
            if re.search(f"(?:多了|少了|增加了?|减少了?)多少[{_MEASURES}]", aspect_text):
                return frozenset({COUNT})
            if re.search(r"增加|减少|多了|少了|(?:多|少)(?:收|花)", aspect_text) and not re.search(
                r"增长|增速|增幅|百分", aspect_text
            ):
                return frozenset({PERCENT, POINTS, MONEY, COUNT})
            if (
                re.search(r"提高|提升|降低", aspect_text)
                and not re.search(r"增长|增速|增幅|百分", aspect_text)
                and not _RATE_TOPIC_END.search(topic.strip())
            ):
                # "亩产提高了多少" is answered "亩产提升10.1斤", "基础养老金提高多少" "提高20元":
                # raised by an amount as often as by a percentage (a rate only by points)
                return frozenset({PERCENT, POINTS, MONEY, COUNT})
            return frozenset({PERCENT, POINTS})
        if aspect == AMOUNT_Q:
            if RATIO_NAMED.search(topic):
                # "城乡居民收入倍差缩小到多少": a ratio, printed without a unit ("缩小至2.12")
                return frozenset({RATIO})
            if _DIFFERENCE_ASKED.search(without_share_words(topic + aspect_text)):
                # "比全国平均高多少": a gap, which a report gives in points as often as in units
                return frozenset({POINTS, PERCENT, MONEY, COUNT})
            if (
                _RATE_TOPIC_END.search(topic)
                or PERCENT_ASKED.search(aspect_text)
                or _BUDGET_SHARE_ASKED.search(topic + aspect_text)
            ):
                return frozenset({PERCENT})
            if _POINTS_ASKED.search(aspect_text):
                # "提高了几个百分点": points, or the two rates the report gives ("从91%提高到95%")
                return frozenset({POINTS, PERCENT})
            if re.search(f"多少[{_MEASURES}]|几[{_MEASURES}]", aspect_text):
                return frozenset({COUNT})
            if re.search(r"(?<![份名])额$", topic):
                # "进出口总额是多少", "技术合同成交额": a sum of money (or its change), never a count
                # ("有进出口实绩企业1.3万家" beside "进出口总额8202亿元"); not 份额 (a share) nor 名额
                # (a number of places: "托班名额" is answered "托额3630个")
                return frozenset({MONEY, PERCENT})
            return frozenset({MONEY, COUNT, PERCENT})
        return frozenset()

    def _across_cue(self, body: str, terms: list[Term]) -> list[Term]:
        """A thesaurus alias that runs into how a change is asked ("经济增长了多少": 经济 + the
        cue 增长) is one term: removing the cue would leave a word ("经济") that means little
        alone, where the alias says what the report calls it (地区生产总值). Only a change cue:
        an alias ending in a bare question word ("…多少") is a phrase, not a name."""
        cues = [m.span() for m in _CUE_RE.finditer(body) if (m.lastgroup or "").startswith(GROWTH_Q)]
        for v in self.synonyms.variants(body):
            start = body.find(v.alias)
            end = start + len(v.alias)
            if not any(a < end and start < b for a, b in cues):
                continue  # the alias is in the content already
            if _inside_a_name(body, start):
                # "居民人均可支配收入年均增长": the alias 收入增长 would cut the income's name, which
                # the dictionary knows whole; the name is the term, the cue stays a cue
                continue
            for i, t in enumerate(terms):
                if t.text in v.alias and len(t.text) < len(v.alias) and body.find(t.text, start) == start:
                    # Its change cue is in every growth sentence ("民营经济增加值增长"): the
                    # report's own name for it (地区生产总值) is what tells the sentence.
                    named = [w for r in v.related for w in (r, *self._same_as(r))]
                    terms[i] = Term(v.alias, _dedupe_words((v.alias, *v.same, *named)), _weight(v.alias))
                    break
        return terms

    def _examples_lighter(self, body: str, terms: list[Term]) -> list[Term]:
        """ "医院、看病这些卫生方面", "卖地这类政府性基金": the examples a resident gives before 这些
        are words of theirs, the kind named after it is the report's: the examples weigh little."""
        m = _EXAMPLES_RE.search(body)
        if m is None:
            return terms
        kind = {t.text for t in self.terms(m.group("kind")) if t.weight >= _EXAMPLE_KIND_WEIGHT}
        examples = {t.text for t in self.terms(m.group("eg"))} - kind
        if not kind or not examples:
            return terms
        return [replace(t, weight=t.weight * _EXAMPLE_SHARE) if t.text in examples else t for t in terms]

    def _same_as(self, word: str) -> tuple[str, ...]:
        """The synonyms of a whole word (地区生产总值: GDP, 生产总值, …)."""
        return next((v.same for v in self.synonyms.variants(word) if v.alias == word), ())

    def terms(self, topic: str, period: str | None = None) -> list[Term]:
        """Key terms of the topic, in the order they occur: thesaurus aliases whole,
        the rest as jieba words."""
        topic = _A_NOT_A.sub(r"\1", topic)
        found: list[tuple[int, Term]] = []
        rest = topic
        for v in self.synonyms.variants(topic):
            rest = rest.replace(v.alias, " " * len(v.alias))
            if v.alias in STOP_TERMS:
                # A word that is no key term ("打算") is none for being a thesaurus alias either:
                # the row serves retrieval; the frame reads it as wants_plan.
                continue
            found.append(
                (topic.find(v.alias), Term(v.alias, (v.alias, *v.same), _weight(v.alias), v.related))
            )
        for m in _PLAN_PERIOD_RE.finditer(rest):
            # "十五五" is one name, though jieba's dictionary may only know the older ones
            found.append((m.start(), Term(m.group(0), (m.group(0),), _weight(m.group(0)))))
        rest = _PLAN_PERIOD_RE.sub(lambda m: " " * len(m.group(0)), rest)
        pos = 0
        toks = list(jieba_words(rest))  # a level prefix joins the next word in place
        for i, tok in enumerate(toks):
            at, pos = pos, pos + len(tok)
            tok = tok.strip()
            if (
                tok in _LEVEL_PREFIXES
                and i + 1 < len(toks)
                and len(toks[i + 1].strip()) >= 2
                and not _is_verb(toks[i + 1].strip())
            ):
                # "区重大项目" is not "市重大项目": the level stays on the word it qualifies
                # (the bare word still counts a little).
                word = toks[i + 1].strip()
                found.append((at, Term(tok + word, (tok + word,), _weight(tok + word), (word,))))
                toks[i + 1] = ""
                pos += len(word)
                continue
            if not tok or tok in STOP_TERMS or re.fullmatch(r"[\W_]+", tok) or tok.isdigit():
                continue
            if all(ch in _PARTICLES for ch in tok) or (
                any(ch in _FUNCTION_CHARS for ch in tok)
                and all(ch in _PARTICLES or ch in STOP_TERMS or ch in _FUNCTION_CHARS for ch in tok)
            ):
                # jieba joins a pointing or counting word to another ("各要", "那份"): no key term
                continue
            if re.fullmatch(r"第[一二三四五六七八九十\d]+", tok):
                continue
            tok = _unglued(tok)
            if tok in _RATE_GLUED and found and found[-1][0] + len(found[-1][1].text) == at:
                # "赤字率定多少": jieba reads "率定" (to calibrate); the rate is the word before's
                # ("赤字率"), the verb after it asks the target.
                prev_at, prev = found.pop()
                word = prev.text + tok[0]
                found.append((prev_at, Term(word, word_forms(word), _weight(word))))
                continue
            if tok in STOP_TERMS or tok in _PARTICLES:
                continue
            if tok in _TARGET_VALUE_WORDS:
                tok = tok[:-1]  # "目标值", "计划数": the target itself, which no report calls so
            # Reports state a target as "不少于…"/"力争…" rather than with the word 目标.
            alts = (tok, *_TARGET_WORDS) if tok in ("目标", "计划") else word_forms(tok)
            found.append((at, Term(tok, alts, _weight(tok))))
        out = [t for _, t in sorted(found, key=lambda x: x[0])]
        if period in ("下半年", "全年"):
            # Plans for the second half live in their own part of the report.
            alternatives = (period, "下一步") if period == "下半年" else (period,)
            out.append(Term(period, alternatives, 1.0))
        return _dedupe(out)


def _years_in(q: str) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(y) for y in _YEAR_RE.findall(q)))


def _spans_from(q: str, years: Sequence[int]) -> re.Match[str] | None:
    """ "和2020年相比" where another year asked lies several years on (a span from the base year to
    it, as a five-year review gives it); None for the year before ("和2024年相比，2025年…"), which
    is a year's change or a comparison of two years."""
    base = _BASE_YEAR_RE.search(q)
    if base is None:
        return None
    start = int(base.group(1))
    later = [y for y in years if y - start >= _SPAN_FROM_MIN_YEARS]
    return base if later else None


def _how_asked(q: str) -> dict[str, Any]:
    """The frame's fields that say how the (normalised) question ``q`` asks, besides its aspect."""
    return {
        "names_average": bool(_AVERAGE_ASKED.search(q)),
        "names_span": bool(MULTI_YEAR_RE.search(_AVERAGE_ASKED.sub("", q))),
        "asks_rate": bool(RATE_ASKED.search(q)),
        "asks_share": bool(_SHARE_ASKED.search(q)),
        "asks_definition": bool(_DEFINITION_ASKED.search(q)),
        "asks_meaning": bool(_MEANING_ASKED.search(q)),
        "asks_how": bool(HOW_ASKED.search(q)),
        "asks_budgeted": bool(_BUDGETED_ASKED.search(q)),
        "asks_outturn": bool(_OUTTURN_ASKED.search(q)),
        "asks_budget_share": bool(_BUDGET_SHARE_ASKED.search(q)),
        "asks_restated": bool(_RESTATED_ASKED.search(q)),
        "stated_amounts": frozenset((f.value, f.unit) for f in find_figures(q) if f.unit and f.kind != RANK),
        "asks_total": bool(BUDGET_TOTAL.search(q)),
        "names_plan": bool(_PLAN_NAMED.search(q)),
        "names_result": bool(_RESULT_NAMED.search(q)),
        "about_report": bool(_REPORT_FACT_ASKED.search(q)),
        "names_report": bool(_REPORT_WORD.search(q)),
        "asks_deliverer": bool(_DELIVERER_ASKED.search(q)),
        "asks_body": bool(_DELIVERER_ASKED.search(q)) and bool(_BODY_ASKED.search(q)),
        "asks_meeting": bool(MEETING_ASKED.search(q)),
        "when_event": _when_event(q),
        "names_full_year": "全年" in q,
        "spans_years": bool(MULTI_YEAR_RE.search(q) or HORIZON_RE.search(q) or _spans_from(q, _years_in(q))),
        "asks_from_to": bool(_FROM_TO_Q.search(q)),
        "half": asked_half(q),
        "narrowing": frozenset(
            w for w in NARROWING_WORDS if w in q or (w in _NARROWING_SAID and _NARROWING_SAID[w].search(q))
        ),
        "roles": tuple(dict.fromkeys(ROLE_RE.findall(q))),
        "books": budget_books(q),
        "names_part": bool(STRUCTURE_ASKED.search(q)),
        "quoted_titles": tuple(_QUOTED_TITLE.findall(q)),
        "part_level": 3 if re.search(r"条|项", q) else 2 if "节" in q else 1,
        "per_unit": tuple(unit for unit, rx in _PER_UNIT_ASKED if rx.search(q)),
        "lower_asks": lower_level_asks(q),
        "siblings": siblings_asked(q),
        "asked_part": asked_part(q),
        "asks_sum": bool(SUM_ASKED.search(q)),
    }


# Nouns of who (people, households, firms) that an indicator's head word may qualify: "低收入家庭",
# "高收入群体", "中等收入者" name people, not an income.
_WHO_NOUN = re.compile(r"家庭|群体|人群|人员|群众|居民|人口|户|者|职工|学生|企业")
_NOUN_TERM_WEIGHT = 2.0  # a key term of this weight or more names a thing, not a particle


# How a question asks a sum over its time: "五年一共新增多少", "累计投入多少", "加起来多少".
SUM_ASKED = re.compile(r"一共|总共|共计|累计|合计|加起来|加在一起")


# How a question asks a part of a whole: "科技支出里，基础研究经费安排多少", "保障性安居工程当中
# 公租房新开工多少套", "一般公共预算支出中，教育支出多少" (里 not of 公里/里程/这里/哪里, nor of a place:
# 家里, 村里, 城里; a bare 中 only before a comma: 中央, 中小学 are words); the part runs to the figure
# asked.
_PART_OF_WHOLE = re.compile(
    r"[\u4e00-\u9fff]{2}(?:(?<![公千邻这哪那家村城县市省乡镇区屋手心])里(?!程)|当中|之中|中的|中(?=[，,]))[，,]?"
    r"(?P<part>[\u4e00-\u9fff]{2,}?)(?:多少|几)"
)


# "这份决算里…", "政府工作报告里，…": the report itself, where the question looks, is no whole.
_THE_REPORT_ITSELF = re.compile(
    r"(?:报告|草案|文件|材料)$|(?:这份|这个|该)[\u4e00-\u9fff]{0,4}(?:报告|决算|预算|草案|文件|材料)$"
)


def asked_part(q: str) -> str:
    """The words naming the part of a whole the question asks a figure of, or ""."""
    for m in _PART_OF_WHOLE.finditer(q):
        whole_end = m.start() + 2
        if not _THE_REPORT_ITSELF.search(q[:whole_end]):
            return m.group("part")
    return ""


def _common_end(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` end alike."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _dedupe_words(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words))


# A part's topic that is only a plan word and a verb ("计划新增", "打算建成"): it names no thing.
BARE_VERB_TOPIC = re.compile(
    r"(?:计划|打算|准备|预计|力争|要|将|再|目标)*"
    # the one-character verbs residents say for building ("去年建了多少", "修了多少", "种了多少")
    r"(?:新增|增加|新建|建成|建设|完成|实现|达到|提高|增长|减少|下降|突破|超过|建|修|盖|种|造)?了?"
)


def _counted_after(first: str, seg: str) -> str:
    """The thing the first part counts, named after its question word ("多少张养老床位" → "养老床位"),
    less the measure word ``seg`` already ends with ("…多少公里" + "公里轨道交通" → "轨道交通");
    "" when the first part names nothing there."""
    cue = _CUE_RE.search(first)
    tail = first[cue.end() :] if cue is not None else ""
    for k in range(len(tail), 0, -1):
        if seg.endswith(tail[:k]):
            return tail[k:]
    return tail


@lru_cache(maxsize=1)
def _known_names() -> tuple[str, ...]:
    """The indicator names of the user dictionary (居民人均可支配收入, 可支配收入, …)."""
    return tuple(line.split()[0] for line in read_data_lines("userdict.txt") if line.split())


def _inside_a_name(text: str, at: int) -> bool:
    """A name the dictionary knows as one word starts before ``at`` and runs on past it."""
    for name in _known_names():
        i = text.find(name)
        while i >= 0:
            if i < at < i + len(name):
                return True
            i = text.find(name, i + 1)
    return False


def _asks_figure(text: str) -> bool:
    return any(re.sub(r"\d+$", "", m.lastgroup or "") in FIGURE_ASPECTS for m in _CUE_RE.finditer(text))


def _ordinal(body: str) -> tuple[int, int] | None:
    # The last one named: a follow-up's ordinal follows the earlier turn's ("…第一项前两项").
    found = list(_ORDINAL_RE.finditer(body)) or list(_ORDINAL_WHICH_RE.finditer(body))
    if not found and _LAST_WHICH_RE.search(body):
        return (-1, -1)
    return _pick(found[-1]) if found else None


# What joins items asked together ("第三件和第六件", "第一项、最后一项").
_JOINING = re.compile(r"(?:和|与|及|以及|跟|同|、)")


def _joined_ordinals(body: str) -> tuple[tuple[int, int], ...]:
    """The items asked before the last one and joined to it ("第三件和第六件分别是什么" → the
    third; "第一项和最后一项" → the first), in order; () when one is asked. A rewritten follow-up
    ("…第一项前两项") joins nothing: its later ordinal replaces the earlier."""
    found = list(_ORDINAL_RE.finditer(body))
    joined: list[tuple[int, int]] = []
    for m, nxt in itertools.pairwise(found):
        pick = _pick(m)
        if pick is None or not _JOINING.fullmatch(body[m.end() : nxt.start()]):
            joined = []
            continue
        joined.append(pick)
    return tuple(joined)


def _pick(m: re.Match[str]) -> tuple[int, int] | None:
    """The items one ordinal names: (n, n), the first n (1, n), the last (-1, -1), n on (n, -1)."""
    n = cn_to_int(m.group("n"))
    if n is None or n < 1:
        return None
    if m.group("kind") == "最后":
        return (-1, -1) if n == 1 else None
    if m.group("kind") == "第" and m.groupdict().get("on"):
        return (n, -1)  # "第四项起": that item and every one after it
    return (1, n) if m.group("kind") in ("前", "头") else (n, n)


def _closing_verb(body: str) -> str | None:
    """The verb a list question ends on after its cue ("从哪几个方面着手", "要在哪些领域发力"): how
    the asker links the items, as a verb before the cue does."""
    m = _LIST_CUE.search(body)
    if m is None:
        return None
    after = [(w, f) for w, f in part_of_speech(body[m.end() :]) if w.strip()]
    if not after or not after[-1][1].startswith("v") or len(after[-1][0]) < 2:
        return None
    return after[-1][0]


def _how_verb(body: str) -> str | None:
    """The verb right after "怎么/如何" before a list cue ("打算怎么减轻企业各种收费负担，有哪几条"):
    the asker's word for what the listed measures do."""
    cue = _LIST_CUE.search(body)
    how = _HOW.search(body, 0, cue.start()) if cue is not None else None
    if cue is None or how is None:
        return None
    after = [(w, f) for w, f in part_of_speech(body[how.end() : cue.start()]) if w.strip()]
    if not after or not after[0][1].startswith("v") or len(after[0][0]) < 2:
        return None
    return after[0][0]


def _asking_verb(body: str) -> str | None:
    m = _LIST_CUE.search(body)
    if m is None or m.start() == 0:
        return None
    before = [(w, f) for w, f in part_of_speech(body[: m.start()]) if w.strip() and w not in "了过的"]
    after = [(w, f) for w, f in part_of_speech(body[m.end() :]) if w.strip()]
    # what follows the cue is a noun, or a verbal one that only says what kind of items
    # ("安排了哪些工作": 工作 is vn; not "强化哪些管理", where 管理 is what is strengthened)
    nouns = any(f.startswith("n") or w in ITEM_KINDS for w, f in after)
    if not before or not before[-1][1].startswith("v") or not nouns:
        return None
    return before[-1][0]


def _item_count(body: str) -> int | None:
    m = _ITEM_COUNT_RE.search(body)
    return cn_to_int(m.group(1)) if m else None


def _trim_topic(topic: str) -> str:
    topic = topic.strip("，,、 ")
    topic = re.sub(r"^(?:是|有|的|和|与|及|跟|同)+", "", topic)
    for _ in range(3):
        topic = re.sub(
            r"(?:完成|实现|达到|共计|一共|总共|累计|大约|分别|各自|一共有|都|的|了|是|有|呢|吗|在"
            r"|要|又|(?<![偿归])还|(?<![稳确规决制认鉴约肯指设固])定)$",
            "",
            topic,
        )
    return topic


# A government's own level as a question writes it ("省本级", "市级", "本级").
_OWN_UNITS = "省市州县区盟旗"
_OWN_LEVEL_WORD = re.compile(rf"(?P<u>[{_OWN_UNITS}])?(?:本级|(?<=[{_OWN_UNITS}])级)")


def word_forms(word: str) -> tuple[str, ...]:
    """The word and the other forms reports write it in ("粮食产量" → 粮食总产量, 粮食总产)."""
    forms = [word]
    for group in _SAME_WORDS:
        said = next((w for w in group if w in word), None)
        if said is not None:
            forms += [word.replace(said, other) for other in group if other != said]
    if _ONE_DAY.fullmatch(word):
        forms += ["每天", "每日", "日均"]
    if word in _URBAN_RURAL:
        forms.append("城乡")  # "城里和农村居民…" is written "城乡居民…分别…"
    number = _PLAIN_NUMBER.fullmatch(word)
    if number is not None:
        # "总收入3287.9亿元" asked of a report that prints "3,287.9亿元": one figure however printed
        whole, rest = number.group("whole"), number.group("rest")
        forms.append(f"{int(whole):,}{rest}")
    own = _OWN_LEVEL_WORD.fullmatch(word)
    if own is not None:
        # "省本级" asked of a report that writes "省级…" (or "市级" of "市本级"): one level, two
        # spellings; "本级" alone (jieba keeps the unit on the place's name, "四川省|本级") any unit's
        units = own.group("u") or _OWN_UNITS
        forms += [f"{u}{w}" for u in units for w in ("本级", "级")]
    m = _TOTAL_OF.fullmatch(word)
    if m is not None:
        of, head = m.group("of"), m.group("head")
        forms += [f"{of}{head}", f"{of}总{head}"]
        if of and head == "产量":
            forms.append(f"{of}总产")  # "粮食总产达446.1亿斤"; a bare 总产 would be 总产值 too
    return tuple(dict.fromkeys(forms))


def _is_verb(word: str) -> bool:
    """A word jieba tags as a plain verb ("拿到", "花掉"): "从中央和省拿到多少" names the level
    "省" as where money comes from, not a "省拿到" to look for (a level qualifies a noun)."""
    tagged = part_of_speech(word)
    return len(tagged) == 1 and tagged[0][1] == "v"


# Words of jieba's that open with a rate's suffix and glue it to the verb after it ("率定").
_RATE_GLUED = frozenset({"率定"})

# Modal words jieba glues to the one-character verb after them ("要产", "能领", "会发").
_MODALS = "要能会想再"


def _unglued(tok: str) -> str:
    """A word jieba's dictionary lacks, made of a modal and a one-character verb ("粮食要产多少",
    "学位要加多少"), is the verb alone: the modal is how the resident asks (a plan, an ability), a
    word no report writes before its verb, and as a key term it would only go unmatched."""
    if len(tok) == 2 and tok[0] in _MODALS and "\u4e00" <= tok[1] <= "\u9fff" and not jieba.get_FREQ(tok):
        return tok[1]
    return tok


def _weight(term: str) -> float:
    if len(term) == 1:
        return 0.4
    return float(min(len(term), 6))


def _dedupe(terms: list[Term]) -> list[Term]:
    seen: set[str] = set()
    out: list[Term] = []
    for t in terms:
        if t.text not in seen:
            seen.add(t.text)
            out.append(t)
    return out
