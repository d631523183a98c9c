"""How long a hold was held in position (the camera check) is stored, upgraded into, exported
and imported; a hold without it stays exactly as it was."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from backstretch.core.history import History, in_position
from backstretch.export.history_io import (
    InvalidImport,
    history_as_csv,
    history_as_json,
    read_history,
)
from backstretch.storage.repository import Repository
from tests.storage.records import MONDAY, make_hold, make_session
from tests.storage.test_history_io import NOW, sample
from tests.storage.test_upgrade import KINDS, OLD_ROWS, Opener, database_at, expected_history


def test_a_hold_keeps_its_seconds_in_position_and_one_without_keeps_none(
    repository: Repository,
) -> None:
    session = make_session(1)
    repository.add_session(session)
    repository.record_hold(make_hold(session, 1, in_position_seconds=3.25))
    repository.record_hold(make_hold(session, 2))
    first, second = repository.holds(session.id)
    assert (first.in_position_seconds, second.in_position_seconds) == (3.25, None)
    assert repository.export_history().holds == (first, second)


def test_the_time_in_position_of_listed_sessions_counts_only_measured_holds(
    repository: Repository,
) -> None:
    first, second, third = make_session(1), make_session(2), make_session(3)
    for session in (first, second, third):
        repository.add_session(session)
    repository.record_hold(make_hold(first, 1, in_position_seconds=4.0))
    repository.record_hold(make_hold(first, 2))
    repository.record_hold(make_hold(first, 3, in_position_seconds=2.5))
    repository.record_hold(make_hold(second, 1))
    repository.record_hold(make_hold(third, 1, in_position_seconds=1.0))
    found = repository.in_position([first.id, second.id, "no-such-session"])
    assert list(found) == [first.id]
    assert found[first.id].words == "held in position 6.5 of 10 s"
    assert found[first.id].holds == 2
    assert repository.in_position([]) == {}


def test_a_completed_hold_sent_after_a_skip_brings_its_seconds_in_position(
    repository: Repository,
) -> None:
    session = make_session(1)
    repository.add_session(session)
    repository.record_hold(make_hold(session, 1, completed=False, held_seconds=1.0))
    repository.record_hold(make_hold(session, 1, in_position_seconds=4.5))
    [hold] = repository.holds(session.id)
    assert hold.completed and hold.in_position_seconds == 4.5


@pytest.fixture(params=KINDS)
def database_before_the_camera(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """A database at revision 0007, the last before holds recorded time in position, with
    OLD_ROWS stored at revision 0002 and brought up to it."""
    yield from database_at(request, tmp_path, [("0002", OLD_ROWS), ("0007", [])])


def test_a_database_from_before_the_camera_check_keeps_every_record_and_takes_new_ones(
    database_before_the_camera: Opener,
) -> None:
    repository = database_before_the_camera()
    before = expected_history()
    assert repository.export_history() == before
    assert all(hold.in_position_seconds is None for hold in repository.holds("session-0002"))
    repository.record_hold(make_hold(before.sessions[0], 2, in_position_seconds=4.0))
    held = [h.in_position_seconds for h in repository.holds("session-0001")]
    assert held == [None, 4.0]


def test_an_upgraded_sqlite_file_has_the_column_and_its_old_holds_are_null(
    tmp_path: Path,
) -> None:
    from backstretch.storage import open_repository
    from tests.storage.test_upgrade import upgrade_to

    url = f"sqlite:///{tmp_path / 'backstretch.db'}"
    upgrade_to(url, "0002", OLD_ROWS)
    upgrade_to(url, "0007")
    open_repository(tmp_path).close()
    with sqlite3.connect(tmp_path / "backstretch.db") as db:
        rows = db.execute(
            "SELECT session_id, hold_number, held_seconds, in_position_seconds FROM holds "
            "ORDER BY session_id, hold_number"
        ).fetchall()
    assert rows == [
        ("session-0001", 1, 5.0, None),
        ("session-0002", 1, 5.0, None),
        ("session-0002", 2, 1.0, None),
    ]


# -- export and import ---------------------------------------------------------------------------
def with_camera() -> History:
    history = sample()
    holds = list(history.holds)
    holds[0] = replace(holds[0], in_position_seconds=4.5)
    holds[1] = replace(holds[1], in_position_seconds=0.0)
    return replace(history, holds=tuple(holds))


@pytest.mark.parametrize("write", [history_as_json, history_as_csv])
def test_the_seconds_in_position_go_out_and_come_back(write: Callable[[History], str]) -> None:
    text = write(with_camera())
    back = read_history(text.encode(), "history", NOW)
    assert back == with_camera()
    assert [h.in_position_seconds for h in back.holds[:3]] == [4.5, 0.0, None]


def test_a_history_without_the_camera_is_written_as_before() -> None:
    document = json.loads(history_as_json(sample()))
    assert document["version"] == 3
    assert not any("in_position_seconds" in h for s in document["sessions"] for h in s["holds"])
    header = next(csv.reader(io.StringIO(history_as_csv(sample()))))
    assert "in_position_seconds" not in header
    camera_header = next(csv.reader(io.StringIO(history_as_csv(with_camera()))))
    assert "in_position_seconds" in camera_header


def test_a_bad_time_in_position_in_a_file_is_named() -> None:
    document = json.loads(history_as_json(with_camera()))
    document["sessions"][0]["holds"][0]["in_position_seconds"] = -2
    with pytest.raises(InvalidImport) as refused:
        read_history(json.dumps(document).encode(), "history.json", NOW)
    assert "sessions[0].holds[0]" in str(refused.value)
    assert "in_position_seconds must be a number from 0 to" in str(refused.value)
    assert "(got -2)" in str(refused.value)


def test_the_in_position_total_counts_only_the_holds_the_camera_measured() -> None:
    session = make_session(1, started_at=MONDAY)
    holds = [
        make_hold(session, 1, in_position_seconds=4.0),
        make_hold(session, 2),
        make_hold(session, 3, in_position_seconds=2.5),
    ]
    measured = in_position(holds)
    assert measured is not None
    assert (measured.seconds, measured.planned_seconds, measured.holds) == (6.5, 10.0, 2)
    assert measured.words == "held in position 6.5 of 10 s"
    assert in_position(holds[1:2]) is None
