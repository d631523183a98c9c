"""The JSON Schema of routine files, for editors that check YAML as you type.

It is built from the validator's own field lists and limits (`core.validation`) and the model's
defaults, so the two cannot drift apart: a field added to the validator without a description
here fails `routine_schema()`. The validator stays the authority; a few checks cannot be said in
JSON Schema (exercise ids and phase names that repeat, a routine id taken by a built-in routine).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backstretch.core.form import LANDMARKS, PAIRED_PARTS
from backstretch.core.form import View as FormView
from backstretch.core.form_validation import (
    CHECK_FIELDS,
    DEFAULT_CAMERA,
    DEFAULT_TOLERANCE,
    FORM_FIELDS,
    KIND_FIELDS,
)
from backstretch.core.pose import OPTIONAL_JOINTS, REQUIRED_JOINTS, Area, View
from backstretch.core.reading import SETTLE_SECONDS
from backstretch.core.routine import Side, Sides, Timing
from backstretch.core.validation import (
    EXERCISE_FIELDS,
    ID_PATTERN,
    ID_RULE,
    LIMITS,
    PHASE_FIELDS,
    ROUTINE_FIELDS,
    TIMING_FIELDS,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"

ROUTINE_HELP = {
    "id": f"The routine's id, used to start it (`backstretch start ID`): {ID_RULE}. "
    "It may not be the id of a built-in routine.",
    "name": "The routine's title, as people see it.",
    "description": "A few sentences on what the routine is for and how to do it.",
    "timing": "The pauses around the holds. Leave it out to use the defaults.",
    "exercises": "The stretches, in the order they are done. Each needs its own id.",
}
TIMING_HELP = {
    "get_ready_seconds": "The least time to get into position before each stretch, with its "
    "steps on screen. The coach reads the steps out, so a get-ready lasts as long as they take "
    f"to say and then {SETTLE_SECONDS:g} s to settle, when that is longer.",
    "release_seconds": "Seconds to relax between two reps of a stretch.",
    "switch_sides_seconds": "The least time to change sides in a stretch done on each side. "
    "The coach says which side comes next, so a switch lasts as long as that takes to say and "
    f"then {SETTLE_SECONDS:g} s to settle, when that is longer.",
}
EXERCISE_HELP = {
    "id": f"The stretch's id, used in messages and records: {ID_RULE}.",
    "name": "The stretch's name, as people see it.",
    "purpose": "One sentence on what the stretch does for the back.",
    "steps": "Step-by-step instructions, one line per step (at least one). They are shown "
    "while you get ready, and all of them are read out.",
    "cautions": "What to take care of or avoid, one line each. The first stays on screen "
    "during the holds, so put the most important one first.",
    "notes": "Anything else worth knowing, such as where a dose comes from, one line each.",
    "hold_seconds": "How long each hold lasts, in seconds. Required unless every phase has "
    "its own hold_seconds; phases without one hold this long.",
    "reps": "How many times the hold is repeated (on each side, for a stretch done on both).",
    "sides": "How the stretch uses the two sides of the body: 'none' (not sided), 'each' "
    "(all reps on the left, then all on the right) or 'alternate' (left then right in "
    "every rep).",
    "phases": "Named positions held back to back within one rep, such as 'cat' then 'cow'. "
    "Leave it out for a single hold.",
    "side_cue": "For a sided stretch, what each side means, as the coach says it: 'left' "
    "and 'right', such as 'roll both knees to your left'. Optional.",
    "pose": "The picture of the stretch: a stick figure given as joint positions (see "
    "docs/routines.md). Optional. A stretch with phases gives each phase its own pose; one "
    "given here is shown for the phases without one.",
    "form": "What the camera check looks for (see docs/camera.md): the view, where to put the "
    "camera, and a few checks of angles and landmarks, each with the correction to say. "
    "Optional; without it the camera check is not offered for this stretch.",
}
PHASE_HELP = {
    "name": "The position's name, such as 'cat'. The names in one stretch must differ.",
    "hold_seconds": "How long this position is held, in seconds. Leave it out to use the "
    "stretch's hold_seconds.",
    "instruction": "What to do in this position, shown (and spoken) when it starts.",
    "pose": "The picture of this position: a stick figure given as joint positions. Leave it "
    "out to use the stretch's pose, if it has one.",
    "form": "What the camera check looks for in this position. Leave it out to use the "
    "stretch's form; a view or camera left out here is the stretch's.",
}
FORM_HELP = {
    "view": "Where the camera sees the person from: 'side' (the default) or 'front' (from in "
    "front, behind or from the feet).",
    "camera": "How to place the camera, said when the person cannot be seen, such as 'put the "
    "camera at floor level about 2 m to your side'. A phase's is the stretch's by default.",
    "checks": f"What makes the position right: {LIMITS['checks'].low:g} to "
    f"{LIMITS['checks'].high:g} checks, each with the correction to say.",
}
CHECK_HELP = {
    "id": f"The check's id, shown by form-check: {ID_RULE}.",
    "say": "The correction to say when this check fails, such as 'straighten your front knee'.",
    "priority": f"{LIMITS['priority'].low:g} to {LIMITS['priority'].high:g}; when several "
    "checks fail, the one with the lowest number is said.",
    "angle": "Three landmarks; the angle is the bend at the middle one, 180 when straight.",
    "degrees": "The angle's range, [lowest, highest] degrees.",
    "tolerance": f"How many degrees outside the range still pass (default "
    f"{DEFAULT_TOLERANCE:g}): camera "
    "estimates are not exact.",
    "landmark": "The landmark a relation is about.",
    "below": "The landmark must be lower in the picture than this one.",
    "above": "The landmark must be higher in the picture than this one.",
    "beyond": "The landmark must be further than this one, seen from `seen_from`.",
    "seen_from": "For beyond: the landmark the distance is measured from.",
    "near": "The landmark must be within `within` torso lengths of this one.",
    "within": "For near: how close, in torso lengths (shoulders' middle to hips' middle).",
    "margin": "For below, above and beyond: by how much, in torso lengths (default 0).",
}
POSE_HELP = {
    "joint": "Where this joint is, as [x, y] in centimetres of an adult figure: x along the "
    "mat, y the height above the floor (or, seen from above, the distance across the mat).",
    "optional joint": "Where this joint is, as [x, y]. Optional: without mid_back the back is "
    "straight; without toes the foot points straight on from the shin.",
    "view": "Where the figure is seen from: 'side' (the default; the floor is y = 0) or 'top' "
    "(looking down on the mat).",
    "feel": "Where the stretch should be felt, highlighted on the figure: a list of body areas.",
}


def routine_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that routine files follow, as a JSON-ready dict."""
    return {
        "$schema": DRAFT,
        "title": "backstretch routine",
        "description": "A stretching routine for backstretch: timing settings and an ordered "
        "list of stretches. Written in YAML; see docs/routines.md.",
        "type": "object",
        "required": ["id", "name", "exercises"],
        "additionalProperties": False,
        "properties": properties(
            ROUTINE_FIELDS,
            ROUTINE_HELP,
            id=identifier("daily-back"),
            name=text("name"),
            description=optional(text()),
            timing=optional(timing_schema()),
            exercises=array(exercise_schema(), "exercises"),
        ),
    }


def timing_schema() -> dict[str, Any]:
    defaults = Timing()
    shapes = {
        name: {**number("timing"), "default": getattr(defaults, name)} for name in TIMING_FIELDS
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties(TIMING_FIELDS, TIMING_HELP, **map_optional(shapes)),
    }


def exercise_schema() -> dict[str, Any]:
    with_hold = {"required": ["hold_seconds"], "properties": {"hold_seconds": {"type": "number"}}}
    sided = {"required": ["sides"], "properties": {"sides": {"enum": ["each", "alternate"]}}}
    every_phase_held = {"type": "array", "items": with_hold}
    return {
        "type": "object",
        "required": ["id", "name", "steps", "reps"],
        "additionalProperties": False,
        "properties": properties(
            EXERCISE_FIELDS,
            EXERCISE_HELP,
            id=identifier("hip-flexor"),
            name=text("name"),
            purpose=optional(text()),
            steps=lines(least=1),
            cautions=optional(lines()),
            notes=optional(lines()),
            hold_seconds=optional(number("hold_seconds")),
            reps=count("reps"),
            sides={"enum": [*(side.value for side in Sides), None], "default": Sides.NONE.value},
            phases=optional(array(phase_schema(), "phases")),
            pose=optional(pose_schema()),
            form=optional(form_schema()),
            side_cue=optional(
                {
                    "type": "object",
                    "required": [side.value for side in Side],
                    "additionalProperties": False,
                    "properties": {
                        side.value: {
                            "description": f"What to do on the {side.value} side, such as "
                            f"'roll both knees to your {side.value}'.",
                            **text(),
                        }
                        for side in Side
                    },
                }
            ),
        ),
        # Without a hold of its own, a stretch needs phases that each say how long they last.
        "if": with_hold,
        "else": {"required": ["phases"], "properties": {"phases": every_phase_held}},
        # A stretch without sides has no side words, and its form rules name no worked side.
        "allOf": [{"if": sided, "else": unsided()}],
    }


def unsided() -> dict[str, Any]:
    """What a stretch without sides may not say: side words, or `worked_` and `other_`."""
    not_sided = {"not": {"type": "string", "pattern": "^(worked|other)_"}}
    landmarks = {"landmark", "below", "above", "beyond", "seen_from", "near"}
    check = {
        "properties": {
            **dict.fromkeys(sorted(landmarks), not_sided),
            "angle": {"items": not_sided},
        }
    }
    form = {"properties": {"checks": {"items": check}}}
    return {
        "properties": {
            "side_cue": {"type": "null"},
            "form": form,
            "phases": {"items": {"properties": {"form": form}}},
        }
    }


def phase_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": properties(
            PHASE_FIELDS,
            PHASE_HELP,
            name=text("name"),
            hold_seconds=optional(number("hold_seconds")),
            instruction=optional(text()),
            pose=optional(pose_schema()),
            form=optional(form_schema()),
        ),
    }


def form_schema() -> dict[str, Any]:
    """Form rules; a phase's view and camera left out are the stretch's."""
    landmark = {
        "type": "string",
        "pattern": landmark_pattern(),
        "examples": ["left_knee", "worked_hip", "mid_shoulder"],
    }
    own = ("id", "say", "priority")
    one_kind = [
        {
            "required": [name for name in fields if name not in OPTIONAL_CHECK_FIELDS],
            "not": {
                "anyOf": [
                    {"required": [other]} for other in CHECK_FIELDS if other not in (*own, *fields)
                ]
            },
        }
        for fields in KIND_FIELDS.values()
    ]
    check = {
        "type": "object",
        "required": ["id", "say", "priority"],
        "additionalProperties": False,
        "oneOf": one_kind,
        "properties": properties(
            CHECK_FIELDS,
            CHECK_HELP,
            id=identifier("front-knee"),
            say=text(),
            priority=count("priority"),
            angle={"type": "array", "items": landmark, "minItems": 3, "maxItems": 3},
            degrees={
                "type": "array",
                "prefixItems": [number("degrees"), number("degrees")],
                "minItems": 2,
                "maxItems": 2,
            },
            tolerance=optional({**number("tolerance"), "default": int(DEFAULT_TOLERANCE)}),
            landmark=landmark,
            below=landmark,
            above=landmark,
            beyond=landmark,
            seen_from=landmark,
            near=landmark,
            within=number("within"),
            margin=optional({**number("margin"), "default": 0}),
        ),
    }
    return {
        "type": "object",
        "required": ["checks"],
        "additionalProperties": False,
        "properties": properties(
            FORM_FIELDS,
            FORM_HELP,
            view={"enum": [*(view.value for view in FormView), None], "default": "side"},
            camera=optional({**text(), "default": DEFAULT_CAMERA}),
            checks=array(check, "checks"),
        ),
    }


OPTIONAL_CHECK_FIELDS = ("tolerance", "margin")


def landmark_pattern() -> str:
    """A BlazePose landmark, or worked_, other_ or mid_ with a paired part."""
    return f"^({'|'.join(LANDMARKS)}|(worked|other|mid)_({'|'.join(PAIRED_PARTS)}))$"


def pose_schema() -> dict[str, Any]:
    """A pose: joints by name, plus `view` and `feel`.

    The joints are matched by pattern rather than listed as properties: they are many fields of
    one shape, and the editor's checks stay the validator's (every other key is refused).
    """
    point = {
        "type": "array",
        "prefixItems": [number("pose_x"), number("pose_y")],
        "minItems": 2,
        "maxItems": 2,
    }
    area = {"enum": [area.value for area in Area]}
    return {
        "type": "object",
        "required": list(REQUIRED_JOINTS),
        "additionalProperties": False,
        "patternProperties": {
            one_of(REQUIRED_JOINTS): {"description": POSE_HELP["joint"], **point},
            one_of(OPTIONAL_JOINTS): {
                "description": POSE_HELP["optional joint"],
                **optional(point),
            },
            one_of(("view",)): {
                "description": POSE_HELP["view"],
                "enum": [*(view.value for view in View), None],
                "default": View.SIDE.value,
            },
            one_of(("feel",)): {
                "description": POSE_HELP["feel"],
                "anyOf": [area, {"type": "array", "items": area}, {"type": "null"}],
                "examples": [["lower_back"], ["left_thigh", "left_hip"]],
            },
        },
    }


def one_of(names: tuple[str, ...]) -> str:
    """A pattern matching exactly one of the names."""
    return f"^({'|'.join(names)})$"


def properties(
    fields: tuple[str, ...], help_texts: Mapping[str, str], **shapes: dict[str, Any]
) -> dict[str, Any]:
    """Each of the validator's fields, in its order, with its shape and its description."""
    disagree = (set(fields) ^ set(shapes)) | (set(fields) ^ set(help_texts))
    if disagree:
        raise ValueError(f"the schema and the validator disagree about {sorted(disagree)}")
    return {name: {"description": help_texts[name], **shapes[name]} for name in fields}


def identifier(example: str) -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN.pattern, "examples": [example]}


def text(limit: str = "text") -> dict[str, Any]:
    # "\S": at least one character that is not a space, as the validator strips the text.
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": int(LIMITS[limit].high),
        "pattern": r"\S",
    }


def lines(least: int = 0) -> dict[str, Any]:
    """A list of text lines; one line may also be written on its own, without the list."""
    shape = {**text(), "type": ["array", "string"], "items": text()}
    return {**shape, "minItems": least} if least else shape


def number(limit: str) -> dict[str, Any]:
    bounds = LIMITS[limit]
    return {"type": "number", "minimum": bounds.low, "maximum": bounds.high}


def count(limit: str) -> dict[str, Any]:
    bounds = LIMITS[limit]
    return {"type": "integer", "minimum": bounds.low, "maximum": bounds.high}


def array(items: dict[str, Any], limit: str) -> dict[str, Any]:
    bounds = LIMITS[limit]
    return {
        "type": "array",
        "items": items,
        "minItems": int(bounds.low),
        "maxItems": int(bounds.high),
    }


def optional(shape: dict[str, Any]) -> dict[str, Any]:
    """An optional field may also be left empty (null), which means its default."""
    kinds = shape["type"] if isinstance(shape["type"], list) else [shape["type"]]
    return {**shape, "type": [*kinds, "null"]}


def map_optional(shapes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: optional(shape) for name, shape in shapes.items()}
