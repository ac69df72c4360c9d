"""REST API under /api/v1: the contract JSON for checks, provisions, diffs, runs and the ledger."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import AfterValidator, BaseModel, Field

from ..errors import InputError
from .deps import AppState, heavy, idempotency_key, require_read, require_write, state

router = APIRouter()


def _storable(value: str) -> str:
    """No NUL and no lone surrogate (JSON's ``"\\ud800"``): neither can be encoded or stored."""
    if "\x00" in value:
        raise ValueError("holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"holds a lone surrogate at character {exc.start}") from None
    return value


#: A string field of a request: anything but what no text may hold.
Text = Annotated[str, AfterValidator(_storable)]


class DocumentIn(BaseModel):
    """A document given as a file's bytes (base64: read by its name's extension and content, as a local
    check reads the file), as text, or as a URL to fetch (public addresses only)."""

    name: Text = Field(default="document.txt", max_length=300)
    text: Text = ""
    url: Text = ""
    data: str = ""


class CheckIn(BaseModel):
    source: DocumentIn
    articles: list[DocumentIn] = Field(min_length=1, max_length=50)


class TextIn(BaseModel):
    text: Text
    date: Text | None = None


class DiffIn(BaseModel):
    old: DocumentIn
    new: DocumentIn


class EvidenceIn(BaseModel):
    """Evidence about a commitment; its author is the name of the token that sends it."""

    score: int = Field(ge=-1, le=1)
    party: Text | None = None
    source: Text = ""
    quote: Text = ""
    date: Text | None = None
    note: Text = ""


class DecisionIn(BaseModel):
    """Why an evidence item is accepted or rejected (kept in its history)."""

    note: str = Field(default="", max_length=2000)


class ScanIn(BaseModel):
    articles: list[DocumentIn] = Field(min_length=1, max_length=50)


def _doc(st: AppState, d: DocumentIn) -> Any:
    data = None
    if d.data:
        try:
            data = base64.b64decode(d.data, validate=True)
        except ValueError:
            raise InputError(f"{d.name}: data is not base64") from None
    return st.document(name=d.name, text=d.text, url=d.url, data=data)


State = Annotated[AppState, Depends(state)]


@router.get("/health")
def health() -> dict[str, str]:
    from .. import __version__

    return {"status": "ok", "version": __version__}


@router.post("/check", dependencies=[Depends(heavy)])
def check(body: CheckIn, st: State, request: Request, response: Response) -> dict[str, Any]:
    """Check articles against a source; returns the communique.check/1 JSON with the stored ``run_id``.

    Send an ``Idempotency-Key`` header to make a retry safe: the same key with the same body returns the
    run stored the first time (header ``Idempotent-Replayed: true``) instead of storing a second one."""
    key = idempotency_key(request, "check", body.model_dump_json().encode())
    hit = st.store.replay(key) if key is not None else None
    if hit is not None:
        response.headers["Idempotent-Replayed"] = "true"
        return {"run_id": hit["run_id"], **st.store.run_result(int(hit["run_id"]))}
    replayed = _Replayed(response)
    run_id, data = st.check(_doc(st, body.source), [_doc(st, a) for a in body.articles], key, replayed)
    if replayed.seen:  # a request with the same key stored its run while this one was checking
        return {"run_id": run_id, **st.store.run_result(run_id)}
    return {"run_id": run_id, **data}


class _Replayed:
    """Marks the answer ``Idempotent-Replayed: true`` when the store answers with an earlier write."""

    def __init__(self, response: Response) -> None:
        self.response = response
        self.seen = False

    def __call__(self) -> None:
        self.seen = True
        self.response.headers["Idempotent-Replayed"] = "true"


@router.get("/runs", dependencies=[Depends(require_read)])
def runs(st: State, limit: int = 20) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = st.store.runs(min(max(limit, 1), 200))
    return rows


@router.get("/statements", dependencies=[Depends(require_read)])
def statements(st: State) -> list[dict[str, Any]]:
    """The statement library."""
    from ..library import Library

    return [e.as_dict() for e in Library(st.store).entries()]


@router.get("/outlets", dependencies=[Depends(require_read)])
def outlets(st: State) -> list[dict[str, Any]]:
    """Outlet scorecards: per outlet, claims checked, verdict counts and shares, misquotes, omissions,
    by month."""
    from ..outlets import scorecards

    return [c.as_dict() for c in scorecards(st.store.article_summaries())]


@router.get("/runs/{run_id}", dependencies=[Depends(require_read)])
def run(run_id: int, st: State) -> dict[str, Any]:
    data: dict[str, Any] = st.store.run_result(run_id)
    return data


@router.get("/runs/{run_id}/findings.csv", dependencies=[Depends(require_read)])
def run_csv(run_id: int, st: State, request: Request) -> Response:
    """The run's findings, one row per article sentence, with the evidence's words."""
    from .exports import run_export

    return run_export(st, request, run_id, "csv")


@router.get("/runs/{run_id}/claimreview", dependencies=[Depends(require_read)])
def run_claimreview(run_id: int, st: State, request: Request) -> list[dict[str, Any]]:
    """schema.org ClaimReview JSON-LD for each flagged claim of the run: the outlet as the claim's
    author, the ``author`` setting as the publisher, each review's url its sentence's permalink."""
    from ..report.exports import claim_reviews
    from ..store.flagged import run_articles

    day, articles = run_articles(st.store, run_id)
    return claim_reviews(
        st.store.run_result(run_id),
        author=st.options.author or "communique",
        url=st.options.publisher_url or str(request.base_url),
        outlets=articles,
        run_id=run_id,
        published=day,
    )


@router.post("/analyze", dependencies=[Depends(heavy)])
def analyze(body: TextIn, st: State) -> dict[str, Any]:
    """Provisions of a statement."""
    import dataclasses

    from ..report.jsonout import provision_to_dict

    doc = st.document(name="statement.txt", text=body.text)
    if body.date:
        doc = dataclasses.replace(doc, date=body.date)
    provisions = st.checker.provisions(st.checker.segment(doc))
    return {"date": doc.date, "provisions": [provision_to_dict(p) for p in provisions]}


@router.post("/diff", dependencies=[Depends(heavy)])
def diff(body: DiffIn, st: State) -> dict[str, Any]:
    """Redline a statement against an earlier one (communique.diff/1)."""
    from ..diff import diff_provisions
    from ..report.diffout import diff_to_dict

    old, new = _doc(st, body.old), _doc(st, body.new)
    result = diff_provisions(*(st.checker.provisions(st.checker.segment(d)) for d in (old, new)))
    return diff_to_dict(
        result, {"path": old.path, "title": old.title}, {"path": new.path, "title": new.title}
    )


def _commitment(v: Any) -> dict[str, Any]:
    import dataclasses

    return {**dataclasses.asdict(v), "standing": v.standing}


@router.get("/ledger/commitments", dependencies=[Depends(require_read)])
def commitments(
    st: State,
    party: str | None = None,
    standing: str | None = None,
    due_after: str | None = None,
    due_before: str | None = None,
    statement: str | None = None,
) -> list[dict[str, Any]]:
    """Tracked commitments: a party (any case), a standing (pending, unassessed, complied, partly, not
    complied), deadlines from ``due_after`` to ``due_before`` (YYYY-MM-DD), a statement's title or file."""
    from ..ledger import Ledger

    views = Ledger(st.store).commitments(
        party=party, standing=standing, due_after=due_after, due_before=due_before, statement=statement
    )
    return [_commitment(v) for v in views]


@router.get("/ledger/commitments/{commitment_id}", dependencies=[Depends(require_read)])
def commitment(commitment_id: int, st: State) -> dict[str, Any]:
    from ..ledger import Ledger

    return _commitment(Ledger(st.store).show(commitment_id))


@router.post("/ledger/commitments/{commitment_id}/evidence", dependencies=[Depends(require_write)])
def add_evidence(
    commitment_id: int, body: EvidenceIn, st: State, request: Request, response: Response
) -> dict[str, int]:
    """Append evidence to a commitment (accepted at once, by the token's name); an ``Idempotency-Key``
    header makes a retry safe."""
    from ..ledger import Ledger
    from .ledger import author

    key = idempotency_key(request, f"evidence/{commitment_id}", body.model_dump_json().encode())
    eid = Ledger(st.store).add_evidence(
        commitment_id,
        party=body.party,
        assessment=body.score,
        source=body.source,
        quote=body.quote,
        date=body.date,
        by=author(request, st),
        note=body.note,
        idempotency=key,
        on_replay=_Replayed(response),
    )
    return {"evidence_id": eid}


@router.post("/ledger/evidence/{evidence_id}/accept", dependencies=[Depends(require_write)])
def accept_evidence(evidence_id: int, body: DecisionIn, st: State, request: Request) -> dict[str, Any]:
    """Accept an evidence item: it counts towards its parties' status. Returns the commitment as it now
    stands; the history records the token's name and the note."""
    from ..ledger import Ledger
    from .ledger import author

    ledger = Ledger(st.store)
    return _commitment(ledger.show(ledger.accept(evidence_id, by=author(request, st), note=body.note)))


@router.post("/ledger/evidence/{evidence_id}/reject", dependencies=[Depends(require_write)])
def reject_evidence(evidence_id: int, body: DecisionIn, st: State, request: Request) -> dict[str, Any]:
    """Reject an evidence item: it stays in the history and no longer counts. Returns the commitment."""
    from ..ledger import Ledger
    from .ledger import author

    ledger = Ledger(st.store)
    return _commitment(ledger.show(ledger.reject(evidence_id, by=author(request, st), note=body.note)))


@router.get("/ledger/queue", dependencies=[Depends(require_read)])
def review_queue(st: State) -> list[dict[str, Any]]:
    """Proposed evidence waiting for a decision, oldest first, each with its commitment's id and text."""
    import dataclasses

    from ..ledger import Ledger

    return [
        {"commitment_id": c.id, "commitment": c.text, **dataclasses.asdict(e)}
        for c, e in Ledger(st.store).queue()
    ]


@router.post("/ledger/scan", dependencies=[Depends(heavy)])
def scan(body: ScanIn, st: State, request: Request) -> dict[str, list[int]]:
    """Propose evidence from articles (text or URL): the new candidates' ids, per article name."""
    from ..ledger import Ledger
    from .ledger import author

    by = author(request, st)
    ledger = Ledger(st.store)
    return {
        a.name: ledger.scan(st.checker.segment(_doc(st, a)), embedder=st.checker.embedder, by=f"{by} (scan)")
        for a in body.articles
    }


@router.get("/ledger/score", dependencies=[Depends(require_read)])
def score(st: State) -> dict[str, Any]:
    """Compliance per party and overall (mean −1 to +1 and percentage) over every commitment."""
    from ..ledger import Ledger

    result: dict[str, Any] = Ledger(st.store).score()
    return result
