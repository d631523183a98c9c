"""Records as plain data: one dict per record, with times as ISO 8601 text and enums as their
values. The history file (export) writes exactly these; storage adds its columns (the person,
the day) to them, so a record's fields are listed once for both."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backstretch.core.history import (
    HoldRecord,
    PainRating,
    SessionRecord,
    doses_as_data,
    format_timestamp,
)

if TYPE_CHECKING:  # types only: reading the history does not load the safety rules
    from backstretch.core.outcomes import QuestionnaireResponse
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer


def session_data(session: SessionRecord) -> dict[str, Any]:
    return {
        "id": session.id,
        "routine_id": session.routine_id,
        "routine_name": session.routine_name,
        "started_at": format_timestamp(session.started_at),
        "ended_at": format_timestamp(session.ended_at) if session.ended_at else None,
        "status": session.status.value,
        "speed": session.speed,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "doses": doses_as_data(session.doses),
    }


def hold_data(hold: HoldRecord) -> dict[str, Any]:
    """A hold's fields; `in_position_seconds` only when the camera check measured it, so a
    hold held without the camera is written exactly as before the check existed."""
    data: dict[str, Any] = {
        "session_id": hold.session_id,
        "hold_number": hold.hold_number,
        "exercise": hold.exercise,
        "side": hold.side,
        "rep": hold.rep,
        "phase": hold.phase,
        "planned_seconds": hold.planned_seconds,
        "held_seconds": hold.held_seconds,
        "completed": hold.completed,
        "recorded_at": format_timestamp(hold.recorded_at),
    }
    if hold.in_position_seconds is not None:
        data["in_position_seconds"] = hold.in_position_seconds
    return data


def pain_data(rating: PainRating) -> dict[str, Any]:
    return {
        "id": rating.id,
        "level": rating.level,
        "context": rating.context.value,
        "note": rating.note,
        "recorded_at": format_timestamp(rating.recorded_at),
        "session_id": rating.session_id,
    }


def pain_report_data(report: PainReport) -> dict[str, Any]:
    return {
        "id": report.id,
        "session_id": report.session_id,
        "exercise": report.exercise,
        "level": report.level,
        "kind": report.kind.value,
        "action": report.action.value,
        "note": report.note,
        "recorded_at": format_timestamp(report.recorded_at),
    }


def answer_data(answer: ScreeningAnswer) -> dict[str, Any]:
    return {
        "screening_id": answer.screening_id,
        "question": answer.question,
        "answer": answer.answer,
        "answered_at": format_timestamp(answer.answered_at),
    }


def clearance_data(clearance: Clearance) -> dict[str, Any]:
    return {
        "id": clearance.id,
        "cleared_on": clearance.cleared_on.isoformat(),
        "recorded_at": format_timestamp(clearance.recorded_at),
        "note": clearance.note,
    }


def dose_change_data(change: DoseChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "exercise": change.exercise,
        "hold_before": change.hold_before,
        "hold_after": change.hold_after,
        "reps_before": change.reps_before,
        "reps_after": change.reps_after,
        "reason": change.reason,
        "changed_at": format_timestamp(change.changed_at),
    }


def questionnaire_response_data(response: QuestionnaireResponse) -> dict[str, Any]:
    """A questionnaire response: the answers as the items' values, in item order, and the
    score computed from them (`subscale` and `risk` only for STarT Back)."""
    return {
        "id": response.id,
        "questionnaire": response.questionnaire,
        "answered_at": format_timestamp(response.answered_at),
        "answers": list(response.answers),
        "score": response.score,
        "subscale": response.subscale,
        "risk": response.risk.value if response.risk else None,
    }
