"""The `wenbao` command line. Commands only parse arguments and call library
functions; domain errors become a one-line message and exit code 2 here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer

from wenbao.errors import WenbaoError

app = typer.Typer(
    name="wenbao",
    help="问报 wenbao：对政府工作报告提问，得到带引用的准确回答。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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

# --- index commands (ingest, remove, index, search) ---

# --- answering commands (ask) ---

# --- eval commands (eval) ---

# --- service commands (serve) ---

if __name__ == "__main__":
    app()
