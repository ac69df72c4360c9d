"""Checking news reports against their source: ``check`` (files, a corpus folder, a pairs file,
articles matched in the library, or through a running server with ``--via``) and its output in each
format, ``demo`` (the bundled sample) and ``eval`` (scores against hand-labelled gold)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import CommuniqueError, InputError
from ..settings import Options
from ._common import DbOpt, _fail, _options, _progress, app, err, out


class Format(StrEnum):
    table = "table"
    json = "json"
    html = "html"
    csv = "csv"
    claimreview = "claimreview"
    jsonl = "jsonl"


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
    from ..ingest import url_of

    if via is not None:
        try:
            _check_via(via, inputs, pairs, library, fmt, output, all_sentences)
        except CommuniqueError as exc:
            raise _fail(exc) from None
        return
    from ..pipeline import Checker

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
        from ..report import result_to_dict

        data = result_to_dict(result, base=base)
        if store:
            from ..store import Store

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
    from ..library import Library
    from ..match import Matcher
    from ..report import result_to_dict
    from ..segment import Limits, check_limits
    from ..store import Store

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
    from ..pipeline import load_corpus
    from ..store import manifest_origins

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
    from ..remote import check_via

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
    from ..report.exports import claim_reviews_json, findings_csv
    from ..report.html import render_html, render_report
    from ..report.table import print_check, print_check_data

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
    from ..ingest import read_file
    from ..report import result_to_dict

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
    from ..data import sample_corpus
    from ..pipeline import Checker
    from ..report import result_to_dict
    from ..report.html import write_html
    from ..report.table import print_summary
    from ..settings import default_db_path
    from ..store import Store

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
    from ..evaluate import evaluate, headline

    try:
        if pred is not None:
            try:
                data = json.loads(pred.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"{pred}: not a check result ({exc})") from None
        else:
            from ..pipeline import Checker
            from ..report import result_to_dict

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
