"""A statement read without checking anything: ``analyze`` (its provisions as data) and ``diff`` (a
redline against an earlier round); and ``settings``, every setting with the value in force."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import CommuniqueError
from ..settings import SETTINGS
from ._common import AnalyzeFormat, _fail, _options, app, err, out


@app.command()
def analyze(
    statement: Annotated[Path, typer.Argument(help="The statement: text, HTML or PDF.")],
    fmt: Annotated[
        AnalyzeFormat, typer.Option("--format", "-f", help="table or json.")
    ] = AnalyzeFormat.table,
    date: Annotated[
        str | None,
        typer.Option(help="The statement's date (YYYY-MM-DD), for relative deadlines.", show_default=False),
    ] = None,
    party: Annotated[
        list[str] | None,
        typer.Option(
            "--party",
            help="Who issued the statement (repeat for each); default: from its issuing line or title.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read a statement as data: provisions with paragraph number, actor (both, all, a party or other),
    acts, topics, entities and deadline with the words that fix it."""
    from ..pipeline import Checker
    from ..report.jsonout import provision_to_dict
    from ..report.table import print_provisions

    try:
        checker = Checker(_options(use_embeddings=False))
        doc = checker.read_statement(statement, date=date)
        provisions = checker.provisions(checker.segment(doc), parties=party or None)
        if fmt == AnalyzeFormat.json:
            payload = {
                "path": str(statement),
                "title": doc.title,
                "date": doc.date,
                "provisions": [provision_to_dict(p) for p in provisions],
            }
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        else:
            print_provisions(provisions, out)
    except CommuniqueError as exc:
        raise _fail(exc) from None


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier statement.")],
    new: Annotated[Path, typer.Argument(help="The later statement.")],
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="table, json or html.")
    ] = DiffFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
    all_changes: Annotated[bool, typer.Option("--all", help="Table: show unchanged provisions too.")] = False,
) -> None:
    """Redline a statement against an earlier round, provision by provision.

    Labels: unchanged, reworded, strengthened, weakened, added, dropped, moved; modality shifts are
    named ("expressed readiness to → agreed to").

    Example:  communique diff round6.txt round7.txt --format html -o redline.html
    """
    from ..diff import diff_provisions
    from ..pipeline import Checker
    from ..report.diffout import diff_to_dict, diff_to_json, print_diff, render_diff_html

    try:
        checker = Checker(_options(use_embeddings=False))
        sides = []
        for path in (old, new):
            doc = checker.read(path)
            sides.append((doc, checker.provisions(checker.segment(doc))))
        result = diff_provisions(sides[0][1], sides[1][1])
        meta = [
            {"path": str(p), "title": d.title, "date": d.date}
            for p, (d, _) in zip((old, new), sides, strict=True)
        ]
        if fmt == DiffFormat.table:
            print_diff(result, out, all_changes=all_changes)
            return
        data = diff_to_dict(result, meta[0], meta[1])
        text = diff_to_json(data) if fmt == DiffFormat.json else render_diff_html(data)
        if output is not None:
            output.write_text(text, encoding="utf-8")
            err.print(f"wrote {output}")
        else:
            sys.stdout.write(text + "\n")
    except CommuniqueError as exc:
        raise _fail(exc) from None


@app.command()
def settings() -> None:
    """List every setting with its current value; set them in a TOML file, COMMUNIQUE_* or flags."""
    from rich.table import Table

    try:
        opts = _options()
    except CommuniqueError as exc:
        raise _fail(exc) from None
    t = Table(title="Settings (defaults → config file → COMMUNIQUE_<NAME> → flags)", title_justify="left")
    for col in ("name", "value", "default", "meaning"):
        t.add_column(col)
    for s in SETTINGS:
        t.add_row(s.name, repr(getattr(opts, s.name)), repr(s.default), s.help)
    out.print(t)
