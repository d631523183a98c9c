"""The use cases of a shared server's accounts: add, invite, accept, sign in and out, disable,
remove. The CLI (`backstretch accounts`) and the web app (/login, /invite) both go through
`Reception`, the one place these decisions are made; core/accounts.py holds the pure rules.

Secrets are handled here and nowhere else: tokens are made with `secrets` and kept only as
their SHA-256 (a stolen database holds no working link or sign-in), and passwords as argon2id
hashes (argon2-cffi's PasswordHasher).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backstretch.core.accounts import (
    MAX_PASSWORD_LENGTH,
    THROTTLE_WINDOW,
    AccessEntry,
    Account,
    AccountNotFound,
    InvalidAccount,
    Role,
    account_data,
    check_password_length,
    check_role,
    check_username,
    invitation_expiry,
    renewal_due_before,
    retry_after,
    sign_in_expiry,
)
from backstretch.core.alert_mail import check_email_address
from backstretch.core.errors import BackstretchError
from backstretch.core.history import new_id
from backstretch.core.person import check_time_zone
from backstretch.core.settings import EMAIL
from backstretch.storage.accounts import Accounts
from backstretch.storage.repository import People, Repository

WRONG_SIGN_IN = "the username or the password is wrong"
ASK_FOR_A_LINK = "ask whoever runs this server for a new one (backstretch accounts invite USERNAME)"

ROLE_WORDS = {Role.PERSON: "a person's", Role.CLINICIAN: "a clinician's", Role.ADMIN: "an admin"}

__all__ = ["AccessEntry", "Reception"]


class SignInRefused(BackstretchError):
    """A wrong username or password: one message for both, so neither is revealed."""


class SignInThrottled(BackstretchError):
    """Too many failed sign-ins for a username or from an address; `seconds` to wait."""

    def __init__(self, seconds: int) -> None:
        minutes = max(1, (seconds + 59) // 60)
        super().__init__(
            f"too many failed sign-ins: retry in {minutes} minute{'s' * (minutes != 1)}"
        )
        self.seconds = seconds


class AccountDisabled(BackstretchError):
    """A disabled account (told only to someone who knows its password)."""


class PasswordNotConfirmed(BackstretchError):
    """A wrong password given to confirm something that cannot be undone (answered 403)."""


class InvitationNotValid(BackstretchError):
    """An invitation link that has expired, was used, or was replaced by a newer one."""


class NotAPersonHere(BackstretchError):
    """A username the terminal coach cannot run as (`backstretch --user`): no accounts at all,
    an unknown name, a clinician's or an admin's account, a disabled one."""


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of zxcvbn's frequency list, lower-cased (loaded once,
    when a password is first set)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def check_password(password: str) -> str:
    """The password if it is long enough and not among the most common ones."""
    check_password_length(password)
    if password.lower() in common_passwords():
        raise InvalidAccount(
            "that password is among the most common ones, which are tried first: choose "
            "another (a few unrelated words make a good one)"
        )
    return password


def check_email(role: Role, address: str | None) -> str | None:
    """The address, checked, for a clinician's account (None stays None)."""
    if address is None:
        return None
    if role is not Role.CLINICIAN:
        raise InvalidAccount(
            f"only clinicians are e-mailed alerts, so only they have an e-mail address (this "
            f"account is a {role.value})"
        )
    return check_email_address(address)


def token_hash(token: str) -> str:
    """What is stored of a link's or a sign-in's token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


class Reception:
    """The accounts of one server: `accounts` keeps them, `people` their records, `now` tells
    the time; `hasher` is argon2id with its library's defaults unless a test makes it cheaper."""

    def __init__(
        self,
        accounts: Accounts,
        people: People,
        now: Callable[[], datetime],
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.accounts = accounts
        self.people = people
        self.now = now
        self.hasher = hasher or PasswordHasher()

    @functools.cached_property
    def dummy_hash(self) -> str:
        """A hash of nothing anyone knows, checked when a username is unknown, so that a wrong
        username takes as long as a wrong password."""
        return self.hasher.hash(secrets.token_urlsafe(16))

    # -- accounts ----------------------------------------------------------------------------
    def add(self, username: str, role: str = Role.PERSON.value, time_zone: str = "") -> Account:
        """A new account, and its person (with a new id and the time zone, if given)."""
        account = Account(
            username=check_username(username),
            role=check_role(role),
            person_id=new_id(),
            created_at=self.now(),
        )
        self.accounts.add_account(account, check_time_zone(time_zone) if time_zone else "")
        return account

    def set_email(self, username: str, address: str | None) -> str | None:
        """Set (None: remove) the address a clinician's alerts are e-mailed to; the address as
        stored. Only clinicians are e-mailed alerts, so only they have one."""
        account = self.known(username)
        checked = check_email(account.role, address)
        self.records_of(account).set_setting(EMAIL, checked)
        return checked

    def known(self, username: str) -> Account:
        found = self.accounts.account(username)
        if found is None:
            raise AccountNotFound(
                f"no account has the username {username[:60]!r} (backstretch accounts list "
                "shows them)"
            )
        return found

    def invite(self, username: str) -> str:
        """A new invitation token for the account (72 hours, works once); earlier ones stop
        working. The token itself is returned once and never stored."""
        if self.known(username).disabled:
            raise InvalidAccount(
                f"the account {username!r} is disabled, so it cannot be invited: turn it back on "
                f"first with backstretch accounts enable {username}"
            )
        token = secrets.token_urlsafe(32)
        self.accounts.add_invitation(username, token_hash(token), invitation_expiry(self.now()))
        return token

    def invited(self, token: str) -> str | None:
        """The username a live invitation is for, without using it (to show its page)."""
        return self.accounts.invitation_username(token_hash(token), self.now())

    def accept(self, token: str, password: str) -> Account:
        """Set the password of an invitation's account; the link then stops working. The
        password is checked first, so a refused password leaves the link usable."""
        check_password(password)
        username = self.accounts.take_invitation(token_hash(token), self.now())
        if username is None:
            raise InvitationNotValid(
                f"this invitation link has expired or was already used: {ASK_FOR_A_LINK}"
            )
        self.set_password(username, password)
        return self.known(username)

    def set_password(self, username: str, password: str) -> None:
        """A new password; every earlier sign-in of the account ends."""
        self.known(username)
        self.accounts.set_password_hash(username, self.hasher.hash(check_password(password)))
        self.accounts.end_sign_ins(username)

    def disable(self, username: str) -> None:
        """The account can no longer sign in; its sign-ins and invitations end."""
        self.known(username)
        self.accounts.set_disabled(username, True)

    def enable(self, username: str) -> None:
        """A disabled account can sign in again (with its password, or a new invitation)."""
        self.known(username)
        self.accounts.set_disabled(username, False)

    def remove(self, username: str) -> None:
        """Erase the account, its person and every record of theirs."""
        self.known(username)
        self.accounts.remove_account(username)

    def remove_own(self, account: Account, password: str, address: str) -> None:
        """Erase the signed-in account and all its records, once its password confirms it
        (wrong tries count towards sign-in throttling, so a stolen sign-in cannot guess it)."""
        now = self.now()
        self.check_throttle(account.username, address, now)
        if not self.verified(self.accounts.password_hash(account.username), password):
            self.accounts.add_failure(account.username, address, now)
            raise PasswordNotConfirmed("the password is wrong: nothing was deleted")
        self.accounts.remove_account(account.username)

    def listed(self) -> list[dict[str, object]]:
        """Every account, by username, as `accounts list --json` and GET /api/accounts show it."""
        return [
            account_data(account, self.records_of(account).person.time_zone)
            for account in self.accounts.accounts()
        ]

    def person_at_terminal(self, username: str) -> Account:
        """The account a person runs the terminal coach as, on the machine that keeps the
        server's database: an enabled person's account. Whoever runs it can read the database
        already, so the refusals say plainly which accounts exist and what each is."""
        name = username.strip().lower()
        if not self.accounts.accounts():
            raise NotAPersonHere(
                "this database has no accounts (it keeps one person's records, without "
                "sign-ins); leave out --user, or add accounts with backstretch accounts add "
                "USERNAME"
            )
        account = self.accounts.account(name)
        if account is None:
            raise NotAPersonHere(
                f"no account has the username {name[:60]!r} (backstretch accounts list shows them)"
            )
        if account.role is not Role.PERSON:
            raise NotAPersonHere(
                f"{name} is {ROLE_WORDS[account.role]} account, not a person's: the coach runs "
                "sessions for the people who stretch (a clinician prescribes from the browser)"
            )
        if account.disabled:
            raise NotAPersonHere(
                f"the account {name!r} is disabled; turn it back on first with backstretch "
                f"accounts enable {name}"
            )
        return account

    def records_of(self, account: Account) -> Repository:
        """The repository of the account's own person."""
        return self.people.for_person(account.person_id)

    # -- signing in --------------------------------------------------------------------------
    def sign_in(self, username: str, password: str, address: str) -> str:
        """A new sign-in token for a right username and password; SignInRefused (the same
        message, after the same work) for a wrong either, SignInThrottled after too many."""
        name = username.strip().lower()[:60]
        now = self.now()
        self.check_throttle(name, address, now)
        stored = self.accounts.password_hash(name)
        if not self.verified(stored, password):
            self.accounts.add_failure(name, address, now)
            raise SignInRefused(WRONG_SIGN_IN)
        account = self.known(name)
        if account.disabled:
            raise AccountDisabled(f"the account {name!r} is disabled: ask whoever runs this server")
        if stored is not None and self.hasher.check_needs_rehash(stored):
            self.accounts.set_password_hash(name, self.hasher.hash(password))
        token = secrets.token_urlsafe(32)
        self.accounts.add_sign_in(token_hash(token), name, sign_in_expiry(now))
        return token

    def check_throttle(self, username: str, address: str, now: datetime) -> None:
        by_name, by_address = self.accounts.failures_since(username, address, now - THROTTLE_WINDOW)
        waits = [retry_after(by_name, now), retry_after(by_address, now)]
        longest = max((wait for wait in waits if wait is not None), default=None)
        if longest is not None:
            raise SignInThrottled(longest)

    def verified(self, stored: str | None, password: str) -> bool:
        """True if the password matches; an unknown account is checked against the dummy hash
        (and fails), so both mistakes cost one argon2 verification."""
        if len(password) > MAX_PASSWORD_LENGTH:
            return False  # no password that long was ever accepted
        try:
            return self.hasher.verify(stored or self.dummy_hash, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def signed_in(self, token: str) -> Account | None:
        """The account of a live sign-in, whose 30-day life starts again now (written at most
        once an hour: core/accounts.renewal_due_before); None otherwise."""
        now = self.now()
        return self.accounts.signed_in(
            token_hash(token), now, sign_in_expiry(now), renewal_due_before(now)
        )

    def sign_out(self, token: str) -> None:
        self.accounts.end_sign_in(token_hash(token))
