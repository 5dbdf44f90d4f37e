"""Metadata of the nine real reports (shared/reports): place, level, kind, date, and what each
top-level part covers. The rules are tested on written text in test_ingest_metadata.py; these
check them on real reports, including ones whose title line is lost in web-page debris."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenbao.ingest.pipeline import parse_file

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"
pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason=f"the real reports are not here ({REPORTS})")

R25 = ((2025,), "full_year", "results")
P26 = ((2026,), "full_year", "plan")
FYP14 = (tuple(range(2021, 2026)), "multi_year", "results")
FYP15 = (tuple(range(2026, 2031)), "multi_year", "plan")
PROVINCIAL = "provincial"
GWR = "government_work_report"

# file: (place, level, date, year, covers of the top-level parts in order; None = no covers)
EXPECTED = {
    "gansu-2026-gzbg.txt": ("甘肃省", PROVINCIAL, "2026-01-27", 2026, [FYP14, FYP15, P26]),
    "gansu-2026-gzbg.gb18030.txt": ("甘肃省", PROVINCIAL, "2026-01-27", 2026, [FYP14, FYP15, P26]),
    "guangdong-2026-gzbg.txt": ("广东省", PROVINCIAL, "2026-01-26", 2026, [FYP14, FYP15, P26, P26]),
    "hainan-2026-gzbg.txt": ("海南省", PROVINCIAL, "2026-01-27", 2026, [FYP14, FYP15, P26, P26]),
    "jiangxi-2026-gzbg.txt": ("江西省", PROVINCIAL, "2026-01-27", 2026, [FYP14, FYP15, P26]),
    "neimenggu-2026-gzbg.txt": ("内蒙古自治区", PROVINCIAL, "2026-02-04", 2026, [FYP14, FYP15, P26]),
    "shanghai-2026-gzbg.txt": ("上海市", PROVINCIAL, "2026-02-03", 2026, [R25, FYP15, P26, P26]),
    "sichuan-2026-gzbg.txt": ("四川省", PROVINCIAL, "2026-02-03", 2026, [FYP14, FYP15, P26]),
    "guowuyuan-2016-gzbg.txt": (
        "中华人民共和国",
        "national",
        None,  # the file begins with 各位代表： — no date is written in it
        2016,
        [
            ((2015,), "full_year", "results"),
            (tuple(range(2016, 2021)), "multi_year", "plan"),
            ((2016,), "full_year", "plan"),
        ],
    ),
    "guowuyuan-2021-gzbg.txt": (
        "中华人民共和国",
        "national",
        "2021-03-05",
        2021,
        [
            ((2020,), "full_year", "results"),
            (tuple(range(2016, 2021)), "multi_year", "results"),
            ((2021,), "full_year", "plan"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_report_metadata(name: str) -> None:
    place, level, date, year, covers = EXPECTED[name]
    doc = parse_file(REPORTS / name)
    m = doc.meta
    assert (m.place, m.place_level, m.kind, m.date, m.year) == (place, level, GWR, date, year)
    assert not m.warnings
    got = [(s.covers.years, s.covers.period, s.covers.aspect) if s.covers else None for s in doc.sections]
    assert got == covers
    # web-page debris never reaches the metadata
    for value in (m.title, m.meeting or "", m.role or "", m.speaker or ""):
        assert not any(w in value for w in ("来源", "时间：", "字号", "下载", "打印")), value
    assert all(c.place == place for c in doc.chunks)


def test_a_mixed_part_tells_its_plan_passages_apart() -> None:
    doc = parse_file(REPORTS / "guowuyuan-2021-gzbg.txt")
    part = [c for c in doc.chunks if c.heading_path and c.heading_path[0].startswith("“十三五”时期发展成就")]
    aspects = {c.covers.aspect for c in part if c.covers}
    assert aspects == {"results", "plan"}
