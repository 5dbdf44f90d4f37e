"""How residents talk is no key term. The A-not-A question ("会不会降", "改不改", "管不管") asks yes or
no of its verb: the "不会"/"不改" jieba reads out of it is no word a report sentence holds; nor are
the determiners, pronouns and adverbs of spoken questions ("一个人", "自己", "到底"). As key terms
they would count against every quote as words the report lacks. Questions of 青山县, written here."""

from __future__ import annotations

from test_answer_meaning_judgement import ANALYZER


def words(question: str) -> list[str]:
    return [t.text for t in ANALYZER.analyze(question).terms]


def test_the_negated_half_of_an_a_not_a_question_is_no_key_term() -> None:
    assert words("青山县2024年公交票价会不会降") == words("青山县2024年公交票价会降")
    assert "不会" not in words("青山县2024年公交票价会不会降")
    assert not {"不改", "不管"} & set(words("青山县2024年老小区还改不改，政府管不管"))
    assert "小区" in words("青山县2024年老小区还改不改")
    # "没" as well ("涨没涨"), and a two-character verb's first character ("可不可以")
    assert not any("没" in w or "不" in w for w in words("青山县2024年工资标准可不可以再提高"))


def test_a_negation_of_another_word_stays() -> None:
    # "不断" and "没有…" are no A-not-A: only the same character on both sides makes one
    assert "不断" in words("青山县2024年不断提高的养老金标准是多少")


def test_spoken_determiners_pronouns_and_adverbs_are_no_key_terms() -> None:
    said = words("青山县2024年城里一个人到底挣多少，看病自己要掏钱吗，以后有人管吗")
    assert not {"一个", "到底", "自己", "以后", "有人"} & set(said), said
    assert {"城里", "看病", "掏钱"} <= set(said), said
    # the asked thing stays ("好一点" keeps its "好")
    assert "待遇" in words("青山县2024年乡村老师的待遇会不会好一点")


def test_how_much_it_grows_each_year_over_a_period_asks_the_yearly_average() -> None:
    analyzer = ANALYZER
    assert analyzer.analyze("宁川市“十五五”期间经济每年要增长多少").asks_average
    assert analyzer.analyze("宁川市“十四五”期间居民收入每年增长多少？").asks_average
    # one year named: its own growth, not an average
    assert not analyzer.analyze("宁川市2025年居民收入增长多少？").asks_average
