"""The access matrix: every route of the API (from its OpenAPI document, so a new route fails
here until it is added to ROUTES) asked by each kind of caller, on MemoryAccounts and on
PostgreSQL, with the answer each must get.

Each route is asked in a world of its own: Ada (the owner) has a session and pain ratings and
shares with Kim; she shared with Rex and revoked it; Nia is a clinician she never shared with;
Ben is another person; Root is an admin. Path parameters are Ada's real ids and names. Callers
ask in the order of CALLERS, the owner last, so a route that changes things (finishing her
session, revoking, erasing an account) has not yet changed them for the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.postgres import PostgresServer
from tests.web.accounts import BASE_URL, PASSWORD, Server, on_database
from tests.web.test_accounts_walls import begin

CALLERS = ("anonymous", "other", "clinician", "sharing", "revoked", "admin", "owner")
SIGNED_IN = {"other": "ben", "clinician": "nia", "sharing": "kim", "revoked": "rex"}
SIGNED_IN |= {"admin": "root", "owner": "ada"}
SESSION = {"routine": "daily-back"}
HOLD = {"hold_number": 2, "completed": True}
STRETCH = {"id": "sway", "name": "Sway", "steps": ["Sway."], "hold_seconds": 5, "reps": 2}
PRESCRIBED = {"name": "Ada's back", "exercises": [STRETCH]}
OWN_ROUTINE = {("PUT", "/api/people/{username}/routines/{routine_id}"): {"routine_id": "ada-back"}}

# (method, path): (body, the answer of each caller in the order of CALLERS). "2xx" is any
# success; a refusal is its exact status.
ALL_PEOPLE = ("401", "2xx", "2xx", "2xx", "2xx", "403", "2xx")
OWNER_ONLY = ("401", "404", "404", "404", "404", "403", "2xx")
SHARED_READ = ("401", "404", "404", "2xx", "404", "403", "2xx")
EVERYONE = ("2xx",) * 7
SIGNED_IN_ANYONE = ("401",) + ("2xx",) * 6
ROUTES: dict[tuple[str, str], tuple[dict[str, Any] | None, tuple[str, ...]]] = {
    ("GET", "/api/routines"): (None, ALL_PEOPLE),
    ("GET", "/api/routines/{routine_id}"): (None, ALL_PEOPLE),
    ("GET", "/api/routines/{routine_id}/timeline"): (None, ALL_PEOPLE),
    ("GET", "/api/routines/{routine_id}/form"): (None, ALL_PEOPLE),
    ("POST", "/api/sessions"): (SESSION, ALL_PEOPLE),
    ("GET", "/api/sessions"): (None, ALL_PEOPLE),
    ("GET", "/api/sessions/unfinished"): (None, ALL_PEOPLE),
    ("GET", "/api/sessions/{session_id}"): (None, OWNER_ONLY),
    ("POST", "/api/sessions/{session_id}/resume"): (None, OWNER_ONLY),
    ("POST", "/api/sessions/{session_id}/holds"): (HOLD, OWNER_ONLY),
    (
        "POST",
        "/api/sessions/{session_id}/pain-report",
    ): ({"exercise": "cat-cow", "level": 2}, OWNER_ONLY),
    ("POST", "/api/sessions/{session_id}/finish"): ({"status": "partial"}, OWNER_ONLY),
    ("POST", "/api/pain"): ({"level": 3}, ALL_PEOPLE),
    ("GET", "/api/pain"): (None, ALL_PEOPLE),
    ("GET", "/api/stats"): (None, ALL_PEOPLE),
    ("GET", "/api/outcomes"): (None, ALL_PEOPLE),
    ("GET", "/api/fhir"): (None, ALL_PEOPLE),
    ("GET", "/api/report.pdf"): (None, ALL_PEOPLE),
    ("POST", "/api/outcomes/{questionnaire}"): ({"answers": [4, 5, 6]}, ALL_PEOPLE),
    ("POST", "/api/login"): ({"username": "ada", "password": PASSWORD}, EVERYONE),
    ("POST", "/api/logout"): (None, SIGNED_IN_ANYONE),
    ("GET", "/api/me"): (None, SIGNED_IN_ANYONE),
    ("POST", "/api/invitation"): (
        {"token": "no-such-link", "password": PASSWORD},
        ("410",) * 7,
    ),
    ("GET", "/api/sharing"): (None, ALL_PEOPLE),
    # sharing with Kim: Kim herself may not (answered as for an unknown name)
    ("POST", "/api/sharing"): (
        {"clinician": "kim"},
        ("401", "2xx", "2xx", "404", "2xx", "403", "2xx"),
    ),
    ("DELETE", "/api/sharing/{clinician}"): (None, OWNER_ONLY),
    ("GET", "/api/access-log"): (None, ALL_PEOPLE),
    ("GET", "/api/export"): (None, ALL_PEOPLE),
    # each account erases itself only, with its own password
    ("DELETE", "/api/account"): ({"password": PASSWORD}, SIGNED_IN_ANYONE),
    ("GET", "/api/people"): (None, ALL_PEOPLE),
    ("GET", "/api/people/{username}/sessions"): (None, SHARED_READ),
    ("GET", "/api/people/{username}/pain"): (None, SHARED_READ),
    ("GET", "/api/people/{username}/stats"): (None, SHARED_READ),
    ("GET", "/api/people/{username}/report.pdf"): (None, SHARED_READ),
    ("GET", "/api/people/{username}/fhir"): (None, SHARED_READ),
    ("GET", "/api/accounts"): (None, ("401", "403", "403", "403", "403", "2xx", "403")),
    ("GET", "/api/alerts"): (None, ALL_PEOPLE),
    # a routine prescribed for Ada (its own id: a built-in's is refused)
    ("PUT", "/api/people/{username}/routines/{routine_id}"): (PRESCRIBED, SHARED_READ),
    # Ada's alert (her pain report of 7) is acknowledged only by the clinician she shares with
    ("POST", "/api/alerts/{alert_id}/acknowledge"): (
        None,
        ("401", "404", "404", "2xx", "404", "403", "404"),
    ),
}


def openapi_routes(server: Server) -> set[tuple[str, str]]:
    server.add("ada")
    document = server.signed_in("ada").get("/api/openapi.json").json()
    return {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }


def world(server: Server) -> dict[str, str]:
    """The cast, signed in; the owner's ids and names that fill the paths."""
    for username in ("ada", "ben"):
        server.add(username)
    for username in ("kim", "rex", "nia"):
        server.add(username, "clinician")
    server.add("root", "admin")
    ada = server.signed_in("ada")
    session_id = begin(ada)
    ada.post("/api/pain", json={"level": 4})
    report = {"exercise": "cat-cow", "level": 7}
    ada.post(f"/api/sessions/{session_id}/pain-report", json=report, headers={"Origin": BASE_URL})
    for clinician in ("kim", "rex"):
        server.reception.accounts.share("ada", clinician, server.clock.now())
    server.reception.accounts.unshare("ada", "rex")
    return {
        "session_id": session_id,
        "routine_id": "daily-back",
        "username": "ada",
        "clinician": "kim",
        "questionnaire": "peg",
        "alert_id": f"pain-report:{server.records('ada').pain_reports()[0].id}",
    }


def browsers(server: Server) -> dict[str, TestClient]:
    found = {"anonymous": server.client("10.1.0.1")}
    for number, (caller, username) in enumerate(SIGNED_IN.items(), start=2):
        found[caller] = server.signed_in(username, f"10.1.0.{number}")
    return found


def answers(server: Server, method: str, path: str) -> tuple[str, ...]:
    body, _ = ROUTES[(method, path)]
    filled = path.format(**(world(server) | OWN_ROUTINE.get((method, path), {})))
    seen = []
    for caller, browser in browsers(server).items():
        headers = {"Origin": BASE_URL}
        answer = browser.request(method, filled, json=body, headers=headers)
        status = answer.status_code
        seen.append((caller, "2xx" if 200 <= status < 300 else str(status)))
    ordered = dict(seen)
    return tuple(ordered[caller] for caller in CALLERS)


def expected(method: str, path: str) -> tuple[str, ...]:
    return ROUTES[(method, path)][1]


def test_every_route_of_the_api_is_in_the_access_matrix(accounts_server: Server) -> None:
    routes = openapi_routes(accounts_server)
    assert routes - ROUTES.keys() == set(), "add these routes to ROUTES"
    assert ROUTES.keys() - routes == set(), "these routes are gone: take them out of ROUTES"
    assert all(len(answers) == len(CALLERS) for _, answers in ROUTES.values())


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_each_caller_gets_the_answer_of_the_matrix_in_memory(
    method: str, path: str, home: Path
) -> None:
    server = Server(home)
    with server.stack:
        assert answers(server, method, path) == expected(method, path)


@pytest.fixture
def database(postgres: PostgresServer, home: Path) -> Iterator[Server]:
    server = on_database(home, postgres.new_database())
    with server.stack:
        yield server


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_each_caller_gets_the_answer_of_the_matrix_on_postgresql(
    method: str, path: str, database: Server
) -> None:
    assert answers(database, method, path) == expected(method, path)
