"""History and progress for the web pages and the API, read through the repository.

The session shape is the one `backstretch history --json` prints, and the report is the one
`backstretch stats` builds, so the browser and the terminal tell the same story. (These few
lines are kept here rather than imported from `cli`, which nothing else may import.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from backstretch.core.history import (
    HoldRecord,
    PainContext,
    PainRating,
    SessionSummary,
    format_timestamp,
)
from backstretch.core.stats import Plan, StatsReport, build_report, parse_rest_days
from backstretch.storage.repository import Repository

REST_DAYS_SETTING = "plan.rest_days"  # the key `backstretch rest-days` writes


def summary_as_dict(summary: SessionSummary) -> dict[str, Any]:
    session = summary.session
    return {
        "id": session.id,
        "routine": session.routine_id,
        "routine_name": session.routine_name,
        "started_at": format_timestamp(session.started_at),
        "ended_at": format_timestamp(session.ended_at) if session.ended_at else None,
        "status": session.status.value,
        "speed": session.speed,
        "holds_completed": summary.holds_completed,
        "holds_skipped": summary.holds_skipped,
        "holds_planned": session.holds_planned,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
    }


def hold_as_dict(hold: HoldRecord) -> dict[str, Any]:
    return {
        "hold_number": hold.hold_number,
        "exercise": hold.exercise,
        "rep": hold.rep,
        "side": hold.side,
        "phase": hold.phase,
        "planned_seconds": hold.planned_seconds,
        "held_seconds": hold.held_seconds,
        "completed": hold.completed,
        "recorded_at": format_timestamp(hold.recorded_at),
    }


def pain_as_dict(rating: PainRating) -> dict[str, Any]:
    return {
        "id": rating.id,
        "level": rating.level,
        "context": rating.context.value,
        "recorded_at": format_timestamp(rating.recorded_at),
        "note": rating.note,
        "session_id": rating.session_id,
    }


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def gather_report(repository: Repository, today: date, days: int) -> StatsReport:
    """The same report as `backstretch stats`: days and daily sums, not years of rows."""
    plan = Plan(parse_rest_days(repository.get_setting(REST_DAYS_SETTING) or ""))
    session_days = repository.active_session_days()
    ratings = repository.daily_pain([c for c in PainContext if c is not PainContext.AFTER])
    since = datetime.combine(today - timedelta(days=days - 1), time()).astimezone()
    totals = repository.exercise_totals(since)
    return build_report(session_days, ratings, totals, today, days, plan)


@dataclass(frozen=True)
class Overview:
    """What the home page shows about the person's record."""

    streak: int
    longest_streak: int
    last_pain: PainRating | None
    sessions_last_7_days: int


def overview(repository: Repository, today: date) -> Overview:
    report = gather_report(repository, today, 28)
    ratings = repository.pain_ratings()
    return Overview(
        streak=report.streaks.current,
        longest_streak=report.streaks.longest,
        last_pain=ratings[-1] if ratings else None,
        sessions_last_7_days=report.sessions_last_7_days,
    )
