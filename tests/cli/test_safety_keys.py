"""The "this hurts" key during a session, driven by a scripted keyboard on a fake clock."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from backstretch.catalog import Catalog
from backstretch.cli.session_runner import SessionRunner
from backstretch.cli.session_views import PlainView
from backstretch.cli.terminal_view import HELP, KEYS
from backstretch.coach.pain import PainAsked
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.events import Event
from backstretch.core.pain_rules import EASE_OFF, STOP_STRETCH, PainAction, PainKind
from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from tests.cli.fakes import ScriptedKeyboard

Reported = tuple[str, int, PainKind, PainAction]


@pytest.fixture
def daily_back(tmp_path: Path) -> Routine:
    routine: Routine = Catalog(tmp_path).load("daily-back")
    return routine


def run(
    routine: Routine, keys: str, at: float | None = None
) -> tuple[SessionRunner, list[Event], str, list[Reported]]:
    """Press `keys` one a tenth of a second apart from `at` seconds (by default 1 s into the
    first hold)."""
    clock = FakeClock()
    timeline = plan(routine)
    at = timeline.holds[0].start + 1 if at is None else at
    engine = SessionEngine(timeline, clock)
    output = io.StringIO()
    view = PlainView(output, routine)
    events: list[Event] = []
    reported: list[Reported] = []
    named = {"⏎": "\n", "⎋": "escape"}
    script = [(at + n * 0.1, named.get(key, key)) for n, key in enumerate(keys)]
    keyboard: Any = ScriptedKeyboard(clock, script)
    runner = SessionRunner(engine, keyboard, view, [events.append, view.on_event], clock)

    def on_pain(asked: PainAsked) -> PainAction:
        reported.append((asked.exercise, asked.level, asked.kind, asked.action))
        return asked.action

    runner.on_pain = on_pain
    runner.run()
    return runner, events, output.getvalue(), reported


def test_pain_above_5_stops_the_stretch_skips_it_for_today_and_is_reported(
    daily_back: Routine,
) -> None:
    runner, events, output, reported = run(daily_back, "!6⏎n")
    assert reported == [("trunk-rotation", 6, PainKind.NEITHER, PainAction.STOP)]
    assert STOP_STRETCH in output
    assert runner.engine.holds_skipped == 20  # all of trunk rotation, both sides
    assert runner.engine.status == "completed"
    skips = [e for e in events if e.event.value == "skip"]
    assert skips and all(e.details.get("reason") == "pain" for e in skips)
    assert [e.exercise for e in events if e.event.value == "exercise_start"][1] == "cat-cow"


def test_pain_of_5_eases_off_and_carries_on(daily_back: Routine) -> None:
    runner, _events, output, reported = run(daily_back, "!5⏎n")
    assert reported == [("trunk-rotation", 5, PainKind.NEITHER, PainAction.EASE_OFF)]
    assert EASE_OFF in output
    assert runner.engine.holds_skipped == 0 and runner.engine.holds_completed == 65
    assert "push through" not in output.lower()


def test_pain_of_4_eases_off_and_3_carries_on(daily_back: Routine) -> None:
    assert run(daily_back, "!4⏎n")[3][0][3] is PainAction.EASE_OFF
    runner, _, output, reported = run(daily_back, "!3⏎⏎")
    assert reported[0][3] is PainAction.CARRY_ON
    assert EASE_OFF not in output and runner.engine.holds_completed == 65


@pytest.mark.parametrize(("key", "kind"), [("s", PainKind.SHARP), ("t", PainKind.TINGLING)])
def test_sharp_or_tingling_pain_stops_the_stretch_whatever_the_level(
    daily_back: Routine, key: str, kind: PainKind
) -> None:
    runner, _, output, reported = run(daily_back, f"!2⏎{key}")
    assert reported == [("trunk-rotation", 2, kind, PainAction.STOP)]
    assert runner.engine.holds_skipped == 20 and STOP_STRETCH in output


def test_x_is_the_same_key_and_the_session_waits_while_asking(daily_back: Routine) -> None:
    _runner, events, _, reported = run(daily_back, "x2⏎n")
    assert reported[0][1] == 2
    names = [e.event.value for e in events]
    assert names.count("pause") == 1 and names.count("resume") == 1
    total = plan(daily_back).total_seconds
    assert events[-1].actual == pytest.approx(total + 0.3)  # paused while answering


def test_a_level_above_10_is_asked_again(daily_back: Routine) -> None:
    _, _, output, reported = run(daily_back, "!11⏎5⏎n")
    assert "Please type a whole number from 0 to 10" in output
    assert reported == [("trunk-rotation", 5, PainKind.NEITHER, PainAction.EASE_OFF)]


def test_escape_goes_back_to_the_session_without_a_report(daily_back: Routine) -> None:
    runner, _, _, reported = run(daily_back, "!⎋")
    assert reported == [] and runner.engine.holds_completed == 65


def test_a_stop_in_the_middle_of_a_later_stretch_skips_only_that_stretch(
    daily_back: Routine,
) -> None:
    _runner, events, _, reported = run(daily_back, "!8⏎n", at=380.0)
    assert reported[0][0] == "hip-flexor"
    skipped = {e.exercise for e in events if e.event.value == "skip"}
    assert skipped == {"hip-flexor"}


def test_the_keys_help_and_footer_name_the_pain_key() -> None:
    assert "! hurts" in KEYS
    assert any(key == "! or x" for key, _ in HELP)


def test_the_pain_level_shows_its_digits_as_they_are_typed(daily_back: Routine) -> None:
    _, _, output, _ = run(daily_back, "!10⏎n")
    said = output.splitlines()
    asked = said.index(next(s for s in said if s.startswith("This hurts: how much")))
    assert said[asked + 1] == "Your answer: 10"
    assert said[asked + 2].startswith("Pain 10/10. What kind?")
