"""A routine as data, the shape `backstretch show --json` prints (see the README)."""

from __future__ import annotations

from typing import Any

from backstretch.core.pose import Pose
from backstretch.core.routine import Routine
from backstretch.core.timeline import Timeline, plan
from backstretch.core.units import describe_dose


def routine_as_dict(routine: Routine, timeline: Timeline | None = None) -> dict[str, Any]:
    timeline = timeline or plan(routine)
    timing = routine.timing
    return {
        "id": routine.id,
        "name": routine.name,
        "description": routine.description,
        "source": routine.source,
        "total_seconds": timeline.total_seconds,
        "holds_total": len(timeline.holds),
        "timing": {
            "get_ready_seconds": timing.get_ready_seconds,
            "release_seconds": timing.release_seconds,
            "switch_sides_seconds": timing.switch_sides_seconds,
        },
        "exercises": [
            {
                "id": exercise.id,
                "name": exercise.name,
                "purpose": exercise.purpose,
                "hold_seconds": exercise.hold_seconds,
                "reps": exercise.reps,
                "sides": exercise.sides.value,
                "phases": [
                    {
                        "name": p.name,
                        "hold_seconds": p.hold_seconds,
                        "instruction": p.instruction,
                        "pose": pose_as_dict(p.pose),
                    }
                    for p in exercise.hold_phases
                ],
                "dose": describe_dose(exercise),
                "holds": exercise.holds_per_session,
                "total_seconds": timeline.exercise_seconds(index),
                "steps": list(exercise.steps),
                "cautions": list(exercise.cautions),
                "notes": list(exercise.notes),
                "side_cue": {side.value: words for side, words in exercise.side_cue},
            }
            for index, exercise in enumerate(routine.exercises)
        ],
    }


def pose_as_dict(pose: Pose | None) -> dict[str, Any] | None:
    """A pose as the routine file writes it: the view, the felt areas and each joint's [x, y]
    (the optional joints left out are worked out, so a drawing needs nothing else)."""
    if pose is None:
        return None
    return {
        "view": pose.view.value,
        "feel": [area.value for area in pose.feel],
        "joints": {name: [point.x, point.y] for name, point in pose.points().items()},
    }
