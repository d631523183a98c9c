"""Checks of the `form` field: the view, the camera advice and the checks a camera makes. A
form is optional; when given, every message names its line like any other field."""

from __future__ import annotations

import difflib
from typing import Any

from backstretch.core.checking import INVALID, LIMITS, Checker, Path, describe, failed
from backstretch.core.form import (
    LANDMARK_RULE,
    LANDMARKS,
    RELATIONS,
    CheckKind,
    FormCheck,
    FormRules,
    View,
    is_sided,
    known_landmark,
)

FORM_FIELDS = ("view", "camera", "checks")
CHECK_FIELDS = (
    "id",
    "say",
    "priority",
    "angle",
    "degrees",
    "tolerance",
    "landmark",
    "below",
    "above",
    "beyond",
    "seen_from",
    "near",
    "within",
    "margin",
)
KINDS = tuple(kind.value for kind in CheckKind)
# The fields each kind of check takes, besides id, say and priority.
KIND_FIELDS = {
    CheckKind.ANGLE: ("angle", "degrees", "tolerance"),
    CheckKind.BELOW: ("landmark", "below", "margin"),
    CheckKind.ABOVE: ("landmark", "above", "margin"),
    CheckKind.BEYOND: ("landmark", "beyond", "seen_from", "margin"),
    CheckKind.NEAR: ("landmark", "near", "within"),
}
KIND_RULE = "angle (three landmarks), or landmark with one of below, above, beyond or near"
# Said when the person cannot be seen, for a form that gives no advice of its own.
DEFAULT_CAMERA = "Put the camera where it sees your whole body, about 2 m away."
DEFAULT_TOLERANCE = 10.0  # degrees outside an angle's range that still pass


def build_form(
    check: Checker,
    data: Any,
    path: Path,
    label: str,
    sided: bool,
    shared: FormRules | None = None,
) -> FormRules | None:
    """A stretch's form (or a phase's, which takes the view and camera of `shared`)."""
    if data is None:
        return None
    if not check.mapping(data, path, label, FORM_FIELDS):
        return INVALID
    problems_before = len(check.problems)
    view = build_view(check, data.get("view"), (*path, "view"), label, shared)
    camera = data.get("camera")
    if camera is None:
        camera = shared.camera if shared is not None else DEFAULT_CAMERA
    camera = check.text(camera, (*path, "camera"), f"{label}.camera")
    checks = build_checks(check, data.get("checks"), (*path, "checks"), label, sided)
    if len(check.problems) > problems_before:
        return INVALID
    # A phase's checks come on top of the stretch's (all fours, then the cat's head down).
    inherited = shared.checks if shared is not None else ()
    taken = sorted({c.id for c in inherited} & {c.id for c in checks})
    if taken:
        check.report(
            (*path, "checks"),
            f"{label} check ids must differ from the stretch's (got {', '.join(taken)} again)",
        )
        return INVALID
    return FormRules(view, camera, inherited + checks)


def build_view(
    check: Checker, value: Any, path: Path, label: str, shared: FormRules | None
) -> View:
    if value is None:
        return shared.view if shared is not None else View.SIDE
    if isinstance(value, str) and value in {view.value for view in View}:
        return View(value)
    allowed = " or ".join(view.value for view in View)
    check.report(path, f"{label}.view must be {allowed} (got {describe(value)})")
    return INVALID


def build_checks(
    check: Checker, data: Any, path: Path, label: str, sided: bool
) -> tuple[FormCheck, ...]:
    bounds = LIMITS["checks"]
    if not isinstance(data, list) or not bounds.low <= len(data) <= bounds.high:
        shown = f"{len(data)} checks" if isinstance(data, list) else describe(data)
        check.report(
            path,
            f"{label}.checks must be a list of {bounds.low:g} to {bounds.high:g} checks "
            f"(got {shown})",
        )
        return INVALID
    built = [
        build_check(check, item, (*path, i), f"{label} check {i + 1}", sided)
        for i, item in enumerate(data)
    ]
    ids = [item.id for item in built if not failed(item)]
    repeated = sorted({name for name in ids if ids.count(name) > 1})
    if repeated:
        check.report(path, f"{label} check ids must differ (got {', '.join(repeated)} twice)")
        return INVALID
    return INVALID if any(failed(item) for item in built) else tuple(built)


def build_check(check: Checker, data: Any, path: Path, label: str, sided: bool) -> FormCheck:
    if not check.mapping(data, path, label, CHECK_FIELDS):
        return INVALID
    problems_before = len(check.problems)
    check_id = check.identifier(
        check.required(data, path, "id", "a short name such as 'front-knee'"), (*path, "id"), "id"
    )
    say = check.text(
        check.required(data, path, "say", "the correction to say, such as 'straighten your knee'"),
        (*path, "say"),
        f"{label} say",
    )
    priority = check.count(
        check.required(data, path, "priority", "1 is said first"),
        (*path, "priority"),
        f"{label} priority",
        "priority",
    )
    kinds = [kind for kind in KINDS if data.get(kind) is not None]
    if len(kinds) != 1:
        given = ", ".join(kinds) if kinds else "none"
        check.report(path, f"{label} needs exactly one of {KIND_RULE} (got {given})")
        return INVALID
    kind = CheckKind(kinds[0])
    for key in CHECK_FIELDS[3:]:
        if key not in KIND_FIELDS[kind] and data.get(key) is not None:
            check.report((*path, key), f"{label} {key} does not apply to {kind.value}")
    if kind is CheckKind.ANGLE:
        shape = build_angle(check, data, path, label)
    else:
        shape = build_relation(check, data, path, label, kind)
    if failed(shape) or len(check.problems) > problems_before:
        return INVALID
    landmarks, numbers = shape
    keys: list[Path] = (
        [(*path, "angle", index) for index in range(3)]
        if kind is CheckKind.ANGLE
        else [(*path, key) for key in ("landmark", kind.value, "seen_from")]
    )
    for name, where in zip(landmarks, keys, strict=False):
        check_landmark(check, name, where, label, sided)
    if len(check.problems) > problems_before:
        return INVALID
    return FormCheck(check_id, kind, tuple(map(str, landmarks)), say, priority, **numbers)


def build_angle(
    check: Checker, data: Any, path: Path, label: str
) -> tuple[tuple[str, ...], dict[str, float]]:
    names = data["angle"]
    if not isinstance(names, list) or len(names) != 3:
        check.report(
            (*path, "angle"),
            f"{label} angle must be three landmarks, the bend in the middle, such as "
            f"[left_hip, left_knee, left_ankle] (got {describe(names)})",
        )
        return INVALID
    degrees = check.required(data, path, "degrees", "the range, such as [160, 180]")
    if failed(degrees):
        return INVALID
    if not isinstance(degrees, list) or len(degrees) != 2:
        check.report(
            (*path, "degrees"),
            f"{label} degrees must be [lowest, highest], such as [160, 180] "
            f"(got {describe(degrees)})",
        )
        return INVALID
    low = check.number(degrees[0], (*path, "degrees", 0), f"{label} degrees", "degrees")
    high = check.number(degrees[1], (*path, "degrees", 1), f"{label} degrees", "degrees")
    tolerance = data.get("tolerance")
    tolerance = (
        DEFAULT_TOLERANCE
        if tolerance is None
        else check.number(tolerance, (*path, "tolerance"), f"{label} tolerance", "tolerance")
    )
    if any(failed(value) for value in (low, high, tolerance)):
        return INVALID
    if low > high:
        check.report(
            (*path, "degrees"),
            f"{label} degrees must go from the lowest to the highest (got [{low:g}, {high:g}])",
        )
        return INVALID
    numbers = {"low": low, "high": high, "tolerance": tolerance}
    return tuple(names), numbers


def build_relation(
    check: Checker, data: Any, path: Path, label: str, kind: CheckKind
) -> tuple[tuple[str, ...], dict[str, float]]:
    landmark = check.required(data, path, "landmark", f"the landmark that must be {kind.value}")
    if failed(landmark):
        return INVALID
    names = [landmark, data[kind.value]]
    if kind is CheckKind.BEYOND:
        seen_from = check.required(data, path, "seen_from", "the landmark it is seen from")
        if failed(seen_from):
            return INVALID
        names.append(seen_from)
    if kind is CheckKind.NEAR:
        within = check.required(data, path, "within", "how close, in torso lengths")
        margin = check.number(within, (*path, "within"), f"{label} within", "within")
    else:
        given = data.get("margin")
        margin = (
            0.0
            if given is None
            else check.number(given, (*path, "margin"), f"{label} margin", "margin")
        )
    if failed(margin):
        return INVALID
    return tuple(names), {"margin": margin}


def check_landmark(check: Checker, name: Any, path: Path, label: str, sided: bool) -> None:
    if not isinstance(name, str) or not known_landmark(name):
        near = difflib.get_close_matches(str(name), LANDMARKS, n=1, cutoff=0.75)
        hint = f"did you mean '{near[0]}'? " if near else ""
        check.report(
            path, f"{label}: unknown landmark {describe(name)} ({hint}use {LANDMARK_RULE})"
        )
    elif is_sided(name) and not sided:
        check.report(
            path,
            f"{label}: {name} needs a sided stretch (give sides: each or alternate, or name "
            "left_ or right_ landmarks)",
        )


__all__ = ["CHECK_FIELDS", "FORM_FIELDS", "KIND_FIELDS", "RELATIONS", "build_form"]
