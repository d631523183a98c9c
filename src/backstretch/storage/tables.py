"""The database tables, in SQLAlchemy Core. Migrations (storage/migrations) create them; this is
what the SQLAlchemy repository queries. Timestamps are fixed-width UTC ISO text, so the standard
library's sqlite3 and SQLAlchemy read and write them alike and they sort as text.

Every record belongs to a person (revision 0003): each table has a `person_id`, ids are unique
within a person (keys start with `person_id`), and a record can refer only to a session of the
same person, so one person's reads and writes can never reach another's records. Indexes start
with `person_id` too, so one person's `history` and `stats` read only their own rows.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

TIMESTAMP = String(40)
PERSON_ID = String(100)
metadata = MetaData()


def person_column() -> Column[str]:
    return Column(
        "person_id", PERSON_ID, ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    )


def own_session(table: str, ondelete: str | None = None) -> ForeignKeyConstraint:
    """A record's session is one of the same person's."""
    return ForeignKeyConstraint(
        ["person_id", "session_id"],
        ["sessions.person_id", "sessions.id"],
        name=f"fk_{table}_session",
        ondelete=ondelete,
    )


people = Table(
    "people",
    metadata,
    Column("id", PERSON_ID, primary_key=True),
    Column("name", String(200), nullable=False, server_default=""),
)

sessions = Table(
    "sessions",
    metadata,
    person_column(),
    Column("id", String(36), nullable=False),
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
    # the calendar day it happened on in the person's time zone when it was stored (YYYY-MM-DD)
    Column("day", String(10), nullable=False),
    PrimaryKeyConstraint("person_id", "id", name="pk_sessions"),
    CheckConstraint("status IN ('completed', 'partial', 'in_progress')", name="ck_sessions_status"),
    CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
    CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
    Index("ix_sessions_person_started_at", "person_id", "started_at"),
    # covering indexes for `stats`: the active days, and daily pain sums, without reading rows
    Index("ix_sessions_person_day_completed", "person_id", "day", "holds_completed"),
)

holds = Table(
    "holds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    person_column(),
    Column("session_id", String(36), nullable=False),
    Column("hold_number", Integer, nullable=False),
    Column("exercise_id", String(200), nullable=False),
    Column("side", String(8)),
    Column("rep", Integer, nullable=False),
    Column("phase", String(64), nullable=False),
    Column("planned_seconds", Float, nullable=False),
    Column("held_seconds", Float, nullable=False),
    Column("completed", Boolean(create_constraint=False), nullable=False),
    Column("recorded_at", TIMESTAMP, nullable=False),
    Column("in_position_seconds", Float),  # NULL: the camera check was off (revision 0008)
    own_session("holds", ondelete="CASCADE"),
    UniqueConstraint("person_id", "session_id", "hold_number", name="uq_holds_person_session_hold"),
)

pain_ratings = Table(
    "pain_ratings",
    metadata,
    person_column(),
    Column("id", String(36), nullable=False),
    Column("level", Integer, nullable=False),
    Column("context", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("recorded_at", TIMESTAMP, nullable=False),
    Column("session_id", String(36)),
    Column("day", String(10), nullable=False),
    PrimaryKeyConstraint("person_id", "id", name="pk_pain_ratings"),
    own_session("pain_ratings"),
    CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_ratings_level"),
    CheckConstraint(
        "context IN ('morning', 'before', 'after', 'usual')", name="ck_pain_ratings_context"
    ),
    Index("ix_pain_ratings_person_day_context_level", "person_id", "day", "context", "level"),
    Index("ix_pain_ratings_person_recorded_at", "person_id", "recorded_at"),
    Index("ix_pain_ratings_person_session_id", "person_id", "session_id"),
)

settings = Table(
    "settings",
    metadata,
    person_column(),
    Column("key", String(100), nullable=False),
    Column("value", Text, nullable=False),
    PrimaryKeyConstraint("person_id", "key", name="pk_settings"),
)

# -- safety (revision 0002) ---------------------------------------------------------------------
screening_answers = Table(
    "screening_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    person_column(),
    Column("screening_id", String(36), nullable=False),
    Column("question", String(32), nullable=False),
    Column("answer", Boolean(create_constraint=False), nullable=False),
    Column("answered_at", TIMESTAMP, nullable=False),
    Column("day", String(10), nullable=False),
    Index("ix_screening_answers_person_answered_at", "person_id", "answered_at"),
)

clearances = Table(
    "clearances",
    metadata,
    person_column(),
    Column("id", String(36), nullable=False),
    Column("cleared_on", String(10), nullable=False),
    Column("recorded_at", TIMESTAMP, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    PrimaryKeyConstraint("person_id", "id", name="pk_clearances"),
)

dose_changes = Table(
    "dose_changes",
    metadata,
    person_column(),
    Column("id", String(36), nullable=False),
    Column("exercise_id", String(200), nullable=False),
    Column("hold_before", Float, nullable=False),
    Column("hold_after", Float, nullable=False),
    Column("reps_before", Integer, nullable=False),
    Column("reps_after", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("changed_at", TIMESTAMP, nullable=False),
    PrimaryKeyConstraint("person_id", "id", name="pk_dose_changes"),
)

pain_reports = Table(
    "pain_reports",
    metadata,
    person_column(),
    Column("id", String(36), nullable=False),
    Column("session_id", String(36)),
    Column("exercise_id", String(200), nullable=False),
    Column("level", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("action", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("recorded_at", TIMESTAMP, nullable=False),
    Column("day", String(10), nullable=False),
    PrimaryKeyConstraint("person_id", "id", name="pk_pain_reports"),
    own_session("pain_reports"),
    CheckConstraint("level BETWEEN 0 AND 10", name="ck_pain_reports_level"),
    Index("ix_pain_reports_person_recorded_at", "person_id", "recorded_at"),
)

# -- outcome questionnaires (revision 0005) ------------------------------------------------------
# answers: the items' values in item order, as JSON text (core/outcomes.py); subscale and risk
# are STarT Back's, NULL for PEG
questionnaire_responses = Table(
    "questionnaire_responses",
    metadata,
    person_column(),
    Column("id", String(36), nullable=False),
    Column("questionnaire", String(32), nullable=False),
    Column("answered_at", TIMESTAMP, nullable=False),
    Column("day", String(10), nullable=False),
    Column("answers", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("subscale", Integer),
    Column("risk", String(16)),
    PrimaryKeyConstraint("person_id", "id", name="pk_questionnaire_responses"),
    CheckConstraint("risk IN ('low', 'medium', 'high')", name="ck_questionnaire_responses_risk"),
    Index("ix_questionnaire_responses_person_answered_at", "person_id", "answered_at"),
)

# -- alert marks (revision 0006) ----------------------------------------------------------------
# a clinician acknowledged an alert about this person, or was e-mailed about it; the clinician is
# named (a personal database has no accounts), and erased by name with their account
alert_marks = Table(
    "alert_marks",
    metadata,
    person_column(),
    Column("alert_id", String(200), nullable=False),
    Column("clinician", String(40), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("at", TIMESTAMP, nullable=False),
    PrimaryKeyConstraint("person_id", "alert_id", "clinician", "kind", name="pk_alert_marks"),
    CheckConstraint("kind IN ('acknowledged', 'emailed')", name="ck_alert_marks_kind"),
    Index("ix_alert_marks_clinician", "clinician"),
)

# -- prescribed routines (revision 0007) ---------------------------------------------------------
# each version of a routine a clinician prescribed for this person, as JSON in the routine file
# format; the clinician is named, so the person keeps the record of who prescribed it
prescriptions = Table(
    "prescriptions",
    metadata,
    person_column(),
    Column("routine_id", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Column("prescribed_by", String(40), nullable=False),
    Column("at", TIMESTAMP, nullable=False),
    PrimaryKeyConstraint("person_id", "routine_id", "version", name="pk_prescriptions"),
    CheckConstraint("version >= 1", name="ck_prescriptions_version"),
)

# -- accounts of a shared server (revision 0004) -------------------------------------------------
# Each account is a person; erasing the person (people ON DELETE CASCADE) takes the account, and
# with it its invitations, sign-ins, sharing both ways and the log of reads of its data. Failed
# sign-ins name a username that may not exist, so they refer to nothing and are erased by name.
# Tokens are kept as their SHA-256 (hex), never as themselves.
USERNAME = String(40)
TOKEN_HASH = String(64)


def account_column(name: str, nullable: bool = False, ondelete: str = "CASCADE") -> Column[str]:
    return Column(
        name, USERNAME, ForeignKey("accounts.username", ondelete=ondelete), nullable=nullable
    )


accounts = Table(
    "accounts",
    metadata,
    Column("username", USERNAME, primary_key=True),
    Column(
        "person_id",
        PERSON_ID,
        ForeignKey("people.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(400)),
    Column("disabled", Boolean(create_constraint=False), nullable=False),
    Column("created_at", TIMESTAMP, nullable=False),
    CheckConstraint("role IN ('person', 'clinician', 'admin')", name="ck_accounts_role"),
)

invitations = Table(
    "invitations",
    metadata,
    Column("token_hash", TOKEN_HASH, primary_key=True),
    account_column("username"),
    Column("expires_at", TIMESTAMP, nullable=False),
    Column("used", Boolean(create_constraint=False), nullable=False),
    Index("ix_invitations_username", "username"),
)

sign_ins = Table(
    "sign_ins",
    metadata,
    Column("token_hash", TOKEN_HASH, primary_key=True),
    account_column("username"),
    Column("expires_at", TIMESTAMP, nullable=False),
    Index("ix_sign_ins_username", "username"),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", Text, nullable=False),  # as typed: it may name no account
    Column("address", Text, nullable=False),
    Column("at", TIMESTAMP, nullable=False),
    Index("ix_sign_in_failures_username_at", "username", "at"),
    Index("ix_sign_in_failures_address_at", "address", "at"),
)

sharing = Table(
    "sharing",
    metadata,
    account_column("username"),
    account_column("clinician"),
    Column("since", TIMESTAMP, nullable=False),
    PrimaryKeyConstraint("username", "clinician", name="pk_sharing"),
    Index("ix_sharing_clinician", "clinician"),
)

access_log = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    account_column("person"),
    # who read it; erasing the reader keeps the read in the person's log but names no one
    account_column("reader", nullable=True, ondelete="SET NULL"),
    Column("what", String(40), nullable=False),
    Column("at", TIMESTAMP, nullable=False),
    Index("ix_access_log_person_at", "person", "at"),
    Index("ix_access_log_reader", "reader"),
)
