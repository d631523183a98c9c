"""Safety records to database rows and back: screening answers, clearances, dose changes and
pain reported during a session (shared by the SQL repositories; no SQLAlchemy here)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from backstretch.core.history import format_timestamp, parse_timestamp
from backstretch.core.person import Person
from backstretch.storage.rows import calendar_day

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
    return {
        "person_id": person.id,
        "screening_id": answer.screening_id,
        "question": answer.question,
        "answer": bool(answer.answer),
        "answered_at": format_timestamp(answer.answered_at),
        "day": calendar_day(answer.answered_at, person),
    }


def answer_from_row(row: Mapping[Any, Any]) -> ScreeningAnswer:
    from backstretch.core.safety import ScreeningAnswer

    return ScreeningAnswer(
        row["screening_id"],
        row["question"],
        bool(row["answer"]),
        parse_timestamp(row["answered_at"]),
    )


def clearance_row(clearance: Clearance, person_id: str) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "id": clearance.id,
        "cleared_on": clearance.cleared_on.isoformat(),
        "recorded_at": format_timestamp(clearance.recorded_at),
        "note": clearance.note,
    }


def clearance_from_row(row: Mapping[Any, Any]) -> Clearance:
    from backstretch.core.safety import Clearance

    return Clearance(
        row["id"],
        date.fromisoformat(row["cleared_on"]),
        parse_timestamp(row["recorded_at"]),
        row["note"] or "",
    )


def dose_change_row(change: DoseChange, person_id: str) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "id": change.id,
        "exercise_id": change.exercise,
        "hold_before": change.hold_before,
        "hold_after": change.hold_after,
        "reps_before": change.reps_before,
        "reps_after": change.reps_after,
        "reason": change.reason,
        "changed_at": format_timestamp(change.changed_at),
    }


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
    return {
        "person_id": person.id,
        "id": report.id,
        "session_id": report.session_id,
        "exercise_id": report.exercise,
        "level": report.level,
        "kind": report.kind.value,
        "action": report.action.value,
        "note": report.note,
        "recorded_at": format_timestamp(report.recorded_at),
        "day": calendar_day(report.recorded_at, person),
    }


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
