"""The person whose records these are, and the time zone their days follow.

Every stored record belongs to a person. The terminal and the personal web app use the one local
person of the machine (`LOCAL_PERSON_ID`); a server will have many. "Today", streaks, rest days and
the day a record is filed under are calendar days in the person's time zone, never the server
process's: a setting (`TIME_ZONE`, set with `backstretch timezone`), and when it is unset or names
no zone this machine knows, the machine's own zone.

A zone is a `tzinfo`, or None for the machine's local zone: `datetime.astimezone(None)` converts
to it at each instant (summer time included), so None needs no clock read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from backstretch.core.errors import BackstretchError

LOCAL_PERSON_ID = "local"  # the machine's one person: the terminal's and the personal web app's
TIME_ZONE = "person.time_zone"  # the setting: an IANA name such as Pacific/Auckland
NOT_ZONES = ("localtime", "posixrules", "Factory")  # files in the zone database, not places
MACHINE_ZONE_WORD = "local"  # `backstretch timezone local`: follow the machine's zone again


class PersonNotFound(BackstretchError):
    """No person has the given id in this database."""


class InvalidTimeZone(BackstretchError):
    """A time zone name that is not an Area/City zone this machine knows."""


@dataclass(frozen=True)
class Person:
    """Someone whose sessions, pain and settings are kept; `time_zone` is an IANA name, or ""
    for the machine's zone."""

    id: str
    name: str = ""
    time_zone: str = ""

    @property
    def zone(self) -> tzinfo | None:
        """The person's zone; None (the machine's) when unset or unknown here."""
        return zone_named(self.time_zone)

    def day_of(self, moment: datetime) -> date:
        """The calendar day `moment` falls on for this person."""
        return moment.astimezone(self.zone).date()

    def local_time(self, moment: datetime) -> datetime:
        """`moment` on this person's clock (for showing times)."""
        return moment.astimezone(self.zone)

    def start_of(self, day: date) -> datetime:
        """The instant `day` begins for this person (an aware datetime)."""
        return start_of_day(day, self.zone)


LOCAL_PERSON = Person(LOCAL_PERSON_ID)


def start_of_day(day: date, zone: tzinfo | None) -> datetime:
    """Midnight at the start of `day` in `zone` (None: the machine's), as an aware datetime."""
    midnight = datetime.combine(day, time(), zone)
    return midnight if zone is not None else midnight.astimezone()


def is_time_zone(name: str) -> bool:
    """True if `name` is a zone of the time zone database (Europe/London, UTC...)."""
    if not name or name in NOT_ZONES:
        return False
    from zoneinfo import ZoneInfo  # here: finding the zone files costs a few ms at import

    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # not found (a KeyError), a bad key, a folder
        return False
    return True


def zone_named(name: str) -> tzinfo | None:
    """The zone of that name; None (the machine's) for "" or a name unknown here, so that a
    record imported from a machine with a newer zone database still has days."""
    if not is_time_zone(name):
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def check_time_zone(name: str) -> str:
    """The name if it is a known zone; else InvalidTimeZone with the nearest name, if any."""
    if is_time_zone(name):
        return name
    import difflib
    from zoneinfo import available_timezones

    known = sorted(set(available_timezones()) - set(NOT_ZONES))
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'? " if near else ""
    raise InvalidTimeZone(
        f"unknown time zone {name!r} ({hint}use an Area/City name, such as Europe/London "
        "or America/New_York)"
    )


def utc_offset(moment: datetime) -> str:
    """E.g. "UTC+12:00" or "UTC-07:00" for an aware datetime."""
    offset = moment.utcoffset() or timedelta()
    sign = "-" if offset < timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
