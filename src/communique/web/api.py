"""REST API under /api/v1: the contract JSON for checks, provisions, diffs, runs and the ledger."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import AfterValidator, BaseModel, Field

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
    """A document given as text, or as a URL to fetch (public addresses only)."""

    name: Text = Field(default="document.txt", max_length=300)
    text: Text = ""
    url: Text = ""


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
    score: int = Field(ge=-1, le=1)
    party: Text | None = None
    source: Text = ""
    quote: Text = ""
    date: Text | None = None
    note: Text = ""
    by: Text = ""


def _doc(st: AppState, d: DocumentIn) -> Any:
    return st.document(name=d.name, text=d.text, url=d.url)


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
def run_csv(run_id: int, st: State) -> Response:
    """The run's findings, one row per article sentence."""
    from ..report.exports import findings_csv

    return Response(findings_csv(st.store.run_result(run_id)), media_type="text/csv; charset=utf-8")


@router.get("/runs/{run_id}/claimreview", dependencies=[Depends(require_read)])
def run_claimreview(run_id: int, st: State) -> list[dict[str, Any]]:
    """schema.org ClaimReview JSON-LD for each flagged claim of the run."""
    from ..report.exports import claim_reviews

    return claim_reviews(st.store.run_result(run_id))


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


@router.get("/ledger/commitments", dependencies=[Depends(require_read)])
def commitments(st: State, party: str | None = None) -> list[dict[str, Any]]:
    import dataclasses

    from ..ledger import Ledger

    return [dataclasses.asdict(v) for v in Ledger(st.store).commitments(party=party)]


@router.get("/ledger/commitments/{commitment_id}", dependencies=[Depends(require_read)])
def commitment(commitment_id: int, st: State) -> dict[str, Any]:
    import dataclasses

    from ..ledger import Ledger

    return dataclasses.asdict(Ledger(st.store).show(commitment_id))


@router.post("/ledger/commitments/{commitment_id}/evidence", dependencies=[Depends(require_write)])
def add_evidence(
    commitment_id: int, body: EvidenceIn, st: State, request: Request, response: Response
) -> dict[str, int]:
    """Append evidence to a commitment; an ``Idempotency-Key`` header makes a retry safe."""
    from ..ledger import Ledger

    key = idempotency_key(request, f"evidence/{commitment_id}", body.model_dump_json().encode())
    eid = Ledger(st.store).add_evidence(
        commitment_id,
        party=body.party,
        assessment=body.score,
        source=body.source,
        quote=body.quote,
        date=body.date,
        by=body.by or "api",
        note=body.note,
        idempotency=key,
        on_replay=_Replayed(response),
    )
    return {"evidence_id": eid}


@router.get("/ledger/score", dependencies=[Depends(require_read)])
def score(st: State) -> dict[str, Any]:
    from ..ledger import Ledger

    result: dict[str, Any] = Ledger(st.store).score()
    return result
