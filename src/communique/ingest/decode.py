"""Bytes to text: UTF-8 (with or without BOM) first, then a detected encoding."""

from __future__ import annotations

import charset_normalizer

from ..errors import InputError

# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)} | {127}


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 5% control bytes in the first 8 KiB (UTF-16 is checked before this)."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    bad = sum(1 for b in head if b in _CONTROL)
    return bad > 0.05 * max(1, len(head))


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return ``(text, encoding)``. The UTF-8 BOM is kept as U+FEFF so offsets match a plain UTF-8 read.
    A text that decodes to NUL characters is refused: no document holds them, and a database may not."""
    text, encoding = _decode(data, name)
    if "\x00" in text:
        raise InputError(
            f"{name}: holds NUL characters (a binary file, or text in another encoding than it declares)",
            hint="convert it to UTF-8, e.g. with iconv",
        )
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
    # UTF-32's little-endian mark begins with UTF-16's: it is looked for first
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError:
            raise InputError(f"{name}: has a UTF-32 byte-order mark but is not valid UTF-32") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name}: has a UTF-16 byte-order mark but is not valid UTF-16") from None
    if looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text", hint="give a text, HTML or PDF file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(
            f"{name}: cannot tell the text encoding",
            hint="convert it to UTF-8, e.g. with iconv",
        )
    # A guess with much "chaos" (mis-decoded noise) is worse than an error.
    if best.chaos > 0.3:
        raise InputError(
            f"{name}: text encoding unclear (best guess {best.encoding})",
            hint="convert it to UTF-8, e.g. with iconv",
        )
    return str(best), best.encoding
