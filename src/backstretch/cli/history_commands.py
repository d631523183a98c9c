"""`pain`, `history`, `rest-days`, `export` and `import`: the record and what it shows.

These commands open the history database only when they run; the SQLite default goes through the
standard library, so `backstretch pain 3` starts without loading SQLAlchemy. (`stats` lives in
cli/stats_command.py; a simple `pain` is answered by cli/quick.py without click.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from backstretch.cli.app import App, opened
from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    History,
    InvalidRecord,
    PainContext,
    check_pain_level,
)

if TYPE_CHECKING:
    pass


# -- what the commands share --------------------------------------------------------------------
class PainLevel(click.ParamType):  # type: ignore[type-arg]
    """A whole number from 0 to 10; anything else is a usage error with the allowed range."""

    name = "LEVEL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            return check_pain_level(value)
        except InvalidRecord as error:
            self.fail(str(error), param, ctx)


# -- pain ---------------------------------------------------------------------------------------
@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("level", type=PainLevel())
@click.option("--note", default="", help="A few words to keep with the rating.")
@click.option(
    "--context",
    type=click.Choice([c.value for c in PainContext]),
    default="usual",
    show_default=True,
    help="When: morning (on waking), before or after a session, usual (over the last day).",
)
@click.pass_obj
def pain(app: App, level: int, note: str, context: str) -> None:
    """Record your back pain now, from 0 (no pain) to 10 (worst possible).

    Rating at the same time each day (say, every morning) shows the trend best;
    `backstretch stats` reports it by week.

    \b
    Examples:
      backstretch pain 4
      backstretch pain 3 --context morning --note "stiff after the long drive"
    """
    from backstretch.cli.quick import record_pain

    click.echo(record_pain(app, level, context, note))


# -- history ------------------------------------------------------------------------------------
@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the sessions as JSON.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Show the N newest sessions (0 shows all).",
)
@click.pass_obj
def history(app: App, as_json: bool, limit: int) -> None:
    """List your sessions, newest first: when, which routine, holds done, pain.

    HOLDS is holds completed of holds planned; PAIN is before → after the
    session. Pain you reported during a session ("this hurts") is listed
    under it, with what was done. A session stopped with Ctrl-C or by a
    crash keeps every hold done.

    \b
    Examples:
      backstretch history
      backstretch history --json --limit 0 > sessions.json
    """
    from backstretch.cli.history_text import history_output

    click.echo(history_output(app, as_json, limit))


# -- rest days ------------------------------------------------------------------------------
@click.command("rest-days")
@click.argument("days", required=False, metavar="[DAYS]")
@click.pass_obj
def rest_days(app: App, days: str | None) -> None:
    """Show or set your planned rest days (a streak survives them).

    DAYS is a comma-separated list of weekdays, or `none` for a daily plan
    (the default). Adherence in `backstretch stats` counts only planned days.

    \b
    Examples:
      backstretch rest-days              show them
      backstretch rest-days sat,sun      rest at weekends
      backstretch rest-days none         stretch every day
    """
    from backstretch.core.stats import format_rest_days, parse_rest_days
    from backstretch.storage import reports

    with opened(app) as repository:
        if days is None:
            current = parse_rest_days(repository.get_setting(reports.REST_DAYS_SETTING) or "")
            click.echo(f"Rest days: {format_rest_days(current)}.")
            return
        chosen = parse_rest_days(days)
        repository.set_setting(
            reports.REST_DAYS_SETTING, format_rest_days(chosen) if chosen else None
        )
    click.echo(f"Rest days set to: {format_rest_days(chosen)}.")


# -- export and import --------------------------------------------------------------------------
RECORD_KINDS = (
    ("sessions", "session"), ("holds", "hold"), ("pain", "pain rating"),
    ("pain_reports", "pain report"), ("screening_answers", "screening answer"),
    ("clearances", "clearance"), ("dose_changes", "dose change"), ("settings", "setting"),
)  # fmt: skip
EXPORT_FORMATS = ("csv", "json", "fhir")
FILE_ENDINGS = {"csv": "csv", "json": "json", "fhir": "json"}  # a FHIR Bundle is JSON


def counted(counts: Mapping[str, int], shown: Iterable[str]) -> str:
    """E.g. "3 sessions, 18 holds and 1 pain rating" for the kinds `shown`."""
    nouns = dict(RECORD_KINDS)
    parts = [f"{counts[k]} {nouns[k]}{'s' if counts[k] != 1 else ''}" for k in shown]
    return listed(parts)


def listed(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def history_counts(history: History) -> dict[str, int]:
    return {kind: len(getattr(history, kind)) for kind, _ in RECORD_KINDS}


def export_format(file_format: str | None, output: Path | None) -> str:
    """--format when given, else the ending of the -o file (.csv or .json), else JSON. A file
    name that says one format while --format says another is refused, not silently mixed."""
    ending = output.suffix.lower().lstrip(".") if output is not None else ""
    if file_format is None and output is not None and ending not in ("csv", "json"):
        raise BackstretchError(
            f"-o {output}: the file name must end in .csv or .json to choose the format, or "
            f"give --format csv or --format json (got '{output.suffix}')"
        )
    expected = FILE_ENDINGS.get(file_format or "", ending)
    if ending in ("csv", "json") and ending != expected:
        other = ", or leave --format out" if expected == file_format else ""
        raise BackstretchError(
            f"--format {file_format} does not match the file name {output} (a .{ending} file); "
            f"name the file .{expected}{other}"
        )
    return file_format or ending or "json"


@click.command()
@click.option(
    "--format",
    "file_format",
    type=click.Choice(EXPORT_FORMATS),
    help="CSV for spreadsheets, JSON for programs, FHIR (an R4 Bundle in JSON) for a clinic's "
    "record system [default: from the -o file's ending, else json]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (.csv or .json) instead of standard output.",
)
@click.pass_obj
def export(app: App, file_format: str | None, output: Path | None) -> None:
    """Export your whole history to share it: sessions, holds, pain ratings,
    pain reported during sessions, your red-flag answers and clearances, dose
    changes and settings.

    The file can be read back with `backstretch import`, here or on another
    machine; see docs/history.md for the columns. Text that a spreadsheet
    would run as a formula is written behind a ' and reads back as typed.

    --format fhir writes one FHIR R4 Bundle for a clinic's record system
    instead: your routine as a care plan, each session and each pain rating
    as an observation (docs/fhir.md). It is not read back by `import`.

    \b
    Examples:
      backstretch export -o history.csv
      backstretch export > history.json
      backstretch export --format fhir -o record.fhir.json
    """
    chosen = export_format(file_format, output)
    if chosen == "fhir":
        text, done = fhir_export(app)
    else:
        text, done = history_export(app, chosen)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise BackstretchError(f"cannot write {output} ({error.strerror})") from None
    click.echo(f"Exported {done} to {output}.")


def history_export(app: App, chosen: str) -> tuple[str, str]:
    """The history as CSV or JSON, and what it holds in words."""
    from backstretch.export.history_io import history_as_csv, history_as_json

    with opened(app) as repository:
        everything = repository.export_history()
    text = history_as_csv(everything) if chosen == "csv" else history_as_json(everything)
    return text, counted(history_counts(everything), [k for k, _ in RECORD_KINDS])


def fhir_export(app: App) -> tuple[str, str]:
    """The record as a FHIR R4 Bundle, and what it holds in words."""
    from backstretch.coach.today import current_plan
    from backstretch.export.fhir import bundle_as_json, fhir_bundle, resource_counts

    with opened(app) as repository:
        history = repository.export_history()
        found = current_plan(repository, app.catalog.entries(), app.wall_clock())
        bundle = fhir_bundle(history, found.routine, repository.person.id, None, found.prescription)
    counts = resource_counts(bundle)
    kinds = listed([f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items()])
    return bundle_as_json(bundle), f"a FHIR R4 Bundle of {sum(counts.values())} resources ({kinds})"


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))  # checked by read_limited, in our words
@click.pass_obj
def import_(app: App, file: Path) -> None:
    """Import a history file written by `backstretch export` (CSV or JSON).

    Only what is new is added, so importing the same file twice changes
    nothing. The file is checked whole first: a bad record, a setting the
    commands would refuse, or a time in the future or before 2000 refuses
    the file, naming the record, and nothing is stored.

    \b
    Example:
      backstretch import history.json
    """
    from backstretch.export.history_io import MAX_IMPORT_BYTES, read_history
    from backstretch.local_files import read_limited

    data = read_limited(file, MAX_IMPORT_BYTES, "history files")
    incoming = read_history(data, str(file), app.wall_clock())
    with opened(app) as repository:
        added = repository.import_history(incoming)
    found = history_counts(incoming)
    shown = [kind for kind, _ in RECORD_KINDS if found[kind]]
    if not shown:
        click.echo(f"{file} holds no records; nothing was added.")
        return
    click.echo(
        f"Read {counted(found, shown)} from {file}; added "
        f"{counted(asdict(added), shown)} that were new."
    )
