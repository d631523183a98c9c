"""Streaks, adherence, completion and pain trend: pure functions of the data and a `today` date.

Days are the person's local calendar days; the adapter turns stored UTC times into them, so
nothing here reads a clock or a time zone.

- A day is *active* when a session with at least one completed hold started on it.
- A *streak* counts active days in a row; a planned rest day in between neither breaks nor adds
  to it, and today does not break it before it is over.
- *Adherence* is the share of planned (non-rest) days that were active, over the window, starting
  no earlier than the first active day ever.
- A pain change is *clinically important* when the weekly average moves by at least 2 points or
  at least 30 % from the first week (CLINICAL.md §3, docs/safety.md): down is an improvement, and
  any rise is worse, whether or not it is that large.
- The report's *window* is the weeks (Monday first) that touch the last `days` days: the pain
  table, the sessions per week and the chart all use these same weeks.

The report's shapes are immutable NamedTuples rather than frozen dataclasses: Python 3.11 takes
about 0.7 ms to build each dataclass, and `backstretch stats` has a 100 ms budget.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from backstretch.core.errors import BackstretchError
from backstretch.core.history import ExerciseTotal

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
IMPORTANT_POINTS = 2.0
IMPORTANT_SHARE = 0.30
_EPSILON = 1e-9  # averages are floats; 1.5 of 5 is a 30 % drop, not 29.999... %


class InvalidPlan(BackstretchError):
    """A plan setting that cannot be used, such as an unknown weekday."""


class Plan(NamedTuple):
    """The person's plan: a session every day except the rest days (0 is Monday)."""

    rest_days: frozenset[int] = frozenset()

    def is_rest_day(self, day: date) -> bool:
        return day.weekday() in self.rest_days


def parse_rest_days(text: str) -> frozenset[int]:
    """Weekdays from text like "sat,sun" (or "none"); InvalidPlan names what is allowed."""
    words = [w.strip().lower()[:3] for w in text.replace(" ", ",").split(",") if w.strip()]
    if words in ([], ["non"]):
        return frozenset()
    unknown = [w for w in words if w not in WEEKDAYS]
    if unknown:
        raise InvalidPlan(f"rest days must be weekdays such as sat,sun, or none (got {text!r})")
    days = frozenset(WEEKDAYS.index(w) for w in words)
    if len(days) == len(WEEKDAYS):
        raise InvalidPlan("rest days: at least one day a week must be planned for stretching")
    return days


def format_rest_days(days: Collection[int]) -> str:
    return ",".join(WEEKDAYS[d] for d in sorted(days)) or "none"


# -- streaks and adherence ----------------------------------------------------------------------
class Streaks(NamedTuple):
    current: int
    longest: int


def streaks(active_days: Collection[date], today: date, plan: Plan) -> Streaks:
    """Current and longest streak of active days; rest days bridge, today is still open."""
    if not active_days:
        return Streaks(0, 0)
    # whole numbers for days: ten years of history is a few thousand cheap steps
    active = {day.toordinal() for day in active_days}
    rest = {(weekday + 1) % 7 for weekday in plan.rest_days}  # ordinal % 7 == 0 is a Sunday
    last = today.toordinal()
    run = longest = 0
    for day in range(min(active), last + 1):
        if day in active:
            run += 1
            longest = max(longest, run)
        elif day % 7 not in rest and day != last:
            run = 0
    return Streaks(run, longest)


class Adherence(NamedTuple):
    days: int  # the window asked for
    planned_days: int  # non-rest days in the window (today only once it is active)
    done_days: int  # planned days that were active
    extra_days: int  # rest days that were active anyway

    @property
    def percent(self) -> float | None:
        return None if not self.planned_days else 100.0 * self.done_days / self.planned_days


def adherence(active_days: Collection[date], today: date, days: int, plan: Plan) -> Adherence:
    """Planned days done over the last `days` days, counted from the first active day at most."""
    active = set(active_days)
    start = today - timedelta(days=days - 1)
    if active:
        start = max(start, min(active))
    planned = done = extra = 0
    day = start
    while active and day <= today:
        if plan.is_rest_day(day):
            extra += day in active
        elif day in active or day != today:
            planned += 1
            done += day in active
        day += timedelta(days=1)
    return Adherence(days, planned, done, extra)


def sessions_in_last(session_days: Iterable[date], today: date, days: int) -> int:
    """Sessions that started in the last `days` days, today included."""
    first = today - timedelta(days=days - 1)
    return sum(first <= day <= today for day in session_days)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def window_weeks(today: date, days: int) -> list[date]:
    """The Mondays of the weeks that touch the last `days` days (today included), oldest first."""
    first, last = week_start(today - timedelta(days=days - 1)), week_start(today)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def weekly_sessions(session_days: Iterable[date], weeks: Sequence[date]) -> list[tuple[date, int]]:
    """Sessions in each of `weeks` (their Mondays, oldest first)."""
    starts = list(weeks)
    counts = dict.fromkeys(starts, 0)
    for day in session_days:
        if day >= starts[0]:
            key = week_start(day)
            if key in counts:
                counts[key] += 1
    return list(counts.items())


# -- pain ---------------------------------------------------------------------------------------
class WeeklyPain(NamedTuple):
    week_start: date
    average: float
    ratings: int


def weekly_pain(daily: Iterable[tuple[date, int, int]]) -> list[WeeklyPain]:
    """Average rating per week (Monday first), oldest first, from (day, sum of levels, number of
    ratings) per day; weeks without ratings are left out."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for day, total, count in daily:
        week = totals[day.toordinal() - day.weekday()]
        week[0] += total
        week[1] += count
    return [WeeklyPain(date.fromordinal(week), total / count, count)
            for week, (total, count) in sorted(totals.items()) if count]  # fmt: skip  # fmt: skip


def is_important_change(baseline: float, latest: float) -> bool:
    """A move either way of at least 2 points or at least 30 % of the baseline (CLINICAL.md §3)."""
    moved = abs(latest - baseline)
    if moved >= IMPORTANT_POINTS - _EPSILON:
        return True
    return baseline > 0 and moved / baseline >= IMPORTANT_SHARE - _EPSILON


def is_important_improvement(baseline: float, latest: float) -> bool:
    """A drop of at least 2 points or at least 30 % of the baseline (docs/safety.md)."""
    return latest < baseline and is_important_change(baseline, latest)


class PainTrend(StrEnum):
    """Where the latest week stands against the baseline."""

    IMPROVED = "improved"  # down by a clinically important amount
    NOT_YET_IMPROVED = "not_yet_improved"  # down by less, or the same
    WORSE = "worse"  # any rise


def pain_trend(baseline: float, latest: float) -> PainTrend:
    if latest > baseline + _EPSILON:
        return PainTrend.WORSE
    if is_important_improvement(baseline, latest):
        return PainTrend.IMPROVED
    return PainTrend.NOT_YET_IMPROVED


class PainChange(NamedTuple):
    baseline: float  # the first week's average
    latest: float  # the latest week's average
    change: float  # latest - baseline: negative is better
    percent: float | None  # change as a share of the baseline, in %
    important_improvement: bool
    trend: PainTrend
    important: bool  # a clinically important change either way (2 points or 30 %)
    baseline_week: date  # the Monday of the first week with ratings
    latest_week: date  # the Monday of the latest week with ratings


def pain_change(weeks: Sequence[WeeklyPain]) -> PainChange | None:
    """The change from the first week to the latest, or None with fewer than two weeks."""
    if len(weeks) < 2:
        return None
    first, last = weeks[0], weeks[-1]
    baseline, latest = first.average, last.average
    percent = 100.0 * (latest - baseline) / baseline if baseline else None
    return PainChange(
        baseline,
        latest,
        latest - baseline,
        percent,
        is_important_improvement(baseline, latest),
        pain_trend(baseline, latest),
        is_important_change(baseline, latest),
        first.week_start,
        last.week_start,
    )


# -- the whole report ---------------------------------------------------------------------------
class Completion(NamedTuple):
    exercise: str
    name: str
    holds_planned: int
    holds_completed: int
    holds_skipped: int

    @property
    def percent(self) -> float | None:
        return None if not self.holds_planned else 100.0 * self.holds_completed / self.holds_planned


class StatsReport(NamedTuple):
    today: date
    days: int
    plan: Plan
    streaks: Streaks
    sessions_last_7_days: int
    sessions_last_28_days: int
    adherence: Adherence
    minutes_stretched: float
    completion: tuple[Completion, ...]
    weekly_pain: tuple[WeeklyPain, ...]
    pain_change: PainChange | None
    weekly_sessions: tuple[tuple[date, int], ...]
    first_session: date | None  # the first day with a completed hold


def build_report(
    session_days: Sequence[date],
    pain: Iterable[tuple[date, int, int]],
    totals: Iterable[ExerciseTotal],
    today: date,
    days: int,
    plan: Plan,
) -> StatsReport:
    """Everything `stats` shows. `session_days` has one day per session with a completed hold;
    `totals` covers the window of `days` days; `pain` has (day, sum of levels, ratings) for
    every day with ratings used for the trend."""
    weeks = weekly_pain(pain)
    totals = list(totals)
    return StatsReport(
        today=today,
        days=days,
        plan=plan,
        streaks=streaks(session_days, today, plan),
        sessions_last_7_days=sessions_in_last(session_days, today, 7),
        sessions_last_28_days=sessions_in_last(session_days, today, 28),
        adherence=adherence(session_days, today, days, plan),
        minutes_stretched=sum(t.seconds_held for t in totals) / 60,
        completion=tuple(
            Completion(t.exercise, t.name, t.holds_planned, t.holds_completed, t.holds_skipped)
            for t in totals
        ),
        weekly_pain=tuple(weeks),
        pain_change=pain_change(weeks),
        weekly_sessions=tuple(weekly_sessions(session_days, window_weeks(today, days))),
        first_session=min(session_days, default=None),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def report_as_dict(report: StatsReport) -> dict[str, Any]:
    """The report as JSON-ready data (what `backstretch stats --json` prints)."""
    change = report.pain_change
    return {
        "today": report.today.isoformat(),
        "days": report.days,
        "rest_days": [WEEKDAYS[d] for d in sorted(report.plan.rest_days)],
        "streak": {"current": report.streaks.current, "longest": report.streaks.longest},
        "sessions": {
            "last_7_days": report.sessions_last_7_days,
            "last_28_days": report.sessions_last_28_days,
        },
        "adherence": {
            "planned_days": report.adherence.planned_days,
            "done_days": report.adherence.done_days,
            "extra_days": report.adherence.extra_days,
            "percent": _rounded(report.adherence.percent),
        },
        "minutes_stretched": round(report.minutes_stretched, 1),
        "completion": [
            {
                "exercise": c.exercise,
                "name": c.name,
                "holds_planned": c.holds_planned,
                "holds_completed": c.holds_completed,
                "holds_skipped": c.holds_skipped,
                "percent": _rounded(c.percent),
            }
            for c in report.completion
        ],
        "pain": {
            "weekly": [
                {
                    "week_start": w.week_start.isoformat(),
                    "average": round(w.average, 2),
                    "ratings": w.ratings,
                }
                for w in report.weekly_pain
            ],
            "baseline": None if change is None else round(change.baseline, 2),
            "latest": None if change is None else round(change.latest, 2),
            "change": None if change is None else round(change.change, 2),
            "percent_change": None if change is None else _rounded(change.percent),
            "baseline_week": None if change is None else change.baseline_week.isoformat(),
            "latest_week": None if change is None else change.latest_week.isoformat(),
            "trend": None if change is None else change.trend.value,
            "clinically_important_improvement": change is not None and change.important_improvement,
            "clinically_important_worsening": change is not None
            and change.trend is PainTrend.WORSE
            and change.important,
        },
        "weekly_sessions": [
            {"week_start": w.isoformat(), "sessions": n} for w, n in report.weekly_sessions
        ],
    }
