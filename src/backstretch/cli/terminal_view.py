"""The full-screen session view: the stretch and side, a big countdown, the instruction,
progress and what comes next. Rendering is a pure function of a `Screen`, so tests can read it."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from backstretch.cli.big_digits import big
from backstretch.core.cues import exercise_of, phase_instruction
from backstretch.core.engine import Snapshot, State
from backstretch.core.routine import Routine
from backstretch.core.timeline import Step, StepKind
from backstretch.core.units import describe_dose, format_duration

KEYS = "space pause · n/→ skip hold · s skip stretch · b/← back · ! hurts · q stop · ? keys"
HELP = (
    ("space", "pause or resume (a paused hold keeps its time)"),
    ("n or →", "skip this hold, or the wait before the next"),
    ("s", "skip the rest of this stretch"),
    ("b or ←", "go back and repeat the previous hold"),
    ("! or x", "this hurts: tell how much, and the coach says what to do"),
    ("q or Esc", "stop the session (asks first; what you did is kept)"),
    ("?", "show or hide these keys"),
)
TYPED = "Your answer: {digits}"  # the digits of an answer, shown as they are typed
LABELS = {
    State.GETTING_READY: ("GET READY", "cyan"),
    State.HOLDING: ("HOLD", "bold green"),
    State.RELEASING: ("RELEASE", "yellow"),
    State.SWITCHING_SIDES: ("SWITCH SIDES", "magenta"),
    State.PAUSED: ("PAUSED", "bold red"),
    State.FINISHED: ("DONE", "bold green"),
}


@dataclass(frozen=True)
class Screen:
    snapshot: Snapshot
    routine: Routine
    show_help: bool = False
    confirm_quit: bool = False
    notice: str = ""
    typed: str = ""  # the digits of an answer typed so far


def fit(screen: Screen, columns: int, rows: int) -> RenderableType:
    """The full screen if it fits the window, else the compact one: every question, the key
    list and the steps stay in view, and the big countdown gives up its rows."""
    full = render(screen)
    if height(full, columns) <= rows:
        return full
    return render(screen, compact=True)


def height(renderable: RenderableType, columns: int) -> int:
    console = Console(file=io.StringIO(), width=columns, color_system=None)
    return len(console.render_lines(renderable, pad=False))


def render(screen: Screen, compact: bool = False) -> RenderableType:
    snap = screen.snapshot
    step = snap.step
    exercise = exercise_of(screen.routine, step)
    label, colour = LABELS.get(snap.state, ("", "white"))
    title = f"backstretch · {screen.routine.name}"
    if exercise is None:
        body: list[RenderableType] = [Align.center(Text(label, style=colour))]
        return Panel(Group(*body), title=title)
    heading = Text(
        f"Stretch {(step.exercise_index or 0) + 1} of {len(screen.routine.exercises)} · ",
        style="bold",
    )
    heading.append(exercise.name, style="bold underline")
    if step.side:
        heading.append(f" · {step.side.value.upper()} SIDE", style="bold magenta")
    seconds = math.ceil(snap.remaining - 1e-9) if snap.state is not State.FINISHED else 0
    if snap.state is State.PAUSED or compact:  # a still or cramped clock gives up its rows
        clock = [Align.center(Text(f"{label} · {seconds} s left", style=colour))]
    else:
        clock = [
            Align.center(Text(label, style=colour)),
            Align.center(Text("\n".join(big(str(seconds))), style=colour)),
        ]
    space = [] if compact else [Text("")]
    parts: list[RenderableType] = [
        heading,
        Text(describe_dose(exercise), style="dim"),
        *space,
        *clock,
        Align.center(Text(rep_line(step, exercise.reps, exercise.phases != ()))),
        *space,
        instruction(screen, step, compact),
        *space,
        progress(snap),
        Text(upcoming(screen), style="dim"),
    ]
    if screen.notice:
        notice = Text(screen.notice, style="bold yellow")
        if screen.typed:
            notice.append("\n" + TYPED.format(digits=screen.typed), style="bold")
        parts.append(Panel(notice))
    if screen.confirm_quit:
        parts.append(
            Panel(
                Text(
                    "Stop the session now? y = stop, any other key = carry on", style="bold yellow"
                )
            )
        )
    elif screen.show_help:
        parts.append(help_table())
    return Panel(Group(*parts), title=title, subtitle=KEYS, subtitle_align="left")


def rep_line(step: Step, reps: int, phased: bool) -> str:
    if step.kind is not StepKind.HOLD and step.rep is None:
        return ""
    phase = f" · {step.phase}" if phased and step.kind is StepKind.HOLD else ""
    return f"Rep {step.rep} of {reps}{phase}"


def instruction(screen: Screen, step: Step, compact: bool = False) -> RenderableType:
    exercise = exercise_of(screen.routine, step)
    assert exercise is not None
    asking = bool(screen.notice or screen.confirm_quit or screen.show_help)
    if screen.snapshot.state is State.PAUSED:
        shown = [Text("Paused: the clock has stopped. Press space to carry on.", style="bold")]
        if not asking:  # else the question needs the room
            said = phase_instruction(step, exercise) if step.kind is StepKind.HOLD else ""
            shown += [Text(said)] if said else []
            shown.append(numbered_steps(exercise.steps))
        return Text("\n").join(shown)
    if step.kind is StepKind.GET_READY:
        return numbered_steps(exercise.steps[: 1 if compact and asking else None])
    if step.kind is StepKind.HOLD:
        said = phase_instruction(step, exercise) or "Breathe slowly and hold the stretch."
        caution = f"\n! {exercise.cautions[0]}" if exercise.cautions else ""
        return Text(said + caution)
    if step.kind is StepKind.SWITCH_SIDES:
        return Text(f"Switch to the {step.side.value if step.side else 'other'} side.")
    return Text("Release and relax. Breathe.")


def numbered_steps(steps: tuple[str, ...]) -> Text:
    return Text("\n".join(f"{number}. {line}" for number, line in enumerate(steps, 1)))


def progress(snap: Snapshot) -> RenderableType:
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1)
    grid.add_column(justify="right")
    bar = ProgressBar(total=max(snap.total, 1e-9), completed=snap.position)
    grid.add_row(bar, f" {format_duration(snap.position)} of {format_duration(snap.total)}")
    done = Text(f"Holds done: {snap.holds_completed} of {snap.holds_total}")
    return Group(grid, done)


def upcoming(screen: Screen) -> str:
    following = screen.snapshot.upcoming
    if following is None or following.kind is StepKind.END:
        return "Next: the end. Nearly there."
    exercise = exercise_of(screen.routine, following)
    if exercise is None:
        return ""
    if following.kind is StepKind.GET_READY:
        return f"Next: {exercise.name}"
    side = f", {following.side.value} side" if following.side else ""
    phase = f" ({following.phase})" if exercise.phases else ""
    return f"Next: rep {following.rep}{phase}{side}"


def help_table() -> RenderableType:
    table = Table(title="Keys", show_header=False, box=None)
    for key, meaning in HELP:
        table.add_row(Text(key, style="bold"), meaning)
    return table
