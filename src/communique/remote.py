"""Checking through a running ``communique serve``: its models are loaded, so a check costs only its work.

The files are read here and sent as they are (base64), so the server builds the same documents a local
check would, and answers with the same contract JSON; it keeps the run in its own store. Checking needs
an API token (``communique token create NAME`` on the server's store), given in ``$COMMUNIQUE_TOKEN``.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .errors import FetchError, InputError
from .ingest import document_from_bytes, read_file
from .models import Document

#: Seconds to wait for a server's answer (a check of long articles takes a while on a busy server).
TIMEOUT = 300.0


@dataclass(frozen=True, slots=True)
class RemoteCheck:
    """A server's answer: the contract JSON, the run it stored, and the documents as read here."""

    data: dict[str, Any]
    run_id: int | None
    source: Document
    articles: tuple[Document, ...]


def _endpoint(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(f"--via {url}: not an http(s) address", hint="for example http://127.0.0.1:8000")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/api/v1/check"


def check_via(
    url: str,
    source: Path,
    articles: Sequence[Path],
    *,
    token: str | None = None,
    max_bytes: int = 20_000_000,
    transport: httpx.BaseTransport | None = None,
) -> RemoteCheck:
    """Check ``articles`` against ``source`` on the server at ``url``; ``token`` defaults to
    ``$COMMUNIQUE_TOKEN``. Any failure is one ``InputError`` (ours) or ``FetchError`` (the server's)."""
    token = token if token is not None else os.environ.get("COMMUNIQUE_TOKEN")
    if not token:
        raise InputError(
            "checking through a server needs an API token in $COMMUNIQUE_TOKEN",
            hint="communique token create NAME (on the server's store), then export COMMUNIQUE_TOKEN=…",
        )
    endpoint = _endpoint(url)
    raw = [(p, read_file(p, max_bytes)) for p in (source, *articles)]
    docs = [document_from_bytes(data, str(p), max_bytes=max_bytes) for p, data in raw]
    sent = [{"name": str(p), "data": base64.b64encode(data).decode("ascii")} for p, data in raw]
    try:
        with httpx.Client(timeout=TIMEOUT, transport=transport) as client:
            resp = client.post(
                endpoint,
                json={"source": sent[0], "articles": sent[1:]},
                headers={"Authorization": f"Bearer {token}"},
            )
    except httpx.HTTPError as exc:
        raise FetchError(
            f"--via {url}: no answer ({exc.__class__.__name__}: {exc})",
            hint="is `communique serve` running there?",
        ) from None
    try:
        body = resp.json()
    except ValueError:
        body = None
    if resp.status_code != 200 or not isinstance(body, dict):
        detail = body.get("error", body) if isinstance(body, dict) else resp.text[:200]
        raise FetchError(f"--via {url}: the server answered {resp.status_code}: {detail}")
    run_id = body.pop("run_id", None)
    return RemoteCheck(body, int(run_id) if run_id is not None else None, docs[0], tuple(docs[1:]))
