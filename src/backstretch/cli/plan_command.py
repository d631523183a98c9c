"""`backstretch plan`: the doses per stretch and why, and opt-in progression (docs/safety.md).

The rules live in core/progression.py and what they read in coach/progression.py; this command
turns progression on or off and shows today's plan, with the stretches stopped for today.
"""

from __future__ import annotations

from datetime import datetime

import click

from backstretch.cli.app import App, opened
from backstretch.cli.prescribed import prescribed_line, routine_of
from backstretch.coach.advice import advice_lines
from backstretch.coach.progression import changes_of, progression_since, todays_proposal
from backstretch.coach.today import stopped_today
from backstretch.core import settings
from backstretch.core.history import format_timestamp
from backstretch.core.progression import MAX_AGE, MIN_AGE, PROGRESS_SETTING, caps_for, current_doses
from backstretch.core.routine import Routine
from backstretch.storage.repository import Repository

AGE_SETTING = settings.AGE


# -- the command --------------------------------------------------------------------------------
@click.command()
@click.argument("routine", required=False, metavar="[ROUTINE]")
@click.option(
    "--progress",
    type=click.Choice(["on", "off"]),
    help="Turn gradual progression on (doses grow slowly while pain stays settled) or off.",
)
@click.option(
    "--age",
    type=click.IntRange(MIN_AGE, MAX_AGE),
    help="Your age: from 65, holds may grow to 60 s instead of 30 s.",
)
@click.pass_obj
def plan(app: App, routine: str | None, progress: str | None, age: int | None) -> None:
    """Show today's dose of each stretch and why; turn progression on or off.

    ROUTINE is a routine id or a path to a routine file (default: daily-back;
    with --user, the routine a clinician prescribed for you, if one did).

    With progression on, at most every 3 days and only while every session stayed
    within the pain limits and your back settled by the next morning, each stretch
    grows by 5 s per hold or 1 rep (up to 30 s holds, 60 s from age 65, about 90 s
    per stretch). After a flare it goes back one step. Every change is shown with its
    reason. These rules are a design heuristic, not a validated clinical rule.

    \b
    Examples:
      backstretch plan
      backstretch plan --progress on --age 67
      backstretch plan --progress off
    """
    found = None if app.user else routine_of(app, None, routine)  # before opening, as before
    now = app.wall_clock()
    with opened(app) as repository:
        seed = found or routine_of(app, repository, routine)
        said = prescribed_line(repository, seed, now) if app.user else None
        if said is not None:
            click.echo(said)
        if age is not None:
            repository.set_setting(AGE_SETTING, str(age))
            click.echo(f"Age recorded: {age} (hold cap {caps_for(age).hold_seconds:g} s).")
        if progress == "on" and progression_since(repository) is None:
            repository.set_setting(PROGRESS_SETTING, format_timestamp(now))
            click.echo("Progression is on: doses grow slowly while your pain stays settled.")
        elif progress == "off":
            repository.set_setting(PROGRESS_SETTING, None)
            click.echo("Progression is off: sessions use the routine's own doses.")
        for line in plan_lines(repository, seed, now):
            click.echo(line)


def plan_lines(repository: Repository, seed: Routine, now: datetime) -> list[str]:
    """Today's doses and why; "today" and the days shown are the person's."""
    person = repository.person
    on_since = progression_since(repository)
    changes = changes_of(repository, seed)
    doses = current_doses(seed, changes) if on_since else {}
    lines = [f"{seed.name}: today's doses"]
    for exercise in seed.exercises:
        hold, reps = doses.get(exercise.id, (exercise.hold_seconds, exercise.reps))
        base = f"(routine: {exercise.hold_seconds:g} s x {exercise.reps})"
        lines.append(f"  {exercise.name:<28} {hold:>4g} s x {reps:<3} {base}")
    names = {e.id: e.name for e in seed.exercises}
    stopped = stopped_today(repository, seed, person.day_of(now), person.zone)
    for stretch, reason in stopped.items():
        lines.append(f"  {names[stretch]}: {reason}; it is passed over in today's sessions.")
    if on_since is None:
        lines.append("Progression is off; turn it on with `backstretch plan --progress on`.")
    else:
        lines.append(f"Progression is on since {person.day_of(on_since)}.")
        for change in changes[-5:]:
            day = person.day_of(change.changed_at)
            lines.append(f"  {day}: {change.describe(names.get(change.exercise))}.")
        decided = todays_proposal(repository, seed, now, person.zone)
        verb = {"up": "Next start: doses go up", "down": "Next start: doses go back one step"}
        lines.append(f"{verb.get(decided.direction, 'Next start: no change')}: {decided.reason}.")
    lines.extend(advice_lines(repository, now, person.zone))
    return lines
