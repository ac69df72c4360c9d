"""documents.content_sha256: the digest of a document's text with line endings and trailing blank space
normalised, so the same article uploaded and pasted is one article; an index of findings by run,
article and verdict, so flagged claims are counted and listed without reading every finding

Revision ID: 0006_content_key
Revises: 0005_library
Create Date: 2026-12-05
"""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa
from alembic import op

revision = "0006_content_key"
down_revision = "0005_library"
branch_labels = None
depends_on = None


def content_key(text: str) -> str:
    """store.content_key as of this revision (a migration keeps its own copy)."""
    lines = re.split(r"\r\n?|\n", text)
    return hashlib.sha256("\n".join(line.rstrip() for line in lines).strip().encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("content_sha256", sa.String(64), nullable=True))
        batch.create_index("ix_documents_content_sha256", ["content_sha256"])
    op.create_index("ix_findings_run_article_verdict", "findings", ["run_id", "article_id", "verdict"])
    documents = sa.table(
        "documents", sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column("content_sha256")
    )
    conn = op.get_bind()
    last = 0
    while True:  # in slices, so a large store is not read into memory at once
        rows = conn.execute(
            sa.select(documents.c.id, documents.c.text)
            .where(documents.c.id > last)
            .order_by(documents.c.id)
            .limit(500)
        ).all()
        if not rows:
            break
        for ident, text in rows:
            conn.execute(
                documents.update()
                .where(documents.c.id == ident)
                .values(content_sha256=content_key(text or ""))
            )
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_findings_run_article_verdict", table_name="findings")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_content_sha256")
        batch.drop_column("content_sha256")
