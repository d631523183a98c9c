"""A reminder as an iCalendar file: a recurring event with an alarm at the start, at a local
time in the person's time zone. Core objects in, bytes out.

Reminders matter: half or more of people stop a home exercise programme (docs/safety.md).
A person has one reminder per routine: the event's UID comes from the routine's id alone, never
from chance, so a file made again (at another time, on other days) replaces the event in the
calendar instead of adding a second one. Calendar apps take a revision when its SEQUENCE is
higher than the one they hold, so the SEQUENCE is the seconds from 2020 to the file's DTSTAMP:
a file made later always counts as the newer revision, with no counter to store.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from backstretch.core.units import format_duration

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # date.weekday() order
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "backstretch.reminders")
TIMEZONE_YEARS = 10  # the VTIMEZONE spells out the clock changes this far ahead
PRODUCT = "-//backstretch//backstretch remind//EN"
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Reminder:
    """When to be reminded: a local time, on some weekdays (none: every day), in a zone."""

    routine: Routine
    at: time
    days: tuple[int, ...]  # Monday is 0, as in date.weekday(); empty means every day
    timezone: str  # an IANA name such as Europe/London

    @property
    def every_day(self) -> bool:
        return not self.days or len(set(self.days)) == 7

    def describe_days(self) -> str:
        if self.every_day:
            return "every day"
        return ", ".join(DAY_NAMES[day] for day in sorted(set(self.days)))

    @property
    def uid(self) -> str:
        """One reminder per routine: the same UID whatever the time, days or zone."""
        return f"{uuid.uuid5(UID_NAMESPACE, self.routine.id)}@backstretch"

    def first_day(self, today: date) -> date:
        """The first reminder day on or after `today`."""
        for ahead in range(7):
            day = today + timedelta(days=ahead)
            if self.every_day or day.weekday() in self.days:
                return day
        raise AssertionError("a week always holds a chosen day")  # pragma: no cover


def reminder_calendar(reminder: Reminder, today: date, now: datetime) -> bytes:
    """The iCalendar file (RFC 5545) for a reminder.

    Args:
        reminder: the routine, time, days and time zone.
        today: the local date the series starts from (its first event is the next chosen day).
        now: when the file is made, written as its DTSTAMP.
    """
    zone = ZoneInfo(reminder.timezone)
    start = datetime.combine(reminder.first_day(today), reminder.at, tzinfo=zone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(reminder_event(reminder, start, now))
    last = start.date().replace(year=start.year + TIMEZONE_YEARS)
    calendar.add_missing_timezones(first_date=start.date() - timedelta(days=1), last_date=last)
    return bytes(calendar.to_ical())


def reminder_event(reminder: Reminder, start: datetime, now: datetime) -> Event:
    routine = reminder.routine
    seconds = plan(routine).total_seconds
    length = format_duration(seconds)
    event = Event()
    stamp = now.astimezone(UTC).replace(microsecond=0)
    event.add("uid", reminder.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", sequence(stamp))
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=max(1, math.ceil(seconds / 60))))
    event.add("summary", f"Back stretches: {routine.name} ({length})")
    event.add("description", describe(routine, length))
    event.add("categories", ["Health"])
    if reminder.every_day:
        event.add("rrule", {"freq": "daily"})
    else:
        days = [WEEKDAYS[day] for day in sorted(set(reminder.days))]
        event.add("rrule", {"freq": "weekly", "byday": days})
    event.add_component(start_alarm(routine.name, length))
    return event


def sequence(stamp: datetime) -> int:
    """The revision number of a file made at `stamp`: later files have higher numbers."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds()))


def start_alarm(name: str, length: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(0))  # at the start of the event
    alarm.add("description", f"Time for your back stretches: {name}, about {length}.")
    return alarm


def describe(routine: Routine, length: str) -> str:
    stretches = ", ".join(exercise.name for exercise in routine.exercises)
    return (
        f"{routine.name}, about {length}: {stretches}.\n"
        f"Start it with: backstretch start {routine.id}\n"
        "Stretch to tightness or slight discomfort, never to pain. This is not medical advice."
    )
