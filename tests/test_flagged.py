"""Flagged claims across runs and outlets (store.flagged and the /flagged page): filters, search, sort,
pages, permanent links, highlighted issue words, human dates. Runs are stored from contract JSON written
here, so no model is loaded."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from communique.errors import InputError
from communique.ingest import document_from_text
from communique.report.html import human_date, issue_marks
from communique.settings import Options
from communique.store import ArticleOrigin, Store
from communique.store.flagged import FlaggedQuery, flagged_claims, run_counts
from communique.web import create_app

SOURCE = "Joint Statement\n\nThe two sides agreed to build a railway by 2027. They called for calm.\n"


def _sentence(
    text: str,
    body: str,
    verdict: str | None,
    issues: list[dict[str, Any]] = (),  # type: ignore[assignment]
    confidence: float | None = None,
) -> dict[str, Any]:
    start = body.index(text)
    sentence = {
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": "claim" if verdict else "heading",
        "verdict": verdict,
        "explanation": f"because {verdict}" if verdict else None,
        "evidence": [],
        "quotes": [],
        "issues": list(issues),
    }
    if confidence is not None:  # as the check JSON gives it: only where the checker computed one
        sentence["confidence"] = confidence
    return sentence


def _store_run(
    store: Store,
    name: str,
    body: str,
    sentences: list[tuple[Any, ...]],
    outlet: str | None,
    day: str,
    source: str = SOURCE,
) -> int:
    src = document_from_text(source, "statement.txt")
    art = document_from_text(body, name)
    data = {
        "schema": "communique.check/1",
        "source": {"path": "statement.txt", "title": source.splitlines()[0], "paragraphs": []},
        "articles": [
            {
                "path": name,
                "title": body.splitlines()[0],
                "sentences": [_sentence(t, body, *rest) for t, *rest in sentences],
                "covered_paragraphs": [],
                "omitted_paragraphs": [],
            }
        ],
    }
    return store.save_json(src, [art], data, {}, origins={name: ArticleOrigin(outlet, day)})


@pytest.fixture()
def store() -> Store:
    s = Store(":memory:")
    dawn = "Railway deal\n\nThe sides agreed to build a railway by 2028. They demanded calm.\n"
    _store_run(
        s,
        "dawn.txt",
        dawn,
        [
            ("Railway deal", None, []),
            (
                "The sides agreed to build a railway by 2028.",
                "contradicted",
                [
                    {
                        "type": "number_mismatch",
                        "text": "2028",
                        "detail": "source: 2027",
                        "start": dawn.index("2028"),
                        "end": dawn.index("2028") + 4,
                    }
                ],
                0.896,
            ),
            (
                "They demanded calm.",
                "partial",
                [{"type": "modality_changed", "text": "demanded", "detail": ""}],
                0.545,
            ),
        ],
        "Dawn.com",
        "2026-01-05",
    )
    wire = "Talks\n\nThe two sides agreed to build a railway by 2027. Officials hailed a “historic deal”.\n"
    _store_run(
        s,
        "wire.txt",
        wire,
        [
            ("The two sides agreed to build a railway by 2027.", "supported", []),
            (
                "Officials hailed a “historic deal”.",
                "misquote",
                [{"type": "quote_altered", "text": "historic deal", "detail": ""}],
            ),
        ],
        None,
        "2026-01-07",
    )
    return s


def _texts(page: Any) -> list[str]:
    return [c.text for c in page.claims]


def test_every_flagged_claim_once_with_filters(store: Store) -> None:
    everything = flagged_claims(store, FlaggedQuery())
    assert everything.total == 3 and all(c.verdict != "supported" for c in everything.claims)
    assert _texts(everything)[0] == "Officials hailed a “historic deal”."  # newest publication first
    assert _texts(flagged_claims(store, FlaggedQuery(verdicts=("misquote",)))) == [
        "Officials hailed a “historic deal”."
    ]
    assert flagged_claims(store, FlaggedQuery(outlet="dawn.com")).total == 2  # any case
    assert flagged_claims(store, FlaggedQuery(outlet="(unknown)")).total == 1
    assert _texts(flagged_claims(store, FlaggedQuery(issue="number_mismatch"))) == [
        "The sides agreed to build a railway by 2028."
    ]
    assert flagged_claims(store, FlaggedQuery(q="DEMANDED")).total == 1
    assert flagged_claims(store, FlaggedQuery(q="because misquote")).total == 1  # the reason is searched too
    assert flagged_claims(store, FlaggedQuery(q="100%")).total == 0  # LIKE wildcards are literal
    assert flagged_claims(store, FlaggedQuery(since="2026-01-06")).total == 1
    assert flagged_claims(store, FlaggedQuery(until="2026-01-05")).total == 2


def test_sort_and_pages(store: Store) -> None:
    by_verdict = flagged_claims(store, FlaggedQuery(sort="verdict"))
    assert [c.verdict for c in by_verdict.claims] == sorted(c.verdict for c in by_verdict.claims)
    first = flagged_claims(store, FlaggedQuery(sort="outlet", per_page=2))
    second = flagged_claims(store, FlaggedQuery(sort="outlet", per_page=2, page=2))
    assert first.pages == 2 and first.total == 3
    assert {c.id for c in first.claims}.isdisjoint(c.id for c in second.claims)
    assert [c.outlet for c in first.claims + second.claims] == ["(unknown)", "Dawn.com", "Dawn.com"]


def test_an_article_checked_again_counts_as_its_latest_run(store: Store) -> None:
    body = "Railway deal\n\nThe sides agreed to build a railway by 2028. They demanded calm.\n"
    _store_run(store, "dawn.txt", body, [("They demanded calm.", "partial", [])], "Dawn.com", "2026-01-05")
    assert flagged_claims(store, FlaggedQuery(outlet="Dawn.com")).total == 1


@pytest.mark.parametrize(
    "query",
    [
        FlaggedQuery(verdicts=("supported",)),
        FlaggedQuery(since="Jan 5"),
        FlaggedQuery(sort="length"),
        FlaggedQuery(page=0),
        FlaggedQuery(issue="a b"),
        FlaggedQuery(min_confidence=1.5),
        FlaggedQuery(min_confidence=-0.1),
        FlaggedQuery(min_confidence=float("nan")),
    ],
)
def test_bad_queries_are_refused_with_a_reason(store: Store, query: FlaggedQuery) -> None:
    with pytest.raises(InputError):
        flagged_claims(store, query)


def _with_a_claim_at(store: Store, confidence: float) -> None:
    """One more article whose one flagged claim has exactly this confidence."""
    body = "Rail\n\nThe railway will open in 2027, officials said.\n"
    _store_run(
        store,
        "post.txt",
        body,
        [("The railway will open in 2027, officials said.", "unsupported", [], confidence)],
        "Post",
        "2026-01-06",
    )


def test_a_minimum_confidence_keeps_the_surer_flags_and_leaves_out_those_without_one(store: Store) -> None:
    _with_a_claim_at(store, 0.6)
    everything = flagged_claims(store, FlaggedQuery())
    assert sorted((c.confidence or -1) for c in everything.claims) == [-1, 0.545, 0.6, 0.896]
    sure = flagged_claims(store, FlaggedQuery(min_confidence=0.6))
    assert sure.total == 2 and {c.confidence for c in sure.claims} == {0.896, 0.6}  # 0.6 itself is kept
    assert flagged_claims(store, FlaggedQuery(min_confidence=0.0)).total == 3  # the one without is not
    assert flagged_claims(store, FlaggedQuery(min_confidence=0.9)).total == 0
    # with the other filters, and where the issue filter reads the rows itself
    assert _texts(flagged_claims(store, FlaggedQuery(min_confidence=0.5, outlet="dawn.com", q="calm"))) == [
        "They demanded calm."
    ]
    assert flagged_claims(store, FlaggedQuery(min_confidence=0.9, issue="number_mismatch")).total == 0
    assert flagged_claims(store, FlaggedQuery(min_confidence=0.8, issue="number_mismatch")).total == 1


def test_sort_by_confidence_puts_claims_without_one_last_both_ways(store: Store) -> None:
    _with_a_claim_at(store, 0.6)
    down = flagged_claims(store, FlaggedQuery(sort="-confidence"))
    up = flagged_claims(store, FlaggedQuery(sort="confidence"))
    assert [c.confidence for c in down.claims] == [0.896, 0.6, 0.545, None]
    assert [c.confidence for c in up.claims] == [0.545, 0.6, 0.896, None]
    paged = flagged_claims(store, FlaggedQuery(sort="-confidence", per_page=3, page=2))
    assert [c.confidence for c in paged.claims] == [None]


def test_run_counts(store: Store) -> None:
    counts = run_counts(store, [1, 2])
    assert counts[1] == {"articles": 1, "claims": 2, "flagged": 2}
    assert counts[2] == {"articles": 1, "claims": 2, "flagged": 1}


def test_issue_words_are_marked_by_span_or_by_their_words() -> None:
    s = {
        "text": "They agreed to build 12 km by 2028.",
        "start": 100,
        "issues": [
            {"type": "number_mismatch", "text": "2028", "start": 130, "end": 134},
            {"type": "modality_changed", "text": "AGREED"},
            {"type": "added_content", "text": "words not here"},
        ],
    }
    pieces = issue_marks(s)
    assert "".join(p for p, _ in pieces) == s["text"]
    assert ("2028", "number_mismatch") in pieces and ("agreed", "modality_changed") in pieces
    assert ("urged", "modality_changed") in issue_marks(
        {"text": "They urged calm.", "issues": [{"type": "modality_changed", "text": "urge"}]}
    )
    assert issue_marks({"text": "They resurged.", "issues": [{"type": "x", "text": "urge"}]}) == [
        ("They resurged.", "")
    ]
    assert issue_marks({"text": "Plain.", "start": 0, "issues": []}) == [("Plain.", "")]


def test_human_dates() -> None:
    assert human_date("2026-12-05T18:20:17.177795") == "5 Dec 2026, 18:20"
    assert human_date("2026-01-04") == "4 Jan 2026"
    assert human_date(None) == "" and human_date("sometime") == "sometime"


def test_the_flagged_page_keeps_its_filters_in_the_url(store: Store) -> None:
    client = TestClient(create_app(Options(progress=False), store=store))
    page = client.get("/flagged?verdict=contradicted&outlet=Dawn.com")
    assert page.status_code == 200
    assert "1 flagged claim " in page.text and "by <mark" in page.text
    assert '<mark class="issue" title="number_mismatch">2028</mark>' in page.text
    assert "<option selected>contradicted</option>" in page.text and "5 Jan 2026" in page.text
    assert 'href="/flagged?outlet=Dawn.com&amp;verdict=contradicted&amp;sort=-verdict"' in page.text
    finding = page.text.split('href="/findings/')[1].split('"')[0]
    r = client.get(f"/findings/{finding}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/runs/1?show=all#a0s1"
    assert 'id="a0s1"' in client.get(r.headers["location"]).text
    assert client.get("/findings/9999").status_code == 404
    bad = client.get("/flagged?since=yesterday")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    assert "No flagged claim matches." in client.get("/flagged?q=nothing+like+this").text


def test_the_flagged_page_filters_and_sorts_by_confidence_in_the_url(store: Store) -> None:
    _with_a_claim_at(store, 0.6)
    client = TestClient(create_app(Options(progress=False), store=store))
    page = client.get("/flagged?min_confidence=0.6")
    assert page.status_code == 200 and "2 flagged claims " in page.text
    assert '<td class="confidence">0.90</td>' in page.text and '<td class="confidence">0.60</td>' in page.text
    assert "0.55" not in page.text and "historic deal" not in page.text  # below, and without one
    assert 'name="min_confidence" min="0" max="1" step="0.05" value="0.6"' in page.text
    # every link of the view keeps the minimum: sorting, the outlet, the pages
    assert 'href="/flagged?min_confidence=0.6&amp;sort=-confidence"' in page.text
    assert 'href="/flagged?min_confidence=0.6&amp;outlet=Dawn.com"' in page.text
    down = client.get("/flagged?min_confidence=0.6&sort=-confidence").text
    assert down.index("0.90</td>") < down.index("0.60</td>")
    assert 'href="/flagged?min_confidence=0.6&amp;sort=confidence"' in down  # the header now reverses
    paged = client.get("/flagged?min_confidence=0.5&per_page=1&sort=confidence").text
    assert (
        'href="/flagged?min_confidence=0.5&amp;sort=confidence&amp;page=2&amp;per_page=1" rel="next"' in paged
    )
    everything = client.get("/flagged?min_confidence=").text  # blank, as the empty form sends it: no filter
    assert (
        "4 flagged claims " in everything
        and '<span class="small" title="not stored for this claim">—</span>' in everything
    )
    for bad in ("abc", "1.5", "-0.1", "nan", "inf", "60%"):
        r = client.get(f"/flagged?min_confidence={bad}")
        assert r.status_code == 400 and "min_confidence must be a number from 0 to 1" in r.text, bad


def test_the_report_shows_each_flags_confidence(store: Store) -> None:
    client = TestClient(create_app(Options(progress=False), store=store))
    report = client.get("/runs/1").text
    assert report.count('class="small confidence"') == 2
    assert ">0.90</span>" in report and ">0.55</span>" in report  # 0.545, shown as the page's columns show it
    assert 'class="small confidence"' not in client.get("/runs/2").text  # the misquote has none stored
    assert 'class="small confidence"' not in client.get("/runs/2?show=all").text  # nor the supported claim


def test_the_home_page_counts_each_run_with_human_dates(store: Store) -> None:
    page = TestClient(create_app(Options(progress=False), store=store)).get("/").text
    assert '<td>1</td><td>2</td><td><a href="/runs/1">2</a></td>' in page.replace("\n      ", "")
    assert "T" not in page.split('UTC">')[1][:20]


def test_the_report_opens_on_flagged_claims_with_a_switch_to_all(store: Store) -> None:
    client = TestClient(create_app(Options(progress=False), store=store))
    flagged = client.get("/runs/1").text
    assert (
        'title="modality_changed">demanded</mark> calm.' in flagged and 'class="sent heading"' not in flagged
    )
    assert 'href="/runs/1?show=all"' in flagged and "<strong>flagged claims</strong>" in flagged
    everything = client.get("/runs/1?show=all").text
    assert 'class="sent heading"' in everything and 'href="/runs/1?show=all#a0s2"' in everything
    assert client.get("/runs/1?show=some").status_code == 400


def test_a_passage_cut_inside_a_word_is_marked_as_cut() -> None:
    from communique.report.html import passage

    text = "The two sides agreed to build a railway."
    assert passage(text, 4, 20) == "two sides agreed"
    assert passage(text, 6, 18) == "…o sides agre…"
    assert passage(text, 0, len(text)) == text


def test_the_report_says_what_an_omitted_paragraph_is_and_when_a_passage_is_too_weak(store: Store) -> None:
    from communique.report.html import render_report

    data, text = store.run_with_source(1)
    data = {
        **data,
        "source": {
            **data["source"],
            "paragraphs": [{"index": 0, "start": 0, "end": 15}, {"index": 1, "start": 17, "end": len(text)}],
        },
    }
    art = data["articles"][0]
    sentence = {
        **art["sentences"][2],
        "verdict": "unsupported",
        "evidence": [{"start": 17, "end": 30, "score": 0.54}],
    }
    data["articles"] = [{**art, "sentences": [sentence], "omitted_paragraphs": [1]}]
    page = render_report(data, text)
    assert '<a href="#p1" title="The two sides agreed' in page and 'id="p1"' in page
    assert "too weak a match to count as support" in page
