"""Alert marks (a clinician acknowledged an alert, or was e-mailed about it) obey one contract in
every repository (memory, sqlite3, SQLAlchemy, PostgreSQL) and are erased with the person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backstretch.core.alerts import AlertMark, MarkKind
from backstretch.core.person import Person, PersonNotFound
from backstretch.storage.repository import People, Repository

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SEEN, SENT = MarkKind.ACKNOWLEDGED, MarkKind.EMAILED


def mark(alert: str, clinician: str, kind: MarkKind = SEEN, minutes: int = 0) -> AlertMark:
    return AlertMark(alert, clinician, kind, NOW + timedelta(minutes=minutes))


def test_marks_read_back_oldest_first_and_by_clinician(repository: Repository) -> None:
    later, earlier, other = mark("a1", "kim", minutes=5), mark("a2", "kim"), mark("a1", "lee", SENT)
    for each in (later, earlier, other):
        assert repository.mark_alert(each) is True
    assert repository.alert_marks() == [other, earlier, later]  # by time, then alert
    assert repository.alert_marks("kim") == [earlier, later]
    assert repository.alert_marks("nobody") == []


def test_a_mark_made_again_is_kept_once_with_its_first_time(repository: Repository) -> None:
    assert repository.mark_alert(mark("a1", "kim")) is True
    assert repository.mark_alert(mark("a1", "kim", minutes=9)) is False
    assert repository.mark_alert(mark("a1", "kim", SENT, minutes=9)) is True  # another kind
    assert repository.alert_marks() == [mark("a1", "kim"), mark("a1", "kim", SENT, minutes=9)]


def test_marks_are_the_persons_and_erased_with_them(repository: Repository) -> None:
    people: People = repository  # type: ignore[assignment]  # every kind is both
    people.add_person(Person("ben"))
    ben = people.for_person("ben")
    ben.mark_alert(mark("a1", "kim"))
    repository.mark_alert(mark("a9", "kim"))
    assert [m.alert_id for m in ben.alert_marks()] == ["a1"]
    people.remove_person("ben")
    with pytest.raises(PersonNotFound):
        people.for_person("ben")
    people.add_person(Person("ben"))
    assert people.for_person("ben").alert_marks() == []
    assert [m.alert_id for m in repository.alert_marks()] == ["a9"]
