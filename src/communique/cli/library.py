"""Many articles against many statements: the ``library`` group (the statements articles are matched
to), ``match`` (which statement an article reports on), ``batch`` and ``batch-errors`` (match, check
and store whole folders), and ``outlets`` (scorecards over the store)."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import CommuniqueError, InputError
from ._common import DbOpt, _fail, _options, _progress, app, err, out

library_app = typer.Typer(
    help="The statement library: the statements articles are matched to and checked against.\n\n"
    "Start with:  communique library add STATEMENTS_DIR   then   communique batch ARTICLES_DIR",
    no_args_is_help=True,
)
app.add_typer(library_app, name="library")


def _library(db: str | None, *, nlp: bool = False) -> Any:
    from ..library import Library
    from ..segment import Limits
    from ..store import Store

    opts = _options(db=db)
    model = None
    if nlp:
        from ..nlp import load_spacy

        model = load_spacy(opts.spacy_model)
    limits = Limits(opts.max_paragraphs, opts.max_sentences, opts.max_tokens)
    return Library(Store.from_options(opts), model, max_bytes=opts.max_bytes, limits=limits)


@library_app.command("add")
def library_add(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Statement files, corpus folders (manifest.json names the statement) or folders of them.",
            show_default=False,
        ),
    ],
    db: DbOpt = None,
) -> None:
    """Add statements to the library, with their issuers, date, place, kind and round (from manifest.json
    where there is one, else from the text). Adding the same file again changes nothing. A file that
    cannot be added (unreadable, empty, over the document limits) is named with the reason and the
    others are still added; the exit code is then 2.

    Example:  communique library add ../packs/   (every corpus folder under it)
    """
    from ..library import Added

    new = old = refused = 0
    try:
        for a in _library(db, nlp=True).add_each(paths):
            if not isinstance(a, Added):
                refused += 1
                err.print(f"[bold red]error:[/] {escape(a.error)}", highlight=False, soft_wrap=True)
                continue
            e = a.entry
            new, old = new + a.new, old + (not a.new)
            what = "added" if a.new else "already in the library"
            out.print(f"{e.id:>4}  {escape(e.title or e.path)}  [dim]{e.date or 'undated'} · {what}[/]")
    except CommuniqueError as exc:
        raise _fail(exc) from None
    err.print(f"{new} added, {old} already there" + (f", {refused} not added" if refused else ""))
    if refused:
        raise typer.Exit(code=InputError.exit_code)


@library_app.command("remove")
def library_remove(
    statement_id: Annotated[int, typer.Argument(help="A statement id from `communique library list`.")],
    db: DbOpt = None,
) -> None:
    """Take a statement out of the library; articles are no longer matched to it. Its document and the
    runs already checked against it stay in the store."""
    try:
        entry = _library(db).remove(statement_id)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    out.print(f"{entry.id:>4}  {escape(entry.title or entry.path)}  [dim]removed[/]")


@library_app.command("list")
def library_list(
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The library's statements, oldest first."""
    from rich.table import Table

    try:
        entries = _library(db).entries()
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1) + "\n")
        return
    t = Table()
    for col in ("id", "date", "title", "issuers", "place", "kind", "round"):
        t.add_column(col)
    for e in entries:
        t.add_row(
            str(e.id),
            e.date or "",
            escape(e.title or e.path),
            escape(", ".join(e.issuers)),
            escape(e.place or ""),
            e.kind or "",
            e.round or "",
        )
    out.print(t)


@library_app.command("show")
def library_show(
    statement_id: Annotated[int, typer.Argument(help="A statement id from `communique library list`.")],
    db: DbOpt = None,
) -> None:
    """A statement's metadata and text."""
    try:
        entry, text = _library(db).show(statement_id)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    sys.stdout.write(json.dumps(entry.as_dict(), ensure_ascii=False, indent=1) + "\n\n" + text + "\n")


@app.command()
def match(
    articles: Annotated[list[Path], typer.Argument(help="News articles.", show_default=False)],
    db: DbOpt = None,
    published: Annotated[
        str | None, typer.Option(help="The articles' day, YYYY-MM-DD (else the date in the text).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Which statement of the library each article reports on — or none (the matcher abstains).

    Candidates are ranked on their sentences' meaning, shared rare words, the countries and the place
    named; a date outside the window, another round, or issuers the article never names rule one out.
    """
    from ..match import Matcher
    from ..pipeline import Checker
    from ..segment import Limits, check_limits

    try:
        opts = _options(db=db)
        lib = _library(db)
        checker = Checker(opts)
        matcher = Matcher(lib.statements(), checker.embedder)
        rows = []
        for path in articles:
            doc = checker.read(path)
            check_limits(doc, Limits(opts.max_paragraphs, opts.max_sentences, opts.max_tokens))
            m = matcher.match(doc.text, published or doc.date, doc.title)
            rows.append((path, m))
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if as_json:
        data = [
            {
                "article": str(p),
                "statement_id": m.best.statement_id if m.best else None,
                "reason": m.reason,
                "candidates": [dataclasses.asdict(c) for c in m.candidates],
                "excluded": {str(k): v for k, v in m.excluded.items()},
            }
            for p, m in rows
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    for p, m in rows:
        if m.best is None:
            out.print(f"{escape(str(p))}: [yellow]no statement[/] — {escape(m.reason)}")
        else:
            out.print(
                f"{escape(str(p))}: [green]{m.best.statement_id}[/] {escape(m.best.title or '')} "
                f"[dim](score {m.best.score:.2f})[/]"
            )
        for c in m.candidates[1:3]:
            out.print(f"    [dim]then {c.statement_id} {escape(c.title or '')} ({c.score:.2f})[/]")


@app.command()
def batch(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Folders of articles (corpus folders too), JSONL files (rows with text, url or path; "
            "optional id, title, outlet, published) or .txt files listing URLs.",
            show_default=False,
        ),
    ],
    db: DbOpt = None,
    workers: Annotated[
        int, typer.Option(help="Run on a local Dask cluster of N one-thread workers (0: in this process).")
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Run on an existing Dask cluster (tcp://host:8786).", show_default=False),
    ] = None,
    chunk_size: Annotated[int, typer.Option(help="Articles per task (memory is bounded by it).")] = 16,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Match every article to its statement in the library, check it and store the run.

    Articles already checked (same content) are skipped, so an interrupted batch resumes where it
    stopped; an article that cannot be read or checked is recorded (`communique batch-errors`) and the
    batch goes on.

    Example:  communique library add statements/ && communique batch news/ && communique outlets
    """
    from ..batch import Batch, count_inputs, read_inputs
    from ..store import Store

    try:
        opts = _options(db=db)
        store = Store.from_options(opts)
        runner = Batch(store, opts, chunk_size=chunk_size, workers=workers, scheduler=scheduler)
        with _progress(opts.progress, "batch") as progress:
            summary = runner.run(
                read_inputs(inputs, opts.max_bytes),
                progress=lambda done, total, label: progress(label, done, total),
                total=count_inputs(inputs),
            )
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(summary.as_dict(), indent=1) + "\n")
        return
    rate = summary.checked / summary.seconds if summary.seconds else 0.0
    out.print(
        f"read {summary.read} · checked {summary.checked} · already checked {summary.skipped} · "
        f"no statement {summary.unmatched} · errors {summary.errors} · {len(summary.runs)} runs stored · "
        f"{summary.seconds:.1f} s ({rate:.2f} articles/s)"
    )
    for sid, n in sorted(summary.by_statement.items()):
        out.print(f"  statement {sid}: {n} articles")
    if summary.errors:
        err.print("see the errors with:  communique batch-errors")


@app.command("batch-errors")
def batch_errors(
    db: DbOpt = None, limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50
) -> None:
    """Articles a batch could not read or check, and why."""
    from ..store import Store

    try:
        rows = Store.from_options(_options(db=db)).errors(limit)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    for r in rows:
        out.print(f"{escape(r['path'])}: {escape(r['error'])}")


class OutletFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def outlets(
    db: DbOpt = None,
    fmt: Annotated[
        OutletFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = OutletFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
) -> None:
    """Outlet scorecards: per outlet, the claims checked, the share of each verdict, misquotes and the
    source's paragraphs left out, over every article in the store (each once, as last checked)."""
    from rich.table import Table

    from ..outlets import VERDICTS, scorecards, scorecards_csv
    from ..store import Store

    try:
        cards = scorecards(Store.from_options(_options(db=db)).article_summaries())
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if fmt == OutletFormat.table:
        t = Table(title="Outlets")
        for col in ("outlet", "articles", "claims", *VERDICTS, "omitted ¶/article"):
            t.add_column(col, justify="left" if col == "outlet" else "right")
        for c in cards:
            t.add_row(
                escape(c.outlet),
                str(c.articles),
                str(c.claims),
                *(f"{c.share(v):.0%}" for v in VERDICTS),
                f"{c.omitted / c.articles:.1f}" if c.articles else "",
            )
        out.print(t)
        return
    text = (
        json.dumps([c.as_dict() for c in cards], ensure_ascii=False, indent=1)
        if fmt == OutletFormat.json
        else scorecards_csv(cards).rstrip("\n")
    )
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text + "\n")
