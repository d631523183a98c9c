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
