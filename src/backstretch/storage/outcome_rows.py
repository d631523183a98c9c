"""Questionnaire responses to database rows and back (shared by the SQL repositories; no
SQLAlchemy here). The answers are kept as JSON text, a list of the items' values in item order."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from backstretch.core.history import parse_timestamp
from backstretch.core.person import Person
from backstretch.core.record_data import questionnaire_response_data
from backstretch.storage.rows import calendar_day, columns

if TYPE_CHECKING:  # loaded inside the reader below: quick commands never read this table
    from backstretch.core.outcomes import QuestionnaireResponse

RESPONSE_COLUMNS = (
    "person_id",
    "id",
    "questionnaire",
    "answered_at",
    "day",
    "answers",
    "score",
    "subscale",
    "risk",
)


def response_row(response: QuestionnaireResponse, person: Person) -> dict[str, Any]:
    data = questionnaire_response_data(response)
    data["answers"] = json.dumps(data["answers"], separators=(",", ":"))
    return columns(data, person.id, day=calendar_day(response.answered_at, person))


def response_from_row(row: Mapping[Any, Any]) -> QuestionnaireResponse:
    from backstretch.core.outcomes import QuestionnaireResponse, RiskGroup

    subscale, risk = row["subscale"], row["risk"]
    return QuestionnaireResponse(
        row["id"],
        row["questionnaire"],
        parse_timestamp(row["answered_at"]),
        tuple(int(value) for value in json.loads(row["answers"])),
        float(row["score"]),
        None if subscale is None else int(subscale),
        None if risk is None else RiskGroup(risk),
    )
