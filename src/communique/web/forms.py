"""What the page forms share: text pasted into a form, as the document it stands for; a form body's
first field, read before the rest of the body (the token, ``communique.web.TokenFirst``)."""

from __future__ import annotations

import codecs
import re
from email.message import Message
from urllib.parse import unquote_plus

from fastapi import UploadFile

from ..errors import InputError

_LINE_END = re.compile(r"\r\n?")


def pasted(text: str) -> str:
    """Pasted text without what the form added: browsers send a textarea's line breaks as CRLF whatever
    the text had, and a paste often ends with stray blank space. Lines end with LF and the end is
    trimmed, so the same article pasted or uploaded (an LF file) is one document with the same offsets."""
    return _LINE_END.sub("\n", text).rstrip()


async def uploaded(upload: UploadFile | None, limit: int) -> bytes | None:
    """A form's file, read up to ``limit`` bytes; None when no file was chosen."""
    if upload is None or not upload.filename:
        return None
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{upload.filename}: larger than the {limit / 1e6:.0f} MB limit")
    return data


MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"


def form_type(content_type: str) -> str | None:
    """``multipart/form-data`` or ``application/x-www-form-urlencoded`` when a Content-Type is one of
    the two form encodings the form parser reads (in any letter case), else None."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media if media in {MULTIPART, URLENCODED} else None


def _param(header: str, name: str) -> str | None:
    """A parameter of a header value (``boundary`` of a Content-Type, ``name`` of a Content-Disposition),
    unquoted; None when it is missing or encoded in the RFC 2231 form."""
    message = Message()
    message["x"] = header
    value = message.get_param(name, header="x")
    return value if isinstance(value, str) else None


def _decode(data: bytes, charset: str) -> str:
    try:
        return data.decode(charset)
    except UnicodeDecodeError:
        return data.decode("latin-1")


def first_field(content_type: str, body: bytes, ended: bool) -> tuple[str, str] | None:
    """The name and value of a form body's first field, read from the body's start as the form parser
    reads it: None while the field is not complete and more of the body may come (``ended`` False);
    ``("", "")`` for a body that does not begin with a well-formed field, for a first part that is a
    file, and for a Content-Type that is not a form.

    A multipart field is complete at the delimiter that follows its value, an urlencoded one at the
    first ``&`` (or at the end of the body)."""
    bad = ("", "")
    kind = form_type(content_type)
    if kind == URLENCODED:
        data = body.lstrip(b"&")  # the parser skips empty fields
        end = data.find(b"&")
        if end == -1:
            if not ended:
                return None
            end = len(data)
        key, _, raw = data[:end].partition(b"=")
        return unquote_plus(key.decode("latin-1")), unquote_plus(raw.decode("latin-1"))
    boundary = _param(content_type, "boundary") if kind == MULTIPART else None
    if not boundary:
        return bad
    charset = _param(content_type, "charset") or "utf-8"
    try:
        charset = codecs.lookup(charset).name
    except LookupError:
        charset = "latin-1"
    delimiter = b"--" + boundary.encode("latin-1")
    opening = delimiter + b"\r\n"
    data = body.lstrip(b"\r\n")  # the parser skips blank lines before the first delimiter
    if not data.startswith(opening):
        return None if not ended and opening.startswith(data) else bad
    # the part's headers end at a blank line (right after the delimiter's line when it has none)
    headers_end = data.find(b"\r\n\r\n", len(opening) - 2)
    if headers_end == -1:
        return None if not ended else bad
    value_end = data.find(b"\r\n" + delimiter, headers_end + 4)
    if value_end == -1:
        return None if not ended else bad
    disposition = ""
    for line in data[len(opening) : headers_end].split(b"\r\n"):
        field, colon, value = line.partition(b":")
        if colon and field.strip().lower() == b"content-disposition":
            disposition = _decode(value.strip(), charset)
    name = _param(disposition, "name") if disposition else None
    if name is None or _param(disposition, "filename") is not None:
        return bad
    return name, _decode(data[headers_end + 4 : value_end], charset)
