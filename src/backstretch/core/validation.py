"""Turn a parsed routine document into a `Routine`, or report every problem in it.

The checks are pure: the caller parses the file and passes a `line_of(path)` lookup so each
message can name the line. Limits live in `LIMITS` and also feed the published JSON Schema.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from backstretch.core.checking import (
    ID_PATTERN,
    ID_RULE,
    INVALID,
    LIMITS,
    Checker,
    LineOf,
    Path,
    Range,
    describe,
    failed,
    unknown_field,
)
from backstretch.core.errors import InvalidRoutine
from backstretch.core.form import FormRules
from backstretch.core.form_validation import build_form
from backstretch.core.pose import Pose
from backstretch.core.pose_validation import build_pose
from backstretch.core.routine import Exercise, Phase, Routine, Side, Sides, Timing

__all__ = [
    "EXERCISE_FIELDS",
    "ID_PATTERN",
    "ID_RULE",
    "LIMITS",
    "PHASE_FIELDS",
    "ROUTINE_FIELDS",
    "TIMING_FIELDS",
    "LineOf",
    "Path",
    "Range",
    "build_routine",
    "describe",
    "unknown_field",
]


ROUTINE_FIELDS = ("id", "name", "description", "timing", "exercises")
TIMING_FIELDS = ("get_ready_seconds", "release_seconds", "switch_sides_seconds")
EXERCISE_FIELDS = (
    "id",
    "name",
    "purpose",
    "steps",
    "cautions",
    "notes",
    "hold_seconds",
    "reps",
    "sides",
    "phases",
    "pose",
    "side_cue",
    "form",
)
SIDE_CUE_HINT = "what to do on that side, such as 'roll both knees to your left'"
PHASE_FIELDS = ("name", "hold_seconds", "instruction", "pose", "form")
# The fields an unknown-field message lists: the words and the dose every stretch has. The
# picture (`pose`) is accepted and suggested by "did you mean", but it is written by copying a
# figure rather than by hand, so the list stays the one people know.
LISTED_EXERCISE_FIELDS = tuple(
    name for name in EXERCISE_FIELDS if name not in {"pose", "side_cue", "form"}
)


def build_routine(
    data: Any,
    source: str,
    line_of: LineOf = lambda path: None,
    reserved_ids: Collection[str] = (),
) -> Routine:
    """Check a parsed routine document and build the routine.

    Args:
        data: the document as plain Python values (mappings, lists, strings, numbers).
        source: the file name used in messages.
        line_of: the line where the value at a path starts, when known.
        reserved_ids: routine ids already taken (the built-in routines), refused for user files.

    Raises:
        InvalidRoutine: with every problem found, in document order.
    """
    check = Checker(source, line_of)
    if not check.mapping(data, (), "the routine", ROUTINE_FIELDS):
        raise InvalidRoutine(check.problems)
    routine_id = check.identifier(check.required(data, (), "id", ID_RULE), ("id",), "id")
    if routine_id is not INVALID and routine_id in reserved_ids:
        check.report(
            ("id",), f"id {routine_id!r} is taken by a built-in routine; choose another id"
        )
    name = check.text(
        check.required(data, (), "name", "the routine's title"), ("name",), "name", "name"
    )
    description = data.get("description")
    if description is not None:
        description = check.text(description, ("description",), "description")
    timing = build_timing(check, data.get("timing"))
    exercises = build_exercises(check, check.required(data, (), "exercises", "a list of stretches"))
    if check.problems:
        raise InvalidRoutine(sorted(check.problems, key=lambda p: p.line or 0))
    return Routine(routine_id, name, exercises, description or "", timing, source)


def build_timing(check: Checker, data: Any) -> Timing:
    if data is None:
        return Timing()
    if not check.mapping(data, ("timing",), "timing", TIMING_FIELDS):
        return INVALID
    values = {
        name: check.number(data[name], ("timing", name), f"timing.{name}", "timing")
        for name in TIMING_FIELDS
        if data.get(name) is not None  # left empty: the default, as for every optional field
    }
    return INVALID if INVALID in values.values() else Timing(**values)


def build_exercises(check: Checker, data: Any) -> tuple[Exercise, ...]:
    if failed(data):
        return INVALID
    bounds = LIMITS["exercises"]
    if not isinstance(data, list) or not bounds.low <= len(data) <= bounds.high:
        shown = f"{len(data)} exercises" if isinstance(data, list) else describe(data)
        check.report(
            ("exercises",),
            f"exercises must be a list of {bounds.low:g} to {bounds.high:g} stretches "
            f"(got {shown})",
        )
        return INVALID
    exercises = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        exercise_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(exercise_id, str) and ID_PATTERN.fullmatch(exercise_id):
            check.exercise = repr(exercise_id)
            if exercise_id in seen:
                check.report(
                    ("exercises", index, "id"),
                    f"id {exercise_id!r} is already used by exercise {seen[exercise_id] + 1}; "
                    "each exercise needs its own id",
                )
            seen.setdefault(exercise_id, index)
        else:
            check.exercise = str(index + 1)
        exercises.append(build_exercise(check, item, ("exercises", index)))
    check.exercise = None
    return INVALID if any(e is INVALID for e in exercises) else tuple(exercises)


def build_exercise(check: Checker, data: Any, path: Path) -> Exercise:
    if not check.mapping(data, path, "the exercise", EXERCISE_FIELDS, LISTED_EXERCISE_FIELDS):
        return INVALID
    problems_before = len(check.problems)
    exercise_id = check.identifier(check.required(data, path, "id", ID_RULE), (*path, "id"), "id")
    name = check.text(
        check.required(data, path, "name", "the stretch's name"), (*path, "name"), "name", "name"
    )
    steps = check.texts(
        check.required(data, path, "steps", "step-by-step instructions"),
        (*path, "steps"),
        "steps",
        least=1,
    )
    optional_text = {
        key: check.texts(data[key], (*path, key), key) if data.get(key) is not None else ()
        for key in ("cautions", "notes")
    }
    purpose = data.get("purpose")
    if purpose is not None:
        purpose = check.text(purpose, (*path, "purpose"), "purpose")
    hold = data.get("hold_seconds")
    hold = (
        check.number(hold, (*path, "hold_seconds"), "hold_seconds", "hold_seconds")
        if hold is not None
        else None
    )
    reps = check.count(
        check.required(data, path, "reps", "how many times to repeat the hold"),
        (*path, "reps"),
        "reps",
        "reps",
    )
    sides_value = data.get("sides")
    sides = build_sides(
        check, Sides.NONE.value if sides_value is None else sides_value, (*path, "sides")
    )
    side_cue = build_side_cue(check, data.get("side_cue"), (*path, "side_cue"), sides)
    pose = build_pose(check, data.get("pose"), (*path, "pose"), "pose")
    shared_pose = None if failed(pose) else pose
    sided = sides is not INVALID and sides is not Sides.NONE
    form = build_form(check, data.get("form"), (*path, "form"), "form", sided)
    shared = Shared(shared_pose, None if failed(form) else form, sided)
    phases = build_phases(check, data.get("phases"), (*path, "phases"), hold, shared)
    if hold is None and not phases and phases is not INVALID:
        check.report(
            (*path, "hold_seconds"), "hold_seconds is required (how long to hold, in seconds)"
        )
    if len(check.problems) > problems_before:
        return INVALID
    shared_hold = hold if hold is not None else phases[0].hold_seconds
    return Exercise(
        id=exercise_id,
        name=name,
        hold_seconds=shared_hold,
        reps=reps,
        sides=sides,
        purpose=purpose or "",
        steps=steps,
        cautions=optional_text["cautions"],
        notes=optional_text["notes"],
        phases=phases,
        pose=pose,
        side_cue=side_cue,
        form=form,
    )


def build_side_cue(
    check: Checker, data: Any, path: Path, sides: Sides
) -> tuple[tuple[Side, str], ...]:
    """What each side means for a sided stretch: a phrase for the left and one for the right."""
    if data is None:
        return ()
    if sides is Sides.NONE:
        check.report(path, "side_cue is only for a sided stretch (give sides: each or alternate)")
        return INVALID
    names = tuple(side.value for side in Side)
    if not check.mapping(data, path, "side_cue", names):
        return INVALID
    cues = tuple(
        (
            side,
            check.text(
                check.required(data, path, side.value, SIDE_CUE_HINT),
                (*path, side.value),
                f"side_cue.{side.value}",
            ),
        )
        for side in Side
    )
    return INVALID if any(failed(text) for _, text in cues) else cues


def build_sides(check: Checker, value: Any, path: Path) -> Sides:
    allowed = ", ".join(side.value for side in Sides)
    if isinstance(value, str) and value in {side.value for side in Sides}:
        return Sides(value)
    check.report(path, f"sides must be one of {allowed} (got {describe(value)})")
    return INVALID


@dataclass(frozen=True)
class Shared:
    """What a stretch gives the phases that leave it out: its picture, its form rules (their
    view and camera), and whether it is sided."""

    pose: Pose | None = None
    form: FormRules | None = None
    sided: bool = False


def build_phases(
    check: Checker, data: Any, path: Path, hold: float | None, shared: Shared = Shared()
) -> tuple[Phase, ...]:
    if data is None:
        return ()
    bounds = LIMITS["phases"]
    if not isinstance(data, list) or not bounds.low <= len(data) <= bounds.high:
        shown = f"{len(data)} phases" if isinstance(data, list) else describe(data)
        check.report(
            path,
            f"phases must be a list of {bounds.low:g} to {bounds.high:g} positions (got {shown})",
        )
        return INVALID
    phases = [build_phase(check, item, (*path, i), i, hold, shared) for i, item in enumerate(data)]
    names = [p.name for p in phases if p is not INVALID]
    if len(set(names)) != len(names):
        check.report(path, f"phase names must differ from each other (got {', '.join(names)})")
        return INVALID
    return INVALID if INVALID in phases else tuple(phases)


def build_phase(
    check: Checker, data: Any, path: Path, index: int, hold: float | None, shared: Shared
) -> Phase:
    label = f"phase {index + 1}"
    if not check.mapping(data, path, label, PHASE_FIELDS):
        return INVALID
    name = check.text(
        check.required(data, path, "name", "such as 'cat'"),
        (*path, "name"),
        f"{label} name",
        "name",
    )
    phase_hold = data.get("hold_seconds")
    if phase_hold is None and hold is None:
        check.report(
            path, f"{label} needs hold_seconds (or give the exercise a hold_seconds to share)"
        )
        return INVALID
    phase_hold = check.number(
        phase_hold if phase_hold is not None else hold,
        (*path, "hold_seconds"),
        f"{label} hold_seconds",
        "hold_seconds",
    )
    instruction = data.get("instruction")
    if instruction is not None:
        instruction = check.text(instruction, (*path, "instruction"), f"{label} instruction")
    own_pose = build_pose(check, data.get("pose"), (*path, "pose"), f"{label} pose")
    form = build_form(
        check, data.get("form"), (*path, "form"), f"{label} form", shared.sided, shared.form
    )
    if any(failed(value) for value in (name, phase_hold, instruction, own_pose, form)):
        return INVALID
    # Like hold_seconds, a phase without a pose of its own shows the exercise's; its form stays
    # its own (None: the camera checks the stretch's rules).
    pose = own_pose if own_pose is not None else shared.pose
    return Phase(name, phase_hold, instruction or "", pose, form)
