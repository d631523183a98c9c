"""The session as a table that any front end can play: every step of the planned timeline with
what a person reads and hears when it starts, where each move leads from it (core/moves.py),
and when the last seconds of a hold are counted.

The terminal's engine and the browser's player both follow it, so the words and the moves are
decided once, here. `stopped` names the stretches stopped for today (for pain), which every
player passes over, recording their holds as skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from backstretch.core.cues import line, speech
from backstretch.core.engine import GAP_SECONDS
from backstretch.core.events import Event, EventName
from backstretch.core.moves import Moves, moves_of
from backstretch.core.schedule import COUNTDOWN_SECONDS, START_EVENTS
from backstretch.core.timeline import Step, StepKind, Timeline

LABELS = {
    StepKind.GET_READY: "Get ready",
    StepKind.HOLD: "Hold",
    StepKind.RELEASE: "Release",
    StepKind.SWITCH_SIDES: "Switch sides",
    StepKind.END: "Done",
}


@dataclass(frozen=True)
class Entry:
    """One step and everything a player needs at it."""

    step: Step
    label: str
    line: str
    speech: str | None
    moves: Moves
    countdown: tuple[int, ...]  # seconds left in a hold at which the count is given


@dataclass(frozen=True)
class Playbook:
    timeline: Timeline
    entries: tuple[Entry, ...]
    opening_line: str
    stopped: Mapping[str, str] = field(default_factory=dict)
    gap_seconds: float = GAP_SECONDS

    @property
    def holds_total(self) -> int:
        return len(self.timeline.holds)


def opening_event(step: Step, timeline: Timeline) -> Event:
    """The event the engine fires when `step` starts (the end as a completed session)."""
    details: dict[str, Any] = {}
    if step.kind is StepKind.END:
        holds = len(timeline.holds)
        details = {"status": "completed", "holds_completed": holds, "holds_skipped": 0}
    return Event(START_EVENTS[step.kind], step.start, step.start, step, details)


def countdown_of(step: Step) -> tuple[int, ...]:
    """The same counted seconds as the engine's countdown cues (schedule.cues_for)."""
    if step.kind is not StepKind.HOLD:
        return ()
    return tuple(left for left in COUNTDOWN_SECONDS if step.end - left > step.start)


def playbook(timeline: Timeline, stopped: Mapping[str, str] | None = None) -> Playbook:
    """The table for `timeline`; `stopped` maps stretch ids stopped for today to the reason."""
    routine = timeline.routine
    moves = moves_of(timeline)
    entries = tuple(
        Entry(
            step,
            LABELS[step.kind],
            line(opening_event(step, timeline), routine) or LABELS[step.kind],
            speech(opening_event(step, timeline), routine),
            moves[step.index],
            countdown_of(step),
        )
        for step in timeline.steps
    )
    start = Event(
        EventName.SESSION_START,
        0.0,
        0.0,
        None,
        {"holds_total": len(timeline.holds), "total_seconds": timeline.total_seconds},
    )
    opening = line(start, routine) or routine.name
    return Playbook(timeline, entries, opening, MappingProxyType(dict(stopped or {})))
