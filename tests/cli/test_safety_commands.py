"""`check`, the safety gate of `start`, and `plan`, as people and scripts run them."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner

from backstretch.cli import safety_commands
from backstretch.cli.app import App
from backstretch.cli.plan_command import plan
from backstretch.cli.safety_commands import check
from backstretch.cli.safety_gate import check_before_session
from backstretch.cli.session_command import start
from backstretch.core.errors import BackstretchError
from backstretch.core.history import PainContext, PainRating
from backstretch.core.safety import EMERGENCY_ACTION, NOT_MEDICAL_ADVICE, URGENT_ACTION
from backstretch.storage import MemoryRepository
from backstretch.storage.repository import Repository

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
QUESTIONS = 23


@dataclass
class FakeApp(App):
    repository: Repository | None = None
    wall_clock: Callable[[], datetime] | None = None


def invoke(
    command: Any, *args: str, repository: Repository, input: str = "", at: datetime = NOON
) -> Any:
    app = FakeApp(repository=repository, wall_clock=lambda: at)
    return CliRunner().invoke(command, list(args), obj=app, input=input)


def said(result: Any) -> str:
    """What the person sees: the output, and the one-line error the entry point prints."""
    error = result.exception
    return result.output + (f"Error: {error}" if isinstance(error, BackstretchError) else "")


def answers(*yes: int) -> str:
    """One line per question, y for the (1-based) positions given."""
    return "".join("y\n" if n in yes else "n\n" for n in range(1, QUESTIONS + 1))


def test_all_no_answers_are_stored_with_their_date_and_exit_0() -> None:
    repository = MemoryRepository()
    result = invoke(check, repository=repository, input=answers())
    assert result.exit_code == 0, result.output
    stored = repository.screening_answers()
    assert len(stored) == QUESTIONS and not any(a.answer for a in stored)
    assert all(a.answered_at == NOON for a in stored)
    assert NOT_MEDICAL_ADVICE in result.output
    assert "allow the routine" in result.output


def test_scripted_answers_get_no_prompts_in_between() -> None:
    result = invoke(check, repository=MemoryRepository(), input=answers())
    assert "?" not in result.output  # no question text was printed between the answers


def test_an_emergency_answer_says_go_now_and_stops_asking() -> None:
    repository = MemoryRepository()
    result = invoke(check, repository=repository, input="n\nn\ny\n")
    assert result.exit_code == 3, result.output
    assert EMERGENCY_ACTION in result.output
    assert [a.answer for a in repository.screening_answers()] == [False, False, True]


def test_an_urgent_answer_says_contact_a_doctor_and_exits_4() -> None:
    repository = MemoryRepository()
    result = invoke(check, repository=repository, input=answers(10))
    assert result.exit_code == 4, result.output
    assert result.output.count(URGENT_ACTION) >= 1
    assert "backstretch check --cleared" in result.output


@pytest.mark.parametrize(
    ("given", "message"),
    [("n\nn\n", "answer 3 of 23"), ("n\nmaybe\n", "must be y or n (got 'maybe')")],
)
def test_a_missing_or_bad_answer_is_one_error_line_and_nothing_is_stored(
    given: str, message: str
) -> None:
    repository = MemoryRepository()
    result = invoke(check, repository=repository, input=given)
    assert result.exit_code == 1
    assert message in said(result) and "nothing was stored" in said(result)
    assert repository.screening_answers() == []


def test_interactive_check_asks_again_after_a_bad_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety_commands, "stdin_is_terminal", lambda: True)
    repository = MemoryRepository()
    result = invoke(check, repository=repository, input="perhaps\n" + answers())
    assert result.exit_code == 0, result.output
    assert "Please answer y (yes) or n (no)." in result.output
    assert "between your legs" in result.output  # the questions are shown one at a time
    assert len(repository.screening_answers()) == QUESTIONS


def test_cleared_records_the_day_and_unlocks() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(8))
    result = invoke(
        check, "--cleared", "--date", "2026-03-02", "--note", "GP", repository=repository,
        at=NOON + timedelta(hours=2),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert repository.clearances()[0].note == "GP"
    assert "open again" in result.output


def test_a_clearance_in_the_future_is_refused() -> None:
    result = invoke(check, "--cleared", "--date", "2026-03-09", repository=MemoryRepository())
    assert result.exit_code == 1
    assert "--date must be today or earlier (got 2026-03-09)" in said(result)


def test_age_limits_are_a_setting_with_a_clear_error() -> None:
    repository = MemoryRepository()
    assert invoke(check, "--age-limits", "20,55", repository=repository).exit_code == 0
    assert repository.get_setting("safety.age_limits") == "20,55"
    bad = invoke(check, "--age-limits", "55", repository=repository)
    assert bad.exit_code == 1 and "--age-limits must be two ages" in said(bad)


# -- start --------------------------------------------------------------------------------------
def start_quickly(repository: Repository, *args: str, at: datetime = NOON) -> Any:
    return invoke(start, "--speed", "1000", *args, repository=repository, at=at)


def test_start_with_yes_and_no_screening_reminds_once_and_goes_on() -> None:
    result = start_quickly(MemoryRepository(), "--yes")
    assert result.exit_code == 0, result.output
    assert result.output.count("run `backstretch check`") == 1
    assert "routine complete" in result.output


@pytest.mark.parametrize(("yes", "message"), [(3, "emergency"), (12, "a doctor")])
def test_start_refuses_after_an_emergency_or_urgent_answer_even_with_yes(
    yes: int, message: str
) -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(yes))
    result = start_quickly(repository, "--yes")
    assert result.exit_code == 1
    assert f"Error: your screening calls for {message}" in said(result)
    assert "backstretch check --cleared" in said(result)
    assert repository.summaries() == []


def test_an_emergency_answer_is_resolved_by_a_later_all_no_check() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(1))
    invoke(check, repository=repository, input=answers(), at=NOON + timedelta(hours=1))
    assert start_quickly(repository, "--yes", at=NOON + timedelta(hours=2)).exit_code == 0


def test_an_urgent_answer_needs_a_clearance_a_later_no_is_not_enough() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(9))
    invoke(check, repository=repository, input=answers(), at=NOON + timedelta(hours=1))
    assert start_quickly(repository, "--yes").exit_code == 1
    invoke(check, "--cleared", repository=repository, at=NOON + timedelta(hours=3))
    assert start_quickly(repository, "--yes", at=NOON + timedelta(hours=4)).exit_code == 0


def test_a_knee_problem_adapts_the_session() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(23))
    result = start_quickly(repository, "--yes", "--plain")
    assert result.exit_code == 0, result.output
    assert "Standing Hip Flexor (kneeling-free)" in result.output
    assert "do not sit right back onto your heels" in result.output


def test_clearance_first_answers_are_a_reminder_with_yes() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(21))
    result = start_quickly(repository, "--yes")
    assert result.exit_code == 0, result.output
    assert "Reminder: Check with your clinician before starting" in result.output


def test_the_first_interactive_start_runs_the_whole_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repository = MemoryRepository()
    monkeypatch.setattr("sys.stdin", io.StringIO(answers()))
    said: list[str] = []
    check_before_session(repository, NOON, ask=True, say=said.append)
    assert len(repository.screening_answers()) == QUESTIONS
    assert said[0] == NOT_MEDICAL_ADVICE
    # the next day only the emergency questions are due again
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n" * 7))
    check_before_session(repository, NOON + timedelta(days=1, hours=1), ask=True, say=said.append)
    assert len(repository.screening_answers()) == QUESTIONS + 7


def test_an_interactive_emergency_answer_before_a_session_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repository = MemoryRepository()
    monkeypatch.setattr("sys.stdin", io.StringIO("n\ny\n"))
    said: list[str] = []
    with pytest.raises(BackstretchError, match="emergency"):
        check_before_session(repository, NOON, ask=True, say=said.append)
    assert EMERGENCY_ACTION in said


# -- plan ---------------------------------------------------------------------------------------
def test_plan_shows_the_routine_doses_and_that_progression_is_off() -> None:
    result = invoke(plan, repository=MemoryRepository())
    assert result.exit_code == 0, result.output
    assert "Hip Flexor Stretch" in result.output and "10 s x 5" in result.output
    assert "Progression is off" in result.output


def settled_days(repository: Repository, first: datetime, days: int) -> None:
    """A session and a settled morning rating on each day."""
    repository.add_pain(PainRating("usual", 3, PainContext.USUAL, first - timedelta(hours=6)))
    for day in range(days):
        at = first + timedelta(days=day)
        repository.add_pain(PainRating(f"m{day}", 2, PainContext.MORNING, at - timedelta(hours=4)))
        assert start_quickly(repository, "--yes", "--pain-after", "2", at=at).exit_code == 0


def test_progression_raises_doses_after_three_settled_days_and_says_why() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(), at=NOON - timedelta(days=1))
    invoke(plan, "--progress", "on", repository=repository, at=NOON - timedelta(hours=1))
    settled_days(repository, NOON, 3)
    later = NOON + timedelta(days=3)
    repository.add_pain(PainRating("m3", 2, PainContext.MORNING, later - timedelta(hours=4)))
    result = start_quickly(repository, "--yes", at=later)
    assert result.exit_code == 0, result.output
    assert "Hip Flexor Stretch: holds go from 10 s to 15 s because" in result.output
    assert "Trunk Rotation: reps go from 10 to 11 because" in result.output
    shown = invoke(plan, repository=repository, at=later)
    assert "15 s x 5" in shown.output and "holds go from 10 s to 15 s" in shown.output
    seed = start_quickly(repository, "--yes", "--seed-doses", "--plain", at=later)
    assert "Hip Flexor Stretch, hold 10 s" in seed.output


def test_an_unsettled_morning_takes_the_dose_back_one_step() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(), at=NOON - timedelta(days=1))
    invoke(plan, "--progress", "on", repository=repository, at=NOON - timedelta(hours=1))
    settled_days(repository, NOON, 3)
    raised = NOON + timedelta(days=3)
    repository.add_pain(PainRating("m3", 2, PainContext.MORNING, raised - timedelta(hours=4)))
    start_quickly(repository, "--yes", at=raised)
    sore = NOON + timedelta(days=4)
    repository.add_pain(PainRating("m4", 6, PainContext.MORNING, sore - timedelta(hours=4)))
    result = start_quickly(repository, "--yes", at=sore)
    assert "holds go from 15 s to 10 s because morning pain" in result.output
    assert "going back one step" in result.output


def test_start_with_yes_reminds_when_questions_are_due_again() -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(), at=NOON - timedelta(days=2))
    result = start_quickly(repository, "--yes")
    assert result.exit_code == 0, result.output
    assert "some safety questions are due again" in result.output


def test_clearance_first_asks_at_an_interactive_start_and_records_a_yes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repository = MemoryRepository()
    invoke(check, repository=repository, input=answers(20))
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    with pytest.raises(BackstretchError, match="check with your clinician before starting"):
        check_before_session(repository, NOON, ask=True, say=print)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    check_before_session(repository, NOON, ask=True, say=print)
    assert repository.clearances()[0].note == "confirmed before a session"
    assert check_before_session(repository, NOON, ask=True, say=print).clearance_first == ()


def test_the_first_start_of_a_day_asks_about_this_morning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backstretch.cli.safety_gate import morning_rating

    repository = MemoryRepository()
    repository.add_pain(PainRating("u", 3, PainContext.USUAL, NOON - timedelta(days=1)))
    said: list[str] = []
    asked: list[str] = []

    def ask(question: str) -> int:
        asked.append(question)
        return 5

    assert morning_rating(repository, NOON, ask, said.append) == 5
    assert asked == ["How is your back this morning?"]
    assert repository.pain_ratings()[-1].context is PainContext.MORNING
    assert "sorer than usual this morning (5, usual 3)" in said[0]
    assert morning_rating(repository, NOON + timedelta(hours=1), ask, said.append) is None
    assert len(asked) == 1  # once a day


def test_two_unsettled_mornings_make_start_and_check_status_advise_a_clinician() -> None:
    repository = MemoryRepository()
    repository.add_pain(PainRating("u", 2, PainContext.USUAL, NOON - timedelta(days=3)))
    for day in (1, 0):
        at = NOON - timedelta(days=day, hours=4)
        repository.add_pain(PainRating(f"m{day}", 5, PainContext.MORNING, at))
    invoke(check, repository=repository, input=answers())
    result = start_quickly(repository, "--yes")
    assert "not settled by the morning two days in a row" in result.output
    assert "see a clinician" in result.output
    status = invoke(check, "--status", repository=repository)
    assert "two days in a row" in status.output
