"""Runs the gold pairs through every configuration, side by side, and summarises them.

In process, the product is evaluated over a *fresh* index of the gold set's reports, built in a
temporary data directory: the numbers then never depend on what else a user has stored (uploads,
another embedder) and ``make eval`` works on a machine that has indexed nothing yet.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from wenbao.eval.baseline import LangChainBaselineRetriever
from wenbao.eval.gold import TYPES, GoldPair
from wenbao.eval.metrics import PairOutcome, summarize
from wenbao.eval.systems import BaselineQASystem, EvalError, HttpQASystem, LibraryQASystem, QASystem
from wenbao.settings import Settings, get_settings

if TYPE_CHECKING:
    from wenbao.index.library import ReportLibrary

CONFIGS = ("hybrid", "bm25", "dense", "langchain-baseline")
PRODUCT = "hybrid"
BASELINE = "langchain-baseline"
DEFAULT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class EvalRun:
    pairs: list[GoldPair]
    outcomes: dict[str, list[PairOutcome]]  # configuration -> one outcome per pair, in pair order
    setup_s: dict[str, float] = field(default_factory=dict)  # configuration -> warm-up seconds
    source: str = ""  # "in process (fresh index of …)" or the server URL

    @property
    def configs(self) -> list[str]:
        return list(self.outcomes)

    def types(self) -> list[str]:
        present = {p.type for p in self.pairs}
        return [t for t in TYPES if t in present]

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape: ``{"n", "configs": {name: metrics}, "by_type": {type: {name: metrics}}}``."""
        return {
            "n": len(self.pairs),
            "configs": {name: summarize(outs) for name, outs in self.outcomes.items()},
            "by_type": {
                t: {
                    name: summarize([o for o in outs if o.pair.type == t])
                    for name, outs in self.outcomes.items()
                }
                for t in self.types()
            },
        }


class EvaluationRunner:
    def __init__(self, systems: Sequence[QASystem], progress: bool = True) -> None:
        self.systems = list(systems)
        self.progress = progress

    def run(self, pairs: Sequence[GoldPair], source: str = "") -> EvalRun:
        outcomes: dict[str, list[PairOutcome]] = {}
        setup: dict[str, float] = {}
        for system in self.systems:
            started = time.perf_counter()
            system.warm_up()
            setup[system.name] = round(time.perf_counter() - started, 2)
            outcomes[system.name] = [
                system.run(pair)
                for pair in tqdm(
                    pairs, desc=f"{system.name:<18}", unit="问", disable=not self.progress, leave=True
                )
            ]
        return EvalRun(pairs=list(pairs), outcomes=outcomes, setup_s=setup, source=source)


def report_files(pairs: Sequence[GoldPair], seeds_dir: Path) -> list[Path]:
    """The report files the gold pairs refer to (``<doc id>.txt`` in ``seeds_dir``)."""
    ids = sorted({d for p in pairs for d in p.evidence_docs})
    paths = []
    for doc_id in ids:
        matches = sorted(seeds_dir.glob(f"{doc_id}.*"))
        if not matches:
            raise EvalError(f"找不到标准问答引用的报告 {doc_id}（在 {seeds_dir} 中）。")
        paths.append(matches[0])
    return paths


def check_configs(configs: Sequence[str]) -> list[str]:
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise EvalError(f"未知的评测配置：{'、'.join(unknown)}（可用：{'、'.join(CONFIGS)}）。")
    return list(dict.fromkeys(configs))


@contextmanager
def build_systems(
    configs: Sequence[str],
    pairs: Sequence[GoldPair],
    url: str | None = None,
    seeds_dir: Path = DEFAULT_SEEDS,
    settings: Settings | None = None,
    library: ReportLibrary | None = None,
) -> Iterator[tuple[list[QASystem], str]]:
    """The systems for ``configs`` and a description of what they run against.

    The in-process library (shared by hybrid/bm25/dense) indexes ``seeds_dir``'s reports in a
    temporary data dir that is removed afterwards, unless a ready ``library`` is given (tests pass
    the session's seed index); the baseline shares its embedder."""
    configs = check_configs(configs)
    settings = settings or get_settings()
    files = report_files(pairs, seeds_dir)
    systems: list[QASystem] = []
    with ExitStack() as stack:
        embedder = None
        library_configs = [c for c in configs if c != BASELINE]
        if url:
            for name in library_configs:
                http = HttpQASystem(url, name=name, mode=name)
                stack.callback(http.close)
                systems.append(http)
            source = f"服务 {url}（POST /api/ask，GET /api/search）"
        else:
            source = f"进程内，新建索引：{'、'.join(p.name for p in files)}"
        if library_configs and not url:
            if library is None:
                from wenbao.index.library import ReportLibrary

                data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wenbao-eval-")))
                library = ReportLibrary(settings.model_copy(update={"data_dir": data_dir}))
                started = time.perf_counter()
                library.ingest(files)
                source += f"（建索引 {time.perf_counter() - started:.1f} 秒）"
            else:
                source = "进程内，传入的报告库"
            embedder = library.embedder
            systems += [
                LibraryQASystem(name, library, mode=name, settings=library.settings)
                for name in library_configs
            ]
        if BASELINE in configs:
            systems.append(BaselineQASystem(LangChainBaselineRetriever(files, embedder=embedder)))
        order = {name: i for i, name in enumerate(configs)}
        systems.sort(key=lambda s: order[s.name])
        yield systems, source


def evaluate(
    pairs: Sequence[GoldPair],
    configs: Sequence[str] = CONFIGS,
    url: str | None = None,
    seeds_dir: Path = DEFAULT_SEEDS,
    settings: Settings | None = None,
    progress: bool = True,
    library: ReportLibrary | None = None,
) -> EvalRun:
    with build_systems(configs, pairs, url, seeds_dir, settings, library) as (systems, source):
        return EvaluationRunner(systems, progress=progress).run(pairs, source=source)
