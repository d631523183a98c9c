"""Camera frames made from the routine's own figures: each joint of a stick figure (core.pose)
becomes the BlazePose landmark a camera would report there, so the judges can be tested on the
positions the routine draws, and on those positions with one joint moved.

A side figure is filmed from the side with the floor near the bottom of a 16:9 picture. A top
figure (trunk rotation) is filmed from the feet by a camera raised and looking down, which sees
it much as drawn from above: the head at the top, the person's left on the picture's right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backstretch.core.form import LANDMARKS
from backstretch.core.pose import Point, Pose, View, lerp

WIDTH, HEIGHT = 640, 360
ASPECT = WIDTH / HEIGHT
SCALE = 2.5  # picture pixels per centimetre of the figure
FRAME_SECONDS = 1 / 15
# The side each sided figure shows: the hip flexor kneels on its left knee, the hamstring
# stretches its left leg, and the trunk rotation's knees roll to its right.
FIGURE_SIDE = {"hip-flexor": "left", "hamstring": "left", "trunk-rotation": "right"}


def joints_of(pose: Pose, moved: dict[str, Point] | None = None) -> dict[str, Point]:
    """The figure's joints, with some moved (the toes stay where they were drawn)."""
    points = pose.points()
    for name, point in (moved or {}).items():
        points[name] = point
    return points


def mirrored(points: dict[str, Point]) -> dict[str, Point]:
    """The same position on the other side: every left joint named right and the other way."""
    swap = {"left": "right", "right": "left"}
    renamed = {}
    for name, point in points.items():
        side, _, part = name.partition("_")
        renamed[f"{swap[side]}_{part}" if side in swap else name] = point
    return renamed


def to_picture(point: Point, view: View, flip: bool) -> tuple[float, float]:
    """Where a figure's point lands in the picture, normalised to 0..1."""
    if view is View.SIDE:
        x, y = 20 + point.x * SCALE, HEIGHT - 20 - point.y * SCALE
    else:
        x, y = 170 + point.y * 2.0, 20 + point.x * 2.0
    if flip:
        x = WIDTH - x
    return x / WIDTH, y / HEIGHT


def landmarks_of(
    points: dict[str, Point], view: View, flip: bool = False, visibility: float = 0.95
) -> list[list[float]]:
    """The 33 BlazePose landmarks [x, y, z, visibility] of a figure's joints."""
    head, neck = points["head"], points["neck"]
    nose = head + (head - neck).scaled(0.3)
    places: dict[str, Point] = {"nose": nose, "mouth_left": lerp(head, nose, 0.8)}
    places["mouth_right"] = places["mouth_left"]
    for side in ("left", "right"):
        for part in ("eye_inner", "eye", "eye_outer"):
            places[f"{side}_{part}"] = lerp(head, nose, 0.6)
        places[f"{side}_ear"] = head
        for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"):
            places[f"{side}_{joint}"] = points[f"{side}_{joint}"]
        wrist, elbow = points[f"{side}_wrist"], points[f"{side}_elbow"]
        for finger in ("pinky", "index", "thumb"):
            places[f"{side}_{finger}"] = wrist + (wrist - elbow).scaled(0.3)
        ankle, toes = points[f"{side}_ankle"], points[f"{side}_toes"]
        places[f"{side}_heel"] = ankle + (ankle - toes).scaled(0.3)
        places[f"{side}_foot_index"] = toes
    return [[*to_picture(places[name], view, flip), 0.0, visibility] for name in LANDMARKS]


def figure_frame(
    pose: Pose,
    side: str | None = None,
    figure_side: str | None = None,
    moved: dict[str, Point] | None = None,
    visibility: float = 0.95,
) -> list[list[float]]:
    """The landmarks of the figure in the picture, for `side` (mirrored when the figure shows
    the other one), with some joints moved (named as in the figure)."""
    points = joints_of(pose, moved)
    other_side = side is not None and figure_side is not None and side != figure_side
    if other_side:
        points = mirrored(points)
    flip = other_side and pose.view is View.TOP
    return landmarks_of(points, pose.view, flip, visibility)


def frames(
    landmarks: list[list[float]] | None, seconds: float, start: float = 0.0
) -> Iterator[tuple[float, list[list[float]] | None]]:
    """The same landmarks at 15 frames a second for `seconds`."""
    count = round(seconds / FRAME_SECONDS)
    for index in range(count):
        yield start + index * FRAME_SECONDS, landmarks


def as_json_line(t: float, landmarks: list[list[float]] | None) -> dict[str, Any]:
    return {"t": round(t, 4), "landmarks": landmarks}
