"""What a session reports: one event per transition, with its scheduled and actual time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from backstretch.core.timeline import Step


class EventName(StrEnum):
    SESSION_START = "session_start"
    EXERCISE_START = "exercise_start"
    HOLD_START = "hold_start"
    COUNTDOWN = "countdown"
    HOLD_END = "hold_end"
    RELEASE_START = "release_start"
    SWITCH_SIDES = "switch_sides"
    EXERCISE_END = "exercise_end"
    PAUSE = "pause"
    RESUME = "resume"
    SKIP = "skip"
    BACK = "back"
    SESSION_END = "session_end"


@dataclass(frozen=True)
class Event:
    """A transition. Times are wall seconds since the session started (so at speed 60 a 5 s hold
    spans 0.083 s); `details` carries what a listener needs, such as held seconds."""

    event: EventName
    scheduled: float
    actual: float
    step: Step | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def exercise(self) -> str | None:
        return self.step.exercise if self.step else None

    def as_dict(self) -> dict[str, Any]:
        step = self.step
        return {
            "event": self.event.value,
            "exercise": step.exercise if step else None,
            "rep": step.rep if step else None,
            "side": step.side.value if step and step.side else None,
            "phase": step.phase if step else None,
            "scheduled": round(self.scheduled, 6),
            "actual": round(self.actual, 6),
            **self.details,
        }


@dataclass(frozen=True)
class HoldResult:
    """A hold that was completed or skipped, with planned and actual seconds side by side."""

    step: Step
    completed: bool
    held_seconds: float

    @property
    def planned_seconds(self) -> float:
        return self.step.duration
