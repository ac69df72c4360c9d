"""Rich tables for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import CheckResult, Provision
from .html import outlet_rows
from .jsonout import result_to_dict

_STYLE = {
    "supported": "green",
    "partial": "yellow",
    "misquote": "bold red",
    "unsupported": "red",
    "contradicted": "bold red",
}


def print_summary(result: CheckResult, console: Console) -> None:
    t = Table(title="Per outlet", title_justify="left")
    for col in ("article", "claims", "supported", "flagged", "misquotes", "commentary", "omitted ¶"):
        t.add_column(col, justify="left" if col == "article" else "right")
    for r in outlet_rows(result_to_dict(result)):
        cells = (r["claims"], r["supported"], r["flagged"], r["misquotes"], r["commentary"], r["omitted"])
        t.add_row(r["name"], *map(str, cells))
    console.print(t)
    if result.omitted_everywhere:
        console.print("Omitted by every article:", highlight=False)
        text = result.source.document.text
        paragraphs = {p.index: text[p.start : p.end].strip() for p in result.source.paragraphs}
        for i in result.omitted_everywhere:
            words = " ".join(paragraphs.get(i, "").split())
            console.print(
                f"  ¶{i} {words[:100]}{'…' if len(words) > 100 else ''}", highlight=False, markup=False
            )


def print_check(
    result: CheckResult, console: Console, *, all_sentences: bool = False, min_confidence: float = 0.0
) -> None:
    """Flagged sentences (or all) per article, then the summary; flags below ``min_confidence`` are left
    out of the table (not of the summary)."""
    src = result.source.document.text
    for a in result.articles:
        t = Table(title=a.article.document.path, title_justify="left", show_lines=True, expand=True)
        t.add_column("#", justify="right", width=3)
        t.add_column("verdict", width=12)
        t.add_column("sentence", ratio=3)
        t.add_column("evidence / reason", ratio=3)
        for c in a.sentences:
            if not all_sentences and c.verdict in (None, "supported"):
                continue
            if c.verdict not in (None, "supported") and (c.confidence or 0.0) < min_confidence:
                continue
            sure = f" {c.confidence:.2f}" if c.confidence is not None else ""
            label = Text((c.verdict or c.kind) + sure, style=_STYLE.get(c.verdict or "", "dim"))
            reason = c.explanation or ""
            if c.evidence:
                e = c.evidence[0]
                reason = (reason + "\n" if reason else "") + "“" + src[e.start : e.end][:300] + "”"
            t.add_row(str(c.sentence.index), label, c.sentence.text, reason)
        console.print(t)
    print_summary(result, console)


def print_provisions(provisions: tuple[Provision, ...], console: Console) -> None:
    t = Table(show_lines=False, expand=True)
    for col in ("id", "no.", "actor", "acts", "topics", "deadline", "text"):
        t.add_column(col)
    for p in provisions:
        t.add_row(
            p.id,
            p.number or f"¶{p.paragraph}",
            p.actor,
            ", ".join(p.acts),
            ", ".join(p.topics),
            f"{p.deadline}\n“{p.deadline_text}”" if p.deadline else "",
            p.text[:160] + ("…" if len(p.text) > 160 else ""),
        )
    console.print(t)
