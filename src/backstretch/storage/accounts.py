"""The accounts of a shared server: the one interface the use cases (coach/accounts.py) use to keep
accounts, invitations, sign-ins, failed tries, sharing and the access log.

Secrets are never stored: invitations and sign-ins are kept by the SHA-256 of their token, and
passwords as argon2id hashes made by the use case. Every writing method is one transaction,
committed before it returns; state that must hold across several server processes (sign-ins,
failed tries) lives here, never in a process's memory.

Implementations pass the same contract tests (tests/storage/test_accounts_contract.py), on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from backstretch.core.accounts import AccessEntry, Account


class Accounts(Protocol):
    # -- accounts --------------------------------------------------------------------------
    def add_account(self, account: Account, time_zone: str = "") -> None:
        """Add the account and its person (`account.person_id`, with the time zone as their
        setting) in one transaction; InvalidAccount if the username is taken."""
        ...

    def account(self, username: str) -> Account | None: ...

    def accounts(self) -> list[Account]:
        """Every account, by username."""
        ...

    def password_hash(self, username: str) -> str | None:
        """The stored hash, or None when no password is set yet (or no such account)."""
        ...

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Set the hash; AccountNotFound if there is no such account."""
        ...

    def set_disabled(self, username: str, disabled: bool) -> None:
        """Disable (or enable) an account; disabling also ends its sign-ins and invitations.
        AccountNotFound if there is no such account."""
        ...

    def remove_account(self, username: str) -> None:
        """Erase the account and its person: every session, hold, rating, report, answer,
        clearance, dose change, setting, invitation, sign-in, failed try, sharing (both ways)
        and access-log entry about them; entries of their reads in others' logs keep the read
        but name no one. AccountNotFound if there is no such account."""
        ...

    # -- invitations -------------------------------------------------------------------------
    def add_invitation(self, username: str, token_hash: str, expires_at: datetime) -> None:
        """A new invitation for the account; earlier ones stop working."""
        ...

    def take_invitation(self, token_hash: str, now: datetime) -> str | None:
        """The username of a live, unused invitation, marking it used in the same transaction
        (so it works once, even when two requests race); None otherwise."""
        ...

    def invitation_username(self, token_hash: str, now: datetime) -> str | None:
        """The username of a live, unused invitation without using it (to show the page)."""
        ...

    # -- sign-ins ----------------------------------------------------------------------------
    def add_sign_in(self, token_hash: str, username: str, expires_at: datetime) -> None: ...

    def signed_in(
        self,
        token_hash: str,
        now: datetime,
        expires_at: datetime,
        renew_if_before: datetime | None = None,
    ) -> Account | None:
        """The account of a live sign-in of an enabled account, its life moved on to
        `expires_at` (sliding) if it ends before `renew_if_before` (always, when None) and
        nothing written otherwise; None for an unknown or expired one."""
        ...

    def end_sign_in(self, token_hash: str) -> None: ...

    def end_sign_ins(self, username: str) -> None:
        """End every sign-in of the account (a new password, a disabled account)."""
        ...

    # -- failed sign-ins (throttling) --------------------------------------------------------
    def add_failure(self, username: str, address: str, at: datetime) -> None: ...

    def failures_since(
        self, username: str, address: str, since: datetime
    ) -> tuple[Sequence[datetime], Sequence[datetime]]:
        """The failed tries since `since` (for that username, from that address); older ones
        may be forgotten."""
        ...

    # -- sharing -----------------------------------------------------------------------------
    def share(self, username: str, clinician: str, at: datetime) -> None:
        """`username` shares their data with `clinician` (again, if revoked before)."""
        ...

    def unshare(self, username: str, clinician: str) -> bool:
        """Stop sharing; False if they were not sharing."""
        ...

    def is_shared(self, username: str, clinician: str) -> bool: ...

    def clinicians_of(self, username: str) -> list[str]:
        """The clinicians this person shares with, by username."""
        ...

    def people_of(self, clinician: str) -> list[Account]:
        """The accounts that share with this clinician, by username."""
        ...

    # -- the access log (append-only) --------------------------------------------------------
    def log_access(self, entry: AccessEntry) -> None: ...

    def access_log(self, username: str) -> list[AccessEntry]:
        """Every read of this person's data by others, newest first."""
        ...
