"""Plain-text views of a parsed report for the command line."""

from __future__ import annotations

from wenbao.documents import Chunk, ParsedDocument, Section


def outline_text(doc: ParsedDocument) -> str:
    """The metadata, then the heading tree indented by level."""
    m = doc.meta
    lines = [m.title]
    facts = [m.date, m.meeting, " ".join(x for x in (m.role, m.speaker) if x)]
    lines.append(" · ".join(f for f in facts if f))
    where = m.place or "地区未识别"
    if m.place_aliases:
        where += f"（{'、'.join(m.place_aliases)}）"
    level = LEVEL_CN.get(m.place_level or "", "")
    lines.append(" · ".join(x for x in (where, level, KIND_CN.get(m.kind, m.kind)) if x))
    overridden = [k for k, v in m.sources.items() if v == "override"]
    if overridden:
        lines.append("上传者指定：" + "、".join(overridden))
    lines.extend(f"注意：{w}" for w in m.warnings)

    def walk(sections: list[Section], depth: int) -> None:
        for s in sections:
            covers = f"    〔{s.covers.describe()}〕" if depth == 0 and s.covers else ""
            lines.append("  " * depth + s.number + s.title + covers)
            walk(s.children, depth + 1)

    walk(doc.sections, 0)
    return "\n".join(line for line in lines if line)


LEVEL_CN = {"national": "国家级", "provincial": "省级", "prefectural": "地市级", "county": "区县级"}
KIND_CN = {
    "government_work_report": "政府工作报告",
    "plan_execution_report": "计划执行情况报告",
    "budget_report": "预算报告",
    "other": "其他报告",
}


def chunk_text(n: int, chunk: Chunk) -> str:
    """One chunk: its number, heading path and offsets, then its text (and footnotes)."""
    path = " › ".join(chunk.heading_labels) or "（正文前）"
    out = [f"[{n}] {path}  ({chunk.start}–{chunk.end}, {len(chunk.text)} 字)", f"    {chunk.text}"]
    out.extend(f"    注：{note}" for note in chunk.notes)
    return "\n".join(out)
