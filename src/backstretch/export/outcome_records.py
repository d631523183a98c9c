"""Questionnaire responses in a history file: read back and checked like the other records.

A response is scored again from its answers (core/outcomes.py), and a file whose score, subscale
or risk group disagrees with its answers is refused: those numbers are what a clinician reads,
so they must be the ones the answers give.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from backstretch.core.history import InvalidRecord, shown_value
from backstretch.export.history_records import Window, integer, missing, number, text

if TYPE_CHECKING:
    from backstretch.core.outcomes import QuestionnaireResponse


def answers(value: object) -> list[Any]:
    """The answers as a list: as they are in JSON, from their JSON text in a CSV cell."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if len(value) <= 200 else None
        except (ValueError, RecursionError):
            value = None
    if not isinstance(value, list):
        raise InvalidRecord(
            f"answers must be a list of the items' values, such as [1,0,0,1,0,0,0,0,2] "
            f"(got {shown_value(value)!r})"
        )
    return value


def read_questionnaire_response(row: Mapping[str, Any], window: Window) -> QuestionnaireResponse:
    from backstretch.core.outcomes import InvalidAnswers, respond, score_text

    try:
        response = respond(
            row.get("questionnaire"),
            answers(row.get("answers")),
            text(row.get("id"), "id", 36),
            window.moment(row.get("answered_at"), "answered_at"),
        )
    except InvalidAnswers as error:
        raise InvalidRecord(str(error)) from None
    given = (
        number(row.get("score"), "score", 0, 10),
        None if missing(row.get("subscale")) else integer(row.get("subscale"), "subscale", 0, 5),
        None if missing(row.get("risk")) else row.get("risk"),
    )
    scored = (response.score, response.subscale, response.risk)
    if given != scored:
        risk = f", risk {response.risk}" if response.risk else ""
        subscale = f", subscale {response.subscale}" if response.subscale is not None else ""
        raise InvalidRecord(
            f"score {given[0]:g}, subscale {given[1]}, risk {given[2]} do not match the answers, "
            f"which score {score_text(response)}{subscale}{risk}"
        )
    return response
