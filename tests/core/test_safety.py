"""Red-flag screening rules (CLINICAL.md §1): order, levels, locks, resolution and re-asking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backstretch.core.adaptations import KNEE_CAUTION, for_knee_problem
from backstretch.core.errors import BackstretchError
from backstretch.core.safety import (
    EMERGENCY_ACTION,
    URGENT_ACTION,
    AgeLimits,
    Clearance,
    Intervals,
    Level,
    ScreeningAnswer,
    action_for,
    due_questions,
    knee_problem,
    onset_age_is_red_flag,
    parse_age_limits,
    parse_answer,
    questions,
    safety_status,
)
from tests.conftest import make_exercise, make_routine

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
IDS = [q.id for q in questions()]


def screening(
    at: datetime, yes: tuple[str, ...] = (), only: list[str] | None = None
) -> list[ScreeningAnswer]:
    return [
        ScreeningAnswer(f"s-{at.isoformat()}", q, q in yes, at + timedelta(seconds=n))
        for n, q in enumerate(only or IDS)
    ]


def clearance(on: date, at: datetime) -> Clearance:
    return Clearance("c", on, at)


def test_questions_come_in_clinical_order_emergency_then_urgent_then_the_rest() -> None:
    assert IDS[:19] == [str(n) for n in range(1, 20)]
    assert IDS[19:] == ["surgery", "pregnancy", "osteoporosis", "knee"]
    levels = [q.level for q in questions()]
    assert levels[:7] == [Level.EMERGENCY] * 7
    assert levels[7:19] == [Level.URGENT] * 12
    assert levels[19:22] == [Level.CLEARANCE] * 3 and levels[22] is Level.ADAPT


def test_questions_are_plain_yes_no_questions_that_never_say_push_through() -> None:
    for question in questions():
        assert question.text.endswith("?")
        assert "push through" not in question.text.lower()


@pytest.mark.parametrize("level", list(Level))
def test_every_level_has_an_action_never_a_diagnosis(level: Level) -> None:
    assert action_for(level)
    assert "push through" not in action_for(level).lower()


def test_the_actions_are_the_clinical_wording() -> None:
    assert action_for(Level.EMERGENCY) == EMERGENCY_ACTION
    assert (
        EMERGENCY_ACTION == "Go to an emergency department or call your local emergency number now."
    )
    assert URGENT_ACTION == "Contact a doctor today or within 24 hours."


@pytest.mark.parametrize(("age", "flag"), [(19, True), (20, False), (50, False), (51, True)])
def test_pain_first_starting_under_20_or_over_50_is_a_red_flag(age: int, flag: bool) -> None:
    assert onset_age_is_red_flag(age) is flag


def test_the_age_limits_are_a_setting() -> None:
    limits = AgeLimits(young=20, old=55)
    assert not onset_age_is_red_flag(55, limits)
    assert onset_age_is_red_flag(56, limits)
    assert "over 55" in questions(limits)[17].text


@pytest.mark.parametrize(
    ("text", "limits"), [("20,55", AgeLimits(20, 55)), (" 18 , 60", AgeLimits(18, 60))]
)
def test_age_limits_are_read_from_two_ages(text: str, limits: AgeLimits) -> None:
    assert parse_age_limits(text) == limits


@pytest.mark.parametrize("text", ["55", "55,20", "20,20", "²,³", "-1,50", "20,50,60", ""])
def test_age_limits_that_are_not_two_rising_ages_are_refused_with_the_setting_named(
    text: str,
) -> None:
    with pytest.raises(BackstretchError, match=r"^--age-limits must be two ages, the lower first"):
        parse_age_limits(text, "--age-limits")


@pytest.mark.parametrize(
    ("text", "value"),
    [("y", True), ("YES", True), (" n ", False), ("no", False), ("maybe", None), ("", None)],
)
def test_answers_are_y_or_n(text: str, value: bool | None) -> None:
    assert parse_answer(text) is value


def test_no_answers_mean_not_screened_and_not_locked() -> None:
    status = safety_status([], [])
    assert not status.screened and not status.locked


def test_all_no_answers_leave_the_programme_open() -> None:
    status = safety_status(screening(NOW), [])
    assert status.screened and not status.locked and not status.clearance_first


@pytest.mark.parametrize("question", [str(n) for n in range(1, 8)])
def test_any_emergency_yes_locks_the_programme(question: str) -> None:
    status = safety_status(screening(NOW, (question,)), [])
    assert status.locked and status.emergency == (question,)
    assert EMERGENCY_ACTION in status.refusal()
    assert "backstretch check --cleared" in status.refusal()


def test_an_emergency_answer_is_resolved_by_a_later_screening_answering_no() -> None:
    answers = screening(NOW, ("3",)) + screening(NOW + timedelta(hours=2))
    assert not safety_status(answers, []).locked


def test_an_emergency_answer_is_resolved_by_a_later_clearance() -> None:
    answers = screening(NOW, ("3",))
    later = NOW + timedelta(days=1)
    assert not safety_status(answers, [clearance(later.date(), later)]).locked


@pytest.mark.parametrize("question", [str(n) for n in range(8, 20)])
def test_any_urgent_yes_locks_until_a_clinician_clears(question: str) -> None:
    status = safety_status(screening(NOW, (question,)), [])
    assert status.locked and status.urgent == (question,)
    assert URGENT_ACTION in status.refusal()


def test_a_later_no_does_not_unlock_an_urgent_answer() -> None:
    answers = screening(NOW, ("10",)) + screening(NOW + timedelta(days=1))
    assert safety_status(answers, []).urgent == ("10",)


def test_a_clearance_recorded_after_the_urgent_answer_unlocks() -> None:
    answers = screening(NOW, ("10",))
    later = NOW + timedelta(hours=5)
    assert not safety_status(answers, [clearance(later.date(), later)]).locked


def test_a_clearance_from_before_the_urgent_answer_does_not_unlock() -> None:
    earlier = NOW - timedelta(days=2)
    answers = screening(NOW, ("10",))
    assert safety_status(answers, [clearance(earlier.date(), earlier)]).locked


def test_a_clearance_dated_before_the_answer_does_not_unlock_even_if_recorded_later() -> None:
    answers = screening(NOW, ("10",))
    assert safety_status(answers, [clearance(date(2026, 3, 1), NOW + timedelta(hours=1))]).locked


def test_a_new_urgent_yes_after_a_clearance_locks_again() -> None:
    later = NOW + timedelta(hours=5)
    answers = screening(NOW, ("10",)) + screening(NOW + timedelta(days=3), ("8",))
    status = safety_status(answers, [clearance(later.date(), later)])
    assert status.urgent == ("8",)


def test_clearance_first_answers_do_not_lock_but_are_reported_until_cleared() -> None:
    status = safety_status(screening(NOW, ("pregnancy", "surgery")), [])
    assert not status.locked
    assert status.clearance_first == ("surgery", "pregnancy")
    later = NOW + timedelta(hours=1)
    cleared = safety_status(screening(NOW, ("pregnancy",)), [clearance(later.date(), later)])
    assert cleared.clearance_first == ()


def test_a_knee_problem_is_taken_from_the_latest_answer() -> None:
    assert safety_status(screening(NOW, ("knee",)), []).knee
    answers = screening(NOW, ("knee",)) + screening(NOW + timedelta(days=8))
    assert not safety_status(answers, []).knee


def test_the_knee_answers_alone_tell_a_knee_problem_as_the_whole_status_does() -> None:
    said_yes, said_no = screening(NOW, ("knee",)), screening(NOW + timedelta(days=8))
    for answers in (said_yes, said_no + said_yes, said_yes + said_no, []):
        knee_only = [answer for answer in answers if answer.question == "knee"]
        assert knee_problem(knee_only) == safety_status(answers, []).knee


def test_everything_is_due_at_first_use() -> None:
    assert [q.id for q in due_questions([], NOW)] == IDS


def test_emergency_questions_are_due_again_after_a_day_and_the_rest_after_a_week() -> None:
    answers = screening(NOW - timedelta(days=1, seconds=30))
    due = [q.id for q in due_questions(answers, NOW)]
    assert due == [str(n) for n in range(1, 8)]
    assert [q.id for q in due_questions(screening(NOW - timedelta(hours=23)), NOW)] == []
    weekly = [q.id for q in due_questions(screening(NOW - timedelta(days=7, minutes=5)), NOW)]
    assert weekly == IDS


def test_exactly_a_day_old_is_not_yet_due() -> None:
    answers = screening(NOW - timedelta(days=1), only=["1"])
    assert "1" not in [q.id for q in due_questions(answers, NOW + timedelta(seconds=0))]
    assert "1" in [q.id for q in due_questions(answers, NOW + timedelta(seconds=1))]


def test_the_intervals_are_settings() -> None:
    answers = screening(NOW - timedelta(hours=3))
    quick = Intervals(quick=timedelta(hours=2), full=timedelta(days=7))
    assert [q.id for q in due_questions(answers, NOW, quick)] == [str(n) for n in range(1, 8)]


def test_the_knee_adaptation_makes_the_heels_caution_prominent_and_removes_kneeling() -> None:
    routine = make_routine(
        make_exercise(id="hip-flexor", name="Hip Flexor", steps=("Kneel on one knee.",)),
        make_exercise(id="childs-pose", name="Child's Pose", cautions=("Go gently.",)),
        make_exercise(id="hamstring", name="Hamstring"),
    )
    adapted = for_knee_problem(routine)
    hip, child, hamstring = adapted.exercises
    assert "kneel" not in " ".join(hip.steps).lower().replace("kneeling-free", "")
    assert "chair" in " ".join(hip.steps)
    assert (hip.hold_seconds, hip.reps, hip.sides) == (5, 2, routine.exercises[0].sides)
    assert child.cautions[0] == KNEE_CAUTION
    assert "do not sit right back onto your heels" in child.cautions[0]
    assert hamstring == routine.exercises[2]
    assert routine.exercises[0].name == "Hip Flexor"  # the input is untouched
    assert getattr(hip, "pose", None) is None  # no kneeling picture beside standing steps
