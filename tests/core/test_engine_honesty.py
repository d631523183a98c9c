"""The engine credits only what was coached: gaps pause, skipped holds keep what was held,
back returns to a hold that was done, and a session with no hold done is not completed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstretch.core.engine import GAP_SECONDS, State
from backstretch.core.events import EventName
from backstretch.core.routine import Routine
from backstretch.core.timeline import Timeline, plan
from tests.conftest import make_exercise, make_routine
from tests.core.test_engine import Session, first_hold_start, named, names, started
from tests.core.test_timeline import routines


@pytest.fixture
def small() -> Timeline:
    """Get ready until `ready` (the first hold's start), hold 1 for 5 s, release 2 s, hold 2 for
    5 s, end at `ready` + 12."""
    return plan(make_routine())


def test_a_poll_after_a_gap_pauses_where_the_session_was_last_seen(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 1)  # one second into hold 1

    fired = session.jump(300.0)  # the laptop slept for five minutes

    assert names(fired) == [EventName.PAUSE]
    assert fired[0].details["reason"] == "gap"
    assert fired[0].details["gap"] == pytest.approx(300.0)
    assert fired[0].details["remaining"] == pytest.approx(4.0)
    assert session.engine.state is State.PAUSED
    assert session.engine.holds_completed == 0


def test_after_a_gap_the_hold_goes_on_from_where_it_was(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 1)
    session.jump(300.0)

    session.act(session.engine.resume)
    session.run_to_end()

    hold_ends = named(session.events, EventName.HOLD_END)
    assert [e.details["held_seconds"] for e in hold_ends] == [5.0, 5.0]
    assert hold_ends[0].scheduled == pytest.approx(ready + 1 + 300.0 + 4.0)


def test_a_poll_late_by_less_than_the_gap_catches_up(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 4.5)  # the next cue is the end of hold 1

    fired = session.jump(0.5 + GAP_SECONDS - 0.1)

    assert EventName.HOLD_END in names(fired)
    assert session.engine.state is not State.PAUSED


def test_a_gap_while_paused_is_just_a_longer_pause(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 1)
    session.act(session.engine.pause)
    session.clock.advance(600.0)

    fired = session.act(session.engine.resume)

    assert names(fired) == [EventName.RESUME]
    assert session.engine.state is State.HOLDING


def test_skipping_a_hold_reports_the_seconds_held_before_the_pause(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 3)  # three seconds into hold 1
    session.act(session.engine.pause)
    session.clock.advance(20.0)

    fired = session.act(session.engine.skip)

    skip = named(fired, EventName.SKIP)[0]
    assert skip.details["held_seconds"] == pytest.approx(3.0)


def test_a_hold_reached_and_skipped_while_paused_has_no_seconds_held(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 3)
    session.act(session.engine.pause)
    session.act(session.engine.skip)  # hold 2 begins, paused
    session.clock.advance(20.0)

    fired = session.act(session.engine.skip)  # and is skipped without ever running

    skip = named(fired, EventName.SKIP)[0]
    assert skip.step is not None and skip.step.hold_number == 2
    assert skip.details["held_seconds"] == 0.0


def test_skipping_the_rest_of_a_stretch_reports_each_hold_with_its_seconds(
    small: Timeline,
) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 2)

    fired = session.act(session.engine.skip_exercise)

    assert [e.details["held_seconds"] for e in named(fired, EventName.SKIP)] == [2.0, 0.0]


def test_a_session_with_every_hold_skipped_is_not_completed(small: Timeline) -> None:
    session = started(small)
    session.act(session.engine.skip_exercise)

    end = session.events[-1]
    assert end.event is EventName.SESSION_END
    assert end.details["status"] == "partial"
    assert end.details["stopped"] is False
    assert session.engine.status == "partial"


moves = st.lists(
    st.one_of(
        st.tuples(st.just("poll_after"), st.floats(0, 2)),
        st.tuples(st.just("sleep"), st.floats(GAP_SECONDS + 0.01, 3600)),
        st.tuples(st.sampled_from(["pause", "resume", "skip", "back"]), st.just(0.0)),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(routines(max_exercises=2, max_reps=3), moves)
def test_no_hold_is_ever_credited_across_a_gap(
    routine: Routine, script: list[tuple[str, float]]
) -> None:
    session = started(plan(routine))
    for name, seconds in script:
        if name == "poll_after":
            session.at(session.clock() - session.origin + seconds)
        elif name == "sleep":  # past the next cue by more than the gap allows
            before = session.engine.holds_completed
            running = session.engine.state not in (State.PAUSED, State.FINISHED)
            deadline = session.engine.next_deadline()
            fired = session.jump(seconds + (deadline - session.clock() if deadline else 0.0))
            assert session.engine.holds_completed == before
            if running:
                assert names(fired) == [EventName.PAUSE]
        else:
            session.act(getattr(session.engine, name))
    for result in session.engine.results.values():
        assert result.held_seconds <= result.planned_seconds + 1e-6


# -- stretches stopped for today --------------------------------------------------------------


@pytest.fixture
def three() -> Timeline:
    """Three stretches a, b and c, each a get-ready of `ready` seconds then two holds of 5 s
    with a release of 2 s between them."""
    return plan(make_routine(make_exercise(id="a"), make_exercise(id="b"), make_exercise(id="c")))


def test_a_stretch_stopped_earlier_today_is_passed_over_with_its_holds_skipped(
    three: Timeline,
) -> None:
    session = Session(three, stopped={"b": "stopped for pain at 10:42"})
    session.start()
    session.run_to_end()

    skips = named(session.events, EventName.SKIP)
    assert [(e.exercise, e.details["reason"]) for e in skips] == [
        ("b", "stopped for pain at 10:42"),
        ("b", "stopped for pain at 10:42"),
    ]
    starts = named(session.events, EventName.EXERCISE_START)
    assert [(e.exercise, e.scheduled) for e in starts] == [("a", 0.0), ("c", three.holds[1].end)]
    assert (session.engine.holds_completed, session.engine.holds_skipped) == (4, 2)
    assert session.engine.status == "completed"


def test_resuming_never_brings_back_a_stretch_stopped_for_pain(three: Timeline) -> None:
    session = Session(three, stopped={"a": "stopped for pain"})
    session.act(lambda: session.engine.start({1, 2}))

    starts = named(session.events, EventName.EXERCISE_START)
    assert [e.exercise for e in starts] == ["b"]


def test_back_never_leads_into_a_stretch_stopped_for_pain(three: Timeline) -> None:
    session = started(three)
    ready = first_hold_start(three)
    session.at(ready + 8)  # hold 1 of a done, in hold 2
    session.act(lambda: session.engine.skip_exercise(reason="pain"))  # b begins
    session.at(ready + 8 + ready + 1)  # b's first hold under way

    fired = session.act(session.engine.back)  # the last hold done is a's first: passed over

    assert fired[0].details["to_hold"] == 3  # no hold of b is done yet: b's hold restarts
    session.run_to_end()
    assert not [e for e in named(session.events, EventName.EXERCISE_START)[1:] if e.exercise == "a"]


@settings(max_examples=150, deadline=None)
@given(
    routines(max_exercises=3, max_reps=3),
    st.sets(st.integers(0, 2)),
    st.lists(st.sampled_from(["skip", "back", "skip_exercise", "poll"]), max_size=20),
)
def test_a_stopped_stretch_never_starts_and_every_hold_is_accounted_once(
    routine: Routine, stopped_indexes: set[int], presses: list[str]
) -> None:
    stopped = {e.id: "stopped" for i, e in enumerate(routine.exercises) if i in stopped_indexes}
    session = Session(plan(routine), stopped=stopped)
    session.start()
    for press in presses:
        session.clock.advance(0.5)
        session.act(getattr(session.engine, press))
    session.run_to_end()

    started_ids = {e.exercise for e in named(session.events, EventName.HOLD_START)}
    assert not started_ids & set(stopped)
    engine = session.engine
    assert engine.holds_completed + engine.holds_skipped == len(engine.timeline.holds)
