"""`backstretch plan`: the doses per stretch and why, and opt-in progression (docs/safety.md).

The rules live in core/progression.py; this module reads what they need from the repository,
stores each change with its reason, and shows it. `start` calls `planned_routine`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click

from backstretch.cli.advice import advice_lines
from backstretch.cli.app import App
from backstretch.cli.history_commands import new_id, opened
from backstretch.cli.routine_commands import DEFAULT_ROUTINE
from backstretch.core.adaptations import with_doses
from backstretch.core.history import format_timestamp, parse_timestamp
from backstretch.core.pain_rules import (
    is_unsettled,
    morning_levels,
    usual_level,
)
from backstretch.core.progression import (
    PROGRESS_SETTING,
    DoseChange,
    Proposal,
    SessionOutcome,
    caps_for,
    current_doses,
    flares_since,
    proposal,
)
from backstretch.core.routine import Routine
from backstretch.core.safety import safety_status
from backstretch.storage.repository import Repository

AGE_SETTING = "progression.age"


def progression_since(repository: Repository) -> datetime | None:
    value = repository.get_setting(PROGRESS_SETTING)
    return parse_timestamp(value) if value else None


def user_age(repository: Repository) -> int | None:
    value = repository.get_setting(AGE_SETTING)
    return int(value) if value and value.isdigit() else None


def changes_of(repository: Repository, seed: Routine) -> list[DoseChange]:
    ids = {exercise.id for exercise in seed.exercises}
    return [change for change in repository.dose_changes() if change.exercise in ids]


def todays_proposal(repository: Repository, seed: Routine, now: datetime) -> Proposal:
    """What the progression rules decide today from everything stored (nothing is written)."""
    on_since = progression_since(repository)
    if on_since is None:
        return Proposal({}, "progression is off", "same")
    changes = changes_of(repository, seed)
    last = max([on_since, *(c.changed_at for c in changes)])
    ratings = repository.pain_ratings()
    usual = usual_level(ratings)
    mornings = morning_levels(ratings)
    stops = [(r.recorded_at, r.exercise) for r in repository.pain_reports() if r.action == "stop"]
    unsettled = [
        (r.recorded_at, r.level, usual or 0)
        for r in ratings
        if r.context.value == "morning" and is_unsettled(r.level, usual)
    ]
    reports = repository.pain_reports()
    sessions = [
        SessionOutcome(
            s.session.started_at.astimezone().date(),
            tuple(r.exercise for r in reports if r.session_id == s.id and r.action == "stop"),
            s.session.pain_after,
        )
        for s in repository.summaries(since=last)
        if s.session.routine_id == seed.id and s.holds_completed > 0
    ]
    status = safety_status(repository.screening_answers(), repository.clearances())
    return proposal(
        seed,
        current_doses(seed, changes),
        now.astimezone().date(),
        last.astimezone().date(),
        sessions,
        {day: not is_unsettled(level, usual) for day, level in mornings.items()},
        flares_since(last, stops, unsettled),
        status.locked or bool(status.clearance_first),
        caps_for(user_age(repository)),
    )


def apply_proposal(
    repository: Repository, seed: Routine, decided: Proposal, now: datetime
) -> list[DoseChange]:
    """Store the changes a proposal makes, one per stretch, with its reason."""
    doses = current_doses(seed, changes_of(repository, seed))
    changes = [
        DoseChange(new_id(), exercise, *_pair(doses[exercise], dose), decided.reason, now)
        for exercise, dose in decided.doses.items()
    ]
    repository.add_dose_changes(changes)
    return changes


def _pair(before: tuple[float, int], after: tuple[float, int]) -> tuple[float, float, int, int]:
    return (before[0], after[0], before[1], after[1])


def planned_routine(
    repository: Repository, seed: Routine, now: datetime, say: Callable[[str], None]
) -> Routine:
    """The routine with today's planned doses when progression is on (deciding and storing
    today's change first), else the seed's doses unchanged."""
    if progression_since(repository) is None:
        return seed
    names = {e.id: e.name for e in seed.exercises}
    for change in apply_proposal(repository, seed, todays_proposal(repository, seed, now), now):
        say(change.describe(names.get(change.exercise)) + ".")
    return with_doses(seed, current_doses(seed, changes_of(repository, seed)))


# -- the command --------------------------------------------------------------------------------
@click.command()
@click.argument("routine", default=DEFAULT_ROUTINE, metavar="[ROUTINE]")
@click.option(
    "--progress",
    type=click.Choice(["on", "off"]),
    help="Turn gradual progression on (doses grow slowly while pain stays settled) or off.",
)
@click.option(
    "--age",
    type=click.IntRange(1, 120),
    help="Your age: from 65, holds may grow to 60 s instead of 30 s.",
)
@click.pass_obj
def plan(app: App, routine: str, progress: str | None, age: int | None) -> None:
    """Show today's dose of each stretch and why; turn progression on or off.

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
    seed: Routine = app.catalog.load(routine)
    now = app.wall_clock()
    with opened(app) as repository:
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
    on_since = progression_since(repository)
    changes = changes_of(repository, seed)
    doses = current_doses(seed, changes) if on_since else {}
    lines = [f"{seed.name}: today's doses"]
    for exercise in seed.exercises:
        hold, reps = doses.get(exercise.id, (exercise.hold_seconds, exercise.reps))
        base = f"(routine: {exercise.hold_seconds:g} s x {exercise.reps})"
        lines.append(f"  {exercise.name:<28} {hold:>4g} s x {reps:<3} {base}")
    if on_since is None:
        lines.append("Progression is off; turn it on with `backstretch plan --progress on`.")
    else:
        lines.append(f"Progression is on since {on_since.astimezone().date()}.")
        names = {e.id: e.name for e in seed.exercises}
        for change in changes[-5:]:
            day = change.changed_at.astimezone().date()
            lines.append(f"  {day}: {change.describe(names.get(change.exercise))}.")
        decided = todays_proposal(repository, seed, now)
        verb = {"up": "Next start: doses go up", "down": "Next start: doses go back one step"}
        lines.append(f"{verb.get(decided.direction, 'Next start: no change')}: {decided.reason}.")
    lines.extend(advice_lines(repository, now))
    return lines
