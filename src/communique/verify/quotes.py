"""Quotations: words inside quotation marks must be in the source.

An altered quotation (words added, dropped or substituted in a passage that is found) is a misquote; so
is a quotation of ``min_words`` words or more that no passage comes close to: the source does not say it.
A shorter one ("so-called"), or a short name in capitals ("CPEC 2.0", "Blue Deal"), is a label or a scare
quote: recorded as ``quote_not_found`` without flagging the sentence. A cut marked by an ellipsis ("…" or "...") is no alteration: each part is looked
up on its own (``quotes.QuoteFinder``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..claims import Claim
from ..models import Issue
from .base import Check, Evidence, Finding
from .context import VerifyContext


def _short_name(text: str) -> bool:
    """A short quoted name: three words at most, each capitalised or a number ("CPEC 2.0", "Blue Deal")."""
    words = text.strip(" .,;:!?").split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    out = []
    for q in evidence.quotes:
        if q.status == "altered":
            src = q.closest.text if q.closest else ""
            out.append(Finding(Issue("quote_altered", q.text, f"source: {src}", q.start, q.end), "misquote"))
        elif q.status == "not_found":
            long_ = len(q.text.split()) >= cfg["min_words"] and not _short_name(q.text)
            out.append(
                Finding(
                    Issue("quote_not_found", q.text, "no close passage in the source", q.start, q.end),
                    "misquote" if long_ else None,
                )
            )
    return out


CHECK = Check(
    "quotes",
    ("quote_altered", "quote_not_found"),
    run,
    defaults={"min_words": 2},
    needs_evidence=False,
    needs_parse=False,
    summary="quoted words altered, or a quotation of several words the source does not contain",
)
