"""An in-memory repository: the fake used by tests, held to the same contract as the SQL ones."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

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
    choose_hold,
)
from backstretch.storage.repository import SessionNotFound, StorageError
from backstretch.storage.rows import merge_totals

if TYPE_CHECKING:  # types only: quick commands do not load the safety rules
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer


Record = TypeVar("Record")


def new_by(
    incoming: Iterable[Record], stored: Iterable[Record], key: Callable[[Record], object]
) -> list[Record]:
    """The incoming records whose key is not among the stored ones."""
    known = {key(record) for record in stored}
    return [record for record in incoming if key(record) not in known]


class MemoryRepository:
    """Keeps everything in dictionaries; nothing survives the process."""

    def __init__(self) -> None:
        self._sessions: dict[str, SessionRecord] = {}
        self._holds: dict[tuple[str, int], HoldRecord] = {}
        self._pain: dict[str, PainRating] = {}
        self._settings: dict[str, str] = {}
        self._answers: list[ScreeningAnswer] = []
        self._clearances: list[Clearance] = []
        self._dose_changes: list[DoseChange] = []
        self._pain_reports: list[PainReport] = []

    # -- writing ---------------------------------------------------------------------------
    def add_session(self, session: SessionRecord, ratings: Sequence[PainRating] = ()) -> None:
        if session.id in self._sessions:
            raise StorageError(f"session {session.id} already exists")
        self._sessions[session.id] = session
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
        sessions = [s for s in history.sessions if s.id not in self._sessions]
        self._sessions.update((s.id, s) for s in sessions)
        pain = [p for p in history.pain if p.id not in self._pain]
        self._pain.update((p.id, p) for p in pain)
        for hold in history.holds:
            self.record_hold(hold)
        settings = {k: v for k, v in history.settings.items() if k not in self._settings}
        self._settings.update(settings)
        holds = sum(before.get(key) is not hold for key, hold in self._holds.items())
        safety = self._import_safety(history)
        return ImportCounts(len(sessions), holds, len(pain), len(settings), *safety)

    def _import_safety(self, history: History) -> tuple[int, int, int, int]:
        """Pain reports, answers, clearances and dose changes not stored yet (by id; an answer
        by its screening and question)."""
        reports = new_by(history.pain_reports, self._pain_reports, lambda r: r.id)
        self._pain_reports.extend(reports)
        answers = new_by(
            history.screening_answers, self._answers, lambda a: (a.screening_id, a.question)
        )
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

    # -- reading ---------------------------------------------------------------------------
    def screening_answers(self) -> list[ScreeningAnswer]:
        return sorted(self._answers, key=lambda a: a.answered_at)

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

    def active_session_days(self) -> list[date]:
        done = {h.session_id for h in self._holds.values() if h.completed}
        starts = sorted(s.started_at for s in self._sessions.values() if s.id in done)
        return [start.astimezone().date() for start in starts]

    def pain_ratings(self) -> list[PainRating]:
        return sorted(self._pain.values(), key=lambda p: (p.recorded_at, p.id))

    def advice_ratings(self, since: datetime) -> list[PainRating]:
        from backstretch.core.pain_rules import advice_ratings

        return advice_ratings(self.pain_ratings(), since)

    def daily_pain(self, contexts: Collection[PainContext]) -> list[tuple[date, int, int]]:
        days: dict[date, list[int]] = {}
        for rating in self.pain_ratings():
            if rating.context in contexts:
                days.setdefault(rating.recorded_at.astimezone().date(), []).append(rating.level)
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
        )

    def close(self) -> None:
        pass
