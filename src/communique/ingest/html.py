"""Main-text extraction from HTML with trafilatura (navigation, share bars, scripts dropped)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    date: str | None


def extract_html(html: str, name: str) -> Extracted:
    try:
        import trafilatura
    except ImportError as exc:  # lxml 6 needs lxml_html_clean beside trafilatura
        raise InputError(
            f"{name}: HTML extraction is unavailable ({exc})", hint="pip install trafilatura lxml_html_clean"
        ) from None
    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        include_links=False,
        deduplicate=False,
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        raise InputError(f"{name}: no main text found in the HTML")
    title = getattr(result, "title", None) or None
    date = getattr(result, "date", None) or None
    return Extracted(text=text, title=title, date=date)
