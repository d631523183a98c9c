"""A routine a clinician prescribes for a person: each change is a new version, kept with who
made it and when, and told to the person in words ("cat-cow: cat 5 s → 10 s")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backstretch.core.routine import Exercise, Routine, Timing
from backstretch.core.units import format_seconds


@dataclass(frozen=True)
class Prescription:
    """One version of a prescribed routine. `document` is the routine as JSON, in the fields
    of the routine file format (docs/routines.md), exactly as it was checked."""

    routine_id: str
    version: int
    document: str
    prescribed_by: str
    at: datetime

    def data(self) -> Any:
        """The routine document as plain values, as a routine file parses to."""
        return json.loads(self.document)


def document_text(data: Any) -> str:
    """The one way a routine document is written as JSON, so equal routines store equally."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


TIMING_WORDS = {
    "get_ready_seconds": "get ready",
    "release_seconds": "release",
    "switch_sides_seconds": "switch sides",
}


def changes_between(before: Routine, after: Routine) -> list[str]:
    """What changed from `before` to `after`, one line each, in the routine's order:
    ``cat-cow: hold 5 s → 10 s``, ``bridge: added``, ``timing: release 3 s → 5 s``."""
    lines = [f"name: {before.name} → {after.name}"] if before.name != after.name else []
    lines += timing_changes(before.timing, after.timing)
    old = {exercise.id: exercise for exercise in before.exercises}
    new_ids = [exercise.id for exercise in after.exercises]
    for exercise in after.exercises:
        earlier = old.get(exercise.id)
        lines += [f"{exercise.id}: added"] if earlier is None else dose_changes(earlier, exercise)
    lines += [f"{gone}: removed" for gone in old if gone not in new_ids]
    kept_order = [i for i in new_ids if i in old]
    if kept_order != [i for i in old if i in new_ids]:
        lines.append(f"order: {', '.join(new_ids)}")
    return lines


def timing_changes(before: Timing, after: Timing) -> list[str]:
    return [
        f"timing: {words} {format_seconds(getattr(before, name))} → "
        f"{format_seconds(getattr(after, name))}"
        for name, words in TIMING_WORDS.items()
        if getattr(before, name) != getattr(after, name)
    ]


def dose_changes(before: Exercise, after: Exercise) -> list[str]:
    """One exercise's changes of hold (or each phase's), reps and sides."""
    parts = []
    old_phases = {phase.name: phase.hold_seconds for phase in before.hold_phases}
    for phase in after.hold_phases:
        was = old_phases.get(phase.name)
        if was is not None and was != phase.hold_seconds:
            parts.append(
                f"{phase.name} {format_seconds(was)} → {format_seconds(phase.hold_seconds)}"
            )
    if [p.name for p in before.hold_phases] != [p.name for p in after.hold_phases]:
        parts.append(f"phases {phase_names(before)} → {phase_names(after)}")
    if before.reps != after.reps:
        parts.append(f"reps {before.reps} → {after.reps}")
    if before.sides != after.sides:
        parts.append(f"sides {before.sides.value} → {after.sides.value}")
    if not parts and before != after:
        parts.append("words or picture changed")
    return [f"{after.id}: {part}" for part in parts]


def phase_names(exercise: Exercise) -> str:
    return " + ".join(phase.name for phase in exercise.hold_phases)
