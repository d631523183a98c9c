"""`pain`, `history`, `rest-days`, `export` and `import` as people run them (`stats`:
test_stats_command.py)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
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
from backstretch.core.history import History, PainContext, SessionStatus
from backstretch.core.pain_rules import PainAction, PainKind
from backstretch.export import history_io
from backstretch.storage import MemoryRepository, open_repository
from backstretch.storage.repository import Repository
from tests.storage.records import (
    make_answer,
    make_clearance,
    make_dose_change,
    make_hold,
    make_pain,
    make_pain_report,
    make_session,
)

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


@pytest.mark.parametrize("level", ["11", "-1", "3.5", "three", "", "³"])
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


def test_a_pain_level_of_five_thousand_digits_is_a_usage_error_not_a_crash(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = backstretch(capsys, "pain", "9" * 5000)
    assert code == 2
    assert f"to 10 (worst possible) (got {'9' * 40}…)" in err


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


def test_history_shows_pain_reported_during_a_session_under_it() -> None:
    repository = MemoryRepository()
    fill(repository, [1, 2])
    first, second = at_noon(1), at_noon(2)
    repository.add_pain_report(make_pain_report(first, 1))
    repository.add_pain_report(
        make_pain_report(second, 2, level=4, kind=PainKind.NEITHER, action=PainAction.EASE_OFF)
    )
    lines = invoke(history_commands.history, repository=repository).output.splitlines()
    assert "Mon 2026-01-05" not in lines[1] and "2026-01-06" in lines[1]
    assert lines[2].endswith(
        "pain during Cat-Cow: 4/10; told to ease off and go no further into the stretch"
    )
    assert "2026-01-05" in lines[3]
    assert lines[4].endswith(
        "pain during Cat-Cow: 7/10, sharp; stretch stopped and skipped for today"
    )
    rows = json.loads(invoke(history_commands.history, "--json", repository=repository).output)
    assert [(r["level"], r["kind"], r["action"]) for r in rows[1]["pain_reports"]] == [
        (7, "sharp", "stop")]  # fmt: skip
    assert rows[0]["pain_reports"][0]["exercise"] == "cat-cow"


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
FORMULA = '=HYPERLINK("http://evil.example","click")'


def filled_home(folder: Path) -> Path:
    """Three sessions with 18 holds, a pain rating, and one safety record of each kind."""
    folder.mkdir()
    repository = open_repository(folder)
    fill(repository, [1, 2, 3])
    repository.add_pain(make_pain(1, note='tight, "sore"\nbut better'))
    repository.add_pain_report(make_pain_report(at_noon(2), note="'quoted', as typed"))
    repository.add_screening([make_answer("1", False), make_answer("12", True)])
    repository.add_clearance(make_clearance(1, note=FORMULA))
    repository.add_dose_changes([make_dose_change(1, reason="+cmd|' /C calc'!A0")])
    repository.set_setting("plan.rest_days", "sun")
    repository.close()
    return folder


EVERYTHING = (
    "3 sessions, 18 holds, 1 pain rating, 1 pain report, 2 screening answers, 1 clearance, "
    "1 dose change and 1 setting"
)


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_then_import_into_an_empty_home_gives_the_same_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file_format: str
) -> None:
    first, second = filled_home(tmp_path / "first"), tmp_path / "second"
    exported = tmp_path / f"history.{file_format}"
    code, out, _ = backstretch(
        capsys, "--home", str(first), "export", "--format", file_format, "-o", str(exported)
    )
    assert code == 0 and f"Exported {EVERYTHING} to " in out
    code, out, err = backstretch(capsys, "--home", str(second), "import", str(exported))
    assert code == 0, err
    assert f"added {EVERYTHING} that were new" in out
    code, again, _ = backstretch(capsys, "--home", str(second), "export", "--format", file_format)
    assert again == exported.read_bytes().decode()


def test_the_safety_records_come_back_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = filled_home(tmp_path / "first"), tmp_path / "second"
    exported = tmp_path / "history.csv"
    backstretch(capsys, "--home", str(first), "export", "-o", str(exported))
    rows = csv.DictReader(io.StringIO(exported.read_bytes().decode(), newline=""))
    assert next(row["note"] for row in rows if row["record"] == "clearance") == "'" + FORMULA
    backstretch(capsys, "--home", str(second), "import", str(exported))
    before, after = open_repository(first), open_repository(second)
    try:
        assert after.pain_reports() == before.pain_reports()
        assert after.pain_reports()[0].note == "'quoted', as typed"
        assert after.screening_answers() == before.screening_answers()
        assert after.clearances()[0].note == FORMULA
        assert after.dose_changes() == before.dose_changes()
    finally:
        before.close()
        after.close()


def test_importing_the_same_file_twice_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = filled_home(tmp_path / "home")
    exported = tmp_path / "history.json"
    backstretch(capsys, "--home", str(home), "export", "-o", str(exported))
    code, out, _ = backstretch(capsys, "--home", str(home), "import", str(exported))
    assert (
        code == 0
        and (
            "added 0 sessions, 0 holds, 0 pain ratings, 0 pain reports, 0 screening answers, "
            "0 clearances, 0 dose changes and 0 settings that were new"
        )
        in out
    )


def test_an_imported_emergency_answer_stops_start_like_a_typed_one(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "answers.json"
    exported.write_text(history_io.history_as_json(History(screening_answers=(
        make_answer("1", False), make_answer("3", True)))))  # fmt: skip
    assert backstretch(capsys, "import", str(exported))[0] == 0
    code, _, err = backstretch(capsys, "start", "--yes", "--speed", "1000")
    assert code == 1
    assert err.startswith("Error: your screening calls for emergency care (question 3)")
    assert backstretch(capsys, "history", "--json")[1].strip() == "[]"


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


def test_a_setting_that_would_break_stats_is_refused_and_stats_still_works(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "settings.csv"
    garbage.write_text("record,key,value\nsetting,plan.rest_days,garbage!!\n")
    code, _, err = backstretch(capsys, "import", str(garbage))
    assert (code, err.strip().splitlines()) == (1, [
        f"Error: {garbage}: record 1 (line 2): setting plan.rest_days: rest days must be "
        "weekdays such as sat,sun, or none (got 'garbage!!')"])  # fmt: skip
    assert backstretch(capsys, "stats")[0] == 0
    assert "Rest days: none." in backstretch(capsys, "rest-days")[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 1000 + "]" * 1000, "the JSON is nested too deeply to be a history file"),
        ('{"format": "backstretch-history", "version": 2, "pain": [{"level": ' + "9" * 5000 +
         "}]}", "line 1: a number of 5,000 digits; no value in a history file has more than 18"),
    ],
)  # fmt: skip
def test_a_json_file_that_would_crash_the_reader_gets_one_error_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    code, out, err = backstretch(capsys, "import", str(bad))
    assert (code, out) == (1, "")
    assert err.strip().splitlines() == [f"Error: {bad}{':' if 'nested' in message else ','} "
                                        f"{message}"]  # fmt: skip


def import_in_a_process(home: Path, path: str) -> subprocess.CompletedProcess[str]:
    """`backstretch import PATH` in its own process, so that a reader that blocked or read for
    ever would fail the test at the timeout instead of hanging the run."""
    command = [sys.executable, "-m", "backstretch.cli.main", "--home", str(home), "import", path]
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(home: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "history.json"
    os.mkfifo(pipe)
    started = time.monotonic()
    result = import_in_a_process(home, str(pipe))
    assert time.monotonic() - started < 10
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"Error: {pipe}: is a named pipe (FIFO), not a file; history files must be regular files"
    ]


def test_a_device_that_never_ends_is_refused_without_reading_it(home: Path) -> None:
    started = time.monotonic()
    result = import_in_a_process(home, "/dev/zero")
    assert time.monotonic() - started < 10
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "Error: /dev/zero: is a device, not a file; history files must be regular files"
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [("missing.json", "no such file"), ("folder", "is a folder, not a file; history files")],
)
def test_a_path_that_is_not_a_file_gets_backstretch_s_own_message(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, problem: str
) -> None:
    (tmp_path / "folder").mkdir()
    code, _, err = backstretch(capsys, "import", str(tmp_path / name))
    assert code == 1
    assert err.strip().splitlines()[0].startswith(f"Error: {tmp_path / name}: {problem}")
    assert len(err.strip().splitlines()) == 1


def test_a_huge_file_is_refused_with_the_limit(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_io, "MAX_IMPORT_BYTES", 2_000_000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 3_000_000)
    code, _, err = backstretch(capsys, "import", str(big))
    assert code == 1
    assert err.strip() == f"Error: {big}: is 3 MB; history files are limited to 2 MB"


# -- choosing the export format -----------------------------------------------------------------
@pytest.mark.parametrize(("name", "first"), [("h.csv", "record,id,"), ("h.JSON", "{")])
def test_export_to_a_file_takes_the_format_from_its_name(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, first: str
) -> None:
    code, _, err = backstretch(capsys, "export", "-o", str(tmp_path / name))
    assert code == 0, err
    assert (tmp_path / name).read_text().startswith(first)


def test_export_with_a_format_writes_it_whatever_the_other_ending(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert backstretch(capsys, "export", "--format", "csv", "-o", str(tmp_path / "h.txt"))[0] == 0
    assert (tmp_path / "h.txt").read_text().startswith("record,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "h.txt"], "-o h.txt: the file name must end in .csv or .json to choose the "
         "format, or give --format csv or --format json (got '.txt')"),
        (["--format", "json", "-o", "h.csv"], "--format json does not match the file name h.csv "
         "(a .csv file); name the file .json, or leave --format out"),
    ],
)  # fmt: skip
def test_export_refuses_a_file_name_that_does_not_say_the_format(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = backstretch(capsys, "export", *args)
    assert (code, out, err.strip().splitlines()) == (1, "", [f"Error: {message}"])
    assert not Path("h.txt").exists() and not Path("h.csv").exists()


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


def test_history_shows_how_long_a_session_s_holds_were_held_in_position() -> None:
    repository = MemoryRepository()
    fill(repository, [1])
    second = at_noon(2)
    repository.add_session(second)
    repository.record_hold(make_hold(second, 1, in_position_seconds=4.5))
    repository.record_hold(make_hold(second, 2, in_position_seconds=3.0))
    repository.record_hold(make_hold(second, 3))  # the camera turned off
    lines = invoke(history_commands.history, repository=repository).output.splitlines()
    assert "2026-01-06" in lines[1]
    assert lines[2] == f"{'':10}camera check: held in position 7.5 of 10 s (2 holds)"
    assert "2026-01-05" in lines[3] and len(lines) == 4  # the first session: no camera, no line
