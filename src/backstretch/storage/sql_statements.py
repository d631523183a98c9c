"""The SQLAlchemy repository's statements and the one place its database failures become
messages (storage/sql.py uses them; no front end does)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, bindparam, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from backstretch.core.history import History
from backstretch.core.person import TIME_ZONE, Person
from backstretch.storage import tables
from backstretch.storage.repository import SessionNotFound, StorageError
from backstretch.storage.rows import hold_row, pain_row, session_row
from backstretch.storage.safety_rows import (
    answer_row,
    clearance_row,
    dose_change_row,
    pain_report_row,
)
from backstretch.storage.schema import BEGIN_OPTION, BUSY_TIMEOUT_SECONDS

Params = ParamSpec("Params")
Result = TypeVar("Result")
sessions, holds, pain_ratings, settings, people = (
    tables.sessions,
    tables.holds,
    tables.pain_ratings,
    tables.settings,
    tables.people,
)
HOLD_KEY = ("person_id", "session_id", "hold_number")
OWN_HOLDS = (holds.c.person_id == sessions.c.person_id) & (holds.c.session_id == sessions.c.id)


class OnEngine:
    """Transactions on an engine, and how messages name its database (`str`)."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._engine = engine
        self._where = where

    def __str__(self) -> str:
        return self._where

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.begin() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection that only reads (on SQLite it takes no write lock)."""
        with self._engine.connect() as connection:
            yield connection.execution_options(**{BEGIN_OPTION: "DEFERRED"})


def guarded(method: Callable[Params, Result]) -> Callable[Params, Result]:
    @functools.wraps(method)
    def wrapper(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return method(*args, **kwargs)
        except IntegrityError as error:
            text = str(error.orig)
            if "FOREIGN KEY" in text.upper():
                raise SessionNotFound(
                    f"a record refers to a session that is not stored ({text})"
                ) from None
            raise StorageError(f"{args[0]}: a record was refused ({text})") from None
        except OperationalError as error:
            if "locked" in str(error.orig) or "busy" in str(error.orig):
                raise StorageError(
                    f"{args[0]}: the history database stayed busy for more than "
                    f"{BUSY_TIMEOUT_SECONDS:.0f} s; try again"
                ) from None
            raise StorageError(f"{args[0]}: {error.orig}") from None
        except (DBAPIError, SQLAlchemyError) as error:
            raise StorageError(f"{args[0]}: {error}") from None

    return wrapper


def insert_into(connection: Connection, table: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT clauses (SQLite and PostgreSQL)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def upsert_hold(connection: Connection) -> Any:
    statement = insert_into(connection, holds)
    columns = [c.name for c in holds.columns if c.name != "id" and c.name not in HOLD_KEY]
    return statement.on_conflict_do_update(
        index_elements=list(HOLD_KEY),
        set_={c: statement.excluded[c] for c in columns},
        where=statement.excluded.completed & ~holds.c.completed,
    )


def recount(connection: Connection, person_id: str, session_ids: Sequence[str]) -> None:
    """Set the sessions' hold counts from their holds (same transaction as the holds)."""
    own = OWN_HOLDS

    def counted(completed: bool) -> Any:
        return select(func.count()).where(own, holds.c.completed == completed).scalar_subquery()

    held = select(func.coalesce(func.sum(holds.c.held_seconds), 0.0)).where(own).scalar_subquery()
    statement = (
        update(sessions)
        .where(sessions.c.person_id == person_id, sessions.c.id == bindparam("target"))
        .values(holds_completed=counted(True), holds_skipped=counted(False), seconds_held=held)
    )
    if session_ids:
        connection.execute(statement, [{"target": session_id} for session_id in session_ids])


def completed_count(completed: bool) -> Any:
    return func.coalesce(func.sum(case((holds.c.completed == completed, 1), else_=0)), 0)


def import_steps(
    db: Connection, history: History, person: Person
) -> dict[str, tuple[Any, list[Any]]]:
    """What to insert for each kind of record, in an order the foreign keys allow; what is
    stored already is left as it is (a completed hold still replaces a skipped one)."""
    answers = tables.screening_answers
    found = db.execute(
        select(answers.c.screening_id, answers.c.question).where(answers.c.person_id == person.id)
    )
    answered = {(screening, question) for screening, question in found}

    def new_only(table: Any) -> Any:
        return insert_into(db, table).on_conflict_do_nothing()

    return {
        "sessions": (new_only(sessions), [session_row(s, person) for s in history.sessions]),
        "holds": (upsert_hold(db), [hold_row(h, person.id) for h in history.holds]),
        "pain": (new_only(pain_ratings), [pain_row(p, person) for p in history.pain]),
        "pain_reports": (
            new_only(tables.pain_reports),
            [pain_report_row(r, person) for r in history.pain_reports],
        ),
        "screening_answers": (
            answers.insert(),
            [
                answer_row(a, person)
                for a in history.screening_answers
                if (a.screening_id, a.question) not in answered
            ],
        ),
        "clearances": (
            new_only(tables.clearances),
            [clearance_row(c, person.id) for c in history.clearances],
        ),
        "dose_changes": (
            new_only(tables.dose_changes),
            [dose_change_row(c, person.id) for c in history.dose_changes],
        ),
    }


def insert_person(db: Connection, person: Person) -> None:
    """Add someone, with their time zone (if given) as their setting."""
    db.execute(people.insert(), {"id": person.id, "name": person.name})
    if person.time_zone:
        row = {"person_id": person.id, "key": TIME_ZONE, "value": person.time_zone}
        db.execute(settings.insert(), row)


def person_query() -> Any:
    zone = settings.alias("zone")
    joined = people.outerjoin(zone, (zone.c.person_id == people.c.id) & (zone.c.key == TIME_ZONE))
    return select(people.c.id, people.c.name, zone.c.value).select_from(joined)
