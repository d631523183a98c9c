"""The reminder calendar, parsed back and its recurrence expanded: local times hold across
clock changes, the alarm rings at the start, and the UID never changes for the same reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from backstretch.export.calendar import Reminder, reminder_calendar

NOW = datetime(2026, 3, 20, 9, 15, tzinfo=UTC)
LONDON = "Europe/London"


def build(
    routine: Routine,
    at: time = time(7, 30),
    days: tuple[int, ...] = (),
    zone: str = LONDON,
    today: date = date(2026, 3, 20),
    now: datetime = NOW,
) -> Calendar:
    ics = reminder_calendar(Reminder(routine, at, days, zone), today, now)
    return Calendar.from_ical(ics)


def occurrences(calendar: Calendar, start: date, end: date) -> list[datetime]:
    events = recurring_ical_events.of(calendar).between(start, end)
    return sorted(event.start for event in events)


def test_a_daily_reminder_stays_at_7_30_local_time_across_the_spring_clock_change(
    daily_back: Routine,
) -> None:
    found = occurrences(build(daily_back), date(2026, 3, 26), date(2026, 4, 2))
    assert len(found) == 7
    assert all(start.astimezone(ZoneInfo(LONDON)).time() == time(7, 30) for start in found)
    # 29 March 2026 is when British Summer Time starts: the same local time is an hour
    # earlier in UTC from then on.
    utc = [start.astimezone(UTC).time() for start in found]
    assert utc[:3] == [time(7, 30)] * 3
    assert utc[3:] == [time(6, 30)] * 4


def test_weekly_days_recur_only_on_those_days_across_the_autumn_change_in_new_york(
    daily_back: Routine,
) -> None:
    calendar = build(daily_back, time(18, 0), (0, 2, 4), "America/New_York", date(2026, 10, 21))
    found = occurrences(calendar, date(2026, 10, 21), date(2026, 11, 14))
    assert {start.weekday() for start in found} == {0, 2, 4}
    assert len(found) == 11
    zone = ZoneInfo("America/New_York")
    assert all(start.astimezone(zone).time() == time(18, 0) for start in found)
    assert {start.astimezone(UTC).hour for start in found} == {22, 23}  # EDT, then EST


def test_the_series_starts_on_the_next_chosen_day(daily_back: Routine) -> None:
    # 20 March 2026 is a Friday; the next Monday is the 23rd.
    event = build(daily_back, days=(0,)).events[0]
    assert event.start == datetime(2026, 3, 23, 7, 30, tzinfo=ZoneInfo(LONDON))
    assert build(daily_back).events[0].start.date() == date(2026, 3, 20)


def test_the_rule_is_daily_or_weekly_by_day(daily_back: Routine) -> None:
    assert build(daily_back).events[0]["RRULE"].to_ical() == b"FREQ=DAILY"
    weekly = build(daily_back, days=(4, 0, 2)).events[0]["RRULE"].to_ical()
    assert weekly == b"FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert build(daily_back, days=tuple(range(7))).events[0]["RRULE"].to_ical() == b"FREQ=DAILY"


def test_an_alarm_is_shown_when_the_event_starts(daily_back: Routine) -> None:
    event = build(daily_back).events[0]
    (alarm,) = event.subcomponents
    assert alarm.name == "VALARM"
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(0)
    assert "Daily back stretches" in alarm["DESCRIPTION"]


def test_the_event_names_the_routine_and_lasts_as_long_as_it(daily_back: Routine) -> None:
    event = build(daily_back).events[0]
    assert event["SUMMARY"] == "Back stretches: Daily back stretches (13 min 1 s)"
    assert event.duration == timedelta(minutes=14)
    assert plan(daily_back).total_seconds <= event.duration.total_seconds()
    assert "backstretch start daily-back" in event["DESCRIPTION"]


def test_the_time_zone_is_in_the_file(daily_back: Routine) -> None:
    calendar = build(daily_back)
    (zone,) = calendar.timezones
    assert zone["TZID"] == LONDON
    assert calendar.events[0]["DTSTART"].params["TZID"] == LONDON
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]


def test_the_uid_is_the_same_every_time_for_the_same_reminder(daily_back: Routine) -> None:
    first = build(daily_back, days=(0, 2), now=NOW)
    later = build(daily_back, days=(2, 0), today=date(2026, 5, 1), now=NOW + timedelta(days=40))
    assert first.events[0]["UID"] == later.events[0]["UID"]
    assert first.events[0]["DTSTAMP"].dt == NOW


@pytest.mark.parametrize(
    "change",
    [{"at": time(8, 0)}, {"days": (0,)}, {"days": (1, 3)}, {"zone": "America/New_York"}],
)
def test_a_moved_reminder_is_a_newer_revision_of_the_same_event(
    daily_back: Routine, change: dict[str, object]
) -> None:
    before = build(daily_back).events[0]
    after = build(daily_back, now=NOW + timedelta(seconds=1), **change).events[0]  # type: ignore[arg-type]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt


def test_each_routine_has_its_own_reminder(daily_back: Routine) -> None:
    other = replace(daily_back, id="evening-back")
    assert build(other).events[0]["UID"] != build(daily_back).events[0]["UID"]


def test_the_revision_number_grows_with_the_time_the_file_is_made(daily_back: Routine) -> None:
    stamps = [NOW, NOW + timedelta(minutes=1), NOW + timedelta(days=400)]
    numbers = [build(daily_back, now=stamp).events[0]["SEQUENCE"] for stamp in stamps]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    assert numbers[-1] < 2**31  # a 32-bit integer, as calendar apps store it


def test_utc_needs_no_time_zone_component(daily_back: Routine) -> None:
    calendar = build(daily_back, zone="UTC")
    assert calendar.events[0].start == datetime(2026, 3, 20, 7, 30, tzinfo=UTC)
    found = occurrences(calendar, date(2026, 3, 20), date(2026, 3, 23))
    assert [start.hour for start in found] == [7, 7, 7]
