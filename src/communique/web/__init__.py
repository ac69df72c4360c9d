"""The web app: a REST API under /api/v1 and server-rendered pages, over the same library calls.

``create_app`` builds a FastAPI app on one store. Writes need a token (``communique token create``;
only a hash is stored); reads are open or need a token too (setting ``api_read``). Every page is
rendered by the report templates with autoescaping, served with a Content-Security-Policy that allows
no script at all, and uploads and fetched pages are capped at ``max_bytes``. URLs are fetched only
from public addresses.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
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
from ..report.html import environment
from ..settings import Options
from ..store import Store
from .api import router as api_router
from .apidocs import router as api_docs
from .deps import NEEDS_TOKEN, AppState, token_of
from .diff import router as diff_pages
from .exports import router as export_pages
from .flagged import router as flagged_pages
from .forms import first_field, form_type
from .ledger import router as ledger_pages
from .library import router as library_pages
from .messages import invalid_request
from .outlets import router as outlet_pages
from .runs import router as run_pages

# Scripts only from this origin (the vendored htmx): no inline script or handler ever runs.
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; frame-ancestors 'none'"
)
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
    app.include_router(library_pages)
    app.include_router(run_pages)
    app.include_router(diff_pages)
    app.include_router(outlet_pages)
    return app


__all__ = ["CSP", "AppState", "create_app"]
