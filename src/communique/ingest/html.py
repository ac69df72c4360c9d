"""Main-text extraction from HTML with trafilatura (navigation, share bars, scripts dropped)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError

#: Most HTML elements one page may have: a long news page has a few thousand; extraction time grows with
#: the element count (about 0.2 ms each), so a page of 100,000 tiny paragraphs is refused at once.
MAX_ELEMENTS = 60_000
_TAG = re.compile(r"<[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    date: str | None
    #: the publishing site's name from the page's metadata (og:site_name and the like), when it gives one
    site: str | None = None


def extract_html(html: str, name: str, max_elements: int = MAX_ELEMENTS) -> Extracted:
    elements = sum(1 for _ in _TAG.finditer(html))
    if elements > max_elements:
        raise InputError(
            f"{name}: {elements:,} HTML elements is more than the limit of {max_elements:,} for one page",
            hint="save the article's text alone, or split the page",
        )
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
    site = str(getattr(result, "sitename", None) or "").strip() or None
    return Extracted(text=text, title=title, date=date, site=site)
