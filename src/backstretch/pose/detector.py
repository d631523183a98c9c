"""The BlazePose person detector: SSD anchors, decoding, weighted non-maximum suppression.

Its settings are those of MediaPipe's pose_detection graph: a 224 × 224 letterboxed picture with
values in -1..1, 2254 anchors over strides 8, 16, 32, 32, 32, and four keypoints per detection
(hips' midpoint, a point at the body's radius, shoulders' midpoint, a point at the upper body's
radius). Only the first two place the landmark model's crop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from backstretch.pose.geometry import Region, region_from_points

INPUT_SIZE = 224
STRIDES = (8, 16, 32, 32, 32)
MIN_SCORE = 0.5
MIN_SUPPRESSION_OVERLAP = 0.3
SCORE_CLIP = 100.0

Picture = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Detection:
    score: float
    box: tuple[float, float, float, float]  # x_min, y_min, x_max, y_max, in pixels
    keypoints: tuple[tuple[float, float], ...]  # in pixels

    def region(self) -> Region:
        return region_from_points(self.keypoints[0], self.keypoints[1])


@cache
def anchors() -> npt.NDArray[np.float32]:
    """The anchors' centres (x, y in 0..1), in the order of the model's outputs."""
    centres: list[tuple[float, float]] = []
    layer = 0
    while layer < len(STRIDES):
        stride, same = STRIDES[layer], 0
        while layer + same < len(STRIDES) and STRIDES[layer + same] == stride:
            same += 1
        cells = int(np.ceil(INPUT_SIZE / stride))
        for y in range(cells):
            for x in range(cells):
                # two anchors a layer (aspect ratio 1 and the interpolated scale), all of fixed size
                centres.extend([((x + 0.5) / cells, (y + 0.5) / cells)] * (2 * same))
        layer += same
    return np.array(centres, dtype=np.float32)


class Detector:
    """Finds the most likely person in a picture (RGB, uint8)."""

    def __init__(self, interpreter: Any) -> None:
        self.interpreter = interpreter
        self.input = interpreter.get_input_details()[0]["index"]
        outputs = {d["name"]: d["index"] for d in interpreter.get_output_details()}
        self.boxes, self.scores = outputs["Identity"], outputs["Identity_1"]

    def detect(self, picture: Picture) -> Detection | None:
        tensor, pad_x, pad_y = letterbox(picture)
        self.interpreter.set_tensor(self.input, tensor)
        self.interpreter.invoke()
        raw = self.interpreter.get_tensor(self.boxes)[0]
        logits = self.interpreter.get_tensor(self.scores)[0, :, 0].astype(np.float64)
        logits = np.clip(logits, -SCORE_CLIP, SCORE_CLIP)
        scores = 1.0 / (1.0 + np.exp(-logits))
        if scores.max() < MIN_SCORE:
            return None
        decoded = decode(raw)
        best = weighted_suppression(decoded, scores)
        height, width = picture.shape[:2]
        return to_picture(best, float(scores.max()), pad_x, pad_y, width, height)


def letterbox(picture: Picture) -> tuple[npt.NDArray[np.float32], float, float]:
    """The picture fitted into the model's square with black bars, values in -1..1, and the
    bars' widths as fractions of the square."""
    height, width = picture.shape[:2]
    scale = INPUT_SIZE / max(width, height)
    new_width, new_height = round(width * scale), round(height * scale)
    resized = cv2.resize(picture, (new_width, new_height), interpolation=cv2.INTER_LINEAR)
    square = np.zeros((INPUT_SIZE, INPUT_SIZE, 3), dtype=np.float32)
    left, top = (INPUT_SIZE - new_width) // 2, (INPUT_SIZE - new_height) // 2
    square[top : top + new_height, left : left + new_width] = resized / 127.5 - 1.0
    return square[np.newaxis], left / INPUT_SIZE, top / INPUT_SIZE


def decode(raw: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Raw regressions → boxes (x_min, y_min, x_max, y_max) and keypoints, in 0..1 of the square."""
    centres = anchors()
    values = raw / INPUT_SIZE
    x_center = values[:, 0] + centres[:, 0]
    y_center = values[:, 1] + centres[:, 1]
    half_w, half_h = values[:, 2] / 2, values[:, 3] / 2
    boxes = np.stack(
        [x_center - half_w, y_center - half_h, x_center + half_w, y_center + half_h], 1
    )
    keypoints = values[:, 4:].reshape(-1, 4, 2) + centres[:, np.newaxis, :]
    return np.concatenate([boxes, keypoints.reshape(-1, 8)], axis=1)


def weighted_suppression(
    decoded: npt.NDArray[np.float32], scores: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """The best detection, averaged with the candidates that overlap it (weighted by score)."""
    candidates = np.flatnonzero(scores >= MIN_SCORE)
    best = candidates[np.argmax(scores[candidates])]
    overlaps = overlap(decoded[best, :4], decoded[candidates, :4])
    cluster = candidates[overlaps > MIN_SUPPRESSION_OVERLAP]
    weights = scores[cluster]
    averaged: npt.NDArray[np.float32] = (decoded[cluster] * weights[:, np.newaxis]).sum(
        0
    ) / weights.sum()
    return averaged


def overlap(
    box: npt.NDArray[np.float32], boxes: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Intersection over union of one box with many."""
    x_min = np.maximum(box[0], boxes[:, 0])
    y_min = np.maximum(box[1], boxes[:, 1])
    x_max = np.minimum(box[2], boxes[:, 2])
    y_max = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x_max - x_min, 0, None) * np.clip(y_max - y_min, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    result: npt.NDArray[np.float32] = inter / np.maximum(area + areas - inter, 1e-9)
    return result


def to_picture(
    values: npt.NDArray[np.float32],
    score: float,
    pad_x: float,
    pad_y: float,
    width: int,
    height: int,
) -> Detection:
    """Undo the letterbox: 0..1 of the square → pixels of the picture."""

    def x(value: float) -> float:
        return float((value - pad_x) / (1 - 2 * pad_x) * width)

    def y(value: float) -> float:
        return float((value - pad_y) / (1 - 2 * pad_y) * height)

    box = (x(values[0]), y(values[1]), x(values[2]), y(values[3]))
    keypoints = tuple((x(values[4 + 2 * k]), y(values[5 + 2 * k])) for k in range(4))
    return Detection(score, box, keypoints)
