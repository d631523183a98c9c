"""The progress report both front ends show (`backstretch stats`, the web history page), read
through the repository as days and daily sums rather than years of rows. Days are the person's:
`today` is their day (`repository.person.day_of(now)`), and the window starts at their midnight."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from backstretch.core import settings
from backstretch.core.history import InPosition, PainContext, SessionSummary
from backstretch.storage.repository import Repository

if TYPE_CHECKING:
    from backstretch.core.stats import StatsReport

REST_DAYS_SETTING = settings.REST_DAYS  # the setting `backstretch rest-days` writes


def gather_report(repository: Repository, today: date, days: int) -> StatsReport:
    """Streaks, adherence, completion and the pain trend, as of `today`, over `days` days."""
    from backstretch.core.stats import Plan, build_report, parse_rest_days  # not for `pain`

    plan = Plan(parse_rest_days(repository.get_setting(REST_DAYS_SETTING) or ""))
    session_days = repository.active_session_days()
    # the trend leaves out ratings taken just after a session: they show the session's effect
    ratings = repository.daily_pain([c for c in PainContext if c is not PainContext.AFTER])
    since = repository.person.start_of(today - timedelta(days=days - 1))
    totals = repository.exercise_totals(since)
    return build_report(session_days, ratings, totals, today, days, plan)


def in_position_of(
    repository: Repository, summaries: list[SessionSummary]
) -> dict[str, InPosition]:
    """For each listed session the camera check measured, how long its holds were held in
    position."""
    return repository.in_position([summary.id for summary in summaries])
