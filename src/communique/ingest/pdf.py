"""Text from PDF with pypdf; a PDF with no text layer is an error, not an empty document."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from collections.abc import Iterator

from ..errors import InputError


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf's own warnings (logged and warned) off while it reads: the one error line is ours."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

#: The most bytes one compressed stream may inflate to (pypdf's own cap is 75 MB): a news page's text
#: never comes near it, and inflating and scanning 75 MB of a decompression bomb takes seconds.
MAX_STREAM_BYTES = 20_000_000


def extract_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    """Return ``(text, title)``: pages joined by a blank line."""
    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)  # in newer pypdf; older ones keep their 75 MB cap
    capped = (
        apply(zlib_maximum_output_length=MAX_STREAM_BYTES) if apply is not None else contextlib.nullcontext()
    )
    with _quiet(), capped:
        return _extract(data, name)


def _extract(data: bytes, name: str) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # pypdf raises several types here
                raise InputError(f"{name}: the PDF is encrypted") from None
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = None
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
    except InputError:
        raise
    except LimitReachedError:  # a stream that inflates past pypdf's caps: a decompression bomb
        raise InputError(
            f"{name}: the PDF holds a stream that decompresses past the size limit (a decompression bomb?)"
        ) from None
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise InputError(f"{name}: not a readable PDF ({exc.__class__.__name__})") from None
    # pypdf writes NUL for glyphs it cannot map and may leave lone surrogates: each becomes U+FFFD (one
    # character for one, so nothing moves), as neither can be stored or encoded
    text = _UNSTORABLE.sub("\ufffd", "\n\n".join(p for p in pages if p))
    if not text.strip():
        raise InputError(
            f"{name}: the PDF has no text layer (scanned pages?)",
            hint="run OCR first, e.g. ocrmypdf, then check the result",
        )
    return text, title
