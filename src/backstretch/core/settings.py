"""Every setting backstretch keeps, and the one check its value must pass, whoever writes it.

The commands that set a value check it with these functions, and `import` checks a file's
settings with the same ones, so a value that would break `stats`, `start` or the web pages (such
as `plan.rest_days: "garbage!!"`) is refused before it is stored, and an unknown key is refused
rather than kept unread. The checks load the rules they need only when they run, so a command
that only names a setting (`stats`, `pain`) does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from backstretch.core import person
from backstretch.core.errors import BackstretchError

REST_DAYS = "plan.rest_days"  # the weekdays `backstretch rest-days` plans as rest
PROGRESSION_ON_SINCE = "progression.on_since"  # when progression was turned on; absent: off
AGE = "progression.age"  # the age `backstretch plan --age` records (hold caps)
AGE_LIMITS = "safety.age_limits"  # `backstretch check --age-limits YOUNG,OLD` (question 18)
RECHECK_HOURS = "safety.recheck_hours"  # emergency questions asked again after this many hours
FULL_CHECK_DAYS = "safety.full_check_days"  # the other questions asked again after these days
NOTICE_SHOWN = "safety.notice_shown"  # "yes" once the not-medical-advice notice was shown
NO_SESSION_DAYS = "alerts.no_session_days"  # a clinician's: alert after this many days
EMAIL = "alerts.email"  # a clinician's: where `backstretch alerts send` e-mails their alerts
TIME_ZONE = person.TIME_ZONE  # `backstretch timezone AREA/CITY`; unset: the machine's zone
HOURS_LIMIT = 24 * 365.0
DAYS_LIMIT = 365.0


class InvalidSetting(BackstretchError):
    """A setting backstretch does not know, or a value it cannot use."""


def check_setting(key: str, value: str) -> object:
    """The value as backstretch reads it (rest days, an age, a time...); InvalidSetting, or the
    error of the command that sets it, when it does not fit."""
    checks = setting_checks()
    if key not in checks:
        raise InvalidSetting(f"not a setting backstretch knows; known: {', '.join(checks)}")
    return checks[key](value)


def setting_checks() -> dict[str, Callable[[str], object]]:
    from backstretch.core.alert_mail import check_email_address
    from backstretch.core.alerts import parse_no_session_days
    from backstretch.core.progression import parse_age
    from backstretch.core.safety import parse_age_limits
    from backstretch.core.stats import parse_rest_days

    return {
        REST_DAYS: parse_rest_days,
        PROGRESSION_ON_SINCE: parse_moment,
        AGE: parse_age,
        AGE_LIMITS: parse_age_limits,
        RECHECK_HOURS: lambda text: parse_interval(text, "hours", HOURS_LIMIT),
        FULL_CHECK_DAYS: lambda text: parse_interval(text, "days", DAYS_LIMIT),
        NOTICE_SHOWN: parse_notice,
        TIME_ZONE: person.check_time_zone,
        NO_SESSION_DAYS: parse_no_session_days,
        EMAIL: check_email_address,
    }


def parse_moment(text: str) -> datetime:
    from backstretch.core.history import InvalidRecord, parse_timestamp

    try:
        return parse_timestamp(text)
    except InvalidRecord:
        raise InvalidSetting(f"value must be an ISO 8601 date and time (got {text!r})") from None


def parse_interval(text: str, unit: str, limit: float) -> float:
    """A number of hours or days above 0 and at most `limit` (no infinity: timedelta refuses)."""
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not 0 < number <= limit:  # also false for NaN
        raise InvalidSetting(
            f"value must be a number of {unit} above 0 and at most {limit:g} (got {text!r})"
        )
    return number


def parse_notice(text: str) -> bool:
    if text != "yes":
        raise InvalidSetting(f"value must be yes (got {text!r})")
    return True
