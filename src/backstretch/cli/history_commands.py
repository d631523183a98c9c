"""`pain`, `history`, `rest-days`, `export` and `import`: the record and what it shows.

These commands open the history database only when they run; the SQLite default goes through the
standard library, so `backstretch pain 3` starts without loading SQLAlchemy. (`stats` lives in
cli/stats_command.py; a simple `pain` is answered by cli/quick.py without click.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from backstretch.cli.app import App, new_id, opened
from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    InvalidRecord,
    PainContext,
    SessionSummary,
    check_pain_level,
)

__all__ = ["PainLevel", "new_id", "opened"]  # the other commands take these from here


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
def history_table(summaries: list[SessionSummary]) -> str:
    lines = [f"{'ID':<8}  {'STARTED':<20} {'ROUTINE':<18} {'STATUS':<11} {'HOLDS':>9}  PAIN"]
    for summary in summaries:
        session = summary.session
        started = session.started_at.astimezone().strftime("%a %Y-%m-%d %H:%M")
        holds = f"{summary.holds_completed}/{session.holds_planned}"
        skipped = f", {summary.holds_skipped} skipped" if summary.holds_skipped else ""
        before = "-" if session.pain_before is None else session.pain_before
        after = "-" if session.pain_after is None else session.pain_after
        lines.append(
            f"{session.id[:8]:<8}  {started:<20} {session.routine_id[:18]:<18} "
            f"{session.status.value:<11} {holds:>9}  {before} → {after}{skipped}"
        )
    return "\n".join(lines)


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
    session. A session stopped with Ctrl-C or by a crash keeps every hold done.

    \b
    Examples:
      backstretch history
      backstretch history --json --limit 0 > sessions.json
    """
    with opened(app) as repository:
        summaries = repository.summaries(limit=limit or None)
    if as_json:
        from backstretch.export.history_io import summary_data

        rows = [summary_data(s) for s in summaries]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not summaries:
        click.echo("No sessions yet. Start one with `backstretch start`.")
    else:
        click.echo(history_table(summaries))


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
@click.command()
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "json"]),
    default="json",
    show_default=True,
    help="CSV for spreadsheets, JSON for programs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.pass_obj
def export(app: App, file_format: str, output: Path | None) -> None:
    """Export your whole history (sessions, holds, pain, rest days) to share it.

    The file can be read back with `backstretch import`, here or on another
    machine; see docs/history.md for the columns.

    \b
    Examples:
      backstretch export --format csv -o history.csv
      backstretch export > history.json
    """
    from backstretch.export.history_io import history_as_csv, history_as_json

    with opened(app) as repository:
        everything = repository.export_history()
    text = history_as_csv(everything) if file_format == "csv" else history_as_json(everything)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise BackstretchError(f"cannot write {output} ({error.strerror})") from None
    click.echo(
        f"Exported {len(everything.sessions)} sessions, {len(everything.holds)} holds and "
        f"{len(everything.pain)} pain ratings to {output}."
    )


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_(app: App, file: Path) -> None:
    """Import a history file written by `backstretch export` (CSV or JSON).

    Only what is new is added, so importing the same file twice changes
    nothing. A file with a bad record is refused whole, naming the record.

    \b
    Example:
      backstretch import history.json
    """
    from backstretch.export.history_io import MAX_IMPORT_BYTES, InvalidImport, read_history, too_big

    size = file.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise InvalidImport(too_big(str(file), size))
    try:
        data = file.read_bytes()
    except OSError as error:
        raise BackstretchError(f"cannot read {file} ({error.strerror})") from None
    incoming = read_history(data, str(file))
    with opened(app) as repository:
        added = repository.import_history(incoming)
    found = (
        f"{len(incoming.sessions)} sessions, {len(incoming.holds)} holds, "
        f"{len(incoming.pain)} pain ratings"
    )
    click.echo(
        f"Read {found} from {file}; added {added.sessions} sessions, {added.holds} holds, "
        f"{added.pain} pain ratings and {added.settings} settings that were new."
    )
