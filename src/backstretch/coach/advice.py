"""The see-a-clinician advice (docs/safety.md), read from a repository: what `plan`,
`check --status`, `start` and `stats` print, from the rules in core/pain_rules.py.

A module of its own so `stats` can show the advice without loading what `plan` needs. `zone` is
the person's time zone (None: the machine's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from backstretch.core.history import PainContext
from backstretch.core.pain_rules import advice_since, clinician_advice
from backstretch.core.stats import WeeklyPain, weekly_pain

if TYPE_CHECKING:
    from backstretch.storage.repository import Repository

TREND_CONTEXTS = [c for c in PainContext if c is not PainContext.AFTER]


def advice_lines(repository: Repository, now: datetime, zone: tzinfo | None = None) -> list[str]:
    """Time-based reasons to see a clinician soon, as of `now`."""
    days = repository.active_session_days()
    weeks = weekly_pain(repository.daily_pain(TREND_CONTEXTS))
    today = now.astimezone(zone).date()
    return advice_with(repository, today, weeks, days[0] if days else None, zone)


def advice_with(
    repository: Repository,
    today: date,
    weeks: Sequence[WeeklyPain],
    first_session: date | None,
    zone: tzinfo | None = None,
) -> list[str]:
    """The advice, given the weekly pain averages and the first session already read (as
    `stats` has them); the rules read only the few ratings they look at, so years of history
    cost no more than weeks."""
    ratings = repository.advice_ratings(advice_since(today))
    return clinician_advice(ratings, weeks, first_session, today, zone)
