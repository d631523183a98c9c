"""Routine transformations: a routine in, a changed routine out (nothing else is touched).

`for_knee_problem` follows docs/safety.mdand §5: no sitting right back onto the heels in
Child's Pose (NHS), and a kneeling-free hip flexor stretch. `with_doses` applies planned doses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

from backstretch.core.routine import Exercise, Routine, Side

CHILDS_POSE_IDS = frozenset({"childs-pose", "child-pose", "childs_pose"})
HIP_FLEXOR_IDS = frozenset({"hip-flexor", "hip-flexor-stretch", "kneeling-hip-flexor"})
PROMINENT_CAUTION = "Knee problem:"  # cautions the coach also says at the start of a stretch
KNEE_CAUTION = (
    f"{PROMINENT_CAUTION} do not sit right back onto your heels; stop where your knees are easy."
)
STANDING_HIP_FLEXOR_STEPS = (
    "Stand side-on to a sturdy chair or worktop and hold it with one hand.",
    "Step the leg on the far side back, heel off the floor, both feet pointing forward.",
    "Tuck your tailbone under (tilt the pelvis) and bend the front knee a little.",
    "Feel a gentle stretch in the front of the back thigh and hip. Keep your back upright.",
    "Alternative: lie on your back at the edge of a bed and let the outside leg hang down.",
)
STANDING_HIP_FLEXOR_SIDE_CUE = (
    (Side.LEFT, "step your left leg back, holding on with your right hand"),
    (Side.RIGHT, "step your right leg back, holding on with your left hand"),
)
STANDING_HIP_FLEXOR_CAUTIONS = (
    "Hold on to something steady; tilt the pelvis rather than arching the low back.",
    "Move only as far as feels like tightness or slight discomfort.",
)


def _without_picture(exercise: Exercise) -> dict[str, Any]:
    """A kneeling picture would mislead next to standing steps, and a camera checking for a
    kneeling position would never see it; drop both if the model has them."""
    names = {f.name for f in fields(exercise)}
    return {name: None for name in ("pose", "form") if name in names}


def knee_friendly(exercise: Exercise) -> Exercise:
    """One stretch changed for a knee problem (unchanged when it does not load the knee)."""
    if exercise.id in CHILDS_POSE_IDS:
        return replace(exercise, cautions=(KNEE_CAUTION, *exercise.cautions))
    if exercise.id in HIP_FLEXOR_IDS:
        return replace(
            exercise,
            name="Standing Hip Flexor (kneeling-free)",
            steps=STANDING_HIP_FLEXOR_STEPS,
            cautions=STANDING_HIP_FLEXOR_CAUTIONS,
            side_cue=STANDING_HIP_FLEXOR_SIDE_CUE if exercise.side_cue else (),
            notes=(*exercise.notes, "Changed from the kneeling version because of a knee problem."),
            **_without_picture(exercise),
        )
    return exercise


def for_knee_problem(routine: Routine) -> Routine:
    """The routine with its kneeling stretches adapted for a knee problem."""
    return replace(routine, exercises=tuple(knee_friendly(e) for e in routine.exercises))


def with_doses(routine: Routine, doses: Mapping[str, tuple[float, int]]) -> Routine:
    """The routine with the given (hold seconds, reps) per stretch id; phased stretches scale
    every phase to the new hold."""
    return replace(routine, exercises=tuple(_dosed(e, doses.get(e.id)) for e in routine.exercises))


def todays_routine(
    seed: Routine, knee: bool, doses: Mapping[str, tuple[float, int]] | None = None
) -> Routine:
    """The routine a session runs, as `backstretch start` builds it: the planned doses (when
    progression is on), then the knee adaptation (when the screening recorded a knee problem)."""
    routine = seed if doses is None else with_doses(seed, doses)
    return for_knee_problem(routine) if knee else routine


def _dosed(exercise: Exercise, dose: tuple[float, int] | None) -> Exercise:
    if dose is None:
        return exercise
    hold, reps = dose
    phases = tuple(replace(phase, hold_seconds=hold) for phase in exercise.phases)
    return replace(exercise, hold_seconds=hold, reps=reps, phases=phases)
