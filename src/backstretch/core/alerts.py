"""Alerts for a clinician (docs/safety.md, "Alerts for the clinician"): pure rules from one
person's records and the time.

Alerts are worked out from the records every time they are read, never stored, so they cannot go
stale; each has an id derived from the records that raised it, so working them out again gives
the same ids, and a clinician's acknowledgement (the only thing stored) keeps applying.

The thresholds follow MedBridge's published use (critical at pain 7 or more, high at a rise of
2 points) and the project's own rules: the in-session traffic light (core/pain_rules.py) and the
red-flag actions (core/safety.py) decide; this module only says how loudly to tell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from backstretch.core.history import SessionRecord
from backstretch.core.pain_rules import KIND_TEXT, PainAction, PainKind, PainReport
from backstretch.core.safety import QUESTION_LEVELS, Level, ScreeningAnswer, numbered
from backstretch.core.settings import InvalidSetting

CRITICAL_PAIN = 7  # MedBridge: critical at pain 7 or more
RISE_POINTS = 2  # MedBridge: high at 2 points or more above before
RISES_IN_A_ROW = 2  # the issue: in two sessions running
NO_SESSION_DAYS = 3  # the default of the `alerts.no_session_days` setting
NO_SESSION_DAYS_LIMIT = 365


class AlertKind(StrEnum):
    PAIN_STOPPED_STRETCH = "pain_stopped_stretch"
    PAIN_AFTER_SESSIONS = "pain_after_sessions"
    RED_FLAG = "red_flag"
    NO_SESSION = "no_session"


KIND_TITLES = {
    AlertKind.PAIN_STOPPED_STRETCH: "pain stopped a stretch",
    AlertKind.PAIN_AFTER_SESSIONS: "pain higher after sessions",
    AlertKind.RED_FLAG: "red-flag answer",
    AlertKind.NO_SESSION: "no session lately",
}


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"

    @property
    def rank(self) -> int:
        """0 for the most severe: sorting by rank puts critical first."""
        return list(Severity).index(self)


@dataclass(frozen=True)
class Alert:
    id: str
    person: str  # the username (or person id) the records are of
    kind: AlertKind
    severity: Severity
    at: datetime  # when the records raised it
    words: str  # what happened, for the clinician (holds health details: not for e-mail)


class MarkKind(StrEnum):
    ACKNOWLEDGED = "acknowledged"  # the clinician has seen it
    EMAILED = "emailed"  # the clinician was told by e-mail (sent once)


@dataclass(frozen=True)
class AlertMark:
    """What is stored about an alert, and all that is: a clinician acknowledged it, or was
    e-mailed about it, at a time (kept with the person whose records raised it)."""

    alert_id: str
    clinician: str
    kind: MarkKind
    at: datetime


@dataclass(frozen=True)
class AlertRecords:
    """What the rules read of one person: sessions (any order), in-session pain reports and
    screening answers."""

    sessions: Sequence[SessionRecord] = ()
    pain_reports: Sequence[PainReport] = ()
    answers: Sequence[ScreeningAnswer] = ()


def parse_no_session_days(text: str) -> int:
    """The `alerts.no_session_days` setting: a whole number of days from 1 to 365."""
    number = int(text) if text.strip().isdigit() else 0
    if not 1 <= number <= NO_SESSION_DAYS_LIMIT:
        raise InvalidSetting(
            f"alerts.no_session_days must be a whole number of days from 1 to "
            f"{NO_SESSION_DAYS_LIMIT} (got {text!r})"
        )
    return number


# -- (a) an in-session pain report stopped a stretch --------------------------------------------
def pain_report_alerts(person: str, reports: Iterable[PainReport]) -> list[Alert]:
    """One alert per report whose decision (core/pain_rules.in_session_action, stored with it)
    stopped the stretch: critical at pain 7 or more, else high (above 5, or sharp, shooting or
    tingling pain at any level, stopped a stretch)."""
    return [
        Alert(
            f"pain-report:{report.id}",
            person,
            AlertKind.PAIN_STOPPED_STRETCH,
            Severity.CRITICAL if report.level >= CRITICAL_PAIN else Severity.HIGH,
            report.recorded_at,
            f"Pain {report.level}/10 ({kind_words(report.kind)}) during {report.exercise} "
            "stopped the stretch.",
        )
        for report in reports
        if report.action is PainAction.STOP
    ]


def kind_words(kind: PainKind) -> str:
    return KIND_TEXT[kind] if kind is not PainKind.NEITHER else "neither sharp nor tingling"


# -- (b) pain after a session 2 points above before, twice running ------------------------------
def rose(session: SessionRecord) -> bool:
    before, after = session.pain_before, session.pain_after
    return before is not None and after is not None and after - before >= RISE_POINTS


def pain_after_alerts(person: str, sessions: Iterable[SessionRecord]) -> list[Alert]:
    """An alert at each session that makes two running (of the sessions rated before and after,
    by start) with pain after 2 or more points above before: high, critical when the pain after
    is 7 or more."""
    rated = sorted(
        (s for s in sessions if s.pain_before is not None and s.pain_after is not None),
        key=lambda s: (s.started_at, s.id),
    )
    found = []
    for index in range(RISES_IN_A_ROW - 1, len(rated)):
        run = rated[index - RISES_IN_A_ROW + 1 : index + 1]
        if all(rose(session) for session in run):
            found.append(rise_alert(person, run))
    return found


def rise_alert(person: str, run: Sequence[SessionRecord]) -> Alert:
    last = run[-1]
    after = last.pain_after or 0
    changes = ", ".join(f"{s.pain_before} → {s.pain_after}" for s in run)
    return Alert(
        f"pain-after:{last.id}",
        person,
        AlertKind.PAIN_AFTER_SESSIONS,
        Severity.CRITICAL if after >= CRITICAL_PAIN else Severity.HIGH,
        last.ended_at or last.started_at,
        f"Pain after the session was {RISE_POINTS} or more points above before in "
        f"{len(run)} sessions running (before → after: {changes}).",
    )


# -- (c) a red-flag answer calls for emergency or urgent care -----------------------------------
def red_flag_alerts(person: str, answers: Iterable[ScreeningAnswer]) -> list[Alert]:
    """One critical alert per screening with a yes calling for emergency or urgent care."""
    screenings: dict[str, list[ScreeningAnswer]] = {}
    for answer in sorted(answers, key=lambda a: a.answered_at):
        if answer.answer and QUESTION_LEVELS.get(answer.question) in (
            Level.EMERGENCY,
            Level.URGENT,
        ):
            screenings.setdefault(answer.screening_id, []).append(answer)
    return [red_flag_alert(person, screening, yeses) for screening, yeses in screenings.items()]


def red_flag_alert(person: str, screening: str, yeses: Sequence[ScreeningAnswer]) -> Alert:
    emergency = [a.question for a in yeses if QUESTION_LEVELS[a.question] is Level.EMERGENCY]
    urgent = [a.question for a in yeses if QUESTION_LEVELS[a.question] is Level.URGENT]
    parts = [f"emergency care ({numbered(emergency)})"] if emergency else []
    parts += [f"urgent care ({numbered(urgent)})"] if urgent else []
    return Alert(
        f"red-flag:{screening}",
        person,
        AlertKind.RED_FLAG,
        Severity.CRITICAL,
        yeses[-1].answered_at,
        f"The red-flag screening called for {' and '.join(parts)}.",
    )


# -- (d) no session for N days ------------------------------------------------------------------
def no_session_alert(
    person: str, sessions: Iterable[SessionRecord], now: datetime, days: int = NO_SESSION_DAYS
) -> list[Alert]:
    """A medium alert once `days` days have passed since the last session began (none for
    someone who never had a session: the follow-up page shows that). Its id names the last
    session, so a new session ends it and the next gap raises a new one."""
    last = max(sessions, key=lambda s: (s.started_at, s.id), default=None)
    if last is None or now - last.started_at < timedelta(days=days):
        return []
    quiet = (now - last.started_at).days
    return [
        Alert(
            f"no-session:{last.id}:{days}",
            person,
            AlertKind.NO_SESSION,
            Severity.MEDIUM,
            last.started_at + timedelta(days=days),
            f"No session for {quiet} days (the alert is set at {days}).",
        )
    ]


# -- all of them --------------------------------------------------------------------------------
def alerts_for(
    person: str, records: AlertRecords, now: datetime, no_session_days: int = NO_SESSION_DAYS
) -> list[Alert]:
    """Every alert the person's records raise by `now`, newest first (records dated after
    `now` raise nothing yet)."""
    found = [
        *pain_report_alerts(person, records.pain_reports),
        *pain_after_alerts(person, records.sessions),
        *red_flag_alerts(person, records.answers),
        *no_session_alert(person, records.sessions, now, no_session_days),
    ]
    return newest_first(alert for alert in found if alert.at <= now)


def newest_first(alerts: Iterable[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: (a.at, a.id), reverse=True)


def most_severe(alerts: Iterable[Alert]) -> Severity | None:
    return min((a.severity for a in alerts), key=lambda s: s.rank, default=None)
