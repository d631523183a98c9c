"""`backstretch start` run in this process through `main`, with the clocks and the keyboard
handed in: a whole session on a FakeClock takes milliseconds, and presses land at exact times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstretch.cli.app import App
from backstretch.cli.main import main
from backstretch.core.clock import FakeClock
from backstretch.storage import open_repository
from tests.cli.fakes import ScriptedKeyboard


def run_start(
    home: Path, capsys: pytest.CaptureFixture[str], script: list[tuple[float, str]], *args: str
) -> tuple[int, list[dict[str, object]], str]:
    clock = FakeClock()
    app = App(
        monotonic=clock, wall_clock=clock.now, keyboard=lambda: ScriptedKeyboard(clock, script)
    )
    with pytest.raises(SystemExit) as stop:
        main(["--home", str(home), "start", "--yes", "--events", "-", *args], app=app)
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), [json.loads(line) for line in out.splitlines()], err


def test_a_whole_session_runs_in_process_on_a_fake_clock_at_real_speed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, events, _ = run_start(tmp_path, capsys, [])

    assert code == 0
    ends = [e for e in events if e["event"] == "hold_end"]
    assert len(ends) == 65
    assert events[-1]["event"] == "session_end"
    assert events[-1]["scheduled"] == pytest.approx(656.0)  # speed 1: the planned 10 min 56 s
    assert all(e["actual"] == e["scheduled"] for e in events if e["event"] == "hold_end")
    repository = open_repository(tmp_path)
    [session] = repository.summaries()
    assert (session.session.status.value, session.holds_completed) == ("completed", 65)
    repository.close()


def test_presses_at_set_times_skip_pause_and_stop_as_a_person_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # trunk rotation: get ready 0-10, hold 1 10-15, release, hold 2 17-22 ...
    script = [(12.0, " "), (40.0, " "), (41.0, "n"), (43.0, "q"), (44.0, "y")]

    code, events, _ = run_start(tmp_path, capsys, script)

    assert code == 0
    names = [e["event"] for e in events]
    assert names.count("hold_end") == 0
    pause, resume = events[names.index("pause")], events[names.index("resume")]
    assert (pause["actual"], resume["actual"]) == (12.0, 40.0)
    skip = events[names.index("skip")]
    assert (skip["held_seconds"], skip["actual"]) == (3.0, 41.0)  # 2 s before the pause, 1 after
    assert events[-1]["status"] == "partial" and events[-1]["stopped"] is True
    repository = open_repository(tmp_path)
    [hold] = repository.holds(repository.summaries()[0].id)
    assert (hold.hold_number, hold.completed, hold.held_seconds) == (1, False, 3.0)
    repository.close()
