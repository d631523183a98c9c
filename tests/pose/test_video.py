"""BlazePose on videos made from a real photograph: times, tracking, losing and finding again."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from backstretch.pose import PoseTracker, UnreadableMedia, frames_from_video, landmarks_from_image
from tests.pose.conftest import make_video, photo


def blank(folder: Path) -> Path:
    path = folder / "blank.png"
    cv2.imwrite(str(path), np.full((1080, 810, 3), 90, dtype=np.uint8))
    return path


def test_each_frame_has_its_time_and_the_person_is_followed(
    tracker: PoseTracker, tmp_path: Path
) -> None:
    video = make_video([photo("bus.jpg")] * 10, tmp_path, rate=5)

    frames = list(frames_from_video(video, tracker))

    assert [round(frame.t, 2) for frame in frames] == [round(i / 5, 2) for i in range(10)]
    assert all(frame.landmarks is not None for frame in frames)
    still = landmarks_from_image(photo("bus.jpg"), tracker)
    assert still is not None and still.landmarks is not None
    for frame in frames:
        assert frame.landmarks is not None
        hips = [frame.landmarks[i][:2] for i in (23, 24)]
        expected = [still.landmarks[i][:2] for i in (23, 24)]
        assert np.allclose(hips, expected, atol=0.03), "tracking drifted from the person"


def test_a_person_who_leaves_and_comes_back_is_found_again(
    tracker: PoseTracker, tmp_path: Path
) -> None:
    person, nobody = photo("bus.jpg"), blank(tmp_path)
    video = make_video([person] * 3 + [nobody] * 3 + [person] * 3, tmp_path, rate=10)

    seen = [frame.landmarks is not None for frame in frames_from_video(video, tracker)]

    assert seen == [True] * 3 + [False] * 3 + [True] * 3


def test_a_file_that_is_not_a_video_says_so(tmp_path: Path) -> None:
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video")

    with pytest.raises(UnreadableMedia) as raised:
        list(frames_from_video(notes))

    assert str(raised.value) == f"{notes}: not a video backstretch can read (no frame decoded)."
