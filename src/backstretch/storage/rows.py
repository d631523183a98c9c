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
    doses_from_data,
    parse_timestamp,
)
from backstretch.core.person import Person
from backstretch.core.record_data import hold_data, pain_data, session_data

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
    "in_position_seconds",
)
PAIN_COLUMNS = ("person_id", "id", "level", "context", "note", "recorded_at", "session_id", "day")


def session_row(session: SessionRecord, person: Person) -> dict[str, Any]:
    data = session_data(session)
    data["doses"] = json.dumps(data["doses"], separators=(",", ":"))
    return columns(data, person.id, day=calendar_day(session.started_at, person))


def columns(data: dict[str, Any], person_id: str, **more: Any) -> dict[str, Any]:
    """A record's data (core/record_data.py) as table columns: stamped with its person, with
    any columns of storage's own (the day), and the stretch as `exercise_id`."""
    row = {"person_id": person_id, **data, **more}
    if "exercise" in row:
        row["exercise_id"] = row.pop("exercise")
    return row


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
    return columns({"in_position_seconds": None, **hold_data(hold)}, person_id)


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
        in_position_seconds=maybe_float(row["in_position_seconds"]),
    )


def maybe_float(value: Any) -> float | None:
    return None if value is None else float(value)


def pain_row(rating: PainRating, person: Person) -> dict[str, Any]:
    return columns(pain_data(rating), person.id, day=calendar_day(rating.recorded_at, person))


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
