from __future__ import annotations

from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.errors import SessionError
from backstretch.core.events import Event
from backstretch.core.schedule import resume_step
from backstretch.core.timeline import StepKind, Timeline, plan


@pytest.fixture
def timeline(tmp_path: Path) -> Timeline:
    return plan(Catalog(tmp_path).load("daily-back"))


def run_to_end(engine: SessionEngine, clock: FakeClock, done: set[int]) -> list[Event]:
    fired = engine.start(done)
    while (deadline := engine.next_deadline()) is not None:
        clock.advance(deadline - clock())
        fired += engine.poll()
    return fired


def test_with_nothing_done_a_session_starts_at_the_beginning(timeline: Timeline) -> None:
    assert resume_step(timeline, set()) == 0


def test_resuming_starts_in_the_release_before_the_first_hold_left(timeline: Timeline) -> None:
    step = timeline.steps[resume_step(timeline, {1, 2, 3})]
    assert step.kind is StepKind.RELEASE
    following = timeline.steps[step.index + 1]
    assert following.hold_number == 4


def test_a_half_done_cat_cow_rep_is_begun_again_from_the_cat(timeline: Timeline) -> None:
    done = set(range(1, 22))  # trunk rotation (20) and the first cat
    step = timeline.steps[resume_step(timeline, done)]
    assert step.kind is StepKind.GET_READY
    assert step.exercise == "cat-cow"


def test_a_resumed_session_counts_earlier_holds_once_and_runs_the_rest(timeline: Timeline) -> None:
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    fired = run_to_end(engine, clock, set(range(1, 11)))
    assert engine.holds_completed == 65
    hold_ends = [e for e in fired if e.event.value == "hold_end"]
    assert [e.step.hold_number for e in hold_ends if e.step] == list(range(11, 66))
    assert fired[-1].details["status"] == "completed"
    remaining = (
        timeline.total_seconds - timeline.steps[resume_step(timeline, set(range(1, 11)))].start
    )
    assert fired[-1].actual == pytest.approx(remaining)


def test_resuming_with_every_hold_done_ends_at_once(timeline: Timeline) -> None:
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    fired = engine.start(set(range(1, 66)))
    assert fired[-1].event.value == "session_end"
    assert clock() == 0.0


def test_a_session_cannot_be_started_twice(timeline: Timeline) -> None:
    engine = SessionEngine(timeline, FakeClock())
    engine.start()
    with pytest.raises(SessionError):
        engine.start()
