"""A person's days follow their time zone; an unset or unknown zone is the machine's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backstretch.core.person import (
    LOCAL_PERSON,
    InvalidTimeZone,
    Person,
    check_time_zone,
    start_of_day,
    utc_offset,
    zone_named,
)
from backstretch.core.settings import TIME_ZONE, check_setting

INSTANT = datetime(2026, 1, 5, 11, 30, tzinfo=UTC)


def test_the_same_instant_is_a_different_day_for_people_in_different_zones() -> None:
    assert Person("ana", time_zone="Pacific/Auckland").day_of(INSTANT) == date(2026, 1, 6)
    assert Person("leo", time_zone="America/Los_Angeles").day_of(INSTANT) == date(2026, 1, 5)


def test_a_persons_day_starts_at_their_midnight() -> None:
    start = Person("ana", time_zone="Pacific/Auckland").start_of(date(2026, 1, 6))
    assert start == datetime(2026, 1, 5, 11, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(hours=13)


def test_an_unset_or_unknown_zone_is_the_machines() -> None:
    assert LOCAL_PERSON.zone is None and zone_named("Mars/Olympus_Mons") is None
    assert zone_named("localtime") is None  # a file of the zone database, not a place
    assert LOCAL_PERSON.day_of(INSTANT) == INSTANT.astimezone().date()
    assert start_of_day(date(2026, 1, 6), None).utcoffset() is not None  # aware, machine's


def test_a_known_zone_is_its_zoneinfo() -> None:
    assert zone_named("Europe/Paris") == ZoneInfo("Europe/Paris")
    assert check_time_zone("Europe/Paris") == "Europe/Paris"


def test_an_unknown_zone_is_refused_with_the_nearest_real_one() -> None:
    with pytest.raises(InvalidTimeZone, match=r"did you mean 'Pacific/Auckland'\?"):
        check_time_zone("Pacific/Aukland")
    with pytest.raises(InvalidTimeZone) as refused:
        check_time_zone("localtime")
    assert "did you mean" not in str(refused.value)


def test_the_time_zone_is_a_setting_checked_like_the_others() -> None:
    assert check_setting(TIME_ZONE, "Asia/Tokyo") == "Asia/Tokyo"
    with pytest.raises(InvalidTimeZone, match="unknown time zone ''"):
        check_setting(TIME_ZONE, "")


def test_offsets_are_written_as_hours_and_minutes_from_utc() -> None:
    assert utc_offset(INSTANT.astimezone(ZoneInfo("Pacific/Auckland"))) == "UTC+13:00"
    assert utc_offset(INSTANT.astimezone(ZoneInfo("America/St_Johns"))) == "UTC-03:30"
