"""Rich tables for the terminal."""

from __future__ import annotations

from typing import Any

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
    print_summary_data(result_to_dict(result), console, result.source.document.text)


def print_summary_data(data: dict[str, Any], console: Console, source_text: str = "") -> None:
    """The per-outlet table of a contract JSON, and the paragraphs every article left out."""
    t = Table(title="Per outlet", title_justify="left")
    for col in ("article", "claims", "supported", "flagged", "misquotes", "commentary", "omitted ¶"):
        t.add_column(col, justify="left" if col == "article" else "right")
    for r in outlet_rows(data):
        cells = (r["claims"], r["supported"], r["flagged"], r["misquotes"], r["commentary"], r["omitted"])
        t.add_row(r["name"], *map(str, cells))
    console.print(t)
    everywhere = data.get("omitted_everywhere") or []
    if everywhere:
        console.print("Omitted by every article:", highlight=False)
        text = data["source"].get("text", source_text)
        spans = {p["index"]: (p["start"], p["end"]) for p in data["source"].get("paragraphs", [])}
        for i in everywhere:
            a, b = spans.get(i, (0, 0))
            words = " ".join(text[a:b].split())
            console.print(
                f"  ¶{i} {words[:100]}{'…' if len(words) > 100 else ''}", highlight=False, markup=False
            )


def print_check(
    result: CheckResult, console: Console, *, all_sentences: bool = False, min_confidence: float = 0.0
) -> None:
    """Flagged sentences (or all) per article, then the summary; flags below ``min_confidence`` are left
    out of the table (not of the summary)."""
    print_check_data(
        result_to_dict(result),
        result.source.document.text,
        console,
        all_sentences=all_sentences,
        min_confidence=min_confidence,
    )


def print_check_data(
    data: dict[str, Any],
    source_text: str,
    console: Console,
    *,
    all_sentences: bool = False,
    min_confidence: float = 0.0,
) -> None:
    """``print_check`` from a contract JSON and the source's text (a check answered by a server)."""
    src = data["source"].get("text", source_text)
    for a in data["articles"]:
        t = Table(title=a["path"], title_justify="left", show_lines=True, expand=True)
        t.add_column("#", justify="right", width=3)
        t.add_column("verdict", width=12)
        t.add_column("sentence", ratio=3)
        t.add_column("evidence / reason", ratio=3)
        for n, c in enumerate(a["sentences"]):
            verdict = c.get("verdict")
            if not all_sentences and verdict in (None, "supported"):
                continue
            sure = c.get("confidence")
            if verdict not in (None, "supported") and (sure or 0.0) < min_confidence:
                continue
            label = Text(
                (verdict or c["kind"]) + (f" {sure:.2f}" if sure is not None else ""),
                style=_STYLE.get(verdict or "", "dim"),
            )
            reason = c.get("explanation") or ""
            if c["evidence"]:
                e = c["evidence"][0]
                reason = (reason + "\n" if reason else "") + "“" + src[e["start"] : e["end"]][:300] + "”"
            t.add_row(str(n), label, c["text"], reason)
        console.print(t)
    print_summary_data(data, console, src)


def print_provisions(provisions: tuple[Provision, ...], console: Console) -> None:
    t = Table(show_lines=False, expand=True)
    for col in ("id", "no.", "actor", "acts", "topics", "deadline", "text"):
        t.add_column(col)
    for p in provisions:
        t.add_row(
            p.id,
            p.number or f"¶{p.paragraph}",
            p.actor,
            ", ".join(p.acts) + (f" ({p.modality})" if p.modality and p.modality != "firm" else ""),
            ", ".join(p.topics),
            f"{p.deadline}\n“{p.deadline_text}”" if p.deadline else "",
            p.text[:160] + ("…" if len(p.text) > 160 else ""),
        )
    console.print(t)
