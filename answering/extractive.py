"""Extractive answering: quote the sentence or clause of the top passages that answers.

The candidate pieces of every retrieved chunk (sentences, ；-segments, and for
figure questions the clause that carries a figure with the clauses that
continue it; footnotes too) are scored by the question's key terms (with
thesaurus synonyms), the presence of the asked kind of figure, the year, the
part of the report (first-half results or second-half plans) and the
retrieval rank. The best piece is quoted exactly; whether it really answers
(enough of the key terms, the asked figure present, the indicator itself
named) decides refusal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial

import jieba

from wenbao.answering.answerability import AnswerabilityModel, AnswerEvidence, retrievers_agree
from wenbao.answering.figures import MONEY, PERCENT, POINTS, RANK, RATIO, RUN, Figure, find_figures
from wenbao.answering.memo import per_frame
from wenbao.answering.question import (
    AMOUNT_Q,
    ASKED_ZONE,
    BUDGET_BOOKS,
    BUDGET_LINE_HEAD,
    BUDGET_TOTAL,
    GROWTH_Q,
    INDICATOR_HEADS,
    INDICATOR_HEADS_ANY,
    INTENT_FRONT,
    LIST_Q,
    MONEY_HEAD_WEIGHT,
    RANK_Q,
    RATE_ASKED,
    SECTION_Q,
    SIBLING_FAMILIES,
    WHEN_Q,
    WHO_Q,
    WHY_Q,
    QuestionFrame,
    Term,
    budget_books,
    rank_measure,
    rank_scope,
    written_year_re,
)
from wenbao.answering.question import NARROWING_WORDS as _NARROWING
from wenbao.answering.question import ROLE_RE as _ROLE_RE
from wenbao.answering.scope import place_words
from wenbao.answering.verify import INJECTION_RE
from wenbao.documents import Chunk, Covers, Hit
from wenbao.index.retriever import in_plan_part
from wenbao.index.tokenizer import part_of_speech
from wenbao.ingest.levels import (
    OWN,
    PART,
    WHOLE,
    asked_level,
    lead_level,
    lead_part_name,
    level_words,
    lower_level_of,
)
from wenbao.ingest.metadata import MULTI_YEAR_RE, SPAN_LEAD

_SENTENCE_END = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")
_SEGMENT_END = re.compile(r"[^；;]*[；;]|[^；;]+$")
# A comma between digits that groups thousands ("28,583万元") ends no clause.
# A short aside in brackets ("市级（含市属开发区，下同）") does not end a clause.
_IN_CLAUSE = r"(?:[（(][^（()）。；;]{0,24}[）)]|[^，,：:]|(?<=\d),(?=\d{3}(?!\d)))"
_CLAUSE_END = re.compile(rf"{_IN_CLAUSE}*[，,：:]|{_IN_CLAUSE}+$")
# A clause that starts like this goes on about the subject of the clause before it.
_CONTINUES = re.compile(
    r"^(?:同比|比上年|比去年|较|增长|增速|增幅|下降|降低|提高|上升|位列|位居|位于|排名|排在|排|居|总量|总额|占|约占|"
    r"完成全年|完成年度|为全年|达到|达|超|其中|半年|连续|高于|低于|分别|两年平均|增量|继续|保持|首破|突破)"
)
_DATE_RE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
# A day in the body's own words: "3月19日至20日，总书记…考察", the year said once for the paragraph.
_DAY_RE = re.compile(r"(?<!\d)\d{1,2}月\d{1,2}日")
# A meeting named by its edition or session ("第十四届…第五次会议", "三届三次会议", "常委会第二十一次会议").
_MEETING_NAMED = re.compile(r"[第一二三四五六七八九十\d]届|第[一二三四五六七八九十百\d]+次会议|次会议")
# ("目标…，考虑了…", "主要考虑：一是…": how a report gives the reasons for a target it sets)
# ("因地制宜", "因城施策", "因势利导" say how, by what, not why; "综合各方面因素" names none)
_CAUSE_RE = re.compile(
    r"因(?!素|[\u4e00-\u9fa5]{0,2}(?:制宜|施策|施教|利导))|由于|原因|受.{0,12}影响|导致|造成|考虑到|考虑了|主要考虑|鉴于"
)


def states_cause(text: str) -> bool:
    """Whether a passage gives a reason ("考虑到…", "受…影响")."""
    return bool(_CAUSE_RE.search(text))


_PLAN_WORDS = re.compile(r"力争|不少于|确保|年底前|年内|预计|目标为|全年.{0,12}(?:达|突破|超过)")
_PROGRESS_WORDS = re.compile(r"完成全年目标|完成年度目标|全年目标的")
# How a budget passage states an outturn, and a plan or budgeted figure.
_OUTTURN_TEXT = re.compile(r"执行数|决算数|完成|执行|快报")
_BUDGETED_TEXT = re.compile(r"安排|预算数|预期|预计|计划|草案|代编|年初预算|调整预算")
_ENUM_RE = re.compile(r"、|；|[一二三四五六七八九十]是|（\d+）|\d、")
_TRIM = "，,；;：:、 "
QUARTERS = (
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "前三季度",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
)

# Figures over several years ("年均增长8.8%", "累计新增155万户", "五年来"): not one year's figure.
_MULTI_YEAR = MULTI_YEAR_RE
_ONE_PART_SPAN = 2  # a part covering more years is a multi-year review or plan
# "地区生产总值从11.37万亿元提高到14.58万亿元": where a figure started and where it reached.
_FROM_TO_TEXT = re.compile(r"(?:从|由)[^，。；]{0,16}?\d[^，。；]{0,16}?(?:到|至|为)[^，。；]{0,4}?\d")
_W_FROM_TO = 3.0
# How a report states a count or an amount added: "新增…", "较上年增加…", "增加了…".
# "同比增收7796万元", "减支46744万元": how a budget report says a change in money.
_ADDED_TEXT = re.compile(r"新增|增加|增收|减收|增支|减支")
_CLAUSE_SPLIT = re.compile(r"[，,；;。！？]")
_MIN_RARITY_HITS = 4  # fewer passages say too little about which words are common
# A paragraph that opens on "五年来，…" speaks of the five years in every sentence.
_LEAD_CHARS = 16
# Words that narrow an indicator into another one (NARROWING_WORDS: "人均地区生产总值" is not 地区生产总值).
_NARROWING_REACH = 4  # characters before the indicator a narrowing word may stand
# How a target is worded, as opposed to a result ("控制在5.5%以内", "力争增长6%左右").
_TARGET_TEXT = re.compile(r"控制在|以内|力争|预期目标|目标是|左右")
# The base of a share: in "数字经济增加值占GDP比重达9.5%" the figure is the share of 数字经济,
# GDP is only what it is a share of ("物流总费用与GDP的比率", "研发经费相当于GDP的比例",
# "服务业在GDP中的比重", "消费对经济增长的贡献率" alike). Unless a share is asked for, the base
# names no indicator.
_SHARE_BASE = re.compile(
    r"(?:(?:占|与|相当于)[^，,。；;：:、！？!?（）()]{1,20}?的?|在[^，,。；;：:、！？!?（）()]{1,20}?中的?)"
    r"(?:比重|比例|比率|之比|占比)|对[^，,。；;：:、！？!?（）()]{1,20}?的?贡献率"
)

# A share stated without a word for it: "民生支出占一般公共预算支出87%" is the share "比重" asks.
_SHARE_STATED = re.compile(r"占[^，,。；;：:、！？!?（）()]{1,20}?\d+(?:\.\d+)?[%％]")
_SHARE_HEADS = frozenset({"比重", "占比"})


def _states_share(frame: QuestionFrame, head: str, text: str) -> bool:
    """``head`` (of the indicator asked) is a share word and ``text`` states a share as "A占B x%" of
    what the question says the share is of (its key terms before 占: "民生支出占…的比重")."""
    if head not in _SHARE_HEADS:
        return False
    asked = [t for t in frame.terms if t.weight >= _STRONG_TERM and t.text in frame.share_part]
    for m in _SHARE_STATED.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in "，,；;。") + 1
        if all(term_match(t, text[start : m.start()]) > 0 for t in asked):
            return True
    return False


# Weights of the piece score; coverage dominates, the rest breaks ties.
_W_COVERAGE = 10.0
_W_FIGURE = 3.0
_W_RANK = 2.0
_W_YEAR_MISS = 6.0
_W_PART = 3.0
_W_SPAN = 2.0
# A name the question quotes ("“自审自发”试点是哪天提出的") that a piece asked for a date or a person
# does not print: the date or the person of something else
_W_QUOTED_MISS = 2.0
_W_NARROWING = 3.0
_W_LEVEL = 4.0
_W_OUTTURN = 2.0
# A figure on a restated basis ("(同口径)完成30,161万元"), the question not asking that basis: the
# figure as collected ("完成28,583万元(自然口径)") answers.
_W_RESTATED = 2.0
# A budget's total asked ("收入总计"), the piece stating none.
_W_TOTAL = 2.0
# A figure as a percentage of its budget ("完成预算的107.47%", "占调整预算105.47%", "为预算的101%").
BUDGET_SHARE_TEXT = re.compile(r"预算[^，,。；;]{0,14}?\d+(?:\.\d+)?[%％]")
_RESTATED = re.compile(r"同口径|可比口径|剔除[^，,。；;]{0,30}(?:因素|影响)")
# The asker's words kept together as the text writes them ("上级补助收入" asked, jieba's 上级·补助·收入):
# the named thing itself, not its words scattered over another ("上级专项补助收入").
_W_PHRASE = 2.0
# A report word that counts as the asked one but is only a part of it ("进出口" of the asked
# "进出口总额") may stand in a longer word naming something else ("有进出口实绩企业1.3万家"): where
# a clause names the asked word whole ("进出口总额8202亿元"), that clause is the better one.
_W_PART_OF_ASKED = 0.5
# The own-level figure beside the whole place's: among the next candidates, naming the indicator
# about as fully, and as good but for the level.
BESIDE_CANDIDATES = 12
BESIDE_COVERAGE_GAP = 0.1
BESIDE_SCORE_GAP = 1.5
# How a budget report words a year's outturn.
# "预计为104.05亿元" of the year under review: the estimated outturn a report gives before the
# accounts close, not a plan.
_ESTIMATED_OUTTURN = r"预计(?:为|完成|实现|达到|执行)"
# "收入累计达到580.08亿元": what the years under review came to; "根据现行财政管理体制汇算，…":
# the accounts as settled
_OUTTURN_RE = re.compile(rf"完成|执行(?!中|情况)|实现|快报|决算|汇算|实际|累计达到|{_ESTIMATED_OUTTURN}")
_ESTIMATED_OUTTURN_RE = re.compile(_ESTIMATED_OUTTURN)
# A budget as approved or adjusted, stated in the year under review: "年初预算为", "调整为".
_APPROVED_BUDGET_TEXT = re.compile(r"年初预算|(?:预算|调整)为")
# A change a growth question may be answered by, stated in the piece (``_aspect_bonus``).
_GROWTH_WORD_TEXT = re.compile(r"增长|下降|增幅|增速|提高|上升")
# A file's name ("附件3：2026年“三公”经费支出预算编制说明.pdf"): a web copy's list of attachments to
# download, whose titles repeat the report's words with years and numbers but state no figure, fact
# or measure; the report's own sentences answer before it.
_FILE_NAME = re.compile(r"\.(?:pdf|xlsx?|docx?|wps|et|ofd|zip|rar)(?![A-Za-z])", re.IGNORECASE)
_W_FILE_NAMES = 4.0
# What a budget's own figures name (its revenue, its spending, the budget itself), which a sentence
# stating the budget as approved names too.
_BUDGET_HEAD_TEXT = re.compile(r"收入|支出|预算")


@dataclass(frozen=True)
class Piece:
    """A candidate quote: an exact substring of one chunk's text (or of one of its footnotes)."""

    chunk: Chunk
    hit_index: int  # position of the chunk among the candidate hits
    start: int  # offset in the source text
    end: int
    level: str  # "sentence" | "segment" | "clause" | "note"
    note: int | None = None  # index into chunk.notes when the piece is a footnote

    @property
    def source(self) -> str:
        return self.chunk.text if self.note is None else self.chunk.notes[self.note]

    @cached_property
    def text(self) -> str:
        # read ~8 times a piece while it is scored: sliced once
        return self.source[self.start : self.end]


@dataclass
class ScoredPiece:
    piece: Piece
    score: float
    coverage: float | None  # share of key-term weight found; None when the question has no key terms
    figures: list[Figure] = field(default_factory=list)
    has_wanted_figure: bool = False

    @property
    def quote(self) -> str:
        return self.piece.text.strip().rstrip(_TRIM + "。！？!?")


@dataclass
class Extraction:
    best: ScoredPiece | None
    answerable: bool
    reason: str | None = None  # why it is not answerable
    ranked: list[ScoredPiece] = field(default_factory=list)
    evidence: AnswerEvidence | None = None  # what answerability was judged on
    confidence: float | None = None  # the judge's probability that the quote answers

    @property
    def chunk(self) -> Chunk | None:
        return self.best.piece.chunk if self.best else None

    def own_level_beside(self, frame: QuestionFrame) -> ScoredPiece | None:
        """A budget question that does not say whose money is answered with the whole place's
        figure; the government's own-level figure of the same indicator goes beside it when the
        report gives both ("全市…1296.87亿元" and "市本级…522.18亿元")."""
        best = self.best
        if best is None or frame.level is not None or not frame.is_figure_question or frame.parts:
            return None
        if passage_level(best.piece) != WHOLE:
            return None
        for sp in self.ranked[1:BESIDE_CANDIDATES]:
            chunk = sp.piece.chunk
            if (
                passage_level(sp.piece) == OWN
                and sp.has_wanted_figure
                and chunk.doc_id == best.piece.chunk.doc_id
                and chunk.covers == best.piece.chunk.covers
                and (sp.coverage or 0) >= (best.coverage or 0) - BESIDE_COVERAGE_GAP
                and sp.score >= best.score - _W_LEVEL - BESIDE_SCORE_GAP
            ):
                return sp
        return None

    def main_figure(self, frame: QuestionFrame) -> Figure | None:
        """The figure of the asked kind that the quote gives for the topic."""
        if not self.best:
            return None
        figs = self.best.figures
        for kinds in (frame.prefers, frame.wants):
            chosen = [f for f in figs if f.kind in kinds]
            if chosen:
                return chosen[0]
        return figs[0] if figs else None


@lru_cache(maxsize=4096)
def _subwords(term: str) -> tuple[str, ...]:
    return tuple(t for t in jieba.lcut(term) if len(t) >= 2)


# How many texts a term keeps its matches for: a question's terms meet a few hundred texts (its
# pieces and their headings); a term that outlives its question starts afresh past this many.
_TERM_MATCHES_KEPT = 2048


def term_match(term: Term, text: str) -> float:
    """1.0 when the term or a synonym occurs; less for a report word it only points at,
    or when most of a long term's words occur.

    Kept on the term, by text: a question's scoring asks the same (term, text) again (the
    heading and announcement of every piece of one passage), and keyed on the term object, not
    on a hash of its fields (hashing the frozen ``Term`` costs about what a match does)."""
    kept: dict[str, float] | None = term.__dict__.get("_matches")
    if kept is None or len(kept) >= _TERM_MATCHES_KEPT:
        kept = term.__dict__["_matches"] = {}
    found = kept.get(text)
    if found is None:
        probes: tuple[str, ...] | None = term.__dict__.get("_probes")
        if probes is None:
            probes = term.__dict__["_probes"] = _match_probes(term)
        for probe in probes:
            if probe in text:
                found = _term_match(term, text)
                break
        else:
            found = 0.0
        kept[text] = found
    return found


def _match_probes(term: Term) -> tuple[str, ...]:
    """Strings one of which a text holds wherever ``_term_match`` finds anything in it: each of its
    ways to match needs one of them (a word itself, the asked part of a town's and country's joint
    indicator, an indicator's head, a word but its last character, an abbreviation's first
    character). Most texts a question's term meets hold none (~94% of them), and a substring test
    of each is far cheaper than the ways themselves."""
    probes: list[str] = []
    for alt in (*term.alternatives, *term.related):
        if not alt:
            continue
        probes.append(alt)
        joint = _joint_rest(alt)
        if joint is not None:
            probes.append(joint)  # _jointly_named: "城乡" + the rest
        if alt.startswith("城乡"):
            probes.extend(("农村", "乡村"))  # _town_and_country
    for alt in term.alternatives:
        way = _partial_way(alt) if alt else None
        if way is not None:
            probes.append(way[1])
    # Shorter probes first: one found ends the test, and a probe inside another is found first.
    return tuple(sorted(dict.fromkeys(probes), key=len))


def _term_match(term: Term, text: str) -> float:
    best = 0.0
    for alt in term.alternatives:
        if alt and alt in text:
            return 1.0
    if any(_jointly_named(alt, text) or _town_and_country(alt, text) for alt in term.alternatives):
        return 1.0
    for alt in term.related:
        if alt and (alt in text or _jointly_named(alt, text)):
            best = 0.7
    for alt in term.alternatives:
        way = _partial_way(alt)
        if way is None:
            continue
        kind, probe = way
        if kind == _BY_HEAD:
            subs = _subwords(alt)
            total = sum(len(s) for s in subs)
            # Its modifiers shortly before its head ("规模以上工业企业达7.6万家、增加值增长3%"): the head
            # alone ("总额" of 外贸总额 for 社会消费品零售总额) names another indicator, and a modifier
            # after the head or far from it ("…增加值分别增长6.8%，工业投资…") names none.
            head = probe
            for at in _occurrences(head, text):
                before = text[max(0, at - _MODIFIER_REACH) : at]
                found = len(head) + sum(len(s) for s in subs[:-1] if s in before)
                if found > len(head) and found / total >= 0.5:
                    best = max(best, 0.8 * found / total)
        elif kind == _BY_STEM and probe in text:
            best = max(best, 0.8)  # "主城区" where the report says "主城"
        elif kind == _BY_ABBREVIATION and _abbreviates(alt, text):
            best = max(best, 0.8)  # "社保" where the report says "社会保险"
    return best


# The ways ``_term_match`` finds a word named in part, one per word by its length and its jieba words.
_BY_HEAD, _BY_STEM, _BY_ABBREVIATION = "head", "stem", "abbreviation"


def _partial_way(alt: str) -> tuple[str, str] | None:
    """How a text may name ``alt`` in part, and the string every text that does so holds (its probe,
    ``_match_probes``): a long word of several jieba words by its head ("总额" of 社会消费品零售总额)
    with modifiers before it; a word of three or more characters by all but its last; a two-character
    word as an abbreviation's first character (``_abbreviates``). None for shorter words."""
    subs = _subwords(alt)
    if len(alt) >= 4 and len(subs) >= 2:
        return _BY_HEAD, subs[-1]
    if len(alt) >= 3:
        return _BY_STEM, alt[:-1]
    if len(alt) == 2:
        return _BY_ABBREVIATION, alt[0]
    return None


# The weight from which a key term counts for the judge (``_evidence``: the weakest strong term).
_STRONG_TERM = 2.0
# How a report states a change: a figure question asking one is not answered by an amount alone.
_CHANGE_TEXT = re.compile(
    r"增长|下降|增加|减少|提高|降低|上升|回落|增幅|增速|降幅|同比|比上年|较上年|增至|降至|翻|新增|净增"
)
# The weight of a key term that names the indicator itself (a term of the thesaurus or a long word:
# "预备费", "税收收入"), as the question's heaviest term alone.
_NAMED_INDICATOR_WEIGHT = 3.0
# A clause that gives the cause of a figure ("…，主要是市本级土地出让收入不及预期").
_CAUSE_TEXT = re.compile(r"主要是|主要因为|主要原因|由于|因为|受[^，。；]{0,12}影响")
# The words that make a year the base of a change, right before it ("与2024年…相比", "比2024年").
_CHANGE_BASE = re.compile(r"(?:与|同|较|比)$")
# A yearly average asked for (``QuestionFrame.asks_average``): only a figure over several years answers it.
_AVERAGE = re.compile(r"年均|年平均|平均每年|每年平均|平均增长")
# A review of several years also states a yearly average as what came "每年" ("城镇新增就业每年超过
# 90万人"): the figure that follows is each year's of the period, not one year's nor the sum (a
# standard per head and year, "每人每年600元", is read by the per-unit slot instead).
_EACH_YEAR_FIGURE = re.compile(r"(?<![人户孩生])每年[^，,。；;：:\d]{0,8}\d")

# How a report prints an amount per person, per month or per year (``QuestionFrame.per_unit``:
# "人均…多少元", "每人每月补到多少"): a standard or a per-head figure ("人均", "331元/人/月",
# "每孩每年3,600元"), which a total ("…基金收入54.01亿元") never is.
_PER_UNIT_PRINTED = {
    # a lump sum ("录取到本科院校的一次性补助1万元") is paid to each one it names
    "person": re.compile(
        r"人均|生均|户均|每(?:个|一)?[人生名位户孩]|/[人生户]|[人生户]/|一次性(?:补助|补贴|奖励|资助)"
    ),
    "month": re.compile(r"月"),
    "year": re.compile(r"每[^，。；\d]{0,3}年|/年|年人均"),
}
# How a question asks, not what it asks about: the words of the slots the frame reads apart (a plan
# or target, a change, the unit of the figure, a yearly average). A report states a target as
# "增长5.5%左右" and a yearly average as "年均增长6.8%", without the asker's "打算", "目标值",
# "几个百分点", "每年平均"; counted as key terms, they make a passage that states the asked thing
# look as if it did not. Nouns that may be what is asked about stay ("几项目标没有达到", "多少公里").
_PLAN_WORD = re.compile(r"打算|准备|力争|预期|预计|(?:目标|计划)(?:值|数)")
_CHANGE_WORD = re.compile(r"涨|降|增加|减少|增长|下降|提高|上升|增速|增幅|增长率|多了|少了")
_UNIT_WORD = re.compile(r"个?百分点|百分比")
_AVERAGE_WORD = re.compile(r"年均|平均|每年|年平均|平均每年|每年平均")
# The asker's per-unit words ("每人每年", "每个月"): a report prints the unit with the figure
# ("700元/人/年", "人均…"), which the per-unit slot checks (_PER_UNIT_PRINTED).
_PER_UNIT_WORD = re.compile(r"(?:每(?:个|一)?[人户月年生名位孩])+")
# Adverbs ("大概", "到底", "分别", "最新") qualify how the asker asks; a report never repeats them.
_ADVERB_TAGS = ("d",)
# A quote that opens with its year: the year it speaks of.
_LEAD_YEAR = re.compile(r"^\s*((?:19|20)\d{2})年(?![—－\-~至到]|以来|底|末)")
_MODIFIER_REACH = 16  # characters before an indicator's head its modifiers may stand


# Town and country named together, their figures given each in turn: "城乡居民人均可支配收入分别增长
# 4.4%、5.6%", "城镇、农村居民人均可支配收入分别增长…" state 城镇居民's and 农村居民's figures.
_TOWN_COUNTRY = ("城镇", "农村")
_JOINT_TOWN_COUNTRY = r"(?:城乡|城镇[、和与及]农村|农村[、和与及]城镇)"


# "城乡" is town and country together, which a report may spell out: "城镇、农村常住居民人均可支配收入
# 分别增长…", "城市和乡村"; a question's "城乡…" names what such a text states.
_SPELLED_TOWN_COUNTRY = r"(?:城镇|城市)(?:[、和与及]|居民和)(?:农村|乡村)"


def _town_and_country(word: str, text: str) -> bool:
    """``word`` is "城乡" or "城乡…" and ``text`` names town and country in full, followed by the rest."""
    if not word.startswith("城乡") or ("农村" not in text and "乡村" not in text):
        return False
    return re.search(_SPELLED_TOWN_COUNTRY + re.escape(word[2:]), text) is not None


def _jointly_named(word: str, text: str) -> bool:
    """``word`` is a town's or the country's indicator ("农村居民人均可支配收入") that ``text``
    names jointly for both and gives each figure of ("城乡居民人均可支配收入分别增长…"); a joint
    indicator without "分别" ("城乡居民收入比") is not either one's."""
    return bool(_joint_mentions(word, text))


def _joint_rest(word: str) -> str | None:
    """What ``word`` names after its "城镇"/"农村" when a text may name it jointly for both (the
    string every such text holds: ``_match_probes``), else None."""
    return word[2:] if word.startswith(_TOWN_COUNTRY) and len(word) >= 4 else None


def _joint_mentions(word: str, text: str) -> list[int]:
    """Where ``text`` names ``word`` jointly for town and country (see ``_jointly_named``)."""
    joint = _joint_rest(word)
    if joint is None or ("城乡" not in text and "、" not in text):
        return []
    rest = re.escape(joint)
    return [m.start() for m in re.finditer(rf"{_JOINT_TOWN_COUNTRY}{rest}(?=[^。；;]{{0,12}}分别)", text)]


def _occurrences(word: str, text: str) -> list[int]:
    """Where ``word`` starts in ``text``, without overlaps (str.find: no regex to look up or
    compile per word, on every passage of every question)."""
    out: list[int] = []
    if not word:
        return out
    at = text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + len(word))
    return out


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _abbreviates(term: str, text: str) -> bool:
    """A two-character abbreviation is the first characters of two two-character words
    ("社保" = 社会保险, "医保" = 医疗保险). Scanned by hand: a regex of the Han range costs
    ~1.5 ms to compile, once per new term of every question."""
    if len(term) != 2 or not (_is_han(term[0]) and _is_han(term[1])):
        return False
    first, second = term[0], term[1]
    at = text.find(first)
    while 0 <= at <= len(text) - 4:
        if text[at + 2] == second and _is_han(text[at + 1]) and _is_han(text[at + 3]):
            return True
        at = text.find(first, at + 1)
    return False


def _is_adverb(word: str) -> bool:
    tagged = part_of_speech(word)
    return bool(tagged) and all(flag in _ADVERB_TAGS for _, flag in tagged)


def _asks_how(frame: QuestionFrame, term: Term) -> bool:
    """The term is a word of how the question asks (see _PLAN_WORD), read by a slot of its own."""
    word = term.text
    if _is_adverb(word):
        return True
    if not frame.is_figure_question:
        return False  # "主要预期目标是什么": the targets are what is asked about
    if _PLAN_WORD.fullmatch(word) or _CHANGE_WORD.fullmatch(word) or _UNIT_WORD.fullmatch(word):
        return True  # the kind of figure asked for is checked on the figures themselves
    return frame.asks_average and bool(_AVERAGE_WORD.fullmatch(word))


def content_frame(frame: QuestionFrame) -> QuestionFrame:
    """The frame whose key terms are what the question asks about: the words of how it asks are
    left out of the coverage a quote is judged on, as long as a term of weight remains."""
    kept = [_as_printed(frame, t) for t in frame.terms if not _asks_how(frame, t)]
    if kept == list(frame.terms) or not any(t.weight >= 2 for t in kept):
        return frame
    return replace(frame, terms=tuple(kept))


# How a report prints the per-unit words of an asker ("每人" as "人均"); "每人每年" as "/人/年".
_PER_HEAD_PRINTED = {"人": "人均", "户": "户均", "生": "生均"}
# "每个" / "每一" cut off the unit it counts by ("每个人" tokenised "每个" + "人"), and how a report
# prints each unit the per-unit slot reads (question.py's per_unit).
_PER_UNIT_SPLIT = re.compile(r"每(?:个|一)")
_PER_UNIT_FORMS = {"person": ("人均", "每人", "/人"), "month": ("每月", "/月", "月"), "year": ("每年", "/年")}


def _as_printed(frame: QuestionFrame, term: Term) -> Term:
    """A per-unit word of the question ("每人每年") counts where the report prints the unit its
    own way ("700元/人/年", "人均财政补助标准…"), as where it writes the asker's words."""
    if frame.per_unit and _PER_UNIT_SPLIT.fullmatch(term.text):
        # "每个人" read as "每个" and "人": the per-unit word is the slot's, printed as the slot's unit
        printed = [f for unit in frame.per_unit for f in _PER_UNIT_FORMS.get(unit, ())]
        return replace(term, alternatives=tuple(dict.fromkeys([*term.alternatives, *printed])))
    if not frame.per_unit or not _PER_UNIT_WORD.fullmatch(term.text):
        return term
    units = re.findall(r"每(?:个|一)?(.)", term.text)
    forms = [*term.alternatives, "".join(f"/{u}" for u in units)]
    if len(units) == 1 and units[0] in _PER_HEAD_PRINTED:
        forms.append(_PER_HEAD_PRINTED[units[0]])
    return replace(term, alternatives=tuple(dict.fromkeys(forms)))


@per_frame  # read for every piece a question scores (narrowed_mentions)
def _indicator_terms(frame: QuestionFrame) -> tuple[Term, ...]:
    heaviest = max((t.weight for t in frame.terms), default=0.0)
    return tuple(t for t in frame.terms if t.weight >= heaviest)


def usual_narrowings(
    frame: QuestionFrame, texts: Sequence[str], min_mentions: int = 2
) -> frozenset[tuple[str, str]]:
    """(term, narrowing word) where the passages put the word before every mention of the asked
    indicator's term: the reports name it only so ("居民人均可支配收入"; no total income is ever
    given), so a question that leaves the word out ("居民可支配收入增长多少") asks for that same
    figure, not for a wider one."""
    out: set[tuple[str, str]] = set()
    for term in _indicator_terms(frame):
        befores = [
            text[max(0, at - _NARROWING_REACH) : at]
            for text in texts
            for alt in term.alternatives
            for at in _occurrences(alt, text)
        ]
        if len(befores) >= min_mentions:
            out.update((term.text, w) for w in _NARROWING if all(w in b for b in befores))
    return frozenset(out)


def narrowed_mentions(
    frame: QuestionFrame, text: str, usual: frozenset[tuple[str, str]] = frozenset()
) -> int:
    """How many of the asked indicator's terms are, where the figure is given, a narrower
    indicator the question does not ask for: the mention a figure belongs to is the last one
    before the first figure of an asked kind ("地区生产总值连跨…台阶，2025年人均生产总值提升至
    7.6万元" gives 人均's figure). Only the indicator (the heaviest term) is judged: "人均财政补助"
    still answers 补助. ``usual``: narrowing words the passages always write with the indicator."""
    terms = _indicator_terms(frame)
    if not any(alt and alt in text for term in terms for alt in term.alternatives):
        return 0  # the indicator is not mentioned (most pieces a question scores)
    figures = [f for f in find_figures(text) if not frame.wants or f.kind in frame.wants]
    until = figures[0].start if figures else len(text)
    narrowed = 0
    for term in terms:
        mentions = [at for alt in term.alternatives for at in _occurrences(alt, text[:until])]
        if not mentions:
            mentions = [at for alt in term.alternatives for at in _occurrences(alt, text)][:1]
        if not mentions:
            continue
        at = max(mentions)
        # The narrowing word may stand before the indicator's own prefix: "单位国内生产总值"
        # holds the alternative 生产总值 after 国内.
        before = text[max(0, at - _NARROWING_REACH) : at]
        if any(w in before and w not in frame.narrowing and (term.text, w) not in usual for w in _NARROWING):
            narrowed += 1
    return narrowed


def coverage(
    terms: Sequence[Term], text: str, heading: str = "", heading_credit: float = 0.6
) -> float | None:
    if not terms:
        return None
    total = sum(t.weight for t in terms)
    got = 0.0
    for t in terms:
        found = term_match(t, text)
        if found < heading_credit:  # a match is at most 1.0: the heading cannot do better
            found = max(found, heading_credit * term_match(t, heading))
        got += t.weight * found
    return got / total


@per_frame  # read for every piece a question scores
def _part_word_terms(frame: QuestionFrame) -> tuple[Term, ...]:
    """The key terms with a shorter word of theirs inside them (see ``_has_part_word``)."""
    return tuple(t for t in frame.terms if _has_part_word(t))


def _part_of_asked_only(frame: QuestionFrame, text: str) -> float:
    """The share of the key-term weight the text names only by a shorter word inside the asked
    one ("进出口" for the asked "进出口总额"), never by the asked word or a fuller synonym."""
    parts = _part_word_terms(frame)
    if not parts:
        return 0.0  # no term has a shorter word inside it to be named by alone (most questions)
    total = sum(t.weight for t in frame.terms)
    if not total:
        return 0.0
    part = 0.0
    for t in parts:
        found = [a for a in t.alternatives if a and a in text]
        if found and all(len(a) < len(t.text) and a in t.text for a in found):
            part += t.weight
    return part / total


def _reviews_asked_years(frame: QuestionFrame, covers: Covers | None) -> bool:
    """The passage is of a part reviewing the years the question asks about."""
    return covers is not None and covers.aspect == "results" and set(frame.years) <= set(covers.years)


def _has_part_word(term: Term) -> bool:
    """Whether one of the term's words is a shorter word inside the term ("进出口" of "进出口总额"),
    kept on the term (read for each piece a question scores)."""
    kept: bool | None = term.__dict__.get("_has_part_word")
    if kept is None:
        kept = term.__dict__["_has_part_word"] = any(
            a and len(a) < len(term.text) and a in term.text for a in term.alternatives
        )
    return kept


def _spans(pattern: re.Pattern[str], text: str, offset: int = 0) -> list[tuple[int, int]]:
    out = []
    for m in pattern.finditer(text):
        if m.group(0).strip(_TRIM + "。"):
            out.append((offset + m.start(), offset + m.end()))
    return out


# The meeting line of a report's title block ("——2026年1月26日在广东省第十四届人民代表大会第五次会议上").
_MEETING_LINE = re.compile(r"在[^。；\n]{2,40}(?:会议|大会)上")


def is_title_block(chunk: Chunk) -> bool:
    """The chunk before the report's first heading that holds its title and meeting line."""
    return not chunk.heading_path and chunk.start == 0 and bool(_MEETING_LINE.search(chunk.text))


def split_pieces(chunk: Chunk, hit_index: int, clauses: bool) -> list[Piece]:
    """Sentences; ；-segments of long sentences; for figure questions, clause windows;
    and the chunk's footnotes (a note explains a term of its paragraph)."""
    out = []
    new = object.__new__
    for note, a, b, level in _piece_spans(chunk.text, chunk.notes, clauses):
        # The fields filled at once: a frozen dataclass's __init__ sets each through
        # object.__setattr__ (2.2 µs a piece against 0.5, for the ~137 pieces a question scores).
        # Its text is sliced here, as its cached `text`: the property's first read takes a lock
        # (Python 3.11).
        piece = new(Piece)
        piece.__dict__.update(
            chunk=chunk,
            hit_index=hit_index,
            start=a,
            end=b,
            level=level,
            note=note,
            text=(chunk.text if note is None else chunk.notes[note])[a:b],
        )
        out.append(piece)
    return out


_Span = tuple[int | None, int, int, str]  # (note, start, end, level)


# Every question that retrieves a passage splits it the same way: keyed by its text (and notes),
# so a new index version needs no clearing.
@lru_cache(maxsize=8192)
def _piece_spans(text: str, notes: tuple[str, ...], clauses: bool) -> tuple[_Span, ...]:
    out: list[_Span] = []
    for s0, s1 in _spans(_SENTENCE_END, text):
        out.append((None, s0, s1, "sentence"))
        segments = _spans(_SEGMENT_END, text[s0:s1], s0)
        if len(segments) > 1:
            out.extend((None, a, b, "segment") for a, b in segments)
        if not clauses:
            continue
        for g0, g1 in segments:
            spans = _spans(_CLAUSE_END, text[g0:g1], g0)
            if len(spans) < 2:
                continue
            for j in range(len(spans)):
                first = j
                # A clause like "同比增长4.4%" needs the clause naming its subject.
                while first > 0 and _CONTINUES.match(text[spans[first][0] : spans[first][1]].strip()):
                    first -= 1
                last = j
                while last + 1 < len(spans) and _continues(text[spans[last + 1][0] : spans[last + 1][1]]):
                    last += 1
                for end in range(j, last + 1):
                    out.append((None, spans[first][0], spans[end][1], "clause"))
    for k, note in enumerate(notes):
        if note.strip():
            out.append((k, 0, len(note), "note"))
    # The same span can come from several levels: keep one, labelled with the finest level.
    finest = {"clause": 0, "segment": 1, "sentence": 2, "note": 3}
    unique: dict[tuple[int | None, int, int], _Span] = {}
    for span in out:
        note_at, a, b, level = span
        source = text if note_at is None else notes[note_at]
        key = (note_at, a, len(source[a:b].strip(_TRIM + "。")))
        if key not in unique or finest[level] < finest[unique[key][3]]:
            unique[key] = span
    return tuple(unique.values())


def _continues(clause: str) -> bool:
    clause = clause.strip()
    if _CONTINUES.match(clause):
        return True
    # A clause with no figure at all ("半年首破千亿") still belongs to the figure before it.
    return not find_figures(clause) and len(clause) <= 12


# How close in meaning a text is to the question (a cosine of their embeddings), or None when
# it cannot be told (no embeddings).
Meaning = Callable[[str], float | None]


def closeness_of(closeness: Meaning, texts: Sequence[str]) -> list[float | None]:
    """``closeness`` of each text; in one embedding call where the closeness can make them
    together (``drafts.QuestionMeaning.many``): 2-8 short texts at once cost about what two of
    them cost one at a time (each text goes to a thread of its own)."""
    many: Callable[[Sequence[str]], list[float | None]] | None = getattr(closeness, "many", None)
    return many(texts) if many is not None else [closeness(t) for t in texts]


@dataclass(frozen=True)
class MeaningJudgement:
    """Whether a quote the fitted judge doubts for its words answers by what it says.

    A resident asks "养娃补贴打算发给多少孩子" where the report says "为超300万名婴幼儿发放育儿
    补贴": few of the question's words are in the quote, so the judge, which leans on them, refuses.
    The quote itself (not only its passage) close in meaning to the question is evidence that
    needs no shared words. It overrules only the judge, never a rule (another place, year,
    indicator, level, a figure of the wrong kind), and only where the words cannot tell: for a
    quote of the passage the vector retriever ranks first, that keeps some of the question's
    words, and lacks more of them (by weight) in everyday words no passage read uses ("养娃",
    "孩子") than in report words the passages use elsewhere. An everyday question on what no
    report states ("平均工资") is as close to some sentence ("城镇新增就业…", none of its words),
    and a question in report words ("政府债务余额") to a neighbouring figure ("政府债券规模",
    lacking "余额")."""

    meaning: Meaning
    floor: float  # the cosine from which the quote answers (embedder-specific: a named setting)
    terms: Sequence[Term]  # the question's key terms
    passages: str  # the text and headings of the passages read

    def overrules(self, best: ScoredPiece, evidence: AnswerEvidence) -> bool:
        if evidence.dense_rank < 1.0:
            return False
        if best.coverage is not None and best.coverage <= 0.0:
            return False
        if evidence.figure_question and not evidence.figure_found:
            return False  # the meaning vouches for what a quote is about, not for a figure it lacks
        quote = best.piece.text + " ".join(best.piece.chunk.heading_path)
        lacking = [t for t in self.terms if term_match(t, quote) == 0]
        # a word the passages only partly hold ("大学" of "孩子考上大学") is not a report word either
        everyday = sum(t.weight for t in lacking if term_match(t, self.passages) < 1.0)
        if everyday <= sum(t.weight for t in lacking) - everyday:
            return False  # (nothing lacking: the judge doubts it for another reason than words)
        similarity = self.meaning(best.piece.text)  # computed only here: one short embedding
        return similarity is not None and similarity >= self.floor


class ExtractiveAnswerer:
    """Chooses the exact words of the retrieved passages that answer a question."""

    def __init__(
        self,
        min_coverage: float = 0.6,
        min_coverage_agreed: float = 0.4,
        judge: AnswerabilityModel | None = None,
        min_confidence: float = 0.5,
        dense_weight: float = 0.0,
        usual_mentions: int = 2,
        retry_candidates: int = 12,
        meaning_floor: float | None = None,
        meaning_tie: float = 0.0,
        meaning_tie_candidates: int = 4,
        meaning_word_tie: float = 0.0,
        meaning_weak_coverage: float = 0.0,
        meaning_weak_candidates: int = 8,
        meaning_weak_margin: float = 1.0,
        unread_terms_need_meaning: bool = False,
        meaning_by_clause: bool = False,
        dense_bonus_floor: float | None = None,
        unread_noun_floor: float | None = None,
    ) -> None:
        # Without a fitted judge, the share of the question's key terms in the quote decides.
        self.min_coverage = min_coverage
        # Residents' words ("空气好的日子") are rarely the report's; when both retrievers put
        # the passage first, less of the question's wording has to be found in it.
        self.min_coverage_agreed = min_coverage_agreed
        self.judge = judge
        self.min_confidence = min_confidence
        # Residents' words are often not the report's ("生孩子…发钱" for 育儿补贴): the passage the
        # question's embedding ranks first is credited, so the choice does not rest on shared words.
        self.dense_weight = dense_weight
        # ...but a piece holding none of the question's words only where its own cosine to the
        # question reaches this (an embedder's cosine); None: never (no closeness, no credit).
        self.dense_bonus_floor = dense_bonus_floor
        # The quote's cosine below which a question asking no figure, about a thing no passage read
        # names, is refused (``_unread_thing``); None: never.
        self.unread_noun_floor = unread_noun_floor
        # How often the passages must name an indicator, always narrowed, for the narrowed name to
        # be the reports' usual one (usual_narrowings).
        self.usual_mentions = usual_mentions
        # How far down the ranked pieces a quote is looked for when a rule refuses the best one.
        self.retry_candidates = retry_candidates
        # The quote's cosine to the question from which it answers when the fitted judge doubts
        # it for its words (MeaningJudgement); None: the judge alone decides.
        self.meaning_floor = meaning_floor
        # A figure question's indicator whose modifier neither the quote nor any passage read uses
        # ("出生" of "出生人口有多少" over a report that never speaks of births): the judge, leaning on
        # the words the quote shares, passes "农业转移人口39.8万"; only its meaning may answer it.
        self.unread_terms_need_meaning = unread_terms_need_meaning
        # Pieces scored within this of the best are told apart by their meaning: a resident's words
        # ("快塌的老房子") match none of them, so the rules score "农村危房" and "农村卫生厕所" of one
        # sentence alike; 0: the score alone chooses. Only the order of cosines counts, so it holds
        # for any embedder.
        self.meaning_tie = meaning_tie
        self.meaning_tie_candidates = meaning_tie_candidates
        # Below this coverage of the best piece the words barely choose: the pieces of its passage
        # (of the first ``meaning_weak_candidates``) that trail it by no more than its words are
        # worth go by meaning.
        self.meaning_weak_coverage = meaning_weak_coverage
        # how much closer in meaning than the best a piece of another passage must be to be tied
        self.meaning_weak_margin = meaning_weak_margin
        self.meaning_weak_candidates = meaning_weak_candidates
        # How close in score quotes are that a word no passage uses cannot tell apart, to be
        # ordered by meaning (``_ties_by_meaning``).
        self.meaning_word_tie = meaning_word_tie
        # A sentence (of a question asking no figure) as close as its closest clause window, in the
        # orders by meaning: one clause of a long sentence may be what is asked.
        self.meaning_by_clause = meaning_by_clause

    def extract(
        self,
        frame: QuestionFrame,
        hits: Sequence[Hit],
        foreign_years: Sequence[int] = (),
        closeness: Meaning | None = None,
    ) -> Extraction:
        """``foreign_years``: asked years no stored report is about; a quote must name them.
        ``closeness``: how close a text is to the question in meaning, for a quote the judge
        doubts."""
        frame = content_frame(frame)
        clauses = frame.is_figure_question
        scored: list[ScoredPiece] = []
        about_report = frame.aspect in (WHO_Q, WHEN_Q) or frame.about_report
        lean = self.dense_weight * unmatched_share(frame, hits)
        rare = rarity_weighted(frame, hits)  # None: the question's own weights rank
        texts = [h.chunk.text for h in hits]
        usual = usual_narrowings(frame, texts, self.usual_mentions) if clauses else frozenset()
        wordless: list[tuple[ScoredPiece, float]] = []  # credited by their passage alone
        for i, hit in enumerate(hits):
            heading = " ".join(hit.chunk.heading_path)
            if not about_report and is_title_block(hit.chunk):
                continue  # the title, meeting line and "各位代表" answer only who, when and where
            dense_rank = hit.ranks.get("dense")
            meaning = lean / dense_rank if dense_rank else 0.0
            for piece in split_pieces(hit.chunk, i, clauses):
                if _injected(piece.text):
                    continue  # words addressed to a model are never an answer to a reader
                found = self._score(frame, piece, heading, foreign_years, usual)
                if rare is not None:
                    # ranked by the telling words; judged answerable on the question's own weights
                    telling = self._coverage(frame, rare, piece, heading) or 0.0
                    found.score += _W_COVERAGE * (telling - (found.coverage or 0.0))
                if meaning and not found.coverage:
                    wordless.append((found, meaning))
                else:
                    found.score += meaning
                scored.append(found)
        if not scored:
            return Extraction(None, False, "没有检索到相关段落")
        self._credit_by_own_meaning(frame, scored, wordless, closeness)
        scored.sort(key=lambda s: s.score, reverse=True)
        agreed = retrievers_agree(hits[0])
        read = _passages_text(hits)
        if closeness is not None and self.meaning_word_tie > 0:
            scored = _ties_by_meaning(frame, scored, closeness, self.meaning_word_tie, read)
        judgement = (
            MeaningJudgement(closeness, self.meaning_floor, frame.terms, read)
            if closeness is not None and self.meaning_floor is not None
            else None
        )
        if closeness is None:
            return self._first_answer(frame, scored, hits, foreign_years, agreed, usual, judgement, read)
        # Meaning chooses among the sentences the rules score alike, never whether to answer: the
        # closest sentence answers only if it passes the judge and every rule on its own ("居民电费每
        # 度降了多少" is not answered by "民生类支出占…", nor a province's GDP target by its plan
        # sentence on 就业 in the passage the vector side ranks first). Also where the best-scored
        # sentence is refused: a resident's words ("村子通上水泥路") tie "农村卫生厕所" with
        # "自然村通硬化路", and the one refused for its words need not be the one that answers.
        # Ordered first: the pieces it weighs (the best among them) are embedded in one call, which
        # the judge's closeness of the best quote then finds made.
        by_meaning = self._by_meaning(frame, scored, closeness, foreign_years, usual)
        chosen = self._first_answer(
            frame, scored, hits, foreign_years, agreed, usual, judgement, read, closeness
        )
        if by_meaning is scored:
            return chosen
        closer = self._first_answer(
            frame, by_meaning, hits, foreign_years, agreed, usual, judgement, read, closeness
        )
        return closer if closer.answerable else chosen

    def _unread_thing(
        self, frame: QuestionFrame, best: ScoredPiece, read: str, closeness: Meaning
    ) -> str | None:
        """The thing a question that asks no figure is about ("票价" of "坐公交地铁票价会不会降"), where
        no passage read names it in any form and the quote is not close in meaning
        (``unread_noun_floor``): a programme or fact the reports never mention, which the judge,
        fitted mostly on answerable questions of that kind, passes for the words the quote shares
        ("公交", "地铁"). A resident's word for what the report says in its own is close in meaning."""
        noun = frame.asked_noun
        if (
            self.unread_noun_floor is None
            or noun is None
            or frame.is_figure_question
            or frame.about_report
            or frame.aspect in (WHO_Q, WHEN_Q, SECTION_Q)
            or term_match(noun, read) > 0
        ):
            return None
        near = closeness(best.piece.text)
        return noun.text if near is not None and near < self.unread_noun_floor else None

    def _credit_by_own_meaning(
        self,
        frame: QuestionFrame,
        scored: Sequence[ScoredPiece],
        wordless: Sequence[tuple[ScoredPiece, float]],
        closeness: Meaning | None,
    ) -> None:
        """The dense retriever's credit to a piece that holds none of the question's words, given
        only where the piece itself is close in meaning (``dense_bonus_floor``): its passage ranked
        first by meaning is no evidence that each of its sentences answers ("刚出生的娃有没有医保"
        is not answered by the passage's sentence on 高速公路 for sharing its passage with 新生儿医保)."""
        if not wordless or closeness is None or self.dense_bonus_floor is None:
            return
        # Only a piece the credit would bring level with the best (or within the tie of meaning)
        # is weighed: the others stay behind whatever their meaning, and each weighed piece may
        # cost an embedding.
        top = max(sp.score for sp in scored)
        contenders = [(sp, m) for sp, m in wordless if sp.score + m >= top - self.meaning_tie]
        if not contenders:
            return
        cosines = self._closeness(frame, closeness, [sp.piece for sp, _ in contenders])
        for (sp, meaning), cosine in zip(contenders, cosines, strict=True):
            if cosine is not None and cosine >= self.dense_bonus_floor:
                sp.score += meaning

    def _first_answer(
        self,
        frame: QuestionFrame,
        scored: list[ScoredPiece],
        hits: Sequence[Hit],
        foreign_years: Sequence[int],
        agreed: bool,
        usual: frozenset[tuple[str, str]],
        judgement: MeaningJudgement | None,
        read: str,
        closeness: Meaning | None = None,
    ) -> Extraction:
        """``read``: the text of all the passages read, where the reports' own words are known;
        ``closeness``: how close a text is to the question in meaning (the quote's, for the judge)."""
        first = None
        for best in self._candidates(frame, scored):
            evidence = self._evidence(frame, best, hits, read)
            if self.judge is not None and closeness is not None:
                # the quote's own closeness: a service made every quote's vector ahead (sentence_fill)
                near = closeness(best.piece.text)
                if near is not None:
                    evidence = replace(evidence, quote_sim=near)
            confidence = self.judge.confidence(evidence) if self.judge is not None else None
            overrule = partial(judgement.overrules, best, evidence) if judgement is not None else None
            ok, reason = self._answers(frame, best, foreign_years, agreed, confidence, usual, overrule, read)
            if ok and _one_year_for_span(frame, best, hits):
                ok, reason = False, "段落是一年的数字，不是所问时期的"
            if ok and closeness is not None:
                unread = self._unread_thing(frame, best, read, closeness)
                if unread is not None:
                    ok, reason = False, f"报告没有说到“{unread}”"
            if ok:
                return Extraction(best, ok, reason, scored, evidence, confidence)
            first = first or Extraction(best, ok, reason, scored, evidence, confidence)
            if not _OTHER_INDICATOR.match(reason or ""):
                break
        assert first is not None
        return first

    def _by_meaning(
        self,
        frame: QuestionFrame,
        scored: list[ScoredPiece],
        closeness: Meaning,
        foreign_years: Sequence[int],
        usual: frozenset[tuple[str, str]],
    ) -> list[ScoredPiece]:
        """The pieces the rules score alike (within ``meaning_tie`` of the best), the closest in
        meaning to the question first; the rest as scored. Only where words cannot tell (the best
        piece lacks some of the question's words), and only among pieces that agree with the
        question's time as well as the best does ("累计达到…" of five years is no answer for one
        year, however close)."""
        best = scored[0]
        if self.meaning_tie <= 0 or best.coverage is None or best.coverage >= 1.0:
            return scored

        def timing(sp: ScoredPiece) -> float:
            return self._year_score(frame, sp.piece, foreign_years) + self._span_score(frame, sp.piece, usual)

        on_time = timing(best)
        tied = [
            sp
            for sp in scored[: self.meaning_tie_candidates]
            if best.score - sp.score <= self.meaning_tie and timing(sp) >= on_time
        ]
        if best.coverage < self.meaning_weak_coverage:
            return self._by_meaning_weak(frame, scored, closeness, tied, lambda sp: timing(sp) >= on_time)
        if len(tied) < 2:
            return scored
        cosines = self._closeness(frame, closeness, [sp.piece for sp in tied])
        if any(c is None for c in cosines):
            return scored
        return _closest_first(tied, [c or 0.0 for c in cosines], scored)

    def _closeness(
        self, frame: QuestionFrame, closeness: Meaning, pieces: Sequence[Piece]
    ) -> list[float | None]:
        """Each piece's closeness in meaning to the question, in one embedding call; a sentence of a
        question that asks no figure is as close as its closest clause window (``meaning_by_clause``)."""
        groups = [
            [p.text, *(_clause_windows(p) if self.meaning_by_clause and not frame.is_figure_question else ())]
            for p in pieces
        ]
        flat = closeness_of(closeness, [t for g in groups for t in g])
        out: list[float | None] = []
        at = 0
        for g in groups:
            got = flat[at : at + len(g)]
            at += len(g)
            out.append(None if got[0] is None else max(c for c in got if c is not None))
        return out

    def _by_meaning_weak(
        self,
        frame: QuestionFrame,
        scored: list[ScoredPiece],
        closeness: Meaning,
        tied: list[ScoredPiece],
        on_time: Callable[[ScoredPiece], bool],
    ) -> list[ScoredPiece]:
        """Where the best piece holds little of the question's words, they barely choose. A piece
        of the passage they chose that lacks every word the best one holds trails it by at most what
        those words score: such pieces are tied; one that holds fewer of them (not none) is tied only
        as a piece of another passage is (``_fewer_words``). A piece of another passage is tied only where its
        meaning is clearly the closer ("婴幼儿托位增加到3万个" for "托儿所能收小娃娃的位子", behind
        "新扩建幼儿园…94所" of the passage ranked first). Either way a figure question's piece keeps
        a figure of the asked kind if the best has one, and the question's time."""
        best = scored[0]
        weak_tie = self.meaning_tie + _W_COVERAGE * (best.coverage or 0.0)
        pool = [
            sp
            for sp in scored[: self.meaning_weak_candidates]
            if sp is best
            or (
                all(sp is not t for t in tied)
                and (sp.has_wanted_figure or not best.has_wanted_figure)
                and on_time(sp)
                and (sp.piece.chunk is not best.piece.chunk or best.score - sp.score <= weak_tie)
            )
        ]
        tied = [t for t in tied if t is not best]
        pieces = [sp.piece for sp in [best, *tied, *pool[1:]]]
        cosines = self._closeness(frame, closeness, pieces)
        if any(c is None for c in cosines) or len(pieces) < 2:
            return scored
        near = cosines[0] or 0.0
        chosen = [best, *tied]
        chosen_cos = [near, *[c or 0.0 for c in cosines[1 : 1 + len(tied)]]]
        for sp, c in zip(pool[1:], cosines[1 + len(tied) :], strict=True):
            clearly_closer = (c or 0.0) >= near + self.meaning_weak_margin
            if (sp.piece.chunk is best.piece.chunk and not _fewer_words(sp, best)) or clearly_closer:
                chosen.append(sp)
                chosen_cos.append(c or 0.0)
        if len(chosen) < 2:
            return scored
        return _closest_first(chosen, chosen_cos, scored)

    def _candidates(self, frame: QuestionFrame, scored: Sequence[ScoredPiece]) -> list[ScoredPiece]:
        """The best piece, then, should a rule find it gives another indicator's figure, the next
        ones that name the question's words more fully (and carry a figure of the asked kind, for a
        figure question): the rule rejects a quote, not the question, and the statement asked for
        may be a few pieces down ("预算稳定调节基金余额10亿元" behind a sentence on 支出 that names
        the fund too, preferred for being the whole city's)."""
        best = scored[0]
        out = [best]
        # "老百姓人均收入多少钱" where the best quote gives the income's five-year growth: a quote
        # that names the indicator as fully and gives its amount is the answer.
        growth_only = frame.asks_quantity and _growth_only(best)
        # "城镇新增就业目标是多少" where the best quote says how much the target grew ("预期目标比去年
        # 多100万人"): a quote that names the indicator as fully and states the target itself answers.
        compared_only = _compared_only(frame, best)
        # "五年一共新增就业多少人" where the best quote gives the yearly average: a quote further down
        # that gives no average may state the sum ("五年新增城镇就业…": the report's word order).
        average_only = frame.asks_sum and not frame.names_average and _average_only(frame, best)
        # "总量排第几" where the best quote ranks the growth: a quote as full that ranks the total
        unranked = frame.aspect == RANK_Q and not rank_of_asked(frame, best)
        for sp in scored[1 : self.retry_candidates]:
            fuller = (sp.coverage or 0) > (best.coverage or 0)
            if unranked and (sp.coverage or 0) >= (best.coverage or 0) and rank_of_asked(frame, sp):
                fuller = True
            if growth_only and (sp.coverage or 0) >= (best.coverage or 0) and not _growth_only(sp):
                fuller = True
            if compared_only and (sp.coverage or 0) >= (best.coverage or 0) and not _compared_only(frame, sp):
                fuller = True
            if average_only and not _average_only(frame, sp):
                fuller = True  # the judge weighs its words as any quote's
            # "其中出口增长10.8%" holds the words of "外贸进出口总额…增长5.6%" and no more ("出口" is
            # in "进出口"): it answers as the member of a family the better one does not name
            member = (
                bool(frame.siblings)
                and (sp.coverage or 0) >= (best.coverage or 0)
                and _names_members(frame, sp.piece)
            )
            if (fuller or member) and (sp.has_wanted_figure or not frame.is_figure_question):
                out.append(sp)
        return out

    @staticmethod
    def _evidence(frame: QuestionFrame, best: ScoredPiece, hits: Sequence[Hit], read: str) -> AnswerEvidence:
        """``read``: the text of the passages ``hits`` (``_passages_text``), made once per question."""
        chunk = best.piece.chunk
        heading = " ".join(chunk.heading_path)
        strong = [t for t in frame.terms if t.weight >= _STRONG_TERM]
        named = _naming_text(frame, best.piece.text)
        weakest = min((term_match(t, named + heading) for t in strong), default=1.0)
        kinds = {f.kind for f in best.figures}
        lacking_read, lacking_unread = _lacking_shares(frame.terms, named + heading, read)
        return AnswerEvidence.of(
            best.coverage,
            weakest,
            coverage(frame.terms, chunk.text, heading, 1.0),
            frame.is_figure_question,
            best.has_wanted_figure,
            bool(kinds & frame.prefers),
            best.piece.hit_index,
            hits,
            lacking_read,
            lacking_unread,
        )

    def _score(
        self,
        frame: QuestionFrame,
        piece: Piece,
        heading: str,
        foreign_years: Sequence[int],
        usual: frozenset[tuple[str, str]] = frozenset(),
    ) -> ScoredPiece:
        text = piece.text
        # Items listed under a heading ("培育壮大主导产业") often do not repeat its words.
        cov = self._coverage(frame, frame.terms, piece, heading)
        figs = find_figures(text)
        kinds = {f.kind for f in _item_figures(frame, text, figs)}
        if frame.wants_all:
            wanted = frame.wants_all <= kinds and _rank_after_growth(figs)
        elif frame.aspect == GROWTH_Q and not (frame.asks_added or frame.asks_share or frame.asks_rate):
            # "产业投资增长多少": a rate answers only as a change ("产业投资增长7%左右"), not as a
            # share or a level ("产业投资占全部投资比重保持在50%以上"); of an indicator that is a
            # rate ("失业率呢" after a growth), the level answers as well.
            wanted = any(
                f.kind in frame.wants and (f.kind not in _RATES or _changes(text, f))
                for f in _item_figures(frame, text, figs)
            )
        else:
            wanted = bool(kinds & frame.wants)
        score = _W_COVERAGE * (cov if cov is not None else 0.5)
        score += _W_RANK / (1 + piece.hit_index)
        if frame.is_figure_question:
            if wanted:
                score += _W_FIGURE if (kinds & frame.prefers or frame.wants_all) else _W_FIGURE / 2
            elif frame.asks_from_to and _FROM_TO_TEXT.search(text):
                # "从多少增长到多少": the two levels ("从11.37万亿元提高到14.58万亿元") are the figures
                # asked, though the verb reads as a growth whose rate ("增长3.9%") states neither
                score += _W_FIGURE
            if frame.aspect == RANK_Q and RANK not in kinds:
                score -= _W_FIGURE
            elif not figs or (RANK not in frame.wants and _ranks_only(figs)):
                # no figure never answers how much ("千方百计增加城乡居民收入" beside "城镇、农村常住
                # 居民人均可支配收入分别增长4.4%、5.9%"); nor does a rank, the other way round:
                # "居民收入增速居全国第6位" says where the growth ranks, not how much it was
                score -= _W_FIGURE
        score += self._year_score(frame, piece, foreign_years)
        score += self._span_score(frame, piece, usual)
        score += self._part_score(frame, piece)
        score += self._aspect_bonus(frame, text)
        if frame.asks_definition and piece.note is not None:
            score += 2.0
        if frame.aspect in (WHEN_Q, WHO_Q) and _quoted_name_missing(frame, text):
            score -= _W_QUOTED_MISS  # "“自审自发”试点出自哪天": the date of another note
        score += self._length_score(frame, piece)
        score += self._level_score(frame, piece)
        if frame.is_figure_question and _restated_unasked(frame, text):
            score -= _W_RESTATED
        if frame.is_figure_question and frame.asks_total and not BUDGET_TOTAL.search(text):
            score -= _W_TOTAL  # "收入总计多少": not the revenue before the transfers are added
        if frame.asks_budget_share and not BUDGET_SHARE_TEXT.search(text):
            score -= _W_YEAR_MISS  # "完成预算的多少": only "完成预算的98.9%" answers, as for a yearly average
        score += _W_PHRASE * _phrase_share(frame, text)
        score -= _W_PART_OF_ASKED * _part_of_asked_only(frame, text)
        asked_books = frame.books
        if frame.is_figure_question and asked_books and not asked_books & (piece_books(piece) or asked_books):
            score -= _W_LEVEL  # another of the four budgets' figure ("段落说的是另一本预算")
        if frame.is_figure_question and _in_breakdown(frame, piece):
            score -= _W_NARROWING  # a part's figure, where the whole's is asked
        if _FILE_NAME.search(text):
            score -= _W_FILE_NAMES  # a web page's list of attachments to download says nothing itself
        return ScoredPiece(piece, score, cov, figs, wanted)

    @staticmethod
    def _coverage(frame: QuestionFrame, terms: Sequence[Term], piece: Piece, heading: str) -> float | None:
        # Items listed under a heading ("培育壮大主导产业") often do not repeat its words.
        credit = 0.6 if frame.is_figure_question else 0.9
        if piece.note is not None:
            # A footnote explains a term of its paragraph: it is read with that paragraph.
            return coverage(terms, _naming_text(frame, piece.text + piece.chunk.text), heading, credit)
        # An item of a list the sentence announces ("主要预期目标是：…，城乡居民收入分别增长…")
        # is named by the announcement too, as by a heading.
        # A budget's figure in a sentence that does not name its budget ("安排支出总计88.6亿元")
        # is named by its paragraph's lead, as by a heading.
        book = _unnamed_book(piece) if frame.is_figure_question and piece.chunk.level is not None else ""
        # A part's sentence ("其中，中央财政赤字1.4万亿元") is named by the whole's before it too
        # ("今年拟安排财政赤字2.18万亿元"), which it does not say again.
        whole = _whole_of_asked_part(frame, piece) if frame.is_figure_question else ""
        context = f"{heading} {_announcement(piece)} {book} {_unnamed_level(frame, piece)} {whole}"
        # the zone its paragraph opened with names the piece as its own words would: a zone's name
        # is a key term of the question, where a level's words (全市, 市本级) are a slot
        zone = f" {_carried_part_name(piece.chunk.text, piece.start)}" if _of_asked_zone(frame, piece) else ""
        named = _naming_text(frame, piece.text) + _own_row_name(piece.text) + zone
        return coverage(terms, named, context, credit)

    @staticmethod
    def _level_score(frame: QuestionFrame, piece: Piece) -> float:
        """A budget figure of the asked level (the whole place when the question does not say)."""
        level = passage_level(piece)
        covers = piece.chunk.covers
        # (the reviewed year's part read only where the question's own words leave it open)
        asks_outturn = frame.wants_plan is False or (
            frame.wants_plan is None
            and not frame.asks_budgeted
            and (frame.asks_outturn or _reviews_asked_years(frame, covers))
        )
        if level is None:
            # No level named (a county's explanation that never writes 全县 or 县级): still, a
            # sentence giving the budget the congress approved or adjusted ("年初预算为…收入76138万
            # 元", "调整为89138万元") is no answer to what the year brought in.
            if not asks_outturn:
                return 0.0
            if _states_approved_budget(_sentence_of(piece)):
                return -_W_OUTTURN
            return 0.0  # not a budget report's figure passage
        if lower_level_of(frame.lower_asks, piece.chunk.place) is not None:
            return 0.0  # a level below the report's: the sentence naming it is looked for, not a level
        score = -_W_LEVEL if level != (frame.level or WHOLE) else 0.0
        # only a budget's own figure may be the budget approved: "全市落实减税降费超13亿元" is what
        # a measure came to, not a sum the congress approved
        states_budget = _BUDGET_HEAD_TEXT.search(_sentence_of(piece)) is not None
        if (
            asks_outturn
            and states_budget
            and not _OUTTURN_RE.search(piece.text)
            and not _goes_on_outturn(piece)
        ):
            # "完成多少", or any figure of the reviewed year: the outturn, not the budget the
            # congress approved ("经汇总，全市一般公共预算收入为335.79亿元")
            score -= _W_OUTTURN
        return score

    @staticmethod
    def _year_score(frame: QuestionFrame, piece: Piece, foreign_years: Sequence[int]) -> float:
        text, chunk_year, covers = piece.text, piece.chunk.year, piece.chunk.covers
        score = 0.0
        for y in frame.years:
            if y in foreign_years:
                if not _names_year(text, y):
                    score -= _W_YEAR_MISS
            elif (
                chunk_year is not None
                and chunk_year != y
                and f"{y}年" not in text
                # a passage of one year's part says its year once, in the heading or the paragraph's lead
                # ("市本级…完成61.7亿元" under "2025年…执行情况"): its part is the year's
                and (covers is None or covers.years != (y,))
                # a question over the years up to one ("到2030年…每年", "累计") is answered by the
                # part that covers the years to it (the five-year plan's), which names none of them
                and not (frame.spans_years and covers is not None and y in covers.years)
            ):
                score -= _W_YEAR_MISS
        return score

    @staticmethod
    def _span_score(
        frame: QuestionFrame, piece: Piece, usual: frozenset[tuple[str, str]] = frozenset()
    ) -> float:
        """A figure question about one year is not answered by a five-year figure, nor by a
        narrower indicator than the one asked ("人均…" for "…总值")."""
        if not frame.is_figure_question:
            return _figure_span_score(frame, piece)
        text, score = piece.text, 0.0
        one_year = len(frame.years) <= 1 and not frame.spans_years
        if one_year and _multi_year(text):
            score -= _W_SPAN
        covers = piece.chunk.covers
        if one_year and frame.years and covers is not None and len(covers.years) > _ONE_PART_SPAN:
            score -= _W_SPAN  # a five-year part, when the year's own part says it too
        stretch = frame.asks_from_to and _FROM_TO_TEXT.search(text)
        spans_asked = frame.spans_years and not _spans_a_figure(text) and not stretch
        if spans_asked and _one_year_paragraph(piece.chunk):
            # "“十四五”期间新增就业多少": not the review year's own figure ("全年新增就业107万人"),
            # nor the plan year's beside a clause on the period ("…增长5%-5.5%，…碳排放双控达到
            # 国家下达“十五五”目标任务的序时进度"); as a year's figure is no answer for another year,
            # the five years' part states its own ("粮食年产量稳定在700亿斤以上"), however fewer of
            # the question's words
            score -= _W_YEAR_MISS
        if frame.asks_average and not _states_average(text):
            # a yearly average asked: a piece that states none cannot answer (see _answers), so
            # one that does wins over it, however many of the question's other words it has
            score -= _W_YEAR_MISS
        if frame.per_unit and _per_unit_missing(frame, _sentence_of(piece)):
            score -= _W_YEAR_MISS  # as for a yearly average: a piece with the per-head figure wins
        return score - _W_NARROWING * narrowed_mentions(frame, text, usual)

    @staticmethod
    def _part_score(frame: QuestionFrame, piece: Piece) -> float:
        """First-half results answer 上半年 questions; plans answer 下半年/全年目标 questions."""
        plan = in_plan_part(piece.chunk)
        asks_plan = frame.wants_plan is True
        if asks_plan:
            if _PROGRESS_WORDS.search(piece.text):
                return -_W_PART / 2  # "完成全年目标的84.3%" is progress, not the target
            return _W_PART / 2 if plan or _PLAN_WORDS.search(piece.text) else -_W_PART / 2
        if plan:
            # Results were asked for ("上半年…", a figure); a plain question may be about a plan.
            return -_W_PART if (frame.period == "上半年" or frame.is_figure_question) else 0.0
        if frame.is_figure_question and "全年" in piece.text and not frame.names_full_year:
            return -_W_PART / 3  # "全年…不少于105亿元" is a target, not a result
        if frame.is_figure_question and _TARGET_TEXT.search(piece.text):
            return -_W_PART / 3  # "控制在5.5%以内" is how a target is worded
        return 0.0

    @staticmethod
    def _aspect_bonus(frame: QuestionFrame, text: str) -> float:
        if frame.asks_from_to:
            return _W_FROM_TO if _FROM_TO_TEXT.search(text) else 0.0
        if frame.aspect in (LIST_Q, SECTION_Q):
            return min(len(_ENUM_RE.findall(text)), 6) * 0.4
        if frame.aspect == WHO_Q:
            return 3.0 if _ROLE_RE.search(text) else 0.0
        if frame.aspect == WHEN_Q:
            return 3.0 if _dated(frame, text) else 0.0
        if frame.aspect == WHY_Q:
            return 2.0 if _CAUSE_RE.search(text) else 0.0
        if frame.aspect == GROWTH_Q:
            if frame.asks_added:
                # "床位多了多少张": 新增…547张; "一共增加了多少": 较…增加4374.4亿元
                return 2.0 if _ADDED_TEXT.search(text) else 0.0
            return 0.5 if _GROWTH_WORD_TEXT.search(text) else 0.0
        return 0.0

    @staticmethod
    def _length_score(frame: QuestionFrame, piece: Piece) -> float:
        length = len(piece.text.strip())
        if frame.is_figure_question and length <= 70 and piece.level == "clause":
            # The figure with the clauses that go on about it ("…1020.53亿元，…同比增长4.4%，
            # 位列主城第2") rather than the bare clause, as long as it stays short.
            score = length / 500
        else:
            score = -length / 400  # the shorter of two equally good pieces
        if frame.aspect == LIST_Q:
            limit = 260
            if piece.level in ("segment", "clause"):
                score -= 1.0  # a list is the whole sentence of items
        elif frame.is_figure_question:
            limit = 70
        else:
            limit = 140
        if length > limit:
            score -= (length - limit) / 40
        if piece.level == "clause" and length < 6:
            score -= 2.0
        return score

    def _answers(
        self,
        frame: QuestionFrame,
        best: ScoredPiece,
        foreign_years: Sequence[int],
        agreed: bool = False,
        confidence: float | None = None,
        usual: frozenset[tuple[str, str]] = frozenset(),
        overrule: Callable[[], bool] | None = None,
        read: str | None = None,
    ) -> tuple[bool, str | None]:
        """``overrule``: whether the quote answers by its meaning where the judge doubts it;
        ``read``: the text of all the passages read, where the reports' own words are known."""
        text = best.piece.text
        for y in foreign_years:
            if not _names_year(text, y):
                return False, f"没有{y}年的报告"
        where = _sentence_of(best.piece) if frame.is_figure_question else best.piece.chunk.text
        inner = frame.scope.inner if frame.scope is not None else ()
        for place in frame.sub_places:
            # a district or city inside the place a report is of, asked by name: the report's
            # figure is not theirs unless the sentence giving it names them
            stem = place_stem(place)
            topic = place in inner and not frame.is_figure_question and place not in frame.compared_places
            if topic and (stem in where or any(stem in h for h in best.piece.chunk.heading_path)):
                # "浦东引领区建设有哪些进展": a topic of the report, not a place's figure, answered by a
                # passage on it; the province's own list is no answer to "喀什地区要办的民生实事有哪些"
                continue
            if stem not in text and stem not in where and not zone_named(place, where):
                return False, f"报告中没有{place}的数据"
            own = best.piece.chunk.place
            elsewhere = _figures_elsewhere(where, stem, own, frame.question) if place in inner else None
            if frame.is_figure_question and elsewhere is not None:
                # "支持成都做优做强…，泸州经济总量突破3000亿元" asked 成都's GDP: the sentence names
                # 成都, but its figure is 泸州's
                whose = f"（段落中的数字是{elsewhere}的）" if elsewhere else ""
                return False, f"报告中没有{place}的数据{whose}"
        chunk, piece = best.piece.chunk, best.piece
        # the zone a figure is of is named in its sentence, its paragraph's lead or its headings
        first = best.figures[0] if best.figures else None
        at = piece.start + first.start if first else None
        said = _sentence_at(piece.source, at, at) if at is not None else where
        zone = _other_zone(frame, f"{said} {_sentence_at(chunk.text, 0, 0)} {' '.join(chunk.heading_path)}")
        if frame.is_figure_question and zone is not None:
            # "三明高新区…收入" where the report gives only its 现代物流产业开发区's figures
            return False, f"报告中没有{zone}的数据"
        organ = _unnamed_organ(frame, read) if frame.is_figure_question else None
        if organ is not None:
            # "教育局2026年部门预算是多少": a department no passage names; the government's
            # 教育支出 is not that department's own budget
            return False, f"报告中没有{organ}的数据"
        if (
            frame.is_figure_question
            and not best.has_wanted_figure
            # "连续多少年全国第一" is answered by a run of years only: "粮食总产量1640.06亿斤" is the
            # record's own size, not how long it has lasted
            and (frame.unit_named or frame.asks_rate or frame.wants == {RUN} or not find_figures(text))
        ):
            return False, "最接近的段落没有所问的数字"
        if frame.aspect == RANK_Q and not rank_of_asked(frame, best):
            # "总量排全国第几" is not answered by "增速居全国第2位", "进出口总额排第几" not by
            # "旅客吞吐量…居全国第3位", "在全省排第几" not by "保持主城第1", nor by a figure alone
            return False, REASON_NO_RANK
        if frame.is_figure_question and _given_by_question(frame, best):
            # "新增的16.4万个学位里，小学学位有多少个" is not answered by "新增学位16.4万个": the asker
            # states that figure, and asks a part of it the report does not give
            return False, "段落的数字是问题里已经给出的"
        if frame.is_figure_question and frame.asks_money and all(f.kind != MONEY for f in best.figures):
            # "起征点提高到多少钱" is not answered by "提高个人所得税起征点，设立6项专项附加扣除": money
            # asked in so many words, a count given (a sum later in the quote may be the activity's
            # own).
            return False, "最接近的段落没有所问的数字"
        if frame.measure_units and best.has_wanted_figure and not _in_measure(frame, best):
            # "港口货物吞吐量多少亿吨" is not answered by "集装箱吞吐量8097万标箱": a figure in
            # another unit of measure is another quantity's
            return False, "段落的数字不是所问单位的"
        if frame.is_figure_question and best.has_wanted_figure and not _figure_follows(frame, best):
            # "兑现以旧换新补贴169亿元，…社会消费品零售总额增长5.1%": the amount is another thing's,
            # the asked indicator is given only its growth.
            return False, "段落中所问指标之后没有所问的数字"
        asked_books = frame.books
        books = piece_books(best.piece)
        if asked_books and books and not asked_books & books:
            # "经开区政府性基金收入…" is no answer to a question about the 社会保险基金 budget
            return False, "段落说的是另一本预算"
        level = passage_level(best.piece)
        if level is None and frame.level is not None:
            # "全市教育支出78.71亿元" in a paragraph of achievements: the sentence says whose money
            level = lead_level(text)
        if level is not None and frame.level is not None and level != frame.level:
            # "全区…支出125.9亿元，其中区本级支出111.0亿元": the part after 其中 is the level asked
            level = frame.level if _part_of_level(text, frame.level) else level
        lower = lower_level_of(frame.lower_asks, best.piece.chunk.place) if level is not None else None
        if frame.is_figure_question and lower is not None and lower.rstrip("的") not in where:
            # "区县级一般公共预算收入" of a city's report: it gives 全市 and 市本级, and the counties'
            # sum only where a sentence names them so
            return False, f"段落没有{lower.rstrip('的')}的数字"
        if (
            frame.is_figure_question
            and frame.level is not None
            and lower is None  # "县级" read as an own level is the counties' in a city's report
            and level is not None
            and level != frame.level
        ):
            # "全市“三公”经费（不是市本级）" asked where the report gives only 市本级's: the level
            # named is part of what is asked, another level's figure is no answer to it
            return False, "段落是另一级财政的数字"
        covers = best.piece.chunk.covers
        if (
            frame.period == "全年"
            and covers is not None
            and covers.period == "first_half"
            and covers.aspect == "results"
            and "全年" not in text
        ):
            # "2021年全年GDP最终完成了多少" is not answered by the first half's result
            return False, "段落是上半年的数据，不是全年的"
        if frame.period in QUARTERS and frame.period not in text:
            # Reports cover half-years and years: a quarter's figure must be stated as such.
            return False, f"报告没有{frame.period}的数据"
        if (
            frame.is_figure_question
            and frame.spans_years
            and passage_level(best.piece) is not None
            and not _MULTI_YEAR.search(where)
        ):
            # "“十五五”期间…累计多少" is not answered by one year's budget figure: a budget report's
            # figure passages give a year each, a period's totals are said as such ("累计", "五年")
            return False, "段落是一年的数字，不是所问时期的"
        if (
            frame.is_figure_question
            and frame.wants_plan is True
            and covers is not None
            and covers.aspect == "results"
            and passage_level(best.piece) is not None
            and _OUTTURN_TEXT.search(where)
            and not _BUDGETED_TEXT.search(where)
        ):
            # "2025年收入打算安排多少" is not answered by 2025's outturn ("执行数：36.8亿元") of the
            # next year's report: a budget report states the plan in words of its own
            return False, "段落是执行数，不是所问的预算安排"
        if (
            frame.is_figure_question
            and len(frame.years) == 1
            and not (frame.spans_years or frame.asks_average)
            and covers is not None
            and len(covers.years) > _ONE_PART_SPAN
            and _MULTI_YEAR.search(text)
            and f"{frame.years[0]}年" not in where
        ):
            # "2025年城镇新增就业多少人" is not answered by the five years' "城镇新增就业累计106万人":
            # a review of several years states its sum, the year's own figure is not given there
            return False, "段落是几年合计的数字，不是所问那一年的"
        if frame.is_figure_question and frame.asks_average and not _states_average(text):
            # "“十四五”时期年均增长多少" is answered by a yearly average, not by one year's growth
            # nor by the growth over the whole period.
            return False, "段落没有所问时期的年均数"
        if (
            frame.is_figure_question
            and frame.asks_sum
            and not frame.names_average
            and _average_only(frame, best)
        ):
            # "五年一共新增就业多少人" is not answered by "平均每年城镇新增就业1000多万人": a yearly
            # average is not the sum asked, which a passage nearby may state ("五年新增…5100万人")
            return False, "段落是每年的平均数，不是所问的合计"
        if frame.is_figure_question and frame.asks_quantity and _growth_only(best):
            # "技术合同成交额是多少" is not answered by "技术合同成交额增长48%": the report gives the
            # quantity's change, not the quantity
            return False, "段落只有所问指标的增减，没有它的数额"
        if _compared_only(frame, best):
            # "人均预期寿命达到多少岁" is not answered by "人均预期寿命再提高1岁": an amount a
            # comparison adds is by how much the indicator moved, not what it reached
            return False, "段落只有所问指标比较的增减，没有它本身的数"
        unmet = _narrowing_unmet(frame, text)
        if unmet is not None:
            # "人均GDP是多少" is not answered by "地区生产总值增长5.1%，…居民人均可支配收入增长…":
            # the per-head figure there is another indicator's, the asked one is given whole
            return False, f"段落没有说到“{unmet}”"
        if _per_unit_missing(frame, where) and not _rate_of_change(frame, best):
            # "人均一般公共预算支出多少元" is not answered by the whole budget's 1625.77亿元
            return False, "段落的数字不是所问的人均或每月标准"
        # The sentence the quote is part of, from its start ("2026年10件民生实事：…新增就业…").
        source = best.piece.source
        opening = source[max(source.rfind(c, 0, best.piece.start) for c in "。！？\n") + 1 : best.piece.end]
        if frame.is_figure_question and narrowed_mentions(frame, text, usual):
            # "人均生产总值提升至7.6万元" is no answer to a question about 地区生产总值.
            return False, "段落的数字是另一个更窄的指标的"
        lead_year = _LEAD_YEAR.match(opening)
        sentence_end = min(
            (i for i in (source.find(c, best.piece.end) for c in "。！？\n") if i >= 0), default=len(source)
        )
        sentence = opening + source[best.piece.end : sentence_end]
        if (
            lead_year
            and len(frame.years) == 1
            and int(lead_year.group(1)) != frame.years[0]
            and f"{frame.years[0]}年" not in sentence
        ):
            # "2026年10件民生实事…" speaks of another year than the one asked; "2025年预计完成…，
            # 2026年安排…" speaks of both.
            return False, f"段落说的是{lead_year.group(1)}年"
        if frame.terms and all(t.weight < _STRONG_TERM for t in frame.terms):
            # "生了多少娃": one-character words only, none a key term the judge weighs; the quote
            # has to hold each of them (or a synonym), or it is about something else
            named = text + " ".join(best.piece.chunk.heading_path)
            missing = next((t.text for t in frame.terms if term_match(t, named) == 0), None)
            if missing is not None:
                return False, f"段落没有说到“{missing}”"
        period = _other_plan_period(frame, read) if frame.is_figure_question and read is not None else None
        if period is not None:
            # "“十三五”期间GDP年均增长多少" over a report of the 十四五 and 十五五: the passages read
            # name plan periods, never the one asked, so no figure there is of it
            return False, f"报告没有说到“{period}”时期"
        if confidence is not None:
            if confidence < self.min_confidence and (overrule is None or not overrule()):
                return False, f"最接近的段落能回答的把握只有{confidence:.0%}"
        else:
            threshold = self.min_coverage
            if best.piece.hit_index == 0 and agreed:
                threshold = self.min_coverage_agreed
            if best.coverage is not None and best.coverage < threshold:
                return False, f"最接近的段落只含问题关键词的{best.coverage:.0%}"
            if frame.is_figure_question and not best.has_wanted_figure:
                return False, "最接近的段落没有所问的数字"
        if (
            self.unread_terms_need_meaning
            and confidence is not None
            and confidence >= self.min_confidence
            and frame.is_figure_question
            and read is not None
        ):
            unread = _unread_term(frame, text + " ".join(best.piece.chunk.heading_path), read)
            if unread is not None and (overrule is None or not overrule()):
                # "出生人口有多少" over a report that never says 出生: the quote on "农业转移人口" shares
                # 人口 only, and a modifier no passage uses is either a resident's (the meaning
                # tells) or an indicator the report does not give
                return False, f"报告没有说到“{unread}”"
        found = _indicator_head(frame)
        if (
            found is not None
            and frame.is_figure_question
            and term_match(found[0], text) < 0.7
            and not _states_share(frame, found[1], text)
        ):
            # Another indicator of the same family ("…收入" for a question on "…支出").
            term, word = found
            owner = _figure_owner(text, best.figures, frame)
            other = [m.group(1) for m in INDICATOR_HEADS_ANY.finditer(text) if m.group(1) != word]
            if owner != word and other:
                return False, f"段落说的是“{owner or other[0]}”，不是“{term.text}”"
        elif found is not None and frame.is_figure_question:
            # "政府债务余额3671.16亿元，控制在…债务限额内" asked 限额: the asked head is named only
            # after the figures, the last of which the head before it owns
            term, word = found
            at = text.find(word)
            wanted = [f for f in best.figures if not frame.wants or f.kind in frame.wants]
            before = [f for f in wanted if f.end <= at]
            if at >= 0 and wanted and len(before) == len(wanted):
                owner = _figure_owner(text, before[-1:], frame)
                if owner is not None and owner != word:
                    return False, f"段落说的是“{owner}”，不是“{term.text}”"
        sibling = _sibling_given(frame, best.piece) if frame.is_figure_question else None
        if sibling is not None:
            # "江西外贸进口增长多少" is not answered by "外贸进出口增长2.7%，…出口分别增长…": the
            # quote gives another indicator of the asked one's family and never names the asked one
            given, asked_member = sibling
            if given is None:
                return False, f"段落没有说到“{asked_member}”"
            return False, f"段落说的是“{given}”，不是“{asked_member}”"
        part = _part_unnamed(frame, best.piece) if frame.is_figure_question and frame.asked_part else None
        if part is not None:
            # "科技支出里，基础研究经费安排多少" is not answered by "安排科技支出1134亿元": the
            # whole's figure is a neighbour of the part asked, which the quote's sentence never names
            return False, f"段落没有说到“{part}”"
        deed = _figure_of_a_deed(frame, best) if found is not None and frame.is_figure_question else None
        if deed is not None and found is not None:
            # "…高新技术企业税收等涉企优惠政策，全市落实减税降费超13亿元" asked 税收收入: the amount is
            # what the clause's own verb did, not a figure of the indicator named before it
            return False, f"段落说的是“{deed}”，不是“{found[0].text}”"
        unnamed = _unnamed_indicator(frame, best.piece) if frame.is_figure_question else None
        if unnamed is not None:
            # "市本级预备费安排了多少" is not answered by "市本级社会保险基金预算支出安排…": a
            # budget's figure answers only the indicator its sentence (or its lead) names
            return False, f"段落没有说到“{unnamed}”"
        if (
            frame.is_figure_question
            and frame.aspect == GROWTH_Q
            and not best.has_wanted_figure
            and not _CHANGE_TEXT.search(where)
        ):
            # "比上年增长了多少" where the sentence gives the amount alone: no change is stated
            return False, "段落没有所问的增减"
        wider = _missing_modifier(frame, best.piece, read) if frame.is_figure_question else None
        if wider is not None:
            # "全市教育支出安排多少" is not answered by "安排一般公共预算支出总计…": the passage never
            # names 教育, its figure is of the wider indicator
            return False, f"段落说的是更宽的指标，不是“{wider}”的"
        if frame.aspect == WHO_Q and not _ROLE_RE.search(text) and best.coverage is None:
            return False, "没有找到作报告的人"
        roles = frame.roles
        if frame.aspect == WHO_Q and roles and not any(r in text for r in roles):
            # "哪位总理作的报告" is answered by a sentence naming a 总理, not by "我代表国务院".
            return False, f"段落没有说是哪位{roles[0]}"
        if frame.aspect == WHEN_Q and best.coverage is None and not _DATE_RE.search(text):
            return False, "没有找到日期"
        if frame.aspect == WHEN_Q and frame.when_event and frame.when_event not in text:
            # "人代会是哪天闭幕的": the title page's date is when the report was delivered, not this
            return False, f"段落没有说哪天{frame.when_event}"
        return True, None


# How many of the best pieces a tie is looked for among (each distinct sentence is embedded).
_MAX_TIED = 8


def _ties_by_meaning(
    frame: QuestionFrame, scored: list[ScoredPiece], closeness: Meaning, tie: float, read: str
) -> list[ScoredPiece]:
    """``scored`` with the pieces tied with the best one (within ``tie``, the same coverage)
    ordered by how close their sentences are in meaning to the question, when the question has a
    key word no passage read uses: "财政在治污上安排了多少资金" beside "统筹安排资金29.45亿元，支持
    …老旧小区" and "统筹安排资金26亿元，重点支持…污染防治" names both alike, the sentence's
    meaning tells them apart."""
    if not any(t.weight >= 2 and term_match(t, read) == 0 for t in frame.terms):
        return scored
    top = scored[0]
    tied = [
        sp
        for sp in scored[:_MAX_TIED]
        if top.score - sp.score <= tie
        and sp.coverage == top.coverage
        and sp.has_wanted_figure == top.has_wanted_figure
    ]
    if len(tied) < 2:
        return scored
    # a sentence's embedding is kept by its text (drafts.SentenceVectors): asked twice, made once
    cosines = [c or -1.0 for c in closeness_of(closeness, [_sentence_of(sp.piece) for sp in tied])]
    return _closest_first(tied, cosines, scored)


def _clause_windows(piece: Piece) -> list[str]:
    """The clause windows a figure question's pieces include that lie inside ``piece`` (a
    sentence or a ；-segment), the piece itself left out; none for a clause or a footnote."""
    if piece.level not in ("sentence", "segment"):
        return []
    return [
        p.text
        for p in split_pieces(piece.chunk, piece.hit_index, True)
        if p.level == "clause" and p.note is None and piece.start <= p.start and p.end <= piece.end
    ]


def _fewer_words(piece: ScoredPiece, best: ScoredPiece) -> bool:
    """``piece`` holds some of the question's words, but less of their weight than ``best``: the
    words chose between them, however barely ("新增普惠托位数210个" over "省优质幼儿园覆盖率" for
    "托儿所多了吗"), and a cosine a hair closer is the embedder's noise, not a closer meaning. A
    piece holding none of them is one the words cannot judge ("育儿补贴" for "生孩子…发钱")."""
    return 0.0 < (piece.coverage or 0.0) < (best.coverage or 0.0)


def _closest_first(
    tied: list[ScoredPiece], cosines: list[float], scored: list[ScoredPiece]
) -> list[ScoredPiece]:
    """The ``tied`` pieces, the closest in meaning first (equal ones in their scored order), then
    the rest of ``scored`` as scored."""
    order = sorted(range(len(tied)), key=lambda i: -cosines[i])  # stable
    chosen = [tied[i] for i in order]
    return chosen + [sp for sp in scored if all(sp is not c for c in chosen)]


def _announcement(piece: Piece) -> str:
    """The words before the colon that opens the piece's sentence, when the piece comes after it
    ("经济社会发展主要预期目标是：" for an item of that list); "" otherwise."""
    return _announcement_at(piece.source, piece.start)


# Every question that reads a passage scores its pieces again (the same passages come back
# question after question): what a piece's text alone decides is kept by that text, as its
# spans are (``_piece_spans``), so a new index version needs no clearing.
@lru_cache(maxsize=32768)
def _announcement_at(source: str, at: int) -> str:
    start = max(source.rfind(c, 0, at) for c in "。！？\n") + 1
    colon = max(source.rfind(c, start, at + 1) for c in "：:")
    return source[start:colon] if colon >= start else ""


def _unnamed_organ(frame: QuestionFrame, read: str | None) -> str | None:
    """A department the question names (``QuestionFrame.organs``) that none of the passages read
    names, or None: a report that never speaks of it gives none of its figures."""
    if read is None:
        return None
    return next((word for word in frame.organs if word not in read), None)


# A sentence that gives the parts of what the one before it gave ("分险种来看，…养老保险基金收入…；
# 职工基本医疗保险基金收入…", "其中：增值税…").
_BREAKDOWN_OPENING = re.compile(r"^\s*(?:分[\u4e00-\u9fa5]{1,6}?(?:来)?看|其中)")


def _in_breakdown(frame: QuestionFrame, piece: Piece) -> bool:
    """The piece is of a sentence that breaks a whole into its parts, and a word of the question's
    (of weight) that its paragraph's lead or headings say, the sentence does not: asked "社保基金
    滚存结余", the part "城乡居民基本养老保险基金…滚存结余78.4亿元" names a narrower fund than the
    asked one (the lead's 社会保险基金), whose figure the sentence before gives."""
    sentence = _sentence_of(piece)
    if not _BREAKDOWN_OPENING.match(sentence):
        return False
    if _whole_of_asked_part(frame, piece):
        return False
    around = _named_before(piece)
    return any(
        t.weight >= 2
        and asked_level(t.text) is None  # "本级": the parts are of the lead's level, the level rules judge it
        and term_match(t, sentence) == 0
        and term_match(t, around) > 0
        for t in frame.terms
    )


def _whole_before(piece: Piece) -> str:
    """The sentence before a piece's sentence when that one gives its parts ("…2.18万亿元。其中，
    中央…"); "" otherwise."""
    return _whole_before_at(piece.source, piece.start, piece.end)


@lru_cache(maxsize=32768)  # by the text, as _sentence_at: read for every piece of a figure question
def _whole_before_at(source: str, start: int, end: int) -> str:
    first = max(source.rfind(c, 0, start) for c in "。！？\n") + 1
    if not _BREAKDOWN_OPENING.match(source[first:end]) or first == 0 or source[first - 1] == "\n":
        return ""
    return source[max(source.rfind(c, 0, first - 1) for c in "。！？\n") + 1 : first]


def _whole_of_asked_part(frame: QuestionFrame, piece: Piece) -> str:
    """The whole's sentence before a part's when the part is what is asked: the part's sentence
    names a word of the question's (of weight) that the whole's does not ("中央" of "中央财政赤字");
    "" otherwise (asked the whole, a part names a narrower indicator)."""
    whole = _whole_before(piece)
    if not whole:
        return ""
    sentence = _sentence_of(piece)
    part = any(
        t.weight >= 2 and term_match(t, sentence) > 0 and term_match(t, whole) == 0 for t in frame.terms
    )
    # "全省一般公共预算支出13445.3亿元。其中：省级支出2241.8亿元" asked of the own level: the
    # part is the level asked, the whole's sentence of another level names the budget
    level = passage_level(piece)
    of_level = frame.level is not None and level == frame.level and lead_level(whole) not in (None, level)
    return whole if part or of_level else ""


def _figures_elsewhere(sentence: str, stem: str, own: str | None, asked: str = "") -> str | None:
    """Whether a sentence that names ``stem`` gives its figures to something else: a figure is
    ``stem``'s in a clause naming it or in the clause right after one, with no other place named
    between ("成都地区生产总值增长6%，达到2.4万亿元"). None when one is ``stem``'s or there is no
    figure; else the other place named before the last figure, or "" when jieba knows none.
    A place word the question ``asked`` names too is part of what it asks ("鄂州花湖机场货邮吞吐量":
    花湖 is the airport's name), never another owner."""
    figures = find_figures(sentence)
    if not figures:
        return None
    places = [
        (at, word)
        for at, word in place_words(sentence)
        if stem not in word
        and word not in stem
        and not (own and (word in own or place_stem(own) in word))
        and word not in asked
    ]
    clauses = [(m.start(), m.end()) for m in _CLAUSE_RUN.finditer(sentence)]
    named = [i for i, (start, end) in enumerate(clauses) if stem in sentence[start:end]]
    for figure in figures:
        at = next((i for i, (start, end) in enumerate(clauses) if start <= figure.start < end), None)
        if at is None or not (
            at in named or (at - 1 in named and not _opens_with_name(sentence, clauses[at]))
        ):
            continue
        mention = sentence.rfind(stem, 0, figure.start)
        if mention >= 0 and not any(mention < p < figure.start for p, _ in places):
            return None
    before = [word for p, word in places if p < figures[-1].start]
    return before[-1] if before else ""


def _opens_with_name(sentence: str, clause: tuple[int, int]) -> bool:
    """A clause that opens with a proper name ("云梦经济总量突破…") has a subject of its own."""
    words = part_of_speech(sentence[clause[0] : clause[1]].strip())
    return bool(words) and len(words[0][0]) >= 2 and words[0][1] in ("ns", "nz", "nr", "nrt")


def place_stem(place: str) -> str:
    """ "岳麓区" → "岳麓", "成都" stays: how a report names a place in passing."""
    return place[:-1] if len(place) >= 3 and place[-1] in "市区县" else place


# A zone named by the words of its name that tell it apart and its kind ("物流开发区" for
# "现代物流产业开发区"): up to so many characters of the full name left out between them.
_ZONE_KIND = re.compile(r"(?:开发区|高新区|园区|试验区|示范区|新区)$")
_ZONE_GAP = 4


def is_zone(place: str) -> bool:
    """A development zone ("物流开发区", "青溪经开区"), which reports name in several longer forms."""
    return _ZONE_KIND.search(place) is not None or ASKED_ZONE.fullmatch(place) is not None


def zone_named(place: str, text: str) -> bool:
    """``text`` names the zone ``place`` by a longer form of its name: its telling words, then at
    most ``_ZONE_GAP`` more characters, then its kind ("现代物流产业开发区" names 物流开发区)."""
    kind = _ZONE_KIND.search(place)
    if kind is None or kind.start() < 2:
        return False
    head = re.escape(place[: kind.start()])
    return re.search(f"{head}[\u4e00-\u9fff]{{0,{_ZONE_GAP}}}{kind.group()}", text) is not None


# How a report writes each kind of zone (a 高新区 is a 高新技术产业开发区; any zone is a 开发区).
_ZONE_WRITTEN = {
    "高新区": "高新",
    "经开区": "经开区|经济技术开发区",
    "经济技术开发区": "经开区|经济技术开发区",
}
_ZONE_WRITTEN_ANY = "开发区|经开区|高新区"


def _other_zone(frame: QuestionFrame, passage: str) -> str | None:
    """The zone a budget question names when the passage (the figure's sentence, its paragraph's
    lead and headings) is of another: the zone's telling words ("物流" of 物流开发区, after the
    report's place) or its kind (高新区, 经开区) are not there. None when the question names no
    zone or the passage is its."""
    if frame.level != PART:
        return None
    if frame.zone_asked is None:
        return None
    head, kind = frame.zone_asked
    places = frame.scope.places if frame.scope is not None else ()
    for name in sorted({n for g in places for n in g.names}, key=len, reverse=True):
        head = head.removeprefix(name)
    head = head.removeprefix("市")
    named = zone_named(head + kind, passage) if head else True
    written = _ZONE_WRITTEN.get(kind, _ZONE_WRITTEN_ANY)
    if named and re.search(written, passage):
        return None
    return head + kind


def _sentence_of(piece: Piece) -> str:
    """The whole sentence a piece is part of."""
    return _sentence_at(piece.source, piece.start, piece.end)


@lru_cache(maxsize=32768)  # by the sentence's text, as _sentence_at by its place
def _states_approved_budget(sentence: str) -> bool:
    """The sentence gives the budget the congress approved or adjusted ("年初预算为…", "调整为…"),
    not an outturn: no answer to what the year brought in. Read for every piece of a question
    on a reviewed year."""
    return _APPROVED_BUDGET_TEXT.search(sentence) is not None and not _OUTTURN_RE.search(sentence)


@lru_cache(maxsize=32768)  # by the text, as _announcement_at
def _sentence_at(source: str, start: int, end: int) -> str:
    first = max(source.rfind(c, 0, start) for c in "。！？\n") + 1
    ends = [i for i in (source.find(c, end) for c in "。！？\n") if i >= 0]
    return source[first : min(ends, default=len(source))]


def _goes_on_outturn(piece: Piece) -> bool:
    """A sentence that goes on with the outturns its paragraph opened on ("据快报数反映，全省…收入
    完成3448.9亿元…。全省一般公共预算支出9533.8亿元，加上…"), or a clause whose sentence says 完成
    after it: its figures are outturns too; one that names a budget ("安排", "预算数") is not."""
    before = piece.source[: piece.start]
    # the paragraph up to the piece, and the rest of the piece's sentence ("…支出999.4亿元，下降1.3%，
    # 完成预算的99.4%": the clause is quoted without the words that make it an outturn)
    paragraph = before[before.rfind("\n") + 1 :] + _sentence_of(piece)
    budgeted = _BUDGETED_TEXT.search(_ESTIMATED_OUTTURN_RE.sub("", piece.text))
    return bool(_OUTTURN_RE.search(paragraph)) and not budgeted


def _restated_unasked(frame: QuestionFrame, text: str) -> bool:
    """The piece's first figure is on a restated basis ("(同口径)完成30,161万元") and the question
    does not ask for one."""
    if frame.asks_restated:
        return False
    figures = find_figures(text)
    restated = _RESTATED.search(text)
    return restated is not None and bool(figures) and restated.start() < figures[0].start


def passage_level(piece: Piece) -> str | None:
    """Whose money a budget passage speaks of: a sentence's own lead ("市本级国有资本经营预算
    支出…"), else the lead of the nearest sentence or ；-segment before it in its paragraph that
    names one, else its paragraph's; None outside a budget report's figure passages."""
    if piece.chunk.level is None or piece.note is not None:
        return None
    return lead_level(piece.text) or _carried_level(piece.chunk.text, piece.start) or piece.chunk.level


# What ends a sentence or a ；-segment, after which the next one's lead may name a level.
_STATEMENT_END = re.compile(r"[。；;！？!?]")


@lru_cache(maxsize=8192)
def _carried_level(text: str, start: int) -> str | None:
    """The level named last before ``start`` at a sentence's or a segment's lead, in the same
    paragraph: "全市…收入608.3亿元；…。市级…收入124.6亿元；一般公共预算支出245.9亿元" — the
    支出 after 市级's 收入 is 市级's too, though the paragraph opens with 全市."""
    para = text.rfind("\n", 0, start) + 1
    leads = [para] + [m.end() for m in _STATEMENT_END.finditer(text, para, start)]
    for at in reversed(leads):
        if at < start and (level := lead_level(text[at:start])) is not None:
            return level
    return None


def _part_of_level(text: str, level: str) -> bool:
    """A part of the figure the sentence opens with, given after 其中, is of ``level``."""
    return any(lead_level(text[m.start() :]) == level for m in re.finditer("其中", text))


def rarity_weighted(frame: QuestionFrame, hits: Sequence[Hit]) -> list[Term] | None:
    """A question in everyday words ("农村敬老院建设上有什么打算") shares its common words (农村,
    建设) with many of the passages found and its telling one (敬老院) with few: each term counts
    by how few of the passages hold it. Figure questions keep their weights (the indicator's words
    are all needed)."""
    if frame.is_figure_question or len(hits) < _MIN_RARITY_HITS or not frame.terms:
        return None
    texts = [h.chunk.text + " ".join(h.chunk.heading_path) for h in hits]
    n = len(texts)
    out = []
    for t in frame.terms:
        held = sum(1 for x in texts if term_match(t, x) > 0)
        out.append(replace(t, weight=t.weight * math.log(1 + n / (1 + held))))
    return out


def unmatched_share(frame: QuestionFrame, hits: Sequence[Hit]) -> float:
    """Share of the question's key-term weight that none of the passages holds: the more of the
    question is in words the reports do not use, the less the shared words can tell the passages
    apart, and the more the question's meaning has to."""
    total = sum(t.weight for t in frame.terms)
    if total <= 0 or not hits:
        return 0.0
    text = _passages_text(hits)
    return sum(t.weight for t in frame.terms if term_match(t, text) == 0) / total


def _lacking_shares(terms: Sequence[Term], quote: str, read: str) -> tuple[float, float]:
    """Of the key-term weight ``quote`` lacks: the share the passages ``read`` use, and the share
    they do not ("房价" where no passage says it; "小学" where one does, but not the quote)."""
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0, 0.0
    lacking = [t for t in terms if term_match(t, quote) == 0]
    used = sum(t.weight for t in lacking if term_match(t, read) >= 1.0)
    unused = sum(t.weight for t in lacking) - used
    return used / total, unused / total


def _passages_text(hits: Sequence[Hit]) -> str:
    return "".join(h.chunk.text + " ".join(h.chunk.heading_path) for h in hits)


# After an office's name, words that make it no one person: an office ("委员会"), the audience of
# every work report's opening ("请政协委员提出意见"), a body of people ("委员们").
_NO_HOLDER = re.compile(r"会|们|提出|审议|列席")


def _holder(text: str, end: int) -> bool:
    """The office named before ``end`` stands for a person who holds it."""
    return not _NO_HOLDER.match(text, end)


def _dated(frame: QuestionFrame, text: str) -> bool:
    """The text names a date: the report's own date (the title page's, with its year) for when it
    was delivered; for when something happened, a day of the paragraph's year does too."""
    return bool(_DATE_RE.search(text) or (frame.intent != INTENT_FRONT and _DAY_RE.search(text)))


def answers_aspect(frame: QuestionFrame, text: str) -> bool:
    """A "who" quote names a role, a "when" quote a date, a "which meeting" one a meeting ("我代表
    国务院，向大会报告" names none); other questions ask for no such thing."""
    if frame.asks_meeting and frame.intent == INTENT_FRONT and not _MEETING_NAMED.search(text):
        return False
    if frame.aspect == WHO_Q:
        return any(_holder(text, m.end()) for m in _ROLE_RE.finditer(text))
    if frame.aspect == WHEN_Q:
        return bool(_DATE_RE.search(text))
    return True


def _naming_text(frame: QuestionFrame, text: str) -> str:
    """The text as it names indicators for a figure question: the base of a share
    ("占GDP比重") blanked out, unless the question asks for a share itself."""
    if not frame.is_figure_question or frame.asks_share:
        return text
    return _share_base_blanked(text)


# The regexes below read a passage piece's text alone, for each of the ~130 pieces a question
# scores, and the same pieces come back question after question: kept by the text (as
# _piece_spans), so a new index version needs no clearing.
@lru_cache(maxsize=32768)
def _share_base_blanked(text: str) -> str:
    return _SHARE_BASE.sub(lambda m: m.group(0)[0] + "□" * (len(m.group(0)) - 1), text)


@lru_cache(maxsize=32768)
def _injected(text: str) -> bool:
    """Words addressed to a model (``INJECTION_RE``) in the text."""
    return INJECTION_RE.search(text) is not None


@lru_cache(maxsize=32768)
def _multi_year(text: str) -> bool:
    return _MULTI_YEAR.search(text) is not None


def _indicator_head(frame: QuestionFrame) -> tuple[Term, str] | None:
    """The term naming the indicator asked for and its head word ("支出" in 一般公共预算支出),
    when the head is one that tells indicators apart."""
    for term in reversed(frame.terms):
        m = INDICATOR_HEADS.search(term.text)
        if m is None or term.weight <= MONEY_HEAD_WEIGHT:
            continue  # (a head read from "花了多少钱" only hints where to look: it names nothing)
        if frame.modifies_a_noun(term):
            continue  # "低收入家庭": the head word qualifies who, it names no indicator
        if len(term.alternatives) > 1 or term.related:
            # Only true synonyms name the same indicator; "=>" targets are where to look.
            return Term(term.text, term.alternatives, 1.0), m.group(1)
        return Term(m.group(1), (m.group(1),), 1.0), m.group(1)
    return None


# Why a quote is refused when it gives another indicator's figure (another head, another of the
# four budgets, only another kind of figure after the indicator): a piece further down that names
# the asked one more fully may still answer.
_OTHER_INDICATOR = re.compile(
    r"^(?:段落说的是“|段落说的是另一本预算|段落中所问指标之后没有所问的数字|段落的数字不是所问的人均|最接近的段落没有所问的数字"
    r"|段落没有.{1,8}级的数字|段落没有说到“|段落只有所问指标的增减|段落只有所问指标比较的增减|段落是几年合计的数字"
    r"|段落是每年的平均数"
    r"|段落的数字不是所问单位的|段落没有所问指标在所问范围里的排名)"
)


def _unnamed_indicator(frame: QuestionFrame, piece: Piece) -> str | None:
    """The indicator a figure question asks (its heaviest key term) when a budget report's figure
    passage does not name it in the piece's sentence, in what its paragraph says before it or in its
    headings, or None. Only a budget's figure passages: they name every figure's indicator, while a
    work report's resident-worded questions ("养娃补贴") may name it otherwise."""
    if passage_level(piece) is None or not frame.terms:
        return None
    ranked = sorted(frame.terms, key=lambda t: t.weight, reverse=True)
    term = ranked[0]
    if (
        term.weight < _NAMED_INDICATOR_WEIGHT
        or (len(ranked) > 1 and ranked[1].weight >= term.weight)  # no one word is the indicator
        or asked_level(term.text) is not None
        or RATE_ASKED.search(term.text)  # "百分之几": how it is asked
    ):
        return None
    named = _named_before(piece)
    words = (*term.alternatives, *term.related)
    # the whole word: "资源税" is not named by "国有资源…收入" (term_match credits "资源")
    if (
        any(w and (w in named or _abbreviates(w, named)) for w in words)  # "社保" for 社会保险
        or (len(term.text) >= 4 and term_match(term, named) > 0)
    ):
        return None
    return term.text


def _names_members(frame: QuestionFrame, piece: Piece) -> bool:
    """The quote, with the announcement it continues, names every family member the question asks."""
    text = _announcement(piece) + piece.text
    return all(SIBLING_FAMILIES[f][i].named.search(text) for f, i in frame.siblings)


def _sibling_given(frame: QuestionFrame, piece: Piece) -> tuple[str | None, str] | None:
    """(the sibling the quote gives, the member asked) when the question asks one member of an
    indicator family and the quote, with the announcement it continues, names another of the family
    but never the asked one; (None, the member) when the asked one is an indicator in itself that
    the quote's sentence and headings never name ("人口自然增长率" of a sentence on 在校生增长27%);
    None otherwise."""
    text = _announcement(piece) + piece.text
    around = text + _sentence_of(piece) + " ".join(piece.chunk.heading_path)
    for f, i in frame.siblings:
        asked = SIBLING_FAMILIES[f][i]
        if _named_with_a_figure(asked.named, text):
            continue
        other = next((m for j, m in enumerate(SIBLING_FAMILIES[f]) if j != i and m.marked.search(text)), None)
        if other is not None:
            return other.name, asked.name
        if asked.whole and not asked.named.search(around):
            return None, asked.name
    return None


# Words of a part asked that say how it is asked, not what it is ("基础研究经费安排多少": 安排), a
# share word among them ("养老院里护理床位的比例": the share of 护理床位, which a report words 占比).
_ASKING_WORDS = re.compile(
    rf"{_CHANGE_TEXT.pattern}|安排|完成|实现|达到|预计|计划|目标|拿出|花|{RATE_ASKED.pattern}"
)


def _part_unnamed(frame: QuestionFrame, piece: Piece) -> str | None:
    """A key term of the part of a whole a question asks (``asked_part``) that the quote's sentence
    and headings never name in any of its forms, or None: the figure there is the whole's or
    another part's."""
    named = _sentence_of(piece) + " ".join(piece.chunk.heading_path)
    for term in frame.terms:
        if (
            term.weight >= _STRONG_TERM
            and term.text in frame.asked_part
            and not _ASKING_WORDS.fullmatch(term.text)
            and term_match(term, named) == 0
        ):
            return term.text
    return None


def _named_with_a_figure(name: re.Pattern[str], text: str) -> bool:
    """``text`` names the indicator where a figure follows it in its clause, or has no figure at
    all: a name after its clause's figures is what they are compared with ("农村居民人均可支配收入增长6.1%，
    均跑赢城镇居民收入增速" gives no figure of 城镇居民)."""
    if not find_figures(text):
        return bool(name.search(text))
    return any(find_figures(_CLAUSE_SPLIT.split(text[m.end() :], maxsplit=1)[0]) for m in name.finditer(text))


def _named_before(piece: Piece) -> str:
    """What names a piece's figures: its sentence, its paragraph's first sentence (which names the
    budget and level the paragraph goes on about), its headings. Not the whole paragraph: the
    indicators a paragraph lists before the piece are not the piece's."""
    source = piece.source
    start = source.rfind("\n", 0, piece.start) + 1
    ends = [i for i in (source.find(c, start) for c in "。！？") if i >= 0]
    lead = source[start : min(ends, default=len(source)) + 1]
    return _sentence_of(piece) + lead + " ".join(piece.chunk.heading_path)


def _missing_modifier(frame: QuestionFrame, piece: Piece, read: str | None = None) -> str | None:
    """The word the question puts right before an indicator's head ("教育" in "教育支出安排多少")
    when the piece's passage and headings never name it, or None: the figure there is of a wider
    indicator than the one asked. Level words ("市本级") are the level rules' to judge. Outside a
    budget's figure passages, a word no passage ``read`` uses is a resident's ("空气好的日子占比"),
    not a narrower indicator the report would name."""
    passage = piece.chunk.text + " ".join(piece.chunk.heading_path)
    if passage_level(piece) is not None:
        # a budget's figure passage names each figure's indicator where it gives it
        passage = _named_before(piece)
        read = None
    for term, head in frame.head_modifiers:
        if (
            term.weight >= 2
            and asked_level(term.text) is None
            and term_match(term, passage) == 0
            and (read is None or term_match(term, read) > 0)
        ):
            return term.text + head
    return None


# A five-year plan's name ("十四五"): a period a report names as such where it speaks of it.
_PLAN_PERIOD = re.compile(r"十[一二三四五六七八九]五")


def _other_plan_period(frame: QuestionFrame, read: str) -> str | None:
    """The five-year plan the question names ("十三五") where the passages ``read`` name other
    plans and never it, or None. Passages that name no plan may review its years in other words
    ("过去五年"), and a quote from them is judged as any other."""
    if not _PLAN_PERIOD.search(read):
        return None
    for term in frame.terms:
        # named whole: "十三" of "第十三届" is no mention of it
        if _PLAN_PERIOD.fullmatch(term.text) and not any(alt in read for alt in term.alternatives):
            return term.text
    return None


def _unread_term(frame: QuestionFrame, quote: str, read: str) -> str | None:
    """A key term the question puts right before an indicator's head ("出生" of "出生人口") that
    neither ``quote`` nor any passage ``read`` holds in any of its forms, where the quote names the
    head itself ("农业转移人口"), or None: the quote's figure is of another indicator of that head,
    and the asked one is never named."""
    for term, head in frame.head_modifiers:
        if (
            term.weight >= _STRONG_TERM
            and head in quote
            and term_match(term, quote) == 0
            and term_match(term, read) == 0
        ):
            return term.text + head
    return None


def _phrase_share(frame: QuestionFrame, text: str) -> float:
    """Of the runs of key terms the question writes next to each other ("上级补助收入"), the share
    the text writes whole (0.0 when the question has none): a run's words scattered over another
    name ("上级专项补助收入") do not count. A weak word that is a preposition, adjective, adverb,
    conjunction or particle stands outside the named thing: "比全国平均高多少" names 全国平均, not
    "比全国平均高" (which "增速比全国平均高0.3个百分点" writes in passing); "公租房" keeps its 公."""
    runs = _phrase_runs(frame)
    return sum(1 for r in runs if r in text) / len(runs) if runs else 0.0


@per_frame  # the question's alone: once per question, not once per piece scored
def _phrase_runs(frame: QuestionFrame) -> tuple[str, ...]:
    """The runs of key terms the question writes next to each other (see ``_phrase_share``)."""
    tags = frame.word_tags
    outside = {
        t.text for t in frame.terms if t.weight < _STRONG_TERM and tags.get(t.text, "")[:1] in _OUTSIDE_TAGS
    }
    runs: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and run[0] in outside:
            run.pop(0)
        while run and run[-1] in outside:
            run.pop()
        if len(run) >= 2:
            runs.append("".join(run))

    for t in frame.terms:
        if run and "".join(run) + t.text in frame.question:
            run.append(t.text)
            continue
        close()
        run = [t.text]
    close()
    return tuple(runs)


# jieba's tags of words that qualify or relate a name rather than name it (p, a, d, c, u).
_OUTSIDE_TAGS = frozenset("padcu")


def _ranks_only(figs: Sequence[Figure]) -> bool:
    """Every figure is a rank ("第6位"), or the count read inside one ("6位")."""
    ranks = [f for f in figs if f.kind == RANK]
    return bool(ranks) and all(any(r.start <= f.start and f.end <= r.end for r in ranks) for f in figs)


def _spans_a_figure(text: str) -> bool:
    """Whether a clause of ``text`` that gives a figure says it is over several years ("城镇新增就业
    累计380万人", "年均增长5.6%")."""
    return any(_MULTI_YEAR.search(c) and find_figures(c) for c in _CLAUSE_SPLIT.split(text))


def _growth_only(best: ScoredPiece) -> bool:
    """The quote's figures are all changes: rates after a change word in their clause ("增长48%",
    "分别增长72.1%、31.2%、141%"), or amounts a comparison adds or takes ("支出规模比去年扩大2万亿元",
    "再提高1岁"), which say by how much a quantity moved, not how large it is."""
    text = best.piece.text
    return bool(best.figures) and all(
        _changes(text, f, more=False)
        if f.kind in _RATES or _MULTIPLE.search(f.text)
        else _compared_change(text, f)
        for f in best.figures
    )


def _states_average(text: str) -> bool:
    """The text gives a yearly average over several years (``QuestionFrame.asks_average``)."""
    return bool(_AVERAGE.search(text) or _EACH_YEAR_FIGURE.search(text))


def _average_only(frame: QuestionFrame, best: ScoredPiece) -> bool:
    """The quote's figures of the kinds asked are all yearly averages: "平均每年", "年均", "每年" in
    the clause before each (a rank beside them, "跃居全球首位", answers no sum either)."""
    text = best.piece.text
    wanted = [f for f in best.figures if not frame.wants or f.kind in frame.wants]
    return bool(wanted) and all(
        _PER_YEAR.search(text[max(text.rfind(c, 0, f.start) for c in "，,；;。：:") + 1 : f.start])
        for f in wanted
    )


_PER_YEAR = re.compile(rf"{_AVERAGE.pattern}|每年")


# A multiple ("2.23倍"): after a change word ("利润增长2.23倍") it is a rate of change written as
# times, not an amount of the indicator.
_MULTIPLE = re.compile(r"倍$")


# An amount that is the difference of a comparison, right before it: "比上年增加36个", "比去年扩大
# 2万亿元以上", "再提高1岁". A level reached ("提高到65%", "增至…") or a count of new things ("新增
# 就业…") is not one.
_COMPARED_CHANGE = re.compile(
    r"(?:(?:比|较)[^，,；;。：:]{0,10}|再)(?:增加|扩大|提高|减少|下降|降低|增长|压减|多|少)了?"
    r"(?:约|近|超过|超|逾)?$"
)


def _compared_only(frame: QuestionFrame, sp: ScoredPiece) -> bool:
    """An amount asked ("人均预期寿命达到多少岁") where the quote's figures are all amounts a
    comparison adds or takes ("再提高1岁"): by how much the indicator moved, not what it reached."""
    text = sp.piece.text
    return (
        frame.is_figure_question
        and frame.aspect == AMOUNT_Q
        and not frame.asks_added
        and bool(sp.figures)
        and all(f.kind not in _RATES and _compared_change(text, f) for f in sp.figures)
    )


def _compared_change(text: str, f: Figure) -> bool:
    return bool(_COMPARED_CHANGE.search(text[max(0, f.start - 16) : f.start]))


_RATES = (PERCENT, POINTS)
# How a rate of change is written besides _CHANGE_TEXT's words: "涨幅2%左右", "提升2个百分点".
_CHANGE_MORE = re.compile(r"涨|提升")


def _changes(text: str, f: Figure, more: bool = True) -> bool:
    """A change word stands in the clause before the figure ("增长48%", "分别增长72.1%、31.2%");
    ``more``: also "涨幅", "提升"."""
    clause = text[max(text.rfind(c, 0, f.start) for c in "，,；;。：:") + 1 : f.start]
    return bool(_CHANGE_TEXT.search(clause) or (more and _CHANGE_MORE.search(clause)))


def _quoted_name_missing(frame: QuestionFrame, text: str) -> bool:
    """The question quotes names (not a five-year plan's, which a passage need not print) and the
    piece prints none of them."""
    names = [t for t in frame.quoted_titles if not _PLAN_PERIOD.fullmatch(t)]
    return bool(names) and not any(n in text for n in names)


def _names_year(text: str, year: int) -> bool:
    """``text`` gives something of ``year``: it names the year other than as the base of a change
    ("下降16.25％（与2024年决算数相比）" is the next year's fall, not 2024's figure)."""
    return any(not _CHANGE_BASE.search(text[: m.start()]) for m in re.finditer(written_year_re(year), text))


def _narrowing_unmet(frame: QuestionFrame, text: str) -> str | None:
    """The indicator a figure question narrows in words ("人均GDP", "人均预期寿命"), where the piece
    names it only unnarrowed ("地区生产总值增长5.1%": no clause of it says 人均) or narrows another
    one instead ("居民人均可支配收入", and no 预期寿命): the narrowed name, else None. A piece naming
    neither is left to the other checks."""
    words, after = frame.per_head
    if not words or not frame.is_figure_question:
        return None
    # what the word narrows: the terms the question puts right after it ("人均财政补助": 财政, 补助)
    heads = [t for t in frame.terms if t.text not in words and t.text in after]
    if not heads or any(w in t.text for t in heads for w in words):
        return None  # a term that holds the narrowing word ("人均可支配收入") is matched as a whole
    mentions = [at for t in heads for alt in t.alternatives for at in _occurrences(alt, text)]
    clauses = [(m.start(), m.end()) for m in _CLAUSE_RUN.finditer(text)]
    for at in mentions:
        clause = next((text[a:b] for a, b in clauses if a <= at < b), text)
        if any(w in clause for w in words) or _PER_UNIT_PRINTED["person"].search(clause):
            return None
    if not mentions and not any(w in text for w in words):
        return None
    return words[0] + "".join(t.text for t in heads)


def _given_by_question(frame: QuestionFrame, best: ScoredPiece) -> bool:
    """The quote's figures in the unit of an amount the question states are all ones it states
    (a count of schools beside them is another thing's). Ranks are no amounts: "连续多少年全国第一"
    is answered by "连续37年居全国首位"."""
    given = frame.stated_amounts
    if any(f.kind in frame.wants and (f.value, f.unit) not in given for f in best.figures):
        # "连续多少年稳定在430亿斤以上": the run the quote gives beside the stated amount answers
        return False
    units = {unit for _, unit in given}
    same = [f for f in best.figures if f.unit in units]
    return bool(same) and all((f.value, f.unit) in given for f in same)


def _rate_of_change(frame: QuestionFrame, best: ScoredPiece) -> bool:
    """A change asked ("每月的养老金涨多少") and the quote gives it as a rate ("基本养老金提高10%"):
    a rate is the same per person or per month as in total, so no per-unit word is owed."""
    wanted = [f for f in best.figures if f.kind in frame.wants]
    return frame.aspect == GROWTH_Q and bool(wanted) and all(f.kind in _RATES for f in wanted)


def _per_unit_missing(frame: QuestionFrame, text: str) -> bool:
    """A figure question asks for an amount per person or per month and the piece prints none."""
    return frame.is_figure_question and any(
        not _PER_UNIT_PRINTED[unit].search(text) for unit in frame.per_unit
    )


def _figure_span_score(frame: QuestionFrame, piece: Piece) -> float:
    """ "今年GDP目标？" asks no figure in words ("多少"), yet one year's figure is what answers it: a
    figure of a five-year plan ("年均增长5%以上" in the 十五五 part) does not, as for a figure question."""
    if len(frame.years) != 1 or frame.spans_years or not find_figures(piece.text):
        return 0.0
    covers = piece.chunk.covers
    if _MULTI_YEAR.search(piece.text) or (covers is not None and len(covers.years) > _ONE_PART_SPAN):
        return -_W_SPAN
    return 0.0


def _in_measure(frame: QuestionFrame, best: ScoredPiece) -> bool:
    """A figure of the quote is in a unit of the family the question names ("万吨" for "多少斤")."""
    return any(f.unit.lstrip("万亿") in frame.measure_units for f in best.figures)


def _one_year_paragraph(chunk: Chunk) -> bool:
    """A paragraph of a part covering one year (or two), not led by words on a longer span
    ("五年来，…"): its figures are that year's."""
    covers = chunk.covers
    one_part = covers is not None and 0 < len(covers.years) <= _ONE_PART_SPAN
    return one_part and not SPAN_LEAD.search(chunk.text.strip()[:_LEAD_CHARS])


def _one_year_for_span(frame: QuestionFrame, best: ScoredPiece, hits: Sequence[Hit]) -> bool:
    """ "“十四五”期间粮食产量多少" quoted from the last year's paragraph ("粮食产量达到732.5亿斤")
    where a part on those five years was read too: that year's figure is not the period's (the
    period's part words it otherwise, "粮食年产量稳定在700亿斤以上"). A figure the paragraph says
    over several years ("“十四五”以来累计…") is the period's wherever it stands."""
    if not (frame.is_figure_question and frame.spans_years) or frame.years:
        return False
    piece = best.piece
    if not _one_year_paragraph(piece.chunk) or _spans_a_figure(piece.text):
        return False
    asked = set(frame.scope.years) if frame.scope is not None else set()

    def on_span(chunk: Chunk) -> bool:
        c = chunk.covers
        return c is not None and len(c.years) > _ONE_PART_SPAN and asked <= set(c.years)

    return any(on_span(h.chunk) for h in hits)


def _figure_follows(frame: QuestionFrame, best: ScoredPiece) -> bool:
    """The figures the quote gives after its first mention of the asked indicator (a report writes
    the indicator, then its figures) include one of the asked kind. False only when the indicator is
    followed by figures and none is of that kind ("…社会消费品零售总额增长5.1%" asked "多少亿元"):
    a figure of the asked kind before it ("为300万名婴幼儿发放育儿补贴") is then another thing's.
    True when the quote does not name the indicator, or names it only after figures that no other
    indicator is named before."""
    text = best.piece.text
    terms = _indicator_terms(frame)
    mentions = [at for t in terms for alt in t.alternatives for at in _occurrences(alt, text)]
    names = [alt for t in terms for alt in (*t.alternatives, *t.related)]
    mentions += [at for alt in names for at in _joint_mentions(alt, text)]
    if not mentions:
        return True
    first = min(mentions)
    kinds = frame.wants_all or frame.wants
    # A ratio's bare numbers ("城乡居民收入比值由3.27缩小至2.93") are the ratio's, whose name holds the
    # indicator asked (居民收入): no figure of that indicator, unless the ratio is what is asked.
    after = [f for f in best.figures if f.start >= first and (f.kind != RATIO or RATIO in kinds)]
    own_end = _subject_end(text, first)
    own = [f for f in after if f.start < own_end]
    # "…发行政府债券342.35亿元，…，平均利率1.91%" asked 政府债券平均利率: named again later, the
    # indicator owns the figures after that mention too
    again = any(m >= own_end for m in mentions)
    if own and kinds and len(own) < len(after) and not again and not any(f.kind in kinds for f in own):
        # "经济总量年均增长5.8%，江东新区年营收超5000亿元" asked "多少亿元": the clauses that go on
        # about the indicator give it only a growth; the amount after them has another subject
        return False
    if not after:
        # "政府性基金收入完成2.78亿元，…主要是市本级土地出让收入不及预期": named only after the
        # figures, the indicator is a cause; the one named before them owns them
        before = [f for f in best.figures if not kinds or f.kind in kinds]
        return (
            not before
            or INDICATOR_HEADS_ANY.search(text[: before[0].start]) is None
            or _CAUSE_TEXT.search(text[before[0].end : min(mentions)]) is None
        )
    return not kinds or any(f.kind in kinds for f in after)


_SUBJECT_BREAK = re.compile(r"[，；;]|,(?!\d{3})")  # not the comma of "715,541万元"
# How a clause goes on about the subject before it, besides _CONTINUES ("…5.4万亿元，年均增长5.6%").
# "…完成20.9亿元，为调整预算的98.1%" and "…，占全省的12%" say more of the same subject too.
# "…收入38941万元，完成预算的107.47%": its share of its own budget.
_GOES_ON = re.compile(
    r"^(?:年均|年平均|平均|实际|名义|按可比价|扣除|剔除|比|均|同比|环比|增长|下降|为|占|完成[^，,。；;\d]{0,6}预算)"
)


# A stretch of years a going-on clause opens with ("…增加到121万亿元，五年年均增长5.2%", "三年累计…"):
# the years the figure after it covers, no subject of its own. One or two digits or numerals, never a
# year ("2022年…" opens a new statement).
_SPAN_LEAD = re.compile(r"^(?:近|过去)?[一二两三四五六七八九十\d]{1,2}年(?:来|间)?(?![度底末初])")


def _subject_end(text: str, at: int) -> int:
    """Where the clauses about the subject named at ``at`` end: its own clause, and the next ones
    that go on without a subject of their own ("…达到67.7万亿元，增长6.9%", "…，五年年均增长5.2%")."""
    m = _SUBJECT_BREAK.search(text, at)
    while m is not None:
        nxt = _SUBJECT_BREAK.search(text, m.end())
        clause = _SPAN_LEAD.sub("", text[m.end() : nxt.start() if nxt else len(text)].strip(), count=1)
        if not (_continues(clause) or _GOES_ON.match(clause)):
            return m.start()
        m = nxt
    return len(text)


# The four budgets of every Chinese budget report ("四本预算"): a figure of one is not another's.
_BOOK_NAMES = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算")


def _unnamed_level(frame: QuestionFrame, piece: Piece) -> str:
    """The words of the asked level when the piece's paragraph is of it but its sentence does not
    repeat them ("市本级社保基金预算收入…。社保基金预算支出527,399万元" asked of 市本级's
    spending): the paragraph's lead names the level, as a heading would."""
    if frame.level is None or passage_level(piece) != frame.level:
        return ""
    whole, own = level_words(piece.chunk.place)
    return {WHOLE: whole, OWN: own}.get(frame.level, "")


def _of_asked_zone(frame: QuestionFrame, piece: Piece) -> bool:
    """A development zone is asked and the piece's paragraph is a zone's ("现代物流产业开发区…收入
    8,403万元…。一般公共预算支出7,618万元")."""
    return frame.level == PART and passage_level(piece) == PART


def _carried_part_name(text: str, start: int) -> str:
    """The zone named last at a sentence's or a segment's lead before ``start`` in its paragraph."""
    para = text.rfind("\n", 0, start) + 1
    leads = [para] + [m.end() for m in _STATEMENT_END.finditer(text, para, start)]
    return next(
        (name for at in reversed(leads) if at < start and (name := lead_part_name(text[at:start]))), ""
    )


# A row of a budget's balance table read as text ("2025年全区一般公共预算收支执行表（单位：亿元）：
# 收入：一、本级收入；执行数：36.8亿元"): its "本级收入" row is that budget's own revenue, the figure a
# question calls "一般公共预算收入" (the transfers are rows of their own).
_OWN_ROW = re.compile(
    r"(?P<book>一般公共预算|政府性基金预算?|国有资本经营预算|社会保险基金预算)收支[^：:。]{0,12}表"
    r"(?:[（(][^）)]{0,12}[）)])?[：:][^：:。；;]{0,4}[：:]\s*(?:[一二三四五六七八九十]+[、．.])?\s*本级(?P<head>收入|支出)[；;]"
)


@lru_cache(maxsize=32768)  # by the piece's text, as _share_base_blanked: read for every piece scored
def _own_row_name(text: str) -> str:
    """ " 一般公共预算收入" for the own-revenue row of that budget's balance table, else ""."""
    m = _OWN_ROW.search(text)
    return f" {m.group('book')}{m.group('head')}" if m is not None else ""


def _unnamed_book(piece: Piece) -> str:
    """The name of the budget a piece's paragraph gives it when its own sentence names none."""
    if budget_books(_sentence_of(piece)):
        return ""
    return " ".join(_BOOK_NAMES[i] for i in sorted(piece_books(piece)))


def piece_books(piece: Piece) -> frozenset[int]:
    """The budget a piece's figures are of: the ones its sentence names, else the last one its
    paragraph named before it ("全市代编政府性基金预算收入…。按照以收定支原则，相应安排支出总计…"
    is the 政府性基金's spending), else its heading's ("（四）社会保险基金预算")."""
    named = budget_books(_sentence_of(piece))
    if named or piece.note is not None:
        return named
    before = piece.source[: piece.start]
    last = max(
        ((m.start(), i) for i, rx in enumerate(BUDGET_BOOKS) for m in rx.finditer(before)),
        default=None,
    )
    if last is not None:
        return frozenset({last[1]})
    return budget_books(piece.chunk.heading_path[-1]) if piece.chunk.heading_path else frozenset()


def _figure_owner(text: str, figures: Sequence[Figure], frame: QuestionFrame) -> str | None:
    """The head of the indicator the quote's first figure of an asked kind belongs to: the last
    head named before it ("城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右，居民消费价格涨幅2%"
    gives 收入's figures, whatever the clause after it names); None when no head stands before it."""
    wanted = [f for f in figures if not frame.wants or f.kind in frame.wants]
    if not wanted:
        return None
    heads = [m for m in INDICATOR_HEADS_ANY.finditer(text) if m.end() <= wanted[0].start]
    return heads[-1].group(1) if heads else None


# What a clause may write between its start and its amount without naming a thing of its own: a
# year, a level, how the figure stands (完成, 达到, 超, 累计) and the figure's own digits.
_CLAUSE_FILLER = re.compile(
    r"(?:19|20)\d{2}年(?:底|末)?|全[省市州县区盟旗]|[省市州县区]本级|其中|当年|全年|预计|预期|完成|实现|达到|达|为|"
    r"超过|超|约|近|逾|共计|共|累计|合计|总计|执行|了|的|[^\u4e00-\u9fff]"
)
# A clause ends at a comma, a semicolon, a colon or a sentence's end.
_CLAUSE_START = "，,；;：:。！？\n"
_CLAUSE_RUN = re.compile(f"[^{_CLAUSE_START}]+")  # a clause: what stands between two of them


def _figure_of_a_deed(frame: QuestionFrame, best: ScoredPiece) -> str | None:
    """What the clause holding the quote's first amount names before it, when that is not the asked
    indicator ("全市落实减税降费超13亿元", "盘活存量资金8亿元"): the amount is of a thing done, not
    of the revenue or spending named in an earlier clause. None when the clause names the indicator,
    names nothing of its own ("…收入增长5%，达到300亿元") or the quote gives no amount."""
    if frame.wants and MONEY not in frame.wants:
        return None
    text = best.piece.text
    amounts = [f for f in best.figures if f.kind == MONEY and "元" in f.unit]  # not "1000万（人）"
    if not amounts:
        return None
    start = max(text.rfind(c, 0, amounts[0].start) for c in _CLAUSE_START) + 1
    clause = text[start : amounts[0].start]
    if "其中" in clause or "分别" in clause:
        return None  # a part of, or one of a list of, what was named before
    own = _CLAUSE_FILLER.sub("", clause)
    if len(own) < 2 or INDICATOR_HEADS_ANY.search(own):
        return None  # "…收入增长5%，达到300亿元"; "安排支出总计…": an indicator's head
    terms = _indicator_terms(frame)
    named = sum(term_match(t, own) > 0 for t in terms)
    if named >= _DEED_NAMING_SHARE * len(terms):
        return None
    if named and any(_names_indicator(frame, text, f, terms) for f in amounts[1:]):
        # one word of the indicator ("政府" of 政府债务余额) before the first amount, the indicator
        # itself before a later one ("…外国政府…贷款0.2亿元，…全市政府债务余额3671.16亿元")
        return None
    return own


def _names_indicator(frame: QuestionFrame, text: str, amount: Figure, terms: Sequence[Term]) -> bool:
    """The clause holding ``amount`` names the asked indicator: its head, or enough of its words."""
    start = max(text.rfind(c, 0, amount.start) for c in _CLAUSE_START) + 1
    own = _CLAUSE_FILLER.sub("", text[start : amount.start])
    found = _indicator_head(frame)
    if found is not None and term_match(found[0], own) >= _HEAD_NAMED:
        return True
    return sum(term_match(t, own) > 0 for t in terms) >= _DEED_NAMING_SHARE * len(terms)


# How many of the asked indicator's words (of equal weight: "政府", "债务", "余额") a clause must say
# to name it: one of three ("各类政府债券规模") names another thing.
_DEED_NAMING_SHARE = 0.5
_HEAD_NAMED = 0.7  # how well the asked head must be found to be named (as in ``_answers``)


def _rank_after_growth(figures: Sequence[Figure]) -> bool:
    """ "增长28.4%，排名全市第4": the rank of a growth rate follows the rate."""
    seen_growth = False
    for f in figures:
        if f.kind in (PERCENT, POINTS):
            seen_growth = True
        elif f.kind == RANK and seen_growth:
            return True
    return False


REASON_NO_RANK = "段落没有所问指标在所问范围里的排名"
_RANK_SCOPE_REACH = 6  # how far before a rank its scope is written ("居全国第", "跃居全国第")
_RANK_CLAUSE_BREAK = re.compile(r"[，,、；;。：:]")


def rank_of_asked(frame: QuestionFrame, sp: ScoredPiece) -> bool:
    """A rank question ("…在全国排第几") is answered by a rank of what it asks, in the ranking it
    asks: a rank written after the question's words within their sentence part, with no clause
    between that gives another subject its own figure ("地区生产总值增长4%，规上工业增加值增长9.9%，
    …，多项指标增速居全国前列" ranks no GDP; "…旅客吞吐量…居全国第3位" ranks no trade the question
    names); in the ranking the question names, where the rank names one ("主城第1" is no rank "在全
    省"); of the measure it asks, where both say which ("增速居全国第2位" is no rank of the 总量)."""
    if not frame.asks_ranking:
        return True  # "在全国算第几个" asks a record ("全国首个"), not a place in a ranking
    text = sp.piece.text
    ranks = [f for f in sp.figures if f.kind == RANK]
    mentions = sorted(at + len(w) for w in frame.rank_subject for at in _occurrences(w, text))
    asked_scope, asked_measure = frame.ranking_asked, frame.rank_measure_asked
    for r in ranks:
        named = [m for m in mentions if m <= r.start and not re.search(r"[。；;]", text[m : r.start])]
        if not named:
            continue
        between = _RANK_CLAUSE_BREAK.split(text[named[-1] : r.start])[1:-1]
        if any(find_figures(c) and not _continues(c) for c in between):
            continue
        scope = rank_scope(text[max(0, r.start - _RANK_SCOPE_REACH) : r.start])
        if asked_scope is not None and scope is not None and scope != asked_scope:
            continue
        breaks = list(_RANK_CLAUSE_BREAK.finditer(text, 0, r.start))
        measure = rank_measure(text[breaks[-1].end() if breaks else 0 : r.start])
        if asked_measure is not None and measure is not None and measure != asked_measure:
            continue
        return True
    return False


# What a figure is set against ("较年初预算", "比上年执行数"): the base of a change, no subject.
_COMPARED_BASE = re.compile(r"(?:较|比|与|同)[^，,；;。]{0,6}?(?:预算数?|执行数|决算数|收入|支出)")


def _item_figures(frame: QuestionFrame, text: str, figures: Sequence[Figure]) -> Sequence[Figure]:
    """Of ``text``'s figures, those a budget line asked by its item ("国防预算多少", "教育支出安排
    多少") may be answered by: not those said of another indicator. A clause naming the item says
    the figures of it and of the clauses after it that name no other ("教育支出1210亿元，增长4.2%");
    one naming another indicator (its head: 支出, 预算, 收入, …) says theirs. "省本级支出1320亿元，比
    上年年初预算增长2.1%，其中科学技术支出增长12%" gives the science line's growth, not its amount;
    a figure before any indicator is named ("安排资金73亿元") is left to the other rules."""
    items = frame.budget_items if frame.is_figure_question else ()
    if not items or not figures:
        return figures
    others: list[tuple[int, int]] = []
    of_item: bool | None = None
    for m in _CLAUSE_RUN.finditer(text):
        clause = m.group(0)
        if all(term_match(t, clause) > 0 for t in items):
            of_item = True
        else:
            # a clause naming an indicator says whose its figures are; what a figure is set against
            # ("较年初预算节约0.49亿元") or is a share of ("占一般公共预算支出比重77.31%") names none:
            # the saving and the share are still the item's
            own = _SHARE_BASE.sub("", _COMPARED_BASE.sub("", clause))
            if INDICATOR_HEADS_ANY.search(own) or BUDGET_LINE_HEAD.search(own):
                of_item = False
        if of_item is False:
            others.append(m.span())
    return [f for f in figures if not any(a <= f.start < b for a, b in others)]


def item_quote(frame: QuestionFrame, sp: ScoredPiece) -> str:
    """The quote of a budget line asked by its item, from the first clause naming the item on, where
    the clauses before it give other figures (the budget's total): "其中科学技术支出增长12%", not
    "省本级支出1320亿元，…，其中科学技术支出增长12%". Else the whole quote."""
    quote = sp.quote
    items = frame.budget_items if frame.is_figure_question else ()
    if not items:
        return quote
    for m in _CLAUSE_RUN.finditer(quote):
        if all(term_match(t, m.group(0)) > 0 for t in items):
            before = quote[: m.start()]
            if m.start() > 0 and find_figures(before) and find_figures(quote[m.start() :]):
                return quote[m.start() :].strip(_TRIM)
            return quote
    return quote
