"""Exports of a stored run (report.exports and `runs export`): CSV with the evidence's words,
ClaimReview valid against schema.org's vocabulary and Google's ClaimReview requirements, HTML and JSON,
all from the stored run without checking again. Runs are stored from contract JSON written here."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from communique.cli import app
from communique.ingest import document_from_text
from communique.report.exports import claim_reviews, export_run, findings_csv
from communique.settings import Options
from communique.store import ArticleOrigin, Store
from communique.store.flagged import run_articles
from communique.web import create_app

VOCABULARY = json.loads((Path(__file__).parent / "data" / "schemaorg-claimreview.json").read_text())["types"]
SOURCE = "Joint Statement\n\nThe two sides agreed to build a railway by 2027. They called for calm.\n"
ARTICLE = "Railway deal\n\nThe sides agreed to build a railway by 2028. Officials hailed calm.\n"
URL = "https://www.dawn.com/news/railway-deal"


def _sentence(text: str, verdict: str, evidence: str) -> dict[str, Any]:
    start, ev = ARTICLE.index(text), SOURCE.index(evidence)
    return {
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": "claim",
        "verdict": verdict,
        "explanation": f"{verdict}: see the source",
        "evidence": [{"start": ev, "end": ev + len(evidence), "score": 0.8}],
        "quotes": [],
        "issues": [],
    }


def _data() -> dict[str, Any]:
    return {
        "schema": "communique.check/1",
        "source": {"path": "statement.txt", "title": "Joint Statement", "paragraphs": []},
        "articles": [
            {
                "path": URL,
                "title": "Railway deal",
                "sentences": [
                    _sentence(
                        "The sides agreed to build a railway by 2028.",
                        "contradicted",
                        "The two sides agreed to build a railway by 2027.",
                    ),
                    _sentence("Officials hailed calm.", "supported", "They called for calm."),
                ],
                "covered_paragraphs": [],
                "omitted_paragraphs": [],
            }
        ],
    }


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "runs.db"
    store = Store(path)
    store.save_json(
        document_from_text(SOURCE, "statement.txt"),
        [document_from_text(ARTICLE, URL)],
        _data(),
        {},
        origins={URL: ArticleOrigin("Dawn", "2026-01-05")},
    )
    return path


def _conforms(node: Any, expected: list[str], where: str) -> None:
    """``node`` is a value schema.org allows for a property whose range is ``expected``."""
    if isinstance(node, list):
        for item in node:
            _conforms(item, expected, where)
        return
    if isinstance(node, dict):
        kind = node["@type"]
        assert kind in VOCABULARY, f"{where}: no vocabulary for {kind}"
        chain = [kind, *VOCABULARY[kind]["supertypes"]]
        assert set(chain) & set(expected) or "Thing" in expected, f"{where}: {kind} is not one of {expected}"
        allowed = VOCABULARY[kind]["properties"]
        for key, value in node.items():
            if key.startswith("@"):
                continue
            assert key in allowed, f"{where}: schema.org's {kind} has no property {key!r}"
            _conforms(value, allowed[key], f"{where}.{key}")
        return
    if isinstance(node, bool):
        assert "Boolean" in expected, where
    elif isinstance(node, int | float):
        assert {"Number", "Text"} & set(expected), f"{where}: a number where {expected} is expected"
    else:
        assert isinstance(node, str), where
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", node) and {"Date", "DateTime"} & set(expected):
            return
        assert {"Text", "URL", "Date", "DateTime"} & set(expected), (
            f"{where}: text where {expected} is expected"
        )


def _valid_claim_review(review: dict[str, Any]) -> None:
    """schema.org's vocabulary, and what Google requires of a ClaimReview (developers.google.com/search/
    docs/appearance/structured-data/factcheck): claimReviewed, reviewRating with alternateName (and a
    ratingValue between worstRating and bestRating), url, author with a name; itemReviewed a Claim with
    an author; dates in ISO 8601."""
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    _conforms(review, ["ClaimReview"], "ClaimReview")
    assert review["claimReviewed"].strip()
    rating = review["reviewRating"]
    assert rating["alternateName"] and rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert re.match(r"https?://[^/]+/", review.get("url", "")), "a ClaimReview needs its url"
    assert review["author"]["name"]
    assert review["itemReviewed"]["@type"] == "Claim" and review["itemReviewed"]["author"]["name"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])


def test_claim_review_is_valid_and_names_the_outlet_and_the_publisher(db: Path) -> None:
    store = Store(db)
    day, articles = run_articles(store, 1)
    reviews = claim_reviews(
        _data(),
        author="Desk Checks",
        url="https://checks.example/",
        outlets=articles,
        run_id=1,
        published=day,
    )
    (review,) = reviews  # the supported sentence is not reviewed
    _valid_claim_review(review)
    assert review["url"] == "https://checks.example/runs/1?show=all#a0s0"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Desk Checks",
        "url": "https://checks.example",
    }
    claim = review["itemReviewed"]
    assert claim["author"]["name"] == "Dawn" and claim["datePublished"] == "2026-01-05"
    assert claim["appearance"][0] == {**claim["appearance"][0], "url": URL, "name": "Railway deal"}


def test_a_review_without_a_stored_outlet_names_the_urls_site() -> None:
    (review,) = claim_reviews(_data(), url="https://checks.example", run_id=3)
    _valid_claim_review(review)
    assert review["itemReviewed"]["author"]["name"] == "dawn.com"


def test_the_validator_catches_what_schema_org_does_not_allow() -> None:
    (review,) = claim_reviews(_data(), url="https://checks.example", run_id=3)
    with pytest.raises(AssertionError, match="no property"):
        _valid_claim_review({**review, "verdict": "contradicted"})
    with pytest.raises(AssertionError):
        _valid_claim_review({k: v for k, v in review.items() if k != "url"})


def test_csv_carries_the_evidence_words() -> None:
    rows = list(csv.DictReader(io.StringIO(findings_csv(_data(), SOURCE))))
    assert rows[0]["evidence"] == "17-65"
    assert rows[0]["evidence_text"] == "The two sides agreed to build a railway by 2027."
    assert rows[1]["evidence_text"] == "They called for calm."


def test_csv_carries_each_flags_confidence_blank_where_none() -> None:
    data = _data()
    data["articles"][0]["sentences"][0]["confidence"] = 0.896  # the flag; the supported claim has none
    rows = list(csv.DictReader(io.StringIO(findings_csv(data, SOURCE))))
    assert list(rows[0])[6:8] == ["score", "confidence"]
    assert [r["confidence"] for r in rows] == ["0.896", ""]


def _runs(db: Path) -> int:
    with Store(db).session() as s:
        from communique.store import CheckRunRow

        return s.query(CheckRunRow).count()


@pytest.mark.parametrize("fmt", ["csv", "claimreview", "html", "json"])
def test_runs_export_never_checks_again(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"run.{fmt}"
    r = CliRunner().invoke(app, ["runs", "export", "1", "--format", fmt, "-o", str(out), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert _runs(db) == 1
    body = out.read_text(encoding="utf-8")
    expected = {
        "csv": "The two sides agreed to build a railway by 2027.",
        "claimreview": '"name": "Dawn"',
        "html": "<h1>Joint Statement</h1>",
        "json": '"schema": "communique.check/1"',
    }
    assert expected[fmt] in body


def test_runs_export_of_a_missing_run_says_so(db: Path) -> None:
    r = CliRunner().invoke(app, ["runs", "export", "7", "--db", str(db)])
    assert r.exit_code != 0 and "no check run with id 7" in r.output


def test_export_links_on_the_report_page(db: Path) -> None:
    client = TestClient(create_app(Options(progress=False, author="Desk Checks"), store=Store(db)))
    page = client.get("/runs/1").text
    for fmt in ("csv", "claimreview", "html", "json"):
        assert f'href="/runs/1/export/{fmt}"' in page
    r = client.get("/runs/1/export/claimreview")
    assert r.headers["content-disposition"] == 'attachment; filename="communique-run-1.claimreview.json"'
    (review,) = r.json()
    _valid_claim_review(review)
    assert (
        review["url"] == "http://testserver/runs/1?show=all#a0s0"
        and review["author"]["name"] == "Desk Checks"
    )
    assert "evidence_text" in client.get("/runs/1/export/csv").text
    assert client.get("/runs/1/export/pdf").status_code == 404
    assert _runs(db) == 1


def test_export_run_refuses_an_unknown_format() -> None:
    from communique.errors import InputError

    with pytest.raises(InputError, match="csv, claimreview, html, json"):
        export_run(_data(), SOURCE, "xml")


def test_runs_show_gives_the_flagged_claims_and_json_on_request(db: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["runs", "show", "1", "--db", str(db)], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "Flagged claims" in shown.output and "contradicted" in shown.output
    assert "2028" in shown.output and "Officials" not in shown.output
    raw = runner.invoke(app, ["runs", "show", "1", "--format", "json", "--db", str(db)])
    assert json.loads(raw.stdout)["schema"] == "communique.check/1"
    listed = runner.invoke(app, ["runs", "list", "--db", str(db)], terminal_width=200)
    row = next(line for line in listed.output.splitlines() if "Joint Statement" in line)
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d", row) and [
        c.strip() for c in row.split("│")[-4:-1]
    ] == ["1", "2", "1"]
