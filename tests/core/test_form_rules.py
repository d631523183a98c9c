"""Form rules in routine files: read into the model, or refused with the line and what to write."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from backstretch.catalog import Catalog
from backstretch.catalog.files import parse_routine_text
from backstretch.coach.prescriptions import check_routine
from backstretch.core.adaptations import for_knee_problem
from backstretch.core.errors import InvalidRoutine
from backstretch.core.form import CheckKind, View, resolve, rules_as_dict, rules_from_dict
from backstretch.core.form_validation import DEFAULT_CAMERA
from backstretch.core.schema import routine_schema
from backstretch.core.validation import build_routine

HEAD = "id: mine\nname: Mine\nexercises:\n  - id: s\n    name: S\n    reps: 1\n"
FORM = """\
    form:
      view: side
      camera: Put the camera at floor level about 2 m to your side.
      checks:
        - id: knee-straight
          angle: [worked_hip, worked_knee, worked_ankle]
          degrees: [165, 180]
          say: Straighten your knee.
          priority: 1
        - id: hips-low
          landmark: mid_hip
          below: mid_shoulder
          margin: 0.2
          say: Let your hips sink.
          priority: 2
"""


def routine_text(form: str = FORM, sides: str = "each", phases: str = "") -> str:
    return f"{HEAD}    hold_seconds: 5\n    sides: {sides}\n    steps: [Do it.]\n{form}{phases}"


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidRoutine) as caught:
        parse_routine_text(text, "mine.yaml")
    return [str(problem) for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_form_is_read_with_its_view_camera_and_checks() -> None:
    exercise = parse_routine_text(routine_text(), "mine.yaml").exercises[0]
    assert exercise.form is not None
    assert exercise.form.view is View.SIDE
    assert exercise.form.camera.startswith("Put the camera at floor level")
    angle, relation = exercise.form.checks
    assert (angle.kind, angle.low, angle.high, angle.tolerance) == (CheckKind.ANGLE, 165, 180, 10)
    assert relation.landmarks == ("mid_hip", "mid_shoulder")
    assert (relation.kind, relation.margin, relation.priority) == (CheckKind.BELOW, 0.2, 2)
    assert rules_from_dict(json.loads(json.dumps(rules_as_dict(exercise.form)))) == exercise.form


def test_worked_and_other_landmarks_follow_the_side_being_stretched() -> None:
    assert resolve("worked_knee", "right") == ("right_knee",)
    assert resolve("other_knee", "right") == ("left_knee",)
    assert resolve("worked_knee", None) == ("left_knee",)
    assert resolve("mid_hip", "left") == ("left_hip", "right_hip")


def test_a_misspelt_landmark_is_named_with_its_line_and_a_suggestion() -> None:
    text = routine_text(FORM.replace("below: mid_shoulder", "below: left_sholder"))
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'left_sholder')}, exercise 's': form check 2: unknown "
        "landmark 'left_sholder' (did you mean 'left_shoulder'? use a BlazePose landmark such "
        "as left_knee, or worked_, other_ or mid_ with a part such as knee, hip, shoulder, "
        "wrist, ankle, heel or foot_index)"
    ]


def test_the_worked_side_needs_a_sided_stretch() -> None:
    text = routine_text(sides="none")
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'angle:')}, exercise 's': form check 1: "
        f"{name} needs a sided stretch (give sides: each or alternate, or name left_ or right_ "
        "landmarks)"
        for name in ("worked_hip", "worked_knee", "worked_ankle")
    ]


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (
            ("degrees: [165, 180]", "degrees: [180, 165]"),
            "degrees:",
            "form check 1 degrees must go from the lowest to the highest (got [180, 165])",
        ),
        (
            ("degrees: [165, 180]", "degrees: [165, 200]"),
            "degrees:",
            "form check 1 degrees must be between 0 and 180 degrees (got 200)",
        ),
        (
            ("          below: mid_shoulder\n", ""),
            "- id: hips-low",
            "form check 2 needs exactly one of angle (three landmarks), or landmark with one "
            "of below, above, beyond or near (got none)",
        ),
        (
            ("          priority: 2\n", "          priority: 0\n"),
            "priority: 0",
            "form check 2 priority must be a whole number between 1 and 9 (got 0)",
        ),
        (
            ("id: hips-low", "id: knee-straight"),
            "checks:",
            "form check ids must differ (got knee-straight twice)",
        ),
        (
            ("      view: side\n", "      view: above\n"),
            "view: above",
            "form.view must be side or front (got 'above')",
        ),
        (
            ("margin: 0.2", "within: 0.2"),
            "within: 0.2",
            "form check 2 within does not apply to below",
        ),
        (
            ("margin: 0.2", "seen_from: nose"),
            "seen_from: nose",
            "form check 2 seen_from does not apply to below",
        ),
        (
            ("degrees: [165, 180]", "degrees: [165, 180]\n          margin: 0.1"),
            "margin: 0.1",
            "form check 1 margin does not apply to angle",
        ),
    ],
)
def test_a_bad_form_is_refused_with_its_line_and_what_is_allowed(
    change: tuple[str, str], needle: str, message: str
) -> None:
    text = routine_text(FORM.replace(*change))
    assert problems(text) == [f"mine.yaml, line {line_of(text, needle)}, exercise 's': {message}"]


PHASES = """\
    phases:
      - name: down
        form:
          checks:
            - id: head-down
              landmark: nose
              below: mid_shoulder
              say: Let your head drop.
              priority: 2
      - name: up
"""


def test_a_form_without_camera_advice_gets_the_general_advice() -> None:
    text = routine_text(FORM.replace("      camera: Put the camera at floor level", "      # "))
    form = parse_routine_text(text, "mine.yaml").exercises[0].form
    assert form is not None and form.camera == DEFAULT_CAMERA


def test_a_phase_adds_its_checks_to_the_stretchs_and_takes_its_view_and_camera() -> None:
    exercise = parse_routine_text(routine_text(phases=PHASES), "mine.yaml").exercises[0]
    down, up = exercise.phases
    assert exercise.form is not None and down.form is not None
    assert [c.id for c in down.form.checks] == ["knee-straight", "hips-low", "head-down"]
    assert (down.form.view, down.form.camera) == (exercise.form.view, exercise.form.camera)
    assert up.form is None


def test_a_phase_check_may_not_reuse_an_id_of_the_stretch() -> None:
    text = routine_text(phases=PHASES.replace("id: head-down", "id: hips-low"))
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, '          checks:')}, exercise 's': phase 1 form "
        "check ids must differ from the stretch's (got hips-low again)"
    ]


def test_the_json_schema_and_the_validator_refuse_a_field_that_does_not_apply() -> None:
    document = yaml.safe_load(routine_text())
    jsonschema.validate(document, routine_schema())
    for field, value in (("above", "nose"), ("seen_from", "nose"), ("degrees", [0, 90])):
        wrong = copy.deepcopy(document)
        wrong["exercises"][0]["form"]["checks"][1][field] = value
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, routine_schema())
        with pytest.raises(InvalidRoutine):
            build_routine(wrong, "mine.yaml")


def test_a_prescription_as_json_carries_its_form_rules() -> None:
    document = yaml.safe_load(routine_text())
    routine = check_routine(json.loads(json.dumps(document)), "mine", ())
    form = routine.exercises[0].form
    assert form is not None and [c.id for c in form.checks] == ["knee-straight", "hips-low"]


def test_the_standing_hip_flexor_for_a_knee_problem_has_no_kneeling_rules(
    tmp_path: Path,
) -> None:
    routine = for_knee_problem(Catalog(tmp_path).builtin("daily-back"))
    assert routine.exercise("hip-flexor").form is None
    assert routine.exercise("childs-pose").form is not None


def test_the_json_schema_also_refuses_the_worked_side_in_a_stretch_without_sides() -> None:
    document = yaml.safe_load(routine_text(sides="none"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, routine_schema())
    document["exercises"][0]["form"]["checks"][0]["angle"] = ["left_hip", "left_knee", "left_ankle"]
    jsonschema.validate(document, routine_schema())
    assert build_routine(document, "mine.yaml").exercises[0].form is not None
