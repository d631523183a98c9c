"""The FHIR R4 export: one Bundle of type collection that two FHIR model libraries accept, with
the routine as a CarePlan, every session and pain rating as an Observation, and stable ids."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from backstretch.core.history import History, PainContext, SessionStatus
from backstretch.core.outcomes import respond
from backstretch.core.pain_rules import PainAction, PainKind
from backstretch.core.routine import Routine
from backstretch.export.fhir import fhir_bundle
from backstretch.export.fhir_observations import questionnaire_response
from tests.export.fhir_check import (
    check_r4,
    checked_bundle,
    codes,
    component_values,
    resources,
)
from tests.storage.records import MONDAY, make_hold, make_pain, make_pain_report, make_session

LOINC, SNOMED, UCUM = "http://loinc.org", "http://snomed.info/sct", "http://unitsofmeasure.org"


def sample_history() -> History:
    """Two finished sessions (one stopped early) and one in progress, 6 holds each with one
    skipped, pain rated in every context, and one pain report during a stretch."""
    finished = make_session(1, ended_at=MONDAY + timedelta(minutes=11, seconds=30))
    partial = make_session(2, status=SessionStatus.PARTIAL)
    running = make_session(3, status=SessionStatus.IN_PROGRESS, ended_at=None, pain_after=None)
    sessions = (finished, partial, running)
    holds = tuple(
        make_hold(s, n, completed=n != 6, held_seconds=0.0 if n == 6 else 5.0)
        for s in sessions
        for n in range(1, 7)
    )
    pain = (
        make_pain(1, context=PainContext.MORNING),
        make_pain(2, level=6, context=PainContext.BEFORE, session_id=partial.id,
                  recorded_at=partial.started_at),
        make_pain(3, level=3, context=PainContext.AFTER, session_id=partial.id,
                  recorded_at=partial.started_at + timedelta(minutes=10), note="looser"),
        make_pain(4, level=4, context=PainContext.USUAL),
    )  # fmt: skip
    report = make_pain_report(partial, kind=PainKind.SHARP, action=PainAction.STOP)
    return History(sessions=sessions, holds=holds, pain=pain, pain_reports=(report,))


@pytest.fixture
def bundle(daily_back: Routine) -> dict[str, Any]:
    return fhir_bundle(sample_history(), daily_back, "person-1")


def test_the_bundle_and_every_resource_in_it_are_valid_fhir_r4(bundle: dict[str, Any]) -> None:
    checked_bundle(bundle)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", "CarePlan", *["ServiceRequest"] * 5, *["Observation"] * 8]


def test_the_check_refuses_a_resource_that_breaks_r4(bundle: dict[str, Any]) -> None:
    observation = {**resources(bundle, "Observation")[0]}
    del observation["status"]  # required in R4
    with pytest.raises(Exception):  # noqa: B017 (each library raises its own kind)
        check_r4(observation)
    with pytest.raises(Exception):  # noqa: B017 (an element R4 does not have)
        check_r4({**observation, "status": "final", "routine": "daily-back"})


def test_every_session_is_an_exercise_duration_in_minutes_with_its_holds(
    bundle: dict[str, Any],
) -> None:
    sessions = [
        o for o in resources(bundle, "Observation") if (LOINC, "55411-3") in codes(o["code"])
    ]
    assert len(sessions) == 3
    finished, partial, running = sessions
    assert finished["valueQuantity"] == {
        "value": 11.5,
        "unit": "min",
        "system": UCUM,
        "code": "min",
    }
    assert finished["effectivePeriod"] == {"start": "2026-01-05T07:00:00Z",
                                           "end": "2026-01-05T07:11:30Z"}  # fmt: skip
    parts = component_values(finished)
    assert (parts["holds-completed"], parts["holds-skipped"], parts["holds-planned"]) == (5, 1, 6)
    assert parts["seconds-held"]["value"] == 25.0 and parts["seconds-held"]["code"] == "s"
    assert [o["status"] for o in sessions] == ["final", "final", "preliminary"]
    assert component_values(partial)["session-status"] == "partial"
    assert "valueQuantity" not in running and running["dataAbsentReason"]["coding"][0]["code"] == (
        "temp-unknown"
    )


def test_every_pain_rating_and_report_is_a_0_to_10_pain_score_with_its_context(
    bundle: dict[str, Any],
) -> None:
    pain = [o for o in resources(bundle, "Observation") if (LOINC, "72514-3") in codes(o["code"])]
    contexts = [component_values(o)["pain-context"] for o in pain]
    assert sorted(contexts) == ["after", "before", "during", "morning", "usual"]
    for observation in pain:
        value = observation["valueQuantity"]
        assert (value["system"], value["code"]) == (UCUM, "{score}") and 0 <= value["value"] <= 10
    during = next(o for o in pain if component_values(o)["pain-context"] == "during")
    assert during["valueQuantity"]["value"] == 7
    assert (SNOMED, "309604004") in codes(during["component"][0]["valueCodeableConcept"])
    parts = component_values(during)
    assert (parts["stretch"], parts["pain-kind"], parts["pain-action"]) == (
        "cat-cow",
        "sharp",
        "stop",
    )
    after = next(o for o in pain if component_values(o)["pain-context"] == "after")
    assert after["note"] == [{"text": "looser"}]


def test_a_session_holds_the_pain_rated_in_it_as_members(bundle: dict[str, Any]) -> None:
    by_id = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    partial = resources(bundle, "Observation")[1]
    members = [by_id[m["reference"]] for m in partial["hasMember"]]
    assert sorted(component_values(m)["pain-context"] for m in members) == [
        "after", "before", "during"
    ]  # fmt: skip


def test_the_routine_is_an_active_plan_of_a_daily_service_request_per_stretch(
    bundle: dict[str, Any], daily_back: Routine
) -> None:
    (plan,) = resources(bundle, "CarePlan")
    patient = resources(bundle, "Patient")[0]
    assert (plan["status"], plan["intent"], plan["title"]) == ("active", "plan", daily_back.name)
    assert plan["subject"] == {"reference": f"urn:uuid:{patient['id']}"}
    requests = {f"urn:uuid:{r['id']}": r for r in resources(bundle, "ServiceRequest")}
    ordered = [requests[a["reference"]["reference"]] for a in plan["activity"]]
    assert [r["code"]["text"] for r in ordered] == [e.name for e in daily_back.exercises]
    hamstring = ordered[4]
    assert (SNOMED, "229070002") in codes(hamstring["code"])  # Stretching exercises
    assert hamstring["occurrenceTiming"] == {
        "repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}
    }
    assert hamstring["quantityQuantity"]["value"] == 5
    words = "Seated Hamstring Stretch: hold 10 s × 5 reps, each side, once a day."
    assert hamstring["note"] == [{"text": words}]
    cat_cow = ordered[1]["extension"]
    holds = [{x["url"]: x.get("valueString") or x["valueDuration"]["value"] for x in e["extension"]}
             for e in cat_cow if e["url"].endswith("/hold")]  # fmt: skip
    assert holds == [{"position": "cat", "duration": 5}, {"position": "cow", "duration": 5}]
    assert any(e["url"].endswith("/sides") and e["valueCode"] == "none" for e in cat_cow)


def test_an_exercise_that_is_not_a_stretch_is_coded_as_exercise_therapy(
    daily_back: Routine,
) -> None:
    bridge = daily_back.exercises[0].__class__(id="glute-bridge", name="Glute Bridge",
                                               hold_seconds=5, reps=8)  # fmt: skip
    routine = daily_back.__class__(id="mine", name="Mine", exercises=(bridge,))
    request = resources(fhir_bundle(History(), routine, "person-1"), "ServiceRequest")[0]
    assert codes(request["code"]) == {
        ("https://backstretch.invalid/fhir/CodeSystem/stretch", "glute-bridge"),
        (SNOMED, "229065009"),
    }


def test_exporting_again_gives_the_same_ids_and_the_same_bundle(
    bundle: dict[str, Any], daily_back: Routine
) -> None:
    again = fhir_bundle(sample_history(), daily_back, "person-1")
    assert [e["fullUrl"] for e in again["entry"]] == [e["fullUrl"] for e in bundle["entry"]]
    assert again == bundle
    other = fhir_bundle(sample_history(), daily_back, "person-2")
    assert resources(other, "Patient")[0]["id"] != resources(bundle, "Patient")[0]["id"]


def test_every_reference_points_at_an_entry_of_the_bundle(bundle: dict[str, Any]) -> None:
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])

    def references(node: object) -> list[str]:
        if isinstance(node, dict):
            own = [node["reference"]] if isinstance(node.get("reference"), str) else []
            return own + [r for value in node.values() for r in references(value)]
        if isinstance(node, list):
            return [r for value in node for r in references(value)]
        return []

    found = references([e["resource"] for e in bundle["entry"]])
    assert found and set(found) <= urls


def test_an_empty_history_gives_a_valid_bundle_of_the_patient_and_the_plan(
    daily_back: Routine,
) -> None:
    bundle = checked_bundle(fhir_bundle(History(), daily_back, "person-1"))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", "CarePlan", *["ServiceRequest"] * 5]
    assert resources(bundle, "Patient")[0].keys() == {"resourceType", "id"}  # no name


STARTBACK = {"questionnaire": "startback", "answered_at": MONDAY,
             "answers": [1, 0, 1, 1, 0, 1, 0, 1, 3],
             "score": 6, "subscale": 4, "risk": "high"}  # fmt: skip
PEG = {"questionnaire": "peg", "answered_at": MONDAY + timedelta(days=14), "answers": [6, 5, 4],
       "score": 5.0, "subscale": None, "risk": None}  # fmt: skip


def test_questionnaire_answers_as_plain_data_become_valid_questionnaire_responses(
    daily_back: Routine,
) -> None:
    bundle = checked_bundle(
        fhir_bundle(History(), daily_back, "p", questionnaires=[STARTBACK, PEG])
    )
    startback, peg = resources(bundle, "QuestionnaireResponse")
    assert startback["questionnaire"].endswith("/Questionnaire/startback")
    assert (startback["status"], startback["authored"]) == ("completed", "2026-01-05T07:00:00Z")
    answers = {item["linkId"]: item["answer"][0] for item in startback["item"]}
    assert [answers[str(n)]["valueInteger"] for n in range(1, 10)] == STARTBACK["answers"]
    assert (answers["score"], answers["subscale"]) == ({"valueInteger": 6}, {"valueInteger": 4})
    assert answers["risk"]["valueCoding"]["code"] == "high"
    assert [item["linkId"] for item in peg["item"]] == ["1", "2", "3", "score"]
    assert peg["item"][3]["answer"] == [{"valueInteger": 5}]
    mean = questionnaire_response({**PEG, "score": 14 / 3}, {"reference": "urn:uuid:x"})
    assert mean["item"][3]["answer"] == [{"valueDecimal": 14 / 3}]
    assert questionnaire_response(PEG, {"reference": "urn:uuid:x"})["id"] == peg["id"]


def test_the_excerpt_in_the_docs_is_a_valid_bundle() -> None:
    text = (Path(__file__).parents[2] / "docs" / "fhir.md").read_text()
    excerpt = text.split("```json\n", 1)[1].split("```", 1)[0]
    bundle = checked_bundle(json.loads(excerpt))
    assert [len(resources(bundle, kind)) for kind in ("Patient", "ServiceRequest")] == [1, 1]


def test_the_questionnaires_a_person_answered_are_in_their_bundle(daily_back: Routine) -> None:
    answered = respond("startback", [1, 1, 1, 1, 1, 1, 1, 1, 4], "r1", MONDAY)
    bundle = checked_bundle(
        fhir_bundle(History(questionnaire_responses=(answered,)), daily_back, "p")
    )
    [response] = resources(bundle, "QuestionnaireResponse")
    items = {item["linkId"]: item["answer"][0] for item in response["item"]}
    assert items["score"] == {"valueInteger": 9}
    assert items["risk"]["valueCoding"]["code"] == "high"


def test_a_session_held_with_the_camera_check_says_how_long_it_was_held_in_position(
    daily_back: Routine,
) -> None:
    history = sample_history()
    measured = tuple(
        replace(hold, in_position_seconds=3.5)
        if hold.session_id == "session-0001" and hold.hold_number <= 2
        else hold
        for hold in history.holds
    )
    bundle = fhir_bundle(replace(history, holds=measured), daily_back, "person-1")
    checked_bundle(bundle)
    sessions = [
        o for o in resources(bundle, "Observation") if (LOINC, "55411-3") in codes(o["code"])
    ]
    parts = [component_values(o) for o in sessions]
    assert parts[0]["seconds-in-position"]["value"] == 7.0
    assert parts[0]["seconds-in-position"]["code"] == "s"
    assert "seconds-in-position" not in parts[1] and "seconds-in-position" not in parts[2]
