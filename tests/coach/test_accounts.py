"""The accounts' use cases over MemoryAccounts, on a FakeClock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from backstretch.coach.accounts import (
    AccountDisabled,
    InvitationNotValid,
    Reception,
    SignInRefused,
    SignInThrottled,
    token_hash,
)
from backstretch.core.accounts import AccountNotFound, InvalidAccount, Role
from backstretch.core.clock import FakeClock
from backstretch.core.history import PainContext, PainRating, new_id
from backstretch.core.person import InvalidTimeZone
from backstretch.storage import MemoryRepository
from backstretch.storage.memory_accounts import MemoryAccounts

PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # the same checks, quickly


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def people() -> MemoryRepository:
    return MemoryRepository()


@pytest.fixture
def reception(people: MemoryRepository, clock: FakeClock) -> Reception:
    return Reception(MemoryAccounts(people), people, clock.now, CHEAP)


def with_password(reception: Reception, username: str = "ada", role: str = "person") -> None:
    reception.add(username, role)
    reception.set_password(username, PASSWORD)


def test_adding_an_account_creates_its_person_with_its_time_zone(
    reception: Reception, people: MemoryRepository
) -> None:
    account = reception.add("ada", "clinician", "Europe/London")
    assert account.role is Role.CLINICIAN
    assert reception.records_of(account).person.time_zone == "Europe/London"
    assert account.person_id in {person.id for person in people.people()}


def test_an_account_with_a_bad_username_role_or_time_zone_is_refused(
    reception: Reception,
) -> None:
    with pytest.raises(InvalidAccount, match="username 'Ada Lovelace' is not allowed"):
        reception.add("Ada Lovelace")
    with pytest.raises(InvalidAccount, match="role 'boss' is not one of: person, clinician"):
        reception.add("ada", "boss")
    with pytest.raises(InvalidTimeZone, match="unknown time zone 'Europe/Londn'"):
        reception.add("ada", "person", "Europe/Londn")
    assert reception.accounts.accounts() == []


def test_short_and_common_passwords_are_refused(reception: Reception) -> None:
    reception.add("ada")
    with pytest.raises(InvalidAccount, match="9 characters long: use at least 10"):
        reception.set_password("ada", "abcdefghi")
    with pytest.raises(InvalidAccount, match="among the most common ones"):
        reception.set_password("ada", "Password123")
    assert reception.accounts.password_hash("ada") is None


def test_the_password_is_kept_as_an_argon2id_hash(reception: Reception) -> None:
    with_password(reception)
    stored = reception.accounts.password_hash("ada")
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_signing_in_gives_a_token_kept_only_as_its_hash(reception: Reception) -> None:
    with_password(reception)
    token = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    account = reception.signed_in(token)
    assert account is not None
    assert account.username == "ada"
    assert reception.accounts.signed_in(token, reception.now(), reception.now()) is None
    assert reception.accounts.signed_in(token_hash(token), reception.now(), reception.now())


def test_a_username_is_signed_in_whatever_its_case_and_spaces(reception: Reception) -> None:
    with_password(reception)
    assert reception.signed_in(reception.sign_in(" Ada ", PASSWORD, "10.0.0.1"))


def test_an_unknown_username_and_a_wrong_password_get_the_same_message(
    reception: Reception,
) -> None:
    with_password(reception)
    messages = []
    for username, password in (("ada", "wrong password!"), ("nobody", PASSWORD)):
        with pytest.raises(SignInRefused) as refused:
            reception.sign_in(username, password, "10.0.0.1")
        messages.append(str(refused.value))
    assert messages == ["the username or the password is wrong"] * 2


def test_an_unknown_username_is_checked_against_a_hash_like_a_known_one(
    reception: Reception,
) -> None:
    checked: list[str] = []

    class Watching(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checked.append(str(hash))
            return super().verify(hash, password)

    reception.hasher = Watching(time_cost=1, memory_cost=8, parallelism=1)
    with_password(reception)
    for username in ("ada", "nobody"):
        with pytest.raises(SignInRefused):
            reception.sign_in(username, "wrong password!", "10.0.0.1")
    assert len(checked) == 2
    assert all(found.startswith("$argon2id$") for found in checked)


def test_ten_failures_for_a_username_throttle_it_for_fifteen_minutes(
    reception: Reception, clock: FakeClock
) -> None:
    with_password(reception)
    for attempt in range(10):
        with pytest.raises(SignInRefused):
            reception.sign_in("ada", "wrong password!", f"10.0.0.{attempt}")
        clock.advance(10)
    with pytest.raises(SignInThrottled, match="retry in 14 minutes") as throttled:
        reception.sign_in("ada", PASSWORD, "10.9.9.9")
    assert throttled.value.seconds == 15 * 60 - 100
    clock.advance(throttled.value.seconds)
    assert reception.signed_in(reception.sign_in("ada", PASSWORD, "10.9.9.9"))


def test_ten_failures_from_an_address_throttle_every_username_from_it(
    reception: Reception, clock: FakeClock
) -> None:
    with_password(reception)
    for attempt in range(10):
        with pytest.raises(SignInRefused):
            reception.sign_in(f"guess{attempt}", PASSWORD, "10.0.0.1")
    with pytest.raises(SignInThrottled):
        reception.sign_in("ada", PASSWORD, "10.0.0.1")
    assert reception.signed_in(reception.sign_in("ada", PASSWORD, "10.0.0.2"))
    clock.advance(timedelta(minutes=15).total_seconds())
    assert reception.signed_in(reception.sign_in("ada", PASSWORD, "10.0.0.1"))


def test_a_disabled_account_cannot_sign_in_and_its_sign_ins_end(reception: Reception) -> None:
    with_password(reception)
    token = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    reception.disable("ada")
    assert reception.signed_in(token) is None
    with pytest.raises(AccountDisabled, match="the account 'ada' is disabled"):
        reception.sign_in("ada", PASSWORD, "10.0.0.1")


def test_a_sign_in_lives_thirty_days_from_its_last_use(
    reception: Reception, clock: FakeClock
) -> None:
    with_password(reception)
    token = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    for _ in range(3):
        clock.advance(timedelta(days=29).total_seconds())
        assert reception.signed_in(token) is not None
    clock.advance(timedelta(days=30).total_seconds())
    assert reception.signed_in(token) is None


def test_a_sign_in_is_moved_on_at_most_once_an_hour_so_reads_do_not_write(
    reception: Reception, clock: FakeClock
) -> None:
    with_password(reception)
    token = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    clock.advance(timedelta(minutes=59).total_seconds())
    assert reception.signed_in(token) is not None  # within the hour: its end stays
    clock.advance(timedelta(days=30, minutes=-58).total_seconds())
    assert reception.signed_in(token) is None  # 30 days and a minute after signing in
    token = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    clock.advance(timedelta(minutes=61).total_seconds())
    assert reception.signed_in(token) is not None  # over an hour: moved on to 30 days
    clock.advance(timedelta(days=30, minutes=-1).total_seconds())
    assert reception.signed_in(token) is not None


def test_signing_out_ends_that_sign_in_only(reception: Reception) -> None:
    with_password(reception)
    phone = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    laptop = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    reception.sign_out(phone)
    assert reception.signed_in(phone) is None
    assert reception.signed_in(laptop) is not None


def test_a_new_password_ends_every_sign_in(reception: Reception) -> None:
    with_password(reception)
    token = reception.sign_in("ada", PASSWORD, "10.0.0.1")
    reception.set_password("ada", "another good phrase")
    assert reception.signed_in(token) is None


def test_an_invitation_sets_the_password_once(reception: Reception) -> None:
    reception.add("ada")
    token = reception.invite("ada")
    assert reception.invited(token) == "ada"
    assert reception.accept(token, PASSWORD).has_password
    assert reception.invited(token) is None
    with pytest.raises(InvitationNotValid, match="expired or was already used"):
        reception.accept(token, "another good phrase")
    assert reception.signed_in(reception.sign_in("ada", PASSWORD, "10.0.0.1"))


def test_a_refused_password_leaves_the_invitation_usable(reception: Reception) -> None:
    reception.add("ada")
    token = reception.invite("ada")
    with pytest.raises(InvalidAccount):
        reception.accept(token, "short")
    assert reception.accept(token, PASSWORD).username == "ada"


def test_an_invitation_expires_after_72_hours(reception: Reception, clock: FakeClock) -> None:
    reception.add("ada")
    token = reception.invite("ada")
    clock.advance(timedelta(hours=72).total_seconds())
    with pytest.raises(InvitationNotValid, match="ask whoever runs this server"):
        reception.accept(token, PASSWORD)


def test_a_new_invitation_replaces_the_earlier_one(reception: Reception) -> None:
    reception.add("ada")
    first = reception.invite("ada")
    second = reception.invite("ada")
    assert reception.invited(first) is None
    assert reception.accept(second, PASSWORD).username == "ada"


def test_removing_an_account_erases_its_person_and_records(
    reception: Reception, people: MemoryRepository, clock: FakeClock
) -> None:
    account = reception.add("ada")
    reception.records_of(account).add_pain(PainRating(new_id(), 4, PainContext.USUAL, clock.now()))
    reception.remove("ada")
    assert reception.accounts.account("ada") is None
    assert account.person_id not in {person.id for person in people.people()}


def test_an_unknown_account_is_named_in_the_error(reception: Reception) -> None:
    for act in (reception.disable, reception.remove, reception.invite):
        with pytest.raises(AccountNotFound, match="no account has the username 'ghost'"):
            act("ghost")
