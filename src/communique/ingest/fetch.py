"""Fetching a document by URL: public addresses only, with a timeout and a size cap.

Every hop of a redirect is checked: the host must resolve only to public (global) addresses, so
loopback, private, link-local, multicast and reserved ranges are refused. The resolver and the HTTP
transport are injectable, so tests never touch the network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError

Resolver = Callable[[str], list[str]]


def system_resolver(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host}: {exc.strerror}") from None


def check_public(url: str, resolve: Resolver = system_resolver) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) to a host with only public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(f"no host in URL {url!r}")
    try:
        addresses = [host] if ipaddress.ip_address(host) else []
    except ValueError:
        addresses = resolve(host)
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    for a in addresses:
        ip = ipaddress.ip_address(a)
        if not ip.is_global or ip.is_multicast:
            raise FetchError(f"refused: {host} resolves to a non-public address ({a})")


def fetch(
    url: str,
    *,
    timeout: float = 15.0,
    max_bytes: int = 20_000_000,
    resolve: Resolver = system_resolver,
    transport: httpx.BaseTransport | None = None,
    max_redirects: int = 5,
) -> tuple[bytes, str]:
    """The body and final URL of a public web page; every failure is a one-line ``FetchError``."""
    headers = {"User-Agent": "communique (+https://github.com/communique-project/communique)"}
    with httpx.Client(
        transport=transport, timeout=timeout, follow_redirects=False, headers=headers
    ) as client:
        for _ in range(max_redirects + 1):
            check_public(url, resolve)
            try:
                with client.stream("GET", url) as resp:
                    if resp.is_redirect and "location" in resp.headers:
                        url = urljoin(url, resp.headers["location"])
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {resp.status_code}")
                    declared = int(resp.headers.get("content-length") or 0)
                    if declared > max_bytes:
                        raise FetchError(
                            f"{url}: {declared / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit"
                        )
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchError(f"{url}: larger than the {max_bytes / 1e6:.0f} MB limit")
                    return bytes(body), url
            except httpx.TimeoutException:
                raise FetchError(f"{url}: no answer within {timeout:.0f} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {exc.__class__.__name__}") from None
    raise FetchError(f"{url}: more than {max_redirects} redirects")
