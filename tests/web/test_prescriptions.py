"""Prescribing without YAML: a clinician the person shares with sends the routine as JSON (the
fields of the routine file format), it is checked as `backstretch validate` checks a file, each
change is a new version, and the person's next session runs it. In personal mode the person
saves their own routine the same way, as a file the terminal runs too."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from starlette.testclient import TestClient

from backstretch.cli.main import cli
from tests.coach.prescribing import my_back
from tests.web.accounts import BASE_URL, Server

WRITE = {"Origin": BASE_URL}
MINE = "/api/people/ada/routines/my-back"


def clinic(server: Server) -> tuple[TestClient, TestClient]:
    """ada shares with kim; both signed in."""
    server.add("ada")
    server.add("kim", "clinician")
    server.add("nia", "clinician")
    server.reception.accounts.share("ada", "kim", server.clock.now())
    return server.signed_in("ada"), server.signed_in("kim", "10.0.0.2")


def test_a_prescribed_change_is_a_new_version_and_the_persons_next_session_runs_it(
    accounts_server: Server,
) -> None:
    ada, kim = clinic(accounts_server)
    first = kim.put(MINE, json=my_back(**{"hip-flexor": 15}), headers=WRITE)
    assert first.status_code == 201, first.text
    assert (first.json()["version"], first.json()["changes"]) == (1, [])
    second = kim.put(MINE, json=my_back(**{"hip-flexor": 20}), headers=WRITE)
    assert second.status_code == 200, second.text
    assert second.json()["version"] == 2 and second.json()["prescribed_by"] == "kim"
    assert second.json()["changes"] == ["hip-flexor: hold 15 s → 20 s"]
    listed = {r["id"]: r for r in ada.get("/api/routines").json()}
    assert listed["my-back"]["source"] == "prescribed by kim"
    shown = ada.get("/api/routines/my-back").json()
    assert [e["hold_seconds"] for e in shown["exercises"] if e["id"] == "hip-flexor"] == [20]
    begun = ada.post("/api/sessions", json={"routine": "my-back", "pain_before": 3})
    assert begun.status_code == 201, begun.text
    assert begun.json()["routine"] == "my-back"
    assert begun.json()["timeline"]["total_seconds"] == second.json()["total_seconds"]


def test_the_person_sees_who_prescribed_it_when_and_what_changed(accounts_server: Server) -> None:
    ada, kim = clinic(accounts_server)
    kim.put(MINE, json=my_back(), headers=WRITE)
    kim.put(MINE, json=my_back(**{"childs-pose": 20}), headers=WRITE)
    page = ada.get("/routines/my-back")
    assert page.status_code == 200, page.text
    assert "Prescribed by <strong>kim</strong> on" in page.text
    assert "(version 2)" in page.text
    assert "childs-pose: hold 10 s → 20 s" in page.text


def test_a_wrong_routine_is_answered_422_with_the_validators_messages_and_nothing_stored(
    accounts_server: Server,
) -> None:
    _, kim = clinic(accounts_server)
    answer = kim.put(MINE, json=my_back(**{"hip-flexor": 0}), headers=WRITE)
    assert answer.status_code == 422, answer.text
    assert answer.json()["problems"] == [
        "routine 'my-back', exercise 'hip-flexor': "
        "hold_seconds must be between 1 and 600 seconds (got 0)"
    ]
    built_in = kim.put("/api/people/ada/routines/daily-back", json=my_back(), headers=WRITE)
    assert built_in.status_code == 422
    assert accounts_server.records("ada").prescriptions() == []


def test_only_a_clinician_the_person_shares_with_prescribes(accounts_server: Server) -> None:
    clinic(accounts_server)
    accounts_server.add("ben")
    for name, address in (("nia", "10.0.0.3"), ("ben", "10.0.0.4")):
        answer = accounts_server.signed_in(name, address).put(MINE, json=my_back(), headers=WRITE)
        assert answer.status_code == 404, (name, answer.text)
    assert accounts_server.records("ada").prescriptions() == []


def test_in_personal_mode_my_routine_is_saved_as_a_file_the_terminal_runs(
    client: TestClient, home: Path
) -> None:
    saved = client.put("/api/routines/my-back", json=my_back(**{"hamstring": 15}))
    assert saved.status_code == 201, saved.text
    assert (home / "routines" / "my-back.yaml").is_file()
    changed = client.put("/api/routines/my-back", json=my_back(**{"hamstring": 25}))
    assert changed.status_code == 200, changed.text
    assert changed.json()["changes"] == ["hamstring: hold 15 s → 25 s"]
    shown = CliRunner().invoke(cli, ["--home", str(home), "show", "my-back"])
    assert shown.exit_code == 0, shown.output
    assert "hold 25 s × 5 reps, each side" in shown.output


def test_in_personal_mode_a_wrong_routine_writes_nothing(client: TestClient, home: Path) -> None:
    answer = client.put("/api/routines/my-back", json=my_back(**{"hamstring": -1}))
    assert answer.status_code == 422, answer.text
    assert "hold_seconds must be between" in answer.json()["problems"][0]
    refused = client.put("/api/routines/daily-back", json={**my_back(), "id": "daily-back"})
    assert "taken by a built-in routine" in refused.json()["error"]
    assert not (home / "routines").exists() or list((home / "routines").iterdir()) == []


def test_the_prescribing_form_lists_the_persons_stretches_and_the_librarys_to_add(
    accounts_server: Server,
) -> None:
    _, kim = clinic(accounts_server)
    person = kim.get("/people/ada")
    assert 'href="/people/ada/prescribe">Prescribe a routine</a>' in person.text
    first = kim.get("/people/ada/prescribe")
    assert first.status_code == 200, first.text
    assert 'value="my-back"' in first.text  # the seed, under an id of ada's own
    assert 'data-phase="cat" value="5"' in first.text
    assert '<option value="piriformis">Piriformis Stretch</option>' in first.text
    assert '<option value="hamstring">Seated Hamstring Stretch</option>' in first.text
    assert '<script src="/static/prescribe.js" defer></script>' in first.text
    kim.put(MINE, json=my_back(**{"hip-flexor": 15}), headers=WRITE)
    again = kim.get("/people/ada/prescribe").text
    stretches = again.split("<h2>Stretches</h2>")[1].split("Add a stretch")[0]
    assert 'data-field="hold_seconds" value="15"' in stretches
    assert "Piriformis Stretch" not in stretches


def test_only_a_clinician_the_person_shares_with_sees_the_prescribing_form(
    accounts_server: Server,
) -> None:
    clinic(accounts_server)
    nia = accounts_server.signed_in("nia", "10.0.0.3")
    assert nia.get("/people/ada/prescribe").status_code == 404
    assert nia.get("/people/nobody/prescribe").status_code == 404
