"""When things happen in daily-back, in page milliseconds from the session's start, taken from
the planner's own timeline, so that browser tests move the page's clock to a hold or a get-ready
however long the planner makes a get-ready or a switch of sides (core/reading.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from backstretch.catalog import Catalog
from backstretch.core.routine import Side
from backstretch.core.timeline import Step, StepKind, plan

DAILY_BACK = plan(Catalog(Path(tempfile.mkdtemp())).load("daily-back"))


def milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


def get_ready(exercise_index: int) -> Step:
    """The get-ready step before the stretch at `exercise_index` (0-based)."""
    return next(
        step
        for step in DAILY_BACK.steps
        if step.kind is StepKind.GET_READY and step.exercise_index == exercise_index
    )


def first_hold(exercise_index: int, side: Side | None = None) -> Step:
    """The first hold of the stretch at `exercise_index`, on `side` when one is given."""
    return next(
        hold
        for hold in DAILY_BACK.holds
        if hold.exercise_index == exercise_index and (side is None or hold.side is side)
    )


# the first hold starts after a get-ready long enough to read trunk rotation's steps out
FIRST_HOLD_MS = milliseconds(DAILY_BACK.holds[0].start)
# trunk rotation's ten left-side reps, then a switch of sides long enough to name the right side
FIRST_RIGHT_HOLD_MS = milliseconds(first_hold(0, Side.RIGHT).start)
# trunk rotation, the first stretch, from the session's start to its end (its 20 holds done)
FIRST_STRETCH_MS = milliseconds(get_ready(1).start)
# the get-ready of the second stretch (cat-cow), from its start to its first hold
SECOND_GET_READY_MS = milliseconds(get_ready(1).duration)
WHOLE_SESSION_MS = milliseconds(DAILY_BACK.total_seconds) + 44_000  # and time to spare
