"""`routines`, `show`, `validate` and `schema`: reading and checking routines.

What `routines` and `show` print lives in cli/routine_text.py, which the quick path shares.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from backstretch.cli.app import App, print_error
from backstretch.cli.routine_text import chosen_routine, routines_text, show_text
from backstretch.core.errors import InvalidRoutine
from backstretch.core.timeline import plan
from backstretch.core.units import format_duration


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_obj
def routines(app: App, as_json: bool) -> None:
    """List the built-in routines and your own.

    Your own routines are the .yaml files in the routines folder of your
    backstretch home. A file with a problem is listed with its first problem.

    \b
    Example:
      backstretch routines
    """
    click.echo(routines_text(app, as_json))


@click.command()
@click.argument("routine", required=False, metavar="[ROUTINE]")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the routine as data (see docs/routines.md)."
)
@click.option(
    "--pictures",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write a picture (SVG) of every position into DIR, and print the files written.",
)
@click.pass_obj
def show(app: App, routine: str | None, as_json: bool, pictures: Path | None) -> None:
    """Show a routine: each stretch with its dose, steps and cautions.

    ROUTINE is a routine id or a path to a routine file (default: daily-back;
    with --user, the routine a clinician prescribed for you, if one did).

    \b
    Examples:
      backstretch show
      backstretch show daily-back --json
      backstretch show ./my-routine.yaml
      backstretch show daily-back --pictures pictures/
    """
    if pictures is not None and as_json:
        raise click.UsageError("use --json or --pictures, not both")
    if pictures is None:
        click.echo(show_text(app, routine, as_json))
        return
    from backstretch.cli.document_commands import write_pictures

    for path in write_pictures(chosen_routine(app, routine)[0], pictures):
        click.echo(str(path))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def validate(app: App, files: tuple[Path, ...]) -> None:
    """Check routine files and report every problem, one per line.

    Exits 0 when every file is a valid routine, 1 otherwise.

    \b
    Example:
      backstretch validate my-routine.yaml
    """
    failed = 0
    for path in files:
        try:
            routine = app.catalog.load_file(path)
        except InvalidRoutine as error:
            failed += 1
            print_error(error)
            continue
        length = format_duration(plan(routine).total_seconds)
        click.echo(
            f"{path}: ok, routine '{routine.id}' with {len(routine.exercises)} stretches ({length})"
        )
    if failed:
        click.get_current_context().exit(1)


@click.command()
def schema() -> None:
    """Print the JSON Schema of routine files, for editors that check YAML.

    \b
    Example:
      backstretch schema > routine.schema.json
    """
    from backstretch.core.schema import routine_schema

    click.echo(json.dumps(routine_schema(), indent=2))
