"""The web app: a REST API under /api/v1 and server-rendered pages, over the same library calls.

``create_app`` builds a FastAPI app on one store. Writes need a token (``communique token create``;
only a hash is stored); reads are open or need a token too (setting ``api_read``). Every page is
rendered by the report templates with autoescaping, served with a Content-Security-Policy that allows
no script at all, and uploads and fetched pages are capped at ``max_bytes``. URLs are fetched only
from public addresses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import (
    CommuniqueError,
    ConfigError,
    DuplicateError,
    FetchError,
    InputError,
    KeyReuseError,
    ModelError,
    NotFoundError,
    StoreError,
)
from ..ingest.fetch import Resolver, system_resolver
from ..report.html import environment, render_report
from ..settings import Options
from ..store import Store
from .api import router as api_router
from .apidocs import router as api_docs
from .deps import NEEDS_TOKEN, AppState, rate_check, require_read, state, token_of, unauthorized
from .exports import router as export_pages
from .flagged import router as flagged_pages
from .forms import first_field, form_type, pasted, uploaded
from .ledger import router as ledger_pages
from .messages import invalid_request

# Scripts only from this origin (the vendored htmx): no inline script or handler ever runs.
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; frame-ancestors 'none'"
)
STATIC = Path(__file__).parent / "static"
# Most specific first: the first class an error is an instance of gives its status.
_STATUS: tuple[tuple[type[CommuniqueError], int], ...] = (
    (KeyReuseError, 422),
    (NotFoundError, 404),
    (DuplicateError, 409),
    (InputError, 400),
    (FetchError, 400),
    (ConfigError, 400),
    (ModelError, 503),
    (StoreError, 503),
)


class BodyLimit:
    """Caps every request body at ``limit`` bytes as it arrives: a declared Content-Length over the cap
    is refused at once, and a body sent without one (chunked) is counted, and at the cap the app is told
    the client left while the client gets the 413 (whatever the app then tries to send is dropped)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message_413 = f"request body over {self.limit / 1e6:.0f} MB"
        declared = dict(scope.get("headers") or []).get(b"content-length")
        try:
            too_big = declared is not None and int(declared) > self.limit
        except ValueError:
            too_big = True
        if too_big:
            await _send_error(send, 413, message_413)
            return
        seen, started, answered = 0, False, False

        async def counted() -> Message:
            nonlocal seen, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    if not started:
                        await _send_error(send, 413, message_413)
                    answered = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if answered:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not answered:
                raise


#: What a form is told when its first field is not the token (or not complete within ``FORM_PEEK``).
TOKEN_FIRST = (
    f"{NEEDS_TOKEN}: a form sends it as its first field, named token "
    "(or as the communique_token cookie or an Authorization: Bearer header)"
)
#: How much of a form's body is read to find its first field, the token, before the token is decided.
FORM_PEEK = 8192
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenFirst:
    """A write's token is decided before its body is read (a write: any request other than GET, HEAD,
    OPTIONS), so an anonymous client cannot make the server read, hold and parse a large body.

    - Under /api/ the token must be in the headers (``Authorization: Bearer`` or the token cookie);
      without a valid one the answer is 401 with the API's ``{"error": …}`` and no byte of the body is
      read.
    - Elsewhere (the page forms) a valid token in the headers lets the request through untouched. A
      form body (``multipart/form-data`` or ``application/x-www-form-urlencoded``) without one is read
      only up to the end of its first field, at most ``FORM_PEEK`` bytes: that field must be named
      ``token`` and hold a valid token (the pages' forms put it first, so browsers send it first). Then
      the bytes read are handed to the app ahead of the rest of the body, which the app parses as
      before; otherwise the answer is the error page, 401, and nothing more of the body is read.
      Other bodies go to the app, whose form routes read none of them (no form field, no token: 401).

    The routes still check the token themselves."""

    def __init__(self, app: ASGIApp, check: Any) -> None:
        self.app = app
        self.check = check  # token -> bool (a database read: run in a worker thread)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")
        content_type = Headers(scope=scope).get("content-type", "")
        if not api and form_type(content_type) is None:
            await self.app(scope, receive, send)
            return
        token = token_of(Request(scope))
        if token and await run_in_threadpool(self.check, token):
            await self.app(scope, receive, send)
            return
        if api:
            await _send_error(send, 401, NEEDS_TOKEN, www_authenticate=True)
            return
        await self._form(scope, receive, send, content_type)

    async def _form(self, scope: Scope, receive: Receive, send: Send, content_type: str) -> None:
        """The form's first field decides: the app with the whole body, or 401 after at most
        ``FORM_PEEK`` bytes (and whatever else the chunk that crossed it held)."""
        chunks: list[bytes] = []
        size, more, field = 0, True, None
        while field is None:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left (or the body was over the size cap, already answered)
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = bool(message.get("more_body", False))
            field = first_field(content_type, b"".join(chunks)[:FORM_PEEK], not more and size <= FORM_PEEK)
            if field is None and (size >= FORM_PEEK or not more):
                field = ("", "")  # the first field does not end within the peek
        name, value = field
        if name != "token":
            await _send_error(send, 401, TOKEN_FIRST, www_authenticate=True, page=True)
            return
        if not value or not await run_in_threadpool(self.check, value):
            await _send_error(send, 401, NEEDS_TOKEN, www_authenticate=True, page=True)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": more}

        await self.app(scope, replay, send)


#: The headers every answer carries, also those sent before the app sees the request (401, 413).
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


async def _send_error(
    send: Send, status: int, message: str, *, www_authenticate: bool = False, page: bool = False
) -> None:
    """An answer sent before the app sees the request: the API's ``{"error": …}``, or with ``page`` the
    error page the routes give."""
    if page:
        body = environment().get_template("error.html.j2").render(message=message).encode()
        media = b"text/html; charset=utf-8"
    else:
        body, media = bytes(JSONResponse({"error": message}).body), b"application/json"
    headers = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    if www_authenticate:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": [*headers, *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _status_of(exc: CommuniqueError) -> int:
    return next((code for cls, code in _STATUS if isinstance(exc, cls)), 400)


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
        docs_url=None,  # served by web.apidocs with local assets
        redoc_url=None,
    )
    app.state.communique = AppState(
        opts, store or Store.from_options(opts), resolver or system_resolver, transport
    )

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):  # the OpenAPI UI loads its own assets
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    # the token before the body (inner), the size as the body arrives (outer)
    app.add_middleware(TokenFirst, check=app.state.communique.store.check_token)
    # a source and a few articles in one form
    app.add_middleware(BodyLimit, limit=opts.max_bytes * 4 + 100_000)

    def error(request: Request, status: int, message: str, headers: Any = None) -> Response:
        """The one error shape: ``{"error": "…"}`` under /api, the error page elsewhere."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        page = environment().get_template("error.html.j2").render(message=message)
        return HTMLResponse(page, status_code=status, headers=headers)

    @app.exception_handler(CommuniqueError)
    async def on_error(request: Request, exc: CommuniqueError) -> Response:
        return error(request, _status_of(exc), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> Response:
        # anything unexpected (a bug): the one error shape, never a plain-text 500; the server's log
        # keeps the traceback
        return error(request, 500, f"internal error ({type(exc).__name__})")

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        return error(request, 422, invalid_request(exc.errors()))

    app.include_router(api_router, prefix="/api/v1")
    app.include_router(ledger_pages)
    app.include_router(flagged_pages)
    app.include_router(export_pages)
    app.include_router(api_docs)
    _pages(app)
    return app


def _pages(app: FastAPI) -> None:
    env = environment()

    @app.get("/", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def library(st: Annotated[AppState, Depends(state)]) -> str:
        from ..store.flagged import run_counts

        runs = st.store.runs(50)
        return env.get_template("library.html.j2").render(
            runs=runs,
            counts=run_counts(st.store, [r["id"] for r in runs]),
            documents=st.store.documents(100),
            version=__version__,
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
        outlet: Annotated[str, Form()] = "",
    ) -> Response:
        secret = token or token_of(request)
        if not st.store.check_token(secret):
            raise unauthorized()
        rate_check(request, st, secret)
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

    @app.get("/runs/{run_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def run_page(run_id: int, st: Annotated[AppState, Depends(state)], show: str = "flagged") -> str:
        return render_report(*st.store.run_with_source(run_id), standalone=False, run_id=run_id, show=show)

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
        return render_sentences(data, text, article, show, run_id)

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
        request: Request,
        st: Annotated[AppState, Depends(state)],
        token: Annotated[str, Form()] = "",
        old_text: Annotated[str, Form()] = "",
        new_text: Annotated[str, Form()] = "",
    ) -> str:
        secret = token or token_of(request)
        if not st.store.check_token(secret):
            raise unauthorized()
        rate_check(request, st, secret)
        from ..diff import diff_provisions
        from ..report.diffout import diff_to_dict, render_diff_html

        old, new = st.document(name="earlier", text=old_text), st.document(name="later", text=new_text)
        result = diff_provisions(*(st.checker.provisions(st.checker.segment(d)) for d in (old, new)))
        return render_diff_html(
            diff_to_dict(
                result, {"path": "earlier", "title": old.title}, {"path": "later", "title": new.title}
            )
        )

    @app.get("/statements", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def statements_page(st: Annotated[AppState, Depends(state)]) -> str:
        from ..library import Library

        return env.get_template("statements.html.j2").render(entries=Library(st.store).entries())

    @app.get("/outlets", response_class=HTMLResponse, dependencies=[Depends(require_read)])
    def outlets_page(st: Annotated[AppState, Depends(state)]) -> str:
        from ..outlets import scorecard_svg, scorecards

        cards = scorecards(st.store.article_summaries())
        # the charts are built with every name escaped (communique.outlets.scorecard_svg)
        return env.get_template("outlets.html.j2").render(cards=cards, svgs=[scorecard_svg(c) for c in cards])

    @app.get("/outlets.csv", dependencies=[Depends(require_read)])
    def outlets_csv(st: Annotated[AppState, Depends(state)]) -> Response:
        from ..outlets import scorecards, scorecards_csv

        body = scorecards_csv(scorecards(st.store.article_summaries()))
        return Response(body, media_type="text/csv; charset=utf-8")


__all__ = ["CSP", "AppState", "create_app"]
