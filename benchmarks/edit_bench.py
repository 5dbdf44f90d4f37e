"""What correcting a stored report costs (``python -m wenbao.benchmarks.edit_bench``).

Indexes the seeds and the evaluation corpus in a temporary data dir, then corrects one large
real report the way PATCH /api/documents/{id} and POST /api/documents/{id}/reindex do
(``ReportLibrary.edit_metadata`` / ``reindex``, in process), and prints, per change, the
passages embedded anew and the wall time. A place, year or kind change embeds nothing (the
passages' embedded text is unchanged); a title change embeds the report's passages again
(the title is part of that text under the ``context-v1`` passage format); every write also
rebuilds the BM25 index and writes a new index version, which is what the rest costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from wenbao.index.library import ReportLibrary
from wenbao.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "eval" / "corpus"
EDITED = "guangdong-2026-gzbg"  # the largest report of the corpus

CHANGES: list[tuple[str, dict[str, object]]] = [
    ("place", {"place": "广东省（更正）"}),
    ("year", {"year": 2027}),
    ("kind", {"kind": "other"}),
    ("title", {"title": "广东省2026年政府工作报告（更正）"}),
    ("undo all", {"place": None, "year": None, "kind": None, "title": None}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the place change (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wenbao-edit-bench-") as tmp:
        settings = get_settings().model_copy(update={"data_dir": Path(tmp) / "data"})
        folder = Path(tmp) / "in"
        folder.mkdir()
        for src in [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt")]:
            shutil.copy(src, folder / src.name)
        library = ReportLibrary(settings)
        library.embedder.warm_up()
        library.tokenizer.warm_up()
        t0 = time.perf_counter()
        library.ingest([folder])
        ingest_s = time.perf_counter() - t0
        infos = library.documents()
        chunks = sum(i.chunk_count for i in infos)
        target = library.info(EDITED)
        print(f"index: {len(infos)} reports, {chunks} passages (ingested in {ingest_s:.1f} s)")
        print(f"edited: {EDITED}, {target.chunk_count} passages; load average {os.getloadavg()}")
        print("| change | passages embedded | wall time |")
        print("|---|---|---|")
        for name, change in CHANGES:
            runs = args.repeat if name == "place" else 1
            times = []
            embedded = 0
            for i in range(runs):
                value = change if i % 2 == 0 else {k: None for k in change}  # set, unset, set…
                t0 = time.perf_counter()
                result = library.edit_metadata(EDITED, dict(value))
                times.append(time.perf_counter() - t0)
                if i == 0:
                    embedded = result.embedded
            wall = sorted(times)[len(times) // 2]
            print(f"| {name} | {embedded} of {target.chunk_count} | {wall:.2f} s |")
        t0 = time.perf_counter()
        result = library.reindex(EDITED)
        print(f"| reindex | {result.embedded} of {result.chunk_count} | {time.perf_counter() - t0:.2f} s |")
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
