"""Flagged claims across runs and outlets: the stored findings a desk triages, filtered, searched,
sorted and paged in the database.

Each article counts as its latest run found it (as the outlet scorecards count it), so checking an
article again replaces its findings here rather than listing them twice.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.orm import aliased

from ..errors import InputError
from . import Store
from .models import CheckRunRow, DocumentRow, FindingRow, RunArticleRow

FLAGGED = ("partial", "misquote", "unsupported", "contradicted")
#: Where an article has no outlet: the label pages show and the filter value that selects it.
UNKNOWN = "(unknown)"
#: sort key → what it orders by; a leading ``-`` reverses.
SORTS = ("published", "checked", "outlet", "verdict", "confidence", "statement")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEVERITY = {"contradicted": 0, "misquote": 1, "unsupported": 2, "partial": 3}


@dataclasses.dataclass(frozen=True, slots=True)
class FlaggedQuery:
    """What to list: every field is optional; ``page`` counts from 1."""

    q: str = ""
    verdicts: tuple[str, ...] = ()
    issue: str = ""
    outlet: str = ""
    statement: int | None = None
    since: str = ""
    until: str = ""
    #: only claims whose stored confidence is at least this (0–1); claims without one are left out
    min_confidence: float | None = None
    sort: str = "-published"
    page: int = 1
    per_page: int = 50

    def validated(self) -> FlaggedQuery:
        """The query, or an ``InputError`` naming the first value that cannot be used."""
        for v in self.verdicts:
            if v not in FLAGGED:
                raise InputError(f"unknown verdict {v!r}: choose from {', '.join(FLAGGED)}")
        for name, day in (("since", self.since), ("until", self.until)):
            if day and not _DAY.fullmatch(day):
                raise InputError(f"{name} must be a date, YYYY-MM-DD, not {day!r}")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise InputError(f"min_confidence must be a number from 0 to 1, not {self.min_confidence!r}")
        if self.sort.lstrip("-") not in SORTS:
            raise InputError(f"unknown sort {self.sort!r}: choose from {', '.join(SORTS)} (- reverses)")
        if self.page < 1 or not 1 <= self.per_page <= 500:
            raise InputError("page counts from 1, and a page holds 1 to 500 claims")
        if self.issue and not re.fullmatch(r"[a-z_]{1,60}", self.issue):
            raise InputError(f"unknown issue type {self.issue!r}")
        return self


@dataclasses.dataclass(frozen=True, slots=True)
class FlaggedClaim:
    id: int
    run_id: int
    article_id: int
    text: str
    start: int
    end: int
    verdict: str
    explanation: str
    issues: tuple[dict[str, Any], ...]
    outlet: str
    published: str | None
    title: str
    path: str
    statement_id: int
    statement: str
    checked_at: datetime | None
    #: the calibrated chance that the flag is right (0–1); None for runs stored without it
    confidence: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class FlaggedPage:
    claims: tuple[FlaggedClaim, ...]
    total: int
    query: FlaggedQuery

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def flagged_claims(store: Store, query: FlaggedQuery) -> FlaggedPage:
    """One page of flagged claims matching ``query``, and how many match in all."""
    query = query.validated()
    article, source = aliased(DocumentRow), aliased(DocumentRow)
    # each article once, with its latest run, outlet and day: read per article, not per finding (the
    # document row holds the whole text, which a per-finding read of its outlet would page through)
    arts = (
        select(
            RunArticleRow.article_id.label("article_id"),
            func.max(RunArticleRow.run_id).label("run_id"),
            func.coalesce(DocumentRow.outlet, UNKNOWN).label("outlet"),
            func.coalesce(DocumentRow.published, DocumentRow.date).label("published"),
        )
        .join(DocumentRow, DocumentRow.id == RunArticleRow.article_id)
        .group_by(RunArticleRow.article_id, DocumentRow.outlet, DocumentRow.published, DocumentRow.date)
        .subquery()
    )
    sentence = func.substr(article.text, FindingRow.start + 1, FindingRow.end - FindingRow.start)
    published, outlet = arts.c.published, arts.c.outlet
    conditions: list[Any] = [FindingRow.verdict.in_(query.verdicts or FLAGGED)]
    joins_text = False
    if query.q.strip():
        needle = "%" + query.q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # the sentence is read only from articles whose text holds the words at all; SQLite's LIKE
        # ignores ASCII case by itself (as its lower() folds only ASCII), elsewhere ILIKE does

        def holds(column: Any) -> Any:
            if store.engine.dialect.name == "sqlite":
                return column.like(needle, escape="\\")
            return column.ilike(needle, escape="\\")

        holding = select(DocumentRow.id).where(holds(DocumentRow.text))
        conditions.append(
            or_(
                and_(FindingRow.article_id.in_(holding), holds(sentence)),
                holds(FindingRow.explanation),
            )
        )
        joins_text = True
    if query.issue:
        conditions.append(cast(FindingRow.details, String).like(f'%"{query.issue}"%'))
    if query.outlet:
        conditions.append(func.lower(outlet) == query.outlet.strip().lower())
    if query.statement is not None:
        conditions.append(CheckRunRow.source_id == query.statement)
    if query.since:
        conditions.append(func.substr(published, 1, 10) >= query.since)
    if query.until:
        conditions.append(func.substr(published, 1, 10) <= query.until)
    if query.min_confidence is not None:  # NULL (not known) is never at least anything
        conditions.append(FindingRow.confidence >= query.min_confidence)
    base = select(FindingRow.id).join(
        arts, and_(arts.c.article_id == FindingRow.article_id, arts.c.run_id == FindingRow.run_id)
    )
    if joins_text:
        base = base.join(article, article.id == FindingRow.article_id)
    base = (
        base.join(CheckRunRow, CheckRunRow.id == FindingRow.run_id)
        .join(source, source.id == CheckRunRow.source_id)
        .where(*conditions)
    )
    key = query.sort.lstrip("-")
    column: Any = {
        "published": published,
        "checked": CheckRunRow.created_at,
        "outlet": func.lower(outlet),
        "statement": func.lower(func.coalesce(source.title, source.path)),
        "verdict": FindingRow.verdict,
        "confidence": FindingRow.confidence,
    }[key]
    first = column.desc() if query.sort.startswith("-") else column.asc()
    if key == "confidence":  # claims whose confidence is not known come last either way, in every database
        first = first.nulls_last()
    order = [first, FindingRow.id.desc()]
    offset = (query.page - 1) * query.per_page
    with store.session() as s:
        if query.issue:  # the text match may also hit a quote's words: keep the rows whose issues say so
            rows = s.execute(base.add_columns(FindingRow.details).order_by(*order)).all()
            ids = [r[0] for r in rows if any(i.get("type") == query.issue for i in r[1].get("issues", []))]
            total, window = len(ids), ids[offset : offset + query.per_page]
        else:
            total = int(s.scalar(select(func.count()).select_from(base.subquery())) or 0)
            window = list(s.scalars(base.order_by(*order).offset(offset).limit(query.per_page)).all())
        found = s.execute(
            select(
                FindingRow.id,
                FindingRow.run_id,
                FindingRow.article_id,
                sentence,
                FindingRow.start,
                FindingRow.end,
                FindingRow.verdict,
                FindingRow.explanation,
                FindingRow.details,
                func.coalesce(article.outlet, UNKNOWN),
                func.coalesce(article.published, article.date),
                article.title,
                article.path,
                source.id,
                func.coalesce(source.title, source.path),
                CheckRunRow.created_at,
                FindingRow.confidence,
            )
            .join(article, article.id == FindingRow.article_id)
            .join(CheckRunRow, CheckRunRow.id == FindingRow.run_id)
            .join(source, source.id == CheckRunRow.source_id)
            .where(FindingRow.id.in_(window))
        ).all()
    by_id = {r[0]: r for r in found}
    claims = tuple(
        FlaggedClaim(
            id=r[0],
            run_id=r[1],
            article_id=r[2],
            text=r[3] or "",
            start=r[4],
            end=r[5],
            verdict=r[6] or "",
            explanation=r[7] or "",
            issues=tuple(r[8].get("issues", [])),
            outlet=r[9],
            published=r[10],
            title=r[11] or r[12],
            path=r[12],
            statement_id=r[13],
            statement=r[14],
            checked_at=r[15],
            confidence=r[16],
        )
        for r in (by_id[i] for i in window if i in by_id)
    )
    return FlaggedPage(claims, total, query)


def facets(store: Store) -> dict[str, list[Any]]:
    """The values the filters offer: outlets, statements (id, title) and issue types of stored findings."""
    with store.session() as s:
        outlets = sorted(
            {o or UNKNOWN for o in s.scalars(select(DocumentRow.outlet).join(RunArticleRow)).all()},
            key=str.lower,
        )
        statements = [
            (r[0], r[1])
            for r in s.execute(
                select(DocumentRow.id, func.coalesce(DocumentRow.title, DocumentRow.path))
                .where(DocumentRow.id.in_(select(CheckRunRow.source_id)))
                .order_by(DocumentRow.id)
            ).all()
        ]
    from ..verify import CHECKS

    issues = sorted({t for c in CHECKS for t in getattr(c, "issue_types", ())})
    return {"outlets": outlets, "statements": statements, "issues": issues}


def run_counts(store: Store, run_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per run: its articles, claims and flagged claims."""
    if not run_ids:
        return {}
    out: dict[int, dict[str, int]] = {i: {"articles": 0, "claims": 0, "flagged": 0} for i in run_ids}
    with store.session() as s:
        for run_id, n in s.execute(
            select(RunArticleRow.run_id, func.count())
            .where(RunArticleRow.run_id.in_(run_ids))
            .group_by(RunArticleRow.run_id)
        ).all():
            out[run_id]["articles"] = int(n)
        for run_id, verdict, n in s.execute(
            select(FindingRow.run_id, FindingRow.verdict, func.count())
            .where(FindingRow.run_id.in_(run_ids), FindingRow.kind == "claim")
            .group_by(FindingRow.run_id, FindingRow.verdict)
        ).all():
            out[run_id]["claims"] += int(n)
            if verdict in FLAGGED:
                out[run_id]["flagged"] += int(n)
    return out


def run_articles(store: Store, run_id: int) -> tuple[str | None, list[dict[str, Any]]]:
    """A stored run's day (YYYY-MM-DD) and, for each article of its result in order, what the store
    knows of it: ``path``, ``title``, ``outlet``, ``published``."""
    from . import get_row

    with store.session() as s:
        run: CheckRunRow = get_row(s, CheckRunRow, run_id, "check run", hint="see `communique runs list`")
        day = run.created_at.date().isoformat() if run.created_at else None
        docs = [s.get(DocumentRow, ra.article_id) for ra in sorted(run.articles, key=lambda r: r.id)]
        result: dict[str, Any] = dict(run.result)
    known = [
        {"path": d.path, "title": d.title, "outlet": d.outlet, "published": d.published or d.date}
        for d in docs
        if d is not None
    ]
    out = []
    for n, art in enumerate(result.get("articles", [])):
        path = str(art.get("path", ""))
        hit = next(
            (k for k in known if k["path"] == path or str(k["path"]).endswith("/" + path.lstrip("./"))),
            known[n] if n < len(known) else {},
        )
        out.append(dict(hit))
    return day, out


def finding_anchor(store: Store, finding_id: int) -> tuple[int, str]:
    """Where a stored finding is shown: its run and the anchor of its sentence on the report page."""
    from . import get_row

    with store.session() as s:
        row: FindingRow = get_row(s, FindingRow, finding_id, "flagged claim")
        run = s.get(CheckRunRow, row.run_id)
        article = s.get(DocumentRow, row.article_id)
        result: dict[str, Any] = dict(run.result) if run is not None else {}
    for a_index, art in enumerate(result.get("articles", [])):
        sentences = art.get("sentences", [])
        for s_index, sent in enumerate(sentences):
            if sent.get("start") == row.start and sent.get("end") == row.end and _same_article(art, article):
                return row.run_id, f"a{a_index}s{s_index}"
    return row.run_id, ""


def _same_article(art: dict[str, Any], doc: DocumentRow | None) -> bool:
    if doc is None:
        return True
    path = str(art.get("path", ""))
    return path == doc.path or doc.path.endswith(path) or path.endswith(doc.path.rsplit("/", 1)[-1])
