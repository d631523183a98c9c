"""`backstretch timezone`, and the commands whose "today" and times follow the person's zone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backstretch.cli.app import App
from backstretch.cli.history_commands import export, history, import_
from backstretch.cli.main import main
from backstretch.cli.person_commands import timezone
from backstretch.cli.safety_gate import morning_rating
from backstretch.cli.stats_command import stats
from backstretch.core.history import PainContext
from backstretch.core.person import TIME_ZONE
from backstretch.storage import MemoryRepository
from backstretch.storage.repository import Repository
from tests.cli.test_history_commands import FakeApp, backstretch
from tests.storage.records import make_hold, make_pain, make_session

# 11:30 UTC on Monday 5 January: 00:30 on Tuesday the 6th in Auckland, 03:30 on Monday the 5th
# in Los Angeles. At 09:00 UTC on the 6th it is 22:00 on Tuesday in Auckland and 01:00 on
# Tuesday in Los Angeles.
INSTANT = datetime(2026, 1, 5, 11, 30, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


def run(command: Any, *args: str, repository: Repository, now: datetime = NEXT_MORNING) -> Any:
    app = FakeApp(repository=repository, wall_clock=lambda: now)
    return CliRunner().invoke(command, list(args), obj=app)


def living_in(zone: str) -> MemoryRepository:
    repository = MemoryRepository()
    repository.set_setting(TIME_ZONE, zone)
    return repository


def test_the_time_zone_is_shown_set_and_given_back_to_the_computer() -> None:
    repository = MemoryRepository()
    shown = run(timezone, repository=repository)
    assert shown.exit_code == 0, shown.output
    assert "Time zone: this computer's (now " in shown.output
    assert "set yours with `backstretch timezone AREA/CITY`" in shown.output
    chosen = run(timezone, "Pacific/Auckland", repository=repository)
    assert chosen.exit_code == 0, chosen.output
    assert chosen.output == (
        "Time zone set to Pacific/Auckland (now Tue 2026-01-06 22:00, UTC+13:00): "
        "your days follow it from now on.\n"
    )
    again = run(timezone, repository=repository)
    assert again.output == "Time zone: Pacific/Auckland (now Tue 2026-01-06 22:00, UTC+13:00).\n"
    back = run(timezone, "local", repository=repository)
    assert back.output.startswith("Your days follow this computer's time zone again (now ")
    assert repository.get_setting(TIME_ZONE) is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Pacific/Aukland",
            "unknown time zone 'Pacific/Aukland' (did you mean 'Pacific/Auckland'?",
        ),
        ("localtime", "unknown time zone 'localtime' (use an Area/City name"),
        ("../../etc/passwd", "unknown time zone '../../etc/passwd'"),
    ],
)
def test_an_unknown_time_zone_is_one_error_line_and_changes_nothing(
    home: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    assert backstretch(capsys, "timezone", "Europe/Paris")[0] == 0
    code, out, err = backstretch(capsys, "timezone", name)
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {message}") and err.count("\n") == 1
    assert backstretch(capsys, "timezone")[1].startswith("Time zone: Europe/Paris (now ")


def test_history_shows_times_on_the_persons_clock() -> None:
    lines = {}
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        repository = living_in(zone)
        repository.add_session(make_session(1, started_at=INSTANT))
        lines[zone] = run(history, repository=repository).output.splitlines()[1]
    assert "Tue 2026-01-06 00:30" in lines["Pacific/Auckland"]
    assert "Mon 2026-01-05 03:30" in lines["America/Los_Angeles"]


def test_stats_count_today_and_the_streak_in_the_persons_days() -> None:
    reports = {}
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        repository = living_in(zone)
        session = make_session(1, started_at=INSTANT)
        repository.add_session(session)
        repository.record_hold(make_hold(session, 1))
        reports[zone] = json.loads(run(stats, "--json", repository=repository).output)
    in_auckland, in_los_angeles = reports["Pacific/Auckland"], reports["America/Los_Angeles"]
    assert (in_auckland["today"], in_los_angeles["today"]) == ("2026-01-06", "2026-01-06")
    assert in_auckland["adherence"]["done_days"] == 1  # the session was today
    assert in_los_angeles["adherence"]["done_days"] == 1  # it was yesterday, today is open
    assert in_los_angeles["adherence"]["planned_days"] == 1


def test_the_morning_question_is_asked_once_a_day_of_the_persons(tmp_path: Path) -> None:
    asked: dict[str, list[str]] = {}
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        repository = living_in(zone)
        repository.add_pain(make_pain(1, context=PainContext.MORNING, recorded_at=INSTANT))
        asked[zone] = []
        morning_rating(repository, NEXT_MORNING, lambda q, a=asked[zone]: a.append(q), print)
    assert asked["Pacific/Auckland"] == []  # rated this morning, Tuesday in Auckland
    assert asked["America/Los_Angeles"] == ["How is your back this morning?"]  # a new day


def test_the_time_zone_goes_out_with_an_export_and_comes_back_in(tmp_path: Path) -> None:
    mine = living_in("Pacific/Auckland")
    session = make_session(1, started_at=INSTANT)
    mine.add_session(session)
    mine.record_hold(make_hold(session, 1))
    file = tmp_path / "history.json"
    assert run(export, "-o", str(file), repository=mine).exit_code == 0
    assert json.loads(file.read_text())["settings"] == {TIME_ZONE: "Pacific/Auckland"}
    fresh = MemoryRepository()
    result = run(import_, str(file), repository=fresh)
    assert result.exit_code == 0, result.output
    assert fresh.person.time_zone == "Pacific/Auckland"
    assert fresh.active_session_days() == [date(2026, 1, 6)]


def test_an_import_with_an_unknown_time_zone_is_refused_whole(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "history.json"
    file.write_text(
        json.dumps(
            {
                "format": "backstretch-history",
                "version": 2,
                "settings": {TIME_ZONE: "Mars/Olympus_Mons"},
            }
        )
    )
    code, _, err = backstretch(capsys, "import", str(file))
    assert code == 1
    assert "setting person.time_zone: unknown time zone 'Mars/Olympus_Mons'" in err
    assert backstretch(capsys, "timezone")[1].startswith("Time zone: this computer's")


def test_a_reminder_is_in_the_persons_time_zone_unless_told_otherwise(tmp_path: Path) -> None:
    from icalendar import Calendar

    from backstretch.cli.document_commands import remind

    repository = living_in("Pacific/Auckland")
    target = tmp_path / "reminder.ics"
    result = run(remind, "--at", "07:00", "-o", str(target), repository=repository)
    assert result.exit_code == 0, result.output
    assert "(Pacific/Auckland)" in result.output
    assert Calendar.from_ical(target.read_bytes()).timezones[0]["TZID"] == "Pacific/Auckland"


@pytest.mark.parametrize(
    ("zone", "carried_on"), [("Pacific/Auckland", True), ("America/Los_Angeles", False)]
)
def test_a_session_stopped_earlier_today_is_carried_on_only_within_the_persons_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str, carried_on: bool
) -> None:
    from backstretch.core.clock import FakeClock
    from backstretch.storage import open_repository
    from tests.cli.fakes import ScriptedKeyboard

    repository = open_repository(tmp_path)
    repository.set_setting(TIME_ZONE, zone)
    repository.close()

    def start(at: datetime, script: list[tuple[float, str]], *args: str) -> tuple[int, str]:
        clock = FakeClock(wall_start=at)
        app = App(
            monotonic=clock, wall_clock=clock.now, keyboard=lambda: ScriptedKeyboard(clock, script)
        )
        with pytest.raises(SystemExit) as stop:
            main(["--home", str(tmp_path), "start", "--yes", "--plain", *args], app=app)
        return int(stop.value.code or 0), capsys.readouterr().err

    assert start(INSTANT, [(20.0, "q"), (21.0, "y")])[0] == 0  # stopped after hold 1
    code, err = start(NEXT_MORNING, [], "--resume")
    if carried_on:  # still Tuesday in Auckland
        assert code == 0, err
    else:  # Tuesday in Los Angeles, the session was on Monday
        assert code == 1
        assert "there is no unfinished daily-back session from today to carry on" in err
