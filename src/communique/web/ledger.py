"""The ledger's pages: commitments by party, deadline and standing; a commitment with its provision,
evidence and history; the review queue of proposed evidence; adding statements and scanning articles.

Every page works without scripts: filters are GET forms (so a filtered view is a link), decisions are
POST forms that answer with a redirect to the page they came from. A write needs a token, given as the
form's first field (``communique.web.TokenFirst`` reads it before the rest of the body), as a bearer
header or as the ``communique_token`` cookie; the history records the token's name.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import InputError
from ..ledger import STANDING_COLOURS, STANDINGS, Ledger, timeline_svg, track_statement
from ..report.html import environment
from .deps import AppState, rate_check, require_read, state, token_of, unauthorized
from .forms import pasted, uploaded

router = APIRouter()
State = Annotated[AppState, Depends(state)]


def author(request: Request, st: AppState, token: str = "") -> str:
    """The name of the token making a write (from the form, else the request); 401 without a valid one."""
    name = st.store.token_name(token or token_of(request))
    if name is None:
        raise unauthorized()
    return name


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _back(target: str, default: str) -> str:
    """Where a decision returns to: a ledger page of this site, never another site."""
    return target if target.startswith("/ledger") and "//" not in target and "\\" not in target else default


@router.get("/ledger", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def ledger_page(
    st: State,
    party: str = "",
    standing: str = "",
    due_after: str = "",
    due_before: str = "",
    statement: str = "",
) -> str:
    ledger = Ledger(st.store)
    filters = {
        "party": _blank(party),
        "standing": _blank(standing),
        "due_after": _blank(due_after),
        "due_before": _blank(due_before),
        "statement": _blank(statement),
    }
    views = ledger.commitments(**filters)
    score = ledger.score(views)
    return (
        environment()
        .get_template("ledger.html.j2")
        .render(
            commitments=views,
            score=score,
            parties=ledger.parties(),
            standings=STANDINGS,
            colours=STANDING_COLOURS,
            filters={k: v or "" for k, v in filters.items()},
            filtered=any(filters.values()),
            timeline=timeline_svg(views, date.today()),
            pending=len(ledger.queue()),
        )
    )


@router.get("/ledger/queue", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def queue_page(st: State, scanned: str = "") -> str:
    return (
        environment()
        .get_template("ledger_queue.html.j2")
        .render(items=Ledger(st.store).queue(), scanned=scanned)
    )


@router.get(
    "/ledger/commitments/{commitment_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)]
)
def commitment_page(commitment_id: int, st: State) -> str:
    ledger = Ledger(st.store)
    view = ledger.show(commitment_id)
    before, words, after = ledger.provision_context(commitment_id)
    return (
        environment()
        .get_template("commitment.html.j2")
        .render(c=view, before=before, words=words, after=after, colours=STANDING_COLOURS)
    )


@router.post("/ledger/commitments/{commitment_id}/evidence", dependencies=[Depends(require_read)])
def add_evidence_form(
    commitment_id: int,
    request: Request,
    st: State,
    score: Annotated[str, Form()] = "",
    party: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    quote: Annotated[str, Form()] = "",
    day: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
) -> Response:
    by = author(request, st, token)
    if score.strip() not in {"-1", "0", "1", "+1"}:
        raise InputError("choose a score: -1 not met, 0 partly or under way, +1 met")
    Ledger(st.store).add_evidence(
        commitment_id,
        party=_blank(party),
        assessment=int(score),
        source=source.strip(),
        quote=quote.strip(),
        date=_blank(day),
        by=by,
        note=note.strip(),
    )
    return RedirectResponse(f"/ledger/commitments/{commitment_id}", status_code=303)


def _decide(
    request: Request, st: AppState, evidence_id: int, accept: bool, note: str, token: str, back: str
) -> Response:
    by = author(request, st, token)
    ledger = Ledger(st.store)
    decide = ledger.accept if accept else ledger.reject
    commitment_id = decide(evidence_id, by=by, note=note.strip())
    return RedirectResponse(_back(back, f"/ledger/commitments/{commitment_id}"), status_code=303)


@router.post("/ledger/evidence/{evidence_id}/accept", dependencies=[Depends(require_read)])
def accept_form(
    evidence_id: int,
    request: Request,
    st: State,
    note: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    return _decide(request, st, evidence_id, True, note, token, back)


@router.post("/ledger/evidence/{evidence_id}/reject", dependencies=[Depends(require_read)])
def reject_form(
    evidence_id: int,
    request: Request,
    st: State,
    note: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    return _decide(request, st, evidence_id, False, note, token, back)


@router.post("/ledger/statements", dependencies=[Depends(require_read)])
async def add_statement_form(
    request: Request,
    st: State,
    token: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    file: UploadFile | None = None,
    day: Annotated[str, Form()] = "",
    parties: Annotated[str, Form()] = "",
) -> Response:
    """Add a statement to the library and track its commitments."""
    by = author(request, st, token)
    rate_check(request, st, token or token_of(request))
    data = await uploaded(file, st.options.max_bytes)
    name = (file.filename if file is not None else None) or url.strip() or "statement.txt"
    if not (data or url.strip() or text.strip()):
        raise InputError("give the statement: a file, a URL or its text")
    who = [p.strip() for p in parties.split(",") if p.strip()]

    def work() -> int:
        import dataclasses

        from ..library import Library

        doc = st.document(name=name, text=pasted(text), url=url.strip(), data=data)
        if _blank(day):
            doc = dataclasses.replace(doc, date=day.strip())
        Library(st.store, st.checker.nlp, st.options.max_bytes).add_document(doc)
        ids, _ = track_statement(Ledger(st.store), st.checker, doc, who, author=by)
        return len(ids)

    n = await run_in_threadpool(work)
    return RedirectResponse(
        "/ledger?" + urlencode({"statement": name[:80]}) if n else "/ledger", status_code=303
    )


@router.post("/ledger/scan", dependencies=[Depends(require_read)])
async def scan_form(
    request: Request,
    st: State,
    token: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    file: UploadFile | None = None,
) -> Response:
    """Scan an article for evidence of follow-through; what it proposes joins the review queue."""
    by = author(request, st, token)
    rate_check(request, st, token or token_of(request))
    data = await uploaded(file, st.options.max_bytes)
    if not (data or url.strip() or text.strip()):
        raise InputError("give the article to scan: a file, a URL or its text")
    name = (file.filename if file is not None else None) or url.strip() or "article.txt"

    def work() -> int:
        doc = st.document(name=name, text=pasted(text), url=url.strip(), data=data)
        seg = st.checker.segment(doc)
        return len(Ledger(st.store).scan(seg, embedder=st.checker.embedder, by=f"{by} (scan)"))

    n = await run_in_threadpool(work)
    return RedirectResponse("/ledger/queue?" + urlencode({"scanned": f"{name}: {n}"}), status_code=303)
