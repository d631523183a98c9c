"""The words said while changing position, and how long they take, so that the coach never
starts a hold while it is still reading.

Before each stretch the coach reads its name, every step, the side to start on and any prominent
caution; when the side changes it says which side and what that means for this stretch. Read
aloud, a stretch's steps take 15 to 25 seconds (espeak-ng at its default rate says 14 to 18
characters a second; a browser voice at rate 1 about as many). So the planner makes each
get-ready and each switch of sides last at least as long as its words take at a slower
`CHARACTERS_PER_SECOND`, plus `SETTLE_SECONDS` to get into position: the routine's own
`get_ready_seconds` and `switch_sides_seconds` are the least they last. The same words and the
same time serve a person reading the screen or hearing a screen reader (`--plain`).
"""

from __future__ import annotations

import math

from backstretch.core.adaptations import PROMINENT_CAUTION
from backstretch.core.routine import Exercise, Side

CHARACTERS_PER_SECOND = 13.0  # slower than the voices measured: the words always end in time
SETTLE_SECONDS = 4.0  # after the words: time to get into position


def side_sentence(exercise: Exercise, side: Side) -> str:
    """'Left side: roll both knees to your left.', or 'Left side.' when the routine says no more."""
    words = exercise.side_words(side)
    return f"{side.value.capitalize()} side{': ' + words if words else ''}."


def get_ready_words(exercise: Exercise, side: Side | None = None) -> str:
    """Every step of the stretch, the side to start on (`side`, or the stretch's first) and a
    prominent caution."""
    words = list(exercise.steps)
    first_side = side or exercise.side_order[0]
    if first_side is not None:
        sentence = side_sentence(exercise, first_side)
        words.append(f"First, {sentence[0].lower()}{sentence[1:]}")
    words += [c for c in exercise.cautions if c.startswith(PROMINENT_CAUTION)][:1]
    return " ".join(words)


def get_ready_speech(exercise: Exercise, side: Side | None = None) -> str:
    return f"{exercise.name}. {get_ready_words(exercise, side)}"


def switch_speech(exercise: Exercise, side: Side | None) -> str:
    return f"Switch sides. {side_sentence(exercise, side)}" if side else "Switch sides."


def speaking_seconds(text: str) -> float:
    """How long `text` takes to say, at the planner's slow rate."""
    return len(text) / CHARACTERS_PER_SECOND


def change_seconds(least: float, speech: str) -> float:
    """How long a change of position lasts: the routine's `least`, or the time to say `speech`
    and settle, in whole seconds, whichever is longer."""
    return max(least, float(math.ceil(speaking_seconds(speech) + SETTLE_SECONDS)))
