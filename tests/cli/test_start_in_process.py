"""`backstretch start` run in this process through `main`, with the clocks and the keyboard
handed in: a whole session on a FakeClock takes milliseconds, and presses land at exact times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.cli.app import App
from backstretch.cli.main import main
from backstretch.core.clock import FakeClock
from backstretch.core.timeline import plan
from backstretch.storage import open_repository
from tests.cli.fakes import ScriptedKeyboard


def first_hold_start(home: Path) -> float:
    """When daily-back's first hold starts: after a get-ready long enough to read its steps."""
    return plan(Catalog(home).load("daily-back")).holds[0].start


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
    assert events[-1]["scheduled"] == pytest.approx(781.0)  # speed 1: the planned 13 min 1 s
    assert all(e["actual"] == e["scheduled"] for e in events if e["event"] == "hold_end")
    repository = open_repository(tmp_path)
    [session] = repository.summaries()
    assert (session.session.status.value, session.holds_completed) == ("completed", 65)
    repository.close()


def test_presses_at_set_times_skip_pause_and_stop_as_a_person_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # trunk rotation: get ready until `first`, hold 1 for 5 s, release 3 s, hold 2 ...
    first = first_hold_start(tmp_path)
    script = [(first + 2, " "), (first + 30, " "), (first + 31, "n"), (first + 33, "q")]
    script.append((first + 34, "y"))

    code, events, _ = run_start(tmp_path, capsys, script)

    assert code == 0
    names = [e["event"] for e in events]
    assert names.count("hold_end") == 0
    pause, resume = events[names.index("pause")], events[names.index("resume")]
    assert (pause["actual"], resume["actual"]) == (first + 2, first + 30)
    skip = events[names.index("skip")]
    assert (skip["held_seconds"], skip["actual"]) == (
        3.0,
        first + 31,
    )  # 2 s before the pause, 1 after
    assert events[-1]["status"] == "partial" and events[-1]["stopped"] is True
    repository = open_repository(tmp_path)
    [hold] = repository.holds(repository.summaries()[0].id)
    assert (hold.hold_number, hold.completed, hold.held_seconds) == (1, False, 3.0)
    repository.close()


class SleepingKeyboard(ScriptedKeyboard):
    """The machine sleeps once, for `asleep` seconds, at the first wait after `at`."""

    def __init__(
        self, clock: FakeClock, at: float, asleep: float, script: list[tuple[float, str]]
    ) -> None:
        super().__init__(clock, script)
        self.at, self.asleep = at, asleep

    def wait(self, timeout: float) -> list[str]:
        if self.asleep and self.clock() >= self.at:
            self.clock.advance(self.asleep)
            self.asleep = 0.0
            return []
        return super().wait(timeout)


def test_after_the_computer_slept_the_session_pauses_and_credits_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    asleep_at = first_hold_start(tmp_path) + 2  # 2 s into the first hold
    app = App(
        monotonic=clock,
        wall_clock=clock.now,
        keyboard=lambda: SleepingKeyboard(clock, asleep_at, 300.0, [(400.0, "q"), (400.1, "y")]),
    )
    with pytest.raises(SystemExit):
        main(["--home", str(tmp_path), "start", "--yes", "--events", "-"], app=app)
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    gap = next(e for e in events if e["event"] == "pause")
    assert gap["reason"] == "gap" and gap["gap"] >= 300.0
    assert not [e for e in events if e["event"] == "hold_end"]  # nothing was counted
    assert events[-1]["status"] == "partial"  # it waited, paused, until the person stopped


def test_a_stretch_stopped_for_pain_is_passed_over_on_the_next_start_that_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # in trunk rotation's second hold: "this hurts", 7, Enter, sharp
    second = first_hold_start(tmp_path) + 8
    keys = [(0.0, "!"), (0.1, "7"), (0.2, "\n"), (0.3, "s"), (12.0, "q"), (12.1, "y")]
    script = [(second + at, key) for at, key in keys]
    run_start(tmp_path, capsys, script)

    code, events, err = run_start(tmp_path, capsys, [(11.0, "q"), (11.1, "y")], "--plain")

    assert code == 0
    skips = [e for e in events if e["event"] == "skip"]
    assert {e["exercise"] for e in skips} == {"trunk-rotation"}
    assert skips[0]["reason"].startswith("stopped for today at 07:00 for pain (7/10, sharp)")
    starts = [e["exercise"] for e in events if e["event"] == "exercise_start"]
    assert starts[0] == "cat-cow"
    assert "Trunk Rotation: stopped for today at 07:00 for pain (7/10, sharp)" in err


def test_plan_shows_a_stretch_stopped_for_pain_today_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = [(18.0, "x"), (18.1, "8"), (18.2, "\n"), (18.3, "n"), (30.0, "q"), (30.1, "y")]
    run_start(tmp_path, capsys, script)
    clock = FakeClock()

    with pytest.raises(SystemExit):
        main(["--home", str(tmp_path), "plan"], app=App(monotonic=clock, wall_clock=clock.now))

    assert (
        "Trunk Rotation: stopped for today at 07:00 for pain (8/10); "
        "it is passed over in today's sessions."
    ) in capsys.readouterr().out


def test_this_hurts_7_and_sharp_stores_the_report_and_the_stretch_s_holds_as_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2 s into trunk rotation's first hold: this hurts, 7, Enter, sharp
    at = first_hold_start(tmp_path) + 2
    script = [(at, "!"), (at + 0.1, "7"), (at + 0.2, "\n"), (at + 0.3, "s")]

    code, _events, _ = run_start(tmp_path, capsys, script)

    assert code == 0
    repository = open_repository(tmp_path)
    [summary] = repository.summaries()
    [report] = repository.pain_reports()
    assert (report.exercise, report.level, report.action.value) == ("trunk-rotation", 7, "stop")
    holds = {h.hold_number: h for h in repository.holds(summary.id)}
    assert all(not holds[n].completed for n in range(1, 21))
    assert holds[1].held_seconds == pytest.approx(2.0)
    assert (summary.holds_completed, summary.holds_skipped) == (45, 20)
    repository.close()
