"""``serve``: the web app and the REST API on the store, with uvicorn's settings
(``server_settings``); and the ``token`` group, the API tokens that writes through them need."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import CommuniqueError
from ..settings import Options
from ._common import DbOpt, _fail, _options, app, err, out

token_app = typer.Typer(
    help="API tokens: writes through the API and web pages need one.", no_args_is_help=True
)
app.add_typer(token_app, name="token")


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    db: DbOpt = None,
    warm: Annotated[
        bool, typer.Option("--warm/--lazy", help="Load the models before serving (--lazy: on first use).")
    ] = True,
) -> None:
    """Serve the web app and the REST API (/api/v1, OpenAPI docs at /docs) on the store.

    Reading is open unless the api_read setting is "token"; checking and adding evidence need a token
    from `communique token create NAME`.
    """
    import uvicorn

    from ..web import create_app

    try:
        application = create_app(_options(db=db))
        if warm:
            # load the models now: the first check costs only its own work, not the models' loading
            checker = application.state.communique.checker
            _ = checker.nlp, checker.embedder
    except CommuniqueError as exc:
        raise _fail(exc) from None
    err.print(f"communique {__version__} on http://{host}:{port}/  (API: /api/v1, docs: /docs)")
    uvicorn.run(application, **server_settings(host, port, application.state.communique.options))


def server_settings(host: str, port: int, options: Options) -> dict[str, Any]:
    """uvicorn's settings: proxy headers are believed only from the ``trusted_proxies`` addresses (by
    default from none, so a client cannot pick its own address for the rate limit)."""
    proxies = ",".join(p.strip() for p in options.trusted_proxies.split(",") if p.strip())
    return {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or "",
    }


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who or what the token is for.")], db: DbOpt = None
) -> None:
    """Create a token; it is printed once (only its hash is stored)."""
    from ..store import Store

    try:
        token = Store.from_options(_options(db=db)).create_token(name)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    sys.stdout.write(token + "\n")
    err.print("[dim]Keep it: only its hash is stored. Send it as 'Authorization: Bearer <token>'.[/]")


@token_app.command("list")
def token_list(db: DbOpt = None) -> None:
    """Tokens by name (never the tokens themselves)."""
    from ..store import Store

    try:
        rows = Store.from_options(_options(db=db)).tokens()
    except CommuniqueError as exc:
        raise _fail(exc) from None
    for r in rows:
        out.print(
            f"{r['id']}  {r['name']}  {r['created_at']}{'  (revoked)' if r['revoked'] else ''}", markup=False
        )


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="A token id from `token list`.")], db: DbOpt = None
) -> None:
    """Revoke a token."""
    from ..store import Store

    try:
        Store.from_options(_options(db=db)).revoke_token(token_id)
    except CommuniqueError as exc:
        raise _fail(exc) from None
    out.print(f"token {token_id} revoked")
