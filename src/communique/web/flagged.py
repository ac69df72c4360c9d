"""The triage page: every flagged claim across runs and outlets, with search, filters, sorting and
pages, all in the URL (``/flagged?verdict=misquote&outlet=dawn.com``), so a view survives a reload and
can be shared; and a permanent link per flagged claim (``/findings/{id}``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import InputError
from ..report.html import environment
from ..store.flagged import FLAGGED, SORTS, FlaggedQuery, facets, finding_anchor, flagged_claims
from .deps import AppState, require_read, state

router = APIRouter()
State = Annotated[AppState, Depends(state)]


def _int(value: str, name: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{name} must be a number, not {value!r}") from None


def _share(value: str, name: str) -> float | None:
    """A number from 0 to 1 as given in the URL ("0.6"), None when blank."""
    if not value.strip():
        return None
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0.0 <= share <= 1.0:  # also NaN and infinities
        raise InputError(f"{name} must be a number from 0 to 1, not {value!r}")
    return share


@router.get("/flagged", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def flagged_page(
    st: State,
    q: str = "",
    verdict: Annotated[list[str] | None, Query()] = None,
    issue: str = "",
    outlet: str = "",
    statement: str = "",
    since: str = "",
    until: str = "",
    min_confidence: str = "",
    sort: str = "-published",
    page: str = "1",
    per_page: str = "50",
) -> str:
    query = FlaggedQuery(
        q=q,
        verdicts=tuple(v for v in verdict or [] if v),
        issue=issue.strip(),
        outlet=outlet.strip(),
        statement=_int(statement, "statement"),
        since=since.strip(),
        until=until.strip(),
        min_confidence=_share(min_confidence, "min_confidence"),
        sort=sort.strip() or "-published",
        page=_int(page, "page") or 1,
        per_page=_int(per_page, "per_page") or 50,
    )
    result = flagged_claims(st.store, query)
    params: list[tuple[str, str]] = [
        (k, v)
        for k, v in (
            ("q", q),
            ("issue", query.issue),
            ("outlet", query.outlet),
            ("statement", statement),
            ("since", query.since),
            ("until", query.until),
            ("min_confidence", "" if query.min_confidence is None else str(query.min_confidence)),
        )
        if v
    ] + [("verdict", v) for v in query.verdicts]

    def link(**changes: str | int) -> str:
        """This view's URL with some parameters changed (sort and page kept unless changed)."""
        keep = dict(sort=query.sort, page=query.page, per_page=query.per_page)
        keep.update(changes)
        extra = [(k, str(v)) for k, v in keep.items() if not (k == "per_page" and v == 50)]
        extra = [(k, v) for k, v in extra if not (k == "page" and v == "1")]
        extra = [(k, v) for k, v in extra if not (k == "sort" and v == "-published")]
        return "/flagged?" + urlencode(params + extra)

    def sort_link(key: str) -> str:
        current = query.sort.lstrip("-")
        descending = query.sort.startswith("-")
        flipped = key if current == key and descending else f"-{key}"
        return link(sort=flipped, page=1)

    return (
        environment()
        .get_template("flagged.html.j2")
        .render(
            result=result,
            query=query,
            statement=statement,
            facets=facets(st.store),
            verdicts=FLAGGED,
            sorts=SORTS,
            link=link,
            sort_link=sort_link,
        )
    )


@router.get("/findings/{finding_id}", dependencies=[Depends(require_read)])
def finding_link(finding_id: int, st: State) -> Response:
    """The permanent link of a flagged claim: its sentence on its report page."""
    run_id, anchor = finding_anchor(st.store, finding_id)
    target = f"/runs/{run_id}?" + urlencode({"show": "all"}) + (f"#{anchor}" if anchor else "")
    return RedirectResponse(target, status_code=303)
