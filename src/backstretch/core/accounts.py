"""Accounts on a shared server: who may sign in, with what role, and what each may read.

A household's or a clinic's server has accounts; the personal mode (one person, 127.0.0.1, no
login) has none. Each account is a person of the database (`person_id`), so everything stored for
them goes through the same person-bound repository as the personal mode's.

The rules here are pure (no clock read, no storage): the use cases in coach/accounts.py apply
them with the time they are given.

- Roles: a person keeps their own records; a clinician also reads the records of the people who
  share with them (and each such read is logged for the person); an admin manages accounts and
  reads no one's health data.
- Usernames: 3 to 40 characters, lower-case letters, digits, dot, hyphen and underscore,
  starting with a letter or a digit.
- Passwords: at least 10 characters (commonness is checked by the use case, against a list).
- An invitation link lives 72 hours and works once; a new one replaces the earlier ones.
- A sign-in lives 30 days from its last use (sliding, to within an hour: its end is moved on
  at most once an hour, so that reading a page does not write to the database every time),
  so a phone is not asked every morning.
- After 10 failed sign-ins for one username, or from one address, within 15 minutes, sign-in is
  refused until the oldest of them is 15 minutes old.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from backstretch.core.errors import BackstretchError
from backstretch.core.history import format_timestamp

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte on every try would be a denial of service
INVITATION_LIFE = timedelta(hours=72)
SIGN_IN_LIFE = timedelta(days=30)
RENEWAL_STEP = timedelta(hours=1)  # a sign-in's life is moved on at most this often
THROTTLE_FAILURES = 10
THROTTLE_WINDOW = timedelta(minutes=15)


class Role(StrEnum):
    PERSON = "person"
    CLINICIAN = "clinician"
    ADMIN = "admin"


class InvalidAccount(BackstretchError):
    """A username, role or password that the rules above refuse."""


class AccountNotFound(BackstretchError):
    """No account has the given username."""


@dataclass(frozen=True)
class Account:
    """One account. `person_id` names the person of the database whose records are theirs."""

    username: str
    role: Role
    person_id: str
    created_at: datetime
    disabled: bool = False
    has_password: bool = False

    @property
    def keeps_health_data(self) -> bool:
        """An admin manages accounts only: no sessions, pain or sharing of their own."""
        return self.role is not Role.ADMIN


@dataclass(frozen=True)
class AccessEntry:
    """One read of a person's health data by a clinician, as the person sees it in their log."""

    person: str  # whose data was read (username)
    reader: str  # who read it (username)
    what: str  # what was read: "sessions", "pain", "stats", ...
    at: datetime


def state(account: Account) -> str:
    if account.disabled:
        return "disabled"
    return "active" if account.has_password else "invited (no password)"


def account_data(account: Account) -> dict[str, object]:
    """An account as `accounts list --json` and GET /api/accounts show it."""
    return {
        "username": account.username,
        "role": account.role.value,
        "state": state(account),
        "disabled": account.disabled,
        "has_password": account.has_password,
        "created_at": format_timestamp(account.created_at),
    }


def check_username(text: str) -> str:
    """The username if the rules allow it; InvalidAccount saying what is allowed otherwise."""
    if USERNAME_PATTERN.fullmatch(text):
        return text
    raise InvalidAccount(
        f"username {text[:60]!r} is not allowed: use 3 to 40 lower-case letters, digits, dots, "
        "hyphens or underscores, starting with a letter or a digit"
    )


def check_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise InvalidAccount(f"role {text[:40]!r} is not one of: {allowed}") from None


def check_password_length(password: str) -> str:
    """The password if its length is allowed (commonness is checked where the list is)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidAccount(
            f"the password is {len(password)} characters long: use at least "
            f"{MIN_PASSWORD_LENGTH} (a few unrelated words make a good one)"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidAccount(f"the password is over {MAX_PASSWORD_LENGTH} characters long")
    return password


def retry_after(failures: Sequence[datetime], now: datetime) -> int | None:
    """Seconds to wait before the next sign-in may be tried, given the failed tries of one
    username or one address (any order); None when sign-in is allowed now."""
    recent = sorted(at for at in failures if now - at < THROTTLE_WINDOW)
    if len(recent) < THROTTLE_FAILURES:
        return None
    free_at = recent[-THROTTLE_FAILURES] + THROTTLE_WINDOW
    return max(1, int((free_at - now).total_seconds() + 0.999))


def sign_in_expiry(last_used: datetime) -> datetime:
    """When a sign-in last used at `last_used` stops working (the life slides with each use)."""
    return last_used + SIGN_IN_LIFE


def renewal_due_before(now: datetime) -> datetime:
    """A sign-in used at `now` whose end comes before this is moved on to
    `sign_in_expiry(now)`; one that ends later is left as it is (it was moved on within the
    last hour)."""
    return sign_in_expiry(now) - RENEWAL_STEP


def invitation_expiry(issued: datetime) -> datetime:
    return issued + INVITATION_LIFE


def may_read_health_data(reader: Account, owner: Account, shared: bool) -> bool:
    """True if `reader` may read `owner`'s sessions, pain, stats and safety records: their own
    (not an admin), or a clinician's with the owner's sharing in force. Neither may be
    disabled."""
    if reader.disabled or owner.disabled or not owner.keeps_health_data:
        return False
    if reader.username == owner.username:
        return reader.keeps_health_data
    return reader.role is Role.CLINICIAN and shared
