"""The diff page: a form for two versions of a statement, and their provisions compared (what was
added, removed or changed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from ..report.html import environment
from .deps import AppState, check_heavy, require_read, state, token_of

router = APIRouter()
env = environment()


@router.get("/diff", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def diff_form() -> str:
    return env.get_template("diff_form.html.j2").render()


@router.post("/diff", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def diff_page(
    request: Request,
    st: Annotated[AppState, Depends(state)],
    token: Annotated[str, Form()] = "",
    old_text: Annotated[str, Form()] = "",
    new_text: Annotated[str, Form()] = "",
) -> str:
    check_heavy(request, st, token or token_of(request))
    from ..diff import diff_provisions
    from ..report.diffout import diff_to_dict, render_diff_html

    old, new = st.document(name="earlier", text=old_text), st.document(name="later", text=new_text)
    result = diff_provisions(*(st.checker.provisions(st.checker.segment(d)) for d in (old, new)))
    return render_diff_html(
        diff_to_dict(result, {"path": "earlier", "title": old.title}, {"path": "later", "title": new.title})
    )
