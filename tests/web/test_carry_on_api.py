"""Today's unfinished session, listed for every page and carried on where it stopped, as
`backstretch start --resume` does."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from backstretch.core.schedule import resume_step
from backstretch.core.timeline import plan
from backstretch.storage import MemoryRepository
from tests.web.test_api import daily_back


def begin_with_holds(client: TestClient, done: int) -> str:
    started = client.post("/api/sessions", json={"routine": "daily-back"})
    assert started.status_code == 201, started.text
    session_id: str = started.json()["id"]
    for number in range(1, done + 1):
        body = {"hold_number": number, "completed": True}
        assert client.post(f"/api/sessions/{session_id}/holds", json=body).status_code == 201
    return session_id


def test_no_session_today_lists_nothing_unfinished(client: TestClient) -> None:
    assert client.get("/api/sessions/unfinished").json() == []


def test_a_session_left_mid_way_is_listed_with_where_to_carry_it_on(client: TestClient) -> None:
    session_id = begin_with_holds(client, 12)
    [listed] = client.get("/api/sessions/unfinished").json()
    assert listed["id"] == session_id
    assert (listed["holds_done"], listed["holds_planned"]) == (12, 65)
    assert listed["routine_name"] == "Daily back stretches"
    assert listed["resume_url"] == f"/session/daily-back?resume={session_id}"


def test_a_completed_session_is_not_unfinished(client: TestClient) -> None:
    session_id = begin_with_holds(client, 65)
    client.post(f"/api/sessions/{session_id}/finish", json={"status": "completed"})
    assert client.get("/api/sessions/unfinished").json() == []


def test_carrying_on_starts_before_the_first_hold_not_done(
    client: TestClient, repository: MemoryRepository, home: Path
) -> None:
    session_id = begin_with_holds(client, 12)
    client.post(f"/api/sessions/{session_id}/finish", json={"status": "partial"})
    answer = client.post(f"/api/sessions/{session_id}/resume", json={})
    assert answer.status_code == 200, answer.text
    carried = answer.json()
    assert carried["done_holds"] == list(range(1, 13))
    timeline = plan(daily_back(home))
    assert carried["resume_step"] == resume_step(timeline, set(range(1, 13)))
    steps = carried["timeline"]["steps"]
    step, following = steps[carried["resume_step"]], steps[carried["resume_step"] + 1]
    assert (step["kind"], following["hold_number"]) == ("release", 13)  # just before hold 13
    assert carried["timeline"]["holds_total"] == 65
    [summary] = repository.summaries()
    assert summary.session.status.value == "in_progress"


def test_only_todays_unfinished_session_can_be_carried_on(client: TestClient) -> None:
    session_id = begin_with_holds(client, 65)
    client.post(f"/api/sessions/{session_id}/finish", json={"status": "completed"})
    answer = client.post(f"/api/sessions/{session_id}/resume", json={})
    assert answer.status_code == 404
    assert answer.json() == {"error": f"no unfinished session from today has the id {session_id}"}
