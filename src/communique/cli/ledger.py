"""The ``ledger`` group: commitments tracked from statements, evidence proposed from articles and
accepted or rejected by name, each party's status and compliance scores, and exports."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import CommuniqueError, InputError
from ._common import DbOpt, _fail, _options, app, err, out

ledger_app = typer.Typer(
    help="The commitment ledger: what was promised, by whom, by when, and evidence of follow-through.\n\n"
    "Start with:  communique ledger add STATEMENT   then   communique ledger list",
    no_args_is_help=True,
)
app.add_typer(ledger_app, name="ledger")


ByOpt = Annotated[
    str,
    typer.Option(
        "--by", help="Who is making this change (recorded in the history); default: the author setting."
    ),
]


def _me(by: str) -> str:
    """Who makes a ledger change: ``--by``, else the ``author`` setting; never guessed from the system."""
    name = by.strip() or _options().author.strip()
    if not name:
        raise InputError(
            "say who is making this change: --by NAME",
            hint='or set it once: author = "NAME" in the settings file, or COMMUNIQUE_AUTHOR',
        )
    return name


def _ledger(db: str | None) -> Any:
    from ..ledger import Ledger
    from ..store import Store

    return Ledger(Store.from_options(_options(db=db)))


@ledger_app.command("add")
def ledger_add(
    statement: Annotated[Path, typer.Argument(help="The statement whose commitments to track.")],
    date: Annotated[
        str | None, typer.Option(help="Its date (YYYY-MM-DD), if the text has none.", show_default=False)
    ] = None,
    party: Annotated[
        list[str] | None,
        typer.Option(
            "--party",
            help="A party that issued it (repeat); default: its two most named countries.",
            show_default=False,
        ),
    ] = None,
    by: ByOpt = "",
    db: DbOpt = None,
) -> None:
    """Track a statement's commitments (adding the same statement again changes nothing). Its date is,
    in order: --date, the library's date for it, the date of a manifest.json naming it, the date in its
    text."""
    from ..ledger import track_statement
    from ..pipeline import Checker

    try:
        author = _me(by)
        checker = Checker(_options(use_embeddings=False))
        ids, who = track_statement(
            _ledger(db),
            checker,
            checker.read_statement(statement, date=date or _manifest_date(statement)),
            party,
            author=author,
        )
        out.print(f"{len(ids)} commitments tracked from {statement} (parties: {', '.join(who)})")
    except CommuniqueError as exc:
        raise _fail(exc) from None


def _manifest_date(path: Path) -> str | None:
    """The date a manifest.json beside a statement gives it, when the manifest names this file."""
    from ..library import Refused, statement_files

    if not (path.parent / "manifest.json").exists():
        return None
    try:
        for item in statement_files([path.parent]):
            if isinstance(item, Refused):
                continue
            source, manifest = item
            if source.resolve() == path.resolve():
                return str(manifest.get("date") or "") or None
    except (CommuniqueError, OSError, ValueError):
        return None
    return None


def _status_text(status: dict[str, int | None]) -> str:
    return ", ".join(f"{p} {'—' if v is None else f'{v:+d}'}" for p, v in status.items())


@ledger_app.command("list")
def ledger_list(
    party: Annotated[
        str | None, typer.Option(help="Only this party's commitments (any case).", show_default=False)
    ] = None,
    standing: Annotated[
        str | None,
        typer.Option(
            help="Only those that stand so: pending, unassessed, complied, partly, not complied.",
            show_default=False,
        ),
    ] = None,
    due_before: Annotated[
        str | None, typer.Option(help="Only those due by this day (YYYY-MM-DD).", show_default=False)
    ] = None,
    db: DbOpt = None,
) -> None:
    """Every tracked commitment: parties, deadline, catalysts and each party's status (— not assessed)."""
    from rich.table import Table

    try:
        views = _ledger(db).commitments(party=party, standing=standing, due_before=due_before)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    t = Table(expand=True)
    for col in ("id", "date", "parties", "action", "deadline", "catalysts", "status", "commitment"):
        t.add_column(col)
    for v in views:
        cat = "".join(k[0].upper() for k, on in v.catalysts.items() if on) or "-"
        t.add_row(
            str(v.id),
            v.statement_date or "",
            ", ".join(v.parties),
            v.action,
            v.deadline or "",
            cat,
            _status_text(v.status),
            v.text[:90] + ("…" if len(v.text) > 90 else ""),
        )
    out.print(t)
    out.print("[dim]catalysts: T timeline, N numerical target, A accountability mechanism[/]")


@ledger_app.command("show")
def ledger_show(
    commitment_id: Annotated[int, typer.Argument(help="A commitment id.")], db: DbOpt = None
) -> None:
    """One commitment with all its evidence and the full history of each item."""
    try:
        v = _ledger(db).show(commitment_id)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    out.print(
        f"[bold]Commitment {v.id}[/] ({v.provision_id} of {v.statement}, {v.statement_date or 'undated'})",
        highlight=False,
    )
    out.print(v.text, highlight=False)
    out.print(
        f"parties: {', '.join(v.parties)} · action: {v.action} · target: {v.target or '-'} · "
        f"deadline: {v.deadline or '-'}",
        highlight=False,
    )
    out.print(
        f"catalysts: {', '.join(k for k, on in v.catalysts.items() if on) or 'none'}"
        + (f" · repeats commitment {v.previous_id}" if v.previous_id else ""),
        highlight=False,
    )
    out.print(f"status: {_status_text(v.status)}", highlight=False)
    for e in v.evidence:
        score = "—" if e.assessment is None else f"{e.assessment:+d}"
        out.print(
            f"\n  evidence {e.id} ({e.status}) {e.party or 'all parties'} {score} {e.date or ''} {e.source}",
            highlight=False,
            markup=False,
        )
        if e.quote:
            out.print(f"    “{e.quote}”", highlight=False, markup=False)
        for h in e.history:
            out.print(
                f"    {h['at']} {h['event']} by {h['by'] or '?'} {h['note']}", highlight=False, markup=False
            )


@ledger_app.command("add-evidence")
def ledger_add_evidence(
    commitment_id: Annotated[int, typer.Argument(help="A commitment id.")],
    score: Annotated[
        int, typer.Option("--score", min=-1, max=1, help="-1 not met, 0 partly or under way, +1 met.")
    ],
    party: Annotated[
        str | None, typer.Option(help="The party it concerns; default: all parties.", show_default=False)
    ] = None,
    source: Annotated[str, typer.Option(help="URL or file of the evidence.")] = "",
    quote: Annotated[str, typer.Option(help="The words that show it.")] = "",
    date: Annotated[
        str | None, typer.Option(help="When it happened (YYYY-MM-DD).", show_default=False)
    ] = None,
    note: Annotated[str, typer.Option(help="A note for the history.")] = "",
    by: ByOpt = "",
    db: DbOpt = None,
) -> None:
    """Append evidence about a commitment (items are never overwritten; add another to revise)."""
    try:
        eid = _ledger(db).add_evidence(
            commitment_id,
            party=party,
            assessment=score,
            source=source,
            quote=quote,
            date=date,
            by=_me(by),
            note=note,
        )
    except CommuniqueError as exc:
        raise _fail(exc) from None
    out.print(f"evidence {eid} added to commitment {commitment_id}")


def _decide(evidence_id: int, *, accept: bool, note: str, by: str, db: str | None) -> None:
    try:
        ledger = _ledger(db)
        (ledger.accept if accept else ledger.reject)(evidence_id, by=_me(by), note=note)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    out.print(f"evidence {evidence_id} {'accepted' if accept else 'rejected'}")


EvidenceArg = Annotated[int, typer.Argument(help="An evidence id (see `ledger show`).")]
WhyOpt = Annotated[str, typer.Option("--note", help="Why (kept in the history).")]


@ledger_app.command("accept")
def ledger_accept(evidence_id: EvidenceArg, note: WhyOpt = "", by: ByOpt = "", db: DbOpt = None) -> None:
    """Accept a proposed evidence item: it now counts towards the party's status."""
    _decide(evidence_id, accept=True, note=note, by=by, db=db)


@ledger_app.command("reject")
def ledger_reject(evidence_id: EvidenceArg, note: WhyOpt = "", by: ByOpt = "", db: DbOpt = None) -> None:
    """Reject an evidence item: it stays in the history but no longer counts."""
    _decide(evidence_id, accept=False, note=note, by=by, db=db)


@ledger_app.command("score")
def ledger_score(db: DbOpt = None) -> None:
    """Compliance per party and overall: mean score (-1 to +1) and percentage, as the G7/G20 Research
    Group reports it, over assessed commitments."""
    from rich.table import Table

    try:
        report = _ledger(db).score()
    except CommuniqueError as exc:
        raise _fail(exc) from None
    t = Table()
    for col in ("party", "commitments", "assessed", "mean", "compliance"):
        t.add_column(col, justify="left" if col == "party" else "right")
    rows = [*report["parties"].items(), ("overall", report["overall"])]
    for name, r in rows:
        mean = "—" if r["mean"] is None else f"{r['mean']:+.2f}"
        pct = "—" if r["percent"] is None else f"{r['percent']:.0f}%"
        t.add_row(name, str(r["commitments"]), str(r["assessed"]), mean, pct)
    out.print(t)


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


@ledger_app.command("export")
def ledger_export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json or csv.")] = ExportFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
    db: DbOpt = None,
) -> None:
    """Export every commitment with its status (and, in JSON, its evidence and history)."""
    try:
        text = _ledger(db).export(fmt.value)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if output is not None:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@ledger_app.command("scan")
def ledger_scan(
    articles: Annotated[list[Path], typer.Argument(help="News articles that may report follow-through.")],
    db: DbOpt = None,
) -> None:
    """Propose evidence from articles: sentences that align with a tracked commitment and report action on
    it become candidates, waiting in `ledger queue` for `ledger accept` or `ledger reject`."""
    from ..pipeline import Checker

    try:
        checker = Checker(_options())
        ledger = _ledger(db)
        total = 0
        for path in articles:
            ids = ledger.scan(checker.segment(checker.read(path)), embedder=checker.embedder)
            total += len(ids)
            out.print(f"{path}: {len(ids)} new candidate(s)", highlight=False)
        waiting = len(ledger.queue())
    except CommuniqueError as exc:
        raise _fail(exc) from None
    out.print(f"{total} proposed; {waiting} waiting for review: communique ledger queue", highlight=False)


@ledger_app.command("queue")
def ledger_queue(db: DbOpt = None) -> None:
    """Proposed evidence waiting for a decision, oldest first: accept or reject each by its id."""
    from rich.table import Table

    try:
        items = _ledger(db).queue()
    except CommuniqueError as exc:
        raise _fail(exc) from None
    if not items:
        out.print("nothing to review")
        return
    t = Table(expand=True)
    for col in ("evidence", "commitment", "score", "source", "quote"):
        t.add_column(col)
    for c, e in items:
        t.add_row(
            str(e.id),
            f"{c.id}: {c.text[:60]}" + ("…" if len(c.text) > 60 else ""),
            "—" if e.assessment is None else f"{e.assessment:+d}",
            e.source,
            e.quote,
        )
    out.print(t)
    out.print("[dim]communique ledger accept ID --note WHY   or   communique ledger reject ID --note WHY[/]")
