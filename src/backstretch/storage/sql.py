"""The repository for any database SQLAlchemy knows (PostgreSQL for clinics, SQLite in tests).

Selected by BACKSTRETCH_DATABASE_URL when it names something other than a SQLite file. Imports
SQLAlchemy, so only `open_repository` loads this module, and only when it is needed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

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
from backstretch.storage import tables
from backstretch.storage.repository import SessionNotFound, StorageError
from backstretch.storage.rows import (
    hold_from_row,
    hold_row,
    merge_totals,
    pain_from_row,
    pain_row,
    session_from_row,
    session_row,
)
from backstretch.storage.safety_rows import (
    answer_from_row,
    answer_row,
    clearance_from_row,
    clearance_row,
    dose_change_from_row,
    dose_change_row,
    pain_report_from_row,
    pain_report_row,
)
from backstretch.storage.schema import BEGIN_OPTION, BUSY_TIMEOUT_SECONDS, make_engine, migrate

Params = ParamSpec("Params")
Result = TypeVar("Result")
sessions, holds, pain_ratings, settings = (
    tables.sessions,
    tables.holds,
    tables.pain_ratings,
    tables.settings,
)

if TYPE_CHECKING:  # types only: quick commands do not load the safety rules
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer


def open_sqlalchemy(url: str, where: str | None = None) -> SqlAlchemyRepository:
    """Open (creating or migrating if needed) the database at `url`."""
    shown = where or url.split("@")[-1]  # never print a password
    try:
        engine = make_engine(url)
        migrate(engine, shown)
    except (SQLAlchemyError, ImportError) as error:
        raise StorageError(f"{shown}: cannot open the history database ({error})") from None
    return SqlAlchemyRepository(engine, shown)


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


def _insert(connection: Connection, table: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT clauses (SQLite and PostgreSQL)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _upsert_hold(connection: Connection) -> Any:
    statement = _insert(connection, holds)
    columns = [c for c in hold_row_columns() if c not in ("session_id", "hold_number")]
    return statement.on_conflict_do_update(
        index_elements=["session_id", "hold_number"],
        set_={c: statement.excluded[c] for c in columns},
        where=statement.excluded.completed & ~holds.c.completed,
    )


def hold_row_columns() -> list[str]:
    return [c.name for c in holds.columns if c.name != "id"]


def _recount(connection: Connection, session_ids: Sequence[str]) -> None:
    """Set the sessions' hold counts from their holds (same transaction as the holds)."""
    own = holds.c.session_id == sessions.c.id

    def counted(completed: bool) -> Any:
        return select(func.count()).where(own, holds.c.completed == completed).scalar_subquery()

    held = select(func.coalesce(func.sum(holds.c.held_seconds), 0.0)).where(own).scalar_subquery()
    statement = (
        update(sessions)
        .where(sessions.c.id == bindparam("target"))
        .values(holds_completed=counted(True), holds_skipped=counted(False), seconds_held=held)
    )
    if session_ids:
        connection.execute(statement, [{"target": session_id} for session_id in session_ids])


def _completed_count(completed: bool) -> Any:
    return func.coalesce(func.sum(case((holds.c.completed == completed, 1), else_=0)), 0)


def _import_steps(db: Connection, history: History) -> dict[str, tuple[Any, list[Any]]]:
    """What to insert for each kind of record, in an order the foreign keys allow; what is
    stored already is left as it is (a completed hold still replaces a skipped one)."""
    answers = tables.screening_answers
    found = db.execute(select(answers.c.screening_id, answers.c.question))
    answered = {(screening, question) for screening, question in found}

    def new_only(table: Any) -> Any:
        return _insert(db, table).on_conflict_do_nothing()

    return {
        "sessions": (new_only(sessions), [session_row(s) for s in history.sessions]),
        "holds": (_upsert_hold(db), [hold_row(h) for h in history.holds]),
        "pain": (new_only(pain_ratings), [pain_row(p) for p in history.pain]),
        "settings": (
            new_only(settings),
            [{"key": k, "value": v} for k, v in history.settings.items()],
        ),
        "pain_reports": (
            new_only(tables.pain_reports),
            [pain_report_row(r) for r in history.pain_reports],
        ),
        "screening_answers": (
            answers.insert(),
            [
                answer_row(a)
                for a in history.screening_answers
                if (a.screening_id, a.question) not in answered
            ],
        ),
        "clearances": (new_only(tables.clearances), [clearance_row(c) for c in history.clearances]),
        "dose_changes": (
            new_only(tables.dose_changes),
            [dose_change_row(c) for c in history.dose_changes],
        ),
    }


class SqlAlchemyRepository:
    def __init__(self, engine: Engine, where: str = "the history database") -> None:
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
        with self._engine.connect() as connection:
            yield connection.execution_options(**{BEGIN_OPTION: "DEFERRED"})

    # -- writing ---------------------------------------------------------------------------
    @guarded
    def add_session(self, session: SessionRecord, ratings: Sequence[PainRating] = ()) -> None:
        with self._write() as db:
            db.execute(sessions.insert(), session_row(session))
            if ratings:
                db.execute(pain_ratings.insert(), [pain_row(r) for r in ratings])

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
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(status=status.value, ended_at=ended, pain_after=pain_after)
            ).rowcount
            if not changed:
                raise SessionNotFound(f"no session has the id {session_id}")
            if ratings:
                db.execute(pain_ratings.insert(), [pain_row(r) for r in ratings])

    @guarded
    def record_hold(self, hold: HoldRecord) -> None:
        with self._write() as db:  # the hold and its session's counts, committed together
            if db.execute(_upsert_hold(db), hold_row(hold)).rowcount:
                _recount(db, [hold.session_id])

    @guarded
    def add_pain(self, rating: PainRating) -> None:
        with self._write() as db:
            db.execute(pain_ratings.insert(), pain_row(rating))

    @guarded
    def set_setting(self, key: str, value: str | None) -> None:
        with self._write() as db:
            if value is None:
                db.execute(delete(settings).where(settings.c.key == key))
                return
            statement = _insert(db, settings).values(key=key, value=value)
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=["key"], set_={"value": statement.excluded.value}
                )
            )

    @guarded
    def import_history(self, history: History) -> ImportCounts:
        with self._write() as db:
            # one statement per row: executemany's rowcount is not reliable across drivers
            counts = {
                name: sum(db.execute(statement, row).rowcount for row in rows)
                for name, (statement, rows) in _import_steps(db, history).items()
            }
            touched = {s.id for s in history.sessions} | {h.session_id for h in history.holds}
            _recount(db, sorted(touched))
        return ImportCounts(**counts)

    @guarded
    def add_screening(self, answers: Sequence[ScreeningAnswer]) -> None:
        if answers:
            with self._write() as db:
                db.execute(tables.screening_answers.insert(), [answer_row(a) for a in answers])

    @guarded
    def add_clearance(self, clearance: Clearance) -> None:
        with self._write() as db:
            db.execute(tables.clearances.insert(), clearance_row(clearance))

    @guarded
    def add_dose_changes(self, changes: Sequence[DoseChange]) -> None:
        if changes:
            with self._write() as db:
                db.execute(tables.dose_changes.insert(), [dose_change_row(c) for c in changes])

    @guarded
    def add_pain_report(self, report: PainReport) -> None:
        with self._write() as db:
            db.execute(tables.pain_reports.insert(), pain_report_row(report))

    # -- reading ---------------------------------------------------------------------------
    def _rows(self, table: Any, *order: Any) -> list[Any]:
        with self._read() as db:
            return list(db.execute(select(table).order_by(*order)).mappings())

    @guarded
    def screening_answers(self) -> list[ScreeningAnswer]:
        table = tables.screening_answers
        return [answer_from_row(r) for r in self._rows(table, table.c.answered_at, table.c.id)]

    @guarded
    def clearances(self) -> list[Clearance]:
        table = tables.clearances
        return [clearance_from_row(r) for r in self._rows(table, table.c.recorded_at, table.c.id)]

    @guarded
    def dose_changes(self) -> list[DoseChange]:
        table = tables.dose_changes
        return [dose_change_from_row(r) for r in self._rows(table, table.c.changed_at, table.c.id)]

    @guarded
    def pain_reports(self, since: datetime | None = None) -> list[PainReport]:
        table = tables.pain_reports
        query = select(table).order_by(table.c.recorded_at, table.c.id)
        if since is not None:
            query = query.where(table.c.recorded_at >= format_timestamp(since))
        with self._read() as db:
            return [pain_report_from_row(row) for row in db.execute(query).mappings()]

    @guarded
    def get_setting(self, key: str) -> str | None:
        with self._read() as db:
            value = db.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        return None if value is None else str(value)

    @guarded
    def session(self, session_id: str) -> SessionRecord | None:
        with self._read() as db:
            row = db.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
        return None if row is None else session_from_row(row)

    @guarded
    def summaries(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[SessionSummary]:
        query = select(sessions)
        if since is not None:
            query = query.where(sessions.c.started_at >= format_timestamp(since))
        query = query.order_by(sessions.c.started_at.desc(), sessions.c.id.desc()).limit(limit)
        with self._read() as db:
            rows = db.execute(query).mappings().all()
        return [
            SessionSummary(
                session_from_row(row),
                int(row["holds_completed"]),
                int(row["holds_skipped"]),
                float(row["seconds_held"]),
            )
            for row in rows
        ]

    @guarded
    def holds(self, session_id: str) -> list[HoldRecord]:
        query = select(holds).where(holds.c.session_id == session_id).order_by(holds.c.hold_number)
        with self._read() as db:
            return [hold_from_row(row) for row in db.execute(query).mappings()]

    @guarded
    def active_session_days(self) -> list[date]:
        query = (
            select(sessions.c.day).where(sessions.c.holds_completed > 0).order_by(sessions.c.day)
        )
        with self._read() as db:
            return [date.fromisoformat(day) for day in db.execute(query).scalars()]

    @guarded
    def pain_ratings(self) -> list[PainRating]:
        query = select(pain_ratings).order_by(pain_ratings.c.recorded_at, pain_ratings.c.id)
        with self._read() as db:
            return [pain_from_row(row) for row in db.execute(query).mappings()]

    @guarded
    def advice_ratings(self, since: datetime) -> list[PainRating]:
        at, context = pain_ratings.c.recorded_at, pain_ratings.c.context
        anchors = [
            select(pain_ratings.c.id).where(*where).order_by(order, pain_ratings.c.id).limit(1)
            for where, order in (
                ((), at),
                ((context != PainContext.AFTER.value,), at),
                ((context == PainContext.USUAL.value,), at.desc()),
            )
        ]
        chosen = [pain_ratings.c.id.in_(anchor.scalar_subquery()) for anchor in anchors]
        query = (
            select(pain_ratings)
            .where(or_(at >= format_timestamp(since), *chosen))
            .order_by(at, pain_ratings.c.id)
        )
        with self._read() as db:
            return [pain_from_row(row) for row in db.execute(query).mappings()]

    @guarded
    def daily_pain(self, contexts: Collection[PainContext]) -> list[tuple[date, int, int]]:
        chosen = [context.value for context in contexts]
        day = pain_ratings.c.day
        query = (
            select(day, func.sum(pain_ratings.c.level), func.count())
            .where(pain_ratings.c.context.in_(chosen))
            .group_by(day)
            .order_by(day)
        )
        with self._read() as db:
            rows = db.execute(query).all()
        return [(date.fromisoformat(d), int(total), int(count)) for d, total, count in rows]

    @guarded
    def exercise_totals(self, since: datetime) -> list[ExerciseTotal]:
        start = format_timestamp(since)
        in_window = sessions.c.started_at >= start
        doses = (
            select(sessions.c.doses)
            .where(in_window)
            .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
        )
        tallies = (
            select(
                holds.c.exercise_id,
                _completed_count(True).cast(Integer),
                _completed_count(False).cast(Integer),
                func.sum(holds.c.held_seconds / sessions.c.speed),
            )
            .join_from(sessions, holds, holds.c.session_id == sessions.c.id)
            .where(in_window)
            .group_by(holds.c.exercise_id)
        )
        with self._read() as db:
            per_session = [
                doses_from_data(json.loads(value)) for value in db.execute(doses).scalars()
            ]
            rows = [(e, int(d), int(s), float(t)) for e, d, s, t in db.execute(tallies)]
        return merge_totals(per_session, rows)

    @guarded
    def export_history(self) -> History:
        ordered = select(holds).join_from(holds, sessions, holds.c.session_id == sessions.c.id)
        ordered = ordered.order_by(sessions.c.started_at, sessions.c.id, holds.c.hold_number)
        with self._read() as db:
            found = db.execute(select(sessions).order_by(sessions.c.started_at, sessions.c.id))
            session_rows = [session_from_row(row) for row in found.mappings()]
            hold_rows = [hold_from_row(row) for row in db.execute(ordered).mappings()]
            query = select(settings.c.key, settings.c.value).order_by(settings.c.key)
            values = {str(key): str(value) for key, value in db.execute(query)}
        return History(
            tuple(session_rows),
            tuple(hold_rows),
            tuple(self.pain_ratings()),
            values,
            tuple(self.pain_reports()),
            tuple(self.screening_answers()),
            tuple(self.clearances()),
            tuple(self.dose_changes()),
        )

    def close(self) -> None:
        self._engine.dispose()
