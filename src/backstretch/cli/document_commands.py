"""`handout` and `remind`, and the pictures of `show --pictures`: documents made from a routine.

The PDF and calendar libraries are imported inside the commands, so `backstretch --help` and
the quick commands never load them.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Callable, Mapping
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from backstretch.cli.app import App, opened
from backstretch.core.errors import BackstretchError
from backstretch.core.person import InvalidTimeZone, check_time_zone, is_time_zone
from backstretch.core.routine import DEFAULT_ROUTINE, Routine

if TYPE_CHECKING:
    from backstretch.export.calendar import Reminder

WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_WORDS = {
    **{name[:3]: (index,) for index, name in enumerate(WEEK)},
    **{name: (index,) for index, name in enumerate(WEEK)},
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "daily": tuple(range(7)),
}
DAYS_RULE = (
    "use mon, tue, wed, thu, fri, sat, sun, weekdays or weekends, such as --days mon,wed,fri"
)
TIME_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})$")
FILE_KINDS = {".pdf": ("a PDF", "a PDF viewer"), ".ics": ("an iCalendar file", "a calendar app")}


# Files and folders


def output_file(path: Path, example: str) -> Path:
    """A file to write: its folder must exist, and it must not be a folder itself.

    A name that does not end like `example` (handout.pdf, reminder.ics) is written all the
    same, since the person chose it (a name without a suffix can be a deliberate choice), with
    a note saying what the file holds and the name that opens it in the right app.
    """
    if path.is_dir():
        raise BackstretchError(f"{path} is a folder; give a file name, such as {path / example}")
    folder = path.parent
    if not folder.is_dir():
        raise BackstretchError(
            f"cannot write {path}: the folder {folder} does not exist; create it first"
        )
    suffix = Path(example).suffix
    if path.suffix.lower() != suffix:
        kind, opener = FILE_KINDS[suffix]
        click.echo(
            f"Note: {path} will hold {kind} all the same; name it {path.stem}{suffix} "
            f"for it to open in {opener}.",
            err=True,
        )
    return path


def write_file(path: Path, content: bytes) -> None:
    """Write the whole file or nothing: a half-written PDF never replaces a good one."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackstretchError(f"cannot write {path} ({error.strerror or error})") from None


def picture_folder(folder: Path) -> Path:
    if folder.exists() and not folder.is_dir():
        raise BackstretchError(f"{folder} is a file; give a folder for the pictures")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise BackstretchError(
                f"cannot make the folder {folder}: {folder.parent} does not exist; create it first"
            )
        try:
            folder.mkdir()
        except OSError as error:
            raise BackstretchError(f"cannot make the folder {folder} ({error.strerror})") from None
    return folder


def write_pictures(routine: Routine, folder: Path) -> list[Path]:
    """One SVG per position of every stretch with a pose; returns the files written."""
    from backstretch.export.figures import exercise_figures

    folder = picture_folder(folder)
    written = []
    for exercise in routine.exercises:
        figures = exercise_figures(exercise)
        if not figures:
            click.echo(f"Note: no picture of {exercise.name!r}: it has no pose.", err=True)
        for figure in figures:
            path = folder / figure.file_name
            write_file(path, figure.svg.encode("utf-8"))
            written.append(path)
    if not written:
        raise BackstretchError(
            f"routine {routine.id!r} has no pictures: none of its stretches has a pose "
            "(see docs/routines.md)"
        )
    return written


# handout


@click.command()
@click.argument("routine", required=False, metavar="[ROUTINE]")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE.pdf",
    help="Where to write the PDF (default: ROUTINE-handout.pdf in this folder).",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="The paper size.",
)
@click.pass_obj
def handout(app: App, routine: str | None, output: Path | None, paper: str) -> None:
    """Make a printable handout of a routine (PDF).

    It has a safety box, each stretch with its pictures, steps, dose and
    cautions, and a four-week log to tick, with your pain from 0 to 10.
    ROUTINE is a routine id or a path to a routine file (default: daily-back;
    with --user, the routine a clinician prescribed for you, if one did).

    \b
    Examples:
      backstretch handout -o handout.pdf
      backstretch handout my-routine.yaml -o my-handout.pdf --paper letter
    """
    from backstretch.cli.routine_text import chosen_routine

    loaded = chosen_routine(app, routine)[0]
    target = output_file(output or Path(f"{loaded.id}-handout.pdf"), "handout.pdf")
    from backstretch.export.handout import find_fonts, handout_and_missing

    fonts = find_fonts()
    created = app.wall_clock()
    pdf, missing = handout_and_missing(loaded, paper.lower(), fonts, created)
    write_file(target, pdf)
    if missing:
        font = "the DejaVu Sans font" if fonts else "the built-in PDF font"
        hint = "" if fonts else " (Debian: apt install fonts-dejavu-core)"
        click.echo(
            f"Note: {font} cannot print {' '.join(missing[:20])}{hint}; they show as ?.",
            err=True,
        )
    click.echo(f"Wrote {target}: a handout of {loaded.name} on {paper.upper()} paper.")


# remind


@click.command()
@click.option("--at", "at_text", required=True, metavar="HH:MM", help="The time, such as 07:30.")
@click.option(
    "--days",
    metavar="DAYS",
    help="The days, such as mon,wed,fri (or weekdays, weekends); default: every day.",
)
@click.option(
    "--routine",
    "routine_name",
    default=DEFAULT_ROUTINE,
    show_default=True,
    metavar="ROUTINE",
    help="The routine to be reminded of: an id or a path to a routine file.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    metavar="FILE.ics",
    help="Where to write the calendar file (default: ROUTINE-reminder.ics in this folder; "
    "- for standard output).",
)
@click.option(
    "--timezone",
    "zone_name",
    metavar="AREA/CITY",
    help="Your time zone, such as Europe/London (default: the one `backstretch timezone` set, "
    "else this computer's, from TZ or /etc/localtime).",
)
@click.pass_obj
def remind(
    app: App,
    at_text: str,
    days: str | None,
    routine_name: str,
    output: Path | None,
    zone_name: str | None,
) -> None:
    """Make a calendar file with a reminder to stretch, and an alarm.

    Open the file with your calendar app (or import it) to add a repeating
    event at that time, in your time zone, with an alarm when it starts. There
    is one reminder per routine: making the file again, at another time or on
    other days too, replaces the event rather than adding a second one.

    \b
    Examples:
      backstretch remind --at 07:30
      backstretch remind --at 18:00 --days mon,wed,fri -o stretch.ics
      backstretch remind --at 07:00 --timezone America/New_York
    """
    at = parse_time(at_text)
    chosen = parse_days(days) if days else ()
    zone = check_timezone(zone_name) if zone_name else persons_timezone(app)
    loaded = app.catalog.load(routine_name)
    target = (
        None
        if str(output) == "-"
        else output_file(output or Path(f"{loaded.id}-reminder.ics"), "reminder.ics")
    )
    from backstretch.export.calendar import Reminder, reminder_calendar

    reminder = Reminder(loaded, at, chosen, zone)
    clock: Callable[[], datetime] = app.wall_clock
    now = clock()
    content = reminder_calendar(reminder, now.astimezone(ZoneInfo(zone)).date(), now)
    if target is None:
        click.echo(content.decode("utf-8"), nl=False)
        return
    write_file(target, content)
    click.echo(summary(reminder, target))


def summary(reminder: Reminder, target: Path) -> str:
    routine = reminder.routine
    return (
        f"Wrote {target}: {routine.name} at {reminder.at:%H:%M} {reminder.describe_days()} "
        f"({reminder.timezone}), with an alarm. Open it with your calendar app to add it."
    )


def parse_time(text: str) -> time:
    """`7:30` or `07:30`, on a 24-hour clock."""
    match = TIME_PATTERN.match(text.strip())
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise BackstretchError(
        f"--at must be a time on a 24-hour clock as HH:MM, such as 07:30 (got {text!r})"
    )


def parse_days(text: str) -> tuple[int, ...]:
    """`mon,wed,fri` (any case, full names too, or weekdays and weekends) to weekday numbers."""
    found: set[int] = set()
    for word in (part.strip().lower() for part in text.split(",")):
        if word not in DAY_WORDS:
            near = difflib.get_close_matches(word, DAY_WORDS, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'? " if near else ""
            raise BackstretchError(f"--days: unknown day {word!r} ({hint}{DAYS_RULE})")
        found.update(DAY_WORDS[word])
    return tuple(sorted(found))


# Time zones


def check_timezone(name: str) -> str:
    try:
        return check_time_zone(name)
    except InvalidTimeZone as error:
        raise BackstretchError(f"--timezone: {error}") from None


def persons_timezone(app: App) -> str:
    """The time zone the person set (`backstretch timezone`), else this computer's."""
    with opened(app) as repository:
        chosen = repository.person.time_zone
    return chosen if is_time_zone(chosen) else detect_timezone()


def detect_timezone(
    environ: Mapping[str, str] = os.environ,
    localtime: Path = Path("/etc/localtime"),
    timezone_file: Path = Path("/etc/timezone"),
) -> str:
    """This computer's time zone: TZ, else where /etc/localtime points, else /etc/timezone."""
    candidates = [environ.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError):
        candidates.append(str(localtime.readlink()))
    with contextlib.suppress(OSError):
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for candidate in candidates:
        name = candidate.split("zoneinfo/", 1)[-1]  # a path into the zone database
        if is_time_zone(name):
            return name
    click.echo(
        "Note: could not tell this computer's time zone, so the reminder is in UTC; "
        "give yours with --timezone Area/City.",
        err=True,
    )
    return "UTC"
