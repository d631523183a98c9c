"""What `routines` and `show` print: the list of routines, and a routine for people or as data.

Both the click commands (cli/routine_commands.py) and the quick path (cli/quick.py) print
these, so this module imports no click.
"""

from __future__ import annotations

import json
import textwrap

from backstretch.cli.app import App, opened
from backstretch.cli.terminal import bold, red, terminal_columns
from backstretch.core.routine import DEFAULT_ROUTINE, Routine
from backstretch.core.timeline import plan
from backstretch.core.units import counted, describe_dose, format_duration

MAX_WIDTH = 100


def routines_text(app: App, as_json: bool) -> str:
    """The built-in routines and the person's own, one line each (or JSON); with --user, each
    routine prescribed for them in place of one of the same id."""
    entries = app.catalog.entries()
    if app.user is not None:
        from backstretch.coach.prescriptions import with_prescribed

        with opened(app) as records:
            entries = with_prescribed(records, entries)
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
        return json.dumps(rows, indent=2)
    lines = []
    for entry in entries:
        if entry.routine is None:
            lines.append(f"{entry.id:<20} {red('has a problem:')} {entry.problem}")
            continue
        length = format_duration(plan(entry.routine).total_seconds)
        where = "built-in" if entry.source == "built-in" else entry.source
        lines.append(f"{entry.id:<20} {entry.routine.name} ({length}, {where})")
    lines.append(f"\nYour own routines go in {app.catalog.folder}/ (see `backstretch validate`).")
    return "\n".join(lines)


def show_text(app: App, name: str | None, as_json: bool) -> str:
    """A routine (None: the default one, or with --user the one prescribed) as data
    (`show --json`) or as text wrapped to the terminal, saying who prescribed it."""
    loaded, said = chosen_routine(app, name)
    if as_json:
        from backstretch.export.routine_json import routine_as_dict

        return json.dumps(routine_as_dict(loaded), indent=2, ensure_ascii=False)
    shown = render_routine(loaded, width=min(MAX_WIDTH, terminal_columns()))
    return shown if said is None else f"{said}\n\n{shown}"


def chosen_routine(app: App, name: str | None) -> tuple[Routine, str | None]:
    """The routine `name` names for the app's person (None: the default, or with --user the
    one prescribed for them), and the line saying who prescribed it (None if no one did)."""
    if app.user is None:
        loaded: Routine = app.catalog.load(name or DEFAULT_ROUTINE)
        return loaded, None
    from backstretch.cli.prescribed import prescribed_line, routine_of

    with opened(app) as records:
        loaded = routine_of(app, records, name)
        return loaded, prescribed_line(records, loaded, app.wall_clock())


def render_routine(routine: Routine, width: int = 80) -> str:
    """The routine as text for people, wrapped to `width`."""
    timeline = plan(routine)
    wrap = textwrap.TextWrapper(width=width, initial_indent="   ", subsequent_indent="   ")
    lines = [
        bold(f"{routine.name} ({routine.id})"),
        f"{counted(len(routine.exercises), 'stretch', 'stretches')}, "
        f"{counted(len(timeline.holds), 'hold')}, "
        f"about {format_duration(timeline.total_seconds)} in all.",
    ]
    if routine.description:
        lines += ["", *textwrap.wrap(routine.description, width)]
    for index, exercise in enumerate(routine.exercises):
        length = format_duration(timeline.exercise_seconds(index))
        heading = bold(f"{index + 1}. {exercise.name}")
        lines += ["", f"{heading}  {describe_dose(exercise)}  ({length})"]
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
