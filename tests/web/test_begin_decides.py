"""Beginning a session in the browser decides today's progression step as `start` does."""

from __future__ import annotations

from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.storage import MemoryRepository
from tests.coach.test_today import settled_history


def test_beginning_a_browser_session_takes_todays_progression_step(
    client: TestClient, repository: MemoryRepository, clock: FakeClock
) -> None:
    settled_history(repository, clock.now())
    before = client.get("/api/routines/daily-back").json()

    begun = client.post("/api/sessions", json={})
    [session] = repository.summaries(limit=1)

    assert begun.status_code == 201
    hip_before = next(e for e in before["exercises"] if e["id"] == "hip-flexor")
    hip_now = next(d for d in session.session.doses if d.exercise == "hip-flexor")
    assert (hip_before["hold_seconds"], hip_now.hold_seconds) == (10, 15)
    assert {c.exercise for c in repository.dose_changes()} >= {"hip-flexor"}
    table = begun.json()["timeline"]  # what the page plays: the session's own doses
    hip_holds = [s for s in table["steps"] if s["exercise"] == "hip-flexor" and s["kind"] == "hold"]
    assert {s["duration"] for s in hip_holds} == {15}
