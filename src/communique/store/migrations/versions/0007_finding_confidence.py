"""findings.confidence: the calibrated chance that a stored flag is right (verify.confidence), as the
check's JSON gives it for the sentence; NULL where it was not given (runs stored before this revision,
sentences that are not flagged)

Revision ID: 0007_finding_confidence
Revises: 0006_content_key
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_finding_confidence"
down_revision = "0006_content_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("confidence", sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("confidence")
