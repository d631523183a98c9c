"""One record of a history file at a time: core records to plain data, and plain data back to
checked core records (each bad value named with what is allowed).

A time must lie between 2000-01-01 and now, with a few minutes' allowance for the clock of the
machine that wrote the file: a session "from 2090" or a clearance dated next year would move the
streaks, the progression and the safety lock of the person who imports it. The safety types are
loaded inside the readers, so `backstretch history` does not pay for them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from backstretch.core.history import (
    PAIN_RANGE,
    Dose,
    HoldRecord,
    InvalidRecord,
    PainContext,
    PainRating,
    PhaseDose,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    check_choice,
    check_pain_level,
    format_timestamp,
    parse_timestamp,
    shown_value,
    whole_number,
)

if TYPE_CHECKING:
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_ALLOWANCE = timedelta(minutes=5)  # another machine's clock may run a little ahead
EAST_OF_UTC = timedelta(hours=14)  # a local day can begin this long before the UTC day
MOST_SECONDS = 86_400
MOST_REPS = 1000
MOST_HOLDS = 100_000


@dataclass(frozen=True)
class Window:
    """The times a record may carry: from 2000-01-01 up to now."""

    now: datetime

    @property
    def latest(self) -> datetime:
        return self.now + CLOCK_ALLOWANCE

    def check(self, moment: datetime, name: str, value: object) -> datetime:
        if not EARLIEST <= moment <= self.latest:
            raise InvalidRecord(
                f"{name} must be from 2000-01-01 up to now, "
                f"{self.now.astimezone(UTC):%Y-%m-%d %H:%M} UTC (got {shown_value(value)!r})"
            )
        return moment

    def moment(self, value: object, name: str) -> datetime:
        if not isinstance(value, str):
            raise InvalidRecord(f"{name} must be an ISO 8601 date and time (got {value!r:.60})")
        try:
            moment = parse_timestamp(value)
        except InvalidRecord:
            raise InvalidRecord(
                f"{name} must be an ISO 8601 date and time (got {shown_value(value)!r})"
            ) from None
        return self.check(moment, name, value)

    def maybe_moment(self, value: object, name: str) -> datetime | None:
        return None if missing(value) else self.moment(value, name)

    def day(self, value: object, name: str) -> date:
        last = (self.latest.astimezone(UTC) + EAST_OF_UTC).date()
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None or not EARLIEST.date() <= day <= last:
            raise InvalidRecord(
                f"{name} must be a day from 2000-01-01 to {last.isoformat()}, written "
                f"YYYY-MM-DD (got {shown_value(value)!r})"
            )
        return day


# -- fields -------------------------------------------------------------------------------------
def missing(value: object) -> bool:
    return value is None or value == ""


def text(value: object, name: str, limit: int = 200, required: bool = True) -> str:
    if missing(value):
        if required:
            raise InvalidRecord(f"{name} is missing")
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidRecord(
            f"{name} must be text of at most {limit} characters (got {shown_value(value)!r})"
        )
    return value


def optional_text(value: object, name: str, limit: int = 36) -> str | None:
    return None if missing(value) else text(value, name, limit)


def integer(value: object, name: str, low: int, high: int) -> int:
    number = whole_number(value)
    if number is None or not low <= number <= high:
        raise InvalidRecord(
            f"{name} must be a whole number from {low} to {high} (got {shown_value(value)})"
        )
    return number


def optional_number(value: object, name: str, low: float, high: float) -> float | None:
    return None if missing(value) else number(value, name, low, high)


def number(value: object, name: str, low: float, high: float) -> float:
    found: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        found = float(value)
    elif isinstance(value, str):
        try:
            found = float(value)
        except ValueError:
            found = None
    if found is None or not math.isfinite(found) or not low <= found <= high:
        raise InvalidRecord(
            f"{name} must be a number from {low:g} to {high:g} (got {shown_value(value)})"
        )
    return found


def boolean(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise InvalidRecord(f"{name} must be true or false (got {shown_value(value)!r})")


def pain(value: object, name: str, required: bool = True) -> int | None:
    if missing(value) and not required:
        return None
    try:
        return check_pain_level(value)
    except InvalidRecord:
        raise InvalidRecord(f"{name} must be {PAIN_RANGE} (got {shown_value(value)})") from None


def doses(value: object) -> tuple[Dose, ...]:
    """The doses of a session, each value checked (they decide which hold numbers fit)."""
    if not isinstance(value, list):
        raise InvalidRecord("doses must be a list of stretches")
    return tuple(dose(item, f"doses[{n}]") for n, item in enumerate(value))


def dose(item: object, where: str) -> Dose:
    from backstretch.core.routine import Sides

    if not isinstance(item, dict):
        raise InvalidRecord(f"{where} must be an object with exercise, name, hold_seconds, reps")
    phases = item.get("phases", [])
    if not isinstance(phases, list) or not all(isinstance(p, dict) for p in phases):
        raise InvalidRecord(f"{where}.phases must be a list of objects with name, hold_seconds")
    return Dose(
        text(item.get("exercise"), f"{where}.exercise"),
        text(item.get("name"), f"{where}.name"),
        number(item.get("hold_seconds"), f"{where}.hold_seconds", 0, MOST_SECONDS),
        integer(item.get("reps"), f"{where}.reps", 1, MOST_REPS),
        check_choice(Sides, item.get("sides"), f"{where}.sides").value,
        tuple(
            PhaseDose(
                text(p.get("name"), f"{where}.phases[{m}].name", 64),
                number(p.get("hold_seconds"), f"{where}.phases[{m}].hold_seconds", 0, MOST_SECONDS),
            )
            for m, p in enumerate(phases)
        ),
        integer(item.get("holds", 0), f"{where}.holds", 0, MOST_HOLDS),
    )


# -- sessions, holds and pain ratings -----------------------------------------------------------


def summary_data(summary: SessionSummary) -> dict[str, Any]:
    """A session as `backstretch history --json` and the web API show it."""
    session = summary.session
    return {
        "id": session.id,
        "routine": session.routine_id,
        "routine_name": session.routine_name,
        "started_at": format_timestamp(session.started_at),
        "ended_at": format_timestamp(session.ended_at) if session.ended_at else None,
        "status": session.status.value,
        "speed": session.speed,
        "holds_completed": summary.holds_completed,
        "holds_skipped": summary.holds_skipped,
        "holds_planned": session.holds_planned,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
    }


def read_session(row: Mapping[str, Any], window: Window) -> SessionRecord:
    return SessionRecord(
        id=text(row.get("id"), "id", 36),
        routine_id=text(row.get("routine_id"), "routine_id"),
        routine_name=text(row.get("routine_name"), "routine_name"),
        started_at=window.moment(row.get("started_at"), "started_at"),
        ended_at=window.maybe_moment(row.get("ended_at"), "ended_at"),
        status=check_choice(SessionStatus, row.get("status"), "status"),
        speed=number(row.get("speed", 1.0), "speed", 0.01, 1000),
        pain_before=pain(row.get("pain_before"), "pain_before", required=False),
        pain_after=pain(row.get("pain_after"), "pain_after", required=False),
        doses=doses(row.get("doses", [])),
    )


def read_hold(row: Mapping[str, Any], window: Window) -> HoldRecord:
    return HoldRecord(
        session_id=text(row.get("session_id"), "session_id", 36),
        hold_number=integer(row.get("hold_number"), "hold_number", 1, MOST_HOLDS),
        exercise=text(row.get("exercise"), "exercise"),
        rep=integer(row.get("rep"), "rep", 1, MOST_REPS),
        phase=text(row.get("phase"), "phase", 64),
        planned_seconds=number(row.get("planned_seconds"), "planned_seconds", 0, MOST_SECONDS),
        held_seconds=number(row.get("held_seconds"), "held_seconds", 0, MOST_SECONDS),
        completed=boolean(row.get("completed"), "completed"),
        recorded_at=window.moment(row.get("recorded_at"), "recorded_at"),
        side=optional_text(row.get("side"), "side", 8),
        in_position_seconds=optional_number(
            row.get("in_position_seconds"), "in_position_seconds", 0, MOST_SECONDS
        ),
    )


def read_pain(row: Mapping[str, Any], window: Window) -> PainRating:
    return PainRating(
        id=text(row.get("id"), "id", 36),
        level=check_pain_level(row.get("level")),
        context=check_choice(PainContext, row.get("context"), "context"),
        recorded_at=window.moment(row.get("recorded_at"), "recorded_at"),
        note=text(row.get("note"), "note", 2000, required=False),
        session_id=optional_text(row.get("session_id"), "session_id"),
    )


# -- safety records -----------------------------------------------------------------------------


def read_pain_report(row: Mapping[str, Any], window: Window) -> PainReport:
    from backstretch.core.pain_rules import PainAction, PainKind, PainReport

    return PainReport(
        id=text(row.get("id"), "id", 36),
        session_id=optional_text(row.get("session_id"), "session_id"),
        exercise=text(row.get("exercise"), "exercise"),
        level=check_pain_level(row.get("level")),
        kind=check_choice(PainKind, row.get("kind"), "kind"),
        action=check_choice(PainAction, row.get("action"), "action"),
        recorded_at=window.moment(row.get("recorded_at"), "recorded_at"),
        note=text(row.get("note"), "note", 2000, required=False),
    )


def read_answer(row: Mapping[str, Any], window: Window) -> ScreeningAnswer:
    from backstretch.core.safety import QUESTION_LEVELS, ScreeningAnswer

    question = row.get("question")
    if question not in QUESTION_LEVELS:
        known = ", ".join(QUESTION_LEVELS)
        raise InvalidRecord(f"question must be one of {known} (got {shown_value(question)!r})")
    return ScreeningAnswer(
        screening_id=text(row.get("screening_id"), "screening_id", 36),
        question=str(question),
        answer=boolean(row.get("answer"), "answer"),
        answered_at=window.moment(row.get("answered_at"), "answered_at"),
    )


def read_clearance(row: Mapping[str, Any], window: Window) -> Clearance:
    from backstretch.core.safety import Clearance

    return Clearance(
        id=text(row.get("id"), "id", 36),
        cleared_on=window.day(row.get("cleared_on"), "cleared_on"),
        recorded_at=window.moment(row.get("recorded_at"), "recorded_at"),
        note=text(row.get("note"), "note", 2000, required=False),
    )


def read_dose_change(row: Mapping[str, Any], window: Window) -> DoseChange:
    from backstretch.core.progression import DoseChange

    return DoseChange(
        id=text(row.get("id"), "id", 36),
        exercise=text(row.get("exercise"), "exercise"),
        hold_before=number(row.get("hold_before"), "hold_before", 0, MOST_SECONDS),
        hold_after=number(row.get("hold_after"), "hold_after", 0, MOST_SECONDS),
        reps_before=integer(row.get("reps_before"), "reps_before", 1, MOST_REPS),
        reps_after=integer(row.get("reps_after"), "reps_after", 1, MOST_REPS),
        reason=text(row.get("reason"), "reason", 2000),
        changed_at=window.moment(row.get("changed_at"), "changed_at"),
    )
