"""`python -m backstretch.pose FILE`: landmarks as JSON lines, or one clear line when it cannot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np

from tests.pose.conftest import make_video, photo


def pose(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backstretch.pose", *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
    )


def test_a_video_gives_one_json_line_per_frame_with_33_landmarks(tmp_path: Path) -> None:
    video = make_video([photo("bus.jpg")] * 4, tmp_path, rate=2)

    result = pose(str(video))

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["t"] for line in lines] == [0.0, 0.5, 1.0, 1.5]
    for line in lines:
        assert len(line["landmarks"]) == 33
        assert all(len(landmark) == 4 for landmark in line["landmarks"])
        assert line["aspect"] == 0.75
    assert result.stderr == ""


def test_a_picture_without_anybody_gives_a_line_with_no_landmarks(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), np.full((480, 640, 3), 200, dtype=np.uint8))
    output = tmp_path / "empty.jsonl"

    result = pose(str(empty), "--output", str(output))

    assert result.returncode == 0, result.stderr
    assert json.loads(output.read_text()) == {"t": 0.0, "landmarks": None, "aspect": 640 / 480}


def test_without_the_models_it_says_to_run_the_camera_setup(tmp_path: Path) -> None:
    result = pose(str(photo("bus.jpg")), BACKSTRETCH_POSE_MODELS=str(tmp_path))

    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: The pose model pose_detection.tflite is not in {tmp_path}."
    )
    assert "Run `scripts/setup camera` once" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    result = pose(str(tmp_path / "session.mp4"))

    assert result.returncode == 1
    assert result.stderr == f"Error: {tmp_path / 'session.mp4'}: no such video.\n"


def test_without_the_camera_extra_it_says_to_run_the_camera_setup() -> None:
    without_opencv = (
        "import runpy, sys\n"
        "sys.modules['cv2'] = None  # as if opencv-python-headless were not installed\n"
        f"sys.argv = ['pose', {str(photo('bus.jpg'))!r}]\n"
        "runpy.run_module('backstretch.pose', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", without_opencv], capture_output=True, text=True)

    assert result.returncode == 1
    assert result.stderr == (
        "Error: The camera check needs the camera extra (cv2 is not installed). "
        "Run `scripts/setup camera` once.\n"
    )


def test_a_damaged_model_file_is_named_with_how_to_replace_it(tmp_path: Path) -> None:
    for name in ("pose_detection.tflite", "pose_landmark_full.tflite"):
        (tmp_path / name).write_bytes(b"not a model")

    result = pose(str(photo("bus.jpg")), BACKSTRETCH_POSE_MODELS=str(tmp_path))

    assert result.returncode == 1
    assert result.stderr == (
        f"Error: The pose model {tmp_path / 'pose_detection.tflite'} cannot be read. "
        "Run `scripts/setup camera` to place it again.\n"
    )


def test_finding_landmarks_opens_no_network_connection(tmp_path: Path) -> None:
    video = make_video([photo("bus.jpg")] * 2, tmp_path, rate=2)
    offline = (
        "import runpy, socket, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('a network connection was attempted')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        f"sys.argv = ['pose', {str(video)!r}]\n"
        "runpy.run_module('backstretch.pose', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", offline], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
