from __future__ import annotations

from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.adaptations import for_knee_problem
from backstretch.core.clock import FakeClock
from backstretch.core.cues import PAIN_AFTER_QUESTION, carry_on, end_speech, line, speech
from backstretch.core.engine import SessionEngine
from backstretch.core.events import Event, EventName
from backstretch.core.routine import Routine, Sides
from backstretch.core.timeline import StepKind, plan
from backstretch.core.units import counted
from tests.conftest import make_routine, sided


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
        "Starting Daily back stretches: 5 stretches, 65 holds, about 13 min 1 s."
    )
    exercise = line(first(fired, "exercise_start"), routine)
    assert exercise is not None
    assert exercise.startswith(
        "Stretch 1: Trunk Rotation, hold 5 s × 10 reps, each side. Get ready:"
    )
    assert line(first(fired, "hold_start"), routine) == "Left side, rep 1 of 10: hold 5 s."
    assert line(first(fired, "switch_sides"), routine) == (
        "Switch sides: now the right side. Roll both knees to your right."
    )
    cat = line(first(fired, "hold_start", exercise="cat-cow", phase="cat"), routine)
    expected = "Rep 1 of 10 (cat): hold 5 s. Round your back up toward the ceiling"
    assert cat == expected + " and let your head drop."
    assert line(fired[-1], routine) == "Well done, routine complete: 65 holds done, 0 skipped."


def test_the_voice_says_last_one_on_the_last_rep_only(events: tuple[Routine, list[Event]]) -> None:
    routine, fired = events
    holds = [e for e in fired if e.event.value == "hold_start" and e.exercise == "childs-pose"]
    spoken = [speech(e, routine) for e in holds]
    assert spoken == [f"{rep} of 5. Hold." for rep in range(1, 5)] + ["5 of 5. Last one. Hold."]


def test_every_sided_hold_names_its_side_and_count_and_the_last_rep_says_last_one(
    events: tuple[Routine, list[Event]],
) -> None:
    routine, fired = events
    sided = [e for e in fired if e.event.value == "hold_start" and e.step and e.step.side]
    assert len(sided) == 40
    for event in sided:
        step, reps = event.step, routine.exercise(event.exercise or "").reps
        assert step is not None and step.side is not None
        count = f"{step.side.value.capitalize()}, {step.rep} of {reps}."
        last = " Last one." if step.rep == reps else ""
        assert speech(event, routine) == f"{count}{last} Hold."
        assert (line(event, routine) or "").endswith(f"{step.duration:g} s.{last}")


def test_the_voice_names_each_cat_cow_phase_with_its_count(
    events: tuple[Routine, list[Event]],
) -> None:
    routine, fired = events
    cow = speech(first(fired, "hold_start", exercise="cat-cow", phase="cow"), routine)
    assert cow is not None and cow.startswith("Cow, 1 of 10. Let your belly sink")


def test_getting_ready_reads_every_step_and_what_the_first_side_means(
    events: tuple[Routine, list[Event]],
) -> None:
    routine, fired = events
    for exercise in routine.exercises:
        ready = first(fired, "exercise_start", exercise=exercise.id)
        said, shown = speech(ready, routine) or "", line(ready, routine) or ""
        assert said.startswith(f"{exercise.name}. {exercise.steps[0]}")
        assert all(step in said and step in shown for step in exercise.steps)
    hip = first(fired, "exercise_start", exercise="hip-flexor")
    assert (speech(hip, routine) or "").endswith(
        "First, left side: kneel on your left knee, right foot forward."
    )


def test_switching_sides_says_which_side_and_what_it_means(
    events: tuple[Routine, list[Event]],
) -> None:
    routine, fired = events
    switches = [speech(e, routine) for e in fired if e.event.value == "switch_sides"]
    assert switches == [
        "Switch sides. Right side: roll both knees to your right.",
        "Switch sides. Right side: kneel on your right knee, left foot forward.",
        "Switch sides. Right side: right leg straight, left knee bent.",
    ]


def test_the_voice_counts_down_the_last_three_seconds(events: tuple[Routine, list[Event]]) -> None:
    routine, fired = events
    counts = [speech(e, routine) for e in fired if e.event.value == "countdown"][:3]
    assert counts == ["3", "2", "1"]
    assert speech(first(fired, "release_start"), routine) == "Release."


def test_the_end_says_what_was_done_and_asks_the_pain_question(
    events: tuple[Routine, list[Event]],
) -> None:
    routine, fired = events
    assert speech(fired[-1], routine) == (
        "Well done. That is the whole routine. 65 holds done. And how is your back now?"
    )


def test_a_sided_stretch_without_side_words_still_names_the_side() -> None:
    routine = make_routine(sided(Sides.EACH))
    switch = next(s for s in plan(routine).steps if s.kind is StepKind.SWITCH_SIDES)
    event = Event(EventName.SWITCH_SIDES, switch.start, switch.start, switch)
    assert speech(event, routine) == "Switch sides. Right side."
    assert line(event, routine) == "Switch sides: now the right side."


def test_a_session_that_reached_the_end_with_no_hold_done_is_not_praised() -> None:
    routine = make_routine()
    details = {"status": "partial", "stopped": False, "holds_completed": 0, "holds_skipped": 2}
    end = Event(EventName.SESSION_END, 16.0, 16.0, None, details)

    assert line(end, routine) == "Session over with no hold done: 0 holds done, 2 skipped."
    assert speech(end, routine) == "Session over. No hold was done. And how is your back now?"


def test_a_pause_after_a_gap_says_nothing_was_counted() -> None:
    routine = make_routine()
    step = plan(routine).holds[0]
    pause = Event(EventName.PAUSE, 305.0, 305.0, step, {"reason": "gap", "gap": 300.0})

    assert line(pause, routine) == (
        "Paused after a gap of 5 min (the screen or the computer slept): nothing was counted "
        "in that time. Resume when you are ready."
    )
    assert speech(pause, routine) == "Paused. Nothing was counted while the coach was away."


def test_the_kneeling_free_hip_flexor_says_to_step_back_not_to_kneel(tmp_path: Path) -> None:
    routine = for_knee_problem(Catalog(tmp_path).load("daily-back"))
    switch = next(
        s
        for s in plan(routine).steps
        if s.kind is StepKind.SWITCH_SIDES and s.exercise == "hip-flexor"
    )
    event = Event(EventName.SWITCH_SIDES, switch.start, switch.start, switch)
    assert speech(event, routine) == (
        "Switch sides. Right side: step your right leg back, holding on with your left hand."
    )


def test_one_hold_done_is_said_and_written_in_the_singular() -> None:
    routine = make_routine()
    details = {"status": "partial", "stopped": True, "holds_completed": 1, "holds_skipped": 0}
    end = Event(EventName.SESSION_END, 16.0, 16.0, None, details)

    assert line(end, routine) == "Session stopped: 1 hold done, 0 skipped."
    assert speech(end, routine) == "Session stopped. 1 hold done. And how is your back now?"
    assert carry_on(1) == "Carrying on where you stopped: 1 hold already done."


def test_the_end_does_not_ask_about_your_back_when_the_question_will_not_be_asked() -> None:
    details = {"status": "completed", "holds_completed": 65, "holds_skipped": 0}
    assert end_speech(details, asks_pain_after=False) == (
        "Well done. That is the whole routine. 65 holds done."
    )
    assert end_speech(details).endswith(PAIN_AFTER_QUESTION)


def test_counts_take_the_singular_for_one_and_a_placeholder_for_the_page() -> None:
    assert [counted(n, "hold") for n in (0, 1, 2)] == ["0 holds", "1 hold", "2 holds"]
    assert counted(1, "stretch", "stretches") == "1 stretch"
    assert counted("{done}", "hold") == "{done|hold|holds}"
