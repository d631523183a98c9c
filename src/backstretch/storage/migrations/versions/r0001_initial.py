"""The first schema: sessions, holds, pain ratings and settings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("routine_id", sa.String(200), nullable=False),
        sa.Column("routine_name", sa.String(200), nullable=False),
        sa.Column("doses", sa.Text, nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=False),
        sa.Column("ended_at", TIMESTAMP),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("speed", sa.Float, nullable=False, server_default="1"),
        sa.Column("pain_before", sa.Integer),
        sa.Column("pain_after", sa.Integer),
        sa.Column("holds_completed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("holds_skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("seconds_held", sa.Float, nullable=False, server_default="0"),
        sa.Column("day", sa.String(10), nullable=False),
        sa.CheckConstraint(
            "status IN ('completed', 'partial', 'in_progress')", name="ck_sessions_status"
        ),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
    )
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])
    op.create_index("ix_sessions_day_completed", "sessions", ["day", "holds_completed"])
    op.create_table(
        "holds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "session_id",
            sa.String(36),
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("hold_number", sa.Integer, nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("side", sa.String(8)),
        sa.Column("rep", sa.Integer, nullable=False),
        sa.Column("phase", sa.String(64), nullable=False),
        sa.Column("planned_seconds", sa.Float, nullable=False),
        sa.Column("held_seconds", sa.Float, nullable=False),
        sa.Column("completed", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("session_id", "hold_number", name="uq_holds_session_hold"),
    )
    op.create_table(
        "pain_ratings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("context", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id", ondelete="SET NULL")),
        sa.Column("day", sa.String(10), nullable=False),
        sa.CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_ratings_level"),
        sa.CheckConstraint(
            "context IN ('morning', 'before', 'after', 'usual')", name="ck_pain_ratings_context"
        ),
    )
    op.create_index(
        "ix_pain_ratings_day_context_level", "pain_ratings", ["day", "context", "level"]
    )
    op.create_index("ix_pain_ratings_session_id", "pain_ratings", ["session_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("pain_ratings")
    op.drop_table("holds")
    op.drop_table("sessions")
