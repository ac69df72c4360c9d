"""The ``runs`` group: check runs kept in the store, listed, shown and exported as they were checked."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import CommuniqueError
from ._common import AnalyzeFormat, DbOpt, _fail, _options, app, err, out

runs_app = typer.Typer(help="Check runs kept in the store.", no_args_is_help=True)
app.add_typer(runs_app, name="runs")


@runs_app.command("list")
def runs_list(db: DbOpt = None, limit: Annotated[int, typer.Option(help="How many.")] = 20) -> None:
    """The most recent check runs, with their articles, claims and flagged claims."""
    from rich.table import Table

    from ..store import Store
    from ..store.flagged import run_counts
    from ..timex import human_date

    try:
        store = Store.from_options(_options(db=db))
        rows = store.runs(limit)
        counts = run_counts(store, [r["id"] for r in rows])
    except CommuniqueError as exc:
        raise _fail(exc) from None
    t = Table()
    for col in ("id", "checked (UTC)", "source", "articles", "claims", "flagged"):
        t.add_column(col, justify="right" if col in {"id", "articles", "claims", "flagged"} else "left")
    for r in rows:
        c = counts.get(r["id"], {})
        t.add_row(
            str(r["id"]),
            human_date(r["created_at"]),
            escape(str(r["title"] or r["source"])),
            *(str(c.get(k, 0)) for k in ("articles", "claims", "flagged")),
        )
    out.print(t)


@runs_app.command("show")
def runs_show(
    run_id: Annotated[int, typer.Argument(help="A run id from `communique runs list`.")],
    fmt: Annotated[
        AnalyzeFormat,
        typer.Option("--format", "-f", help="table (its flagged claims) or json (the whole run)."),
    ] = AnalyzeFormat.table,
    db: DbOpt = None,
) -> None:
    """A stored run: per article its claims and flagged claims, then each flagged claim with its verdict
    and reason; --format json prints the contract JSON."""
    from pathlib import PurePath

    from rich.table import Table

    from ..report.html import FLAGGED, outlet_rows
    from ..store import Store

    try:
        data = Store.from_options(_options(db=db)).run_result(run_id)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if fmt == AnalyzeFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    src = data.get("source", {})
    out.print(
        f"[bold]Run {run_id}[/]: {escape(str(src.get('title') or src.get('path', '')))}", highlight=False
    )
    t = Table(title="Per article", title_justify="left")
    for col in ("article", "claims", "supported", "flagged", "misquotes", "omitted ¶"):
        t.add_column(col, justify="left" if col == "article" else "right")
    for r in outlet_rows(data):
        cells = (r["claims"], r["supported"], r["flagged"], r["misquotes"], r["omitted"])
        t.add_row(escape(str(r["title"] or r["name"])), *map(str, cells))
    out.print(t)
    flagged = Table(title="Flagged claims", title_justify="left", show_lines=True, expand=True)
    for col in ("article", "verdict", "claim", "why"):
        flagged.add_column(col)
    for a in data.get("articles", []):
        for s in a.get("sentences", []):
            if s.get("verdict") in FLAGGED:
                flagged.add_row(
                    escape(PurePath(str(a.get("path", ""))).name),
                    str(s["verdict"]),
                    escape(str(s["text"])),
                    escape(str(s.get("explanation") or "")),
                )
    out.print(flagged if flagged.row_count else "No flagged claims.")
    out.print(f"[dim]communique runs export {run_id} --format csv|claimreview|html|json[/]")


class RunFormat(StrEnum):
    csv = "csv"
    claimreview = "claimreview"
    html = "html"
    json = "json"


@runs_app.command("export")
def runs_export(
    run_id: Annotated[int, typer.Argument(help="A run id from `communique runs list`.")],
    fmt: Annotated[
        RunFormat, typer.Option("--format", "-f", help="csv, claimreview, html or json.")
    ] = RunFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
    db: DbOpt = None,
) -> None:
    """Export a stored run as it was checked, without checking again: the findings as CSV (with the
    evidence's words), ClaimReview JSON-LD (publisher: the author setting; review links: publisher_url),
    the HTML report, or the contract JSON."""
    from ..report.exports import export_run
    from ..store import Store
    from ..store.flagged import run_articles

    try:
        opts = _options(db=db)
        store = Store.from_options(opts)
        data, text = store.run_with_source(run_id)
        checked, articles = run_articles(store, run_id)
        body = export_run(
            data,
            text,
            fmt.value,
            run_id=run_id,
            outlets=articles,
            author=opts.author,
            url=opts.publisher_url or None,
            published=checked,
        )
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if output is not None:
        output.write_text(body, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(body if body.endswith("\n") else body + "\n")
