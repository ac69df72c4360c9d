"""The pages across runs: the stored statements, and the outlets' scorecards with their charts and as
CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from ..report.html import environment
from .deps import AppState, require_read, state

router = APIRouter()
env = environment()


@router.get("/statements", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def statements_page(st: Annotated[AppState, Depends(state)]) -> str:
    from ..library import Library

    return env.get_template("statements.html.j2").render(entries=Library(st.store).entries())


@router.get("/outlets", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def outlets_page(st: Annotated[AppState, Depends(state)]) -> str:
    from ..outlets import scorecard_svg, scorecards

    cards = scorecards(st.store.article_summaries())
    # the charts are built with every name escaped (communique.outlets.scorecard_svg)
    return env.get_template("outlets.html.j2").render(cards=cards, svgs=[scorecard_svg(c) for c in cards])


@router.get("/outlets.csv", dependencies=[Depends(require_read)])
def outlets_csv(st: Annotated[AppState, Depends(state)]) -> Response:
    from ..outlets import scorecards, scorecards_csv

    body = scorecards_csv(scorecards(st.store.article_summaries()))
    return Response(body, media_type="text/csv; charset=utf-8")
