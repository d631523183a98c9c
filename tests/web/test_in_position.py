"""A hold held with the camera check on records how long it was held in position: the
hold-done request takes `in_position_seconds`, checked against the hold's own length; without
it everything is stored and shown as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.storage import MemoryRepository, open_repository
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings
from tests.web.conftest import BASE_URL, PORT


def first_hold_seconds(client: TestClient) -> float:
    steps = client.get("/api/routines/daily-back/timeline").json()["steps"]
    return float(next(s["duration"] for s in steps if s.get("hold_number") == 1))


def begin(client: TestClient) -> str:
    answer = client.post("/api/sessions", json={})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def hold_done(client: TestClient, session_id: str, **more: object) -> Any:
    body = {"hold_number": 1, "completed": True, **more}
    return client.post(f"/api/sessions/{session_id}/holds", json=body)


def test_the_seconds_in_position_are_stored_with_the_hold(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id = begin(client)
    in_position = first_hold_seconds(client) - 1.25
    answer = hold_done(client, session_id, in_position_seconds=in_position)
    assert answer.status_code == 201, answer.text
    [hold] = repository.holds(session_id)
    assert hold.in_position_seconds == in_position
    assert hold.held_seconds == hold.planned_seconds  # held as before: the whole hold
    [read] = client.get(f"/api/sessions/{session_id}").json()["holds"]
    assert read["in_position_seconds"] == in_position


def test_without_the_camera_the_hold_is_stored_and_read_as_before(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id = begin(client)
    hold_done(client, session_id)
    hold_done(client, session_id, in_position_seconds=None)
    [hold] = repository.holds(session_id)
    assert hold.in_position_seconds is None
    [read] = client.get(f"/api/sessions/{session_id}").json()["holds"]
    assert "in_position_seconds" not in read


def test_a_second_past_the_hold_is_kept_to_the_hold_s_length(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id = begin(client)
    seconds = first_hold_seconds(client)
    answer = hold_done(client, session_id, in_position_seconds=seconds + 1)
    assert answer.status_code == 201, answer.text
    [hold] = repository.holds(session_id)
    assert hold.in_position_seconds == seconds


@pytest.mark.parametrize("given", [-0.5, "over", 1e9])
def test_an_impossible_time_in_position_is_refused_naming_the_hold_and_what_is_allowed(
    client: TestClient, repository: MemoryRepository, given: object
) -> None:
    session_id = begin(client)
    seconds = first_hold_seconds(client)
    value = seconds + 1.5 if given == "over" else given
    answer = hold_done(client, session_id, in_position_seconds=value)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == (
        f"in_position_seconds must be a number of seconds from 0 to {seconds + 1:g} for hold 1 "
        f"(trunk-rotation, {seconds:g} s) (got {value!r})"
    )
    assert repository.holds(session_id) == []


@pytest.mark.parametrize("given", ['"27"', "true", "[27]"])
def test_a_time_in_position_that_is_not_a_number_is_refused_in_backstretch_s_words(
    client: TestClient, repository: MemoryRepository, given: str
) -> None:
    session_id = begin(client)
    answer = client.post(
        f"/api/sessions/{session_id}/holds",
        content=f'{{"hold_number": 1, "completed": true, "in_position_seconds": {given}}}',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"].startswith(
        "body.in_position_seconds: must be a number of seconds, or null"
    )
    assert repository.holds(session_id) == []


def test_the_history_page_shows_how_long_the_holds_were_held_in_position(
    home: Path, clock: FakeClock
) -> None:
    repository = open_repository(home)
    app = create_app(clock=clock, repository=repository, settings=WebSettings(port=PORT, home=home))
    with TestClient(app, base_url=BASE_URL) as client:
        seconds = first_hold_seconds(client)
        without = begin(client)
        hold_done(client, without)
        page = client.get("/history").text
        assert "held in position" not in page
        with_camera = begin(client)
        hold_done(client, with_camera, in_position_seconds=seconds - 1.5)
        page = client.get("/history").text
    repository.close()
    assert page.count("held in position") == 1
    assert f"camera check: held in position {seconds - 1.5:g} of {seconds:g} s" in page


def test_a_skipped_hold_is_not_held_in_position_longer_than_it_was_held(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id = begin(client)
    answer = hold_done(
        client, session_id, completed=False, held_seconds=2.0, in_position_seconds=3.5
    )
    assert answer.status_code == 201, answer.text
    [hold] = repository.holds(session_id)
    assert (hold.completed, hold.held_seconds, hold.in_position_seconds) == (False, 2.0, 2.0)
