"""GET /api/fhir: the person's own record as a FHIR R4 Bundle, in personal mode and signed in."""

from __future__ import annotations

from starlette.testclient import TestClient

from backstretch.export.fhir_elements import system
from tests.coach.prescribing import my_back
from tests.export.fhir_check import checked_bundle, codes, resources
from tests.web.accounts import BASE_URL, Server
from tests.web.test_accounts_walls import begin
from tests.web.test_sharing import clinic

EXERCISE_DURATION = ("http://loinc.org", "55411-3")
WRITE = {"Origin": BASE_URL}
MINE = "/api/people/ada/routines/my-back"


def sessions_in(bundle: dict[str, object]) -> list[dict[str, object]]:
    return [o for o in resources(bundle, "Observation") if EXERCISE_DURATION in codes(o["code"])]


def test_api_fhir_answers_the_local_person_s_record_as_a_valid_bundle(client: TestClient) -> None:
    session_id = begin(client)
    finish = {"status": "completed", "pain_after": 2}
    assert client.post(f"/api/sessions/{session_id}/finish", json=finish).status_code == 200
    answer = client.get("/api/fhir")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+json")
    bundle = checked_bundle(answer.json())
    (session,) = sessions_in(bundle)
    assert session["identifier"][0]["value"] == session_id
    pain = [o for o in resources(bundle, "Observation") if o not in sessions_in(bundle)]
    assert sorted(o["valueQuantity"]["value"] for o in pain) == [2, 4]  # after, before
    assert resources(bundle, "CarePlan")[0]["title"] == "Daily back stretches"
    assert client.get("/api/fhir").json() == bundle


def test_api_fhir_gives_each_signed_in_person_only_their_own_record(
    accounts_server: Server,
) -> None:
    accounts_server.add("ada")
    accounts_server.add("bob")
    ada, bob = accounts_server.signed_in("ada"), accounts_server.signed_in("bob", "10.0.0.2")
    begin(ada)
    theirs, mine = ada.get("/api/fhir").json(), bob.get("/api/fhir").json()
    assert len(sessions_in(checked_bundle(theirs))) == 1
    assert sessions_in(checked_bundle(mine)) == []
    assert resources(theirs, "Patient")[0]["id"] != resources(mine, "Patient")[0]["id"]
    assert accounts_server.client("10.0.0.3").get("/api/fhir").status_code == 401


def test_a_clinician_reads_a_sharing_persons_fhir_record_and_the_read_is_logged(
    accounts_server: Server,
) -> None:
    ada, kim = clinic(accounts_server)
    assert kim.get("/api/people/ada/fhir").status_code == 404
    ada.post("/api/sharing", json={"clinician": "kim"})
    answer = kim.get("/api/people/ada/fhir")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+json")
    assert checked_bundle(answer.json()) == ada.get("/api/fhir").json()
    log = ada.get("/api/access-log").json()
    assert [(e["reader"], e["what"]) for e in log] == [("kim", "FHIR record")]


def test_the_care_plan_is_the_prescribed_routine_with_its_prescriber_and_version(
    accounts_server: Server,
) -> None:
    ada, kim = clinic(accounts_server)
    ada.post("/api/sharing", json={"clinician": "kim"})
    for hold in (15, 20):
        put = kim.put(MINE, json=my_back(**{"hip-flexor": hold}), headers=WRITE)
        assert put.status_code in (200, 201), put.text
    bundle = checked_bundle(kim.get("/api/people/ada/fhir").json())
    (care_plan,) = resources(bundle, "CarePlan")
    assert care_plan["identifier"][0]["value"] == "my-back"
    assert care_plan["author"] == {"display": "kim"}
    day = accounts_server.clock.now().date().isoformat()
    assert care_plan["note"][-1]["text"] == f"Version 2, prescribed by kim on {day}."
    requests = resources(bundle, "ServiceRequest")
    hip = next(r for r in requests if (system("stretch"), "hip-flexor") in codes(r["code"]))
    assert "20 s" in hip["note"][0]["text"]
    assert ada.get("/api/fhir").json() == bundle
