"""The record keeper: a hold is stored before its `hold_end` line is written, and what could not
be saved is said at once, marked on its line and repeated at the end."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backstretch.catalog import Catalog
from backstretch.cli.session_command import start
from backstretch.cli.session_records import RecordKeeper
from backstretch.cli.session_runner import SessionRunner
from backstretch.cli.session_views import PlainView
from backstretch.coach.recorder import SessionRecorder
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.errors import BackstretchError
from backstretch.core.history import HoldRecord
from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from backstretch.storage import MemoryRepository
from backstretch.storage.repository import StorageError
from tests.cli.fakes import ScriptedKeyboard
from tests.cli.test_history_commands import FakeApp

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class StoredFirst(io.StringIO):
    """An event file that checks, as each hold_end line arrives, that its hold is stored."""

    def __init__(self, repository: MemoryRepository) -> None:
        super().__init__()
        self.repository = repository

    def write(self, text: str) -> int:
        event = json.loads(text)
        if event["event"] == "hold_end" and event.get("saved", True):
            (session,) = self.repository.summaries()
            stored = {h.hold_number for h in self.repository.holds(session.session.id)}
            assert event["hold_number"] in stored, "announced before it was stored"
        return super().write(text)


class FullDisk(MemoryRepository):
    """Stores the first holds, then every save fails, as a disk that fills up mid-session."""

    def __init__(self, saved: int) -> None:
        super().__init__()
        self.left = saved

    def record_hold(self, hold: HoldRecord) -> None:
        if self.left <= 0:
            raise StorageError("backstretch.db: database or disk is full")
        self.left -= 1
        super().record_hold(hold)


def run_session(routine: Routine, repository: MemoryRepository, stream: io.StringIO) -> Any:
    clock = FakeClock()
    timeline = plan(routine)
    engine = SessionEngine(timeline, clock)
    recorder = SessionRecorder(repository)
    recorder.begin(routine, timeline, 1.0, NOW)
    told = io.StringIO()
    view = PlainView(told, routine)
    keeper = RecordKeeper(recorder, lambda: NOW, stream, view.say)
    keyboard: Any = ScriptedKeyboard(clock, [])
    SessionRunner(engine, keyboard, view, [view.on_event], clock, records=[keeper]).run()
    keeper.finish(engine.status, None)
    return keeper, told.getvalue()


@pytest.fixture
def daily_back(tmp_path: Path) -> Routine:
    routine: Routine = Catalog(tmp_path).load("daily-back")
    return routine


def test_every_hold_end_line_is_written_after_its_hold_is_stored(daily_back: Routine) -> None:
    repository = MemoryRepository()
    stream = StoredFirst(repository)
    keeper, _ = run_session(daily_back, repository, stream)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert sum(line["event"] == "hold_end" for line in lines) == 65
    assert not any("saved" in line for line in lines)
    keeper.verdict()  # nothing to report


def test_a_hold_that_could_not_be_saved_is_marked_on_its_line_and_repeated_at_the_end(
    daily_back: Routine,
) -> None:
    repository = FullDisk(saved=60)
    stream = StoredFirst(repository)
    keeper, told = run_session(daily_back, repository, stream)
    ends = [json.loads(line) for line in stream.getvalue().splitlines() if "hold_end" in line]
    assert [end.get("saved", True) for end in ends] == [True] * 60 + [False] * 5
    assert told.count("Could not save to your history") == 1
    with pytest.raises(BackstretchError, match="5 holds could not be saved"):
        keeper.verdict()


def test_holds_not_saved_mid_session_are_repeated_at_the_end_and_exit_1(tmp_path: Path) -> None:
    repository = FullDisk(saved=3)
    app = FakeApp(home=tmp_path, repository=repository, wall_clock=lambda: datetime.now(UTC))
    result = CliRunner().invoke(start, ["--yes", "--speed", "1000"], obj=app)
    assert result.output.count("Could not save to your history") == 1  # told once, at once
    assert "65 of 65 holds done" in result.output  # what the person did
    assert isinstance(result.exception, BackstretchError), result.output
    assert result.exit_code == 1
    assert str(result.exception) == (
        "this session was not all saved to your history: 62 holds could not be saved "
        "(backstretch.db: database or disk is full); `backstretch history` shows only what was "
        "saved"
    )
    assert repository.summaries()[0].holds_completed == 3
