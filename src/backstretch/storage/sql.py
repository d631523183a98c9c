"""The repository for any database SQLAlchemy knows (PostgreSQL for clinics, SQLite in tests).

Selected by BACKSTRETCH_DATABASE_URL when it names something other than a SQLite file. Imports
SQLAlchemy, so only `open_repository` loads this module, and only when it is needed.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

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
from backstretch.core.person import LOCAL_PERSON_ID, Person, PersonNotFound
from backstretch.core.prescription import Prescription
from backstretch.storage import tables
from backstretch.storage.alert_rows import mark_from_row, mark_row
from backstretch.storage.outcome_rows import response_from_row, response_row
from backstretch.storage.prescription_rows import prescription_from_row, prescription_row
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
from backstretch.storage.schema import make_engine, migrate
from backstretch.storage.sql_statements import (
    OWN_HOLDS,
    PERSON,
    SESSION,
    OnEngine,
    completed_count,
    guarded,
    holds,
    import_steps,
    insert_into,
    insert_person,
    pain_ratings,
    people,
    person_query,
    recount,
    rows_of,
    sessions,
    settings,
    upsert_hold,
)

if TYPE_CHECKING:  # types only: quick commands do not load the safety rules
    from backstretch.core.alerts import AlertMark
    from backstretch.core.outcomes import QuestionnaireResponse
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer


def open_engine(url: str, where: str | None = None) -> tuple[Engine, str]:
    """The engine of the database at `url`, created or migrated if needed, and how to name it
    in messages (never with its password)."""
    shown = where or url.split("@")[-1]
    try:
        engine = make_engine(url)
        migrate(engine, shown)
    except (SQLAlchemyError, ImportError) as error:
        raise StorageError(f"{shown}: cannot open the history database ({error})") from None
    return engine, shown


def open_sqlalchemy(url: str, where: str | None = None) -> SqlAlchemyRepository:
    """Open (creating or migrating if needed) the database at `url`, as the local person's
    repository."""
    return SqlAlchemyRepository(*open_engine(url, where))


class SqlAlchemyRepository(OnEngine):
    """One person's records (the local person's unless `person_id` says otherwise). Repositories
    made by `for_person` share this one's engine; only the first one disposes of it.

    Many threads may call it at once: each call takes a connection of its own from the engine's
    pool, so a server's requests do not wait for one another here (web/app.py)."""

    takes_concurrent_calls = True

    def __init__(
        self,
        engine: Engine,
        where: str = "the history database",
        person_id: str = LOCAL_PERSON_ID,
        owns_engine: bool = True,
    ) -> None:
        super().__init__(engine, where)
        self._person_id = person_id
        self._owns_engine = owns_engine

    def _mine(self, table: Any) -> Any:
        """The condition that picks this person's rows of `table`."""
        return table.c.person_id == self._person_id

    # -- the person --------------------------------------------------------------------------
    @property
    @guarded
    def person(self) -> Person:
        with self._read() as db:
            return self._person_in(db)

    def _person_in(self, db: Connection) -> Person:
        row = db.execute(PERSON, {"person_id": self._person_id}).first()
        if row is None:
            raise PersonNotFound(f"{self._where}: no person has the id {self._person_id!r}")
        return Person(row[0], row[1], row[2] or "")

    @guarded
    def people(self) -> list[Person]:
        with self._read() as db:
            rows = db.execute(person_query().order_by(people.c.id)).all()
        return [Person(person_id, name, zone or "") for person_id, name, zone in rows]

    @guarded
    def add_person(self, person: Person) -> None:
        with self._write() as db:
            insert_person(db, person)

    @guarded
    def remove_person(self, person_id: str) -> None:
        with self._write() as db:
            db.execute(delete(people).where(people.c.id == person_id))

    def for_person(self, person_id: str) -> SqlAlchemyRepository:
        chosen = SqlAlchemyRepository(self._engine, self._where, person_id, owns_engine=False)
        chosen.person  # noqa: B018 - PersonNotFound now, not at the first write
        return chosen

    # -- writing ---------------------------------------------------------------------------
    @guarded
    def add_session(self, session: SessionRecord, ratings: Sequence[PainRating] = ()) -> None:
        with self._write() as db:
            person = self._person_in(db)
            db.execute(sessions.insert(), session_row(session, person))
            if ratings:
                db.execute(pain_ratings.insert(), [pain_row(r, person) for r in ratings])

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
                .where(self._mine(sessions), sessions.c.id == session_id)
                .values(status=status.value, ended_at=ended, pain_after=pain_after)
            ).rowcount
            if not changed:
                raise SessionNotFound(f"no session has the id {session_id}")
            if ratings:
                person = self._person_in(db)
                db.execute(pain_ratings.insert(), [pain_row(r, person) for r in ratings])

    @guarded
    def record_hold(self, hold: HoldRecord) -> None:
        with self._write() as db:  # the hold and its session's counts, committed together
            if db.execute(upsert_hold(db), hold_row(hold, self._person_id)).rowcount:
                recount(db, self._person_id, [hold.session_id])

    @guarded
    def add_pain(self, rating: PainRating) -> None:
        with self._write() as db:
            db.execute(pain_ratings.insert(), pain_row(rating, self._person_in(db)))

    @guarded
    def set_setting(self, key: str, value: str | None) -> None:
        with self._write() as db:
            if value is None:
                db.execute(delete(settings).where(self._mine(settings), settings.c.key == key))
                return
            statement = insert_into(db, settings).values(
                person_id=self._person_id, key=key, value=value
            )
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=["person_id", "key"], set_={"value": statement.excluded.value}
                )
            )

    @guarded
    def import_history(self, history: History) -> ImportCounts:
        with self._write() as db:
            # one statement per row: executemany's rowcount is not reliable across drivers
            new_settings = insert_into(db, settings).on_conflict_do_nothing()
            counts = {
                "settings": sum(
                    db.execute(
                        new_settings, {"person_id": self._person_id, "key": k, "value": v}
                    ).rowcount
                    for k, v in history.settings.items()
                )
            }
            steps = import_steps(db, history, self._person_in(db))
            for name, (statement, rows) in steps.items():
                counts[name] = sum(db.execute(statement, row).rowcount for row in rows)
            touched = {s.id for s in history.sessions} | {h.session_id for h in history.holds}
            recount(db, self._person_id, sorted(touched))
        return ImportCounts(**counts)

    @guarded
    def add_screening(self, answers: Sequence[ScreeningAnswer]) -> None:
        if answers:
            with self._write() as db:
                person = self._person_in(db)
                rows = [answer_row(a, person) for a in answers]
                db.execute(tables.screening_answers.insert(), rows)

    @guarded
    def add_clearance(self, clearance: Clearance) -> None:
        with self._write() as db:
            db.execute(tables.clearances.insert(), clearance_row(clearance, self._person_id))

    @guarded
    def add_dose_changes(self, changes: Sequence[DoseChange]) -> None:
        if changes:
            rows = [dose_change_row(c, self._person_id) for c in changes]
            with self._write() as db:
                db.execute(tables.dose_changes.insert(), rows)

    @guarded
    def add_pain_report(self, report: PainReport) -> None:
        with self._write() as db:
            db.execute(tables.pain_reports.insert(), pain_report_row(report, self._person_in(db)))

    @guarded
    def add_questionnaire_response(self, response: QuestionnaireResponse) -> None:
        with self._write() as db:
            row = response_row(response, self._person_in(db))
            db.execute(tables.questionnaire_responses.insert(), row)

    @guarded
    def mark_alert(self, mark: AlertMark) -> bool:
        with self._write() as db:
            statement = insert_into(db, tables.alert_marks).on_conflict_do_nothing()
            return bool(db.execute(statement, mark_row(mark, self._person_id)).rowcount)

    @guarded
    def add_prescription(self, prescription: Prescription) -> None:
        with self._write() as db:
            row = prescription_row(prescription, self._person_id)
            db.execute(tables.prescriptions.insert(), row)

    # -- reading ---------------------------------------------------------------------------
    @guarded
    def prescriptions(self, routine_id: str | None = None) -> list[Prescription]:
        table = tables.prescriptions
        chosen = {} if routine_id is None else {"routine_id": routine_id}
        rows = self._rows(table, table.c.routine_id, table.c.version, **chosen)
        return [prescription_from_row(row) for row in rows]

    @guarded
    def alert_marks(self, clinician: str | None = None) -> list[AlertMark]:
        table = tables.alert_marks
        chosen = {} if clinician is None else {"clinician": clinician}
        order = (table.c.at, table.c.alert_id, table.c.clinician, table.c.kind)
        return [mark_from_row(row) for row in self._rows(table, *order, **chosen)]

    @guarded
    def questionnaire_responses(self) -> list[QuestionnaireResponse]:
        table = tables.questionnaire_responses
        rows = self._rows(table, table.c.answered_at, table.c.id)
        return [response_from_row(row) for row in rows]

    def _rows(self, table: Any, *order: Any, **equal: str) -> list[Any]:
        """This person's rows of `table` in `order` (those whose columns equal `equal`'s)."""
        statement = rows_of(table, order, *equal)
        with self._read() as db:
            return list(db.execute(statement, {"person_id": self._person_id, **equal}).mappings())

    @guarded
    def screening_answers(self, question: str | None = None) -> list[ScreeningAnswer]:
        table = tables.screening_answers
        chosen = {} if question is None else {"question": question}
        rows = self._rows(table, table.c.answered_at, table.c.id, **chosen)
        return [answer_from_row(row) for row in rows]

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
        query = select(table).where(self._mine(table)).order_by(table.c.recorded_at, table.c.id)
        if since is not None:
            query = query.where(table.c.recorded_at >= format_timestamp(since))
        with self._read() as db:
            return [pain_report_from_row(row) for row in db.execute(query).mappings()]

    @guarded
    def get_setting(self, key: str) -> str | None:
        query = select(settings.c.value).where(self._mine(settings), settings.c.key == key)
        with self._read() as db:
            value = db.execute(query).scalar()
        return None if value is None else str(value)

    @guarded
    def session(self, session_id: str) -> SessionRecord | None:
        with self._read() as db:
            found = db.execute(SESSION, {"person_id": self._person_id, "id": session_id})
            row = found.mappings().first()
        return None if row is None else session_from_row(row)

    @guarded
    def summaries(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[SessionSummary]:
        query = select(sessions).where(self._mine(sessions))
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
        found = self._rows(holds, holds.c.hold_number, session_id=session_id)
        return [hold_from_row(row) for row in found]

    @guarded
    def in_position(self, session_ids: Collection[str]) -> dict[str, InPosition]:
        chosen = list(dict.fromkeys(session_ids))
        if not chosen:
            return {}
        measured = holds.c.in_position_seconds
        query = (
            select(holds.c.session_id, func.sum(measured), func.sum(holds.c.planned_seconds),
                   func.count())
            .where(self._mine(holds), holds.c.session_id.in_(chosen), measured.is_not(None))
            .group_by(holds.c.session_id)
        )  # fmt: skip
        with self._read() as db:
            return {row[0]: InPosition.of_sums(*row[1:]) for row in db.execute(query)}

    @guarded
    def active_session_days(self) -> list[date]:
        query = (
            select(sessions.c.day)
            .where(self._mine(sessions), sessions.c.holds_completed > 0)
            .order_by(sessions.c.day)
        )
        with self._read() as db:
            return [date.fromisoformat(day) for day in db.execute(query).scalars()]

    @guarded
    def pain_ratings(self) -> list[PainRating]:
        ordered = (pain_ratings.c.recorded_at, pain_ratings.c.id)
        return [pain_from_row(row) for row in self._rows(pain_ratings, *ordered)]

    @guarded
    def advice_ratings(self, since: datetime) -> list[PainRating]:
        at, context = pain_ratings.c.recorded_at, pain_ratings.c.context
        mine = self._mine(pain_ratings)
        anchors = [
            select(pain_ratings.c.id)
            .where(mine, *where)
            .order_by(order, pain_ratings.c.id)
            .limit(1)
            for where, order in (
                ((), at),
                ((context != PainContext.AFTER.value,), at),
                ((context == PainContext.USUAL.value,), at.desc()),
            )
        ]
        chosen = [pain_ratings.c.id.in_(anchor.scalar_subquery()) for anchor in anchors]
        query = (
            select(pain_ratings)
            .where(mine, or_(at >= format_timestamp(since), *chosen))
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
            .where(self._mine(pain_ratings), pain_ratings.c.context.in_(chosen))
            .group_by(day)
            .order_by(day)
        )
        with self._read() as db:
            rows = db.execute(query).all()
        return [(date.fromisoformat(d), int(total), int(count)) for d, total, count in rows]

    @guarded
    def exercise_totals(self, since: datetime) -> list[ExerciseTotal]:
        in_window = self._mine(sessions) & (sessions.c.started_at >= format_timestamp(since))
        doses = (
            select(sessions.c.doses)
            .where(in_window)
            .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
        )
        tallies = (
            select(
                holds.c.exercise_id,
                completed_count(True).cast(Integer),
                completed_count(False).cast(Integer),
                func.sum(holds.c.held_seconds / sessions.c.speed),
            )
            .join_from(sessions, holds, OWN_HOLDS)
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
        ordered = select(holds).join_from(holds, sessions, OWN_HOLDS).where(self._mine(holds))
        ordered = ordered.order_by(sessions.c.started_at, sessions.c.id, holds.c.hold_number)
        with self._read() as db:
            mine = select(sessions).where(self._mine(sessions))
            found = db.execute(mine.order_by(sessions.c.started_at, sessions.c.id))
            session_rows = [session_from_row(row) for row in found.mappings()]
            hold_rows = [hold_from_row(row) for row in db.execute(ordered).mappings()]
            query = select(settings.c.key, settings.c.value).where(self._mine(settings))
            values = {str(k): str(v) for k, v in db.execute(query.order_by(settings.c.key))}
        return History(
            tuple(session_rows),
            tuple(hold_rows),
            tuple(self.pain_ratings()),
            values,
            tuple(self.pain_reports()),
            tuple(self.screening_answers()),
            tuple(self.clearances()),
            tuple(self.dose_changes()),
            tuple(self.questionnaire_responses()),
        )

    def close(self) -> None:
        if self._owns_engine:
            self._engine.dispose()
