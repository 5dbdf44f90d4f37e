"""A figure the report does not give is not answered with its neighbour's (issue 23 item 6): a work
report states several indicators in one sentence, and an indicator of the same family (进口 of
进出口 and 出口, 农村 of 城镇 and 全体居民, 非税 of 税收, 出生率 of 城镇化率) is no answer to a
question about its sibling; the sibling asked is answered where the report gives it. The report
is one the test writes, of a county it makes up (the budget refusal tests' 青禾县)."""

from __future__ import annotations

from test_answer_budget_refusal import _extract as _extract_from
from test_answer_budget_refusal import _work_chunk

from wenbao.answering.extractive import Extraction
from wenbao.answering.followup import FollowupRewriter
from wenbao.answering.history import Turn
from wenbao.answering.question import SIBLING_FAMILIES, QuestionAnalyzer, siblings_asked
from wenbao.answering.synonyms import MappingSynonyms

# three indicators in one sentence, none of them the ones the questions below ask
ECONOMY = (
    "2025年全县地区生产总值增长5.6%，规模以上工业增加值增长7.1%，外贸进出口总额86.4亿元、"
    "增长9.3%，其中出口增长12.5%。"
)
INCOME = "全体居民人均可支配收入达到3.1万元、增长5.8%，税收收入占一般公共预算收入比重达72%。"
PEOPLE = "常住人口城镇化率达到61.2%，城镇新增就业1.2万人。"
# a sentence that gives both members of a family
BOTH = "城镇、农村居民人均可支配收入分别增长4.6%、6.2%，农村居民收入增速快于城镇居民。"


def _extract(question: str, *texts: str) -> Extraction:
    """The quote a judge sure of every quote finds in passages of ``texts``, in that order."""
    return _extract_from(question, *(_work_chunk(t, f"c{i}") for i, t in enumerate(texts)))


def _quote(found: Extraction) -> str:
    return found.best.quote if found.best is not None else ""


def _names(question: str) -> list[str]:
    return [SIBLING_FAMILIES[f][i].name for f, i in siblings_asked(question)]


def test_the_question_names_one_member_of_a_family_or_the_family_whole() -> None:
    assert _names("青禾县2025年外贸进口增长多少") == ["进口"]
    assert _names("青禾县2025年出口增长多少") == ["出口"]  # not 进出口's "出口"
    assert _names("青禾县2025年进出口总额多少") == ["进出口"]
    assert _names("青禾县2025年非税收入多少") == ["非税收入"]
    assert _names("青禾县2025年税收收入多少") == ["税收"]
    assert _names("青禾县2025年农村居民人均可支配收入多少") == ["农村居民"]
    assert _names("青禾县2025年人口出生率是多少") == ["出生率"]
    # both asked: the question is about the family, no member's figure is another's answer
    assert _names("青禾县2025年进口和出口各增长多少") == []
    assert _names("青禾县2025年城镇、农村居民收入各增长多少") == []
    assert _names("青禾县2025年地区生产总值增长多少") == []


def test_a_fourth_indicator_is_not_answered_by_the_three_a_sentence_gives() -> None:
    imports = _extract("青禾县2025年外贸进口增长了多少？", ECONOMY, INCOME)
    assert not imports.answerable, _quote(imports)
    # the user is told which indicator the report gives instead
    assert "不是“进口”" in (imports.reason or ""), imports.reason
    # the sibling the sentence does give is still answered
    exports = _extract("青禾县2025年出口增长了多少？", ECONOMY, INCOME)
    assert exports.answerable and "12.5%" in _quote(exports), exports.reason
    trade = _extract("青禾县2025年外贸进出口总额是多少？", ECONOMY, INCOME)
    assert trade.answerable and "86.4亿元" in _quote(trade), trade.reason


def test_a_rate_the_report_never_states_is_not_answered_by_another_rate() -> None:
    births = _extract("青禾县2025年人口出生率是多少？", PEOPLE)
    assert not births.answerable, _quote(births)
    natural = _extract("青禾县2025年人口自然增长率是多少？", PEOPLE, ECONOMY)
    assert not natural.answerable, _quote(natural)
    urban = _extract("青禾县2025年常住人口城镇化率是多少？", PEOPLE, ECONOMY)
    assert urban.answerable and "61.2%" in _quote(urban), urban.reason


def test_rural_incomes_and_non_tax_revenue_are_not_their_siblings() -> None:
    rural = _extract("青禾县2025年农村居民人均可支配收入增长多少？", INCOME, PEOPLE)
    assert not rural.answerable and "不是“农村居民”" in (rural.reason or ""), rural.reason
    non_tax = _extract("青禾县2025年非税收入占一般公共预算收入比重是多少？", INCOME, PEOPLE)
    assert not non_tax.answerable and "不是“非税收入”" in (non_tax.reason or ""), non_tax.reason
    everyone = _extract("青禾县2025年全体居民人均可支配收入是多少？", INCOME, PEOPLE)
    assert everyone.answerable and "3.1万元" in _quote(everyone), everyone.reason


def test_a_sentence_that_gives_both_members_answers_either() -> None:
    rural = _extract("青禾县2025年农村居民人均可支配收入增长多少？", BOTH, INCOME)
    assert rural.answerable and "6.2%" in _quote(rural), rural.reason
    urban = _extract("青禾县2025年城镇居民人均可支配收入增长多少？", BOTH, INCOME)
    assert urban.answerable and "4.6%" in _quote(urban), urban.reason


def test_a_bare_unemployment_rate_is_either_kind_a_named_one_only_its_own() -> None:
    bare = "城镇新增就业1.2万人，失业率控制在4.8%以内。"
    surveyed = _extract("青禾县2025年城镇调查失业率是多少？", bare)
    assert surveyed.answerable and "4.8%" in _quote(surveyed), surveyed.reason
    registered = _extract("青禾县2025年城镇登记失业率是多少？", "城镇新增就业1.2万人，城镇调查失业率4.8%。")
    assert not registered.answerable and "调查失业率" in (registered.reason or ""), registered.reason


def test_a_member_asked_is_found_behind_a_better_ranked_sentence_on_its_sibling() -> None:
    # "出口" is in "进出口": both sentences hold the question's words, the second names the member
    trade = "2025年全县外贸进出口总额增长9.3%，增速居全市第1位。"
    exports_named = "外贸结构持续优化，其中出口增长12.5%，跨境电商交易额翻番。"
    exports = _extract("青禾县2025年出口增长了多少？", trade, exports_named)
    assert exports.answerable and "12.5%" in _quote(exports), (exports.reason, _quote(exports))


def test_a_ratio_of_town_and_country_incomes_names_neither_members_figure() -> None:
    ratio = "全体居民人均可支配收入增长5.8%，城乡居民收入比缩小至2.1，城镇新增就业1.2万人。"
    urban = _extract("青禾县2025年城镇居民人均可支配收入增长多少？", ratio)
    assert not urban.answerable and "不是“城镇居民”" in (urban.reason or ""), urban.reason


def test_a_follow_up_on_a_sibling_asks_the_sibling_not_the_indicator_before() -> None:
    rewriter = FollowupRewriter(QuestionAnalyzer(MappingSynonyms({}), home_places=("青禾县", "青禾")))

    def after(first: str, turn: str) -> str:
        return rewriter.rewrite(turn, [Turn("user", first), Turn("assistant", "外贸进出口增长9.3%。")])

    # "出口" is inside "进出口": still the other member of the family
    exports = after("青禾县2025年外贸进出口增长多少", "那出口呢")
    assert "出口" in exports and "进出口" not in exports, exports
    imports = after("青禾县2025年外贸出口增长多少", "进口呢")
    assert "进口" in imports and "出口" not in imports, imports


def test_a_quantity_asked_is_not_answered_by_its_growth_alone() -> None:
    growth = "技术合同成交额增长48%，高技术制造业增加值增长17.5%，原煤、天然气产量分别增长7.2%、14.1%。"
    amount = _extract("青禾县2025年技术合同成交额是多少？", growth)
    assert not amount.answerable and "增减" in (amount.reason or ""), amount.reason
    gas = _extract("青禾县2025年天然气产量是多少？", growth)
    assert not gas.answerable, _quote(gas)
    # its growth asked is answered; the amount where the report gives it
    rise = _extract("青禾县2025年技术合同成交额增长多少？", growth)
    assert rise.answerable and "48%" in _quote(rise), rise.reason
    stated = _extract("青禾县2025年技术合同成交额是多少？", "技术合同成交额达到12.6亿元、增长48%。")
    assert stated.answerable and "12.6亿元" in _quote(stated), stated.reason
