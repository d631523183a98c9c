"""The clinician's follow-up: for each person who shares with them, what needs attention
(unacknowledged alerts by severity) and how the routine is going (sessions against the daily
prescription, last session, completion per stretch, pain trend, in-session pain reports,
red-flag answers, the see-a-clinician flags). Every read goes through `Consent` (logged)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backstretch.coach.advice import advice_lines
from backstretch.coach.alerts import AlertDesk, ClinicianAlert, person_alerts, seen_by
from backstretch.core.accounts import Account
from backstretch.core.alerts import Severity, most_severe
from backstretch.core.history import PainContext
from backstretch.core.pain_rules import PainAction, PainReport
from backstretch.core.safety import SafetyStatus, safety_status
from backstretch.core.stats import StatsReport
from backstretch.storage.reports import gather_report
from backstretch.storage.repository import Repository

FOLLOW_UP_READ = "follow-up (people list)"
PRESCRIBED_PER_WEEK = 7  # the routine is prescribed daily
WINDOW_DAYS = 28


@dataclass(frozen=True)
class FollowUp:
    username: str
    time_zone: str
    last_session: datetime | None
    report: StatsReport  # the last 28 days, as `stats` builds it
    alerts: tuple[ClinicianAlert, ...]
    pain_reports: tuple[PainReport, ...]  # in the last 28 days, newest first
    safety: SafetyStatus
    flags: tuple[str, ...]  # the see-a-clinician reasons (no improvement, pain rising...)
    morning: tuple[int, ...]  # the morning ratings of the last 28 days, oldest first
    average_before: float | None
    average_after: float | None

    @property
    def unacknowledged(self) -> list[ClinicianAlert]:
        return [each for each in self.alerts if each.acknowledged_at is None]

    @property
    def attention(self) -> Severity | None:
        """The most severe unacknowledged alert, or None: nothing waits."""
        return most_severe(each.alert for each in self.unacknowledged)

    @property
    def stopped_stretches(self) -> int:
        return sum(1 for report in self.pain_reports if report.action is PainAction.STOP)


def attention_order(follow_up: FollowUp) -> tuple[int, int, str]:
    """Most severe unacknowledged alert first, then the most of them, then by name."""
    severity = follow_up.attention
    rank = severity.rank if severity is not None else len(Severity)
    return (rank, -len(follow_up.unacknowledged), follow_up.username)


def average(levels: list[int]) -> float | None:
    return round(sum(levels) / len(levels), 1) if levels else None


def follow_up_of(
    username: str, records: Repository, clinician: str, now: datetime, days: int
) -> FollowUp:
    person = records.person
    today = person.day_of(now)
    since = now - timedelta(days=WINDOW_DAYS)
    latest = records.summaries(limit=1)
    ratings = [r for r in records.pain_ratings() if r.recorded_at >= since]
    sessions = [s.session for s in records.summaries(since=since)]
    levels = {
        context: [r.level for r in ratings if r.context is context] for context in PainContext
    }
    return FollowUp(
        username=username,
        time_zone=person.time_zone,
        last_session=latest[0].session.started_at if latest else None,
        report=gather_report(records, today, WINDOW_DAYS),
        alerts=tuple(seen_by(clinician, person_alerts(username, records, now, days), records)),
        pain_reports=tuple(reversed(records.pain_reports(since))),
        safety=safety_status(records.screening_answers(), records.clearances(), person.zone),
        flags=tuple(advice_lines(records, now, person.zone)),
        morning=tuple(levels[PainContext.MORNING]),
        average_before=average([s.pain_before for s in sessions if s.pain_before is not None]),
        average_after=average([s.pain_after for s in sessions if s.pain_after is not None]),
    )


def follow_ups(desk: AlertDesk, clinician: Account) -> list[FollowUp]:
    """Everyone sharing with `clinician`, those needing attention first."""
    now, days = desk.reception.now(), desk.no_session_days(clinician)
    found = [
        follow_up_of(username, records, clinician.username, now, days)
        for username, records in desk.shared_records(clinician, FOLLOW_UP_READ)
    ]
    return sorted(found, key=attention_order)


def follow_up_one(desk: AlertDesk, clinician: Account, username: str) -> FollowUp:
    """One person's follow-up (PersonNotShared, as for an unknown name, when they do not
    share)."""
    now, days = desk.reception.now(), desk.no_session_days(clinician)
    records = desk.consent.records_for(clinician, username, "follow-up")
    return follow_up_of(username, records, clinician.username, now, days)
