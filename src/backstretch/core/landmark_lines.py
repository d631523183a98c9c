"""Reading landmarks from JSON lines: one frame a line, {"t": seconds, "landmarks": [[x, y, z,
visibility], ... 33 in BlazePose order]} (null or [] when nobody is seen), and optionally the
picture's "aspect" (width / height). A bad line is refused with its number."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from backstretch.core.errors import BackstretchError
from backstretch.core.form import LANDMARKS

SHAPE = 'each line must be {"t": seconds, "landmarks": [[x, y, z, visibility], ... 33] or null}'


class InvalidLandmarks(BackstretchError):
    """A landmarks file that cannot be read, with the line that is wrong."""


@dataclass(frozen=True)
class LandmarkFrame:
    t: float
    landmarks: tuple[tuple[float, float, float, float], ...] | None
    aspect: float


def parse_aspect(text: str) -> float:
    """`16:9` (or `1.78`) as width / height; ValueError when it is neither."""
    width, colon, height = text.partition(":")
    value = float(width) / float(height) if colon else float(text)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(text)
    return value


def read_landmark_lines(
    lines: Iterable[str], source: str, aspect: float | None = None
) -> Iterator[LandmarkFrame]:
    """The frames of a landmarks file, in order. `aspect`, when given, is every frame's;
    otherwise each line must say its own."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield read_line(line, aspect)
        except ValueError as error:
            raise InvalidLandmarks(f"{source}, line {number}: {error}") from None


def read_line(line: str, aspect: float | None) -> LandmarkFrame:
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        raise ValueError(f"not JSON ({SHAPE})") from None
    if not isinstance(data, dict):
        raise ValueError(SHAPE)
    t = number(data.get("t"), "t")
    frame_aspect = aspect if aspect is not None else data.get("aspect")
    if frame_aspect is None:
        raise ValueError(
            "no aspect: give --aspect W:H, the picture's width and height, such as 16:9"
        )
    if number(frame_aspect, "aspect") <= 0:
        raise ValueError(f"aspect must be more than 0 (got {frame_aspect})")
    return LandmarkFrame(t, landmarks_of(data.get("landmarks")), float(frame_aspect))


def landmarks_of(value: Any) -> tuple[tuple[float, float, float, float], ...] | None:
    if value is None or value == []:
        return None
    if not isinstance(value, list) or len(value) != len(LANDMARKS):
        shown = f"{len(value)} landmarks" if isinstance(value, list) else type(value).__name__
        raise ValueError(f"landmarks must be {len(LANDMARKS)} in BlazePose order (got {shown})")
    points = []
    for index, point in enumerate(value):
        name = LANDMARKS[index]
        if not isinstance(point, list) or len(point) != 4:
            raise ValueError(f"landmark {index + 1} ({name}) must be [x, y, z, visibility]")
        x, y, z, visibility = (number(item, name) for item in point)
        points.append((x, y, z, visibility))
    return tuple(points)


def number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number (got {json.dumps(value)})")
    return float(value)
