"""Coverage: which source paragraphs each article reports, and what every article left out.

Omissions are ranked by what the paragraph does: commitments and calls first, then positions, reports,
and courtesies (appreciation) last; paragraphs of equal weight keep their order in the source.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import Provision, Segmented, SentenceCheck

#: How much an omitted provision of each act matters, for ranking omissions.
ACT_WEIGHT = {"commitment": 4, "call": 4, "position": 3, "report": 2, "appreciation": 1}


def paragraph_weight(provisions: Sequence[Provision]) -> dict[int, int]:
    """The weight of each paragraph: that of its weightiest provision."""
    weight: dict[int, int] = {}
    for p in provisions:
        w = max((ACT_WEIGHT.get(a, 0) for a in p.acts), default=0)
        weight[p.paragraph] = max(weight.get(p.paragraph, 0), w)
    return weight


def rank(paragraphs: Sequence[int], provisions: Sequence[Provision]) -> tuple[int, ...]:
    """Paragraph indices, weightiest first, then in source order."""
    weight = paragraph_weight(provisions)
    return tuple(sorted(paragraphs, key=lambda i: (-weight.get(i, 0), i)))


def reportable_paragraphs(source: Segmented) -> list[int]:
    """Paragraphs holding at least one sentence that is not a heading, embed or boilerplate."""
    keep = {s.paragraph for s in source.sentences if s.kind not in {"heading", "embed", "boilerplate"}}
    return sorted(keep)


def covered(source: Segmented, checks: Sequence[SentenceCheck]) -> tuple[int, ...]:
    """Paragraphs in which a supported-enough claim of the article has evidence."""
    out: set[int] = set()
    for c in checks:
        if c.kind != "claim" or c.verdict == "unsupported":
            continue
        for e in c.evidence:
            for p in source.paragraphs:
                if e.start < p.end and p.start < e.end:
                    out.add(p.index)
    return tuple(sorted(out))


def omitted(
    source: Segmented, covered_paragraphs: Sequence[int], provisions: Sequence[Provision] = ()
) -> tuple[int, ...]:
    """Reportable paragraphs the article does not cover, ranked (commitments and calls first)."""
    cov = set(covered_paragraphs)
    return rank([p for p in reportable_paragraphs(source) if p not in cov], provisions)


def omitted_everywhere(
    source: Segmented, per_article: Sequence[Sequence[int]], provisions: Sequence[Provision] = ()
) -> tuple[int, ...]:
    """Paragraphs every article omitted (``per_article``: each article's omissions), ranked."""
    if not per_article:
        return rank(reportable_paragraphs(source), provisions)
    common = set(per_article[0])
    for cov in per_article[1:]:
        common &= set(cov)
    return rank(sorted(common), provisions)
