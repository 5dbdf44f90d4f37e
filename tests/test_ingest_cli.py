"""`wenbao outline` and `wenbao chunks` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from support import SEED_2021, SEED_2024
from typer.testing import CliRunner

from wenbao.cli import app

runner = CliRunner()


def test_outline_json_has_the_documented_shape() -> None:
    result = runner.invoke(app, ["outline", str(SEED_2024), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "doc_id",
        "title",
        "year",
        "date",
        "meeting",
        "speaker",
        "role",
        "period",
        "place",
        "place_aliases",
        "place_level",
        "kind",
        "sources",
        "warnings",
        "sections",
    ]
    assert (data["place"], data["place_level"], data["kind"]) == ("鼓楼区", "county", "plan_execution_report")
    assert data["doc_id"] == "gulou-2024-h1"
    assert data["date"] == "2024-08-29" and data["speaker"] == "倪娅红" and data["period"] == "上半年"
    part2 = data["sections"][1]
    assert (part2["level"], part2["number"], part2["title"]) == (1, "二、", "下半年重点工作举措")
    assert [c["number"] for c in part2["children"]] == ["一是", "二是", "三是", "四是", "五是", "六是"]
    assert part2["children"][0] == {
        "level": 2,
        "number": "一是",
        "title": "扩大有效需求，增强发展内生动力",
        "covers": {"years": [2024], "period": "second_half", "aspect": "plan"},
        "children": [],
    }


def test_outline_human_output_is_an_indented_tree() -> None:
    result = runner.invoke(app, ["outline", str(SEED_2021)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "关于鼓楼区2021年国民经济和社会发展计划上半年执行情况的报告"
    assert "2021-08-30" in lines[1] and "徐桓峰" in lines[1]
    assert lines[2].startswith("南京市鼓楼区（") and "区县级" in lines[2] and "计划执行情况报告" in lines[2]
    # each top-level part shows what it covers
    assert "一、上半年计划执行情况    〔2021年上半年实绩〕" in lines
    assert "二、下半年工作措施    〔2021年下半年计划〕" in lines
    assert "  （二）聚焦全域创新建设，注入发展澎湃动能" in lines
    assert "    1、增强科技软实力" in lines
    assert lines[-1] == "附件"


def test_chunks_jsonl_one_object_a_line() -> None:
    result = runner.invoke(app, ["chunks", str(SEED_2024), "--jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) > 20
    fields = {"chunk_id", "doc_id", "year", "heading_path", "text", "start", "end", "notes"}
    assert all(fields <= set(r) for r in rows)
    assert sum(1 for r in rows if "强化固本培元" in r["text"]) == 1
    notes = [r["notes"] for r in rows if r["notes"]]
    assert len(notes) == 2 and all(len(n) == 1 for n in notes)
    assert notes[0][0].startswith("即《以打造") and notes[1][0].startswith("以中国（南京）")
    assert all(r["doc_id"] == "gulou-2024-h1" and r["year"] == 2024 for r in rows)


def test_chunks_human_output_shows_path_and_text() -> None:
    result = runner.invoke(app, ["chunks", str(SEED_2021)])
    assert result.exit_code == 0, result.output
    assert (
        "一、上半年计划执行情况 › （二）聚焦全域创新建设，注入发展澎湃动能 › 1、增强科技软实力"
        in result.stdout
    )
    assert "    新签约新型研发机构1家" in result.stdout


def test_bad_paths_and_unreadable_files_give_one_line_and_exit_2(tmp_path: Path) -> None:
    bad_pdf = tmp_path / "broken.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4\nnot really")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    cases = [
        (["outline", str(tmp_path / "missing.txt")], "找不到文件"),
        (["chunks", str(tmp_path / "missing.txt"), "--jsonl"], "找不到文件"),
        (["outline", str(tmp_path)], "不是文件"),
        (["outline", str(bad_pdf)], "不是有效的 PDF 文件"),
        (["chunks", str(empty)], "文件中没有文字"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == ""
        err = result.stderr.strip()
        assert "\n" not in err and message in err, err
        assert "Traceback" not in result.output
