"""The clinician's alert rules (docs/safety.md, "Alerts for the clinician"): each rule, its
boundary, its severity, and ids that stay the same when worked out again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backstretch.core.alerts import (
    AlertKind,
    AlertRecords,
    Severity,
    alerts_for,
    most_severe,
    parse_no_session_days,
)
from backstretch.core.clock import FakeClock
from backstretch.core.history import SessionRecord, SessionStatus
from backstretch.core.pain_rules import PainKind, PainReport, in_session_action
from backstretch.core.safety import ScreeningAnswer
from backstretch.core.settings import InvalidSetting

CLOCK = FakeClock()
START = CLOCK.now()
HOUR = timedelta(hours=1)


def session(number: int, before: int | None = None, after: int | None = None) -> SessionRecord:
    """The number-th session, a day apart from the first (at START)."""
    started = START + timedelta(days=number)
    return SessionRecord(
        f"s{number}",
        "daily-back",
        "Daily back",
        started,
        ended_at=started + 0.25 * HOUR,
        status=SessionStatus.COMPLETED,
        pain_before=before,
        pain_after=after,
    )


def report(level: int, kind: PainKind = PainKind.NEITHER, number: int = 1) -> PainReport:
    return PainReport(
        f"r{number}",
        "s0",
        "hamstring",
        level,
        kind,
        in_session_action(level, kind),
        START + number * HOUR,
    )


def answers(*yeses: str, screening: str = "c1") -> list[ScreeningAnswer]:
    return [ScreeningAnswer(screening, question, True, START + HOUR) for question in yeses]


def alerts(now_days: float = 0.5, days: int = 3, **records: object) -> list:  # type: ignore[type-arg]
    now = START + timedelta(days=now_days)
    return alerts_for("ada", AlertRecords(**records), now, days)  # type: ignore[arg-type]


# -- (a) a pain report stopped a stretch --------------------------------------------------------
@pytest.mark.parametrize(
    ("level", "kind", "severity"),
    [
        (7, PainKind.NEITHER, Severity.CRITICAL),
        (10, PainKind.NEITHER, Severity.CRITICAL),
        (6, PainKind.NEITHER, Severity.HIGH),
        (2, PainKind.SHARP, Severity.HIGH),
        (0, PainKind.TINGLING, Severity.HIGH),
    ],
)
def test_a_pain_report_that_stopped_a_stretch_raises_an_alert_of_its_severity(
    level: int, kind: PainKind, severity: Severity
) -> None:
    (alert,) = alerts(pain_reports=[report(level, kind)])
    assert (alert.kind, alert.severity, alert.person) == (
        AlertKind.PAIN_STOPPED_STRETCH,
        severity,
        "ada",
    )
    assert f"Pain {level}/10" in alert.words and "hamstring" in alert.words
    assert alert.at == START + HOUR


@pytest.mark.parametrize("level", [0, 3, 4, 5])
def test_a_pain_report_that_did_not_stop_the_stretch_raises_no_alert(level: int) -> None:
    assert alerts(pain_reports=[report(level)]) == []


# -- (b) pain after two or more points above before, twice running ------------------------------
def test_pain_after_two_points_above_before_in_two_sessions_running_raises_a_high_alert() -> None:
    found = alerts(now_days=3, sessions=[session(1, 2, 4), session(2, 3, 5)])
    (alert,) = [a for a in found if a.kind is AlertKind.PAIN_AFTER_SESSIONS]
    assert alert.severity is Severity.HIGH
    assert alert.id == "pain-after:s2"
    assert "2 → 4, 3 → 5" in alert.words


def test_a_rise_of_one_point_or_a_single_rise_raises_no_pain_after_alert() -> None:
    one_point = [session(1, 2, 3), session(2, 3, 5)]
    single = [session(1, 2, 4), session(2, 2, 2), session(3, 2, 4)]
    for sessions in (one_point, single):
        found = alerts(now_days=3.5, sessions=sessions)
        assert [a for a in found if a.kind is AlertKind.PAIN_AFTER_SESSIONS] == []


def test_a_rise_to_seven_or_more_after_the_session_is_critical() -> None:
    found = alerts(now_days=3, sessions=[session(1, 3, 5), session(2, 5, 7)])
    (alert,) = [a for a in found if a.kind is AlertKind.PAIN_AFTER_SESSIONS]
    assert alert.severity is Severity.CRITICAL


def test_sessions_without_both_ratings_do_not_break_a_run() -> None:
    sessions = [session(1, 2, 4), session(2), session(3, 1, 3)]
    found = alerts(now_days=3.5, sessions=sessions)
    assert [a.id for a in found if a.kind is AlertKind.PAIN_AFTER_SESSIONS] == ["pain-after:s3"]


# -- (c) red-flag answers -----------------------------------------------------------------------
def test_an_emergency_or_urgent_yes_raises_one_critical_alert_per_screening() -> None:
    (alert,) = alerts(answers=answers("1", "8", "10"))
    assert (alert.kind, alert.severity, alert.id) == (
        AlertKind.RED_FLAG,
        Severity.CRITICAL,
        "red-flag:c1",
    )
    assert alert.words == (
        "The red-flag screening called for emergency care (question 1) and urgent care "
        "(questions 8, 10)."
    )


def test_a_clearance_first_or_knee_yes_and_a_no_raise_no_alert() -> None:
    noes = [ScreeningAnswer("c1", "1", False, START)]
    assert alerts(answers=[*answers("surgery", "pregnancy", "knee"), *noes]) == []


# -- (d) no session for N days ------------------------------------------------------------------
def test_no_session_for_three_days_raises_a_medium_alert_from_that_moment() -> None:
    sessions = [session(0), session(1)]
    assert alerts(now_days=3.99, sessions=sessions) == []
    (alert,) = alerts(now_days=4, sessions=sessions)
    assert (alert.kind, alert.severity) == (AlertKind.NO_SESSION, Severity.MEDIUM)
    assert alert.at == START + timedelta(days=4)
    assert alert.words == "No session for 3 days (the alert is set at 3)."


def test_the_number_of_days_is_a_setting() -> None:
    assert alerts(now_days=3, days=2, sessions=[session(0)]) != []
    assert alerts(now_days=3, days=5, sessions=[session(0)]) == []
    assert parse_no_session_days("5") == 5
    for bad in ("0", "366", "two", "-1"):
        with pytest.raises(InvalidSetting, match="whole number of days from 1 to 365"):
            parse_no_session_days(bad)


def test_someone_who_never_had_a_session_raises_no_no_session_alert() -> None:
    assert alerts(now_days=30) == []


# -- all of them --------------------------------------------------------------------------------
def test_alerts_are_newest_first_with_ids_that_are_the_same_when_worked_out_again() -> None:
    records = {
        "pain_reports": [report(8, number=2)],
        "sessions": [session(0)],
        "answers": answers("9"),
    }
    first = alerts(now_days=5, **records)
    assert [a.kind for a in first] == [
        AlertKind.NO_SESSION,
        AlertKind.PAIN_STOPPED_STRETCH,
        AlertKind.RED_FLAG,
    ]
    assert alerts(now_days=5, **records) == first
    assert most_severe(first) is Severity.CRITICAL
    assert most_severe([]) is None


def test_records_dated_after_now_raise_nothing_yet() -> None:
    assert alerts(now_days=0.01, pain_reports=[report(9, number=5)]) == []
