"""A person's account in the browser: download everything in the export format, delete the
account (password asked, everything erased, signed out); and the pages of sharing, the access
log and the clinician's people."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from backstretch.export.history_io import history_as_json
from backstretch.storage.tables import metadata
from tests.postgres import PostgresServer
from tests.web.accounts import BASE_URL, PASSWORD, Server, on_database
from tests.web.test_sharing import clinic

ORIGIN = {"Origin": BASE_URL}


def test_the_download_is_the_export_of_backstretch_export(accounts_server: Server) -> None:
    ada, _ = clinic(accounts_server)
    answer = ada.get("/api/export")
    assert answer.status_code == 200
    assert 'attachment; filename="backstretch-ada-' in answer.headers["content-disposition"]
    assert answer.text == history_as_json(accounts_server.records("ada").export_history())
    document = json.loads(answer.text)
    assert len(document["sessions"]) == 1 and len(document["pain"]) == 2


def test_a_wrong_password_deletes_nothing(accounts_server: Server) -> None:
    ada, _ = clinic(accounts_server)
    answer = ada.request(
        "DELETE", "/api/account", json={"password": "not the right one"}, headers=ORIGIN
    )
    assert answer.status_code == 403
    assert answer.json()["error"] == "the password is wrong: nothing was deleted"
    assert accounts_server.accounts.account("ada") is not None
    assert ada.get("/api/sessions").status_code == 200


def test_deleting_the_account_erases_it_signs_out_and_clears_the_browsers_copies(
    accounts_server: Server,
) -> None:
    ada, kim = clinic(accounts_server)
    ada.post("/api/sharing", json={"clinician": "kim"})
    answer = ada.request("DELETE", "/api/account", json={"password": PASSWORD}, headers=ORIGIN)
    assert answer.status_code == 204, answer.text
    assert "Max-Age=0" in answer.headers["set-cookie"]
    assert answer.headers["clear-site-data"] == '"cache", "storage"'
    assert accounts_server.accounts.account("ada") is None
    assert ada.get("/api/sessions").status_code == 401
    assert kim.get("/api/people").json() == []
    signed_in = ada.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert signed_in.status_code == 401


@pytest.fixture
def database(postgres: PostgresServer, home: Path) -> Iterator[tuple[Server, str]]:
    url = postgres.new_database()
    server = on_database(home, url)
    with server.stack:
        yield server, url


def test_deleting_an_account_on_postgresql_leaves_no_row_of_the_person_in_any_table(
    database: tuple[Server, str],
) -> None:
    server, url = database
    ada, kim = clinic(server)
    ada.post("/api/sharing", json={"clinician": "kim"})
    kim.get("/api/people/ada/sessions")
    person_id = server.accounts.account("ada").person_id  # type: ignore[union-attr]
    kim_sessions = len(server.records("kim").summaries())
    answer = ada.request("DELETE", "/api/account", json={"password": PASSWORD}, headers=ORIGIN)
    assert answer.status_code == 204, answer.text
    engine = create_engine(url.replace("postgresql+psycopg", "postgresql+psycopg"))
    mentions: dict[str, int] = {}
    with engine.connect() as db:
        for table in metadata.sorted_tables:
            rows = db.execute(select(table)).all()
            found = [r for r in rows if any(re.search(rf"\bada\b|{person_id}", str(v)) for v in r)]
            if found:
                mentions[table.name] = len(found)
        accounts = db.execute(select(metadata.tables["accounts"])).all()
    engine.dispose()
    assert mentions == {}
    assert sorted(row.username for row in accounts) == ["kim"]
    assert len(server.records("kim").summaries()) == kim_sessions
    assert kim.get("/api/me").status_code == 200


def test_the_pages_share_revoke_and_show_the_log(accounts_server: Server) -> None:
    ada, kim = clinic(accounts_server)
    assert "No one: your records are yours alone." in ada.get("/sharing").text
    ada.post("/api/sharing", json={"clinician": "kim"})
    sharing = ada.get("/sharing").text
    assert 'data-revoke="kim"' in sharing and "Stop sharing with kim" in sharing
    assert "No one has read your records." in ada.get("/access-log").text
    people = kim.get("/people").text
    assert '<a href="/people/ada">ada</a>' in people
    person = kim.get("/people/ada").text
    assert "Daily" in person and "after the walk" in person
    log = ada.get("/access-log").text
    assert log.count('<td data-label="Who">kim</td>') == 3  # the list, sessions and pain
    assert kim.get("/people/ben").status_code == 404
    assert 'href="/people"' in kim.get("/").text and 'href="/people"' not in ada.get("/").text


def test_the_account_page_offers_the_download_and_asks_before_deleting(
    accounts_server: Server,
) -> None:
    ada, _ = clinic(accounts_server)
    page = ada.get("/account").text
    assert 'href="/api/export" download' in page
    assert "It cannot be undone" in page and "data-delete-account" in page
    accounts_server.add("root", "admin")
    assert accounts_server.signed_in("root", "10.0.0.9").get("/account").status_code == 403
