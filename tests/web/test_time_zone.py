"""The personal web app counts the person's days in their time zone, as the terminal does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.core.person import TIME_ZONE
from backstretch.storage import MemoryRepository
from backstretch.web.app import create_app
from backstretch.web.home_paths import HomePaths
from backstretch.web.known_routines import KnownRoutines
from backstretch.web.services import Services
from backstretch.web.settings import WebSettings
from tests.storage.records import make_pain_report, make_session
from tests.web.conftest import BASE_URL

# 11:30 UTC on Monday 5 January is just after midnight on Tuesday in Auckland and early Monday
# in Los Angeles; at 09:00 UTC on the 6th it is Tuesday evening in Auckland and Tuesday 01:00
# in Los Angeles.
INSTANT = datetime(2026, 1, 5, 11, 30, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 1, 6, 12, 0, tzinfo=UTC)  # Wednesday 01:00 in Auckland, Tuesday in LA


def client_for(zone: str, now: datetime, home: Path, repository: MemoryRepository) -> TestClient:
    repository.set_setting(TIME_ZONE, zone)
    clock = FakeClock(wall_start=now)
    app = create_app(clock=clock, repository=repository, settings=WebSettings(home=home))
    return TestClient(app, base_url=BASE_URL)


@pytest.mark.parametrize(
    ("zone", "today"), [("Pacific/Auckland", "2026-01-07"), ("America/Los_Angeles", "2026-01-06")]
)
def test_stats_say_today_in_the_persons_time_zone(home: Path, zone: str, today: str) -> None:
    with client_for(zone, LATER, home, MemoryRepository()) as client:
        assert client.get("/api/stats").json()["today"] == today


@pytest.mark.parametrize(("zone", "stopped"), [("Pacific/Auckland", 1), ("America/Los_Angeles", 0)])
def test_a_stretch_stopped_for_pain_is_passed_over_until_the_persons_day_ends(
    home: Path, zone: str, stopped: int
) -> None:
    repository = MemoryRepository()
    repository.set_setting(TIME_ZONE, zone)
    session = make_session(1, started_at=INSTANT)
    repository.add_session(session)
    repository.add_pain_report(make_pain_report(session, recorded_at=INSTANT))
    clock = FakeClock(wall_start=NEXT_MORNING)
    services = Services(
        repository, KnownRoutines(home), clock, WebSettings(home=home), HomePaths(home)
    )
    assert len(services.today_of("daily-back").stopped) == stopped


def test_the_history_page_shows_times_on_the_persons_clock(home: Path) -> None:
    repository = MemoryRepository()
    repository.add_session(make_session(1, started_at=INSTANT))
    with client_for("Pacific/Auckland", LATER, home, repository) as client:
        page = client.get("/history").text

    assert "Tue 06 Jan 2026 00:30" in page  # 11:30 UTC on Monday is past midnight in Auckland
