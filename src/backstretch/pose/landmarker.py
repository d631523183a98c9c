"""The BlazePose landmark model (full): 33 landmarks from a rotated crop around the person.

As in MediaPipe's pose_landmark_by_roi graph: a 256 × 256 crop with values in 0..1; 39 points
out (the 33 landmarks, then two that place the next frame's crop, then four unused), each
x, y, z in crop pixels, visibility and presence as logits; positions refined from the 64 × 64
heatmap (7 × 7 window, when its peak is at least 0.5 sure); a pose-presence score in 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from backstretch.pose.detector import Picture
from backstretch.pose.geometry import Region

INPUT_SIZE = 256
POINTS = 39
LANDMARK_COUNT = 33
HEATMAP_WINDOW = 7
MIN_HEATMAP_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Result:
    landmarks: npt.NDArray[np.float64]  # 33 × (x, y, z, visibility), x, y and z in pixels
    presence: float
    auxiliary: npt.NDArray[np.float64]  # the hips' centre and a point at the body's radius


class Landmarker:
    def __init__(self, interpreter: Any) -> None:
        self.interpreter = interpreter
        self.input = interpreter.get_input_details()[0]["index"]
        outputs = {d["name"]: d["index"] for d in interpreter.get_output_details()}
        self.points, self.presence = outputs["Identity"], outputs["Identity_1"]
        self.heatmap = outputs["Identity_3"]

    def run(self, picture: Picture, region: Region) -> Result:
        crop = cv2.warpAffine(
            picture,
            region.crop_matrix(INPUT_SIZE),
            (INPUT_SIZE, INPUT_SIZE),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )
        self.interpreter.set_tensor(self.input, (crop / 255.0).astype(np.float32)[np.newaxis])
        self.interpreter.invoke()
        raw = self.interpreter.get_tensor(self.points)[0].reshape(POINTS, 5) / [
            INPUT_SIZE,
            INPUT_SIZE,
            INPUT_SIZE,
            1,
            1,
        ]
        refine(raw, self.interpreter.get_tensor(self.heatmap)[0])
        presence = float(self.interpreter.get_tensor(self.presence)[0, 0])
        return project(raw.astype(np.float32), presence, region)


def sigmoid(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    result: npt.NDArray[Any] = 1.0 / (1.0 + np.exp(-values))
    return result


def refine(raw: npt.NDArray[Any], heatmap: npt.NDArray[np.float32]) -> None:
    """Move each point to the confidence-weighted centre of its heatmap window (in place)."""
    rows, columns = heatmap.shape[:2]
    offset = HEATMAP_WINDOW // 2
    for index in range(POINTS):
        column, row = int(raw[index, 0] * columns), int(raw[index, 1] * rows)
        if not (0 <= column < columns and 0 <= row < rows):
            continue
        top, left = max(row - offset, 0), max(column - offset, 0)
        window = sigmoid(heatmap[top : row + offset + 1, left : column + offset + 1, index])
        total = window.sum()
        if window.max() < MIN_HEATMAP_CONFIDENCE or total <= 0:
            continue
        row_indices, column_indices = np.indices(window.shape)
        raw[index, 0] = ((column_indices + left) * window).sum() / total / columns
        raw[index, 1] = ((row_indices + top) * window).sum() / total / rows


def project(raw: npt.NDArray[np.float32], presence: float, region: Region) -> Result:
    """Crop coordinates → the picture's pixels (z on the same scale as x)."""
    pixels = region.to_picture(raw[:, :2]).astype(np.float64)
    landmarks = np.empty((LANDMARK_COUNT, 4), dtype=np.float64)
    landmarks[:, :2] = pixels[:LANDMARK_COUNT]
    landmarks[:, 2] = raw[:LANDMARK_COUNT, 2] * region.size
    landmarks[:, 3] = sigmoid(raw[:LANDMARK_COUNT, 3].astype(np.float64))
    return Result(landmarks, presence, pixels[LANDMARK_COUNT : LANDMARK_COUNT + 2])
