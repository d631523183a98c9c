"""An in-memory repository: the fake used by tests, held to the same contract as the SQL ones."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

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
    choose_hold,
    in_position,
)
from backstretch.core.person import LOCAL_PERSON_ID, TIME_ZONE, Person, PersonNotFound
from backstretch.storage.repository import SessionNotFound, StorageError
from backstretch.storage.rows import merge_totals

if TYPE_CHECKING:  # types only: quick commands do not load the safety rules
    from backstretch.core.alerts import AlertMark
    from backstretch.core.outcomes import QuestionnaireResponse
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.prescription import Prescription
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer


Record = TypeVar("Record")


def new_by(
    incoming: Iterable[Record], stored: Iterable[Record], key: Callable[[Record], object]
) -> list[Record]:
    """The incoming records whose key is not among the stored ones (the first of any repeats,
    as the SQL repositories keep them)."""
    known = {key(record) for record in stored}
    fresh: list[Record] = []
    for record in incoming:
        if key(record) not in known:
            known.add(key(record))
            fresh.append(record)
    return fresh


@dataclass
class Records:
    """One person's records, with the day each session and rating was filed under (computed
    when stored, in the person's time zone then, as the SQL repositories keep it)."""

    name: str = ""
    sessions: dict[str, SessionRecord] = field(default_factory=dict)
    session_days: dict[str, date] = field(default_factory=dict)
    holds: dict[tuple[str, int], HoldRecord] = field(default_factory=dict)
    pain: dict[str, PainRating] = field(default_factory=dict)
    pain_days: dict[str, date] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    answers: list[ScreeningAnswer] = field(default_factory=list)
    clearances: list[Clearance] = field(default_factory=list)
    dose_changes: list[DoseChange] = field(default_factory=list)
    pain_reports: list[PainReport] = field(default_factory=list)
    responses: list[QuestionnaireResponse] = field(default_factory=list)
    alert_marks: list[AlertMark] = field(default_factory=list)
    prescriptions: list[Prescription] = field(default_factory=list)


class MemoryRepository:
    """Keeps everything in dictionaries; nothing survives the process. Bound to one person (the
    local one unless `for_person` made it); `for_person` repositories share the same people."""

    def __init__(
        self, person_id: str = LOCAL_PERSON_ID, everyone: dict[str, Records] | None = None
    ) -> None:
        self._everyone = everyone if everyone is not None else {LOCAL_PERSON_ID: Records()}
        if person_id not in self._everyone:
            raise PersonNotFound(f"no person has the id {person_id!r}")
        self._person_id = person_id
        mine = self._everyone[person_id]
        self._records = mine
        self._sessions = mine.sessions
        self._holds = mine.holds
        self._pain = mine.pain
        self._settings = mine.settings
        self._answers = mine.answers
        self._clearances = mine.clearances
        self._dose_changes = mine.dose_changes
        self._pain_reports = mine.pain_reports

    # -- the person --------------------------------------------------------------------------
    @property
    def person(self) -> Person:
        return Person(self._person_id, self._records.name, self._settings.get(TIME_ZONE, ""))

    def people(self) -> list[Person]:
        return [self.for_person(person_id).person for person_id in sorted(self._everyone)]

    def add_person(self, person: Person) -> None:
        if person.id in self._everyone:
            raise StorageError(f"a person with the id {person.id!r} already exists")
        settings = {TIME_ZONE: person.time_zone} if person.time_zone else {}
        self._everyone[person.id] = Records(person.name, settings=settings)

    def for_person(self, person_id: str) -> MemoryRepository:
        return MemoryRepository(person_id, self._everyone)

    def remove_person(self, person_id: str) -> None:
        """Erase the person and every record of theirs (nothing if there is no such person)."""
        self._everyone.pop(person_id, None)

    # -- writing ---------------------------------------------------------------------------
    def add_session(self, session: SessionRecord, ratings: Sequence[PainRating] = ()) -> None:
        if session.id in self._sessions:
            raise StorageError(f"session {session.id} already exists")
        self._sessions[session.id] = session
        self._records.session_days[session.id] = self.person.day_of(session.started_at)
        for rating in ratings:
            self.add_pain(rating)

    def update_session(
        self,
        session_id: str,
        *,
        status: SessionStatus,
        ended_at: datetime | None,
        pain_after: int | None,
        ratings: Sequence[PainRating] = (),
    ) -> None:
        session = self._sessions.get(session_id)
        if session is None:
            raise SessionNotFound(f"no session has the id {session_id}")
        self._sessions[session_id] = replace(
            session, status=status, ended_at=ended_at, pain_after=pain_after
        )
        for rating in ratings:
            self.add_pain(rating)

    def record_hold(self, hold: HoldRecord) -> None:
        if hold.session_id not in self._sessions:
            raise SessionNotFound(f"no session has the id {hold.session_id}")
        key = (hold.session_id, hold.hold_number)
        self._holds[key] = choose_hold(self._holds.get(key), hold)

    def add_pain(self, rating: PainRating) -> None:
        if rating.id in self._pain:
            raise StorageError(f"pain rating {rating.id} already exists")
        self._pain[rating.id] = rating
        self._records.pain_days[rating.id] = self.person.day_of(rating.recorded_at)

    def set_setting(self, key: str, value: str | None) -> None:
        if value is None:
            self._settings.pop(key, None)
        else:
            self._settings[key] = value

    def import_history(self, history: History) -> ImportCounts:
        known = set(self._sessions) | {s.id for s in history.sessions}
        referred = [h.session_id for h in history.holds]
        referred += [p.session_id for p in history.pain if p.session_id]
        referred += [r.session_id for r in history.pain_reports if r.session_id]
        missing = [session_id for session_id in referred if session_id not in known]
        if missing:
            raise SessionNotFound(f"no session has the id {missing[0]}")
        before = copy.copy(self._holds)
        settings = {k: v for k, v in history.settings.items() if k not in self._settings}
        self._settings.update(settings)  # first: the days below are in the zone it sets
        sessions = new_by(history.sessions, self._sessions.values(), lambda s: s.id)
        for session in sessions:
            self.add_session(session)
        pain = new_by(history.pain, self._pain.values(), lambda p: p.id)
        for rating in pain:
            self.add_pain(rating)
        for hold in history.holds:
            self.record_hold(hold)
        holds = sum(before.get(key) is not hold for key, hold in self._holds.items())
        safety = self._import_safety(history)
        responses = new_by(history.questionnaire_responses, self._records.responses, lambda r: r.id)
        self._records.responses.extend(responses)
        return ImportCounts(len(sessions), holds, len(pain), len(settings), *safety, len(responses))

    def _import_safety(self, history: History) -> tuple[int, int, int, int]:
        """Pain reports, answers, clearances and dose changes not stored yet (by id; an answer
        by its screening and question)."""
        reports = new_by(history.pain_reports, self._pain_reports, lambda r: r.id)
        self._pain_reports.extend(reports)
        answered = {(a.screening_id, a.question) for a in self._answers}
        answers = [
            a for a in history.screening_answers if (a.screening_id, a.question) not in answered
        ]
        self._answers.extend(answers)
        clearances = new_by(history.clearances, self._clearances, lambda c: c.id)
        self._clearances.extend(clearances)
        changes = new_by(history.dose_changes, self._dose_changes, lambda c: c.id)
        self._dose_changes.extend(changes)
        return len(reports), len(answers), len(clearances), len(changes)

    def add_screening(self, answers: Sequence[ScreeningAnswer]) -> None:
        self._answers.extend(answers)

    def add_clearance(self, clearance: Clearance) -> None:
        if any(c.id == clearance.id for c in self._clearances):
            raise StorageError(f"clearance {clearance.id} already exists")
        self._clearances.append(clearance)

    def add_dose_changes(self, changes: Sequence[DoseChange]) -> None:
        known = {c.id for c in self._dose_changes}
        if any(c.id in known for c in changes):
            raise StorageError("a dose change is already stored")
        self._dose_changes.extend(changes)

    def add_pain_report(self, report: PainReport) -> None:
        if report.session_id is not None and report.session_id not in self._sessions:
            raise SessionNotFound(f"no session has the id {report.session_id}")
        self._pain_reports.append(report)

    def add_questionnaire_response(self, response: QuestionnaireResponse) -> None:
        if any(r.id == response.id for r in self._records.responses):
            raise StorageError(f"questionnaire response {response.id} already exists")
        self._records.responses.append(response)

    def mark_alert(self, mark: AlertMark) -> bool:
        key = (mark.alert_id, mark.clinician, mark.kind)
        if any((m.alert_id, m.clinician, m.kind) == key for m in self._records.alert_marks):
            return False
        self._records.alert_marks.append(mark)
        return True

    def forget_clinician(self, clinician: str) -> None:
        """Erase every person's marks made by `clinician` (their account is being erased)."""
        for records in self._everyone.values():
            records.alert_marks[:] = [m for m in records.alert_marks if m.clinician != clinician]

    def add_prescription(self, prescription: Prescription) -> None:
        key = (prescription.routine_id, prescription.version)
        if any((p.routine_id, p.version) == key for p in self._records.prescriptions):
            raise StorageError(
                f"version {prescription.version} of {prescription.routine_id} already exists"
            )
        self._records.prescriptions.append(prescription)

    # -- reading ---------------------------------------------------------------------------
    def prescriptions(self, routine_id: str | None = None) -> list[Prescription]:
        chosen = [p for p in self._records.prescriptions if routine_id in (None, p.routine_id)]
        return sorted(chosen, key=lambda p: (p.routine_id, p.version))

    def alert_marks(self, clinician: str | None = None) -> list[AlertMark]:
        chosen = [m for m in self._records.alert_marks if clinician in (None, m.clinician)]
        return sorted(chosen, key=lambda m: (m.at, m.alert_id, m.clinician, m.kind))

    def questionnaire_responses(self) -> list[QuestionnaireResponse]:
        return sorted(self._records.responses, key=lambda r: (r.answered_at, r.id))

    def screening_answers(self, question: str | None = None) -> list[ScreeningAnswer]:
        chosen = [a for a in self._answers if question in (None, a.question)]
        return sorted(chosen, key=lambda a: a.answered_at)

    def clearances(self) -> list[Clearance]:
        return sorted(self._clearances, key=lambda c: (c.recorded_at, c.id))

    def dose_changes(self) -> list[DoseChange]:
        return sorted(self._dose_changes, key=lambda c: (c.changed_at, c.id))

    def pain_reports(self, since: datetime | None = None) -> list[PainReport]:
        chosen = [r for r in self._pain_reports if since is None or r.recorded_at >= since]
        return sorted(chosen, key=lambda r: (r.recorded_at, r.id))

    def get_setting(self, key: str) -> str | None:
        return self._settings.get(key)

    def session(self, session_id: str) -> SessionRecord | None:
        return self._sessions.get(session_id)

    def summaries(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[SessionSummary]:
        chosen = [s for s in self._sessions.values() if since is None or s.started_at >= since]
        chosen.sort(key=lambda s: (s.started_at, s.id), reverse=True)
        return [self._summary(s) for s in chosen[:limit]]

    def _summary(self, session: SessionRecord) -> SessionSummary:
        holds = self.holds(session.id)
        return SessionSummary(
            session,
            sum(h.completed for h in holds),
            sum(not h.completed for h in holds),
            sum(h.held_seconds for h in holds),
        )

    def holds(self, session_id: str) -> list[HoldRecord]:
        mine = [h for (owner, _), h in self._holds.items() if owner == session_id]
        return sorted(mine, key=lambda h: h.hold_number)

    def in_position(self, session_ids: Collection[str]) -> dict[str, InPosition]:
        found = {session_id: in_position(self.holds(session_id)) for session_id in session_ids}
        return {session_id: measured for session_id, measured in found.items() if measured}

    def active_session_days(self) -> list[date]:
        done = {h.session_id for h in self._holds.values() if h.completed}
        days = self._records.session_days
        return sorted(day for session, day in days.items() if session in done)

    def pain_ratings(self) -> list[PainRating]:
        return sorted(self._pain.values(), key=lambda p: (p.recorded_at, p.id))

    def advice_ratings(self, since: datetime) -> list[PainRating]:
        from backstretch.core.pain_rules import advice_ratings

        return advice_ratings(self.pain_ratings(), since)

    def daily_pain(self, contexts: Collection[PainContext]) -> list[tuple[date, int, int]]:
        days: dict[date, list[int]] = {}
        for rating in self.pain_ratings():
            if rating.context in contexts:
                day = self._records.pain_days[rating.id]
                days.setdefault(day, []).append(rating.level)
        return [(day, sum(levels), len(levels)) for day, levels in sorted(days.items())]

    def exercise_totals(self, since: datetime) -> list[ExerciseTotal]:
        sessions = self.summaries(since=since)
        speeds = {s.id: s.session.speed for s in sessions}
        tallies: dict[str, list[float]] = {}
        for hold in self._holds.values():
            if hold.session_id in speeds:
                tally = tallies.setdefault(hold.exercise, [0, 0, 0.0])
                tally[0 if hold.completed else 1] += 1
                tally[2] += hold.held_seconds / speeds[hold.session_id]
        rows = [(e, int(t[0]), int(t[1]), t[2]) for e, t in tallies.items()]
        return merge_totals((s.session.doses for s in sessions), rows)

    def export_history(self) -> History:
        sessions = sorted(self._sessions.values(), key=lambda s: (s.started_at, s.id))
        order = {s.id: n for n, s in enumerate(sessions)}
        holds = sorted(self._holds.values(), key=lambda h: (order[h.session_id], h.hold_number))
        return History(
            tuple(sessions),
            tuple(holds),
            tuple(self.pain_ratings()),
            dict(self._settings),
            tuple(self.pain_reports()),
            tuple(self.screening_answers()),
            tuple(self.clearances()),
            tuple(self.dose_changes()),
            tuple(self.questionnaire_responses()),
        )

    def close(self) -> None:
        pass
