"""The timeline as the browser runs it: the planner's steps with the coach's words.

Each step carries the plain line and the spoken phrase that core/cues.py gives the terminal for
the event that opens it, so the terminal and the browser coach alike.
"""

from __future__ import annotations

from typing import Any

from backstretch.core.cues import line, speech
from backstretch.core.events import Event, EventName
from backstretch.core.routine import Routine
from backstretch.core.timeline import Step, StepKind, Timeline

OPENING_EVENT = {
    StepKind.GET_READY: EventName.EXERCISE_START,
    StepKind.HOLD: EventName.HOLD_START,
    StepKind.RELEASE: EventName.RELEASE_START,
    StepKind.SWITCH_SIDES: EventName.SWITCH_SIDES,
    StepKind.END: EventName.SESSION_END,
}
LABELS = {
    StepKind.GET_READY: "Get ready",
    StepKind.HOLD: "Hold",
    StepKind.RELEASE: "Release",
    StepKind.SWITCH_SIDES: "Switch sides",
    StepKind.END: "Done",
}


def opening_event(step: Step, timeline: Timeline) -> Event:
    """The event the engine fires when `step` starts (the end as a completed session)."""
    details: dict[str, Any] = {}
    if step.kind is StepKind.END:
        holds = len(timeline.holds)
        details = {"status": "completed", "holds_completed": holds, "holds_skipped": 0}
    return Event(OPENING_EVENT[step.kind], step.start, step.start, step, details)


Figures = dict[tuple[str, str | None], str]


def step_as_dict(step: Step, timeline: Timeline, figures: Figures) -> dict[str, Any]:
    routine = timeline.routine
    event = opening_event(step, timeline)
    exercise = routine.exercises[step.exercise_index] if step.exercise_index is not None else None
    return {
        "index": step.index,
        "kind": step.kind.value,
        "label": LABELS[step.kind],
        "start": step.start,
        "duration": step.duration,
        "exercise_index": step.exercise_index,
        "exercise": step.exercise,
        "exercise_name": exercise.name if exercise else None,
        "rep": step.rep,
        "reps": exercise.reps if exercise else None,
        "side": step.side.value if step.side else None,
        "phase": step.phase,
        "hold_number": step.hold_number,
        "line": line(event, routine) or LABELS[step.kind],
        "speech": speech(event, routine),
        "figure": figure_of(step, figures),
    }


def figure_of(step: Step, figures: Figures) -> str | None:
    """The picture to show during a step: its phase's, else the stretch's first."""
    if step.exercise is None:
        return None
    phase = step.phase if step.kind is StepKind.HOLD and step.phase != "hold" else None
    return figures.get((step.exercise, phase)) or figures.get((step.exercise, None))


def timeline_as_dict(timeline: Timeline, figures: Figures | None = None) -> dict[str, Any]:
    """What `/api/routines/{id}/timeline` answers."""
    routine = timeline.routine
    holds = len(timeline.holds)
    start = Event(
        EventName.SESSION_START,
        0.0,
        0.0,
        None,
        {"holds_total": holds, "total_seconds": timeline.total_seconds},
    )
    return {
        "routine": {"id": routine.id, "name": routine.name},
        "total_seconds": timeline.total_seconds,
        "holds_total": holds,
        "exercises": [exercise_brief(routine, index) for index in range(len(routine.exercises))],
        "opening_line": line(start, routine),
        "steps": [step_as_dict(step, timeline, figures or {}) for step in timeline.steps],
    }


def exercise_brief(routine: Routine, index: int) -> dict[str, Any]:
    exercise = routine.exercises[index]
    return {"id": exercise.id, "name": exercise.name, "steps": list(exercise.steps)}
