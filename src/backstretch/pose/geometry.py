"""Regions of interest: a rotated square in pixels, made from two points as MediaPipe does it.

BlazePose places its crop from two points: the centre (the hips' midpoint) and a point whose
distance from it is the body's radius, above the hips when the person stands upright. The crop
is a square of side 2 × radius × 1.25 around the centre, turned so the person stands upright in
it (MediaPipe's AlignmentPointsRectsCalculator and RectTransformationCalculator).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

ROI_SCALE = 1.25


@dataclass(frozen=True)
class Region:
    """A square region of the picture, in pixels, turned by `rotation` radians (clockwise)."""

    x_center: float
    y_center: float
    size: float
    rotation: float

    def to_picture(self, points: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Points given in the region's own unit square (0..1) → pixels of the picture."""
        cos, sin = math.cos(self.rotation), math.sin(self.rotation)
        dx = (points[:, 0] - 0.5) * self.size
        dy = (points[:, 1] - 0.5) * self.size
        x = self.x_center + cos * dx - sin * dy
        y = self.y_center + sin * dx + cos * dy
        return np.stack([x, y], axis=1).astype(np.float32)

    def crop_matrix(self, side: int) -> npt.NDArray[np.float64]:
        """The affine matrix taking the picture's pixels to a side × side crop of the region."""
        cos, sin = math.cos(self.rotation), math.sin(self.rotation)
        scale = side / self.size
        # inverse of to_picture: rotate back by -rotation, then scale into the crop
        a, b = cos * scale, sin * scale
        c, d = -sin * scale, cos * scale
        tx = side / 2 - (a * self.x_center + b * self.y_center)
        ty = side / 2 - (c * self.x_center + d * self.y_center)
        return np.array([[a, b, tx], [c, d, ty]], dtype=np.float64)


def region_from_points(center: tuple[float, float], scale: tuple[float, float]) -> Region:
    """The crop around `center` (pixels) whose radius and direction are given by `scale`."""
    dx, dy = scale[0] - center[0], scale[1] - center[1]
    rotation = normalise_radians(math.pi / 2 - math.atan2(-dy, dx))
    size = 2.0 * math.hypot(dx, dy) * ROI_SCALE
    return Region(center[0], center[1], size, rotation)


def normalise_radians(angle: float) -> float:
    return angle - 2 * math.pi * math.floor((angle + math.pi) / (2 * math.pi))
