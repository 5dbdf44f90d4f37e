"""`wenbao eval --questions DIR`: the independent question set's format (loaded from files the tests
write), its split, its scoring (as its own checker scores), and the tuning discipline of every
report and console output: held-out questions are counted, never shown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pytest
from support import SEEDS
from typer.testing import CliRunner

from wenbao.cli import app
from wenbao.eval.gold import GoldPair
from wenbao.eval.independent import (
    IndependentQuestion,
    IndependentRun,
    QuestionSetError,
    Scored,
    evaluate_questions,
    load_questions,
    select_questions,
    summarize,
)
from wenbao.eval.metrics import PairOutcome, Passage
from wenbao.eval.report import console_independent, console_summary, render, render_independent
from wenbao.eval.runner import EvalRun
from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.settings import Settings

runner = CliRunner()


def write_set(folder: Path, files: dict[str, Sequence[dict[str, Any] | str]]) -> Path:
    """A question folder: one JSONL file per entry (a str line is written as is, e.g. blank)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, lines in files.items():
        text = "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines)
        (folder / f"{stem}.jsonl").write_text(text, encoding="utf-8")
    return folder


# A small set about two invented reports; every question text is unique so a test can look for it.
JIA = [
    {"q": "甲县2029年粮食产量是多少？", "must_contain": ["45.6万吨"], "evidence": "粮食产量达到45.6万吨",
     "type": "figure", "doc": "jia-2030.txt"},
    {"q": "甲县2029年接待游客多少人次？", "must_contain": ["1200万人次"], "evidence": "接待游客1200万人次",
     "type": "figure", "doc": "jia-2030.txt"},
    "",  # a blank line: not a question, and it does not shift the split
    {"q": "今年地区生产总值预期增长多少", "must_contain": ["6%"], "evidence": "地区生产总值增长6%左右",
     "type": "scoped", "scope": "doc", "doc": "jia-2030.txt"},
    {"q": "甲县2029年外国游客有多少？", "unanswerable": True, "type": "unanswerable", "absent": ["外国游客"],
     "doc": "jia-2030.txt"},
]  # fmt: skip
YI = [
    {"q": "乙县2030年城镇新增就业目标是多少？", "must_contain": ["2.3万人"],
     "evidence": "城镇新增就业2.3万人", "type": "figure", "doc": "yi-2030.txt"},
]  # fmt: skip
CONVERSATIONS = [
    {"id": "c01", "kind": "switch_place", "turns": ["甲县2029年粮食产量多少？", "那乙县呢？"],
     "must_contain": ["30.1万吨"], "doc": "yi-2030.txt"},
    {"id": "c02", "kind": "comparison", "turns": ["甲县游客多少？", "乙县比甲县多还是少？"],
     "must_contain": ["1200万人次", "800万人次"], "docs": ["jia-2030.txt", "yi-2030.txt"]},
]  # fmt: skip


@pytest.fixture
def question_dir(tmp_path: Path) -> Path:
    folder = write_set(
        tmp_path / "questions", {"jia-2030": JIA, "yi-2030": YI, "conversations": CONVERSATIONS}
    )
    (folder / "README.md").write_text("not a question file", encoding="utf-8")
    return folder


def test_loader_reads_every_kind_of_line_and_splits_even_lines_for_tuning(question_dir: Path) -> None:
    questions = load_questions(question_dir)
    by_q = {q.pair.question: q for q in questions}
    assert [q.file for q in questions] == ["jia-2030"] * 4 + ["yi-2030"] + ["conversations"] * 2

    # 0-based index among non-empty lines: even tunes, odd is held out; the blank line is skipped.
    split = {q.pair.question: q.split for q in questions}
    assert split == {
        "甲县2029年粮食产量是多少？": "tune",
        "甲县2029年接待游客多少人次？": "heldout",
        "今年地区生产总值预期增长多少": "tune",  # third question, fourth physical line
        "甲县2029年外国游客有多少？": "heldout",
        "乙县2030年城镇新增就业目标是多少？": "tune",  # each file starts over
        "那乙县呢？": "tune",
        "乙县比甲县多还是少？": "heldout",
    }
    assert by_q["今年地区生产总值预期增长多少"].line == 4
    assert by_q["今年地区生产总值预期增长多少"].label == "jia-2030:4"

    figure = by_q["甲县2029年粮食产量是多少？"].pair
    assert figure.ask_doc is None  # names its place and year: asked of the whole library
    assert figure.evidence == ("粮食产量达到45.6万吨",) and figure.evidence_docs == ("jia-2030",)
    assert figure.must_contain == ("45.6万吨",) and figure.type == "figure" and figure.answerable

    scoped = by_q["今年地区生产总值预期增长多少"].pair
    assert scoped.ask_doc == "jia-2030"  # asked of its own report: doc_id = the file's stem

    none = by_q["甲县2029年外国游客有多少？"]
    assert none.is_unanswerable and not none.pair.answerable and none.pair.type == "unanswerable"
    assert none.absent == ("外国游客",) and none.pair.must_contain == ()

    switch = by_q["那乙县呢？"]
    assert switch.is_conversation and switch.kind == "switch_place"
    assert switch.pair.turns == ("甲县2029年粮食产量多少？",)  # asked first; the last turn is scored
    assert switch.pair.docs == ("yi-2030",) and switch.pair.id == "c01"
    comparison = by_q["乙县比甲县多还是少？"].pair
    assert comparison.docs == ("jia-2030", "yi-2030") and comparison.doc == "cross"

    assert [q.split for q in select_questions(questions, "tune")] == ["tune"] * 4
    assert len(select_questions(questions, "heldout")) == 3
    assert len(select_questions(questions, "all")) == 7
    with pytest.raises(QuestionSetError, match="未知的划分"):
        select_questions(questions, "train")


def test_loader_errors_name_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="找不到问题集文件夹"):
        load_questions(tmp_path / "nowhere")
    with pytest.raises(QuestionSetError, match="没有"):
        load_questions(write_set(tmp_path / "only-conversations", {"conversations": CONVERSATIONS}))
    bad = write_set(tmp_path / "bad-json", {"jia-2030": [JIA[0], "{oops"]})
    with pytest.raises(QuestionSetError, match=r"jia-2030\.jsonl 第 2 行不是合法的 JSON"):
        load_questions(bad)
    no_evidence = {k: v for k, v in cast("dict[str, Any]", JIA[0]).items() if k != "evidence"}
    with pytest.raises(QuestionSetError, match="第 1 行：可回答的问题应给出 evidence"):
        load_questions(write_set(tmp_path / "no-evidence", {"jia-2030": [no_evidence]}))
    other_scope = {**cast("dict[str, Any]", JIA[3]), "scope": "library"}
    with pytest.raises(QuestionSetError, match="scope 只能是 doc"):
        load_questions(write_set(tmp_path / "scope", {"jia-2030": [other_scope]}))


def cite(text: str, headings: str = "", notes: Sequence[str] = (), doc_id: str = "jia-2030") -> Passage:
    return Passage(doc_id=doc_id, text=text, label=f"{doc_id} {headings}", context=(headings, *notes))


def outcome(
    q: IndependentQuestion,
    answer: str | None,
    citations: Sequence[Passage] = (),
    answerable: bool = True,
    error: str | None = None,
) -> PairOutcome:
    return PairOutcome(
        q.pair, "hybrid", answer=answer, answerable=answerable, citations=list(citations), error=error
    )


def test_scorer_reads_citations_and_answers_as_the_sets_checker_does(question_dir: Path) -> None:
    qs = {q.pair.question: q for q in load_questions(question_dir)}
    grain, tourists = qs["甲县2029年粮食产量是多少？"], qs["甲县2029年接待游客多少人次？"]
    scoped, jobs = qs["今年地区生产总值预期增长多少"], qs["乙县2030年城镇新增就业目标是多少？"]
    none, switch, comparison = qs["甲县2029年外国游客有多少？"], qs["那乙县呢？"], qs["乙县比甲县多还是少？"]
    scored = [
        # Evidence in the 2nd citation, broken by a line break and spaces; answer with a space in it.
        Scored(
            grain, outcome(grain, "粮食产量达到 45.6 万吨。", [cite("其他"), cite("粮食产量\n达到 45.6万吨")])
        ),
        # Right citation first, but the answer names another figure: recall without accuracy.
        Scored(tourists, outcome(tourists, "接待游客1100万人次", [cite("接待游客1200万人次")])),
        # The evidence runs from the heading path into the text; full-width ％ in the answer.
        Scored(scoped, outcome(scoped, "增长６％左右", [cite("增长6%左右。", headings="二、地区生产总值")])),
        # Refused although the report has it: a false refusal, not in any citation.
        Scored(jobs, outcome(jobs, "报告中没有找到。", [], answerable=False)),
        Scored(none, outcome(none, "报告中没有找到。", [], answerable=False)),  # refused: right
        # A conversation whose last answer holds the figure but is flagged a refusal: wrong.
        Scored(switch, outcome(switch, "没有找到30.1万吨", [], answerable=False)),
        Scored(comparison, outcome(comparison, None, error="HTTP 500")),
    ]
    assert [s.rank for s in scored] == [2, 1, 1, None, None, None, None]
    assert [s.right for s in scored] == [True, False, True, False, True, False, False]

    m = summarize(scored)
    assert m["answerable"] == 4 and m["r1"] == 0.5 and m["r5"] == 0.75
    assert m["answer_acc"] == 0.5 and m["false_refuse"] == 0.25
    assert m["unanswerable"] == 1 and m["refuse"] == 1.0
    assert m["conversations"] == 2 and m["conversations_right"] == 0 and m["conversation_acc"] == 0.0
    assert m["errors"] == 1
    only_conversations = summarize(scored[-2:])
    assert only_conversations["answer_acc"] is None and only_conversations["refuse"] is None


def test_scorer_a_right_conversation_and_an_answered_unanswerable(question_dir: Path) -> None:
    qs = {q.pair.question: q for q in load_questions(question_dir)}
    switch, none = qs["那乙县呢？"], qs["甲县2029年外国游客有多少？"]
    assert Scored(switch, outcome(switch, "乙县粮食产量30.1万吨。")).right
    assert not Scored(none, outcome(none, "外国游客约3万人次。")).right  # answered: not refused


def test_a_conversation_to_be_refused_is_right_only_when_refused(tmp_path: Path) -> None:
    refused_turn = {"id": "c09", "kind": "refuse_place", "turns": ["甲县2029年粮食产量多少？", "那丙县呢？"],
                    "unanswerable": True, "absent": ["丙县"], "doc": "jia-2030.txt"}  # fmt: skip
    folder = write_set(tmp_path / "q", {"jia-2030": JIA, "conversations": [*CONVERSATIONS, refused_turn]})
    qs = {q.pair.question: q for q in load_questions(folder)}
    follow = qs["那丙县呢？"]
    assert follow.is_conversation and follow.pair.turns == ("甲县2029年粮食产量多少？",)
    refused = Scored(follow, outcome(follow, "报告中没有丙县的数据。", [], answerable=False))
    answered = Scored(follow, outcome(follow, "粮食产量达到45.6万吨。"))
    assert refused.right and not answered.right
    none = qs["甲县2029年外国游客有多少？"]
    m = summarize([refused, Scored(none, outcome(none, "外国游客约3万人次。"))])
    # counted with the conversations, not in the single questions' refusal figure
    assert m["conversations"] == 1 and m["conversations_right"] == 1
    assert m["conversations_to_refuse"] == 1 and m["conversations_refused"] == 1
    assert m["unanswerable"] == 1 and m["refuse"] == 0.0
    # an answered one is counted as not refused, beside a right conversation that is answered
    other = qs["那乙县呢？"]
    m = summarize([answered, Scored(other, outcome(other, "乙县粮食产量30.1万吨。"))])
    assert m["conversations_to_refuse"] == 1 and m["conversations_refused"] == 0


# --- tuning discipline: held-out questions never appear in any output ---

HELDOUT_GOLD_QUESTION = "丙县2029年规模以上工业增加值增长多少？"
HELDOUT_GOLD_EVIDENCE = "规模以上工业增加值增长7.7%"
HELDOUT_GOLD_ANSWER = "丙县工业用电量增长5.5%"
TUNE_GOLD_QUESTION = "丙县2029年社会消费品零售总额是多少？"


def gold_pair(
    pid: str, question: str, evidence: str, key: str, split: str, doc: str = "bing-2030"
) -> GoldPair:
    return GoldPair(
        id=pid,
        question=question,
        answer=key,
        must_contain=(key,),
        evidence=(evidence,),
        evidence_docs=(doc,),
        doc=doc,
        type="figure",
        split=split,
        docs=(doc,),
    )


def test_gold_report_lists_tune_misses_and_only_counts_heldout_ones() -> None:
    tune_miss = gold_pair("t-1", TUNE_GOLD_QUESTION, "社会消费品零售总额达到321亿元", "321亿元", "tune")
    tune_hit = gold_pair("t-2", "丙县2029年粮食产量是多少？", "粮食产量达到45.6万吨", "45.6万吨", "tune")
    held_miss = gold_pair("h-1", HELDOUT_GOLD_QUESTION, HELDOUT_GOLD_EVIDENCE, "7.7%", "heldout")
    held_refused = gold_pair(
        "h-2", "丙县2029年城乡居民收入增长多少？", "居民人均可支配收入增长5.1%", "5.1%", "heldout"
    )
    passage = Passage("bing-2030", "社会消费品零售总额达到321亿元", "bing-2030 一、回顾")
    outcomes = [
        PairOutcome(tune_miss, "hybrid", [passage], answer="零售总额增长4%", answerable=True),
        PairOutcome(tune_hit, "hybrid", [Passage("bing-2030", "粮食产量达到45.6万吨")], "45.6万吨", True),
        PairOutcome(
            held_miss, "hybrid", [Passage("bing-2030", HELDOUT_GOLD_EVIDENCE)], HELDOUT_GOLD_ANSWER, True
        ),
        PairOutcome(held_refused, "hybrid", [], answer="没有找到居民人均可支配收入", answerable=False),
    ]
    run = EvalRun(pairs=[o.pair for o in outcomes], outcomes={"hybrid": outcomes}, source="test")
    text = render(run, command="wenbao eval")
    console = console_summary(run) + json.dumps(run.to_json(), ensure_ascii=False)

    assert f"**t-1**（figure，tune）{TUNE_GOLD_QUESTION}" in text  # a tune miss, in full
    assert "零售总额增长4%" in text and "社会消费品零售总额达到321亿元" in text
    assert "**t-2**" not in text  # a hit is no miss
    for hidden in ("h-1", "h-2", HELDOUT_GOLD_QUESTION, HELDOUT_GOLD_EVIDENCE, HELDOUT_GOLD_ANSWER,
                   "城乡居民收入", "居民人均可支配收入"):  # fmt: skip
        assert hidden not in text and hidden not in console, hidden
    # The held-out misses are still counted, by cause.
    assert "| 误拒：报告有答案，却拒答了 | 0 | 1 |" in text
    assert "| 答案缺关键内容：证据排第 1，但答案没有取对句子 | 1 | 1 |" in text
    assert "heldout 划分的失误只计数、不逐题列出" in text


def test_independent_report_and_console_never_show_a_heldout_question(question_dir: Path) -> None:
    questions = load_questions(question_dir)
    # Every question wrong, with its question text echoed in the answer and the citation.
    outcomes = [
        outcome(q, f"不知道：{q.pair.question}", [cite(f"关于{q.pair.question}的段落")]) for q in questions
    ]
    run = IndependentRun(
        questions, EvalRun([q.pair for q in questions], {"hybrid": outcomes}, source="test"), question_dir
    )
    text = render_independent(run, command="wenbao eval --questions q")
    console = console_independent(run) + json.dumps(run.to_json(), ensure_ascii=False)

    heldout = [q for q in questions if q.split == "heldout"]
    tune = [q for q in questions if q.split == "tune"]
    assert heldout and tune
    for q in heldout:
        shown = [q.pair.question, q.label, *q.pair.turns, *q.pair.evidence, *q.pair.must_contain, *q.absent]
        for hidden in shown:
            assert hidden not in text and hidden not in console, hidden
    for q in tune:  # tune misses are listed with what a developer needs to see why
        assert f"**{q.label}**" in text and q.pair.question in text
        assert all(t in text for t in q.pair.turns) and all(e in text for e in q.pair.evidence)
        assert q.pair.question not in console  # the console gives aggregates only
    assert "heldout 划分的失误只计数、不逐题列出" in text
    data = run.to_json()
    assert data["by_split"]["heldout"]["hybrid"]["answerable"] == 1  # counted all the same
    assert data["by_split"]["heldout"]["hybrid"]["conversations"] == 1
    assert data["by_split"]["all"]["hybrid"]["answer_acc"] == 0.0
    assert "| figure | hybrid | 2/1 |" in text  # the per-type table, one column per split


# --- against the product: seeds written questions, in process and through the CLI ---

SEED_SET = {
    "gulou-2024-h1": [
        {"q": "鼓楼区2024年上半年地区生产总值是多少？", "must_contain": ["1020.53亿元"],
         "evidence": "地区生产总值完成 1020.53 亿元", "type": "figure", "doc": "gulou-2024-h1.txt"},
        {"q": "上半年有多少项目标没有达到序时进度", "must_contain": ["10项"], "evidence": "10项目标未达",
         "type": "scoped", "scope": "doc", "doc": "gulou-2024-h1.txt"},
        {"q": "上半年目标过半率是多少", "must_contain": ["87.5%"], "evidence": "目标过半率 87.5%",
         "type": "scoped", "scope": "doc", "doc": "gulou-2024-h1.txt"},
    ],
    "conversations": [
        {"id": "s01", "kind": "ellipsis", "must_contain": ["4.4%"], "doc": "gulou-2024-h1.txt",
         "turns": ["鼓楼区2024年上半年地区生产总值是多少？", "同比增长多少？"]},
    ],
}  # fmt: skip


def test_in_process_scoped_questions_are_asked_of_their_report_and_turns_as_history(
    seed_index_dir: Path, shared_e5: Embedder, tmp_path: Path
) -> None:
    library = ReportLibrary(Settings(data_dir=seed_index_dir), embedder=shared_e5)
    folder = write_set(tmp_path / "q", SEED_SET)
    questions = select_questions(load_questions(folder), "tune")
    run = evaluate_questions(questions, folder, report_dirs=[SEEDS], library=library, progress=False)
    scored = {s.question.pair.question: s for s in run.scored("hybrid")}

    figure = scored["鼓楼区2024年上半年地区生产总值是多少？"]
    assert figure.right and figure.rank == 1
    assert figure.outcome.citations[0].doc_id == "gulou-2024-h1"
    scoped = scored["上半年目标过半率是多少"]  # no place, no year: only its own report is searched
    assert scoped.right and {c.doc_id for c in scoped.outcome.citations} == {"gulou-2024-h1"}
    follow = scored["同比增长多少？"]  # understood from the first turn's question and answer
    assert follow.right, follow.outcome.answer
    assert "地区生产总值" in (follow.outcome.rewritten or "")
    assert run.to_json()["by_split"]["tune"]["hybrid"]["answer_acc"] == 1.0


def test_cli_evaluates_the_set_against_a_server_and_shows_no_heldout_question(
    live_server: Any, tmp_path: Path
) -> None:
    folder = write_set(tmp_path / "q", SEED_SET)
    args = ["eval", "--questions", str(folder), "--url", live_server.url, "--reports", str(SEEDS)]
    result = runner.invoke(app, [*args, "--json", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["by_split"]) == {"all", "tune", "heldout"}
    assert data["n_by_split"]["tune"] == {"questions": 2, "conversations": 1}
    assert data["by_split"]["tune"]["hybrid"]["answer_acc"] == 1.0
    assert data["by_split"]["heldout"]["hybrid"]["answerable"] == 1
    report = (tmp_path / "out" / "report-independent.md").read_text(encoding="utf-8")
    assert "## 分题型（可回答题）" in report and "| scoped | hybrid | 1/1 |" in report

    plain = runner.invoke(app, [*args, "--split", "tune"])  # a quick check writes no report
    assert plain.exit_code == 0 and "split=tune" in plain.stdout and "answer_acc=1.000" in plain.stdout
    heldout_question = SEED_SET["gulou-2024-h1"][1]["q"]
    for output in (result.output, plain.output, report):
        assert heldout_question not in output

    bad = runner.invoke(
        app, ["eval", "--questions", str(folder), "--url", live_server.url, "--config", "bm25"]
    )
    assert bad.exit_code == 2 and "只能用 hybrid" in bad.stderr
    missing = runner.invoke(app, ["eval", "--questions", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "找不到问题集文件夹" in missing.stderr
