"""docs/deploy/, checked as a self-hoster would use it: the systemd units pass
`systemd-analyze verify`, the Caddyfiles pass `caddy validate`, and a backup made by backup.sh
restores with restore.sh into a new database where a person's history reads as before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest
from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.storage.sql import open_sqlalchemy
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings
from tests.postgres import TEMPLATE, PostgresServer, find_binary

DEPLOY = Path(__file__).parents[2] / "docs" / "deploy"
UNITS = (
    "backstretch.service",
    "backstretch-backup.service",
    "backstretch-backup.timer",
    "backstretch-alerts.service",
    "backstretch-alerts.timer",
)
# Where the recipe installs what the units start, and where the test finds it instead.
INSTALLED = {
    "/opt/backstretch/bin/backstretch": str(Path(sys.executable).parent / "backstretch"),
    "/usr/local/lib/backstretch/backup.sh": str(DEPLOY / "backup.sh"),
}


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (Debian: apt-get install systemd)",
)
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        for documented, here in INSTALLED.items():
            text = text.replace(documented, here)
        (tmp_path / name).write_text(text)

    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_service_serves_two_workers_behind_a_proxy_and_restarts_on_failure() -> None:
    unit = (DEPLOY / "backstretch.service").read_text()

    start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    assert "serve --host 127.0.0.1 --port 8765 --workers 2" in start
    assert "--allowed-host clinic.example.org:443" in start
    for setting in ("Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict"):
        assert f"\n{setting}\n" in unit
    assert "\nEnvironmentFile=/etc/backstretch/backstretch.env\n" in unit


@pytest.mark.skipif(
    shutil.which("caddy") is None,
    reason="caddy is not installed (Debian: apt-get install caddy); scripts/test installs it",
)
@pytest.mark.parametrize("name", ["Caddyfile", "Caddyfile.public"])
def test_the_caddyfiles_pass_caddy_validate(name: str, tmp_path: Path) -> None:
    environment = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    command = ["caddy", "validate", "--config", str(DEPLOY / name), "--adapter", "caddyfile"]

    result = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr


def test_the_documented_files_are_the_ones_tested() -> None:
    guide = (DEPLOY / "README.md").read_text()
    for name in (
        *UNITS,
        *("backstretch.env", "alerts.env", "backup.sh", "restore.sh", "Caddyfile.public"),
    ):
        assert f"({name})" in guide, name


def test_the_alert_mail_runs_every_5_minutes_with_the_smtp_settings_of_its_own_file() -> None:
    service = (DEPLOY / "backstretch-alerts.service").read_text()
    timer = (DEPLOY / "backstretch-alerts.timer").read_text()

    assert "\nExecStart=/opt/backstretch/bin/backstretch alerts send\n" in service
    assert "\nEnvironmentFile=/etc/backstretch/alerts.env\n" in service
    assert "\nOnCalendar=*:0/5\n" in timer
    assert "SMTP" not in (DEPLOY / "backstretch.service").read_text()
    assert "BACKSTRETCH_SMTP_HOST=" in (DEPLOY / "alerts.env").read_text()


@pytest.fixture
def postgres_tools(postgres: PostgresServer) -> dict[str, str]:
    """The environment the backup scripts run in: PostgreSQL's tools on PATH, the test server
    named by PostgreSQL's own variables, and a role `backstretch` as on a server."""
    tools = find_binary("pg_dump")
    if tools is None:
        pytest.skip("pg_dump is not installed (Debian: apt-get install postgresql)")
    postgres.execute(
        "DO $$ BEGIN CREATE ROLE backstretch; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    return {
        **os.environ,
        "PATH": f"{Path(tools).parent}:{os.environ['PATH']}",
        "PGHOST": "127.0.0.1",
        "PGPORT": str(postgres.port),
        "PGUSER": "postgres",
    }


def test_a_backup_restores_into_a_new_database_with_the_history_in_it(
    postgres: PostgresServer, postgres_tools: dict[str, str], home: Path, tmp_path: Path
) -> None:
    database, restored = f"backstretch_{os.getpid()}", f"backstretch_{os.getpid()}_restored"
    postgres.execute(f"CREATE DATABASE {database} OWNER backstretch TEMPLATE {TEMPLATE}")
    record_a_session(postgres.url(database), home)
    backups = tmp_path / "backups"
    backups.mkdir()

    backup = run(
        [str(DEPLOY / "backup.sh")],
        {**postgres_tools, "BACKSTRETCH_BACKUPS": str(backups), "BACKSTRETCH_DATABASE": database},
    )
    dump = Path(backup.strip())
    with dump.open("rb") as given:
        restore = run([str(DEPLOY / "restore.sh"), restored], postgres_tools, given)
    history = run(
        [sys.executable, "-m", "backstretch.cli.main", "history", "--json"],
        {**os.environ, "BACKSTRETCH_DATABASE_URL": postgres.url(restored)},
    )

    assert dump.parent == backups
    assert dump.name.startswith(f"{database}-")
    assert restore.strip() == f"Restored into the database {restored}."
    [session] = json.loads(history)
    assert (session["status"], session["holds_completed"]) == ("partial", 3)
    assert (session["pain_before"], session["pain_after"]) == (6, 4)


def record_a_session(url: str, home: Path) -> None:
    """A session of three holds, as the browser stores it."""
    repository = open_sqlalchemy(url)
    app = create_app(FakeClock(), repository, WebSettings(port=8765, home=home))
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        begun = client.post("/api/sessions", json={"pain_before": 6}).json()
        for number in (1, 2, 3):
            client.post(begun["holds_url"], json={"hold_number": number, "completed": True})
        client.post(
            f"/api/sessions/{begun['id']}/finish", json={"status": "partial", "pain_after": 4}
        )
    repository.close()


def run(command: list[str], environment: dict[str, str], given: IO[bytes] | None = None) -> str:
    result = subprocess.run(
        command, stdin=given, capture_output=True, env=environment, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()
