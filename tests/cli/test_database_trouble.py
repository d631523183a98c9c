"""A history database that is damaged, empty, not backstretch's or read-only: one clear message
that says what to do, and the file left as it was."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PROGRAM = [sys.executable, "-m", "backstretch.cli.main"]
PAGE = 4096


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return Person(home, []).run(*args)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: ")
    return line


def with_one_session(home: Path) -> Path:
    result = run(home, "start", "--yes", "--speed", "1000")
    assert result.returncode == 0, result.stderr
    return home / "backstretch.db"


def root_page(database: Path, table: str) -> int:
    with sqlite3.connect(database) as db:
        (page,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    return int(page)


def damage(database: Path, page: int) -> None:
    """Random bytes over one page of the file, as a failing disk or a bad copy leaves it."""
    with database.open("r+b") as file:
        file.seek((page - 1) * PAGE)
        file.write(random.Random(page).randbytes(PAGE))


# -- damaged -------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", ["alembic_version", "holds", "sessions"])
def test_start_refuses_a_damaged_database_and_says_how_to_restore(home: Path, table: str) -> None:
    database = with_one_session(home)
    damage(database, root_page(database, table))
    before = database.read_bytes()
    line = one_error_line(run(home, "start", "--yes", "--speed", "1000"))
    assert f"{database}: the history database is damaged" in line
    assert "`backstretch export -o saved.json`" in line
    assert "`backstretch import saved.json`" in line
    assert database.read_bytes() == before


def test_a_quick_command_reports_damage_the_first_time_it_meets_it(home: Path) -> None:
    database = with_one_session(home)
    damage(database, root_page(database, "holds"))
    line = one_error_line(run(home, "export"))
    assert f"{database}: the history database is damaged" in line
    assert "backstretch import" in line


# -- empty or not backstretch's ------------------------------------------------------------------
def schema_less(database: Path) -> None:
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE notes (text)")
        db.execute("INSERT INTO notes VALUES ('mine')")


def empty_version(database: Path) -> None:
    schema_less(database)
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.write_bytes(b""), "is an empty file (0 bytes)"),
        (schema_less, "is not a backstretch history database (it has no schema version)"),
        (empty_version, "is not a backstretch history database (it has no schema version)"),
    ],
)
@pytest.mark.parametrize(
    "command", [["history"], ["pain", "3"], ["start", "--yes", "--speed", "1000"]]
)
def test_an_empty_or_foreign_database_gets_a_message_and_is_left_as_it_was(
    home: Path, make: Any, message: str, command: list[str]
) -> None:
    database = home / "backstretch.db"
    make(database)
    before = database.read_bytes()
    line = one_error_line(run(home, *command))
    assert f"Error: {database}: the history database {message}" in line
    assert "it was left as it is" in line
    assert database.read_bytes() == before
    assert list(home.glob("*backstretch.db*")) == [database]  # nothing made beside it


# -- read-only -----------------------------------------------------------------------------------
# Root may write any file whatever its mode; without these two capabilities it may not, as anyone.
AS_ANYONE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@dataclass
class Person:
    """Runs backstretch as someone the modes of files and folders apply to."""

    home: Path
    prefix: list[str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "BACKSTRETCH_HOME": str(self.home)}
        return subprocess.run([*self.prefix, *PROGRAM, *args], env=env, capture_output=True,
                              text=True, timeout=60, stdin=subprocess.DEVNULL)  # fmt: skip


@pytest.fixture
def person(tmp_path: Path) -> Iterator[Person]:
    prefix = AS_ANYONE if os.geteuid() == 0 else []
    if prefix and not shutil.which(prefix[0]):
        pytest.skip("running as root without setpriv: file modes cannot be tested")
    home = tmp_path / "home"
    home.mkdir()
    try:
        yield Person(home, prefix)
    finally:
        home.chmod(0o755)


def test_a_read_only_database_can_still_be_read_and_exported(person: Person) -> None:
    assert person.run("start", "--yes", "--speed", "1000").returncode == 0
    database = person.home / "backstretch.db"
    database.chmod(0o444)
    check_read_only(person, database, f"chmod u+w {database}")


def test_a_read_only_home_can_still_be_read_and_exported(person: Person) -> None:
    assert person.run("start", "--yes", "--speed", "1000").returncode == 0
    person.home.chmod(0o555)
    check_read_only(person, person.home / "backstretch.db", f"chmod u+w {person.home}")


def check_read_only(person: Person, database: Path, advice: str) -> None:
    history = person.run("history", "--json")
    assert history.returncode == 0, history.stderr
    assert json.loads(history.stdout)[0]["holds_completed"] == 65
    exported = person.run("export")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["sessions"]) == 1
    for command in (["pain", "3"], ["start", "--yes", "--speed", "1000"]):
        line = one_error_line(person.run(*command))
        assert f"{database}: the history database cannot be written" in line
        assert advice in line


def test_fixing_the_mode_is_enough_even_with_a_read_only_shm_left_behind(person: Person) -> None:
    assert person.run("pain", "2").returncode == 0
    database = person.home / "backstretch.db"
    database.chmod(0o444)
    assert person.run("history").returncode == 0  # reading leaves a read-only -shm behind
    shm = person.home / "backstretch.db-shm"
    assert shm.exists() and not shm.stat().st_mode & 0o200
    database.chmod(0o644)  # the person fixes the mode of the database
    recorded = person.run("pain", "3")
    assert recorded.returncode == 0, recorded.stderr
    assert "Recorded pain 3/10" in recorded.stdout
