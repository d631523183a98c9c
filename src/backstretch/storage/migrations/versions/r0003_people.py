"""People: every record belongs to a person, and what was stored goes to the local person.

A `people` table, and a `person_id` in every table: sessions, holds, pain ratings, pain reports,
screening answers, clearances, dose changes and settings. Keys start with the person (ids are
unique within a person; settings are keyed by person and key), a record can refer only to a
session of the same person, and the indexes start with the person so one person's `history` and
`stats` read only their rows.

Keys cannot be changed in place on SQLite, and rebuilding a table that others refer to would, with
foreign keys on, empty the tables that refer to it. So each table is renamed aside, built again
under its name, filled from the old one with the local person, and the old tables are dropped
children first: the same statements on SQLite and PostgreSQL, in the one transaction of the
migration. New constraint and index names never clash with the old ones still there.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.String(40)
PERSON_ID = sa.String(100)
LOCAL_PERSON_ID = "local"  # as core/person.py names the machine's one person
OLD = "_before_people"
# parents before children, so the new tables can be filled in this order
TABLES = (
    "sessions",
    "holds",
    "pain_ratings",
    "pain_reports",
    "settings",
    "screening_answers",
    "clearances",
    "dose_changes",
)
SERIAL = ("holds", "screening_answers")  # their ids are given anew, in the old order


def person() -> sa.Column[str]:
    return sa.Column(
        "person_id", PERSON_ID, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    )


def own_session(table: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id", "session_id"],
        ["sessions.person_id", "sessions.id"],
        name=f"fk_{table}_session",
        ondelete=ondelete,
    )


def create_tables() -> None:
    op.create_table(
        "sessions",
        person(),
        sa.Column("id", sa.String(36), nullable=False),
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
        sa.PrimaryKeyConstraint("person_id", "id", name="pk_sessions"),
        sa.CheckConstraint(
            "status IN ('completed', 'partial', 'in_progress')", name="ck_sessions_status"
        ),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
    )
    op.create_table(
        "holds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        person(),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("hold_number", sa.Integer, nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("side", sa.String(8)),
        sa.Column("rep", sa.Integer, nullable=False),
        sa.Column("phase", sa.String(64), nullable=False),
        sa.Column("planned_seconds", sa.Float, nullable=False),
        sa.Column("held_seconds", sa.Float, nullable=False),
        sa.Column("completed", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        own_session("holds", ondelete="CASCADE"),
        sa.UniqueConstraint(
            "person_id", "session_id", "hold_number", name="uq_holds_person_session_hold"
        ),
    )
    op.create_table(
        "pain_ratings",
        person(),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("context", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("session_id", sa.String(36)),
        sa.Column("day", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "id", name="pk_pain_ratings"),
        own_session("pain_ratings"),
        sa.CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_ratings_level"),
        sa.CheckConstraint(
            "context IN ('morning', 'before', 'after', 'usual')", name="ck_pain_ratings_context"
        ),
    )
    op.create_table(
        "pain_reports",
        person(),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("session_id", sa.String(36)),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "id", name="pk_pain_reports"),
        own_session("pain_reports"),
        sa.CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_reports_level"),
    )
    op.create_table(
        "settings",
        person(),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("person_id", "key", name="pk_settings"),
    )
    op.create_table(
        "screening_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        person(),
        sa.Column("screening_id", sa.String(36), nullable=False),
        sa.Column("question", sa.String(32), nullable=False),
        sa.Column("answer", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("answered_at", TIMESTAMP, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
    )
    op.create_table(
        "clearances",
        person(),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("cleared_on", sa.String(10), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("person_id", "id", name="pk_clearances"),
    )
    op.create_table(
        "dose_changes",
        person(),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("hold_before", sa.Float, nullable=False),
        sa.Column("hold_after", sa.Float, nullable=False),
        sa.Column("reps_before", sa.Integer, nullable=False),
        sa.Column("reps_after", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("changed_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("person_id", "id", name="pk_dose_changes"),
    )


def create_indexes() -> None:
    op.create_index("ix_sessions_person_started_at", "sessions", ["person_id", "started_at"])
    op.create_index(
        "ix_sessions_person_day_completed", "sessions", ["person_id", "day", "holds_completed"]
    )
    op.create_index(
        "ix_pain_ratings_person_day_context_level",
        "pain_ratings",
        ["person_id", "day", "context", "level"],
    )
    op.create_index(
        "ix_pain_ratings_person_recorded_at", "pain_ratings", ["person_id", "recorded_at"]
    )
    op.create_index(
        "ix_pain_ratings_person_session_id", "pain_ratings", ["person_id", "session_id"]
    )
    op.create_index(
        "ix_pain_reports_person_recorded_at", "pain_reports", ["person_id", "recorded_at"]
    )
    op.create_index(
        "ix_screening_answers_person_answered_at",
        "screening_answers",
        ["person_id", "answered_at"],
    )


def copy_rows(table: str) -> None:
    """Fill the new table from the old one, every row given to the local person."""
    connection = op.get_bind()
    columns = [c["name"] for c in sa.inspect(connection).get_columns(f"{table}{OLD}")]
    kept = [c for c in columns if not (table in SERIAL and c == "id")]
    names = ", ".join(kept)
    order = " ORDER BY id" if table in SERIAL else ""
    op.execute(
        f"INSERT INTO {table} (person_id, {names}) "
        f"SELECT '{LOCAL_PERSON_ID}', {names} FROM {table}{OLD}{order}"
    )


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", PERSON_ID, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
    )
    op.execute(f"INSERT INTO people (id, name) VALUES ('{LOCAL_PERSON_ID}', '')")
    for table in TABLES:
        op.rename_table(table, f"{table}{OLD}")
    create_tables()
    for table in TABLES:
        copy_rows(table)
    for table in reversed(TABLES):  # children first: dropping a parent first would empty them
        op.drop_table(f"{table}{OLD}")
    create_indexes()


def downgrade() -> None:
    raise NotImplementedError(
        "revision 0003 is not undone: it would have to drop every person but the local one"
    )
