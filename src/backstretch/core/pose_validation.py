"""Checks of the `pose` field: joint names with [x, y] points, where the stretch is felt and
the view. A pose is optional; when given, every message names its line like any other field."""

from __future__ import annotations

import difflib
from typing import Any

from backstretch.core.checking import INVALID, Checker, Path, describe, failed
from backstretch.core.pose import JOINTS, REQUIRED_JOINTS, Area, Point, Pose, View

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
