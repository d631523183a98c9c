"""Smoothing between a video's frames, as MediaPipe's pose_landmark_filtering graph does it.

Landmark positions go through a One Euro filter (strong when still, light when moving fast),
measured in pixels relative to the body's size; visibility through a plain low-pass filter;
the two points that place the next crop through a much stronger One Euro filter, so the crop
stays still while the person does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Values = npt.NDArray[np.float64]


@dataclass
class OneEuroFilter:
    """A One Euro filter over an array of values (Casiez, Roussel and Vogel, CHI 2012)."""

    min_cutoff: float
    beta: float
    derivative_cutoff: float = 1.0
    frequency: float = 30.0  # until two frames give the real one
    last_time: float | None = None
    last_raw: Values | None = None
    smoothed: Values | None = None
    derivative: Values | None = None

    def __call__(self, t: float, values: Values, value_scale: float) -> Values:
        if self.last_time is not None:
            if t <= self.last_time:
                return values
            self.frequency = 1.0 / (t - self.last_time)
        self.last_time = t
        change = np.zeros_like(values)
        if self.last_raw is not None:
            change = (values - self.last_raw) * value_scale * self.frequency
        self.last_raw = values
        self.derivative = blend(self.derivative, change, self.alpha(self.derivative_cutoff))
        cutoff = self.min_cutoff + self.beta * np.abs(self.derivative)
        self.smoothed = blend(self.smoothed, values, self.alpha(cutoff))
        return self.smoothed

    def alpha(self, cutoff: float | Values) -> Values:
        period = 1.0 / self.frequency
        time_constant = 1.0 / (2 * math.pi * np.asarray(cutoff, dtype=np.float64))
        result: Values = 1.0 / (1.0 + time_constant / period)
        return result


def blend(previous: Values | None, new: Values, alpha: Values | float) -> Values:
    return new if previous is None else alpha * new + (1 - alpha) * previous


def object_scale(points: Values) -> float:
    """The body's size in pixels: the mean of its bounding box's width and height."""
    width = points[:, 0].max() - points[:, 0].min()
    height = points[:, 1].max() - points[:, 1].min()
    return float(width + height) / 2


@dataclass
class PoseSmoother:
    """Smooths one person's landmarks and crop points from frame to frame (pixels in, out)."""

    landmarks: OneEuroFilter = field(default_factory=lambda: OneEuroFilter(0.1, 40.0))
    auxiliary: OneEuroFilter = field(default_factory=lambda: OneEuroFilter(0.01, 1.0))
    visibility: Values | None = None

    VISIBILITY_ALPHA = 0.1

    def smooth_landmarks(self, t: float, points: Values) -> Values:
        """Points are rows of x, y, z (pixels) and visibility."""
        smoothed = points.copy()
        scale = object_scale(points)
        if scale > 1e-6:
            smoothed[:, :3] = self.landmarks(t, points[:, :3], 1.0 / scale)
        self.visibility = blend(self.visibility, points[:, 3], self.VISIBILITY_ALPHA)
        smoothed[:, 3] = self.visibility
        return smoothed

    def smooth_auxiliary(self, t: float, points: Values) -> Values:
        scale = object_scale(points)
        return self.auxiliary(t, points, 1.0 / scale) if scale > 1e-6 else points
