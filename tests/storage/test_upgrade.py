"""A database from before people (revision 0002), with records in every table, is migrated and
all of it is the local person's: on SQLite (through sqlite3 and SQLAlchemy) and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from backstretch.core.history import History, PainContext, SessionStatus
from backstretch.core.person import LOCAL_PERSON_ID, Person
from backstretch.storage.repository import Repository
from backstretch.storage.schema import HEAD, SCRIPT_LOCATION, make_engine
from tests.postgres import PostgresServer
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

TIMES = "2026-01-05T07:00:00.000000+00:00"


def upgrade_to(url: str, revision: str, statements: list[str] = []) -> None:  # noqa: B006
    from alembic import command
    from alembic.config import Config

    engine = make_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", SCRIPT_LOCATION)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


# Rows as revision 0002 stored them: two sessions (the second with a skipped hold), pain before
# and on its own, a pain report, a screening, a clearance, a dose change and two settings.
OLD_ROWS = [
    "INSERT INTO sessions (id, routine_id, routine_name, doses, started_at, ended_at, status,"
    " speed, pain_before, pain_after, holds_completed, holds_skipped, seconds_held, day) VALUES"
    " ('session-0001', 'daily-back', 'Daily back', '[]', '2026-01-05T07:00:00.000000+00:00',"
    " '2026-01-05T07:10:00.000000+00:00', 'completed', 1, 5, 4, 1, 0, 5, '2026-01-05'),"
    " ('session-0002', 'daily-back', 'Daily back', '[]', '2026-01-06T07:00:00.000000+00:00',"
    " NULL, 'partial', 2, NULL, NULL, 1, 1, 6, '2026-01-06')",
    "INSERT INTO holds (session_id, hold_number, exercise_id, side, rep, phase, planned_seconds,"
    " held_seconds, completed, recorded_at) VALUES"
    " ('session-0001', 1, 'trunk-rotation', 'left', 1, 'hold', 5, 5, TRUE,"
    " '2026-01-05T07:00:10.000000+00:00'),"
    " ('session-0002', 1, 'trunk-rotation', 'left', 1, 'hold', 5, 5, TRUE,"
    " '2026-01-06T07:00:10.000000+00:00'),"
    " ('session-0002', 2, 'trunk-rotation', 'left', 2, 'hold', 5, 1, FALSE,"
    " '2026-01-06T07:00:20.000000+00:00')",
    "INSERT INTO pain_ratings (id, level, context, note, recorded_at, session_id, day) VALUES"
    " ('pain-0001', 5, 'before', '', '2026-01-05T07:00:00.000000+00:00', 'session-0001',"
    " '2026-01-05'),"
    " ('pain-0002', 3, 'morning', 'stiff', '2026-01-06T06:30:00.000000+00:00', NULL,"
    " '2026-01-06')",
    "INSERT INTO pain_reports (id, session_id, exercise_id, level, kind, action, note,"
    " recorded_at, day) VALUES ('report-0001', 'session-0001', 'cat-cow', 7, 'sharp', 'stop',"
    " 'during cat-cow', '2026-01-05T07:01:00.000000+00:00', '2026-01-05')",
    "INSERT INTO screening_answers (screening_id, question, answer, answered_at, day) VALUES"
    " ('screening-0001', '2', FALSE, '2026-01-05T06:00:00.000000+00:00', '2026-01-05'),"
    " ('screening-0001', '1', TRUE, '2026-01-05T06:00:00.000000+00:00', '2026-01-05')",
    "INSERT INTO clearances (id, cleared_on, recorded_at, note) VALUES"
    " ('clearance-0001', '2026-01-05', '2026-01-05T07:00:00.000000+00:00', 'seen by Dr Lee')",
    "INSERT INTO dose_changes (id, exercise_id, hold_before, hold_after, reps_before,"
    " reps_after, reason, changed_at) VALUES ('change-0001', 'trunk-rotation', 5, 10, 2, 2,"
    " 'your back settled', '2026-01-06T07:00:00.000000+00:00')",
    "INSERT INTO settings (key, value) VALUES ('plan.rest_days', 'sun'),"
    " ('safety.notice_shown', 'yes')",
]


def expected_history() -> History:
    first = make_session(1, doses=(), ended_at=MONDAY.replace(minute=10))
    second = make_session(
        2, doses=(), ended_at=None, status=SessionStatus.PARTIAL, speed=2.0,
        pain_before=None, pain_after=None,
    )  # fmt: skip
    return History(
        sessions=(first, second),
        holds=(
            make_hold(first, 1),
            make_hold(second, 1),
            make_hold(second, 2, rep=2, held_seconds=1.0, completed=False),
        ),
        pain=(
            make_pain(1, context=PainContext.BEFORE, session_id=first.id, recorded_at=MONDAY),
            make_pain(2, level=3, note="stiff"),
        ),
        settings={"plan.rest_days": "sun", "safety.notice_shown": "yes"},
        pain_reports=(replace(make_pain_report(first), note="during cat-cow"),),
        screening_answers=(make_answer("2"), make_answer("1", True)),
        clearances=(make_clearance(),),
        dose_changes=(make_dose_change(),),
    )


Opener = Callable[[], Repository]
KINDS = ["sqlite", "sqlalchemy", "postgresql"]


def database_at(
    request: pytest.FixtureRequest, tmp_path: Path, steps: list[tuple[str, list[str]]]
) -> Iterator[Opener]:
    """A database brought to each revision of `steps` in turn, with its rows added there;
    calling what this yields opens it (which migrates it) as the code opens it."""
    from backstretch.storage.sql import open_sqlalchemy
    from backstretch.storage.sqlite import open_sqlite

    path = tmp_path / "backstretch.db"
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        name = f"upgrade_{abs(hash(request.node.nodeid))}"
        server.execute(f"CREATE DATABASE {name}")
        url = server.url(name)
    else:
        url = f"sqlite:///{path}"
    for revision, rows in steps:
        upgrade_to(url, revision, rows)
    opened: list[Repository] = []

    def open_it() -> Repository:
        repository = open_sqlite(path) if request.param == "sqlite" else open_sqlalchemy(url)
        opened.append(repository)
        return repository

    yield open_it
    for repository in opened:
        repository.close()


@pytest.fixture(params=KINDS)
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """A database at revision 0002 with OLD_ROWS in it."""
    yield from database_at(request, tmp_path, [("0002", OLD_ROWS)])


def test_every_record_of_an_older_database_is_the_local_persons(old_database: Opener) -> None:
    repository = old_database()
    assert repository.person == Person(LOCAL_PERSON_ID)
    assert repository.export_history() == expected_history()
    summaries = {s.id: (s.holds_completed, s.holds_skipped) for s in repository.summaries()}
    assert summaries == {"session-0001": (1, 0), "session-0002": (1, 1)}
    assert repository.active_session_days() == [date(2026, 1, 5), date(2026, 1, 6)]
    assert repository.daily_pain([PainContext.MORNING]) == [(date(2026, 1, 6), 3, 1)]


def test_after_the_upgrade_another_person_sees_none_of_it(old_database: Opener) -> None:
    from backstretch.storage.repository import People

    repository = old_database()
    people: People = repository  # type: ignore[assignment]
    people.add_person(Person("ana", "Ana"))
    assert people.for_person("ana").export_history() == History()
    repository.add_screening([make_answer("3")])  # new answers go on after the old ones
    assert [a.question for a in repository.screening_answers()] == ["2", "1", "3"]


def test_an_upgraded_sqlite_file_is_at_the_latest_revision(tmp_path: Path) -> None:
    from backstretch.storage import open_repository

    upgrade_to(f"sqlite:///{tmp_path / 'backstretch.db'}", "0002", OLD_ROWS)
    open_repository(tmp_path).close()
    with sqlite3.connect(tmp_path / "backstretch.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert not [name for name in tables if name.endswith("_before_people")]


# Rows as revision 0003 stored them: a second person, Ana, with a session, a hold, a pain rating
# and her time zone, beside the local person's OLD_ROWS.
ANA_ROWS = [
    "INSERT INTO people (id, name) VALUES ('ana', 'Ana')",
    "INSERT INTO sessions (person_id, id, routine_id, routine_name, doses, started_at, ended_at,"
    " status, speed, pain_before, pain_after, holds_completed, holds_skipped, seconds_held, day)"
    " VALUES ('ana', 'session-0001', 'daily-back', 'Daily back', '[]',"
    " '2026-01-05T07:00:00.000000+00:00', NULL, 'partial', 1, NULL, NULL, 1, 0, 5,"
    " '2026-01-05')",
    "INSERT INTO holds (person_id, session_id, hold_number, exercise_id, side, rep, phase,"
    " planned_seconds, held_seconds, completed, recorded_at) VALUES ('ana', 'session-0001', 1,"
    " 'trunk-rotation', 'left', 1, 'hold', 5, 5, TRUE, '2026-01-05T07:00:10.000000+00:00')",
    "INSERT INTO pain_ratings (person_id, id, level, context, note, recorded_at, session_id, day)"
    " VALUES ('ana', 'pain-0002', 3, 'morning', 'stiff', '2026-01-06T06:30:00.000000+00:00',"
    " NULL, '2026-01-06')",
    "INSERT INTO settings (person_id, key, value) VALUES ('ana', 'person.time_zone',"
    " 'Europe/Paris')",
]


@pytest.fixture(params=KINDS)
def database_of_two_people(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """A database at revision 0003 with the local person's OLD_ROWS and Ana's ANA_ROWS."""
    yield from database_at(request, tmp_path, [("0002", OLD_ROWS), ("0003", ANA_ROWS)])


def test_accounts_come_to_a_database_of_people_keeping_every_record(
    database_of_two_people: Opener,
) -> None:
    from backstretch.storage.repository import People

    repository = database_of_two_people()
    assert repository.export_history() == expected_history()
    people: People = repository  # type: ignore[assignment]
    assert [(p.id, p.time_zone) for p in people.people()] == [
        ("ana", "Europe/Paris"),
        (LOCAL_PERSON_ID, ""),
    ]
    ana = people.for_person("ana").export_history()
    assert [(s.id, s.status) for s in ana.sessions] == [("session-0001", SessionStatus.PARTIAL)]
    assert [(h.hold_number, h.completed) for h in ana.holds] == [(1, True)]
    assert [(p.id, p.level, p.note) for p in ana.pain] == [("pain-0002", 3, "stiff")]
