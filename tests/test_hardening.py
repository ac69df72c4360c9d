"""Bounded work and hostile requests: each test is a case that once failed (unbounded reads, quadratic
segmentation, chunked bodies past the cap, id overflow, spreadsheet formulas, two error shapes, a blocked
event loop, anonymous heavy work, repeated writes, DNS rebinding)."""

from __future__ import annotations

import csv
import functools
import html
import io
import itertools
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from communique.errors import FetchError, InputError
from communique.ingest import document_from_text, read_document
from communique.ingest.fetch import fetch
from communique.report.exports import findings_csv, safe_cell
from communique.segment import MAX_UNIT_CHARS, Limits, parse_units, segment
from communique.settings import Options
from communique.store import Store
from communique.web import create_app
from communique.web.deps import RateLimiter

SOURCE = "Joint Statement\n\nThe two sides agreed to build a new railway by 2027.\n"
BENCH = Path(__file__).resolve().parent.parent / "bench"


@functools.cache
def _bench() -> Any:
    """``bench/scale_input.py``, whose ``hostile_inputs`` are the inputs that once got through."""
    import importlib.util
    import sys

    sys.path.insert(0, str(BENCH))  # for its ``_common``
    spec = importlib.util.spec_from_file_location("scale_input", BENCH / "scale_input.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARTICLE = "The two countries agreed to build a new railway by 2027.\n"
HUGE_ID = "99999999999999999999999"


# --- bounded input ------------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_read_only_up_to_the_cap() -> None:
    with pytest.raises(InputError, match="larger than the"):
        read_document("/dev/zero", max_bytes=100_000)  # stopped at the cap instead of reading forever


def test_a_fifo_reports_no_size_and_is_capped(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        with open(fifo, "wb") as fh:
            try:
                for _ in range(100):
                    fh.write(b"word " * 2000)
            except BrokenPipeError:
                pass

    t = threading.Thread(target=writer)
    t.start()
    with pytest.raises(InputError, match="larger than the"):
        read_document(fifo, max_bytes=50_000)
    t.join(timeout=10)


def test_an_html_page_of_too_many_elements_is_refused_before_extraction() -> None:
    from communique.ingest import document_from_bytes

    page = "<html><body>" + "<p>Short line.</p>" * 70_000 + "</body></html>"
    with pytest.raises(InputError, match="HTML elements is more than the limit"):
        document_from_bytes(page.encode(), "many.html")  # refused by counting, before extraction


class _NoParse:
    """An nlp that fails if called: limits must be checked before any parsing."""

    def pipe(self, texts: Any) -> Any:
        raise AssertionError("parsed a document that is over the limits")


def test_too_many_paragraphs_is_refused_before_parsing() -> None:
    doc = document_from_text("\n\n".join(f"Line {i}." for i in range(600)), "many.txt")
    with pytest.raises(InputError, match="600 paragraphs is more than the limit of 500"):
        segment(doc, _NoParse(), Limits(paragraphs=500, sentences=10_000))


def test_too_many_sentences_is_refused_before_parsing() -> None:
    doc = document_from_text(" ".join("The sides met." for _ in range(3000)), "one.txt")
    with pytest.raises(InputError, match="sentences is more than the limit of 2,000"):
        segment(doc, _NoParse(), Limits(paragraphs=500, sentences=2000))


def _blank_nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


class _Recording:
    def __init__(self, nlp: Any) -> None:
        self.nlp, self.lengths = nlp, []

    def pipe(self, texts: Any) -> Any:
        texts = list(texts)
        self.lengths += [len(t) for t in texts]
        return self.nlp.pipe(texts)


def test_one_huge_paragraph_is_parsed_in_bounded_pieces() -> None:
    """A paragraph of many sentences is parsed in pieces cut at sentence ends, so the work per sentence
    does not grow with the paragraph (the pieces' spans are copied from docs of bounded length)."""
    text = " ".join(f"Mr. Li said the {i}th meeting of the sides was held in May." for i in range(400))
    rec = _Recording(_blank_nlp())
    seg = segment(document_from_text(text, "p.txt"), rec, Limits())
    assert max(rec.lengths) <= MAX_UNIT_CHARS
    assert len(seg.sentences) == 400  # never cut after "Mr."
    assert all(s.text.startswith("Mr. Li said") for s in seg.sentences)
    assert all(text[s.start : s.end] == s.text for s in seg.sentences)


def test_parse_units_cover_the_line_in_order() -> None:
    from communique.segment import _Line

    text = ("A sentence that goes on. " * 400) + "x" * (MAX_UNIT_CHARS * 2)  # an unbroken run at the end
    units = parse_units(text, _Line(0, len(text), []))
    assert units[0][0] == 0 and units[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(units))
    assert all(e > s for s, e in units)


# --- exports ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", " =1", "＝1"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert safe_cell(cell).startswith("'")


def test_findings_csv_cells_never_start_a_formula() -> None:
    data = {
        "articles": [
            {
                "path": "=cmd|' /C calc'!A0",
                "sentences": [
                    {"start": 0, "end": 5, "kind": "claim", "verdict": "supported", "text": "@SUM(1+1)*cmd"}
                ],
            }
        ]
    }
    rows = list(csv.reader(io.StringIO(findings_csv(data))))
    assert rows[1][0] == "'=cmd|' /C calc'!A0" and rows[1][-1] == "'@SUM(1+1)*cmd"
    assert rows[1][1] == "0"  # numbers stay numbers


# --- the web app ------------------------------------------------------------------------------------------


@pytest.fixture()
def store() -> Store:
    return Store(":memory:")


@pytest.fixture()
def token(store: Store) -> str:
    return store.create_token("tests")


def _client(store: Store, checker: Any = None, **options: Any) -> TestClient:
    app = create_app(Options(progress=False, **options), store=store)
    if checker is not None:
        app.state.communique._checker = checker
    return TestClient(app)


def test_a_chunked_body_is_cut_off_at_the_cap(store: Store, token: str) -> None:
    c = _client(store, max_bytes=1000)  # cap: 4 x 1000 + 100 kB

    def chunks() -> Any:
        for _ in range(200):
            yield b"x" * 10_000

    r = c.post(
        "/api/v1/check",
        content=chunks(),  # no Content-Length: sent with Transfer-Encoding: chunked
        headers={"content-type": "application/json", "Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 413 and r.json() == {"error": "request body over 0 MB"}


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/runs/{HUGE_ID}",
        f"/api/v1/runs/{HUGE_ID}/findings.csv",
        f"/api/v1/runs/{HUGE_ID}/claimreview",
        f"/api/v1/ledger/commitments/{HUGE_ID}",
        f"/runs/{HUGE_ID}",
        f"/runs/{HUGE_ID}/statement",
        f"/runs/{HUGE_ID}/articles/0/sentences",
        "/api/v1/runs/-1",
        "/api/v1/runs/0",
    ],
)
def test_out_of_range_ids_are_not_found(store: Store, path: str) -> None:
    r = _client(store).get(path)
    assert r.status_code == 404
    if path.startswith("/api/"):
        assert "error" in r.json()


def test_out_of_range_evidence_target_is_not_found(store: Store, token: str) -> None:
    r = _client(store).post(
        f"/api/v1/ledger/commitments/{HUGE_ID}/evidence",
        json={"score": 1},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 404 and "no commitment" in r.json()["error"]


def test_every_error_has_one_shape(store: Store, token: str) -> None:
    c = _client(store)
    r = c.post("/api/v1/check", json={})
    assert r.status_code == 401 and set(r.json()) == {"error"}
    assert r.headers["www-authenticate"] == "Bearer"
    r = c.post("/api/v1/check", json={"source": {}}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 422 and set(r.json()) == {"error"} and "articles" in r.json()["error"]
    r = c.get("/api/v1/runs/not-a-number")
    assert r.status_code == 422 and set(r.json()) == {"error"}
    assert set(c.get("/api/v1/nowhere").json()) == {"error"}


def test_heavy_endpoints_are_never_anonymous(store: Store) -> None:
    c = _client(store)
    for path, body in [
        ("/api/v1/check", {"source": {"text": SOURCE}, "articles": [{"text": ARTICLE}]}),
        ("/api/v1/analyze", {"text": SOURCE}),
        ("/api/v1/diff", {"old": {"url": "http://example.org/"}, "new": {"text": SOURCE}}),
    ]:
        assert c.post(path, json=body).status_code == 401, path
    assert c.post("/diff", data={"old_text": SOURCE, "new_text": SOURCE}).status_code == 401


def test_rate_limit_per_token_and_address(store: Store, token: str, checker: Any) -> None:
    c = _client(store, checker, rate_limit=2)
    auth = {"Authorization": f"Bearer {token}"}
    for _ in range(2):
        assert c.post("/api/v1/analyze", json={"text": SOURCE}, headers=auth).status_code == 200
    r = c.post("/api/v1/analyze", json={"text": SOURCE}, headers=auth)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and "error" in r.json()
    other = store.create_token("other")  # a new token from the same address is still limited
    r = c.post("/api/v1/analyze", json={"text": SOURCE}, headers={"Authorization": f"Bearer {other}"})
    assert r.status_code == 429
    assert c.get("/api/v1/health").status_code == 200  # reads are not counted


def test_rate_limiter_window() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.take(["a"]) is None and limiter.take(["a"]) is None
    wait = limiter.take(["a"])
    assert wait is not None and 59 <= wait <= 60
    assert limiter.take(["b"]) is None  # another key has its own budget
    now[0] = 60.5
    assert limiter.take(["a"]) is None


def test_the_form_check_does_not_block_other_requests(store: Store, token: str) -> None:
    c = _client(store)
    st = c.app.state.communique  # type: ignore[attr-defined]
    entered, release = threading.Event(), threading.Event()

    def slow_check(source: Any, articles: Any, idempotency: Any = None) -> tuple[int, dict[str, Any]]:
        entered.set()
        release.wait(timeout=5)
        raise InputError("stopped by the test")

    st.check = slow_check
    t = threading.Thread(
        target=lambda: c.post("/check", data={"token": token, "source_text": SOURCE, "article_text": ARTICLE})
    )
    t.start()
    try:
        assert entered.wait(timeout=10)
        assert c.get("/api/v1/health").status_code == 200
        assert t.is_alive()  # the health answer came while the check was still running
    finally:
        release.set()
        t.join(timeout=10)


def test_idempotency_key_stores_a_run_once(store: Store, token: str, checker: Any) -> None:
    c = _client(store, checker)
    body = {"source": {"text": SOURCE}, "articles": [{"text": ARTICLE}]}
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-1"}
    first = c.post("/api/v1/check", json=body, headers=headers)
    again = c.post("/api/v1/check", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["run_id"] == again.json()["run_id"]
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert len(store.runs(10)) == 1
    changed = {"source": {"text": SOURCE}, "articles": [{"text": ARTICLE + " More."}]}
    r = c.post("/api/v1/check", json=changed, headers=headers)
    assert r.status_code == 422 and "different request" in r.json()["error"]
    assert (
        c.post("/api/v1/check", json=body, headers={**headers, "Idempotency-Key": "has space"}).status_code
        == 400
    )
    # without a key, each request is a new run
    c.post("/api/v1/check", json=body, headers={"Authorization": f"Bearer {token}"})
    assert len(store.runs(10)) == 2


def test_concurrent_writes_with_one_key_store_one_run(tmp_path: Path, checker: Any) -> None:
    from communique.store import IdempotencyKey

    store = Store(tmp_path / "c.db")  # a file: writers on their own connections, as in a server
    result = checker.check(document_from_text(SOURCE, "s.txt"), [document_from_text(ARTICLE, "a.txt")])
    from communique.report import result_to_dict

    data = result_to_dict(result)
    key = IdempotencyKey("scope", "check", "k", "0" * 64)
    ids: list[int] = []
    threads = [
        threading.Thread(target=lambda: ids.append(store.save_check(result, data, Options(), key)))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1 and len(ids) == 6 and len(store.runs(10)) == 1


# --- fetching ---------------------------------------------------------------------------------------------


def test_fetch_connects_to_the_address_it_checked() -> None:
    """DNS rebinding: the name answers a public address to the check and a private one after. The
    request must go to the checked address (the name only in Host), never to a second lookup."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])
    calls: list[str] = []

    def resolver(host: str) -> list[str]:
        calls.append(host)
        return next(answers)

    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"]))
        return httpx.Response(200, text="The two sides met.")

    body, final = fetch(
        "http://rebind.example:8080/page", resolve=resolver, transport=httpx.MockTransport(handler)
    )
    assert seen == [("93.184.216.34", "rebind.example:8080")]
    assert calls == ["rebind.example"] and final == "http://rebind.example:8080/page"
    assert body == b"The two sides met."


def test_fetch_https_keeps_the_server_name_for_tls() -> None:
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.extensions.get("sni_hostname")))
        return httpx.Response(200, text="ok")

    fetch(
        "https://news.example/a",
        resolve=lambda h: ["2606:2800:220:1::1"],
        transport=httpx.MockTransport(handler),
    )
    assert seen == [("https://[2606:2800:220:1::1]/a", "news.example")]


def test_fetch_refuses_a_private_address_on_redirect() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://inside.example/"})

    def resolver(host: str) -> list[str]:
        return {"outside.example": ["93.184.216.34"], "inside.example": ["192.168.0.2"]}[host]

    with pytest.raises(FetchError, match="non-public"):
        fetch("http://outside.example/", resolve=resolver, transport=httpx.MockTransport(handler))


# --- second round: inputs and requests that still got through ------------------------------------------


def test_a_long_line_with_no_sentence_end_is_refused_by_its_tokens() -> None:
    """``'word ' * 1_000_000`` (5 MB, no punctuation) was estimated as one sentence, parsed for minutes
    and re-parsed whole (spaCy E088). The tokens the parser would see are counted first."""
    doc = document_from_text("word " * 1_000_000, "long.txt")
    with pytest.raises(InputError, match="more than 200,000 words and marks"):
        segment(doc, _NoParse(), Limits())


def test_the_token_count_is_what_the_tokenizer_sees() -> None:
    from communique.segment import estimated_tokens

    assert estimated_tokens("Mr. Li met (again) the U.N. chief, 3 times.") == 17
    assert estimated_tokens("word " * 50, stop=10) == 11  # counting stops past the limit


def test_a_run_with_no_sentence_end_is_estimated_in_bounded_pieces() -> None:
    from communique.segment import MAX_SENTENCE_CHARS, estimated_sentences

    text = "word " * 4000  # 20,000 characters, no punctuation, one line
    assert estimated_sentences(text, 1) == 1 + len(text) // MAX_SENTENCE_CHARS
    doc = document_from_text(text, "run.txt")
    with pytest.raises(InputError, match="about 11 sentences is more than the limit of 5"):
        segment(doc, _NoParse(), Limits(sentences=5))


def test_a_long_run_is_cut_into_bounded_sentences_and_never_parsed_whole() -> None:
    from communique.segment import MAX_SENTENCE_CHARS

    text = "word " * 3000 + "The sides met. " + "x" * 5000  # words, a sentence, one unbroken token
    rec = _Recording(_blank_nlp())
    seg = segment(document_from_text(text, "run.txt"), rec, Limits())
    assert max(rec.lengths) <= MAX_UNIT_CHARS  # no piece, and no re-parse across a cut, is longer
    assert max(len(s.text) for s in seg.sentences) <= MAX_SENTENCE_CHARS
    assert all(text[s.start : s.end] == s.text for s in seg.sentences)
    covered = "".join(s.text for s in seg.sentences)
    assert covered.replace(" ", "") == text.replace(" ", "")  # every character is in a sentence
    assert any(s.text.endswith("word The sides met.") for s in seg.sentences)  # the run's end is its own


def test_bounded_spans_cut_at_a_space_or_at_the_limit() -> None:
    from communique.segment import bounded_spans

    assert bounded_spans("aaaa bbbb cccc", 0, 14, limit=10) == [(0, 10), (10, 14)]
    assert bounded_spans("x" * 25, 0, 25, limit=10) == [(0, 10), (10, 20), (20, 25)]
    assert bounded_spans("short", 0, 5, limit=10) == [(0, 5)]


def test_parse_batches_are_cut_by_length() -> None:
    from communique.segment import BATCH_CHARS, _batches

    texts = ["x" * 3000] * 100 + ["y"] * 10
    batches = list(_batches(texts))
    assert [t for b in batches for t in b] == texts
    assert all(sum(map(len, b)) <= BATCH_CHARS for b in batches)


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("The sides will finish within 9999 years.", "2026-01-04"),
        ("The sides will finish within 99999999999999999999999 days.", "2026-01-04"),
        ("They meet again next year, on Monday.", "9999-12-31"),
        ("They met on Saturday.", "0001-01-01"),
        ("The plan runs to the end of this year.", "9999-12-31"),
    ],
)
def test_a_deadline_past_the_calendar_fixes_no_date(text: str, anchor: str) -> None:
    """``within 9999 years`` (or a statement dated 9999-12-31) raised OverflowError in ``deadline_of``."""
    import datetime as dt

    from communique.timex import dates, deadline_of

    day = dt.date.fromisoformat(anchor)
    found = deadline_of(text, day)
    assert found is None or found.date <= dt.date.max
    assert all(d.year is None or d.year >= 1 for d in dates(text, day))


def test_a_deadline_within_the_calendar_still_counts() -> None:
    import datetime as dt

    from communique.timex import deadline_of

    found = deadline_of("within 14 days", dt.date(2026, 1, 4))
    assert found is not None and found.iso == "2026-01-18"
    found = deadline_of("The plan runs to the end of this year.", dt.date(9999, 6, 1))
    assert found is not None and found.iso == "9999-12-31"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_library_add_stores_the_good_statements_around_a_bad_one(tmp_path: Path) -> None:
    """On [good, empty, good] the first was stored, the third never tried, and only an error shown."""
    from communique.library import Added, Library, Refused

    lib = Library(Store(":memory:"))
    files = [
        _write(tmp_path, "a.txt", "Joint Statement\n\nThe sides agreed to meet in 2027.\n"),
        _write(tmp_path, "b.txt", "  \n"),
        _write(tmp_path, "c.txt", "Joint Communique\n\nThe ministers agreed to trade more.\n"),
    ]
    done = list(lib.add_each(files))
    assert [type(x) for x in done] == [Added, Refused, Added]
    assert isinstance(done[1], Refused) and "empty" in done[1].error
    assert len(lib.entries()) == 2
    with pytest.raises(InputError, match="empty"):
        Library(Store(":memory:")).add(files)  # the strict form names the refusal after trying all


def test_library_add_keeps_the_document_limits(tmp_path: Path) -> None:
    from communique.library import Library, Refused

    lib = Library(Store(":memory:"), limits=Limits(paragraphs=3, sentences=100))
    big = _write(tmp_path, "big.txt", "\n\n".join(f"Paragraph {i}." for i in range(10)))
    (refused,) = lib.add_each([big])
    assert isinstance(refused, Refused) and "10 paragraphs is more than the limit of 3" in refused.error
    assert lib.entries() == []


def test_library_remove_takes_a_statement_out(tmp_path: Path) -> None:
    from communique.errors import NotFoundError
    from communique.library import Library

    lib = Library(Store(":memory:"))
    (added,) = lib.add([_write(tmp_path, "a.txt", "Joint Statement\n\nThe sides agreed.\n")])
    assert lib.remove(added.entry.id).sha256 == added.entry.sha256
    assert lib.entries() == []
    with pytest.raises(NotFoundError):
        lib.remove(added.entry.id)


def test_batch_records_a_statement_that_fails_to_check_and_goes_on() -> None:
    """A statement dated 9999-12-31 crashed every ``batch``: ``run_chunk`` caught only our own errors."""
    from communique import batch
    from communique.batch import ArticleInput, library_payload, run_chunk
    from communique.match import LibraryStatement, Match, MatchResult

    class Matcher:
        def match(self, text: str, published: Any, title: Any) -> MatchResult:
            if "unmatchable" in text:
                raise ValueError("a date no calendar holds")
            best = Match(1 if "railway" in text else 2, None, 1.0, 1.0, 1.0, 1.0, 1.0)
            return MatchResult((best,), best, "")

    class Checker:
        def check(self, source: Any, articles: Any, parties: Any = None) -> Any:
            if source.path == "bad.txt":
                raise OverflowError("date value out of range")
            raise InputError("stopped here: the good statement was checked")

    statements = (LibraryStatement(1, None, SOURCE), LibraryStatement(2, None, "Other statement."))
    docs = {1: document_from_text(SOURCE, "bad.txt"), 2: document_from_text("Other statement.", "good.txt")}
    payload = library_payload(statements, docs)
    options = Options(progress=False)
    batch._WORKER.update(key=(options, payload.key), checker=Checker(), matcher=Matcher())
    try:
        arts = [
            ArticleInput(document_from_text(t, f"a{i}.txt"))
            for i, t in enumerate([ARTICLE, "Trade grew.", "unmatchable"])
        ]
        out = run_chunk(options, payload, arts)
    finally:
        batch._WORKER.clear()
    errors = dict(out.errors)
    assert errors[0] == "statement 1: unexpected OverflowError: date value out of range"
    assert errors[1] == "statement 2: stopped here: the good statement was checked"
    assert errors[2] == "unexpected ValueError: a date no calendar holds"


def test_cli_library_add_reports_each_refusal_and_remove(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    db = str(tmp_path / "lib.db")
    files = [
        _write(tmp_path, "a.txt", "Joint Statement\n\nThe sides agreed to meet in 2027.\n"),
        _write(tmp_path, "b.txt", ""),
        _write(tmp_path, "c.txt", "Joint Communique\n\nThe ministers agreed to trade more.\n"),
    ]
    r = CliRunner().invoke(app, ["library", "add", *map(str, files), "--db", db])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "b.txt: the file is empty" in r.output and "2 added, 0 already there, 1 not added" in r.output
    r = CliRunner().invoke(app, ["library", "remove", "1", "--db", db])
    assert r.exit_code == 0 and "removed" in r.output
    r = CliRunner().invoke(app, ["library", "remove", "1", "--db", db])
    assert r.exit_code == 5 and "error:" in r.output


def _pdf_with_stream(raw_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``raw_mb`` MB: a small file."""
    return _bench().pdf_with_stream(raw_mb)


def test_a_pdf_decompression_bomb_is_one_clear_error_in_seconds() -> None:
    """A small PDF with a 300 MB stream: pypdf's LimitReachedError escaped as a traceback (a 500 on
    upload, a stopped batch). Here a 100 MB stream, past both caps."""
    import time

    from communique.ingest import document_from_bytes

    data = _pdf_with_stream(100)
    assert len(data) < 1_000_000
    started = time.perf_counter()
    with pytest.raises(InputError, match="decompresses past the size limit"):
        document_from_bytes(data, "bomb.pdf")
    assert time.perf_counter() - started < 5


def test_a_small_pdf_still_reads() -> None:
    from communique.ingest import document_from_bytes

    assert "The sides met." in document_from_bytes(_pdf_with_stream(1), "ok.pdf").text


def test_a_broken_pdf_gives_our_error_line_and_no_pypdf_warning(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    from communique.ingest import document_from_bytes

    broken = _pdf_with_stream(1)[:-200]  # no cross-reference table, no %%EOF: pypdf warns, then fails
    with pytest.raises(InputError, match=r"broken\.pdf: not a readable PDF"):
        document_from_bytes(broken, "broken.pdf")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    out, err = capfd.readouterr()
    assert "pypdf" not in out + err


def test_jsonl_paths_are_read_only_inside_the_files_folder(tmp_path: Path) -> None:
    """JSONL ``path`` rows read /etc/hostname and /proc/self/environ, and an outside article was checked."""
    import json
    import os

    from communique.batch import ArticleInput, BadInput, read_inputs

    inside = tmp_path / "in"
    inside.mkdir()
    _write(inside, "ok.txt", ARTICLE)
    outside = _write(tmp_path, "outside.txt", ARTICLE)
    os.symlink(outside, inside / "link.txt")
    rows = [{"path": "ok.txt"}, {"path": "/etc/hostname"}, {"path": "../outside.txt"}, {"path": "link.txt"}]
    rows.append({"path": "/proc/self/environ"})
    jsonl = inside / "rows.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    got = list(read_inputs([jsonl], 100_000))
    assert isinstance(got[0], ArticleInput)
    assert all(
        isinstance(g, BadInput) and "lies outside the folder of rows.jsonl" in g.error for g in got[1:]
    )


def test_an_endless_jsonl_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A JSONL file that is ``/dev/zero`` (one line with no end) raised MemoryError in ``batch``."""
    import io

    from communique.batch import _capped_lines

    class Zero(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: Any) -> int:
            b[:] = bytes(len(b))
            return len(b)

    with pytest.raises(InputError, match="goes on past"):
        next(_capped_lines(io.BufferedReader(Zero()), 1000))


def test_an_over_long_jsonl_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    import json

    from communique.batch import ArticleInput, BadInput, read_inputs

    jsonl = tmp_path / "rows.jsonl"
    long_row = json.dumps({"text": "x " * 3000})
    jsonl.write_text(long_row + "\n" + json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    first, second = read_inputs([jsonl], 5000)
    assert isinstance(first, BadInput) and first.path.endswith(":1") and "over the" in first.error
    assert isinstance(second, ArticleInput)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_jsonl_link_to_dev_zero_ends_with_one_error(tmp_path: Path) -> None:
    import os

    from communique.batch import BadInput, read_inputs

    os.symlink("/dev/zero", tmp_path / "zero.jsonl")
    (bad,) = read_inputs([tmp_path / "zero.jsonl"], 100_000)  # one error, then the read stops
    assert isinstance(bad, BadInput) and bad.path.endswith(":1") and "the rest of the file" in bad.error


def test_a_named_pipe_with_no_writer_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a FIFO that no one writes to blocked forever."""
    import os
    import time

    from communique import ingest

    monkeypatch.setattr(ingest, "PIPE_WAIT", 0.3)
    fifo = tmp_path / "nobody.txt"
    os.mkfifo(fifo)
    started = time.perf_counter()
    with pytest.raises(InputError, match="no data within"):
        read_document(fifo)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata): passed ``is_global``
        "2002:7f00:1::",  # 6to4 of 127.0.0.1: passed ``is_global``
        "2002:c0a8:1::1",  # 6to4 of 192.168.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a00:1",  # NAT64 local-use prefix
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::127.0.0.1",  # IPv4-compatible
        "fec0::1",  # site-local: passed ``is_global``
        "100.64.0.1",  # shared address space
        "192.0.0.170",  # NAT64 discovery
        "198.18.0.1",  # benchmarking
        "192.0.2.1",  # documentation
        "0.0.0.0",
        "255.255.255.255",
        "224.0.0.1",
        "::",
        "::1",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "2001:db8::1",
    ],
)
def test_special_purpose_addresses_are_refused(address: str) -> None:
    """NAT64 and 6to4 addresses that embed a private IPv4 address passed the public-address check."""
    import ipaddress

    from communique.ingest.fetch import check_public, is_public

    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(FetchError, match="non-public"):
        check_public("http://host.example/", lambda h: [address])
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(FetchError, match="non-public"):
        check_public(f"http://{host}/")  # an address literal is checked the same way


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "2606:2800:220:1::1", "64:ff9b::5db8:d822", "2002:5db8:d822::1", "::ffff:8.8.8.8"],
)
def test_public_addresses_and_their_ipv6_forms_are_allowed(address: str) -> None:
    import ipaddress

    from communique.ingest.fetch import is_public

    assert is_public(ipaddress.ip_address(address))


def test_utf32_with_a_bom_is_read_as_utf32() -> None:
    """UTF-32 with its byte-order mark was decoded as UTF-16 full of NULs, and checked."""
    from communique.ingest import document_from_bytes

    for codec in ("utf-32", "utf-32-be"):
        data = ("\ufeff" if codec.endswith("be") else "") + ARTICLE
        doc = document_from_bytes(data.encode(codec), "a.txt")
        assert doc.text.lstrip("\ufeff") == ARTICLE and doc.encoding == "utf-32"


def test_text_that_decodes_to_nul_characters_is_refused() -> None:
    from communique.ingest import document_from_bytes

    with pytest.raises(InputError, match="NUL characters"):
        document_from_bytes(("\ufeff" + ARTICLE + "\x00" * 3).encode("utf-16-le"), "a.txt")
    with pytest.raises(InputError, match="NUL characters"):
        document_from_bytes(ARTICLE.encode() * 400 + b"\x00tail", "late.txt")  # past the binary sniff


@pytest.mark.parametrize(
    ("text", "message"),
    [("The sides met.\x00", "NUL character"), ("The sides \ud800 met.", "lone surrogate at character 10")],
)
def test_text_no_document_holds_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        document_from_text(text, "pasted.txt")


def test_api_text_with_a_lone_surrogate_or_a_nul_is_refused(store: Store, token: str) -> None:
    """A lone surrogate in API text gave a 500; a NUL reached PostgreSQL (503 echoing the SQL)."""
    c = _client(store)
    auth = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
    for escaped, reason in (("\\ud800", "lone surrogate"), ("\\u0000", "NUL character")):
        body = '{"text": "The two sides agreed' + escaped + ' to build a railway."}'
        r = c.post("/api/v1/analyze", content=body.encode(), headers=auth)
        assert r.status_code == 422 and reason in r.json()["error"], r.text
        body = '{"source": {"text": "' + escaped + 'S."}, "articles": [{"text": "A."}]}'
        r = c.post("/api/v1/check", content=body.encode(), headers=auth)
        assert r.status_code == 422 and set(r.json()) == {"error"}, r.text
        body = '{"score": 1, "note": "' + escaped + '"}'
        r = c.post("/api/v1/ledger/commitments/1/evidence", content=body.encode(), headers=auth)
        assert r.status_code == 422 and set(r.json()) == {"error"}, r.text
    assert store.runs(10) == []


def test_store_errors_never_echo_the_statement_or_its_values() -> None:
    from sqlalchemy.exc import DataError, OperationalError

    from communique.errors import StoreError

    store = Store(":memory:")
    orig = ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    with pytest.raises(InputError) as refused, store.session():
        raise DataError("INSERT INTO documents (text) VALUES (%(text)s)", {"text": "secret"}, orig)
    assert "INSERT" not in str(refused.value) and "secret" not in str(refused.value)
    assert "cannot contain NUL" in str(refused.value)
    with pytest.raises(StoreError) as failed, store.session():
        raise OperationalError("SELECT secret FROM t", {}, Exception("disk I/O error\nDETAIL: x"))
    assert str(failed.value) == "database write failed: Exception: disk I/O error"
    with pytest.raises(InputError, match="lone surrogate"):
        store.create_token("\ud800")


def test_an_anonymous_api_write_is_refused_before_its_body_is_read(store: Store) -> None:
    """Four anonymous 75 MB JSON bodies grew the server by 470 MB before each got 401."""
    from communique.web import TokenFirst

    received: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        received.append("app")

    async def receive() -> Any:
        received.append("body")
        return {"type": "http.request", "body": b"{}", "more_body": False}

    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    import asyncio

    guard = TokenFirst(app, store.check_token)
    for headers in ([], [(b"authorization", b"Bearer not-a-token")]):
        scope = {"type": "http", "method": "POST", "path": "/api/v1/check", "headers": headers}
        asyncio.run(guard(scope, receive, send))
    assert received == []  # neither the body nor the app was touched
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert [m["status"] for m in starts] == [401, 401]
    assert all((b"x-content-type-options", b"nosniff") in m["headers"] for m in starts)
    token = store.create_token("t")
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/check",
        "headers": [(b"authorization", f"Bearer {token}".encode())],
    }
    asyncio.run(guard(scope, receive, send))
    assert received == ["app"]


def test_anonymous_writes_get_401_in_the_error_shape(store: Store) -> None:
    c = _client(store)
    r = c.post("/api/v1/check", content=b"{" + b" " * 100_000, headers={"content-type": "application/json"})
    assert r.status_code == 401 and r.json() == {
        "error": "a valid token is needed (communique token create NAME)"
    }
    assert r.headers["www-authenticate"] == "Bearer" and r.headers["referrer-policy"] == "no-referrer"
    assert c.post("/api/v1/ledger/commitments/1/evidence", json={"score": 1}).status_code == 401


def test_the_413_answer_carries_the_security_headers(store: Store, token: str) -> None:
    c = _client(store, max_bytes=1000)
    r = c.post("/api/v1/check", content=b"x" * 200_000, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 413 and "content-security-policy" in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


# --- the page forms: the token is their first field, decided before the rest of the body is read -------

BOUNDARY = "cqTestBoundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
URLENCODED = "application/x-www-form-urlencoded"


def _multipart(*fields: tuple[str, bytes, str | None]) -> bytes:
    """A multipart body of (name, value, filename) parts in this order."""
    out = b""
    for name, value, filename in fields:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode()
        out += (b"Content-Type: text/plain\r\n" if filename else b"") + b"\r\n" + value + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


def _post(
    app: Any, path: str, content_type: str, body: bytes, chunk: int = 1024, headers: tuple[Any, ...] = ()
) -> tuple[int, dict[bytes, bytes], str, int]:
    """POST ``body`` straight through ASGI in pieces of ``chunk`` bytes, as a server hands it on: the
    answer's status, headers and text, and how many bytes of the body the app pulled."""
    import asyncio

    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
    pulled, sent = 0, []

    async def receive() -> Any:
        nonlocal pulled
        if not pieces:
            await asyncio.Event().wait()  # the client waits for the answer
        piece = pieces.pop(0)
        pulled += len(piece)
        return {"type": "http.request", "body": piece, "more_body": bool(pieces)}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", content_type.encode()),
            (b"content-length", str(len(body)).encode()),
            *headers,
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()
    return start["status"], dict(start["headers"]), text, pulled


def _refused_page(status: int, headers: dict[bytes, bytes], text: str, message: str) -> bool:
    """The error page the form routes give for a bad token: 401, HTML, the message, the usual headers."""
    return (
        status == 401
        and headers[b"content-type"].startswith(b"text/html")
        and headers[b"www-authenticate"] == b"Bearer"
        and b"content-security-policy" in headers
        and headers[b"x-content-type-options"] == b"nosniff"
        and html.escape(message) in text
    )


def test_a_form_with_a_wrong_token_first_is_refused_before_the_rest_is_read(store: Store) -> None:
    """Every anonymous form post was parsed whole (files to disk, fields up to 1 MB) before its token was
    checked; now the first field decides, and the 3 MB file after it is never read."""
    from communique.web.deps import NEEDS_TOKEN

    app = create_app(Options(progress=False), store=store)
    body = _multipart(
        ("token", b"cq_wrong", None),
        ("source_text", SOURCE.encode(), None),
        ("article_files", b"x" * 3_000_000, "a.txt"),
    )
    status, headers, text, pulled = _post(app, "/check", MULTIPART, body)
    assert _refused_page(status, headers, text, NEEDS_TOKEN)
    assert pulled == 1024  # the first piece held the whole first field
    body = b"token=cq_wrong&old_text=" + b"x" * 2_000_000 + b"&new_text=y"
    status, headers, text, pulled = _post(app, "/diff", URLENCODED, body)
    assert _refused_page(status, headers, text, NEEDS_TOKEN) and pulled == 1024


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        # the token after a long field: refused once the peek is full, whatever comes later
        ("/check", MULTIPART, _multipart(("source_text", b"x" * 1_000_000, None), ("token", b"t", None))),
        ("/diff", URLENCODED, b"old_text=" + b"x" * 1_000_000 + b"&token=t"),
        # a "token" that does not end within the peek
        ("/diff", URLENCODED, b"token=" + b"x" * 1_000_000),
        ("/ledger/scan", MULTIPART, _multipart(("token", b"x" * 1_000_000, None))),
        # a file is not a token; a body that is not a form of its declared kind
        ("/ledger/scan", MULTIPART, _multipart(("token", b"t", "token.txt"), ("text", b"x" * 100_000, None))),
        ("/check", MULTIPART, b"x" * 100_000),
        ("/check", "multipart/form-data", _multipart(("token", b"t", None))),  # no boundary
    ],
    ids=[
        "token-second",
        "token-second-urlencoded",
        "endless-token",
        "endless-token-multipart",
        "file",
        "no-form",
        "no-boundary",
    ],
)
def test_a_form_whose_first_field_is_not_the_token_is_refused_within_the_peek(
    store: Store, token: str, path: str, content_type: str, body: bytes
) -> None:
    from communique.web import FORM_PEEK, TOKEN_FIRST

    app = create_app(Options(progress=False), store=store)
    body = body.replace(b'name="token"\r\n\r\nt\r\n', f'name="token"\r\n\r\n{token}\r\n'.encode())
    body = body.replace(b"&token=t", f"&token={token}".encode())
    status, headers, text, pulled = _post(app, path, content_type, body)
    assert _refused_page(status, headers, text, TOKEN_FIRST)
    assert pulled <= FORM_PEEK + 1024


def test_a_real_client_sending_the_token_last_is_told_to_send_it_first(store: Store, token: str) -> None:
    c = _client(store)
    for r in (
        c.post("/diff", data={"old_text": SOURCE, "new_text": SOURCE, "token": token}),
        c.post("/check", data={"source_text": SOURCE, "token": token}, files={"article_files": ("a", b"x")}),
    ):
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert "first field, named token" in r.text and "cookie" in r.text


def test_a_valid_token_first_hands_the_whole_form_to_the_route(store: Store, token: str) -> None:
    """The bytes read to find the token are handed to the route ahead of the rest: the form is parsed
    whole, as before, however the body was cut into pieces."""
    app = create_app(Options(progress=False), store=store)
    seen: list[Any] = []

    def check(source: Any, articles: Any, idempotency: Any = None) -> tuple[int, dict[str, Any]]:
        seen.append((source, articles))
        return 7, {}

    app.state.communique.check = check
    article = ARTICLE * 500
    body = _multipart(
        ("token", token.encode(), None),
        ("source_text", SOURCE.encode(), None),
        ("article_files", article.encode(), "a.txt"),
        ("outlet", b"", None),
    )
    for chunk in (5, 61, 1024, len(body)):
        status, headers, _, pulled = _post(app, "/check", MULTIPART, body, chunk=chunk)
        assert status == 303 and headers[b"location"] == b"/runs/7" and pulled == len(body)
        source, articles = seen.pop()
        assert source.text == SOURCE.rstrip() and [a.text for a in articles] == [article]
    body = f"token={token}&score=5".encode()  # the route reads the field after the token
    status, _, text, _ = _post(app, f"/ledger/commitments/{HUGE_ID}/evidence", URLENCODED, body, chunk=3)
    assert status == 400 and "choose a score" in text


def test_a_header_or_cookie_token_skips_the_peek(store: Store, token: str) -> None:
    import asyncio

    from communique.web import TokenFirst

    events: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        events.append("app")

    async def receive() -> Any:
        events.append("body")
        return {"type": "http.request", "body": b"old_text=x", "more_body": False}

    async def send(message: Any) -> None:
        events.append(str(message.get("status", "")))

    guard = TokenFirst(app, store.check_token)
    form = (b"content-type", URLENCODED.encode())
    for method, headers in [
        ("POST", [form, (b"authorization", f"Bearer {token}".encode())]),
        ("POST", [form, (b"cookie", f"communique_token={token}".encode())]),
        ("GET", [form]),
        ("HEAD", [form]),
        ("OPTIONS", [form]),
        ("POST", [(b"content-type", b"application/json")]),  # not a form: the routes read no field of it
    ]:
        events.clear()
        asyncio.run(
            guard({"type": "http", "method": method, "path": "/diff", "headers": headers}, receive, send)
        )
        assert events == ["app"], (method, headers)
    events.clear()  # a header token that is not valid: the form's first field decides
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/diff",
        "headers": [form, (b"authorization", b"Bearer x")],
    }
    asyncio.run(guard(scope, receive, send))
    assert events == ["body", "401", ""]
    c = _client(store)  # through the app: the fields in any order, the token only in a header
    for headers in ({"Authorization": f"Bearer {token}"}, {"Cookie": f"communique_token={token}"}):
        r = c.post(
            f"/ledger/commitments/{HUGE_ID}/evidence", data={"note": "n", "score": "5"}, headers=headers
        )
        assert r.status_code == 400 and "choose a score" in r.text


def test_every_post_form_of_the_pages_sends_its_token_first() -> None:
    """Browsers send a form's fields in document order: the token input is each POST form's first field."""
    import re

    templates = Path(__file__).resolve().parent.parent / "src" / "communique" / "report" / "templates"
    forms = [
        (path.name, form)
        for path in sorted(templates.glob("*.j2"))
        for form in re.findall(r'<form method="post".*?</form>', path.read_text(), re.S)
    ]
    assert len(forms) == 6
    for name, form in forms:
        assert re.findall(r'name="([^"]+)"', form)[0] == "token", name


@pytest.mark.parametrize("content_type", [MULTIPART, URLENCODED])
def test_the_first_field_is_found_however_the_body_is_cut(content_type: str) -> None:
    from communique.web.forms import first_field

    if content_type == URLENCODED:
        body, end = b"&token=cq%2Ba+b&x=1", len(b"&token=cq%2Ba+b&")
        expected = ("token", "cq+a b")
    else:
        body = b"\r\n" + _multipart(("token", "cq_é".encode(), None), ("x", b"1", None))
        closing = f"\r\n--{BOUNDARY}".encode()  # the first field ends where the next delimiter ends
        end = body.index(closing + b'\r\nContent-Disposition: form-data; name="x"') + len(closing)
        expected = ("token", "cq_é")
    for i in range(len(body)):
        assert first_field(content_type, body[:i], ended=False) == (None if i < end else expected), i
    assert first_field(content_type, body, ended=True) == expected


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        (URLENCODED, b"token=abc", ("token", "abc")),  # the whole body is the field
        (URLENCODED, b"", ("", "")),
        (URLENCODED + "; charset=utf-8", b"old_text=a&token=b", ("old_text", "a")),
        (f'Multipart/Form-Data; boundary="{BOUNDARY}"', _multipart(("token", b"t", None)), ("token", "t")),
        (MULTIPART, _multipart(("token", b"t", "t.txt")), ("", "")),  # a file
        (MULTIPART, f"--{BOUNDARY}\r\n\r\nt\r\n--{BOUNDARY}--".encode(), ("", "")),  # no name
        (MULTIPART, b"preamble\r\n" + _multipart(("token", b"t", None)), ("", "")),
        (MULTIPART, _multipart(("token", b"t", None))[:-30], ("", "")),  # ends inside the first part
        ("multipart/form-data", _multipart(("token", b"t", None)), ("", "")),  # no boundary
        ("text/plain", b"token=abc", ("", "")),
    ],
    ids=[
        "whole-body",
        "empty",
        "token-second",
        "quoted-boundary",
        "file",
        "no-name",
        "preamble",
        "cut",
        "no-boundary",
        "not-a-form",
    ],
)
def test_first_field_of_whole_bodies(content_type: str, body: bytes, expected: tuple[str, str]) -> None:
    from communique.web.forms import first_field

    assert first_field(content_type, body, ended=True) == expected


@pytest.mark.parametrize(("proxies", "believed"), [("", False), ("10.0.0.7", True)])
def test_proxy_headers_are_believed_only_from_configured_proxies(
    store: Store, proxies: str, believed: bool
) -> None:
    """A rotating X-Forwarded-For from loopback passed the rate limit: uvicorn trusted 127.0.0.1."""
    import asyncio

    import uvicorn

    from communique.cli import server_settings

    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["client"])

    config = uvicorn.Config(app, **server_settings("127.0.0.1", 8000, Options(trusted_proxies=proxies)))
    config.load()
    for peer in ("127.0.0.1", "10.0.0.7"):
        scope = {
            "type": "http",
            "method": "GET",
            "path": "/",
            "client": (peer, 5000),
            "scheme": "http",
            "headers": [(b"x-forwarded-for", b"203.0.113.9")],
        }
        asyncio.run(config.loaded_app(scope, None, None))
    assert seen[0] == ("127.0.0.1", 5000)  # loopback is never a proxy unless named
    assert (seen[1][0] == "203.0.113.9") is believed


def test_a_replay_found_after_a_collision_is_reported() -> None:
    """``Idempotent-Replayed`` was missing when two requests with one key ran at once: the second's
    write collided and answered with the first's run, without saying so."""
    from communique.errors import DuplicateError

    store = Store(":memory:")
    calls: list[str] = []

    def write() -> int:
        raise DuplicateError("the key was stored by the other request")

    run_id = store.retrying(write, lambda: {"run_id": 7}, "run_id", lambda: calls.append("replayed"))
    assert run_id == 7 and calls == ["replayed"]


def test_an_evidence_replay_says_so(store: Store, token: str) -> None:
    from communique.ingest import document_from_text
    from communique.store import CommitmentRow

    with store.session() as s:
        doc = store.document_row(s, document_from_text(SOURCE, "s.txt"))
        row = CommitmentRow(statement_id=doc.id, provision_id="p1", start=0, end=10, text="x", action="build")
        s.add(row)
        s.flush()
        cid = row.id
    c = _client(store)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "ev-1"}
    first = c.post(f"/api/v1/ledger/commitments/{cid}/evidence", json={"score": 1}, headers=headers)
    again = c.post(f"/api/v1/ledger/commitments/{cid}/evidence", json={"score": 1}, headers=headers)
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert "idempotent-replayed" not in first.headers and again.headers["idempotent-replayed"] == "true"


def test_a_url_list_with_one_non_http_line_is_still_a_url_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A URL list with one non-http line was read as one article (its text the list of URLs)."""
    from communique import batch
    from communique.batch import ArticleInput, BadInput, read_inputs

    monkeypatch.setattr(batch, "_fetch", lambda url, max_bytes: document_from_text(ARTICLE, url))
    urls = _write(
        tmp_path, "urls.txt", "https://a.example/1\nftp://b.example/2\n# note\nhttps://c.example/3\n"
    )
    got = list(read_inputs([urls], 100_000))
    assert [type(g) for g in got] == [ArticleInput, BadInput, ArticleInput]
    assert isinstance(got[1], BadInput) and got[1].error == "not an http or https URL: ftp://b.example/2"
    prose = _write(tmp_path, "article.txt", "See https://a.example/1 for the statement.\nThe sides met.\n")
    (article,) = read_inputs([prose], 100_000)  # prose that names a URL is an article
    assert isinstance(article, ArticleInput) and article.document.path.endswith("article.txt")


def test_a_bullet_marker_is_layout_not_a_lost_character(nlp: Any) -> None:
    """``segment("* the ")`` left ``*`` in no sentence: the marker of a Markdown bullet opens the line,
    the sentence is what follows it (the coverage property now says so)."""
    seg = segment(document_from_text("* the ", "t.txt"), nlp)
    assert [(s.start, s.text) for s in seg.sentences] == [(2, "the")]


def test_a_quote_spelled_out_across_a_line_is_not_matched_across_it() -> None:
    """``QuoteFinder('The the the.\\nThe the the.').check('The the the. The')`` matched across a newline:
    the letter-for-letter fallback did not keep to one line."""
    from communique.quotes import QuoteFinder, QuoteSpan

    quote = "The the the. The"
    found = QuoteFinder("The the the.\nThe the the.").check(QuoteSpan(quote, 0, len(quote))).closest
    assert found is not None and "\n" not in found.text


def test_a_long_word_is_no_quadratic_work_for_compound_keys() -> None:
    """A source of one 50 kB token took 214 s to prepare: the compound-word pattern retried a run of
    letters with no hyphen from each of its letters."""
    import time

    from communique.textnorm import compound_keys

    started = time.perf_counter()
    assert compound_keys("x" * 50_000) == []
    assert time.perf_counter() - started < 1
    assert compound_keys("counter-terrorism, a 3-day x-y-z talk, 1abc-def") == [
        "counterterror",
        "xyz",
        "abcdef",
    ]


def test_the_limits_refuse_before_the_models_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused input costs no model loading (the CLI took a minute to refuse the 5 MB line)."""
    from communique.pipeline import Checker

    checker = Checker(Options(progress=False, max_tokens=1000))
    monkeypatch.setattr(Checker, "nlp", property(lambda self: pytest.fail("loaded a model")))
    long = document_from_text("word " * 2000, "long.txt")
    with pytest.raises(InputError, match="1,000 words and marks"):
        checker.check(document_from_text(SOURCE, "s.txt"), [long])
    with pytest.raises(InputError, match="1,000 words and marks"):
        checker.segment(long)


# --- every entry point, every hostile input --------------------------------------------------------------


def test_an_unexpected_error_in_a_command_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from communique.cli import app
    from communique.pipeline import Checker

    def broken(self: Any, path: Any, *, date: Any = None) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Checker, "read_statement", broken)
    r = CliRunner().invoke(app, ["analyze", str(_write(tmp_path, "s.txt", SOURCE))])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "error: unexpected ZeroDivisionError: division by zero" in r.output
    monkeypatch.undo()
    r = CliRunner().invoke(app, ["analyze", str(tmp_path / "missing.txt")])  # our own errors keep their code
    assert r.exit_code == 2


def test_an_unexpected_error_in_an_endpoint_is_the_error_shape(store: Store, token: str) -> None:
    app = create_app(Options(progress=False), store=store)

    def broken(**kwargs: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    app.state.communique.document = broken
    c = TestClient(app, raise_server_exceptions=False)
    r = c.post("/api/v1/analyze", json={"text": SOURCE}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 500 and r.json() == {"error": "internal error (ZeroDivisionError)"}


HOSTILE = _bench().hostile_inputs(small=True)


def _no_crash(output: str) -> None:
    assert "Traceback" not in output and "unexpected" not in output, output[-2000:]
    assert sum(line.startswith("error:") for line in output.splitlines()) <= 1, output[-2000:]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_command_answers_a_hostile_input_with_a_result_or_one_error_line(
    name: str, tmp_path: Path, checker: Any
) -> None:
    """analyze, check (the input as the article and as the source, and against the library), diff,
    library add, match and batch: a result or one error line and an exit code of our own (2 for bad
    input) — never a traceback."""
    from typer.testing import CliRunner

    from communique.cli import app

    file, data = HOSTILE[name]
    hostile = tmp_path / file
    hostile.write_bytes(data)
    source = _write(tmp_path, "statement.txt", SOURCE)
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    fast = ["--no-embeddings", "--format", "json", "--db", db]
    commands = [
        ["analyze", str(hostile), "--format", "json", "--date", "9999-12-31"],
        ["check", str(source), str(hostile), *fast],
        ["check", str(hostile), str(source), *fast],
        ["diff", str(source), str(hostile), "--format", "json"],
        ["library", "add", str(hostile), "--db", db],
    ]
    for args in commands:
        r = runner.invoke(app, args)
        assert r.exit_code in {0, 2}, (args, r.exit_code, r.output[-2000:])
        _no_crash(r.output)
    assert runner.invoke(app, ["library", "add", str(source), "--db", db]).exit_code in {0, 2}
    for args in (["match", str(hostile), "--db", db], ["check", "--library", str(hostile), "--db", db]):
        r = runner.invoke(app, args)
        assert r.exit_code in {0, 2}, (args, r.exit_code, r.output[-2000:])
        _no_crash(r.output)
    r = runner.invoke(app, ["batch", str(hostile), "--db", db])
    assert r.exit_code in {0, 2}, r.output[-2000:]
    assert "Traceback" not in r.output and "unexpected" not in r.output, r.output[-2000:]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_endpoint_answers_a_hostile_input_in_the_error_shape(
    name: str, store: Store, token: str, checker: Any
) -> None:
    """The API's check, analyze and diff (the input as text) and the check form (as an upload): a result,
    or ``{"error": …}`` with a 4xx status — never a 500."""
    file, data = HOSTILE[name]
    text = data.decode("utf-8", "replace")
    c = _client(store, checker)
    auth = {"Authorization": f"Bearer {token}"}
    answers = [
        c.post(
            "/api/v1/check", json={"source": {"text": SOURCE}, "articles": [{"text": text}]}, headers=auth
        ),
        c.post(
            "/api/v1/check", json={"source": {"text": text}, "articles": [{"text": ARTICLE}]}, headers=auth
        ),
        c.post("/api/v1/analyze", json={"text": text, "date": "9999-12-31"}, headers=auth),
        c.post("/api/v1/diff", json={"old": {"text": SOURCE}, "new": {"text": text}}, headers=auth),
    ]
    for r in answers:
        assert r.status_code in {200, 400, 413, 422}, (r.status_code, r.text[:500])
        if r.status_code != 200:
            assert set(r.json()) == {"error"} and "\n" not in r.json()["error"]
    r = c.post(
        "/check",
        data={"token": token, "source_text": SOURCE},
        files={"article_files": (file, data)},
        follow_redirects=False,
    )
    assert r.status_code in {303, 400, 413, 422}, (r.status_code, r.text[:500])
