"""A stretch stopped for pain in the browser stays stopped for the rest of the day: the next
session's table passes over it, with the reason, as `backstretch start` does."""

from __future__ import annotations

from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock


def test_a_stretch_stopped_for_pain_is_passed_over_in_the_next_session_today(
    client: TestClient, clock: FakeClock
) -> None:
    first = client.post("/api/sessions", json={}).json()["id"]
    client.post(
        f"/api/sessions/{first}/pain-report",
        json={"exercise": "cat-cow", "level": 7, "kind": "sharp"},
    )
    client.post(f"/api/sessions/{first}/finish", json={"status": "partial"})
    clock.advance(3600)

    timeline = client.get("/api/routines/daily-back/timeline").json()
    again = client.post("/api/sessions", json={}).json()["timeline"]

    reason = "stopped for today at 07:00 for pain (7/10, sharp)"
    assert timeline["stopped"] == {"cat-cow": reason}
    assert again["stopped"] == {"cat-cow": reason}


def test_the_next_day_the_stretch_is_back(client: TestClient, clock: FakeClock) -> None:
    first = client.post("/api/sessions", json={}).json()["id"]
    client.post(
        f"/api/sessions/{first}/pain-report",
        json={"exercise": "cat-cow", "level": 7, "kind": "sharp"},
    )
    clock.advance(24 * 3600)

    assert client.get("/api/routines/daily-back/timeline").json()["stopped"] == {}


def test_a_session_with_no_hold_done_is_not_stored_as_completed(client: TestClient) -> None:
    session = client.post("/api/sessions", json={}).json()["id"]
    client.post(f"/api/sessions/{session}/holds", json={"hold_number": 1, "completed": False})

    client.post(f"/api/sessions/{session}/finish", json={"status": "completed"})

    assert client.get(f"/api/sessions/{session}").json()["status"] == "partial"
