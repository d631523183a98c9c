"""The session recorder, driven by the real engine on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from backstretch.coach.recorder import SessionRecorder
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.events import Event, EventName
from backstretch.core.history import InvalidRecord, PainContext, SessionStatus
from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from backstretch.storage.memory import MemoryRepository
from backstretch.storage.repository import Repository, StorageError
from backstretch.storage.sqlite import open_sqlite
from tests.conftest import cat_cow, make_routine, sided


class Session:
    """An engine, a recorder and a fake clock wired the way `start` wires them."""

    def __init__(self, routine: Routine, repository: Repository, speed: float = 1.0) -> None:
        self.clock = FakeClock()
        self.timeline = plan(routine)
        self.engine = SessionEngine(self.timeline, self.clock, speed)
        self.recorder = SessionRecorder(repository)
        self.seen: list[Event] = []
        self.after_each: Callable[[Event], None] = lambda event: None

    def begin(self, pain_before: int | None = 5) -> str:
        session_id = self.recorder.begin(self.timeline.routine, self.timeline, self.engine.speed,
                                         self.clock.now(), pain_before)  # fmt: skip
        self.send(self.engine.start())
        return session_id

    def send(self, events: list[Event]) -> None:
        for event in events:
            self.recorder.on_event(event, at=self.clock.now())
            self.seen.append(event)
            self.after_each(event)

    def run_until(self, stop: Callable[[], bool]) -> None:
        while not stop():
            deadline = self.engine.next_deadline()
            assert deadline is not None
            self.clock.advance(max(0.0, deadline - self.clock()))
            self.send(self.engine.poll())

    def run_to_end(self) -> None:
        self.run_until(lambda: self.engine.state.value == "finished")

    def holds_ended(self, count: int) -> Callable[[], bool]:
        return lambda: sum(e.event is EventName.HOLD_END for e in self.seen) >= count


def test_a_whole_session_stores_every_hold_the_status_and_pain() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(cat_cow(), sided()), repository)
    session_id = session.begin(pain_before=6)
    session.run_to_end()
    session.recorder.finish("completed", session.clock.now(), pain_after=4)
    (summary,) = repository.summaries()
    assert summary.holds_completed == len(session.timeline.holds) == summary.session.holds_planned
    stored = repository.session(session_id)
    assert stored is not None
    assert (stored.status, stored.pain_before, stored.pain_after) == (SessionStatus.COMPLETED, 6, 4)
    assert stored.ended_at == stored.started_at + timedelta(seconds=session.timeline.total_seconds)
    assert [(r.context, r.level) for r in repository.pain_ratings()] == [
        (PainContext.BEFORE, 6), (PainContext.AFTER, 4)]  # fmt: skip
    holds = repository.holds(session_id)
    assert [h.phase for h in holds[:2]] == ["cat", "cow"]
    assert {h.side for h in holds[4:]} == {"left", "right"}
    assert all(h.held_seconds == h.planned_seconds for h in holds)


def test_each_hold_is_committed_the_moment_it_ends(tmp_path: Path) -> None:
    writer = open_sqlite(tmp_path / "backstretch.db")
    reader = open_sqlite(tmp_path / "backstretch.db")  # another connection, as another process
    session = Session(make_routine(cat_cow()), writer)
    stored_when_ended: list[int] = []

    def check(event: Event) -> None:
        if event.event is EventName.HOLD_END:
            stored_when_ended.append(len(reader.holds(session.recorder.session_id or "")))

    session.after_each = check
    session.begin()
    session.run_to_end()
    assert stored_when_ended == list(range(1, len(session.timeline.holds) + 1))
    writer.close()
    reader.close()


def test_a_skipped_hold_keeps_the_seconds_held_without_the_pause() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(), repository, speed=2.0)
    session_id = session.begin()
    session.run_until(lambda: session.engine.state.value == "holding")
    session.clock.advance(1.0)  # 2 s of the hold at speed 2
    session.send(session.engine.pause())
    session.clock.advance(30.0)
    session.send(session.engine.resume())
    session.clock.advance(0.5)
    session.send(session.engine.skip())
    (hold,) = repository.holds(session_id)
    assert (hold.hold_number, hold.completed) == (1, False)
    assert hold.held_seconds == pytest.approx(3.0)


def test_a_hold_reached_and_skipped_while_paused_is_stored_with_no_seconds_held() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(), repository)
    session_id = session.begin()
    session.run_until(lambda: session.engine.state.value == "holding")
    session.clock.advance(2.0)
    session.send(session.engine.pause())
    session.clock.advance(1.0)
    session.send(session.engine.skip())  # hold 1 after 2 s; hold 2 starts, paused
    session.clock.advance(1.0)
    session.send(session.engine.skip())  # hold 2 was never held
    first, second = repository.holds(session_id)
    assert (first.hold_number, first.held_seconds) == (1, 2.0)
    assert (second.hold_number, second.completed, second.held_seconds) == (2, False, 0.0)


def test_skipping_the_rest_of_a_stretch_stores_its_holds_as_skipped() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(sided(reps=2), cat_cow()), repository)
    session_id = session.begin()
    session.run_until(session.holds_ended(1))
    session.send(session.engine.skip_exercise())
    session.run_to_end()
    holds = repository.holds(session_id)
    assert [h.completed for h in holds[:4]] == [True, False, False, False]
    assert all(h.completed for h in holds[4:])


def test_repeating_a_hold_with_back_stores_it_once() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(), repository)
    session_id = session.begin()
    session.run_until(session.holds_ended(1))
    session.clock.advance(1.0)
    session.send(session.engine.back())
    session.run_to_end()
    holds = repository.holds(session_id)
    assert [h.hold_number for h in holds] == [1, 2]
    assert sum(e.event is EventName.HOLD_END for e in session.seen) == 3


def test_a_stopped_session_is_found_and_resumed_today() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(cat_cow(reps=2)), repository)
    session_id = session.begin()
    session.run_until(session.holds_ended(2))
    session.send(session.engine.stop())
    assert repository.summaries()[0].session.status is SessionStatus.PARTIAL
    today = session.clock.now().date()
    interrupted = session.recorder.interrupted_session_today(today, UTC)
    assert interrupted is not None and interrupted.session.id == session_id
    assert interrupted.completed_holds == {1, 2}
    next_hold = interrupted.next_hold(session.timeline)
    assert next_hold is not None and next_hold.hold_number == 3

    again = Session(make_routine(cat_cow(reps=2)), repository)
    again.clock = session.clock
    assert again.recorder.resume(interrupted) == session_id
    assert repository.summaries()[0].session.status is SessionStatus.IN_PROGRESS
    again.engine = SessionEngine(again.timeline, again.clock)
    again.send(again.engine.start())
    again.run_to_end()
    again.recorder.finish("completed", again.clock.now())
    (summary,) = repository.summaries()
    assert (summary.holds_completed, summary.session.status) == (4, SessionStatus.COMPLETED)
    assert again.recorder.interrupted_session_today(today, UTC) is None


def test_a_killed_session_stays_in_progress_with_its_holds() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(cat_cow(reps=2)), repository)
    session.begin()
    session.run_until(session.holds_ended(3))  # then the process dies: no finish, no session_end
    found = SessionRecorder(repository).interrupted_session_today(session.clock.now().date(), UTC)
    assert found is not None
    assert found.session.status is SessionStatus.IN_PROGRESS
    assert found.completed_holds == {1, 2, 3}


def test_yesterdays_session_is_not_offered_for_resuming() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(cat_cow(reps=2)), repository)
    session.begin()
    session.run_until(session.holds_ended(1))
    tomorrow = session.clock.now().date() + timedelta(days=1)
    assert session.recorder.interrupted_session_today(tomorrow, UTC) is None


def test_a_pain_rating_out_of_range_is_refused_before_anything_is_stored() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(), repository)
    with pytest.raises(InvalidRecord, match=r"pain must be .* \(got 11\)"):
        session.begin(pain_before=11)
    assert repository.summaries() == []


def test_events_before_begin_are_refused() -> None:
    session = Session(make_routine(), MemoryRepository())
    session.send(session.engine.start())
    with pytest.raises(StorageError, match="begin"):
        session.run_until(session.holds_ended(1))


def test_finishing_a_resumed_session_without_an_answer_keeps_the_pain_given_before() -> None:
    repository = MemoryRepository()
    session = Session(make_routine(cat_cow(reps=2)), repository)
    session_id = session.begin()
    session.run_until(session.holds_ended(2))
    session.send(session.engine.stop())
    session.recorder.finish("partial", session.clock.now(), pain_after=3)
    interrupted = session.recorder.interrupted_session_today(session.clock.now().date(), UTC)
    assert interrupted is not None

    again = Session(make_routine(cat_cow(reps=2)), repository)
    again.clock = session.clock
    again.recorder.resume(interrupted)
    again.engine = SessionEngine(again.timeline, again.clock)
    again.send(again.engine.start(interrupted.completed_holds))
    again.run_to_end()
    again.recorder.finish("completed", again.clock.now(), pain_after=None)  # the prompt skipped
    stored = repository.session(session_id)
    assert stored is not None
    assert (stored.status, stored.pain_after) == (SessionStatus.COMPLETED, 3)
