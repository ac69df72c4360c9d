"""The root of the command line and what its command groups share: the Typer ``app`` (its callback
reads ``--config`` and ``--version``; any failure of a command is one ``error:`` line), the output
and error consoles, the ``--config`` and ``--db`` options, the settings in force (``_options``), an
error's exit (``_fail``) and the progress bar. The commands are in the sibling modules, which
register themselves on ``app`` when ``communique.cli`` imports them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from .. import __version__
from ..errors import CommuniqueError
from ..settings import Options, load_options


class _OneLineErrors(TyperGroup):
    """Any failure of a command is one ``error:`` line and a non-zero exit, never a traceback: our own
    errors with their exit code, anything unexpected (a bug) with its type and 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CommuniqueError as exc:
            raise _fail(exc) from None
        except Exception as exc:
            # exits, aborts and usage errors of Typer and Click are theirs to report
            if isinstance(exc, typer.Exit | typer.Abort) or type(exc).__module__.split(".")[0] in {
                "click",
                "typer",
            }:
                raise
            text = " ".join(str(exc).split())[:300]
            err.print(
                f"[bold red]error:[/] unexpected {type(exc).__name__}"
                + (f": {escape(text)}" if text else ""),
                highlight=False,
                soft_wrap=True,
            )
            err.print("[dim]hint: this is a bug in communique; please report it with the input[/]")
            raise typer.Exit(code=1) from None


app = typer.Typer(
    cls=_OneLineErrors,
    name="communique",
    help=(
        "Make official statements visible and verifiable.\n\n"
        "Check news reports against the communiqué they cover, sentence by sentence: supported, "
        "partial, misquote, unsupported or contradicted, with the evidence and a reason; see what "
        "each outlet left out; read a statement as provisions.\n\n"
        "Start with:  communique demo"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)

out = Console()
err = Console(stderr=True)


class AnalyzeFormat(StrEnum):
    table = "table"
    json = "json"


_state: dict[str, Any] = {}

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML).", show_default=False)]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Database file or URL (default: the user data dir).", show_default=False),
]


def _options(**overrides: Any) -> Options:
    return load_options(config_file=_state.get("config"), overrides=overrides)


def _fail(exc: CommuniqueError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False, soft_wrap=True)
    if exc.hint:
        err.print(f"[dim]hint: {escape(exc.hint)}[/]", highlight=False, soft_wrap=True)
    return typer.Exit(code=exc.exit_code)


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Any]:
    """A Rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""
    if not enabled or not err.is_terminal:
        yield lambda step, done, total: None
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[step]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, step="loading models")

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, step=step)

        yield update


def _print_version(value: bool) -> None:
    """``--version`` is eager: it answers before Typer asks for a command."""
    if value:
        out.print(f"communique {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    config: ConfigOpt = None,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_print_version),
    ] = False,
) -> None:
    _state["config"] = config


def main() -> None:
    app()
