from __future__ import annotations

import io
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest

from backstretch.catalog import Catalog
from backstretch.cli.session_runner import SessionRunner
from backstretch.cli.session_views import PlainView
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.events import Event
from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from tests.cli.fakes import ScriptedKeyboard


@pytest.fixture
def daily_back(tmp_path: Path) -> Routine:
    routine: Routine = Catalog(tmp_path).load("daily-back")
    return routine


def run(
    routine: Routine, script: list[tuple[float, str]]
) -> tuple[SessionRunner, list[Event], str]:
    clock = FakeClock()
    engine = SessionEngine(plan(routine), clock)
    output = io.StringIO()
    view = PlainView(output, routine)
    events: list[Event] = []
    keyboard: Any = ScriptedKeyboard(clock, script)
    runner = SessionRunner(engine, keyboard, view, [events.append, view.on_event], clock)
    runner.run()
    return runner, events, output.getvalue()


def first_hold_start(routine: Routine) -> float:
    """When the first hold starts: after a get-ready long enough to read the stretch's steps."""
    return plan(routine).holds[0].start


def names(events: list[Event]) -> list[str]:
    return [e.event.value for e in events]


def test_an_untouched_session_ends_exactly_on_schedule(daily_back: Routine) -> None:
    runner, events, output = run(daily_back, [])
    assert events[-1].event.value == "session_end"
    assert events[-1].actual == pytest.approx(plan(daily_back).total_seconds)
    assert all(e.actual == pytest.approx(e.scheduled) for e in events)
    assert runner.engine.holds_completed == 65
    assert "Well done, routine complete: 65 holds done, 0 skipped." in output


def test_the_loop_never_waits_past_the_next_cue(daily_back: Routine) -> None:
    clock = FakeClock()
    engine = SessionEngine(plan(daily_back), clock)
    keyboard: Any = ScriptedKeyboard(clock, [])
    view = PlainView(io.StringIO(), daily_back)
    SessionRunner(engine, keyboard, view, [], clock).run()
    assert max(keyboard.waits) <= 1.0  # idle waits are capped, cues are never overslept
    assert sum(keyboard.waits) == pytest.approx(plan(daily_back).total_seconds)


def test_space_pauses_and_the_session_ends_later_by_exactly_the_pause(daily_back: Routine) -> None:
    first = first_hold_start(daily_back)
    runner, events, _ = run(daily_back, [(first + 2.5, " "), (first + 32.5, " ")])
    assert [n for n in names(events) if n in ("pause", "resume")] == ["pause", "resume"]
    assert events[-1].actual == pytest.approx(plan(daily_back).total_seconds + 30.0)
    assert runner.engine.holds_completed == 65


def test_n_skips_the_current_hold_and_it_is_counted_as_skipped(daily_back: Routine) -> None:
    first = first_hold_start(daily_back)
    runner, events, output = run(daily_back, [(first + 1, "n")])
    assert "skip" in names(events)
    assert runner.engine.holds_skipped == 1
    assert runner.engine.holds_completed == 64
    assert "Skipped hold 1." in output


def test_s_skips_the_rest_of_the_stretch(daily_back: Routine) -> None:
    first = first_hold_start(daily_back)
    runner, events, _ = run(daily_back, [(first + 1, "s")])
    assert runner.engine.holds_skipped == 20  # trunk rotation: 10 reps on each side
    starts = [e.exercise for e in events if e.event.value == "exercise_start"]
    assert starts[:2] == ["trunk-rotation", "cat-cow"]


def test_left_arrow_repeats_the_previous_hold_without_counting_it_twice(
    daily_back: Routine,
) -> None:
    first = first_hold_start(daily_back)
    runner, events, _ = run(daily_back, [(first + 9, "left")])  # 1 s into hold 2
    hold_ends = [e for e in events if e.event.value == "hold_end"]
    assert len(hold_ends) == 66  # hold 1 was done twice
    assert runner.engine.holds_completed == 65


def test_q_asks_first_and_any_other_key_carries_on(daily_back: Routine) -> None:
    first = first_hold_start(daily_back)
    runner, events, output = run(daily_back, [(first + 1, "q"), (first + 10, "x")])
    assert "Stop the session now?" in output
    assert "Carrying on." in output
    assert runner.engine.status == "completed"
    assert events[-1].actual == pytest.approx(
        plan(daily_back).total_seconds + 9.0
    )  # paused while asking


def test_q_then_y_stops_and_keeps_what_was_done(daily_back: Routine) -> None:
    first = first_hold_start(daily_back)
    runner, events, output = run(daily_back, [(first + 30, "q"), (first + 31, "y")])
    assert runner.quit_requested
    assert runner.engine.status == "partial"
    assert events[-1].event.value == "session_end"
    assert runner.engine.holds_completed == 4  # holds ending 5, 13, 21 and 29 s in
    assert "Session stopped: 4 holds done" in output


def test_question_mark_lists_the_keys(daily_back: Routine) -> None:
    _, _, output = run(daily_back, [(1.0, "?")])
    assert "space: pause or resume" in output
    assert "q or Esc: stop the session" in output


def test_a_person_gets_each_batch_of_cues_before_any_of_it_is_recorded(
    daily_back: Routine,
) -> None:
    clock = FakeClock()
    engine = SessionEngine(plan(daily_back), clock)
    calls: list[tuple[str, Event]] = []
    runner = SessionRunner(
        engine,
        ScriptedKeyboard(clock, [(first_hold_start(daily_back) + 1, "n")]),  # type: ignore[arg-type]
        PlainView(io.StringIO(), daily_back),
        [lambda event: calls.append(("cue", event))],
        clock,
        records=[lambda event: calls.append(("record", event))],
    )
    runner.run()
    runs = [(kind, [e for _, e in group]) for kind, group in groupby(calls, key=lambda c: c[0])]
    assert [kind for kind, _ in runs] == ["cue", "record"] * (len(runs) // 2)
    for (_, cued), (_, recorded) in zip(runs[::2], runs[1::2], strict=True):
        assert cued == recorded  # the whole batch was perceived, then the whole batch recorded
    recorded_ends = [e for kind, e in calls if kind == "record" and e.event.value == "hold_end"]
    assert len(recorded_ends) == 64


def test_plain_says_one_sentence_for_a_skip_of_many_holds(daily_back: Routine) -> None:
    _, _, output = run(
        daily_back, [(first_hold_start(daily_back) + 8, "s")]
    )  # in trunk rotation's second hold
    assert "Skipped 19 holds of Trunk Rotation." in output
    assert "Skipped hold 2." not in output
    assert "Skipped hold 20." not in output


def test_plain_names_the_stretch_with_a_get_ready_when_a_session_resumes(
    daily_back: Routine,
) -> None:
    clock = FakeClock()
    engine = SessionEngine(plan(daily_back), clock)
    output = io.StringIO()
    view = PlainView(output, daily_back)
    keyboard: Any = ScriptedKeyboard(clock, [(0.5, "q"), (0.6, "y")])
    SessionRunner(engine, keyboard, view, [view.on_event], clock).run(frozenset({1, 2, 3}))
    said = output.getvalue().splitlines()
    assert said[1].startswith(
        "Stretch 1: Trunk Rotation, hold 5 s × 10 reps, each side. Get ready:"
    )
    assert said[2] == "Release and relax."
