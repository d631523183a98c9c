"""The outcome questionnaires in the browser: the page /outcomes (radio buttons, one form per
questionnaire) and the API it posts to. Scoring and storing are coach/outcomes.py's, as for the
terminal; a wrong answer is answered 422 with the same message `backstretch outcomes` prints."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.requests import Request

from backstretch.coach.outcomes import due_now, record_response, trend
from backstretch.core.outcomes import (
    DUE_EVERY_DAYS,
    QUESTIONNAIRES,
    QuestionnaireResponse,
    meaning,
    score_text,
)
from backstretch.core.record_data import questionnaire_response_data
from backstretch.web.services import Services, services_of
from backstretch.web.shapes import error_answers

api = APIRouter(prefix="/api", tags=["api"], responses=error_answers(400, 403, 413, 421, 422, 503))
pages = APIRouter(include_in_schema=False)
Use = Annotated[Services, Depends(services_of)]


class Answers(BaseModel):
    """The answers, one per item in item order: the values docs/outcomes.md lists."""

    answers: list[int] = Field(max_length=20)


def response_answer(response: QuestionnaireResponse) -> dict[str, Any]:
    """A stored response as the API answers it: its record, and what it means in words."""
    return {
        **questionnaire_response_data(response),
        "score_text": score_text(response),
        "meaning": meaning(response),
    }


@api.get("/outcomes")
def list_outcomes(services: Use) -> dict[str, Any]:
    """Every questionnaire response, oldest first, and the questionnaires due today."""
    repository = services.repository
    return {
        "responses": [response_answer(r) for r in repository.questionnaire_responses()],
        "due": [chosen.id for chosen in due_now(repository, services.clock.now())],
        "due_every_days": DUE_EVERY_DAYS,
    }


@api.post("/outcomes/{questionnaire}", status_code=201, responses=error_answers(403))
def answer_questionnaire(questionnaire: str, body: Answers, services: Use) -> dict[str, Any]:
    """Score the answers (STarT Back: total, subscale, risk group; PEG: the mean) and store
    them; 422 naming the first answer that does not fit, with nothing stored."""
    response = record_response(
        services.repository, questionnaire, body.answers, services.clock.now()
    )
    return response_answer(response)


@pages.get("/outcomes", response_class=HTMLResponse)
def outcomes_page(request: Request) -> HTMLResponse:
    from backstretch.web.pages import render

    services: Services = services_of(request)
    repository = services.repository
    person = repository.person
    return render(
        request,
        "outcomes.html",
        questionnaires=list(QUESTIONNAIRES.values()),
        due=[chosen.id for chosen in due_now(repository, services.clock.now())],
        scores=trend(repository.questionnaire_responses(), person.day_of),
        page="outcomes",
    )
