"""Today's doses when progression is on: what the rules in core/progression.py decide from the
stored history, and the changes stored with their reasons (docs/safety.md)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from backstretch.core import settings
from backstretch.core.adaptations import with_doses
from backstretch.core.errors import BackstretchError
from backstretch.core.history import new_id, parse_timestamp
from backstretch.core.pain_rules import is_unsettled, morning_levels, usual_level
from backstretch.core.progression import (
    PROGRESS_SETTING,
    DoseChange,
    Proposal,
    SessionOutcome,
    caps_for,
    current_doses,
    flares_since,
    parse_age,
    proposal,
)
from backstretch.core.routine import Routine
from backstretch.core.safety import safety_status
from backstretch.storage.repository import Repository


def progression_since(repository: Repository) -> datetime | None:
    value = repository.get_setting(PROGRESS_SETTING)
    return parse_timestamp(value) if value else None


def user_age(repository: Repository) -> int | None:
    try:
        return parse_age(repository.get_setting(settings.AGE) or "")
    except BackstretchError:
        return None  # unset, or a hand-edited value that does not fit: no age given


def changes_of(repository: Repository, seed: Routine) -> list[DoseChange]:
    ids = {exercise.id for exercise in seed.exercises}
    return [change for change in repository.dose_changes() if change.exercise in ids]


def todays_proposal(
    repository: Repository, seed: Routine, now: datetime, zone: tzinfo | None = None
) -> Proposal:
    """What the progression rules decide today from everything stored (nothing is written)."""
    on_since = progression_since(repository)
    if on_since is None:
        return Proposal({}, "progression is off", "same")
    changes = changes_of(repository, seed)
    last = max([on_since, *(c.changed_at for c in changes)])
    ratings = repository.pain_ratings()
    usual = usual_level(ratings)
    mornings = morning_levels(ratings, zone)
    reports = repository.pain_reports()
    stops = [(r.recorded_at, r.exercise) for r in reports if r.action == "stop"]
    unsettled = [
        (r.recorded_at, r.level, usual or 0)
        for r in ratings
        if r.context.value == "morning" and is_unsettled(r.level, usual)
    ]
    sessions = [
        SessionOutcome(
            s.session.started_at.astimezone(zone).date(),
            tuple(r.exercise for r in reports if r.session_id == s.id and r.action == "stop"),
            s.session.pain_after,
        )
        for s in repository.summaries(since=last)
        if s.session.routine_id == seed.id and s.holds_completed > 0
    ]
    status = safety_status(repository.screening_answers(), repository.clearances(), zone)
    return proposal(
        seed,
        current_doses(seed, changes),
        now.astimezone(zone).date(),
        last.astimezone(zone).date(),
        sessions,
        {day: not is_unsettled(level, usual) for day, level in mornings.items()},
        flares_since(last, stops, unsettled, zone),
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


def planned_doses(repository: Repository, seed: Routine) -> dict[str, tuple[float, int]] | None:
    """Each stretch's dose as last planned when progression is on, else None."""
    if progression_since(repository) is None:
        return None
    return current_doses(seed, changes_of(repository, seed))


def decide_today(
    repository: Repository, seed: Routine, now: datetime, zone: tzinfo | None = None
) -> tuple[Routine, list[DoseChange]]:
    """The routine with today's doses when progression is on, deciding and storing today's
    change first (at most one a day: the rules wait days between steps); else the seed."""
    if progression_since(repository) is None:
        return seed, []
    changes = apply_proposal(repository, seed, todays_proposal(repository, seed, now, zone), now)
    return with_doses(seed, current_doses(seed, changes_of(repository, seed))), changes
