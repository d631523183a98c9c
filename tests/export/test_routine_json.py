"""`show --json` carries each position's pose, so another front end can draw the same figure."""

from __future__ import annotations

import json

from backstretch.core.routine import Routine
from backstretch.export.routine_json import routine_as_dict
from tests.conftest import make_exercise, make_routine


def test_each_phase_carries_its_pose_with_every_joint(daily_back: Routine) -> None:
    data = json.loads(json.dumps(routine_as_dict(daily_back)))
    cat, cow = data["exercises"][1]["phases"]
    assert cat["pose"]["feel"] == ["upper_back", "lower_back"]
    assert cat["pose"]["view"] == "side"
    assert cat["pose"]["joints"]["mid_back"][1] > cow["pose"]["joints"]["mid_back"][1]
    (hold,) = data["exercises"][0]["phases"]
    assert hold["pose"]["view"] == "top"
    # Joints left out of the file (the cat's toes) are worked out, so a drawing needs nothing else.
    assert len(cat["pose"]["joints"]) == 17


def test_a_position_without_a_pose_has_none() -> None:
    data = routine_as_dict(make_routine(make_exercise()))
    assert data["exercises"][0]["phases"][0]["pose"] is None
