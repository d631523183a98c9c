"""What the coach says at each event: one plain line for people and screen readers, and a
shorter phrase to speak. Shared by the terminal and the browser so they coach alike.

Getting ready reads every step of the stretch and which side comes first, with what that side
means for this stretch (the routine's `side_cue`); each hold names its side and count and the
last rep says "Last one"; the countdown speaks 3, 2, 1; switching sides names the new side; the
end says how many holds were done and asks the pain question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backstretch.core.events import Event, EventName
from backstretch.core.reading import get_ready_speech, get_ready_words, switch_speech
from backstretch.core.routine import Exercise, Routine
from backstretch.core.timeline import Step
from backstretch.core.units import counted, describe_dose, format_duration


def exercise_of(routine: Routine, step: Step | None) -> Exercise | None:
    if step is None or step.exercise_index is None:
        return None
    return routine.exercises[step.exercise_index]


def where(step: Step, exercise: Exercise) -> str:
    side = f"{step.side.value} side, " if step.side else ""
    phase = f" ({step.phase})" if exercise.phases and step.phase else ""
    text = f"{side}rep {step.rep} of {exercise.reps}{phase}"
    return text[0].upper() + text[1:]


def phase_instruction(step: Step, exercise: Exercise) -> str:
    for phase in exercise.phases:
        if phase.name == step.phase:
            return phase.instruction
    return ""


def count_words(step: Step, exercise: Exercise) -> str:
    """The side and the count of a hold, as spoken: "Left, 3 of 10" (or "Cat, 3 of 10")."""
    names = [step.side.value.capitalize()] if step.side else []
    names += [step.phase.capitalize()] if exercise.phases and step.phase else []
    return ", ".join([*names, f"{step.rep} of {exercise.reps}"])


def is_last_rep(step: Step, exercise: Exercise) -> bool:
    return step.rep == exercise.reps and (
        not exercise.phases or step.phase == exercise.phases[0].name
    )


# Asked when a session is over, on screen, at the terminal's prompt and by the voice.
PAIN_AFTER_QUESTION = "And how is your back now?"


def carry_on(done: int | str) -> str:
    """Said when an interrupted session is carried on, with the holds already done."""
    return f"Carrying on where you stopped: {counted(done, 'hold')} already done."


# How a session ended: (the line's opening, the spoken words).
END_WORDS = {
    "completed": ("Well done, routine complete", "Well done. That is the whole routine."),
    "stopped": ("Session stopped", "Session stopped."),
    "nothing": ("Session over with no hold done", "Session over. No hold was done."),
}


def end_kind(details: Mapping[str, Any]) -> str:
    """A completed session; one stopped early; or one that reached the end with every hold
    skipped, which is neither a success nor a stop."""
    if details.get("status") == "completed":
        return "completed"
    return "stopped" if details.get("stopped", True) else "nothing"


def line(event: Event, routine: Routine) -> str | None:
    """A complete sentence describing the event, or None for events that need no line."""
    step = event.step
    exercise = exercise_of(routine, step)
    name = event.event
    details = event.details
    if name is EventName.SESSION_START:
        return (
            f"Starting {routine.name}: {counted(len(routine.exercises), 'stretch', 'stretches')}, "
            f"{counted(details['holds_total'], 'hold')}, "
            f"about {format_duration(details['total_seconds'])}."
        )
    if name is EventName.SESSION_END:
        done = counted(details["holds_completed"], "hold")
        return (
            f"{END_WORDS[end_kind(details)][0]}: {done} done, {details['holds_skipped']} skipped."
        )
    if name is EventName.PAUSE and details.get("reason") == "gap":
        return (
            f"Paused after a gap of {format_duration(details['gap'])} (the screen or the "
            "computer slept): nothing was counted in that time. Resume when you are ready."
        )
    if step is None or exercise is None:
        return {EventName.PAUSE: "Paused.", EventName.RESUME: "Resumed."}.get(name)
    return exercise_line(event, step, exercise)


def exercise_line(event: Event, step: Step, exercise: Exercise) -> str | None:
    name = event.event
    index = (step.exercise_index or 0) + 1
    if name is EventName.EXERCISE_START:
        return (
            f"Stretch {index}: {exercise.name}, {describe_dose(exercise)}. "
            f"Get ready: {get_ready_words(exercise, step.side)}"
        )
    if name is EventName.HOLD_START:
        extra = phase_instruction(step, exercise)
        last = " Last one." if is_last_rep(step, exercise) and exercise.reps > 1 else ""
        text = f"{where(step, exercise)}: hold {step.duration:g} s.{last}"
        return f"{text}{' ' + extra if extra else ''}"
    if name is EventName.COUNTDOWN:
        return f"{event.details['remaining']}"
    if name is EventName.HOLD_END:
        return f"Hold {step.hold_number} done."
    if name is EventName.RELEASE_START:
        return "Release and relax."
    if name is EventName.SWITCH_SIDES:
        if step.side is None:
            return "Switch sides: now the other side."
        words = exercise.side_words(step.side)
        told = f" {words[0].upper()}{words[1:]}." if words else ""
        return f"Switch sides: now the {step.side.value} side.{told}"
    if name is EventName.EXERCISE_END:
        return f"{exercise.name} done."
    if name is EventName.SKIP:
        what = event.details.get("skipped", "hold").replace("_", " ")
        return f"Skipped the {what}." if what != "hold" else f"Skipped hold {step.hold_number}."
    if name is EventName.BACK:
        return f"Back to hold {event.details.get('to_hold')}."
    return {EventName.PAUSE: "Paused.", EventName.RESUME: "Resumed."}.get(name)


def speech(event: Event, routine: Routine, asks_pain_after: bool = True) -> str | None:
    """A short phrase to speak aloud, or None to stay quiet; the end asks the pain question
    only when it will be asked (`asks_pain_after`)."""
    step = event.step
    exercise = exercise_of(routine, step)
    name = event.event
    if name is EventName.SESSION_END:
        return end_speech(event.details, asks_pain_after)
    if name is EventName.PAUSE and event.details.get("reason") == "gap":
        return "Paused. Nothing was counted while the coach was away."
    if name is EventName.COUNTDOWN:
        return f"{event.details['remaining']}"
    if step is None or exercise is None:
        return None
    if name is EventName.EXERCISE_START:
        return get_ready_speech(exercise, step.side)
    if name is EventName.HOLD_START:
        last = " Last one." if is_last_rep(step, exercise) and exercise.reps > 1 else ""
        # a phase's instruction on the first rep only: said every time it would fill the hold
        # and silence the count (the get-ready has read every step)
        what = "Hold." if not exercise.phases else phase_instruction(step, exercise)
        what = what if step.rep == 1 or not exercise.phases else ""
        return f"{count_words(step, exercise)}.{last} {what}".strip()
    if name is EventName.SWITCH_SIDES:
        return switch_speech(exercise, step.side)
    return {
        EventName.RELEASE_START: "Release.",
        EventName.PAUSE: "Paused.",
        EventName.RESUME: "Go on.",
    }.get(name)


def end_speech(details: Mapping[str, Any], asks_pain_after: bool = True) -> str:
    """How the session ended, how many holds were done (when any) and, when it will be asked
    (not when the pain after was given beforehand), the pain question."""
    kind = end_kind(details)
    done = (
        f" {counted(details.get('holds_completed', 0), 'hold')} done." if kind != "nothing" else ""
    )
    question = f" {PAIN_AFTER_QUESTION}" if asks_pain_after else ""
    return f"{END_WORDS[kind][1]}{done}{question}"
