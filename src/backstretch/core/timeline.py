"""The planner: a pure function from a routine to its timeline, the ordered steps of a session.

Every front end (terminal, browser, handout, calendar) takes durations from here, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from backstretch.core.reading import change_seconds, get_ready_speech, switch_speech
from backstretch.core.routine import Exercise, Routine, Side


class StepKind(StrEnum):
    GET_READY = "get_ready"
    HOLD = "hold"
    RELEASE = "release"
    SWITCH_SIDES = "switch_sides"
    END = "end"


@dataclass(frozen=True)
class Step:
    """One stretch of time in a session; offsets and durations are seconds at speed 1."""

    index: int
    kind: StepKind
    start: float
    duration: float
    exercise_index: int | None = None
    exercise: str | None = None
    rep: int | None = None
    side: Side | None = None
    phase: str | None = None
    hold_number: int | None = None  # 1-based count of holds in the whole session

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class Timeline:
    routine: Routine
    steps: tuple[Step, ...]

    @property
    def total_seconds(self) -> float:
        return self.steps[-1].end if self.steps else 0.0

    @cached_property
    def holds(self) -> tuple[Step, ...]:
        """The hold steps in order (kept: the engine asks at every event)."""
        return tuple(step for step in self.steps if step.kind is StepKind.HOLD)

    def exercise_seconds(self, exercise_index: int) -> float:
        return sum(s.duration for s in self.steps if s.exercise_index == exercise_index)


@dataclass(frozen=True)
class _Hold:
    rep: int
    side: Side | None
    phase: str
    seconds: float


def hold_order(exercise: Exercise) -> Iterator[_Hold]:
    """The holds of one exercise in the order they are done."""
    phases = exercise.hold_phases
    named = bool(exercise.phases)
    if exercise.sides.value == "alternate":
        pairs = ((rep, side) for rep in range(1, exercise.reps + 1) for side in exercise.side_order)
    else:
        pairs = ((rep, side) for side in exercise.side_order for rep in range(1, exercise.reps + 1))
    for rep, side in pairs:
        for phase in phases:
            yield _Hold(rep, side, phase.name if named else "hold", phase.hold_seconds)


def plan(routine: Routine) -> Timeline:
    """Lay out a whole session: get ready, every hold per phase, side and rep, the pauses between
    them (release between reps, switch sides when the side changes) and the end. A get-ready
    is on the side its words name to start on, and it and a switch of sides last long enough
    to say their words and settle (core/reading.py)."""
    steps: list[Step] = []
    clock = 0.0
    holds = 0

    def add(kind: StepKind, duration: float, **where: object) -> None:
        nonlocal clock
        steps.append(Step(len(steps), kind, clock, duration, **where))  # type: ignore[arg-type]
        clock += duration

    timing = routine.timing
    for index, exercise in enumerate(routine.exercises):
        here = {"exercise_index": index, "exercise": exercise.id}
        get_ready = change_seconds(timing.get_ready_seconds, get_ready_speech(exercise))
        add(StepKind.GET_READY, get_ready, side=exercise.side_order[0], **here)
        previous: _Hold | None = None
        for hold in hold_order(exercise):
            if previous is not None and previous.side != hold.side:
                switch = change_seconds(
                    timing.switch_sides_seconds, switch_speech(exercise, hold.side)
                )
                add(StepKind.SWITCH_SIDES, switch, side=hold.side, **here)
            elif previous is not None and previous.rep != hold.rep:
                add(
                    StepKind.RELEASE,
                    timing.release_seconds,
                    side=previous.side,
                    rep=previous.rep,
                    **here,
                )
            holds += 1
            add(
                StepKind.HOLD,
                hold.seconds,
                rep=hold.rep,
                side=hold.side,
                phase=hold.phase,
                hold_number=holds,
                **here,
            )
            previous = hold
    add(StepKind.END, 0.0)
    return Timeline(routine, tuple(steps))
