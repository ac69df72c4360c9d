"""A stored run's report pages: the report, one article's sentences as an htmx fragment (the report's
filters swap it in), and the statement with each paragraph's provisions and coverage; and the vendored
htmx, served from the app's own origin (every page loads it; the report's filters are what use it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from ..report.html import environment, render_report
from .deps import AppState, require_read, state

router = APIRouter()
env = environment()
STATIC = Path(__file__).parent / "static"


@router.get("/runs/{run_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def run_page(run_id: int, st: Annotated[AppState, Depends(state)], show: str = "flagged") -> str:
    return render_report(*st.store.run_with_source(run_id), standalone=False, run_id=run_id, show=show)


@router.get("/static/htmx.min.js", include_in_schema=False)
def htmx() -> Response:
    body = (STATIC / "htmx-2.0.11.min.js").read_bytes()
    return Response(body, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


@router.get(
    "/runs/{run_id}/articles/{article}/sentences",
    response_class=HTMLResponse,
    dependencies=[Depends(require_read)],
)
def sentences_fragment(
    run_id: int, article: int, st: Annotated[AppState, Depends(state)], show: str = "all"
) -> str:
    from ..report.html import render_sentences

    data, text = st.store.run_with_source(run_id)
    return render_sentences(data, text, article, show, run_id)


@router.get("/runs/{run_id}/statement", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def statement_page(run_id: int, st: Annotated[AppState, Depends(state)]) -> str:
    data, text = st.store.run_with_source(run_id)
    src = data["source"]
    heat: dict[int, int] = {}
    for a in data.get("articles", []):
        for i in a.get("covered_paragraphs", []):
            heat[i] = heat.get(i, 0) + 1
    paragraphs = [
        {
            "index": p["index"],
            "text": text[p["start"] : p["end"]],
            "provisions": [v for v in src.get("provisions", []) if v.get("paragraph") == p["index"]],
        }
        for p in src.get("paragraphs", [])
    ]
    return env.get_template("statement.html.j2").render(
        run_id=run_id,
        source=src,
        paragraphs=paragraphs,
        provisions=src.get("provisions", []),
        heat=heat,
        n_articles=len(data.get("articles", [])),
    )
