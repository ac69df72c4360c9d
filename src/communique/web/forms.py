"""What the page forms share: text pasted into a form, as the document it stands for."""

from __future__ import annotations

import re

_LINE_END = re.compile(r"\r\n?")


def pasted(text: str) -> str:
    """Pasted text without what the form added: browsers send a textarea's line breaks as CRLF whatever
    the text had, and a paste often ends with stray blank space. Lines end with LF and the end is
    trimmed, so the same article pasted or uploaded (an LF file) is one document with the same offsets."""
    return _LINE_END.sub("\n", text).rstrip()
