"""`pain`, `history`, `rest-days`, `export` and `import` as people run them (`stats`:
test_stats_command.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backstretch.cli import history_commands
from backstretch.cli.app import App
from backstretch.cli.main import main
from backstretch.core.history import PainContext, SessionStatus
from backstretch.export import history_io
from backstretch.storage import MemoryRepository, open_repository
from backstretch.storage.repository import Repository
from tests.storage.records import make_hold, make_pain, make_session

NOON = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # a Monday; noon keeps the local date the same


def backstretch(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the real entry point; return the exit code, standard output and standard error."""
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


@dataclass
class FakeApp(App):
    """The App with a repository and a wall clock handed in, as create_app and tests do."""

    repository: Repository | None = None
    wall_clock: Callable[[], datetime] | None = None


def invoke(command: Any, *args: str, repository: Repository, today: datetime = NOON) -> Any:
    app = FakeApp(repository=repository, wall_clock=lambda: today)
    result = CliRunner().invoke(command, list(args), obj=app)
    assert result.exit_code == 0, result.output
    return result


def at_noon(number: int, **overrides: Any) -> Any:
    return make_session(number, started_at=NOON + timedelta(days=number - 1), **overrides)


def fill(repository: Repository, numbers: list[int]) -> None:
    for number in numbers:
        session = at_noon(number)
        repository.add_session(session)
        for hold in range(1, 7):
            repository.record_hold(make_hold(session, hold, completed=hold != 6))


# -- pain ---------------------------------------------------------------------------------------
def test_pain_records_a_rating_with_its_context_and_note(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = backstretch(capsys, "pain", "3", "--context", "morning", "--note", "stiff")
    assert code == 0, out
    assert "Recorded pain 3/10 (morning)" in out
    repository = open_repository(home)
    (rating,) = repository.pain_ratings()
    assert (rating.level, rating.context, rating.note) == (3, PainContext.MORNING, "stiff")
    assert rating.recorded_at.tzinfo is not None
    repository.close()


@pytest.mark.parametrize("level", ["11", "-1", "3.5", "three", ""])
def test_pain_outside_0_to_10_is_a_usage_error_naming_the_range(
    home: Path, capsys: pytest.CaptureFixture[str], level: str
) -> None:
    code, _, err = backstretch(capsys, "pain", level)
    assert code == 2
    assert (
        f"pain must be a whole number from 0 (no pain) to 10 (worst possible) (got {level})" in err
    )
    assert not (home / "backstretch.db").exists()


def test_pain_with_an_unknown_context_is_a_usage_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = backstretch(capsys, "pain", "3", "--context", "evening")
    assert code == 2 and "morning" in err


# -- history ------------------------------------------------------------------------------------
def test_history_without_sessions_says_how_to_start(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = backstretch(capsys, "history")
    assert (code, out.strip()) == (0, "No sessions yet. Start one with `backstretch start`.")
    assert backstretch(capsys, "history", "--json")[1].strip() == "[]"


def test_history_json_lists_sessions_newest_first_with_the_documented_fields() -> None:
    repository = MemoryRepository()
    fill(repository, [1, 2])
    repository.add_session(
        at_noon(3, status=SessionStatus.IN_PROGRESS, ended_at=None, pain_after=None)
    )
    rows = json.loads(invoke(history_commands.history, "--json", repository=repository).output)
    assert [row["id"] for row in rows] == ["session-0003", "session-0002", "session-0001"]
    assert {"id", "routine", "started_at", "ended_at", "status", "holds_completed", "holds_skipped",
            "pain_before", "pain_after"} <= rows[0].keys()  # fmt: skip
    assert rows[0]["status"] == "in_progress" and rows[0]["ended_at"] is None
    assert (rows[1]["holds_completed"], rows[1]["holds_skipped"], rows[1]["holds_planned"]) == (
        5,
        1,
        6,
    )
    assert (rows[1]["routine"], rows[1]["pain_before"], rows[1]["pain_after"]) == (
        "daily-back",
        5,
        4,
    )
    assert rows[1]["started_at"] == "2026-01-06T12:00:00.000000+00:00"
    limited = json.loads(invoke(history_commands.history, "--json", "--limit", "1",
                                repository=repository).output)  # fmt: skip
    assert [row["id"] for row in limited] == ["session-0003"]


def test_history_prints_a_table_for_people() -> None:
    repository = MemoryRepository()
    fill(repository, [1])
    lines = invoke(history_commands.history, repository=repository).output.splitlines()
    assert lines[0].split() == ["ID", "STARTED", "ROUTINE", "STATUS", "HOLDS", "PAIN"]
    assert "daily-back" in lines[1] and "5/6" in lines[1] and "5 → 4, 1 skipped" in lines[1]


# -- rest days ----------------------------------------------------------------------------------
def test_rest_days_are_shown_set_and_checked(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "Rest days: none." in backstretch(capsys, "rest-days")[1]
    assert "Rest days set to: sat,sun." in backstretch(capsys, "rest-days", "sun,sat")[1]
    assert "Rest days: sat,sun." in backstretch(capsys, "rest-days")[1]
    code, _, err = backstretch(capsys, "rest-days", "funday")
    assert code == 1 and err.startswith("Error: rest days must be weekdays")
    backstretch(capsys, "rest-days", "none")
    assert "Rest days: none." in backstretch(capsys, "rest-days")[1]


# -- export and import --------------------------------------------------------------------------
def filled_home(folder: Path) -> Path:
    folder.mkdir()
    repository = open_repository(folder)
    fill(repository, [1, 2, 3])
    repository.add_pain(make_pain(1, note='tight, "sore"\nbut better'))
    repository.set_setting("plan.rest_days", "sun")
    repository.close()
    return folder


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_then_import_into_an_empty_home_gives_the_same_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file_format: str
) -> None:
    first, second = filled_home(tmp_path / "first"), tmp_path / "second"
    exported = tmp_path / f"history.{file_format}"
    code, out, _ = backstretch(
        capsys, "--home", str(first), "export", "--format", file_format, "-o", str(exported)
    )
    assert code == 0 and "Exported 3 sessions, 18 holds and 1 pain ratings" in out
    code, out, err = backstretch(capsys, "--home", str(second), "import", str(exported))
    assert code == 0, err
    assert "added 3 sessions, 18 holds, 1 pain ratings and 1 settings" in out
    code, again, _ = backstretch(capsys, "--home", str(second), "export", "--format", file_format)
    assert again == exported.read_text()


def test_importing_the_same_file_twice_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = filled_home(tmp_path / "home")
    exported = tmp_path / "history.json"
    backstretch(capsys, "--home", str(home), "export", "-o", str(exported))
    code, out, _ = backstretch(capsys, "--home", str(home), "import", str(exported))
    assert code == 0 and "added 0 sessions, 0 holds, 0 pain ratings and 0 settings" in out


def test_a_malformed_file_is_refused_whole_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = filled_home(tmp_path / "source"), filled_home(tmp_path / "target")
    exported = tmp_path / "history.csv"
    backstretch(capsys, "--home", str(source), "export", "--format", "csv", "-o", str(exported))
    text = exported.read_text().replace("session-0001", "session-0100")  # new, valid records
    exported.write_text(text.replace(",5,morning,", ",11,morning,"))  # and one bad pain rating
    before = backstretch(capsys, "--home", str(target), "export")[1]
    code, _, err = backstretch(capsys, "--home", str(target), "import", str(exported))
    assert code == 1
    assert err.strip().splitlines() == [
        f"Error: {exported}: record 22 (line 23): pain must be a whole number from 0 (no pain) "
        "to 10 (worst possible) (got 11)"]  # fmt: skip
    assert backstretch(capsys, "--home", str(target), "export")[1] == before


def test_a_huge_file_is_refused_with_the_limit(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_io, "MAX_IMPORT_BYTES", 2 * 1_048_576)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (3 * 1_048_576))
    code, _, err = backstretch(capsys, "import", str(big))
    assert code == 1
    assert "big.json is 3 MB; backstretch imports history files of up to 2 MB" in err


def test_a_database_from_a_newer_backstretch_is_refused_with_advice(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backstretch(capsys, "pain", "2")
    with sqlite3.connect(home / "backstretch.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    code, _, err = backstretch(capsys, "history")
    assert code == 1
    assert "written by a newer backstretch" in err and "upgrade backstretch" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["pain", "history", "stats", "rest-days", "export", "import"])
def test_every_history_command_explains_itself_with_an_example(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _ = backstretch(capsys, command, "--help")
    assert code == 0 and "Example" in out and f"backstretch {command}" in out


def test_a_session_in_the_database_shows_in_history_as_stored(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repository = open_repository(home)
    repository.add_session(replace(at_noon(1), speed=60.0))
    repository.close()
    rows = json.loads(backstretch(capsys, "history", "--json")[1])
    assert rows[0]["speed"] == 60.0
