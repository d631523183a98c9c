"""BlazePose on real photographs: a standing person, a person cut at the thighs, no one."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from backstretch.pose import LANDMARKS, PoseTracker, landmarks_from_image
from tests.pose.conftest import photo


def point(landmarks: tuple[tuple[float, float, float, float], ...], name: str) -> tuple[float, ...]:
    return landmarks[LANDMARKS.index(name)]


def test_a_standing_person_has_33_landmarks_from_head_to_feet(tracker: PoseTracker) -> None:
    frame = landmarks_from_image(photo("bus.jpg"), tracker)

    assert frame is not None and frame.landmarks is not None
    assert len(frame.landmarks) == 33
    assert (frame.width, frame.height) == (810, 1080)
    for side in ("left", "right"):
        chain = [
            point(frame.landmarks, f"{side}_{joint}")
            for joint in ("shoulder", "hip", "knee", "ankle")
        ]
        heights = [landmark[1] for landmark in chain]
        assert heights == sorted(heights), f"{side} side is not shoulder > hip > knee > ankle"
        # the trunk is in full view; his legs are half hidden by his coat and each other
        assert chain[0][3] > 0.9 and chain[1][3] > 0.9, f"{side} shoulder or hip not visible"
        assert chain[2][3] > 0.5 and chain[3][3] > 0.5, f"{side} knee or ankle not visible"
    assert point(frame.landmarks, "nose")[1] < point(frame.landmarks, "left_shoulder")[1]
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y, _, _ in frame.landmarks)


def test_the_standing_person_is_the_one_at_the_left_edge_of_the_bus_photo(
    tracker: PoseTracker,
) -> None:
    frame = landmarks_from_image(photo("bus.jpg"), tracker)

    assert frame is not None and frame.landmarks is not None
    hips = [point(frame.landmarks, f"{side}_hip") for side in ("left", "right")]
    # the man at the left edge stands about a quarter of the picture wide from it
    assert all(hip[0] < 0.3 for hip in hips)
    # he is about 0.4 of the picture tall, not a head or a whole bus
    body = point(frame.landmarks, "left_ankle")[1] - point(frame.landmarks, "nose")[1]
    assert 0.25 < body < 0.6


def test_legs_out_of_the_picture_are_seen_as_not_visible(tracker: PoseTracker) -> None:
    frame = landmarks_from_image(photo("zidane.jpg"), tracker)

    assert frame is not None and frame.landmarks is not None
    assert point(frame.landmarks, "left_shoulder")[3] > 0.9
    assert point(frame.landmarks, "left_hip")[1] > point(frame.landmarks, "left_shoulder")[1]
    for name in ("left_knee", "right_knee", "left_ankle", "right_ankle"):
        assert point(frame.landmarks, name)[3] < 0.5, f"{name} is outside the picture"


def test_a_picture_without_anybody_gives_none(tracker: PoseTracker, tmp_path: Path) -> None:
    street = cv2.imread(str(photo("bus.jpg")))[:300]  # the bus and the buildings above the heads
    cv2.imwrite(str(tmp_path / "street.png"), street)
    cv2.imwrite(str(tmp_path / "grey.png"), np.full((480, 640, 3), 128, dtype=np.uint8))

    assert landmarks_from_image(tmp_path / "street.png", tracker) is None
    assert landmarks_from_image(tmp_path / "grey.png", tracker) is None
