"""Text from PDF with pypdf; a PDF with no text layer is an error, not an empty document."""

from __future__ import annotations

import io

from ..errors import InputError


def extract_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    """Return ``(text, title)``: pages joined by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

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
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{name}: not a readable PDF ({exc.__class__.__name__})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise InputError(
            f"{name}: the PDF has no text layer (scanned pages?)",
            hint="run OCR first, e.g. ocrmypdf, then check the result",
        )
    return text, title
