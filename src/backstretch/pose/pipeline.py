"""BlazePose from pictures and videos: detect a person, then follow them frame to frame.

As MediaPipe's pose graph does it: the detector runs on a still picture, and on a video's
first frame or whenever the person was lost; otherwise the crop for the next frame comes from
the landmark model's own two auxiliary points, which is cheaper and steadier.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from backstretch.pose.detector import Detector, Picture
from backstretch.pose.geometry import Region, region_from_points
from backstretch.pose.landmarker import Landmarker
from backstretch.pose.models import (
    DETECTOR,
    LANDMARKER,
    PoseNotSetUp,
    UnreadableMedia,
    model_path,
)
from backstretch.pose.smoothing import PoseSmoother

MIN_PRESENCE = 0.5  # below this the landmark model says nobody is in its crop

Landmark = tuple[float, float, float, float]


@dataclass(frozen=True)
class Frame:
    """One picture's pose: 33 landmarks (x, y, z, visibility; x and y in 0..1) or None."""

    t: float
    landmarks: tuple[Landmark, ...] | None
    width: int
    height: int

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def to_json(self) -> dict[str, Any]:
        """The JSON line of a landmarks file (`form-check --landmarks` reads it)."""
        landmarks = None
        if self.landmarks is not None:
            landmarks = [[round(value, 5) for value in point] for point in self.landmarks]
        return {"t": round(self.t, 4), "landmarks": landmarks, "aspect": self.aspect}


class PoseTracker:
    """Landmarks for a stream of pictures (RGB, uint8), following one person between frames.

    Given each frame's time, it also smooths the landmarks and the crop between frames."""

    def __init__(self, threads: int | None = None) -> None:
        self.detector = Detector(interpreter(model_path(DETECTOR), threads))
        self.landmarker = Landmarker(interpreter(model_path(LANDMARKER), threads))
        self.region: Region | None = None
        self.smoother = PoseSmoother()

    def landmarks(
        self, picture: Picture, *, track: bool = True, t: float | None = None
    ) -> tuple[Landmark, ...] | None:
        tracked = self.region if track else None
        result = self.follow(picture, tracked, t) if tracked else None
        if result is None:
            self.smoother = PoseSmoother()  # a new person, or the same one found again
            detection = self.detector.detect(picture)
            result = self.follow(picture, detection.region(), t) if detection else None
        return result

    def follow(
        self, picture: Picture, region: Region, t: float | None
    ) -> tuple[Landmark, ...] | None:
        found = self.landmarker.run(picture, region)
        if found.presence < MIN_PRESENCE:
            self.region = None
            return None
        points, auxiliary = found.landmarks, found.auxiliary
        if t is not None:
            points = self.smoother.smooth_landmarks(t, points)
            auxiliary = self.smoother.smooth_auxiliary(t, auxiliary)
        centre, scale = auxiliary
        self.region = region_from_points((centre[0], centre[1]), (scale[0], scale[1]))
        height, width = picture.shape[:2]
        return tuple(
            (float(x / width), float(y / height), float(z / width), float(visibility))
            for x, y, z, visibility in points
        )


def interpreter(path: Path, threads: int | None) -> Any:
    from ai_edge_litert.interpreter import Interpreter

    try:
        with quiet_standard_error():  # the runtime announces its CPU delegate on every start
            model = Interpreter(model_path=str(path), num_threads=threads)
            model.allocate_tensors()
    except ValueError as damaged:
        raise PoseNotSetUp(
            f"The pose model {path} cannot be read. Run `scripts/setup camera` to place it again."
        ) from damaged
    return model


@contextlib.contextmanager
def quiet_standard_error() -> Iterator[None]:
    saved = os.dup(2)
    try:
        with Path(os.devnull).open("wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def read_picture(path: Path) -> Picture:
    if not path.is_file():
        raise UnreadableMedia(f"{path}: no such picture.")
    picture = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if picture is None:
        raise UnreadableMedia(f"{path}: not a picture backstretch can read (JPEG, PNG, ...).")
    return np.asarray(cv2.cvtColor(picture, cv2.COLOR_BGR2RGB), dtype=np.uint8)


def landmarks_from_image(path: str | Path, tracker: PoseTracker | None = None) -> Frame | None:
    """The pose in one picture, as a Frame at t = 0, or None when nobody is seen in it."""
    frame = frame_from_image(path, tracker)
    return None if frame.landmarks is None else frame


def frame_from_image(path: str | Path, tracker: PoseTracker | None = None) -> Frame:
    """One picture as a Frame at t = 0 (its landmarks None when nobody is seen in it)."""
    picture = read_picture(Path(path))
    found = (tracker or PoseTracker()).landmarks(picture, track=False)
    return Frame(0.0, found, picture.shape[1], picture.shape[0])


def frames_from_video(
    path: str | Path, tracker: PoseTracker | None = None, *, smooth: bool = True
) -> Iterator[Frame]:
    """The pose in each frame of a video, in order, with its time in seconds; smoothed between
    frames unless `smooth` is False."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableMedia(f"{path}: no such video.")
    capture = cv2.VideoCapture(str(path))
    try:
        yield from read_frames(path, capture, tracker or PoseTracker(), smooth)
    finally:
        capture.release()


def read_frames(path: Path, capture: Any, tracker: PoseTracker, smooth: bool) -> Iterator[Frame]:
    fps = capture.get(cv2.CAP_PROP_FPS) or 0.0
    index = 0
    while True:
        ok, picture = capture.read()
        if not ok:
            break
        milliseconds = capture.get(cv2.CAP_PROP_POS_MSEC)
        t = milliseconds / 1000 if milliseconds > 0 or index == 0 else index / fps
        rgb = cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)
        found = tracker.landmarks(np.ascontiguousarray(rgb), t=t if smooth else None)
        yield Frame(t, found, rgb.shape[1], rgb.shape[0])
        index += 1
    if index == 0:
        raise UnreadableMedia(f"{path}: not a video backstretch can read (no frame decoded).")
