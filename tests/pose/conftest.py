"""Real photographs and the pose tracker, for the tests of backstretch.pose.

The photographs (bus.jpg, zidane.jpg) come out of the ultralytics wheel at set-up
(scripts/camera_files.py); they are never committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from backstretch.pose import PoseTracker

PHOTOS = Path(sys.prefix) / "share" / "backstretch" / "photos"


def photo(name: str) -> Path:
    path = PHOTOS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `scripts/setup dev` (it places the test photographs).")
    return path


@pytest.fixture(scope="module")
def tracker() -> PoseTracker:
    return PoseTracker()


def make_video(frames: list[Path], folder: Path, rate: int) -> Path:
    """A short H.264 video showing each picture for one frame, `rate` frames a second."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is missing: scripts/test installs it (Debian package ffmpeg).")
    for index, frame in enumerate(frames):
        cv2.imwrite(str(folder / f"frame{index:03d}.png"), cv2.imread(str(frame)))
    video = folder / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-framerate", str(rate),
         "-i", str(folder / "frame%03d.png"),
         "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
         str(video)],
        check=True,
    )  # fmt: skip
    return video
