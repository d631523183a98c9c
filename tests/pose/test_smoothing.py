"""Smoothing between frames: a still person's landmarks stop jittering, a moving one is followed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from backstretch.pose import PoseTracker, frames_from_video
from backstretch.pose.smoothing import OneEuroFilter, PoseSmoother
from tests.pose.conftest import make_video, photo


def test_noise_around_a_still_point_is_smoothed_away() -> None:
    noise = np.random.default_rng(7).normal(0, 1, size=60)  # a pixel's jitter
    smoother = PoseSmoother()
    body = np.array([[100.0, 100.0, 0.0, 0.9], [100.0, 500.0, 0.0, 0.9]])  # 400 px tall

    smoothed = []
    for index, wobble in enumerate(noise):
        points = body.copy()
        points[:, 0] += wobble
        smoothed.append(smoother.smooth_landmarks(index / 30, points)[0, 0])

    assert np.std(smoothed[10:]) < np.std(noise[10:]) / 1.5


def test_a_steady_movement_is_followed_closely() -> None:
    follow = OneEuroFilter(min_cutoff=0.1, beta=40.0)
    positions = [np.array([10.0 * index]) for index in range(30)]  # 300 px a second

    last = [follow(index / 30, position, 1 / 400)[0] for index, position in enumerate(positions)][
        -1
    ]

    assert abs(last - 290.0) < 10.0


def test_a_frame_out_of_order_is_passed_through_unchanged() -> None:
    follow = OneEuroFilter(min_cutoff=0.1, beta=40.0)
    follow(1.0, np.array([5.0]), 1.0)

    assert follow(0.5, np.array([9.0]), 1.0)[0] == 9.0


def test_a_still_person_filmed_with_a_shaking_camera_jitters_less_when_smoothed(
    tracker: PoseTracker, tmp_path: Path
) -> None:
    picture = cv2.imread(str(photo("bus.jpg")))
    shakes = np.random.default_rng(3).integers(-4, 5, size=(20, 2))
    frames = []
    for index, (dx, dy) in enumerate(shakes):
        moved = cv2.warpAffine(picture, np.float32([[1, 0, dx], [0, 1, dy]]), picture.shape[1::-1])
        frames.append(tmp_path / f"shake{index:02d}.png")
        cv2.imwrite(str(frames[-1]), moved)
    video = make_video(frames, tmp_path, rate=30)

    def hip_spread(smooth: bool) -> float:
        hips = [
            frame.landmarks[23][0]
            for frame in frames_from_video(video, tracker, smooth=smooth)
            if frame.landmarks
        ]
        return float(np.std(hips[5:]))

    assert hip_spread(smooth=True) < hip_spread(smooth=False) / 1.5
