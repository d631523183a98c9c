"""Form rules: what makes a position right, as a camera can see it.

A rule is checked on the 33 landmarks of BlazePose (`LANDMARKS`, in its order): each frame gives
every landmark as [x, y, z, visibility], x and y normalised to the picture (y runs down), plus
the picture's aspect (width / height), which angles need.

A stretch's rules say from where the camera must see the person (`view`), how to place it
(`camera`), and a short list of checks, each with the correction to say when it fails and a
priority (1 is said first). A check names landmarks by their BlazePose name (`left_knee`), by
the side the stretch works (`worked_knee`, `other_knee`: one rule serves both sides), or as the
middle of a pair (`mid_hip`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backstretch.core.routine import Exercise, Phase

LANDMARKS = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
# The parts that come in a left and a right landmark: `worked_`, `other_` and `mid_` apply.
PAIRED_PARTS = tuple(name.removeprefix("left_") for name in LANDMARKS if name.startswith("left_"))
SIDED_PREFIXES = ("worked_", "other_")
MID_PREFIX = "mid_"
LANDMARK_RULE = (
    "a BlazePose landmark such as left_knee, or worked_, other_ or mid_ with a part such as "
    "knee, hip, shoulder, wrist, ankle, heel or foot_index"
)


class View(StrEnum):
    """Where the camera sees the person from."""

    SIDE = "side"  # the left and right shoulders (and hips) nearly overlap in the picture
    FRONT = "front"  # from in front, behind, or from the feet: the two sides are apart


class CheckKind(StrEnum):
    ANGLE = "angle"  # the bend at the middle of three landmarks, in degrees
    BELOW = "below"  # lower in the picture than another landmark
    ABOVE = "above"  # higher in the picture than another landmark
    BEYOND = "beyond"  # further than another landmark, seen from a third
    NEAR = "near"  # within a distance of another landmark


RELATIONS = (CheckKind.BELOW, CheckKind.ABOVE, CheckKind.BEYOND, CheckKind.NEAR)


@dataclass(frozen=True)
class FormCheck:
    """One thing the camera checks, with the correction to say when it is off.

    `landmarks` are, for an angle, the three points with the vertex in the middle; for a
    relation, the landmark then the one it is compared with (and, for `beyond`, the one it is
    seen from). Angles pass within `low - tolerance` to `high + tolerance` degrees. Relations
    measure in torso lengths (the middle of the shoulders to the middle of the hips): `margin`
    is how far below, above or beyond the landmark must be; for `near`, how close.
    """

    id: str
    kind: CheckKind
    landmarks: tuple[str, ...]
    say: str
    priority: int
    low: float = 0.0
    high: float = 180.0
    tolerance: float = 0.0
    margin: float = 0.0


@dataclass(frozen=True)
class FormRules:
    """What the camera checks for one position of a stretch."""

    view: View
    camera: str
    checks: tuple[FormCheck, ...]


def resolve(name: str, side: str | None) -> tuple[str, ...]:
    """The BlazePose landmarks a name stands for: one, or the two whose middle it is.

    `worked_` is the side the stretch works (`side`, or the left when none is given), `other_`
    the opposite one.
    """
    if name in LANDMARKS:
        return (name,)
    if name.startswith(MID_PREFIX):
        part = name.removeprefix(MID_PREFIX)
        return (f"left_{part}", f"right_{part}")
    worked = "right" if side == "right" else "left"
    other = "left" if worked == "right" else "right"
    if name.startswith("worked_"):
        return (f"{worked}_{name.removeprefix('worked_')}",)
    return (f"{other}_{name.removeprefix('other_')}",)


def known_landmark(name: str) -> bool:
    """Whether a rule may name this landmark."""
    if name in LANDMARKS:
        return True
    for prefix in (*SIDED_PREFIXES, MID_PREFIX):
        if name.startswith(prefix):
            return name.removeprefix(prefix) in PAIRED_PARTS
    return False


def is_sided(name: str) -> bool:
    return name.startswith(SIDED_PREFIXES)


def rules_for(exercise: Exercise, phase: Phase | None = None) -> FormRules | None:
    """The rules for a position of the stretch: the phase's own, else the stretch's."""
    if phase is not None and phase.form is not None:
        return phase.form
    return exercise.form


def check_as_dict(check: FormCheck) -> dict[str, Any]:
    """A check as the judges read it (the same fields in Python and in the browser)."""
    return {
        "id": check.id,
        "kind": check.kind.value,
        "landmarks": list(check.landmarks),
        "say": check.say,
        "priority": check.priority,
        "low": check.low,
        "high": check.high,
        "tolerance": check.tolerance,
        "margin": check.margin,
    }


def rules_as_dict(rules: FormRules) -> dict[str, Any]:
    return {
        "view": rules.view.value,
        "camera": rules.camera,
        "checks": [check_as_dict(check) for check in rules.checks],
    }


def rules_from_dict(data: dict[str, Any]) -> FormRules:
    """Rules back from `rules_as_dict` (already checked when the routine was read)."""
    checks = tuple(
        FormCheck(
            id=item["id"],
            kind=CheckKind(item["kind"]),
            landmarks=tuple(item["landmarks"]),
            say=item["say"],
            priority=int(item["priority"]),
            low=float(item["low"]),
            high=float(item["high"]),
            tolerance=float(item["tolerance"]),
            margin=float(item["margin"]),
        )
        for item in data["checks"]
    )
    return FormRules(View(data["view"]), data["camera"], checks)
