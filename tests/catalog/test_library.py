"""The library of low-back exercises: a built-in routine a physiotherapist can pick from, each
exercise complete (dose, words, cautions, a public source and a picture), and the seed's own
routine left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from backstretch.catalog import Catalog
from backstretch.catalog.catalog import BUILT_IN
from backstretch.core.adaptations import PROMINENT_CAUTION
from backstretch.core.checking import Checker
from backstretch.core.pose import Pose, distance
from backstretch.core.pose_validation import build_pose
from backstretch.core.reading import get_ready_words
from backstretch.core.routine import Exercise, Routine, Side, Sides
from backstretch.core.schema import routine_schema
from backstretch.core.timeline import StepKind, plan
from backstretch.export.figures import exercise_figures

LIBRARY_FILE = BUILT_IN / "library.yaml"
EXPECTED = {
    "knee-to-chest": Sides.EACH,
    "pelvic-tilt": Sides.NONE,
    "glute-bridge": Sides.NONE,
    "prone-press-up": Sides.NONE,
    "piriformis": Sides.EACH,
    "sphinx": Sides.NONE,
}
# A source is named, with its title in quotes: the NHS, NHS inform, NICE or a named
# physiotherapy text.
SOURCE = re.compile(r"(NHS|NICE|McKenzie)[^\"]*\"[^\"]+\"")
# The seed's figures are drawn to one body (cat-cow, seen from the side): each part's length in
# pose units. A library figure may foreshorten a limb that points toward the viewer a little.
BODY = {
    ("neck", "head"): 18,
    ("left_shoulder", "left_elbow"): 27,
    ("left_elbow", "left_wrist"): 25,
    ("left_hip", "left_knee"): 42,
    ("left_knee", "left_ankle"): 40,
    ("right_shoulder", "right_elbow"): 27,
    ("right_elbow", "right_wrist"): 25,
    ("right_hip", "right_knee"): 42,
    ("right_knee", "right_ankle"): 40,
}
TRUNK = 54  # from the neck to the middle of the hips
# daily-back's exercises as the seed gave them, ids, doses, words and poses: see seed_print.
DAILY_BACK_PRINT = "cd1915e2af9fd7d974a21a79122055620baa6ea00a0c6e8c31c46bfb666f85d9"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return Catalog(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def library(catalog: Catalog) -> Routine:
    return catalog.load("library")


@pytest.fixture(scope="module")
def raw_exercises() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(LIBRARY_FILE.read_text(encoding="utf-8"))
    return {exercise["id"]: exercise for exercise in data["exercises"]}


def by_id(routine: Routine) -> dict[str, Exercise]:
    return {exercise.id: exercise for exercise in routine.exercises}


def test_the_library_is_a_built_in_routine_with_the_exercises_a_physiotherapist_expects(
    catalog: Catalog, library: Routine
) -> None:
    assert "library" in catalog.builtin_ids()
    assert library.source == "built-in"
    assert {e.id: e.sides for e in library.exercises} == EXPECTED


def test_the_library_file_follows_the_published_schema_like_any_routine_file() -> None:
    document = yaml.safe_load(LIBRARY_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(document, routine_schema(), cls=jsonschema.Draft202012Validator)


def test_library_ids_differ_from_the_seed_routines_so_a_clinician_can_pick_from_both(
    catalog: Catalog, library: Routine
) -> None:
    seed_ids = {exercise.id for exercise in catalog.load("daily-back").exercises}
    assert seed_ids.isdisjoint(by_id(library))


@pytest.mark.parametrize("exercise_id", sorted(EXPECTED))
def test_every_library_exercise_has_a_dose_purpose_steps_and_cautions(
    library: Routine, exercise_id: str
) -> None:
    exercise = by_id(library)[exercise_id]
    assert exercise.reps >= 1 and exercise.hold_seconds >= 1
    assert exercise.purpose
    assert len(exercise.steps) >= 3
    assert len(exercise.cautions) >= 2
    assert any("stop" in caution.lower() for caution in exercise.cautions), exercise.cautions


@pytest.mark.parametrize("exercise_id", sorted(EXPECTED))
def test_every_library_exercise_names_the_public_source_it_follows(
    library: Routine, exercise_id: str
) -> None:
    notes = " ".join(by_id(library)[exercise_id].notes)
    assert SOURCE.search(notes), notes


@pytest.mark.parametrize(
    "exercise_id", [i for i, sides in EXPECTED.items() if sides.value != "none"]
)
def test_a_sided_library_exercise_says_what_each_side_means(
    library: Routine, exercise_id: str
) -> None:
    exercise = by_id(library)[exercise_id]
    left, right = exercise.side_words(Side.LEFT), exercise.side_words(Side.RIGHT)
    assert "left" in left and "right" in right and left != right


@pytest.mark.parametrize("exercise_id", sorted(EXPECTED))
def test_every_library_pose_passes_the_pose_checks_with_no_problem(
    raw_exercises: dict[str, dict[str, Any]], exercise_id: str
) -> None:
    check = Checker("library.yaml", lambda path: None)
    pose = build_pose(check, raw_exercises[exercise_id].get("pose"), ("pose",), "pose")
    assert check.problems == []
    assert isinstance(pose, Pose)


@pytest.mark.parametrize("exercise_id", sorted(EXPECTED))
def test_every_library_figure_is_drawn_to_the_seed_figures_body(
    library: Routine, exercise_id: str
) -> None:
    pose = by_id(library)[exercise_id].pose
    assert pose is not None
    for (start, end), length in BODY.items():
        drawn = distance(pose[start], pose[end])
        assert 0.75 * length <= drawn <= 1.25 * length, (start, end, round(drawn))
    assert 0.9 * TRUNK <= distance(pose["neck"], pose.hip_centre) <= 1.1 * TRUNK


@pytest.mark.parametrize("exercise_id", sorted(EXPECTED))
def test_every_library_exercise_has_a_picture_that_renders(
    library: Routine, exercise_id: str, tmp_path: Path
) -> None:
    figures = exercise_figures(by_id(library)[exercise_id])
    assert len(figures) == 1
    written = tmp_path / figures[0].file_name
    written.write_text(figures[0].svg, encoding="utf-8")
    assert written.stat().st_size > 0
    assert figures[0].svg.startswith("<svg") and "<path" in figures[0].svg


@pytest.mark.parametrize("exercise_id", ["knee-to-chest", "piriformis"])
def test_getting_ready_for_a_stretch_that_bends_the_knee_says_its_knee_caution(
    library: Routine, exercise_id: str
) -> None:
    exercise = by_id(library)[exercise_id]
    [prominent] = [c for c in exercise.cautions if c.startswith(PROMINENT_CAUTION)]
    [get_ready] = [
        step
        for step in plan(library).steps
        if step.kind is StepKind.GET_READY and step.exercise == exercise_id
    ]
    assert get_ready_words(exercise, get_ready.side).endswith(prominent)


def seed_print(routine: Routine) -> str:
    """A fingerprint of what the seed's routine asks of a person: every exercise's id, name,
    dose, sides, phases, words and pose, and the routine's timing settings."""
    exercises = [
        {
            "id": e.id,
            "name": e.name,
            "purpose": e.purpose,
            "dose": [e.hold_seconds, e.reps, e.sides.value],
            "phases": [[p.name, p.hold_seconds, p.instruction] for p in e.phases],
            "words": [list(e.steps), list(e.cautions), list(e.notes)],
            "side_cue": [[side.value, words] for side, words in e.side_cue],
            "poses": [pose_print(phase.pose) for phase in e.hold_phases],
        }
        for e in routine.exercises
    ]
    timing = routine.timing
    settings = [timing.get_ready_seconds, timing.release_seconds, timing.switch_sides_seconds]
    text = json.dumps([routine.id, routine.name, settings, exercises], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def pose_print(pose: Pose | None) -> Any:
    if pose is None:
        return None
    joints = [[name, point.x, point.y] for name, point in pose.joints]
    return [joints, [area.value for area in pose.feel], pose.view.value]


def test_the_seed_routine_daily_back_is_unchanged_by_the_library(catalog: Catalog) -> None:
    assert seed_print(catalog.load("daily-back")) == DAILY_BACK_PRINT
