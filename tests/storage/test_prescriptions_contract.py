"""Prescribed routine versions obey one contract in every repository (memory, sqlite3,
SQLAlchemy, PostgreSQL) and are erased with the person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backstretch.core.person import Person, PersonNotFound
from backstretch.core.prescription import Prescription
from backstretch.storage.repository import People, Repository, StorageError

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def version(routine_id: str, number: int, by: str = "kim") -> Prescription:
    document = f'{{"id":"{routine_id}","version":{number}}}'
    return Prescription(routine_id, number, document, by, NOW + timedelta(minutes=number))


def test_versions_read_back_by_routine_then_version(repository: Repository) -> None:
    for each in (version("walk", 2), version("back", 1), version("walk", 1, by="lee")):
        repository.add_prescription(each)
    assert repository.prescriptions() == [
        version("back", 1),
        version("walk", 1, "lee"),
        version("walk", 2),
    ]
    assert repository.prescriptions("walk") == [version("walk", 1, "lee"), version("walk", 2)]
    assert repository.prescriptions("nothing") == []


def test_a_version_number_is_kept_once(repository: Repository) -> None:
    repository.add_prescription(version("walk", 1))
    with pytest.raises(StorageError):
        repository.add_prescription(version("walk", 1, by="lee"))
    assert repository.prescriptions() == [version("walk", 1)]


def test_prescriptions_are_the_persons_and_erased_with_them(repository: Repository) -> None:
    people: People = repository  # type: ignore[assignment]  # every kind is both
    people.add_person(Person("ben"))
    people.for_person("ben").add_prescription(version("walk", 1))
    repository.add_prescription(version("back", 1))
    assert people.for_person("ben").prescriptions() == [version("walk", 1)]
    people.remove_person("ben")
    with pytest.raises(PersonNotFound):
        people.for_person("ben")
    people.add_person(Person("ben"))
    assert people.for_person("ben").prescriptions() == []
    assert repository.prescriptions() == [version("back", 1)]
