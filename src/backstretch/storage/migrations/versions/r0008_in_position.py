"""Holds record how long they were held in position, as the camera check measured it.

One nullable column only: every hold stored before (and every hold held with the camera off)
keeps NULL, so nothing already recorded changes. Adding a nullable column is one ALTER TABLE on
SQLite and PostgreSQL alike: no row is copied or rewritten.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("holds", sa.Column("in_position_seconds", sa.Float, nullable=True))


def downgrade() -> None:
    # in a batch: SQLite before 3.35 has no DROP COLUMN, so Alembic copies the table there
    with op.batch_alter_table("holds") as batch:
        batch.drop_column("in_position_seconds")
