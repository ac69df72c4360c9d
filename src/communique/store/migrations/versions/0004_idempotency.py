"""idempotency keys: a retried write returns what the first one stored

Revision ID: 0004_idempotency
Revises: 0003_tokens
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_idempotency"
down_revision = "0003_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("endpoint", sa.String(80), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("response", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("scope", "endpoint", "key", name="uq_idempotency_scope_endpoint_key"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
