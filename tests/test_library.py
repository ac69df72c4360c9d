"""The statement library, source discovery, batch runs (in-process and on Dask) and outlet scorecards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique import Checker, Options
from communique.batch import ArticleInput, BadInput, Batch, count_inputs, read_inputs
from communique.cli import app
from communique.gazetteer import canonical_place
from communique.ingest import document_from_text
from communique.library import Library, kind_of, place_of
from communique.match import LibraryStatement, Matcher, countries_in, rounds_in
from communique.outlets import scorecard_svg, scorecards, scorecards_csv
from communique.store import Store

# --- metadata and names, on sentences written for these tests ---------------------------------------------


def test_rounds_named_in_titles_not_in_phrases() -> None:
    assert rounds_in("Fourth Round of the Norway-Chile Energy Dialogue") == {4}
    assert rounds_in("the 12th Nordic-Baltic Ministers' Meeting opened") == {12}
    assert rounds_in("Session 9 of the joint commission") == {9}
    assert rounds_in("the first step towards talks") == set()
    assert rounds_in("for the second time this year") == set()


def test_countries_fold_aliases_and_capitals() -> None:
    found = countries_in("Officials in Ottawa and the Republic of Korea met counterparts from Britain.")
    assert {canonical_place("Canada"), canonical_place("United Kingdom")} <= found
    assert canonical_place("South Korea") in found
    assert countries_in("Seoul said") == {canonical_place("Republic of Korea")}


def test_kind_and_place_from_text() -> None:
    assert kind_of("Joint Statement on Maritime Cooperation") == "joint statement"
    assert kind_of("Notes from a lunch") is None
    assert place_of("Nairobi, 3 March 2026 — The ministers met ...") == "Nairobi"


# --- matching -------------------------------------------------------------------------------------------

NORDIC = (
    "Joint Statement of the Third Round of the Norway-Chile Energy Dialogue\n\n"
    "Oslo, 10 February 2026\n\n"
    "Norway and Chile agreed to expand cooperation on offshore wind and green hydrogen. "
    "The two sides will establish a working group on critical minerals before the end of June 2026. "
    "They welcomed the signing of a memorandum on grid interconnection research."
)
SAHEL = (
    "Joint Communiqué of the Ghana-Senegal Commission on Fisheries\n\n"
    "Accra, 12 February 2026\n\n"
    "Ghana and Senegal agreed to patrol shared fishing grounds jointly and to share vessel tracking data. "
    "The ministers called for a regional registry of fishing licences by 2027."
)
ARTICLE = (
    "Norway, Chile deepen clean energy ties\n\n"
    "OSLO — Norway and Chile on Tuesday agreed to widen their cooperation on offshore wind and green "
    "hydrogen, and said a working group on critical minerals would be set up by the end of June, "
    "according to a joint statement issued after the third round of their energy dialogue."
)
UNRELATED = (
    "Storm closes ports along the Adriatic\n\n"
    "Ferries between Italy and Croatia were cancelled on Monday as winds reached 120 km/h, "
    "and harbour authorities said services would resume on Wednesday."
)


def _statements() -> list[LibraryStatement]:
    return [
        LibraryStatement(1, "Third Round of the Norway-Chile Energy Dialogue", NORDIC, "2026-02-10",
                         ("Norway", "Chile"), "3", "Oslo"),
        LibraryStatement(2, "Ghana-Senegal Commission on Fisheries", SAHEL, "2026-02-12",
                         ("Ghana", "Senegal"), None, "Accra"),
        # the same talks' previous round, a year before
        LibraryStatement(3, "Second Round of the Norway-Chile Energy Dialogue",
                         NORDIC.replace("Third", "Second").replace("2026", "2025"), "2025-02-10",
                         ("Norway", "Chile"), "2", "Oslo"),
    ]  # fmt: skip


def test_match_finds_the_statement_and_rules_out_neighbours(checker: Checker) -> None:
    m = Matcher(_statements(), checker.embedder).match(ARTICLE, "2026-02-11")
    assert m.best is not None and m.best.statement_id == 1
    assert 3 in m.excluded and "days" in m.excluded[3]  # a year earlier: outside the window
    assert 2 in m.excluded  # names neither Ghana nor Senegal


def test_match_rules_out_another_round_named_in_the_lede(checker: Checker) -> None:
    stmts = [s for s in _statements() if s.id != 1]
    # no date: only the round named in the lede tells the second round apart
    m = Matcher(stmts, checker.embedder).match(ARTICLE, None)
    assert m.best is None
    assert m.excluded.get(3) == "the article names another round"


def test_match_abstains_on_news_about_something_else(checker: Checker) -> None:
    m = Matcher(_statements(), checker.embedder).match(UNRELATED, "2026-02-11")
    assert m.best is None


def test_match_without_embeddings_uses_words() -> None:
    m = Matcher(_statements(), None).match(ARTICLE, "2026-02-11")
    assert m.best is not None and m.best.statement_id == 1


def test_empty_library_abstains() -> None:
    assert Matcher([], None).match(ARTICLE).best is None


# --- library, batch, outlets (a store of two packs) ---------------------------------------------------------


def _packs(shared: Path, tmp_path: Path, names: tuple[str, ...]) -> Path:
    root = tmp_path / "packs"
    for name in names:
        shutil.copytree(shared / "eval" / "packs" / name, root / name)
    return root


def test_library_add_is_idempotent_and_reads_manifests(
    shared: Path, tmp_path: Path, checker: Checker
) -> None:
    store = Store(tmp_path / "lib.db")
    lib = Library(store, checker.nlp)
    root = _packs(shared, tmp_path, ("arms-control", "cpfmsd-7"))
    first = lib.add([root])
    assert [a.new for a in first] == [True, True]
    again = lib.add([root])
    assert [a.new for a in again] == [False, False]
    entries = {e.title: e for e in lib.entries()}
    cp = entries["Seventh Round of the China-Pakistan Foreign Ministers' Strategic Dialogue"]
    assert cp.issuers == ("China", "Pakistan") and cp.date == "2026-01-04" and cp.round == "7"
    assert cp.place == "Beijing" and cp.kind == "joint communique"
    # without a manifest: metadata from the text
    text = NORDIC
    doc = document_from_text(text, "nordic.txt")
    added = lib.add_document(doc)
    assert added.new and added.entry.round == "3" and added.entry.place == "Oslo"
    assert set(added.entry.issuers) >= {"Norway", "Chile"}


def _store_with_library(shared: Path, tmp_path: Path, checker: Checker, names: tuple[str, ...]) -> Store:
    store = Store(tmp_path / "lib.db")
    Library(store, checker.nlp).add([_packs(shared, tmp_path, names)])
    return store


def test_batch_checks_resumes_and_records_errors(shared: Path, tmp_path: Path, checker: Checker) -> None:
    names = ("arms-control", "cpfmsd-7")
    store = _store_with_library(shared, tmp_path, checker, names)
    bad = tmp_path / "extra"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (bad / "empty.txt").write_bytes(b"")
    opts = Options(progress=False, db=str(tmp_path / "lib.db"))
    inputs = [tmp_path / "packs", bad]
    items = list(read_inputs(inputs, opts.max_bytes))
    assert count_inputs(inputs) == len(items)  # the progress bar's total, without reading
    assert sum(isinstance(i, BadInput) for i in items) == 2
    arts = [i for i in items if isinstance(i, ArticleInput)]
    # every article given twice, the copies in later chunks: each is checked once
    summary = Batch(store, opts, chunk_size=4).run(iter(items + arts))
    assert summary.read == len(items) + len(arts) and summary.errors == 2
    assert summary.skipped == len(arts)
    assert summary.checked + summary.unmatched == len(arts)
    assert summary.checked >= 4 and summary.runs
    assert len(store.errors()) == 2
    # resumable: nothing is checked twice
    again = Batch(store, opts, chunk_size=4).run(read_inputs(inputs, opts.max_bytes))
    assert again.skipped == summary.checked and again.checked == 0 and not again.runs
    # every run holds the articles matched to its statement, with the verdicts of a direct check
    run = store.run_result(summary.runs[0])
    assert run["articles"] and all(a["sentences"] for a in run["articles"])


def test_batch_on_dask_gives_the_in_process_results(shared: Path, tmp_path: Path, checker: Checker) -> None:
    pytest.importorskip("distributed")
    names = ("cpfmsd-7",)
    results = {}
    for mode in ("local", "dask"):
        base = tmp_path / mode
        base.mkdir()
        store = _store_with_library(shared, base, checker, names)
        opts = Options(progress=False, db=str(base / "lib.db"))
        runner = Batch(store, opts, chunk_size=2, workers=1 if mode == "dask" else 0)
        summary = runner.run(read_inputs([base / "packs"], opts.max_bytes))
        assert summary.errors == 0
        results[mode] = [store.run_result(r) for r in summary.runs]
    strip = [
        [
            [(s["start"], s["kind"], s["verdict"], s["explanation"]) for s in a["sentences"]]
            for a in r["articles"]
        ]
        for r in results["local"]
    ]
    assert strip == [
        [
            [(s["start"], s["kind"], s["verdict"], s["explanation"]) for s in a["sentences"]]
            for a in r["articles"]
        ]
        for r in results["dask"]
    ]


def test_outlet_scorecards_count_each_article_once() -> None:
    summaries = [
        {"outlet": "a.example", "published": "2026-01-05", "omitted": 2,
         "counts": {("claim", "supported"): 3, ("claim", "misquote"): 1, ("heading", None): 2}},
        {"outlet": "a.example", "published": "2026-02-01", "omitted": 0,
         "counts": {("claim", "contradicted"): 1, ("commentary", None): 4}},
        {"outlet": None, "published": None, "omitted": 1, "counts": {("claim", "supported"): 1}},
    ]  # fmt: skip
    cards = scorecards(summaries)
    a = cards[0]
    assert a.outlet == "a.example" and a.articles == 2 and a.claims == 5 and a.misquotes == 1
    assert a.share("supported") == pytest.approx(0.6) and a.omitted == 2
    assert a.months["2026-01"].flagged == 1 and a.months["2026-02"].flagged == 1
    assert cards[1].outlet == "(unknown)"
    csv = scorecards_csv(cards)
    assert csv.splitlines()[0].startswith("outlet,articles,claims,supported")
    svg = scorecard_svg(a)
    assert svg.startswith("<svg") and "misquote: 1" in svg


def test_outlet_names_are_safe_in_csv_and_svg() -> None:
    cards = scorecards([{"outlet": "=HYPERLINK(1)<script>", "omitted": 0, "counts": {}}])
    assert "'=HYPERLINK" in scorecards_csv(cards)
    assert "<script>" not in scorecard_svg(cards[0])


def test_cli_library_batch_outlets(shared: Path, tmp_path: Path) -> None:
    root = _packs(shared, tmp_path, ("cpfmsd-7",))
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    r = runner.invoke(app, ["library", "add", str(root), "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["library", "list", "--json", "--db", db])
    assert json.loads(r.stdout)[0]["round"] == "7"
    # JSONL input with outlets
    lines = []
    man = json.loads((root / "cpfmsd-7" / "manifest.json").read_text())
    for n, art in enumerate(man["articles"]):
        lines.append(json.dumps({"path": f"cpfmsd-7/{art['file']}", "outlet": f"outlet{n % 2}.example",
                                 "published": art["published"]}))  # fmt: skip
    (root / "news.jsonl").write_text("\n".join(lines) + "\n{not json}\n")
    r = runner.invoke(app, ["batch", str(root / "news.jsonl"), "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["checked"] == 3 and summary["errors"] == 1
    r = runner.invoke(app, ["outlets", "--format", "json", "--db", db])
    cards = {c["outlet"]: c for c in json.loads(r.stdout)}
    assert set(cards) == {"outlet0.example", "outlet1.example"}
    assert cards["outlet0.example"]["articles"] == 2
    r = runner.invoke(app, ["match", str(root / "cpfmsd-7" / man["articles"][0]["file"]), "--db", db])
    assert r.exit_code == 0 and "Seventh Round" in r.stdout
    # the web app shows the same: statements, outlet scorecards with a chart each, CSV, JSON
    from fastapi.testclient import TestClient

    from communique.web import create_app

    client = TestClient(create_app(Options(db=db, progress=False)))
    page = client.get("/outlets")
    assert page.status_code == 200 and page.text.count("<svg") == 2 and "outlet0.example" in page.text
    csv_body = client.get("/outlets.csv").text
    assert csv_body.startswith("outlet,articles,claims") and "outlet1.example" in csv_body
    assert {c["outlet"] for c in client.get("/api/v1/outlets").json()} == set(cards)
    assert "Seventh Round" in client.get("/statements").text
    assert client.get("/api/v1/statements").json()[0]["round"] == "7"
    # articles alone: check finds their statement
    r = runner.invoke(
        app,
        ["check", "--library", str(root / "cpfmsd-7" / man["articles"][1]["file"]), "--db", db, "-f", "json",
         "--no-store"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout.strip().splitlines()[-1])
    assert data["source"]["title"].startswith("Joint") or "Seventh" in json.dumps(data["source"])
    assert data["articles"][0]["sentences"]


def test_the_lede_is_the_opening_up_to_the_first_long_paragraph() -> None:
    from communique.match import lede_of

    text = (
        "Norway, Chile deepen ties\n\nBy A. Writer\n\n"
        "OSLO — Norway and Chile agreed on Tuesday to widen their cooperation on offshore wind and green "
        "hydrogen after the third round of their energy dialogue.\n\n"
        "A fourth round is pencilled in for October."
    )
    lede = lede_of(text)
    assert "third round" in lede and "fourth" not in lede
    assert rounds_in(lede) == {3}


def test_a_manifest_pointing_outside_its_folder_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text("not for reading")
    (corpus / "manifest.json").write_text(
        json.dumps({"source": {"file": "s.txt"}, "articles": [{"file": "../secret.txt"}]})
    )
    (corpus / "s.txt").write_text("A statement.")
    items = list(read_inputs([corpus], 1_000_000))
    assert len(items) == 1 and isinstance(items[0], BadInput) and "outside" in items[0].error
