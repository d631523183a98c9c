"""The JSON API: routines, the timeline, sessions and holds, pain and stats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from starlette.testclient import TestClient

from backstretch.catalog import Catalog
from backstretch.cli.main import cli
from backstretch.core.clock import FakeClock
from backstretch.core.cues import line, speech
from backstretch.core.events import Event, EventName
from backstretch.core.timeline import plan
from backstretch.storage import MemoryRepository, open_repository
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings
from tests.web.accounts import Server as AccountsServer
from tests.web.conftest import BASE_URL, PORT


def daily_back(home: Path) -> Any:
    return Catalog(home).load("daily-back")


def run_whole_session(client: TestClient, pain_before: int = 5, pain_after: int = 3) -> str:
    started = client.post(
        "/api/sessions", json={"routine": "daily-back", "pain_before": pain_before}
    )
    assert started.status_code == 201, started.text
    session_id: str = started.json()["id"]
    steps = client.get("/api/routines/daily-back/timeline").json()["steps"]
    for step in steps:
        if step["kind"] == "hold":
            body = {"hold_number": step["hold_number"], "completed": True}
            answer = client.post(f"/api/sessions/{session_id}/holds", json=body)
            assert answer.status_code == 201, answer.text
    finished = client.post(
        f"/api/sessions/{session_id}/finish", json={"status": "completed", "pain_after": pain_after}
    )
    assert finished.status_code == 200, finished.text
    return session_id


def test_routines_list_the_built_in_daily_back(client: TestClient) -> None:
    routines = client.get("/api/routines").json()
    daily = next(r for r in routines if r["id"] == "daily-back")
    assert daily["exercises"] == 5
    assert daily["holds_total"] > 0


def test_a_routine_reads_as_show_json_prints_it(client: TestClient) -> None:
    routine = client.get("/api/routines/daily-back").json()
    assert [e["id"] for e in routine["exercises"]] == [
        "trunk-rotation",
        "cat-cow",
        "hip-flexor",
        "childs-pose",
        "hamstring",
    ]


def test_the_timeline_is_the_planners_with_the_terminals_words(
    client: TestClient, home: Path
) -> None:
    timeline = plan(daily_back(home))
    answer = client.get("/api/routines/daily-back/timeline").json()
    assert answer["total_seconds"] == timeline.total_seconds
    assert len(answer["steps"]) == len(timeline.steps)
    hold = timeline.holds[0]
    sent = answer["steps"][hold.index]
    event = Event(EventName.HOLD_START, hold.start, hold.start, hold)
    assert sent["kind"] == "hold"
    assert (sent["start"], sent["duration"]) == (hold.start, hold.duration)
    assert sent["line"] == line(event, timeline.routine)
    assert sent["speech"] == speech(event, timeline.routine)
    assert answer["steps"][-1]["kind"] == "end"


def test_the_timeline_names_a_picture_for_each_stretch(client: TestClient) -> None:
    steps = client.get("/api/routines/daily-back/timeline").json()["steps"]
    cat = next(s for s in steps if s["phase"] == "cat")
    assert cat["figure"] == "/figures/daily-back/cat-cow-cat.svg"
    picture = client.get(cat["figure"])
    assert picture.status_code == 200
    assert picture.headers["content-type"].startswith("image/svg+xml")


def test_a_whole_session_lands_in_the_history(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id = run_whole_session(client)
    [summary] = repository.summaries()
    assert summary.id == session_id
    assert summary.session.status.value == "completed"
    assert summary.holds_completed == summary.session.holds_planned
    assert (summary.session.pain_before, summary.session.pain_after) == (5, 3)
    listed = client.get("/api/sessions").json()
    assert listed[0]["id"] == session_id
    assert listed[0]["holds_skipped"] == 0


def test_a_browser_session_shows_in_backstretch_history_like_a_terminal_one(
    home: Path, clock: FakeClock
) -> None:
    repository = open_repository(home)
    app = create_app(clock=clock, repository=repository, settings=WebSettings(port=PORT, home=home))
    with TestClient(app, base_url=BASE_URL) as client:
        session_id = run_whole_session(client, pain_before=6, pain_after=4)
    repository.close()
    result = CliRunner().invoke(cli, ["--home", str(home), "history", "--json"])
    assert result.exit_code == 0, result.output
    [session] = json.loads(result.output)
    assert session["id"] == session_id
    assert session["status"] == "completed"
    assert session["holds_completed"] == session["holds_planned"]
    assert (session["pain_before"], session["pain_after"]) == (6, 4)


def test_a_hold_sent_twice_is_stored_once_and_completed_beats_skipped(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id = client.post("/api/sessions", json={}).json()["id"]
    url = f"/api/sessions/{session_id}/holds"
    client.post(url, json={"hold_number": 1, "completed": False, "held_seconds": 2})
    client.post(url, json={"hold_number": 1, "completed": True})
    client.post(url, json={"hold_number": 1, "completed": True})
    [hold] = repository.holds(session_id)
    assert hold.completed
    assert hold.held_seconds == hold.planned_seconds


def test_finishing_twice_records_the_pain_after_once(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id = client.post("/api/sessions", json={}).json()["id"]
    for _ in range(2):
        answer = client.post(
            f"/api/sessions/{session_id}/finish", json={"status": "partial", "pain_after": 2}
        )
        assert answer.status_code == 200
    assert [r.level for r in repository.pain_ratings()] == [2]


def test_a_session_with_its_holds_can_be_read_back(client: TestClient) -> None:
    session_id = client.post("/api/sessions", json={}).json()["id"]
    client.post(f"/api/sessions/{session_id}/holds", json={"hold_number": 2, "completed": True})
    session = client.get(f"/api/sessions/{session_id}").json()
    assert session["status"] == "in_progress"
    assert [h["hold_number"] for h in session["holds"]] == [2]


def test_pain_is_recorded_and_counted_in_stats(
    client: TestClient, repository: MemoryRepository
) -> None:
    answer = client.post("/api/pain", json={"level": 4, "note": "stiff"})
    assert answer.status_code == 201, answer.text
    assert [r.level for r in repository.pain_ratings()] == [4]
    stats = client.get("/api/stats").json()
    assert stats["pain"]["weekly"][0]["average"] == 4


def test_the_openapi_schema_describes_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/routines/{routine_id}/timeline", "/api/sessions/{session_id}/holds"):
        assert path in schema["paths"]


def test_the_openapi_schema_declares_every_error_answer_in_its_own_shape(
    client: TestClient,
) -> None:
    assert_every_error_answer_declared(client.get("/api/openapi.json").json())


def test_with_accounts_on_every_route_declares_its_error_answers_too(
    accounts_server: AccountsServer,
) -> None:
    accounts_server.add("ada")
    schema = accounts_server.signed_in("ada").get("/api/openapi.json").json()
    assert_every_error_answer_declared(schema)


def assert_every_error_answer_declared(schema: dict[str, Any]) -> None:
    error_shape = schema["components"]["schemas"]["ErrorAnswer"]
    assert error_shape["required"] == ["error"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = operation["responses"]
            expected = {"400", "413", "421", "422", "503"}
            if method == "post":
                expected.add("403")
            if "_id}" in path or (path == "/api/sessions" and method == "post"):
                expected.add("404")
            assert expected <= set(declared), (method, path, sorted(declared))
            for status in expected:
                shape = declared[status]["content"]["application/json"]["schema"]
                assert shape == {"$ref": "#/components/schemas/ErrorAnswer"}, (path, status)
                assert declared[status]["description"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
