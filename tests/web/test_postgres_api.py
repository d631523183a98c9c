"""The browser's API on PostgreSQL: a session sent hold by hold is stored and read back as on
SQLite."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.storage.sql import open_sqlalchemy
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings
from tests.postgres import PostgresServer
from tests.web.conftest import BASE_URL, PORT


def test_a_browser_session_is_stored_on_postgresql(postgres: PostgresServer, home: Path) -> None:
    repository = open_sqlalchemy(postgres.new_database())
    app = create_app(FakeClock(), repository, WebSettings(port=PORT, home=home))
    with TestClient(app, base_url=BASE_URL) as client:
        session_id = client.post("/api/sessions", json={"pain_before": 5}).json()["id"]
        for number in (1, 2, 3):
            url = f"/api/sessions/{session_id}/holds"
            assert client.post(url, json={"hold_number": number, "completed": True}).is_success
        finished = client.post(
            f"/api/sessions/{session_id}/finish", json={"status": "partial", "pain_after": 3}
        )
        [listed] = client.get("/api/sessions").json()

    assert finished.status_code == 200
    assert (listed["status"], listed["holds_completed"]) == ("partial", 3)
    assert (listed["pain_before"], listed["pain_after"]) == (5, 3)
    repository.close()
