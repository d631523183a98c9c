"""`backstretch serve --workers N`: several processes on one address, each building the app
from the same settings, sharing one PostgreSQL database and nothing else."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backstretch.cli.main import cli
from backstretch.core.errors import BackstretchError
from backstretch.web.settings import WebSettings, from_environment, to_environment
from tests.postgres import PostgresServer
from tests.web.test_serve_command import get, serving

needs_proc = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="finds a connection's process through /proc"
)


def test_the_settings_reach_a_worker_process_through_the_environment() -> None:
    settings = WebSettings(
        host="0.0.0.0",
        port=8443,
        home=Path("/srv/backstretch"),
        extra_hosts=frozenset({"mat.lan", "clinic.example:443"}),
        max_body_bytes=1000,
    )

    assert from_environment(to_environment(settings)) == settings
    assert from_environment({}) == WebSettings()


def test_a_setting_a_worker_cannot_read_names_its_variable() -> None:
    with pytest.raises(BackstretchError) as raised:
        from_environment({"BACKSTRETCH_PORT": "eighty"})

    assert str(raised.value).startswith("BACKSTRETCH_PORT: 'eighty' is not a whole number")


def test_serve_wants_at_least_one_worker(home: Path) -> None:
    result = CliRunner().invoke(cli, ["--home", str(home), "serve", "--workers", "0"])

    assert result.exit_code == 2
    assert "--workers" in result.output


def test_the_help_says_more_than_one_worker_is_for_postgresql() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])

    assert "--workers" in result.output
    assert "BACKSTRETCH_DATABASE_URL" in result.output


@pytest.fixture
def on_postgresql(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh PostgreSQL database, named to servers started from here."""
    url = postgres.new_database()
    monkeypatch.setenv("BACKSTRETCH_DATABASE_URL", url)
    return url


@needs_proc
def test_two_workers_answer_on_one_port_and_share_one_history(
    home: Path, on_postgresql: str
) -> None:
    with serving(home, "--workers", "2") as (_, port, server):
        workers = wait_for_workers(server.pid, 2)
        assert get(port) == 200
        with connections_to_each(port, workers) as (first, second):
            session = call(first, port, "POST", "/api/sessions", {"pain_before": 4})
            call(first, port, "POST", f"/api/sessions/{session['id']}/holds", HOLD)
            read = call(second, port, "GET", f"/api/sessions/{session['id']}")

    assert [hold["hold_number"] for hold in read["holds"]] == [1]
    assert read["pain_before"] == 4
    assert gone(workers), "the worker processes outlived the server"


@needs_proc
def test_on_postgresql_a_request_waiting_on_the_database_holds_up_no_other(
    home: Path, on_postgresql: str
) -> None:
    import psycopg

    with serving(home) as (_, port, _server):
        assert get(port) == 200
        with psycopg.connect(connection_string(on_postgresql)) as blocker:
            blocker.execute("LOCK TABLE pain_ratings IN EXCLUSIVE MODE")  # writes wait, reads not
            answers: list[int] = []
            writer = threading.Thread(target=lambda: answers.append(post_pain(port)))
            writer.start()
            wait_for_a_waiting_query(blocker)

            reader = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            try:
                listed = call(reader, port, "GET", "/api/sessions")
            finally:
                reader.close()
                blocker.rollback()
        writer.join(30)

    assert listed == []
    assert answers == [201]


HOLD = {"hold_number": 1, "completed": True}


def call(
    connection: http.client.HTTPConnection,
    port: int,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
) -> Any:
    """The JSON answer of one request on `connection` (kept open: the same worker answers)."""
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"}
    connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
    response = connection.getresponse()
    answer = response.read()
    assert response.status < 300, (response.status, answer)
    return json.loads(answer)


def post_pain(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"}
    connection.request("POST", "/api/pain", body=json.dumps({"level": 3}), headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def connection_string(url: str) -> str:
    """psycopg's form of the test server's SQLAlchemy URL."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def wait_for_a_waiting_query(blocker: Any) -> None:
    """Until a query of the server waits for the lock `blocker` holds."""
    for _ in range(200):
        waiting = blocker.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        ).fetchone()
        if waiting and waiting[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the server's write never reached the database")


# -- which process answers: the test reads /proc, the server says nothing about itself ----------
def children(pid: int) -> list[int]:
    """The worker processes under `pid` (the server may run under `timeout`, one level up)."""
    parents: dict[int, int] = {}
    workers: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            if b"spawn_main" in command:
                workers.add(int(entry.name))

    def under(process: int) -> bool:
        for _ in range(4):
            process = parents.get(process, 0)
            if process == pid:
                return True
        return False

    return sorted(worker for worker in workers if under(worker))


def wait_for_workers(pid: int, count: int) -> list[int]:
    for _ in range(200):
        found = children(pid)
        if len(found) == count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"expected {count} worker processes, found {children(pid)}")


def owner(connection: http.client.HTTPConnection, port: int, workers: list[int]) -> int | None:
    """The worker process holding the server's end of `connection`."""
    assert connection.sock is not None
    client_port = connection.sock.getsockname()[1]
    wanted = (f"0100007F:{port:04X}", f"0100007F:{client_port:04X}")
    inode = ""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if (fields[1], fields[2]) == wanted:
            inode = fields[9]
    for worker in workers:
        for descriptor in Path(f"/proc/{worker}/fd").iterdir():
            with_inode = f"socket:[{inode}]"
            try:
                if descriptor.readlink() == Path(with_inode):
                    return worker
            except OSError:
                continue
    return None


@contextmanager
def connections_to_each(
    port: int, workers: list[int]
) -> Iterator[list[http.client.HTTPConnection]]:
    """A kept-open connection answered by each worker, in the order of `workers` (connections
    are opened, and kept open, until every worker has taken one)."""
    found: dict[int, http.client.HTTPConnection] = {}
    opened = []
    try:
        while len(found) < len(workers) and len(opened) < 200:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            opened.append(connection)
            call(connection, port, "GET", "/api/routines")
            answered_by = owner(connection, port, workers)
            if answered_by is not None:
                found.setdefault(answered_by, connection)
        assert len(found) == len(workers), f"only {sorted(found)} of {workers} answered"
        yield [found[worker] for worker in workers]
    finally:
        for connection in opened:
            connection.close()


def gone(pids: list[int], seconds: float = 10) -> bool:
    """True once none of `pids` runs (a zombie waiting for its parent counts as gone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(running(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
