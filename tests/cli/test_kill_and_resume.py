"""Killing `backstretch start` at any instant loses no completed hold and never corrupts the
database; `start --resume` then carries the session on to the end."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from backstretch.catalog import Catalog
from backstretch.core.timeline import plan

PROGRAM = [sys.executable, "-m", "backstretch.cli.main"]
SPEED = 240.0
MARGIN = 0.05  # seconds: a hold that ended this long before the kill must have been stored


def launch(home: Path, events: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BACKSTRETCH_HOME": str(home)}
    command = [*PROGRAM, "start", "--speed", str(SPEED), "--yes", "--events", str(events)]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def started(events: Path, timeout: float = 20) -> float:
    """The monotonic moment the session began, judged from its first event arriving."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if events.exists() and "session_start" in events.read_text():
            return time.monotonic()
        time.sleep(0.002)
    raise AssertionError("the session never started")


def stored_holds(home: Path) -> tuple[str, list[tuple[int, int]]]:
    database = sqlite3.connect(home / "backstretch.db")
    try:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (status,) = database.execute("SELECT status FROM sessions").fetchone()
        rows = database.execute("SELECT hold_number, completed FROM holds ORDER BY hold_number")
        return status, [(int(n), int(c)) for n, c in rows]
    finally:
        database.close()


def planned_hold_ends(tmp_path: Path) -> list[float]:
    """When each hold of the default routine ends, in seconds at `SPEED`, as the planner lays
    it out (a get-ready lasts as long as its words take: see core/reading.py)."""
    timeline = plan(Catalog(tmp_path / "plan-home").load("daily-back"))
    return [hold.end / SPEED for hold in timeline.holds]


def test_sigkill_at_random_moments_loses_no_completed_hold(tmp_path: Path) -> None:
    ends = planned_hold_ends(tmp_path)
    chooser = random.Random(20261124)
    moments = sorted(chooser.uniform(0.02, ends[-1] - 0.02) for _ in range(5))
    for number, moment in enumerate(moments):
        home = tmp_path / f"home-{number}"
        home.mkdir()
        events = home / "events.jsonl"
        process = launch(home, events)
        try:
            began = started(events)
            time.sleep(max(0.0, began + moment - time.monotonic()))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        killed_at = time.monotonic() - began
        status, holds = stored_holds(home)
        assert status == "in_progress", f"killed at {killed_at:.3f} s"
        numbers = [n for n, _ in holds]
        assert numbers == list(range(1, len(numbers) + 1)), "holds are stored in order, no gaps"
        assert all(completed for _, completed in holds)
        must_have = sum(1 for end in ends if end < killed_at - MARGIN)
        assert len(holds) >= must_have, f"killed at {killed_at:.3f} s"


def announce_then_kill(home: Path, holds: int, timeout: float = 30) -> list[int]:
    """Run `start --speed 60 --yes --events -`, SIGKILL it the moment the `holds`th hold_end
    line arrives, and return the hold numbers of every hold_end line it wrote."""
    env = {**os.environ, "BACKSTRETCH_HOME": str(home)}
    command = [*PROGRAM, "start", "--speed", "60", "--yes", "--events", "-"]
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    assert process.stdout is not None
    timer = threading.Timer(timeout, process.kill)  # bounded: a stuck session is killed anyway
    timer.start()
    announced: list[int] = []
    try:
        for line in process.stdout:
            event = json.loads(line)
            if event["event"] == "hold_end":
                announced.append(event["hold_number"])
                if len(announced) == holds:
                    break
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        timer.cancel()
    rest = [json.loads(line) for line in process.stdout]
    process.stdout.close()
    assert len(announced) == holds, "the session ended or stalled before that hold"
    return announced + [e["hold_number"] for e in rest if e["event"] == "hold_end"]


def test_every_hold_announced_on_the_event_stream_is_stored_when_killed_at_once(
    tmp_path: Path,
) -> None:
    for holds in (1, 2, 4, 7, 11, 16, 22):
        home = tmp_path / f"home-{holds}"
        home.mkdir()
        announced = announce_then_kill(home, holds)
        _, stored = stored_holds(home)
        missing = sorted(set(announced) - {number for number, completed in stored if completed})
        assert missing == [], f"killed after hold_end {holds}: announced but not stored {missing}"


def test_resume_after_a_kill_finishes_the_same_session(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    events = home / "events.jsonl"
    process = launch(home, events)
    try:
        began = started(events)
        time.sleep(max(0.0, began + 0.8 - time.monotonic()))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    _, before = stored_holds(home)
    assert 0 < len(before) < 65
    env = {**os.environ, "BACKSTRETCH_HOME": str(home)}
    resumed = subprocess.run(
        [*PROGRAM, "start", "--resume", "--speed", "600", "--yes"],
        env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert f"Carrying on where you stopped: {len(before)} holds already done." in resumed.stdout
    history = subprocess.run(
        [*PROGRAM, "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    sessions = json.loads(history.stdout)
    assert len(sessions) == 1
    assert sessions[0]["status"] == "completed"
    assert sessions[0]["holds_completed"] == 65


def test_start_in_a_terminal_offers_to_carry_on_todays_unfinished_session(tmp_path: Path) -> None:
    from tests.cli.test_start_command import Terminal, screened

    home = tmp_path / "home"
    home.mkdir()
    screened(home)
    events = home / "events.jsonl"
    process = launch(home, events)
    try:
        began = started(events)
        time.sleep(max(0.0, began + 0.5 - time.monotonic()))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    _, before = stored_holds(home)
    screen = Terminal(["start", "--speed", "600", "--quiet", "--plain"], home)
    screen.wait_for("You have an unfinished session from")
    screen.wait_for(f"({len(before)} holds done). Carry on where you stopped?")
    screen.press("y\r")
    screen.wait_for("And how is your back now?")
    screen.press("\r")
    assert screen.finish() == 0
    assert b"Carrying on where you stopped" in screen.output
    status, holds = stored_holds(home)
    assert status == "completed"
    assert len(holds) == 65
