"""Prescribed routines: each version of a routine a clinician prescribes for a person.

A new table only, a person's like every record (people ON DELETE CASCADE erases it with the
person). The routine is kept as JSON in the fields of the routine file format, exactly as it was
checked; the clinician is named, not referred to, as alert marks name theirs: the prescription
stays the person's record of who prescribed it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.String(40)
PERSON_ID = sa.String(100)


def upgrade() -> None:
    op.create_table(
        "prescriptions",
        sa.Column(
            "person_id",
            PERSON_ID,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("routine_id", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("prescribed_by", sa.String(40), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("person_id", "routine_id", "version", name="pk_prescriptions"),
        sa.CheckConstraint("version >= 1", name="ck_prescriptions_version"),
    )


def downgrade() -> None:
    op.drop_table("prescriptions")
