"""The database tables, in SQLAlchemy Core. Migrations (storage/migrations) create them; this is
what the SQLAlchemy repository queries. Timestamps are fixed-width UTC ISO text, so the standard
library's sqlite3 and SQLAlchemy read and write them alike and they sort as text."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

TIMESTAMP = String(40)
metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("routine_id", String(200), nullable=False),
    Column("routine_name", String(200), nullable=False),
    Column("doses", Text, nullable=False),
    Column("started_at", TIMESTAMP, nullable=False),
    Column("ended_at", TIMESTAMP),
    Column("status", String(16), nullable=False),
    Column("speed", Float, nullable=False, server_default="1"),
    Column("pain_before", Integer),
    Column("pain_after", Integer),
    # kept by the repository from the holds, in each hold's own transaction, so `history` and
    # `stats` over ten years read one row per session instead of 65
    Column("holds_completed", Integer, nullable=False, server_default="0"),
    Column("holds_skipped", Integer, nullable=False, server_default="0"),
    Column("seconds_held", Float, nullable=False, server_default="0"),
    # the local calendar day it happened on, as the recording machine saw it (YYYY-MM-DD)
    Column("day", String(10), nullable=False),
    CheckConstraint("status IN ('completed', 'partial', 'in_progress')", name="ck_sessions_status"),
    CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
    CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
    Index("ix_sessions_started_at", "started_at"),
    # covering indexes for `stats`: the active days, and daily pain sums, without reading rows
    Index("ix_sessions_day_completed", "day", "holds_completed"),
)

holds = Table(
    "holds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("hold_number", Integer, nullable=False),
    Column("exercise_id", String(200), nullable=False),
    Column("side", String(8)),
    Column("rep", Integer, nullable=False),
    Column("phase", String(64), nullable=False),
    Column("planned_seconds", Float, nullable=False),
    Column("held_seconds", Float, nullable=False),
    Column("completed", Boolean(create_constraint=False), nullable=False),
    Column("recorded_at", TIMESTAMP, nullable=False),
    UniqueConstraint("session_id", "hold_number", name="uq_holds_session_hold"),
)

pain_ratings = Table(
    "pain_ratings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("level", Integer, nullable=False),
    Column("context", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("recorded_at", TIMESTAMP, nullable=False),
    Column("session_id", String(36), ForeignKey("sessions.id", ondelete="SET NULL")),
    Column("day", String(10), nullable=False),
    CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_ratings_level"),
    CheckConstraint(
        "context IN ('morning', 'before', 'after', 'usual')", name="ck_pain_ratings_context"
    ),
    Index("ix_pain_ratings_day_context_level", "day", "context", "level"),
    Index("ix_pain_ratings_session_id", "session_id"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# -- safety (revision 0002) ---------------------------------------------------------------------
screening_answers = Table(
    "screening_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("screening_id", String(36), nullable=False),
    Column("question", String(32), nullable=False),
    Column("answer", Boolean(create_constraint=False), nullable=False),
    Column("answered_at", TIMESTAMP, nullable=False),
    Column("day", String(10), nullable=False),
    Index("ix_screening_answers_answered_at", "answered_at"),
)

clearances = Table(
    "clearances",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cleared_on", String(10), nullable=False),
    Column("recorded_at", TIMESTAMP, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
)

dose_changes = Table(
    "dose_changes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("exercise_id", String(200), nullable=False),
    Column("hold_before", Float, nullable=False),
    Column("hold_after", Float, nullable=False),
    Column("reps_before", Integer, nullable=False),
    Column("reps_after", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("changed_at", TIMESTAMP, nullable=False),
)

pain_reports = Table(
    "pain_reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("session_id", String(36), ForeignKey("sessions.id", ondelete="SET NULL")),
    Column("exercise_id", String(200), nullable=False),
    Column("level", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("action", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("recorded_at", TIMESTAMP, nullable=False),
    Column("day", String(10), nullable=False),
    CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_reports_level"),
)
