"""Words for numbers, shared by every front end."""

from __future__ import annotations

from backstretch.core.routine import Exercise, Sides


def format_duration(seconds: float) -> str:
    """`656` -> `10 min 56 s`; `45` -> `45 s`; `3600` -> `1 h 0 min`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def counted(count: int | str, noun: str, plural: str = "") -> str:
    """`1 hold`, `3 holds` (`plural` when adding an s is wrong). A count known only later, a
    placeholder such as `{done}`, gives `{done|hold|holds}`: the browser fills it in the same
    way (static/session.js, `fill`)."""
    many = plural or f"{noun}s"
    if isinstance(count, str):
        return f"{{{count.strip('{}')}|{noun}|{many}}}"
    return f"{count} {noun if count == 1 else many}"


def format_seconds(seconds: float) -> str:
    return f"{seconds:g} s"


def describe_dose(exercise: Exercise) -> str:
    """`hold 5 s × 10 reps, each side`; cat-cow reads `cat 5 s + cow 5 s × 10 reps`."""
    if exercise.phases:
        hold = " + ".join(f"{p.name} {format_seconds(p.hold_seconds)}" for p in exercise.phases)
    else:
        hold = f"hold {format_seconds(exercise.hold_seconds)}"
    reps = f"{exercise.reps} rep{'s' if exercise.reps != 1 else ''}"
    sides = {Sides.NONE: "", Sides.EACH: ", each side", Sides.ALTERNATE: ", alternating sides"}
    return f"{hold} × {reps}{sides[exercise.sides]}"
