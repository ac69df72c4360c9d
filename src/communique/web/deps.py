"""What the API and the pages share: the app's state, and the read and write checks."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from ..errors import InputError
from ..ingest import document_from_bytes, document_from_text
from ..ingest.fetch import Resolver, fetch
from ..models import Document
from ..pipeline import Checker
from ..report import result_to_dict
from ..settings import Options
from ..store import Store


@dataclasses.dataclass
class AppState:
    options: Options
    store: Store
    resolver: Resolver
    transport: Any
    _checker: Checker | None = None

    @property
    def checker(self) -> Checker:
        if self._checker is None:
            self._checker = Checker(self.options.replace(progress=False))
        return self._checker

    def document(self, *, name: str, text: str = "", url: str = "", data: bytes | None = None) -> Document:
        """A document from an upload, a URL or pasted text (in that order of preference)."""
        if data:
            return document_from_bytes(data, name, max_bytes=self.options.max_bytes)
        if url:
            body, final = fetch(
                url,
                timeout=self.options.fetch_timeout,
                max_bytes=self.options.max_bytes,
                resolve=self.resolver,
                transport=self.transport,
            )
            return document_from_bytes(body, final, max_bytes=self.options.max_bytes)
        if len(text.encode("utf-8")) > self.options.max_bytes:
            raise InputError(f"{name}: the text is over the {self.options.max_bytes / 1e6:.0f} MB limit")
        return document_from_text(text, name)

    def check(self, source: Document, articles: list[Document]) -> tuple[int, dict[str, Any]]:
        result = self.checker.check(source, articles)
        data = result_to_dict(result)
        return self.store.save_check(result, data, self.options), data


def state(request: Request) -> AppState:
    st: AppState = request.app.state.communique
    return st


def token_of(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get("communique_token")


def require_read(request: Request, st: Annotated[AppState, Depends(state)]) -> None:
    if st.options.api_read == "token" and not st.store.check_token(token_of(request)):
        raise unauthorized()


def require_write(request: Request, st: Annotated[AppState, Depends(state)]) -> None:
    if not st.store.check_token(token_of(request)):
        raise unauthorized()


def unauthorized() -> Exception:
    return HTTPException(
        status_code=401,
        detail="a valid token is needed (communique token create NAME)",
        headers={"WWW-Authenticate": "Bearer"},
    )
