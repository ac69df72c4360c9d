"""Exports from the contract JSON: a CSV of findings, and schema.org ClaimReview for flagged claims.

ClaimReview is the markup fact-checkers publish (https://schema.org/ClaimReview). Each flagged claim
becomes one review: the sentence as ``claimReviewed``, the article as where it appeared (its title, and
its URL when it has one), the outlet as the claim's author, the verdict as a rating (1 worst to 5 best,
with the verdict's name), the explanation as ``reviewBody``, and, when the reports are published
somewhere, the sentence's permalink there as the review's ``url``.

``export_run`` writes a stored run in any of the formats without checking anything again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

FLAGGED = ("partial", "misquote", "unsupported", "contradicted")
#: Verdict → (rating 1-5, the rating's name as a reader sees it).
RATINGS = {
    "supported": (5, "Supported by the statement"),
    "partial": (3, "Partly supported: adds to the statement"),
    "misquote": (2, "Misquote"),
    "unsupported": (2, "Not in the statement"),
    "contradicted": (1, "Contradicted by the statement"),
}


#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will show, not run: text starting with = + - @ (or a tab, a carriage
    return, or their full-width forms) gets a leading apostrophe, as OWASP recommends; numbers stay."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text with every cell passed through ``safe_cell``: the one way this project writes CSV."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for row in rows:
        w.writerow(safe_cell(v) for v in row)
    return buf.getvalue()


def findings_csv(data: dict[str, Any], source_text: str = "") -> str:
    """One row per article sentence, with its verdict, the flag's ``confidence`` (blank where the JSON
    gives none), issues, quotes and evidence: its spans in the source and, given the source's text, the
    passages' words (``evidence_text``, joined by " | ")."""
    return csv_text(
        [
            "article",
            "sentence",
            "start",
            "end",
            "kind",
            "verdict",
            "score",
            "confidence",
            "explanation",
            "issues",
            "quotes",
            "evidence",
            "evidence_text",
            "text",
        ],
        (
            [
                a.get("path", ""),
                n,
                s["start"],
                s["end"],
                s["kind"],
                s.get("verdict") or "",
                s.get("score", ""),
                "" if s.get("confidence") is None else s["confidence"],
                s.get("explanation") or "",
                "; ".join(f"{i['type']}: {i['text']}" for i in s.get("issues", [])),
                "; ".join(f"{q['status']}: {q['text']}" for q in s.get("quotes", [])),
                "; ".join(f"{e['start']}-{e['end']}" for e in s.get("evidence", [])),
                " | ".join(source_text[e["start"] : e["end"]] for e in s.get("evidence", [])),
                s["text"],
            ]
            for a in data.get("articles", [])
            for n, s in enumerate(a.get("sentences", []))
        ),
    )


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname if url.startswith(("http://", "https://")) else None
    return host[4:] if host and host.startswith("www.") else host


def claim_reviews(
    data: dict[str, Any],
    *,
    author: str = "communique",
    published: str | None = None,
    url: str | None = None,
    outlets: Sequence[dict[str, Any]] | None = None,
    run_id: int | None = None,
) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects for every flagged claim.

    ``author``: who publishes the reviews; ``url``: where the reports are published (the web app's
    address), giving each review the permalink of its sentence there (with ``run_id``); ``outlets``: per
    article, in order, what the store knows of it (``outlet``, ``published``, ``title``, ``path``)."""
    day = published or date.today().isoformat()
    source = data.get("source", {})
    base = url.rstrip("/") if url else None
    reviewer: dict[str, Any] = {"@type": "Organization", "name": author or "communique"}
    if base:
        reviewer["url"] = base
    reviews = []
    for n, a in enumerate(data.get("articles", [])):
        known = outlets[n] if outlets is not None and n < len(outlets) else {}
        path = str(known.get("path") or a.get("path", ""))
        name = a.get("title") or known.get("title") or path.rsplit("/", 1)[-1]
        appearance: dict[str, Any] = {"@type": "CreativeWork", "name": name}
        if path.startswith(("http://", "https://")):
            appearance["url"] = path
        outlet = known.get("outlet") or _host(path)
        claim: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
        if outlet:
            claim["author"] = {"@type": "Organization", "name": outlet}
            appearance["publisher"] = {"@type": "Organization", "name": outlet}
        if known.get("published"):
            claim["datePublished"] = str(known["published"])[:10]
            appearance["datePublished"] = str(known["published"])[:10]
        claim["about"] = {"@type": "CreativeWork", "name": source.get("title") or source.get("path")}
        for i, s in enumerate(a.get("sentences", [])):
            verdict = s.get("verdict")
            if verdict not in FLAGGED:
                continue
            value, rating = RATINGS[verdict]
            review: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "datePublished": day,
                "author": reviewer,
                "claimReviewed": s["text"],
                "itemReviewed": claim,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": rating,
                },
                "reviewBody": s.get("explanation") or rating,
            }
            if base:
                review["url"] = f"{base}/runs/{run_id}?show=all#a{n}s{i}" if run_id is not None else base
            reviews.append(review)
    return reviews


def claim_reviews_json(data: dict[str, Any], **kwargs: Any) -> str:
    return json.dumps(claim_reviews(data, **kwargs), ensure_ascii=False, indent=1)


#: The formats a stored run is exported in, with the media type and file suffix of each.
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "claimreview": ("application/ld+json", "claimreview.json"),
    "html": ("text/html; charset=utf-8", "html"),
    "json": ("application/json", "json"),
}


def export_run(
    data: dict[str, Any],
    source_text: str,
    fmt: str,
    *,
    run_id: int | None = None,
    outlets: Sequence[dict[str, Any]] | None = None,
    author: str = "",
    url: str | None = None,
    published: str | None = None,
) -> str:
    """A stored run (its contract JSON and its source's text) in ``fmt``: csv, claimreview, html, json."""
    if fmt == "csv":
        return findings_csv(data, source_text)
    if fmt == "claimreview":
        return claim_reviews_json(
            data, author=author or "communique", url=url, outlets=outlets, run_id=run_id, published=published
        )
    if fmt == "html":
        from .html import render_report

        return render_report(data, source_text)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1)
    from ..errors import InputError

    raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORTS)}")
