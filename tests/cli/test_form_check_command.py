"""`backstretch form-check`: verdicts as JSON lines from a landmarks file, and clear errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.pose import Point
from tests.cli.test_validate_command import backstretch, write
from tests.core.form_frames import as_json_line, figure_frame, frames


def landmarks_file(folder: Path, *parts: tuple[list[list[float]] | None, float]) -> Path:
    lines, start = [], 0.0
    for landmarks, seconds in parts:
        lines += [json.dumps(as_json_line(t, p)) for t, p in frames(landmarks, seconds, start)]
        start += seconds
    path = folder / "frames.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hamstring_figure(tmp_path: Path, **moved: Point) -> list[list[float]]:
    pose = Catalog(tmp_path).builtin("daily-back").exercise("hamstring").pose
    assert pose is not None
    return figure_frame(pose, moved=moved)


def test_each_frame_gets_a_json_line_and_the_figure_comes_into_position(tmp_path: Path) -> None:
    path = landmarks_file(tmp_path, (None, 0.4), (hamstring_figure(tmp_path), 1.0))
    out = backstretch(
        "form-check",
        "--exercise",
        "hamstring",
        "--landmarks",
        str(path),
        "--aspect",
        "16:9",
        home=tmp_path,
    )
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 6 + 15
    assert lines[0]["verdict"] == "cant_see"
    assert lines[0]["say"].startswith("Put the camera at floor level about 2 m to your side")
    assert lines[-1] == {"t": lines[-1]["t"], "verdict": "in_position", "say": None, "check": None}


def test_a_bent_front_leg_is_told_to_straighten(tmp_path: Path) -> None:
    bent = hamstring_figure(tmp_path, left_knee=Point(81, 30))
    path = landmarks_file(tmp_path, (bent, 1.0))
    out = backstretch(
        "form-check",
        "--exercise",
        "hamstring",
        "--side",
        "left",
        "--landmarks",
        str(path),
        "--aspect",
        "16:9",
        home=tmp_path,
    )
    last = json.loads(out.stdout.splitlines()[-1])
    assert (last["verdict"], last["say"], last["check"]) == (
        "not_yet",
        "Straighten the leg in front of you.",
        "leg-straight",
    )


def test_a_bad_line_is_named_by_its_number(tmp_path: Path) -> None:
    path = landmarks_file(tmp_path, (hamstring_figure(tmp_path), 0.2))
    path.write_text(path.read_text() + '{"t": 1, "landmarks": [[0, 0, 0]]}\n')
    out = backstretch(
        "form-check",
        "--exercise",
        "hamstring",
        "--landmarks",
        str(path),
        "--aspect",
        "16:9",
        home=tmp_path,
    )
    assert out.exit_code == 1
    assert out.stderr == (
        f"Error: {path}, line 4: landmarks must be 33 in BlazePose order (got 1 landmarks)\n"
    )


def test_a_file_without_the_pictures_aspect_asks_for_it(tmp_path: Path) -> None:
    path = landmarks_file(tmp_path, (hamstring_figure(tmp_path), 0.2))
    out = backstretch(
        "form-check", "--exercise", "hamstring", "--landmarks", str(path), home=tmp_path
    )
    assert out.exit_code == 1
    assert "line 1: no aspect: give --aspect W:H" in out.stderr


def test_an_unknown_stretch_lists_the_routines_stretches(tmp_path: Path) -> None:
    path = landmarks_file(tmp_path, (None, 0.2))
    out = backstretch(
        "form-check", "--exercise", "hamstrings", "--landmarks", str(path), home=tmp_path
    )
    assert out.exit_code == 1
    assert out.stderr == (
        "Error: routine 'daily-back' has no stretch 'hamstrings' (it has trunk-rotation, "
        "cat-cow, hip-flexor, childs-pose, hamstring)\n"
    )


def test_a_stretch_without_rules_says_so(tmp_path: Path) -> None:
    routine = write(
        tmp_path,
        "mine.yaml",
        "id: mine\nname: Mine\nexercises:\n  - id: s\n    name: S\n    reps: 1\n"
        "    hold_seconds: 5\n    steps: [Do it.]\n",
    )
    path = landmarks_file(tmp_path, (None, 0.2))
    out = backstretch(
        "form-check",
        "--exercise",
        "s",
        "--routine",
        str(routine),
        "--landmarks",
        str(path),
        home=tmp_path,
    )
    assert out.exit_code == 1
    assert out.stderr == "Error: 's' has no form rules for the camera to check\n"


def test_landmarks_and_video_cannot_be_given_together(tmp_path: Path) -> None:
    path = landmarks_file(tmp_path, (None, 0.2))
    out = backstretch(
        "form-check",
        "--exercise",
        "hamstring",
        "--landmarks",
        str(path),
        "--video",
        "a.mp4",
        home=tmp_path,
    )
    assert out.exit_code == 2
    assert "give --landmarks FILE.jsonl or --video FILE (one of them)" in out.stderr


def test_a_video_without_the_camera_check_installed_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "backstretch.pose", None)  # as if not installed
    out = backstretch("form-check", "--exercise", "hamstring", "--video", "a.mp4", home=tmp_path)
    assert out.exit_code == 2
    assert out.stderr == "Error: the camera check is not installed: run scripts/setup camera\n"


def test_validate_reports_a_bad_form_rule(tmp_path: Path) -> None:
    routine = write(
        tmp_path,
        "mine.yaml",
        "id: mine\nname: Mine\nexercises:\n  - id: s\n    name: S\n    reps: 1\n"
        "    hold_seconds: 5\n    steps: [Do it.]\n    form:\n      checks:\n"
        "        - id: knee\n          angle: [left_hip, left_kne, left_ankle]\n"
        "          degrees: [160, 180]\n          say: Straighten your knee.\n"
        "          priority: 1\n",
    )
    out = backstretch("validate", str(routine), home=tmp_path)
    assert out.exit_code == 1
    assert out.stderr == (
        f"Error: {routine}, line 12, exercise 's': form check 1: unknown landmark 'left_kne' "
        "(did you mean 'left_knee'? use a BlazePose landmark such as left_knee, or worked_, "
        "other_ or mid_ with a part such as knee, hip, shoulder, wrist, ankle, heel or "
        "foot_index)\n"
    )


def test_a_side_for_a_stretch_without_sides_is_a_usage_error(tmp_path: Path) -> None:
    path = landmarks_file(tmp_path, (None, 0.2))
    out = backstretch(
        "form-check",
        "--exercise",
        "childs-pose",
        "--side",
        "left",
        "--landmarks",
        str(path),
        "--aspect",
        "16:9",
        home=tmp_path,
    )
    assert out.exit_code == 2
    assert "'childs-pose' is done without sides: leave --side out" in out.stderr
