"""The safety records obey one contract in every repository (memory, sqlite3, SQLAlchemy)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from backstretch.core.history import History
from backstretch.core.pain_rules import PainAction, PainKind, PainReport
from backstretch.core.progression import DoseChange
from backstretch.core.safety import Clearance, ScreeningAnswer, safety_status
from backstretch.storage.repository import Repository, SessionNotFound
from tests.storage.records import (
    MONDAY,
    make_answer,
    make_clearance,
    make_dose_change,
    make_pain_report,
    make_session,
)


def test_screening_answers_read_back_oldest_first(repository: Repository) -> None:
    later = [ScreeningAnswer("s2", "1", True, MONDAY + timedelta(days=1))]
    earlier = [
        ScreeningAnswer("s1", "1", False, MONDAY),
        ScreeningAnswer("s1", "2", False, MONDAY + timedelta(seconds=1)),
    ]
    repository.add_screening(later)
    repository.add_screening(earlier)
    assert repository.screening_answers() == earlier + later


def test_the_answers_to_one_question_read_back_alone_oldest_first(
    repository: Repository,
) -> None:
    repository.add_screening([ScreeningAnswer("s2", "knee", False, MONDAY + timedelta(days=1))])
    repository.add_screening(
        [ScreeningAnswer("s1", "1", True, MONDAY), ScreeningAnswer("s1", "knee", True, MONDAY)]
    )
    assert [(a.screening_id, a.answer) for a in repository.screening_answers("knee")] == [
        ("s1", True),
        ("s2", False),
    ]
    assert repository.screening_answers("osteoporosis") == []


def test_clearances_keep_the_day_and_when_they_were_recorded(repository: Repository) -> None:
    clearance = Clearance("c1", date(2026, 1, 4), MONDAY, "seen by Dr Lee")
    repository.add_clearance(clearance)
    assert repository.clearances() == [clearance]


def test_dose_changes_read_back_oldest_first(repository: Repository) -> None:
    second = DoseChange("d2", "hamstring", 10, 15, 5, 5, "settled", MONDAY + timedelta(days=3))
    first = DoseChange("d1", "hip-flexor", 10, 10, 5, 6, "settled", MONDAY)
    repository.add_dose_changes([second])
    repository.add_dose_changes([first])
    assert repository.dose_changes() == [first, second]


def test_pain_reports_keep_their_session_and_what_was_done(repository: Repository) -> None:
    session = make_session()
    repository.add_session(session)
    report = PainReport(
        "p1", session.id, "hip-flexor", 7, PainKind.SHARP, PainAction.STOP, MONDAY, "stopped"
    )
    repository.add_pain_report(report)
    assert repository.pain_reports() == [report]


def test_a_pain_report_for_an_unknown_session_is_refused(repository: Repository) -> None:
    report = PainReport(
        "p1", "nope", "hip-flexor", 2, PainKind.NEITHER, PainAction.CARRY_ON, MONDAY
    )
    with pytest.raises(SessionNotFound):
        repository.add_pain_report(report)
    assert repository.pain_reports() == []


def test_a_database_from_before_the_safety_tables_is_migrated_and_keeps_its_history(
    tmp_path: Path,
) -> None:
    from alembic import command
    from alembic.config import Config

    from backstretch.storage import open_repository
    from backstretch.storage.schema import HEAD, SCRIPT_LOCATION, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'backstretch.db'}")
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", SCRIPT_LOCATION)
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('plan.rest_days', 'sun')"
        )
    engine.dispose()
    repository = open_repository(tmp_path)
    try:
        assert repository.get_setting("plan.rest_days") == "sun"
        repository.add_clearance(Clearance("c1", date(2026, 1, 5), MONDAY))
        assert len(repository.clearances()) == 1
    finally:
        repository.close()
    with sqlite3.connect(tmp_path / "backstretch.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD


# -- export and import --------------------------------------------------------------------------
def filled(repository: Repository) -> History:
    session = make_session(1)
    repository.add_session(session)
    repository.add_pain_report(make_pain_report(session, 2, level=4))
    repository.add_pain_report(make_pain_report(session, 1))
    repository.add_screening([make_answer("1", False), make_answer("12", True)])
    repository.add_screening([make_answer("1", False, screening_id="s2")])
    repository.add_clearance(make_clearance(2, recorded_at=MONDAY + timedelta(hours=1)))
    repository.add_clearance(make_clearance(1))
    repository.add_dose_changes([make_dose_change(2), make_dose_change(1)])
    return repository.export_history()


def test_export_holds_every_safety_record_in_a_stable_order(repository: Repository) -> None:
    history = filled(repository)
    assert [r.id for r in history.pain_reports] == ["report-0001", "report-0002"]
    assert [(a.screening_id, a.question) for a in history.screening_answers] == [
        ("screening-0001", "1"), ("screening-0001", "12"), ("s2", "1")]  # fmt: skip
    assert [c.id for c in history.clearances] == ["clearance-0001", "clearance-0002"]
    assert [c.id for c in history.dose_changes] == ["change-0001", "change-0002"]


def test_safety_records_imported_into_an_empty_store_export_the_same(
    repository: Repository,
) -> None:
    from backstretch.storage.memory import MemoryRepository

    history = filled(MemoryRepository())
    counts = repository.import_history(history)
    assert (
        counts.pain_reports, counts.screening_answers, counts.clearances, counts.dose_changes
    ) == (2, 3, 2, 2)  # fmt: skip
    assert repository.export_history() == history


def test_importing_safety_records_twice_adds_nothing(repository: Repository) -> None:
    history = filled(repository)
    assert repository.import_history(history).total == 0
    assert repository.export_history() == history


def test_an_import_with_a_pain_report_of_an_unknown_session_stores_nothing(
    repository: Repository,
) -> None:
    report = make_pain_report(make_session(9))
    incoming = History(
        (make_session(1),), screening_answers=(make_answer(),), pain_reports=(report,)
    )
    with pytest.raises(SessionNotFound):
        repository.import_history(incoming)
    assert repository.export_history() == History()


def test_an_imported_emergency_answer_locks_like_a_typed_one(repository: Repository) -> None:
    repository.import_history(History(screening_answers=(make_answer("3", True),)))
    status = safety_status(repository.screening_answers(), repository.clearances())
    assert status.locked and status.emergency == ("3",)


def test_pain_reports_can_be_read_from_a_time_on(repository: Repository) -> None:
    filled(repository)
    since = MONDAY + timedelta(minutes=2)
    assert [r.id for r in repository.pain_reports(since=since)] == ["report-0002"]
