"""The default repository: a SQLite file through the standard library's sqlite3.

Why two SQL repositories (this one and SqlAlchemyRepository): importing SQLAlchemy takes
280-380 ms here against 7 ms for sqlite3, and `pain`, `history` and `stats` have 100 ms in all
(60-100 ms on this path). So the personal path speaks SQL directly; SQLAlchemy and Alembic load
only to create or migrate the file (once) and for PostgreSQL, where a server pays the import
once. One set of contract tests (tests/storage) holds both, on SQLite and on PostgreSQL.

Each write is one transaction that takes the write lock at once (BEGIN IMMEDIATE) and waits up
to BUSY_TIMEOUT_SECONDS for other writers. How the file is opened, and what its failures mean to
a person, is in sqlite_file.py. Every statement names the repository's person (see
repository.py): reads filter by it, writes stamp it.
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
    InPosition,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    doses_from_data,
    format_timestamp,
)
from backstretch.core.person import LOCAL_PERSON_ID, TIME_ZONE, Person, PersonNotFound
from backstretch.storage.alert_rows import MARK_COLUMNS, mark_from_row, mark_row
from backstretch.storage.outcome_rows import RESPONSE_COLUMNS, response_from_row, response_row
from backstretch.storage.prescription_rows import (
    PRESCRIPTION_COLUMNS,
    prescription_from_row,
    prescription_row,
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
HOLD_KEY = ("person_id", "session_id", "hold_number")
UPSERT_HOLD = _insert(
    "holds",
    HOLD_COLUMNS,
    f"ON CONFLICT ({', '.join(HOLD_KEY)}) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in HOLD_COLUMNS if c not in HOLD_KEY)
    + " WHERE excluded.completed AND NOT holds.completed",
)

if TYPE_CHECKING:  # types only: quick commands do not load the safety rules
    from backstretch.core.alerts import AlertMark
    from backstretch.core.outcomes import QuestionnaireResponse
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.prescription import Prescription
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer
INSERT_ANSWER = _insert("screening_answers", ANSWER_COLUMNS)
INSERT_CLEARANCE = _insert("clearances", CLEARANCE_COLUMNS)
INSERT_DOSE_CHANGE = _insert("dose_changes", DOSE_CHANGE_COLUMNS)
INSERT_PAIN_REPORT = _insert("pain_reports", PAIN_REPORT_COLUMNS)
INSERT_RESPONSE = _insert("questionnaire_responses", RESPONSE_COLUMNS)
INSERT_PRESCRIPTION = _insert("prescriptions", PRESCRIPTION_COLUMNS)
INSERT_MARK = _insert("alert_marks", MARK_COLUMNS, "ON CONFLICT DO NOTHING")
SKIP_KNOWN = " ON CONFLICT (person_id, id) DO NOTHING"  # importing again adds nothing
OWN_HOLDS = "FROM holds h WHERE h.person_id = sessions.person_id AND h.session_id = sessions.id"
RECOUNT = f"""UPDATE sessions SET
    holds_completed = (SELECT count(*) {OWN_HOLDS} AND h.completed),
    holds_skipped = (SELECT count(*) {OWN_HOLDS} AND NOT h.completed),
    seconds_held = (SELECT coalesce(sum(h.held_seconds), 0) {OWN_HOLDS})
    WHERE person_id = ? AND id = ?"""
SUMMARY = f"""SELECT {", ".join(SESSION_COLUMNS)}, holds_completed, holds_skipped, seconds_held
    FROM sessions WHERE person_id = :person AND started_at >= :since
    ORDER BY started_at DESC, id DESC LIMIT :limit"""
TALLIES = """SELECT h.exercise_id, sum(h.completed), sum(1 - h.completed),
    sum(h.held_seconds / s.speed)
    FROM sessions s JOIN holds h ON h.person_id = s.person_id AND h.session_id = s.id
    WHERE s.person_id = ? AND s.started_at >= ? GROUP BY h.exercise_id"""
PERSON = """SELECT p.id, p.name, s.value FROM people p
    LEFT JOIN settings s ON s.person_id = p.id AND s.key = ?"""
SET_SETTING = """INSERT INTO settings (person_id, key, value) VALUES (?, ?, ?)
    ON CONFLICT (person_id, key) DO {}"""
# the ratings the see-a-clinician rules read (Repository.advice_ratings)
FIRST_RATING = (
    "(SELECT id FROM pain_ratings WHERE person_id = :person {} ORDER BY recorded_at{}, id LIMIT 1)"
)
ADVICE_RATINGS = f"""SELECT {", ".join(PAIN_COLUMNS)} FROM pain_ratings
    WHERE person_id = :person AND (recorded_at >= :since OR id IN ({FIRST_RATING.format("", "")},
        {FIRST_RATING.format("AND context != 'after'", "")},
        {FIRST_RATING.format("AND context = 'usual'", " DESC")}))
    ORDER BY recorded_at, id"""


def open_sqlite(path: Path, check: bool = False) -> SqliteRepository:
    """Open (creating or migrating if needed) the SQLite history database at `path`, as the local
    person's repository; read-only if it cannot be written. `check` runs SQLite's quick_check
    first and insists on writing (for `start`); see sqlite_file.py."""
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
    """One person's records (the local person's unless `person_id` says otherwise). Repositories
    made by `for_person` share this one's connection; only the first one closes it."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        where: str = "the history database",
        person_id: str = LOCAL_PERSON_ID,
        owns_connection: bool = True,
    ) -> None:
        self._db = connection
        self._where = where
        self._person_id = person_id
        self._owns_connection = owns_connection

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

    # -- the person --------------------------------------------------------------------------
    @property
    @guarded
    def person(self) -> Person:
        row = self._db.execute(f"{PERSON} WHERE p.id = ?", (TIME_ZONE, self._person_id)).fetchone()
        if row is None:
            raise PersonNotFound(f"{self._where}: no person has the id {self._person_id!r}")
        return Person(row[0], row[1], row[2] or "")

    @guarded
    def people(self) -> list[Person]:
        rows = self._db.execute(f"{PERSON} ORDER BY p.id", (TIME_ZONE,))
        return [Person(person_id, name, zone or "") for person_id, name, zone in rows]

    @guarded
    def add_person(self, person: Person) -> None:
        with self._write() as db:
            db.execute("INSERT INTO people (id, name) VALUES (?, ?)", (person.id, person.name))
            if person.time_zone:
                db.execute(SET_SETTING.format("NOTHING"), (person.id, TIME_ZONE, person.time_zone))

    @guarded
    def remove_person(self, person_id: str) -> None:
        self._db.execute("DELETE FROM people WHERE id = ?", (person_id,))  # cascades to it all

    def for_person(self, person_id: str) -> SqliteRepository:
        chosen = SqliteRepository(self._db, self._where, person_id, owns_connection=False)
        chosen.person  # noqa: B018 - PersonNotFound now, not at the first write
        return chosen

    # -- writing ---------------------------------------------------------------------------
    @guarded
    def add_session(self, session: SessionRecord, ratings: Sequence[PainRating] = ()) -> None:
        with self._write() as db:
            person = self.person
            db.execute(INSERT_SESSION, session_row(session, person))
            db.executemany(INSERT_PAIN, [pain_row(r, person) for r in ratings])

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
                "UPDATE sessions SET status = ?, ended_at = ?, pain_after = ? "
                "WHERE person_id = ? AND id = ?",
                (status.value, ended, pain_after, self._person_id, session_id),
            ).rowcount
            if not changed:
                raise SessionNotFound(f"no session has the id {session_id}")
            person = self.person
            db.executemany(INSERT_PAIN, [pain_row(r, person) for r in ratings])

    @guarded
    def record_hold(self, hold: HoldRecord) -> None:
        with self._write() as db:  # the hold and its session's counts, committed together
            if db.execute(UPSERT_HOLD, hold_row(hold, self._person_id)).rowcount:
                db.execute(RECOUNT, (self._person_id, hold.session_id))

    @guarded
    def add_pain(self, rating: PainRating) -> None:
        self._db.execute(INSERT_PAIN, pain_row(rating, self.person))

    @guarded
    def set_setting(self, key: str, value: str | None) -> None:
        if value is None:
            self._db.execute(
                "DELETE FROM settings WHERE person_id = ? AND key = ?", (self._person_id, key)
            )
        else:
            self._db.execute(
                SET_SETTING.format("UPDATE SET value = excluded.value"),
                (self._person_id, key, value),
            )

    @guarded
    def import_history(self, history: History) -> ImportCounts:
        counts: dict[str, int] = {}
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                SET_SETTING.format("NOTHING"),
                [(self._person_id, k, v) for k, v in history.settings.items()],
            )
            counts["settings"] = db.total_changes - before
            for name, (statement, rows) in self._import_steps(db, history).items():
                before = db.total_changes
                db.executemany(statement, rows)
                counts[name] = db.total_changes - before
            touched = {s.id for s in history.sessions} | {h.session_id for h in history.holds}
            db.executemany(RECOUNT, [(self._person_id, s) for s in sorted(touched)])
        return ImportCounts(**counts)

    def _import_steps(
        self, db: sqlite3.Connection, history: History
    ) -> dict[str, tuple[str, list[Any]]]:
        """What to insert for each kind of record, in an order the foreign keys allow; what is
        stored already is left as it is (a completed hold still replaces a skipped one). Days
        are those of the person's time zone with the imported settings in."""
        person, owner = self.person, self._person_id
        answered = set(
            db.execute(
                "SELECT screening_id, question FROM screening_answers WHERE person_id = ?",
                (owner,),
            )
        )
        return {
            "sessions": (
                INSERT_SESSION + SKIP_KNOWN,
                [session_row(s, person) for s in history.sessions],
            ),
            "holds": (UPSERT_HOLD, [hold_row(h, owner) for h in history.holds]),
            "pain": (INSERT_PAIN + SKIP_KNOWN, [pain_row(p, person) for p in history.pain]),
            "pain_reports": (
                INSERT_PAIN_REPORT + SKIP_KNOWN,
                [pain_report_row(r, person) for r in history.pain_reports],
            ),
            "screening_answers": (
                INSERT_ANSWER,
                [
                    answer_row(a, person)
                    for a in history.screening_answers
                    if (a.screening_id, a.question) not in answered
                ],
            ),
            "clearances": (
                INSERT_CLEARANCE + SKIP_KNOWN,
                [clearance_row(c, owner) for c in history.clearances],
            ),
            "dose_changes": (
                INSERT_DOSE_CHANGE + SKIP_KNOWN,
                [dose_change_row(c, owner) for c in history.dose_changes],
            ),
            "questionnaire_responses": (
                INSERT_RESPONSE + SKIP_KNOWN,
                [response_row(r, person) for r in history.questionnaire_responses],
            ),
        }

    @guarded
    def add_screening(self, answers: Sequence[ScreeningAnswer]) -> None:
        with self._write() as db:
            person = self.person
            db.executemany(INSERT_ANSWER, [answer_row(a, person) for a in answers])

    @guarded
    def add_clearance(self, clearance: Clearance) -> None:
        self._db.execute(INSERT_CLEARANCE, clearance_row(clearance, self._person_id))

    @guarded
    def add_dose_changes(self, changes: Sequence[DoseChange]) -> None:
        with self._write() as db:
            db.executemany(
                INSERT_DOSE_CHANGE, [dose_change_row(c, self._person_id) for c in changes]
            )

    @guarded
    def add_pain_report(self, report: PainReport) -> None:
        self._db.execute(INSERT_PAIN_REPORT, pain_report_row(report, self.person))

    @guarded
    def add_questionnaire_response(self, response: QuestionnaireResponse) -> None:
        self._db.execute(INSERT_RESPONSE, response_row(response, self.person))

    @guarded
    def mark_alert(self, mark: AlertMark) -> bool:
        return self._db.execute(INSERT_MARK, mark_row(mark, self._person_id)).rowcount > 0

    @guarded
    def add_prescription(self, prescription: Prescription) -> None:
        self._db.execute(INSERT_PRESCRIPTION, prescription_row(prescription, self._person_id))

    # -- reading ---------------------------------------------------------------------------
    @guarded
    def prescriptions(self, routine_id: str | None = None) -> list[Prescription]:
        chosen = {} if routine_id is None else {"routine_id": routine_id}
        rows = self._select("prescriptions", PRESCRIPTION_COLUMNS, "routine_id, version", **chosen)
        return [prescription_from_row(row) for row in rows]

    @guarded
    def alert_marks(self, clinician: str | None = None) -> list[AlertMark]:
        chosen = {} if clinician is None else {"clinician": clinician}
        rows = self._select("alert_marks", MARK_COLUMNS, "at, alert_id, clinician, kind", **chosen)
        return [mark_from_row(row) for row in rows]

    @guarded
    def questionnaire_responses(self) -> list[QuestionnaireResponse]:
        rows = self._select("questionnaire_responses", RESPONSE_COLUMNS, "answered_at, id")
        return [response_from_row(row) for row in rows]

    def _select(
        self, table: str, columns: Sequence[str], order: str, **equal: str
    ) -> list[dict[str, Any]]:
        """This person's rows of `table` (those whose columns equal `equal`'s values)."""
        where = "".join(f" AND {column} = ?" for column in equal)
        return _as_dicts(
            self._db.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE person_id = ?{where} "
                f"ORDER BY {order}",
                (self._person_id, *equal.values()),
            )
        )

    @guarded
    def screening_answers(self, question: str | None = None) -> list[ScreeningAnswer]:
        chosen = {} if question is None else {"question": question}
        rows = self._select("screening_answers", ANSWER_COLUMNS, "answered_at, id", **chosen)
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
            f"SELECT {', '.join(PAIN_REPORT_COLUMNS)} FROM pain_reports "
            "WHERE person_id = ? AND recorded_at >= ? ORDER BY recorded_at, id",
            (self._person_id, format_timestamp(since) if since else ""),
        )
        return [pain_report_from_row(row) for row in _as_dicts(cursor)]

    @guarded
    def get_setting(self, key: str) -> str | None:
        row = self._db.execute(
            "SELECT value FROM settings WHERE person_id = ? AND key = ?", (self._person_id, key)
        ).fetchone()
        return None if row is None else str(row[0])

    @guarded
    def session(self, session_id: str) -> SessionRecord | None:
        cursor = self._db.execute(
            f"SELECT {', '.join(SESSION_COLUMNS)} FROM sessions WHERE person_id = ? AND id = ?",
            (self._person_id, session_id),
        )
        rows = _as_dicts(cursor)
        return session_from_row(rows[0]) if rows else None

    @guarded
    def summaries(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[SessionSummary]:
        start = format_timestamp(since) if since else ""
        cursor = self._db.execute(
            SUMMARY,
            {"person": self._person_id, "since": start, "limit": -1 if limit is None else limit},
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
            f"SELECT {', '.join(HOLD_COLUMNS)} FROM holds WHERE person_id = ? AND session_id = ? "
            "ORDER BY hold_number",
            (self._person_id, session_id),
        )
        return [hold_from_row(row) for row in _as_dicts(cursor)]

    @guarded
    def in_position(self, session_ids: Collection[str]) -> dict[str, InPosition]:
        chosen = list(dict.fromkeys(session_ids))
        if not chosen:
            return {}
        cursor = self._db.execute(
            "SELECT session_id, sum(in_position_seconds), sum(planned_seconds), count(*) "
            f"FROM holds WHERE person_id = ? AND session_id IN ({', '.join('?' * len(chosen))}) "
            "AND in_position_seconds IS NOT NULL GROUP BY session_id",
            [self._person_id, *chosen],
        )
        return {row[0]: InPosition.of_sums(*row[1:]) for row in cursor}

    @guarded
    def active_session_days(self) -> list[date]:
        cursor = self._db.execute(
            "SELECT day FROM sessions WHERE person_id = ? AND holds_completed > 0 ORDER BY day",
            (self._person_id,),
        )
        return [date.fromisoformat(day) for (day,) in cursor]

    @guarded
    def pain_ratings(self) -> list[PainRating]:
        rows = self._select("pain_ratings", PAIN_COLUMNS, "recorded_at, id")
        return [pain_from_row(row) for row in rows]

    @guarded
    def advice_ratings(self, since: datetime) -> list[PainRating]:
        cursor = self._db.execute(
            ADVICE_RATINGS, {"person": self._person_id, "since": format_timestamp(since)}
        )
        return [pain_from_row(row) for row in _as_dicts(cursor)]

    @guarded
    def daily_pain(self, contexts: Collection[PainContext]) -> list[tuple[date, int, int]]:
        chosen = [context.value for context in contexts]
        marks = ", ".join("?" * len(chosen))
        cursor = self._db.execute(
            "SELECT day, sum(level), count(*) FROM pain_ratings "
            f"WHERE person_id = ? AND context IN ({marks}) GROUP BY day ORDER BY day",
            [self._person_id, *chosen],
        )
        return [(date.fromisoformat(day), int(total), int(count)) for day, total, count in cursor]

    @guarded
    def exercise_totals(self, since: datetime) -> list[ExerciseTotal]:
        window = (self._person_id, format_timestamp(since))
        doses = self._db.execute(
            "SELECT doses FROM sessions WHERE person_id = ? AND started_at >= ? "
            "ORDER BY started_at DESC, id DESC",
            window,
        )
        per_session = [doses_from_data(json.loads(row[0])) for row in doses]
        tallies = [
            (e, int(d), int(s), float(t)) for e, d, s, t in self._db.execute(TALLIES, window)
        ]
        return merge_totals(per_session, tallies)

    @guarded
    def export_history(self) -> History:
        sessions = self._select("sessions", SESSION_COLUMNS, "started_at, id")
        holds = self._db.execute(
            f"SELECT {', '.join('h.' + c for c in HOLD_COLUMNS)} FROM holds h "
            "JOIN sessions s ON s.person_id = h.person_id AND s.id = h.session_id "
            "WHERE h.person_id = ? ORDER BY s.started_at, s.id, h.hold_number",
            (self._person_id,),
        )
        settings = self._db.execute(
            "SELECT key, value FROM settings WHERE person_id = ? ORDER BY key", (self._person_id,)
        )
        return History(
            tuple(session_from_row(r) for r in sessions),
            tuple(hold_from_row(r) for r in _as_dicts(holds)),
            tuple(self.pain_ratings()),
            dict(settings.fetchall()),
            tuple(self.pain_reports()),
            tuple(self.screening_answers()),
            tuple(self.clearances()),
            tuple(self.dose_changes()),
            tuple(self.questionnaire_responses()),
        )

    def close(self) -> None:
        if self._owns_connection:
            self._db.close()
