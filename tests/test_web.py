"""The web app and REST API with FastAPI's TestClient: auth, endpoints, safety. No network."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from communique.errors import FetchError
from communique.ingest.fetch import check_public, fetch
from communique.settings import Options
from communique.store import Store
from communique.web import create_app

SOURCE = (
    "Joint Statement\n\nThe two sides agreed to build a new railway by 2027. "
    "The two sides called for an immediate and lasting ceasefire in the region.\n"
)
ARTICLE = (
    "Ministers back railway\n\nThe two countries agreed to build a new railway by 2027.\n"
    "They urged an “immediate and permanent ceasefire” in the region.\n"
)
HOSTILE = (
    'Hostile <script>alert("x")</script> article\n\n<img src=x onerror="alert(1)"> The two sides agreed '
    "to build a new railway by 2027.\n"
)
PUBLIC = "93.184.216.34"


def _resolver(host: str) -> list[str]:
    return {"public.example": [PUBLIC], "internal.example": ["10.1.2.3"]}.get(host, [])


def _transport() -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/redirect":
            return httpx.Response(302, headers={"location": "http://internal.example/secret"})
        if request.url.path == "/big":
            return httpx.Response(200, content=b"x" * 5000)
        return httpx.Response(
            200,
            text="<html><body><article><p>" + ARTICLE.replace("\n", " ") * 3 + "</p></article></body></html>",
            headers={"content-type": "text/html"},
        )

    return httpx.MockTransport(handler)


@pytest.fixture()
def store() -> Store:
    return Store(":memory:")


@pytest.fixture()
def client(store: Store, checker) -> TestClient:  # type: ignore[no-untyped-def]
    app = create_app(Options(progress=False), store=store, resolver=_resolver, transport=_transport())
    app.state.communique._checker = checker  # models loaded once for the whole test session
    return TestClient(app)


@pytest.fixture()
def token(store: Store) -> str:
    return store.create_token("tests")


def _check(client: TestClient, token: str | None, article: str = ARTICLE):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {
        "source": {"name": "statement.txt", "text": SOURCE},
        "articles": [{"name": "a.txt", "text": article}],
    }
    return client.post("/api/v1/check", json=body, headers=headers)


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"
    assert "/api/v1/check" in client.get("/openapi.json").json()["paths"]


def test_writes_need_a_valid_token(client: TestClient, token: str, store: Store) -> None:
    assert _check(client, None).status_code == 401
    assert _check(client, "cq_wrong").status_code == 401
    assert store.tokens()[0]["name"] == "tests"  # only a hash is kept: the token is nowhere in the store
    with store.session() as s:
        from communique.store import TokenRow

        assert s.query(TokenRow).one().sha256 != token


def test_check_runs_and_contract(client: TestClient, token: str) -> None:
    r = _check(client, token)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["schema"] == "communique.check/1" and data["run_id"] >= 1
    verdicts = [s["verdict"] for s in data["articles"][0]["sentences"] if s["kind"] == "claim"]
    assert "misquote" in verdicts
    assert client.get("/api/v1/runs").json()[0]["id"] == data["run_id"]
    assert client.get(f"/api/v1/runs/{data['run_id']}").json()["schema"] == "communique.check/1"
    assert client.get("/api/v1/runs/999").status_code == 404


def test_reads_can_require_a_token(store: Store, token: str, checker) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Options(progress=False, api_read="token"), store=store)
    app.state.communique._checker = checker
    c = TestClient(app)
    assert c.get("/api/v1/runs").status_code == 401
    assert c.get("/").status_code == 401
    assert c.get("/api/v1/runs", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_analyze_and_diff(client: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    body = {"text": SOURCE, "date": "2026-01-01"}
    assert client.post("/api/v1/analyze", json=body).status_code == 401  # heavy work is never anonymous
    provisions = client.post("/api/v1/analyze", json=body, headers=auth).json()["provisions"]
    assert provisions[0]["acts"] == ["commitment"] and provisions[0]["deadline"] == "2027-12-31"
    later = SOURCE.replace("agreed to build", "pledged to build")
    pair = {"old": {"text": SOURCE}, "new": {"text": later}}
    assert client.post("/api/v1/diff", json=pair).status_code == 401
    d = client.post("/api/v1/diff", json=pair, headers=auth).json()
    assert d["summary"]["strengthened"] == 1


def test_ledger_endpoints(client: TestClient, token: str, store: Store, checker) -> None:  # type: ignore[no-untyped-def]
    from communique.ingest import document_from_text
    from communique.ledger import Ledger

    seg = checker.segment(document_from_text(SOURCE, "s.txt"))
    Ledger(store).add_statement(
        seg, checker.provisions(seg, ["Norland", "Sudland"]), ["Norland", "Sudland"], nlp=checker.nlp
    )
    cid = client.get("/api/v1/ledger/commitments").json()[0]["id"]
    body = {"score": 1, "quote": "The railway opened.", "by": "ana"}
    assert client.post(f"/api/v1/ledger/commitments/{cid}/evidence", json=body).status_code == 401
    r = client.post(
        f"/api/v1/ledger/commitments/{cid}/evidence", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200
    assert client.get(f"/api/v1/ledger/commitments/{cid}").json()["status"] == {"Norland": 1, "Sudland": 1}
    assert client.get("/api/v1/ledger/score").json()["overall"]["mean"] == 1.0
    assert "Commitment ledger" in client.get("/ledger").text


def test_pages_are_escaped_and_scriptless(client: TestClient, token: str) -> None:
    run_id = _check(client, token, HOSTILE).json()["run_id"]
    page = client.get(f"/runs/{run_id}")
    assert page.status_code == 200
    # the only script is the app's own htmx, from its own origin; the article's markup is text
    assert page.text.lower().count("<script") == 1 and '<script src="/static/htmx.min.js"' in page.text
    assert "onerror=" not in page.text.replace("onerror=&#34;", "")
    assert "&lt;script&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert (
        "default-src 'none'" in csp
        and "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("style-src")[0]
    )


def test_form_check_redirects_to_the_report(client: TestClient, token: str) -> None:
    r = client.post(
        "/check",
        data={"token": token, "source_text": SOURCE, "article_text": ARTICLE},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "misquote" in client.get(r.headers["location"]).text
    assert client.post("/check", data={"source_text": SOURCE, "article_text": ARTICLE}).status_code == 401


def test_oversized_requests_are_refused(store: Store, token: str) -> None:
    app = create_app(Options(progress=False, max_bytes=1000), store=store)
    c = TestClient(app)
    files = {"source_file": ("s.txt", b"a" * 2000, "text/plain")}
    r = c.post("/check", data={"token": token, "article_text": "x"}, files=files)
    assert r.status_code == 400 and "limit" in r.text
    big = b"x" * 200_000  # over 4 x max_bytes + 100 kB
    assert (
        c.post("/api/v1/check", content=big, headers={"content-type": "application/json"}).status_code == 413
    )


def test_url_fetching_refuses_private_addresses(client: TestClient, token: str) -> None:
    body = {"source": {"text": SOURCE}, "articles": [{"url": "http://internal.example/page"}]}
    r = client.post("/api/v1/check", json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and "non-public" in r.json()["error"]
    body["articles"] = [{"url": "http://public.example/redirect"}]  # a redirect into the private range
    r = client.post("/api/v1/check", json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and "non-public" in r.json()["error"]
    body["articles"] = [{"url": "http://public.example/story"}]
    assert (
        client.post("/api/v1/check", json=body, headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/",
        "http://10.0.0.8/",
        "http://192.168.1.1/",
        "file:///etc/passwd",
        "ftp://public.example/",
    ],
)
def test_check_public_refuses(url: str) -> None:
    with pytest.raises(FetchError):
        check_public(url, _resolver)


def test_fetch_size_cap() -> None:
    with pytest.raises(FetchError, match="limit"):
        fetch("http://public.example/big", max_bytes=1000, resolve=_resolver, transport=_transport())


def test_exports(client: TestClient, token: str) -> None:
    run_id = _check(client, token).json()["run_id"]
    csv_text = client.get(f"/api/v1/runs/{run_id}/findings.csv").text
    assert csv_text.startswith("article,sentence,start,end,kind,verdict")
    reviews = client.get(f"/api/v1/runs/{run_id}/claimreview").json()
    assert reviews and all(r["@type"] == "ClaimReview" for r in reviews)
    assert {r["reviewRating"]["alternateName"] for r in reviews} == {"Misquote"}
    assert "<svg" in client.get(f"/runs/{run_id}").text


def test_statement_and_diff_pages(client: TestClient, token: str) -> None:
    run_id = _check(client, token).json()["run_id"]
    page = client.get(f"/runs/{run_id}/statement")
    assert page.status_code == 200
    assert 'class="act commitment"' in page.text and "2027-12-31" in page.text
    later = SOURCE.replace("agreed to build", "pledged to build")
    assert client.post("/diff", data={"old_text": SOURCE, "new_text": later}).status_code == 401
    d = client.post("/diff", data={"token": token, "old_text": SOURCE, "new_text": later})
    assert d.status_code == 200 and "strengthened" in d.text and "<ins>pledged</ins>" in d.text
    assert client.get("/diff").status_code == 200


def test_the_standalone_report_escapes_hostile_text(checker) -> None:  # type: ignore[no-untyped-def]
    from communique.ingest import document_from_text
    from communique.report.html import render_html

    result = checker.check(document_from_text(SOURCE, "s.txt"), [document_from_text(HOSTILE, "h.txt")])
    html = render_html(result)
    assert "<script" not in html.lower() and "&lt;script&gt;" in html
    assert "default-src 'none'" in html  # the file carries its own Content-Security-Policy


def test_library_lists_documents(client: TestClient, token: str) -> None:
    _check(client, token)
    page = client.get("/").text
    assert "Documents" in page and "statement.txt" in page


def test_htmx_filter_fragment(client: TestClient, token: str) -> None:
    run_id = _check(client, token).json()["run_id"]
    assert client.get("/static/htmx.min.js").headers["content-type"].startswith("text/javascript")
    report = client.get(f"/runs/{run_id}").text
    assert f'hx-get="/runs/{run_id}/articles/0/sentences?show=flagged"' in report
    flagged = client.get(f"/runs/{run_id}/articles/0/sentences?show=flagged").text
    assert "misquote" in flagged and "<html" not in flagged and "supported</span>" not in flagged
    assert client.get(f"/runs/{run_id}/articles/9/sentences").status_code == 404


def test_api_docs_are_served_from_the_package(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page and "/static/swagger/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
    js = client.get("/static/swagger/swagger-ui-bundle.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert len(js.content) > 100_000
    assert client.get("/static/swagger/../../__init__.py").status_code == 404
    assert client.get("/static/swagger/index.html").status_code == 404
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN


def test_a_pasted_article_is_the_uploaded_one_and_takes_the_forms_outlet(
    client: TestClient, token: str, store: Store
) -> None:
    form = {"token": token, "source_text": SOURCE.replace("\n", "\r\n"), "outlet": "Norland Post"}
    files = {"article_files": ("a.txt", ARTICLE.encode(), "text/plain")}
    first = client.post("/check", data=form, files=files, follow_redirects=False)
    assert first.status_code == 303
    # the browser sends a textarea's line breaks as CRLF; the paste ends without the file's last newline
    pasted = client.post(
        "/check",
        data={**form, "article_text": ARTICLE.replace("\n", "\r\n").rstrip()},
        follow_redirects=False,
    )
    assert pasted.status_code == 303
    summaries = store.article_summaries()
    assert len(summaries) == 1 and summaries[0]["outlet"] == "Norland Post"
    assert len(client.get("/api/v1/runs").json()) == 2


def test_invalid_requests_are_explained_in_plain_words(client: TestClient, token: str) -> None:
    from communique.web.messages import field_name

    auth = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/v1/check", json={"source": {"name": "s.txt"}, "articles": []}, headers=auth)
    assert r.status_code == 422 and r.json()["error"] == "invalid request: articles needs at least 1 item(s)"
    r = client.get("/api/v1/runs?limit=many")
    assert r.json()["error"] == "invalid request: limit must be a whole number"
    r = client.post("/api/v1/ledger/commitments/1/evidence", json={"score": 5}, headers=auth)
    assert r.json()["error"] == "invalid request: score must be at most 1"
    r = client.post(
        "/api/v1/check", content=b"{not json", headers={**auth, "content-type": "application/json"}
    )
    assert "not valid JSON" in r.json()["error"]
    r = client.post("/api/v1/diff", json={"old": {"text": "a"}}, headers=auth)
    assert r.json()["error"] == "invalid request: new is missing"
    for message in (r.json()["error"],):
        assert "Input should" not in message and "Value error" not in message
    assert field_name(("body", "articles", 0, "url")) == "articles[0].url"
    assert field_name(("header", "idempotency-key")) == "header idempotency-key"
