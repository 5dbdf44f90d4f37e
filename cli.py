"""The `wenbao` command line. Commands only parse arguments and call library
functions; domain errors become a one-line message and exit code 2 here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from wenbao.errors import WenbaoError
from wenbao.settings import DEFAULT_KB

app = typer.Typer(
    name="wenbao",
    help="问报 wenbao：对政府工作报告提问，得到带引用的准确回答。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


kb_app = typer.Typer(
    help="知识库：列出、创建、删除（各库的报告和索引互相独立）。", no_args_is_help=True, add_completion=False
)
app.add_typer(kb_app, name="kb")

# The knowledge base a command works on; an unknown one exits 2 with the bases there are.
KbOption = Annotated[str, typer.Option("--kb", help="The knowledge base (see `wenbao kb list`).")]


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code=code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn domain errors into a sentence on stderr and exit code 2."""
    try:
        yield
    except WenbaoError as exc:
        fail(exc.message)


# --- ingest commands (outline, chunks) ---


@app.command()
def outline(
    file: Annotated[Path, typer.Argument(help="A report: .txt (UTF-8 or GB18030), .docx or .pdf.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the outline and metadata as JSON.")] = False,
) -> None:
    """Print a report's heading tree and metadata (title, date, meeting, speaker)."""
    import json

    from wenbao.ingest.display import outline_text
    from wenbao.ingest.pipeline import parse_file

    with user_errors():
        doc = parse_file(file)
    typer.echo(json.dumps(doc.outline_dict(), ensure_ascii=False, indent=2) if as_json else outline_text(doc))


@app.command()
def chunks(
    file: Annotated[Path, typer.Argument(help="A report: .txt (UTF-8 or GB18030), .docx or .pdf.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object a line.")] = False,
) -> None:
    """Print the chunks a report is indexed as, with heading path and offsets."""
    import json

    from wenbao.ingest.display import chunk_text
    from wenbao.ingest.pipeline import parse_file

    with user_errors():
        doc = parse_file(file)
    for n, chunk in enumerate(doc.chunks, start=1):
        typer.echo(json.dumps(chunk.to_dict(), ensure_ascii=False) if jsonl else chunk_text(n, chunk))


# --- index commands (ingest, remove, index, search) ---


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (.txt, .docx, .pdf).")],
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when an index already exists.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="The report's title (overrides the derived one).")] = None,
    place: Annotated[
        str | None,
        typer.Option(help="The place it speaks for, e.g. 成都市武侯区 (overrides the derived one)."),
    ] = None,
    year: Annotated[int | None, typer.Option(help="The year it is delivered in, e.g. 2026.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="government_work_report, plan_execution_report, budget_report or other."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace stored reports whose file changed.")
    ] = False,
    kb: KbOption = DEFAULT_KB,
) -> None:
    """Add reports to a knowledge base's index (an unchanged file is skipped; a changed one needs --replace).

    Metadata options win over a FILE.meta.json beside a file, which wins over what is derived."""
    from wenbao.documents import MetaOverride
    from wenbao.index.cli_support import echo_ingest_results, ingest_with_progress, open_library

    with user_errors():
        override = MetaOverride(title=title, place=place, year=year, kind=kind)
        library = open_library(kb)
        if if_empty and library.store.has_index():
            typer.echo(f"已有索引（{library.settings.data_dir}），未做改动。")
            return
        echo_ingest_results(ingest_with_progress(library, paths, override, replace), library)


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="The report's id, e.g. gulou-2024-h1.")],
    kb: KbOption = DEFAULT_KB,
) -> None:
    """Remove a report and its vectors from the index."""
    from wenbao.index.cli_support import open_library

    with user_errors():
        open_library(kb).remove(doc_id)
    typer.echo(f"已删除 {doc_id}")


@app.command()
def index(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-parse and re-embed every stored report.")
    ] = False,
    kb: KbOption = DEFAULT_KB,
) -> None:
    """Show the index (reports, chunks, embedder), or rebuild it with --rebuild."""
    from wenbao.index.cli_support import echo_index_status, open_library

    with user_errors():
        library = open_library(kb)
        if rebuild:
            library.rebuild()
            typer.echo("索引已重建。")
        echo_index_status(library)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="The question or keywords.")],
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=100, help="How many chunks.")] = 5,
    year: Annotated[int | None, typer.Option(help="Only the report of this year.")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, bm25 or dense.")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines: chunk, score, ranks.")] = False,
    kb: KbOption = DEFAULT_KB,
) -> None:
    """Retrieve the chunks that best match a question (no answer, just the evidence)."""
    from wenbao.index.cli_support import echo_hits, open_library

    if mode not in ("hybrid", "bm25", "dense"):
        fail(f"未知的检索方式 {mode}（可选 hybrid、bm25、dense）")
    with user_errors():
        library = open_library(kb)
        library.warm_up()
        hits = library.search(query, top_k=top_k, year=year, mode=mode)
    echo_hits(hits, as_json)


# --- answering commands (ask) ---


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, e.g. 2024年上半年鼓楼区GDP是多少？")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer object as JSON.")] = False,
    year: Annotated[int | None, typer.Option(help="Only the report of this year.")] = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=50, help="How many passages to cite.")] = 5,
    kb: KbOption = DEFAULT_KB,
) -> None:
    """Answer a question from the reports: a short quote with numbered citations."""
    import json

    from wenbao.answering.answerer import ReportAnswerer
    from wenbao.answering.display import answer_text, answer_to_dict
    from wenbao.index.cli_support import open_library

    with user_errors():
        library = open_library(kb)
        library.warm_up()
        answer = ReportAnswerer(library, library.settings).ask(question, top_k=top_k, year=year)
    if as_json:
        typer.echo(json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2))
    else:
        typer.echo(answer_text(answer))


# --- eval commands (eval) ---


@app.command("eval")
def eval_command(
    gold: Annotated[Path | None, typer.Option(help="Gold pairs, JSONL (default: eval/gold.jsonl).")] = None,
    url: Annotated[
        str | None, typer.Option(help="Evaluate a running server (http://HOST:PORT) instead of in process.")
    ] = None,
    config: Annotated[
        list[str] | None,
        typer.Option(help="hybrid, bm25, dense, langchain-baseline; repeat for several (default: all)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON on stdout.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Only N pairs, of every type.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for report.md, recall.png (default eval/; none with --limit).")
    ] = None,
    reports: Annotated[
        list[Path] | None,
        typer.Option(
            help="Folder of reports, indexed together as one corpus; repeat for several "
            "(default: seeds/ and eval/corpus/)."
        ),
    ] = None,
    split: Annotated[
        str, typer.Option(help="tune, heldout or all (default: all, both splits side by side).")
    ] = "all",
    calibrate: Annotated[
        bool,
        typer.Option(
            "--calibrate",
            help="Refit the answerability judge on the tune split (answering/data/answerability.json).",
        ),
    ] = False,
    calibrate_on: Annotated[
        list[str] | None,
        typer.Option(
            "--calibrate-on",
            help="With --calibrate: also fit on an independent question set over the eval corpus, "
            "its tune half (DIR) or, for a development set, all of it (DIR@all); repeat for several.",
        ),
    ] = None,
    kb: Annotated[
        str | None,
        typer.Option(
            "--kb",
            help="Evaluate a knowledge base's own index (it must hold the reports the gold pairs cite) "
            "instead of the eval corpus index; with --url, ask that base of the server.",
        ),
    ] = None,
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            help="Ask an independent question set instead (a folder of <report>.jsonl and "
            "conversations.jsonl, e.g. ../shared/reports/questions); writes report-independent.md.",
        ),
    ] = None,
) -> None:
    """Score retrieval and answers on the gold Q&A pairs, side by side with the LangChain baseline.

    Held-out questions are never shown one by one: the console prints aggregates and the report
    lists the misses of the tune split only."""
    import json
    import shlex
    import sys

    if questions is not None:
        if gold is not None or calibrate:
            fail("--questions 不能与 --gold 或 --calibrate 同时使用。")
        _eval_questions(questions, url, config, as_json, limit, out, reports, split, kb)
        return

    from wenbao.eval.gold import DEFAULT_GOLD, load_gold, select_split, stratified_slice
    from wenbao.eval.report import console_summary, write_report
    from wenbao.eval.runner import CONFIGS, DEFAULT_INDEX_DIR, DEFAULT_REPORT_DIRS, evaluate

    if calibrate_on and not calibrate:
        fail("--calibrate-on 只能与 --calibrate 一起使用。")
    if calibrate:
        from wenbao.answering.answerability import DEFAULT_MODEL
        from wenbao.eval.calibrate import TuningSet
        from wenbao.eval.calibrate import calibrate as run_calibration

        with user_errors():
            sets = [TuningSet.parse(spec) for spec in calibrate_on or ()]
            result = run_calibration(load_gold(gold or DEFAULT_GOLD), DEFAULT_MODEL, sets)
        typer.echo(f"判断模型：{DEFAULT_MODEL}（{result.samples} 个样本，其中可回答 {result.answerable} 个）")
        for name, weight in result.model.weights.items():
            typer.echo(f"  {name:<16}{weight:+.3f}")
        for t, (answered, refused) in result.curve.items():
            typer.echo(f"  阈值 {t:.1f}：可回答题作答 {answered:.1%}，不可回答题拒答 {refused:.1%}")
        return
    with user_errors():
        pairs = stratified_slice(select_split(load_gold(gold or DEFAULT_GOLD), split), limit)
        run = evaluate(
            pairs,
            configs=config or CONFIGS,
            url=url,
            report_dirs=reports or DEFAULT_REPORT_DIRS,
            # The corpus index is kept between runs (a rerun skips unchanged reports) unless the
            # caller points at other folders, whose index would evict the default corpus's.
            index_dir=None if reports else DEFAULT_INDEX_DIR,
            kb=kb,
        )
    # A --limit or one-split run is a quick check: it must not overwrite the committed full report.
    report_dir = out or (None if limit or split != "all" else DEFAULT_GOLD.parent)
    if report_dir is not None:
        report, _chart = write_report(run, report_dir, command=shlex.join(["wenbao", *sys.argv[1:]]))
        typer.echo(f"评测报告：{report}", err=True)
    typer.echo(json.dumps(run.to_json(), ensure_ascii=False, indent=2) if as_json else console_summary(run))


def _eval_questions(
    directory: Path,
    url: str | None,
    config: list[str] | None,
    as_json: bool,
    limit: int | None,
    out: Path | None,
    reports: list[Path] | None,
    split: str,
    kb: str | None,
) -> None:
    """``wenbao eval --questions DIR``: the independent set, scored as its own checker scores it."""
    import json
    import shlex
    import sys

    from wenbao.eval.gold import DEFAULT_GOLD, stratified_slice
    from wenbao.eval.independent import evaluate_questions, load_questions, select_questions
    from wenbao.eval.report import console_independent, write_independent_report
    from wenbao.eval.runner import DEFAULT_INDEX_DIR, DEFAULT_REPORT_DIRS, PRODUCT

    with user_errors():
        items = select_questions(load_questions(directory), split)
        if limit is not None:
            picked = {p.id for p in stratified_slice([q.pair for q in items], limit)}
            items = [q for q in items if q.pair.id in picked]
        run = evaluate_questions(
            items,
            directory,
            configs=config or (PRODUCT,),
            url=url,
            report_dirs=reports or DEFAULT_REPORT_DIRS,
            index_dir=None if reports else DEFAULT_INDEX_DIR,  # the gold set's corpus index, shared
            kb=kb,
        )
    # As for the gold set: a quick check (--limit, one split) never overwrites the full report.
    report_dir = out or (None if limit or split != "all" else DEFAULT_GOLD.parent)
    if report_dir is not None:
        report = write_independent_report(run, report_dir, command=shlex.join(["wenbao", *sys.argv[1:]]))
        typer.echo(f"评测报告：{report}", err=True)
    figures = run.to_json()  # aggregates only, whatever the split
    typer.echo(json.dumps(figures, ensure_ascii=False, indent=2) if as_json else console_independent(run))


# --- service commands (serve) ---


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default: WENBAO_HOST, 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port (default: WENBAO_PORT, 8000).", min=1, max=65535),
) -> None:
    """Serve the API, the chat widget and the demo page at http://HOST:PORT/."""
    # Imported here so that other commands do not pay for loading the web stack.
    import logging
    import signal
    import sys

    import uvicorn

    from wenbao.service.main import create_app, server_stack
    from wenbao.settings import get_settings

    settings = get_settings()
    if host:  # the app checks Host headers on /mcp against the address it really listens on
        settings = settings.model_copy(update={"host": host})
    # uvicorn configures only its own loggers; readiness and refused requests are logged too.
    logging.basicConfig(level=logging.INFO, format="%(levelname)-9s %(name)s: %(message)s")
    # After its graceful shutdown uvicorn re-raises the SIGTERM it caught, which would end the
    # process "killed by signal"; a stop that was asked for and completed is a clean exit (0).
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    with user_errors():  # a short admin token or a wrong proxy entry: a sentence, exit 2
        service = create_app(settings)
    # proxy_headers=False: uvicorn would otherwise take X-Forwarded-For from any loopback peer as
    # the client's address (a rotating one buys a fresh rate-limit share per request); which
    # proxies are believed is the service's own setting, WENBAO_TRUSTED_PROXIES.
    loop, http = server_stack()
    logging.getLogger("wenbao.serve").info("事件循环 %s，HTTP 解析 %s", loop, http)
    uvicorn.run(
        service,
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=False,
        loop=loop,
        http=http,
    )


@app.command()
def report(
    since: Annotated[
        str | None, typer.Option("--since", help="First day to count, YYYY-MM-DD (default: everything kept).")
    ] = None,
    kb: Annotated[
        str | None, typer.Option("--kb", help="Only the questions asked of this knowledge base.")
    ] = None,
) -> None:
    """Print what residents asked: most asked, unanswered (grouped), 👎 with comments, daily counts."""
    from datetime import date

    from wenbao.index.cli_support import open_registry
    from wenbao.service.querylog import QueryLog, report_text
    from wenbao.settings import get_settings

    try:
        first_day = date.fromisoformat(since) if since else None
    except ValueError:
        fail(f"--since 应为日期 YYYY-MM-DD（收到 {since!r}）。")
    settings = get_settings()
    with user_errors():
        base = None if kb is None else open_registry().get(kb).id
        summary = QueryLog.for_settings(settings).report(
            since=first_day, similarity=settings.report_similarity, kb=base
        )
    typer.echo(report_text(summary))


# --- knowledge bases (kb list, kb create, kb delete) ---


@kb_app.command("list")
def kb_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print the bases as JSON.")] = False,
) -> None:
    """List the knowledge bases with their report and passage counts."""
    from wenbao.index.cli_support import echo_bases, open_registry

    with user_errors():
        echo_bases(open_registry(), as_json)


@kb_app.command("create")
def kb_create(
    kb_id: Annotated[str, typer.Argument(help="1-32 lowercase letters, digits or hyphens, e.g. plans.")],
    name: Annotated[str | None, typer.Option(help="A display name, e.g. 计划报告 (default: the id).")] = None,
    description: Annotated[str, typer.Option(help="What the base holds.")] = "",
) -> None:
    """Create an empty knowledge base (then: wenbao ingest --kb ID FILES)."""
    from wenbao.index.cli_support import open_registry

    with user_errors():
        base = open_registry().create(kb_id, name, description)
    typer.echo(f"已创建知识库 {base.id}（{base.name}）。导入报告：wenbao ingest --kb {base.id} 文件或文件夹")


@kb_app.command("delete")
def kb_delete(
    kb_id: Annotated[str, typer.Argument(help="The base's id.")],
    force: Annotated[bool, typer.Option("--force", help="Delete it with the reports it holds.")] = False,
) -> None:
    """Delete a knowledge base and its index (a base with reports needs --force)."""
    from wenbao.index.cli_support import open_registry

    with user_errors():
        open_registry().delete(kb_id, force=force)
    typer.echo(f"已删除知识库 {kb_id.strip()}。")


@app.command()
def mcp() -> None:
    """Serve the MCP tools over stdio, for desktop assistants (Claude Desktop, Cherry Studio, Cursor)."""
    import logging

    from wenbao.service.mcp_server import run_stdio
    from wenbao.service.runtime import ServiceRuntime
    from wenbao.settings import get_settings

    # stdout carries the protocol; everything else goes to stderr, which clients show as the log.
    logging.basicConfig(level=logging.INFO, format="%(levelname)-9s %(name)s: %(message)s")
    run_stdio(ServiceRuntime(get_settings()))


if __name__ == "__main__":
    app()
