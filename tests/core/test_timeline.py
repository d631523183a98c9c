"""The planner: a routine in, the ordered steps of a whole session out."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstretch.catalog import Catalog
from backstretch.core.reading import change_seconds, get_ready_speech, switch_speech
from backstretch.core.routine import Exercise, Phase, Routine, Side, Sides, Timing
from backstretch.core.timeline import Step, StepKind, Timeline, plan
from tests.conftest import cat_cow, make_exercise, make_routine, sided

LEFT, RIGHT = Side.LEFT, Side.RIGHT


@pytest.fixture
def daily_back(tmp_path: Path) -> Timeline:
    return plan(Catalog(tmp_path).load("daily-back"))


def exercise_steps(timeline: Timeline, exercise_id: str) -> list[Step]:
    return [step for step in timeline.steps if step.exercise == exercise_id]


def kinds(steps: list[Step]) -> list[StepKind]:
    return [step.kind for step in steps]


def hold_places(steps: list[Step]) -> list[tuple[int | None, Side | None, str | None]]:
    return [(step.rep, step.side, step.phase) for step in steps if step.kind is StepKind.HOLD]


# -- the built-in routine -------------------------------------------------------------------


def test_daily_back_lasts_781_seconds_with_65_holds(daily_back: Timeline) -> None:
    assert daily_back.total_seconds == 781.0
    assert len(daily_back.holds) == 65


def test_daily_back_exercises_last_their_planned_seconds(daily_back: Timeline) -> None:
    seconds = [daily_back.exercise_seconds(index) for index in range(5)]

    assert seconds == [200.0, 155.0, 169.0, 88.0, 169.0]


def test_trunk_rotation_does_all_left_reps_then_switches_then_all_right_reps(
    daily_back: Timeline,
) -> None:
    steps = exercise_steps(daily_back, "trunk-rotation")
    one_side = [StepKind.HOLD, StepKind.RELEASE] * 9 + [StepKind.HOLD]

    assert kinds(steps) == [StepKind.GET_READY, *one_side, StepKind.SWITCH_SIDES, *one_side]
    assert hold_places(steps) == [
        *((rep, LEFT, "hold") for rep in range(1, 11)),
        *((rep, RIGHT, "hold") for rep in range(1, 11)),
    ]


def test_cat_cow_alternates_phases_with_a_release_only_between_reps(daily_back: Timeline) -> None:
    steps = exercise_steps(daily_back, "cat-cow")
    one_rep = [StepKind.HOLD, StepKind.HOLD]

    assert kinds(steps) == [
        StepKind.GET_READY,
        *[*one_rep, StepKind.RELEASE] * 9,
        *one_rep,
    ]
    assert hold_places(steps) == [
        (rep, None, phase) for rep in range(1, 11) for phase in ("cat", "cow")
    ]


def test_each_stretch_of_daily_back_starts_with_a_get_ready_long_enough_to_read_its_steps(
    daily_back: Timeline,
) -> None:
    firsts = [
        exercise_steps(daily_back, exercise.id)[0] for exercise in daily_back.routine.exercises
    ]

    assert [step.kind for step in firsts] == [StepKind.GET_READY] * 5
    assert [step.duration for step in firsts] == [37.0, 28.0, 35.0, 26.0, 36.0]


def test_daily_back_switches_sides_in_time_to_say_which_side_comes_next(
    daily_back: Timeline,
) -> None:
    switches = [step for step in daily_back.steps if step.kind is StepKind.SWITCH_SIDES]

    assert [(step.exercise, step.duration) for step in switches] == [
        ("trunk-rotation", 9.0),
        ("hip-flexor", 10.0),
        ("hamstring", 9.0),
    ]


# -- small routines ---------------------------------------------------------------------------


def test_alternate_sides_go_left_then_right_within_each_rep() -> None:
    timeline = plan(make_routine(sided(Sides.ALTERNATE, reps=3)))

    assert hold_places(list(timeline.holds)) == [
        (rep, side, "hold") for rep in (1, 2, 3) for side in (LEFT, RIGHT)
    ]


def test_each_sides_with_phases_does_every_phase_of_every_rep_on_one_side_first() -> None:
    exercise = make_exercise(sides=Sides.EACH, reps=2, phases=(Phase("up", 2), Phase("down", 3)))
    timeline = plan(make_routine(exercise))

    assert hold_places(list(timeline.holds)) == [
        (rep, side, phase) for side in (LEFT, RIGHT) for rep in (1, 2) for phase in ("up", "down")
    ]
    assert [step.duration for step in timeline.holds] == [2, 3] * 4


def test_a_switch_sides_step_names_the_side_about_to_start() -> None:
    timeline = plan(make_routine(sided(Sides.EACH, reps=1)))
    switch = next(step for step in timeline.steps if step.kind is StepKind.SWITCH_SIDES)

    assert switch.side is RIGHT
    assert switch.duration == change_seconds(3, switch_speech(sided(), RIGHT))


def test_get_ready_precedes_every_exercise() -> None:
    timeline = plan(make_routine(make_exercise(id="first"), cat_cow(), sided()))

    for index in range(3):
        steps = [step for step in timeline.steps if step.exercise_index == index]
        assert steps[0].kind is StepKind.GET_READY
        assert StepKind.GET_READY not in kinds(steps[1:])


def test_a_get_ready_is_on_the_side_its_stretch_starts_on_and_on_none_without_sides() -> None:
    exercises = (cat_cow(), sided(), sided(Sides.ALTERNATE))
    timeline = plan(make_routine(*exercises))

    get_readys = [step for step in timeline.steps if step.kind is StepKind.GET_READY]
    first_holds = [next(h for h in timeline.holds if h.exercise_index == i) for i in range(3)]
    assert [step.side for step in get_readys] == [None, LEFT, LEFT]
    assert [step.side for step in get_readys] == [hold.side for hold in first_holds]


def test_the_last_step_is_the_end_and_takes_no_time() -> None:
    timeline = plan(make_routine(cat_cow(), sided()))
    last = timeline.steps[-1]

    assert last.kind is StepKind.END
    assert last.duration == 0.0
    assert last.start == timeline.total_seconds
    assert StepKind.END not in kinds(list(timeline.steps[:-1]))


def test_no_release_follows_the_last_hold_of_an_exercise() -> None:
    timeline = plan(make_routine(make_exercise(id="first"), cat_cow(), sided(Sides.ALTERNATE)))

    for step, following in itertools.pairwise(timeline.steps):
        if step.kind is StepKind.HOLD and following.exercise_index != step.exercise_index:
            assert following.kind in (StepKind.GET_READY, StepKind.END)


def test_a_single_rep_on_no_side_is_get_ready_hold_end() -> None:
    exercise = make_exercise(reps=1)
    timeline = plan(make_routine(exercise))

    assert kinds(list(timeline.steps)) == [StepKind.GET_READY, StepKind.HOLD, StepKind.END]
    assert timeline.total_seconds == change_seconds(4, get_ready_speech(exercise)) + 5


def test_a_release_is_labelled_with_the_rep_it_follows() -> None:
    timeline = plan(make_routine(make_exercise(reps=3)))
    releases = [step for step in timeline.steps if step.kind is StepKind.RELEASE]

    assert [step.rep for step in releases] == [1, 2]
    assert [step.duration for step in releases] == [2, 2]


# -- properties -------------------------------------------------------------------------------

hold_seconds = st.one_of(st.integers(1, 60).map(float), st.floats(1, 600))
pause_seconds = st.one_of(st.just(0.0), st.integers(0, 30).map(float), st.floats(0, 300))


@st.composite
def routines(draw: st.DrawFn, max_exercises: int = 5, max_reps: int = 10) -> Routine:
    """Valid routines with random doses, sides, phases and timing (pauses may be zero)."""
    count = draw(st.integers(1, max_exercises))
    exercises = tuple(draw(exercises_strategy(f"exercise-{i}", max_reps)) for i in range(count))
    timing = Timing(draw(pause_seconds), draw(pause_seconds), draw(pause_seconds))
    return make_routine(*exercises, timing=timing)


@st.composite
def exercises_strategy(draw: st.DrawFn, exercise_id: str, max_reps: int) -> Exercise:
    phase_count = draw(st.integers(0, 3))
    phases = tuple(Phase(f"phase-{p}", draw(hold_seconds)) for p in range(phase_count))
    return make_exercise(
        id=exercise_id,
        hold_seconds=draw(hold_seconds),
        reps=draw(st.integers(1, max_reps)),
        sides=draw(st.sampled_from(Sides)),
        phases=phases,
    )


def expected_holds(routine: Routine) -> Counter[tuple[str, Side | None, int, str]]:
    return Counter(
        (exercise.id, side, rep, phase.name if exercise.phases else "hold")
        for exercise in routine.exercises
        for side in exercise.side_order
        for rep in range(1, exercise.reps + 1)
        for phase in exercise.hold_phases
    )


@settings(max_examples=150)
@given(routines())
def test_step_durations_add_up_to_the_total(routine: Routine) -> None:
    timeline = plan(routine)

    assert math.fsum(step.duration for step in timeline.steps) == pytest.approx(
        timeline.total_seconds, rel=1e-12
    )


@settings(max_examples=150)
@given(routines())
def test_every_exercise_side_rep_and_phase_is_held_exactly_once(routine: Routine) -> None:
    timeline = plan(routine)
    held = Counter((h.exercise, h.side, h.rep, h.phase) for h in timeline.holds)

    assert held == expected_holds(routine)
    assert len(timeline.holds) == sum(e.holds_per_session for e in routine.exercises)


@settings(max_examples=150)
@given(routines())
def test_each_step_starts_where_the_previous_one_ended(routine: Routine) -> None:
    steps = plan(routine).steps

    assert steps[0].start == 0.0
    assert [step.index for step in steps] == list(range(len(steps)))
    for previous, step in itertools.pairwise(steps):
        assert step.start == previous.end
        assert step.start >= previous.start


@settings(max_examples=150)
@given(routines())
def test_hold_numbers_run_from_one_to_the_number_of_holds(routine: Routine) -> None:
    timeline = plan(routine)

    assert [hold.hold_number for hold in timeline.holds] == list(range(1, len(timeline.holds) + 1))
    assert all(s.hold_number is None for s in timeline.steps if s.kind is not StepKind.HOLD)


@settings(max_examples=150)
@given(routines())
def test_hold_durations_come_from_the_exercise_or_its_phases(routine: Routine) -> None:
    timeline = plan(routine)

    for hold in timeline.holds:
        assert hold.exercise_index is not None
        phases = routine.exercises[hold.exercise_index].hold_phases
        assert hold.duration == {phase.name: phase.hold_seconds for phase in phases}[hold.phase]
