"""Per-outlet figures shared by the table, the HTML report and ``communique demo``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..models import ArticleCheck, CheckResult


@dataclass(frozen=True, slots=True)
class OutletSummary:
    name: str
    title: str | None
    sentences: int
    claims: int
    supported: int
    flagged: int
    misquotes: int
    commentary: int
    covered: int
    omitted: int


def summarize(article: ArticleCheck) -> OutletSummary:
    s = article.sentences
    return OutletSummary(
        name=Path(article.article.document.path).name,
        title=article.article.document.title,
        sentences=len(s),
        claims=sum(1 for c in s if c.kind == "claim"),
        supported=sum(1 for c in s if c.verdict == "supported"),
        flagged=len(article.flagged),
        misquotes=sum(1 for c in s if c.verdict == "misquote"),
        commentary=sum(1 for c in s if c.kind == "commentary"),
        covered=len(article.covered_paragraphs),
        omitted=len(article.omitted_paragraphs),
    )


def summaries(result: CheckResult) -> list[OutletSummary]:
    return [summarize(a) for a in result.articles]
