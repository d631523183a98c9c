"""Poses: a stick figure for each position of a stretch, and the geometry to reason about it.

A pose is a 2D skeleton seen from the side (or from above, for a stretch done lying down that
turns the body, such as trunk rotation). Coordinates are in units of about a centimetre for an
adult; `y` is the height above the floor, so the floor (the mat) is the line `y = 0`. A side
view shows the figure's left side: its left limbs are nearer the viewer and drawn in front of
the right ones, so an upright figure faces left. Joint names follow the pose-estimation
convention (`left_knee`), so a camera check can compare them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class View(StrEnum):
    """Where the figure is seen from."""

    SIDE = "side"  # the floor is a line at y = 0
    TOP = "top"  # looking down on the mat; y runs across it


LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
SIDE_NAMES = ("left", "right")
REQUIRED_JOINTS = (
    "head",
    "neck",
    *(f"{side}_{joint}" for side in SIDE_NAMES for joint in LIMB_JOINTS),
)
# Optional: the middle of the back bends the spine (cat, cow); without it the back is straight.
# Without toes a foot points straight on from the shin, as when kneeling with the feet flat.
OPTIONAL_JOINTS = ("mid_back", "left_toes", "right_toes")
JOINTS = REQUIRED_JOINTS + OPTIONAL_JOINTS


class Area(StrEnum):
    """Where a stretch is felt, highlighted on the figure."""

    NECK = "neck"
    UPPER_BACK = "upper_back"
    LOWER_BACK = "lower_back"
    LEFT_SHOULDER = "left_shoulder"
    LEFT_UPPER_ARM = "left_upper_arm"
    LEFT_FOREARM = "left_forearm"
    LEFT_HIP = "left_hip"
    LEFT_THIGH = "left_thigh"
    LEFT_LOWER_LEG = "left_lower_leg"
    RIGHT_SHOULDER = "right_shoulder"
    RIGHT_UPPER_ARM = "right_upper_arm"
    RIGHT_FOREARM = "right_forearm"
    RIGHT_HIP = "right_hip"
    RIGHT_THIGH = "right_thigh"
    RIGHT_LOWER_LEG = "right_lower_leg"


# The joints at the two ends of each limb part; a single joint is a round area around it.
LIMB_AREAS = {
    "shoulder": ("shoulder", "shoulder"),
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "hip": ("hip", "hip"),
    "thigh": ("hip", "knee"),
    "lower_leg": ("knee", "ankle"),
}


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def __add__(self, other: Point) -> Point:
        return Point(self.x + other.x, self.y + other.y)

    def __sub__(self, other: Point) -> Point:
        return Point(self.x - other.x, self.y - other.y)

    def scaled(self, factor: float) -> Point:
        return Point(self.x * factor, self.y * factor)

    @property
    def length(self) -> float:
        return math.hypot(self.x, self.y)


def distance(a: Point, b: Point) -> float:
    return (b - a).length


def lerp(a: Point, b: Point, t: float) -> Point:
    """The point a fraction `t` of the way from `a` to `b`."""
    return a + (b - a).scaled(t)


def midpoint(a: Point, b: Point) -> Point:
    return lerp(a, b, 0.5)


def angle_at(vertex: Point, a: Point, b: Point) -> float:
    """The angle a-vertex-b in degrees, 0 to 180 (180 is a straight line)."""
    first, second = a - vertex, b - vertex
    if first.length == 0 or second.length == 0:
        return 0.0
    cosine = (first.x * second.x + first.y * second.y) / (first.length * second.length)
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def bounds(points: Iterable[Point]) -> tuple[Point, Point]:
    """The lower-left and upper-right corners of the smallest box around the points."""
    listed = list(points)
    low = Point(min(p.x for p in listed), min(p.y for p in listed))
    high = Point(max(p.x for p in listed), max(p.y for p in listed))
    return low, high


@dataclass(frozen=True)
class Pose:
    """One position: where each joint is, where the stretch is felt, and the view."""

    joints: tuple[tuple[str, Point], ...]
    feel: tuple[Area, ...] = ()
    view: View = View.SIDE

    @classmethod
    def of(
        cls, joints: dict[str, Point], feel: Iterable[Area] = (), view: View = View.SIDE
    ) -> Pose:
        """A pose from a mapping of joint names; unknown or missing required joints raise."""
        unknown = set(joints) - set(JOINTS)
        missing = set(REQUIRED_JOINTS) - set(joints)
        if unknown or missing:
            raise ValueError(f"unknown joints {sorted(unknown)}, missing {sorted(missing)}")
        ordered = tuple((name, joints[name]) for name in JOINTS if name in joints)
        return cls(ordered, tuple(feel), view)

    def given(self, name: str) -> Point | None:
        """A joint as written in the pose, or None for an optional one left out."""
        return next((point for joint, point in self.joints if joint == name), None)

    def __getitem__(self, name: str) -> Point:
        """A joint; the optional ones left out are worked out from the others."""
        point = self.given(name)
        if point is not None:
            return point
        if name == "mid_back":
            return midpoint(self["neck"], self.hip_centre)
        if name in ("left_toes", "right_toes"):
            side = name.removesuffix("_toes")
            return default_toes(self[f"{side}_knee"], self[f"{side}_ankle"])
        raise KeyError(name)

    @property
    def hip_centre(self) -> Point:
        return midpoint(self["left_hip"], self["right_hip"])

    @property
    def shoulder_centre(self) -> Point:
        return midpoint(self["left_shoulder"], self["right_shoulder"])

    def points(self) -> dict[str, Point]:
        """Every joint, the optional ones worked out where they were left out."""
        return {name: self[name] for name in JOINTS}

    def angle(self, joint: str) -> float:
        """The bend at a limb's middle joint: `angle('left_knee')` is 180 when the leg is
        straight; `angle('left_hip')` is between the trunk and the thigh."""
        side, _, part = joint.partition("_")
        ends = {"knee": ("hip", "ankle"), "elbow": ("shoulder", "wrist")}
        if part == "hip":
            return angle_at(self[joint], self["neck"], self[f"{side}_knee"])
        first, second = ends[part]
        return angle_at(self[joint], self[f"{side}_{first}"], self[f"{side}_{second}"])

    def spine(self) -> tuple[Point, Point, Point]:
        """The back as a curve from the neck through the mid-back to the hips: the start, the
        control point of a quadratic Bézier that passes through the mid-back, and the end."""
        start, middle, end = self["neck"], self["mid_back"], self.hip_centre
        control = middle.scaled(2) - midpoint(start, end)
        return start, control, end

    def area_segment(self, area: Area) -> tuple[Point, Point]:
        """The two ends of the body part an area covers (the same point twice for a joint)."""
        if area is Area.NECK:
            return self["neck"], self["head"]
        if area is Area.UPPER_BACK:
            return self["neck"], self["mid_back"]
        if area is Area.LOWER_BACK:
            return self["mid_back"], self.hip_centre
        side, _, part = area.value.partition("_")
        first, second = LIMB_AREAS[part]
        return self[f"{side}_{first}"], self[f"{side}_{second}"]


def default_toes(knee: Point, ankle: Point, foot_length: float = 15.0) -> Point:
    """A foot pointing straight on from the shin, as when kneeling with the feet flat behind."""
    shin = ankle - knee
    if shin.length == 0:
        return ankle
    return ankle + shin.scaled(foot_length / shin.length)
