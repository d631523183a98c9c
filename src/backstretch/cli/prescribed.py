"""The routine a command runs or shows, and the lines that say a clinician prescribed it.

Without --user the routine comes from the data home as it always has. With --user (a person of
a server's accounts) the use case chooses it: the version a clinician prescribed for them when
there is one (coach/prescriptions.py, the same choice as the browser's). No click here: the
quick commands `routines` and `show` use it too.
"""

from __future__ import annotations

from datetime import datetime

from backstretch.cli.app import App
from backstretch.coach import prescriptions
from backstretch.core.person import Person
from backstretch.core.routine import DEFAULT_ROUTINE, Routine
from backstretch.storage.repository import Repository


def routine_of(app: App, records: Repository | None, name: str | None) -> Routine:
    """The routine `name` names (None: the default one) for the app's person."""
    if app.user is None or records is None:
        loaded: Routine = app.catalog.load(DEFAULT_ROUTINE if name is None else name)
        return loaded
    return prescriptions.routine_for(records, name, app.catalog.load)


def prescribed_line(records: Repository, routine: Routine, now: datetime) -> str | None:
    """The line saying "prescribed for you by kim on 3 Dec (version 2)", or None when `routine`
    is not the version prescribed for the person (a built-in, their own file)."""
    found = prescriptions.latest(records, routine.id)
    if found is None or found[1] != routine:
        return None
    given = found[0]
    when = day_of(records.person, given.at, now)
    return (
        f"{routine.name}: prescribed for you by {given.prescribed_by} on {when} "
        f"(version {given.version})."
    )


def news_lines(records: Repository, routine: Routine, now: datetime) -> list[str]:
    """Who prescribed `routine` and, before the first session since a change, what changed
    (the change words the browser shows), each change with who made it and when."""
    line = prescribed_line(records, routine, now)
    if line is None:
        return []
    changed = [
        f"  {change}, changed by {version.prescription.prescribed_by} on "
        f"{day_of(records.person, version.prescription.at, now)}"
        for version in prescriptions.unseen(records, routine.id)
        for change in version.changes
    ]
    return [line, *(["What changed since your last session:", *changed] if changed else [])]


def day_of(person: Person, at: datetime, now: datetime) -> str:
    """The day of `at` in the person's time zone: "3 Dec" ("3 Dec 2025" in another year)."""
    local = person.local_time(at)
    year = "" if local.year == person.local_time(now).year else f" {local.year}"
    return f"{local.day} {local:%b}{year}"
