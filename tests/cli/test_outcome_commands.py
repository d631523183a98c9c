"""`backstretch outcomes`, as a person at the terminal and a script run it, and the one line
`start` says when a questionnaire is due."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner

from backstretch.cli import outcome_commands
from backstretch.cli.app import App
from backstretch.cli.outcome_commands import outcomes
from backstretch.cli.session_command import start
from backstretch.core.errors import BackstretchError
from backstretch.core.outcomes import RiskGroup
from backstretch.storage import MemoryRepository
from backstretch.storage.repository import Repository

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ALL_AGREED = "1\n" * 8 + "4\n"


@dataclass
class FakeApp(App):
    repository: Repository | None = None
    wall_clock: Callable[[], datetime] | None = None


def invoke(command: Any, *args: str, repository: Repository, input: str = "",
           at: datetime = NOON) -> Any:  # fmt: skip
    app = FakeApp(repository=repository, wall_clock=lambda: at)
    return CliRunner().invoke(command, list(args), obj=app, input=input)


def said(result: Any) -> str:
    error = result.exception
    return result.output + (f"Error: {error}" if isinstance(error, BackstretchError) else "")


@pytest.fixture
def at_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outcome_commands, "stdin_is_terminal", lambda: True)


def test_a_script_answers_startback_and_sees_the_score_the_group_and_what_it_means() -> None:
    repository = MemoryRepository()
    result = invoke(outcomes, "startback", repository=repository, input=ALL_AGREED)
    assert result.exit_code == 0, said(result)
    assert "Score: 9 of 9 (psychosocial subscale 5 of 5)" in result.output
    assert "Group: high risk" in result.output
    assert "talk to a clinician" in result.output
    [stored] = repository.questionnaire_responses()
    assert (stored.score, stored.risk) == (9, RiskGroup.HIGH)


def test_peg_answers_give_the_mean_to_one_decimal() -> None:
    result = invoke(outcomes, "peg", repository=MemoryRepository(), input="5\n6\n5\n")
    assert result.exit_code == 0, said(result)
    assert "Score: 5.3 of 10" in result.output


def test_a_bad_scripted_answer_is_one_error_and_stores_nothing() -> None:
    repository = MemoryRepository()
    result = invoke(outcomes, "peg", repository=repository, input="5\n11\n5\n")
    assert result.exit_code == 1
    assert said(result).endswith(
        "Error: peg, item 2: the answer must be a whole number from 0 to 10 (got '11')"
    )
    assert repository.questionnaire_responses() == []


def test_a_missing_scripted_answer_stores_nothing() -> None:
    repository = MemoryRepository()
    result = invoke(outcomes, "peg", repository=repository, input="5\n")
    assert "peg, item 2: the answer is missing; give 3 answers" in said(result)
    assert repository.questionnaire_responses() == []


@pytest.mark.usefixtures("at_the_terminal")
def test_at_the_terminal_each_item_is_asked_with_its_answers_and_a_wrong_one_again() -> None:
    repository = MemoryRepository()
    result = invoke(outcomes, "startback", repository=repository, input="7\n" + ALL_AGREED)
    assert result.exit_code == 0, said(result)
    assert "Keele STarT Back Screening Tool, 1 of 9" in result.output
    assert "My back pain has spread down my leg(s)" in result.output
    assert "   0  Disagree\n   1  Agree" in result.output
    assert "startback, item 1: the answer must be 0 (Disagree), 1 (Agree) (got '7')." in (
        result.output
    )
    assert repository.questionnaire_responses()[0].score == 9


@pytest.mark.usefixtures("at_the_terminal")
def test_b_goes_back_to_the_item_before_and_changes_its_answer() -> None:
    repository = MemoryRepository()
    result = invoke(outcomes, "peg", repository=repository, input="9\nb\n1\n2\n3\n")
    assert result.exit_code == 0, said(result)
    assert "your answer, or b to go back" in result.output
    assert repository.questionnaire_responses()[0].answers == (1, 2, 3)


@pytest.mark.usefixtures("at_the_terminal")
def test_stopping_half_way_stores_nothing() -> None:
    repository = MemoryRepository()  # Ctrl-C and the end of input both abort click's prompt
    result = invoke(outcomes, "startback", repository=repository, input="1\n1\n")
    assert result.exit_code == 1  # click's Abort; the entry point turns it into "Stopped." (130)
    assert repository.questionnaire_responses() == []


def test_without_a_name_both_are_asked_at_the_start() -> None:
    repository = MemoryRepository()
    result = invoke(outcomes, repository=repository, input=ALL_AGREED + "1\n1\n1\n")
    assert result.exit_code == 0, said(result)
    assert sorted(r.questionnaire for r in repository.questionnaire_responses()) == [
        "peg",
        "startback",
    ]


def test_without_a_name_and_nothing_due_it_says_when_and_how_to_answer_anyway() -> None:
    repository = MemoryRepository()
    invoke(outcomes, repository=repository, input=ALL_AGREED + "1\n1\n1\n")
    result = invoke(outcomes, repository=repository, at=NOON + timedelta(days=13))
    assert "No questionnaire is due" in result.output
    assert "backstretch outcomes peg" in result.output


def test_history_lists_the_scores_newest_first_with_the_group() -> None:
    repository = MemoryRepository()
    invoke(outcomes, "peg", repository=repository, input="6\n6\n6\n")
    invoke(outcomes, "peg", repository=repository, input="2\n3\n3\n", at=NOON + timedelta(days=14))
    later = NOON + timedelta(hours=1)
    invoke(outcomes, "startback", repository=repository, input="0\n" * 9, at=later)
    result = invoke(outcomes, "--history", repository=repository)
    assert result.output.splitlines() == [
        "2026-03-16  PEG pain scale: 2.7",
        "2026-03-02  Keele STarT Back Screening Tool: 0  low risk",
        "2026-03-02  PEG pain scale: 6.0",
    ]


def test_history_as_json_gives_every_field_of_each_response() -> None:
    repository = MemoryRepository()
    invoke(outcomes, "startback", repository=repository, input=ALL_AGREED)
    [response] = json.loads(invoke(outcomes, "--history", "--json", repository=repository).output)
    assert response["questionnaire"] == "startback"
    assert (response["score"], response["subscale"], response["risk"]) == (9, 5, "high")
    assert response["answers"] == [1, 1, 1, 1, 1, 1, 1, 1, 4]


def test_history_before_any_answer_says_how_to_answer() -> None:
    result = invoke(outcomes, "--history", repository=MemoryRepository())
    assert result.output == "No questionnaire answered yet: run `backstretch outcomes`.\n"


def test_start_says_in_one_line_when_a_questionnaire_is_due() -> None:
    repository = MemoryRepository()
    result = invoke(start, "--yes", "--speed", "1000", repository=repository)
    assert result.exit_code == 0, said(result)
    due = [line for line in result.output.splitlines() if line.startswith("Due:")]
    assert due == [
        "Due: the Keele STarT Back Screening Tool and PEG pain scale (a minute or two, every "
        "14 days): backstretch outcomes"
    ]
    invoke(outcomes, repository=repository, input=ALL_AGREED + "1\n1\n1\n")
    again = invoke(start, "--yes", "--speed", "1000", repository=repository)
    assert "Due:" not in again.output


def test_stats_shows_each_questionnaires_scores_over_time() -> None:
    from backstretch.cli.stats_command import stats

    repository = MemoryRepository()
    invoke(outcomes, "startback", repository=repository, input=ALL_AGREED)
    invoke(outcomes, "startback", repository=repository, input="1\n1\n0\n0\n1\n0\n0\n0\n3\n",
           at=NOON + timedelta(days=14))  # fmt: skip
    invoke(outcomes, "peg", repository=repository, input="6\n6\n6\n")
    result = invoke(stats, repository=repository, at=NOON + timedelta(days=15))
    assert result.exit_code == 0, said(result)
    assert (
        "Keele STarT Back Screening Tool: 9 (high) → 4 (medium), latest 2026-03-16" in result.output
    )
    assert "PEG pain scale: 6, latest 2026-03-02" in result.output
    document = json.loads(invoke(stats, "--json", repository=repository).output)
    assert [s["risk"] for s in document["questionnaires"]["startback"]] == ["high", "medium"]
