"""The web app: a REST API under /api/v1 and server-rendered pages, over the same library calls.

``create_app`` builds a FastAPI app on one store. Writes need a token (``communique token create``;
only a hash is stored); reads are open or need a token too (setting ``api_read``). Every page is
rendered by the report templates with autoescaping, served with a Content-Security-Policy that allows
no script at all, and uploads and fetched pages are capped at ``max_bytes``. URLs are fetched only
from public addresses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from .. import __version__
from ..errors import CommuniqueError, ConfigError, FetchError, InputError, ModelError, StoreError
from ..ingest.fetch import Resolver, system_resolver
from ..report.html import environment, render_report
from ..settings import Options
from ..store import Store
from .api import router as api_router
from .deps import AppState, require_read, state, token_of, unauthorized

# Scripts only from this origin (the vendored htmx): no inline script or handler ever runs.
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; frame-ancestors 'none'"
)
STATIC = Path(__file__).parent / "static"
_STATUS = {InputError: 400, FetchError: 400, ConfigError: 400, StoreError: 404, ModelError: 503}


def create_app(
    options: Options | None = None,
    *,
    store: Store | None = None,
    resolver: Resolver | None = None,
    transport: Any = None,
) -> FastAPI:
    """The app; ``resolver`` and ``transport`` replace DNS and HTTP for URL fetching (tests)."""
    opts = options or Options()
    app = FastAPI(
        title="communique",
        version=__version__,
        description="Check news reports against official statements; the communique.check/1 JSON.",
    )
    app.state.communique = AppState(
        opts, store or Store.from_options(opts), resolver or system_resolver, transport
    )

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        declared = int(request.headers.get("content-length") or 0)
        limit = opts.max_bytes * 4 + 100_000  # a source and a few articles in one form
        if declared > limit:
            return JSONResponse({"error": f"request body over {limit / 1e6:.0f} MB"}, status_code=413)
        response: Response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):  # the OpenAPI UI loads its own assets
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(CommuniqueError)
    async def on_error(request: Request, exc: CommuniqueError) -> Response:
        status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 400)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=status)
        page = environment().get_template("error.html.j2").render(message=str(exc))
        return HTMLResponse(page, status_code=status)

    app.include_router(api_router, prefix="/api/v1")
    _pages(app)
    return app


def _pages(app: FastAPI) -> None:
    env = environment()

    @app.get("/", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def library(st: Annotated[AppState, Depends(state)]) -> str:
        return env.get_template("library.html.j2").render(
            runs=st.store.runs(50), documents=st.store.documents(100), version=__version__
        )

    @app.post("/check", dependencies=[Depends(require_read)])
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
    ) -> Response:
        if not st.store.check_token(token or token_of(request)):
            raise unauthorized()
        source = st.document(
            name=(source_file.filename if source_file else None) or source_url or "source.txt",
            text=source_text,
            url=source_url,
            data=await _read(source_file, st.options.max_bytes),
        )
        articles = [
            st.document(name=f.filename or f"article-{i}.txt", data=await _read(f, st.options.max_bytes))
            for i, f in enumerate(article_files or [])
            if f.filename
        ]
        if article_url.strip():
            articles += [st.document(name=u, url=u) for u in article_url.split() if u]
        if article_text.strip():
            articles += [
                st.document(name=f"pasted-{i + 1}.txt", text=t)
                for i, t in enumerate(x for x in article_text.split("\n-----\n") if x.strip())
            ]
        if not articles:
            raise InputError("give at least one article: a file, a URL or pasted text")
        run_id, _ = st.check(source, articles)
        return RedirectResponse(f"/runs/{run_id}", status_code=303)

    @app.get("/runs/{run_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def run_page(run_id: int, st: Annotated[AppState, Depends(state)]) -> str:
        return render_report(*st.store.run_with_source(run_id), standalone=False, run_id=run_id)

    @app.get("/static/htmx.min.js", include_in_schema=False)
    def htmx() -> Response:
        body = (STATIC / "htmx-2.0.11.min.js").read_bytes()
        return Response(
            body, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    @app.get(
        "/runs/{run_id}/articles/{article}/sentences",
        response_class=HTMLResponse,
        dependencies=[Depends(require_read)],
    )
    def sentences_fragment(
        run_id: int, article: int, st: Annotated[AppState, Depends(state)], show: str = "all"
    ) -> str:
        from ..report.html import render_sentences

        data, text = st.store.run_with_source(run_id)
        return render_sentences(data, text, article, show)

    @app.get("/runs/{run_id}/statement", response_class=HTMLResponse, dependencies=[Depends(require_read)])
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

    @app.get("/diff", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def diff_form() -> str:
        return env.get_template("diff_form.html.j2").render()

    @app.post("/diff", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def diff_page(
        st: Annotated[AppState, Depends(state)],
        old_text: Annotated[str, Form()] = "",
        new_text: Annotated[str, Form()] = "",
    ) -> str:
        from ..diff import diff_provisions
        from ..report.diffout import diff_to_dict, render_diff_html

        old, new = st.document(name="earlier", text=old_text), st.document(name="later", text=new_text)
        result = diff_provisions(*(st.checker.provisions(st.checker.segment(d)) for d in (old, new)))
        return render_diff_html(
            diff_to_dict(
                result, {"path": "earlier", "title": old.title}, {"path": "later", "title": new.title}
            )
        )

    @app.get("/ledger", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def ledger_page(st: Annotated[AppState, Depends(state)]) -> str:
        from ..ledger import Ledger

        ledger = Ledger(st.store)
        return env.get_template("ledger.html.j2").render(
            commitments=ledger.commitments(), score=ledger.score()
        )


async def _read(upload: UploadFile | None, limit: int) -> bytes | None:
    if upload is None or not upload.filename:
        return None
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{upload.filename}: larger than the {limit / 1e6:.0f} MB limit")
    return data


__all__ = ["CSP", "AppState", "create_app"]
