"""On PostgreSQL a read is one round trip: no transaction is begun for it, so none is left to
roll back; and a hold upload sends only the statements it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.storage.sql import SqlAlchemyRepository, open_engine
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings
from tests.postgres import PostgresServer
from tests.storage.records import make_session
from tests.web.conftest import BASE_URL, PORT


def test_reading_on_postgresql_leaves_no_transaction_to_roll_back(
    postgres: PostgresServer,
) -> None:
    engine, where = open_engine(postgres.new_database())
    repository = SqlAlchemyRepository(engine, where)
    repository.add_session(make_session(1))
    open_when_ended: list[str] = []

    @event.listens_for(engine, "rollback")
    def on_rollback(connection: Any) -> None:  # a read ends by rolling back what it began
        status = connection.connection.dbapi_connection.info.transaction_status
        if status.name != "IDLE":  # a ROLLBACK round trip follows
            open_when_ended.append(status.name)

    repository.person  # noqa: B018 - a read
    repository.summaries()
    repository.clearances()
    repository.get_setting("time_zone")
    repository.close()
    assert open_when_ended == []


def test_a_hold_upload_on_postgresql_reads_the_session_its_prescription_and_the_knee_answers(
    postgres: PostgresServer, home: Path
) -> None:
    engine, where = open_engine(postgres.new_database())
    repository = SqlAlchemyRepository(engine, where)
    app = create_app(FakeClock(), repository, WebSettings(port=PORT, home=home))
    sent: list[str] = []
    with TestClient(app, base_url=BASE_URL) as client:
        begun = client.post("/api/sessions", json={"pain_before": 5}).json()

        @event.listens_for(engine, "before_cursor_execute")
        def on_statement(*arguments: Any) -> None:
            sent.append(arguments[2].split()[0])

        answer = client.post(begun["holds_url"], json={"hold_number": 1, "completed": True})
    repository.close()
    assert answer.status_code == 201
    # the session, a prescription of its routine (one may replace the built-in), the knee
    # answers; then the hold
    assert sent == ["SELECT", "SELECT", "SELECT", "INSERT", "UPDATE"]
