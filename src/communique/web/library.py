"""The library's home page (the latest runs and stored documents, with the check form) and the check
form's POST, which checks the given source and articles and answers with a redirect to the new run's
report."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..errors import InputError
from ..report.html import environment
from .deps import AppState, check_heavy, require_read, state, token_of
from .forms import pasted, uploaded

router = APIRouter()
env = environment()


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def library(st: Annotated[AppState, Depends(state)]) -> str:
    from ..store.flagged import run_counts

    runs = st.store.runs(50)
    return env.get_template("library.html.j2").render(
        runs=runs,
        counts=run_counts(st.store, [r["id"] for r in runs]),
        documents=st.store.documents(100),
        version=__version__,
    )


@router.post("/check", dependencies=[Depends(require_read)])
async def check_form(
    request: Request,
    st: Annotated[AppState, Depends(state)],
    token: Annotated[str, Form()] = "",
    source_text: Annotated[str, Form()] = "",
    source_url: Annotated[str, Form()] = "",
    source_file: UploadFile | None = None,
    article_text: Annotated[str, Form()] = "",
    article_url: Annotated[str, Form()] = "",
    article_files: list[UploadFile] | None = None,
    outlet: Annotated[str, Form()] = "",
) -> Response:
    check_heavy(request, st, token or token_of(request))
    source_data = await uploaded(source_file, st.options.max_bytes)
    uploads = [
        (f.filename or f"article-{i}.txt", await uploaded(f, st.options.max_bytes))
        for i, f in enumerate(article_files or [])
        if f.filename
    ]

    def work() -> int:
        # fetching, parsing and checking block: they run in a worker thread, never in the event loop
        source = st.document(
            name=(source_file.filename if source_file else None) or source_url or "source.txt",
            text=pasted(source_text),
            url=source_url,
            data=source_data,
        )
        articles = [st.document(name=name, data=data) for name, data in uploads]
        if article_url.strip():
            articles += [st.document(name=u, url=u) for u in article_url.split() if u]
        if article_text.strip():
            articles += [
                st.document(name=f"pasted-{i + 1}.txt", text=pasted(t))
                for i, t in enumerate(x for x in re.split(r"\r?\n-----\r?\n", article_text) if x.strip())
            ]
        if not articles:
            raise InputError("give at least one article: a file, a URL or pasted text")
        run_id = st.check(source, articles)[0]
        if outlet.strip():  # the outlet of the uploaded and pasted articles (a URL names its own)
            st.store.name_outlet(run_id, outlet.strip()[:200])
        return run_id

    run_id = await run_in_threadpool(work)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)
