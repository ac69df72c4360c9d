"""Fetching a document by URL: public addresses only, with a timeout and a size cap.

Every hop of a redirect is checked: the host must resolve only to public (global) addresses, so
loopback, private, link-local, multicast and reserved ranges are refused. The connection then goes to
the address that was checked — the host is resolved once per hop, never again by the HTTP client — so a
name that answers with a public address to the check and a private one to the connection (DNS
rebinding) cannot reach the private one; the name still goes in the Host header and, for https, in
TLS's server name, against which the certificate is verified. The resolver and the HTTP transport are
injectable, so tests never touch the network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ..errors import FetchError

Resolver = Callable[[str], list[str]]


def system_resolver(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host}: {exc.strerror}") from None


def check_public(url: str, resolve: Resolver = system_resolver) -> list[str]:
    """The host's addresses; ``FetchError`` unless ``url`` is http(s) to a host with only public ones."""
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
    return addresses


def pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, Any]]:
    """``url`` rewritten to connect to ``address``, with the Host header and TLS server name it needs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    ip = ipaddress.ip_address(address)
    netloc = f"[{ip}]" if ip.version == 6 else str(ip)
    if parts.port is not None:
        netloc += f":{parts.port}"
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions: dict[str, Any] = {}
    if parts.scheme == "https":
        extensions["sni_hostname"] = host
    return urlunsplit(parts._replace(netloc=netloc)), {"Host": host_header}, extensions


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
            addresses = check_public(url, resolve)
            target, host_header, extensions = pinned(url, addresses[0])
            try:
                with client.stream("GET", target, headers=host_header, extensions=extensions) as resp:
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
