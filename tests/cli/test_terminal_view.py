from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from backstretch.catalog import Catalog
from backstretch.cli.big_digits import big
from backstretch.cli.terminal_view import Screen, fit
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.timeline import plan


@pytest.fixture
def engine(tmp_path: Path) -> tuple[SessionEngine, FakeClock]:
    clock = FakeClock()
    routine = Catalog(tmp_path).load("daily-back")
    session = SessionEngine(plan(routine), clock)
    session.start()
    return session, clock


def text_of(screen: Screen, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(fit(screen, 60, 24))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_get_ready_shows_the_stretch_its_dose_and_every_step(
    engine: tuple[SessionEngine, FakeClock],
) -> None:
    session, clock = engine
    clock.advance(2)
    session.poll()
    shown = text_of(Screen(session.snapshot(), session.timeline.routine))
    assert "Stretch 1 of 5 · Trunk Rotation" in shown
    assert "hold 5 s × 10 reps, each side" in shown
    assert "GET READY" in shown
    assert "1. Lie on your back on a mat" in shown
    assert "Next: rep 1, left side" in shown


def test_a_hold_shows_side_rep_countdown_caution_and_progress(
    engine: tuple[SessionEngine, FakeClock],
) -> None:
    session, clock = engine
    clock.advance(session.timeline.holds[0].start + 0.2)  # 0.2 s into the first 5 s hold
    session.poll()
    shown = text_of(Screen(session.snapshot(), session.timeline.routine))
    assert "LEFT SIDE" in shown
    assert "HOLD" in shown
    assert "Rep 1 of 10" in shown
    assert "\n".join(big("5")).splitlines()[0].strip() in shown
    assert "! Keep both shoulders on the floor." in shown
    assert "Holds done: 0 of 65" in shown
    assert "37 s of 13 min 1 s" in shown  # after a get-ready that reads every step
    assert "Next: rep 2, left side" in shown


def test_cat_cow_names_the_phase_and_its_instruction(
    engine: tuple[SessionEngine, FakeClock],
) -> None:
    session, _ = engine
    session.skip_exercise()
    session.skip()  # past get-ready, into the first cat
    shown = text_of(Screen(session.snapshot(), session.timeline.routine))
    assert "Rep 1 of 10 · cat" in shown
    assert "Round your back up toward the ceiling" in shown
    assert "Next: rep 1 (cow)" in shown


def test_pausing_says_how_to_carry_on(engine: tuple[SessionEngine, FakeClock]) -> None:
    session, clock = engine
    clock.advance(session.timeline.holds[0].start + 1)
    session.poll()
    session.pause()
    shown = text_of(Screen(session.snapshot(), session.timeline.routine))
    assert "PAUSED" in shown
    assert "Press space to carry on" in shown


def test_the_quit_question_and_the_key_list_appear_when_asked(
    engine: tuple[SessionEngine, FakeClock],
) -> None:
    session, _ = engine
    routine = session.timeline.routine
    asking = text_of(Screen(session.snapshot(), routine, confirm_quit=True))
    assert "Stop the session now? y = stop" in asking
    helping = text_of(Screen(session.snapshot(), routine, show_help=True))
    assert "skip the rest of this stretch" in helping


def test_the_view_fits_a_60_column_terminal(engine: tuple[SessionEngine, FakeClock]) -> None:
    session, clock = engine
    clock.advance(session.timeline.holds[0].start + 0.5)
    session.poll()
    shown = text_of(Screen(session.snapshot(), session.timeline.routine), width=60)
    assert all(len(line) <= 60 for line in shown.splitlines())
    assert len(shown.splitlines()) <= 24


def test_big_digits_are_five_rows_of_blocks() -> None:
    rows = big("10")
    assert len(rows) == 5
    assert rows[0] == "  ██    ██████"
    assert all("█" in row for row in rows)


def test_pausing_keeps_the_stretch_steps_and_the_phase_on_screen(
    engine: tuple[SessionEngine, FakeClock],
) -> None:
    session, _ = engine
    session.skip_exercise()
    session.skip()  # past get-ready, into the first cat
    session.pause()
    shown = text_of(Screen(session.snapshot(), session.timeline.routine), width=60)
    assert "Press space to carry on" in shown
    assert "Rep 1 of 10 · cat" in shown
    assert "Round your back up toward the ceiling" in shown
    assert "1. Kneel on all fours" in shown
    assert "4. Each rep is one cat and one cow." in shown


def test_every_screen_running_or_paused_fits_60_by_24_and_keeps_its_question_or_keys(
    engine: tuple[SessionEngine, FakeClock],
) -> None:
    session, _ = engine
    routine = session.timeline.routine
    question = "This hurts: how much, from 0 (no pain) to 10 (worst possible)? Type it."
    for _ in routine.exercises:
        for moment in ("get ready", "hold", "paused hold"):
            if moment == "paused hold":
                session.back()  # the hold before, at its start
                session.pause()
            snapshot = session.snapshot()
            for screen, shows in (
                (Screen(snapshot, routine), "Next: " if moment == "hold" else "4. "),  # steps
                (Screen(snapshot, routine, show_help=True), "show or hide these keys"),
                (Screen(snapshot, routine, notice=question, typed="7"), "Your answer: 7"),
                (Screen(snapshot, routine, confirm_quit=True), "Stop the session now?"),
            ):
                console = Console(file=io.StringIO(), width=60, color_system=None)
                console.print(fit(screen, 60, 24))
                shown = console.file.getvalue()  # type: ignore[attr-defined]
                assert len(shown.splitlines()) <= 24, (moment, shown)
                assert shows in shown
            session.skip()
        session.resume()
        session.skip_exercise()
