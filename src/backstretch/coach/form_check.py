"""The camera check's use cases: which rules a position of a stretch has, the verdicts on a
stream of frames, and the rules of a whole routine as the browser fetches them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from backstretch.core.errors import BackstretchError
from backstretch.core.form import FormRules, rules_as_dict, rules_for
from backstretch.core.form_check import FormJudge
from backstretch.core.landmark_lines import LandmarkFrame
from backstretch.core.routine import Routine


class NoFormRules(BackstretchError):
    """A stretch (or a position of it) the camera has nothing to check in."""


def position_rules(routine: Routine, exercise_id: str, phase_name: str | None) -> FormRules:
    """The rules for one position of a stretch of the routine, or a message saying why not."""
    ids = ", ".join(exercise.id for exercise in routine.exercises)
    try:
        exercise = routine.exercise(exercise_id)
    except KeyError:
        raise NoFormRules(
            f"routine {routine.id!r} has no stretch {exercise_id!r} (it has {ids})"
        ) from None
    phase = None
    if phase_name is not None:
        names = [p.name for p in exercise.phases]
        if phase_name not in names:
            has = f"its phases are {', '.join(names)}" if names else "it has no phases"
            raise NoFormRules(f"{exercise_id!r} has no phase {phase_name!r} ({has})")
        phase = exercise.phases[names.index(phase_name)]
    elif exercise.phases:
        phase = exercise.phases[0]  # the first position, as a session starts
    rules = rules_for(exercise, phase)
    if rules is None:
        with_rules = [e.id for e in routine.exercises if e.form is not None]
        some = f"; these have: {', '.join(with_rules)}" if with_rules else ""
        raise NoFormRules(f"{exercise_id!r} has no form rules for the camera to check{some}")
    return rules


def verdicts(
    rules: FormRules, side: str | None, frames: Iterable[LandmarkFrame]
) -> Iterator[dict[str, Any]]:
    """One verdict a frame, as form-check prints it."""
    judge = FormJudge(rules, side)
    for frame in frames:
        verdict = judge.observe(frame.t, frame.landmarks, frame.aspect)
        yield {
            "t": round(frame.t, 3),
            "verdict": verdict.verdict,
            "say": verdict.say,
            "check": verdict.check,
        }


def routine_form(routine: Routine) -> dict[str, Any]:
    """The form rules of every stretch that has some, as the session page's camera fetches
    them: the camera advice, the rules, and each phase's own."""
    exercises = {}
    for exercise in routine.exercises:
        phases = {p.name: rules_as_dict(p.form) for p in exercise.phases if p.form is not None}
        if exercise.form is None and not phases:
            continue
        first = exercise.form or next(p.form for p in exercise.phases if p.form is not None)
        assert first is not None
        exercises[exercise.id] = {
            "camera": first.camera,
            "rules": rules_as_dict(exercise.form) if exercise.form else None,
            "phases": phases,
        }
    return {"routine": routine.id, "exercises": exercises}
