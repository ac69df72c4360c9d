"""Coverage: which source paragraphs each article reports, and what every article left out."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Segmented, SentenceCheck


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


def omitted(source: Segmented, covered_paragraphs: Sequence[int]) -> tuple[int, ...]:
    cov = set(covered_paragraphs)
    return tuple(p for p in reportable_paragraphs(source) if p not in cov)


def omitted_everywhere(source: Segmented, per_article: Sequence[Sequence[int]]) -> tuple[int, ...]:
    if not per_article:
        return tuple(reportable_paragraphs(source))
    common = set(per_article[0])
    for cov in per_article[1:]:
        common &= set(cov)
    return tuple(sorted(common))
