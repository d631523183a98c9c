"""The whole Python camera check on a real photograph: BlazePose on a video, then the judge.

The man standing in bus.jpg faces the camera. He is in position for none of daily-back's floor
stretches, on any frame: for trunk rotation, watched from the feet, the judge tells him how to
start; for the stretches watched from the side, it first asks him to turn side-on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_validate_command import backstretch
from tests.pose.conftest import make_video, photo

STRETCHES = [
    ("trunk-rotation", "--side", "left"),
    ("trunk-rotation", "--side", "right"),
    ("cat-cow", "--phase", "cat"),
    ("cat-cow", "--phase", "cow"),
    ("hip-flexor", "--side", "left"),
    ("childs-pose",),
    ("hamstring", "--side", "right"),
]


@pytest.fixture(scope="module")
def standing_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four seconds of the standing man, ten frames a second."""
    folder = tmp_path_factory.mktemp("standing")
    return make_video([photo("bus.jpg")] * 40, folder, rate=10)


def verdicts(clip: Path, home: Path, exercise: str, *options: str) -> list[dict[str, object]]:
    out = backstretch(
        "form-check", "--exercise", exercise, *options, "--video", str(clip), home=home
    )
    assert out.exit_code == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


@pytest.mark.parametrize("stretch", STRETCHES, ids=lambda s: "-".join(a for a in s if a[0] != "-"))
def test_a_standing_person_is_never_in_position_for_a_floor_stretch(
    standing_clip: Path, tmp_path: Path, stretch: tuple[str, ...]
) -> None:
    lines = verdicts(standing_clip, tmp_path, *stretch)
    assert len(lines) == 40
    assert [line["t"] for line in lines[:3]] == [0.0, 0.1, 0.2]
    assert all(line["verdict"] != "in_position" for line in lines)
    last = lines[-1]
    if stretch[0] == "trunk-rotation":
        assert last["verdict"] == "not_yet"
        assert last["say"] == "Lie on your back with your knees bent and your feet on the floor."
    else:
        assert last["verdict"] == "cant_see"
        assert str(last["say"]).startswith("Turn so the camera sees you from the side.")
