"""`show --pictures`, `handout` and `remind` from the command line: files written, messages
printed, and one clear line for every mistake."""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from pypdf import PdfReader

from backstretch.cli.app import App
from backstretch.cli.document_commands import detect_timezone, remind
from backstretch.cli.main import main
from backstretch.core.clock import FakeClock
from tests.cli.test_validate_command import Outcome, backstretch

NO_POSES = """\
id: knees
name: Knees
exercises:
  - id: knee-hug
    name: Knee hug
    hold_seconds: 10
    reps: 3
    steps: [Hug your knees.]
"""


# show --pictures


def test_show_pictures_writes_one_svg_per_position_and_prints_the_paths(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pictures"
    result = backstretch("show", "daily-back", "--pictures", str(folder), home=home)
    assert result.exit_code == 0, result.output
    names = [
        "trunk-rotation", "cat-cow-cat", "cat-cow-cow", "hip-flexor", "childs-pose", "hamstring",
    ]  # fmt: skip
    assert result.stdout.splitlines() == [str(folder / f"{name}.svg") for name in names]
    for name in names:
        root = ElementTree.parse(folder / f"{name}.svg").getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_pictures_of_a_routine_without_poses_is_an_error(home: Path, tmp_path: Path) -> None:
    routine = tmp_path / "knees.yaml"
    routine.write_text(NO_POSES, encoding="utf-8")
    result = backstretch("show", str(routine), "--pictures", str(tmp_path / "out"), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == (
        "Error: routine 'knees' has no pictures: none of its stretches has a pose "
        "(see docs/routines.md)"
    )


def test_pictures_into_a_folder_whose_parent_is_missing_is_an_error(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "missing" / "pictures"
    result = backstretch("show", "--pictures", str(folder), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: cannot make the folder {folder}: {folder.parent} does not exist; create it first\n"
    )


def test_pictures_and_json_together_are_a_usage_error(home: Path, tmp_path: Path) -> None:
    result = backstretch("show", "--json", "--pictures", str(tmp_path), home=home)
    assert result.exit_code == 2, result.output
    assert "use --json or --pictures, not both" in result.stderr


# handout


def test_handout_writes_a_pdf_of_the_routine(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    result = backstretch("handout", "-o", str(target), "--paper", "letter", home=home)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Wrote {target}: a handout of Daily back stretches on LETTER paper.\n"
    )
    assert result.stderr == ""
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert "Daily back stretches" in (reader.pages[0].extract_text() or "")
    assert float(reader.pages[0].mediabox.width) == pytest.approx(612, abs=1)
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("name", ["handout.txt", "handout"])
def test_a_handout_under_another_name_is_written_with_a_note_saying_it_is_a_pdf(
    home: Path, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    result = backstretch("handout", "-o", str(target), home=home)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Note: {target} will hold a PDF all the same; name it handout.pdf "
        "for it to open in a PDF viewer.\n"
    )
    assert result.stdout.startswith(f"Wrote {target}: a handout of Daily back stretches")
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert "Daily back stretches" in (reader.pages[0].extract_text() or "")


def test_a_handout_ending_in_pdf_in_capitals_needs_no_note(home: Path, tmp_path: Path) -> None:
    result = backstretch("handout", "-o", str(tmp_path / "HANDOUT.PDF"), home=home)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_handout_into_a_missing_folder_is_one_clear_error(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "handout.pdf"
    result = backstretch("handout", "-o", str(target), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: cannot write {target}: the folder {target.parent} does not exist; "
        "create it first\n"
    )


def test_handout_to_a_folder_asks_for_a_file_name(home: Path, tmp_path: Path) -> None:
    result = backstretch("handout", "-o", str(tmp_path), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {tmp_path} is a folder; give a file name")


def test_handout_of_an_unknown_routine_names_the_choices(home: Path, tmp_path: Path) -> None:
    result = backstretch("handout", "no-such", "-o", str(tmp_path / "h.pdf"), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: no routine called 'no-such'")


def test_handout_reports_characters_the_font_cannot_print(home: Path, tmp_path: Path) -> None:
    routine = tmp_path / "knees.yaml"
    routine.write_text(NO_POSES.replace("Knee hug", "Knee hug 膝"), encoding="utf-8")
    result = backstretch("handout", str(routine), "-o", str(tmp_path / "h.pdf"), home=home)
    assert result.exit_code == 0, result.output
    assert result.stderr == "Note: the DejaVu Sans font cannot print 膝; they show as ?.\n"


def test_handout_without_a_routine_uses_a_default_file_name(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = backstretch("handout", home=home)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "daily-back-handout.pdf").is_file()


# remind


def run_remind(home: Path, *args: str, now: datetime | None = None) -> Outcome:
    """`remind` with the wall clock fixed, through the App the commands receive."""
    app = App(home=home)
    app.wall_clock = FakeClock(wall_start=now or datetime(2026, 3, 20, 6, 0, tzinfo=UTC)).now  # type: ignore[attr-defined]
    result = CliRunner().invoke(remind, list(args), obj=app, catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr, result.output)


def test_remind_writes_a_calendar_file_and_says_what_it_holds(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "stretch.ics"
    args = ["--at", "07:30", "--days", "Mon,wed,FRIDAY", "-o", str(target)]
    result = run_remind(home, *args, "--timezone", "Europe/London")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Wrote {target}: Daily back stretches at 07:30 Monday, Wednesday, Friday "
        "(Europe/London), with an alarm. Open it with your calendar app to add it.\n"
    )
    event = Calendar.from_ical(target.read_bytes()).events[0]
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert event.start.isoformat() == "2026-03-20T07:30:00+00:00"  # Friday the 20th
    assert event["DTSTAMP"].dt == datetime(2026, 3, 20, 6, 0, tzinfo=UTC)


def test_making_the_reminder_twice_keeps_its_uid(home: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    run_remind(home, "--at", "7:30", "--timezone", "Asia/Tokyo", "-o", str(first))
    later = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    run_remind(home, "--at", "07:30", "--timezone", "Asia/Tokyo", "-o", str(second), now=later)
    uids = [Calendar.from_ical(path.read_bytes()).events[0]["UID"] for path in (first, second)]
    assert uids[0] == uids[1]


def test_moving_a_reminder_replaces_its_event_instead_of_adding_a_second(
    home: Path, tmp_path: Path
) -> None:
    first, moved = tmp_path / "first.ics", tmp_path / "moved.ics"
    run_remind(home, "--at", "07:30", "--timezone", "Europe/London", "-o", str(first))
    later = datetime(2026, 3, 21, 6, 0, tzinfo=UTC)
    args = ["--at", "08:00", "--days", "weekdays", "--timezone", "Europe/London"]
    result = run_remind(home, *args, "-o", str(moved), now=later)
    assert result.exit_code == 0, result.output
    events = [Calendar.from_ical(path.read_bytes()).events[0] for path in (first, moved)]
    assert events[0]["UID"] == events[1]["UID"]
    assert events[1]["SEQUENCE"] > events[0]["SEQUENCE"]
    assert events[1].start.time() == time(8, 0)


def test_a_reminder_under_another_name_gets_a_note_saying_it_is_a_calendar_file(
    home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "stretch.txt"
    result = run_remind(home, "--at", "07:30", "--timezone", "UTC", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Note: {target} will hold an iCalendar file all the same; name it stretch.ics "
        "for it to open in a calendar app.\n"
    )
    assert Calendar.from_ical(target.read_bytes()).events[0]["SUMMARY"]


def test_remind_to_standard_output(home: Path) -> None:
    result = run_remind(home, "--at", "21:05", "--timezone", "UTC", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VALARM" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--at", "25:00"],
            "Error: --at must be a time on a 24-hour clock as HH:MM, such as 07:30 (got '25:00')",
        ),
        (["--at", "7pm"], "Error: --at must be a time on a 24-hour clock as HH:MM"),
        (
            ["--at", "07:00", "--days", "mon,funday"],
            "Error: --days: unknown day 'funday' (did you mean 'sunday'? use mon, tue, wed, "
            "thu, fri, sat, sun, weekdays or weekends, such as --days mon,wed,fri)",
        ),
        (
            ["--at", "07:00", "--timezone", "Europe/Londn"],
            "Error: --timezone: unknown time zone 'Europe/Londn' (did you mean "
            "'Europe/London'? use an Area/City name, such as Europe/London or America/New_York)",
        ),
        (["--at", "07:00", "--timezone", "../../etc/passwd"], "Error: --timezone: unknown"),
        (["--at", "07:00", "--routine", "nope"], "Error: no routine called 'nope'"),
    ],
)
def test_bad_input_gets_one_error_line_and_exit_1(
    home: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = backstretch("remind", *args, "-o", str(tmp_path / "r.ics"), home=home)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(message)
    assert not (tmp_path / "r.ics").exists()


def test_remind_without_a_time_is_a_usage_error(home: Path) -> None:
    result = backstretch("remind", home=home)
    assert result.exit_code == 2, result.output
    assert "Missing option '--at'" in result.stderr


def test_remind_into_a_missing_folder_is_an_error(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "r.ics"
    result = backstretch("remind", "--at", "07:00", "-o", str(target), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: cannot write {target}: the folder")


# The time zone of this computer


def test_the_time_zone_comes_from_tz_first(tmp_path: Path) -> None:
    assert detect_timezone({"TZ": ":Europe/Paris"}, tmp_path / "none", tmp_path / "none") == (
        "Europe/Paris"
    )


def test_the_time_zone_comes_from_the_localtime_link(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/Chicago")
    assert detect_timezone({}, link, tmp_path / "none") == "America/Chicago"


def test_the_time_zone_comes_from_etc_timezone_last(tmp_path: Path) -> None:
    named = tmp_path / "timezone"
    named.write_text("Australia/Perth\n", encoding="utf-8")
    assert detect_timezone({"TZ": "nonsense"}, tmp_path / "none", named) == "Australia/Perth"


def test_without_a_time_zone_utc_is_used_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert detect_timezone({}, tmp_path / "none", tmp_path / "none") == "UTC"
    assert "--timezone Area/City" in capsys.readouterr().err


def test_remind_uses_the_tz_variable(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/Denver")
    target = tmp_path / "r.ics"
    result = backstretch("remind", "--at", "06:00", "-o", str(target), home=home)
    assert result.exit_code == 0, result.output
    assert "(America/Denver)" in result.stdout
    assert Calendar.from_ical(target.read_bytes()).timezones[0]["TZID"] == "America/Denver"


# Start-up stays quick


def test_help_lists_the_new_commands_without_loading_pdf_or_calendar_libraries() -> None:
    probe = (
        "import sys\n"
        "from backstretch.cli.main import main\n"
        "sys.argv = ['backstretch', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([n for n in ('fpdf', 'icalendar') if n in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
    assert "handout" in done.stdout and "remind" in done.stdout


@pytest.mark.parametrize("command", ["handout", "remind"])
def test_each_command_has_help_with_an_example(command: str) -> None:
    with CliRunner().isolation() as (stdout, _, _):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = stdout.getvalue().decode()
    assert "Examples:" in text and f"backstretch {command} " in text
