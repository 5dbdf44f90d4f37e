"""Reports the index tests write: other districts and years, the same numbering as the
seeds' family, figures chosen by the test, so retrieval rules are tested beyond the seeds."""

from __future__ import annotations

from pathlib import Path

TOPICS = [
    ("经济运行稳中有进", "地区生产总值完成{a}亿元，同比增长{p}%；一般公共预算收入完成{b}亿元。"),
    ("消费市场持续回暖", "社会消费品零售总额完成{a}亿元，同比增长{p}%，总量保持全市前列。"),
    ("科技创新动能增强", "技术合同成交额完成{b}亿元，新增高新技术企业{n}家，有效发明专利拥有量{m}件。"),
    ("对外开放扎实推进", "进出口总额完成{a}亿元，实际利用外资{b}亿美元，同比增长{p}%。"),
    ("民生保障有力有效", "居民人均可支配收入达{b}万元，新增城镇就业人数{m}人，保障低保家庭{n}户。"),
    ("生态环境持续改善", "空气质量优良率达{p}%，地表水省考断面水质达标率保持100%。"),
]


NAMES = ["王志刚", "李文博", "陈晓明", "赵立新", "周海燕", "孙建国", "吴晓峰", "郑丽华"]


def report_text(district: str, year: int, seed: int = 1, items: int = 6) -> str:
    """A small half-year report: front matter, part 一 (results) with numbered items,
    part 二 (plans for the second half), closing line."""
    lines = [
        f"关于{district}{year}年国民经济和社会发展计划",
        "上半年执行情况的报告",
        f"——{year}年8月{10 + seed % 18}日在{district}第五届",
        f"人大常委会第{seed + 3}次会议上",
        f"区发展和改革委员会主任 {NAMES[seed % len(NAMES)]}",
        "主任、各位副主任、各位委员：",
        f"受区人民政府委托，我向本次会议报告我区{year}年国民经济和社会发展计划上半年执行情况，请予审议。",
        "一、上半年计划执行情况",
        f"上半年，{district}经济社会发展总体平稳，主要指标好于预期。",
    ]
    for i, (title, body) in enumerate(TOPICS[:items], start=1):
        a = round(100 + seed * 7.31 + i * 13.7, 2)
        b = round(10 + seed * 1.17 + i * 2.3, 2)
        p = round(2 + (seed + i) % 9 + 0.1 * i, 1)
        figures = {"a": a, "b": b, "p": p, "n": 10 + seed + i, "m": 1000 + 37 * seed + i}
        lines.append(f"（{'一二三四五六七八九'[i - 1]}）{title}")
        lines.append(f"{i}、{title[:4]}。{body.format(**figures)}")
    lines += [
        "二、下半年工作措施",
        f"一是稳住经济大盘。全年地区生产总值力争增长{5 + seed % 3}%，推进重大项目早开工、早投产。",
        "二是扩大有效需求。围绕消费促进年举办促销活动，发放消费券，提振消费信心。",
        "以上报告，请予审议。",
    ]
    return "\n".join(lines) + "\n"


def write_report(folder: Path, name: str, district: str, year: int, seed: int = 1, items: int = 6) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(report_text(district, year, seed, items), encoding="utf-8")
    return path


def tree_state(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under ``root`` with (size, mtime_ns, inode): equal states mean nothing
    on disk changed."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_ino)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
