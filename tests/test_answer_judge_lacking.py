"""What the judge is told about the question's words a quote lacks: report words or residents'.

"新增学位里小学学位有多少个" answered by "新增学位1.2万个" lacks 小学, a word another passage read
uses: the report speaks of it elsewhere, so the quote gives a neighbour of what is asked. "娃娃读书的
位子多了多少个" lacks words no passage uses: a resident's wording of the same figure. Lexical
coverage counts both as missing; the judge sees them apart. Passages of 青山县 (2024), written here.
"""

from __future__ import annotations

from test_answer_meaning_judgement import ANALYZER, chunk, hits_led_by

from wenbao.answering.answerability import AnswerabilityModel, AnswerEvidence, load_answerability
from wenbao.answering.extractive import ExtractiveAnswerer

SEATS = "教育投入持续加大，新建改扩建学校20所、新增学位1.2万个。"
PRIMARY = "优化农村学校布局，撤并小学教学点15个，建成乡镇寄宿制学校8所。"
JOBS = "城镇新增就业4200人，城镇调查失业率控制在5.5%以内。"

# A judge that refuses a quote lacking words the report uses elsewhere, and trusts the rest.
NEIGHBOUR_WARY = AnswerabilityModel(weights={"lacking_read": -20.0}, bias=3.0, mean={}, scale={})


def _extract(question: str, judge: AnswerabilityModel | None = None):  # type: ignore[no-untyped-def]
    frame = ANALYZER.analyze(question)
    hits = hits_led_by(chunk(SEATS, "seats"), chunk(PRIMARY, "primary"), chunk(JOBS, "jobs"))
    return ExtractiveAnswerer(judge=judge or NEIGHBOUR_WARY).extract(frame, hits)


def test_a_word_the_report_uses_elsewhere_is_told_apart_from_a_residents_word() -> None:
    finer = _extract("青山县2024年新增学位里小学学位有多少个")
    assert finer.evidence is not None
    assert finer.evidence.lacking_read > 0.0  # 小学: the report says it, not in the quote
    everyday = _extract("青山县2024年娃娃读书的位子多了多少个")
    assert everyday.evidence is not None
    assert everyday.evidence.lacking_read == 0.0
    assert everyday.evidence.lacking_unread > 0.0  # 娃娃, 读书, 位子: no passage says them
    whole = _extract("青山县2024年新增学位多少个")
    assert whole.evidence is not None
    assert whole.evidence.lacking_read == whole.evidence.lacking_unread == 0.0


def test_a_judge_weighing_them_refuses_the_neighbour_and_answers_the_residents_words() -> None:
    assert not _extract("青山县2024年新增学位里小学学位有多少个").answerable
    everyday = _extract("青山县2024年娃娃读书的位子多了多少个")
    assert everyday.answerable and everyday.best is not None
    assert "1.2万个" in everyday.best.quote
    # asked without "…里": the judge alone tells the neighbour, one that ignores the lacking words
    # passes it (the test can fail); asked as a part of a whole ("…里…"), the rules refuse it too
    assert not _extract("青山县2024年小学新增学位有多少个").answerable
    trusting = AnswerabilityModel(weights={}, bias=3.0, mean={}, scale={})
    assert _extract("青山县2024年小学新增学位有多少个", trusting).answerable
    assert not _extract("青山县2024年新增学位里小学学位有多少个", trusting).answerable


def test_the_shipped_judge_trusts_a_quote_close_in_meaning_and_doubts_missing_words() -> None:
    model = load_answerability()
    assert model is not None
    base = dict.fromkeys(AnswerEvidence.names(), 0.0)
    base.update(
        coverage=0.5, passage_coverage=0.5, figure_question=1.0, figure_found=1.0, first_passage=1.0,
        bm25_rank=1.0, dense_rank=1.0, agreed=1.0, dense_sim=0.9, dense_top=0.9, quote_sim=0.9,
    )  # fmt: skip

    def conf(**change: float) -> float:
        return model.confidence(AnswerEvidence(**{**base, **change}))

    assert conf(quote_sim=0.85) < conf(quote_sim=0.9) < conf(quote_sim=0.95)
    assert conf(lacking_read=0.5) < conf() and conf(lacking_unread=0.5) < conf()


def test_a_front_matter_quote_read_without_vectors_is_judged_on_its_words() -> None:
    # the title page is read without the vector retriever: no cosines, which say nothing
    model = load_answerability()
    assert model is not None
    words = dict.fromkeys(AnswerEvidence.names(), 0.0)
    words.update(coverage=1.0, weakest_term=1.0, passage_coverage=1.0, first_passage=1.0)
    assert model.confidence(AnswerEvidence(**words)) > 0.9


FIVE_YEARS = "“十四五”时期，全县地区生产总值年均增长6.2%，城乡居民收入稳步提高。"
PAST_FIVE = "过去五年，全县地区生产总值年均增长6.2%，城乡居民收入稳步提高。"


def _period(question: str, text: str):  # type: ignore[no-untyped-def]
    trusting = AnswerabilityModel(weights={}, bias=3.0, mean={}, scale={})
    hits = hits_led_by(chunk(text, "five"), chunk(JOBS, "jobs"))
    return ExtractiveAnswerer(judge=trusting).extract(ANALYZER.analyze(question), hits)


def test_a_plan_period_the_passages_never_name_among_others_is_refused() -> None:
    earlier = _period("青山县“十三五”期间地区生产总值年均增长多少", FIVE_YEARS)
    assert not earlier.answerable and "十三五" in (earlier.reason or "")
    named = _period("青山县“十四五”期间地区生产总值年均增长多少", FIVE_YEARS)
    assert named.answerable and named.best is not None and "6.2%" in named.best.quote
    # passages naming no plan may review its years in other words: judged as any quote
    review = _period("青山县“十四五”期间地区生产总值年均增长多少", PAST_FIVE)
    assert review.answerable
