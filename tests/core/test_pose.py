"""Poses: the geometry helpers, the built-in figures as someone who knows the stretches sees
them, and the checks on poses written in routine files."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from backstretch.catalog import Catalog
from backstretch.catalog.catalog import BUILT_IN
from backstretch.catalog.files import parse_routine_text
from backstretch.core.errors import InvalidRoutine
from backstretch.core.pose import (
    JOINTS,
    REQUIRED_JOINTS,
    Area,
    Point,
    Pose,
    View,
    angle_at,
    distance,
    lerp,
)
from backstretch.core.routine import Routine
from backstretch.core.validation import build_routine

DOCUMENT = yaml.safe_load((BUILT_IN / "daily-back.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def daily_back(tmp_path_factory: pytest.TempPathFactory) -> Routine:
    return Catalog(tmp_path_factory.mktemp("home")).load("daily-back")


def pose_of(routine: Routine, exercise: str, phase: str | None = None) -> Pose:
    found = routine.exercise(exercise)
    pose = next(p.pose for p in found.hold_phases if phase is None or p.name == phase)
    assert pose is not None
    return pose


def height_above_line(point: Point, start: Point, end: Point) -> float:
    """How far a point is above the straight line through two others (negative: below)."""
    t = (point.x - start.x) / (end.x - start.x)
    return point.y - lerp(start, end, t).y


def forward(pose: Pose) -> float:
    """+1 when the figure faces +x (its hands are ahead of its hips), else -1."""
    return 1.0 if pose["left_wrist"].x > pose.hip_centre.x else -1.0


# Geometry


def test_a_straight_line_is_an_angle_of_180_degrees_and_a_corner_90() -> None:
    assert angle_at(Point(0, 0), Point(-5, 0), Point(7, 0)) == pytest.approx(180)
    assert angle_at(Point(0, 0), Point(0, 3), Point(4, 0)) == pytest.approx(90)
    assert distance(Point(0, 0), Point(3, 4)) == 5


def straight_pose(**changes: Point) -> Pose:
    joints = {name: Point(10.0 * index, 50.0) for index, name in enumerate(REQUIRED_JOINTS)}
    return Pose.of({**joints, **changes})


def test_without_a_mid_back_the_back_is_straight() -> None:
    pose = straight_pose(neck=Point(100, 60), left_hip=Point(40, 20), right_hip=Point(40, 20))
    assert pose.given("mid_back") is None
    assert pose["mid_back"] == Point(70, 40)


def test_without_toes_the_foot_points_straight_on_from_the_shin() -> None:
    pose = straight_pose(left_knee=Point(60, 5), left_ankle=Point(20, 5))
    toes = pose["left_toes"]
    assert toes.y == pytest.approx(5)
    assert toes.x < 20
    assert angle_at(pose["left_ankle"], pose["left_knee"], toes) == pytest.approx(180)


def test_a_pose_needs_every_required_joint_and_no_unknown_one() -> None:
    joints = {name: Point(1, 1) for name in REQUIRED_JOINTS[1:]}
    with pytest.raises(ValueError, match="head"):
        Pose.of(joints)
    with pytest.raises(ValueError, match="tail"):
        Pose.of({**joints, "head": Point(1, 1), "tail": Point(1, 1)})


def test_every_area_lies_on_two_joints_of_the_figure() -> None:
    pose = straight_pose()
    for area in Area:
        start, end = pose.area_segment(area)
        assert start in pose.points().values()
        assert end in pose.points().values() or end == pose.hip_centre


# The built-in figures, as someone who knows the stretches reads them


def test_every_position_of_every_built_in_stretch_has_a_pose_with_a_felt_area(
    daily_back: Routine,
) -> None:
    for exercise in daily_back.exercises:
        for phase in exercise.hold_phases:
            assert phase.pose is not None, (exercise.id, phase.name)
            assert phase.pose.feel, (exercise.id, phase.name)


def test_trunk_rotation_lies_on_the_back_seen_from_above_with_bent_knees_to_one_side(
    daily_back: Routine,
) -> None:
    pose = pose_of(daily_back, "trunk-rotation")
    assert pose.view is View.TOP
    midline = (pose["neck"].y + pose.hip_centre.y) / 2
    # Both shoulders flat: the same distance either side of the body's midline.
    assert pose["left_shoulder"].y - midline == pytest.approx(midline - pose["right_shoulder"].y)
    # The arms reach out to the sides, palms down on the floor.
    assert abs(pose["left_wrist"].y - midline) > 50
    assert abs(pose["right_wrist"].y - midline) > 50
    # Both knees have dropped to the same side, and they are bent.
    assert pose["left_knee"].y < midline - 15 and pose["right_knee"].y < midline - 15
    assert pose.angle("left_knee") < 120 and pose.angle("right_knee") < 120
    assert Area.LOWER_BACK in pose.feel


def test_cat_rounds_the_back_up_and_cow_lets_it_sag(daily_back: Routine) -> None:
    cat = pose_of(daily_back, "cat-cow", "cat")
    cow = pose_of(daily_back, "cat-cow", "cow")
    assert cat["mid_back"].y > cow["mid_back"].y + 10
    assert height_above_line(cat["mid_back"], cat["neck"], cat.hip_centre) > 5
    assert height_above_line(cow["mid_back"], cow["neck"], cow.hip_centre) < -3
    # The head drops in the cat and lifts in the cow.
    assert cat["head"].y < cat["neck"].y
    assert cow["head"].y > cow["neck"].y


@pytest.mark.parametrize("phase", ["cat", "cow"])
def test_cat_and_cow_are_on_all_fours_with_hands_under_shoulders(
    daily_back: Routine, phase: str
) -> None:
    pose = pose_of(daily_back, "cat-cow", phase)
    for side in ("left", "right"):
        assert pose[f"{side}_knee"].y < 8 and pose[f"{side}_wrist"].y < 8
        assert abs(pose[f"{side}_wrist"].x - pose[f"{side}_shoulder"].x) < 5
        assert abs(pose[f"{side}_knee"].x - pose[f"{side}_hip"].x) < 5
        assert pose.angle(f"{side}_elbow") > 165  # straight arms


def test_hip_flexor_kneels_on_the_back_knee_with_the_hips_pushed_forward(
    daily_back: Routine,
) -> None:
    pose = pose_of(daily_back, "hip-flexor")
    ahead = forward(pose)
    back_knee, front_knee = pose["left_knee"], pose["right_knee"]
    assert back_knee.y < 8  # the back knee is on the floor
    assert (front_knee.x - back_knee.x) * ahead > 40  # the other leg is in front
    assert pose["right_ankle"].y < 10 and pose["right_toes"].y < 10  # front foot flat
    assert 75 < pose.angle("right_knee") < 105  # front knee at a right angle
    assert (pose["left_hip"].x - back_knee.x) * ahead > 5  # hips forward of the back knee
    assert abs(pose["neck"].x - pose.hip_centre.x) < 10  # the trunk is upright
    assert {Area.LEFT_THIGH, Area.LEFT_HIP} <= set(pose.feel)


def test_childs_pose_sits_back_on_the_heels_reaching_forward_with_the_head_down(
    daily_back: Routine,
) -> None:
    pose = pose_of(daily_back, "childs-pose")
    ahead = forward(pose)
    for side in ("left", "right"):
        assert pose[f"{side}_knee"].y < 8  # kneeling
        assert (pose[f"{side}_knee"].x - pose[f"{side}_hip"].x) * ahead > 20  # hips behind
        assert abs(pose[f"{side}_hip"].x - pose[f"{side}_ankle"].x) < 10  # over the heels
        assert (pose[f"{side}_wrist"].x - pose["head"].x) * ahead > 20  # hands past the head
        assert pose[f"{side}_wrist"].y < 8  # hands on the floor
    assert pose["head"].y < pose["neck"].y and pose["head"].y < 15  # head down to the mat
    assert pose.hip_centre.y < 30


def test_seated_hamstring_has_one_leg_straight_one_bent_and_a_straight_back_leaning_forward(
    daily_back: Routine,
) -> None:
    pose = pose_of(daily_back, "hamstring")
    ahead = forward(pose)
    assert pose.angle("left_knee") > 170  # the straight leg
    assert pose.angle("right_knee") < 120  # the bent one
    assert pose.hip_centre.y < 15  # sitting on the floor
    assert pose["left_toes"].y > pose["left_ankle"].y + 10  # toes point up
    # Leaning forward from the hips, neither upright nor lying down ...
    lean = (pose["neck"].x - pose.hip_centre.x) * ahead
    assert 15 < lean < pose["neck"].y - pose.hip_centre.y
    # ... with a straight back: the mid-back on the line from the neck to the hips.
    assert abs(height_above_line(pose["mid_back"], pose["neck"], pose.hip_centre)) < 2
    assert Area.LEFT_THIGH in pose.feel


# Poses in routine files

POSE = {name: [40 + 3 * index, 10 + 2 * index] for index, name in enumerate(REQUIRED_JOINTS)}
HEAD = "id: mine\nname: Mine\nexercises:\n  - id: s\n    name: S\n    reps: 1\n"


def routine_text(pose_lines: str, hold: str = "    hold_seconds: 5\n") -> str:
    """A routine whose one exercise has the pose given, from line 9 on."""
    return HEAD + hold + "    steps: [Do it.]\n    pose:\n" + pose_lines


def pose_lines(**changes: Any) -> str:
    joints = {**POSE, **changes}
    return "".join(f"      {name}: {value}\n" for name, value in joints.items() if value is not ...)


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidRoutine) as caught:
        parse_routine_text(text, "mine.yaml")
    return [str(problem) for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_valid_pose_is_read_with_its_feel_and_view() -> None:
    text = routine_text("      view: top\n      feel: [lower_back, left_thigh]\n" + pose_lines())
    exercise = parse_routine_text(text, "mine.yaml").exercises[0]
    assert exercise.pose is not None
    assert exercise.pose.view is View.TOP
    assert exercise.pose.feel == (Area.LOWER_BACK, Area.LEFT_THIGH)
    assert exercise.pose["neck"] == Point(43, 12)
    assert exercise.hold_phases[0].pose == exercise.pose


def test_one_area_may_be_written_without_the_list() -> None:
    text = routine_text("      feel: lower_back\n" + pose_lines())
    pose = parse_routine_text(text, "mine.yaml").exercises[0].pose
    assert pose is not None and pose.feel == (Area.LOWER_BACK,)


def test_a_misspelt_joint_is_named_with_its_line_and_a_suggestion() -> None:
    text = routine_text(pose_lines() + "      left_elbo: [1, 2]\n")
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'left_elbo:')}, exercise 's': unknown joint "
        "'left_elbo' in the pose (did you mean 'left_elbow'? joints are head, neck, mid_back, "
        "and left_ or right_ shoulder, elbow, wrist, hip, knee, ankle or toes; other fields: "
        "view, feel)"
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("ten", "'ten'"), ("[1, 2, 3]", "a list of 3"), ("{x: 1, y: 2}", "a mapping")],
)
def test_a_joint_that_is_not_a_pair_of_numbers_is_refused(value: str, shown: str) -> None:
    text = routine_text(pose_lines(left_knee=value))
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'left_knee')}, exercise 's': pose.left_knee must be "
        f"a pair of numbers [x, y] (got {shown})"
    ]


def test_a_coordinate_that_is_not_a_number_names_x_or_y() -> None:
    text = routine_text(pose_lines(left_knee="[4, high]"))
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'left_knee')}, exercise 's': pose.left_knee y must "
        "be a number between 0 and 250 cm (got 'high')"
    ]


def test_a_point_below_the_floor_is_out_of_range() -> None:
    text = routine_text(pose_lines(right_ankle="[50, -5]"))
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'right_ankle')}, exercise 's': pose.right_ankle y "
        "must be between 0 and 250 cm (got -5)"
    ]


def test_missing_joints_are_listed_in_one_message_at_the_pose() -> None:
    text = routine_text(pose_lines(head=..., right_knee=...))
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'pose:')}, exercise 's': pose is missing head, "
        "right_knee (every pose needs head, neck, and left_ and right_ shoulder, elbow, wrist, "
        "hip, knee and ankle)"
    ]


def test_an_unknown_area_suggests_the_nearest() -> None:
    text = routine_text("      feel: [lower_back, left_thig]\n" + pose_lines())
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'feel')}, exercise 's': pose.feel item 2 must be one "
        "of neck, upper_back, "
        "lower_back, or left_ or right_ shoulder, upper_arm, forearm, hip, thigh or lower_leg "
        "(got 'left_thig'); did you mean 'left_thigh'?"
    ]


def test_an_unknown_view_is_refused() -> None:
    text = routine_text("      view: front\n" + pose_lines())
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'view')}, exercise 's': pose.view must be side or top "
        "(got 'front')"
    ]


def test_a_pose_that_is_not_a_mapping_is_refused() -> None:
    text = HEAD + "    hold_seconds: 5\n    steps: [Do it.]\n    pose: [1, 2]\n"
    assert problems(text) == [
        "mine.yaml, line 9, exercise 's': pose must be a mapping of joint names to [x, y] "
        "points (got a list)"
    ]


def test_a_phase_pose_is_checked_with_the_phase_named() -> None:
    document = copy.deepcopy(DOCUMENT)
    document["exercises"][1]["phases"][1]["pose"]["head"] = [500, 10]
    with pytest.raises(InvalidRoutine) as caught:
        build_routine(document, "copy.yaml")
    assert [p.message for p in caught.value.problems] == [
        "phase 2 pose.head x must be between 0 and 300 cm (got 500)"
    ]


def test_a_phase_without_a_pose_shows_the_exercise_pose() -> None:
    document = copy.deepcopy(DOCUMENT)
    cat_cow = document["exercises"][1]
    cat_cow["pose"] = cat_cow["phases"][0].pop("pose")
    routine = build_routine(document, "copy.yaml")
    cat, cow = routine.exercises[1].phases
    assert cat.pose == routine.exercises[1].pose
    assert cow.pose is not None and cow.pose != cat.pose


def test_poses_are_optional() -> None:
    document = copy.deepcopy(DOCUMENT)
    for exercise in document["exercises"]:
        exercise.pop("pose", None)
        for phase in exercise.get("phases", []):
            phase.pop("pose")
    routine = build_routine(document, "copy.yaml")
    assert all(phase.pose is None for e in routine.exercises for phase in e.hold_phases)


def test_the_joint_names_are_the_pose_estimation_names() -> None:
    # BlazePose and MoveNet name landmarks the same way, for a camera check later.
    assert {"left_shoulder", "right_knee", "left_ankle", "left_wrist"} <= set(JOINTS)


def test_true_is_not_a_coordinate() -> None:
    text = routine_text(pose_lines(neck="[1, true]"))
    assert problems(text) == [
        f"mine.yaml, line {line_of(text, 'neck')}, exercise 's': pose.neck y must be a number "
        "between 0 and 250 cm (got true)"
    ]
