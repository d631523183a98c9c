"""In-memory accounts: the fake used by tests, held to the same contract as the SQL ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from backstretch.core.accounts import AccessEntry, Account, AccountNotFound, InvalidAccount
from backstretch.core.person import Person
from backstretch.storage.memory import MemoryRepository


@dataclass
class _Invitation:
    username: str
    expires_at: datetime
    used: bool = False


class MemoryAccounts:
    """Accounts whose people live in `people` (a MemoryRepository and those made from it)."""

    def __init__(self, people: MemoryRepository) -> None:
        self._people = people
        self._accounts: dict[str, Account] = {}
        self._hashes: dict[str, str] = {}
        self._invitations: dict[str, _Invitation] = {}
        self._sign_ins: dict[str, tuple[str, datetime]] = {}
        self._failures: list[tuple[str, str, datetime]] = []
        self._sharing: dict[tuple[str, str], datetime] = {}
        self._log: list[AccessEntry] = []

    def _known(self, username: str) -> Account:
        found = self._accounts.get(username)
        if found is None:
            raise AccountNotFound(f"no account has the username {username!r}")
        return found

    # -- accounts --------------------------------------------------------------------------
    def add_account(self, account: Account, time_zone: str = "") -> None:
        if account.username in self._accounts:
            raise InvalidAccount(f"the username {account.username!r} is taken")
        self._people.add_person(Person(account.person_id, account.username, time_zone))
        self._accounts[account.username] = replace(account, has_password=False)

    def account(self, username: str) -> Account | None:
        return self._accounts.get(username)

    def accounts(self) -> list[Account]:
        return [self._accounts[name] for name in sorted(self._accounts)]

    def password_hash(self, username: str) -> str | None:
        return self._hashes.get(username)

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self._accounts[username] = replace(self._known(username), has_password=True)
        self._hashes[username] = password_hash

    def set_disabled(self, username: str, disabled: bool) -> None:
        self._accounts[username] = replace(self._known(username), disabled=disabled)
        if disabled:
            self.end_sign_ins(username)
            self._invitations = {
                key: found for key, found in self._invitations.items() if found.username != username
            }

    def remove_account(self, username: str) -> None:
        account = self._known(username)
        self.set_disabled(username, True)
        del self._accounts[username]
        self._hashes.pop(username, None)
        self._failures = [failure for failure in self._failures if failure[0] != username]
        self._sharing = {pair: at for pair, at in self._sharing.items() if username not in pair}
        self._log = [
            replace(entry, reader="") if entry.reader == username else entry
            for entry in self._log
            if entry.person != username
        ]
        self._people.forget_clinician(username)
        self._people.remove_person(account.person_id)

    # -- invitations -------------------------------------------------------------------------
    def add_invitation(self, username: str, token_hash: str, expires_at: datetime) -> None:
        self._known(username)
        for found in self._invitations.values():
            if found.username == username:
                found.used = True
        self._invitations[token_hash] = _Invitation(username, expires_at)

    def invitation_username(self, token_hash: str, now: datetime) -> str | None:
        found = self._invitations.get(token_hash)
        if found is None or found.used or found.expires_at <= now:
            return None
        return found.username

    def take_invitation(self, token_hash: str, now: datetime) -> str | None:
        username = self.invitation_username(token_hash, now)
        if username is not None:
            self._invitations[token_hash].used = True
        return username

    # -- sign-ins ----------------------------------------------------------------------------
    def add_sign_in(self, token_hash: str, username: str, expires_at: datetime) -> None:
        self._known(username)
        self._sign_ins[token_hash] = (username, expires_at)

    def signed_in(
        self,
        token_hash: str,
        now: datetime,
        expires_at: datetime,
        renew_if_before: datetime | None = None,
    ) -> Account | None:
        found = self._sign_ins.get(token_hash)
        if found is None or found[1] <= now:
            return None
        account = self._accounts.get(found[0])
        if account is None or account.disabled:
            return None
        if renew_if_before is None or found[1] < renew_if_before:
            self._sign_ins[token_hash] = (found[0], expires_at)
        return account

    def end_sign_in(self, token_hash: str) -> None:
        self._sign_ins.pop(token_hash, None)

    def end_sign_ins(self, username: str) -> None:
        self._sign_ins = {
            key: found for key, found in self._sign_ins.items() if found[0] != username
        }

    # -- failed sign-ins ---------------------------------------------------------------------
    def add_failure(self, username: str, address: str, at: datetime) -> None:
        self._failures.append((username, address, at))

    def failures_since(
        self, username: str, address: str, since: datetime
    ) -> tuple[Sequence[datetime], Sequence[datetime]]:
        recent = [failure for failure in self._failures if failure[2] >= since]
        return (
            [at for name, _, at in recent if name == username],
            [at for _, where, at in recent if where == address],
        )

    # -- sharing -----------------------------------------------------------------------------
    def share(self, username: str, clinician: str, at: datetime) -> None:
        self._known(username)
        self._known(clinician)
        self._sharing.setdefault((username, clinician), at)

    def unshare(self, username: str, clinician: str) -> bool:
        return self._sharing.pop((username, clinician), None) is not None

    def is_shared(self, username: str, clinician: str) -> bool:
        return (username, clinician) in self._sharing

    def clinicians_of(self, username: str) -> list[str]:
        return sorted(clinician for person, clinician in self._sharing if person == username)

    def people_of(self, clinician: str) -> list[Account]:
        names = sorted(person for person, found in self._sharing if found == clinician)
        return [self._accounts[name] for name in names]

    # -- the access log ----------------------------------------------------------------------
    def log_access(self, entry: AccessEntry) -> None:
        self._known(entry.person)
        if entry.reader:
            self._known(entry.reader)
        self._log.append(entry)

    def access_log(self, username: str) -> list[AccessEntry]:
        # newest first; of reads logged at the same instant, the later one first
        mine = [entry for entry in reversed(self._log) if entry.person == username]
        return sorted(mine, key=lambda entry: entry.at, reverse=True)
