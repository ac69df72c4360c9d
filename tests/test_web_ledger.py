"""The ledger in the browser and the API: filters, a commitment's page, decisions by a token's owner,
the review queue, tracking a statement and scanning an article from a form. No network."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from communique.ingest import document_from_text
from communique.ledger import Ledger
from communique.settings import Options
from communique.store import Store
from communique.web import create_app

SOURCE = (
    "Joint Statement of Norland and Sudland\n\nNorland and Sudland agreed to build a new railway "
    "between their capitals by 2027.\n\nThe two sides agreed to hold the next round of talks in Sudland "
    "before the end of 2026.\n"
)
PARTIES = ["Norland", "Sudland"]
NEWS = (
    "Talks held\n\nThe next round of talks between Norland and Sudland was held in Sudland on 3 May 2026.\n"
    "It rained.\n"
)


@pytest.fixture()
def store() -> Store:
    return Store(":memory:")


@pytest.fixture()
def client(store: Store, checker) -> TestClient:  # type: ignore[no-untyped-def]
    app = create_app(Options(progress=False), store=store)
    app.state.communique._checker = checker
    return TestClient(app)


@pytest.fixture()
def token(store: Store) -> str:
    return store.create_token("Ana Desk")


@pytest.fixture()
def ids(store: Store, checker) -> list[int]:  # type: ignore[no-untyped-def]
    seg = checker.segment(document_from_text(SOURCE, "norland-sudland.txt"))
    return Ledger(store).add_statement(seg, checker.provisions(seg, PARTIES), PARTIES, nlp=checker.nlp)


def _percent(page: str, party: str) -> str:
    m = re.search(rf'data-party="{party}">.*?class="percent">([^<]*)<', page, re.S)
    assert m, page
    return m.group(1)


def test_api_decisions_are_signed_by_the_tokens_name(
    client: TestClient, token: str, store: Store, ids: list[int]
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    eid = Ledger(store).add_evidence(ids[0], party=None, assessment=1, by="scan", proposed=True)
    assert client.get("/api/v1/ledger/queue").json()[0]["id"] == eid
    assert client.post(f"/api/v1/ledger/evidence/{eid}/accept", json={"note": "x"}).status_code == 401
    r = client.post(f"/api/v1/ledger/evidence/{eid}/accept", json={"note": "confirmed"}, headers=auth)
    assert r.status_code == 200 and r.json()["status"] == {"Norland": 1, "Sudland": 1}
    assert r.json()["standing"] == "complied"
    history = r.json()["evidence"][0]["history"]
    assert history[-1] == {**history[-1], "event": "accepted", "by": "Ana Desk", "note": "confirmed"}
    r = client.post(f"/api/v1/ledger/evidence/{eid}/reject", json={"note": "wrong year"}, headers=auth)
    assert r.json()["status"] == {"Norland": None, "Sudland": None}
    assert client.post("/api/v1/ledger/evidence/999/reject", json={}, headers=auth).status_code == 404
    added = client.post(
        f"/api/v1/ledger/commitments/{ids[1]}/evidence", json={"score": 0, "by": "someone else"}, headers=auth
    ).json()["evidence_id"]
    item = next(e for e in Ledger(store).show(ids[1]).evidence if e.id == added)
    assert item.added_by == "Ana Desk"  # the author is the token's owner, not a field of the body
    assert client.get("/api/v1/ledger/queue").json() == []


def test_api_filters_commitments(client: TestClient, ids: list[int]) -> None:
    assert len(client.get("/api/v1/ledger/commitments?party=norland").json()) == len(ids)
    assert client.get("/api/v1/ledger/commitments?standing=complied").json() == []
    bad = client.get("/api/v1/ledger/commitments?standing=done")
    assert bad.status_code == 400 and "standing" in bad.json()["error"]


def test_accepting_in_the_browser_changes_the_score(
    client: TestClient, token: str, store: Store, ids: list[int]
) -> None:
    eid = Ledger(store).add_evidence(
        ids[0], party="Norland", assessment=1, by="scan", proposed=True, quote="Built."
    )
    assert _percent(client.get("/ledger").text, "Norland") == "—"
    queue = client.get("/ledger/queue").text
    assert f'action="/ledger/evidence/{eid}/accept"' in queue and "Built." in queue
    denied = client.post(f"/ledger/evidence/{eid}/accept", data={"token": "wrong", "back": "/ledger/queue"})
    assert denied.status_code == 401 and "token" in denied.text
    r = client.post(
        f"/ledger/evidence/{eid}/accept",
        data={"token": token, "note": "checked", "back": "/ledger/queue"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/ledger/queue"
    assert _percent(client.get("/ledger").text, "Norland") == "100%"
    page = client.get(f"/ledger/commitments/{ids[0]}").text
    assert "accepted by Ana Desk: checked" in page and "<mark>" in page
    # a redirect only ever goes back to a ledger page of this site
    r = client.post(
        f"/ledger/evidence/{eid}/reject",
        data={"token": token, "back": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.headers["location"] == f"/ledger/commitments/{ids[0]}"
    assert _percent(client.get("/ledger").text, "Norland") == "—"


def test_evidence_added_from_a_commitment_page(client: TestClient, token: str, ids: list[int]) -> None:
    r = client.post(
        f"/ledger/commitments/{ids[1]}/evidence",
        data={
            "token": token,
            "score": "-1",
            "party": "Sudland",
            "quote": "Talks postponed.",
            "day": "2026-12-01",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get(f"/ledger/commitments/{ids[1]}").text
    assert "Talks postponed." in page and "added by Ana Desk" in page
    assert _percent(client.get("/ledger").text, "Sudland") == "0%"
    bad = client.post(f"/ledger/commitments/{ids[1]}/evidence", data={"token": token, "score": "5"})
    assert bad.status_code == 400 and "choose a score" in bad.text


def test_the_ledger_page_filters_in_the_url(client: TestClient, ids: list[int]) -> None:
    everything = client.get("/ledger").text
    assert all(f'href="/ledger/commitments/{i}"' in everything for i in ids)
    assert "<svg" in everything  # the deadline timeline
    none = client.get("/ledger?party=Norland&standing=complied").text
    assert "No commitment matches these filters." in none
    assert "selected>complied<" in none.replace("<option selected>", "selected>")


def test_track_a_statement_and_scan_an_article_from_forms(client: TestClient, token: str) -> None:
    r = client.post(
        "/ledger/statements",
        data={"token": token, "text": SOURCE, "day": "2026-01-10", "parties": "Norland, Sudland"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    views = client.get("/api/v1/ledger/commitments").json()
    assert len(views) >= 2 and {v["statement_date"] for v in views} == {"2026-01-10"}
    assert views[0]["parties"] == PARTIES
    assert any(e["date"] == "2026-01-10" for e in client.get("/api/v1/statements").json())
    r = client.post("/ledger/scan", data={"token": token, "text": NEWS}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/ledger/queue")
    queue = client.get("/api/v1/ledger/queue").json()
    assert len(queue) == 1 and queue[0]["added_by"] == "Ana Desk (scan)" and "held" in queue[0]["quote"]
    empty = client.post("/ledger/scan", data={"token": token})
    assert empty.status_code == 400 and "give the article" in empty.text
