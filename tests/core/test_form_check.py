"""The camera judge on frames made from the routine's own figures: each figure is in position,
each figure with a joint moved gets that check's correction, and what cannot be seen is said."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from backstretch.catalog import Catalog
from backstretch.core.form import FormRules, rules_for
from backstretch.core.form_check import CANT_SEE, IN_POSITION, NOT_YET, FormJudge, Verdict
from backstretch.core.pose import Point, Pose
from backstretch.core.routine import Exercise, Phase, Routine
from tests.core.form_frames import ASPECT, FIGURE_SIDE, figure_frame, frames

# One joint moved per check (both of a pair, for a check on their middle), named as in the
# figure, which shows FIGURE_SIDE: the correction said must be that check's.
MOVES: dict[tuple[str, str | None, str], dict[str, Point]] = {
    ("trunk-rotation", None, "knees-bent"): {"right_knee": Point(121.5, 67)},
    ("trunk-rotation", None, "knees-over"): {"left_knee": Point(126, 95)},
    ("trunk-rotation", None, "arm-out"): {"left_wrist": Point(90, 95)},
    ("cat-cow", "cow", "all-fours"): {
        "left_shoulder": Point(33, 100),
        "right_shoulder": Point(36, 100),
    },
    ("cat-cow", "cat", "hands-under-shoulders"): {"left_wrist": Point(25, 56)},
    ("cat-cow", "cow", "knees-under-hips"): {"left_knee": Point(100, 47)},
    ("cat-cow", "cat", "head-down"): {"head": Point(16, 70)},
    ("cat-cow", "cow", "head-up"): {"head": Point(16, 42)},
    ("hip-flexor", None, "back-knee-down"): {"left_knee": Point(100, 40)},
    ("hip-flexor", None, "upright"): {
        "left_shoulder": Point(20, 50),
        "right_shoulder": Point(22, 50),
    },
    ("hip-flexor", None, "front-knee"): {"right_ankle": Point(10, 30)},
    ("hip-flexor", None, "hips-forward"): {"left_knee": Point(40, 10)},
    ("childs-pose", None, "hips-back"): {"left_hip": Point(141, 60), "right_hip": Point(144, 60)},
    ("childs-pose", None, "arms-forward"): {"left_wrist": Point(110, 5)},
    ("childs-pose", None, "head-down"): {"head": Point(75, 40)},
    ("hamstring", None, "seated"): {"left_hip": Point(123, 50), "right_hip": Point(125, 50)},
    ("hamstring", None, "leg-straight"): {"left_knee": Point(81, 30)},
    ("hamstring", None, "lean-forward"): {
        "left_shoulder": Point(140, 110),
        "right_shoulder": Point(142, 110),
    },
}
# A person standing, seen from the side: never in position for a floor stretch.
STANDING = Pose.of(
    {
        "head": Point(50, 165),
        "neck": Point(50, 150),
        **{f"{side}_shoulder": Point(50 + d, 145) for side, d in (("left", 0), ("right", 2))},
        **{f"{side}_elbow": Point(50 + d, 115) for side, d in (("left", 0), ("right", 2))},
        **{f"{side}_wrist": Point(52 + d, 88) for side, d in (("left", 0), ("right", 2))},
        **{f"{side}_hip": Point(50 + d, 95) for side, d in (("left", 0), ("right", 2))},
        **{f"{side}_knee": Point(51 + d, 50) for side, d in (("left", 0), ("right", 2))},
        **{f"{side}_ankle": Point(50 + d, 8) for side, d in (("left", 0), ("right", 2))},
    }
)


@pytest.fixture(scope="module")
def daily_back(tmp_path_factory: pytest.TempPathFactory) -> Routine:
    return Catalog(tmp_path_factory.mktemp("home")).builtin("daily-back")


def positions(routine: Routine) -> Iterable[tuple[Exercise, Phase | None, str | None]]:
    for exercise in routine.exercises:
        for phase in exercise.phases or (None,):
            for side in exercise.side_order:
                yield exercise, phase, side.value if side else None


def pose_and_rules(exercise: Exercise, phase: Phase | None) -> tuple[Pose, FormRules]:
    pose = phase.pose if phase is not None else exercise.pose
    rules = rules_for(exercise, phase)
    assert pose is not None and rules is not None
    return pose, rules


def judged(
    rules: FormRules,
    side: str | None,
    stream: Iterable[tuple[float, list[list[float]] | None]],
) -> list[Verdict]:
    judge = FormJudge(rules, side)
    return [judge.observe(t, landmarks, ASPECT) for t, landmarks in stream]


def settled(
    routine: Routine,
    exercise_id: str,
    phase_name: str | None,
    side: str | None,
    moved: dict[str, Point] | None = None,
    visibility: float = 0.95,
) -> Verdict:
    exercise = routine.exercise(exercise_id)
    phase = next((p for p in exercise.phases if p.name == phase_name), None)
    pose, rules = pose_and_rules(exercise, phase)
    figure_side = FIGURE_SIDE.get(exercise_id)
    landmarks = figure_frame(pose, side, figure_side, moved, visibility)
    return judged(rules, side, frames(landmarks, 1.5))[-1]


def test_every_position_of_daily_back_has_rules_and_camera_advice(daily_back: Routine) -> None:
    for exercise, phase, _ in positions(daily_back):
        _, rules = pose_and_rules(exercise, phase)
        assert rules.camera.startswith("Put the camera")
        assert rules.checks


def test_each_figure_of_daily_back_is_in_position_on_either_side(daily_back: Routine) -> None:
    for exercise, phase, side in positions(daily_back):
        verdict = settled(daily_back, exercise.id, phase.name if phase else None, side)
        assert verdict == Verdict(IN_POSITION), (exercise.id, phase, side, verdict)


@pytest.mark.parametrize(("exercise_id", "phase", "check_id"), sorted(MOVES, key=str))
@pytest.mark.parametrize("side", ["left", "right"])
def test_a_figure_with_one_joint_moved_gets_that_checks_correction(
    daily_back: Routine, exercise_id: str, phase: str | None, check_id: str, side: str
) -> None:
    exercise = daily_back.exercise(exercise_id)
    judged_side = side if exercise.sides.value != "none" else None
    moved = MOVES[(exercise_id, phase, check_id)]
    verdict = settled(daily_back, exercise_id, phase, judged_side, moved)
    rules = rules_for(exercise, next((p for p in exercise.phases if p.name == phase), None))
    assert rules is not None
    said = next(check.say for check in rules.checks if check.id == check_id)
    assert verdict == Verdict(NOT_YET, said, check_id)


def test_every_check_of_daily_back_is_tested_with_a_moved_joint(daily_back: Routine) -> None:
    tested = {(exercise, check) for exercise, _, check in MOVES}
    for exercise, phase, _ in positions(daily_back):
        _, rules = pose_and_rules(exercise, phase)
        assert {(exercise.id, check.id) for check in rules.checks} <= tested


def test_a_standing_person_is_not_in_position_for_any_stretch(daily_back: Routine) -> None:
    for exercise, phase, side in positions(daily_back):
        _, rules = pose_and_rules(exercise, phase)
        verdict = judged(rules, side, frames(figure_frame(STANDING), 1.5))[-1]
        assert verdict.verdict in (NOT_YET, CANT_SEE), (exercise.id, verdict)
        if rules.view.value == "side":
            assert verdict.verdict == NOT_YET


def test_landmarks_seen_too_faintly_are_cant_see_with_the_camera_advice(
    daily_back: Routine,
) -> None:
    verdict = settled(daily_back, "childs-pose", None, None, visibility=0.3)
    camera = daily_back.exercise("childs-pose").form
    assert camera is not None
    assert verdict == Verdict(CANT_SEE, camera.camera)


def test_nobody_in_the_picture_is_cant_see(daily_back: Routine) -> None:
    _, rules = pose_and_rules(daily_back.exercise("childs-pose"), None)
    assert judged(rules, None, frames(None, 1.0))[-1].verdict == CANT_SEE
    assert judged(rules, None, frames([], 1.0))[-1].verdict == CANT_SEE


def test_the_wrong_view_is_cant_see_and_says_to_turn(daily_back: Routine) -> None:
    trunk = daily_back.exercise("trunk-rotation")
    front_frame = figure_frame(pose_and_rules(trunk, None)[0], "right", "right")
    _, side_rules = pose_and_rules(daily_back.exercise("childs-pose"), None)
    verdict = judged(side_rules, None, frames(front_frame, 1.5))[-1]
    assert verdict.verdict == CANT_SEE
    assert verdict.say == f"Turn so the camera sees you from the side. {side_rules.camera}"


def test_a_side_view_where_a_front_one_is_needed_asks_to_move_the_camera(
    daily_back: Routine,
) -> None:
    side_frame = figure_frame(pose_and_rules(daily_back.exercise("childs-pose"), None)[0])
    _, front_rules = pose_and_rules(daily_back.exercise("trunk-rotation"), None)
    verdict = judged(front_rules, "left", frames(side_frame, 1.5))[-1]
    assert verdict.verdict == CANT_SEE
    assert verdict.say == f"Move the camera so that it faces you. {front_rules.camera}"


def test_the_other_side_judged_on_this_sides_figure_is_not_in_position(
    daily_back: Routine,
) -> None:
    # The figure kneels on its left knee; judged for the right, the front knee is the wrong one.
    verdict = settled(daily_back, "hip-flexor", None, "right", moved=None)
    assert verdict == Verdict(IN_POSITION)  # mirrored: the right figure
    exercise = daily_back.exercise("hip-flexor")
    pose, rules = pose_and_rules(exercise, None)
    unmirrored = figure_frame(pose)
    assert judged(rules, "right", frames(unmirrored, 1.5))[-1].verdict == NOT_YET


def test_in_position_counts_only_after_half_a_second_held_steady(daily_back: Routine) -> None:
    exercise = daily_back.exercise("childs-pose")
    pose, rules = pose_and_rules(exercise, None)
    verdicts = judged(rules, None, frames(figure_frame(pose), 1.0))
    times = [index / 15 for index, v in enumerate(verdicts) if v.verdict == IN_POSITION]
    assert times and 0.5 <= times[0] < 0.6
    assert all(v.verdict != CANT_SEE for v in verdicts)


def stream_of(*parts: tuple[list[list[float]] | None, float]) -> list[tuple[float, Any]]:
    out: list[tuple[float, Any]] = []
    start = 0.0
    for landmarks, seconds in parts:
        out.extend(frames(landmarks, seconds, start))
        start += seconds
    return out


def test_a_brief_slip_out_of_position_does_not_flicker_the_verdict(daily_back: Routine) -> None:
    exercise = daily_back.exercise("childs-pose")
    pose, rules = pose_and_rules(exercise, None)
    good = figure_frame(pose)
    slipped = figure_frame(pose, moved=MOVES[("childs-pose", None, "hips-back")])
    verdicts = judged(rules, None, stream_of((good, 1.0), (slipped, 0.4), (good, 1.0)))
    after_in = verdicts[15:]
    assert all(v.verdict == IN_POSITION for v in after_in)


def test_leaving_the_position_is_said_after_a_steady_moment(daily_back: Routine) -> None:
    exercise = daily_back.exercise("childs-pose")
    pose, rules = pose_and_rules(exercise, None)
    good = figure_frame(pose)
    slipped = figure_frame(pose, moved=MOVES[("childs-pose", None, "hips-back")])
    verdicts = judged(rules, None, stream_of((good, 1.0), (slipped, 2.0)))
    left = [i for i, v in enumerate(verdicts) if i >= 15 and v.verdict == NOT_YET]
    assert left and 0.7 <= left[0] / 15 - 1.0 < 0.9
    assert verdicts[-1].check == "hips-back"


def test_of_two_failing_checks_the_higher_priority_is_said(daily_back: Routine) -> None:
    moved = {
        **MOVES[("childs-pose", None, "head-down")],
        **MOVES[("childs-pose", None, "arms-forward")],
    }
    verdict = settled(daily_back, "childs-pose", None, None, moved)
    assert verdict.check == "arms-forward"


def test_distances_are_measured_with_the_pictures_aspect(daily_back: Routine) -> None:
    # Taken as a square picture, the 16:9 one is squeezed: the torso looks short, the hips far.
    pose, rules = pose_and_rules(daily_back.exercise("childs-pose"), None)
    landmarks = figure_frame(pose)
    for aspect, expected in ((ASPECT, IN_POSITION), (1.0, NOT_YET)):
        judge = FormJudge(rules, None)
        verdicts = [judge.observe(t, points, aspect) for t, points in frames(landmarks, 1.5)]
        assert verdicts[-1].verdict == expected


def test_the_figures_map_into_the_picture(daily_back: Routine) -> None:
    for exercise, phase, side in positions(daily_back):
        pose, _ = pose_and_rules(exercise, phase)
        for x, y, _, _ in figure_frame(pose, side, FIGURE_SIDE.get(exercise.id)):
            assert 0 <= x <= 1 and 0 <= y <= 1, exercise.id
