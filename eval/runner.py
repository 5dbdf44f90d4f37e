"""Runs the gold pairs through every configuration, side by side, and summarises them.

In process, the product is evaluated over its own index of *every* report in the report folders
(``seeds/`` and ``eval/corpus/`` by default) as one corpus: a question about one place must be
answered with all the other reports in the index, as a user's library has them. The index lives
in a data directory of its own (``eval/.index/``, not committed), never the user's: the numbers
then never depend on what else a user has stored (uploads, another embedder), and ``make eval``
works on a machine that has indexed nothing yet. Kept between runs, it makes a rerun cheap:
unchanged reports are skipped and, after a chunker or setting change, the rebuild reuses the
vectors of unchanged passages (indexing the whole corpus from scratch takes minutes on a CPU).
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

from wenbao.errors import IndexCorruptError, IndexMismatchError
from wenbao.eval.baseline import LangChainBaselineRetriever
from wenbao.eval.gold import SPLITS, TYPES, GoldPair
from wenbao.eval.metrics import PairOutcome, summarize
from wenbao.eval.systems import (
    ANSWER_TOP_K,
    BaselineQASystem,
    EvalError,
    HttpQASystem,
    LibraryQASystem,
    QASystem,
)
from wenbao.settings import Settings, get_settings

if TYPE_CHECKING:
    from wenbao.index.embedders import Embedder
    from wenbao.index.library import ReportLibrary

CONFIGS = ("hybrid", "bm25", "dense", "langchain-baseline")
PRODUCT = "hybrid"
BASELINE = "langchain-baseline"
EVAL_DIR = Path(__file__).resolve().parent
DEFAULT_SEEDS = EVAL_DIR.parent / "seeds"
DEFAULT_CORPUS = EVAL_DIR / "corpus"
DEFAULT_REPORT_DIRS = (DEFAULT_SEEDS, DEFAULT_CORPUS)
DEFAULT_INDEX_DIR = EVAL_DIR / ".index"  # ignored by git (eval/.gitignore)


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

    def splits(self) -> list[str]:
        present = {p.split for p in self.pairs}
        return [s for s in SPLITS if s in present]

    def reports(self) -> list[str]:
        """Report keys present: report ids sorted, then ``cross`` and ``none`` last."""
        present = {p.report for p in self.pairs}
        return sorted(present, key=lambda r: (r in ("cross", "none"), r))

    def _by(self, key: str, values: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {
            v: {
                name: summarize([o for o in outs if getattr(o.pair, key) == v])
                for name, outs in self.outcomes.items()
            }
            for v in values
        }

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape: ``{"n", "n_by_split", "configs": {name: metrics},
        "by_split": {split: {name: metrics}}, "by_type": {type: {split: {name: metrics}}},
        "by_report": {report: {split: {name: metrics}}}}``; ``by_type``/``by_report`` have an
        ``all`` entry next to the splits. ``report`` is the report id, ``cross`` or ``none``."""
        splits = self.splits()

        def nested(key: str, values: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
            out: dict[str, dict[str, dict[str, Any]]] = {}
            for v in values:
                out[v] = {}
                for s in ["all", *splits]:
                    out[v][s] = {
                        name: summarize(
                            [o for o in outs if getattr(o.pair, key) == v and s in ("all", o.pair.split)]
                        )
                        for name, outs in self.outcomes.items()
                    }
            return out

        return {
            "n": len(self.pairs),
            "n_by_split": {s: sum(p.split == s for p in self.pairs) for s in splits},
            "configs": {name: summarize(outs) for name, outs in self.outcomes.items()},
            "by_split": self._by("split", splits),
            "by_type": nested("type", self.types()),
            "by_report": nested("report", self.reports()),
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


def report_files(pairs: Sequence[GoldPair], report_dirs: Sequence[Path]) -> list[Path]:
    """Every report file in ``report_dirs`` (the corpus), after checking that each report the
    gold pairs cite is among them (doc id = file name as ``wenbao ingest`` derives it)."""
    from wenbao.index.library import expand_paths
    from wenbao.ingest.pipeline import doc_id_from_name

    dirs = [Path(d) for d in report_dirs]
    missing_dirs = [str(d) for d in dirs if not d.is_dir()]
    if missing_dirs:
        raise EvalError(f"找不到报告文件夹：{'、'.join(missing_dirs)}。")
    paths = expand_paths(dirs)
    by_id: dict[str, Path] = {}
    for path in paths:
        doc_id = doc_id_from_name(path.name)
        if doc_id in by_id:
            raise EvalError(f"{by_id[doc_id]} 与 {path} 会得到相同的报告编号 {doc_id}。")
        by_id[doc_id] = path
    cited = sorted({d for p in pairs for d in p.evidence_docs})
    absent = [d for d in cited if d not in by_id]
    if absent:
        where = "、".join(str(d) for d in dirs)
        raise EvalError(f"找不到标准问答引用的报告 {'、'.join(absent)}（在 {where} 中）。")
    return sorted(paths, key=lambda p: doc_id_from_name(p.name))


def open_eval_library(
    settings: Settings, files: Sequence[Path], index_dir: Path, embedder: Embedder | None = None
) -> tuple[ReportLibrary, str]:
    """The library over exactly ``files`` in ``index_dir``, updated in place: unchanged reports
    are skipped, an index of another chunker/embedder is rebuilt reusing what vectors it can,
    reports no longer in the folders are removed. Returns it with a line for the report."""
    from wenbao.index.library import ReportLibrary
    from wenbao.ingest.pipeline import doc_id_from_name

    update: dict[str, object] = {"data_dir": index_dir}
    if settings.store == "milvus":
        # Its own folder (the FAISS index stays cached beside it) and its own collection, never
        # the user's base when WENBAO_MILVUS_URI names a shared server.
        index_dir = index_dir.with_name(f"{index_dir.name}-milvus-{settings.milvus_keywords}")
        update = {"data_dir": index_dir, "kb": "eval"}
    library = ReportLibrary(settings.model_copy(update=update), embedder=embedder)
    started = time.perf_counter()
    try:
        results = library.ingest(list(files))
    except (IndexMismatchError, IndexCorruptError):
        # Built by an older chunker or another embedder: re-parse its stored originals (vectors
        # of unchanged passages are reused), then bring it up to date with the folders.
        library.rebuild()
        results = library.ingest(list(files))
    wanted = {doc_id_from_name(f.name) for f in files}
    for info in library.documents():
        if info.meta.doc_id not in wanted:
            library.remove(info.meta.doc_id)
    changed = sum(r.status != "unchanged" for r in results)
    return library, (
        f"（索引 {index_dir}：{len(results)} 份报告，其中新建或更新 {changed} 份，"
        f"{time.perf_counter() - started:.1f} 秒）"
    )


def knowledge_base_library(settings: Settings, kb: str, pairs: Sequence[GoldPair]) -> ReportLibrary:
    """The warmed library of base ``kb``, after checking that it holds every report the gold
    pairs cite (else their recall would be zero for a reason that is not retrieval's)."""
    from wenbao.index.bases import KnowledgeBaseRegistry

    library = KnowledgeBaseRegistry(settings).library(kb)
    library.warm_up()
    held = {i.meta.doc_id for i in library.documents()}
    absent = sorted({d for p in pairs for d in p.evidence_docs} - held)
    if absent:
        raise EvalError(
            f"知识库 {library.settings.kb} 中没有标准问答引用的报告 {'、'.join(absent)}："
            f"请先导入（wenbao ingest --kb {library.settings.kb} seeds/ eval/corpus/）。"
        )
    return library


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
    report_dirs: Sequence[Path] = DEFAULT_REPORT_DIRS,
    settings: Settings | None = None,
    library: ReportLibrary | None = None,
    index_dir: Path | None = None,
    kb: str | None = None,
    top_k: int = ANSWER_TOP_K,
) -> Iterator[tuple[list[QASystem], str]]:
    """The systems for ``configs`` and a description of what they run against.

    The in-process library (shared by hybrid/bm25/dense) indexes every report of ``report_dirs``
    as one corpus in ``index_dir`` (kept and reused), or in a temporary data dir removed
    afterwards when ``index_dir`` is None; a ready ``library`` is used as is (tests pass the
    session's seed index); ``kb`` names a knowledge base of the data dir whose own index is
    evaluated (with ``url``: the server's base). The baseline shares the library's embedder and
    keeps its vectors in ``index_dir`` too. ``top_k`` is what the product is asked for."""
    configs = check_configs(configs)
    settings = settings or get_settings()
    files = report_files(pairs, report_dirs)
    systems: list[QASystem] = []
    with ExitStack() as stack:
        embedder = None
        library_configs = [c for c in configs if c != BASELINE]
        if url:
            for name in library_configs:
                http = HttpQASystem(url, name=name, mode=name, kb=kb, top_k=top_k)
                stack.callback(http.close)
                systems.append(http)
            source = f"服务 {url}（POST /api/ask，GET /api/search）" + (f"，知识库 {kb}" if kb else "")
        else:
            source = f"进程内，索引：{'、'.join(p.name for p in files)}"
        if library_configs and not url:
            if library is None and kb is not None:
                library = knowledge_base_library(settings, kb, pairs)
                source = f"进程内，知识库 {library.settings.kb} 的索引（{library.settings.data_dir}）"
            elif library is None:
                data_dir = index_dir or Path(
                    stack.enter_context(tempfile.TemporaryDirectory(prefix="wenbao-eval-"))
                )
                library, line = open_eval_library(settings, files, data_dir)
                source += line
            elif kb is None:
                source = "进程内，传入的报告库"
            embedder = library.embedder
            systems += [
                LibraryQASystem(name, library, mode=name, settings=library.settings, top_k=top_k)
                for name in library_configs
            ]
        if BASELINE in configs:
            cache = index_dir / "baseline" if index_dir is not None else None
            systems.append(
                BaselineQASystem(LangChainBaselineRetriever(files, embedder=embedder, cache_dir=cache))
            )
        order = {name: i for i, name in enumerate(configs)}
        systems.sort(key=lambda s: order[s.name])
        yield systems, source


def evaluate(
    pairs: Sequence[GoldPair],
    configs: Sequence[str] = CONFIGS,
    url: str | None = None,
    report_dirs: Sequence[Path] = DEFAULT_REPORT_DIRS,
    settings: Settings | None = None,
    progress: bool = True,
    library: ReportLibrary | None = None,
    index_dir: Path | None = None,
    kb: str | None = None,
    top_k: int = ANSWER_TOP_K,
) -> EvalRun:
    with build_systems(configs, pairs, url, report_dirs, settings, library, index_dir, kb, top_k) as (
        systems,
        source,
    ):
        return EvaluationRunner(systems, progress=progress).run(pairs, source=source)
