"""The routine model: a routine is timing settings and an ordered list of exercises (stretches).

A *hold* is first-class: each exercise is held for `hold_seconds`, `reps` times, on no side, on
each side in turn, or alternating sides, optionally through named phases (cat, then cow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from backstretch.core.form import FormRules
from backstretch.core.pose import Pose

DEFAULT_ROUTINE = "daily-back"  # the built-in routine every command uses when none is named


class Sides(StrEnum):
    """How an exercise uses the two sides of the body."""

    NONE = "none"
    EACH = "each"  # all reps on one side, then all reps on the other
    ALTERNATE = "alternate"  # left then right within each rep


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Phase:
    """A named position held in turn within one rep, such as the cat or the cow."""

    name: str
    hold_seconds: float
    instruction: str = ""
    pose: Pose | None = None  # the picture of this position, when the routine has one
    form: FormRules | None = None  # what the camera checks in this position, when not the stretch's


@dataclass(frozen=True)
class Exercise:
    """One stretch with its dose and its words."""

    id: str
    name: str
    hold_seconds: float
    reps: int
    sides: Sides = Sides.NONE
    purpose: str = ""
    steps: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    pose: Pose | None = None  # the picture of a single-position stretch (phases have their own)
    # What each side means for this stretch ("roll both knees to your left"), when it is sided.
    side_cue: tuple[tuple[Side, str], ...] = ()
    form: FormRules | None = None  # what the camera checks, and how to place it

    def side_words(self, side: Side) -> str:
        """What to do on `side` ("roll both knees to your left"), or "" when the file says not."""
        return dict(self.side_cue).get(side, "")

    @property
    def hold_phases(self) -> tuple[Phase, ...]:
        """The positions held in one rep: the named phases, or a single unnamed hold."""
        return self.phases or (Phase("hold", self.hold_seconds, pose=self.pose),)

    @property
    def side_order(self) -> tuple[Side | None, ...]:
        return (None,) if self.sides is Sides.NONE else (Side.LEFT, Side.RIGHT)

    @property
    def holds_per_session(self) -> int:
        return self.reps * len(self.side_order) * len(self.hold_phases)


@dataclass(frozen=True)
class Timing:
    """Pauses around the holds; not in the seed article, so they are settings with defaults."""

    get_ready_seconds: float = 10.0
    release_seconds: float = 3.0
    switch_sides_seconds: float = 5.0


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    exercises: tuple[Exercise, ...]
    description: str = ""
    timing: Timing = field(default_factory=Timing)
    source: str = ""  # "built-in" or the file it came from

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)
