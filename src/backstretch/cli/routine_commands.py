"""`routines`, `show`, `validate` and `schema`: reading and checking routines."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import click

from backstretch.cli.app import App, print_error
from backstretch.core.errors import InvalidRoutine
from backstretch.core.routine import DEFAULT_ROUTINE, Routine
from backstretch.core.timeline import plan
from backstretch.core.units import describe_dose, format_duration


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
    entries = app.catalog.entries()
    if as_json:
        rows = [
            {
                "id": e.id,
                "name": e.routine.name if e.routine else None,
                "source": e.source,
                "total_seconds": plan(e.routine).total_seconds if e.routine else None,
                "problem": e.problem,
            }
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for entry in entries:
        if entry.routine is None:
            click.echo(f"{entry.id:<20} {click.style('has a problem:', fg='red')} {entry.problem}")
            continue
        length = format_duration(plan(entry.routine).total_seconds)
        where = "built-in" if entry.source == "built-in" else entry.source
        click.echo(f"{entry.id:<20} {entry.routine.name} ({length}, {where})")
    click.echo(f"\nYour own routines go in {app.catalog.folder}/ (see `backstretch validate`).")


@click.command()
@click.argument("routine", default=DEFAULT_ROUTINE, metavar="[ROUTINE]")
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
def show(app: App, routine: str, as_json: bool, pictures: Path | None) -> None:
    """Show a routine: each stretch with its dose, steps and cautions.

    ROUTINE is a routine id or a path to a routine file (default: daily-back).

    \b
    Examples:
      backstretch show
      backstretch show daily-back --json
      backstretch show ./my-routine.yaml
      backstretch show daily-back --pictures pictures/
    """
    if pictures is not None and as_json:
        raise click.UsageError("use --json or --pictures, not both")
    loaded = app.catalog.load(routine)
    if pictures is not None:
        from backstretch.cli.document_commands import write_pictures

        for path in write_pictures(loaded, pictures):
            click.echo(str(path))
        return
    if as_json:
        from backstretch.export.routine_json import routine_as_dict

        click.echo(json.dumps(routine_as_dict(loaded), indent=2, ensure_ascii=False))
        return
    click.echo(render_routine(loaded, width=min(100, shutil.get_terminal_size().columns)))


def render_routine(routine: Routine, width: int = 80) -> str:
    """The routine as text for people, wrapped to `width`."""
    timeline = plan(routine)
    wrap = textwrap.TextWrapper(width=width, initial_indent="   ", subsequent_indent="   ")
    lines = [
        click.style(f"{routine.name} ({routine.id})", bold=True),
        f"{len(routine.exercises)} stretches, {len(timeline.holds)} holds, "
        f"about {format_duration(timeline.total_seconds)} in all.",
    ]
    if routine.description:
        lines += ["", *textwrap.wrap(routine.description, width)]
    for index, exercise in enumerate(routine.exercises):
        length = format_duration(timeline.exercise_seconds(index))
        lines += [
            "",
            click.style(f"{index + 1}. {exercise.name}", bold=True)
            + f"  {describe_dose(exercise)}  ({length})",
        ]
        if exercise.purpose:
            lines += wrap.wrap(exercise.purpose)
        lines += list(numbered(exercise.steps, width))
        lines += [f"   ! {line}" for c in exercise.cautions for line in textwrap.wrap(c, width - 5)]
        for note in exercise.notes:
            lines += textwrap.wrap(
                note, width, initial_indent="   Note: ", subsequent_indent="         "
            )
    lines += [
        "",
        "Stretch to tightness or slight discomfort, never to pain. This is not medical advice.",
    ]
    return "\n".join(lines)


def numbered(items: tuple[str, ...], width: int) -> list[str]:
    out: list[str] = []
    for number, item in enumerate(items, 1):
        out += textwrap.wrap(
            item, width, initial_indent=f"   {number}. ", subsequent_indent="      "
        )
    return out


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
