"""Budget reports (issue 27): a level named at a sentence's lead holds for the sentences and
；-segments after it in its paragraph, a paragraph opened by a headline or by an attribution clause
still has its levels, an aside in brackets does not cut a figure's clause, and everyday verbs of
money ask the counterpart of the figure asked first — in a report of a place the tests make up."""

from __future__ import annotations

import pytest
from index_fixtures import answerer_over

from wenbao.answering.answerer import ReportAnswerer
from wenbao.answering.history import Turn
from wenbao.answering.question import QuestionAnalyzer, word_forms
from wenbao.index.embedders import Embedder
from wenbao.ingest.levels import OWN, PART, WHOLE, asked_level, lead_level
from wenbao.ingest.pipeline import parse_bytes

REPORT = """关于青岚市2026年预算执行情况和2027年预算草案的报告
——2027年1月10日在青岚市第六届人民代表大会第二次会议上
青岚市财政局
一、2026年预算执行情况
（一）预算收支情况
全市一般公共预算收入512.6亿元,完成预算的100.6%,增长1.2%;一般公共预算支出803.4亿元,完成预算的100.2%,增长4.1%。市级(含市属开发区,下同)一般公共预算收入131.8亿元,完成预算的102.4%,下降3.5%;一般公共预算支出276.9亿元,完成预算的101.1%,增长6.3%。
全市政府性基金预算收入402.7亿元,完成预算的100%,下降12%;政府性基金预算支出655.3亿元,完成预算的100.4%,下降9.8%。
财政收入总体平稳。面对多重困难挑战，各级财政部门依法依规组织收入。全市社会保险基金预算收入318.4亿元，增长2.2%。市本级实现社会保险基金预算收入96.5亿元，增长1.9%。
全市政府债务余额1186.2亿元，控制在限额以内。其中：市本级政府债务余额347.9亿元。
经市人大常委会批准，市本级国有资本经营预算收入调整为3.6亿元，执行中完成3.8亿元。
根据现行财政管理体制汇算，全市政府性基金预算收入402.7亿元，加上级补助收入21.5亿元，收入总计424.2亿元。
（二）重点工作
全年统筹资金支持教育、医疗和养老，民生支出占一般公共预算支出的78%。
全市卫生健康支出52.3亿元，增长3.1%。全市教育支出88.7亿元，增长2.4%。
"""


def test_an_attribution_clause_before_the_level_word_is_no_lead_of_its_own() -> None:
    assert lead_level("经市人大常委会批准，市本级国有资本经营预算收入调整为3.6亿元") == OWN
    assert lead_level("根据市人民政府报告的预算执行情况，全市一般公共预算收入…") == WHOLE
    assert lead_level("据快报数反映，全省一般公共预算收入完成…") == WHOLE
    assert lead_level("经济运行总体平稳，全市上下…") is None


def test_a_zone_held_in_a_level_is_not_the_level_asked() -> None:
    assert asked_level("青岚2026年市级（含开发区）一般公共预算收入是多少？") == OWN
    assert asked_level("全市（含开发区）一般公共预算收入") == WHOLE
    assert asked_level("青岚经开区2026年一般公共预算收入") == PART


def test_one_own_level_however_written() -> None:
    # a question's 省本级 finds a report's 省级, and 市级 its 市本级
    assert "省级" in word_forms("省本级") and "市本级" in word_forms("市级")
    assert "县级" in word_forms("本级") and "级" not in word_forms("一般")


def test_paragraphs_opened_by_a_headline_or_an_attribution_have_their_level() -> None:
    doc = parse_bytes(REPORT.encode("utf-8"), "qinglan-2027-ysbg.txt")

    def starting(prefix: str):  # type: ignore[no-untyped-def]
        return next(c for c in doc.chunks if c.text.startswith(prefix))

    assert starting("财政收入总体平稳").level == WHOLE
    assert starting("经市人大常委会批准").level == OWN
    # a paragraph on policies names no budget's figure at a lead: no level
    assert starting("全年统筹资金").level is None


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder) -> ReportAnswerer:
    return answerer_over(tmp_path_factory, shared_e5, "qinglan-2027-ysbg.txt", REPORT)


def test_the_level_a_sentence_opens_with_holds_for_its_next_segment(answerer: ReportAnswerer) -> None:
    # "市级…收入131.8亿元…;一般公共预算支出276.9亿元": the 支出 is 市级's, though the paragraph
    # opens with 全市
    own = answerer.ask("青岚2026年市级一般公共预算支出是多少？")
    assert own.answerable and "276.9亿元" in own.answer and "803.4亿元" not in own.answer, own.answer
    whole = answerer.ask("青岚2026年全市一般公共预算收入是多少？")
    assert whole.answerable and "512.6亿元" in whole.answer, whole.answer
    # the aside in brackets does not cut the clause: no quote starts inside it
    assert not whole.answer.startswith("下同") and not own.answer.startswith("下同")


def test_a_level_named_after_a_headline_is_honoured(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青岚2026年市本级社会保险基金预算收入多少？")
    assert a.answerable and "96.5亿元" in a.answer and "318.4亿元" not in a.answer, a.answer


def test_a_part_after_its_whole_is_the_own_level_asked(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青岚2026年市本级政府债务余额是多少？")
    assert a.answerable and "347.9亿元" in a.answer, a.answer
    first = "青岚2026年全市政府债务余额是多少？"
    b = answerer.ask("光算市级的呢？", [Turn("user", first), Turn("assistant", "1186.2亿元")])
    assert b.answerable and "347.9亿元" in b.answer, b.answer


def test_everyday_verbs_ask_the_counterpart_of_the_figure_named(answerer: ReportAnswerer) -> None:
    # "…基金收入多少，花出去多少": the second part is the same budget's spending
    a = answerer.ask("青岚2026年全市政府性基金收入多少，花出去多少？")
    assert a.answerable and "402.7亿元" in a.answer and "655.3亿元" in a.answer, a.answer
    first = "青岚2026年全市政府性基金预算收入多少？"
    b = answerer.ask("那花出去多少？", [Turn("user", first), Turn("assistant", "402.7亿元")])
    assert b.answerable and "655.3亿元" in b.answer, b.answer


def test_examples_before_the_kind_they_are_of_weigh_little() -> None:
    # "医院、看病这些卫生方面": the resident's examples, then the report's word for the kind
    frame = QuestionAnalyzer().analyze("青岚2026年花在医院、看病这些卫生方面的钱有多少？")
    weights = {t.text: t.weight for t in frame.terms}
    assert weights["卫生"] >= 2.0 and weights["医院"] < 1.0 and weights["看病"] < 1.0
    assert "支出" in weights  # "花在…上的钱": the spending on it


def test_money_spent_on_a_kind_is_its_spending(answerer: ReportAnswerer) -> None:
    a = answerer.ask("青岚2026年花在医院、看病这些卫生方面的钱有多少？")
    assert a.answerable and "52.3亿元" in a.answer and "88.7亿元" not in a.answer, a.answer
    b = answerer.ask("青岚2026年花在教育上的钱是多少？")
    assert b.answerable and "88.7亿元" in b.answer, b.answer


def test_everyday_verbs_with_where_the_money_goes_name_the_heads() -> None:
    parts = QuestionAnalyzer().analyze("青岚2026年全市一共收上来多少钱、花出去多少钱？").parts
    heads = [{t.text for t in p.terms} for p in parts]
    assert len(heads) == 2 and "收入" in heads[0] and "支出" in heads[1]
    said = QuestionAnalyzer().analyze("青岚2026年全市收上来的税比上年少了多少？")
    assert "收入" in {t.text for t in said.terms}


def test_a_total_the_settled_accounts_give_is_an_outturn(answerer: ReportAnswerer) -> None:
    # "根据现行财政管理体制汇算，…收入总计424.2亿元": the settled accounts, the year's outturn
    a = answerer.ask("青岚2026年全市政府性基金预算收入总计是多少？")
    assert a.answerable and "424.2亿元" in a.answer, a.answer


def test_examples_before_a_predicate_keep_their_weight() -> None:
    # "…这些在哪一部分说的": 这些 sums up what was listed, and no kind follows it — the examples are
    # all the question names, so they keep their weight (they were weighed as mere hints)
    frame = QuestionAnalyzer().analyze("青岚2026年的报告里，找工作、上学、看病养老这些在哪一部分说的？")
    weights = {t.text: t.weight for t in frame.terms}
    assert weights["看病"] >= 1.0 and weights["上学"] >= 1.0, weights


def test_the_report_itself_is_no_whole_a_part_is_asked_of() -> None:
    # "这份决算里…多少": where the question looks, not a whole whose part must be named
    assert QuestionAnalyzer().analyze("这份决算里地方一般公共预算收入比上年多收了多少？").asked_part == ""
    assert QuestionAnalyzer().analyze("青岚2026年政府工作报告里，教育支出多少？").asked_part == ""
    assert QuestionAnalyzer().analyze("青岚2026年市本级预算里，教育支出多少？").asked_part == "教育支出"
