"""One self-contained HTML report per check: no external assets, no scripts, every text escaped.

The template renders the contract JSON (docs/contract.md), so a fresh check, a stored run and the web
pages all use the same one.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..models import CheckResult
from ..timex import human_date as human_date
from .jsonout import result_to_dict

FLAGGED = {"partial", "misquote", "unsupported", "contradicted"}

_env = Environment(
    loader=PackageLoader("communique", "report/templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def environment() -> Environment:
    """The Jinja2 environment of every page and report (autoescaping on)."""
    return _env


def issue_marks(sentence: dict[str, Any]) -> list[tuple[str, str]]:
    """A sentence cut into pieces, each with the issue types it shows ("" where none): an issue's span
    (``start``/``end`` in the article) where it has one, else the first place its words appear."""
    text, base = str(sentence.get("text", "")), int(sentence.get("start", 0))
    spans: list[tuple[int, int, str]] = []
    for issue in sentence.get("issues", []):
        start, end = issue.get("start"), issue.get("end")
        if isinstance(start, int) and isinstance(end, int) and base <= start < end <= base + len(text):
            spans.append((start - base, end - base, str(issue.get("type", ""))))
            continue
        words = str(issue.get("text") or "").strip()
        # the words where they start a word, to the end of that word ("urge" marks "urged")
        m = re.search(rf"(?<!\w){re.escape(words)}\w*", text, re.I) if words else None
        if m:
            spans.append((m.start(), m.end(), str(issue.get("type", ""))))
    if not spans:
        return [(text, "")]
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    pieces = []
    for a, b in pairwise(cuts):
        types = sorted({t for x, y, t in spans if x <= a and b <= y})
        pieces.append((text[a:b], " ".join(types)))
    return pieces


def passage(source_text: str, start: int, end: int) -> str:
    """An evidence passage as quoted: with "…" where the span starts or ends inside a word, so a cut
    word is never shown as if it were whole."""
    words = source_text[start:end]
    before = start > 0 and source_text[start - 1].isalnum() and words[:1].isalnum()
    after = end < len(source_text) and source_text[end : end + 1].isalnum() and words[-1:].isalnum()
    return ("…" if before else "") + words + ("…" if after else "")


_env.globals["issue_marks"] = issue_marks
_env.globals["passage"] = passage
_env.filters["human_date"] = human_date


def outlet_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-article figures from the contract JSON."""
    rows = []
    for a in data.get("articles", []):
        s = a.get("sentences", [])
        rows.append(
            {
                "name": Path(a.get("path", "")).name,
                "title": a.get("title"),
                "sentences": len(s),
                "claims": sum(1 for x in s if x.get("kind") == "claim"),
                "supported": sum(1 for x in s if x.get("verdict") == "supported"),
                "flagged": sum(1 for x in s if x.get("verdict") in FLAGGED),
                "misquotes": sum(1 for x in s if x.get("verdict") == "misquote"),
                "commentary": sum(1 for x in s if x.get("kind") == "commentary"),
                "covered": len(a.get("covered_paragraphs", [])),
                "omitted": len(a.get("omitted_paragraphs", [])),
            }
        )
    return rows


def numbered(sentences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sentences with their index in the article (``_n``), kept when a filter hides some."""
    return [{**s, "_n": i} for i, s in enumerate(sentences)]


SHOWS = ("flagged", "claims", "all")


def _shown(sentences: list[dict[str, Any]], show: str) -> list[dict[str, Any]]:
    if show == "claims":
        return [s for s in sentences if s.get("kind") == "claim"]
    if show == "flagged":
        return [s for s in sentences if s.get("verdict") in FLAGGED]
    return sentences


def render_sentences(
    data: dict[str, Any], source_text: str, article: int, show: str, run_id: int | None = None
) -> str:
    """One article's sentences as an htmx fragment: ``all``, ``claims`` or ``flagged``."""
    arts = data.get("articles", [])
    if not 0 <= article < len(arts):
        from ..errors import NotFoundError

        raise NotFoundError(f"no article {article} in this check")

    sentences = _shown(numbered(arts[article].get("sentences", [])), show)
    return _env.get_template("sentences.html.j2").render(
        sentences=sentences, art=article, src_text=source_text, run_id=run_id
    )


def render_report(
    data: dict[str, Any],
    source_text: str,
    *,
    standalone: bool = True,
    run_id: int | None = None,
    show: str = "all",
) -> str:
    """The report page for a contract JSON and the source's text; ``show`` picks the sentences listed
    under each article: ``flagged``, ``claims`` or ``all``."""
    if show not in SHOWS:
        from ..errors import InputError

        raise InputError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")
    src = data.get("source", {})
    paras = [
        {"index": p["index"], "text": source_text[p["start"] : p["end"]]} for p in src.get("paragraphs", [])
    ]
    heat = {p["index"]: 0 for p in paras}
    for a in data.get("articles", []):
        for i in a.get("covered_paragraphs", []):
            heat[i] = heat.get(i, 0) + 1
    return _env.get_template("report.html.j2").render(
        data=data,
        source=src,
        paragraphs=paras,
        heat=heat,
        n_articles=len(data.get("articles", [])),
        rows=outlet_rows(data),
        src_text=source_text,
        name=lambda p: Path(p or "").name,
        everywhere=set(data.get("omitted_everywhere", [])),
        para_text={p["index"]: p["text"] for p in paras},
        standalone=standalone,
        run_id=run_id,
        numbered=lambda sentences: _shown(numbered(sentences), show),
        show=show,
        scripts=not standalone,
    )


def render_html(result: CheckResult) -> str:
    return render_report(result_to_dict(result), result.source.document.text)


def write_html(result: CheckResult, path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(result), encoding="utf-8")
    return out
