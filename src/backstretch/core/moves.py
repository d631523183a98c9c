"""Where each of the person's moves leads, for every step of a timeline: published with the
timeline so that every front end (the terminal's engine, the browser's player) follows one table
instead of deciding again.

- skip: from a hold, the step after it, passing over the release (the next hold starts now);
  from a wait (get ready, release, switch sides), the step after it.
- skip the rest of this stretch: the first step of the next stretch (or the end).
- back: the last hold *done* before this step, found by walking `back_to` (each hold's previous
  hold) past the ones not done and those of stretches stopped for today; with none, the current
  step starts again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backstretch.core.timeline import Step, StepKind, Timeline


@dataclass(frozen=True)
class Moves:
    """The targets of one step, as step indexes."""

    skip_to: int
    skip_rest_to: int | None  # None outside a stretch (the end)
    back_to: int | None  # the nearest hold before this step, None if there is none


def moves_of(timeline: Timeline) -> tuple[Moves, ...]:
    """The moves of every step, in step order."""
    steps = timeline.steps
    moves: list[Moves] = []
    previous_hold: int | None = None
    for step in steps:
        moves.append(Moves(skip_target(timeline, step), rest_target(timeline, step), previous_hold))
        if step.kind is StepKind.HOLD:
            previous_hold = step.index
    return tuple(moves)


def skip_target(timeline: Timeline, step: Step) -> int:
    steps = timeline.steps
    target = min(step.index + 1, len(steps) - 1)
    if step.kind is StepKind.HOLD:
        while steps[target].kind is StepKind.RELEASE:
            target += 1
    return target


def rest_target(timeline: Timeline, step: Step) -> int | None:
    if step.exercise_index is None:
        return None
    return next(
        s.index for s in timeline.steps[step.index :] if s.exercise_index != step.exercise_index
    )


def back_target(moves: tuple[Moves, ...], current: int, counts: Callable[[int], bool]) -> int:
    """Where back leads from step `current`: the nearest earlier hold for which `counts(index)`
    holds (done, and not in a stretch stopped for today), else `current` itself."""
    target = moves[current].back_to
    while target is not None and not counts(target):
        target = moves[target].back_to
    return current if target is None else target
