"""The cue schedule of a session: every timed cue of a timeline in firing order, and where an
interrupted session carries on. Pure functions of the timeline, used by the session engine."""

from __future__ import annotations

from dataclasses import dataclass

from backstretch.core.events import EventName
from backstretch.core.timeline import Step, StepKind, Timeline

COUNTDOWN_SECONDS = (3, 2, 1)
START_EVENTS = {
    StepKind.GET_READY: EventName.EXERCISE_START,
    StepKind.HOLD: EventName.HOLD_START,
    StepKind.RELEASE: EventName.RELEASE_START,
    StepKind.SWITCH_SIDES: EventName.SWITCH_SIDES,
    StepKind.END: EventName.SESSION_END,
}


@dataclass(frozen=True)
class Cue:
    at: float  # seconds into the session at speed 1
    name: EventName
    step: Step
    remaining: int | None = None


def cues_for(timeline: Timeline) -> tuple[Cue, ...]:
    """Every timed cue of a session, in firing order."""
    cues: list[Cue] = []
    steps = timeline.steps
    for step in steps:
        cues.append(Cue(step.start, START_EVENTS[step.kind], step))
        if step.kind is not StepKind.HOLD:
            continue
        cues.extend(
            Cue(step.end - left, EventName.COUNTDOWN, step, left)
            for left in COUNTDOWN_SECONDS
            if step.end - left > step.start
        )
        cues.append(Cue(step.end, EventName.HOLD_END, step))
        following = steps[step.index + 1]
        if following.exercise_index != step.exercise_index:
            cues.append(Cue(step.end, EventName.EXERCISE_END, step))
    return tuple(cues)


def resume_step(timeline: Timeline, done_holds: set[int]) -> int:
    """Where to carry on: the pause (get-ready, release or switch) before the first hold not
    done, so the person has a moment to get into position. A rep whose first phase was done is
    begun again from that phase. Nothing done: the start; everything done: the end."""
    steps = timeline.steps
    first_left = next((h for h in timeline.holds if h.hold_number not in done_holds), None)
    if first_left is None:
        return steps[-1].index if done_holds else 0
    index = first_left.index
    while index > 0 and steps[index].kind is StepKind.HOLD:
        index -= 1
    return index if steps[index].kind is not StepKind.HOLD else first_left.index
