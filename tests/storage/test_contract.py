"""One set of rules for every repository: in memory, sqlite3 and SQLAlchemy (see conftest.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from backstretch.core.history import History, PainContext, SessionStatus
from backstretch.storage.repository import Repository, SessionNotFound, StorageError
from tests.storage.records import MONDAY, make_hold, make_pain, make_session


def test_a_session_reads_back_as_it_was_stored(repository: Repository) -> None:
    session = make_session(speed=2.5, pain_after=None, ended_at=None)
    repository.add_session(session)
    assert repository.session(session.id) == session
    assert repository.session("no-such-session") is None


def test_timestamps_keep_their_instant_whatever_the_time_zone(repository: Repository) -> None:
    eastern = timezone(timedelta(hours=-5))
    session = make_session(started_at=datetime(2026, 3, 1, 6, 30, 0, 123456, tzinfo=eastern))
    repository.add_session(session)
    stored = repository.session(session.id)
    assert stored is not None
    assert stored.started_at == session.started_at
    assert stored.started_at.utcoffset() is not None


def test_summaries_are_newest_first_with_hold_counts(repository: Repository) -> None:
    for number in (1, 3, 2):
        repository.add_session(make_session(number))
    first = make_session(1)
    repository.record_hold(make_hold(first, 1))
    repository.record_hold(make_hold(first, 2, completed=False, held_seconds=2.0))
    summaries = repository.summaries()
    assert [s.id for s in summaries] == ["session-0003", "session-0002", "session-0001"]
    oldest = summaries[-1]
    assert (oldest.holds_completed, oldest.holds_skipped, oldest.seconds_held) == (1, 1, 7.0)
    assert [s.id for s in repository.summaries(limit=1)] == ["session-0003"]
    since = MONDAY + timedelta(days=1)
    assert [s.id for s in repository.summaries(since=since)] == ["session-0003", "session-0002"]


def test_a_hold_recorded_twice_is_stored_once(repository: Repository) -> None:
    session = make_session()
    repository.add_session(session)
    repository.record_hold(make_hold(session, 1, held_seconds=5.0))
    repository.record_hold(make_hold(session, 1, held_seconds=4.2))  # repeated with "back"
    assert [h.held_seconds for h in repository.holds(session.id)] == [5.0]


def test_a_completed_hold_replaces_a_skipped_one_but_never_the_reverse(
    repository: Repository,
) -> None:
    session = make_session()
    repository.add_session(session)
    repository.record_hold(make_hold(session, 1, completed=False, held_seconds=1.0))
    repository.record_hold(make_hold(session, 1, completed=True, held_seconds=5.0))
    repository.record_hold(make_hold(session, 1, completed=False, held_seconds=0.0))
    (hold,) = repository.holds(session.id)
    assert (hold.completed, hold.held_seconds) == (True, 5.0)


def test_holds_read_back_in_hold_number_order_with_every_field(repository: Repository) -> None:
    session = make_session()
    repository.add_session(session)
    holds = [make_hold(session, n) for n in (5, 1, 3)]
    for hold in holds:
        repository.record_hold(hold)
    assert repository.holds(session.id) == sorted(holds, key=lambda h: h.hold_number)


def test_a_hold_of_an_unknown_session_is_refused(repository: Repository) -> None:
    with pytest.raises(SessionNotFound):
        repository.record_hold(make_hold(make_session(), 1))


def test_a_session_id_is_used_once(repository: Repository) -> None:
    repository.add_session(make_session())
    with pytest.raises(StorageError):
        repository.add_session(make_session(routine_name="Another"))
    stored = repository.session("session-0001")
    assert stored is not None and stored.routine_name == "Daily back"


def test_pain_taken_with_a_session_is_stored_with_it(repository: Repository) -> None:
    session = make_session(status=SessionStatus.IN_PROGRESS, ended_at=None, pain_after=None)
    before = make_pain(1, context=PainContext.BEFORE, session_id=session.id)
    repository.add_session(session, [before])
    after = make_pain(2, context=PainContext.AFTER, session_id=session.id, level=3)
    end = session.started_at + timedelta(minutes=9)
    repository.update_session(session.id, status=SessionStatus.COMPLETED, ended_at=end,
                              pain_after=3, ratings=[after])  # fmt: skip
    stored = repository.session(session.id)
    assert stored == replace(session, status=SessionStatus.COMPLETED, ended_at=end, pain_after=3)
    assert repository.pain_ratings() == [after, before] or repository.pain_ratings() == [
        before,
        after,
    ]
    assert {r.session_id for r in repository.pain_ratings()} == {session.id}


def test_updating_an_unknown_session_is_refused(repository: Repository) -> None:
    with pytest.raises(SessionNotFound):
        repository.update_session(
            "nope", status=SessionStatus.PARTIAL, ended_at=None, pain_after=None
        )


def test_pain_ratings_read_back_oldest_first(repository: Repository) -> None:
    ratings = [make_pain(3, level=2, note="better"), make_pain(1, level=7), make_pain(2)]
    for rating in ratings:
        repository.add_pain(rating)
    assert repository.pain_ratings() == sorted(ratings, key=lambda r: r.recorded_at)


def test_settings_can_be_set_changed_and_removed(repository: Repository) -> None:
    assert repository.get_setting("plan.rest_days") is None
    repository.set_setting("plan.rest_days", "sun")
    repository.set_setting("plan.rest_days", "sat,sun")
    assert repository.get_setting("plan.rest_days") == "sat,sun"
    repository.set_setting("plan.rest_days", None)
    assert repository.get_setting("plan.rest_days") is None


def test_active_sessions_are_those_with_a_completed_hold(repository: Repository) -> None:
    done, skipped, empty = make_session(1), make_session(2), make_session(3)
    for session in (done, skipped, empty):
        repository.add_session(session)
    repository.record_hold(make_hold(done, 1))
    repository.record_hold(make_hold(skipped, 1, completed=False))
    assert repository.active_session_days() == [done.started_at.astimezone().date()]


def test_exercise_totals_count_planned_done_and_wall_seconds_in_the_window(
    repository: Repository,
) -> None:
    old, recent, fast = make_session(1), make_session(5), make_session(6, speed=10.0)
    for session in (old, recent, fast):
        repository.add_session(session)
    repository.record_hold(make_hold(old, 1))
    for number in (1, 2, 5):
        repository.record_hold(make_hold(recent, number))
    repository.record_hold(make_hold(recent, 3, completed=False, held_seconds=1.0))
    repository.record_hold(make_hold(fast, 6))
    totals = repository.exercise_totals(since=MONDAY + timedelta(days=2))
    assert [t.exercise for t in totals] == ["trunk-rotation", "cat-cow"]
    trunk, cat_cow = totals
    assert (trunk.holds_planned, trunk.holds_completed, trunk.holds_skipped) == (8, 2, 1)
    assert trunk.seconds_held == pytest.approx(11.0)
    assert (cat_cow.holds_planned, cat_cow.holds_completed, cat_cow.holds_skipped) == (4, 2, 0)
    assert cat_cow.seconds_held == pytest.approx(5.0 + 0.5)  # the fast session's 5 s took 0.5 s
    assert cat_cow.name == "Cat-Cow"


def filled(repository: Repository) -> History:
    sessions = [make_session(n) for n in (2, 1)]
    for session in sessions:
        repository.add_session(session)
        for number in (1, 2, 6):
            repository.record_hold(make_hold(session, number, completed=number != 2))
    repository.add_pain(make_pain(1, note='stiff, "very"'))
    repository.add_pain(make_pain(2, session_id=sessions[0].id, context=PainContext.BEFORE))
    repository.set_setting("plan.rest_days", "sun")
    return repository.export_history()


def test_export_holds_everything_in_a_stable_order(repository: Repository) -> None:
    history = filled(repository)
    assert [s.id for s in history.sessions] == ["session-0001", "session-0002"]
    assert [(h.session_id[-1], h.hold_number) for h in history.holds] == [
        ("1", 1), ("1", 2), ("1", 6), ("2", 1), ("2", 2), ("2", 6)]  # fmt: skip
    assert [p.id for p in history.pain] == ["pain-0001", "pain-0002"]
    assert history.settings == {"plan.rest_days": "sun"}


def test_importing_an_export_into_an_empty_store_gives_the_same_export(
    repository: Repository,
) -> None:
    from backstretch.storage.memory import MemoryRepository

    history = filled(MemoryRepository())
    counts = repository.import_history(history)
    assert (counts.sessions, counts.holds, counts.pain, counts.settings) == (2, 6, 2, 1)
    assert repository.export_history() == history


def test_importing_the_same_history_twice_adds_nothing(repository: Repository) -> None:
    history = filled(repository)
    assert repository.import_history(history).total == 0
    assert repository.export_history() == history


def test_import_completes_a_skipped_hold_and_keeps_local_settings(repository: Repository) -> None:
    session = make_session()
    repository.add_session(session)
    repository.record_hold(make_hold(session, 2, completed=False))
    repository.set_setting("plan.rest_days", "sat")
    incoming = History((session,), (make_hold(session, 2),), (), {"plan.rest_days": "sun"})
    counts = repository.import_history(incoming)
    assert (counts.sessions, counts.holds, counts.settings) == (0, 1, 0)
    assert repository.holds(session.id)[0].completed
    assert repository.get_setting("plan.rest_days") == "sat"


def test_an_import_that_fails_stores_nothing(repository: Repository) -> None:
    stray = make_hold(make_session(9), 1)
    incoming = History((make_session(1),), (stray,), (make_pain(1),), {"a": "b"})
    with pytest.raises(SessionNotFound):
        repository.import_history(incoming)
    assert repository.export_history() == History()


def test_stored_times_are_utc_and_compare_as_instants(repository: Repository) -> None:
    repository.add_pain(make_pain(1, recorded_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC)))
    (rating,) = repository.pain_ratings()
    assert rating.recorded_at == datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def test_daily_pain_sums_the_chosen_contexts_per_local_day(repository: Repository) -> None:
    first, second = MONDAY, MONDAY + timedelta(days=1)
    repository.add_pain(make_pain(1, level=3, context=PainContext.AFTER, recorded_at=first))
    repository.add_pain(make_pain(2, level=4, recorded_at=second))
    repository.add_pain(make_pain(3, level=6, context=PainContext.USUAL, recorded_at=first))
    repository.add_pain(make_pain(4, level=2, recorded_at=first + timedelta(hours=1)))
    daily = repository.daily_pain([PainContext.MORNING, PainContext.USUAL])
    day = first.astimezone().date()
    assert daily == [(day, 8, 2), (day + timedelta(days=1), 4, 1)]


def test_the_ratings_for_advice_are_the_recent_ones_and_the_three_anchors(
    repository: Repository,
) -> None:
    at = [MONDAY + timedelta(days=n) for n in range(40)]
    levels = dict.fromkeys(range(40), PainContext.BEFORE)
    levels.update({0: PainContext.AFTER, 2: PainContext.USUAL, 5: PainContext.USUAL})
    for day, context in levels.items():
        repository.add_pain(make_pain(day + 1, context=context, recorded_at=at[day]))
    since = at[35]
    found = [r.recorded_at for r in repository.advice_ratings(since)]
    assert found == [at[0], at[1], at[5], *at[35:]]
    every = repository.pain_ratings()
    assert repository.advice_ratings(since) == [r for r in every if r.recorded_at in found]


def test_hold_counts_follow_every_way_a_hold_is_stored(repository: Repository) -> None:
    session, other = make_session(1), make_session(2)
    repository.add_session(session)
    repository.record_hold(make_hold(session, 1, completed=False, held_seconds=1.0))
    repository.record_hold(make_hold(session, 2))
    repository.record_hold(make_hold(session, 1))  # completed after all
    incoming = History((other,), (make_hold(other, 1, completed=False), make_hold(session, 3)))
    repository.import_history(incoming)
    counts = {
        s.id: (s.holds_completed, s.holds_skipped, s.seconds_held) for s in repository.summaries()
    }
    assert counts == {session.id: (3, 0, 15.0), other.id: (0, 1, 5.0)}
    assert repository.active_session_days() == [session.started_at.astimezone().date()]
