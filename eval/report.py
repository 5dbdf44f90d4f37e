"""``eval/report.md`` and ``eval/recall.png`` from an ``EvalRun``: the tables, the chart and every
miss of the product grouped by its cause, so a developer can see why and what to tune."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window (CI, servers)
import matplotlib.pyplot as plt

from wenbao.eval.gold import HELDOUT_REPORTS
from wenbao.eval.metrics import DEFINITIONS, METRIC_KEYS, MRR_K, PairOutcome
from wenbao.eval.runner import BASELINE, PRODUCT, EvalRun

REPORT_NAME = "report.md"
CHART_NAME = "recall.png"
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


def miss_section(outcomes: Sequence[PairOutcome]) -> str:
    grouped: dict[str, list[PairOutcome]] = {}
    for o in outcomes:
        cause = miss_cause(o)
        if cause is not None:
            grouped.setdefault(cause, []).append(o)
    if not grouped:
        return "产品在本次评测的每一题上都命中了。\n"
    parts = [table([[CAUSES[c], str(len(grouped[c]))] for c in CAUSES if c in grouped], ["原因", "题数"]), ""]
    for cause in CAUSES:
        if cause not in grouped:
            continue
        parts.append(f"### {CAUSES[cause]}（{len(grouped[cause])}）\n")
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
        out += [f"## 产品（{PRODUCT}）的每一处失误，按原因分组", "", miss_section(run.outcomes[PRODUCT])]
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
