"""`backstretch timezone`: the time zone your days follow ("today", streaks, rest days)."""

from __future__ import annotations

from datetime import datetime

import click

from backstretch.cli.app import App, opened
from backstretch.core.person import (
    MACHINE_ZONE_WORD,
    TIME_ZONE,
    Person,
    check_time_zone,
    is_time_zone,
    utc_offset,
)


def clock_line(person: Person, now: datetime) -> str:
    """E.g. "now Tue 2026-01-06 22:00, UTC+13:00": the person's time and day."""
    local = person.local_time(now)
    return f"now {local:%a %Y-%m-%d %H:%M}, {utc_offset(local)}"


def zone_line(person: Person, now: datetime) -> str:
    """What `timezone` says about the person's zone."""
    clock = clock_line(person, now)
    if not person.time_zone:
        return (
            f"Time zone: this computer's ({clock}); set yours with "
            "`backstretch timezone AREA/CITY`."
        )
    if not is_time_zone(person.time_zone):
        return (
            f"Time zone: {person.time_zone} is not a zone this computer knows, so your days "
            f"follow this computer's ({clock}); set one with `backstretch timezone AREA/CITY`."
        )
    return f"Time zone: {person.time_zone} ({clock})."


@click.command("timezone")
@click.argument("zone_name", required=False, metavar="[AREA/CITY]")
@click.pass_obj
def timezone(app: App, zone_name: str | None) -> None:
    """Show or set your time zone: the one your days follow.

    "Today", streaks, rest days and the day each session and pain rating is
    counted on are days in your time zone; unset, it is this computer's.
    Records already stored keep the day they were stored on. `local` goes
    back to this computer's time zone.

    \b
    Examples:
      backstretch timezone                     show it
      backstretch timezone Pacific/Auckland    set it
      backstretch timezone local               follow this computer's again
    """
    now = app.wall_clock()
    with opened(app) as repository:
        if zone_name is None:
            click.echo(zone_line(repository.person, now))
            return
        chosen = None if zone_name == MACHINE_ZONE_WORD else check_time_zone(zone_name)
        repository.set_setting(TIME_ZONE, chosen)
        person = repository.person
    clock = clock_line(person, now)
    if chosen is None:
        click.echo(f"Your days follow this computer's time zone again ({clock}).")
    else:
        click.echo(f"Time zone set to {chosen} ({clock}): your days follow it from now on.")
