"""Alert marks: a clinician acknowledged an alert, or was e-mailed about it.

Alerts are worked out from the records on every read and never stored; only these marks are.
A new table only, a person's like every record (people ON DELETE CASCADE erases it with the
person whose records raised the alert). The clinician is named, not referred to, as failed
sign-ins are: a personal database has no accounts, and erasing a clinician's account erases
their marks by name.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.String(40)
PERSON_ID = sa.String(100)


def upgrade() -> None:
    op.create_table(
        "alert_marks",
        sa.Column(
            "person_id",
            PERSON_ID,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("alert_id", sa.String(200), nullable=False),
        sa.Column("clinician", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint(
            "person_id", "alert_id", "clinician", "kind", name="pk_alert_marks"
        ),
        sa.CheckConstraint("kind IN ('acknowledged', 'emailed')", name="ck_alert_marks_kind"),
    )
    op.create_index("ix_alert_marks_clinician", "alert_marks", ["clinician"])


def downgrade() -> None:
    op.drop_index("ix_alert_marks_clinician", "alert_marks")
    op.drop_table("alert_marks")
