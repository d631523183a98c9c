"""Safety records: screening answers, clinician clearances, dose changes and pain reported
during a session.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "screening_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("screening_id", sa.String(36), nullable=False),
        sa.Column("question", sa.String(32), nullable=False),
        sa.Column("answer", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("answered_at", TIMESTAMP, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
    )
    op.create_index("ix_screening_answers_answered_at", "screening_answers", ["answered_at"])
    op.create_table(
        "clearances",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("cleared_on", sa.String(10), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "dose_changes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("hold_before", sa.Float, nullable=False),
        sa.Column("hold_after", sa.Float, nullable=False),
        sa.Column("reps_before", sa.Integer, nullable=False),
        sa.Column("reps_after", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("changed_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "pain_reports",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id", ondelete="SET NULL")),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_reports_level"),
    )


def downgrade() -> None:
    op.drop_table("pain_reports")
    op.drop_table("dose_changes")
    op.drop_table("clearances")
    op.drop_index("ix_screening_answers_answered_at", "screening_answers")
    op.drop_table("screening_answers")
