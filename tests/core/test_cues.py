from __future__ import annotations

from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.clock import FakeClock
from backstretch.core.cues import line, speech
from backstretch.core.engine import SessionEngine
from backstretch.core.events import Event, EventName
from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from tests.conftest import make_routine


@pytest.fixture
def events(tmp_path: Path) -> tuple[Routine, list[Event]]:
    routine = Catalog(tmp_path).load("daily-back")
    clock = FakeClock()
    engine = SessionEngine(plan(routine), clock)
    fired = engine.start()
    while (deadline := engine.next_deadline()) is not None:
        clock.advance(deadline - clock())
        fired += engine.poll()
    return routine, fired


def first(fired: list[Event], name: str, **where: object) -> Event:
    for event in fired:
        data = event.as_dict()
        if event.event.value == name and all(data[k] == v for k, v in where.items()):
            return event
    raise AssertionError(f"no {name} {where}")


def test_plain_lines_read_as_sentences(events: tuple[Routine, list[Event]]) -> None:
    routine, fired = events
    assert line(fired[0], routine) == (
        "Starting Daily back stretches: 5 stretches, 65 holds, about 10 min 56 s."
    )
    exercise = line(first(fired, "exercise_start"), routine)
    assert exercise is not None
    assert exercise.startswith(
        "Stretch 1: Trunk Rotation, hold 5 s × 10 reps, each side. Get ready:"
    )
    assert line(first(fired, "hold_start"), routine) == "Left side, rep 1 of 10: hold 5 s."
    assert line(first(fired, "switch_sides"), routine) == "Switch sides: now the right side."
    cat = line(first(fired, "hold_start", exercise="cat-cow", phase="cat"), routine)
    expected = "Rep 1 of 10 (cat): hold 5 s. Round your back up toward the ceiling"
    assert cat == expected + " and let your head drop."
    assert line(fired[-1], routine) == "Well done, routine complete: 65 holds done, 0 skipped."


def test_the_voice_says_last_one_on_the_last_rep_only(events: tuple[Routine, list[Event]]) -> None:
    routine, fired = events
    holds = [e for e in fired if e.event.value == "hold_start" and e.exercise == "childs-pose"]
    spoken = [speech(e, routine) for e in holds]
    assert spoken == ["Hold."] * 4 + ["Last one. Hold."]


def test_the_voice_names_each_cat_cow_phase(events: tuple[Routine, list[Event]]) -> None:
    routine, fired = events
    cow = speech(first(fired, "hold_start", exercise="cat-cow", phase="cow"), routine)
    assert cow is not None and cow.startswith("cow. Let your belly sink")


def test_the_voice_reads_the_first_instruction_while_getting_ready(
    events: tuple[Routine, list[Event]],
) -> None:
    routine, fired = events
    said = speech(first(fired, "exercise_start", exercise="hamstring"), routine)
    assert said is not None and said.startswith("Seated Hamstring Stretch. Sit on the floor")


def test_the_voice_stays_quiet_for_the_countdown(events: tuple[Routine, list[Event]]) -> None:
    routine, fired = events
    assert speech(first(fired, "countdown"), routine) is None
    assert speech(first(fired, "release_start"), routine) == "Release."
    assert speech(first(fired, "switch_sides"), routine) == "Switch sides."
    assert speech(fired[-1], routine) == "Well done. That is the whole routine."


def test_a_session_that_reached_the_end_with_no_hold_done_is_not_praised() -> None:
    routine = make_routine()
    details = {"status": "partial", "stopped": False, "holds_completed": 0, "holds_skipped": 2}
    end = Event(EventName.SESSION_END, 16.0, 16.0, None, details)

    assert line(end, routine) == "Session over with no hold done: 0 holds done, 2 skipped."
    assert speech(end, routine) == "Session over. No hold was done."


def test_a_pause_after_a_gap_says_nothing_was_counted() -> None:
    routine = make_routine()
    step = plan(routine).holds[0]
    pause = Event(EventName.PAUSE, 305.0, 305.0, step, {"reason": "gap", "gap": 300.0})

    assert line(pause, routine) == (
        "Paused after a gap of 5 min (the screen or the computer slept): nothing was counted "
        "in that time. Resume when you are ready."
    )
    assert speech(pause, routine) == "Paused. Nothing was counted while the coach was away."
