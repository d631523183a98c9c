"""Each signed-in person reaches only their own records: another person's ids answer 404 like
ids that do not exist; an admin reads no health data; personal mode is as it was."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from backstretch.core.safety import ScreeningAnswer
from tests.web.accounts import Server

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def begin(browser: TestClient) -> str:
    answer = browser.post("/api/sessions", json={"routine": "daily-back", "pain_before": 4})
    assert answer.status_code == 201, answer.text
    session_id: str = answer.json()["id"]
    hold = browser.post(
        f"/api/sessions/{session_id}/holds", json={"hold_number": 1, "completed": True}
    )
    assert hold.status_code == 201, hold.text
    return session_id


def both(accounts_server: Server) -> tuple[TestClient, TestClient]:
    accounts_server.add("ada")
    accounts_server.add("bob")
    return accounts_server.signed_in("ada"), accounts_server.signed_in("bob", "10.0.0.2")


def test_a_person_sees_only_their_own_sessions_and_pain(accounts_server: Server) -> None:
    ada, bob = both(accounts_server)
    begin(ada)
    assert ada.post("/api/pain", json={"level": 6}).status_code == 201
    assert len(ada.get("/api/sessions").json()) == 1
    assert bob.get("/api/sessions").json() == []
    assert ada.get("/api/stats").json()["sessions"]["last_7_days"] == 1
    assert bob.get("/api/stats").json()["sessions"]["last_7_days"] == 0
    assert accounts_server.records("bob").pain_ratings() == []
    assert len(accounts_server.records("ada").pain_ratings()) == 2  # before, and on its own


def test_another_persons_session_answers_404_exactly_like_an_unknown_one(
    accounts_server: Server,
) -> None:
    ada, bob = both(accounts_server)
    theirs = begin(ada)
    requests: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", "/api/sessions/{}", None),
        ("POST", "/api/sessions/{}/holds", {"hold_number": 2, "completed": True}),
        ("POST", "/api/sessions/{}/pain-report", {"exercise": "cat-cow", "level": 7}),
        ("POST", "/api/sessions/{}/finish", {"status": "completed", "pain_after": 2}),
        ("POST", "/api/sessions/{}/resume", None),
    ]
    for method, path, body in requests:
        answers = [
            bob.request(method, path.format(session_id), json=body if body is not None else {})
            for session_id in (theirs, UNKNOWN)
        ]
        found = [(a.status_code, a.json()["error"].replace(theirs, "ID")) for a in answers]
        unknown = [(a.status_code, a.json()["error"].replace(UNKNOWN, "ID")) for a in answers]
        assert found[0] == unknown[1], (method, path)
        assert found[0][0] == 404, (method, path)
    assert [h.hold_number for h in accounts_server.records("ada").holds(theirs)] == [1]
    assert accounts_server.records("ada").pain_reports() == []


def test_one_persons_safety_lock_does_not_lock_another(accounts_server: Server) -> None:
    ada, bob = both(accounts_server)
    answer = ScreeningAnswer("screening-1", "1", True, accounts_server.clock.now())
    accounts_server.records("ada").add_screening([answer])
    assert ada.post("/api/sessions", json={}).status_code == 403
    assert 'role="alert"' in ada.get("/").text
    assert bob.post("/api/sessions", json={}).status_code == 201
    assert 'role="alert"' not in bob.get("/").text


def test_a_persons_pages_show_their_own_history(accounts_server: Server) -> None:
    ada, bob = both(accounts_server)
    begin(ada)
    assert "Daily" in ada.get("/history").text
    assert accounts_server.records("bob").summaries() == []
    assert bob.get("/api/sessions/unfinished").json() == []
    assert len(ada.get("/api/sessions/unfinished").json()) == 1


def test_an_admin_is_refused_health_data_but_knows_who_they_are(
    accounts_server: Server,
) -> None:
    accounts_server.add("root", "admin")
    admin = accounts_server.signed_in("root")
    assert admin.get("/api/me").json()["role"] == "admin"
    for path in ("/api/sessions", "/api/stats", "/api/sessions/unfinished"):
        answer = admin.get(path)
        assert answer.status_code == 403, path
        assert "reads no one's health data" in answer.json()["error"]
    assert admin.post("/api/pain", json={"level": 2}).status_code == 403
    page = admin.get("/history")
    assert page.status_code == 403
    assert "admin account" in page.text


def test_personal_mode_has_no_sign_in_routes_and_no_sign_out_control(client: TestClient) -> None:
    assert client.get("/api/sessions").status_code == 200
    assert client.post("/api/login", json={"username": "a", "password": "b"}).status_code == 404
    assert "data-sign-out" not in client.get("/").text
    assert client.get("/healthz").json() == {"ok": True}
