"""The commitment ledger: what was promised, by whom, by when, and the evidence of follow-through.

- ``add_statement`` records each commitment of a statement (a provision whose acts include
  ``commitment``): its parties, action, target, deadline and the G7/G20 Research Group's compliance
  catalysts found in its text (a timeline, a numerical target, an accountability mechanism). A
  commitment repeated from an earlier statement in the ledger is linked to it (``previous_id``).
- Evidence items are appended and never changed. What happens to them — added, proposed, accepted,
  rejected — is a separate event with its time and author, so the history is complete.
- Each party's status on a commitment is derived: the assessment (−1, 0, +1) of its latest accepted
  evidence, or ``None`` (not yet assessed). ``score`` averages them as the Research Group reports
  compliance: a mean from −1 to +1, and that mean as a percentage ((mean + 1) / 2).
- ``scan`` proposes evidence from news articles: a sentence that aligns with a tracked commitment and
  reports action on it becomes a candidate for a person to accept or reject; ``queue`` lists the
  candidates still waiting for that decision.
- A commitment's statement date is the library's date for that statement when the library holds it, so
  the library and the ledger give one date per statement.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from datetime import datetime
from html import escape
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import InputError
from .models import Provision, Segmented
from .segment import main_root
from .store import (
    CommitmentRow,
    DocumentRow,
    EvidenceEventRow,
    EvidenceRow,
    IdempotencyKey,
    StatementRow,
    Store,
    get_row,
)

#: A commitment of a new statement links to an earlier one when their texts are this alike (0-100).
LINK_SIMILARITY = 80
#: An article sentence must align with a commitment at least this well to be proposed as evidence.
SCAN_MIN_SCORE = 0.55

_TIMELINE = re.compile(
    r"\b(by|before|until|within|no later than)\s+(?:the\s+end\s+of\s+)?\w+|\bnext year\b|"
    r"\b(19|20)\d{2}\b|\bannual(ly)?\b|\bevery (year|month)\b|\bregular(ly)?\b",
    re.I,
)
_NUMERIC = re.compile(
    r"\b(?!(?:19|20)\d{2}\b)\d+(?:[.,]\d+)?\s*(%|per ?cent|billion|million|thousand)?|"
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred)\b",
    re.I,
)
_ACCOUNTABILITY = re.compile(
    r"\b(mechanism|commission|committee|working group|review|monitor\w*|report back|"
    r"follow[- ]up|action plan|implementation plan|dialogue|consultations?|"
    r"secretariat|task force|joint statement)\b",
    re.I,
)
_DONE = re.compile(
    r"\b(held|signed|launched|opened|completed|inaugurated|established|implemented|delivered|"
    r"built|conducted|finali[sz]ed|concluded|took place|hosted|set up|met)\b",
    re.I,
)
_STARTED = re.compile(
    r"\b(began|begun|started|initiated|underway|under way|progress(ed|ing)?|advanc(ed|ing))\b", re.I
)
_FAILED = re.compile(
    r"\b(postponed|cancell?ed|suspended|delayed|failed|scrapped|abandoned|shelved|"
    r"called off|stalled)\b",
    re.I,
)
_PARTY_EVENTS = {"added": "accepted", "accepted": "accepted", "proposed": "candidate", "rejected": "rejected"}


@dataclass(frozen=True, slots=True)
class Catalysts:
    timeline: bool
    numerical_target: bool
    accountability: bool


@dataclass(frozen=True, slots=True)
class EvidenceView:
    id: int
    party: str | None
    assessment: int | None
    source: str
    quote: str
    date: str | None
    added_by: str
    added_at: str
    note: str
    origin: str
    status: str
    history: tuple[dict[str, str], ...]


@dataclass(frozen=True, slots=True)
class CommitmentView:
    id: int
    statement: str
    statement_date: str | None
    provision_id: str
    text: str
    parties: tuple[str, ...]
    action: str
    target: str | None
    deadline: str | None
    catalysts: dict[str, bool]
    topics: tuple[str, ...]
    previous_id: int | None
    status: dict[str, int | None]
    evidence: tuple[EvidenceView, ...] = field(default=())
    #: the statement's file or URL (``statement`` is its title when it has one)
    statement_path: str = ""

    @property
    def standing(self) -> str:
        """One word for where the commitment stands: ``pending`` while a proposed item waits for a
        decision, else ``unassessed``, or from the parties' mean score ``complied`` (above +0.5),
        ``not complied`` (below −0.5) or ``partly``."""
        if any(e.status == "candidate" for e in self.evidence):
            return "pending"
        return standing_of(self.status)


#: The standings a commitment can have, in the order the pages list them.
STANDINGS = ("pending", "unassessed", "complied", "partly", "not complied")


def standing_of(status: dict[str, int | None]) -> str:
    """``unassessed``, ``complied``, ``partly`` or ``not complied`` from the parties' scores."""
    values = [v for v in status.values() if v is not None]
    if not values:
        return "unassessed"
    mean = sum(values) / len(values)
    return "complied" if mean > 0.5 else "not complied" if mean < -0.5 else "partly"


#: Colours of the standings in charts (the report's palette).
STANDING_COLOURS = {
    "pending": "#0969da",
    "unassessed": "#8c959f",
    "complied": "#1a7f37",
    "partly": "#9a6700",
    "not complied": "#cf222e",
}


def timeline_svg(views: Sequence[CommitmentView], today: Date | None = None, width: int = 900) -> str:
    """Commitments with a deadline on a time line, one row each, from the statement's date to the
    deadline, coloured by standing, with today marked. Every text is escaped; no script."""
    dated = sorted((v for v in views if _day(v.deadline)), key=lambda v: (v.deadline or "", v.id))
    if not dated:
        return ""
    today = today or Date.today()
    starts = [_day(v.statement_date) or _day(v.deadline) for v in dated]
    ends = [_day(v.deadline) for v in dated]
    first = min([d for d in starts if d] + [today])
    last = max([d for d in ends if d] + [today])
    span = max((last - first).days, 1)
    label_w, row_h, top = 300, 18, 22
    plot_w = width - label_w - 10

    def x(day: Date) -> float:
        return label_w + plot_w * (day - first).days / span

    height = top + row_h * len(dated) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="Deadlines of {len(dated)} commitments" font-family="system-ui, sans-serif" font-size="11">',
        f'<text x="{label_w}" y="12" fill="#57606a">{first.isoformat()}</text>',
        f'<text x="{width - 10}" y="12" text-anchor="end" fill="#57606a">{last.isoformat()}</text>',
    ]
    for i, (v, start, end) in enumerate(zip(dated, starts, ends, strict=True)):
        y = top + i * row_h
        colour = STANDING_COLOURS[v.standing]
        label = v.text if len(v.text) <= 40 else v.text[:39] + "…"
        parts.append(
            f'<a href="/ledger/commitments/{v.id}"><text x="0" y="{y + 12}">#{v.id} {escape(label)}</text></a>'
        )
        assert start is not None and end is not None
        x0, x1 = x(min(start, end)), x(end)
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 2):.1f}" height="{row_h - 8}" rx="2" '
            f'fill="{colour}" opacity="0.35"/>'
            f'<circle cx="{x1:.1f}" cy="{y + row_h / 2:.1f}" r="5" fill="{colour}">'
            f"<title>#{v.id} due {escape(v.deadline or '')}: {v.standing}</title></circle>"
        )
    tx = x(today)
    parts.append(
        f'<line x1="{tx:.1f}" y1="16" x2="{tx:.1f}" y2="{height}" stroke="#cf222e" stroke-dasharray="3 3"/>'
        f'<text x="{tx:.1f}" y="{height - 1}" font-size="9" fill="#cf222e">today</text></svg>'
    )
    return "".join(parts)


def _day(text: str | None) -> Date | None:
    try:
        return Date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


_PARTY_COUNT = re.compile(
    r"\b(the\s+)?(two|three|both)\s+(sides|countries|governments|parties|leaders|"
    r"ministers|nations)\b",
    re.I,
)


def catalysts_of(text: str, deadline: str | None) -> Catalysts:
    """The Research Group's compliance catalysts found in a commitment's text."""
    return Catalysts(
        timeline=bool(deadline) or bool(_TIMELINE.search(text)),
        numerical_target=bool(_NUMERIC.search(_PARTY_COUNT.sub(" ", text))),
        accountability=bool(_ACCOUNTABILITY.search(text)),
    )


def action_and_target(doc: Any) -> tuple[str, str | None]:
    """The promised action (a verb phrase head) and its target (the object), from a parse."""
    root = main_root(doc)
    if root is None:
        return doc.text, None
    verb = root
    # "agreed to hold…", "expressed readiness to conduct…": the promised action is the inner verb
    for _ in range(3):
        inner = next(
            (c for c in verb.subtree if c.dep_ in {"xcomp", "acl"} and c.pos_ == "VERB" and c is not verb),
            None,
        )
        if inner is None:
            break
        verb = inner
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "pobj", "attr"}), None)
    if obj is None:
        prep = next((c for c in verb.children if c.dep_ == "prep"), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    target = doc[obj.left_edge.i : obj.right_edge.i + 1].text if obj is not None else None
    particle = " ".join(c.text for c in verb.children if c.dep_ in {"prt", "neg"})
    return (verb.lemma_ + (" " + particle if particle else "")), target


def assessment_of(sentence: str) -> int:
    """Proposed Research Group score of a reported action: done +1, begun 0, failed −1."""
    if _FAILED.search(sentence):
        return -1
    if _DONE.search(sentence):
        return 1
    return 0


def reports_action(sentence: str) -> bool:
    return bool(_FAILED.search(sentence) or _DONE.search(sentence) or _STARTED.search(sentence))


def _iso(dt: datetime | None) -> str:
    return dt.isoformat(timespec="seconds") if dt else ""


def track_statement(
    ledger: Ledger, checker: Any, document: Any, parties: Sequence[str] | None = None, *, author: str = ""
) -> tuple[list[int], tuple[str, ...]]:
    """Track a statement's commitments with ``checker`` (a ``pipeline.Checker``): its parties are
    ``parties`` or, when none are given, the two countries it names most. Returns the commitment ids
    and the parties."""
    from .analyze import parse_sentences, parties_of

    seg = checker.segment(document)
    who = tuple(parties_of(list(parse_sentences(seg, checker.nlp).values()), list(parties or []) or None))
    provisions = checker.provisions(seg, who)
    return ledger.add_statement(seg, provisions, who, nlp=checker.nlp, author=author), who


class Ledger:
    """Commitments and evidence, in the project's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- commitments ------------------------------------------------------------------------------

    def add_statement(
        self,
        source: Segmented,
        provisions: Sequence[Provision],
        parties: Sequence[str],
        *,
        nlp: Any,
        author: str = "",
    ) -> list[int]:
        """Record the statement's commitments (again: a no-op) and link repeats of earlier ones."""
        commits = [p for p in provisions if "commitment" in p.acts]
        docs = list(nlp.pipe([p.text for p in commits])) if commits else []
        ids: list[int] = []
        with self.store.session() as s:
            doc_row = self.store.document_row(s, source.document, source)
            day = self._library_dates(s).get(doc_row.id) or source.document.date
            earlier = s.scalars(select(CommitmentRow).where(CommitmentRow.statement_id != doc_row.id)).all()
            for p, doc in zip(commits, docs, strict=True):
                row = s.scalar(
                    select(CommitmentRow).where(
                        CommitmentRow.statement_id == doc_row.id,
                        CommitmentRow.start == p.start,
                        CommitmentRow.end == p.end,
                    )
                )
                if row is None:
                    action, target = action_and_target(doc)
                    who = list(parties) if p.actor in {"both", "all"} else [p.actor]
                    previous = max(earlier, key=lambda e: fuzz.token_set_ratio(e.text, p.text), default=None)
                    if previous is not None and fuzz.token_set_ratio(previous.text, p.text) < LINK_SIMILARITY:
                        previous = None
                    row = CommitmentRow(
                        statement_id=doc_row.id,
                        statement_date=day,
                        provision_id=p.id,
                        start=p.start,
                        end=p.end,
                        text=p.text,
                        parties=who,
                        action=action,
                        target=target,
                        deadline=p.deadline,
                        catalysts=asdict(catalysts_of(p.text, p.deadline)),
                        topics=list(p.topics),
                        previous_id=previous.id if previous is not None else None,
                        created_by=author,
                    )
                    s.add(row)
                    s.flush()
                ids.append(row.id)
        return ids

    def _row(self, s: Session, commitment_id: int) -> CommitmentRow:
        row: CommitmentRow = get_row(
            s, CommitmentRow, commitment_id, "commitment", hint="see `communique ledger list`"
        )
        return row

    def _evidence_view(self, e: EvidenceRow) -> EvidenceView:
        last = e.events[-1].event if e.events else "added"
        return EvidenceView(
            id=e.id,
            party=e.party,
            assessment=e.assessment,
            source=e.source,
            quote=e.quote,
            date=e.date,
            added_by=e.added_by,
            added_at=_iso(e.added_at),
            note=e.note,
            origin=e.origin,
            status=_PARTY_EVENTS.get(last, last),
            history=tuple(
                {"event": ev.event, "by": ev.by, "at": _iso(ev.at), "note": ev.note} for ev in e.events
            ),
        )

    def _status(self, row: CommitmentRow) -> dict[str, int | None]:
        status: dict[str, int | None] = {p: None for p in row.parties}
        accepted = [
            e
            for e in row.evidence
            if e.assessment is not None and e.events and _PARTY_EVENTS.get(e.events[-1].event) == "accepted"
        ]
        accepted.sort(key=lambda e: (e.date or "", e.added_at or datetime.min, e.id))
        for e in accepted:
            for party in [e.party] if e.party else list(row.parties):
                if party in status:
                    status[party] = e.assessment
        return status

    def _view(
        self, s: Session, row: CommitmentRow, dates: dict[int, str | None] | None = None
    ) -> CommitmentView:
        doc = s.get(DocumentRow, row.statement_id)
        if dates is None:
            dates = self._library_dates(s)
        return CommitmentView(
            id=row.id,
            statement=(doc.title or doc.path) if doc is not None else "",
            statement_date=dates.get(row.statement_id) or row.statement_date,
            provision_id=row.provision_id,
            text=row.text,
            parties=tuple(row.parties),
            action=row.action,
            target=row.target,
            deadline=row.deadline,
            catalysts=dict(row.catalysts),
            topics=tuple(row.topics),
            previous_id=row.previous_id,
            status=self._status(row),
            evidence=tuple(self._evidence_view(e) for e in row.evidence),
            statement_path=doc.path if doc is not None else "",
        )

    @staticmethod
    def _library_dates(s: Session) -> dict[int, str | None]:
        """The library's date of each statement document it holds (the one date of a statement)."""
        return {
            doc_id: day
            for doc_id, day in s.execute(select(StatementRow.document_id, StatementRow.date)).all()
            if day
        }

    def commitments(
        self,
        *,
        party: str | None = None,
        standing: str | None = None,
        due_after: str | None = None,
        due_before: str | None = None,
        statement: str | None = None,
    ) -> list[CommitmentView]:
        """Tracked commitments, filtered: a party (any case), a standing (``STANDINGS``), a deadline
        window (YYYY-MM-DD, both ends included; commitments without a deadline drop out), a statement's
        title or path (any part of it, any case)."""
        if standing is not None and standing not in STANDINGS:
            raise InputError(f"unknown standing {standing!r}: choose one of {', '.join(STANDINGS)}")
        for name, day in (("due_after", due_after), ("due_before", due_before)):
            if day is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                raise InputError(f"{name.replace('_', ' ')} must be a date, YYYY-MM-DD, not {day!r}")
        with self.store.session() as s:
            rows = s.scalars(select(CommitmentRow).order_by(CommitmentRow.id)).all()
            dates = self._library_dates(s)
            views = [self._view(s, r, dates) for r in rows]
        wanted = party.strip().casefold() if party else None
        text = statement.strip().casefold() if statement else None
        return [
            v
            for v in views
            if (wanted is None or any(p.casefold() == wanted for p in v.parties))
            and (standing is None or v.standing == standing)
            and (due_after is None or (v.deadline is not None and v.deadline >= due_after))
            and (due_before is None or (v.deadline is not None and v.deadline <= due_before))
            and (text is None or text in f"{v.statement}\n{v.statement_path}".casefold())
        ]

    def parties(self) -> list[str]:
        """Every party named by a tracked commitment, sorted."""
        with self.store.session() as s:
            return sorted({p for row in s.scalars(select(CommitmentRow.parties)).all() for p in row})

    def show(self, commitment_id: int) -> CommitmentView:
        with self.store.session() as s:
            return self._view(s, self._row(s, commitment_id))

    def provision_context(self, commitment_id: int) -> tuple[str, str, str]:
        """The statement paragraph holding a commitment, split around it: (before, the commitment, after)."""
        with self.store.session() as s:
            row = self._row(s, commitment_id)
            doc = s.get(DocumentRow, row.statement_id)
            text = doc.text if doc is not None else ""
        if not text or text[row.start : row.end] != row.text:
            return "", row.text, ""
        begin = text.rfind("\n", 0, row.start) + 1
        end = text.find("\n", row.end)
        end = len(text) if end < 0 else end
        return text[begin : row.start], row.text, text[row.end : end]

    def queue(self) -> list[tuple[CommitmentView, EvidenceView]]:
        """Proposed evidence waiting for a person to accept or reject it, oldest first."""
        return sorted(
            ((v, e) for v in self.commitments() for e in v.evidence if e.status == "candidate"),
            key=lambda pair: (pair[1].added_at, pair[1].id),
        )

    # --- evidence ---------------------------------------------------------------------------------

    def add_evidence(
        self,
        commitment_id: int,
        *,
        party: str | None,
        assessment: int | None,
        source: str = "",
        quote: str = "",
        date: str | None = None,
        by: str = "",
        note: str = "",
        proposed: bool = False,
        origin: str = "manual",
        idempotency: IdempotencyKey | None = None,
        on_replay: Callable[[], None] | None = None,
    ) -> int:
        """Append an evidence item (accepted at once, or a candidate when ``proposed``); with
        ``idempotency``, a retry of a write that landed returns the stored item's id (and calls
        ``on_replay``), also when the two arrive at once."""
        if idempotency is not None:
            hit = self.store.replay(idempotency)
            if hit is not None:
                if on_replay is not None:
                    on_replay()
                return int(hit["evidence_id"])
        return self.store.retrying(
            lambda: self._add_evidence(
                commitment_id, party, assessment, source, quote, date, by, note, proposed, origin, idempotency
            ),
            lambda: self.store.replay(idempotency) if idempotency is not None else None,
            "evidence_id",
            on_replay,
        )

    def _add_evidence(
        self,
        commitment_id: int,
        party: str | None,
        assessment: int | None,
        source: str,
        quote: str,
        date: str | None,
        by: str,
        note: str,
        proposed: bool,
        origin: str,
        idempotency: IdempotencyKey | None,
    ) -> int:
        if assessment not in (None, -1, 0, 1):
            raise InputError(f"assessment must be -1, 0 or +1, not {assessment}")
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise InputError(f"date must be YYYY-MM-DD, not {date!r}")
        with self.store.session() as s:
            row = self._row(s, commitment_id)
            if party is not None and party not in row.parties:
                raise InputError(
                    f"{party!r} is not a party to commitment {commitment_id} ({', '.join(row.parties)})"
                )
            item = EvidenceRow(
                commitment_id=row.id,
                party=party,
                assessment=assessment,
                source=source,
                quote=quote,
                date=date,
                added_by=by,
                note=note,
                origin=origin,
            )
            s.add(item)
            s.flush()
            s.add(
                EvidenceEventRow(
                    evidence_id=item.id, event="proposed" if proposed else "added", by=by, note=note
                )
            )
            self.store.remember(s, idempotency, {"evidence_id": item.id})
            return item.id

    def _decide(self, evidence_id: int, event: str, by: str, note: str) -> int:
        with self.store.session() as s:
            item: EvidenceRow = get_row(
                s, EvidenceRow, evidence_id, "evidence item", hint="see `communique ledger queue`"
            )
            s.add(EvidenceEventRow(evidence_id=item.id, event=event, by=by, note=note))
            return item.commitment_id

    def accept(self, evidence_id: int, *, by: str = "", note: str = "") -> int:
        """Accept an evidence item (it counts towards its parties' status); returns its commitment's id."""
        return self._decide(evidence_id, "accepted", by, note)

    def reject(self, evidence_id: int, *, by: str = "", note: str = "") -> int:
        """Reject an evidence item (kept in the history, no longer counted); returns its commitment's id."""
        return self._decide(evidence_id, "rejected", by, note)

    # --- scoring and export -----------------------------------------------------------------------

    def score(self, views: Sequence[CommitmentView] | None = None) -> dict[str, Any]:
        """Compliance per party and overall, as the G7/G20 Research Group reports it (over ``views``,
        by default every commitment)."""
        per: dict[str, list[int]] = {}
        counts: dict[str, int] = {}
        for v in self.commitments() if views is None else views:
            for party, value in v.status.items():
                counts[party] = counts.get(party, 0) + 1
                if value is not None:
                    per.setdefault(party, []).append(value)

        def summary(values: list[int], total: int) -> dict[str, Any]:
            mean = sum(values) / len(values) if values else None
            return {
                "commitments": total,
                "assessed": len(values),
                "mean": mean,
                "percent": (mean + 1) / 2 * 100 if mean is not None else None,
            }

        out = {"parties": {p: summary(per.get(p, []), counts[p]) for p in sorted(counts)}}
        everything = [x for vals in per.values() for x in vals]
        out["overall"] = summary(everything, sum(counts.values()))
        return out

    def export(self, fmt: str = "json") -> str:
        views = self.commitments()
        if fmt == "json":
            return json.dumps([asdict(v) for v in views], ensure_ascii=False, indent=1)
        if fmt == "csv":
            from .report.exports import csv_text

            return csv_text(
                [
                    "id",
                    "statement_date",
                    "provision",
                    "parties",
                    "action",
                    "target",
                    "deadline",
                    "timeline",
                    "numerical_target",
                    "accountability",
                    "previous_id",
                    "status",
                    "evidence",
                    "text",
                ],
                (
                    [
                        v.id,
                        v.statement_date or "",
                        v.provision_id,
                        ";".join(v.parties),
                        v.action,
                        v.target or "",
                        v.deadline or "",
                        int(v.catalysts.get("timeline", False)),
                        int(v.catalysts.get("numerical_target", False)),
                        int(v.catalysts.get("accountability", False)),
                        v.previous_id or "",
                        ";".join(f"{p}={'' if s is None else s}" for p, s in v.status.items()),
                        len(v.evidence),
                        v.text,
                    ]
                    for v in views
                ),
            )
        raise InputError(f"unknown export format {fmt!r} (json or csv)")

    # --- proposals from news ----------------------------------------------------------------------

    def scan(
        self,
        article: Segmented,
        *,
        embedder: Any = None,
        by: str = "communique scan",
        min_score: float = SCAN_MIN_SCORE,
    ) -> list[int]:
        """Propose evidence from an article: sentences that align with a commitment and report action."""
        from .align import SourceIndex

        views = self.commitments()
        if not views:
            return []
        index = SourceIndex.for_texts([v.text for v in views], embedder)
        claims = [s for s in article.sentences if s.kind == "claim" and reports_action(s.text)]
        proposed: list[int] = []
        for s, cands in zip(claims, index.rank([s.text for s in claims], limit=1), strict=True):
            if not cands or cands[0].score < min_score:
                continue
            v = views[cands[0].passage.sentences[0]]
            if any(e.quote == s.text for e in v.evidence):
                continue  # proposed before
            proposed.append(
                self.add_evidence(
                    v.id,
                    party=None,
                    assessment=assessment_of(s.text),
                    source=article.document.path,
                    quote=s.text,
                    date=article.document.date,
                    by=by,
                    proposed=True,
                    origin="scan",
                    note=f"alignment {cands[0].score:.2f}",
                )
            )
        return proposed
