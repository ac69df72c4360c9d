"""Ingest: read text, Markdown, HTML and PDF into a ``Document``, keeping offsets.

The document's ``text`` is the file's text as decoded (newlines kept as they
are, a UTF-8 BOM kept as U+FEFF), or the extracted text for HTML and PDF.
Matching-normalisation (quotes, dashes, spaces) is done later by
``textnorm.fold``, which never moves an offset.
"""

from __future__ import annotations

import hashlib
import os
import re
import select
import stat
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..models import Document
from .decode import decode
from .html import extract_html
from .pdf import extract_pdf

__all__ = [
    "document_from_bytes",
    "document_from_text",
    "guess_date",
    "guess_title",
    "read_capped",
    "read_document",
    "read_file",
    "text_bytes",
]

DEFAULT_MAX_BYTES = 20_000_000
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_MD_SUFFIXES = {".md", ".markdown", ".mdown"}

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE_RE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>"
    + "|".join(_MONTHS)
    + r")|(?P<m2>"
    + "|".join(_MONTHS)
    + r")\s+(?P<d2>\d{1,2}),?)\s+(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_ISO_RE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_CONTINUES = re.compile(r"\b(of|the|and|for|on|in|to|a|an|with|between|at|by)\s*$", re.IGNORECASE)


def guess_title(text: str) -> str | None:
    """The first block when it reads as a title; a line ending in "of", "and"… runs on into the next."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n|\n", text.lstrip("\ufeff")) if b.strip()]
    if not blocks:
        return None
    title = blocks[0]
    i = 1
    while _CONTINUES.search(title) and i < len(blocks) and len(title) < 200:
        title = f"{title} {blocks[i]}"
        i += 1
    title = re.sub(r"^#+\s*", "", re.sub(r"\s+", " ", title)).strip()
    if len(title) > 200 or (title.endswith((".", "?", "!", ":")) and len(title) > 120):
        return None
    return title


def guess_date(text: str) -> str | None:
    """The first full date written in the text (ISO form), if any."""
    m = _DATE_RE.search(text[:5000])
    if m:
        month = (m.group("m1") or m.group("m2")).lower()
        day = int(m.group("d1") or m.group("d2"))
        if 1 <= day <= 31:
            return f"{int(m.group('y')):04d}-{_MONTHS.index(month) + 1:02d}-{day:02d}"
    iso = _ISO_RE.search(text[:5000])
    return iso.group(0) if iso else None


def _format_of(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        return "pdf"
    if suffix in _HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in _MD_SUFFIXES:
        return "markdown"
    return "text"


def document_from_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Build a document from raw bytes; ``name`` is used in messages and as its path."""
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data) / 1e6:.1f} MB is larger than the {max_bytes / 1e6:.0f} MB limit",
            hint="raise the max_bytes setting if this is really one document",
        )
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    sha = hashlib.sha256(data).hexdigest()
    fmt = _format_of(name, data)
    if fmt == "pdf":
        if not data.startswith(b"%PDF-"):
            raise InputError(f"{name}: has a .pdf name but is not a PDF file")
        text, title = extract_pdf(data, name)
        return Document(
            path=name,
            text=text,
            format="pdf",
            title=title or guess_title(text),
            date=guess_date(text),
            sha256=sha,
            encoding="pdf",
            derived_text=True,
        )
    text, encoding = decode(data, name)
    if not text.strip("\ufeff \t\r\n"):
        raise InputError(f"{name}: the file is empty")
    if fmt == "html":
        ex = extract_html(text, name)
        return Document(
            path=name,
            text=ex.text,
            format="html",
            title=ex.title or guess_title(ex.text),
            date=ex.date or guess_date(ex.text),
            sha256=sha,
            encoding=encoding,
            derived_text=True,
            site=ex.site,
        )
    return Document(
        path=name,
        text=text,
        format="markdown" if fmt == "markdown" else "text",
        title=guess_title(text),
        date=guess_date(text),
        sha256=sha,
        encoding=encoding,
        derived_text=encoding != "utf-8",
    )


def read_capped(fh: BinaryIO, max_bytes: int, chunk: int = 1 << 20) -> bytes | None:
    """Read at most ``max_bytes`` from a file object; ``None`` when there is more (the read stops there)."""
    buf = bytearray()
    while len(buf) <= max_bytes:
        part = fh.read(min(chunk, max_bytes + 1 - len(buf)))
        if not part:
            return bytes(buf)
        buf += part
    return None


#: Seconds a pipe or device may keep a read waiting for its next bytes.
PIPE_WAIT = 10.0


def _read_stream(path: Path, max_bytes: int, wait: float) -> bytes | None:
    """Read a pipe or device up to ``max_bytes`` (``None`` when there is more), waiting at most ``wait``
    seconds for each piece: a named pipe that no one writes to is an error, not a read that never ends."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a pipe does not wait for a writer
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        buf = bytearray()
        while len(buf) <= max_bytes:
            if not poller.poll(int(wait * 1000)):
                raise InputError(f"{path}: no data within {wait:.0f} s (a pipe that no one writes to?)")
            try:
                part = os.read(fd, min(1 << 20, max_bytes + 1 - len(buf)))
            except BlockingIOError:
                continue
            if not part:
                return bytes(buf)
            buf += part
        return None
    finally:
        os.close(fd)


def read_file(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, never more than ``max_bytes`` read whatever its size claims; else ``InputError``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size > max_bytes:
        raise InputError(
            f"{path}: {size / 1e6:.1f} MB is larger than the {max_bytes / 1e6:.0f} MB limit",
            hint="raise the max_bytes setting if this is really one document",
        )
    try:
        if stat.S_ISREG(path.stat().st_mode):
            with path.open("rb") as fh:
                data = read_capped(fh, max_bytes)
        else:  # a device or a pipe has no honest size, and a pipe may have no writer: the read is bounded
            data = _read_stream(path, max_bytes, PIPE_WAIT)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if data is None:
        raise InputError(
            f"{path}: larger than the {max_bytes / 1e6:.0f} MB limit",
            hint="raise the max_bytes setting if this is really one document",
        )
    return data


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file into a ``Document``; every failure is an ``InputError`` with one clear line."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a document", hint="a corpus folder needs a manifest.json")
    data = read_file(p, max_bytes)
    return document_from_bytes(data, str(p), max_bytes=max_bytes)


_URL = re.compile(r"(https?):/{1,2}(?=[^/])", re.I)


def url_of(spec: str | Path) -> str | None:
    """The URL a command-line argument names, else None. A path turns "https://x" into "https:/x", so
    both spellings are taken as the URL."""
    text = str(spec)
    m = _URL.match(text)
    return f"{m.group(1).lower()}://{text[m.end() :]}" if m else None


def document_from_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 15.0,
    resolve: Any = None,
    transport: Any = None,
) -> Document:
    """Fetch a page (public addresses only, the same rules as the web app: ``ingest.fetch``) and read
    it as a document named by its final URL."""
    from . import fetch as fetching

    body, final = fetching.fetch(
        url,
        timeout=timeout,
        max_bytes=max_bytes,
        resolve=resolve or fetching.system_resolver,
        transport=transport,
    )
    return document_from_bytes(body, final, max_bytes=max_bytes)


def text_bytes(text: str, name: str = "<text>") -> bytes:
    """A given text as UTF-8; ``InputError`` for what no document holds: a NUL character, or a lone
    surrogate (JSON's ``"\\ud800"``), which has no UTF-8 form."""
    if "\x00" in text:
        raise InputError(f"{name}: the text holds a NUL character")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{name}: the text is not valid Unicode (a lone surrogate at character {exc.start})"
        ) from None


def document_from_text(text: str, name: str = "<text>") -> Document:
    """A document from a Python string (pairs mode, API pastes)."""
    data = text_bytes(text, name)
    if not text.strip():
        raise InputError(f"{name}: the text is empty")
    return Document(
        path=name,
        text=text,
        format="text",
        title=guess_title(text),
        date=guess_date(text),
        sha256=hashlib.sha256(data).hexdigest(),
    )
