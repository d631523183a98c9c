"""The browser honours the same safety lock as `backstretch start`."""

from __future__ import annotations

from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.core.safety import ScreeningAnswer
from backstretch.storage import MemoryRepository


def answer_emergency(repository: MemoryRepository, clock: FakeClock) -> None:
    repository.add_screening([ScreeningAnswer("screening-1", "1", True, clock.now())])


def test_no_session_starts_while_the_screening_calls_for_emergency_care(
    client: TestClient, repository: MemoryRepository, clock: FakeClock
) -> None:
    answer_emergency(repository, clock)
    answer = client.post("/api/sessions", json={})
    assert answer.status_code == 403
    assert "emergency" in answer.json()["error"]
    assert repository.summaries() == []


def test_the_pages_say_why_there_is_no_session(
    client: TestClient, repository: MemoryRepository, clock: FakeClock
) -> None:
    answer_emergency(repository, clock)
    home = client.get("/").text
    assert 'role="alert"' in home
    assert 'href="/session/daily-back"' not in home
    session = client.get("/session/daily-back").text
    assert 'data-action="start" disabled' in session
