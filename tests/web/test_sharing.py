"""Sharing by consent: a person shares with a clinician and takes it back; the clinician reads
what is shared, each read is in the person's access log, and nothing else can be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.web.accounts import BASE_URL, Server, on_database, serving
from tests.web.test_accounts_walls import begin


@pytest.fixture(params=["memory", "postgresql"])
def either(request: pytest.FixtureRequest, home: Path) -> Iterator[Server]:
    """A server on MemoryAccounts, and one on PostgreSQL opened as `serve --accounts` opens it."""
    if request.param == "memory":
        yield from serving(home)
        return
    server = on_database(home, request.getfixturevalue("postgres").new_database())
    with server.stack:
        yield server


def clinic(server: Server) -> tuple[TestClient, TestClient]:
    """ada (a person, one session and a pain rating) and kim (a clinician), signed in."""
    server.add("ada")
    server.add("kim", "clinician")
    ada = server.signed_in("ada")
    begin(ada)
    assert ada.post("/api/pain", json={"level": 3, "note": "after the walk"}).status_code == 201
    return ada, server.signed_in("kim", "10.0.0.2")


def test_a_clinician_reads_what_a_person_shares_in_the_shapes_the_person_sees(
    accounts_server: Server,
) -> None:
    ada, kim = clinic(accounts_server)
    shared = ada.post("/api/sharing", json={"clinician": "kim"})
    assert shared.status_code == 201, shared.text
    assert ada.get("/api/sharing").json() == {"clinicians": ["kim"]}
    people = kim.get("/api/people").json()
    assert [(p["username"], p["last_session"] is not None) for p in people] == [("ada", True)]
    for what in ("sessions", "pain", "stats"):
        answer = kim.get(f"/api/people/ada/{what}")
        assert answer.status_code == 200, (what, answer.text)
        assert answer.json() == ada.get(f"/api/{what}").json(), what


def test_every_clinician_read_is_in_the_persons_access_log_and_their_own_reads_are_not(
    either: Server,
) -> None:
    ada, kim = clinic(either)
    ada.post("/api/sharing", json={"clinician": "kim"})
    ada.get("/api/sessions")
    ada.get("/api/people/ada/pain")  # one's own records, by the clinician's path
    assert ada.get("/api/access-log").json() == []
    for what in ("sessions", "pain", "stats"):
        kim.get(f"/api/people/ada/{what}")
        either.clock.advance(60)
    log = ada.get("/api/access-log").json()
    assert [(e["reader"], e["what"]) for e in log] == [
        ("kim", "stats"),
        ("kim", "pain"),
        ("kim", "sessions"),
    ]
    kim.get("/api/people")
    assert ada.get("/api/access-log").json()[0]["what"] == "last session (people list)"


def test_after_revoking_the_clinician_is_answered_as_for_a_stranger(
    either: Server,
) -> None:
    ada, kim = clinic(either)
    either.add("ben")
    never = kim.get("/api/people/ben/sessions")
    unknown = kim.get("/api/people/nobody/sessions")
    ada.post("/api/sharing", json={"clinician": "kim"})
    assert kim.get("/api/people/ada/sessions").status_code == 200
    revoked = ada.request("DELETE", "/api/sharing/kim", headers={"Origin": BASE_URL})
    assert revoked.status_code == 200, revoked.text
    assert revoked.json() == {"clinicians": []}
    after = kim.get("/api/people/ada/sessions")
    assert after.status_code == never.status_code == unknown.status_code == 404
    messages = {
        a.json()["error"].replace(name, "NAME")
        for a, name in [(after, "ada"), (never, "ben"), (unknown, "nobody")]
    }
    assert messages == {"no one called 'NAME' shares their records with you"}
    assert kim.get("/api/people").json() == []


def test_sharing_with_anyone_but_an_enabled_clinician_answers_as_for_an_unknown_name(
    accounts_server: Server,
) -> None:
    ada, _ = clinic(accounts_server)
    accounts_server.add("ben")
    accounts_server.add("root", "admin")
    accounts_server.add("old", "clinician")
    accounts_server.reception.disable("old")
    answers = {
        name: ada.post("/api/sharing", json={"clinician": name})
        for name in ("ben", "root", "old", "nobody")
    }
    for name, answer in answers.items():
        assert answer.status_code == 404, name
        assert answer.json()["error"].replace(name, "NAME") == (
            "no clinician has the username 'NAME': ask your clinician for the username they "
            "sign in with"
        )
    assert ada.get("/api/sharing").json() == {"clinicians": []}


def test_an_admin_lists_accounts_and_reads_no_ones_health_data(accounts_server: Server) -> None:
    ada, kim = clinic(accounts_server)
    ada.post("/api/sharing", json={"clinician": "kim"})
    accounts_server.add("root", "admin")
    admin = accounts_server.signed_in("root", "10.0.0.3")
    listed = admin.get("/api/accounts")
    assert [(a["username"], a["role"]) for a in listed.json()] == [
        ("ada", "person"),
        ("kim", "clinician"),
        ("root", "admin"),
    ]
    for path in ("/api/people", "/api/people/ada/sessions", "/api/access-log", "/api/export"):
        answer = admin.get(path)
        assert answer.status_code == 403, path
        assert "reads no one's health data" in answer.json()["error"], path
    assert ada.get("/api/accounts").status_code == 403
    assert kim.get("/api/accounts").status_code == 403
    assert ada.get("/api/access-log").json() == []
