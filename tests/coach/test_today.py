"""Today's routine, one answer for every front end: doses decided once, stretches stopped for
pain kept stopped for the rest of the person's day, and the lock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backstretch.catalog import Catalog
from backstretch.coach.today import current_routine, prepare_today, stopped_today
from backstretch.core.history import PainContext, PainRating, format_timestamp
from backstretch.core.pain_rules import PainAction, PainKind, PainReport
from backstretch.core.progression import PROGRESS_SETTING
from backstretch.core.routine import Routine
from backstretch.core.safety import ScreeningAnswer
from backstretch.storage import MemoryRepository
from backstretch.storage.repository import Repository
from tests.storage.records import make_hold, make_session

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def daily_back(tmp_path: Path) -> Routine:
    return Catalog(tmp_path).load("daily-back")


def stop(repository: MemoryRepository, exercise: str, at: datetime, level: int = 7) -> None:
    note = f"during {exercise}"
    report = PainReport(
        f"r-{at:%H%M}", None, exercise, level, PainKind.SHARP, PainAction.STOP, at, note
    )
    repository.add_pain_report(report)


def test_a_stretch_stopped_for_pain_today_is_passed_over_with_the_reason(
    daily_back: Routine,
) -> None:
    repository = MemoryRepository()
    stop(repository, "hip-flexor", NOON - timedelta(hours=2))

    today = prepare_today(repository, daily_back, NOON, UTC)

    assert dict(today.stopped) == {
        "hip-flexor": "stopped for today at 10:00 for pain (7/10, sharp)"
    }


def test_a_stretch_stopped_yesterday_is_back_today(daily_back: Routine) -> None:
    repository = MemoryRepository()
    stop(repository, "hip-flexor", NOON - timedelta(days=1))

    assert prepare_today(repository, daily_back, NOON, UTC).stopped == {}


def test_easing_off_does_not_stop_a_stretch_for_the_day(daily_back: Routine) -> None:
    repository = MemoryRepository()
    report = PainReport(
        "r1", None, "cat-cow", 4, PainKind.NEITHER, PainAction.EASE_OFF, NOON, "eased off"
    )
    repository.add_pain_report(report)

    assert prepare_today(repository, daily_back, NOON, UTC).stopped == {}


def test_today_is_the_persons_day_in_their_time_zone(daily_back: Routine) -> None:
    repository = MemoryRepository()
    late_evening_in_new_york = datetime(2026, 3, 3, 2, 30, tzinfo=UTC)  # 21:30 on 2 March there
    stop(repository, "cat-cow", late_evening_in_new_york)
    next_morning_utc = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)

    in_new_york = stopped_today(
        repository, daily_back, next_morning_utc.date(), ZoneInfo("America/New_York")
    )
    in_london = stopped_today(
        repository, daily_back, next_morning_utc.date(), ZoneInfo("Europe/London")
    )

    assert in_new_york == {}  # stopped on 2 March there; 3 March is a new day
    assert "cat-cow" in in_london  # 02:30 on 3 March there: still today


def settled_history(repository: Repository, now: datetime = NOON, days: int = 3) -> None:
    """Progression on for a while, then a session on each of the last `days` days with pain
    settled after it and the next morning: what earns a step up."""
    repository.set_setting(PROGRESS_SETTING, format_timestamp(now - timedelta(days=days + 1)))
    repository.add_pain(PainRating("usual", 3, PainContext.USUAL, now - timedelta(days=30)))
    for back in range(days, 0, -1):
        at = now - timedelta(days=back)
        session = make_session(back, started_at=at, pain_after=2)
        repository.add_session(session)
        repository.record_hold(make_hold(session, 1))
        repository.add_pain(
            PainRating(f"m{back}", 2, PainContext.MORNING, at + timedelta(hours=18))
        )


def test_deciding_today_stores_the_step_and_reading_only_does_not(daily_back: Routine) -> None:
    repository = MemoryRepository()
    settled_history(repository)

    read = prepare_today(repository, daily_back, NOON, UTC)
    assert read.changes == () and repository.dose_changes() == []

    decided = prepare_today(repository, daily_back, NOON, UTC, decide=True)
    hip = next(e for e in decided.routine.exercises if e.id == "hip-flexor")
    assert hip.hold_seconds == 15
    assert sorted(c.exercise for c in repository.dose_changes()) == sorted(
        c.exercise for c in decided.changes
    )

    again = prepare_today(repository, daily_back, NOON, UTC, decide=True)
    assert again.changes == ()  # one step, not one per session on the same day
    assert next(e for e in again.routine.exercises if e.id == "hip-flexor").hold_seconds == 15


def test_a_red_flag_answer_locks_today(daily_back: Routine) -> None:
    repository = MemoryRepository()
    repository.add_screening([ScreeningAnswer("a1", "1", True, NOON)])

    today = prepare_today(repository, daily_back, NOON, UTC)

    assert today.refusal is not None and "emergency care" in today.refusal


def test_the_current_routine_has_the_doses_decided_and_decides_nothing(
    daily_back: Routine, tmp_path: Path
) -> None:
    repository = MemoryRepository()
    settled_history(repository)
    prepare_today(repository, daily_back, NOON, UTC, decide=True)  # a session began: hip 10 → 15 s
    stored = repository.dose_changes()
    current = current_routine(repository, Catalog(tmp_path).entries(), NOON + timedelta(hours=1))
    assert current.id == "daily-back"
    assert next(e for e in current.exercises if e.id == "hip-flexor").hold_seconds == 15
    assert repository.dose_changes() == stored
