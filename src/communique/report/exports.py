"""Exports from the contract JSON: a CSV of findings, and schema.org ClaimReview for flagged claims.

ClaimReview is the markup fact-checkers publish (https://schema.org/ClaimReview). Each flagged claim
becomes one review: the sentence as ``claimReviewed``, the article as where it appeared, the verdict as
a rating (1 worst to 5 best, with the verdict's name) and the explanation as ``reviewBody``.
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


def findings_csv(data: dict[str, Any]) -> str:
    """One row per article sentence, with its verdict, issues, quotes and evidence spans."""
    return csv_text(
        [
            "article",
            "sentence",
            "start",
            "end",
            "kind",
            "verdict",
            "score",
            "explanation",
            "issues",
            "quotes",
            "evidence",
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
                s.get("explanation") or "",
                "; ".join(f"{i['type']}: {i['text']}" for i in s.get("issues", [])),
                "; ".join(f"{q['status']}: {q['text']}" for q in s.get("quotes", [])),
                "; ".join(f"{e['start']}-{e['end']}" for e in s.get("evidence", [])),
                s["text"],
            ]
            for a in data.get("articles", [])
            for n, s in enumerate(a.get("sentences", []))
        ),
    )


def claim_reviews(
    data: dict[str, Any], *, author: str = "communique", published: str | None = None, url: str | None = None
) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects for every flagged claim."""
    day = published or date.today().isoformat()
    source = data.get("source", {})
    reviews = []
    for a in data.get("articles", []):
        appearance: dict[str, Any] = {"@type": "CreativeWork", "name": a.get("title") or a.get("path", "")}
        if str(a.get("path", "")).startswith(("http://", "https://")):
            appearance["url"] = a["path"]
        for s in a.get("sentences", []):
            verdict = s.get("verdict")
            if verdict not in FLAGGED:
                continue
            value, name = RATINGS[verdict]
            review: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "datePublished": day,
                "author": {"@type": "Organization", "name": author},
                "claimReviewed": s["text"],
                "itemReviewed": {
                    "@type": "Claim",
                    "appearance": [appearance],
                    "about": {"@type": "CreativeWork", "name": source.get("title") or source.get("path")},
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": name,
                },
                "reviewBody": s.get("explanation") or name,
            }
            if url:
                review["url"] = url
            reviews.append(review)
    return reviews


def claim_reviews_json(data: dict[str, Any], **kwargs: Any) -> str:
    return json.dumps(claim_reviews(data, **kwargs), ensure_ascii=False, indent=1)
