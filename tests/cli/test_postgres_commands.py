"""The everyday commands on PostgreSQL: BACKSTRETCH_DATABASE_URL names a server, and `start`,
`pain`, `history` and `stats` work on it exactly as on the SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.postgres import PostgresServer

PROGRAM = Path(sys.executable).with_name("backstretch")


def run(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRETCH_HOME": str(home), "BACKSTRETCH_DATABASE_URL": url}
    return subprocess.run(
        [str(PROGRAM), *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_a_session_on_postgresql_is_in_history_and_stats(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.new_database()

    started = run(tmp_path, url, "start", "--speed", "1000", "--yes", "--pain-before", "4")
    pain = run(tmp_path, url, "pain", "2")
    history = run(tmp_path, url, "history", "--json")
    stats = run(tmp_path, url, "stats", "--json")

    assert started.returncode == 0, started.stderr
    assert "65 of 65 holds done" in started.stdout
    assert pain.returncode == 0, pain.stderr
    sessions = json.loads(history.stdout)
    assert [(s["status"], s["holds_completed"], s["pain_before"]) for s in sessions] == [
        ("completed", 65, 4)
    ]
    assert json.loads(stats.stdout)["sessions"]["last_7_days"] == 1
    assert not (tmp_path / "backstretch.db").exists()  # nothing went to a SQLite file


def test_an_unreachable_postgresql_server_is_one_error_line(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:9/none"  # the discard port: nothing listens

    result = run(tmp_path, url, "history")

    assert result.returncode == 1
    assert result.stderr.startswith("Error: 127.0.0.1:9/none: cannot open the history database")
    assert "Traceback" not in result.stderr
