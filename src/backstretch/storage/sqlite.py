"""The default repository: a SQLite file through the standard library's sqlite3.

Why two SQL repositories (this one and SqlAlchemyRepository, about 400 lines each): importing
SQLAlchemy takes 280-380 ms here against 7 ms for sqlite3, and `backstretch pain` has 100 ms in
all (it answers in about 80 ms on this path). So the everyday personal path speaks SQL directly,
and SQLAlchemy with Alembic loads only to create or migrate the file (once) and for PostgreSQL,
where a server process pays the import once. One would do if the quick commands did not need the
history; they do, so both stay, held to one set of contract tests (tests/storage), which run on
SQLite through both and on PostgreSQL. Each write is one transaction that takes the write lock at once (BEGIN IMMEDIATE) and waits
up to BUSY_TIMEOUT_SECONDS for other writers. How the file is opened, and what its failures mean
to a person, is in sqlite_file.py.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from backstretch.core.history import (
    ExerciseTotal,
    History,
    HoldRecord,
    ImportCounts,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    doses_from_data,
    format_timestamp,
)
from backstretch.storage.repository import SessionNotFound, StorageError
from backstretch.storage.rows import (
    HOLD_COLUMNS,
    PAIN_COLUMNS,
    SESSION_COLUMNS,
    hold_from_row,
    hold_row,
    merge_totals,
    pain_from_row,
    pain_row,
    session_from_row,
    session_row,
)
from backstretch.storage.safety_rows import (
    ANSWER_COLUMNS,
    CLEARANCE_COLUMNS,
    DOSE_CHANGE_COLUMNS,
    PAIN_REPORT_COLUMNS,
    answer_from_row,
    answer_row,
    clearance_from_row,
    clearance_row,
    dose_change_from_row,
    dose_change_row,
    pain_report_from_row,
    pain_report_row,
)
from backstretch.storage.sqlite_file import explain, open_connection

Params = ParamSpec("Params")
Result = TypeVar("Result")


def _insert(table: str, columns: Sequence[str], conflict: str = "") -> str:
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({values}) {conflict}"


INSERT_SESSION = _insert("sessions", SESSION_COLUMNS)
INSERT_PAIN = _insert("pain_ratings", PAIN_COLUMNS)
UPSERT_HOLD = _insert(
    "holds",
    HOLD_COLUMNS,
    "ON CONFLICT (session_id, hold_number) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in HOLD_COLUMNS[2:])
    + " WHERE excluded.completed AND NOT holds.completed",
)

if TYPE_CHECKING:  # types only: quick commands do not load the safety rules
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer
INSERT_ANSWER = _insert("screening_answers", ANSWER_COLUMNS)
INSERT_CLEARANCE = _insert("clearances", CLEARANCE_COLUMNS)
INSERT_DOSE_CHANGE = _insert("dose_changes", DOSE_CHANGE_COLUMNS)
INSERT_PAIN_REPORT = _insert("pain_reports", PAIN_REPORT_COLUMNS)
SKIP_KNOWN = " ON CONFLICT (id) DO NOTHING"  # importing again adds nothing
OWN_HOLDS = "FROM holds h WHERE h.session_id = sessions.id"
RECOUNT = f"""UPDATE sessions SET
    holds_completed = (SELECT count(*) {OWN_HOLDS} AND h.completed),
    holds_skipped = (SELECT count(*) {OWN_HOLDS} AND NOT h.completed),
    seconds_held = (SELECT coalesce(sum(h.held_seconds), 0) {OWN_HOLDS})
    WHERE id = ?"""
SUMMARY = f"""SELECT {", ".join(SESSION_COLUMNS)}, holds_completed, holds_skipped, seconds_held
    FROM sessions WHERE started_at >= :since ORDER BY started_at DESC, id DESC LIMIT :limit"""
TALLIES = """SELECT h.exercise_id, sum(h.completed), sum(1 - h.completed),
    sum(h.held_seconds / s.speed)
    FROM sessions s JOIN holds h ON h.session_id = s.id
    WHERE s.started_at >= ? GROUP BY h.exercise_id"""
# the ratings the see-a-clinician rules read (Repository.advice_ratings)
FIRST_RATING = "(SELECT id FROM pain_ratings {} ORDER BY recorded_at{}, id LIMIT 1)"
ADVICE_RATINGS = f"""SELECT {", ".join(PAIN_COLUMNS)} FROM pain_ratings
    WHERE recorded_at >= ? OR id IN ({FIRST_RATING.format("", "")},
        {FIRST_RATING.format("WHERE context != 'after'", "")},
        {FIRST_RATING.format("WHERE context = 'usual'", " DESC")})
    ORDER BY recorded_at, id"""


def open_sqlite(path: Path, check: bool = False) -> SqliteRepository:
    """Open (creating or migrating if needed) the SQLite history database at `path`; read-only
    if it cannot be written. `check` runs SQLite's quick_check first and insists on writing (for
    `start`); see sqlite_file.py."""
    try:
        connection = open_connection(path, check)
    except sqlite3.Error as error:
        raise explain(error, str(path)) from None
    except OSError as error:
        raise StorageError(f"{path}: cannot open the history database ({error})") from None
    return SqliteRepository(connection, str(path))


def guarded(method: Callable[Params, Result]) -> Callable[Params, Result]:
    """Turn database failures into one-line messages (never a traceback or a bare "locked")."""

    @functools.wraps(method)
    def wrapper(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return method(*args, **kwargs)
        except sqlite3.IntegrityError as error:
            if "FOREIGN KEY" in str(error):
                raise SessionNotFound(
                    f"a record refers to a session that is not stored ({error})"
                ) from None
            raise StorageError(f"{args[0]}: a record was refused ({error})") from None
        except sqlite3.Error as error:
            raise explain(error, str(args[0])) from None

    return wrapper


def _as_dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


class SqliteRepository:
    def __init__(self, connection: sqlite3.Connection, where: str = "the history database") -> None:
        self._db = connection
        self._where = where

    def __str__(self) -> str:
        return self._where

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------------
    @guarded
    def add_session(self, session: SessionRecord, ratings: Sequence[PainRating] = ()) -> None:
        with self._write() as db:
            db.execute(INSERT_SESSION, session_row(session))
            db.executemany(INSERT_PAIN, [pain_row(r) for r in ratings])

    @guarded
    def update_session(
        self,
        session_id: str,
        *,
        status: SessionStatus,
        ended_at: datetime | None,
        pain_after: int | None,
        ratings: Sequence[PainRating] = (),
    ) -> None:
        ended = format_timestamp(ended_at) if ended_at else None
        with self._write() as db:
            changed = db.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, pain_after = ? WHERE id = ?",
                (status.value, ended, pain_after, session_id),
            ).rowcount
            if not changed:
                raise SessionNotFound(f"no session has the id {session_id}")
            db.executemany(INSERT_PAIN, [pain_row(r) for r in ratings])

    @guarded
    def record_hold(self, hold: HoldRecord) -> None:
        with self._write() as db:  # the hold and its session's counts, committed together
            if db.execute(UPSERT_HOLD, hold_row(hold)).rowcount:
                db.execute(RECOUNT, (hold.session_id,))

    @guarded
    def add_pain(self, rating: PainRating) -> None:
        self._db.execute(INSERT_PAIN, pain_row(rating))

    @guarded
    def set_setting(self, key: str, value: str | None) -> None:
        if value is None:
            self._db.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @guarded
    def import_history(self, history: History) -> ImportCounts:
        counts: dict[str, int] = {}
        with self._write() as db:
            for name, (statement, rows) in self._import_steps(db, history).items():
                before = db.total_changes
                db.executemany(statement, rows)
                counts[name] = db.total_changes - before
            touched = {s.id for s in history.sessions} | {h.session_id for h in history.holds}
            db.executemany(RECOUNT, [(session_id,) for session_id in sorted(touched)])
        return ImportCounts(**counts)

    @staticmethod
    def _import_steps(db: sqlite3.Connection, history: History) -> dict[str, tuple[str, list[Any]]]:
        """What to insert for each kind of record, in an order the foreign keys allow; what is
        stored already is left as it is (a completed hold still replaces a skipped one)."""
        answered = set(db.execute("SELECT screening_id, question FROM screening_answers"))
        return {
            "sessions": (INSERT_SESSION + SKIP_KNOWN, [session_row(s) for s in history.sessions]),
            "holds": (UPSERT_HOLD, [hold_row(h) for h in history.holds]),
            "pain": (INSERT_PAIN + SKIP_KNOWN, [pain_row(p) for p in history.pain]),
            "settings": (
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                list(history.settings.items()),
            ),
            "pain_reports": (
                INSERT_PAIN_REPORT + SKIP_KNOWN,
                [pain_report_row(r) for r in history.pain_reports],
            ),
            "screening_answers": (
                INSERT_ANSWER,
                [
                    answer_row(a)
                    for a in history.screening_answers
                    if (a.screening_id, a.question) not in answered
                ],
            ),
            "clearances": (
                INSERT_CLEARANCE + SKIP_KNOWN,
                [clearance_row(c) for c in history.clearances],
            ),
            "dose_changes": (
                INSERT_DOSE_CHANGE + SKIP_KNOWN,
                [dose_change_row(c) for c in history.dose_changes],
            ),
        }

    @guarded
    def add_screening(self, answers: Sequence[ScreeningAnswer]) -> None:
        with self._write() as db:
            db.executemany(INSERT_ANSWER, [answer_row(a) for a in answers])

    @guarded
    def add_clearance(self, clearance: Clearance) -> None:
        self._db.execute(INSERT_CLEARANCE, clearance_row(clearance))

    @guarded
    def add_dose_changes(self, changes: Sequence[DoseChange]) -> None:
        with self._write() as db:
            db.executemany(INSERT_DOSE_CHANGE, [dose_change_row(c) for c in changes])

    @guarded
    def add_pain_report(self, report: PainReport) -> None:
        self._db.execute(INSERT_PAIN_REPORT, pain_report_row(report))

    # -- reading ---------------------------------------------------------------------------
    def _select(self, table: str, columns: Sequence[str], order: str) -> list[dict[str, Any]]:
        return _as_dicts(
            self._db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
        )

    @guarded
    def screening_answers(self) -> list[ScreeningAnswer]:
        rows = self._select("screening_answers", ANSWER_COLUMNS, "answered_at, id")
        return [answer_from_row(row) for row in rows]

    @guarded
    def clearances(self) -> list[Clearance]:
        rows = self._select("clearances", CLEARANCE_COLUMNS, "recorded_at, id")
        return [clearance_from_row(row) for row in rows]

    @guarded
    def dose_changes(self) -> list[DoseChange]:
        rows = self._select("dose_changes", DOSE_CHANGE_COLUMNS, "changed_at, id")
        return [dose_change_from_row(row) for row in rows]

    @guarded
    def pain_reports(self, since: datetime | None = None) -> list[PainReport]:
        cursor = self._db.execute(
            f"SELECT {', '.join(PAIN_REPORT_COLUMNS)} FROM pain_reports WHERE recorded_at >= ? "
            "ORDER BY recorded_at, id",
            (format_timestamp(since) if since else "",),
        )
        return [pain_report_from_row(row) for row in _as_dicts(cursor)]

    @guarded
    def get_setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @guarded
    def session(self, session_id: str) -> SessionRecord | None:
        cursor = self._db.execute(
            f"SELECT {', '.join(SESSION_COLUMNS)} FROM sessions WHERE id = ?", (session_id,)
        )
        rows = _as_dicts(cursor)
        return session_from_row(rows[0]) if rows else None

    @guarded
    def summaries(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[SessionSummary]:
        start = format_timestamp(since) if since else ""
        cursor = self._db.execute(
            SUMMARY, {"since": start, "limit": -1 if limit is None else limit}
        )
        return [
            SessionSummary(
                session_from_row(row),
                row["holds_completed"],
                row["holds_skipped"],
                float(row["seconds_held"]),
            )
            for row in _as_dicts(cursor)
        ]

    @guarded
    def holds(self, session_id: str) -> list[HoldRecord]:
        cursor = self._db.execute(
            f"SELECT {', '.join(HOLD_COLUMNS)} FROM holds WHERE session_id = ? "
            "ORDER BY hold_number",
            (session_id,),
        )
        return [hold_from_row(row) for row in _as_dicts(cursor)]

    @guarded
    def active_session_days(self) -> list[date]:
        cursor = self._db.execute("SELECT day FROM sessions WHERE holds_completed > 0 ORDER BY day")
        return [date.fromisoformat(day) for (day,) in cursor]

    @guarded
    def pain_ratings(self) -> list[PainRating]:
        cursor = self._db.execute(
            f"SELECT {', '.join(PAIN_COLUMNS)} FROM pain_ratings ORDER BY recorded_at, id"
        )
        return [pain_from_row(row) for row in _as_dicts(cursor)]

    @guarded
    def advice_ratings(self, since: datetime) -> list[PainRating]:
        cursor = self._db.execute(ADVICE_RATINGS, (format_timestamp(since),))
        return [pain_from_row(row) for row in _as_dicts(cursor)]

    @guarded
    def daily_pain(self, contexts: Collection[PainContext]) -> list[tuple[date, int, int]]:
        chosen = [context.value for context in contexts]
        marks = ", ".join("?" * len(chosen))
        cursor = self._db.execute(
            f"SELECT day, sum(level), count(*) FROM pain_ratings WHERE context IN ({marks}) "
            "GROUP BY day ORDER BY day",
            chosen,
        )
        return [(date.fromisoformat(day), int(total), int(count)) for day, total, count in cursor]

    @guarded
    def exercise_totals(self, since: datetime) -> list[ExerciseTotal]:
        start = format_timestamp(since)
        doses = self._db.execute(
            "SELECT doses FROM sessions WHERE started_at >= ? ORDER BY started_at DESC, id DESC",
            (start,),
        )
        per_session = [doses_from_data(json.loads(row[0])) for row in doses]
        tallies = [
            (e, int(d), int(s), float(t)) for e, d, s, t in self._db.execute(TALLIES, (start,))
        ]
        return merge_totals(per_session, tallies)

    @guarded
    def export_history(self) -> History:
        sessions = self._db.execute(
            f"SELECT {', '.join(SESSION_COLUMNS)} FROM sessions ORDER BY started_at, id"
        )
        holds = self._db.execute(
            f"SELECT {', '.join('h.' + c for c in HOLD_COLUMNS)} FROM holds h "
            "JOIN sessions s ON s.id = h.session_id ORDER BY s.started_at, s.id, h.hold_number"
        )
        settings = dict(self._db.execute("SELECT key, value FROM settings ORDER BY key").fetchall())
        return History(
            tuple(session_from_row(r) for r in _as_dicts(sessions)),
            tuple(hold_from_row(r) for r in _as_dicts(holds)),
            tuple(self.pain_ratings()),
            settings,
            tuple(self.pain_reports()),
            tuple(self.screening_answers()),
            tuple(self.clearances()),
            tuple(self.dose_changes()),
        )

    def close(self) -> None:
        self._db.close()
