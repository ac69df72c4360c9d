"""statement library, per-article summaries of runs, outlets and published dates of documents, batch errors

Revision ID: 0005_library
Revises: 0004_idempotency
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_library"
down_revision = "0004_idempotency"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("issuers", sa.JSON, nullable=False),
        sa.Column("date", sa.String(32), nullable=True),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(80), nullable=True),
        sa.Column("round", sa.String(40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "batch_errors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "run_articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("check_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("omitted", sa.Integer, nullable=False),
        sa.UniqueConstraint("run_id", "article_id"),
    )
    op.create_index("ix_run_articles_article_id", "run_articles", ["article_id"])
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("outlet", sa.String(200), nullable=True))
        batch.add_column(sa.Column("published", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published")
        batch.drop_column("outlet")
    op.drop_index("ix_run_articles_article_id", "run_articles")
    op.drop_table("run_articles")
    op.drop_table("batch_errors")
    op.drop_table("statements")
