"""Bounded work and hostile requests: each test is a case that once failed (unbounded reads, quadratic
segmentation, chunked bodies past the cap, id overflow, spreadsheet formulas, two error shapes, a blocked
event loop, anonymous heavy work, repeated writes, DNS rebinding)."""

from __future__ import annotations

import csv
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
