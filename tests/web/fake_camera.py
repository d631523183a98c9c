"""Chromium's fake camera playing a real photograph, for the camera check's browser test and its
frames-per-second benchmark (benchmarks/camera_browser.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# people standing in a street, from a registry wheel at set-up (scripts/camera_files.py)
PHOTO = Path(sys.prefix) / "share" / "backstretch" / "photos" / "bus.jpg"
SIZE = "480:640"  # a phone held upright


def make_clip(out: Path, photo: Path = PHOTO) -> Path:
    """Two seconds of `photo` as a camera would give them, in the y4m Chromium reads (ffmpeg)."""
    fit = f"scale={SIZE}:force_original_aspect_ratio=decrease,pad={SIZE}:(ow-iw)/2:(oh-ih)/2"
    command = ["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(photo)]
    command += ["-t", "2", "-r", "5", "-vf", fit, "-pix_fmt", "yuv420p", str(out)]
    subprocess.run(command, check=True)
    return out


def camera_args(clip: Path) -> list[str]:
    """Chromium's switches: the camera allowed without asking, and `clip` as the camera; its
    software WebGL, which BlazePose needs on a machine without a GPU."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={clip}",
        "--enable-unsafe-swiftshader",
    ]
