"""Rendering a statement diff: Rich table with a redline, JSON, and a self-contained HTML page."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..diff import ProvisionChange, StatementDiff
from .html import environment
from .jsonout import provision_to_dict

_STYLE = {"unchanged": "dim", "moved": "cyan", "reworded": "yellow", "strengthened": "green",
          "weakened": "red", "added": "bold green", "dropped": "bold red"}  # fmt: skip


def change_to_dict(c: ProvisionChange) -> dict[str, Any]:
    return {
        "label": c.label,
        "moved": c.moved,
        "similarity": c.similarity,
        "modality": c.modality,
        "old": provision_to_dict(c.old) if c.old else None,
        "new": provision_to_dict(c.new) if c.new else None,
        "redline": [{"op": w.op, "text": w.text} for w in c.redline],
    }


def diff_to_dict(diff: StatementDiff, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    labels = ("unchanged", "moved", "reworded", "strengthened", "weakened", "added", "dropped")
    return {
        "schema": "communique.diff/1",
        "old": old,
        "new": new,
        "summary": {label: diff.count(label) for label in labels},  # type: ignore[arg-type]
        "changes": [change_to_dict(c) for c in diff.changes],
    }


def diff_to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def print_diff(diff: StatementDiff, console: Console, *, all_changes: bool = False) -> None:
    t = Table(expand=True, show_lines=True)
    t.add_column("change", width=13)
    t.add_column("redline (old → new)", ratio=1)
    for c in diff.changes:
        if c.label == "unchanged" and not all_changes:
            continue
        line = Text()
        if c.label == "added" and c.new:
            line.append(c.new.text, style="green")
        elif c.label == "dropped" and c.old:
            line.append(c.old.text, style="red strike")
        elif c.redline:
            plain = console.no_color or not console.is_terminal  # styles are lost: mark [-old-] {+new+}
            for w in c.redline:
                style = {"delete": "red strike", "insert": "green underline"}.get(w.op, "")
                text = (
                    {"delete": f"[-{w.text}-]", "insert": f"{{+{w.text}+}}"}.get(w.op, w.text)
                    if plain
                    else w.text
                )
                line.append(text + " ", style=style)
        elif c.new:
            line.append(c.new.text)
        if c.modality:
            line.append(f"\n[{c.modality}]", style="bold")
        label = c.label + (" (moved)" if c.moved and c.label != "moved" else "")
        numbers = " → ".join(
            n for n in (c.old.number if c.old else None, c.new.number if c.new else None) if n
        )
        if numbers:  # the statements' own paragraph numbers: "12 → 14" when a round renumbered them
            label += f"\n¶ {numbers}"
        t.add_row(Text(label, style=_STYLE[c.label]), line)
    console.print(t)
    counts = ", ".join(f"{diff.count(k)} {k}" for k in _STYLE if diff.count(k))  # type: ignore[arg-type]
    console.print(counts)


def render_diff_html(data: dict[str, Any]) -> str:
    return environment().get_template("diff.html.j2").render(data=data)
