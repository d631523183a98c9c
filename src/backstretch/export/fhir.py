"""A person's record as one FHIR R4 Bundle (type `collection`), for a clinician's system.

The routine is a CarePlan whose activities point at one ServiceRequest per stretch; each session
and each pain rating is an Observation (export/fhir_observations.py). docs/fhir.md says which
resource follows which profile, and what the codes, components and extensions mean.

Ids are uuid5 of our own record ids (sessions, pain ratings and reports already carry random
ids; a stretch is named by person, routine and stretch), so exporting again gives the same
fullUrls and a receiving system can tell a new record from one it has already taken in. Nothing
in the Bundle depends on the time of the export.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from backstretch.core.history import History
from backstretch.core.outcomes import QuestionnaireResponse
from backstretch.core.prescription import Prescription
from backstretch.core.record_data import questionnaire_response_data
from backstretch.core.routine import Exercise, Routine
from backstretch.core.timeline import plan
from backstretch.core.units import counted, describe_dose, format_duration
from backstretch.export.fhir_elements import (
    EXERCISE_THERAPY,
    PHYSICAL_THERAPY,
    STRETCHES,
    STRETCHING_EXERCISES,
    coding,
    concept,
    entry,
    extension_url,
    identifier,
    instant,
    quantity,
    reference,
    resource_id,
    system,
)
from backstretch.export.fhir_observations import (
    pain_observations,
    questionnaire_response,
    session_observations,
)


# -- the Bundle ---------------------------------------------------------------------------------
def fhir_bundle(
    history: History,
    routine: Routine,
    person_id: str,
    questionnaires: Iterable[Mapping[str, Any]] | None = None,
    prescription: Prescription | None = None,
) -> dict[str, Any]:
    """One Bundle (type collection): the Patient, the routine as a CarePlan with a ServiceRequest
    per stretch, an Observation per session and per pain rating or report, and a
    QuestionnaireResponse per questionnaire answered (the history's, unless `questionnaires`
    gives them as plain data, see questionnaire_response). With `prescription` (the routine as a
    clinician prescribed it), the CarePlan names the prescriber as author and the version."""
    if questionnaires is None:
        questionnaires = [questionnaire_data(found) for found in history.questionnaire_responses]
    patient = {"resourceType": "Patient", "id": resource_id("Patient", person_id)}
    subject = reference(patient["id"])
    care_plan, requests = care_plan_of(routine, person_id, subject, prescription)
    resources: list[Mapping[str, Any]] = [
        patient,
        care_plan,
        *requests,
        *session_observations(history, subject, routine.id, reference(care_plan["id"])),
        *pain_observations(history, subject),
        *(questionnaire_response(answered, subject) for answered in questionnaires),
    ]
    return {"resourceType": "Bundle", "type": "collection", "entry": [entry(r) for r in resources]}


def questionnaire_data(response: QuestionnaireResponse) -> dict[str, Any]:
    """A stored response as the plain data questionnaire_response maps: the export's record,
    with its time as a datetime."""
    return {**questionnaire_response_data(response), "answered_at": response.answered_at}


def bundle_as_json(bundle: Mapping[str, Any]) -> str:
    """The Bundle as JSON text, one entry a line: greppable, and four times quicker to write
    than indented JSON (which the json module writes in Python rather than C)."""
    head = {key: value for key, value in bundle.items() if key != "entry"}
    lines = [json.dumps(entry, ensure_ascii=False) for entry in bundle["entry"]]
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "entry": ['
    return opening + "\n" + ",\n".join(lines) + "\n]}\n"


def resource_counts(bundle: Mapping[str, Any]) -> dict[str, int]:
    """How many resources of each type the Bundle holds, in the order they first appear."""
    counts: dict[str, int] = {}
    for item in bundle["entry"]:
        kind = item["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


# -- the routine --------------------------------------------------------------------------------
def care_plan_of(
    routine: Routine,
    person_id: str,
    subject: Mapping[str, str],
    prescription: Prescription | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The routine as an active CarePlan, and its stretches as the ServiceRequests it points at;
    a prescribed routine with its prescriber as author and its version in a note."""
    plan_id = resource_id("CarePlan", person_id, routine.id)
    requests = [
        service_request(exercise, person_id, routine.id, subject, reference(plan_id))
        for exercise in routine.exercises
    ]
    length = format_duration(plan(routine).total_seconds)
    stretches = counted(len(requests), "stretch", "stretches")
    care_plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": plan_id,
        "identifier": [identifier("routine", routine.id)],
        "status": "active",
        "intent": "plan",
        "category": [concept(coding(*EXERCISE_THERAPY))],
        "title": routine.name,
        "subject": dict(subject),
        "activity": [{"reference": reference(r["id"])} for r in requests],
        "note": [{"text": f"Once a day: {stretches}, {length} a session."}],
    }
    if routine.description:
        care_plan["description"] = routine.description
    if prescription is not None:
        care_plan["created"] = instant(prescription.at)
        care_plan["author"] = {"display": prescription.prescribed_by}
        when = prescription.at.date().isoformat()
        who = prescription.prescribed_by
        care_plan["note"].append(
            {"text": f"Version {prescription.version}, prescribed by {who} on {when}."}
        )
    return care_plan, requests


def service_request(
    exercise: Exercise,
    person_id: str,
    routine_id: str,
    subject: Mapping[str, str],
    care_plan: Mapping[str, str],
) -> dict[str, Any]:
    """One stretch as prescribed: daily, `reps` repetitions, each hold and the sides as
    extensions, and the dose in words as a note."""
    snomed = STRETCHING_EXERCISES if exercise.id in STRETCHES else EXERCISE_THERAPY
    found: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": resource_id("ServiceRequest", person_id, routine_id, exercise.id),
        "extension": [*hold_extensions(exercise), sides_extension(exercise)],
        "basedOn": [dict(care_plan)],
        "status": "active",
        "intent": "plan",
        "category": [concept(coding(*PHYSICAL_THERAPY))],
        "code": concept(
            coding(system("stretch"), exercise.id, exercise.name),
            coding(*snomed),
            text=exercise.name,
        ),
        "quantityQuantity": quantity(exercise.reps, "repetitions", "{repetitions}"),
        "subject": dict(subject),
        "occurrenceTiming": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
        "note": [{"text": f"{exercise.name}: {describe_dose(exercise)}, once a day."}],
    }
    if exercise.steps:
        found["patientInstruction"] = " ".join(exercise.steps)
    return found


def hold_extensions(exercise: Exercise) -> list[dict[str, Any]]:
    """One `hold` extension per position held in a rep: its name and its seconds."""
    return [
        {
            "url": extension_url("hold"),
            "extension": [
                {"url": "position", "valueString": phase.name},
                {"url": "duration", "valueDuration": quantity(phase.hold_seconds, "s", "s")},
            ],
        }
        for phase in exercise.hold_phases
    ]


def sides_extension(exercise: Exercise) -> dict[str, Any]:
    """none, each (all reps on the left, then the right) or alternate (left then right)."""
    return {"url": extension_url("sides"), "valueCode": exercise.sides.value}
