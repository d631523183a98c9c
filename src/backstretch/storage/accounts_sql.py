"""Accounts on any database SQLAlchemy knows: PostgreSQL for a clinic, SQLite for a household or
the tests. `open_server` opens a server's database once, for its people and its accounts alike.

Each method is one transaction. Invitations are taken with one UPDATE ... WHERE NOT used
RETURNING: on PostgreSQL a second request racing for the same row waits for the first to commit,
then finds it used; on SQLite writes queue (BEGIN IMMEDIATE). Erasing an account deletes its
person, and the foreign keys (ON DELETE CASCADE, see tables.py) take the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, update

from backstretch.core.accounts import (
    THROTTLE_WINDOW,
    AccessEntry,
    Account,
    AccountNotFound,
    InvalidAccount,
    Role,
)
from backstretch.core.history import format_timestamp, parse_timestamp
from backstretch.core.person import Person
from backstretch.storage import tables
from backstretch.storage.sql import SqlAlchemyRepository, open_engine
from backstretch.storage.sql_statements import OnEngine, guarded, insert_into, insert_person

accounts, invitations, sign_ins = tables.accounts, tables.invitations, tables.sign_ins
failures, sharing, access_log = tables.sign_in_failures, tables.sharing, tables.access_log


@dataclass
class Server:
    """A server's one database: its people (to hand each request its person's repository) and
    its accounts, on one engine."""

    people: SqlAlchemyRepository
    accounts: SqlAlchemyAccounts

    def close(self) -> None:
        self.people.close()


def open_server(url: str, where: str | None = None) -> Server:
    """Open (creating or migrating if needed) a server's database at `url`."""
    engine, shown = open_engine(url, where)
    return Server(SqlAlchemyRepository(engine, shown), SqlAlchemyAccounts(engine, shown))


def account_from_row(row: Any) -> Account:
    return Account(
        username=row.username,
        role=Role(row.role),
        person_id=row.person_id,
        created_at=parse_timestamp(row.created_at),
        disabled=bool(row.disabled),
        has_password=row.password_hash is not None,
    )


def not_found(username: str) -> AccountNotFound:
    return AccountNotFound(f"no account has the username {username!r}")


class SqlAlchemyAccounts(OnEngine):
    """The accounts of the database behind `engine` (whose people a SqlAlchemyRepository on the
    same engine keeps)."""

    def __init__(self, engine: Engine, where: str = "the accounts database") -> None:
        super().__init__(engine, where)

    def _row(self, db: Connection, username: str) -> Any:
        return db.execute(select(accounts).where(accounts.c.username == username)).first()

    def _known(self, db: Connection, *usernames: str) -> None:
        for username in usernames:
            if self._row(db, username) is None:
                raise not_found(username)

    # -- accounts --------------------------------------------------------------------------
    @guarded
    def add_account(self, account: Account, time_zone: str = "") -> None:
        with self._write() as db:
            if self._row(db, account.username) is not None:
                raise InvalidAccount(f"the username {account.username!r} is taken")
            insert_person(db, Person(account.person_id, account.username, time_zone))
            db.execute(
                accounts.insert(),
                {
                    "username": account.username,
                    "person_id": account.person_id,
                    "role": account.role.value,
                    "password_hash": None,
                    "disabled": account.disabled,
                    "created_at": format_timestamp(account.created_at),
                },
            )

    @guarded
    def account(self, username: str) -> Account | None:
        with self._read() as db:
            row = self._row(db, username)
        return None if row is None else account_from_row(row)

    @guarded
    def accounts(self) -> list[Account]:
        with self._read() as db:
            rows = db.execute(select(accounts).order_by(accounts.c.username)).all()
        return [account_from_row(row) for row in rows]

    @guarded
    def password_hash(self, username: str) -> str | None:
        query = select(accounts.c.password_hash).where(accounts.c.username == username)
        with self._read() as db:
            found = db.execute(query).scalar()
        return None if found is None else str(found)

    @guarded
    def set_password_hash(self, username: str, password_hash: str) -> None:
        with self._write() as db:
            self._set(db, username, password_hash=password_hash)

    def _set(self, db: Connection, username: str, **values: Any) -> None:
        statement = update(accounts).where(accounts.c.username == username).values(**values)
        if not db.execute(statement).rowcount:
            raise not_found(username)

    @guarded
    def set_disabled(self, username: str, disabled: bool) -> None:
        with self._write() as db:
            self._set(db, username, disabled=disabled)
            if disabled:
                db.execute(delete(sign_ins).where(sign_ins.c.username == username))
                db.execute(delete(invitations).where(invitations.c.username == username))

    @guarded
    def remove_account(self, username: str) -> None:
        with self._write() as db:
            row = self._row(db, username)
            if row is None:
                raise not_found(username)
            db.execute(delete(failures).where(failures.c.username == username))
            marks = tables.alert_marks
            db.execute(delete(marks).where(marks.c.clinician == username))
            db.execute(delete(tables.people).where(tables.people.c.id == row.person_id))

    # -- invitations -------------------------------------------------------------------------
    @guarded
    def add_invitation(self, username: str, token_hash: str, expires_at: datetime) -> None:
        with self._write() as db:
            self._known(db, username)
            db.execute(
                update(invitations).where(invitations.c.username == username).values(used=True)
            )
            db.execute(
                invitations.insert(),
                {
                    "token_hash": token_hash,
                    "username": username,
                    "expires_at": format_timestamp(expires_at),
                    "used": False,
                },
            )

    @staticmethod
    def _live_invitation(token_hash: str, now: datetime) -> Any:
        return (
            (invitations.c.token_hash == token_hash)
            & ~invitations.c.used
            & (invitations.c.expires_at > format_timestamp(now))
        )

    @guarded
    def take_invitation(self, token_hash: str, now: datetime) -> str | None:
        statement = (
            update(invitations)
            .where(self._live_invitation(token_hash, now))
            .values(used=True)
            .returning(invitations.c.username)
        )
        with self._write() as db:
            found = db.execute(statement).scalar()
        return None if found is None else str(found)

    @guarded
    def invitation_username(self, token_hash: str, now: datetime) -> str | None:
        query = select(invitations.c.username).where(self._live_invitation(token_hash, now))
        with self._read() as db:
            found = db.execute(query).scalar()
        return None if found is None else str(found)

    # -- sign-ins ----------------------------------------------------------------------------
    @guarded
    def add_sign_in(self, token_hash: str, username: str, expires_at: datetime) -> None:
        row = {"token_hash": token_hash, "username": username}
        with self._write() as db:
            self._known(db, username)
            db.execute(sign_ins.insert(), {**row, "expires_at": format_timestamp(expires_at)})

    @guarded
    def signed_in(
        self,
        token_hash: str,
        now: datetime,
        expires_at: datetime,
        renew_if_before: datetime | None = None,
    ) -> Account | None:
        query = select(sign_ins.c.username, sign_ins.c.expires_at).where(
            sign_ins.c.token_hash == token_hash, sign_ins.c.expires_at > format_timestamp(now)
        )
        with self._read() as db:  # most requests only read: no write lock is taken
            found = db.execute(query).first()
            row = None if found is None else self._row(db, found.username)
        if found is None or row is None or row.disabled:
            return None
        if renew_if_before is None or parse_timestamp(found.expires_at) < renew_if_before:
            renewed = update(sign_ins).where(sign_ins.c.token_hash == token_hash)
            with self._write() as db:
                db.execute(renewed.values(expires_at=format_timestamp(expires_at)))
        return account_from_row(row)

    @guarded
    def end_sign_in(self, token_hash: str) -> None:
        with self._write() as db:
            db.execute(delete(sign_ins).where(sign_ins.c.token_hash == token_hash))

    @guarded
    def end_sign_ins(self, username: str) -> None:
        with self._write() as db:
            db.execute(delete(sign_ins).where(sign_ins.c.username == username))

    # -- failed sign-ins ---------------------------------------------------------------------
    @guarded
    def add_failure(self, username: str, address: str, at: datetime) -> None:
        with self._write() as db:
            db.execute(
                failures.insert(),
                {"username": username, "address": address, "at": format_timestamp(at)},
            )
            # only the last THROTTLE_WINDOW counts, so the table stays small
            forgotten = format_timestamp(at - 2 * THROTTLE_WINDOW)
            db.execute(delete(failures).where(failures.c.at < forgotten))

    @guarded
    def failures_since(
        self, username: str, address: str, since: datetime
    ) -> tuple[Sequence[datetime], Sequence[datetime]]:
        start = format_timestamp(since)

        def times(condition: Any) -> Any:
            return select(failures.c.at).where(condition, failures.c.at >= start)

        with self._read() as db:
            by_name = db.execute(times(failures.c.username == username)).scalars().all()
            by_address = db.execute(times(failures.c.address == address)).scalars().all()
        return [parse_timestamp(at) for at in by_name], [parse_timestamp(at) for at in by_address]

    # -- sharing -----------------------------------------------------------------------------
    @guarded
    def share(self, username: str, clinician: str, at: datetime) -> None:
        row = {"username": username, "clinician": clinician, "since": format_timestamp(at)}
        with self._write() as db:
            self._known(db, username, clinician)
            db.execute(insert_into(db, sharing).values(**row).on_conflict_do_nothing())

    @guarded
    def unshare(self, username: str, clinician: str) -> bool:
        with self._write() as db:
            statement = delete(sharing).where(
                sharing.c.username == username, sharing.c.clinician == clinician
            )
            return bool(db.execute(statement).rowcount)

    @guarded
    def is_shared(self, username: str, clinician: str) -> bool:
        query = select(sharing.c.since).where(
            sharing.c.username == username, sharing.c.clinician == clinician
        )
        with self._read() as db:
            return db.execute(query).first() is not None

    @guarded
    def clinicians_of(self, username: str) -> list[str]:
        query = select(sharing.c.clinician).where(sharing.c.username == username)
        with self._read() as db:
            return [str(name) for name in db.execute(query.order_by(sharing.c.clinician)).scalars()]

    @guarded
    def people_of(self, clinician: str) -> list[Account]:
        query = (
            select(accounts)
            .join(sharing, sharing.c.username == accounts.c.username)
            .where(sharing.c.clinician == clinician)
            .order_by(accounts.c.username)
        )
        with self._read() as db:
            return [account_from_row(row) for row in db.execute(query)]

    # -- the access log ----------------------------------------------------------------------
    @guarded
    def log_access(self, entry: AccessEntry) -> None:
        row = {"person": entry.person, "reader": entry.reader or None, "what": entry.what}
        with self._write() as db:
            self._known(db, entry.person, *([entry.reader] if entry.reader else []))
            db.execute(access_log.insert(), {**row, "at": format_timestamp(entry.at)})

    @guarded
    def access_log(self, username: str) -> list[AccessEntry]:
        query = (
            select(access_log)
            .where(access_log.c.person == username)
            .order_by(access_log.c.at.desc(), access_log.c.id.desc())
        )
        with self._read() as db:
            rows = db.execute(query).all()
        return [
            AccessEntry(row.person, row.reader or "", row.what, parse_timestamp(row.at))
            for row in rows
        ]
