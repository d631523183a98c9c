"""The session engine, driven by a FakeClock: exact deadlines, pause, skip, back and stop."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstretch.catalog import Catalog
from backstretch.core.clock import FakeClock
from backstretch.core.engine import GAP_SECONDS, SessionEngine, State
from backstretch.core.errors import SessionError
from backstretch.core.events import Event, EventName
from backstretch.core.routine import Routine
from backstretch.core.timeline import StepKind, Timeline, plan
from tests.conftest import make_exercise, make_routine
from tests.core.test_timeline import routines

TIMED_CUES = {
    EventName.EXERCISE_START,
    EventName.HOLD_START,
    EventName.COUNTDOWN,
    EventName.HOLD_END,
    EventName.RELEASE_START,
    EventName.SWITCH_SIDES,
    EventName.EXERCISE_END,
}


class Session:
    """A fake front end: it moves the clock, calls the engine and keeps every event."""

    def __init__(
        self,
        timeline: Timeline,
        speed: float = 1.0,
        start: float = 0.0,
        gap_seconds: float | None = GAP_SECONDS,
        stopped: Mapping[str, str] | None = None,
    ) -> None:
        self.clock = FakeClock(start)
        self.origin = start
        self.engine = SessionEngine(timeline, self.clock, speed, gap_seconds, stopped)
        self.events: list[Event] = []

    def start(self) -> list[Event]:
        return self.act(self.engine.start)

    def act(self, action: Callable[[], list[Event]]) -> list[Event]:
        fired = action()
        self.events.extend(fired)
        return fired

    def at(self, seconds: float) -> list[Event]:
        """Move the clock to `seconds` after the start, polling at every deadline on the way
        as a front end does (a jump without polls is a gap: see `jump`)."""
        target = self.origin + seconds
        fired: list[Event] = []
        deadline = self.engine.next_deadline()
        while deadline is not None and deadline <= target:
            advance_to(self.clock, deadline)
            fired.extend(self.act(self.engine.poll))
            deadline = self.engine.next_deadline()
        advance_to(self.clock, target)
        return fired + self.act(self.engine.poll)

    def jump(self, seconds: float) -> list[Event]:
        """Move the clock by `seconds` with no poll on the way (a machine asleep), then poll."""
        self.clock.advance(seconds)
        return self.act(self.engine.poll)

    def run_to_end(self, limit: int = 100_000) -> list[Event]:
        """Jump the clock to each deadline in turn until nothing more is due."""
        fired: list[Event] = []
        for _ in range(limit):
            deadline = self.engine.next_deadline()
            if deadline is None:
                return fired
            advance_to(self.clock, deadline)
            fired.extend(self.act(self.engine.poll))
        raise AssertionError("the session did not finish")


def advance_to(clock: FakeClock, deadline: float) -> None:
    clock.advance(max(0.0, deadline - clock()))
    while clock() < deadline:  # float rounding can land a hair short of the deadline
        clock.advance(math.ulp(deadline))


def names(events: list[Event]) -> list[EventName]:
    return [event.event for event in events]


def named(events: list[Event], name: EventName) -> list[Event]:
    return [event for event in events if event.event is name]


def first_hold_start(timeline: Timeline) -> float:
    """When the first hold starts: a get-ready lasts as long as its words take to say and then
    time to settle (core/reading.py), so times in a session are counted from here."""
    return timeline.holds[0].start


def started(timeline: Timeline, speed: float = 1.0) -> Session:
    session = Session(timeline, speed)
    session.start()
    return session


@pytest.fixture
def daily_back(tmp_path: Path) -> Timeline:
    return plan(Catalog(tmp_path).load("daily-back"))


@pytest.fixture
def small() -> Timeline:
    """Get ready until `ready` (the first hold's start), hold 1 for 5 s, release 2 s, hold 2 for
    5 s, end at `ready` + 12."""
    return plan(make_routine())


@pytest.fixture
def two_stretches() -> Timeline:
    """First: get ready until `ready`, holds at `ready` + 0, 7 and 14 with releases; second:
    get ready from `ready` + 19."""
    return plan(make_routine(make_exercise(id="first", reps=3), make_exercise(id="second")))


# -- a straight run ---------------------------------------------------------------------------


def test_a_full_daily_back_session_ends_at_exactly_781_seconds(daily_back: Timeline) -> None:
    session = started(daily_back)
    session.run_to_end()

    end = session.events[-1]
    assert end.event is EventName.SESSION_END
    assert end.scheduled == end.actual == 781.0
    assert session.engine.status == "completed"
    assert session.engine.state is State.FINISHED


def test_every_cue_of_a_straight_run_fires_exactly_when_scheduled(daily_back: Timeline) -> None:
    session = started(daily_back)
    session.run_to_end()

    assert all(event.actual == event.scheduled for event in session.events)


def test_a_daily_back_session_at_speed_60_lasts_781_sixtieths(daily_back: Timeline) -> None:
    session = started(daily_back, speed=60)
    session.run_to_end()

    end = session.events[-1]
    assert end.event is EventName.SESSION_END
    assert end.scheduled == pytest.approx(781 / 60, abs=1e-9)
    assert end.actual == pytest.approx(781 / 60, abs=1e-9)
    assert all(event.actual == pytest.approx(event.scheduled, abs=1e-9) for event in session.events)
    assert session.engine.holds_completed == 65


def test_hold_end_fires_once_per_hold_in_a_straight_run(daily_back: Timeline) -> None:
    session = started(daily_back)
    session.run_to_end()
    ends = named(session.events, EventName.HOLD_END)

    assert [event.step.hold_number for event in ends if event.step] == list(range(1, 66))
    assert session.engine.holds_completed == 65
    assert session.engine.holds_skipped == 0


def test_a_session_opens_with_start_exercise_hold_and_countdown(daily_back: Timeline) -> None:
    session = started(daily_back)
    session.run_to_end()
    first = first_hold_start(daily_back)

    assert names(session.events)[:9] == [
        EventName.SESSION_START,
        EventName.EXERCISE_START,
        EventName.HOLD_START,
        EventName.COUNTDOWN,
        EventName.COUNTDOWN,
        EventName.COUNTDOWN,
        EventName.HOLD_END,
        EventName.RELEASE_START,
        EventName.HOLD_START,
    ]
    countdowns = named(session.events, EventName.COUNTDOWN)[:3]
    assert [event.details["remaining"] for event in countdowns] == [3, 2, 1]
    assert [event.scheduled for event in countdowns] == [first + 2, first + 3, first + 4]


def test_each_stretch_ends_once_after_its_last_hold(daily_back: Timeline) -> None:
    session = started(daily_back)
    session.run_to_end()
    ends = named(session.events, EventName.EXERCISE_END)

    assert [event.exercise for event in ends] == [e.id for e in daily_back.routine.exercises]
    assert [event.scheduled for event in ends] == [
        max(step.end for step in daily_back.steps if step.exercise_index == index)
        for index in range(5)
    ]


def test_session_end_reports_the_counts(small: Timeline) -> None:
    session = started(small)
    session.run_to_end()

    assert session.events[-1].details == {
        "status": "completed",
        "stopped": False,
        "holds_completed": 2,
        "holds_skipped": 0,
    }


# -- pause and resume -------------------------------------------------------------------------


def test_a_paused_hold_resumes_with_exactly_the_time_it_had_left(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 2.5)  # 2.5 s into the 5 s hold
    pause = session.act(session.engine.pause)
    session.at(ready + 102.5)

    assert session.act(session.engine.poll) == []
    assert pause[-1].details["remaining"] == 2.5
    session.act(session.engine.resume)
    assert names(session.at(ready + 104.999)) == [EventName.COUNTDOWN, EventName.COUNTDOWN]
    fired = session.at(ready + 105)

    assert names(fired)[0] is EventName.HOLD_END
    assert fired[0].scheduled == fired[0].actual == ready + 105
    assert fired[0].details["held_seconds"] == 5
    assert session.engine.results[1].held_seconds == 5.0


def test_pausing_loses_no_hold_time(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    paused_total = 0.0
    for run, rest in ((ready + 1, 30.0), (2.0, 0.5), (4.0, 7.0), (3.0, 1.0)):
        session.at(session.clock() - session.origin + run)
        session.act(session.engine.pause)
        session.at(session.clock() - session.origin + rest)
        session.act(session.engine.resume)
        paused_total += rest
    session.run_to_end()

    assert [result.held_seconds for result in session.engine.results.values()] == [5.0, 5.0]
    assert session.events[-1].actual == ready + 12 + paused_total


def test_nothing_fires_and_no_deadline_is_due_while_paused(small: Timeline) -> None:
    session = started(small)
    session.act(session.engine.pause)

    assert session.engine.next_deadline() is None
    assert session.at(1000) == []
    assert session.engine.state is State.PAUSED


def test_toggle_pause_pauses_then_resumes(small: Timeline) -> None:
    session = started(small)

    assert names(session.act(session.engine.toggle_pause)) == [EventName.PAUSE]
    assert names(session.act(session.engine.toggle_pause)) == [EventName.RESUME]
    assert session.engine.state is State.GETTING_READY


def test_cues_already_due_fire_before_the_pause(small: Timeline) -> None:
    session = started(small)
    advance_to(session.clock, first_hold_start(small))

    fired = session.act(session.engine.pause)

    assert names(fired) == [EventName.HOLD_START, EventName.PAUSE]
    assert fired[-1].details["remaining"] == 5.0


# -- skip -------------------------------------------------------------------------------------


def test_skip_during_a_hold_records_it_skipped_and_goes_to_the_next_hold(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 2)

    fired = session.act(session.engine.skip)

    assert names(fired) == [EventName.SKIP, EventName.HOLD_START]
    assert fired[1].step is not None and fired[1].step.hold_number == 2
    assert fired[1].scheduled == ready + 2
    result = session.engine.results[1]
    assert (result.completed, result.held_seconds) == (False, 2.0)
    assert session.engine.holds_skipped == 1
    session.run_to_end()
    assert EventName.RELEASE_START not in names(session.events)
    assert named(session.events, EventName.HOLD_END)[0].scheduled == ready + 7


def test_skip_during_get_ready_starts_the_first_hold_now(small: Timeline) -> None:
    session = started(small)
    session.at(1.0)

    fired = session.act(session.engine.skip)

    assert names(fired) == [EventName.SKIP, EventName.HOLD_START]
    assert fired[0].details["skipped"] == "get_ready"
    assert session.engine.state is State.HOLDING
    assert session.engine.next_deadline() == 3.0  # the countdown "3", 2 s into the 5 s hold
    assert session.engine.results == {}


def test_skip_during_a_release_starts_the_next_hold_now(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 6)

    fired = session.act(session.engine.skip)

    assert names(fired) == [EventName.SKIP, EventName.HOLD_START]
    assert session.engine.holds_completed == 1
    assert session.engine.holds_skipped == 0


def test_skip_of_the_last_hold_of_a_stretch_ends_the_stretch(two_stretches: Timeline) -> None:
    session = started(two_stretches)
    ready = first_hold_start(two_stretches)
    session.at(ready + 15)

    fired = session.act(session.engine.skip)

    assert names(fired) == [EventName.SKIP, EventName.EXERCISE_END, EventName.EXERCISE_START]
    assert fired[-1].exercise == "second"


def test_skip_exercise_skips_the_rest_of_the_stretch(two_stretches: Timeline) -> None:
    session = started(two_stretches)
    ready = first_hold_start(two_stretches)
    session.at(ready + 8)  # in the second of three holds

    fired = session.act(session.engine.skip_exercise)

    assert names(fired) == [
        EventName.SKIP,
        EventName.SKIP,
        EventName.EXERCISE_END,
        EventName.EXERCISE_START,
    ]
    assert fired[-1].exercise == "second"
    assert fired[-1].scheduled == ready + 8
    assert session.engine.state is State.GETTING_READY
    results = session.engine.results
    assert [(r.step.hold_number, r.completed) for r in results.values()] == [
        (1, True),
        (2, False),
        (3, False),
    ]


def test_skip_exercise_in_the_last_stretch_ends_the_session(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 1)

    fired = session.act(session.engine.skip_exercise)

    assert names(fired)[-1] is EventName.SESSION_END
    assert session.engine.holds_skipped == 2
    assert session.engine.state is State.FINISHED


# -- back -------------------------------------------------------------------------------------


def test_back_during_a_hold_repeats_the_previous_hold(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 8)  # 1 s into hold 2

    fired = session.act(session.engine.back)

    assert names(fired) == [EventName.BACK, EventName.HOLD_START]
    assert fired[0].details["to_hold"] == 1
    assert fired[1].step is not None and fired[1].step.hold_number == 1
    session.run_to_end()
    ends = named(session.events, EventName.HOLD_END)
    assert [(e.step.hold_number, e.scheduled) for e in ends if e.step] == [
        (1, ready + 5),
        (1, ready + 13),
        (2, ready + 20),
    ]


def test_back_in_a_release_repeats_the_hold_just_done(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 6)

    fired = session.act(session.engine.back)

    assert names(fired) == [EventName.BACK, EventName.HOLD_START]
    assert fired[1].step is not None and fired[1].step.hold_number == 1
    assert session.engine.next_deadline() == ready + 8


def test_back_at_the_first_hold_restarts_it(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 3)

    fired = session.act(session.engine.back)

    assert names(fired) == [EventName.BACK, EventName.HOLD_START]
    assert fired[1].step is not None and fired[1].step.hold_number == 1
    session.run_to_end()
    assert named(session.events, EventName.HOLD_END)[0].scheduled == ready + 8


def test_a_hold_repeated_through_back_is_counted_once(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 6)
    session.act(session.engine.back)
    session.run_to_end()

    assert len(named(session.events, EventName.HOLD_END)) == 3
    assert session.engine.holds_completed == 2
    assert session.events[-1].details["holds_completed"] == 2


def test_back_passes_over_a_skipped_hold_to_the_last_one_done(two_stretches: Timeline) -> None:
    session = started(two_stretches)
    ready = first_hold_start(two_stretches)
    session.at(ready + 6)  # hold 1 done, in the release
    session.act(session.engine.skip)  # hold 2 starts now
    session.at(ready + 7)
    session.act(session.engine.skip)  # hold 2 skipped; hold 3 starts now
    session.at(ready + 8)

    fired = session.act(session.engine.back)

    assert fired[0].details["to_hold"] == 1
    assert fired[-1].step is not None and fired[-1].step.hold_number == 1


def test_back_with_no_hold_done_yet_restarts_the_current_hold(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 1)
    session.act(session.engine.skip)  # hold 1 skipped, hold 2 starts now
    session.at(ready + 2)

    fired = session.act(session.engine.back)

    assert fired[0].details["to_hold"] == 2
    session.run_to_end()
    assert (session.engine.holds_completed, session.engine.holds_skipped) == (1, 1)


# -- stop and the end -------------------------------------------------------------------------


def test_stop_mid_session_ends_it_as_partial(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 8)

    fired = session.act(session.engine.stop)

    assert names(fired) == [EventName.SESSION_END]
    assert fired[0].scheduled == fired[0].actual == ready + 8
    assert fired[0].details == {
        "status": "partial",
        "stopped": True,
        "holds_completed": 1,
        "holds_skipped": 0,
    }
    assert session.engine.status == "partial"
    assert session.engine.state is State.FINISHED
    assert session.engine.next_deadline() is None


def test_stop_while_paused_ends_the_session(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 1)
    session.act(session.engine.pause)

    assert names(session.act(session.engine.stop)) == [EventName.SESSION_END]
    assert session.engine.status == "partial"


ACTIONS = ("poll", "pause", "resume", "toggle_pause", "skip", "skip_exercise", "back", "stop")


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_after_the_session_finished_do_nothing(small: Timeline, action: str) -> None:
    session = started(small)
    session.run_to_end()
    session.at(100.0)

    assert getattr(session.engine, action)() == []
    assert session.engine.state is State.FINISHED
    assert session.engine.status == "completed"
    assert session.engine.holds_completed == 2


@pytest.mark.parametrize("action", [a for a in ACTIONS if a != "resume"])
def test_an_action_after_the_end_passed_unpolled_only_reports_the_end(
    small: Timeline, action: str
) -> None:
    session = Session(small, gap_seconds=None)  # late polls catch up, whatever their delay
    session.start()
    advance_to(session.clock, 100.0)

    fired = session.act(getattr(session.engine, action))

    assert names(fired)[-1] is EventName.SESSION_END
    assert len(named(fired, EventName.HOLD_END)) == 2
    assert not {EventName.SKIP, EventName.BACK, EventName.PAUSE} & set(names(fired))
    assert session.engine.state is State.FINISHED
    assert session.engine.status == "completed"


def test_a_late_poll_records_each_hold_for_its_planned_time(small: Timeline) -> None:
    session = started(small)
    session.at(100.0)

    assert [r.held_seconds for r in session.engine.results.values()] == [5.0, 5.0]
    assert [e.details["held_seconds"] for e in named(session.events, EventName.HOLD_END)] == [5, 5]


def test_starting_twice_is_an_error(small: Timeline) -> None:
    session = started(small)

    with pytest.raises(SessionError):
        session.engine.start()


@pytest.mark.parametrize("speed", [0.0, -1.0, float("nan")])
def test_a_speed_that_is_not_above_zero_is_refused(small: Timeline, speed: float) -> None:
    with pytest.raises(SessionError, match="speed must be above 0"):
        SessionEngine(small, FakeClock(), speed)


# -- actions while paused ---------------------------------------------------------------------


def test_skip_while_paused_stays_paused_and_the_next_hold_starts_on_resume(
    small: Timeline,
) -> None:
    session = started(small)
    session.at(first_hold_start(small) + 2)
    session.act(session.engine.pause)
    session.act(session.engine.skip)

    assert session.engine.state is State.PAUSED
    snapshot = session.engine.snapshot()
    assert snapshot.step.hold_number == 2
    assert snapshot.remaining == 5.0
    assert session.at(50.0) == []
    session.act(session.engine.resume)
    fired = session.run_to_end()

    assert named(fired, EventName.HOLD_END)[0].scheduled == 55.0
    assert fired[-1].scheduled == 55.0


def test_back_while_paused_stays_paused_and_the_hold_restarts_on_resume(small: Timeline) -> None:
    session = started(small)
    session.at(first_hold_start(small) + 9)  # 2 s into hold 2
    session.act(session.engine.pause)
    session.act(session.engine.back)

    assert session.engine.state is State.PAUSED
    assert session.engine.snapshot().step.hold_number == 1
    session.at(40.0)
    session.act(session.engine.resume)
    fired = session.run_to_end()

    assert [e.scheduled for e in named(fired, EventName.HOLD_END)] == [45.0, 52.0]


def test_skip_exercise_while_paused_early_in_a_session_can_be_resumed(
    two_stretches: Timeline,
) -> None:
    # A jump ahead used to compute `(now - offset) + offset`, which rounds just above `now` for
    # a small clock: the new step never started and resume() left the session paused for good.
    for hundredths in range(1, 400):
        session = started(two_stretches)
        session.at(hundredths / 100)
        session.act(session.engine.pause)
        session.act(session.engine.skip_exercise)

        assert session.engine.snapshot().step.exercise == "second"
        session.act(session.engine.resume)
        assert session.engine.state is State.GETTING_READY, hundredths
        session.run_to_end()
        assert session.engine.state is State.FINISHED


# -- snapshot ---------------------------------------------------------------------------------


def test_a_snapshot_before_start_is_at_the_beginning(small: Timeline) -> None:
    ready = first_hold_start(small)
    snapshot = SessionEngine(small, FakeClock()).snapshot()

    assert snapshot.state is State.NOT_STARTED
    assert (snapshot.position, snapshot.elapsed, snapshot.remaining) == (0.0, 0.0, ready)
    assert (snapshot.total, snapshot.holds_total) == (ready + 12, 2)


def test_a_snapshot_in_a_hold_shows_position_and_time_left(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 2.5)
    snapshot = session.engine.snapshot()

    assert snapshot.state is State.HOLDING
    assert snapshot.step.hold_number == 1
    assert (snapshot.elapsed, snapshot.remaining, snapshot.position) == (2.5, 2.5, ready + 2.5)
    assert snapshot.upcoming is not None and snapshot.upcoming.hold_number == 2


def test_a_snapshot_while_paused_does_not_move(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.at(ready + 8)
    session.act(session.engine.pause)
    session.at(500.0)
    snapshot = session.engine.snapshot()

    assert snapshot.state is State.PAUSED
    assert (snapshot.elapsed, snapshot.remaining, snapshot.position) == (1.0, 4.0, ready + 8)
    assert snapshot.holds_completed == 1
    assert snapshot.upcoming is not None and snapshot.upcoming.kind is StepKind.END


def test_a_snapshot_at_speed_60_is_in_session_seconds(small: Timeline) -> None:
    session = started(small, speed=60)
    ready = first_hold_start(small)
    session.at((ready + 2.5) / 60)
    snapshot = session.engine.snapshot()

    assert snapshot.position == pytest.approx(ready + 2.5)
    assert snapshot.remaining == pytest.approx(2.5)


def test_a_snapshot_after_the_end_is_complete(small: Timeline) -> None:
    session = started(small)
    ready = first_hold_start(small)
    session.run_to_end()
    snapshot = session.engine.snapshot()

    assert snapshot.state is State.FINISHED
    assert (snapshot.position, snapshot.remaining) == (ready + 12, 0.0)
    assert snapshot.holds_completed == 2


# -- properties -------------------------------------------------------------------------------

small_routines = routines(max_exercises=3, max_reps=3)
moves = st.one_of(
    st.tuples(st.just("advance"), st.floats(0, 30)),
    st.tuples(st.just("advance"), st.integers(0, 10).map(float)),
    st.tuples(
        st.sampled_from(["pause", "resume", "skip", "skip_exercise", "back", "stop", "poll"]),
        st.just(0.0),
    ),
)
speeds = st.sampled_from([1.0, 2.5, 60.0])
clock_starts = st.sampled_from([0.0, 0.3, 12345.678])


def play(session: Session, move: tuple[str, float]) -> None:
    name, seconds = move
    if name == "advance":
        session.clock.advance(seconds)
    else:
        session.act(getattr(session.engine, name))


def hold_numbers(events: list[Event], name: EventName) -> list[int | None]:
    return [event.step.hold_number for event in named(events, name) if event.step]


def check_counts(engine: SessionEngine, events: list[Event]) -> None:
    holds = len(engine.timeline.holds)
    done = {r.step.hold_number for r in engine.results.values() if r.completed}
    assert engine.holds_completed + engine.holds_skipped <= holds
    assert all(result.step.kind is StepKind.HOLD for result in engine.results.values())
    assert done == set(hold_numbers(events, EventName.HOLD_END))
    assert engine.holds_completed == len(done)


@settings(max_examples=200, deadline=None)
@given(small_routines, st.lists(moves, max_size=40), speeds, clock_starts)
def test_any_sequence_of_actions_keeps_the_session_consistent(
    routine: Routine, script: list[tuple[str, float]], speed: float, start: float
) -> None:
    session = Session(plan(routine), speed, start, gap_seconds=None)
    session.start()
    completed = 0
    for move in script:
        play(session, move)
        check_counts(session.engine, session.events)
        assert session.engine.holds_completed >= completed
        completed = session.engine.holds_completed
    session.act(session.engine.resume)
    session.run_to_end()

    check_ordering(session.events)
    check_counts(session.engine, session.events)
    assert session.engine.state is State.FINISHED
    assert names(session.events).count(EventName.SESSION_END) == 1
    assert session.events[-1].event is EventName.SESSION_END


def check_ordering(events: list[Event]) -> None:
    scheduled = [event.scheduled for event in events]
    assert scheduled == sorted(scheduled)
    assert all(e.actual >= e.scheduled for e in events if e.event in TIMED_CUES)
    assert all(e.actual >= 0.0 for e in events)


@settings(max_examples=200, deadline=None)
@given(small_routines, st.lists(moves, max_size=40), speeds, clock_starts)
def test_a_completed_session_accounts_for_every_hold_once(
    routine: Routine, script: list[tuple[str, float]], speed: float, start: float
) -> None:
    session = Session(plan(routine), speed, start, gap_seconds=None)
    session.start()
    for move in (m for m in script if m[0] != "stop"):
        play(session, move)
    session.act(session.engine.resume)
    session.run_to_end()

    engine = session.engine
    assert engine.status == ("completed" if engine.holds_completed else "partial")
    assert engine.holds_completed + engine.holds_skipped == len(engine.timeline.holds)
    assert Counter(r.step.hold_number for r in engine.results.values()) == Counter(
        hold.hold_number for hold in engine.timeline.holds
    )


pauses = st.lists(st.tuples(st.floats(0, 40), st.floats(0, 100)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(small_routines, pauses, speeds, clock_starts)
def test_paused_time_is_added_exactly_to_the_end_of_the_session(
    routine: Routine, breaks: list[tuple[float, float]], speed: float, start: float
) -> None:
    timeline = plan(routine)
    session = Session(timeline, speed, start, gap_seconds=None)
    session.start()
    paused = 0.0
    for run, rest in breaks:
        session.clock.advance(run)
        if EventName.PAUSE in names(session.act(session.engine.pause)):
            paused += rest
        session.clock.advance(rest)
        session.act(session.engine.resume)
    session.run_to_end()

    end = session.events[-1]
    assert end.event is EventName.SESSION_END
    assert end.scheduled == pytest.approx(timeline.total_seconds / speed + paused, abs=1e-6)
    assert session.engine.holds_completed == len(timeline.holds)
    for result in session.engine.results.values():
        assert result.held_seconds == pytest.approx(result.planned_seconds, abs=1e-6)
