"""Turns a follow-up ("那四川呢？", "增长了多少？", "去年呢？", "和江西比哪个高？") into a standalone
question.

No model and no server session: a conversation's state is its earlier user turns replayed, each
rewritten in turn, so the state after a turn is that turn's standalone question (its places, years,
period, indicator and how it was asked). A new turn overrides exactly the slots it names:

* a place replaces the place ("那四川呢", "换成甘肃", "再看看内蒙古", "江西那边", "江西定的目标呢");
  with a comparison word ("和江西比", "跟上海相比", "四川呢，谁更多？") it is added, and the question
  asks for each place's figure and which leads; "差多少", "哪个高" compare the places the
  conversation went through;
* a year replaces the year; "去年 / 上一年 / 前年 / 明年 / 去年同期" count from the previous
  turn's year ("比上年", "比去年同期" are the base of a change, not the time asked about); "和2020年
  比" adds a year; a five-year span ("“十四五”期间累计") replaces it;
* an indicator replaces the indicator; words that only qualify it ("总量", "人均", "城镇居民") are
  added to it, another head word makes its counterpart ("支出呢", "花了多少", "限额呢"); words
  that only say how the question is put ("干得怎么样", "实际", "原来") keep it;
* a turn that asks only the plan ("目标呢", "今年预算呢", "明年打算安排多少") or only the result
  ("完成得怎么样", "去年实际呢") of what was asked keeps the indicator and changes that;
* a fiscal level ("那市本级呢", "光算市里自己的", "全市加起来呢", "那经开区呢") replaces the level,
  alone or beside other slots ("光算市本级，2026年呢"); an own level stays with a new indicator;
* a turn that names no place keeps the conversation's place (and its year, when it names none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from wenbao.answering.history import Turn, user_questions
from wenbao.answering.question import (
    AMOUNT_Q,
    ASKS_DETAIL_RE,
    BARE_VERB_TOPIC,
    DETAIL_WORDS,
    GROWTH_Q,
    HOW_ASKED,
    PERCENT_ASKED,
    RATE_ASKED,
    SUM_ASKED,
    SUPERLATIVE_RE,
    WHY_Q,
    WHY_WORDS,
    QuestionAnalyzer,
    QuestionFrame,
    normalise,
    siblings_asked,
    strip_when,
    without_share_words,
)
from wenbao.answering.scope import (
    COLLECTIVE_RE,
    RELATIVE_YEARS,
    REPORT_OF_YEAR,
    PlaceGroup,
    asked_places,
    foreign_provinces,
    strip_names,
)
from wenbao.index.tokenizer import part_of_speech
from wenbao.ingest.levels import (
    OWN,
    TIER_TURN_RE,
    asked_level,
    leading_level,
    strip_level_words,
    with_level,
    with_tier,
)
from wenbao.ingest.metadata import PROVINCES
from wenbao.ingest.numbering import cn_to_int, int_to_cn

# "和江西比", "跟上海相比", "与四川对比", "比广东": the place named is added to the conversation's.
_COMPARE_RE = re.compile(
    r"(?:和|跟|与|同|比)[^，,。？?]{1,12}?(?:比起来|相比|比较|对比|相较|比)|^比(?:起来|较)?|"
    r"(?:前后|两者|两个|二者)?(?:(?:对比|比较|比)一?下|比一比|比比看?|对比|比较)|相比|"
    # "这两年比呢", "两个比起来": what the conversation went through, set side by side
    r"(?:这|那)?(?:两年|两个|两者|二者)比(?:起来)?(?=呢|[？?]|$)"
)
# "换成甘肃", "改成上海", "再看看内蒙古", "换个省，海南", "要是看江西", "如果是上海": the place named
# replaces the conversation's.
_SWITCH_RE = re.compile(
    r"换(?:一)?个(?:省份?|城市|市|地方|地区|区|县)?|(?:要是|如果|假如|假设|若是|若)(?:换成|改成|是|看|说)?|"
    r"换成|换做|换到|改成|改为|换|(?:再|那|也)?看(?:看|一下|一看)|^看"
)
# "差多少", "相差多少", "差距多大", "高多少": the gap between the places' figures; both are given,
# and which is higher (not "提高多少", "减少多少": a change of one figure).
_GAP_RE = re.compile(
    r"相?差(?:了|距)?(?:有)?(?:多少|多大|几)|差距|(?<![提升降减增])(?:高|低|多|少)(?:出|了)?多少"
)
# "两者", "它们之间", "湖南比湖北": what a gap is between (the places it names or went through).
_BOTH_RE = re.compile(
    r"(?:两者|二者|(?:这)?两个?(?:省份?|市|地|区|县|城市|地方|地区|年|份)?|它们|他们)(?:之间)?的?|比|和|跟|与|相"
)
# A turn that asks only for the plan of what was asked before ("目标呢", "今年预算呢",
# "明年打算安排多少") or only for its result ("完成得怎么样", "实际完成了多少", "执行情况如何").
_PLAN_TURN = re.compile(
    r"(?:的)?(?:打算|准备|计划|预计|预期|调控|控制)?(?P<w>预算(?:里|中|上)?安排|安排|目标|计划|预算|预期|预计)(?:值|数)?了?"
    r"(?:实现|达到)?(?:是|有|为)?(?:多少)?"
)
_RESULT_TURN = re.compile(
    r"(?:的)?(?:实际)?(?P<w>完成|执行|实现|达到|干|做|搞)?(?:了|得|的)?(?:情况)?(?:怎么样|如何|咋样|多少|怎样)?"
)
# A five-year span asked instead of a year ("“十四五”期间累计呢", "过去五年呢", "五年加起来呢").
_SPAN_RE = re.compile(
    r"[“\"‘']?(?:十[一二三四五六七八九]五|[一二三四五六七八九]五)[”\"’']?(?:期间|时期|以来)?|"
    r"(?:过去|今后|未来)(?:的)?五年|五年来|(?:这|近|这几|整整)?五年(?:间|里|中|当中)?(?![规计前后])"
)
# A span that says neither way ("这五年", "五年加起来") is the five years the report looks back on.
_BARE_SPAN_RE = re.compile(r"(?:这|近|这几|整整)?五年(?:间|里|中|当中)?")
_LOOKED_BACK_SPAN = "过去五年"
# A span with the point of it asked before ("十四五末", "“十三五”初").
_SPAN_END_RE = re.compile(rf"(?:{_SPAN_RE.pattern})(?:末|初)?")
# "2015年一年呢" after a span: that one year ("一年" is no indicator).
_ONE_YEAR_WORD = re.compile(r"(?<=\d年)(?:这|那)?一年(?:的)?")
# Which way a figure went or stands ("为什么比去年低", "为什么这么高"): no indicator of its own.
_WHY_WORDS = re.compile("|".join(WHY_WORDS))
_DIRECTION_RE = re.compile(
    r"(?:比(?:前年|去年|上年|上一年|前一年|(?:19|20)\d{2}年))?(?:这么|那么|会|要)?"
    r"(?P<d>低|高|少|多|快|慢|下降|上升|下调|上调|减少|增加|降低|提高|回落|下滑|增长|涨|降)了?"
    # how much it went, said after the way ("下降这么多", "涨得那么快"): still no indicator
    r"(?:得?(?:这么|那么|如此)(?:多|快|大|猛|厉害))?"
)
# "为什么这么定", "为什么定这个目标", "为啥定得这么高": a why of the target asked before, which the
# words only point at (the report's "目标…，考虑了…" is the reason asked for).
_SET_TARGET_RE = re.compile(
    r"(?:这么|这样|如此)?(?:定|设定|确定|设置|设|提出?)(?:了|的|得|成|在|为)?(?:这么|这样|如此)?"
    r"(?:这个|这一|该|此)?(?:目标|指标|水平|数)?(?P<d>高|低)?"
)
# "不对，我问的是上海", "搞错了，我是问江西": a correction says again what the turn asks, the words
# that say so are no topic.
_CORRECTION_RE = re.compile(
    r"^(?:不对|不是|错了|搞错了|弄错了|说错了|理解错了)(?:吧|啊|呀|了)?[，,。！!]*|"
    r"我(?:问|说|指|要问|想问)的(?:是|其实是)|我是(?:问|说|指)的?"
)
# "年均增长多少", "平均每年增长多少": a rate per year of the indicator asked before, no indicator.
_AVERAGE_RE = re.compile(r"(?:年均|年平均|平均每年|每年平均)(?=增长|增速|增幅|提高|下降|增加|减少)")
# "中央的", "地方的": whose part of the indicator (a part named by its own noun, "税收", has no 的);
# the national budget's two tiers are whose part with or without 的 ("其中地方呢" after "财政赤字")
_OWNER_PART_RE = re.compile(r"[\u4e00-\u9fa5]{1,6}的|中央|地方")
_TURN_FILLER = re.compile(r"[，,。？?！!\s]|那么|^那|呢|吗|的话|^的")
# Everyday words for spending ("花了多少", "用了多少钱"): the counterpart 支出 of the indicator.
_SPENT_RE = re.compile(r"(?:一共)?花(?:了|掉|出去了?|出了?)?(?:多少|几)(?:钱)?|用了?多少钱")
# "收多少", "收了多少钱": the counterpart 收入.
_EARNED_RE = re.compile(r"(?<![吸接回征])收(?:了)?(?:多少|几)(?:钱)?")
# The same words ending an earlier question ("…社保基金收了多少钱？"): its indicator is named by
# the head the report writes, so that a later turn's counterpart ("那支出呢") has a head to swap.
_ENDING_HEAD_RES = (
    (re.compile(rf"(?:{_SPENT_RE.pattern})(?=[？?。！!\s]*$)"), "支出多少"),
    (re.compile(rf"(?:{_EARNED_RE.pattern})(?=[？?。！!\s]*$)"), "收入多少"),
)
# "明年计划支出多少" (after "花多少" is read as 支出): the plan of the indicator's counterpart.
_PLAN_HEAD_RE = re.compile(
    r"(?:的)?(?:打算|计划|准备|预计|预期|安排)(?P<h>收入|支出)(?:是|有)?(?:多少)?|(?P<h2>收入|支出)(?:计划|安排|预算)(?:是|有)?(?:多少)?"
)
# "国务院2016年报告中，": a year that names the report asked, not a time asked about.
_REPORT_REF_RE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}})年{REPORT_OF_YEAR}"
    r"(?:(?:里|中|上)(?:说|讲|提到)?|说|讲|提到|(?:确?定|提出)(?=的))的?[，,]?"
)
# Words that say how the question is put, not what it is about ("去年干得怎么样，实际增长多少").
_MANNER_RE = re.compile(
    # "上面说的第二个", "你刚才提到的第三项": the answer before, pointed at (its list or figure)
    r"(?:你)?(?:上面|上边|上述|刚才|刚刚|前面|之前)?(?:所)?(?<![要来])(?:说|讲|提|列|介绍)(?:到|过)?了?的(?=第|这|那|[\u4e00-\u9fa5]{0,8}(?:第|里|中))|"
    # "这些实事里第二件", "那几项当中的第三项": the list answered before, pointed at
    r"(?:这|那)(?:些|几[个项条件点])[\u4e00-\u9fa5]{0,6}?(?:里面?|中间?|当中|之中)的?(?=第|最后)|"
    r"(?:干|做|搞|弄)得(?:怎么样|如何|咋样)?|实际上?|原来|原先|本来|此前|之前|以前|"
    r"(?:定|订|设|提|确定|设定|提出)[的得]|情况怎么样|怎么样|如何|"
    # "这个目标是多少": the indicator asked before, pointed at
    r"(?:这|那)(?:个|一|项)(?=目标|指标|数据|数字|计划)|"
    # how a turn is put to the service ("同样的问题，广东呢", "江西也说一下", "我想问江西")
    r"(?:同样|一样|同一个?)的?(?:问题|指标|数据|口径)|也(?:说|讲|问|看)(?:一下|说|讲|看)?|(?:再)?(?:说|讲|问)一下|"
    # "两个一起说", "都说一下", "具体增长了多少", "2016年那份呢" (the report of that year)
    r"(?:一起|一块儿?|都|分别)(?:说|讲|看|列)(?:一下|说|讲)?|具体的?|(?:那|这)份(?:报告)?(?:里|中)?|"
    r"我想(?:问|知道|了解)(?:一下)?|请问|的(?:数据|情况)(?=呢|如何|怎么样|怎样|[？?]|$)|"
    # "上海同一年是多少", "那一年呢": the year carried, said again
    r"(?:在)?(?:同一|同)(?:年度?|时期)|(?<![去上])同期|(?:那|这)一年|"
    # "江西呢？帮我对比一下": the first clause's end and a request to the service; "目标又是多少"
    r"呢[？?，,！!。；;]|帮我|帮忙|麻烦你?|给我|(?<![申邀聘提])请|又(?=是|有|为|定)"
)
# "国务院2016年报告把经济增长目标定在多少": what the report set it at, as "报告中，…是多少".
_SET_AT_RE = re.compile(
    r"(?P<r>报告)?(?:里|中)?(?:把|将)(?P<what>[^，,。？?把将]{2,30}?)"
    r"(?:定在|定为|设定为|设定在|确定为|确定在|设为|设在|定成)"
)
# "2021年报告定的目标呢": a report named by its year in a turn asks of that year. Only a report named
# by its kind is taken out: any other words before 报告 (REPORT_OF_YEAR) may be the turn's new place
# ("那2016年国务院报告呢").
_TURN_REPORT_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2}年)(?:的|那份|这份)?(?:政府工作)?报告(?:里|中|上)?(?:说|讲|提到)?"
)
# Words that ask: a body without them ("…增速") asks for the figure.
_ASKS_RE = re.compile(r"多少|几|怎么样|如何|怎样|哪|吗|什么|是否")
# "实际增了多少": a change said short, as "增长了".
_SHORT_GROWTH_RE = re.compile(r"(?<![新增])增了(?=多少|几)")
# "绝对值呢", "具体数额呢" after a growth: the amount itself.
_AMOUNT_TURN = re.compile(r"(?:的)?(?:具体)?(?:绝对值|绝对数|数额|金额|数值|数字)(?:是|有)?(?:多少)?")
# "上一年度", "上个年度": the year before, as "上一年"; "百分之几" (PERCENT_ASKED) asks a rate, as "多少".
_FISCAL_YEAR_RE = re.compile(r"(上|下|前|后)(?:一|个)?年度")
# Relative years counted from the previous turn's year (the scope's table of them: how far each
# lies from the year it counts from); not "比上年", "上年同期", "同比".
_RELATIVE_STEP = {word: step for word, step in RELATIVE_YEARS.items() if step}
_RELATIVE_RE = re.compile(rf"(?<![比较同与和跟])({'|'.join(_RELATIVE_STEP)})(?!以来)(?:同期)?")
# The year of the report asked ("今年"), and the one after it: both counted from the report's year.
_THIS_YEAR_WORDS = [word for word, step in RELATIVE_YEARS.items() if step == 0]
_THIS_YEAR_RE = re.compile("|".join(_THIS_YEAR_WORDS))
_ANCHORED_RE = re.compile("|".join([*_THIS_YEAR_WORDS, "明年"]))
# A plan said by its verb: inside the indicator read ("GDP打算" of "GDP打算增长多少"), and taken out of
# what a target was set for ("…打算新增多少座公园" → "这个目标完成了吗": 新增公园的目标).
_PLAN_VERB_RE = re.compile(r"打算|准备|计划|预计|力争|争取|拟")
# "打了多少粮", "收了几斤": a verb, then the thing counted named after the question word.
_VERB_COUNTED_RE = re.compile(
    r"(?P<le>了)?(?:多少|几)(?P<x>[^\W\d_个座张项人元台辆套户所家条名只件次间处亩吨斤]{1,3})(?=[？?。！!]*$)"
)
# "那酒泉有多少": the amount asked of a place alone, as "那酒泉呢" asks it.
_BARE_AMOUNT_ASK = re.compile(r"(?:有|是)(?:多少|几)(?=[？?。！!]*$)")
# How a plan is asked by its verbs ("要稳定在多少", "力争新增…多少", "计划达到多少"): the modal and a
# verb only plans take ("稳定在", "控制在"); the verb of the indicator itself ("新增", "达到") stays.
_PLAN_ASK_RE = re.compile(
    r"(?<![重主需必只])(?:要|将|力争|争取|确保|打算|准备|预计)(?:(?:稳定|保持|控制)(?:在|到)?)?(?=[^，,？?]{0,12}?(?:多少|几))"
)
# An indicator left with a bare 多少 once those are gone ("粮食产量多少"): asked as "是多少".
_BARE_ASK_RE = re.compile(r"([\u4e00-\u9fa5])(?<![是有为了到在达])多少(?=[？?]?$)")
# A result asked after a target ("实际增长多少"): the carried indicator loses its plan words.
_RESULT_RE = re.compile(r"实际|干得|做得|完成了?|实现了?|达到了?|多少了")
# "比上年", "同比", "较去年同期": the base of a change, part of how it is asked, never a topic.
_CHANGE_BASE_RE = re.compile(
    r"(?:比|较|同比|与|和)(?:上年|去年|上一年|前一年|上年同期|去年同期)(?:相比)?|同比"
)
# The head word that ends an indicator's name ("…收入", "…支出"): the same modifiers with another
# head are its counterpart ("一般公共预算收入" → "支出呢？" = "一般公共预算支出").
_HEAD = re.compile(r"(收入|支出|结余|出口|进口|存款|贷款|总值|总额|投资|余额|限额|增加值)")
_AS_OF = re.compile(r"截[至止]到?((?:19|20)\d{2})年(?:底|末)")
# The names of the four budgets of a budget report, as an indicator's name holds them
# ("市本级一般公共预算收入") and as a turn names one alone ("政府性基金呢？", "社保基金预算呢").
_BOOK_NAME = re.compile(r"(?:地方)?一般公共预算|(?:政府性基金|国有资本经营|社会保险基金|社保基金)(?:预算)?")
# A question about a budget's money, which a district's towns and subdistricts have a part of.
_BUDGET_WORDS_RE = re.compile(r"收入|支出|预算|财政|花了|花费")
# Qualifiers that ask for an amount rather than its change.
_AMOUNT_WORDS = ("总量", "总额", "规模")
# Qualifiers written before the indicator they qualify ("人均呢？" → "人均地区生产总值").
_BEFORE_WORDS = ("人均",)
# "是多少" alone: the turn names no aspect of its own.
_BARE_AMOUNT = re.compile(r"(?:是|为|有)?多少")
# A measure word after 多少 ("多少人", "多少人次"), or the thing counted ("新增了多少养老床位"): it
# belongs to the indicator asked before.
_MEASURE = re.compile(r"(?:是|有)?多少[\u4e00-\u9fa5]{1,8}$")
_PLAN_WORDS = re.compile(r"(?:的)?(?:预期)?(?:目标|计划|任务|预期|预算安排|安排)(?:值|数)?")
# A budget's figure as approved or adjusted ("年初预算", "调整预算数"), not its outturn.
_BUDGETED_WORDS = re.compile(r"(?:的)?(?:年初|调整后?的?|批准的?)预算(?:数)?")


def without_plan_words(text: str) -> str:
    """ "2024年四川省粮食产量目标是多少？" → "2024年四川省粮食产量是多少？": a carried question
    asked of its result instead of its plan."""
    return _PLAN_WORDS.sub("", text)


# Words that point back at the conversation's place ("该省", "这个市", "那边", "当地"): the place is
# carried, the word is no topic.
_DEICTIC_RE = re.compile(
    r"该(?:省|市|区|县|州|盟|旗|地)|(?:这|那)(?:个|一)?(?:省|市|区|县|地方)(?!里|本级|级|自己|本身|区县|县区|县级|区级|[（(]市)|当地|本地|"
    r"(?<=[\u4e00-\u9fa5])(?:那边|这边|那里|这里|那儿|这儿)|^(?:那边|这边|那里|这里)|它们的|它的"
)
# "排全市第几", "居全省前列": the place a rank is counted in, no fiscal level.
_RANK_SCOPE_RE = re.compile(
    r"(?:排|居|位居|位列|列|在|占)名?全[国省市州县区盟旗]|全[国省市州县区盟旗](?:第|排名|排第|前)"
)
_YEAR_END_RE = re.compile(r"(?:19|20)\d{2}年(?:底|末)?")
# What a turn that only names a level has besides ("那…呢？", "如果只看…的话", "光市本级呢").
_LEFTOVER_RE = re.compile(
    r"[，,。？?！!\s]|那么|那|呢|的话|如果|要是|(?:只|光|单|仅)看?|换成|改成|是多少|多少|的|吗"
)


class FollowupRewriter:
    def __init__(self, analyzer: QuestionAnalyzer | None = None, groups: Sequence[PlaceGroup] = ()) -> None:
        self.analyzer = analyzer or QuestionAnalyzer()
        self.groups = groups

    def rewrite(self, question: str, history: Sequence[Turn] = ()) -> str:
        """The standalone form of ``question`` given the earlier turns (oldest first).

        Earlier questions are rewritten in turn, so a third turn builds on the
        second turn's standalone form rather than on its bare words.
        """
        standalone: list[str] = []
        for earlier in user_questions(history):
            standalone.append(self._rewrite_turn(earlier, standalone))
        return self._rewrite_turn(question, standalone)

    def _rewrite_turn(self, question: str, earlier: Sequence[str]) -> str:
        """One turn made standalone. A turn that names what it is about, then asks several things of
        it ("居民消费价格呢，今年目标多少、去年实际涨了多少", "那2026年呢，目标多少、去年完成多少")
        is read as that many follow-ups in a row: the head first, then each ask after the one before
        (its own year counted from there), each made standalone; the parts are asked together."""
        clauses = _asked_clauses(question) if earlier else None
        if clauses is None:
            return self._rewrite_one(question, earlier)
        head, asks = clauses
        context = [*earlier, self._rewrite_one(head, earlier)]
        parts: list[str] = []
        for ask in asks:
            context.append(self._rewrite_one(ask, context))
            parts.append(context[-1].rstrip("？?。 "))
        return "，".join(parts) + "？"

    def places(self, text: str) -> list[str]:
        """The places a turn names, as the standalone question writes them: a stored place by its
        official name, a province no stored report is of by its full name ("那北京呢" → 北京市:
        the scope then says no report is of it), any other "XX区/县/市" as written. "在全国排第几"
        names where a rank is counted, no place."""
        text = _RANK_SCOPE_RE.sub("", text)
        found = [g.key for g in asked_places(text, self.groups)]
        stored = {n for g in self.groups for n in g.names}
        found += foreign_provinces(strip_names(text, self.groups))
        for p in self.analyzer.places(normalise(text)):
            if p not in stored and not any(p in n or n in p for n in found):
                found.append(p)
        return list(dict.fromkeys(found))

    @staticmethod
    def _bare_place(turn: str) -> list[str]:
        """ "那成都呢", "南昌的呢": a turn that names only a place, without 市/县 and stored under no
        name, asks the same of that place (jieba tags it a place name); the scope then says whether
        any report is of it."""
        said = _SWITCH_RE.sub("", _LEFTOVER_RE.sub("", _BARE_AMOUNT_ASK.sub("", turn)))
        words = [(w, f) for w, f in part_of_speech(said) if w.strip()]
        # "那三亚接待了多少": a verb asked how much of, after the place, restates the indicator
        if len(words) > 1 and words[-1][0] == "了":
            words.pop()
        if len(words) == 2 and words[-1][1].startswith("v") and _FIGURE_ASK_RE.search(turn):
            words.pop()
        if len(words) == 1 and words[0][1] == "ns" and len(words[0][0]) >= 2:
            return [words[0][0]]
        return []

    def _years_before(self, earlier: Sequence[str], current: int) -> tuple[int, ...]:
        """The last year the conversation asked before it came to ``current`` (none: ()), asked of the
        same place: a turn of another place is another comparison."""
        for text in reversed(earlier[:-1]):
            other = [y for y in self.analyzer.years(normalise(text)) if y != current]
            if other:
                return (other[-1],)
        return ()

    def _slots_end(self, text: str) -> int:
        """Where a standalone question's year and place end: a level is written there."""
        ends = [m.end() for m in _YEAR_END_RE.finditer(text)]
        for place in self.places(text):
            at = text.find(place)
            ends += [at + len(place)] if at >= 0 else []
        return max(ends, default=0)

    def _place_before(self, earlier: Sequence[str], current: str) -> list[str]:
        """The last place the conversation named before it came to ``current`` (none: [])."""
        for text in reversed(earlier[:-1]):
            other = [p for p in self.places(text) if p != current]
            if other:
                return other[-1:]
        return []

    def _set_against(self, m: re.Match[str], previous: str, earlier: Sequence[str]) -> str | None:
        """ "比目标高还是低", "比全国高还是低", "比去年实际高还是低" after a figure: the figure asked
        before and the one it is set against, each asked (the reader compares them); against its
        target, as a question whether the target was met, of the same year. None: nothing to set
        against (the words name nothing the conversation can ask)."""
        other = m.group("x").removesuffix("的")
        asked = list(_ASKING_RE.finditer(previous))
        if _PLAN_WORDS.fullmatch(other):
            if not asked or self.analyzer.analyze(previous).wants_plan:
                return None  # a target set against a target: nothing to read
            stem = previous[: asked[-1].start()].rstrip("的，, ")
            return f"{stem}比目标{m.group('w') or '高'}还是{_OPPOSITE.get(m.group('w') or '高', '低')}？"
        if m.group("w") is None:
            return None  # "跟江西比怎么样": a comparison of places, read as any turn
        if self.places(other):
            # "比湖南高还是低": the places set side by side, as "和湖南比哪个高" asks them
            return self._rewrite_one(f"和{other}比，哪个{m.group('w')}", earlier)
        turn = f"{other}呢"
        said = self._rewrite_one(turn, earlier)
        if said == turn:
            return None
        return f"{previous.rstrip('？?。 ')}，{said.rstrip('？?。 ')}？"

    def _rewrite_one(self, question: str, earlier: Sequence[str]) -> str:
        """``earlier``: the conversation's earlier turns, each already standalone."""
        question = question.strip()
        if not earlier:
            return question
        previous = earlier[-1]
        for ending, head in _ENDING_HEAD_RES:
            previous = ending.sub(head, previous)
        following = _next_item(question, previous)
        if following is not None:
            return following
        against = _WHICH_WAY_RE.fullmatch(without_share_words(_TURN_FILLER.sub("", normalise(question))))
        if against is not None:
            compared = self._set_against(against, previous, earlier)
            if compared is not None:
                return compared
        # a word pointing back is set aside, and what stood before it stays a word of its own
        # ("赣那边多少": 赣 is the province's abbreviation, read only as a word)
        q = _DEICTIC_RE.sub(_apart, _CORRECTION_RE.sub("", normalise(question)))
        q = PERCENT_ASKED.sub("多少", _FISCAL_YEAR_RE.sub(r"\1一年", q))
        q = _SHORT_GROWTH_RE.sub("增长了", q)
        q = _ONE_YEAR_WORD.sub("", q)
        # "其中税收呢？": a part of the indicator asked before.
        part_of = q.startswith("其中")
        q = q.removeprefix("其中")
        q = _SPENT_RE.sub("支出", q)  # "花了多少" → the counterpart 支出 of the indicator
        # "收了多少" is a budget's revenue; of a harvest or any other indicator, its result
        q = _EARNED_RE.sub("收入" if _BUDGET_WORDS_RE.search(previous) else "实际", q)
        counted = _VERB_COUNTED_RE.search(q)
        if counted is not None and counted.group("x") in self.analyzer.analyze(previous).topic:
            # "去年实际打了多少粮？" after "粮食产量目标": the thing counted is a word of the indicator
            # asked before, the verb before it says how it came out; the indicator is asked (its result)
            words_before = [w for w, _ in part_of_speech(q[: counted.start()])]
            if words_before and _verbs_only(words_before[-1]):
                words_before.pop()
            done = "实际" if counted.group("le") and "实际" not in q else ""
            q = f"{''.join(words_before)}{done}多少{q[counted.end() :]}"
        # "五年加起来呢": the years added up, not the levels ("全市加起来")
        level = asked_level(SUM_ASKED.sub("", q) if _SPAN_RE.search(q) else q)
        tier = TIER_TURN_RE.fullmatch(_LEFTOVER_RE.sub("", q))
        if tier is not None and _BUDGET_WORDS_RE.search(previous):
            # "那镇里呢？" after a budget figure: the same question of the district's towns
            said_years = list(_YEAR_END_RE.finditer(previous))
            return with_tier(previous, tier.group("t"), said_years[-1].end() if said_years else 0)
        if level is not None and not _LEFTOVER_RE.sub("", strip_level_words(q)):
            # "那市本级呢？", "只算市本级呢": the same question of another fiscal level
            # with no level words of its own, the level goes after its year ("吕梁2026年市本级…")
            said_years = list(_YEAR_END_RE.finditer(previous))
            return with_level(previous, level, q, said_years[-1].end() if said_years else 0)
        if level is not None and not _RANK_SCOPE_RE.search(q):
            # "光算市本级，2026年呢", "市本级的支出呢": the rest of the turn read as any turn,
            # then asked of the level it names.
            rest = strip_level_words(q).strip("，, ")
            rewritten = self._rewrite_one(rest, earlier)
            if rewritten != rest:
                return with_level(rewritten, level, q, self._slots_end(rewritten))
        # "截至2025年底…余额": a balance at the year's end; the year slot carries it, the words stay.
        as_of = bool(_AS_OF.search(previous))
        previous = _AS_OF.sub(r"\1年", previous)
        previous = _SET_AT_RE.sub(_set_at, previous)
        q = _TURN_REPORT_RE.sub(r"\g<y>", q)
        # "国务院2016年报告中，2015年…": the report's year picks the report, the other the time.
        ref = _REPORT_REF_RE.search(previous)
        # "2021年国务院政府工作报告提出的…": a place inside the report's name is still the place
        ref_places = self.places(ref.group(0)) if ref is not None else []
        if ref is not None:
            rest = previous[: ref.start()] + previous[ref.end() :]
            if not _YEAR_END_RE.search(rest):
                rest = previous[: ref.start()] + f"{ref.group('y')}年" + previous[ref.end() :]
                ref = None  # the report's year is also the time asked about
            previous = rest
        new = self.analyzer.analyze(q)
        new_places = self.places(q) or self._bare_place(q)
        old_places = self.places(previous) or ref_places
        # "差多少", "谁更多": the places the conversation went through, compared.
        gap_rest = _BOTH_RE.sub("", _GAP_RE.sub("", _without(q, new_places, self.groups)))
        gap = bool(_GAP_RE.search(q)) and not _TURN_FILLER.sub("", gap_rest)
        superlative = new.superlative or ("更高" if gap else None)
        # "上海呢？" → "两个比较一下": a comparison of no new place or year compares those went through
        asks_compare = bool(_COMPARE_RE.search(q)) and not new.years
        if (superlative or asks_compare) and not new_places and len(old_places) == 1:
            # "四川…？" → "上海的呢？" → "哪个多？": the places the conversation went through.
            old_places = [*self._place_before(earlier, old_places[0]), *old_places]
        # The previous turn's wording without its places ("我国", "各省的"): they are carried as places.
        # ... and without its relative year ("去年"): the year slot carries it (``prior`` below)
        old = self.analyzer.analyze(
            _RELATIVE_RE.sub("", _ANCHORED_RE.sub("", _without(normalise(previous), old_places, self.groups)))
        )
        relative = _RELATIVE_RE.search(q)
        span = _SPAN_RE.search(q) if not new.years else None
        this_year = bool(_THIS_YEAR_RE.search(q)) and not (new.years or relative or span)
        # "财政收入呢？" after "“十一五”期间…增长多少": the span asked before is still the time asked
        old_span = _SPAN_RE.search(previous) if not (old.years or new.years or relative or span) else None
        # "和2020年比呢": the year named is added to the conversation's, each year's figure asked.
        compare_years = bool(new.years) and not new_places and bool(old.years)
        compare_years = compare_years and bool(_COMPARE_RE.search(q))
        # "2016年…" → "2021年的呢" → "哪年多": of one place, the years the conversation went through.
        years_through: tuple[int, ...] = ()
        if (superlative or asks_compare) and not new_places and len(old_places) < 2 and len(old.years) == 1:
            years_through = self._years_before(earlier, old.years[0])
        compare_years = compare_years or bool(years_through)
        # "和江西比", "四川呢，谁更多？": the place named is added to the conversation's.
        comparing = bool(new_places) and len(new_places) < 2 and bool(old_places)
        comparing = comparing and (bool(_COMPARE_RE.search(q)) or bool(superlative))
        # The turn's own words once places, comparison and manner words are set aside.
        core_text = _without(q, new_places, self.groups)
        base = _CHANGE_BASE_RE.search(core_text)
        core_text = _CHANGE_BASE_RE.sub("", core_text)
        went_through = (superlative or asks_compare) and len(old_places) >= 2
        if new_places or compare_years or went_through:
            core_text = _COMPARE_RE.sub("", core_text)
            core_text = _YEAR_END_RE.sub("", core_text) if compare_years else core_text
        if span is not None:
            core_text = core_text.replace(span.group(0), "")
        if comparing or compare_years or went_through or (superlative and len(new_places) >= 2):
            # "和江西比哪个空气更好", "两年比比": the words inside the comparison restate the indicator.
            core_text = _BOTH_RE.sub("", _GAP_RE.sub("", SUPERLATIVE_RE.sub("", core_text)))
        elif gap:
            core_text = ""  # "差多少" with one place only: nothing to compare, nothing new asked
        core_text = _SWITCH_RE.sub("", core_text) if new_places else core_text
        core_text = _RELATIVE_RE.sub("", _MANNER_RE.sub("", core_text))
        # "明年打算安排多少", "去年完成得怎么样": only the plan or the result of what was asked.
        asked = _TURN_FILLER.sub("", _ANCHORED_RE.sub("", strip_when(core_text)))
        # "去年实际呢？" after a target: its result ("实际" is set aside with the manner words)
        after_plan = not asked and bool(old.wants_plan) and bool(_RESULT_RE.search(q))
        aspect_turn = _aspect_turn(asked, old, after_plan) if not new_places and old.topic else None
        plan_turn = aspect_turn is not None and aspect_turn.plan is not None
        core_text = _ANCHORED_RE.sub("", core_text)  # the year slot says it
        average = _AVERAGE_RE.search(core_text)
        core_text = _AVERAGE_RE.sub("", core_text)
        core = self.analyzer.analyze(core_text) if core_text.strip("，,？?呢的 ") else None
        if core is not None and new_places and _verbs_only(core.topic) and f"{core.topic}了" in core_text:
            core = None  # "那三亚接待了多少": the verb restates what was asked, of the new place
        narrowed = _narrowed(core.topic if core is not None else "", old.topic, part_of)
        if part_of and core is not None and _OWNER_PART_RE.fullmatch(_TURN_FILLER.sub("", core_text)):
            # "其中中央的呢" after "财政赤字": the share of it that 中央 holds, "中央财政赤字"
            narrowed = f"{core.topic}{old.topic}" if core.topic not in old.topic else ""
        # "上海的目标呢" after "…增长目标是多少": the plan word restates how it was asked
        plan_word = _PLAN_WORDS.fullmatch(core.topic) if core is not None else None
        said_before = plan_word is not None and plan_word.group(0).lstrip("的") in old.body
        narrowed = "" if said_before else narrowed
        if narrowed and core is not None and _other_member(core.siblings, siblings_asked(narrowed)):
            narrowed = ""  # "出口" is inside "外贸进出口", yet not that indicator narrowed
        if narrowed:
            # "城镇居民呢？" after "居民人均可支配收入": the indicator narrowed, not a new one.
            core = self.analyzer.analyze(core_text.replace(core.topic, narrowed, 1)) if core else None
        own_topic = core is not None and bool(core.topic) and not core.qualifier and bool(core.terms)
        own_topic = own_topic and not narrowed and aspect_turn is None
        # "2025年实际新增了多少？" after "城镇新增就业目标": a word of the indicator asked before
        # (新增 of 城镇新增就业) restates it, it names no new one.
        restates = core is not None and bool(core.topic) and (core.topic in old.topic or said_before)
        # "出口呢？" after "外贸进出口增长多少": inside the old words, yet another member of its family
        restates = restates and not (core is not None and _other_member(core.siblings, old.siblings))
        own_topic = own_topic and not restates
        names_something_new = bool(new_places) or bool(new.years) or bool(relative) or gap or bool(span)
        # "两年比较一下" after "2025年…" → "2024年呢": the years gone through, compared
        names_something_new = names_something_new or went_through or compare_years
        # ("“十四五”期间呢" with no word of adding up: the indicator over the span as the report gives
        # it, a yearly level as much as a total)
        total = span is not None and bool(SUM_ASKED.search(core_text))
        total = total and not _TURN_FILLER.sub("", SUM_ASKED.sub("", core_text))
        own_topic = own_topic and not total
        # A why asked of nothing new but which way the figure went: the indicator asked before.
        why_turn = new.aspect == WHY_Q and bool(old.topic) and not new_places
        said = _TURN_FILLER.sub("", _WHY_WORDS.sub("", core_text))
        direction = _DIRECTION_RE.fullmatch(said) if why_turn else None
        if why_turn and direction is None and old.wants_plan:
            # "为什么这么定", "为什么定这个目标": why the target asked before is what it is
            direction = _SET_TARGET_RE.fullmatch(said)
        # a year said only as the base ("为什么比2022年少") is no year asked about
        why_turn = why_turn and (direction is not None or not (said or new.years))
        own_topic = own_topic and not why_turn
        if own_topic and not new.elliptical and (new_places or not old_places) and (new.years or relative):
            return question  # a question of its own: nothing is carried
        if not (old.topic or old.body):
            return question
        # Places: replaced, added (a comparison) or carried.
        places = list(dict.fromkeys([*old_places, *new_places])) if comparing else new_places or old_places
        # Years: named, counted from the previous turn's, or carried.
        if why_turn:
            years: tuple[int, ...] = old.years
        elif compare_years:
            years = tuple(dict.fromkeys([*years_through, *old.years, *new.years]))
        elif new.years:
            years = new.years
        elif span is not None:
            years = ()  # the span says the time
        elif plan_turn and not relative and not _ANCHORED_RE.search(q) and not old.wants_plan:
            years = ()  # "目标呢？" after a result: the plan the report sets, of its own year
        elif relative and old.years:
            # "明年" after "2025年…" is 2026; after "今年…" the scope counts it from the report
            years = (old.years[0] + _RELATIVE_STEP[relative.group(1)],)
        elif this_year and old.wants_plan and old.years:
            # "今年目标呢" after "2015年…目标是多少": the target asked was that report's, whose 今年
            # is its year (as its 去年 is the year before, counted above)
            years = old.years
        elif _ANCHORED_RE.search(q):
            years = ()  # "今年": the report's own year, which the scope resolves
        else:
            years = old.years
        # A new year with no period keeps the old period: "那2021年呢？" after "2024年上半年…".
        period = new.period or old.period or ""
        about = None if new_places or new.years or relative else _about_asked(q, old)
        # a plan asked only by its verb ("要新增多少养老床位"): the indicator is the thing counted
        bare_plan = bool(old.wants_plan) and bool(BARE_VERB_TOPIC.fullmatch(old.topic or "-"))
        if about is not None:
            # "这个目标完成了吗", "打算怎么做", "具体说说": of what was asked before, as a whole
            body = about
        elif total:
            # "“十四五”期间累计呢": the indicator's total over the span, not its plan.
            body = f"{_PLAN_WORDS.sub('', old.topic)}累计多少"
        elif why_turn:
            # "为什么比去年低？" after a figure: why the figure asked before is so (the base year
            # is no year asked about).
            topic = old.topic
            if old.wants_plan:
                # the target itself is asked about ("经济" + "增长目标是多少" → "经济增长目标")
                growth = "增长" if old.aspect == GROWTH_Q and "增长" not in topic else ""
                topic = _PLAN_WORDS.sub("", topic) + f"{growth}目标"
            body = f"{topic}为什么{(direction.group('d') or '') if direction is not None else ''}"
        elif aspect_turn is not None:
            body = _plan_or_result(old, aspect_turn)
        elif own_topic and core is not None and BARE_VERB_TOPIC.fullmatch(core.topic):
            # "2025年力争突破多少？" after "…新能源装机总量达到多少": a plan word and a verb name no
            # indicator, the one asked before is asked so
            body = f"{_PLAN_WORDS.sub('', old.topic)}{strip_when(core_text)}"
        elif own_topic and core is not None and bare_plan:
            # "那认知障碍照护床位呢？" after "要新增多少养老床位": the thing counted is replaced, the
            # verb and the plan that asked it are kept (a plan asked only by them, "要新增")
            counted = _COUNTED_ASK.match(old.aspect_text)
            asked = counted.group(0) if counted is not None and not core.aspect_text else "是多少"
            body = f"{old.topic}{asked}{core.topic}" if asked != "是多少" else strip_when(core_text)
        elif own_topic and core is not None:
            # The turn's own wording (without places, years and the period), with the old way
            # of asking when it has none ("社零呢？" → "社零是多少").
            own = strip_when(core_text)
            # A new indicator keeps how the question was put, not its measure word ("多少人").
            body = own if core.aspect_text else f"{core.topic}{_carried_ask(core.topic, old.aspect_text)}"
            plan = _PLAN_WORDS.search(old.topic) if old.wants_plan else None
            if plan and not core.aspect_text and not _PLAN_WORDS.search(core.topic + old.aspect_text):
                # "那外贸进出口呢" after "…固定资产投资目标": the new indicator's plan too
                asked_as = _MEASURE.sub("是多少", old.aspect_text) or "是多少"
                body = f"{core.topic}{plan.group(0).lstrip('的')}{asked_as}"
            verb = _PLAN_VERB_RE.search(old.topic) if old.wants_plan and not plan else None
            if verb and not core.aspect_text and not new.wants_plan:
                # "那老百姓的收入呢" after "GDP打算增长多少": planned too, asked as the one before
                body = f"{core.topic}{verb.group(0)}{_carried_ask(core.topic, old.aspect_text)}"
            lead, lead_is = leading_level(old.topic)
            if lead_is == OWN and asked_level(own) is None:
                body = f"{lead}{body}"  # "税收收入呢？" after "市本级…": the same level
        elif core is not None and core.ordinal is not None and core.qualifier:
            # "第二项是什么？" after "有哪些重点工作": the list question, then which of its items.
            listed = _ANCHORED_RE.sub("", strip_when(old.body))
            # "第三点呢？" after "…，第二个是什么": the item asked instead, not beside it
            listed = _ITEM_CLAUSE_RE.sub("", listed)
            body = f"{listed}，{core.topic.strip('的')}{core.aspect_text or '是什么'}"
            if core.asks_detail:
                body += f"，{DETAIL_WORDS}"  # "第二个展开说说": the item in full, once rewritten too
        elif narrowed and core is not None:
            body = f"{narrowed}{core.aspect_text or old.aspect_text}"
        elif core is not None and (core.topic or core.aspect_text):
            topic = old.topic
            # "去年新增了多少？" after "要新增多少张家庭养老床位": the turn's verb restates the one that
            # asked the count; the thing counted stays, asked by the turn's own verb (no plan word)
            recounted = bare_plan and restates and bool(BARE_VERB_TOPIC.fullmatch(core.topic))
            recounted = recounted and not core.wants_plan
            if recounted:
                topic = core.topic
            elif core.topic in _BEFORE_WORDS and core.topic not in (old.topic or ""):
                topic = f"{core.topic}{old.topic}"
            elif core.qualifier and core.topic and core.topic not in (old.topic or "") and not said_before:
                topic = f"{old.topic}{core.topic}"
            aspect = core.aspect_text or old.aspect_text
            if average is not None and average.group(0) not in topic + aspect:
                aspect = average.group(0) + aspect  # "年均增长多少": the indicator's rate per year
            if core.topic in _AMOUNT_WORDS and old.aspect == "growth" and not core.aspect_text:
                aspect = "是多少"  # "总量呢？" after "增长了多少": the amount, not its growth
            elif (not core.topic or said_before or recounted) and _BARE_AMOUNT.fullmatch(core.aspect_text):
                aspect = old.aspect_text  # "海南定的是多少？" asks what was asked before, of 海南
            elif old.aspect == "growth" != core.aspect and not core.topic and _RESULT_RE.search(q):
                # "去年实际完成了多少？" after a growth target: the growth achieved.
                aspect = "增长了多少"
            if base is not None:
                aspect = base.group(0) + aspect
            if aspect.startswith("是") and topic.endswith("到"):
                aspect = aspect[1:]  # "提高到" + "是多少"
            if _RESULT_RE.search(q) and (old.wants_plan or old.asks_budgeted):
                # "那实际完成了多少？" after a target or a budget's approved figure ("年初预算"):
                # the outturn of the same indicator
                topic = _BUDGETED_WORDS.sub("", _PLAN_WORDS.sub("", topic))
            if core.aspect == "growth" and not core.topic:
                topic = re.sub(r"(?:增长|增速|增幅|涨幅)$", "", topic)
                topic = re.sub(r"(?:达|提高|增加|上升)?到了?$", "", topic)  # "…收入到了多少"
            body = f"{topic}{aspect}"
            if core.aspect in (GROWTH_Q, AMOUNT_Q) and not _ASKS_RE.search(body):
                body += "是多少"  # "2015年的实际增速呢": the figure is asked
        elif not names_something_new and not new.elliptical:
            return question
        else:
            # Only the place, year or period changed: keep the old wording whole.
            body = old.body
        if (old.wants_plan or _PLAN_ASK_RE.search(old.body)) and _RESULT_RE.search(q) and about is None:
            # "2014年实际产量呢？" after "…粮食产量要稳定在多少": the result, not asked by the plan's verbs
            unplanned = _PLAN_ASK_RE.sub("", body)
            body = _BARE_ASK_RE.sub(r"\1是多少", unplanned) if unplanned != body else body
        if (len(places) >= 2 or len(years) >= 2) and "分别" not in body:
            body = _each(body)
        # "今年" is carried as said: the scope reads it as the asked report's year.
        carried = not new.years and not relative and _ANCHORED_RE.search(previous)
        anchored = _ANCHORED_RE.search(q) or carried or (plan_turn and not years)
        when = "和".join(f"{y}年" for y in years) or ("今年" if anchored else "")
        if relative and not years:
            when = relative.group(1)  # "去年" after "今年…": the scope counts it from the report's year
        prior = None if years or relative or span or anchored else _RELATIVE_RE.search(previous)
        if prior is not None:
            when = prior.group(1)  # "去年…" asked before and no year since: still that year
        if as_of and len(years) == 1 and not new.years and not relative:
            when = f"截至{years[0]}年底"
        if span is not None or new.years or relative:
            # "2015年呢" after "“十二五”期间…", "十五五目标呢" after "十四五末…": the time asked now,
            # not the span asked before
            body = _SPAN_END_RE.sub("", body)
        if span is not None:
            when = _LOOKED_BACK_SPAN if _BARE_SPAN_RE.fullmatch(span.group(0)) else span.group(0)
        elif old_span is not None and not when and old_span.group(0) not in body:
            when = old_span.group(0)
        when += period
        where = _join(places)
        tail = ""
        if len(places) >= 2 and superlative and not old.superlative:
            tail = f"，哪个{superlative}"
        elif years_through and superlative and not old.superlative:
            tail = f"，哪年{superlative}"
        if ref is not None and not (new.years or relative):
            when = f"{ref.group(0).rstrip('，,')}，{when}"  # the report named before still picks it
        return f"{when}{where}{body}{tail}？"


# An indicator that is a level or a ratio ("城镇调查失业率", "研发投入强度") or a count of what was
# added ("城镇新增就业"): asked after another indicator's growth, it is not asked a growth itself.
_NO_GROWTH_TOPIC = re.compile(rf"{RATE_ASKED.pattern}|强度|指数|新增|净增")
_GROWTH_WORDS = re.compile(r"增长|增速|增幅|涨幅")


def _carried_ask(topic: str, old_aspect: str) -> str:
    """How a new indicator named alone ("研发经费投入强度呢？") is asked: as the one before was,
    without its measure word ("多少人"), without a growth the new indicator cannot have, and without
    a plan word the new one already says ("城镇新增就业目标呢" after "…增长目标是多少")."""
    said = _MEASURE.sub("是多少", old_aspect)
    carried = said
    if _NO_GROWTH_TOPIC.search(topic):
        carried = _GROWTH_WORDS.sub("", carried)
    if _PLAN_WORDS.search(topic):
        carried = _PLAN_WORDS.sub("", carried)
    return carried if carried == said or _ASKS_RE.search(carried) else "是多少"


# "这个目标完成了吗", "完成目标了没有" after a target: whether it was met.
_MET_TURN = re.compile(
    r"(?:这个|这一|该|此)?(?:预期)?目标(?:任务)?(?:完成|实现|达到|达成)了?(?:没有?|与否|情况|得怎么样)?|"
    r"(?:完成|实现|达到|达成)了?(?:这个|这一|该)?(?:预期)?目标了?(?:没有?)?"
)
# "打算怎么做", "怎么实现", "有哪些措施", "具体说说": how what was asked before is to be done, or
# more of it; the words are kept, the analyzer reads them as a question of how (asks_how).
_HOW_TURN = re.compile(rf"(?:打算|准备|计划|要|将|会)?(?:有|采取|靠)?(?:{HOW_ASKED.pattern})")
# What may stand beside such words in the turn ("能具体说说吗", "请再详细讲讲").
_HOW_TURN_REST = re.compile(r"(?:能|能不能|可以|可否|请|再|麻烦)*")
# How the question before asked its figure ("是多少", "达到多少", "多少座"): not the thing asked about.
_ASKING_RE = re.compile(
    r"(?:是|有|为|达到|达|完成|实现)?了?(?:多少|几)(?:[个座张项人元台辆套户所家条名只件次间处])?"
)
# "多少张养老床位": a count asked with the thing counted after it.
_COUNTED_ASK = re.compile(r"(?:多少|几)[个座张项人元台辆套户所家条名只件次间处]?(?=[\u4e00-\u9fa5]{2})")


def _about_asked(turn: str, old: QuestionFrame) -> str | None:
    """The body of a turn that asks of the question before as a whole: whether its target was met
    ("上海2025年打算新增多少座公园？" → "这个目标完成了吗？" = "…新增公园的目标完成了吗"), or how it
    is to be done or more of it ("打算怎么做", "具体说说"); None for any other turn."""
    if not old.body:
        return None
    said = _TURN_FILLER.sub("", turn)
    if _MET_TURN.fullmatch(said) and old.wants_plan:
        thing = _ASKING_RE.sub("", _PLAN_VERB_RE.sub("", _PLAN_WORDS.sub("", old.body))).rstrip("的")
        return f"{thing}的目标完成了吗" if thing else None
    how = _HOW_TURN.search(said)
    if how is None or not _HOW_TURN_REST.fullmatch(said[: how.start()] + said[how.end() :]):
        return None
    if old.ordinal is not None and ASKS_DETAIL_RE.fullmatch(how.group(0)):
        # "展开说说" after "…第三点是什么": that item told in full, the list question kept whole
        return f"{old.body.rstrip('？?。 ')}，{DETAIL_WORDS}"
    thing = _ASKING_RE.sub("", old.body).rstrip("的")
    return f"{thing}{how.group(0)}" if thing else None


_GROWTH_END = re.compile(r"(?:增长|增速|增幅|涨幅)$")
_RESULT_WORDS = re.compile(r"(?:实际)?(?:完成|执行|实现)(?:了|数)?")


@dataclass(frozen=True)
class _AspectTurn:
    """A turn that asks only the plan or only the result of what was asked before."""

    topic: str  # the indicator asked before, or its counterpart ("明年打算收多少" after "…支出")
    plan: str | None = None  # the plan word said ("目标", "安排", "计划"); None: a result
    done: str = ""  # the result word said ("完成了", "执行"), "" for none
    amount: bool = False  # the amount itself, not its change ("绝对值呢")


# "还有呢？", "下一项呢", "后面一个呢" after an item of a list was asked ("第一条是什么"): the item after it.
_NEXT_ITEM_RE = re.compile(
    r"^(?:那|那么)?(?:还有呢|还有吗|还有别的吗|还有其他的?吗|下一[个项条点件]呢?|后面一[个项条点件]呢?|"
    r"再往下呢|接下来呢|然后呢)[？?。！!]*$"
)
# The item the earlier turn asked for: "第一条", "前两项" (the last one named).
_ITEM_ASKED_RE = re.compile(r"(?:第|前|头)(?P<n>[一二两三四五六七八九十]{1,3}|\d{1,2})(?=[个项条点件块])")


# "比目标高还是低", "跟全国比是高还是低", "比去年实际增速快还是慢", "跟目标比怎么样": how the figure
# asked before stands against another (x), which way (w) unsaid in the last form.
_WAY = r"(?:高|低|多|少|快|慢|大|小)"
_WHICH_WAY_RE = re.compile(
    rf"(?:这个|这|它)?(?:比|跟|和|与|同|较)(?P<x>[^，,。？?]{{1,14}}?)(?:相比|比起来|比较|比)?(?:是|要|算)?更?"
    rf"(?:(?P<w>{_WAY})了?还是更?{_WAY}了?|(?:怎么样|如何|咋样))"
)
_OPPOSITE = {"高": "低", "低": "高", "多": "少", "少": "多", "快": "慢", "慢": "快", "大": "小", "小": "大"}
# The item a list question was asked of, last ("…有哪些重点工作，第二个是什么").
_ITEM_CLAUSE_RE = re.compile(r"[，,](?:第|前|头|最后)[^，,]*$")
# A follow-up's head ("居民消费价格呢", "那今年呢") and the asks after it ("目标多少", "去年完成多少").
_CLAUSE_SEP_RE = re.compile(r"[，,、；;？?。！!]")
_HEAD_CLAUSE_RE = re.compile(r".{1,20}呢")
_FIGURE_ASK_RE = re.compile(r"多少|几")


def _asked_clauses(question: str) -> tuple[str, list[str]] | None:
    """(head, asks) of a turn that names what it is about in a clause of its own ending in 呢 and asks
    two or more figures of it after that ("居民消费价格呢，今年目标多少、去年实际涨了多少"); None for
    any other turn (one ask, "江西呢，增长多少", is read whole)."""
    clauses = [c for c in _CLAUSE_SEP_RE.split(normalise(question).strip()) if c.strip()]
    if len(clauses) < 2 or not _HEAD_CLAUSE_RE.fullmatch(clauses[0]) or _FIGURE_ASK_RE.search(clauses[0]):
        return None
    asks = clauses[1:]
    # "2011年的目标呢？比去年实际高还是低？": one ask that sets the head's figure against another
    against = [bool(_WHICH_WAY_RE.fullmatch(without_share_words(_TURN_FILLER.sub("", a)))) for a in asks]
    if not all(_FIGURE_ASK_RE.search(a) or w for a, w in zip(asks, against, strict=True)):
        return None
    if len(asks) < 2 and not any(against):
        return None
    return clauses[0], asks


def _verbs_only(words: str) -> bool:
    """ "接待", "打": one verb alone (jieba's tag), no thing named."""
    tagged = [(w, f) for w, f in part_of_speech(words) if w.strip() and w != "了"]
    return len(tagged) == 1 and tagged[0][1].startswith("v")


def _next_item(question: str, previous: str) -> str | None:
    """The earlier question asked of the item after the one(s) it asked for ("…的第一条是什么？" →
    "…的第二条是什么？"; after "前两项" the third), None unless the turn asks for the next item."""
    if not _NEXT_ITEM_RE.match(normalise(question).strip()):
        return None
    found = list(_ITEM_ASKED_RE.finditer(previous))
    if not found:
        return None
    m = found[-1]
    n = cn_to_int(m.group("n"))
    if n is None or n < 1:
        return None
    if m.group(0)[0] in "前头":
        # "还有呢" after "前三项": every item after those, not just the fourth
        measure = previous[m.end()]
        return f"{previous[: m.start()]}第{int_to_cn(n + 1)}{measure}起{previous[m.end() + 1 :]}"
    return f"{previous[: m.start()]}第{int_to_cn(n + 1)}{previous[m.end() :]}"


def _aspect_turn(asked: str, old: QuestionFrame, after_plan: bool) -> _AspectTurn | None:
    """``asked``: the turn's words once places, time, manner and fillers are set aside."""
    if (m := _PLAN_TURN.fullmatch(asked)) is not None:
        return _AspectTurn(old.topic, plan=m.group("w"))
    if _AMOUNT_TURN.fullmatch(asked):
        return _AspectTurn(old.topic, amount=True)
    if (m := _PLAN_HEAD_RE.fullmatch(asked)) is not None:
        counterpart = _narrowed(m.group("h") or m.group("h2"), old.topic) or old.topic
        return _AspectTurn(counterpart, plan="计划")
    m = _RESULT_TURN.fullmatch(asked)
    if m is None or not (m.group("w") or "情况" in asked or after_plan):
        return None
    done = m.group("w") or ""
    return _AspectTurn(old.topic, done=done + ("了" if done and "了" in m.group(0) else ""))


def _plan_or_result(old: QuestionFrame, turn: _AspectTurn) -> str:
    """What was asked before, now of its plan ("今年预算呢" → "…收入计划多少") or of its result
    ("去年完成得怎么样" → "…收入完成多少"); a growth stays a growth ("…增长目标是多少")."""
    topic = _RESULT_WORDS.sub("", _PLAN_WORDS.sub("", turn.topic))
    if turn.plan is None and not turn.amount:
        topic = _BUDGETED_WORDS.sub("", topic)  # "实际完成了多少" after "年初预算是多少": the outturn
    growth = old.aspect == "growth" or bool(_GROWTH_END.search(topic))
    topic = _GROWTH_END.sub("", topic)
    each = topic.endswith(("各", "分别"))  # "城镇、农村居民收入各增长多少": each of them
    topic = topic.removesuffix("各").removesuffix("分别")
    if turn.amount:
        body = f"{topic}是多少"
    elif turn.plan is not None:
        # a target in a work report; a budget's plan ("安排", "预算") asked as its plan
        word = "目标是" if turn.plan in ("目标", "预期") else "计划"
        # the change as it was named ("居民消费价格涨幅目标"), 增长 when it was not
        named = re.match(r"增幅|涨幅|增速|降幅", old.aspect_text)
        change = named.group(0) if named else "增长"
        body = f"{topic}{change}{word}多少" if growth else f"{topic}{word}多少"
    elif growth:
        body = f"{topic}增长了多少"
    elif turn.done[:2] in ("完成", "执行", "实现"):
        body = f"{topic}{turn.done}多少"
    else:
        body = f"{topic}是多少"
    return _each(body) if each else body


def _set_at(m: re.Match[str]) -> str:
    """ "报告把…目标定在多少" → "报告中，…目标是多少": the question the report answers."""
    return f"{'报告中，' if m.group('r') else ''}{m.group('what')}是"


def _apart(m: re.Match[str]) -> str:
    """A deictic word taken out: a comma where words stand on both sides, else nothing."""
    s, e = m.start(), m.end()
    text = m.string
    return "，" if s > 0 and e < len(text) and text[e] not in "，,。？?！!呢的" else ""


def _narrowed(topic: str, old_topic: str, part_of: bool = False) -> str:
    """The indicator a turn's words make of the one asked before; "" when they name another.
    * "城镇居民" + "居民人均可支配收入" → "城镇居民人均可支配收入": words whose end is its start narrow it;
    * "支出" + "一般公共预算收入" → "一般公共预算支出": another head keeps the modifiers;
    * "其中税收" + "市本级一般公共预算收入" → "市本级税收": a part of it, at its level;
    * "预算安排" + "一般公共预算收入": how the plan is worded, the same indicator."""
    if not topic or not old_topic:
        return ""
    if part_of and topic not in old_topic:
        # asked of the same level ("市本级…收入" → "市本级税收"); the whole is said by the part's name
        return f"{leading_level(old_topic)[0]}{topic}"
    if _PLAN_WORDS.fullmatch(topic):
        return f"{old_topic}{topic}"
    new_book, old_book = _BOOK_NAME.fullmatch(topic), _BOOK_NAME.search(old_topic)
    if new_book is not None and old_book is not None and _BOOK_NAME.sub("", old_topic):
        # "政府性基金呢？" after "市本级一般公共预算收入": the same head of another of the four budgets
        name = topic if topic.endswith("预算") else f"{topic}预算"
        return old_topic[: old_book.start()] + name + old_topic[old_book.end() :]
    heads = list(_HEAD.finditer(old_topic))
    if heads and heads[-1].group(0) == topic and not old_topic[heads[-1].end() :]:
        return old_topic  # "收入呢？" after "…一般公共预算收入": the indicator itself
    if topic in old_topic or old_topic in topic:
        return ""  # "出口呢？" after "进出口总额": a word of it, not its counterpart
    if heads and _HEAD.fullmatch(topic) and heads[-1].start() > 0:
        last = heads[-1]
        modifiers = old_topic[: last.start()]
        if topic == "支出":
            # "地方一般公共预算收入" → "一般公共预算支出": 地方 marks the revenue a place keeps,
            # spending is never called so
            modifiers = re.sub(r"地方(?=一般公共预算|政府性基金)", "", modifiers)
        return modifiers + topic + old_topic[last.end() :]
    for k in range(min(len(topic), len(old_topic)) - 1, 1, -1):
        if topic.endswith(old_topic[:k]):
            return topic + old_topic[k:]
    for k in range(len(topic) - 1, 1, -1):
        # "农村居民" + "城乡居民人均可支配收入": the words it ends with stand inside the indicator
        at = old_topic.find(topic[-k:])
        if at > 0 and old_topic[at + k :] and not _HEAD.fullmatch(topic[-k:]):
            return (topic + old_topic[at + k :]).removesuffix("分别").removesuffix("各")
    return ""


def _other_member(new: Sequence[tuple[int, int]], old: Sequence[tuple[int, int]]) -> bool:
    """The turn asks a member of an indicator family ("出口") where the turn before asked another
    ("进出口"); members as ``QuestionFrame.siblings`` gives them."""
    return any(f == g and i != j for f, i in new for g, j in old)


def _without(text: str, places: Sequence[str], groups: Sequence[PlaceGroup]) -> str:
    """The turn without the places it names (their official names, aliases and abbreviations)."""
    names: set[str] = set(places) | {PROVINCES[p] for p in places if p in PROVINCES}
    for g in groups:
        if g.key in places:
            names.update(g.names)
            names.update(g.short)
    for name in sorted(names, key=len, reverse=True):
        if name not in text:
            continue  # nothing to remove: no pattern to look up and run
        # "和江西比…" loses its joining word with the place; "同比增长" keeps its 同.
        text = re.sub(rf"(?:那么|那|和|跟|与|同)?{re.escape(name)}", "", text)
    return COLLECTIVE_RE.sub("", text)


def _join(places: Sequence[str]) -> str:
    """ "海南省和江西省", "甘肃省、广东省和海南省"."""
    if len(places) <= 2:
        return "和".join(places)
    return "、".join(places[:-1]) + "和" + places[-1]


# ("国有", "所有", "拥有": 有 inside a word is no aspect)
# ("增长目标是多少": the growth names the target, 分别 goes before 是)
_ASPECT_START = re.compile(
    r"(是|(?<![国所拥具共享占持])有|为|达到|达|增长(?!目标|预期|计划)|下降|提高|完成|实现|多少|几)"
)


def _each(body: str) -> str:
    """ "PM2.5浓度是多少" → "PM2.5浓度分别是多少": a question now asked of several places."""
    m = _ASPECT_START.search(body)
    if m is None or m.start() == 0:
        return body
    return f"{body[: m.start()]}分别{body[m.start() :]}"
