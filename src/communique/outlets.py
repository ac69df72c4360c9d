"""Outlet scorecards: across every checked article, per outlet — claims checked, the share of each
verdict, misquotes, paragraphs of the source left out — and the same by month.

An outlet is the site an article came from (a URL's host) or the outlet its input names (a manifest's or
a JSONL row's ``outlet``); articles with neither are counted under ``(unknown)``. Each article counts
once, as its latest run found it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .report.exports import csv_text

VERDICTS = ("supported", "partial", "misquote", "unsupported", "contradicted")
FLAGGED = ("partial", "misquote", "unsupported", "contradicted")
UNKNOWN = "(unknown)"


@dataclass(slots=True)
class Period:
    claims: int = 0
    flagged: int = 0
    articles: int = 0


@dataclass(slots=True)
class OutletCard:
    outlet: str
    articles: int = 0
    claims: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    omitted: int = 0
    months: dict[str, Period] = field(default_factory=dict)

    @property
    def misquotes(self) -> int:
        return self.verdicts["misquote"]

    @property
    def flagged(self) -> int:
        return sum(self.verdicts[v] for v in FLAGGED)

    def share(self, verdict: str) -> float:
        return self.verdicts[verdict] / self.claims if self.claims else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "articles": self.articles,
            "claims": self.claims,
            "verdicts": dict(self.verdicts),
            "shares": {v: round(self.share(v), 4) for v in VERDICTS},
            "misquotes": self.misquotes,
            "omitted_paragraphs": self.omitted,
            "omitted_per_article": round(self.omitted / self.articles, 2) if self.articles else 0.0,
            "months": {
                m: {"articles": p.articles, "claims": p.claims, "flagged": p.flagged}
                for m, p in sorted(self.months.items())
            },
        }


def scorecards(summaries: Sequence[dict[str, Any]]) -> list[OutletCard]:
    """Cards from ``Store.article_summaries()``, most claims first."""
    cards: dict[str, OutletCard] = {}
    for a in summaries:
        name = a.get("outlet") or UNKNOWN
        card = cards.setdefault(name, OutletCard(name))
        card.articles += 1
        card.omitted += int(a.get("omitted") or 0)
        month = str(a.get("published") or "")[:7] or "undated"
        period = card.months.setdefault(month, Period())
        period.articles += 1
        for (kind, verdict), n in a.get("counts", {}).items():
            if kind != "claim" or verdict not in card.verdicts:
                continue
            card.verdicts[verdict] += n
            card.claims += n
            period.claims += n
            if verdict in FLAGGED:
                period.flagged += n
    return sorted(cards.values(), key=lambda c: (-c.claims, c.outlet))


CSV_HEADER = [
    "outlet",
    "articles",
    "claims",
    *VERDICTS,
    *(f"{v}_share" for v in VERDICTS),
    "omitted_paragraphs",
    "omitted_per_article",
]


def scorecards_csv(cards: Sequence[OutletCard]) -> str:
    rows: list[list[Any]] = []
    for c in cards:
        d = c.as_dict()
        rows.append(
            [
                c.outlet,
                c.articles,
                c.claims,
                *(c.verdicts[v] for v in VERDICTS),
                *(f"{d['shares'][v]:.4f}" for v in VERDICTS),
                c.omitted,
                d["omitted_per_article"],
            ]
        )
    return csv_text(CSV_HEADER, rows)


_COLOURS = {
    "supported": "#2e7d32",
    "partial": "#f9a825",
    "misquote": "#6a1b9a",
    "unsupported": "#757575",
    "contradicted": "#c62828",
}


def scorecard_svg(card: OutletCard, width: int = 320) -> str:
    """A stacked bar of the outlet's verdict shares, and below it the share flagged per month."""
    bar_h, gap, chart_h = 18, 8, 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{bar_h + gap + chart_h + 16}" '
        f'role="img" aria-label="{escape(card.outlet)}: verdict shares and share flagged by month">'
    ]
    x = 0.0
    for v in VERDICTS:
        w = card.share(v) * width
        if w > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{bar_h}" fill="{_COLOURS[v]}">'
                f"<title>{v}: {card.verdicts[v]} ({card.share(v):.0%})</title></rect>"
            )
            x += w
    if not card.claims:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{bar_h}" fill="#e0e0e0"/>')
    months = sorted(card.months.items())
    if months:
        step = width / len(months)
        top = bar_h + gap
        for i, (m, p) in enumerate(months):
            share = p.flagged / p.claims if p.claims else 0.0
            h = share * chart_h
            parts.append(
                f'<rect x="{i * step + 1:.1f}" y="{top + chart_h - h:.1f}" width="{max(1.0, step - 2):.1f}" '
                f'height="{h:.1f}" fill="#c62828"><title>{escape(m)}: {p.flagged} of {p.claims} claims '
                f"flagged</title></rect>"
            )
        parts.append(
            f'<text x="0" y="{top + chart_h + 12}" font-size="10">{escape(months[0][0])}</text>'
            f'<text x="{width}" y="{top + chart_h + 12}" font-size="10" text-anchor="end">'
            f"{escape(months[-1][0])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
