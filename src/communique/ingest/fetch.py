"""Fetching a document by URL: public addresses only, with a timeout and a size cap.

Every hop of a redirect is checked: the host must resolve only to public addresses, so every range of
the IANA special-purpose registries (RFC 6890) that is not globally reachable is refused — loopback,
private, link-local, multicast, reserved, documentation — and an IPv6 address that carries an IPv4 one
(IPv4-mapped, NAT64, 6to4) is judged by that IPv4 address; Teredo is refused outright. The connection then goes to
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
        if not is_public(ipaddress.ip_address(a)):
            raise FetchError(f"refused: {host} resolves to a non-public address ({a})")
    return addresses


# The IANA special-purpose address registries (RFC 6890 and its updates), the ranges that are not
# globally reachable or are not single hosts, and the documentation and benchmarking ranges. An address
# is fetched from only when it lies in none of them and Python's ``is_global`` agrees.
BLOCKED_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local (cloud metadata services)
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments (DS-Lite, NAT64 discovery)
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the limited broadcast address
        "::/128",  # unspecified
        "::1/128",  # loopback
        "::/96",  # IPv4-compatible (deprecated)
        "::ffff:0:0/96",  # IPv4-mapped (refused unless the IPv4 address is public: see embedded_ipv4)
        "::ffff:0:0:0/96",  # IPv4-translated
        "64:ff9b::/96",  # NAT64 well-known prefix (refused unless the IPv4 address is public)
        "64:ff9b:1::/48",  # NAT64 local use
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments, with Teredo (2001::/32), benchmarking, ORCHID
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4 (refused unless the IPv4 address is public)
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: IPv4-mapped, NAT64 (well-known prefix) or 6to4."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a fetch may connect to ``ip``: an IPv6 address that carries an IPv4 one is judged by that
    IPv4 address; any other is public when it lies in no blocked network and ``is_global`` holds."""
    if isinstance(ip, ipaddress.IPv6Address):
        v4 = embedded_ipv4(ip)
        if v4 is not None:
            return is_public(v4)
    return ip.is_global and not any(ip in net for net in BLOCKED_NETWORKS)


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
