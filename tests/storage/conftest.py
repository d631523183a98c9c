"""A repository of each kind, so one set of contract tests holds all of them to the same rules:
in memory, SQLite through sqlite3, SQLite through SQLAlchemy, and PostgreSQL (a throwaway
server, tests/postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backstretch.storage.memory import MemoryRepository
from backstretch.storage.repository import Repository
from tests.postgres import PostgresServer

KINDS = ("memory", "sqlite", "sqlalchemy", "postgresql")


def open_kind(kind: str, folder: Path, request: pytest.FixtureRequest) -> Repository:
    if kind == "memory":
        return MemoryRepository()
    if kind == "sqlite":
        from backstretch.storage.sqlite import open_sqlite

        return open_sqlite(folder / "backstretch.db")
    from backstretch.storage.sql import open_sqlalchemy

    if kind == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        return open_sqlalchemy(server.new_database())
    return open_sqlalchemy(f"sqlite:///{folder / 'backstretch.db'}")


@pytest.fixture(params=KINDS)
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    opened = open_kind(request.param, tmp_path, request)
    yield opened
    opened.close()
