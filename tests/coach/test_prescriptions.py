"""Prescribing a routine: checked as `backstretch validate` checks a file, a new version for each
change, told in words, with who prescribed it and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backstretch.catalog.catalog import Catalog
from backstretch.coach.prescriptions import (
    changes,
    current,
    followed,
    history,
    prescribe,
    prescribed_routine,
    routine_for,
    unseen,
)
from backstretch.coach.recorder import SessionRecorder
from backstretch.core.errors import InvalidRoutine
from backstretch.core.routine import Routine
from backstretch.core.timeline import plan
from backstretch.storage.memory import MemoryRepository
from tests.coach.prescribing import my_back

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUILT_INS = Catalog.builtin_ids()


def test_a_first_prescription_is_version_one_by_its_clinician() -> None:
    records = MemoryRepository()
    done = prescribe(records, my_back(), "my-back", "kim", NOW, BUILT_INS)
    assert (done.prescription.version, done.prescription.prescribed_by) == (1, "kim")
    assert done.created and done.changes == ()
    assert prescribed_routine(records, "my-back") == done.routine
    assert done.routine.exercise("hip-flexor").hold_seconds == 10


def test_each_change_is_a_new_version_told_in_words() -> None:
    records = MemoryRepository()
    prescribe(records, my_back(), "my-back", "kim", NOW, BUILT_INS)
    later = NOW + timedelta(days=7)
    done = prescribe(records, my_back(**{"hip-flexor": 15}), "my-back", "lee", later, BUILT_INS)
    assert done.prescription.version == 2 and not done.created
    assert done.changes == ("hip-flexor: hold 10 s → 15 s",)
    assert changes(records, "my-back", 1, 2) == ["hip-flexor: hold 10 s → 15 s"]
    assert [
        (v.prescription.prescribed_by, v.prescription.at) for v in history(records, "my-back")
    ] == [
        ("kim", NOW),
        ("lee", later),
    ]
    assert [p.routine.id for p in current(records)] == ["my-back"]
    assert current(records)[0].changes == ("hip-flexor: hold 10 s → 15 s",)


def test_phases_reps_sides_timing_and_stretches_are_named_when_they_change() -> None:
    records = MemoryRepository()
    prescribe(records, my_back(), "my-back", "kim", NOW, BUILT_INS)
    data = my_back()
    cat_cow = next(e for e in data["exercises"] if e["id"] == "cat-cow")
    cat_cow["phases"][0]["hold_seconds"] = 8
    cat_cow["reps"] = 6
    data["timing"]["release_seconds"] = 5
    data["exercises"] = [e for e in data["exercises"] if e["id"] != "hamstring"]
    done = prescribe(records, data, "my-back", "kim", NOW, BUILT_INS)
    assert done.changes == (
        "timing: release 3 s → 5 s",
        "cat-cow: cat 5 s → 8 s",
        "cat-cow: reps 10 → 6",
        "hamstring: removed",
    )


def test_the_same_routine_again_stores_no_new_version() -> None:
    records = MemoryRepository()
    prescribe(records, my_back(), "my-back", "kim", NOW, BUILT_INS)
    again = prescribe(records, my_back(), "my-back", "lee", NOW, BUILT_INS)
    assert again.prescription.version == 1 and again.prescription.prescribed_by == "kim"
    assert len(records.prescriptions()) == 1


def test_a_wrong_routine_is_refused_with_the_validators_messages_and_nothing_stored() -> None:
    records = MemoryRepository()
    data = my_back(**{"hip-flexor": 0})
    with pytest.raises(InvalidRoutine) as refused:
        prescribe(records, data, "my-back", "kim", NOW, BUILT_INS)
    assert "hold_seconds must be between" in str(refused.value)
    assert "routine 'my-back'" in str(refused.value)
    assert records.prescriptions() == []


def test_a_built_in_routines_id_is_refused() -> None:
    data = {**my_back(), "id": "daily-back"}
    with pytest.raises(InvalidRoutine, match="taken by a built-in routine"):
        prescribe(MemoryRepository(), data, "daily-back", "kim", NOW, BUILT_INS)


def test_an_id_other_than_the_addressed_one_is_refused() -> None:
    with pytest.raises(InvalidRoutine, match="does not match the routine addressed"):
        prescribe(MemoryRepository(), my_back(), "walk", "kim", NOW, BUILT_INS)


def begin_session(records: MemoryRepository, routine: Routine, at: datetime) -> None:
    SessionRecorder(records).begin(routine, plan(routine), 1.0, at, None)


def test_the_changes_to_tell_are_those_since_the_persons_last_session_of_the_routine() -> None:
    records = MemoryRepository()
    first = prescribe(records, my_back(), "my-back", "kim", NOW, BUILT_INS)
    second_at = NOW + timedelta(days=1)
    prescribe(records, my_back(**{"hip-flexor": 15}), "my-back", "kim", second_at, BUILT_INS)
    assert [v.prescription.version for v in unseen(records, "my-back")] == [1, 2]

    begin_session(records, first.routine, second_at + timedelta(hours=1))
    assert unseen(records, "my-back") == []

    third_at = second_at + timedelta(days=1)
    prescribe(records, my_back(**{"hip-flexor": 20}), "my-back", "lee", third_at, BUILT_INS)
    [told] = unseen(records, "my-back")
    assert (told.prescription.prescribed_by, told.changes) == (
        "lee",
        ("hip-flexor: hold 15 s → 20 s",),
    )


def test_a_session_of_another_routine_does_not_count_as_seeing_the_change() -> None:
    records = MemoryRepository()
    prescribe(records, my_back(), "my-back", "kim", NOW, BUILT_INS)
    daily_back = Catalog(Path("/nonexistent-home")).builtin("daily-back")
    begin_session(records, daily_back, NOW + timedelta(hours=1))
    assert [v.prescription.version for v in unseen(records, "my-back")] == [1]


def test_without_a_name_the_routine_followed_is_the_prescribed_one() -> None:
    records = MemoryRepository()
    catalog = Catalog(Path("/nonexistent-home"))
    assert routine_for(records, None, catalog.load).id == "daily-back"
    prescribe(records, my_back(**{"hip-flexor": 15}), "my-back", "kim", NOW, BUILT_INS)
    chosen = routine_for(records, None, catalog.load)
    assert (chosen.id, chosen.exercise("hip-flexor").hold_seconds) == ("my-back", 15)
    assert routine_for(records, "my-back", catalog.load) == chosen
    assert routine_for(records, "daily-back", catalog.load).id == "daily-back"


def test_the_routine_followed_is_the_prescribed_one_the_latest_session_ran() -> None:
    records = MemoryRepository()
    mine = prescribe(records, my_back(), "my-back", "kim", NOW, BUILT_INS)
    other = {**my_back(), "id": "evening", "name": "Evening"}
    prescribe(records, other, "evening", "kim", NOW + timedelta(hours=1), BUILT_INS)
    assert followed_id(records) == "evening"  # none run yet: the one prescribed last
    begin_session(records, mine.routine, NOW + timedelta(hours=2))
    assert followed_id(records) == "my-back"


def followed_id(records: MemoryRepository) -> str | None:
    found = followed(records)
    return None if found is None else found.routine.id
