"""Choosing the database: `backstretch.db` in the data home, or BACKSTRETCH_DATABASE_URL.

The one place a real repository is built (the CLI entry and create_app call `open_repository`).
A SQLite file goes through the standard library's sqlite3 (fast start); any other URL through
SQLAlchemy. Neither SQLAlchemy nor Alembic is imported unless needed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from backstretch.storage.repository import Repository

if TYPE_CHECKING:  # the quick commands never load SQLAlchemy
    from backstretch.storage.accounts_sql import Server

DATABASE_FILE = "backstretch.db"
URL_VARIABLE = "BACKSTRETCH_DATABASE_URL"
SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")


def default_home() -> Path:
    """Where a person's data, settings and routines live unless told: the platform's user data
    folder (the terminal and the web app both start from here)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("backstretch", appauthor=False))


def database_url(data_home: Path, environ: Mapping[str, str] | None = None) -> str:
    """BACKSTRETCH_DATABASE_URL if set, else a SQLite file in the data home."""
    environ = os.environ if environ is None else environ
    return environ.get(URL_VARIABLE) or f"sqlite:///{data_home / DATABASE_FILE}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL, or None for anything else (memory, options)."""
    scheme, _, rest = url.partition(":///")
    if scheme not in SQLITE_SCHEMES or not rest or "?" in rest or rest == ":memory:":
        return None
    return Path(rest)


def open_repository(
    data_home: Path, environ: Mapping[str, str] | None = None, check: bool = False
) -> Repository:
    """The history repository for this data home, created or migrated on first use. `check`
    (for a session about to be recorded) checks a SQLite file for damage and that it can be
    written before anything is stored; quick commands skip the check (see sqlite_file.py)."""
    url = database_url(data_home, environ)
    path = sqlite_file(url)
    if path is not None:
        from backstretch.storage.sqlite import open_sqlite

        return open_sqlite(path, check)
    from backstretch.storage.sql import open_sqlalchemy

    return open_sqlalchemy(url)


def open_accounts(data_home: Path, environ: Mapping[str, str] | None = None) -> Server:
    """The server's database for this data home (or BACKSTRETCH_DATABASE_URL), with its people
    and their accounts: the one place `serve --accounts` and `backstretch accounts` open it."""
    from backstretch.storage.accounts_sql import open_server

    url = database_url(data_home, environ)
    path = sqlite_file(url)
    if path is not None:  # made, checked for damage and migrated as the personal mode does
        from backstretch.storage.sqlite import open_sqlite

        open_sqlite(path, check=True).close()
    return open_server(url)
