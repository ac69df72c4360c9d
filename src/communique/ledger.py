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
  reports action on it becomes a candidate for a person to accept or reject.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
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
                        statement_date=source.document.date,
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

    def _view(self, s: Session, row: CommitmentRow) -> CommitmentView:
        doc = s.get(DocumentRow, row.statement_id)
        return CommitmentView(
            id=row.id,
            statement=(doc.title or doc.path) if doc is not None else "",
            statement_date=row.statement_date,
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
        )

    def commitments(self, *, party: str | None = None) -> list[CommitmentView]:
        with self.store.session() as s:
            rows = s.scalars(select(CommitmentRow).order_by(CommitmentRow.id)).all()
            views = [self._view(s, r) for r in rows]
        return [v for v in views if party is None or party in v.parties]

    def show(self, commitment_id: int) -> CommitmentView:
        with self.store.session() as s:
            return self._view(s, self._row(s, commitment_id))

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

    def _decide(self, evidence_id: int, event: str, by: str, note: str) -> None:
        with self.store.session() as s:
            item = get_row(s, EvidenceRow, evidence_id, "evidence item")
            s.add(EvidenceEventRow(evidence_id=item.id, event=event, by=by, note=note))

    def accept(self, evidence_id: int, *, by: str = "", note: str = "") -> None:
        self._decide(evidence_id, "accepted", by, note)

    def reject(self, evidence_id: int, *, by: str = "", note: str = "") -> None:
        self._decide(evidence_id, "rejected", by, note)

    # --- scoring and export -----------------------------------------------------------------------

    def score(self) -> dict[str, Any]:
        """Compliance per party and overall, as the G7/G20 Research Group reports it."""
        per: dict[str, list[int]] = {}
        counts: dict[str, int] = {}
        for v in self.commitments():
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
