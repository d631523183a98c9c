"""Throttling sign-ins across processes: `serve --accounts --workers 2` on PostgreSQL counts the
failures of one username in the database, so whichever worker answers the eleventh try refuses
it, and the right password too, until the window has passed."""

from __future__ import annotations

import http.client
import json
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from backstretch.cli.main import cli
from backstretch.core.history import format_timestamp, parse_timestamp
from tests.web.accounts import PASSWORD
from tests.web.test_serve_command import get, serving
from tests.web.test_workers import (  # noqa: F401 - fixture used by name
    connection_string,
    connections_to_each,
    needs_proc,
    on_postgresql,
    wait_for_workers,
)


def sign_in(connection: http.client.HTTPConnection, port: int, password: str) -> tuple[int, str]:
    """(status, Retry-After) of one POST /api/login as ada on `connection`."""
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"}
    body = json.dumps({"username": "ada", "password": password})
    connection.request("POST", "/api/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("Retry-After") or ""


def fifteen_minutes_pass(url: str) -> None:
    """Move every failure kept in the database 16 minutes into the past."""
    import psycopg

    with psycopg.connect(connection_string(url)) as database:
        for row_id, at in database.execute("SELECT id, at FROM sign_in_failures").fetchall():
            earlier = format_timestamp(parse_timestamp(at) - timedelta(minutes=16))
            database.execute("UPDATE sign_in_failures SET at = %s WHERE id = %s", (earlier, row_id))


@needs_proc
def test_ten_failures_spread_over_two_workers_throttle_the_username_on_both(
    home: Path,
    on_postgresql: str,  # noqa: F811 - the fixture
) -> None:
    added = CliRunner().invoke(
        cli, ["--home", str(home), "accounts", "add", "ada", "--password-stdin"], input=PASSWORD
    )
    assert added.exit_code == 0, added.output
    with serving(home, "--accounts", "--workers", "2") as (_, port, server):
        workers = wait_for_workers(server.pid, 2)
        assert get(port, path="/healthz") == 200
        with connections_to_each(port, workers, "/healthz") as answered_by_each:
            for attempt in range(10):  # five wrong passwords to each worker
                status, _ = sign_in(answered_by_each[attempt % 2], port, "not the password")
                assert status == 401
            after = [
                sign_in(each, port, password)
                for each in answered_by_each
                for password in ("not the password", PASSWORD)
            ]
            fifteen_minutes_pass(on_postgresql)
            later = sign_in(answered_by_each[1], port, PASSWORD)

    assert [status for status, _ in after] == [429] * 4
    assert all(int(wait) > 0 for _, wait in after)
    assert later == (204, "")
