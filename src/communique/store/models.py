"""SQLAlchemy 2 tables: documents, their sentences, check runs and findings."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    path: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    date: Mapped[str | None] = mapped_column(String(32), nullable=True)
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: the site or outlet that published an article (a URL's host, a manifest's ``outlet``)
    outlet: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: the day it was published, YYYY-MM-DD, when known
    published: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: the digest of its text with line endings and trailing blank space normalised (store.content_key)
    content_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)

    sentences: Mapped[list[SentenceRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SentenceRow.idx"
    )


class SentenceRow(Base):
    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("document_id", "idx"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))

    document: Mapped[DocumentRow] = relationship(back_populates="sentences")


class CheckRunRow(Base):
    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    schema: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    settings: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, object]] = mapped_column(JSON)

    findings: Mapped[list[FindingRow]] = relationship(back_populates="run", cascade="all, delete-orphan")
    articles: Mapped[list[RunArticleRow]] = relationship(cascade="all, delete-orphan")


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_run_article", "run_id", "article_id"),
        # flagged claims are counted and listed from the index alone (store.flagged)
        Index("ix_findings_run_article_verdict", "run_id", "article_id", "verdict"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    verdict: Mapped[str | None] = mapped_column(String(16), nullable=True)
    explanation: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    #: for a flagged sentence, the calibrated chance that its flag is right (0–1, the check JSON's
    #: ``confidence``); None where the JSON gives none (runs stored before migration 0007)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)

    run: Mapped[CheckRunRow] = relationship(back_populates="findings")


class CommitmentRow(Base):
    """A commitment of a statement: who promised what, by when, with its compliance catalysts."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("statement_id", "start", "end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    statement_date: Mapped[str | None] = mapped_column(String(32), nullable=True)
    provision_id: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    parties: Mapped[list[str]] = mapped_column(JSON, default=list)
    action: Mapped[str] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text, nullable=True)
    deadline: Mapped[str | None] = mapped_column(String(32), nullable=True)
    catalysts: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")

    evidence: Mapped[list[EvidenceRow]] = relationship(back_populates="commitment", order_by="EvidenceRow.id")


class EvidenceRow(Base):
    """One piece of evidence about a commitment; never changed once written (its status is in events)."""

    __tablename__ = "evidence_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    party: Mapped[str | None] = mapped_column(String(120), nullable=True)
    assessment: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str | None] = mapped_column(String(32), nullable=True)
    added_by: Mapped[str] = mapped_column(String(120), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="manual")

    commitment: Mapped[CommitmentRow] = relationship(back_populates="evidence")
    events: Mapped[list[EvidenceEventRow]] = relationship(
        back_populates="evidence", order_by="EvidenceEventRow.id"
    )


class EvidenceEventRow(Base):
    """What happened to an evidence item, when and by whom: added, proposed, accepted, rejected."""

    __tablename__ = "evidence_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(120), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    evidence: Mapped[EvidenceRow] = relationship(back_populates="events")


class TokenRow(Base):
    """An API token: only its SHA-256 is stored; the token itself is shown once, when created."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)


class IdempotencyRow(Base):
    """A write made with an ``Idempotency-Key``: stored in the write's own transaction, so a retry finds
    either nothing (the write never happened) or this row (it did), never half of it."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "endpoint", "key", name="uq_idempotency_scope_endpoint_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))
    endpoint: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(200))
    request_sha256: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StatementRow(Base):
    """A statement in the library: its document and what identifies it among its neighbours."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    issuers: Mapped[list[str]] = mapped_column(JSON, default=list)
    date: Mapped[str | None] = mapped_column(String(32), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    kind: Mapped[str | None] = mapped_column(String(80), nullable=True)
    round: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[DocumentRow] = relationship()


class BatchErrorRow(Base):
    """An article a batch could not check, and why (the batch went on)."""

    __tablename__ = "batch_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RunArticleRow(Base):
    """One article of a run: how many of the source's paragraphs it left out (for outlet scorecards)."""

    __tablename__ = "run_articles"
    __table_args__ = (UniqueConstraint("run_id", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    omitted: Mapped[int] = mapped_column(Integer)
