"""Small factories for history records, shared by the storage, CLI and export tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from backstretch.core.history import (
    Dose,
    HoldRecord,
    PainContext,
    PainRating,
    PhaseDose,
    SessionRecord,
    SessionStatus,
)
from backstretch.core.outcomes import QuestionnaireResponse, respond
from backstretch.core.pain_rules import PainAction, PainKind, PainReport
from backstretch.core.progression import DoseChange
from backstretch.core.safety import Clearance, ScreeningAnswer

MONDAY = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
DOSES = (
    Dose("trunk-rotation", "Trunk Rotation", 5, 2, "each", (), 4),
    Dose("cat-cow", "Cat-Cow", 5, 1, "none", (PhaseDose("cat", 5), PhaseDose("cow", 5)), 2),
)


def make_session(number: int = 1, **overrides: Any) -> SessionRecord:
    base = SessionRecord(
        id=f"session-{number:04d}",
        routine_id="daily-back",
        routine_name="Daily back",
        started_at=MONDAY + timedelta(days=number - 1),
        doses=DOSES,
        status=SessionStatus.COMPLETED,
        ended_at=MONDAY + timedelta(days=number - 1, minutes=10),
        pain_before=5,
        pain_after=4,
    )
    return replace(base, **overrides)


def make_hold(session: SessionRecord, hold_number: int, **overrides: Any) -> HoldRecord:
    """Hold `hold_number` of a session with DOSES: 1-4 trunk rotation, 5-6 cat-cow."""
    if hold_number <= 4:
        where: dict[str, Any] = {
            "exercise": "trunk-rotation",
            "side": "left" if hold_number <= 2 else "right",
            "rep": (hold_number - 1) % 2 + 1,
            "phase": "hold",
        }
    else:
        where = {"exercise": "cat-cow", "side": None, "rep": 1,
                 "phase": "cat" if hold_number == 5 else "cow"}  # fmt: skip
    base = HoldRecord(
        session_id=session.id,
        hold_number=hold_number,
        planned_seconds=5.0,
        held_seconds=5.0,
        completed=True,
        recorded_at=session.started_at + timedelta(seconds=10 * hold_number),
        **where,
    )
    return replace(base, **overrides)


def make_pain(number: int = 1, **overrides: Any) -> PainRating:
    base = PainRating(
        id=f"pain-{number:04d}",
        level=5,
        context=PainContext.MORNING,
        recorded_at=MONDAY + timedelta(days=number - 1, minutes=-30),
    )
    return replace(base, **overrides)


def make_answer(question: str = "1", answer: bool = False, **overrides: Any) -> ScreeningAnswer:
    base = ScreeningAnswer("screening-0001", question, answer, MONDAY - timedelta(hours=1))
    return replace(base, **overrides)


def make_clearance(number: int = 1, **overrides: Any) -> Clearance:
    base = Clearance(f"clearance-{number:04d}", MONDAY.date(), MONDAY, "seen by Dr Lee")
    return replace(base, **overrides)


def make_dose_change(number: int = 1, **overrides: Any) -> DoseChange:
    base = DoseChange(
        f"change-{number:04d}", "trunk-rotation", 5, 10, 2, 2, "your back settled",
        MONDAY + timedelta(days=number),
    )  # fmt: skip
    return replace(base, **overrides)


def make_pain_report(session: SessionRecord, number: int = 1, **overrides: Any) -> PainReport:
    base = PainReport(
        f"report-{number:04d}", session.id, "cat-cow", 7, PainKind.SHARP, PainAction.STOP,
        session.started_at + timedelta(minutes=number), "during cat-cow: pain 7/10, sharp",
    )  # fmt: skip
    return replace(base, **overrides)


def make_response(
    number: int = 1, questionnaire: str = "startback", answers: tuple[int, ...] | None = None
) -> QuestionnaireResponse:
    """A scored response, a day after MONDAY per number (STarT Back: 4 agreed, medium risk)."""
    chosen = answers or ((1, 1, 0, 0, 1, 0, 0, 0, 3) if questionnaire == "startback" else (5, 6, 5))
    return respond(questionnaire, chosen, f"response-{number:04d}", MONDAY + timedelta(days=number))
