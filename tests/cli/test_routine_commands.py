"""`routines`, `show`, `--version` and `--help` as a person sees them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from backstretch import __version__
from backstretch.cli.main import COMMANDS, cli, main

# PRODUCT.md's table of the default routine: id, name, hold per phase, reps, sides, phases.
PRODUCT_TABLE = [
    ("trunk-rotation", "Trunk Rotation", 5, 10, "each", ["hold"]),
    ("cat-cow", "Cat-Cow", 5, 10, "none", ["cat", "cow"]),
    ("hip-flexor", "Hip Flexor", 10, 5, "each", ["hold"]),
    ("childs-pose", "Child's Pose", 10, 5, "none", ["hold"]),
    ("hamstring", "Seated Hamstring Stretch", 10, 5, "each", ["hold"]),
]


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args])
    return result.exit_code, result.output


def test_show_json_matches_the_default_routine_in_the_product_brief(home: Path) -> None:
    code, output = invoke(home, "show", "daily-back", "--json")
    assert code == 0, output
    routine = json.loads(output)
    assert routine["id"] == "daily-back"
    assert routine["total_seconds"] == 781
    rows = [
        (e["id"], e["name"], e["hold_seconds"], e["reps"], e["sides"],
         [p["name"] for p in e["phases"]])
        for e in routine["exercises"]
    ]  # fmt: skip
    for want, got in zip(PRODUCT_TABLE, rows, strict=True):
        assert got[0] == want[0]
        assert want[1] in got[1]
        assert got[2:] == want[2:]
    cat_cow = routine["exercises"][1]
    assert [p["hold_seconds"] for p in cat_cow["phases"]] == [5, 5]
    assert all(e["purpose"] and e["steps"] and e["cautions"] for e in routine["exercises"])
    assert "one side only" in " ".join(routine["exercises"][2]["notes"])


def test_show_json_says_what_each_side_means_for_the_sided_stretches(home: Path) -> None:
    code, output = invoke(home, "show", "daily-back", "--json")
    assert code == 0, output
    cues = {e["id"]: e["side_cue"] for e in json.loads(output)["exercises"]}
    assert cues["trunk-rotation"]["left"] == "roll both knees to your left"
    assert cues["hip-flexor"]["right"] == "kneel on your right knee, left foot forward"
    assert cues["hamstring"]["left"] == "left leg straight, right knee bent"
    assert cues["cat-cow"] == {} and cues["childs-pose"] == {}


def test_show_lists_each_stretch_with_dose_steps_cautions_and_the_total(home: Path) -> None:
    code, output = invoke(home, "show")
    assert code == 0, output
    assert "5 stretches, 65 holds, about 13 min 1 s in all." in output
    assert "1. Trunk Rotation  hold 5 s × 10 reps, each side  (3 min 20 s)" in output
    assert "2. Cat-Cow  cat 5 s + cow 5 s × 10 reps" in output
    assert "! If you have a knee problem, do not sit right back onto your heels." in output
    assert "never to pain" in output


def test_routines_lists_the_built_in_routine_and_the_users_own(home: Path) -> None:
    folder = home / "routines"
    folder.mkdir()
    (folder / "short.yaml").write_text(
        "id: short\nname: Short one\nexercises:\n"
        "  - {id: reach, name: Reach, steps: [Reach up.], hold_seconds: 5, reps: 2}\n"
    )
    (folder / "broken.yaml").write_text("id: broken\nname: Broken\nexercises: []\n")
    code, output = invoke(home, "routines")
    assert code == 0, output
    assert "daily-back" in output and "built-in" in output
    assert "short                Short one (" in output
    assert "broken" in output and "has a problem:" in output and "exercises must be" in output
    code, shown = invoke(home, "show", "short")
    assert code == 0 and "Reach" in shown


@pytest.mark.parametrize("command", ["show", "start"])
def test_a_broken_routine_asked_for_by_name_is_named_with_its_first_problem(
    home: Path, command: str
) -> None:
    folder = home / "routines"
    folder.mkdir()
    path = folder / "negative.yaml"
    path.write_text(
        "id: negative\nname: Negative\nexercises:\n"
        "  - {id: reach, name: Reach, steps: [Reach up.], hold_seconds: -5, reps: 2}\n"
    )
    with CliRunner().isolation() as (_, stderr, _), pytest.raises(SystemExit) as stop:
        main(["--home", str(home), command, "negative"])
    assert stop.value.code == 1
    assert stderr.getvalue().decode() == (
        f"Error: routine 'negative': its file {path} has problems, the first: line 4, "
        "exercise 'reach': hold_seconds must be between 1 and 600 seconds (got -5) "
        f"(see every problem with: backstretch validate {path})\n"
    )


def test_routines_lists_a_named_pipe_with_its_problem(home: Path) -> None:
    folder = home / "routines"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    code, output = invoke(home, "routines")
    assert code == 0, output
    assert "pipe                 has a problem: " in output
    assert "is a named pipe (FIFO), not a file; routine files must be regular files" in output


def test_show_accepts_a_path_to_a_routine_file(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\nname: Mine\nexercises:\n"
        "  - {id: reach, name: Reach, steps: [Reach up.], hold_seconds: 5, reps: 2}\n"
    )
    code, output = invoke(home, "show", str(path), "--json")
    assert code == 0, output
    assert json.loads(output)["total_seconds"] == 10 + 5 + 3 + 5


def test_version_prints_the_version(home: Path) -> None:
    code, output = invoke(home, "--version")
    assert code == 0
    assert output.strip() == f"backstretch, version {__version__}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(home: Path, command: str) -> None:
    code, output = invoke(home, command, "--help")
    assert code == 0, output
    assert "Example" in output


def test_routines_lists_the_exercise_library_beside_daily_back(home: Path) -> None:
    code, output = invoke(home, "routines")
    assert code == 0, output
    assert "library              Low-back exercise library (" in output
    assert output.index("daily-back") < output.index("library")


def test_the_library_file_validates_with_one_ok_line_and_nothing_else(home: Path) -> None:
    library = Path(__file__).parents[2] / "src" / "backstretch" / "routines" / "library.yaml"
    result = CliRunner().invoke(cli, ["--home", str(home), "validate", str(library)])
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"{library}: ok, routine 'library' with 6 stretches (")


def test_show_library_lists_each_exercise_with_its_dose_cautions_and_source(home: Path) -> None:
    code, output = invoke(home, "show", "library")
    assert code == 0, output
    assert "2. Knee to Chest  hold 20 s × 3 reps, each side" in output
    assert "4. Glute Bridge  hold 5 s × 10 reps" in output
    assert "! Knee problem: hold behind your thigh, not over your knee." in output
    assert 'Note: Follows the gluteal stretch of the NHS page "Exercises for' in output
    code, shown = invoke(home, "show", "library", "--json")
    assert code == 0, shown
    cues = {e["id"]: e["side_cue"] for e in json.loads(shown)["exercises"]}
    assert (
        cues["piriformis"]["right"]
        == "right ankle on your left knee, stretch in your right buttock"
    )
