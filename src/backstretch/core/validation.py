"""Turn a parsed routine document into a `Routine`, or report every problem in it.

The checks are pure: the caller parses the file and passes a `line_of(path)` lookup so each
message can name the line. Limits live in `LIMITS` and also feed the published JSON Schema.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Never, cast

from backstretch.core.errors import InvalidRoutine, Problem
from backstretch.core.pose import JOINTS, REQUIRED_JOINTS, Area, Point, Pose, View
from backstretch.core.routine import Exercise, Phase, Routine, Sides, Timing

Path = tuple[str | int, ...]
LineOf = Callable[[Path], "int | None"]

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
ID_RULE = "a short id of lower-case letters, digits and hyphens, such as 'daily-back'"


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str


LIMITS = {
    "hold_seconds": Range(1, 600, "seconds"),
    "reps": Range(1, 100, "reps"),
    "timing": Range(0, 300, "seconds"),
    "exercises": Range(1, 30, "exercises"),
    "phases": Range(1, 10, "phases"),
    "name": Range(1, 80, "characters"),
    "text": Range(1, 2000, "characters"),
    "pose_x": Range(0, 300, "cm"),
    "pose_y": Range(0, 250, "cm"),
}

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
)
PHASE_FIELDS = ("name", "hold_seconds", "instruction", "pose")
# The fields an unknown-field message lists: the words and the dose every stretch has. The
# picture (`pose`) is accepted and suggested by "did you mean", but it is written by copying a
# figure rather than by hand, so the list stays the one people know.
LISTED_FIELDS: dict[tuple[str, ...], tuple[str, ...]] = {EXERCISE_FIELDS: EXERCISE_FIELDS[:-1]}
POSE_SETTINGS = ("view", "feel")
JOINT_RULE = (
    "joints are head, neck, mid_back, and left_ or right_ shoulder, elbow, wrist, hip, knee, "
    "ankle or toes; other fields: view, feel"
)
REQUIRED_JOINT_RULE = (
    "every pose needs head, neck, and left_ and right_ shoulder, elbow, wrist, hip, knee and ankle"
)
AREA_RULE = (
    "neck, upper_back, lower_back, or left_ or right_ shoulder, upper_arm, forearm, hip, "
    "thigh or lower_leg"
)
# A checked value that failed; typed Never so it stands in for any result type.
INVALID: Never = cast(Never, object())
# YAML turns some unquoted text into other things; say how to keep it text.
YAML_TEXT_HINTS = {
    dict: "; put text that contains ': ' in quotes",
    bool: "; put yes, no, on and off in quotes to keep them as words",
}


def failed(value: Any) -> bool:
    """Whether a value already failed its check (and was reported)."""
    return value is INVALID


def describe(value: Any) -> str:
    """Show a bad value the way the person wrote it, briefly."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return value.isoformat()  # YAML reads 2024-01-31 as a date
    if isinstance(value, bytes):
        return "binary data"
    return repr(value) if not isinstance(value, float) else f"{value:g}"


@dataclass
class Checker:
    """Collects problems while walking one document."""

    source: str
    line_of: LineOf
    problems: list[Problem] = field(default_factory=list)
    exercise: str | None = None

    def report(self, path: Path, message: str) -> None:
        line = None
        for cut in range(len(path), -1, -1):
            line = self.line_of(path[:cut])
            if line is not None:
                break
        self.problems.append(Problem(self.source, message, line, self.exercise))

    def mapping(self, value: Any, path: Path, label: str, allowed: tuple[str, ...]) -> bool:
        if not isinstance(value, dict):
            self.report(path, f"{label} must be a mapping of fields (got {describe(value)})")
            return False
        for key in value:
            if key not in allowed:
                message = unknown_field(key, label, allowed, LISTED_FIELDS.get(allowed, allowed))
                self.report((*path, str(key)), message)
        return True

    def required(self, data: dict[str, Any], path: Path, name: str, hint: str) -> Any:
        if name not in data or data[name] is None:
            self.report((*path, name), f"{name} is required ({hint})")
            return INVALID
        return data[name]

    def identifier(self, value: Any, path: Path, name: str) -> str:
        if failed(value):
            return INVALID
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.report(path, f"{name} must be {ID_RULE} (got {describe(value)})")
            return INVALID
        return value

    def text(self, value: Any, path: Path, name: str, limit: str = "text") -> str:
        if failed(value):
            return INVALID
        bounds = LIMITS[limit]
        if not isinstance(value, str) or not value.strip():
            hint = YAML_TEXT_HINTS.get(type(value), "")
            self.report(path, f"{name} must be non-empty text (got {describe(value)}){hint}")
            return INVALID
        if len(value) > bounds.high:
            self.report(
                path, f"{name} must be at most {bounds.high:g} characters (got {len(value)})"
            )
            return INVALID
        return value.strip()

    def texts(self, value: Any, path: Path, name: str, least: int = 0) -> tuple[str, ...]:
        if failed(value):
            return INVALID
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(path, f"{name} must be a list of text lines (got {describe(value)})")
            return INVALID
        if len(value) < least:
            self.report(path, f"{name} must list at least {least} line (got an empty list)")
            return INVALID
        items = tuple(
            self.text(item, (*path, i), f"{name} item {i + 1}") for i, item in enumerate(value)
        )
        return INVALID if any(item is INVALID for item in items) else items

    def number(self, value: Any, path: Path, name: str, limit: str) -> float:
        if failed(value):
            return INVALID
        bounds = LIMITS[limit]
        allowed = f"between {bounds.low:g} and {bounds.high:g} {bounds.unit}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(path, f"{name} must be a number {allowed} (got {describe(value)})")
            return INVALID
        if not math.isfinite(value) or not bounds.low <= value <= bounds.high:
            self.report(path, f"{name} must be {allowed} (got {describe(value)})")
            return INVALID
        return float(value)

    def count(self, value: Any, path: Path, name: str, limit: str) -> int:
        if failed(value):
            return INVALID
        bounds = LIMITS[limit]
        allowed = f"a whole number between {bounds.low:g} and {bounds.high:g}"
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 5.0 is five, as JSON Schema's "integer" also says
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(path, f"{name} must be {allowed} (got {describe(value)})")
            return INVALID
        if not bounds.low <= value <= bounds.high:
            self.report(path, f"{name} must be {allowed} (got {describe(value)})")
            return INVALID
        return value


def unknown_field(
    key: Any, label: str, allowed: tuple[str, ...], listed: tuple[str, ...] | None = None
) -> str:
    near = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'? " if near else ""
    shown = "without a name" if key is None else describe(key)
    return f"unknown field {shown} in {label} ({hint}allowed: {', '.join(listed or allowed)})"


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
    if not check.mapping(data, path, "the exercise", EXERCISE_FIELDS):
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
    pose = build_pose(check, data.get("pose"), (*path, "pose"), "pose")
    shared_pose = None if failed(pose) else pose
    phases = build_phases(check, data.get("phases"), (*path, "phases"), hold, shared_pose)
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
    )


def build_sides(check: Checker, value: Any, path: Path) -> Sides:
    allowed = ", ".join(side.value for side in Sides)
    if isinstance(value, str) and value in {side.value for side in Sides}:
        return Sides(value)
    check.report(path, f"sides must be one of {allowed} (got {describe(value)})")
    return INVALID


def build_phases(
    check: Checker, data: Any, path: Path, hold: float | None, pose: Pose | None = None
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
    phases = [build_phase(check, item, (*path, i), i, hold, pose) for i, item in enumerate(data)]
    names = [p.name for p in phases if p is not INVALID]
    if len(set(names)) != len(names):
        check.report(path, f"phase names must differ from each other (got {', '.join(names)})")
        return INVALID
    return INVALID if INVALID in phases else tuple(phases)


def build_phase(
    check: Checker, data: Any, path: Path, index: int, hold: float | None, pose: Pose | None
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
    if any(failed(value) for value in (name, phase_hold, instruction, own_pose)):
        return INVALID
    # Like hold_seconds, a phase without a pose of its own shows the exercise's.
    return Phase(name, phase_hold, instruction or "", own_pose if own_pose is not None else pose)


def build_pose(check: Checker, data: Any, path: Path, label: str) -> Pose | None:
    """A pose: joint names with [x, y] points, plus where the stretch is felt and the view."""
    if data is None:
        return None
    if not isinstance(data, dict):
        message = f"{label} must be a mapping of joint names to [x, y] points"
        check.report(path, f"{message} (got {describe(data)})")
        return INVALID
    problems_before = len(check.problems)
    joints: dict[str, Point] = {}
    for key, value in data.items():
        if key in POSE_SETTINGS or (key in JOINTS and value is None):
            continue  # an optional joint left empty is left out; a required one is missing
        if key not in JOINTS:
            check.report((*path, str(key)), unknown_joint(key, label))
            continue
        joints[key] = build_point(check, value, (*path, key), f"{label}.{key}")
    missing = [joint for joint in REQUIRED_JOINTS if data.get(joint) is None]
    if missing:
        check.report(path, f"{label} is missing {', '.join(missing)} ({REQUIRED_JOINT_RULE})")
    feel = build_feel(check, data.get("feel"), (*path, "feel"), f"{label}.feel")
    view = build_view(check, data.get("view"), (*path, "view"), f"{label}.view")
    if len(check.problems) > problems_before:
        return INVALID
    return Pose.of(joints, feel, view)


def unknown_joint(key: Any, label: str) -> str:
    names = (*JOINTS, *POSE_SETTINGS)
    near = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'? " if near else ""
    shown = "without a name" if key is None else describe(key)
    return f"unknown joint {shown} in the {label} ({hint}{JOINT_RULE})"


def build_point(check: Checker, value: Any, path: Path, name: str) -> Point:
    if not isinstance(value, list) or len(value) != 2:
        shown = f"a list of {len(value)}" if isinstance(value, list) else describe(value)
        check.report(path, f"{name} must be a pair of numbers [x, y] (got {shown})")
        return INVALID
    x = check.number(value[0], (*path, 0), f"{name} x", "pose_x")
    y = check.number(value[1], (*path, 1), f"{name} y", "pose_y")
    return INVALID if failed(x) or failed(y) else Point(x, y)


def build_feel(check: Checker, value: Any, path: Path, name: str) -> tuple[Area, ...]:
    """Where the stretch is felt: area names, as a list (or one name on its own)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        check.report(path, f"{name} must be a list of body areas (got {describe(value)})")
        return INVALID
    areas = []
    for index, item in enumerate(items):
        if isinstance(item, str) and item in {area.value for area in Area}:
            areas.append(Area(item))
            continue
        near = difflib.get_close_matches(str(item), [a.value for a in Area], n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        where = (*path, index) if isinstance(value, list) else path
        check.report(
            where,
            f"{name} item {index + 1} must be one of {AREA_RULE} (got {describe(item)}){hint}",
        )
    return INVALID if len(areas) < len(items) else tuple(dict.fromkeys(areas))


def build_view(check: Checker, value: Any, path: Path, name: str) -> View:
    if value is None:
        return View.SIDE
    if isinstance(value, str) and value in {view.value for view in View}:
        return View(value)
    allowed = " or ".join(view.value for view in View)
    check.report(path, f"{name} must be {allowed} (got {describe(value)})")
    return INVALID
