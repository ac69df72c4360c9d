"""A stored run's exports, linked from its report page: CSV, ClaimReview JSON-LD, the standalone HTML
report and the contract JSON, all from what was stored (nothing is checked again)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..errors import NotFoundError
from ..report.exports import EXPORTS, export_run
from ..store.flagged import run_articles
from .deps import AppState, require_read, state

router = APIRouter()


def run_export(st: AppState, request: Request, run_id: int, fmt: str) -> Response:
    """The run in ``fmt``; ClaimReview links each review to its sentence at ``publisher_url``, or on
    this server when that setting is empty."""
    if fmt not in EXPORTS:
        raise NotFoundError(f"no export format {fmt!r}: {', '.join(EXPORTS)}")
    data, text = st.store.run_with_source(run_id)
    day, articles = run_articles(st.store, run_id)
    body = export_run(
        data,
        text,
        fmt,
        run_id=run_id,
        outlets=articles,
        author=st.options.author,
        url=st.options.publisher_url or str(request.base_url),
        published=day,
    )
    media, suffix = EXPORTS[fmt]
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="communique-run-{run_id}.{suffix}"'},
    )


@router.get("/runs/{run_id}/export/{fmt}", dependencies=[Depends(require_read)])
def export_page(run_id: int, fmt: str, request: Request, st: Annotated[AppState, Depends(state)]) -> Response:
    return run_export(st, request, run_id, fmt)
