"""`backstretch start` end to end, as a person or a script runs it: in a subprocess, through a
pipe or a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from backstretch.core.cues import PAIN_AFTER_QUESTION

PROGRAM = [sys.executable, "-m", "backstretch.cli.main"]
REQUIRED = {"event", "exercise", "rep", "side", "phase", "scheduled", "actual"}


def backstretch(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRETCH_HOME": str(home)}
    return subprocess.run(
        [*PROGRAM, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def screened(home: Path) -> None:
    """Answer the safety questions (all no) and rate this morning, so an interactive start goes
    straight to the session."""
    env = {**os.environ, "BACKSTRETCH_HOME": str(home)}
    check = subprocess.run(
        [*PROGRAM, "check"], env=env, input="n\n" * 23, capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stderr
    assert backstretch("pain", "2", "--context", "morning", home=home).returncode == 0


def events_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_fast_session_writes_every_event_as_json_lines(home: Path) -> None:
    result = backstretch("start", "--speed", "600", "--yes", "--events", "-", home=home)
    assert result.returncode == 0, result.stderr
    events = events_of(result.stdout)
    assert all(event.keys() >= REQUIRED for event in events)
    names = [e["event"] for e in events]
    assert names[0] == "session_start" and names[-1] == "session_end"
    assert names.count("hold_end") == 65
    assert names.count("exercise_start") == names.count("exercise_end") == 5
    assert events[-1]["status"] == "completed"
    assert events[-1]["scheduled"] == pytest.approx(781 / 600, abs=1e-6)
    scheduled = [e["scheduled"] for e in events]
    assert scheduled == sorted(scheduled)
    assert "Session completed" in result.stderr  # people's words go to stderr with --events -


def test_at_speed_60_a_five_second_hold_spans_a_twelfth_of_a_second(home: Path) -> None:
    result = backstretch("start", "--speed", "60", "--yes", "--events", "-", home=home)
    events = events_of(result.stdout)
    start = next(e for e in events if e["event"] == "hold_start")
    end = next(e for e in events if e["event"] == "hold_end")
    assert end["scheduled"] - start["scheduled"] == pytest.approx(5 / 60, abs=1e-6)
    assert end["actual"] - end["scheduled"] < 0.05
    assert 10 < events[-1]["actual"] < 15


def test_events_reach_the_file_while_the_session_is_still_running(
    home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "events.jsonl"
    env = {**os.environ, "BACKSTRETCH_HOME": str(home)}
    process = subprocess.Popen(
        [*PROGRAM, "start", "--speed", "60", "--yes", "--events", str(target)],
        env=env,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if target.exists() and '"hold_end"' in target.read_text():
                break
            time.sleep(0.02)
        assert process.poll() is None, "the session should still be running"
        assert '"hold_end"' in target.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_plain_output_reads_as_sentences_and_ends_with_a_summary(home: Path) -> None:
    result = backstretch("start", "--speed", "600", home=home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Stretch 1: Trunk Rotation, hold 5 s × 10 reps, each side." in out
    assert "Left side, rep 1 of 10: hold 5 s." in out
    assert "Switch sides: now the right side." in out
    assert "Session completed after" in out
    assert "  Child's Pose: 5 of 5 holds" in out
    assert "\a" not in out  # no bell into a pipe


def test_plain_output_tells_a_screen_reader_how_to_do_each_stretch_and_side(home: Path) -> None:
    result = backstretch("start", "--plain", "--speed", "600", home=home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    ready = next(text for text in lines if text.startswith("Stretch 3: Hip Flexor Stretch"))
    assert "Kneel on one knee" in ready and "Hold, then ease back." in ready
    assert ready.endswith("First, left side: kneel on your left knee, right foot forward.")
    assert "Left side, rep 5 of 5: hold 10 s. Last one." in lines
    assert "Switch sides: now the right side. Kneel on your right knee, left foot forward." in lines
    assert "Right side, rep 1 of 5: hold 10 s." in lines


def test_ctrl_c_stops_keeps_what_was_done_and_exits_130(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    env = {**os.environ, "BACKSTRETCH_HOME": str(home)}
    process = subprocess.Popen(
        [*PROGRAM, "start", "--speed", "60", "--yes", "--events", str(target)],
        env=env,
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (
        not target.exists() or target.read_text().count("hold_end") < 3
    ):
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=10)
    assert process.returncode == 130
    events = events_of(target.read_text())
    assert events[-1]["event"] == "session_end"
    assert events[-1]["status"] == "partial"
    assert events[-1]["holds_completed"] >= 3
    assert "Session stopped after" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["start", "--speed", "0"], 2, "Invalid value for '--speed'"),
        (["start", "--speed", "fast"], 2, "Invalid value for '--speed'"),
        (["start", "no-such-routine"], 1, "Error: no routine called 'no-such-routine'"),
        (["start", "--events", "/no/such/folder/events.jsonl"], 1, "Error: cannot write events to"),
    ],
)
def test_mistakes_get_one_clear_message_and_no_traceback(
    home: Path, args: list[str], code: int, message: str
) -> None:
    result = backstretch(*args, home=home)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


class Terminal:
    """The program in a real pseudo-terminal of a given size, its screen read in the background."""

    def __init__(self, args: list[str], home: Path, columns: int = 100, rows: int = 40) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.settings = termios.tcgetattr(self.slave)
        env = {
            **os.environ,
            "BACKSTRETCH_HOME": str(home),
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(rows),
        }
        self.process = subprocess.Popen(
            [*PROGRAM, *args],
            env=env,
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            start_new_session=True,
        )
        self.output = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def press(self, keys: str, pause: float = 0.3) -> None:
        os.write(self.master, keys.encode())
        time.sleep(pause)

    def wait_for(self, text: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            assert time.monotonic() < deadline, f"never saw {text!r}"
            time.sleep(0.02)

    def finish(self) -> int:
        code = self.process.wait(timeout=20)
        time.sleep(0.1)
        os.close(self.master)
        return code


def test_in_a_terminal_the_keys_pause_skip_and_stop_after_asking(
    home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "events.jsonl"
    screened(home)
    screen = Terminal(["start", "--speed", "4", "--quiet", "--events", str(target)], home)
    screen.wait_for("How is your back right now? 0 = no pain, 10 = worst possible")
    screen.press("eleven\r")
    screen.wait_for("Please type a whole number from 0 (no pain) to 10 (worst possible).")
    screen.press("6\r")
    screen.wait_for("GET READY")
    screen.press(" ")
    screen.wait_for("PAUSED")
    screen.press(" ")
    screen.press("n")
    screen.press("q")
    screen.wait_for("Stop the session now?")
    screen.press("y")
    screen.wait_for("And how is your back now?")
    screen.press("4\r")
    assert screen.finish() == 0
    names = [e["event"] for e in events_of(target.read_text())]
    assert names.index("pause") < names.index("resume") < names.index("skip")
    assert names[-1] == "session_end"
    assert events_of(target.read_text())[-1]["status"] == "partial"
    assert b"Session stopped after" in screen.output
    restored = termios.tcgetattr(screen.slave)
    assert restored[3] & termios.ICANON and restored[3] & termios.ECHO  # the terminal is given back
    sessions = json.loads(backstretch("history", "--json", home=home).stdout)
    assert (sessions[0]["pain_before"], sessions[0]["pain_after"]) == (6, 4)
    assert sessions[0]["status"] == "partial"


def test_a_terminal_too_small_for_the_full_screen_gets_plain_lines(home: Path) -> None:
    args = ["start", "--speed", "600", "--quiet", "--pain-before", "3", "--pain-after", "2"]
    screened(home)
    screen = Terminal(args, home, columns=40, rows=12)
    assert screen.finish() == 0
    assert b"Stretch 1: Trunk Rotation" in screen.output
    assert b"Session completed" in screen.output


def test_voice_speaks_the_cues_through_espeak_ng(home: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    said = tmp_path / "said.txt"
    fake = bin_dir / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nfor last; do :; done\necho "$last" >> "{said}"\n')
    fake.chmod(0o755)
    env = {**os.environ, "BACKSTRETCH_HOME": str(home), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    result = subprocess.run(
        [*PROGRAM, "start", "--voice", "--speed", "60", "--yes", "--pain-after", "2"],
        env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    spoken = said.read_text()
    assert "Trunk Rotation. Lie on your back" in spoken
    assert "Switch sides." in spoken
    # the pain after was given: the voice does not ask a question no one will put
    assert "Well done. That is the whole routine. 65 holds done.\n" in spoken
    assert PAIN_AFTER_QUESTION not in spoken


def test_voice_without_a_speech_engine_says_so_once_and_carries_on(
    home: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {**os.environ, "BACKSTRETCH_HOME": str(home), "PATH": str(empty)}
    result = subprocess.run(
        [*PROGRAM, "start", "--voice", "--speed", "600", "--yes"],
        env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Voice: no speech engine found") == 1
    assert "Session completed" in result.stdout


def test_a_start_that_fails_before_the_first_hold_records_no_session(home: Path) -> None:
    result = backstretch("start", "--yes", "--events", "/nonexistent/x.jsonl", home=home)
    assert result.returncode == 1
    assert "Error: cannot write events to /nonexistent/x.jsonl" in result.stderr
    history = backstretch("history", "--json", home=home)
    assert json.loads(history.stdout) == []
