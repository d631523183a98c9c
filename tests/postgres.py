"""A throwaway PostgreSQL server for the tests: started once per test run on 127.0.0.1 and a
free port, in a temporary folder, with fsync off; each test gets a database of its own, copied
from a migrated template. The server stops when the tests end, and by itself (a watchdog) if the
test process is killed.

CI must test PostgreSQL: with CI set, a server that cannot start fails the run instead of
skipping (scripts/test installs Debian's postgresql package).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

TEMPLATE = "backstretch_template"
_numbers = itertools.count(1)


def find_binary(name: str) -> str | None:
    """The newest installed version's binary (Debian keeps them off PATH), else one on PATH."""
    found = [p for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}") if p.parts[-3].isdigit()]
    newest = max(found, key=lambda p: int(p.parts[-3]), default=None)
    return str(newest) if newest else shutil.which(name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    folder: Path
    port: int
    as_user: list[str]
    pg_ctl: str

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls) -> PostgresServer:
        initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        folder = Path(tempfile.mkdtemp(prefix="backstretch-postgres-"))
        as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        server = cls(folder, free_port(), as_user, pg_ctl)
        server.run(initdb, "-D", str(server.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(folder / "server.log")
        server.run(pg_ctl, "-D", str(server.data), "-l", log, "-o", options, "-w", "start")
        server.watch(os.getpid())
        return server

    def run(self, *command: str) -> None:
        result = subprocess.run(
            [*self.as_user, *command], capture_output=True, text=True, timeout=60, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr or result.stdout}")

    def watch(self, pid: int) -> None:
        """Stop the server once process `pid` is gone, however it ended."""
        script = (
            f"while kill -0 {pid} 2>/dev/null; do sleep 1; done; "
            f"{' '.join(self.as_user)} {self.pg_ctl} -D {self.data} -m immediate stop; "
            f"rm -rf {self.folder}"
        )
        # Started in the background of a shell that exits at once, so nothing here waits on it.
        subprocess.run(["sh", "-c", f"({script}) >/dev/null 2>&1 &"], check=True, timeout=10)

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def execute(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def new_database(self) -> str:
        """A fresh, migrated database's URL (copied from the template: no migration per test)."""
        name = f"test_{os.getpid()}_{next(_numbers)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)


def start_server() -> PostgresServer:
    """Start the server and its migrated template, or skip (fail under CI) if it cannot."""
    try:
        server = PostgresServer.start()
    except (RuntimeError, OSError, KeyError, subprocess.TimeoutExpired) as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server for these tests: {error}")
    from backstretch.storage.sql import open_sqlalchemy

    server.execute(f"CREATE DATABASE {TEMPLATE}")
    open_sqlalchemy(server.url(TEMPLATE)).close()  # migrates the template once
    return server
