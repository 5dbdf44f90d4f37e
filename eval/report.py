"""``eval/report.md`` and ``eval/recall.png`` from an ``EvalRun``: the tables, the chart and every
miss of the product on the tune split grouped by its cause, so a developer can see why and what to
tune; and ``eval/report-independent.md`` from a run over the independent question set.

Tuning discipline: only tune questions are ever shown one by one. The held-out split is the score;
of it a report and the console give aggregates (and counts of misses by cause), never a question,
its evidence or its answer, so nobody tunes on it by reading it."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import matplotlib

matplotlib.use("Agg")  # files only, never a window (CI, servers)
import matplotlib.pyplot as plt

from wenbao.eval.gold import HELDOUT_REPORTS, SPLITS
from wenbao.eval.independent import UNANSWERABLE_TYPE, IndependentRun, Scored
from wenbao.eval.metrics import DEFINITIONS, METRIC_KEYS, MRR_K, PairOutcome
from wenbao.eval.runner import BASELINE, PRODUCT, EvalRun

T = TypeVar("T")

REPORT_NAME = "report.md"
CHART_NAME = "recall.png"
INDEPENDENT_REPORT_NAME = "report-independent.md"
LISTED_SPLIT = "tune"  # the only split whose misses are listed question by question
REQUIRED_R1_GAIN = 0.15

HEADERS = {
    "r1": "R@1",
    "r5": "R@5",
    "r10": "R@10",
    "mrr": "MRR@10",
    "answer_acc": "答案准确率",
    "refuse": "拒答率",
    "false_refuse": "误拒率",
    "cite_chars_median": "引用长度中位数",
    "p50_ms": "p50 ms",
    "p95_ms": "p95 ms",
}

# Causes of a product miss, most actionable first; the first that applies names the miss.
CAUSES = {
    "wrong-answer-refused": "误拒：报告有答案，却拒答了",
    "not-refused": "未拒答：报告没有答案，却给出了回答",
    "not-retrieved": "检索未命中：前 10 个段落都不含证据",
    "answer-missing-key-top1": "答案缺关键内容：证据排第 1，但答案没有取对句子",
    "answer-missing-key-lower": "答案缺关键内容：证据在第 2–10 名，答案没有用上",
    "ranked-low": "答案正确，但证据没有排在第 1",
    "error": "出错",
}


def fmt(value: float | int | None, key: str = "") -> str:
    if value is None:
        return "—"
    if key in ("cite_chars_median", "p50_ms", "p95_ms"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def overall_table(summary: dict[str, dict[str, float | None]]) -> str:
    rows = [[name] + [fmt(m[k], k) for k in METRIC_KEYS] for name, m in summary.items()]
    return table(rows, ["配置"] + [HEADERS[k] for k in METRIC_KEYS])


def miss_cause(outcome: PairOutcome) -> str | None:
    """Why the product failed on a pair, or None when it did not."""
    if outcome.error is not None:
        return "error"
    if not outcome.pair.answerable:
        return None if outcome.refused else "not-refused"
    if outcome.refused:
        return "wrong-answer-refused"
    rank = outcome.hit_rank
    if rank is not None and rank > MRR_K:
        rank = None  # beyond the depth every metric looks at
    if not outcome.answer_ok:
        if rank is None:
            return "not-retrieved"
        return "answer-missing-key-top1" if rank == 1 else "answer-missing-key-lower"
    if rank != 1:
        return "not-retrieved" if rank is None else "ranked-low"
    return None


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def misses_by_cause(
    items: Sequence[T], cause_of: Callable[[T], str | None], split_of: Callable[[T], str]
) -> tuple[dict[str, list[str]], dict[str, list[T]]]:
    """Each cause's misses: the split of every one (counted for all splits), and the items of the
    tune split (the only ones listed one by one)."""
    causes: dict[str, list[str]] = {}
    listed: dict[str, list[T]] = {}
    for item in items:
        cause = cause_of(item)
        if cause is None:
            continue
        causes.setdefault(cause, []).append(split_of(item))
        if split_of(item) == LISTED_SPLIT:
            listed.setdefault(cause, []).append(item)
    return causes, listed


def miss_overview(causes: dict[str, list[str]], labels: dict[str, str]) -> list[str]:
    """The counts per cause and split, and the note that held-out misses are counted only."""
    splits = [s for s in SPLITS if any(s in v for v in causes.values())]
    return [cause_counts(causes, labels, splits), "", *unlisted_note(splits)]


def cause_counts(causes: dict[str, list[str]], labels: dict[str, str], splits: Sequence[str]) -> str:
    """How many misses each cause has, one column per split (the held-out split's only view)."""
    rows = [[labels[c], *(str(causes[c].count(s)) for s in splits)] for c in labels if causes.get(c)]
    return table(rows, ["原因", *(f"{s} 题数" for s in splits)])


def unlisted_note(splits: Sequence[str]) -> list[str]:
    hidden = [s for s in splits if s != LISTED_SPLIT]
    if not hidden:
        return []
    return [
        f"{'、'.join(hidden)} 划分的失误只计数、不逐题列出：它是成绩，不用来调参"
        f"（只有 {LISTED_SPLIT} 的题可以逐题查看）。",
        "",
    ]


def miss_section(outcomes: Sequence[PairOutcome]) -> str:
    """The product's misses by cause: counted for every split, listed for the tune split only."""
    causes, grouped = misses_by_cause(outcomes, miss_cause, lambda o: o.pair.split)
    if not causes:
        return "产品在本次评测的每一题上都命中了。\n"
    parts = miss_overview(causes, CAUSES)
    for cause in CAUSES:
        if cause not in grouped:
            continue
        parts.append(f"### {CAUSES[cause]}（{LISTED_SPLIT} {len(grouped[cause])}）\n")
        for o in grouped[cause]:
            p = o.pair
            first = o.retrieved[0] if o.retrieved else None
            lines = [f"- **{p.id}**（{p.type}，{p.split}）{_cell(p.question)}"]
            if p.history:
                lines.append(f"  - 对话历史：{' / '.join(_clip(c, 40) for r, c in p.history if r == 'user')}")
            if o.rewritten and o.rewritten != p.question:
                lines.append(f"  - 理解为：{_cell(o.rewritten)}")
            if p.evidence:
                lines.append(f"  - 期望证据：{'；'.join(_cell(e) for e in p.evidence)}")
                lines.append(
                    f"  - 必含：{'、'.join(p.must_contain)}；缺：{'、'.join(o.missing_keys()) or '无'}"
                )
                lines.append(f"  - 证据排名：{o.hit_rank or '前10未见'}")
            lines.append(
                f"  - 回答（{'可答' if o.answerable else '拒答'}）：{_cell(_clip(o.answer or o.error or ''))}"
            )
            if first is not None:
                lines.append(f"  - 排第 1 的段落：{_cell(first.label)} —— {_cell(_clip(first.text, 100))}")
            parts.append("\n".join(lines))
        parts.append("")
    return "\n".join(parts)


def write_chart(run: EvalRun, path: Path) -> None:
    """Recall@k and MRR per configuration, one panel per split (tune, heldout) when both ran."""
    data = run.to_json()
    panels = data["by_split"] if len(data["by_split"]) > 1 else {"all": data["configs"]}
    keys = ["r1", "r5", "r10", "mrr"]
    labels = ["Recall@1", "Recall@5", "Recall@10", "MRR@10"]
    fig, axes = plt.subplots(1, len(panels), figsize=(7 * len(panels), 4.5), dpi=110, squeeze=False)
    for ax, (split, summary) in zip(axes[0], panels.items(), strict=True):
        width = 0.8 / max(1, len(summary))
        for i, (name, m) in enumerate(summary.items()):
            values = [m[k] or 0.0 for k in keys]
            xs = [x + (i - (len(summary) - 1) / 2) * width for x in range(len(keys))]
            bars = ax.bar(xs, values, width, label=name)
            ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=2)
        ax.set_xticks(range(len(keys)), labels)
        ax.set_ylim(0, 1.2)
        ax.set_ylabel("share of answerable gold pairs")
        n = data["n_by_split"].get(split, data["n"])
        ax.set_title(f"{split}: {n} gold pairs (langchain-baseline shows top 4)", fontsize=10)
        ax.legend(loc="upper center", ncol=len(summary), fontsize=7, frameon=False)
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def split_table(by_split: dict[str, dict[str, dict[str, float | None]]], counts: dict[str, int]) -> str:
    """Every configuration with its splits in adjacent rows, so tune and heldout read side by side."""
    configs = list(next(iter(by_split.values()), {}))
    rows = [
        [name, f"{split}（{counts[split]}）"] + [fmt(by_split[split][name][k], k) for k in METRIC_KEYS]
        for name in configs
        for split in by_split
    ]
    return table(rows, ["配置", "划分（题数）"] + [HEADERS[k] for k in METRIC_KEYS])


# The columns of the per-type and per-report tables: the few that say most, for each split.
BREAKDOWN_KEYS = ("r1", "r10", "answer_acc", "refuse")


def breakdown_table(
    groups: dict[str, dict[str, dict[str, dict[str, float | None]]]],
    counts: dict[str, Counter[str]],
    splits: Sequence[str],
    label: str,
) -> str:
    """One row per (group, configuration); for each metric of BREAKDOWN_KEYS, one column per split."""
    header = [label, "配置", "题数 " + "/".join(splits)]
    header += [f"{HEADERS[k]} {s}" for k in BREAKDOWN_KEYS for s in splits]
    rows = []
    for group, per_split in groups.items():
        n = "/".join(str(counts[group][s]) for s in splits)
        for name in per_split["all"]:
            rows.append(
                [group, name, n] + [fmt(per_split[s][name][k], k) for k in BREAKDOWN_KEYS for s in splits]
            )
    return table(rows, header)


def render(run: EvalRun, command: str = "wenbao eval", chart_name: str = CHART_NAME) -> str:
    data = run.to_json()
    summary = data["configs"]
    counts = Counter(p.type for p in run.pairs)
    splits = run.splits()
    type_counts = {t: Counter(p.split for p in run.pairs if p.type == t) for t in run.types()}
    report_counts = {r: Counter(p.split for p in run.pairs if p.report == r) for r in run.reports()}
    out = [
        "# 问报 wenbao 离线评测",
        "",
        f"- 生成时间：{dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- 命令：`{command}`",
        f"- 运行对象：{run.source}",
        f"- 标准问答：{data['n']} 题（"
        + "，".join(f"{t} {counts[t]}" for t in run.types())
        + f"；其中不可回答 {sum(not p.answerable for p in run.pairs)} 题）",
        "- 划分："
        + "，".join(f"{s} {data['n_by_split'][s]} 题" for s in splits)
        + f"（留出报告：{'、'.join(HELDOUT_REPORTS)} 的全部题，其余报告按 id 哈希约 30%；"
        "调参只看 tune，heldout 才是成绩）",
        "- 准备耗时（秒，建索引/加载模型）：" + "，".join(f"{k} {v}" for k, v in run.setup_s.items()),
        f"- 机器：{os.cpu_count()} 核，评测结束时 1/5/15 分钟平均负载 "
        + " / ".join(f"{x:.1f}" for x in os.getloadavg())
        + "（负载高于核数时延迟偏高；速度以 `make bench` 为准）",
        "",
        "## 总表（按划分）",
        "",
        split_table(data["by_split"], data["n_by_split"]),
        "",
    ]
    if len(splits) > 1:
        out += ["合计（两个划分一起）：", "", overall_table(summary), ""]
    if PRODUCT in summary and BASELINE in summary:
        for split in splits:
            p, b = data["by_split"][split][PRODUCT], data["by_split"][split][BASELINE]
            gain = (p["r1"] or 0.0) - (b["r1"] or 0.0)
            shorter = (p["cite_chars_median"] or 0) < (b["cite_chars_median"] or 0)
            verdict = "达到" if gain >= REQUIRED_R1_GAIN and shorter else "未达到"
            out += [
                f"{split}：产品（{PRODUCT}）比基线（{BASELINE}）的 Recall@1 高 {gain:+.3f}"
                f"（要求 ≥ {REQUIRED_R1_GAIN}），引用长度中位数 "
                f"{fmt(p['cite_chars_median'], 'cite_chars_median')} 对 "
                f"{fmt(b['cite_chars_median'], 'cite_chars_median')} 字：**{verdict}**要求。",
                "",
            ]
    out += [f"![Recall@k]({chart_name})", ""]
    out += ["## 分题型", "", breakdown_table(data["by_type"], type_counts, splits, "题型"), ""]
    out += [
        "## 分报告",
        "",
        "`cross` 为跨报告的对比题，`none` 为不可回答题（报告中没有答案）。",
        "",
        breakdown_table(data["by_report"], report_counts, splits, "报告"),
        "",
    ]
    out += ["## 指标定义", "", DEFINITIONS, ""]
    if PRODUCT in run.outcomes:
        out += [
            f"## 产品（{PRODUCT}）的失误，按原因分组（{LISTED_SPLIT} 逐题列出，其余只计数）",
            "",
            miss_section(run.outcomes[PRODUCT]),
        ]
    return "\n".join(out).rstrip() + "\n"


def write_report(run: EvalRun, out_dir: Path, command: str = "wenbao eval") -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    chart = out_dir / CHART_NAME
    write_chart(run, chart)
    report = out_dir / REPORT_NAME
    report.write_text(render(run, command, chart.name), encoding="utf-8")
    return report, chart


def console_summary(run: EvalRun) -> str:
    """The table by split for a terminal (aligned columns, no markdown)."""
    data = run.to_json()
    header = ["config", "split", *METRIC_KEYS]
    rows = [
        [name, f"{split}({data['n_by_split'][split]})"] + [fmt(m[k], k) for k in METRIC_KEYS]
        for name in data["configs"]
        for split, per_config in data["by_split"].items()
        for m in [per_config[name]]
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"{len(run.pairs)} gold pairs · {run.source}"]
    lines += [
        "  ".join(
            str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in [header, *rows]
    ]
    return "\n".join(lines)


# --- the independent question set (``wenbao eval --questions DIR``) ---

INDEPENDENT_HEADERS = {
    "answerable": "可回答题",
    "r1": "R@1",
    "r5": "R@5",
    "answer_acc": "答案准确率",
    "false_refuse": "误拒率",
    "unanswerable": "不可回答题",
    "refuse": "拒答率",
    "conversations": "对话",
    "conversation_acc": "对话准确率",
    "errors": "出错",
    "p50_ms": "p50 ms",
}
COUNT_KEYS = ("answerable", "unanswerable", "conversations", "errors")
TYPE_KEYS = ("r1", "r5", "answer_acc", "false_refuse")

INDEPENDENT_DEFINITIONS = """\
- 与问题集自带的检查脚本（`shared/checks/indep_qa.py`）同一口径：产品以 `top_k` 10 提问；
  `"scope": "doc"` 的题只问本文件对应的报告（`doc_id` = 文件名去掉 `.jsonl`）。
- **R@1 / R@5**：可回答题中，回答的第 1 条 / 前 5 条引用里有一条的「带编号的标题路径 + 正文 + 脚注」
  包含 `evidence`（NFKC 规范化、去掉一切空白）的比例。
- **答案准确率**：可回答题中，回答（同样规范化）包含全部 `must_contain` 的比例；**误拒率**：其中回答
  `answerable: false` 的比例。**拒答率**：不可回答题中回答 `answerable: false` 的比例。
- **对话准确率**：对话的各轮依次在同一会话中提问（之前各轮的真实回答作为历史），只评最后一轮：
  不是拒答且包含全部 `must_contain`。对话不计入上面几项。
- **划分**：每个文件（含 `conversations.jsonl`）非空行的 0 起序号为偶数（第 1、3、5…行）是 tune，
  奇数是 heldout。"""

INDEPENDENT_CAUSES = {
    "error": "出错",
    "wrong-answer-refused": "误拒：报告有答案，却拒答了",
    "not-refused": "未拒答：报告没有答案，却给出了回答",
    "not-cited": "答案缺关键内容：引用中没有证据",
    "missing-key-top1": "答案缺关键内容：证据在第 1 条引用，答案没有取对句子",
    "missing-key-lower": "答案缺关键内容：证据在第 2 条及以后的引用，答案没有用上",
    "conversation": "对话：最后一轮答错",
}


def independent_miss_cause(s: Scored) -> str | None:
    """Why the product got a question of the set wrong, or None when it got it right."""
    if s.right:
        return None
    if s.outcome.error is not None:
        return "error"
    if s.question.is_unanswerable:
        return "not-refused"
    if s.outcome.refused:
        return "wrong-answer-refused"
    if s.question.is_conversation:
        return "conversation"
    if s.rank is None:
        return "not-cited"
    return "missing-key-top1" if s.rank == 1 else "missing-key-lower"


def _independent_entry(s: Scored) -> str:
    q, o, p = s.question, s.outcome, s.question.pair
    kind = f"对话，{q.kind}" if q.is_conversation else p.type
    lines = [f"- **{q.label}**（{kind}）{_cell(p.question)}"]
    if q.is_conversation:
        lines.append(f"  - 之前各轮：{' → '.join(_cell(t) for t in p.turns)}")
    if p.ask_doc is not None:
        lines.append(f"  - 只问报告：{p.ask_doc}")
    if p.evidence:
        lines.append(f"  - 期望证据：{'；'.join(_cell(e) for e in p.evidence)}")
        lines.append(f"  - 证据在引用中的名次：{s.rank or '引用中未见'}")
    if p.must_contain:
        lines.append(f"  - 必含：{'、'.join(p.must_contain)}；缺：{'、'.join(o.missing_keys()) or '无'}")
    if q.absent:
        lines.append(f"  - 报告中没有：{'、'.join(q.absent)}")
    lines.append(f"  - 回答（{'拒答' if o.refused else '可答'}）：{_cell(_clip(o.answer or o.error or ''))}")
    if o.citations:
        first = o.citations[0]
        lines.append(f"  - 第 1 条引用：{_cell(first.label)} —— {_cell(_clip(first.text, 100))}")
    return "\n".join(lines)


def independent_miss_section(scored: Sequence[Scored]) -> str:
    """Misses by cause: counted for every split, listed one by one for the tune split only."""
    causes, listed = misses_by_cause(scored, independent_miss_cause, lambda s: s.question.split)
    if not causes:
        return "产品答对了本次评测的每一题。\n"
    parts = miss_overview(causes, INDEPENDENT_CAUSES)
    for cause, label in INDEPENDENT_CAUSES.items():
        if cause in listed:
            parts += [f"### {label}（{LISTED_SPLIT} {len(listed[cause])}）", ""]
            parts += [_independent_entry(s) for s in listed[cause]] + [""]
    return "\n".join(parts)


def _split_label(split: str, counts: dict[str, int]) -> str:
    return f"{split}（{counts['questions']} 题 + {counts['conversations']} 组对话）"


def render_independent(run: IndependentRun, command: str = "wenbao eval --questions") -> str:
    data = run.to_json()
    keys = list(data["by_split"])  # the splits, with "all" first when both ran
    splits = run.splits()
    summary_rows = [
        [name, _split_label(split, data["n_by_split"][split])]
        + [
            str(m[k]) if k in COUNT_KEYS else fmt(m[k], "p50_ms" if k == "p50_ms" else "")
            for k in INDEPENDENT_HEADERS
        ]
        for name in run.configs
        for split in keys
        for m in [data["by_split"][split][name]]
    ]
    counts = {
        t: "/".join(str(data["by_type"][t][s][run.configs[0]]["answerable"]) for s in splits)
        for t in data["by_type"]
    }
    type_rows = [
        [t, name, counts[t]] + [fmt(data["by_type"][t][s][name][k]) for k in TYPE_KEYS for s in splits]
        for t in data["by_type"]
        if t != UNANSWERABLE_TYPE
        for name in run.configs
    ]
    kind_rows = [
        [k, name]
        + [
            f"{m['conversations_right']}/{m['conversations']}"
            for s in splits
            for m in [data["by_kind"][k][s][name]]
        ]
        for k in data["by_kind"]
        for name in run.configs
    ]
    out = [
        "# 问报 wenbao 独立问题集评测",
        "",
        f"- 生成时间：{dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- 命令：`{command}`",
        f"- 运行对象：{run.run.source}",
        f"- 问题集：{run.directory}（与代码分开编写；每个文件第 1、3、5…行为 tune，第 2、4、6…行为 heldout）",
        "- 划分：" + "，".join(_split_label(s, data["n_by_split"][s]) for s in splits),
        "",
        "## 总表（按划分）",
        "",
        table(summary_rows, ["配置", "划分", *INDEPENDENT_HEADERS.values()]),
        "",
        "## 分题型（可回答题）",
        "",
        table(
            type_rows,
            ["题型", "配置", "题数 " + "/".join(splits)]
            + [f"{INDEPENDENT_HEADERS[k]} {s}" for k in TYPE_KEYS for s in splits],
        ),
        "",
    ]
    if kind_rows:
        out += ["## 对话（按类型，答对/组数）", "", table(kind_rows, ["类型", "配置", *splits]), ""]
    out += ["## 指标定义", "", INDEPENDENT_DEFINITIONS, ""]
    out += [
        f"## 产品（{run.product}）的失误，按原因分组（{LISTED_SPLIT} 逐题列出，其余只计数）",
        "",
        independent_miss_section(run.scored(run.product)),
    ]
    return "\n".join(out).rstrip() + "\n"


def write_independent_report(
    run: IndependentRun, out_dir: Path, command: str = "wenbao eval --questions"
) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    report = out_dir / INDEPENDENT_REPORT_NAME
    report.write_text(render_independent(run, command), encoding="utf-8")
    return report


def console_independent(run: IndependentRun) -> str:
    """Aggregates for a terminal, per split and per type (never a question: see the module doc)."""
    data = run.to_json()
    lines = [f"{run.directory} · {run.run.source}"]
    for name in run.configs:
        for split, per_config in data["by_split"].items():
            m = per_config[name]
            lines.append(
                f"{name} split={split} answerable={m['answerable']} r1={fmt(m['r1'])} r5={fmt(m['r5'])} "
                f"answer_acc={fmt(m['answer_acc'])} refuse={fmt(m['refuse'])} "
                f"false_refuse={fmt(m['false_refuse'])} conversations={m['conversations_right']}/"
                f"{m['conversations']} conv_refused={m['conversations_refused']}/"
                f"{m['conversations_to_refuse']} errors={m['errors']}"
            )
        for t, per_split in data["by_type"].items():
            for split, per_config in per_split.items():
                m = per_config[name]
                if t == UNANSWERABLE_TYPE:
                    lines.append(f"  {t:<12} {split:<7} n={m['unanswerable']:<3} refuse={fmt(m['refuse'])}")
                    continue
                lines.append(
                    f"  {t:<12} {split:<7} n={m['answerable']:<3} R@1={fmt(m['r1'])} R@5={fmt(m['r5'])} "
                    f"acc={fmt(m['answer_acc'])} false_refuse={fmt(m['false_refuse'])}"
                )
    return "\n".join(lines)
