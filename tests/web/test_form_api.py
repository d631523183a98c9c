"""GET /api/routines/{id}/form: the camera check's rules, fetched when the camera is turned
on, for the routine the session page runs (a prescribed version's rules to its person)."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from backstretch.catalog import Catalog
from backstretch.core.form import rules_from_dict
from tests.coach.prescribing import my_back
from tests.web.accounts import BASE_URL, Server

WRITE = {"Origin": BASE_URL}


def test_the_rules_of_every_stretch_with_rules_are_served(client: TestClient, home: Path) -> None:
    answer = client.get("/api/routines/daily-back/form")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    routine = Catalog(home).builtin("daily-back")
    assert body["routine"] == "daily-back"
    assert list(body["exercises"]) == [e.id for e in routine.exercises]
    hamstring = body["exercises"]["hamstring"]
    assert hamstring["camera"].startswith("Put the camera at floor level about 2 m to your side")
    assert rules_from_dict(hamstring["rules"]) == routine.exercise("hamstring").form
    assert hamstring["phases"] == {}
    cat_cow = body["exercises"]["cat-cow"]
    assert sorted(cat_cow["phases"]) == ["cat", "cow"]
    cat_checks = [check["id"] for check in cat_cow["phases"]["cat"]["checks"]]
    assert cat_checks[-1] == "head-down" and "all-fours" in cat_checks


def test_an_unknown_routine_is_not_found(client: TestClient) -> None:
    answer = client.get("/api/routines/no-such-routine/form")
    assert answer.status_code == 404
    assert "no-such-routine" in answer.json()["error"]


def test_a_prescribed_routines_rules_are_served_to_its_person_only(
    accounts_server: Server,
) -> None:
    accounts_server.add("ada")
    accounts_server.add("bob")
    accounts_server.add("kim", "clinician")
    accounts_server.reception.accounts.share("ada", "kim", accounts_server.clock.now())
    kim = accounts_server.signed_in("kim", "10.0.0.2")
    prescribed = my_back()
    hamstring = next(e for e in prescribed["exercises"] if e["id"] == "hamstring")
    hamstring["form"]["checks"][1]["say"] = "Push the back of your knee down toward the floor."
    answer = kim.put("/api/people/ada/routines/my-back", json=prescribed, headers=WRITE)
    assert answer.status_code == 201, answer.text
    form = accounts_server.signed_in("ada").get("/api/routines/my-back/form")
    assert form.status_code == 200, form.text
    checks = form.json()["exercises"]["hamstring"]["rules"]["checks"]
    assert checks[1]["say"] == "Push the back of your knee down toward the floor."
    assert (
        accounts_server.signed_in("bob", "10.0.0.3").get("/api/routines/my-back/form").status_code
        == 404
    )
