"""What the API and the pages share: the app's state, the read, write and rate checks, idempotency keys."""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import re
import threading
import time
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from ..errors import InputError
from ..ingest import document_from_bytes, document_from_text, text_bytes
from ..ingest.fetch import Resolver, fetch
from ..models import Document
from ..pipeline import Checker
from ..report import result_to_dict
from ..settings import Options
from ..store import IdempotencyKey, Store


class RateLimiter:
    """A sliding one-minute window per key (a token's digest, a client address)."""

    def __init__(self, per_minute: int, clock: Any = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, keys: list[str]) -> float | None:
        """Count one request against every key; the seconds to wait if any key is over its limit."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        with self._lock:
            waits = []
            for key in keys:
                q = self._hits.setdefault(key, collections.deque())
                while q and q[0] <= now - 60.0:
                    q.popleft()
                if len(q) >= self.per_minute:
                    waits.append(q[0] + 60.0 - now)
            if waits:
                return float(max(1.0, *waits))
            for key in keys:
                self._hits[key].append(now)
            if len(self._hits) > 10_000:  # forget idle keys
                for key in [k for k, q in self._hits.items() if not q or q[-1] <= now - 60.0]:
                    del self._hits[key]
            return None


@dataclasses.dataclass
class AppState:
    options: Options
    store: Store
    resolver: Resolver
    transport: Any
    _checker: Checker | None = None
    limiter: RateLimiter = dataclasses.field(default_factory=lambda: RateLimiter(0))

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.options.rate_limit)

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
        if len(text_bytes(text, name)) > self.options.max_bytes:
            raise InputError(f"{name}: the text is over the {self.options.max_bytes / 1e6:.0f} MB limit")
        return document_from_text(text, name)

    def check(
        self,
        source: Document,
        articles: list[Document],
        idempotency: IdempotencyKey | None = None,
        on_replay: Any = None,
    ) -> tuple[int, dict[str, Any]]:
        """Check and store; ``on_replay`` is called when a write with the same key landed first."""
        result = self.checker.check(source, articles)
        data = result_to_dict(result)
        run_id = self.store.save_check(result, data, self.options, idempotency, on_replay=on_replay)
        return run_id, data


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


def token_scope(token: str | None) -> str:
    """Who a token is, without the token: its SHA-256."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def rate_check(request: Request, st: AppState, token: str | None) -> None:
    """One heavy request against the client address's and the token's budget; 429 when over."""
    keys = [f"addr:{request.client.host if request.client else '?'}"]
    if token:
        keys.append(f"token:{token_scope(token)}")
    wait = st.limiter.take(keys)
    if wait is not None:
        raise HTTPException(
            status_code=429,
            detail=f"too many requests: {st.options.rate_limit} heavy requests a minute are allowed",
            headers={"Retry-After": str(round(wait))},
        )


def heavy(request: Request, st: Annotated[AppState, Depends(state)]) -> None:
    """Checks, analyses, diffs and fetches: a token always, and the rate limit."""
    check_heavy(request, st, token_of(request))


def check_heavy(request: Request, st: AppState, token: str | None) -> None:
    """``heavy`` for a token given another way (a page form's field): valid, then the rate limit."""
    if not st.store.check_token(token):
        raise unauthorized()
    rate_check(request, st, token)


_KEY = re.compile(r"[\x21-\x7e]{1,200}")


def idempotency_key(request: Request, endpoint: str, payload: bytes) -> IdempotencyKey | None:
    """The request's ``Idempotency-Key`` (1-200 visible ASCII characters), bound to its sender and body."""
    raw = request.headers.get("idempotency-key")
    if raw is None:
        return None
    raw = raw.strip().strip('"')
    if not _KEY.fullmatch(raw):
        raise InputError("the Idempotency-Key header must be 1 to 200 visible ASCII characters")
    return IdempotencyKey(
        scope=token_scope(token_of(request)),
        endpoint=endpoint,
        key=raw,
        request_sha256=hashlib.sha256(payload).hexdigest(),
    )


#: What a request without a valid token is told (by the routes and by ``communique.web.TokenFirst``).
NEEDS_TOKEN = "a valid token is needed (communique token create NAME)"


def unauthorized() -> Exception:
    return HTTPException(
        status_code=401,
        detail=NEEDS_TOKEN,
        headers={"WWW-Authenticate": "Bearer"},
    )
