"""commitment ledger: commitments, evidence items, evidence events

Revision ID: 0002_ledger
Revises: 0001_initial
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_ledger"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("statement_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("statement_date", sa.String(32), nullable=True),
        sa.Column("provision_id", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("parties", sa.JSON, nullable=True),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=True),
        sa.Column("deadline", sa.String(32), nullable=True),
        sa.Column("catalysts", sa.JSON, nullable=True),
        sa.Column("topics", sa.JSON, nullable=True),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("commitments.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(120), nullable=False, server_default=""),
        sa.UniqueConstraint("statement_id", "start", "end"),
    )
    op.create_index("ix_commitments_statement_id", "commitments", ["statement_id"])
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id"), nullable=False),
        sa.Column("party", sa.String(120), nullable=True),
        sa.Column("assessment", sa.Integer, nullable=True),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("quote", sa.Text, nullable=False, server_default=""),
        sa.Column("date", sa.String(32), nullable=True),
        sa.Column("added_by", sa.String(120), nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("origin", sa.String(16), nullable=False, server_default="manual"),
    )
    op.create_index("ix_evidence_items_commitment_id", "evidence_items", ["commitment_id"])
    op.create_table(
        "evidence_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("evidence_items.id"), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("by", sa.String(120), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_evidence_events_evidence_id", "evidence_events", ["evidence_id"])


def downgrade() -> None:
    op.drop_table("evidence_events")
    op.drop_table("evidence_items")
    op.drop_table("commitments")
