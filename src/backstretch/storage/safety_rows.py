"""Safety records to database rows and back: screening answers, clearances, dose changes and
pain reported during a session (shared by the SQL repositories; no SQLAlchemy here)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from backstretch.core.history import parse_timestamp
from backstretch.core.person import Person
from backstretch.core.record_data import (
    answer_data,
    clearance_data,
    dose_change_data,
    pain_report_data,
)
from backstretch.storage.rows import calendar_day, columns

if TYPE_CHECKING:  # loaded inside the readers below: quick commands never read these tables
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer

ANSWER_COLUMNS = ("person_id", "screening_id", "question", "answer", "answered_at", "day")
CLEARANCE_COLUMNS = ("person_id", "id", "cleared_on", "recorded_at", "note")
DOSE_CHANGE_COLUMNS = (
    "person_id",
    "id",
    "exercise_id",
    "hold_before",
    "hold_after",
    "reps_before",
    "reps_after",
    "reason",
    "changed_at",
)
PAIN_REPORT_COLUMNS = (
    "person_id",
    "id",
    "session_id",
    "exercise_id",
    "level",
    "kind",
    "action",
    "note",
    "recorded_at",
    "day",
)


def answer_row(answer: ScreeningAnswer, person: Person) -> dict[str, Any]:
    return columns(answer_data(answer), person.id, day=calendar_day(answer.answered_at, person))


def answer_from_row(row: Mapping[Any, Any]) -> ScreeningAnswer:
    from backstretch.core.safety import ScreeningAnswer

    return ScreeningAnswer(
        row["screening_id"],
        row["question"],
        bool(row["answer"]),
        parse_timestamp(row["answered_at"]),
    )


def clearance_row(clearance: Clearance, person_id: str) -> dict[str, Any]:
    return columns(clearance_data(clearance), person_id)


def clearance_from_row(row: Mapping[Any, Any]) -> Clearance:
    from backstretch.core.safety import Clearance

    return Clearance(
        row["id"],
        date.fromisoformat(row["cleared_on"]),
        parse_timestamp(row["recorded_at"]),
        row["note"] or "",
    )


def dose_change_row(change: DoseChange, person_id: str) -> dict[str, Any]:
    return columns(dose_change_data(change), person_id)


def dose_change_from_row(row: Mapping[Any, Any]) -> DoseChange:
    from backstretch.core.progression import DoseChange

    return DoseChange(
        row["id"],
        row["exercise_id"],
        float(row["hold_before"]),
        float(row["hold_after"]),
        int(row["reps_before"]),
        int(row["reps_after"]),
        row["reason"],
        parse_timestamp(row["changed_at"]),
    )


def pain_report_row(report: PainReport, person: Person) -> dict[str, Any]:
    day = calendar_day(report.recorded_at, person)
    return columns(pain_report_data(report), person.id, day=day)


def pain_report_from_row(row: Mapping[Any, Any]) -> PainReport:
    from backstretch.core.pain_rules import PainAction, PainKind, PainReport

    return PainReport(
        row["id"],
        row["session_id"],
        row["exercise_id"],
        int(row["level"]),
        PainKind(row["kind"]),
        PainAction(row["action"]),
        parse_timestamp(row["recorded_at"]),
        row["note"] or "",
    )
