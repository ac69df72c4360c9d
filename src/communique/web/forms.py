"""What the page forms share: text pasted into a form, as the document it stands for."""

from __future__ import annotations

import re

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
