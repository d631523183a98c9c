"""One set of rules for every kind of accounts storage: in memory, SQLAlchemy on SQLite and on
PostgreSQL (the meaning of each method is in storage/accounts.py)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest

from backstretch.core.accounts import (
    INVITATION_LIFE,
    SIGN_IN_LIFE,
    AccessEntry,
    Account,
    AccountNotFound,
    InvalidAccount,
    Role,
)
from backstretch.core.alerts import AlertMark, MarkKind
from backstretch.core.person import PersonNotFound
from backstretch.storage.accounts import Accounts
from backstretch.storage.memory import MemoryRepository
from backstretch.storage.memory_accounts import MemoryAccounts
from backstretch.storage.repository import People
from tests.postgres import PostgresServer
from tests.storage.test_people import fill

SQL_KINDS = ("sqlite", "postgresql")
KINDS = ("memory", *SQL_KINDS)
NOW = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)


@dataclass
class Opened:
    kind: str
    accounts: Accounts
    people: People
    url: str = ""  # the database's, for the SQL kinds


def open_kind(kind: str, folder: Path, request: pytest.FixtureRequest) -> Opened:
    if kind == "memory":
        people = MemoryRepository()
        return Opened(kind, MemoryAccounts(people), people)
    from backstretch.storage.accounts_sql import open_server

    if kind == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.new_database()
    else:
        url = f"sqlite:///{folder / 'backstretch.db'}"
    opened = open_server(url)
    return Opened(kind, opened.accounts, opened.people, url)


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opened]:
    opened = open_kind(request.param, tmp_path, request)
    yield opened
    close(opened)


def close(opened: Opened) -> None:
    cast(MemoryRepository, opened.people).close()  # every kind's people can be closed


def make_account(username: str, role: Role = Role.PERSON, **overrides: object) -> Account:
    base = Account(username, role, f"person-of-{username}", NOW - timedelta(days=1))
    return replace(base, **overrides)  # type: ignore[arg-type]


def added(accounts: Accounts, username: str, role: Role = Role.PERSON, zone: str = "") -> Account:
    account = make_account(username, role)
    accounts.add_account(account, zone)
    return account


# -- accounts --------------------------------------------------------------------------------------
def test_an_added_account_reads_back_with_its_person_and_time_zone(store: Opened) -> None:
    account = added(store.accounts, "ana", Role.CLINICIAN, "Pacific/Auckland")
    assert store.accounts.account("ana") == account
    assert store.accounts.account("nobody") is None
    person = store.people.for_person(account.person_id).person
    assert (person.id, person.name, person.time_zone) == (
        account.person_id,
        "ana",
        "Pacific/Auckland",
    )


def test_a_taken_username_is_refused_and_the_first_account_kept(store: Opened) -> None:
    first = added(store.accounts, "ana")
    with pytest.raises(InvalidAccount, match="'ana' is taken"):
        store.accounts.add_account(make_account("ana", Role.ADMIN, person_id="another-person"))
    assert store.accounts.accounts() == [first]
    with pytest.raises(PersonNotFound):  # nothing of the refused account was stored
        store.people.for_person("another-person")


def test_accounts_are_listed_by_username(store: Opened) -> None:
    for name in ("zoe", "ana", "max"):
        added(store.accounts, name)
    assert [a.username for a in store.accounts.accounts()] == ["ana", "max", "zoe"]


def test_a_password_hash_is_kept_and_shows_on_the_account(store: Opened) -> None:
    added(store.accounts, "ana")
    assert store.accounts.password_hash("ana") is None
    assert store.accounts.password_hash("nobody") is None
    store.accounts.set_password_hash("ana", "$argon2id$first")
    store.accounts.set_password_hash("ana", "$argon2id$second")
    assert store.accounts.password_hash("ana") == "$argon2id$second"
    found = store.accounts.account("ana")
    assert found is not None and found.has_password


def test_an_unknown_account_cannot_be_changed(store: Opened) -> None:
    added(store.accounts, "ana")
    calls = [
        lambda: store.accounts.set_password_hash("nobody", "$argon2id$x"),
        lambda: store.accounts.set_disabled("nobody", True),
        lambda: store.accounts.remove_account("nobody"),
        lambda: store.accounts.add_invitation("nobody", "a" * 64, NOW + INVITATION_LIFE),
        lambda: store.accounts.add_sign_in("b" * 64, "nobody", NOW + SIGN_IN_LIFE),
        lambda: store.accounts.share("ana", "nobody", NOW),
        lambda: store.accounts.share("nobody", "ana", NOW),
        lambda: store.accounts.log_access(AccessEntry("nobody", "ana", "pain", NOW)),
        lambda: store.accounts.log_access(AccessEntry("ana", "nobody", "pain", NOW)),
    ]
    for call in calls:
        with pytest.raises(AccountNotFound, match="'nobody'"):
            call()
    assert [a.username for a in store.accounts.accounts()] == ["ana"]


# -- invitations -----------------------------------------------------------------------------------
def test_an_invitation_works_once(store: Opened) -> None:
    added(store.accounts, "ana")
    store.accounts.add_invitation("ana", "token-1", NOW + INVITATION_LIFE)
    assert store.accounts.invitation_username("token-1", NOW) == "ana"
    assert store.accounts.invitation_username("token-1", NOW) == "ana"  # showing it uses nothing
    assert store.accounts.take_invitation("token-1", NOW) == "ana"
    assert store.accounts.take_invitation("token-1", NOW) is None
    assert store.accounts.invitation_username("token-1", NOW) is None


def test_an_expired_invitation_does_not_work(store: Opened) -> None:
    added(store.accounts, "ana")
    store.accounts.add_invitation("ana", "token-1", NOW + INVITATION_LIFE)
    later = NOW + INVITATION_LIFE
    assert store.accounts.invitation_username("token-1", later) is None
    assert store.accounts.take_invitation("token-1", later) is None
    assert store.accounts.take_invitation("token-1", later - timedelta(seconds=1)) == "ana"


def test_a_new_invitation_replaces_the_earlier_ones(store: Opened) -> None:
    added(store.accounts, "ana")
    added(store.accounts, "max")
    store.accounts.add_invitation("max", "token-max", NOW + INVITATION_LIFE)
    store.accounts.add_invitation("ana", "token-1", NOW + INVITATION_LIFE)
    store.accounts.add_invitation("ana", "token-2", NOW + INVITATION_LIFE)
    assert store.accounts.take_invitation("token-1", NOW) is None
    assert store.accounts.take_invitation("token-2", NOW) == "ana"
    assert store.accounts.take_invitation("token-max", NOW) == "max"  # another's is untouched


def test_an_unknown_invitation_names_no_one(store: Opened) -> None:
    assert store.accounts.invitation_username("no-such-token", NOW) is None
    assert store.accounts.take_invitation("no-such-token", NOW) is None


def race_for(accounts: Accounts, token: str, racers: int) -> list[str | None]:
    """What each of `racers` threads, let go at once, gets from taking the invitation."""
    start = threading.Barrier(racers)
    taken: list[str | None] = []

    def take() -> None:
        start.wait()
        taken.append(accounts.take_invitation(token, NOW))

    threads = [threading.Thread(target=take) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return taken


@pytest.mark.parametrize("kind", SQL_KINDS)
def test_two_requests_racing_for_one_invitation_get_it_once(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    opened = open_kind(kind, tmp_path, request)
    added(opened.accounts, "ana")
    for attempt in range(8):
        opened.accounts.add_invitation("ana", f"token-{attempt}", NOW + INVITATION_LIFE)
        taken = race_for(opened.accounts, f"token-{attempt}", racers=6)
        assert (taken.count("ana"), taken.count(None)) == (1, 5), attempt
    close(opened)


# -- sign-ins --------------------------------------------------------------------------------------
def test_a_sign_in_is_live_until_it_expires(store: Opened) -> None:
    ana = added(store.accounts, "ana")
    store.accounts.add_sign_in("sign-1", "ana", NOW + SIGN_IN_LIFE)
    assert store.accounts.signed_in("sign-1", NOW, NOW + SIGN_IN_LIFE) == ana
    expired = NOW + SIGN_IN_LIFE
    assert store.accounts.signed_in("sign-1", expired, expired + SIGN_IN_LIFE) is None
    assert store.accounts.signed_in("no-such-sign-in", NOW, NOW + SIGN_IN_LIFE) is None


def test_each_use_of_a_sign_in_moves_its_expiry_on(store: Opened) -> None:
    added(store.accounts, "ana")
    store.accounts.add_sign_in("sign-1", "ana", NOW + SIGN_IN_LIFE)
    used = NOW + SIGN_IN_LIFE - timedelta(days=1)  # a day before it would have expired
    assert store.accounts.signed_in("sign-1", used, used + SIGN_IN_LIFE) is not None
    later = NOW + SIGN_IN_LIFE + timedelta(days=5)  # past the first expiry, within the new one
    assert store.accounts.signed_in("sign-1", later, later + SIGN_IN_LIFE) is not None


def test_a_sign_in_ending_after_the_renewal_time_is_left_as_it_is(store: Opened) -> None:
    added(store.accounts, "ana")
    store.accounts.add_sign_in("sign-1", "ana", NOW + SIGN_IN_LIFE)
    used = NOW + timedelta(minutes=30)
    renew_if_before = NOW + SIGN_IN_LIFE - timedelta(minutes=1)
    assert store.accounts.signed_in("sign-1", used, used + SIGN_IN_LIFE, renew_if_before)
    ended = NOW + SIGN_IN_LIFE + timedelta(minutes=1)
    assert store.accounts.signed_in("sign-1", ended, ended + SIGN_IN_LIFE) is None


def test_a_sign_in_of_a_disabled_account_is_not_live(store: Opened) -> None:
    added(store.accounts, "ana")
    store.accounts.add_sign_in("sign-1", "ana", NOW + SIGN_IN_LIFE)
    store.accounts.add_invitation("ana", "token-1", NOW + INVITATION_LIFE)
    store.accounts.set_disabled("ana", True)
    found = store.accounts.account("ana")
    assert found is not None and found.disabled
    assert store.accounts.signed_in("sign-1", NOW, NOW + SIGN_IN_LIFE) is None
    assert store.accounts.take_invitation("token-1", NOW) is None
    store.accounts.add_sign_in("sign-2", "ana", NOW + SIGN_IN_LIFE)  # even a new one
    assert store.accounts.signed_in("sign-2", NOW, NOW + SIGN_IN_LIFE) is None
    store.accounts.set_disabled("ana", False)
    assert store.accounts.signed_in("sign-1", NOW, NOW + SIGN_IN_LIFE) is None  # stays ended


def test_ending_sign_ins_ends_only_those_named(store: Opened) -> None:
    for name in ("ana", "max"):
        added(store.accounts, name)
    for token, name in (("a1", "ana"), ("a2", "ana"), ("a3", "ana"), ("m1", "max")):
        store.accounts.add_sign_in(token, name, NOW + SIGN_IN_LIFE)
    store.accounts.end_sign_in("a1")
    store.accounts.end_sign_in("no-such-sign-in")
    live = {
        t for t in ("a1", "a2", "a3", "m1") if store.accounts.signed_in(t, NOW, NOW + SIGN_IN_LIFE)
    }
    assert live == {"a2", "a3", "m1"}
    store.accounts.end_sign_ins("ana")
    live = {t for t in ("a2", "a3", "m1") if store.accounts.signed_in(t, NOW, NOW + SIGN_IN_LIFE)}
    assert live == {"m1"}


# -- failed sign-ins -------------------------------------------------------------------------------
def test_failures_are_counted_per_username_and_per_address(store: Opened) -> None:
    tries = [
        ("ana", "10.0.0.1", NOW - timedelta(minutes=20)),  # before `since`
        ("ana", "10.0.0.1", NOW - timedelta(minutes=10)),
        ("ana", "10.0.0.2", NOW - timedelta(minutes=5)),
        ("max", "10.0.0.1", NOW - timedelta(minutes=4)),
        ("nobody-at-all", "10.0.0.3", NOW - timedelta(minutes=3)),  # names no account
    ]
    for username, address, at in tries:
        store.accounts.add_failure(username, address, at)
    since = NOW - timedelta(minutes=15)
    by_name, by_address = store.accounts.failures_since("ana", "10.0.0.1", since)
    assert sorted(by_name) == [NOW - timedelta(minutes=10), NOW - timedelta(minutes=5)]
    assert sorted(by_address) == [NOW - timedelta(minutes=10), NOW - timedelta(minutes=4)]
    by_name, by_address = store.accounts.failures_since("zed", "10.9.9.9", since)
    assert (list(by_name), list(by_address)) == ([], [])


# -- sharing ---------------------------------------------------------------------------------------
def test_sharing_is_seen_from_both_sides_until_revoked(store: Opened) -> None:
    ana, max_ = added(store.accounts, "ana"), added(store.accounts, "max")
    for clinician in ("dr-lee", "dr-kim"):
        added(store.accounts, clinician, Role.CLINICIAN)
    store.accounts.share("max", "dr-lee", NOW)
    store.accounts.share("ana", "dr-lee", NOW)
    store.accounts.share("ana", "dr-kim", NOW)
    store.accounts.share("ana", "dr-kim", NOW + timedelta(hours=1))  # again: still once
    assert store.accounts.clinicians_of("ana") == ["dr-kim", "dr-lee"]
    assert store.accounts.people_of("dr-lee") == [ana, max_]
    assert store.accounts.people_of("dr-kim") == [ana]
    assert store.accounts.is_shared("ana", "dr-kim")
    assert not store.accounts.is_shared("dr-kim", "ana")
    assert store.accounts.unshare("ana", "dr-kim") is True
    assert store.accounts.unshare("ana", "dr-kim") is False
    assert not store.accounts.is_shared("ana", "dr-kim")
    assert store.accounts.people_of("dr-kim") == []
    assert store.accounts.clinicians_of("ana") == ["dr-lee"]


def test_a_person_can_share_again_after_revoking(store: Opened) -> None:
    added(store.accounts, "ana")
    added(store.accounts, "dr-lee", Role.CLINICIAN)
    store.accounts.share("ana", "dr-lee", NOW)
    store.accounts.unshare("ana", "dr-lee")
    store.accounts.share("ana", "dr-lee", NOW + timedelta(days=1))
    assert store.accounts.is_shared("ana", "dr-lee")
    assert [a.username for a in store.accounts.people_of("dr-lee")] == ["ana"]


# -- the access log --------------------------------------------------------------------------------
def test_the_access_log_lists_reads_of_the_persons_data_newest_first(store: Opened) -> None:
    for name in ("ana", "max"):
        added(store.accounts, name)
    added(store.accounts, "dr-lee", Role.CLINICIAN)
    entries = [
        AccessEntry("ana", "dr-lee", "sessions", NOW),
        AccessEntry("ana", "dr-lee", "stats", NOW + timedelta(minutes=5)),
        AccessEntry("max", "dr-lee", "pain", NOW + timedelta(minutes=1)),
        AccessEntry("ana", "dr-lee", "pain", NOW - timedelta(days=1)),
    ]
    for entry in entries:
        store.accounts.log_access(entry)
    assert store.accounts.access_log("ana") == [entries[1], entries[0], entries[3]]
    assert store.accounts.access_log("max") == [entries[2]]
    assert store.accounts.access_log("dr-lee") == []


def test_of_two_reads_logged_at_the_same_instant_the_later_one_is_listed_first(
    store: Opened,
) -> None:
    added(store.accounts, "ana")
    added(store.accounts, "dr-lee", Role.CLINICIAN)
    first = AccessEntry("ana", "dr-lee", "sessions", NOW)
    second = AccessEntry("ana", "dr-lee", "pain", NOW)
    store.accounts.log_access(first)
    store.accounts.log_access(second)
    assert store.accounts.access_log("ana") == [second, first]


# -- erasure ---------------------------------------------------------------------------------------
def erasure_scenario(store: Opened) -> None:
    """Ana (a clinician who keeps her own records too) with something in every table; Ben shares
    with her and she read his data; Dr Kim reads Ana's. Then Ana's account is removed."""
    accounts = store.accounts
    ana = added(accounts, "ana", Role.CLINICIAN, "Europe/Paris")
    ben = added(accounts, "ben", Role.PERSON, "Europe/Paris")
    added(accounts, "dr-kim", Role.CLINICIAN)
    fill(store.people.for_person(ana.person_id))
    fill(store.people.for_person(ben.person_id))
    accounts.set_password_hash("ana", "$argon2id$ana")
    accounts.add_invitation("ana", "token-ana", NOW + INVITATION_LIFE)
    accounts.add_sign_in("sign-ana", "ana", NOW + SIGN_IN_LIFE)
    accounts.add_sign_in("sign-ben", "ben", NOW + SIGN_IN_LIFE)
    accounts.add_failure("ana", "10.0.0.1", NOW)
    accounts.add_failure("ben", "10.0.0.1", NOW)
    accounts.share("ana", "dr-kim", NOW)
    accounts.share("ben", "ana", NOW)
    accounts.share("ben", "dr-kim", NOW)
    accounts.log_access(AccessEntry("ana", "dr-kim", "sessions", NOW))
    accounts.log_access(AccessEntry("ben", "ana", "pain", NOW))
    accounts.log_access(AccessEntry("ben", "dr-kim", "stats", NOW + timedelta(minutes=1)))
    for person, clinician in (("ben", "ana"), ("ben", "dr-kim"), ("ana", "dr-kim")):
        records = store.people.for_person(f"person-of-{person}")
        records.mark_alert(AlertMark("pain-report:r1", clinician, MarkKind.ACKNOWLEDGED, NOW))
    accounts.remove_account("ana")


def test_a_removed_account_leaves_nothing_of_the_person_to_read(store: Opened) -> None:
    erasure_scenario(store)
    accounts = store.accounts
    assert accounts.account("ana") is None
    assert [a.username for a in accounts.accounts()] == ["ben", "dr-kim"]
    assert "person-of-ana" not in [p.id for p in store.people.people()]
    with pytest.raises(PersonNotFound):
        store.people.for_person("person-of-ana")
    assert accounts.signed_in("sign-ana", NOW, NOW + SIGN_IN_LIFE) is None
    assert accounts.take_invitation("token-ana", NOW) is None
    assert accounts.failures_since("ana", "10.9.9.9", NOW - timedelta(hours=1))[0] == []
    assert accounts.clinicians_of("ben") == ["dr-kim"]
    assert [a.username for a in accounts.people_of("dr-kim")] == ["ben"]
    assert accounts.access_log("ben") == [  # the read stays, naming no one
        AccessEntry("ben", "dr-kim", "stats", NOW + timedelta(minutes=1)),
        AccessEntry("ben", "", "pain", NOW),
    ]
    ben = store.people.for_person("person-of-ben")
    assert [s.id for s in ben.export_history().sessions] == ["session-0001"]
    assert [m.clinician for m in ben.alert_marks()] == ["dr-kim"]  # Ana's marks went with her
    assert len(ben.export_history().holds) == 2
    assert accounts.signed_in("sign-ben", NOW, NOW + SIGN_IN_LIFE) is not None
    assert len(accounts.failures_since("ben", "10.0.0.1", NOW - timedelta(hours=1))[0]) == 1


@pytest.mark.parametrize("kind", SQL_KINDS)
def test_a_removed_account_leaves_no_row_that_mentions_the_person_in_any_table(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from sqlalchemy import create_engine, select

    from backstretch.storage.tables import metadata

    store = open_kind(kind, tmp_path, request)
    erasure_scenario(store)
    close(store)
    engine = create_engine(store.url)
    mentions: dict[str, list[object]] = {}
    others: dict[str, int] = {}
    with engine.connect() as db:
        for table in metadata.sorted_tables:
            rows = db.execute(select(table)).all()
            found = [row for row in rows if any(mentions_ana(value) for value in row)]
            if found:
                mentions[table.name] = found
            others[table.name] = len(rows)
    engine.dispose()
    assert mentions == {}
    # Ben's and Dr Kim's records are all still there (and the database's local person)
    assert others["people"] == 3 and others["accounts"] == 2
    assert others["sessions"] == 1 and others["holds"] == 2 and others["sharing"] == 1
    assert others["access_log"] == 2 and others["sign_ins"] == 1 and others["alert_marks"] == 1


def mentions_ana(value: object) -> bool:
    """True for Ana's username or person id, whole or inside a value (a token, a hash)."""
    return re.search(r"\bana\b", str(value)) is not None
