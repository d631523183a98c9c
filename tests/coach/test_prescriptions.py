"""Prescribing a routine: checked as `backstretch validate` checks a file, a new version for each
change, told in words, with who prescribed it and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backstretch.catalog.catalog import Catalog
from backstretch.coach.prescriptions import (
    changes,
    current,
    history,
    prescribe,
    prescribed_routine,
)
from backstretch.core.errors import InvalidRoutine
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
