"""Sessions, pain and questionnaires as FHIR R4 resources (the Bundle is built in export/fhir.py).

A session is an Observation of LOINC 55411-3 "Exercise duration" in minutes, with the holds
completed, skipped and planned as components; every pain rating (morning, before, after, usual)
and every pain report made during a stretch ("during") is an Observation of LOINC 72514-3, 0-10,
with its context as a component. docs/fhir.md describes each code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from backstretch.core.history import (
    History,
    HoldRecord,
    PainRating,
    SessionRecord,
    SessionStatus,
    in_position,
)
from backstretch.core.pain_rules import PainReport
from backstretch.export.fhir_elements import (
    BASE,
    LOINC,
    SNOMED,
    coding,
    concept,
    identifier,
    instant,
    quantity,
    reference,
    resource_id,
    system,
)

CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
EXERCISE_DURATION = (LOINC, "55411-3", "Exercise duration")
PAIN_SEVERITY = (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
# When a pain rating was taken; the SNOMED CT exertion-phase qualifiers where one fits
PAIN_CONTEXTS = {
    "morning": ("On waking, the morning after", None),
    "before": ("Before the session", (SNOMED, "307166007", "Before exercise")),
    "after": ("After the session", (SNOMED, "255214003", "After exercise")),
    "usual": ("Usual pain over the last 24 hours", None),
    "during": ("During a stretch", (SNOMED, "309604004", "During exercise")),
}
SESSION_STATUS = {
    SessionStatus.COMPLETED: "final",
    SessionStatus.PARTIAL: "final",  # a partial session is finished: it stopped before the end
    SessionStatus.IN_PROGRESS: "preliminary",
}
COMPONENT_NAMES = {
    "holds-completed": "Holds completed",
    "holds-skipped": "Holds skipped",
    "holds-planned": "Holds planned",
    "seconds-held": "Seconds held",
    "seconds-in-position": "Seconds held in position (camera check), of the holds it measured",
    "session-status": "How the session ended",
    "pain-context": "When the pain was rated",
    "stretch": "The stretch in which pain was reported",
    "pain-kind": "Kind of pain",
    "pain-action": "What the coach did",
}


def component(name: str, **value: Any) -> dict[str, Any]:
    """A component coded in backstretch's `observation-component` system, with its value[x]."""
    return {"code": concept(coding(system("observation-component"), name, COMPONENT_NAMES[name])),
            **value}  # fmt: skip


def coded_component(name: str, system_name: str, code: str) -> dict[str, Any]:
    """A component whose value is a code of one of backstretch's code systems."""
    return component(name, valueCodeableConcept=concept(coding(system(system_name), code)))


def category(code: str, display: str) -> list[dict[str, Any]]:
    return [concept(coding(CATEGORY, code, display))]


# -- sessions -----------------------------------------------------------------------------------
def session_observations(
    history: History, subject: Mapping[str, str], routine_id: str, care_plan: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    """One Observation per session, oldest first, each with the pain rated in it as members;
    a session of the current routine is `basedOn` its CarePlan."""
    holds: dict[str, list[HoldRecord]] = {}
    for hold in history.holds:
        holds.setdefault(hold.session_id, []).append(hold)
    members: dict[str, list[str]] = {}
    for rating in history.pain:
        if rating.session_id is not None:
            members.setdefault(rating.session_id, []).append(resource_id("Observation", rating.id))
    for report in history.pain_reports:
        if report.session_id is not None:
            members.setdefault(report.session_id, []).append(resource_id("Observation", report.id))
    for session in sorted(history.sessions, key=lambda s: s.started_at):
        found = session_observation(session, holds.get(session.id, []), subject)
        if session.routine_id == routine_id:
            found["basedOn"] = [dict(care_plan)]
        if session.id in members:
            found["hasMember"] = [reference(member) for member in members[session.id]]
        yield found


def session_observation(
    session: SessionRecord, holds: Sequence[HoldRecord], subject: Mapping[str, str]
) -> dict[str, Any]:
    completed = sum(1 for hold in holds if hold.completed)
    found: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id("Observation", session.id),
        "identifier": [identifier("session", session.id)],
        "status": SESSION_STATUS[session.status],
        "category": category("activity", "Activity"),
        "code": concept(coding(*EXERCISE_DURATION), text=f"{session.routine_name} session"),
        "subject": dict(subject),
        "effectivePeriod": {"start": instant(session.started_at)},
        "component": [
            component("holds-completed", valueInteger=completed),
            component("holds-skipped", valueInteger=len(holds) - completed),
            component("holds-planned", valueInteger=session.holds_planned),
            component("seconds-held", valueQuantity=quantity(held_seconds(holds), "s", "s")),
            coded_component("session-status", "session-status", session.status.value),
        ],
    }
    measured = in_position(holds)
    if measured:
        seconds = quantity(measured.seconds, "s", "s")
        found["component"].insert(4, component("seconds-in-position", valueQuantity=seconds))
    if session.ended_at is None:
        found["dataAbsentReason"] = concept(coding(ABSENT, "temp-unknown", "Temporarily Unknown"))
        return found
    found["effectivePeriod"]["end"] = instant(session.ended_at)
    minutes = (session.ended_at - session.started_at).total_seconds() / 60
    found["valueQuantity"] = quantity(round(minutes, 2), "min", "min")
    return found


def held_seconds(holds: Sequence[HoldRecord]) -> float:
    return round(sum(hold.held_seconds for hold in holds), 1)


# -- pain ---------------------------------------------------------------------------------------
def pain_observations(history: History, subject: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    """Every pain rating and every pain report made during a stretch, oldest first."""
    found = [
        *((r.recorded_at, rating_observation(r, subject)) for r in history.pain),
        *((r.recorded_at, report_observation(r, subject)) for r in history.pain_reports),
    ]
    for _, observation in sorted(found, key=lambda pair: pair[0]):
        yield observation


def pain_observation(
    record_id: str, level: int, context: str, at: datetime, subject: Mapping[str, str]
) -> dict[str, Any]:
    words, snomed = PAIN_CONTEXTS[context]
    codings = [
        coding(system("pain-context"), context, words),
        *([coding(*snomed)] if snomed else []),
    ]
    return {
        "resourceType": "Observation",
        "id": resource_id("Observation", record_id),
        "identifier": [identifier("pain", record_id)],
        "status": "final",
        "category": category("survey", "Survey"),
        "code": concept(coding(*PAIN_SEVERITY), text="Back pain, 0 (none) to 10 (worst possible)"),
        "subject": dict(subject),
        "effectiveDateTime": instant(at),
        "valueQuantity": quantity(level, "score", "{score}"),
        "component": [
            component("pain-context", valueCodeableConcept=concept(*codings, text=words))
        ],
    }


def rating_observation(rating: PainRating, subject: Mapping[str, str]) -> dict[str, Any]:
    found = pain_observation(
        rating.id, rating.level, rating.context.value, rating.recorded_at, subject
    )
    if rating.note:
        found["note"] = [{"text": rating.note}]
    return found


def report_observation(report: PainReport, subject: Mapping[str, str]) -> dict[str, Any]:
    """Pain reported during a stretch: the stretch, the kind of pain and what the coach did."""
    found = pain_observation(report.id, report.level, "during", report.recorded_at, subject)
    found["component"] += [
        coded_component("stretch", "stretch", report.exercise),
        coded_component("pain-kind", "pain-kind", report.kind.value),
        coded_component("pain-action", "pain-action", report.action.value),
    ]
    if report.note:
        found["note"] = [{"text": report.note}]
    return found


# -- questionnaires -----------------------------------------------------------------------------
RISK_WORDS = {"low": "Low risk", "medium": "Medium risk", "high": "High risk"}


def questionnaire_response(
    answered: Mapping[str, Any], subject: Mapping[str, str]
) -> dict[str, Any]:
    """A questionnaire answered, as a QuestionnaireResponse, from plain data: `questionnaire`
    ("startback" or "peg"), `answered_at` (an aware datetime), `answers` (each item's answer as a
    number, in the questionnaire's order), and `score`, `subscale` and `risk` where scored (the
    risk group: low, medium or high). An `id` makes the resource's id stable; without one it is
    made from the questionnaire and the time. Item text is left out: STarT Back's wording is
    Keele University's; linkIds are the item numbers.

    fhir_bundle passes each stored response (core/outcomes.py) as such plain data.
    """
    name = answered["questionnaire"]
    at: datetime = answered["answered_at"]
    key = answered.get("id") or f"{name}/{instant(at)}"
    items = [
        {"linkId": str(number), "answer": [number_answer(value)]}
        for number, value in enumerate(answered.get("answers", ()), start=1)
    ]
    for field, words in (("score", "Total score"), ("subscale", "Psychosocial subscale score")):
        if answered.get(field) is not None:
            items.append(
                {"linkId": field, "text": words, "answer": [number_answer(answered[field])]}
            )
    if answered.get("risk"):
        risk = answered["risk"]
        value = coding(system("startback-risk"), risk, RISK_WORDS.get(risk, ""))
        items.append({"linkId": "risk", "text": "Risk group", "answer": [{"valueCoding": value}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id("QuestionnaireResponse", str(key)),
        "questionnaire": f"{BASE}/Questionnaire/{name}",
        "status": "completed",
        "subject": dict(subject),
        "authored": instant(at),
        "source": dict(subject),
        "item": items,
    }


def number_answer(value: float) -> dict[str, Any]:
    """A whole number as valueInteger, any other (the PEG's mean) as valueDecimal."""
    if isinstance(value, int) or float(value).is_integer():
        return {"valueInteger": int(value)}
    return {"valueDecimal": value}
