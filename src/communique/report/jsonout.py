"""The ``communique.check/1`` JSON (shared contract: docs/contract.md). Fields are never renamed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..models import ArticleCheck, CheckResult, Provision, QuoteCheck, SentenceCheck

SCHEMA = "communique.check/1"


def _path(p: str, base: Path | None) -> str:
    if base is None:
        return p
    try:
        return str(Path(p).resolve().relative_to(base.resolve()))
    except ValueError:
        return p


def provision_to_dict(p: Provision) -> dict[str, Any]:
    """A provision as the contract JSON gives it."""
    return {
        "id": p.id,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "paragraph": p.paragraph,
        "actor": p.actor,
        "acts": list(p.acts),
        "topics": list(p.topics),
        "entities": [{"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in p.entities],
        "deadline": p.deadline,
        "deadline_text": p.deadline_text,
        "number": p.number,
        "modality": p.modality,
    }


def _quote(q: QuoteCheck) -> dict[str, Any]:
    out: dict[str, Any] = {"text": q.text, "start": q.start, "end": q.end, "status": q.status}
    out["closest"] = (
        {"start": q.closest.start, "end": q.closest.end, "text": q.closest.text} if q.closest else None
    )
    if q.diff:
        out["diff"] = [{"op": d.op, "quote": d.quote, "source": d.source} for d in q.diff]
    return out


def _sentence(c: SentenceCheck) -> dict[str, Any]:
    s = c.sentence
    return {
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "paragraph": s.paragraph,
        "kind": c.kind,
        **({"kind_reason": c.kind_reason} if c.kind_reason and c.kind != "claim" else {}),
        "verdict": c.verdict,
        "evidence": [{"start": e.start, "end": e.end, "score": e.score} for e in c.evidence],
        "quotes": [_quote(q) for q in c.quotes],
        "issues": [
            {
                "type": i.type,
                "text": i.text,
                "detail": i.detail,
                **({"start": i.start, "end": i.end} if i.start is not None else {}),
            }
            for i in c.issues
        ],
        "explanation": c.explanation,
        "score": c.score,
        **({"confidence": c.confidence} if c.confidence is not None else {}),
    }


def _article(a: ArticleCheck, base: Path | None) -> dict[str, Any]:
    doc = a.article.document
    out: dict[str, Any] = {"path": _path(doc.path, base), "title": doc.title}
    if doc.derived_text:
        out["text"] = doc.text
    out["paragraphs"] = [{"index": p.index, "start": p.start, "end": p.end} for p in a.article.paragraphs]
    out["sentences"] = [_sentence(c) for c in a.sentences]
    out["covered_paragraphs"] = list(a.covered_paragraphs)
    out["omitted_paragraphs"] = list(a.omitted_paragraphs)
    return out


def result_to_dict(result: CheckResult, *, base: Path | None = None) -> dict[str, Any]:
    """The contract object; ``base`` makes paths relative to a corpus folder."""
    src = result.source.document
    source: dict[str, Any] = {"path": _path(src.path, base), "title": src.title, "date": src.date}
    if src.derived_text:
        source["text"] = src.text
    source["paragraphs"] = [
        {"index": p.index, "start": p.start, "end": p.end} for p in result.source.paragraphs
    ]
    source["provisions"] = [provision_to_dict(p) for p in result.provisions]
    return {
        "schema": SCHEMA,
        "source": source,
        "articles": [_article(a, base) for a in result.articles],
        "omitted_everywhere": list(result.omitted_everywhere),
    }


def result_to_json(result: CheckResult, *, base: Path | None = None, indent: int | None = 1) -> str:
    return json.dumps(result_to_dict(result, base=base), ensure_ascii=False, indent=indent)
