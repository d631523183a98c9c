"""The full-screen view when the window is resized mid-session: below 60 × 24 it goes on in
plain lines, so no prompt is cut off, and comes back when the window is larger again."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console

from backstretch.catalog import Catalog
from backstretch.cli.session_runner import ASK_LEVEL, SessionRunner
from backstretch.cli.session_views import TOO_SMALL, LiveView
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.timeline import plan
from tests.cli.fakes import ScriptedKeyboard


def run_resized(tmp_path: Path, script: list[tuple[float, str]]) -> tuple[LiveView, str]:
    """A window of 80 × 30 that shrinks to 50 × 20 20 s into the first hold and grows back
    50 s into it; the script, timed from the first hold's start, stops the session."""
    clock = FakeClock()
    routine = Catalog(tmp_path).load("daily-back")
    timeline = plan(routine)
    first = timeline.holds[0].start
    engine = SessionEngine(timeline, clock)
    output = io.StringIO()
    console = Console(file=output, width=80, height=30, color_system=None, force_terminal=True)
    small: list[bool] = []

    def size() -> tuple[int, int]:
        small.append(first + 20 <= clock() < first + 50)
        return (50, 20) if small[-1] else (80, 30)

    keyboard: Any = ScriptedKeyboard(clock, [(first + at, key) for at, key in script])
    with LiveView(console, routine, engine, size=size) as view:
        SessionRunner(engine, keyboard, view, [view.on_event], clock).run()
        assert True in small
    return view, output.getvalue()


def test_a_window_shrunk_mid_session_goes_on_in_plain_lines_with_every_prompt(
    tmp_path: Path,
) -> None:
    script = [(30.0, "!"), (30.1, "2"), (30.2, "\n"), (30.3, "n"), (40.0, "q"), (40.1, "y")]
    _, shown = run_resized(tmp_path, script)
    plain = shown[shown.index(TOO_SMALL) :].splitlines()
    assert plain[1].startswith("Now: stretch 1 of 5, Trunk Rotation, left side, rep 3 of 10: hold")
    assert ASK_LEVEL in plain
    assert "Your answer: 2" in plain
    assert any(line.startswith("Pain 2/10. What kind?") for line in plain)
    assert "Left side, rep 5 of 10: hold 5 s." in plain  # the cues go on as plain lines


def test_the_full_screen_comes_back_when_the_window_is_larger_again(tmp_path: Path) -> None:
    view, shown = run_resized(tmp_path, [(60.0, "q"), (60.1, "y")])
    assert shown.count(TOO_SMALL) == 1
    assert not view.cramped
    assert "Stretch 1 of 5 · Trunk Rotation" in shown[shown.index(TOO_SMALL) :]  # the full screen
