"""Refits the answerability judge on question sets asked of indexes that already exist.

``wenbao eval --calibrate`` fits on the gold set's tune split and on sets over the eval corpus,
which it indexes itself. The sets written over other reports (the unseen provincial, national and
budget reports) are asked of the index that holds their reports instead: this script asks each
set of its own index, in process, with the judge's threshold at 0 (every rule still refuses what it
refuses, the judge refuses nothing), and keeps for every question the evidence the judge would see
and whether the question is answerable. The fit is then offline and instant.

    # 1. collect: one SET=INDEX per set (SET: a question folder, "DIR@tune" for its tune half
    #    only, or "gold" for eval/gold.jsonl's tune split)
    WENBAO_SENTENCE_FILL=off python -m wenbao.eval.refit_judge collect samples.jsonl \\
        gold=IDX /work/shared/reports/questions@tune=IDX /work/unseen/q/tune-unA=IDX-U ...
    # 2. fit (prints the curve and, per set, the decisions before/after); --save writes the model
    python -m wenbao.eval.refit_judge fit samples.jsonl [more.jsonl] [--l2 1.0] [--save]

The decision the offline figures estimate is "answered with the judge at 0, and the new
judge's confidence at least ``answer_min_confidence``": it leaves out what the meaning check
(``answer_meaning_floor``) rescues, so measure the refitted model on running services too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from wenbao.answering.answerability import (
    DEFAULT_MODEL,
    AnswerabilityModel,
    AnswerEvidence,
    fit_answerability,
    load_answerability,
)
from wenbao.eval.gold import GoldPair, squash

GOLD = "gold"


def _pairs(spec: str) -> list[tuple[GoldPair, str]]:
    """The pairs a set spec names, each with its type ("unanswerable" for those to refuse)."""
    from wenbao.eval.gold import DEFAULT_GOLD, load_gold
    from wenbao.eval.independent import load_questions, select_questions

    if spec == GOLD:
        return [(p, p.type) for p in load_gold(DEFAULT_GOLD) if p.split == "tune"]
    directory, _, split = spec.partition("@")
    chosen = select_questions(load_questions(Path(directory)), split or "all")
    return [(q.pair, q.pair.type if q.pair.answerable else "unanswerable") for q in chosen]


def _right(pair: GoldPair, answer: str, answerable: bool) -> bool:
    if not pair.answerable:
        return not answerable
    said = squash(answer)
    return answerable and all(squash(m) in said for m in pair.must_contain)


def collect(out: Path, specs: Sequence[str]) -> None:
    from wenbao.eval.independent import TOP_K
    from wenbao.eval.systems import LibraryQASystem
    from wenbao.index.library import ReportLibrary
    from wenbao.settings import get_settings

    # the judge refuses nothing: every rule still does, and the evidence is what the judge sees
    settings = get_settings().model_copy(update={"answer_min_confidence": 0.0})
    by_index: dict[str, list[str]] = defaultdict(list)
    for spec in specs:
        name, _, index = spec.rpartition("=")
        by_index[index].append(name)
    with out.open("a", encoding="utf-8") as f:
        for index, names in by_index.items():
            library = ReportLibrary(settings.model_copy(update={"data_dir": Path(index)}))
            system = LibraryQASystem("hybrid", library, "hybrid", settings, top_k=TOP_K)
            system.warm_up()
            for name in names:
                pairs = _pairs(name)
                for k, (pair, kind) in enumerate(pairs, 1):
                    outcome = system.run(pair)
                    ev = outcome.evidence
                    row = {
                        "set": name,
                        "id": pair.id,
                        "type": kind,
                        "answerable": pair.answerable,
                        "answered": bool(outcome.answerable) and outcome.error is None,
                        "right": _right(pair, outcome.answer or "", bool(outcome.answerable)),
                        "evidence": dict(zip(AnswerEvidence.names(), ev.vector(), strict=True))
                        if isinstance(ev, AnswerEvidence)
                        else None,
                    }
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
                    f.flush()
                    print(f"\r{name} {k}/{len(pairs)}", end="", file=sys.stderr)
                print(file=sys.stderr)


def _load(paths: Iterable[Path]) -> list[dict[str, object]]:
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line]


def _evidence(row: dict[str, object]) -> AnswerEvidence | None:
    ev = row.get("evidence")
    return AnswerEvidence(**ev) if isinstance(ev, dict) else None


def decide(row: dict[str, object], model: AnswerabilityModel | None, threshold: float) -> bool:
    """Whether the question is answered: the rules let it through and the judge is confident."""
    ev = _evidence(row)
    if not row["answered"]:
        return False
    if model is None or ev is None:
        return True
    return model.confidence(ev) >= threshold


def summary(rows: Sequence[dict[str, object]], model: AnswerabilityModel | None, threshold: float) -> str:
    """Answer accuracy (a right answer kept), unanswerables refused, false refusals."""
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    acc = sum(bool(r["right"]) and decide(r, model, threshold) for r in ans) / max(1, len(ans))
    fr = sum(not decide(r, model, threshold) for r in ans) / max(1, len(ans))
    ref = sum(not decide(r, model, threshold) for r in una) / max(1, len(una))
    return f"n={len(ans)}+{len(una)} acc={acc:.3f} false_refuse={fr:.3f} refuse={ref:.3f}"


def fit(
    paths: Sequence[Path], l2: float, threshold: float, save: bool, positives: str, negative_weight: int = 1
) -> None:
    rows = _load(paths)
    usable = [r for r in rows if _evidence(r) is not None and r["answered"]]
    # An answerable question whose quote does not hold the answer teaches the judge to pass a wrong
    # quote: "right" counts only the quotes that answer as positives.
    samples = [
        (ev, bool(r["right"]) if positives == "right" else bool(r["answerable"]))
        for r in usable
        if (ev := _evidence(r)) is not None
    ]
    # Few unanswerable questions get past the rules to the judge: each counts this many times.
    samples += [(ev, y) for ev, y in samples if not y] * (negative_weight - 1)
    sets = sorted({str(r["set"]) for r in rows})
    counts = ", ".join(f"{s}: {sum(r['set'] == s for r in usable)}" for s in sets)
    model = fit_answerability(
        samples,
        l2=l2,
        fitted_on=f"refit_judge (positives: {positives}, negatives x{negative_weight}, l2 {l2}), "
        f"samples per set: {counts}",
    )
    old = load_answerability(DEFAULT_MODEL)
    print(f"{len(samples)} samples ({sum(y for _, y in samples)} positive) from {len(rows)} questions")
    for s in [*sets, "ALL"]:
        mine = [r for r in rows if s in ("ALL", r["set"])]
        print(f"{s[-40:]:>40}  before {summary(mine, old, 0.5)}")
        print(f"{'':>40}  after  {summary(mine, model, threshold)}")
    print(json.dumps(model.weights, ensure_ascii=False), model.bias)
    if save:
        model.save(DEFAULT_MODEL)
        print(f"saved {DEFAULT_MODEL}")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("out", type=Path)
    c.add_argument("specs", nargs="+", help="SET=INDEX_DIR")
    f = sub.add_parser("fit")
    f.add_argument("samples", type=Path, nargs="+")
    f.add_argument("--l2", type=float, default=1.0)
    f.add_argument("--threshold", type=float, default=0.5)
    f.add_argument("--positives", choices=("answerable", "right"), default="answerable")
    f.add_argument("--negative-weight", type=int, default=1)
    f.add_argument("--save", action="store_true")
    a = ap.parse_args(argv)
    if a.cmd == "collect":
        collect(a.out, a.specs)
    else:
        fit(a.samples, a.l2, a.threshold, a.save, a.positives, a.negative_weight)


if __name__ == "__main__":
    main()
