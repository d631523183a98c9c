"""A get-ready and a switch of sides last long enough to say their words and settle, so the
coach never starts a hold while it is still talking."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.clock import FakeClock
from backstretch.core.cues import speech
from backstretch.core.engine import SessionEngine
from backstretch.core.events import Event, EventName
from backstretch.core.reading import (
    SETTLE_SECONDS,
    get_ready_speech,
    speaking_seconds,
    switch_speech,
)
from backstretch.core.routine import Routine, Sides, Timing
from backstretch.core.timeline import Step, StepKind, plan
from tests.conftest import make_exercise, make_routine

ESPEAK = shutil.which("espeak-ng")
SAMPLE_RATE = 22050  # espeak-ng's WAV output: 16-bit mono at 22050 Hz after a 44-byte header


@pytest.fixture
def daily_back(tmp_path: Path) -> Routine:
    routine: Routine = Catalog(tmp_path).load("daily-back")
    return routine


def changes(routine: Routine) -> list[tuple[Step, str]]:
    """Every get-ready and switch of sides of a session, with the words said in it."""
    said = []
    for step in plan(routine).steps:
        exercise = routine.exercises[step.exercise_index or 0]
        if step.kind is StepKind.GET_READY:
            said.append((step, get_ready_speech(exercise)))
        elif step.kind is StepKind.SWITCH_SIDES:
            said.append((step, switch_speech(exercise, step.side)))
    return said


def espeak_seconds(text: str) -> float:
    """How long espeak-ng takes to say `text` at its default rate, from the WAV it writes."""
    assert ESPEAK is not None
    wav = subprocess.run([ESPEAK, "--stdout", text], capture_output=True, check=True).stdout
    return (len(wav) - 44) / 2 / SAMPLE_RATE


def test_each_change_of_position_in_daily_back_lasts_as_long_as_its_words_and_settling(
    daily_back: Routine,
) -> None:
    said = changes(daily_back)
    timing = daily_back.timing

    assert len(said) == 5 + 3  # five get-readys, three switches of sides
    for step, words in said:
        least = (
            timing.get_ready_seconds
            if step.kind is StepKind.GET_READY
            else timing.switch_sides_seconds
        )
        assert step.duration >= speaking_seconds(words) + SETTLE_SECONDS, words
        assert step.duration >= least
        assert step.duration == int(step.duration)  # whole seconds, for a countdown


def test_the_words_of_each_change_are_the_words_the_voice_says(daily_back: Routine) -> None:
    clock = FakeClock()
    engine = SessionEngine(plan(daily_back), clock)
    fired: list[Event] = engine.start()
    while (deadline := engine.next_deadline()) is not None:
        clock.advance(deadline - clock())
        fired += engine.poll()
    spoken = [
        speech(event, daily_back)
        for event in fired
        if event.event in (EventName.EXERCISE_START, EventName.SWITCH_SIDES)
    ]

    assert spoken == [words for _, words in changes(daily_back)]


def test_a_routine_with_short_words_keeps_its_own_get_ready_and_switch_seconds() -> None:
    exercise = make_exercise(name="Rolls", steps=("Roll.",), sides=Sides.EACH, reps=1)
    routine = make_routine(exercise, timing=Timing(12, 2, 9))

    steps = plan(routine).steps

    assert [(s.kind, s.duration) for s in steps if s.kind is not StepKind.HOLD] == [
        (StepKind.GET_READY, 12.0),
        (StepKind.SWITCH_SIDES, 9.0),
        (StepKind.END, 0.0),
    ]


def test_a_get_ready_longer_than_the_routine_asks_is_only_as_long_as_its_words_need() -> None:
    exercise = make_exercise(steps=("Lie on your back with your knees bent and feet flat.",) * 3)
    routine = make_routine(exercise, timing=Timing(0, 2, 3))
    words = get_ready_speech(exercise)

    get_ready = plan(routine).steps[0]

    assert speaking_seconds(words) + SETTLE_SECONDS <= get_ready.duration
    assert get_ready.duration < speaking_seconds(words) + SETTLE_SECONDS + 1


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
def test_the_planners_rate_is_slower_than_espeak_ngs_so_its_words_end_in_time(
    daily_back: Routine,
) -> None:
    for step, words in changes(daily_back):
        measured = espeak_seconds(words)
        assert measured < speaking_seconds(words), words
        assert measured < step.duration - SETTLE_SECONDS, words


def test_a_cat_cow_hold_past_the_first_rep_says_only_its_count(daily_back: Routine) -> None:
    timeline = plan(daily_back)
    cat = [h for h in timeline.holds if h.exercise == "cat-cow" and h.phase == "cat"]

    said = [speech(Event(EventName.HOLD_START, h.start, h.start, h), daily_back) for h in cat]

    assert said[0] is not None and said[0].startswith("Cat, 1 of 10. Round your back up")
    assert said[2] == "Cat, 3 of 10."
    assert said[9] == "Cat, 10 of 10. Last one."
