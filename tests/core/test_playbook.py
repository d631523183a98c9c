"""The playbook a browser plays says what the terminal's engine says, counts when it counts,
and carries the moves table."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.clock import FakeClock
from backstretch.core.cues import line, speech
from backstretch.core.engine import SessionEngine
from backstretch.core.events import Event, EventName
from backstretch.core.moves import moves_of
from backstretch.core.playbook import playbook
from backstretch.core.schedule import START_EVENTS
from backstretch.core.timeline import Timeline, plan


@pytest.fixture
def daily_back(tmp_path: Path) -> Timeline:
    return plan(Catalog(tmp_path).load("daily-back"))


def straight_run(timeline: Timeline) -> list[Event]:
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    fired = engine.start()
    while (deadline := engine.next_deadline()) is not None:
        clock.advance(deadline - clock())
        fired += engine.poll()
    return fired


def test_every_step_reads_and_speaks_as_the_engine_does_when_it_starts(
    daily_back: Timeline,
) -> None:
    book = playbook(daily_back)
    starts = [
        e for e in straight_run(daily_back) if e.step and e.event is START_EVENTS[e.step.kind]
    ]

    assert len(starts) == len(daily_back.steps)
    for event in starts:
        assert event.step is not None
        entry = book.entries[event.step.index]
        assert entry.line == line(event, daily_back.routine)
        assert entry.speech == speech(event, daily_back.routine)


def test_the_count_is_given_at_the_seconds_the_engine_counts(daily_back: Timeline) -> None:
    book = playbook(daily_back)
    counted = [
        (e.step.index, e.details["remaining"])
        for e in straight_run(daily_back)
        if e.event is EventName.COUNTDOWN and e.step
    ]

    assert counted == [
        (entry.step.index, left) for entry in book.entries for left in entry.countdown
    ]


def test_the_playbook_carries_the_moves_and_the_stretches_stopped_today(
    daily_back: Timeline,
) -> None:
    book = playbook(daily_back, {"hip-flexor": "stopped for pain at 10:42"})

    assert tuple(entry.moves for entry in book.entries) == moves_of(daily_back)
    assert dict(book.stopped) == {"hip-flexor": "stopped for pain at 10:42"}
    assert book.opening_line.startswith("Starting Daily back stretches: 5 stretches, 65 holds")
