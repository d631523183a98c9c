"""The end-of-session summary: time spent and holds done and skipped per stretch."""

from __future__ import annotations

from dataclasses import dataclass

from backstretch.core.events import HoldResult
from backstretch.core.timeline import Timeline


@dataclass(frozen=True)
class ExerciseSummary:
    name: str
    holds_total: int
    holds_completed: int
    holds_skipped: int
    seconds_held: float


@dataclass(frozen=True)
class Summary:
    routine: str
    status: str
    wall_seconds: float
    exercises: tuple[ExerciseSummary, ...]

    @property
    def holds_completed(self) -> int:
        return sum(e.holds_completed for e in self.exercises)

    @property
    def holds_skipped(self) -> int:
        return sum(e.holds_skipped for e in self.exercises)

    @property
    def holds_total(self) -> int:
        return sum(e.holds_total for e in self.exercises)


def summarize(
    timeline: Timeline, results: dict[int, HoldResult], status: str, wall_seconds: float
) -> Summary:
    rows = []
    for index, exercise in enumerate(timeline.routine.exercises):
        mine = [r for r in results.values() if r.step.exercise_index == index]
        rows.append(
            ExerciseSummary(
                name=exercise.name,
                holds_total=exercise.holds_per_session,
                holds_completed=sum(r.completed for r in mine),
                holds_skipped=sum(not r.completed for r in mine),
                seconds_held=sum(r.held_seconds for r in mine),
            )
        )
    return Summary(timeline.routine.name, status, wall_seconds, tuple(rows))
