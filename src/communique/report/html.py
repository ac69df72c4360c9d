"""One self-contained HTML report per check: no external assets, every document text escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..models import CheckResult
from .summary import summaries


def environment() -> Environment:
    """The Jinja2 environment of every page and report (autoescaping on)."""
    return _env


_env = Environment(
    loader=PackageLoader("communique", "report/templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _paragraph_texts(result: CheckResult) -> list[dict[str, Any]]:
    text = result.source.document.text
    return [{"index": p.index, "text": text[p.start : p.end]} for p in result.source.paragraphs]


def render_html(result: CheckResult) -> str:
    paras = _paragraph_texts(result)
    src_text = result.source.document.text
    heat = {p["index"]: 0 for p in paras}
    for a in result.articles:
        for i in a.covered_paragraphs:
            heat[i] = heat.get(i, 0) + 1
    return _env.get_template("report.html.j2").render(
        result=result,
        source=result.source.document,
        paragraphs=paras,
        heat=heat,
        n_articles=len(result.articles),
        summaries=summaries(result),
        src_text=src_text,
        name=lambda p: Path(p).name,
    )


def write_html(result: CheckResult, path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(result), encoding="utf-8")
    return out
