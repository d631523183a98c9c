"""Questionnaire responses obey one contract in every repository (memory, sqlite3, SQLAlchemy,
PostgreSQL), come through export and import, and come to a database of revision 0004."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backstretch.core.history import History
from backstretch.core.outcomes import RiskGroup
from backstretch.storage.repository import Repository, StorageError
from tests.storage.records import make_response
from tests.storage.test_upgrade import KINDS, OLD_ROWS, Opener, database_at


def test_responses_read_back_oldest_first_with_their_scores(repository: Repository) -> None:
    later = make_response(2, "peg")
    earlier = make_response(1)
    repository.add_questionnaire_response(later)
    repository.add_questionnaire_response(earlier)
    assert repository.questionnaire_responses() == [earlier, later]
    startback, peg = repository.questionnaire_responses()
    assert (startback.score, startback.subscale, startback.risk) == (4, 2, RiskGroup.MEDIUM)
    assert (peg.answers, peg.score, peg.subscale, peg.risk) == ((5, 6, 5), 5.3, None, None)


def test_a_response_id_is_used_once(repository: Repository) -> None:
    repository.add_questionnaire_response(make_response(1))
    with pytest.raises(StorageError):
        repository.add_questionnaire_response(make_response(1, "peg"))
    assert len(repository.questionnaire_responses()) == 1


def filled(repository: Repository) -> History:
    repository.add_questionnaire_response(make_response(1))
    repository.add_questionnaire_response(make_response(2, "peg"))
    return repository.export_history()


def test_responses_imported_into_an_empty_store_export_the_same(repository: Repository) -> None:
    from backstretch.storage.memory import MemoryRepository

    history = filled(MemoryRepository())
    assert repository.import_history(history).questionnaire_responses == 2
    assert repository.export_history() == history


def test_importing_responses_twice_adds_nothing(repository: Repository) -> None:
    history = filled(repository)
    assert repository.import_history(history).total == 0
    assert repository.export_history() == history


@pytest.fixture(params=KINDS)
def database_at_0004(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """A database at revision 0004 (before questionnaires) with the records of revision 0002."""
    yield from database_at(request, tmp_path, [("0002", OLD_ROWS), ("0004", [])])


def test_a_database_from_before_questionnaires_keeps_its_records_and_takes_responses(
    database_at_0004: Opener,
) -> None:
    from tests.storage.test_upgrade import expected_history

    repository = database_at_0004()
    assert repository.export_history() == expected_history()
    repository.add_questionnaire_response(make_response(1))
    assert [r.id for r in repository.questionnaire_responses()] == ["response-0001"]
