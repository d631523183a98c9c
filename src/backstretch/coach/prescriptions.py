"""Prescribing a routine for a person: the routine is checked with the same checks as
`backstretch validate`, each change is stored as a new version with who made it and when, and the
person is told what changed ("cat-cow: cat 5 s → 10 s, changed by kim on 2 March 2026")."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from backstretch.catalog.catalog import Catalog, RoutineEntry
from backstretch.core.errors import InvalidRoutine, Problem
from backstretch.core.prescription import Prescription, changes_between, document_text
from backstretch.core.routine import DEFAULT_ROUTINE, Routine
from backstretch.core.validation import build_routine
from backstretch.storage.repository import Repository


@dataclass(frozen=True)
class Prescribed:
    """One version of a prescribed routine with what changed from the version before it."""

    prescription: Prescription
    routine: Routine
    changes: tuple[str, ...]
    stored: bool = True  # False: the same routine again, nothing new stored

    @property
    def created(self) -> bool:
        """The first version, stored just now."""
        return self.stored and self.prescription.version == 1


def source_of(routine_id: str) -> str:
    """How messages name a routine that arrives as data rather than as a file."""
    return f"routine {routine_id!r}"


def check_routine(data: Any, routine_id: str, builtin_ids: Collection[str]) -> Routine:
    """`data` (the routine file format's fields) as a routine for `routine_id`, checked as
    `backstretch validate` checks a file; InvalidRoutine with every problem. A missing id is
    the address's; another id, or a built-in's, is refused."""
    source = source_of(routine_id)
    if isinstance(data, dict) and data.get("id", routine_id) != routine_id:
        message = f"id {data['id']!r} does not match the routine addressed ({routine_id!r})"
        raise InvalidRoutine([Problem(source, message)])
    if isinstance(data, dict) and "id" not in data:
        data = {"id": routine_id, **data}
    return build_routine(data, source, reserved_ids=builtin_ids)


@functools.lru_cache(maxsize=64)
def routine_of(prescription: Prescription) -> Routine:
    """The routine of a stored version (checked when it was stored; built once per version,
    as every request of a session asks for it)."""
    source = f"prescribed by {prescription.prescribed_by}"
    return build_routine(prescription.data(), source)


def prescribe(
    records: Repository,
    data: Any,
    routine_id: str,
    clinician: str,
    now: datetime,
    builtin_ids: Collection[str],
) -> Prescribed:
    """Check `data` and store it as the next version of `routine_id` for the person of
    `records`. The same routine again stores nothing and answers the current version."""
    routine = check_routine(data, routine_id, builtin_ids)
    document = document_text({"id": routine_id, **data})
    versions = records.prescriptions(routine_id)
    if versions and versions[-1].document == document:
        return Prescribed(versions[-1], routine_of(versions[-1]), (), stored=False)
    number = versions[-1].version + 1 if versions else 1
    prescription = Prescription(routine_id, number, document, clinician, now)
    records.add_prescription(prescription)
    before = routine_of(versions[-1]) if versions else None
    changes = tuple(changes_between(before, routine)) if before else ()
    return Prescribed(prescription, routine_of(prescription), changes)


def history(records: Repository, routine_id: str) -> list[Prescribed]:
    """Every version of `routine_id`, oldest first, each with its changes from the one before."""
    return described(records.prescriptions(routine_id))


def described(versions: list[Prescription]) -> list[Prescribed]:
    found: list[Prescribed] = []
    for prescription in versions:
        routine = routine_of(prescription)
        changes = changes_between(found[-1].routine, routine) if found else []
        found.append(Prescribed(prescription, routine, tuple(changes)))
    return found


def changes(records: Repository, routine_id: str, first: int, second: int) -> list[str]:
    """What changed from version `first` to version `second` of `routine_id`; KeyError if
    either version is not stored."""
    routines = {p.version: p for p in records.prescriptions(routine_id)}
    return changes_between(routine_of(routines[first]), routine_of(routines[second]))


def current(records: Repository) -> list[Prescribed]:
    """The latest version of each routine prescribed for the person, by routine id, each with
    its changes from the version before."""
    versions: dict[str, list[Prescription]] = {}
    for prescription in records.prescriptions():
        versions.setdefault(prescription.routine_id, []).append(prescription)
    return [described(each)[-1] for each in versions.values()]


@dataclass(frozen=True)
class SavedRoutine:
    """A person's own routine file written from the browser, with what changed in it."""

    routine: Routine
    changes: tuple[str, ...]
    created: bool
    path: Path


def save_own(catalog: Catalog, data: Any, routine_id: str) -> SavedRoutine:
    """Check `data` as `prescribe` does and save it as the person's own routine file, so the
    terminal's `start ROUTINE_ID` runs it too (personal mode: no accounts, no versions)."""
    routine = check_routine(data, routine_id, catalog.builtin_ids())
    own = catalog.own_entry(routine_id)
    before = own.routine if own else None
    path = catalog.save(routine_id, {"id": routine_id, **data})
    changes = tuple(changes_between(before, routine)) if before else ()
    return SavedRoutine(routine, changes, before is None, path)


SEED = "daily-back"
LIBRARY = "library"


def starting_document(records: Repository, catalog: Catalog) -> dict[str, Any]:
    """What a clinician's form starts from: the routine last prescribed for the person, or the
    seed routine under a new id of the person's own (a built-in id cannot be prescribed)."""
    latest = max(records.prescriptions(), key=lambda p: p.at, default=None)
    if latest is not None:
        data: dict[str, Any] = latest.data()
        return data
    seed = dict(catalog.builtin_document(SEED))
    return {**seed, "id": "my-back", "name": f"{seed['name']} (prescribed)"}


def library_exercises(catalog: Catalog) -> list[dict[str, Any]]:
    """Every exercise a clinician may add: the library's, then the seed's, each id once."""
    found: dict[str, dict[str, Any]] = {}
    for routine_id in (LIBRARY, SEED):
        for exercise in catalog.builtin_document(routine_id)["exercises"]:
            found.setdefault(exercise["id"], exercise)
    return list(found.values())


def prescribed_routine(records: Repository, routine_id: str) -> Routine | None:
    """The current version of `routine_id` prescribed for the person, or None."""
    found = latest(records, routine_id)
    return found[1] if found else None


def latest(records: Repository, routine_id: str) -> tuple[Prescription, Routine] | None:
    """The current prescription of `routine_id` for the person and its routine, or None."""
    versions = records.prescriptions(routine_id)
    return (versions[-1], routine_of(versions[-1])) if versions else None


def followed(records: Repository) -> Prescribed | None:
    """The prescribed routine the person follows now: the one their latest session ran when
    it is prescribed, else the one prescribed last; None when nothing is prescribed for them."""
    latest = records.summaries(limit=1)
    wanted = latest[0].session.routine_id if latest else DEFAULT_ROUTINE
    found = current(records)
    chosen = next((p for p in found if p.routine.id == wanted), None)
    return chosen or max(found, key=lambda p: p.prescription.at, default=None)


def routine_for(records: Repository, name: str | None, load: Callable[[str], Routine]) -> Routine:
    """The routine a session of `name` runs for the person: the version prescribed for them
    under that id, else `load(name)` (a built-in, their own file); without a name, the
    prescribed routine they follow, else the default routine."""
    if name is None:
        chosen = followed(records)
        return chosen.routine if chosen is not None else load(DEFAULT_ROUTINE)
    found = prescribed_routine(records, name)
    return found if found is not None else load(name)


def with_prescribed(records: Repository, entries: Iterable[RoutineEntry]) -> list[RoutineEntry]:
    """The person's routines: `entries` (built-in and their own), each prescribed routine
    in place of one of the same id, the prescribed ones last."""
    prescribed_entries = [
        RoutineEntry(p.routine.id, p.routine.source, p.routine) for p in current(records)
    ]
    taken = {entry.id for entry in prescribed_entries}
    return [entry for entry in entries if entry.id not in taken] + prescribed_entries


def unseen(records: Repository, routine_id: str) -> list[Prescribed]:
    """The versions of `routine_id` prescribed since the person last began a session of it
    (every version if they never did), oldest first, each with its changes: the changes to
    tell them before their next session, once."""
    versions = described(records.prescriptions(routine_id))
    if not versions:
        return []
    sessions = records.summaries(since=versions[0].prescription.at)
    ran = [s.session.started_at for s in sessions if s.session.routine_id == routine_id]
    last = max(ran, default=None)
    return [v for v in versions if last is None or v.prescription.at > last]
