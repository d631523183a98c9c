"""Every record belongs to a person: one person's reads never show another's records, and a
person's days follow their time zone. Run on every kind of repository (see conftest.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import cast

import pytest

from backstretch.core.history import History, PainContext
from backstretch.core.person import LOCAL_PERSON_ID, TIME_ZONE, Person, PersonNotFound
from backstretch.storage.reports import gather_report
from backstretch.storage.repository import People, Repository, SessionNotFound, StorageError
from tests.storage.records import (
    MONDAY,
    make_answer,
    make_clearance,
    make_dose_change,
    make_hold,
    make_pain,
    make_pain_report,
    make_session,
)

AUCKLAND = Person("ana", "Ana", "Pacific/Auckland")  # UTC+13 in January
LOS_ANGELES = Person("leo", "Leo", "America/Los_Angeles")  # UTC-8 in January


def someone(repository: Repository, person: Person) -> Repository:
    """A repository of `person`, added to the same database as `repository`."""
    people = cast(People, repository)
    people.add_person(person)
    return people.for_person(person.id)


def fill(repository: Repository) -> History:
    """One of each record, with the same ids whoever stores them."""
    session = make_session(1)
    repository.add_session(session, [make_pain(1, session_id=session.id)])
    repository.record_hold(make_hold(session, 1))
    repository.record_hold(make_hold(session, 2, completed=False))
    repository.add_pain(make_pain(2))
    repository.add_pain_report(make_pain_report(session))
    repository.add_screening([make_answer("1"), make_answer("2", True)])
    repository.add_clearance(make_clearance())
    repository.add_dose_changes([make_dose_change()])
    repository.set_setting("plan.rest_days", "sun")
    return repository.export_history()


def everything_read(repository: Repository) -> dict[str, object]:
    """What every read method gives."""
    since = MONDAY - timedelta(days=30)
    return {
        "session": repository.session("session-0001"),
        "summaries": repository.summaries(),
        "summaries since": repository.summaries(since=since),
        "holds": repository.holds("session-0001"),
        "pain_ratings": repository.pain_ratings(),
        "daily_pain": repository.daily_pain(list(PainContext)),
        "active_session_days": repository.active_session_days(),
        "exercise_totals": repository.exercise_totals(since),
        "pain_reports": repository.pain_reports(),
        "pain_reports since": repository.pain_reports(since=since),
        "screening_answers": repository.screening_answers(),
        "clearances": repository.clearances(),
        "dose_changes": repository.dose_changes(),
        "setting": repository.get_setting("plan.rest_days"),
        "export": repository.export_history(),
    }


NOTHING = {
    "session": None,
    "summaries": [],
    "summaries since": [],
    "holds": [],
    "pain_ratings": [],
    "daily_pain": [],
    "active_session_days": [],
    "exercise_totals": [],
    "pain_reports": [],
    "pain_reports since": [],
    "screening_answers": [],
    "clearances": [],
    "dose_changes": [],
    "setting": None,
    "export": History(settings={TIME_ZONE: AUCKLAND.time_zone}),  # hers, given when added
}


def test_the_repository_that_opens_first_is_the_local_persons(repository: Repository) -> None:
    assert repository.person == Person(LOCAL_PERSON_ID)
    assert [p.id for p in cast(People, repository).people()] == [LOCAL_PERSON_ID]


def test_one_persons_records_never_show_in_anothers_reads(repository: Repository) -> None:
    ana = someone(repository, AUCKLAND)
    fill(repository)
    assert everything_read(ana) == NOTHING
    stored = everything_read(repository)
    assert all(stored[name] != empty for name, empty in NOTHING.items()), stored


def test_two_people_can_hold_records_with_the_same_ids(repository: Repository) -> None:
    ana = someone(repository, AUCKLAND)
    mine = fill(repository)
    counts = ana.import_history(mine)
    assert (counts.sessions, counts.holds, counts.pain, counts.pain_reports) == (1, 2, 2, 1)
    assert (counts.screening_answers, counts.clearances, counts.dose_changes) == (2, 1, 1)
    assert ana.export_history() == replace(
        mine, settings={**mine.settings, TIME_ZONE: AUCKLAND.time_zone}
    )
    ana.record_hold(make_hold(make_session(1), 2))  # ana completes her copy of hold 2
    assert [h.completed for h in repository.holds("session-0001")] == [True, False]
    assert repository.export_history() == mine


def test_a_record_cannot_refer_to_another_persons_session(repository: Repository) -> None:
    ana = someone(repository, AUCKLAND)
    session = make_session(1)
    repository.add_session(session)
    with pytest.raises(SessionNotFound):
        ana.record_hold(make_hold(session, 1))
    with pytest.raises(SessionNotFound):
        ana.add_pain_report(make_pain_report(session))
    with pytest.raises(SessionNotFound):
        ana.update_session(session.id, status=session.status, ended_at=None, pain_after=None)
    with pytest.raises(SessionNotFound):
        ana.import_history(History(holds=(make_hold(session, 1),)))
    assert repository.holds(session.id) == [] and repository.pain_reports() == []
    assert repository.session(session.id) == session


def test_settings_are_each_persons_own(repository: Repository) -> None:
    ana = someone(repository, AUCKLAND)
    repository.set_setting("plan.rest_days", "sun")
    ana.set_setting("plan.rest_days", "sat")
    ana.set_setting("plan.rest_days", None)
    assert repository.get_setting("plan.rest_days") == "sun"
    assert ana.get_setting("plan.rest_days") is None
    assert ana.get_setting(TIME_ZONE) == "Pacific/Auckland"


def test_people_are_listed_with_their_time_zones(repository: Repository) -> None:
    someone(repository, LOS_ANGELES)
    someone(repository, AUCKLAND)
    repository.set_setting(TIME_ZONE, "Europe/Paris")
    assert cast(People, repository).people() == [
        AUCKLAND,
        LOS_ANGELES,
        Person(LOCAL_PERSON_ID, "", "Europe/Paris"),
    ]


def test_an_unknown_person_or_a_taken_id_is_refused(repository: Repository) -> None:
    people = cast(People, repository)
    with pytest.raises(PersonNotFound):
        people.for_person("nobody")
    people.add_person(AUCKLAND)
    with pytest.raises(StorageError):
        people.add_person(Person("ana", "Another Ana"))
    assert people.for_person("ana").person == AUCKLAND


def test_closing_another_persons_repository_leaves_the_database_open(
    repository: Repository,
) -> None:
    someone(repository, AUCKLAND).close()
    repository.add_pain(make_pain(1))
    assert len(repository.pain_ratings()) == 1


# -- days in the person's time zone ---------------------------------------------------------------
# 11:30 UTC on Monday 5 January is 00:30 on Tuesday the 6th in Auckland and 03:30 on Monday the
# 5th in Los Angeles; at 09:00 UTC on the 6th it is Tuesday evening in Auckland and Tuesday
# 01:00 in Los Angeles: the same session was today for one and yesterday for the other.
INSTANT = datetime(2026, 1, 5, 11, 30, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


def two_people(repository: Repository) -> tuple[Repository, Repository]:
    return someone(repository, AUCKLAND), someone(repository, LOS_ANGELES)


def record_session(repository: Repository, number: int, started_at: datetime) -> None:
    session = make_session(number, started_at=started_at, ended_at=None)
    repository.add_session(session)
    repository.record_hold(make_hold(session, 1))


def test_the_stored_day_of_a_session_is_the_persons_day(repository: Repository) -> None:
    ana, leo = two_people(repository)
    for person in (ana, leo):
        record_session(person, 1, INSTANT)
        person.add_pain(make_pain(1, recorded_at=INSTANT))
    assert ana.active_session_days() == [date(2026, 1, 6)]
    assert leo.active_session_days() == [date(2026, 1, 5)]
    assert ana.daily_pain([PainContext.MORNING]) == [(date(2026, 1, 6), 5, 1)]
    assert leo.daily_pain([PainContext.MORNING]) == [(date(2026, 1, 5), 5, 1)]


def test_today_and_the_streak_follow_the_persons_time_zone(repository: Repository) -> None:
    ana, leo = two_people(repository)
    for person in (ana, leo):  # Auckland: late Monday, then Tuesday; Los Angeles: both Monday
        record_session(person, 1, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
        record_session(person, 2, INSTANT)
    in_auckland = gather_report(ana, ana.person.day_of(NEXT_MORNING), 28)
    in_los_angeles = gather_report(leo, leo.person.day_of(NEXT_MORNING), 28)
    assert (in_auckland.today, in_los_angeles.today) == (date(2026, 1, 6), date(2026, 1, 6))
    assert in_auckland.streaks.current == 2  # Monday and Tuesday, today
    assert in_los_angeles.streaks.current == 1  # Monday, yesterday; today is still open


def test_sessions_in_the_last_seven_days_count_the_persons_days(repository: Repository) -> None:
    ana, leo = two_people(repository)
    for person in (ana, leo):
        record_session(person, 1, INSTANT)
    a_week_on = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)  # Monday the 12th in both places
    in_auckland = gather_report(ana, ana.person.day_of(a_week_on), 28)
    in_los_angeles = gather_report(leo, leo.person.day_of(a_week_on), 28)
    assert in_auckland.sessions_last_7_days == 1  # Tuesday the 6th: 6 days ago
    assert in_los_angeles.sessions_last_7_days == 0  # Monday the 5th: 7 days ago


def test_a_rest_day_is_the_persons_weekday(repository: Repository) -> None:
    ana, leo = two_people(repository)
    for person in (ana, leo):
        person.set_setting("plan.rest_days", "tue")
        record_session(person, 1, INSTANT)
    in_auckland = gather_report(ana, ana.person.day_of(NEXT_MORNING), 28)
    in_los_angeles = gather_report(leo, leo.person.day_of(NEXT_MORNING), 28)
    assert in_auckland.adherence.extra_days == 1  # stretched on a Tuesday, a rest day
    assert (in_los_angeles.adherence.extra_days, in_los_angeles.adherence.done_days) == (0, 1)


def test_imported_records_take_the_time_zone_the_file_brings(repository: Repository) -> None:
    session = make_session(1, started_at=INSTANT)
    incoming = History(
        (session,), (make_hold(session, 1),), settings={TIME_ZONE: "Pacific/Auckland"}
    )
    repository.import_history(incoming)
    assert repository.person.time_zone == "Pacific/Auckland"
    assert repository.active_session_days() == [date(2026, 1, 6)]


def test_a_time_zone_already_set_is_kept_over_the_files(repository: Repository) -> None:
    repository.set_setting(TIME_ZONE, "America/Los_Angeles")
    session = make_session(1, started_at=INSTANT)
    incoming = History(
        (session,), (make_hold(session, 1),), settings={TIME_ZONE: "Pacific/Auckland"}
    )
    repository.import_history(incoming)
    assert repository.active_session_days() == [date(2026, 1, 5)]


def test_removing_a_person_erases_their_records_and_leaves_anothers(
    repository: Repository,
) -> None:
    mine = fill(repository)
    ana = someone(repository, AUCKLAND)
    fill(ana)
    people = cast(People, repository)
    people.remove_person(AUCKLAND.id)
    people.remove_person("nobody")  # nothing to erase: no error
    assert [person.id for person in people.people()] == [LOCAL_PERSON_ID]
    with pytest.raises(PersonNotFound):
        people.for_person(AUCKLAND.id)
    people.add_person(AUCKLAND)  # the id is free again, and nothing of before comes back
    assert people.for_person(AUCKLAND.id).export_history().sessions == ()
    assert repository.export_history() == mine
