"""Records to database rows and back, shared by the SQL repositories (no SQLAlchemy here).

A row is always a person's: it carries their id, and the calendar day of its time in their time
zone (kept beside the UTC time so that streaks and weekly averages read days without converting
ten years of times).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from backstretch.core.history import (
    Dose,
    ExerciseTotal,
    HoldRecord,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    doses_as_data,
    doses_from_data,
    format_timestamp,
    parse_timestamp,
)
from backstretch.core.person import Person

SESSION_COLUMNS = (
    "person_id",
    "id",
    "routine_id",
    "routine_name",
    "doses",
    "started_at",
    "ended_at",
    "status",
    "speed",
    "pain_before",
    "pain_after",
    "day",
)
HOLD_COLUMNS = (
    "person_id",
    "session_id",
    "hold_number",
    "exercise_id",
    "side",
    "rep",
    "phase",
    "planned_seconds",
    "held_seconds",
    "completed",
    "recorded_at",
)
PAIN_COLUMNS = ("person_id", "id", "level", "context", "note", "recorded_at", "session_id", "day")


def session_row(session: SessionRecord, person: Person) -> dict[str, Any]:
    return {
        "person_id": person.id,
        "id": session.id,
        "routine_id": session.routine_id,
        "routine_name": session.routine_name,
        "doses": json.dumps(doses_as_data(session.doses), separators=(",", ":")),
        "started_at": format_timestamp(session.started_at),
        "ended_at": format_timestamp(session.ended_at) if session.ended_at else None,
        "status": session.status.value,
        "speed": session.speed,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "day": calendar_day(session.started_at, person),
    }


def calendar_day(moment: datetime, person: Person) -> str:
    """The calendar day of an instant in the person's time zone, as stored (YYYY-MM-DD)."""
    return person.day_of(moment).isoformat()


def session_from_row(row: Mapping[Any, Any]) -> SessionRecord:
    ended = row["ended_at"]
    return SessionRecord(
        id=row["id"],
        routine_id=row["routine_id"],
        routine_name=row["routine_name"],
        started_at=parse_timestamp(row["started_at"]),
        doses=doses_from_data(json.loads(row["doses"])),
        ended_at=parse_timestamp(ended) if ended else None,
        status=SessionStatus(row["status"]),
        speed=float(row["speed"]),
        pain_before=row["pain_before"],
        pain_after=row["pain_after"],
    )


def hold_row(hold: HoldRecord, person_id: str) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "session_id": hold.session_id,
        "hold_number": hold.hold_number,
        "exercise_id": hold.exercise,
        "side": hold.side,
        "rep": hold.rep,
        "phase": hold.phase,
        "planned_seconds": hold.planned_seconds,
        "held_seconds": hold.held_seconds,
        "completed": bool(hold.completed),
        "recorded_at": format_timestamp(hold.recorded_at),
    }


def hold_from_row(row: Mapping[Any, Any]) -> HoldRecord:
    return HoldRecord(
        session_id=row["session_id"],
        hold_number=row["hold_number"],
        exercise=row["exercise_id"],
        rep=row["rep"],
        phase=row["phase"],
        planned_seconds=float(row["planned_seconds"]),
        held_seconds=float(row["held_seconds"]),
        completed=bool(row["completed"]),
        recorded_at=parse_timestamp(row["recorded_at"]),
        side=row["side"],
    )


def pain_row(rating: PainRating, person: Person) -> dict[str, Any]:
    return {
        "person_id": person.id,
        "id": rating.id,
        "level": rating.level,
        "context": rating.context.value,
        "note": rating.note,
        "recorded_at": format_timestamp(rating.recorded_at),
        "session_id": rating.session_id,
        "day": calendar_day(rating.recorded_at, person),
    }


def pain_from_row(row: Mapping[Any, Any]) -> PainRating:
    return PainRating(
        id=row["id"],
        level=row["level"],
        context=PainContext(row["context"]),
        recorded_at=parse_timestamp(row["recorded_at"]),
        note=row["note"] or "",
        session_id=row["session_id"],
    )


def merge_totals(
    doses_per_session: Iterable[Sequence[Dose]],
    tallies: Iterable[tuple[str, int, int, float]],
) -> list[ExerciseTotal]:
    """Per-stretch totals from the doses of each session (planned holds, newest session first)
    and per-stretch hold tallies (exercise, completed, skipped, wall seconds held)."""
    planned: dict[str, int] = {}
    names: dict[str, str] = {}
    for doses in doses_per_session:
        for dose in doses:
            planned[dose.exercise] = planned.get(dose.exercise, 0) + dose.holds
            names.setdefault(dose.exercise, dose.name)
    counted = {exercise: (done, skipped, seconds) for exercise, done, skipped, seconds in tallies}
    order = list(names) + [exercise for exercise in counted if exercise not in names]
    return [
        ExerciseTotal(
            exercise,
            names.get(exercise, exercise),
            planned.get(exercise, 0),
            *counted.get(exercise, (0, 0, 0.0)),
        )
        for exercise in order
    ]
