"""The playbook (core/playbook.py) as JSON for the browser's player.

Each step carries what the terminal's engine says when it starts (`line`, `speech`), where the
person's moves lead from it (`skip_to`, `skip_rest_to`, `back_to`) and the seconds left at which
the count beeps (`countdown`); at the top come the stretches stopped for today (`stopped`, passed
over with their holds recorded as skipped), the gap after which the player pauses instead of
counting (`gap_seconds`), the words of pausing, resuming, a gap and each way a session ends, and
the pain rule as a table (`pain`: the action for each kind and level, and its advice), so the
page answers "this hurts" with the server away as the server would.
The page looks these up; it decides none of them. Pictures are the web's own URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backstretch.core.cues import END_WORDS, carry_on, line, speech
from backstretch.core.events import Event, EventName
from backstretch.core.pain_rules import ACTION_TEXT, KIND_TEXT, action_table
from backstretch.core.playbook import Entry, playbook
from backstretch.core.routine import Routine
from backstretch.core.schedule import COUNTDOWN_SECONDS
from backstretch.core.timeline import Step, StepKind, Timeline
from backstretch.core.units import format_duration

Figures = dict[tuple[str, str | None], str]

# The details of a session end that lead to each of core/cues.py's END_WORDS, with the status
# the session is stored with: reaching the end with no hold done is neither a success nor a stop.
END_DETAILS: dict[str, dict[str, Any]] = {
    "completed": {"status": "completed", "stopped": False},
    "stopped": {"status": "partial", "stopped": True},
    "nothing": {"status": "partial", "stopped": False},
}
GAP_SAMPLE = 3661.0  # a gap whose written length ("1 h 1 min") cannot be mistaken in the line


def timeline_as_dict(
    timeline: Timeline, figures: Figures | None = None, stopped: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """What `/api/routines/{id}/timeline` answers; `stopped` maps the ids of stretches stopped
    for today to the reason."""
    book = playbook(timeline, stopped)
    routine = timeline.routine
    return {
        "routine": {"id": routine.id, "name": routine.name},
        "total_seconds": timeline.total_seconds,
        "holds_total": book.holds_total,
        "exercises": [exercise_brief(routine, index) for index in range(len(routine.exercises))],
        "opening_line": book.opening_line,
        "stopped": dict(book.stopped),
        "stopped_lines": {
            exercise.id: f"{exercise.name}: passed over today ({book.stopped[exercise.id]})."
            for exercise in routine.exercises
            if exercise.id in book.stopped
        },
        "gap_seconds": book.gap_seconds,
        "words": words(routine),
        "pain": {
            "actions": action_table(),
            "advice": {action.value: text for action, text in ACTION_TEXT.items()},
            "kinds": {kind.value: text for kind, text in KIND_TEXT.items()},
        },
        "steps": [entry_as_dict(entry, routine, figures or {}) for entry in book.entries],
    }


def entry_as_dict(entry: Entry, routine: Routine, figures: Figures) -> dict[str, Any]:
    step = entry.step
    exercise = routine.exercises[step.exercise_index] if step.exercise_index is not None else None
    return {
        "kind": step.kind.value,
        "label": entry.label,
        "start": step.start,
        "duration": step.duration,
        "exercise_index": step.exercise_index,
        "exercise": step.exercise,
        "exercise_name": exercise.name if exercise else None,
        "rep": step.rep,
        "reps": exercise.reps if exercise else None,
        "side": step.side.value if step.side else None,
        "phase": step.phase,
        "hold_number": step.hold_number,
        "line": entry.line,
        "speech": entry.speech,
        "figure": figure_of(step, figures),
        "skip_to": entry.moves.skip_to,
        "skip_rest_to": entry.moves.skip_rest_to,
        "back_to": entry.moves.back_to,
        "countdown": list(entry.countdown),
    }


def words(routine: Routine) -> dict[str, Any]:
    """The coach's words for moments that are not steps, from core/cues.py: `{done}`,
    `{skipped}` and `{gap}` stand for the numbers known only as the session runs; `countdown`
    is what the voice says at each counted second left."""
    return {
        "pause": said(Event(EventName.PAUSE, 0.0, 0.0), routine),
        "resume": said(Event(EventName.RESUME, 0.0, 0.0), routine),
        "gap": gap_words(routine),
        "end": {kind: end_words(kind, routine) for kind in END_WORDS},
        "carry_on": carry_on("{done}"),
        "countdown": {
            str(left): speech(
                Event(EventName.COUNTDOWN, 0.0, 0.0, None, {"remaining": left}), routine
            )
            for left in COUNTDOWN_SECONDS
        },
    }


def said(event: Event, routine: Routine) -> dict[str, str | None]:
    return {"line": line(event, routine), "speech": speech(event, routine)}


def gap_words(routine: Routine) -> dict[str, str | None]:
    details = {"reason": "gap", "gap": GAP_SAMPLE}
    words = said(Event(EventName.PAUSE, 0.0, 0.0, None, details), routine)
    written = words["line"] or ""
    return {**words, "line": written.replace(format_duration(GAP_SAMPLE), "{gap}")}


def end_words(kind: str, routine: Routine) -> dict[str, str | None]:
    details = {**END_DETAILS[kind], "holds_completed": "{done}", "holds_skipped": "{skipped}"}
    event = Event(EventName.SESSION_END, 0.0, 0.0, None, details)
    return {**said(event, routine), "status": details["status"]}


def figure_of(step: Step, figures: Figures) -> str | None:
    """The picture to show during a step: its phase's, else the stretch's first."""
    if step.exercise is None:
        return None
    phase = step.phase if step.kind is StepKind.HOLD and step.phase != "hold" else None
    return figures.get((step.exercise, phase)) or figures.get((step.exercise, None))


def exercise_brief(routine: Routine, index: int) -> dict[str, Any]:
    exercise = routine.exercises[index]
    return {"id": exercise.id, "name": exercise.name, "steps": list(exercise.steps)}
