"""The two ways a session is shown: a full-screen live view, and one plain line per event
(for screen readers, logs and pipes). The live view goes on in plain lines while the window is
smaller than MIN_COLUMNS × MIN_ROWS."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import IO, Any, Protocol

from backstretch.cli.terminal_view import HELP, LABELS, TYPED, Screen, fit
from backstretch.core.cues import exercise_of, line
from backstretch.core.engine import SessionEngine, Snapshot, State
from backstretch.core.events import Event, EventName
from backstretch.core.routine import Routine
from backstretch.core.timeline import StepKind

MIN_REDRAW_SECONDS = 0.05
MIN_COLUMNS, MIN_ROWS = 60, 24  # the full screen fits in this; smaller windows get plain lines
TOO_SMALL = (
    f"The window is smaller than {MIN_COLUMNS} × {MIN_ROWS}, so the coach goes on in plain "
    "lines; make the window larger for the full screen."
)
Size = Callable[[], tuple[int, int]]  # columns, rows
QUIT_QUESTION = "Stop the session now? Press y to stop, any other key to carry on."


class SessionView(Protocol):
    show_help: bool
    confirm_quit: bool
    notice: str  # a question or advice shown until replaced (the "this hurts" key)
    typed: str  # the digits of an answer typed so far

    def on_event(self, event: Event) -> None: ...
    def next_redraw(self) -> float | None: ...
    def redraw(self) -> None: ...
    def say(self, text: str) -> None: ...


class PlainView:
    """One sentence per event, flushed at once; quiet about countdowns when not on a terminal.

    A run of skipped holds (the rest of a stretch) is told in one sentence, and a session that
    carries on mid-stretch first names the stretch with its get-ready."""

    def __init__(self, stream: IO[str], routine: Routine, countdown: bool = True) -> None:
        self.stream = stream
        self.routine = routine
        self.countdown = countdown
        self.show_help = False
        self.confirm_quit = False
        self.notice = ""
        self.typed = ""
        self._opening = False
        self._partial = False  # the digits typed so far are on a line not yet ended
        self.reset()

    def reset(self) -> None:
        """Forget what was said about the question under way, so the next redraw says it all."""
        self._asked = False
        self._told = ""
        self._echoed = ""
        self._skipped: list[Event] = []  # a run of skipped holds, told in one sentence

    def on_event(self, event: Event) -> None:
        if event.event is EventName.SKIP and event.details.get("skipped") == "hold":
            self._skipped.append(event)
            return
        self._tell_skips()
        if event.event is EventName.COUNTDOWN and not self.countdown:
            return
        if event.event is EventName.SESSION_START:
            self._opening = True
        elif self._opening and event.step is not None and event.step.exercise_index is not None:
            self._opening = False
            if event.event is not EventName.EXERCISE_START:  # carried on mid-stretch
                self._say_line(replace(event, event=EventName.EXERCISE_START, details={}))
        self._say_line(event)

    def _say_line(self, event: Event) -> None:
        text = line(event, self.routine)
        if text:
            self.say(text)

    def _tell_skips(self) -> None:
        skipped, self._skipped = self._skipped, []
        if len(skipped) == 1:
            self._say_line(skipped[0])
        elif skipped:
            self.say(skips_line(skipped, self.routine))

    def say(self, text: str) -> None:
        self._tell_skips()
        self._end_line()
        self.stream.write(text + "\n")
        self.stream.flush()

    def _end_line(self) -> None:
        if self._partial:
            self.stream.write("\n")
            self._partial = False

    def next_redraw(self) -> float | None:
        return None

    def redraw(self) -> None:
        self._tell_skips()
        if self.notice and self.notice != self._told:
            self.say(self.notice)
        self._told = self.notice
        if self.confirm_quit and not self._asked:
            self.say(QUIT_QUESTION)
        self._asked = self.confirm_quit
        if self.show_help:
            for key, meaning in HELP:
                self.say(f"  {key}: {meaning}")
            self.show_help = False
        self._echo_typed()

    def _echo_typed(self) -> None:
        """The digits of an answer as they are typed, on one line (the terminal echoes none)."""
        if self.typed == self._echoed:
            return
        if not self.typed.startswith(self._echoed) or not self.typed:
            self._end_line()
            self._echoed = ""
        if self.typed:
            self.stream.write(
                self.typed[len(self._echoed) :] if self._echoed else TYPED.format(digits=self.typed)
            )
            self.stream.flush()
            self._partial = True
        self._echoed = self.typed


def skips_line(skipped: list[Event], routine: Routine) -> str:
    """One sentence for many holds skipped at once."""
    names = {exercise.name for e in skipped if (exercise := exercise_of(routine, e.step))}
    of = f" of {names.pop()}" if len(names) == 1 else ""
    return f"Skipped {len(skipped)} holds{of}."


class LiveView:
    """Redraws the full screen on every event and whenever the displayed second changes.

    The window's size is read at every event and redraw: below MIN_COLUMNS × MIN_ROWS the full
    screen would cut off its prompts, so the session goes on in plain lines until it is larger.
    """

    def __init__(self, console: Any, routine: Routine, engine: SessionEngine, size: Size) -> None:
        self.console = console
        self.routine = routine
        self.engine = engine
        self.size = size  # read afresh: the window can be resized mid-session
        self.show_help = False
        self.confirm_quit = False
        self.notice = ""
        self.typed = ""
        self.plain = PlainView(console.file, routine)
        self.cramped = False
        self.live: Any = None  # the full screen, while it is shown
        self._open = False

    def __enter__(self) -> LiveView:
        self._open = True
        self._fit()
        return self

    def __exit__(self, *exc: object) -> None:
        self._open = False
        self._hide_live()

    def _hide_live(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

    def _show_live(self) -> None:
        from rich.live import Live

        self.live = Live(
            console=self.console, screen=True, auto_refresh=False, redirect_stdout=False
        )
        self.live.start()

    def _fit(self) -> None:
        """Switch between the full screen and plain lines when the window crosses the minimum."""
        if not self._open:
            return
        cramped = not roomy(self.size())
        if cramped == self.cramped and (cramped or self.live is not None):
            return
        self.cramped = cramped
        self.plain.reset()
        if not cramped:
            self._show_live()
            return
        self._hide_live()
        self.plain.say(TOO_SMALL)
        now = now_line(self.engine.snapshot(), self.routine)
        if now:
            self.plain.say(now)

    def on_event(self, event: Event) -> None:
        self._fit()
        if self.cramped:
            self.plain.on_event(event)  # on the full screen the runner redraws after the batch

    def say(self, text: str) -> None:
        self._fit()
        if self.cramped:
            self.plain.say(text)  # on the full screen it is shown already

    def next_redraw(self) -> float | None:
        """Wall seconds until the countdown's whole second changes."""
        if self.engine.state in (State.PAUSED, State.FINISHED, State.NOT_STARTED):
            return None
        remaining = self.engine.snapshot().remaining
        fraction = remaining - math.floor(remaining)
        return max(MIN_REDRAW_SECONDS, (fraction or 1.0) / self.engine.speed)

    def redraw(self) -> None:
        self._fit()
        if self.cramped:
            plain = self.plain
            plain.notice, plain.typed = self.notice, self.typed
            plain.confirm_quit, plain.show_help = self.confirm_quit, self.show_help
            plain.redraw()
            self.show_help = plain.show_help
            return
        if self.live is None:
            return
        screen = Screen(
            self.engine.snapshot(),
            self.routine,
            self.show_help,
            self.confirm_quit,
            self.notice,
            self.typed,
        )
        columns, rows = self.size()
        self.live.update(fit(screen, columns, rows), refresh=True)


def roomy(size: tuple[int, int]) -> bool:
    columns, rows = size
    return columns >= MIN_COLUMNS and rows >= MIN_ROWS


def now_line(snapshot: Snapshot, routine: Routine) -> str:
    """Where the session is, in one sentence, for a person joining it in plain lines."""
    step = snapshot.step
    exercise = exercise_of(routine, step)
    if exercise is None or step.exercise_index is None:
        return ""
    parts = [f"stretch {step.exercise_index + 1} of {len(routine.exercises)}", exercise.name]
    if step.side:
        parts.append(f"{step.side.value} side")
    if step.kind is StepKind.HOLD and step.rep is not None:
        phase = f" ({step.phase})" if exercise.phases and step.phase else ""
        parts.append(f"rep {step.rep} of {exercise.reps}{phase}")
    label = LABELS.get(snapshot.state, ("", ""))[0].lower()
    seconds = math.ceil(snapshot.remaining - 1e-9)
    return f"Now: {', '.join(parts)}: {label}, {seconds} s left."
