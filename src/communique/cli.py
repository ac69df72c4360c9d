"""The command line: thin Typer commands over the library (``communique --help``)."""

from __future__ import annotations

import dataclasses
import json
import sys
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

from . import __version__
from .errors import CommuniqueError, InputError
from .settings import SETTINGS, Options, load_options


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
runs_app = typer.Typer(help="Check runs kept in the store.", no_args_is_help=True)
app.add_typer(runs_app, name="runs")
ledger_app = typer.Typer(
    help="The commitment ledger: what was promised, by whom, by when, and evidence of follow-through.\n\n"
    "Start with:  communique ledger add STATEMENT   then   communique ledger list",
    no_args_is_help=True,
)
app.add_typer(ledger_app, name="ledger")
token_app = typer.Typer(
    help="API tokens: writes through the API and web pages need one.", no_args_is_help=True
)
app.add_typer(token_app, name="token")

out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    html = "html"
    csv = "csv"
    claimreview = "claimreview"
    jsonl = "jsonl"


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


@app.callback()
def main_callback(
    config: ConfigOpt = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"communique {__version__}")
        raise typer.Exit()
    _state["config"] = config


@app.command()
def check(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="SOURCE ARTICLE... files or http(s) URLs (fetched from public addresses only), or one "
            "CORPUS_DIR with a manifest.json.",
            show_default=False,
        ),
    ] = None,
    pairs: Annotated[
        Path | None,
        typer.Option(
            "--pairs",
            help="JSONL of {id, source, article} pairs; streams one result per line (use --format jsonl).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="table, json (the contract), html, csv (findings), claimreview "
            "(schema.org JSON-LD for flagged claims), or jsonl (pairs mode).",
        ),
    ] = Format.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
    all_sentences: Annotated[
        bool, typer.Option("--all", help="Table: show every sentence, not only flagged.")
    ] = False,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Table: leave out flags whose confidence (the share of such flags that were right on the "
            "gold packs) is below this; 0.6 keeps the surer flags.",
        ),
    ] = 0.0,
    store: Annotated[bool, typer.Option("--store/--no-store", help="Keep the run in the database.")] = True,
    db: DbOpt = None,
    embeddings: Annotated[
        bool | None,
        typer.Option(
            "--embeddings/--no-embeddings", help="Fuse sentence embeddings with BM25.", show_default=False
        ),
    ] = None,
    spacy_model: Annotated[
        str | None, typer.Option(help="spaCy pipeline name or path.", show_default=False)
    ] = None,
    embedding_model: Annotated[
        str | None, typer.Option(help="sentence-transformers name or path.", show_default=False)
    ] = None,
    library: Annotated[
        bool,
        typer.Option(
            "--library",
            help="The inputs are articles only: find each one's statement in the library "
            "(communique library add) and check it against that.",
        ),
    ] = False,
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help="Check SOURCE ARTICLE... through a running `communique serve` at this URL (its models "
            "are loaded: seconds saved); same output; the server stores the run. Needs an API token in "
            "$COMMUNIQUE_TOKEN.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check news reports against their source, sentence by sentence.

    Examples:

      communique check communique.txt report1.html report2.pdf

      communique check --library report1.html report2.pdf

      communique check corpus/ --format json > result.json

      communique check --pairs pairs.jsonl --format jsonl > out.jsonl

      communique check --via http://127.0.0.1:8000 communique.txt report1.html
    """
    from .ingest import url_of

    if via is not None:
        try:
            _check_via(via, inputs, pairs, library, fmt, output, all_sentences)
        except CommuniqueError as exc:
            raise _fail(exc) from None
        return
    from .pipeline import Checker

    try:
        opts = _options(
            db=db, use_embeddings=embeddings, spacy_model=spacy_model, embedding_model=embedding_model
        )
        checker = Checker(opts)
        if pairs is not None:
            if inputs:
                raise InputError("give either --pairs FILE or SOURCE/CORPUS inputs, not both")
            _check_pairs(checker, pairs, output, opts)
            return
        if not inputs:
            raise InputError("nothing to check", hint="communique check SOURCE ARTICLE... or CORPUS_DIR")
        if fmt == Format.jsonl:
            raise InputError("--format jsonl is for --pairs; use json for a corpus")
        if library:
            _check_with_library(checker, inputs, opts, fmt, output, all_sentences, store)
            return
        base = None
        origins = None
        with _progress(opts.progress, "checking") as progress:
            if len(inputs) == 1 and inputs[0].is_dir():
                base = inputs[0]
                result = checker.check_corpus(inputs[0], progress=progress)
                origins = _corpus_origins(inputs[0])
            elif len(inputs) == 1:
                raise InputError(
                    f"{url_of(inputs[0]) or inputs[0]}: give a SOURCE and at least one ARTICLE, or a corpus folder"
                )
            else:
                result = checker.check_files(inputs[0], inputs[1:], progress=progress)
        from .report import result_to_dict

        data = result_to_dict(result, base=base)
        if store:
            from .store import Store

            run_id = Store.from_options(opts).save_check(result, data, opts, origins=origins)
            err.print(f"[dim]stored as run {run_id}[/]")
        _emit(result, data, fmt, output, all_sentences, min_confidence)
    except CommuniqueError as exc:
        raise _fail(exc) from None


def _check_with_library(
    checker: Any,
    inputs: list[Path],
    opts: Options,
    fmt: Format,
    output: Path | None,
    all_sentences: bool,
    store: bool,
) -> None:
    """Articles alone: each is matched to its statement; each statement's articles are checked together
    and reported in turn (JSON: one object a line)."""
    from .library import Library
    from .match import Matcher
    from .report import result_to_dict
    from .segment import Limits, check_limits
    from .store import Store

    db = Store.from_options(opts)
    lib = Library(db)
    statements = {s.id: s for s in lib.statements()}
    if not statements:
        raise InputError("the library is empty", hint="communique library add STATEMENT|DIR...")
    matcher = Matcher(list(statements.values()), checker.embedder)
    groups: dict[int, list[Any]] = {}
    for path in inputs:
        doc = checker.read(path)
        check_limits(doc, Limits(opts.max_paragraphs, opts.max_sentences, opts.max_tokens))
        m = matcher.match(doc.text, None, doc.title)
        if m.best is None:
            err.print(f"{escape(str(path))}: [yellow]no statement in the library[/] — {escape(m.reason)}")
            continue
        err.print(f"{escape(str(path))}: statement {m.best.statement_id} {escape(m.best.title or '')}")
        groups.setdefault(m.best.statement_id, []).append(doc)
    if not groups:
        raise InputError("no article reports a statement of the library", hint="communique match ARTICLE")
    texts = []
    for sid, docs in groups.items():
        issuers = list(statements[sid].issuers) or None
        result = checker.check(lib.document(sid), docs, parties=issuers)
        data = result_to_dict(result)
        if store:
            err.print(f"[dim]stored as run {db.save_check(result, data, opts)}[/]")
        if fmt == Format.json:
            texts.append(json.dumps(data, ensure_ascii=False))
        else:
            _emit(result, data, fmt, output, all_sentences)
    if texts:
        body = "\n".join(texts) + "\n"
        if output is not None:
            output.write_text(body, encoding="utf-8")
        else:
            sys.stdout.write(body)


def _corpus_origins(root: Path) -> Any:
    """Each article's outlet and day as the corpus manifest gives them."""
    from .pipeline import load_corpus
    from .store import manifest_origins

    corpus = load_corpus(root)
    return manifest_origins(corpus.articles, corpus.manifest)


def _check_via(
    url: str,
    inputs: list[Path] | None,
    pairs: Path | None,
    library: bool,
    fmt: Format,
    output: Path | None,
    all_sentences: bool,
) -> None:
    """``check --via``: the same check and output, done by a running server."""
    from .remote import check_via

    if pairs is not None or library:
        raise InputError("--via checks SOURCE ARTICLE... files; --pairs and --library run here")
    if not inputs or len(inputs) < 2 or any(p.is_dir() for p in inputs):
        raise InputError(
            "--via needs a SOURCE and at least one ARTICLE file (a corpus folder is checked here)"
        )
    if fmt == Format.jsonl:
        raise InputError("--format jsonl is for --pairs; use json")
    done = check_via(url, inputs[0], inputs[1:], max_bytes=_options().max_bytes)
    err.print(f"[dim]checked by the server at {escape(url)}; stored there as run {done.run_id}[/]")
    _emit(None, done.data, fmt, output, all_sentences, source_text=done.source.text)


def _emit(
    result: Any,
    data: dict[str, Any],
    fmt: Format,
    output: Path | None,
    all_sentences: bool,
    min_confidence: float = 0.0,
    *,
    source_text: str | None = None,
) -> None:
    """Write a check's output; ``result`` may be None when ``source_text`` is given (a server's answer)."""
    from .report.exports import claim_reviews_json, findings_csv
    from .report.html import render_html, render_report
    from .report.table import print_check, print_check_data

    def table(console: Console) -> None:
        if result is not None:
            print_check(result, console, all_sentences=all_sentences, min_confidence=min_confidence)
        else:
            print_check_data(
                data, source_text or "", console, all_sentences=all_sentences, min_confidence=min_confidence
            )

    if fmt == Format.json:
        text = json.dumps(data, ensure_ascii=False, indent=1)
    elif fmt == Format.html:
        text = render_html(result) if result is not None else render_report(data, source_text or "")
    elif fmt == Format.csv:
        source = result.source.document.text if result is not None else (source_text or "")
        text = findings_csv(data, source).rstrip("\n")
    elif fmt == Format.claimreview:
        opts = _options()
        text = claim_reviews_json(data, author=opts.author or "communique", url=opts.publisher_url or None)
    else:
        if output is not None:
            with output.open("w", encoding="utf-8") as fh:
                table(Console(file=fh, width=160))
        else:
            table(out)
        return
    if output is not None:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text + "\n")


def _check_pairs(checker: Any, path: Path, output: Path | None, opts: Options) -> None:
    from .ingest import read_file
    from .report import result_to_dict

    try:
        # pairs files hold many documents: ten times the one-document cap
        lines = read_file(path, opts.max_bytes * 10).decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason})") from None
    rows = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                raise InputError(f"{path}:{n}: not a JSON object") from None
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with _progress(opts.progress, "pairs") as progress:
            progress("pairs", 0, len(rows))
            for done, (pid, result) in enumerate(checker.check_pairs(rows), 1):
                data = result_to_dict(result)
                data = {"id": pid, **data}
                data["source"]["path"] = pid
                for a in data["articles"]:
                    a["path"] = pid
                sink.write(json.dumps(data, ensure_ascii=False) + "\n")
                sink.flush()
                progress(pid, done, len(rows))
    finally:
        if output:
            sink.close()


@app.command()
def demo(
    db: DbOpt = None,
    report: Annotated[
        Path | None, typer.Option(help="Where to write the HTML report.", show_default=False)
    ] = None,
) -> None:
    """Run the bundled sample: the Seventh Round China-Pakistan communiqué and three news reports."""
    from .data import sample_corpus
    from .pipeline import Checker
    from .report import result_to_dict
    from .report.html import write_html
    from .report.table import print_summary
    from .settings import default_db_path
    from .store import Store

    try:
        opts = _options(db=db)
        corpus = sample_corpus()
        with _progress(opts.progress, "checking the sample") as progress:
            result = Checker(opts).check_corpus(corpus, progress=progress)
        data = result_to_dict(result, base=corpus)
        run_id = Store.from_options(opts).save_check(result, data, opts, origins=_corpus_origins(corpus))
        out.print(f"[bold]{result.source.document.title}[/] ({result.source.document.date})")
        out.print(f"{len(result.provisions)} provisions; {len(result.articles)} news reports checked.\n")
        print_summary(result, out)
        flagged = [(a, c) for a in result.articles for c in a.flagged]
        if flagged:
            out.print("\n[bold]Flagged sentences[/]")
            for a, c in flagged:
                out.print(
                    f"  [red]{c.verdict}[/] {Path(a.article.document.path).name}: {c.sentence.text[:110]}…"
                    if len(c.sentence.text) > 110
                    else f"  [red]{c.verdict}[/] {Path(a.article.document.path).name}: {c.sentence.text}",
                    highlight=False,
                )
                if c.explanation:
                    out.print(f"      [dim]{c.explanation}[/]", highlight=False)
        target = report or default_db_path().parent / "reports" / "cpfmsd-7.html"
        write_html(result, target)
        out.print(f"\nHTML report: {target}")
        out.print(f"Stored as run {run_id} in {opts.db or default_db_path()}")
    except CommuniqueError as exc:
        raise _fail(exc) from None


@app.command("eval")
def eval_cmd(
    corpus: Annotated[Path, typer.Option("--corpus", help="Corpus folder with manifest.json.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder with claims.json (and provisions.json).")],
    pred: Annotated[
        Path | None,
        typer.Option(
            "--pred", help="Score this saved check JSON instead of running a check.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON only.")] = False,
) -> None:
    """Score the project's own output against hand-labelled gold (same metrics as the reference scorer)."""
    from .evaluate import evaluate, headline

    try:
        if pred is not None:
            try:
                data = json.loads(pred.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"{pred}: not a check result ({exc})") from None
        else:
            from .pipeline import Checker
            from .report import result_to_dict

            opts = _options()
            with _progress(opts.progress, "checking") as progress:
                data = result_to_dict(Checker(opts).check_corpus(corpus, progress=progress), base=corpus)
        metrics = evaluate(corpus, gold, data)
        if as_json:
            sys.stdout.write(json.dumps(metrics) + "\n")
        else:
            out.print_json(json.dumps(metrics))
            out.print(headline(metrics), highlight=False)
    except CommuniqueError as exc:
        raise _fail(exc) from None


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
    from .pipeline import Checker
    from .report.jsonout import provision_to_dict
    from .report.table import print_provisions

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
    from .diff import diff_provisions
    from .pipeline import Checker
    from .report.diffout import diff_to_dict, diff_to_json, print_diff, render_diff_html

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


@runs_app.command("list")
def runs_list(db: DbOpt = None, limit: Annotated[int, typer.Option(help="How many.")] = 20) -> None:
    """The most recent check runs, with their articles, claims and flagged claims."""
    from rich.table import Table

    from .report.html import human_date
    from .store import Store
    from .store.flagged import run_counts

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

    from .report.html import FLAGGED, outlet_rows
    from .store import Store

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
    from .report.exports import export_run
    from .store import Store
    from .store.flagged import run_articles

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


def main() -> None:
    app()


# --- ledger ---------------------------------------------------------------------------------------------

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
    from .ledger import Ledger
    from .store import Store

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
    from .ledger import track_statement
    from .pipeline import Checker

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
    from .library import Refused, statement_files

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
    from .pipeline import Checker

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


# --- web and tokens -------------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    db: DbOpt = None,
    warm: Annotated[
        bool, typer.Option("--warm/--lazy", help="Load the models before serving (--lazy: on first use).")
    ] = True,
) -> None:
    """Serve the web app and the REST API (/api/v1, OpenAPI docs at /docs) on the store.

    Reading is open unless the api_read setting is "token"; checking and adding evidence need a token
    from `communique token create NAME`.
    """
    import uvicorn

    from .web import create_app

    try:
        application = create_app(_options(db=db))
        if warm:
            # load the models now: the first check costs only its own work, not the models' loading
            checker = application.state.communique.checker
            _ = checker.nlp, checker.embedder
    except CommuniqueError as exc:
        raise _fail(exc) from None
    err.print(f"communique {__version__} on http://{host}:{port}/  (API: /api/v1, docs: /docs)")
    uvicorn.run(application, **server_settings(host, port, application.state.communique.options))


def server_settings(host: str, port: int, options: Options) -> dict[str, Any]:
    """uvicorn's settings: proxy headers are believed only from the ``trusted_proxies`` addresses (by
    default from none, so a client cannot pick its own address for the rate limit)."""
    proxies = ",".join(p.strip() for p in options.trusted_proxies.split(",") if p.strip())
    return {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or "",
    }


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who or what the token is for.")], db: DbOpt = None
) -> None:
    """Create a token; it is printed once (only its hash is stored)."""
    from .store import Store

    try:
        token = Store.from_options(_options(db=db)).create_token(name)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    sys.stdout.write(token + "\n")
    err.print("[dim]Keep it: only its hash is stored. Send it as 'Authorization: Bearer <token>'.[/]")


@token_app.command("list")
def token_list(db: DbOpt = None) -> None:
    """Tokens by name (never the tokens themselves)."""
    from .store import Store

    try:
        rows = Store.from_options(_options(db=db)).tokens()
    except CommuniqueError as exc:
        raise _fail(exc) from None
    for r in rows:
        out.print(
            f"{r['id']}  {r['name']}  {r['created_at']}{'  (revoked)' if r['revoked'] else ''}", markup=False
        )


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="A token id from `token list`.")], db: DbOpt = None
) -> None:
    """Revoke a token."""
    from .store import Store

    try:
        Store.from_options(_options(db=db)).revoke_token(token_id)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    out.print(f"token {token_id} revoked")


# --- library, match, batch, outlets ---------------------------------------------------------------------

library_app = typer.Typer(
    help="The statement library: the statements articles are matched to and checked against.\n\n"
    "Start with:  communique library add STATEMENTS_DIR   then   communique batch ARTICLES_DIR",
    no_args_is_help=True,
)
app.add_typer(library_app, name="library")


def _library(db: str | None, *, nlp: bool = False) -> Any:
    from .library import Library
    from .segment import Limits
    from .store import Store

    opts = _options(db=db)
    model = None
    if nlp:
        from .nlp import load_spacy

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
    from .library import Added

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
    from .match import Matcher
    from .pipeline import Checker
    from .segment import Limits, check_limits

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
    from .batch import Batch, count_inputs, read_inputs
    from .store import Store

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
    from .store import Store

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

    from .outlets import VERDICTS, scorecards, scorecards_csv
    from .store import Store

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
