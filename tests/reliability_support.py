"""Helpers for the reliability tests: reports with their own figures, copies of the seed
index, and checks that an answer came wholly from one index or the other."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

ITEMS = "一二三四五六七八九十"
TOPICS = [
    ("扩大有效投资", "完成固定资产投资{a}亿元，同比增长{p}%，新开工重大项目{n}个。"),
    ("提振消费市场", "社会消费品零售总额完成{a}亿元，同比增长{p}%，举办促消费活动{n}场。"),
    ("推动科技创新", "技术合同成交额完成{b}亿元，新增高新技术企业{n}家。"),
    ("稳定外贸外资", "进出口总额完成{a}亿元，实际使用外资{b}亿美元。"),
    ("保障改善民生", "新增城镇就业{m}人，城镇居民人均可支配收入{m}元，同比增长{p}%。"),
    ("改善生态环境", "空气质量优良天数比例{p}%，新建口袋公园{n}个。"),
]


def district_report(district: str, year: int, gdp: str, sections: int = 0, extra: str = "") -> str:
    """A report of the seeds' family (front matter, 一、 / （一） / 1． numbering, a plan part 二)
    with its own district, year and GDP figure; `sections` * 6 numbered items make it longer;
    `extra` is one more paragraph under the first item."""
    lines = [
        f"关于{district}{year}年国民经济和社会发展计划",
        "上半年执行情况的报告",
        f"——{year}年8月20日在区人大常委会第五次会议上",
        "",
        "区发展和改革委员会主任 王明",
        "",
        "主任、各位副主任、各位委员：",
        "",
        f"我受区人民政府委托，向本次会议报告我区{year}年国民经济和社会发展计划上半年执行情况，请予审议。",
        "",
        "一、上半年计划执行情况",
        "",
        "（一）经济运行总体平稳",
        "",
        f"1．主要指标稳步增长。上半年，{district}地区生产总值完成{gdp}亿元，同比增长5.3%。",
        "",
    ]
    if extra:
        lines += [extra, ""]
    for s in range(sections):
        lines += [f"（{ITEMS[s + 1]}）重点工作第{s + 1}组扎实推进", ""]
        for i, (title, body) in enumerate(TOPICS, start=1):
            k = s * len(TOPICS) + i
            figures = {"a": f"{100 + 3.7 * k:.2f}", "b": f"{10 + 1.3 * k:.2f}", "p": f"{2 + k % 7}.{k % 10}"}
            figures |= {"n": str(10 + k), "m": str(20000 + 97 * k)}
            lines += [f"{i}．{title}。上半年，全区{body.format(**figures)}", ""]
    lines += [
        "二、下半年工作安排",
        "",
        "（一）持续扩大有效投资",
        "",
        "1．加快项目建设。下半年，全区将加快推进重点项目建设，确保完成全年目标任务。",
        "",
    ]
    return "\n".join(lines)


def copy_index(source: Path, target: Path) -> Path:
    """A private copy of a built data dir (a server under test may change or break it)."""
    shutil.copytree(source, target)
    return target


def cited_doc_ids(answer: dict[str, Any]) -> set[str]:
    """The documents whose passages the answer text cites with [n] markers."""
    return {c["doc_id"] for c in answer["citations"] if f"[{c['n']}]" in answer["answer"]}


def answer_side(answer: dict[str, Any], doc_id: str, figure: str) -> str:
    """'new' when the answer is wholly the new report's (its figure, cited from it), 'old'
    when it is wholly the index without it (a refusal that nowhere mentions it), else 'mixed'."""
    all_docs = {c["doc_id"] for c in answer["citations"]}
    if answer["answerable"] and figure in answer["answer"] and cited_doc_ids(answer) == {doc_id}:
        return "new"
    if not answer["answerable"] and figure not in answer["answer"] and doc_id not in all_docs:
        return "old"
    return "mixed"
