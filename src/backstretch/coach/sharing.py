"""Sharing by consent: a person shares their records with a clinician, and takes it back; a
clinician reads the records of the people who share with them, and every such read is logged.

`Consent.records_for` is the one way anything reads another person's records: it checks the
rule (core/accounts.may_read_health_data, with the sharing in force) and appends the read to
the person's access log before it hands the repository over, so no front end can read shared
data without the person seeing it in their log. A person's reads of their own records are not
logged (they are not someone else's read).

A name that is not a clinician who may be asked or read answers exactly as an unknown name
(one message, one status), so nobody can learn which accounts exist by trying names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backstretch.coach.accounts import Reception
from backstretch.core.accounts import (
    AccessEntry,
    Account,
    AccountNotFound,
    Role,
    may_read_health_data,
)
from backstretch.core.errors import BackstretchError
from backstretch.core.person import Person
from backstretch.storage.repository import Repository

PEOPLE_LIST = "last session (people list)"


class HealthDataRefused(BackstretchError):
    """An admin account asking for health data (answered 403): admins keep and read none."""


class ClinicianNotFound(AccountNotFound):
    """Not an enabled clinician's username; said exactly as for a name no account has."""


class PersonNotShared(AccountNotFound):
    """No one of that name shares their records with the reader; said exactly as for a name
    no account has, and as once they stopped sharing."""


@dataclass(frozen=True)
class SharedPerson:
    """One person who shares with a clinician, as the clinician's list shows them."""

    username: str
    time_zone: str
    last_session: datetime | None


def refuse_admin(account: Account) -> None:
    """HealthDataRefused for an admin: they manage accounts and keep or read no health data."""
    if not account.keeps_health_data:
        raise HealthDataRefused(
            f"{account.username} is an admin account: it manages accounts and reads no one's "
            "health data (sign in with a person's account to stretch)"
        )


def no_clinician(username: str) -> ClinicianNotFound:
    return ClinicianNotFound(
        f"no clinician has the username {username[:60]!r}: ask your clinician for the "
        "username they sign in with"
    )


def not_shared(username: str) -> PersonNotShared:
    return PersonNotShared(f"no one called {username[:60]!r} shares their records with you")


class Consent:
    """Sharing and shared reads on one server (`reception` holds its accounts and people)."""

    def __init__(self, reception: Reception) -> None:
        self.reception = reception
        self.accounts = reception.accounts

    # -- the person's side -------------------------------------------------------------------
    def share(self, person: Account, clinician: str) -> None:
        """Share `person`'s records with an enabled clinician (again, if revoked before)."""
        refuse_admin(person)
        found = self.accounts.account(clinician)
        if (
            found is None
            or found.disabled
            or found.role is not Role.CLINICIAN
            or found.username == person.username
        ):
            raise no_clinician(clinician)
        self.accounts.share(person.username, clinician, self.reception.now())

    def revoke(self, person: Account, clinician: str) -> None:
        """Stop sharing with `clinician`; from now on their reads answer as for a stranger."""
        refuse_admin(person)
        if not self.accounts.unshare(person.username, clinician):
            raise ClinicianNotFound(f"you do not share your records with {clinician[:60]!r}")

    def clinicians(self, person: Account) -> list[str]:
        refuse_admin(person)
        return self.accounts.clinicians_of(person.username)

    def access_log(self, person: Account) -> list[AccessEntry]:
        """Every read of `person`'s records by someone else, newest first."""
        refuse_admin(person)
        return self.accounts.access_log(person.username)

    # -- the clinician's side ----------------------------------------------------------------
    def records_for(self, reader: Account, username: str, what: str) -> Repository:
        """The records of `username` for `reader` to read `what` ("sessions", "pain", "stats"),
        logged in the person's access log first; PersonNotShared (as for an unknown name) when
        they may not: no sharing in force, or either account disabled."""
        refuse_admin(reader)
        owner = self.accounts.account(username)
        shared = owner is not None and self.accounts.is_shared(username, reader.username)
        if owner is None or not may_read_health_data(reader, owner, shared):
            raise not_shared(username)
        if owner.username != reader.username:
            entry = AccessEntry(owner.username, reader.username, what, self.reception.now())
            self.accounts.log_access(entry)
        return self.reception.records_of(owner)

    def people(self, clinician: Account) -> list[SharedPerson]:
        """The enabled people who share with `clinician`, each with their time zone and last
        session (a read of each, logged)."""
        refuse_admin(clinician)
        found = []
        for owner in self.accounts.people_of(clinician.username):
            if owner.disabled:
                continue
            records = self.records_for(clinician, owner.username, PEOPLE_LIST)
            found.append(shared_person(owner, records.person, records))
        return found


def shared_person(owner: Account, person: Person, records: Repository) -> SharedPerson:
    latest = records.summaries(limit=1)
    return SharedPerson(
        owner.username, person.time_zone, latest[0].session.started_at if latest else None
    )
