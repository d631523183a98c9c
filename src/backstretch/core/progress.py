"""The progress report of one person over a period: the facts a clinician reads, as data.

coach/report.py gathers it from a repository; export/report.py draws it as a PDF. Times here
are the person's local times and days are their calendar days, so drawing needs no time zone.
The period is the last `days` days, today included, as for `backstretch stats`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backstretch.core.errors import BackstretchError
from backstretch.core.stats import Adherence, Completion, Plan, week_start

DEFAULT_DAYS = 28
MOST_DAYS = 366  # a year: longer than that, the calendar and the lists stop being readable


class InvalidPeriod(BackstretchError):
    """A report period that cannot be used."""


def check_days(days: object, where: str = "--days") -> int:
    """The number of days of a report: a whole number from 1 to MOST_DAYS."""
    if isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= MOST_DAYS:
        return days
    raise InvalidPeriod(
        f"report {where}: the period must be a whole number of days from 1 to {MOST_DAYS} "
        f"(got {str(days)[:20]!r})"
    )


@dataclass(frozen=True)
class WeekCount:
    """Sessions in one week of the period against the days the plan has for it."""

    week_start: date  # its Monday
    sessions: int  # sessions with a completed hold, on days of the period
    planned_days: int  # days of the period in this week that are not rest days


def week_counts(
    session_days: Collection[date], first: date, last: date, plan: Plan
) -> tuple[WeekCount, ...]:
    """Each week touching `first`..`last`, counting only the days inside it."""
    weeks: dict[date, list[int]] = {}
    day = first
    while day <= last:
        counts = weeks.setdefault(week_start(day), [0, 0])
        counts[1] += not plan.is_rest_day(day)
        day += timedelta(days=1)
    for day in session_days:
        if first <= day <= last:
            weeks[week_start(day)][0] += 1
    return tuple(WeekCount(monday, done, planned) for monday, (done, planned) in weeks.items())


@dataclass(frozen=True)
class SessionLine:
    started_at: datetime
    routine_name: str
    status: str
    holds_completed: int
    holds_skipped: int
    pain_before: int | None
    pain_after: int | None


@dataclass(frozen=True)
class RatingLine:
    at: datetime
    level: int
    context: str  # "morning" or "usual"


@dataclass(frozen=True)
class ScoreLine:
    day: date
    questionnaire: str  # its name, such as "STarT Back Tool"
    score: str  # as people read it: 7 for STarT Back, 5.3 for PEG
    subscale: int | None
    risk: str | None  # STarT Back's risk group: "low", "medium" or "high"


@dataclass(frozen=True)
class PainReportLine:
    at: datetime
    stretch: str
    level: int
    kind: str  # in words: "sharp, shooting or electric"
    done: str  # what the coach did: "stretch stopped and skipped for today"


@dataclass(frozen=True)
class Flag:
    """A red-flag answer (yes to an emergency or urgent question) or a clearance."""

    at: datetime
    text: str


@dataclass(frozen=True)
class DoseLine:
    stretch: str
    dose: str  # in words: "5 s hold · 10 reps · each side"


@dataclass(frozen=True)
class ProgressReport:
    who: str  # "you", or the person's username
    first_day: date
    last_day: date
    generated_at: datetime
    plan: Plan
    adherence: Adherence  # counted from the first session when that is later than first_day
    first_session: date | None  # the first day with a session, ever
    weeks: tuple[WeekCount, ...]
    active_days: frozenset[date]  # days of the period with a session
    completion: tuple[Completion, ...]
    sessions: tuple[SessionLine, ...]  # oldest first
    ratings: tuple[RatingLine, ...]  # morning and usual ratings, oldest first
    scores: tuple[ScoreLine, ...]
    pain_reports: tuple[PainReportLine, ...]
    red_flags: tuple[Flag, ...]
    clearances: tuple[Flag, ...]
    routine_name: str
    doses: tuple[DoseLine, ...]
    dose_changes: tuple[Flag, ...]
    advice: tuple[str, ...]

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def period_days(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.days)]

    @property
    def is_empty(self) -> bool:
        """Nothing recorded in the period: no session, rating, score, report or flag."""
        records: Sequence[Sequence[object]] = (
            self.sessions, self.ratings, self.scores, self.pain_reports, self.red_flags,
            self.clearances, self.dose_changes,
        )  # fmt: skip
        return not any(records)
