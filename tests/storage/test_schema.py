"""Migrations, the schema revision check, SQLite settings and what stays unimported."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from backstretch.storage import open_repository
from backstretch.storage.repository import StorageError
from backstretch.storage.schema import HEAD, KNOWN_REVISIONS, SCRIPT_LOCATION
from tests.postgres import PostgresServer


def test_the_known_revisions_are_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == [HEAD]
    walked = [revision.revision for revision in scripts.walk_revisions()]
    assert sorted(walked) == sorted(KNOWN_REVISIONS)


def test_the_migrations_build_exactly_the_tables_the_code_queries(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    from backstretch.storage.tables import metadata

    open_repository(tmp_path).close()
    engine = create_engine(f"sqlite:///{tmp_path / 'backstretch.db'}")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_the_migrations_build_exactly_those_tables_on_postgresql_too(
    postgres: PostgresServer,
) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    from backstretch.storage.tables import metadata

    engine = create_engine(postgres.new_database())
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_a_new_database_uses_wal_and_the_indexes_history_needs(tmp_path: Path) -> None:
    open_repository(tmp_path).close()
    with sqlite3.connect(tmp_path / "backstretch.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    assert {
        "ix_sessions_person_started_at",
        "ix_pain_ratings_person_day_context_level",
        "ix_sessions_person_day_completed",
    } <= indexes
    assert any("holds" in name for name in indexes)  # unique (person_id, session_id, hold_number)


def test_the_database_url_variable_chooses_another_database(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.db"
    environ = {"BACKSTRETCH_DATABASE_URL": f"sqlite+pysqlite:///{other}?timeout=5"}
    repository = open_repository(tmp_path / "home", environ)
    repository.set_setting("a", "b")
    repository.close()
    assert other.exists() and not (tmp_path / "home" / "backstretch.db").exists()


def age_database(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = ?", (revision,))


@pytest.mark.parametrize("url_prefix", ["", "sqlite+pysqlite:///"])
def test_a_database_from_a_newer_backstretch_is_refused_untouched(
    tmp_path: Path, url_prefix: str
) -> None:
    path = tmp_path / "backstretch.db"
    open_repository(tmp_path).close()
    age_database(path, "9999_from_the_future")
    environ = {"BACKSTRETCH_DATABASE_URL": f"{url_prefix}{path}?timeout=5"} if url_prefix else {}
    with pytest.raises(StorageError, match=r"written by a newer backstretch.*upgrade"):
        open_repository(tmp_path, environ)
    with sqlite3.connect(path) as db:
        assert (
            db.execute("SELECT version_num FROM alembic_version").fetchone()[0].startswith("9999")
        )


def test_a_file_that_is_not_a_database_gives_a_message(tmp_path: Path) -> None:
    (tmp_path / "backstretch.db").write_text("not a database, just text " * 100)
    with pytest.raises(StorageError, match=r"backstretch\.db"):
        open_repository(tmp_path)


def modules_loaded_by(code: str, home: Path) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"BACKSTRETCH_HOME": str(home), "PATH": ""}, check=True)  # fmt: skip
    return set(done.stdout.split())


def run_cli(*args: str) -> str:
    return (
        "from backstretch.cli.main import main\n"
        f"try:\n    main({list(args)!r})\nexcept SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
    )


@pytest.mark.parametrize(
    "args", [("--help",), ("routines",), ("show",), ("pain", "3"), ("history",), ("stats",)]
)
def test_quick_commands_do_not_load_sqlalchemy(tmp_path: Path, args: tuple[str, ...]) -> None:
    open_repository(tmp_path).close()  # created once; from then on no migration runs
    loaded = modules_loaded_by(run_cli(*args), tmp_path)
    assert "backstretch.cli.main" in loaded  # the command ran (quick ones without click)
    assert not {"sqlalchemy", "alembic", "matplotlib"} & loaded


@pytest.mark.parametrize("args", [("pain", "3"), ("history",), ("stats",)])
def test_quick_commands_without_a_time_zone_set_do_not_load_the_zone_database(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    open_repository(tmp_path).close()
    assert "zoneinfo" not in modules_loaded_by(run_cli(*args), tmp_path)  # it costs a few ms


def test_the_history_core_loads_no_framework(tmp_path: Path) -> None:
    loaded = modules_loaded_by("import backstretch.core.history, backstretch.core.stats", tmp_path)
    assert not {"sqlalchemy", "click", "rich", "sqlite3"} & loaded


@pytest.mark.parametrize("args", [("pain", "3"), ("history",)])
def test_recording_pain_and_reading_history_do_not_load_the_routine_model_or_yaml(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    open_repository(tmp_path).close()
    loaded = modules_loaded_by(run_cli(*args), tmp_path)
    assert not {"backstretch.core.routine", "backstretch.core.prescription", "yaml"} & loaded
