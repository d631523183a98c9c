"""The moves table the planner publishes: where skip, skip-the-rest and back lead from each step."""

from __future__ import annotations

from backstretch.core.moves import back_target, moves_of
from backstretch.core.timeline import StepKind, plan
from tests.conftest import make_exercise, make_routine


def test_skip_from_a_hold_passes_over_the_release_and_from_a_wait_goes_to_the_next_step() -> None:
    timeline = plan(make_routine(make_exercise(id="a", reps=2), make_exercise(id="b")))
    kinds = [s.kind for s in timeline.steps]
    moves = moves_of(timeline)

    # a: get ready 0, hold 1, release 2, hold 3; b: get ready 4, hold 5, release 6, hold 7; end 8
    assert kinds[:4] == [StepKind.GET_READY, StepKind.HOLD, StepKind.RELEASE, StepKind.HOLD]
    assert [m.skip_to for m in moves] == [1, 3, 3, 4, 5, 7, 7, 8, 8]
    assert [m.skip_rest_to for m in moves] == [4, 4, 4, 4, 8, 8, 8, 8, None]
    assert [m.back_to for m in moves] == [None, None, 1, 1, 3, 3, 5, 5, 7]


def test_back_walks_past_holds_not_done_to_the_last_one_done() -> None:
    timeline = plan(make_routine(make_exercise(id="a", reps=3)))
    moves = moves_of(timeline)  # holds at steps 1, 3, 5; end at 6
    done = {1}

    assert back_target(moves, 5, lambda i: i in done) == 1
    assert back_target(moves, 3, lambda i: i in done) == 1
    assert back_target(moves, 1, lambda i: i in done) == 1  # nothing before: start again
    assert back_target(moves, 5, lambda i: False) == 5
