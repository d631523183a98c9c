"""Outcome questionnaires as use cases: answer one (scored in core, then stored), which are due,
and the scores over time. The terminal, the browser and the reports call these; none of them
scores anything itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from backstretch.core.history import new_id
from backstretch.core.outcomes import (
    DUE_EVERY_DAYS,
    QUESTIONNAIRES,
    Questionnaire,
    QuestionnaireResponse,
    due,
    questionnaire,
    respond,
)
from backstretch.storage.repository import Repository

OUTCOMES_COMMAND = "backstretch outcomes"


def record_response(
    repository: Repository, questionnaire_id: object, answers: Sequence[object], now: datetime
) -> QuestionnaireResponse:
    """Score the answers and store the response; InvalidAnswers (nothing stored) if they do not
    fit the questionnaire."""
    response = respond(questionnaire_id, answers, new_id(), now)
    repository.add_questionnaire_response(response)
    return response


def due_now(repository: Repository, now: datetime) -> list[Questionnaire]:
    """The questionnaires due today in the person's calendar: never answered, or last answered
    DUE_EVERY_DAYS ago or more."""
    person = repository.person
    return due(repository.questionnaire_responses(), person.day_of(now), person.day_of)


def due_notice(repository: Repository, now: datetime) -> str | None:
    """One line saying which questionnaires are due and how to answer them, or None."""
    chosen = due_now(repository, now)
    if not chosen:
        return None
    names = " and ".join(q.name for q in chosen)
    return f"Due: the {names} (a minute or two, every {DUE_EVERY_DAYS} days): {OUTCOMES_COMMAND}"


def responses_of(
    repository: Repository, questionnaire_id: str | None = None
) -> list[QuestionnaireResponse]:
    """Stored responses, oldest first; of one questionnaire when it is named."""
    if questionnaire_id is not None:
        questionnaire(questionnaire_id)  # InvalidAnswers for an unknown name
    return [
        response
        for response in repository.questionnaire_responses()
        if questionnaire_id is None or response.questionnaire == questionnaire_id
    ]


def trend(
    responses: Sequence[QuestionnaireResponse], day_of: Callable[[datetime], date]
) -> dict[str, list[dict[str, Any]]]:
    """Each questionnaire's scores over time, oldest first: day, score, subscale and group (as
    `stats --json` and the history page show them)."""
    scores: dict[str, list[dict[str, Any]]] = {chosen: [] for chosen in QUESTIONNAIRES}
    for response in sorted(responses, key=lambda r: r.answered_at):
        scores[response.questionnaire].append({
            "day": day_of(response.answered_at).isoformat(),
            "score": response.score,
            "subscale": response.subscale,
            "risk": response.risk.value if response.risk else None,
        })  # fmt: skip
    return scores


def trend_lines(
    responses: Sequence[QuestionnaireResponse], day_of: Callable[[datetime], date]
) -> list[str]:
    """One line per questionnaire answered: its scores in order, and the day of the latest."""
    lines = []
    for chosen, scores in trend(responses, day_of).items():
        if scores:
            shown = " → ".join(
                f"{s['score']:g}" + (f" ({s['risk']})" if s["risk"] else "") for s in scores
            )
            lines.append(f"{QUESTIONNAIRES[chosen].name}: {shown}, latest {scores[-1]['day']}")
    return lines
