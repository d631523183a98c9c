"""Outcome questionnaires: one row per completed STarT Back or PEG questionnaire.

Only a new table, a person's like every record (people ON DELETE CASCADE erases it with them);
the records of earlier revisions are left as they are.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.String(40)
PERSON_ID = sa.String(100)


def upgrade() -> None:
    op.create_table(
        "questionnaire_responses",
        sa.Column(
            "person_id",
            PERSON_ID,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("questionnaire", sa.String(32), nullable=False),
        sa.Column("answered_at", TIMESTAMP, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("subscale", sa.Integer),
        sa.Column("risk", sa.String(16)),
        sa.PrimaryKeyConstraint("person_id", "id", name="pk_questionnaire_responses"),
        sa.CheckConstraint(
            "risk IN ('low', 'medium', 'high')", name="ck_questionnaire_responses_risk"
        ),
    )
    op.create_index(
        "ix_questionnaire_responses_person_answered_at",
        "questionnaire_responses",
        ["person_id", "answered_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_questionnaire_responses_person_answered_at", "questionnaire_responses")
    op.drop_table("questionnaire_responses")
